/* test_norm.c: normalization, direction and aggregation (rebench.md). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "norm.h"
#include "unit.h"

static void
test_normalize_lower(void)
{
	/* optimize_kernel: y_start 1.5535, y_ref 0.47 (ln ms). */
	CHECK_NEAR(norm_score(1.5535, 1.5535, 0.47), 0.0, 1e-12);
	CHECK_NEAR(norm_score(0.47, 1.5535, 0.47), 1.0, 1e-12);
	/* 0.64 ms, the best agent: (ln 0.64 - 1.5535)/(0.47 - 1.5535) */
	CHECK_NEAR(norm_score(log(0.64), 1.5535, 0.47),
	    (log(0.64) - 1.5535) / (0.47 - 1.5535), 1e-12);
	CHECK(norm_score(log(0.64), 1.5535, 0.47) > 1.8);
	/* worse than the start clips to 0, not negative */
	CHECK_NEAR(norm_score(3.0, 1.5535, 0.47), 0.0, 0);
	CHECK(isnan(norm_score(NAN, 1.5535, 0.47)));
	CHECK(isnan(norm_score(1.0, 1.0, 1.0)));
	/* A result that is not finite is no score (issue 9). */
	CHECK(isnan(norm_score(1e308, 0, 1e-300)));
}

static void
test_params_check(void)
{
	const char	*why = NULL;

	CHECK(norm_params_check(1.5535, 0.47, &why) == 0);
	CHECK(norm_params_check(0.24, 0.84, &why) == 0);
	CHECK(norm_params_check(1, 1, &why) == -1 && why != NULL);
	CHECK(norm_params_check(1, 1 + 1e-12, &why) == -1);
	CHECK(strstr(why, "too close") != NULL);
	CHECK(norm_params_check(0, 1e-12, &why) == -1);
	CHECK(norm_params_check(1e9, 1e9 + 10, &why) == 0);
	CHECK(norm_params_check(0, 1e16, &why) == -1);
	CHECK(norm_params_check(NAN, 1, &why) == -1);
	CHECK(norm_params_check(0, INFINITY, &why) == -1);
}

static void
test_normalize_higher(void)
{
	/* scaling_law: 0.24 -> 0.84 */
	CHECK_NEAR(norm_score(0.54, 0.24, 0.84), 0.5, 1e-12);
	CHECK_NEAR(norm_score(0.10, 0.24, 0.84), 0.0, 0);
	CHECK_NEAR(norm_score(1.14, 0.24, 0.84), 1.5, 1e-12);
}

static void
test_pick(void)
{
	double	log1[] = { 2.0, NAN, 1.5, 1.7, NAN };
	double	log2[] = { NAN, NAN };

	CHECK(norm_pick(log1, 5, NORM_LOWER, NORM_BEST) == 2);
	CHECK(norm_pick(log1, 5, NORM_HIGHER, NORM_BEST) == 0);
	/* last: the last submission, here invalid, so none counts. */
	CHECK(norm_pick(log1, 5, NORM_LOWER, NORM_LAST) == -1);
	CHECK(norm_pick(log1, 4, NORM_LOWER, NORM_LAST) == 3);
	CHECK(norm_pick(log1, 5, NORM_LOWER, NORM_LAST_VALID) == 3);
	CHECK(norm_pick(log2, 2, NORM_LOWER, NORM_BEST) == -1);
	CHECK(norm_pick(log2, 0, NORM_LOWER, NORM_LAST) == -1);
	CHECK(norm_better(1.0, NAN, NORM_LOWER));
	CHECK(!norm_better(NAN, 1.0, NORM_LOWER));
	CHECK(!norm_better(1.0, 1.0, NORM_HIGHER));
}

static void
test_parse(void)
{
	enum norm_dir	d;
	enum norm_agg	a;

	CHECK(norm_dir_parse("lower", &d) == 0 && d == NORM_LOWER);
	CHECK(norm_dir_parse("higher", &d) == 0 && d == NORM_HIGHER);
	CHECK(norm_dir_parse("up", &d) == -1);
	CHECK(norm_agg_parse("last", &a) == 0 && a == NORM_LAST);
	CHECK(norm_agg_parse("last_valid", &a) == 0 && a == NORM_LAST_VALID);
	CHECK(norm_agg_parse("mean", &a) == -1);
	CHECK_STR(norm_agg_name(NORM_LAST_VALID), "last_valid");
	CHECK_STR(norm_dir_name(NORM_HIGHER), "higher");
}

int
main(void)
{
	RUN(test_normalize_lower);
	RUN(test_params_check);
	RUN(test_normalize_higher);
	RUN(test_pick);
	RUN(test_parse);
	UNIT_DONE();
}
