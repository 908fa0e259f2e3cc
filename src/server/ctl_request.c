/*
 * ctl_request.c: reading a request line and writing a reply (see
 * ctl_request.h), and the helpers that read a request's arguments (ctl.h).
 *
 * jansson refuses strings that are not UTF-8, both when it reads a line
 * and when json_pack builds an object, so every way a reply used to vanish
 * went through a NULL: json_loads failing on a line that is not UTF-8 with
 * an error text that quotes the bad bytes, then json_pack failing on that
 * text, then json_dumps(NULL). Here each step has a fallback that is
 * plain ASCII, and the caller hears why.
 */
#include "config.h"

#include <string.h>

#include "ctl_request.h"
#include "utf8.h"
#include "util.h"

int
ctl_request_parse(const char *line, size_t len, struct ctl_request *r,
    char **cause)
{
	json_error_t	 jerr;
	json_t		*args;
	char		*text;

	memset(r, 0, sizeof r[0]);
	r->req = json_loadb(line, len, 0, &jerr);
	if (r->req == NULL || !json_is_object(r->req)) {
		if (r->req == NULL) {
			text = utf8_sanitize_str(jerr.text);
			set_cause(cause, "bad request: %s", text);
			free(text);
		} else
			set_cause(cause, "bad request: not an object");
		json_decref(r->req);
		r->req = NULL;
		return (-1);
	}
	r->id = json_object_get(r->req, "id");
	r->name = json_string_value(json_object_get(r->req, "cmd"));
	args = json_object_get(r->req, "args");
	r->args = args != NULL && json_is_object(args) ? args : NULL;
	if (r->name == NULL || (r->entry = ctl_lookup(r->name)) == NULL)
		return (set_cause(cause, "unknown command '%s'",
		    r->name != NULL ? r->name : ""));
	return (0);
}

void
ctl_request_done(struct ctl_request *r)
{
	json_decref(r->req);
	memset(r, 0, sizeof r[0]);
}

json_t *
ctl_reply_json(json_t *id, json_t *result, const char *error)
{
	json_t	*r;
	char	*text;

	if (id == NULL)
		id = json_null();
	if (error == NULL) {
		r = json_pack("{sOsbso}", "id", id, "ok", 1, "result",
		    result != NULL ? result : json_object());
		if (r != NULL)
			return (r);
		error = "the reply could not be encoded";
	} else
		json_decref(result);
	text = utf8_sanitize_str(error);
	r = json_pack("{sOsbss}", "id", id, "ok", 0, "error", text);
	free(text);
	if (r == NULL)	/* id itself is broken */
		r = json_pack("{snsbss}", "id", "ok", 0, "error",
		    "the reply could not be encoded");
	return (r);
}

char *
ctl_encode(json_t *obj, char **why)
{
	json_t	*fallback;
	char	*text;

	*why = NULL;
	if (obj != NULL && (text = json_dumps(obj, JSON_COMPACT)) != NULL)
		return (text);
	*why = xstrdup(obj == NULL ? "a reply or event could not be built "
	    "(a string that is not UTF-8, or a number that is not finite)" :
	    "a reply or event could not be encoded");
	if (obj == NULL || json_object_get(obj, "id") == NULL)
		return (NULL);
	fallback = ctl_reply_json(json_object_get(obj, "id"), NULL,
	    "the reply could not be encoded (text that is not UTF-8, or a "
	    "number that is not finite)");
	text = json_dumps(fallback, JSON_COMPACT);
	json_decref(fallback);
	return (text);
}

/* Arguments. */

int
ctl_arg_string(json_t *args, const char *key, const char **out, char **cause)
{
	json_t	*v = json_object_get(args, key);

	if (!json_is_string(v))
		return (set_cause(cause, "'%s' must be a string", key));
	*out = json_string_value(v);
	return (0);
}

int
ctl_arg_int(json_t *args, const char *key, long long *out, char **cause)
{
	json_t	*v = json_object_get(args, key);

	if (!json_is_integer(v))
		return (set_cause(cause, "'%s' must be a whole number", key));
	*out = json_integer_value(v);
	return (0);
}

int
ctl_arg_bool(json_t *args, const char *key, int *out)
{
	json_t	*v = json_object_get(args, key);

	if (v == NULL)
		return (-1);
	*out = json_is_true(v);
	return (0);
}
