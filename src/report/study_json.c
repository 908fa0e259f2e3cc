/*
 * study_json.c: JSON lines, one object a line, as score logs and exported
 * sessions write them. jansson rejects NaN, which logs written by Python's
 * json module contain: a line that fails is read again with bare NaN
 * tokens (outside strings) as null, and bare Infinity as the string
 * "Infinity", which the field's own check then refuses by name.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "study_int.h"

/* A JSON value as a study value; -1 for objects and arrays. */
int
study_json_value(json_t *j, struct study_value *v)
{
	if (j == NULL)
		v->type = SV_ABSENT;
	else if (json_is_null(j))
		v->type = SV_NULL;
	else if (json_is_number(j)) {
		v->type = SV_NUMBER;
		v->number = json_number_value(j);
	} else if (json_is_string(j)) {
		v->type = SV_TEXT;
		v->text = json_string_value(j);
	} else if (json_is_boolean(j)) {
		v->type = SV_TEXT;
		v->text = json_is_true(j) ? "true" : "false";
	} else
		return (-1);
	return (0);
}

/*
 * jansson rejects NaN, which score logs written by Python's json module
 * contain: retry a line that failed with bare NaN tokens read as null.
 */
static json_t *
study_json_nan(const char *p, size_t n)
{
	struct buf	 b;
	const char	*q;
	json_t		*obj;
	int		 instr = 0;

	buf_init(&b);
	for (q = p; q < p + n; q++) {
		if (instr && *q == '\\' && q + 1 < p + n) {
			buf_add(&b, q, 2);
			q++;
			continue;
		}
		if (*q == '"')
			instr = !instr;
		if (!instr && (size_t)(p + n - q) >= 3 &&
		    strncmp(q, "NaN", 3) == 0) {
			buf_addstr(&b, "null");
			q += 2;
		} else if (!instr && (size_t)(p + n - q) >= 9 &&
		    strncmp(q, "-Infinity", 9) == 0) {
			/* As text, so that the field's check names it. */
			buf_addstr(&b, "\"-Infinity\"");
			q += 8;
		} else if (!instr && (size_t)(p + n - q) >= 8 &&
		    strncmp(q, "Infinity", 8) == 0) {
			buf_addstr(&b, "\"Infinity\"");
			q += 7;
		} else
			buf_add(&b, q, 1);
	}
	obj = json_loadb(b.data, b.len, 0, NULL);
	buf_done(&b);
	return (obj);
}

/* Calls fn for each line of a JSONL text with its object. */
int
study_jsonl_each(const char *path, const char *text, size_t len,
    int (*fn)(void *, int, json_t *, char **), void *arg, char **cause)
{
	const char	*p = text, *end = text + len, *nl;
	json_t		*obj;
	json_error_t	 err;
	int		 line = 0, rc;
	size_t		 n;

	while (p < end) {
		line++;
		if ((nl = memchr(p, '\n', end - p)) == NULL)
			nl = end;
		n = nl - p;
		while (n > 0 && isspace((unsigned char)p[n - 1]))
			n--;
		if (n == 0 || strspn(p, " \t") >= n) {
			p = nl + 1;
			continue;
		}
		obj = json_loadb(p, n, 0, &err);
		if (obj == NULL)
			obj = study_json_nan(p, n);
		if (obj == NULL)
			return (set_cause(cause, "%s:%d: %s", path, line,
			    err.text));
		if (!json_is_object(obj)) {
			json_decref(obj);
			return (set_cause(cause, "%s:%d: expected an object "
			    "per line", path, line));
		}
		rc = fn(arg, line, obj, cause);
		json_decref(obj);
		if (rc != 0)
			return (-1);
		p = nl + 1;
	}
	return (0);
}

/* A string member of a JSON object, or an error naming it. */
int
study_json_string(const char *path, json_t *obj, const char *key,
    const char *field, const char **out, char **cause)
{
	json_t	*j;

	j = json_object_get(obj, key);
	if (!json_is_string(j) || *json_string_value(j) == '\0')
		return (set_cause(cause, "%s: %s: expected a string", path,
		    field));
	*out = json_string_value(j);
	return (0);
}

int
study_json_rows(const char *path, const char *text, size_t len,
    int (*fn)(void *, int, json_t *, char **), void *arg, char **cause)
{
	const char	*p = text, *end = text + len;
	json_t		*all, *obj;
	size_t		 i;
	int		 rc = 0;

	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' ||
	    *p == '\n'))
		p++;
	if (p == end || *p != '[')
		return (study_jsonl_each(path, text, len, fn, arg, cause));
	/* One JSON array of objects, as "viv query" can print. */
	if ((all = json_loadb(text, len, 0, NULL)) == NULL &&
	    (all = study_json_nan(text, len)) == NULL)
		return (set_cause(cause, "%s: not a JSON array", path));
	json_array_foreach(all, i, obj) {
		if (!json_is_object(obj)) {
			rc = set_cause(cause, "%s: element %zu: expected an "
			    "object", path, i + 1);
			break;
		}
		if ((rc = fn(arg, (int)i + 1, obj, cause)) != 0)
			break;
	}
	json_decref(all);
	return (rc);
}
