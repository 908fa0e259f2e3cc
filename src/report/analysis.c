/*
 * analysis.c: the paper's comparison, as arithmetic.
 *
 * A run is its score log: scorings at elapsed times with normalized scores
 * (NaN for invalid ones). Everything the report shows is built from three
 * views of it:
 *
 * - the step function S(t): the score that would count if the run ended at
 *   t, chosen by norm_pick (best valid, or last valid for scaling_law-like
 *   tasks) among the scorings at elapsed <= t; 0 before any valid scoring,
 *   because every run starts from the starting solution, which scores 0;
 * - the log-linear curve L(t): S sampled at each scoring event (and at 0),
 *   joined by straight lines in u(t) = ln(max(t, ANALYSIS_LOG_T0)). It
 *   passes through every event; between two events it rises along log time
 *   towards the next value, which is how the paper averages agents' curves;
 *   after the last event it is held. Where both ends of a segment lie below
 *   ANALYSIS_LOG_T0 the segment is a step;
 * - score@k: draw k runs with replacement and keep the best score (or, for
 *   tasks whose score is hidden, one random run). The bootstrap repeats the
 *   draw nboot times; its mean converges to the analytic expectation
 *   sum_i x_(i) ((i/n)^k - ((i-1)/n)^k) over the sorted scores x_(1..n),
 *   since (i/n)^k is the probability that all k draws are among the i
 *   lowest.
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

/* Number of scorings at elapsed <= t (the log is sorted by time). */
static size_t
analysis_count_upto(const struct analysis_run *r, double t)
{
	size_t	lo = 0, hi = r->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r->t[mid] <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo);
}

double
analysis_step_at(const struct analysis_run *r, double t)
{
	long	pick;

	/* Normalized scores are higher-is-better whatever the raw direction. */
	pick = norm_pick(r->v, analysis_count_upto(r, t), NORM_HIGHER, r->agg);
	return (pick < 0 ? 0.0 : r->v[pick]);
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

double
analysis_loglinear_at(const struct analysis_run *r, double t)
{
	size_t	m;
	double	t0, t1, v0, v1, u0, u1;

	/*
	 * The segment around t runs from the last event at or before t (or
	 * from 0) to the first event after it; S is constant in between, so
	 * S(t) is the value at the segment's start.
	 */
	m = analysis_count_upto(r, t);
	v0 = analysis_step_at(r, t);
	if (m == r->n || t < 0)
		return (v0);
	t0 = m > 0 ? r->t[m - 1] : 0.0;
	t1 = r->t[m];
	v1 = analysis_step_at(r, t1);
	u0 = analysis_logt(t0);
	u1 = analysis_logt(t1);
	if (u1 <= u0)
		return (v0);
	return (v0 + (v1 - v0) * (analysis_logt(t) - u0) / (u1 - u0));
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

void
analysis_score_at_k(const struct analysis_run *runs, size_t n, double per_run,
    double budget, int random, struct analysis_rng *rng, size_t nboot,
    double *scores, double *reps, struct analysis_atk *atk)
{
	size_t		i, b;
	unsigned	j;
	double		best, x;

	memset(atk, 0, sizeof *atk);
	if (n == 0) {
		atk->expected = NAN;
		for (b = 0; b < nboot; b++)
			reps[b] = NAN;
		return;
	}
	atk->k = analysis_k(budget, per_run);
	if (atk->k == 0) {
		/* Longer than the budget: one run, cut at the budget. */
		atk->k = 1;
		atk->at_budget = 1;
	}
	for (i = 0; i < n; i++) {
		if (atk->at_budget)
			scores[i] = analysis_step_at(&runs[i], budget);
		else
			scores[i] = analysis_final(&runs[i]);
	}

	if (random) {
		atk->expected = analysis_mean(scores, n);
		for (b = 0; b < nboot; b++)
			reps[b] = scores[analysis_rng_below(rng, n)];
		return;
	}
	atk->expected = analysis_expected_best_of_k(scores, n, atk->k);
	for (b = 0; b < nboot; b++) {
		best = -INFINITY;
		for (j = 0; j < atk->k; j++) {
			x = scores[analysis_rng_below(rng, n)];
			if (x > best)
				best = x;
		}
		reps[b] = best;
	}
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
