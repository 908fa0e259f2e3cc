/*
 * hjson.c: the harness's JSON writer (see hjson.h). It keeps, per nesting
 * level, whether a comma is due, and an explicit stack of '}' and ']' so
 * that hjson_end() closes what was opened.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "hjson.h"

void
hjson_init(struct hjson *j)
{
	memset(j, 0, sizeof *j);
	buf_init(&j->b);
}

void
hjson_done(struct hjson *j)
{
	buf_done(&j->b);
}

static void
hjson_quote(struct hjson *j, const char *s)
{
	const unsigned char	*p;

	buf_addstr(&j->b, "\"");
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			buf_addstr(&j->b, "\\\"");
			break;
		case '\\':
			buf_addstr(&j->b, "\\\\");
			break;
		case '\n':
			buf_addstr(&j->b, "\\n");
			break;
		case '\t':
			buf_addstr(&j->b, "\\t");
			break;
		case '\r':
			buf_addstr(&j->b, "\\r");
			break;
		default:
			/* Other controls escaped; bytes >= 0x80 pass (UTF-8). */
			if (*p < 0x20 || *p == 0x7f)
				buf_printf(&j->b, "\\u%04x", *p);
			else
				buf_add(&j->b, p, 1);
			break;
		}
	}
	buf_addstr(&j->b, "\"");
}

/* The comma and key before a value at the current level. */
static void
hjson_key(struct hjson *j, const char *key)
{
	if (j->count[j->depth]++ > 0)
		buf_addstr(&j->b, ",");
	if (key != NULL) {
		hjson_quote(j, key);
		buf_addstr(&j->b, ":");
	}
}

static void
hjson_open(struct hjson *j, const char *key, char open, char close)
{
	hjson_key(j, key);
	buf_add(&j->b, &open, 1);
	if (j->depth + 1 >= HJSON_DEPTH)
		fatalx("hjson: nested too deep");
	j->depth++;
	j->count[j->depth] = 0;
	j->closer[j->depth] = close;
}

void
hjson_object(struct hjson *j, const char *key)
{
	hjson_open(j, key, '{', '}');
}

void
hjson_array(struct hjson *j, const char *key)
{
	hjson_open(j, key, '[', ']');
}

void
hjson_end(struct hjson *j)
{
	if (j->depth == 0)
		fatalx("hjson: nothing to close");
	buf_add(&j->b, &j->closer[j->depth], 1);
	j->depth--;
}

void
hjson_str(struct hjson *j, const char *key, const char *s)
{
	hjson_key(j, key);
	if (s == NULL)
		buf_addstr(&j->b, "null");
	else
		hjson_quote(j, s);
}

void
hjson_num(struct hjson *j, const char *key, double v)
{
	hjson_key(j, key);
	if (isfinite(v))
		buf_printf(&j->b, "%.9g", v);
	else
		buf_addstr(&j->b, "null");
}

void
hjson_int(struct hjson *j, const char *key, long long v)
{
	hjson_key(j, key);
	buf_printf(&j->b, "%lld", v);
}

void
hjson_bool(struct hjson *j, const char *key, int v)
{
	hjson_key(j, key);
	buf_addstr(&j->b, v ? "true" : "false");
}

void
hjson_null(struct hjson *j, const char *key)
{
	hjson_key(j, key);
	buf_addstr(&j->b, "null");
}

const char *
hjson_text(struct hjson *j)
{
	return (buf_cstr(&j->b));
}
