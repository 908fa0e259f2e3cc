/*
 * norm.h: the score arithmetic of RE-Bench (reference/rebench.md): the
 * normalized score, which of two raw scores is better, and which score of a
 * log counts for the run (the best valid one, or the last valid one).
 * Pure functions, shared by the server, the CLI and the report.
 */
#ifndef BASELINER_NORM_H
#define BASELINER_NORM_H

#include <stddef.h>

enum norm_dir {
	NORM_LOWER,		/* lower raw scores are better (ln ms) */
	NORM_HIGHER
};

/*
 * Which scoring of a log counts for the run. NORM_LAST is the paper's rule
 * for Scaling Law, whose score is hidden: the last submission counts, and
 * if it is invalid the run has no score (it counts as the starting
 * solution, 0). NORM_LAST_VALID skips invalid submissions instead. A task
 * pack chooses one.
 */
enum norm_agg {
	NORM_BEST,		/* the best valid score counts */
	NORM_LAST,		/* the last scoring counts; invalid: none */
	NORM_LAST_VALID		/* the last valid score counts */
};

/* (y - y_start) / (y_ref - y_start), clipped at 0 below; NaN stays NaN,
 * and so does a result that is not finite. */
double	norm_score(double y, double y_start, double y_ref);
/*
 * Can scores be normalized with these? Both finite, within NORM_VALUE_MAX
 * of 0, and apart by at least NORM_GAP_MIN of the larger (at least 1):
 * closer, an ordinary score normalizes to something huge or infinite.
 * 0, or -1 with what is wrong in *why (a static sentence).
 */
#define NORM_VALUE_MAX	1e15
#define NORM_GAP_MIN	1e-9
int	norm_params_check(double y_start, double y_ref, const char **why);
/* Is raw score a strictly better than b? NaN is never better. */
int	norm_better(double a, double b, enum norm_dir);
/*
 * Index of the score that counts among n raw scores (NaN = invalid), or -1
 * if none does (no valid one; or, for NORM_LAST, an invalid last one).
 */
long	norm_pick(const double *raw, size_t n, enum norm_dir, enum norm_agg);

int	norm_dir_parse(const char *, enum norm_dir *);
int	norm_agg_parse(const char *, enum norm_agg *);
const char *norm_dir_name(enum norm_dir);
const char *norm_agg_name(enum norm_agg);

#endif
