/*
 * test_analysis.c: the report's arithmetic against values worked out by
 * hand (reference/rebench.md, "How the paper analyses runs"): score at time
 * t (step and log-linear, with its knots, start and time floor), the three
 * aggregations, k per budget, the analytic best-of-k, agents compared at
 * their own limits, the bootstrap over runs (its replicates, and an
 * interval that shrinks with more runs), percentiles and the generator.
 */
#include "config.h"

#include <math.h>

#include "analysis.h"
#include "util.h"
#include "unit.h"

/*
 * Run A, 8 hours, best-counts: scorings at 0 s (start, 0.0), 10 min (0.4),
 * 20 min (invalid), 1 h (0.3, worse), 2 h (0.9).
 */
static const double a_t[] = { 0, 600, 1200, 3600, 7200 };
static const double a_v[] = { 0.0, 0.4, NAN, 0.3, 0.9 };

static struct analysis_run
run_a(enum norm_agg agg)
{
	struct analysis_run	r = { a_t, a_v, 5, 28800, agg };

	return (r);
}

static void
test_step(void)
{
	struct analysis_run	r = run_a(NORM_BEST);
	double			lt[] = { 300 }, lv[] = { 0.7 };
	struct analysis_run	late = { lt, lv, 1, 1800, NORM_BEST };

	CHECK_NEAR(analysis_step_at(&r, 0), 0.0, 0);
	CHECK_NEAR(analysis_step_at(&r, 599), 0.0, 0);
	CHECK_NEAR(analysis_step_at(&r, 600), 0.4, 0);	/* at the event */
	CHECK_NEAR(analysis_step_at(&r, 1500), 0.4, 0);	/* NaN never best */
	CHECK_NEAR(analysis_step_at(&r, 3600), 0.4, 0);	/* 0.3 < 0.4 */
	CHECK_NEAR(analysis_step_at(&r, 7199), 0.4, 0);
	CHECK_NEAR(analysis_step_at(&r, 7200), 0.9, 0);
	CHECK_NEAR(analysis_final(&r), 0.9, 0);
	/* Before any valid scoring a run has the starting score, 0. */
	CHECK_NEAR(analysis_step_at(&late, 299), 0.0, 0);
	CHECK_NEAR(analysis_step_at(&late, 300), 0.7, 0);

	/* last_valid: the last valid one, even if worse. */
	r = run_a(NORM_LAST_VALID);
	CHECK_NEAR(analysis_step_at(&r, 1500), 0.4, 0);	/* NaN skipped */
	CHECK_NEAR(analysis_step_at(&r, 3600), 0.3, 0);
	CHECK_NEAR(analysis_final(&r), 0.9, 0);

	/*
	 * last (Scaling Law): the last submission, whatever it is; the
	 * invalid one at 20 min leaves the run with no score, 0, until 1 h.
	 */
	r = run_a(NORM_LAST);
	CHECK_NEAR(analysis_step_at(&r, 1199), 0.4, 0);
	CHECK_NEAR(analysis_step_at(&r, 1500), 0.0, 0);
	CHECK_NEAR(analysis_step_at(&r, 3600), 0.3, 0);
	CHECK_NEAR(analysis_final(&r), 0.9, 0);
	{
		/* A run that ends on an invalid submission. */
		double	et[] = { 0, 600, 1200 }, ev[] = { 0, 0.7, NAN };
		struct analysis_run e = { et, ev, 3, 1800, NORM_LAST };

		CHECK_NEAR(analysis_final(&e), 0.0, 0);
		e.agg = NORM_LAST_VALID;
		CHECK_NEAR(analysis_final(&e), 0.7, 0);
		e.agg = NORM_BEST;
		CHECK_NEAR(analysis_final(&e), 0.7, 0);
	}
}

static void
test_loglinear(void)
{
	struct analysis_run	r = run_a(NORM_BEST);
	double			bt[] = { 0, 30, 600 }, bv[] = { 0, 0.5, 1.0 };
	struct analysis_run	early = { bt, bv, 3, 3600, NORM_BEST };

	/*
	 * Segment [0, 600 s] from 0 to 0.4, in u = ln(max(t, 60)):
	 * u(0) = u(60) = ln 60, u(600) = ln 600. At t = sqrt(60 * 600) =
	 * 189.737 s, u is halfway, so L = 0.2. At 60 s and below, L = 0.
	 */
	CHECK_NEAR(analysis_loglinear_at(&r, 30), 0.0, 1e-12);
	CHECK_NEAR(analysis_loglinear_at(&r, 60), 0.0, 1e-12);
	CHECK_NEAR(analysis_loglinear_at(&r, sqrt(60.0 * 600)), 0.2, 1e-12);
	/* A quarter of the way: t = 60 * 10^0.25 = 106.70 s, L = 0.1. */
	CHECK_NEAR(analysis_loglinear_at(&r, 60 * pow(10, 0.25)), 0.1, 1e-12);
	CHECK_NEAR(analysis_loglinear_at(&r, 600), 0.4, 1e-12);
	/* 600 -> 1200 (invalid) -> 3600 (worse): S stays 0.4. */
	CHECK_NEAR(analysis_loglinear_at(&r, 900), 0.4, 1e-12);
	CHECK_NEAR(analysis_loglinear_at(&r, 3000), 0.4, 1e-12);
	/* 1 h -> 2 h from 0.4 to 0.9: at sqrt(3600 * 7200) = 5091 s, 0.65. */
	CHECK_NEAR(analysis_loglinear_at(&r, sqrt(3600.0 * 7200)), 0.65,
	    1e-12);
	/* Held after the last scoring. */
	CHECK_NEAR(analysis_loglinear_at(&r, 20000), 0.9, 1e-12);
	/* The log-linear curve passes through the step at every event. */
	CHECK_NEAR(analysis_loglinear_at(&r, 7200), 0.9, 1e-12);

	/* last_valid: 1 h (0.3) -> 2 h (0.9), halfway in log time: 0.6. */
	r = run_a(NORM_LAST_VALID);
	CHECK_NEAR(analysis_loglinear_at(&r, sqrt(3600.0 * 7200)), 0.6,
	    1e-12);
	/* Its knots skip the invalid 20 min: 10 min 0.4 -> 1 h 0.3. */
	CHECK_NEAR(analysis_loglinear_at(&r, sqrt(600.0 * 3600)), 0.35,
	    1e-12);
	/*
	 * last: an invalid submission is a knot (it sets S to 0): 10 min
	 * 0.4 -> 20 min 0, so at sqrt(600 * 1200) = 848.5 s, 0.2.
	 */
	r = run_a(NORM_LAST);
	CHECK_NEAR(analysis_loglinear_at(&r, sqrt(600.0 * 1200)), 0.2,
	    1e-12);
	CHECK_NEAR(analysis_loglinear_at(&r, sqrt(3600.0 * 7200)), 0.6,
	    1e-12);

	/*
	 * Knots are valid scorings only: 10 min 0.4, 20 min invalid, 80 min
	 * 0.8. The curve rises from 10 to 80 min in one segment; at
	 * sqrt(600 * 4800) = 1697.06 s, halfway in log time, 0.6. (With the
	 * invalid scoring as a knot it would stay flat to 20 min and read
	 * 0.4 + 0.4 * ln(1697.06 / 1200) / ln 4 = 0.5 there.)
	 */
	{
		double	kt[] = { 0, 600, 1200, 4800 };
		double	kv[] = { 0, 0.4, NAN, 0.8 };
		struct analysis_run k = { kt, kv, 4, 7200, NORM_BEST };

		CHECK(!analysis_is_knot(&k, 2) && analysis_is_knot(&k, 1));
		CHECK_NEAR(analysis_loglinear_at(&k, sqrt(600.0 * 4800)), 0.6,
		    1e-12);
		CHECK_NEAR(analysis_loglinear_at(&k, 1200), 0.4 + 0.4 *
		    log(2.0) / log(8.0), 1e-12);
	}
	/*
	 * Before the first scoring: a log without its starting score starts
	 * from the implicit knot (0 s, 0). First scoring 0.7 at 300 s: 0
	 * up to the one-minute floor, then at sqrt(60 * 300) = 134.16 s,
	 * halfway, 0.35.
	 */
	{
		double	ft[] = { 300 }, fv[] = { 0.7 };
		struct analysis_run f = { ft, fv, 1, 1800, NORM_BEST };

		CHECK_NEAR(analysis_loglinear_at(&f, 0), 0.0, 1e-12);
		CHECK_NEAR(analysis_loglinear_at(&f, 59), 0.0, 1e-12);
		CHECK_NEAR(analysis_loglinear_at(&f, sqrt(60.0 * 300)), 0.35,
		    1e-12);
		CHECK_NEAR(analysis_loglinear_at(&f, 300), 0.7, 1e-12);
		CHECK_NEAR(analysis_loglinear_at(&f, 1800), 0.7, 1e-12);
	}

	/*
	 * Below one minute both ends clamp to ln 60: segment [0, 30 s] is a
	 * step (0 until 30 s), and [30 s, 600 s] starts at ln 60, so at 45 s
	 * it is still 0.5 and at sqrt(60 * 600) s it is 0.75.
	 */
	CHECK_NEAR(analysis_loglinear_at(&early, 20), 0.0, 1e-12);
	CHECK_NEAR(analysis_loglinear_at(&early, 30), 0.5, 1e-12);
	CHECK_NEAR(analysis_loglinear_at(&early, 45), 0.5, 1e-12);
	CHECK_NEAR(analysis_loglinear_at(&early, sqrt(60.0 * 600)), 0.75,
	    1e-12);
}

static void
test_k(void)
{
	/* Budgets of the paper against runs of 30 min, 2 h and 8 h. */
	CHECK(analysis_k(1800, 1800) == 1);
	CHECK(analysis_k(7200, 1800) == 4);
	CHECK(analysis_k(28800, 1800) == 16);
	CHECK(analysis_k(28800, 7200) == 4);
	CHECK(analysis_k(28800, 28800) == 1);
	CHECK(analysis_k(57600, 28800) == 2);
	CHECK(analysis_k(115200, 28800) == 4);	/* humans at 32 h: best of 4 */
	CHECK(analysis_k(1800, 28800) == 0);	/* longer than the budget */
	CHECK(analysis_k(10000, 3600) == 2);	/* whole runs only */
	CHECK(analysis_k(0.1 + 0.2, 0.3) == 1);	/* rounding is not a run short */
	CHECK(analysis_k(3600, 0) == 0);
}

static void
test_expected(void)
{
	double	two[] = { 1.0, 0.0 };
	double	three[] = { 0.8, 0.2, 0.5 };
	double	ties[] = { 1.0, 0.0, 1.0 };

	/* {0, 1}: P(max = 0) = (1/2)^k. */
	CHECK_NEAR(analysis_expected_best_of_k(two, 2, 1), 0.5, 1e-12);
	CHECK_NEAR(analysis_expected_best_of_k(two, 2, 2), 0.75, 1e-12);
	CHECK_NEAR(analysis_expected_best_of_k(two, 2, 4), 0.9375, 1e-12);
	/*
	 * {0.2, 0.5, 0.8}, k = 2: P(max = 0.2) = 1/9, P(max = 0.5) = 4/9 -
	 * 1/9 = 3/9, P(max = 0.8) = 1 - 4/9 = 5/9; E = (0.2 + 1.5 + 4) / 9.
	 */
	CHECK_NEAR(analysis_expected_best_of_k(three, 3, 2), 5.7 / 9, 1e-12);
	CHECK_NEAR(analysis_expected_best_of_k(three, 3, 1), 0.5, 1e-12);
	/* Ties: {0, 1, 1}, k = 2: only (0, 0) misses 1: E = 8/9. */
	CHECK_NEAR(analysis_expected_best_of_k(ties, 3, 2), 8.0 / 9, 1e-12);
	CHECK(isnan(analysis_expected_best_of_k(two, 0, 2)));
	CHECK(isnan(analysis_expected_best_of_k(two, 2, 0)));
	/* The input is not reordered. */
	CHECK_NEAR(three[0], 0.8, 0);
}

static void
test_percentile(void)
{
	double			 v[] = { 1, 2, 3, 4, 5 };
	double			 w[] = { 5, 1, 4, 2, 3 };
	struct analysis_summary	 s;

	/* Rank h = (n - 1) p, linear between neighbours. */
	CHECK_NEAR(analysis_percentile(v, 5, 0.5), 3.0, 1e-12);
	CHECK_NEAR(analysis_percentile(v, 5, 0.025), 1.1, 1e-12);
	CHECK_NEAR(analysis_percentile(v, 5, 0.975), 4.9, 1e-12);
	CHECK_NEAR(analysis_percentile(v, 5, 0), 1.0, 0);
	CHECK_NEAR(analysis_percentile(v, 5, 1), 5.0, 0);
	CHECK_NEAR(analysis_percentile(v, 1, 0.3), 1.0, 0);
	analysis_summarize(w, 5, &s);
	CHECK_NEAR(s.mean, 3.0, 1e-12);
	CHECK_NEAR(s.lo, 1.1, 1e-12);
	CHECK_NEAR(s.hi, 4.9, 1e-12);
}

static void
test_rng(void)
{
	struct analysis_rng	a, b;
	size_t			counts[3] = { 0, 0, 0 }, i, x;
	int			same = 1;

	/* splitmix64 from 0 starts with 0xe220a8397b1dcdaf (Vigna). */
	analysis_rng_seed(&a, 0);
	CHECK(a.s[0] == 0xe220a8397b1dcdafULL);

	analysis_rng_seed(&a, 42);
	analysis_rng_seed(&b, 42);
	for (i = 0; i < 1000; i++)
		same &= analysis_rng_next(&a) == analysis_rng_next(&b);
	CHECK(same);
	analysis_rng_seed(&b, 43);
	CHECK(analysis_rng_next(&a) != analysis_rng_next(&b));

	/* 30000 draws in [0, 3): each count within 6 sigma (~490) of 10000. */
	for (i = 0; i < 30000; i++) {
		x = analysis_rng_below(&a, 3);
		CHECK(x < 3);
		if (x < 3)
			counts[x]++;
	}
	for (i = 0; i < 3; i++)
		CHECK(counts[i] > 9500 && counts[i] < 10500);

	CHECK(analysis_hash(analysis_hash(0, "ab"), "c") !=
	    analysis_hash(analysis_hash(0, "a"), "bc"));
	CHECK(analysis_hash(0, "x") == analysis_hash(0, "x"));
}

/*
 * Two humans (8 h) and two agent runs (2 h) of one task, worked by hand at
 * the paper's budgets:
 *
 *	H1: 0 s 0.0, 1 h 0.5, 25000 s 0.8	H2: 0 s 0.0, 10000 s 0.2
 *	A1: 0 s 0.0, 30 min 0.3, 7000 s 0.6	A2: 0 s 0.0, 5000 s 0.1
 */
static const double h1t[] = { 0, 3600, 25000 }, h1v[] = { 0, 0.5, 0.8 };
static const double h2t[] = { 0, 10000 }, h2v[] = { 0, 0.2 };
static const double a1t[] = { 0, 1800, 7000 }, a1v[] = { 0, 0.3, 0.6 };
static const double a2t[] = { 0, 5000 }, a2v[] = { 0, 0.1 };

static void
check_at_k(const struct analysis_run *runs, double budget, int cut,
    int random, unsigned want_k, int want_cut, double want)
{
	struct analysis_rng	 rng;
	struct analysis_atk	 atk;
	double			 scores[2], reps[100];

	analysis_rng_seed(&rng, 7);
	analysis_score_at_k(runs, 2, runs[0].limit, budget, cut, random, &rng,
	    100, scores, reps, &atk);
	CHECK(atk.usable);
	CHECK(atk.k == want_k);
	CHECK(atk.at_budget == want_cut);
	CHECK_NEAR(atk.expected, want, 1e-12);
}

static void
test_score_at_k(void)
{
	struct analysis_run	h[2] = {
		{ h1t, h1v, 3, 28800, NORM_BEST },
		{ h2t, h2v, 2, 28800, NORM_BEST } };
	struct analysis_run	a[2] = {
		{ a1t, a1v, 3, 7200, NORM_BEST },
		{ a2t, a2v, 2, 7200, NORM_BEST } };
	struct analysis_rng	rng;
	struct analysis_atk	atk;
	double			scores[2], reps[10];
	int			nan = 1, i;

	/* Humans: 30 min, cut at 1800 s: both 0; k = 1. */
	check_at_k(h, 1800, 1, 0, 1, 1, 0.0);
	/* 2 h: cut at 7200 s: H1 0.5, H2 0; mean of one draw: 0.25. */
	check_at_k(h, 7200, 1, 0, 1, 1, 0.25);
	/* 8 h: whole runs 0.8 and 0.2, one draw: 0.5. */
	check_at_k(h, 28800, 1, 0, 1, 0, 0.5);
	/* 16 h: best of 2: P(0.2) = 1/4: 0.2/4 + 0.8 * 3/4 = 0.65. */
	check_at_k(h, 57600, 1, 0, 2, 0, 0.65);
	/* 32 h: best of 4: P(0.2) = 1/16: 0.0125 + 0.75 = 0.7625. */
	check_at_k(h, 115200, 1, 0, 4, 0, 0.7625);
	/* Hidden score: one random run whatever k: (0.8 + 0.2) / 2. */
	check_at_k(h, 115200, 1, 1, 4, 0, 0.5);

	/* Agents: 2 h: one whole run, 0.6 or 0.1: 0.35. */
	check_at_k(a, 7200, 0, 0, 1, 0, 0.35);
	/* 8 h: best of 4: 0.1/16 + 0.6 * 15/16 = 0.56875. */
	check_at_k(a, 28800, 0, 0, 4, 0, 0.56875);
	/*
	 * 30 min: agents are compared at their own limits, so 2-hour runs
	 * give nothing at 30 min (they used to be cut: 0.15).
	 */
	analysis_rng_seed(&rng, 7);
	analysis_score_at_k(a, 2, 7200, 1800, 0, 0, &rng, 10, scores, reps,
	    &atk);
	CHECK(!atk.usable);
	CHECK(isnan(atk.expected));
	for (i = 0; i < 10; i++)
		nan &= isnan(reps[i]) != 0;
	CHECK(nan);
}

/*
 * The bootstrap over runs, worked by hand. Two runs scoring 0.8 and 0.2,
 * best of 2 (16 h of 8-hour runs). A replicate resamples the two runs:
 * {0.8, 0.8} with probability 1/4 gives 0.8; {0.2, 0.2} (1/4) gives 0.2;
 * one of each (1/2) gives the expected best of 2 of {0.8, 0.2}, 0.65. So
 * replicates take only these three values, the 2.5th and 97.5th
 * percentiles are 0.2 and 0.8, and their mean is 0.2/4 + 0.65/2 + 0.8/4 =
 * 0.575, while the point estimate stays the exact 0.65.
 */
static void
test_bootstrap_replicates(void)
{
	struct analysis_run	 h[2] = {
		{ h1t, h1v, 3, 28800, NORM_BEST },
		{ h2t, h2v, 2, 28800, NORM_BEST } };
	struct analysis_rng	 rng;
	struct analysis_atk	 atk;
	struct analysis_summary	 s;
	double			 scores[2], *reps, *again;
	size_t			 nboot = 40000, i, n02 = 0, n065 = 0, n08 = 0;
	int			 same = 1;

	reps = xreallocarray(NULL, nboot, sizeof *reps);
	again = xreallocarray(NULL, nboot, sizeof *again);
	analysis_rng_seed(&rng, 0);
	analysis_score_at_k(h, 2, 28800, 57600, 1, 0, &rng, nboot, scores,
	    reps, &atk);
	CHECK_NEAR(scores[0], 0.8, 0);
	CHECK_NEAR(scores[1], 0.2, 0);
	CHECK_NEAR(atk.expected, 0.65, 1e-12);
	for (i = 0; i < nboot; i++) {
		n02 += fabs(reps[i] - 0.2) < 1e-12;
		n065 += fabs(reps[i] - 0.65) < 1e-12;
		n08 += fabs(reps[i] - 0.8) < 1e-12;
	}
	CHECK(n02 + n065 + n08 == nboot);
	/* Each share within 6 sd (about 0.013) of 1/4, 1/2, 1/4. */
	CHECK_NEAR((double)n02 / nboot, 0.25, 0.013);
	CHECK_NEAR((double)n065 / nboot, 0.5, 0.015);
	CHECK_NEAR((double)n08 / nboot, 0.25, 0.013);
	analysis_rng_seed(&rng, 0);
	analysis_score_at_k(h, 2, 28800, 57600, 1, 0, &rng, nboot, scores,
	    again, &atk);
	for (i = 0; i < nboot; i++)
		same &= reps[i] == again[i];
	CHECK(same);			/* the same seed, the same draws */
	analysis_summarize(reps, nboot, &s);
	CHECK_NEAR(s.lo, 0.2, 1e-12);
	CHECK_NEAR(s.hi, 0.8, 1e-12);
	CHECK_NEAR(s.mean, 0.575, 0.01);
	/* Hidden: a replicate is the resample's mean: 0.2, 0.5 or 0.8. */
	analysis_score_at_k(h, 2, 28800, 57600, 1, 1, &rng, nboot, scores,
	    reps, &atk);
	CHECK_NEAR(atk.expected, 0.5, 1e-12);
	for (i = 0, same = 1; i < nboot; i++)
		same &= fabs(reps[i] - 0.2) < 1e-12 ||
		    fabs(reps[i] - 0.5) < 1e-12 || fabs(reps[i] - 0.8) < 1e-12;
	CHECK(same);
	free(reps);
	free(again);
}

/*
 * The interval is a confidence interval: it shrinks as runs are added.
 * Runs scoring 0.8 and 0.2 at 8 h (k = 1), the expected score is 0.5
 * however many there are. With 2 runs a replicate is 0.2, 0.5 or 0.8 and
 * the interval is [0.2, 0.8]. With 20 (ten of each) a replicate is the mean
 * of 20 draws, 0.2 + 0.6 J / 20 with J ~ Binomial(20, 1/2); P(J <= 5) =
 * 0.0207 and P(J <= 6) = 0.0577, so the 2.5th percentile is J = 6, 0.38,
 * and by symmetry the 97.5th is J = 14, 0.62. (The spread of single draws,
 * which the report used to show, is [0.2, 0.8] for any number of runs.)
 */
static void
test_bootstrap_shrinks(void)
{
	struct analysis_run	 runs[20];
	struct analysis_rng	 rng;
	struct analysis_atk	 atk;
	struct analysis_summary	 s;
	double			 scores[20], *reps;
	size_t			 nboot = 20000, i;

	reps = xreallocarray(NULL, nboot, sizeof *reps);
	for (i = 0; i < 20; i++) {
		struct analysis_run x = { i % 2 ? h2t : h1t, i % 2 ? h2v : h1v,
		    i % 2 ? 2 : 3, 28800, NORM_BEST };
		runs[i] = x;
	}
	analysis_rng_seed(&rng, 3);
	analysis_score_at_k(runs, 2, 28800, 28800, 1, 0, &rng, nboot, scores,
	    reps, &atk);
	analysis_summarize(reps, nboot, &s);
	CHECK_NEAR(atk.expected, 0.5, 1e-12);
	CHECK_NEAR(s.lo, 0.2, 1e-12);
	CHECK_NEAR(s.hi, 0.8, 1e-12);
	analysis_score_at_k(runs, 20, 28800, 28800, 1, 0, &rng, nboot, scores,
	    reps, &atk);
	analysis_summarize(reps, nboot, &s);
	CHECK_NEAR(atk.expected, 0.5, 1e-12);
	CHECK_NEAR(s.lo, 0.38, 1e-9);
	CHECK_NEAR(s.hi, 0.62, 1e-9);
	free(reps);
}

int
main(void)
{
	RUN(test_step);
	RUN(test_loglinear);
	RUN(test_k);
	RUN(test_expected);
	RUN(test_percentile);
	RUN(test_rng);
	RUN(test_score_at_k);
	RUN(test_bootstrap_replicates);
	RUN(test_bootstrap_shrinks);
	UNIT_DONE();
}
