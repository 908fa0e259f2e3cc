/*
 * json_field.c: one field of a JSON object, with the defaults of
 * json_field.h.
 */
#include "config.h"

#include <math.h>

#include "json_field.h"

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
