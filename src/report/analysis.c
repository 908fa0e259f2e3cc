/*
 * analysis.c: the paper's comparison, as arithmetic.
 *
 * A run is its score log: scorings at elapsed times with normalized scores
 * (NaN for invalid ones). Everything the report shows is built from three
 * views of it:
 *
 * - the step function S(t): the score that would count if the run ended at
 *   t, by the task's aggregation among the scorings at elapsed <= t: the
 *   best valid one; the last valid one (last_valid); or the last one, an
 *   invalid last counting as nothing (last, Scaling Law's rule). 0 before
 *   anything counts, because every run starts from the starting solution,
 *   which scores 0;
 * - the log-linear curve L(t), as the paper averaged agents' curves. Its
 *   knots are the scorings that can count (the valid ones; for "last"
 *   every one, since an invalid last submission changes S), each at S
 *   after it, and the starting solution's implicit knot (0 s, 0), which a
 *   scoring at 0 s replaces. Between two knots L is a straight line in
 *   u(t) = ln(max(t, ANALYSIS_LOG_T0)): time has a floor of one minute, so
 *   a segment whose ends both lie below it is a step at its second knot,
 *   and a segment from the start rises only from one minute on. Before
 *   the first knot L is 0; after the last it is held. L passes through S
 *   at every knot; invalid scorings are not knots, so they never flatten
 *   a rise between two valid ones;
 * - score@k, the expected best of k runs drawn with replacement (or, for
 *   tasks whose score is hidden, the expected score of one random run):
 *   exactly sum_i x_(i) ((i/n)^k - ((i-1)/n)^k) over the sorted scores
 *   x_(1..n), since (i/n)^k is the probability that all k draws are among
 *   the i lowest. That is the point estimate. Its confidence interval is a
 *   bootstrap over runs: each replicate resamples the n runs with
 *   replacement and computes the same exact expectation on the resample;
 *   the report averages replicates over tasks and takes percentiles. So
 *   the interval shrinks as runs are added, as an interval of a mean does.
 *
 * The random generator is xoshiro256** seeded with splitmix64, so a seed
 * gives the same replicates on every platform and compiler.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "util.h"

/*
 * The step function folded one scoring further: cur is S just before the
 * scoring, *have whether any scoring has counted yet. Normalized scores
 * are higher-is-better whatever the raw direction.
 */
static double
analysis_fold(double cur, int *have, double v, enum norm_agg agg)
{
	switch (agg) {
	case NORM_LAST:
		/* The last submission counts, an invalid one as nothing. */
		*have = 1;
		return (isnan(v) ? 0.0 : v);
	case NORM_LAST_VALID:
		if (isnan(v))
			return (cur);
		*have = 1;
		return (v);
	case NORM_BEST:
		if (isnan(v))
			return (cur);
		if (!*have || v > cur) {
			*have = 1;
			return (v);
		}
		return (cur);
	}
	return (cur);
}

double
analysis_step_at(const struct analysis_run *r, double t)
{
	double	cur = 0;
	size_t	i;
	int	have = 0;

	for (i = 0; i < r->n && r->t[i] <= t; i++)
		cur = analysis_fold(cur, &have, r->v[i], r->agg);
	return (have ? cur : 0.0);
}

double
analysis_final(const struct analysis_run *r)
{
	return (analysis_step_at(r, INFINITY));
}

static double
analysis_logt(double t)
{
	return (log(t < ANALYSIS_LOG_T0 ? ANALYSIS_LOG_T0 : t));
}

int
analysis_is_knot(const struct analysis_run *r, size_t i)
{
	return (r->agg == NORM_LAST || !isnan(r->v[i]));
}

double
analysis_loglinear_at(const struct analysis_run *r, double t)
{
	double	cur = 0, t0 = 0, v0 = 0, u0, u1;
	size_t	i;
	int	have = 0;

	/*
	 * One pass: (t0, v0) is the last knot at or before t, starting with
	 * the starting solution's implicit knot (0 s, 0); the first knot
	 * after t ends the segment. S at a knot is S after its scoring.
	 */
	for (i = 0; i < r->n; i++) {
		cur = analysis_fold(cur, &have, r->v[i], r->agg);
		if (!analysis_is_knot(r, i))
			continue;
		if (r->t[i] <= t) {
			t0 = r->t[i];
			v0 = have ? cur : 0.0;
			continue;
		}
		if (t < 0)
			return (v0);
		u0 = analysis_logt(t0);
		u1 = analysis_logt(r->t[i]);
		if (u1 <= u0)
			return (v0);
		return (v0 + ((have ? cur : 0.0) - v0) *
		    (analysis_logt(t) - u0) / (u1 - u0));
	}
	return (v0);
}

unsigned
analysis_k(double budget, double per_run)
{
	double	k;

	if (!(per_run > 0) || !(budget > 0))
		return (0);
	/* A little slack so that 2 h / 30 min is 4 despite rounding. */
	k = floor(budget / per_run + 1e-9);
	if (k < 1)
		return (0);
	return (k > 1e6 ? 1000000 : (unsigned)k);
}

static int
analysis_cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y ? 1 : 0);
}

double
analysis_expected_best_of_k(const double *x, size_t n, unsigned k)
{
	double	*s, e = 0, below = 0, upto;
	size_t	 i;

	if (n == 0 || k == 0)
		return (NAN);
	s = xreallocarray(NULL, n, sizeof *s);
	memcpy(s, x, n * sizeof *s);
	qsort(s, n, sizeof *s, analysis_cmp);
	for (i = 1; i <= n; i++) {
		/* P(max = x_(i)) = P(all k <= rank i) - P(all k <= rank i-1) */
		upto = pow((double)i / (double)n, (double)k);
		e += s[i - 1] * (upto - below);
		below = upto;
	}
	free(s);
	return (e);
}

double
analysis_mean(const double *x, size_t n)
{
	double	sum = 0;
	size_t	i;

	if (n == 0)
		return (NAN);
	for (i = 0; i < n; i++)
		sum += x[i];
	return (sum / (double)n);
}

double
analysis_percentile(const double *sorted, size_t n, double p)
{
	double	h;
	size_t	i;

	if (n == 0)
		return (NAN);
	if (p <= 0)
		return (sorted[0]);
	if (p >= 1)
		return (sorted[n - 1]);
	h = (double)(n - 1) * p;
	i = (size_t)floor(h);
	if (i + 1 >= n)
		return (sorted[n - 1]);
	return (sorted[i] + (h - (double)i) * (sorted[i + 1] - sorted[i]));
}

static uint64_t
analysis_splitmix(uint64_t *x)
{
	uint64_t	z;

	z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (z ^ (z >> 31));
}

void
analysis_rng_seed(struct analysis_rng *rng, uint64_t seed)
{
	int	i;

	for (i = 0; i < 4; i++)
		rng->s[i] = analysis_splitmix(&seed);
}

static uint64_t
analysis_rotl(uint64_t x, int k)
{
	return ((x << k) | (x >> (64 - k)));
}

uint64_t
analysis_rng_next(struct analysis_rng *rng)
{
	uint64_t	*s = rng->s, result, t;

	result = analysis_rotl(s[1] * 5, 7) * 9;
	t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = analysis_rotl(s[3], 45);
	return (result);
}

size_t
analysis_rng_below(struct analysis_rng *rng, size_t n)
{
	uint64_t	r, limit;

	/* Reject the top sliver that would make low values more likely. */
	limit = (uint64_t)(-(uint64_t)n) % (uint64_t)n;
	do
		r = analysis_rng_next(rng);
	while (r < limit);
	return ((size_t)(r % (uint64_t)n));
}

uint64_t
analysis_hash(uint64_t h, const char *s)
{
	if (h == 0)
		h = 0xcbf29ce484222325ULL;
	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	/* A separator, so that ("ab", "c") and ("a", "bc") differ. */
	h ^= 0xff;
	h *= 0x100000001b3ULL;
	return (h);
}

/*
 * One bootstrap replicate: resample the n sorted scores with replacement
 * and return the exact expected best of k of the resample (or its mean).
 * pw[c] = (c / n)^k; cnt is scratch of n counts. With C_i the number of
 * draws at ranks <= i, P(best of k from the resample <= x_(i)) = (C_i/n)^k.
 */
static double
analysis_replicate(const double *sorted, size_t n, const double *pw,
    size_t *cnt, int random, struct analysis_rng *rng)
{
	double	e = 0;
	size_t	i, c = 0, before;

	memset(cnt, 0, n * sizeof *cnt);
	for (i = 0; i < n; i++)
		cnt[analysis_rng_below(rng, n)]++;
	for (i = 0; i < n; i++) {
		if (cnt[i] == 0)
			continue;
		if (random)
			e += sorted[i] * (double)cnt[i] / (double)n;
		else {
			before = c;
			c += cnt[i];
			e += sorted[i] * (pw[c] - pw[before]);
		}
	}
	return (e);
}

void
analysis_score_at_k(const struct analysis_run *runs, size_t n, double per_run,
    double budget, int cut, int random, struct analysis_rng *rng,
    size_t nboot, double *scores, double *reps, struct analysis_atk *atk)
{
	double	*sorted, *pw;
	size_t	 i, b, *cnt;

	memset(atk, 0, sizeof *atk);
	atk->expected = NAN;
	for (b = 0; b < nboot; b++)
		reps[b] = NAN;
	if (n == 0)
		return;
	atk->k = analysis_k(budget, per_run);
	if (atk->k == 0) {
		/*
		 * Longer than the budget. Humans: one run, cut at the budget.
		 * Agents are compared at their own limits only.
		 */
		if (!cut)
			return;
		atk->k = 1;
		atk->at_budget = 1;
	}
	atk->usable = 1;
	for (i = 0; i < n; i++) {
		if (atk->at_budget)
			scores[i] = analysis_step_at(&runs[i], budget);
		else
			scores[i] = analysis_final(&runs[i]);
	}
	if (random)
		atk->expected = analysis_mean(scores, n);
	else
		atk->expected = analysis_expected_best_of_k(scores, n, atk->k);

	sorted = xreallocarray(NULL, n, sizeof *sorted);
	memcpy(sorted, scores, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, analysis_cmp);
	pw = xreallocarray(NULL, n + 1, sizeof *pw);
	for (i = 0; i <= n; i++)
		pw[i] = pow((double)i / (double)n, (double)atk->k);
	cnt = xreallocarray(NULL, n, sizeof *cnt);
	for (b = 0; b < nboot; b++)
		reps[b] = analysis_replicate(sorted, n, pw, cnt, random, rng);
	free(cnt);
	free(pw);
	free(sorted);
}

void
analysis_summarize(double *x, size_t n, struct analysis_summary *s)
{
	s->mean = analysis_mean(x, n);
	if (n == 0) {
		s->lo = s->hi = NAN;
		return;
	}
	qsort(x, n, sizeof *x, analysis_cmp);
	s->lo = analysis_percentile(x, n, 0.025);
	s->hi = analysis_percentile(x, n, 0.975);
}
