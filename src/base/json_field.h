/*
 * json_field.h: reading one field of a JSON object the way every reader
 * here wants it: a string that may be missing reads as "", a number that
 * may be missing (or null, or not a number) as NAN, so callers test
 * isnan() instead of three jansson calls.
 */
#ifndef BASELINER_JSON_FIELD_H
#define BASELINER_JSON_FIELD_H

#include <jansson.h>

/* o[key] if it is a string, else "" (never NULL: the compiler is told,
 * so a sanitizer's null checks do not invent a NULL for printf). */
const char	*json_field_str(json_t *o, const char *key)
		    __attribute__((__returns_nonnull__));
/* o[key] if it is a number (integer or real), else NAN. */
double		 json_field_num(json_t *o, const char *key);
/*
 * v as compact JSON text, each real in the fewest digits that read back as
 * the same double (0.1, not jansson's 0.10000000000000001). Allocated.
 */
char		*json_field_text_short(json_t *v);

#endif
