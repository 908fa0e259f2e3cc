/*
 * study_value.c: a field of a score log as a value, whatever format it came
 * in (a CSV cell is text, a JSON member may be a number or null), so that
 * one set of checks reads them all. Empty, null, NaN, NA and None are all
 * "no number": an invalid scoring.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "study_int.h"

/* A number, all of the string; 0 on success. */
int
study_strtod(const char *s, double *out)
{
	char	*end;

	if (*s == '\0')
		return (-1);
	errno = 0;
	*out = strtod(s, &end);
	if (end == s || *end != '\0' || errno == ERANGE)
		return (-1);
	return (0);
}
static int
study_is_nan_text(const char *s)
{
	return (*s == '\0' || strcasecmp(s, "nan") == 0 ||
	    strcasecmp(s, "null") == 0 || strcasecmp(s, "na") == 0 ||
	    strcasecmp(s, "none") == 0);
}

/*
 * A number from a value: 0 with *out set (NaN for absent, null, empty or
 * "NaN"), -1 if the value is text that is not a number.
 */
int
study_value_number(const struct study_value *v, double *out)
{
	switch (v->type) {
	case SV_ABSENT:
	case SV_NULL:
		*out = NAN;
		return (0);
	case SV_NUMBER:
		*out = v->number;
		return (0);
	case SV_TEXT:
		if (study_is_nan_text(v->text)) {
			*out = NAN;
			return (0);
		}
		return (study_strtod(v->text, out));
	}
	return (-1);
}

/* Text from a value (numbers are written out); NULL if absent or empty. */
char *
study_value_text(const struct study_value *v)
{
	switch (v->type) {
	case SV_ABSENT:
	case SV_NULL:
		return (NULL);
	case SV_NUMBER:
		if (v->number == floor(v->number) && fabs(v->number) < 1e15)
			return (xasprintf("%.0f", v->number));
		return (xasprintf("%.17g", v->number));
	case SV_TEXT:
		if (*v->text == '\0')
			return (NULL);
		return (xstrdup(v->text));
	}
	return (NULL);
}


static const char *const study_statuses[] = {
	"valid", "invalid", "error", "timeout", "cancelled", NULL
};

int
study_status_ok(const char *s)
{
	int	i;

	for (i = 0; study_statuses[i] != NULL; i++) {
		if (strcmp(s, study_statuses[i]) == 0)
			return (1);
	}
	return (0);
}
