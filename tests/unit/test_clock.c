/* test_clock.c: work time with pauses, warnings, extensions, restarts. */
#include "config.h"

#include "clock.h"
#include "unit.h"

static void
test_pauses(void)
{
	struct clock	c;

	clock_init(&c, 0, 8 * 3600);
	CHECK_NEAR(clock_elapsed(&c, 100), 0, 0);	/* not started */
	clock_run(&c, 100);
	CHECK_NEAR(clock_elapsed(&c, 160), 60, 1e-9);
	clock_stop(&c, 160);				/* pause */
	CHECK_NEAR(clock_elapsed(&c, 1000), 60, 1e-9);	/* frozen */
	clock_run(&c, 1000);				/* resume */
	CHECK_NEAR(clock_elapsed(&c, 1030), 90, 1e-9);
	clock_run(&c, 1010);				/* no double start */
	CHECK_NEAR(clock_elapsed(&c, 1030), 90, 1e-9);
	clock_stop(&c, 1030);
	clock_stop(&c, 5000);				/* no double stop */
	CHECK_NEAR(clock_elapsed(&c, 9999), 90, 1e-9);
	CHECK_NEAR(clock_remaining(&c, 9999), 8 * 3600 - 90, 1e-9);
	CHECK(!clock_expired(&c, 9999));
}

static void
test_restart(void)
{
	struct clock	c;

	/* A restarted server resumes from the stored elapsed value. */
	clock_init(&c, 7000.5, 8 * 3600);
	clock_run(&c, 3);
	CHECK_NEAR(clock_elapsed(&c, 13), 7010.5, 1e-9);
	/* now before since (clock skew in a caller) never goes back */
	CHECK_NEAR(clock_elapsed(&c, 1), 7000.5, 1e-9);
}

static void
test_expiry(void)
{
	struct clock	c;

	clock_init(&c, 0, 100);
	clock_run(&c, 0);
	CHECK(!clock_expired(&c, 99.9));
	CHECK(clock_expired(&c, 100));
	CHECK_NEAR(clock_remaining(&c, 150), 0, 0);
	clock_extend(&c, 60, 150);
	CHECK(!clock_expired(&c, 150));
	CHECK_NEAR(clock_remaining(&c, 150), 10, 1e-9);
}

static void
test_warnings(void)
{
	struct clock	c;
	double		limit = 8 * 3600;

	clock_init(&c, 0, limit);
	clock_run(&c, 0);
	CHECK(clock_warning_due(&c, limit - 3601) == -1);
	CHECK(clock_warning_due(&c, limit - 3600) == 0);	/* 1 h */
	CHECK(clock_warning_due(&c, limit - 3000) == -1);	/* once */
	CHECK(clock_warning_due(&c, limit - 899) == 1);		/* 15 min */
	/* A jump past two thresholds gives the smaller one, once each. */
	clock_init(&c, 0, limit);
	clock_run(&c, 0);
	CHECK(clock_warning_due(&c, limit - 200) == 2);
	CHECK(clock_warning_due(&c, limit - 100) == -1);
	/* An extension above a threshold arms its warning again. */
	clock_extend(&c, 1000, limit - 100);		/* 1100 s left */
	CHECK(clock_warning_due(&c, limit - 100) == -1);
	CHECK(clock_warning_due(&c, limit + 600) == 1);	/* 900 left */
	CHECK(clock_warning_due(&c, limit + 700) == 2);	/* 300 left */
	/* Warnings already past at a restart are not given again. */
	clock_init(&c, limit - 600, limit);
	clock_run(&c, 0);
	CHECK(clock_warning_due(&c, 1) == -1);
	CHECK(clock_warning_due(&c, 301) == 2);
}

int
main(void)
{
	RUN(test_pauses);
	RUN(test_restart);
	RUN(test_expiry);
	RUN(test_warnings);
	UNIT_DONE();
}
