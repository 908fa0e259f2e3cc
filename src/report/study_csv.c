/*
 * study_csv.c: CSV as RFC 4180 writes it: fields separated by commas,
 * quoted with double quotes when they hold commas, quotes (doubled) or
 * newlines; CRLF or LF line ends; a UTF-8 byte order mark, which
 * spreadsheets like to write, is skipped. One record at a time, with the
 * line it starts on for messages. Knows nothing of what the fields mean.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "study_int.h"

void
study_csv_init(struct study_csv *c, const char *name, const char *text,
    size_t len)
{
	memset(c, 0, sizeof *c);
	c->name = name;
	c->p = text;
	c->end = text + len;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		c->p += 3;
	buf_init(&c->fields);
	c->nextline = 1;
}

void
study_csv_done(struct study_csv *c)
{
	free(c->offs);
	buf_done(&c->fields);
	memset(c, 0, sizeof *c);
}

int
study_csv_next(struct study_csv *c, char **cause)
{
	const char	*p = c->p, *end = c->end;
	int		 quoted;

	c->fields.len = 0;
	c->noffs = 0;
	c->line = c->nextline;
	if (p >= end)
		return (0);
	for (;;) {
		c->offs = xreallocarray(c->offs, c->noffs + 1,
		    sizeof *c->offs);
		c->offs[c->noffs++] = c->fields.len;
		quoted = 0;
		if (p < end && *p == '"') {
			quoted = 1;
			p++;
			for (;;) {
				if (p >= end) {
					c->p = p;
					return (set_cause(cause, "%s:%d: "
					    "unterminated quote", c->name,
					    c->line));
				}
				if (*p == '"' && p + 1 < end && p[1] == '"') {
					buf_add(&c->fields, "\"", 1);
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					if (*p == '\n')
						c->nextline++;
					buf_add(&c->fields, p, 1);
					p++;
				}
			}
		}
		while (p < end && *p != ',' && *p != '\n' && *p != '\r') {
			if (quoted) {
				c->p = p;
				return (set_cause(cause, "%s:%d: text after "
				    "a closing quote", c->name, c->line));
			}
			buf_add(&c->fields, p, 1);
			p++;
		}
		buf_add(&c->fields, "", 1);
		if (p < end && *p == ',') {
			p++;
			continue;
		}
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p == '\n')
			p++;
		c->nextline++;
		break;
	}
	c->p = p;
	return ((int)c->noffs);
}

char *
study_csv_field(struct study_csv *c, size_t i)
{
	char	*s, *e;

	if (i >= c->noffs)
		return (NULL);
	s = c->fields.data + c->offs[i];
	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return (s);
}
