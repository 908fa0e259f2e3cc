/*
 * norm.c: normalization and aggregation as the RE-Bench paper defines them.
 * The normalized score puts the starting solution at 0 and the reference at
 * 1; it is clipped at 0 below and left open above. Because both differences
 * change sign for lower-is-better tasks, one formula serves both directions.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "norm.h"

double
norm_score(double y, double y_start, double y_ref)
{
	double	n;

	if (isnan(y) || y_ref == y_start)
		return (NAN);
	n = (y - y_start) / (y_ref - y_start);
	if (!isfinite(n))
		return (NAN);
	return (n < 0 ? 0.0 : n);
}

int
norm_params_check(double y_start, double y_ref, const char **why)
{
	double	scale;

	if (!isfinite(y_start) || !isfinite(y_ref)) {
		*why = "y_start and y_ref must be finite numbers";
		return (-1);
	}
	if (fabs(y_start) > NORM_VALUE_MAX || fabs(y_ref) > NORM_VALUE_MAX) {
		*why = "y_start and y_ref must be within 1e15 of 0";
		return (-1);
	}
	scale = fmax(1.0, fmax(fabs(y_start), fabs(y_ref)));
	if (y_ref == y_start) {
		*why = "must differ from y_start";
		return (-1);
	}
	if (fabs(y_ref - y_start) < NORM_GAP_MIN * scale) {
		*why = "too close to y_start: normalized scores would not be "
		    "finite";
		return (-1);
	}
	return (0);
}

int
norm_better(double a, double b, enum norm_dir dir)
{
	if (isnan(a))
		return (0);
	if (isnan(b))
		return (1);
	return (dir == NORM_LOWER ? a < b : a > b);
}

long
norm_pick(const double *raw, size_t n, enum norm_dir dir, enum norm_agg agg)
{
	long	pick = -1;
	size_t	i;

	if (agg == NORM_LAST)
		return (n > 0 && !isnan(raw[n - 1]) ? (long)n - 1 : -1);
	for (i = 0; i < n; i++) {
		if (isnan(raw[i]))
			continue;
		if (agg == NORM_LAST_VALID || pick == -1 ||
		    norm_better(raw[i], raw[pick], dir))
			pick = (long)i;
	}
	return (pick);
}

int
norm_dir_parse(const char *s, enum norm_dir *dir)
{
	if (strcmp(s, "lower") == 0)
		*dir = NORM_LOWER;
	else if (strcmp(s, "higher") == 0)
		*dir = NORM_HIGHER;
	else
		return (-1);
	return (0);
}

int
norm_agg_parse(const char *s, enum norm_agg *agg)
{
	if (strcmp(s, "best") == 0)
		*agg = NORM_BEST;
	else if (strcmp(s, "last") == 0)
		*agg = NORM_LAST;
	else if (strcmp(s, "last_valid") == 0)
		*agg = NORM_LAST_VALID;
	else
		return (-1);
	return (0);
}

const char *
norm_dir_name(enum norm_dir dir)
{
	return (dir == NORM_LOWER ? "lower" : "higher");
}

const char *
norm_agg_name(enum norm_agg agg)
{
	switch (agg) {
	case NORM_BEST:
		return ("best");
	case NORM_LAST:
		return ("last");
	case NORM_LAST_VALID:
		return ("last_valid");
	}
	return ("best");
}
