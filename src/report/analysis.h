/*
 * analysis.h: the arithmetic of the RE-Bench comparison (reference/rebench.md,
 * "How the paper analyses runs"), as pure functions over arrays: a run's
 * score at elapsed time t (step and log-linear), its final score, score@k by
 * best-of-k with replacement (bootstrapped and analytic), percentile
 * intervals and a seeded random generator that gives the same numbers on
 * every machine. Nothing here reads files or allocates beyond scratch space.
 *
 * Scores here are normalized (0 = starting solution, 1 = reference), so
 * higher is always better; NaN marks an invalid scoring.
 */
#ifndef BASELINER_ANALYSIS_H
#define BASELINER_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>

#include "norm.h"

/*
 * Below this elapsed time the log-linear interpolation treats time as this
 * value (ln 0 is -inf): one minute, where the plots' log axes begin.
 */
#define ANALYSIS_LOG_T0 60.0

/* One run's score log: n scorings sorted by elapsed time. */
struct analysis_run {
	const double	*t;		/* elapsed seconds, ascending */
	const double	*v;		/* normalized, NaN = invalid */
	size_t		 n;
	double		 limit;		/* time per run, seconds */
	enum norm_agg	 agg;		/* best, or last */
};

/*
 * The run's score counting only scorings at elapsed <= t: the best valid
 * normalized score, the last valid one (NORM_LAST_VALID) or the last one
 * (NORM_LAST, where an invalid last scores 0), and 0, the score of the
 * starting solution, when none counts yet. A step function.
 */
double	analysis_step_at(const struct analysis_run *, double t);
/* The run's score with every scoring counted: analysis_step_at(+inf). */
double	analysis_final(const struct analysis_run *);
/*
 * The step function's values at its knots (scoring i is one if
 * analysis_is_knot: valid, or any scoring for NORM_LAST; plus the start,
 * (0 s, 0)), joined by straight lines in ln(max(t, ANALYSIS_LOG_T0)); held
 * after the last knot.
 */
double	analysis_loglinear_at(const struct analysis_run *, double t);
int	analysis_is_knot(const struct analysis_run *, size_t);

/* How many runs of per_run seconds fit in budget seconds (0 if none). */
unsigned analysis_k(double budget, double per_run);

/* E[max of k draws with replacement] from n scores (need not be sorted). */
double	analysis_expected_best_of_k(const double *, size_t, unsigned);
double	analysis_mean(const double *, size_t);
/* Percentile p in [0, 1] of n sorted values, linear between ranks. */
double	analysis_percentile(const double *, size_t, double);

/* xoshiro256** seeded through splitmix64: portable and reproducible. */
struct analysis_rng {
	uint64_t	s[4];
};
void	 analysis_rng_seed(struct analysis_rng *, uint64_t);
uint64_t analysis_rng_next(struct analysis_rng *);
/* Uniform in [0, n), without modulo bias; n > 0. */
size_t	 analysis_rng_below(struct analysis_rng *, size_t);
/* FNV-1a of a string, continuing from h: to derive a seed per cell. */
uint64_t analysis_hash(uint64_t, const char *);

/*
 * score@k of the runs of one task by one series at one total budget:
 * - runs that fit (per_run <= budget) count their final score, and the
 *   best of k = analysis_k(budget, per_run) of them is taken;
 * - runs longer than the budget: with cut (humans, whose 8-hour attempts
 *   are read at 30 min or 2 h) each counts its score at elapsed = budget
 *   and k = 1; without (agents, compared at their own limits only) the
 *   series has no score at this budget: usable is 0, everything NaN;
 * - for hidden-score tasks (random != 0) one run is drawn at random
 *   instead of the best of k.
 * Fills scores[n] with the per-run scores, expected with the exact
 * expectation (the point estimate), and reps[nboot] with bootstrap
 * replicates over runs: the same expectation on n runs resampled with
 * replacement.
 */
struct analysis_atk {
	unsigned	k;
	int		at_budget;	/* runs cut at the budget */
	int		usable;
	double		expected;
};
void	analysis_score_at_k(const struct analysis_run *, size_t,
	    double per_run, double budget, int cut, int random,
	    struct analysis_rng *, size_t nboot, double *scores, double *reps,
	    struct analysis_atk *);

/* Mean and 95% percentile interval of n values (sorts them in place). */
struct analysis_summary {
	double	mean;
	double	lo;
	double	hi;
};
void	analysis_summarize(double *, size_t, struct analysis_summary *);

#endif
