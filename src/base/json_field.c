/*
 * json_field.c: one field of a JSON object, with the defaults of
 * json_field.h.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_field.h"
#include "util.h"

const char *
json_field_str(json_t *o, const char *key)
{
	const char	*s = json_string_value(json_object_get(o, key));

	return (s != NULL ? s : "");
}

double
json_field_num(json_t *o, const char *key)
{
	json_t	*v = json_object_get(o, key);

	return (json_is_number(v) ? json_number_value(v) : NAN);
}

/* The fewest significant digits (up to 17) that read back as d. */
static void
json_real_short(struct buf *b, double d)
{
	char	tmp[40];
	int	p;

	if (!isfinite(d)) {
		buf_addstr(b, "null");
		return;
	}
	for (p = 1; p <= 17; p++) {
		snprintf(tmp, sizeof tmp, "%.*g", p, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	/* Still a real when read back: 1 is written 1.0, as jansson does. */
	buf_addstr(b, tmp);
	if (strpbrk(tmp, ".eEn") == NULL)
		buf_addstr(b, ".0");
}

static void
json_text_add(struct buf *b, json_t *v)
{
	const char	*key;
	json_t		*x, *k;
	size_t		 i;
	char		*s;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		buf_addstr(b, "{");
		i = 0;
		json_object_foreach(v, key, x) {
			if (i++ > 0)
				buf_addstr(b, ",");
			k = json_string(key);
			s = json_dumps(k, JSON_ENCODE_ANY);
			json_decref(k);
			buf_addstr(b, s != NULL ? s : "\"\"");
			free(s);
			buf_addstr(b, ":");
			json_text_add(b, x);
		}
		buf_addstr(b, "}");
		break;
	case JSON_ARRAY:
		buf_addstr(b, "[");
		json_array_foreach(v, i, x) {
			if (i > 0)
				buf_addstr(b, ",");
			json_text_add(b, x);
		}
		buf_addstr(b, "]");
		break;
	case JSON_REAL:
		json_real_short(b, json_real_value(v));
		break;
	default:
		s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		buf_addstr(b, s != NULL ? s : "null");
		free(s);
		break;
	}
}

char *
json_field_text_short(json_t *v)
{
	struct buf	 b;
	char		*out;

	buf_init(&b);
	if (v != NULL)
		json_text_add(&b, v);
	else
		buf_addstr(&b, "null");
	out = xstrdup(buf_cstr(&b));
	buf_done(&b);
	return (out);
}
