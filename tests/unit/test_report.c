/*
 * test_report.c: the report's model (report.c) on a study built in memory,
 * worked by hand: series keyed by kind as well as name, humans as one
 * series at their most common limit, agents' scorings after their limit
 * dropped and counted, agents compared at their own limits, the best time
 * per run shown per group, and averages over tasks.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "report.h"
#include "util.h"
#include "unit.h"

static void
add_task(struct study_data *d, const char *id, enum norm_agg agg, int hidden)
{
	struct study_task	*t;

	d->tasks = xreallocarray(d->tasks, d->ntasks + 1, sizeof *d->tasks);
	t = &d->tasks[d->ntasks++];
	memset(t, 0, sizeof *t);
	t->id = xstrdup(id);
	t->direction = NORM_HIGHER;
	t->y_start = 0;
	t->y_ref = 1;
	t->aggregation = agg;
	t->hidden = hidden;
	t->source = xstrdup("test");
}

/* A run with n scorings (t, v) pairs. */
static void
add_run(struct study_data *d, const char *task, const char *id,
    const char *group, const char *kind, double limit, size_t n,
    const double *tv)
{
	struct study_run	*r;
	size_t			 i;

	d->runs = xreallocarray(d->runs, d->nruns + 1, sizeof *d->runs);
	r = &d->runs[d->nruns++];
	memset(r, 0, sizeof *r);
	r->task_id = xstrdup(task);
	r->run_id = xstrdup(id);
	r->group = xstrdup(group);
	r->kind = xstrdup(kind);
	r->source = xstrdup("test");
	r->limit = limit;
	r->scores = xcalloc(n, sizeof *r->scores);
	r->nscores = n;
	for (i = 0; i < n; i++) {
		r->scores[i].elapsed = tv[2 * i];
		r->scores[i].normalized = tv[2 * i + 1];
		r->scores[i].raw = NAN;
		r->scores[i].status = xstrdup(isnan(tv[2 * i + 1]) ?
		    "invalid" : "valid");
	}
}

static size_t
find_series(const struct report *r, const char *kind, const char *group,
    double limit)
{
	size_t	i;

	for (i = 0; i < r->nseries; i++) {
		if (strcmp(r->series[i].kind, kind) == 0 &&
		    strcmp(r->series[i].group, group) == 0 &&
		    (limit == 0 || r->series[i].limit == limit))
			return (i);
	}
	return ((size_t)-1);
}

static void
test_model(void)
{
	static const double	budgets[] = { 1800, 7200, 28800 };
	static const double	h1[] = { 0, 0, 3600, 0.5, 25000, 0.8 };
	static const double	h2[] = { 0, 0, 10000, 0.2 };
	static const double	h3[] = { 0, 0, 30000, 1.0 };
	/* An agent that calls itself "human": not one of the humans. */
	static const double	fake[] = { 0, 0, 600, 1.5 };
	/* bot at 30 min: 0.3 and 0.1; its second scoring at 40 min drops. */
	static const double	b1[] = { 0, 0, 900, 0.3, 2400, 0.9 };
	static const double	b2[] = { 0, 0, 1000, 0.1 };
	/* bot at 2 h: 0.6 and 0.2. */
	static const double	b3[] = { 0, 0, 7000, 0.6 };
	static const double	b4[] = { 0, 0, 5000, 0.2 };
	/* Task two, bot at 2 h only: 0.4 and 0.0. */
	static const double	c1[] = { 0, 0, 100, 0.4 };
	static const double	c2[] = { 0, 0, 100, NAN };
	struct study_data	 d;
	struct report_opts	 o;
	struct report		 r;
	const struct report_cell *c;
	const struct report_k	*k;
	size_t			 hs, fs, b30, b2h, nb = 3;

	memset(&d, 0, sizeof d);
	add_task(&d, "one", NORM_BEST, 0);
	add_task(&d, "two", NORM_BEST, 0);
	add_run(&d, "one", "h1", "human", "human", 28800, 3, h1);
	add_run(&d, "one", "h2", "human", "human", 28800, 2, h2);
	add_run(&d, "one", "h3", "human", "human", 30600, 2, h3);
	add_run(&d, "one", "f1", "human", "agent", 1800, 2, fake);
	add_run(&d, "one", "b1", "bot", "agent", 1800, 3, b1);
	add_run(&d, "one", "b2", "bot", "agent", 1800, 2, b2);
	add_run(&d, "one", "b3", "bot", "agent", 7200, 2, b3);
	add_run(&d, "one", "b4", "bot", "agent", 7200, 2, b4);
	add_run(&d, "two", "c1", "bot", "agent", 7200, 2, c1);
	add_run(&d, "two", "c2", "bot", "agent", 7200, 2, c2);
	memset(&o, 0, sizeof o);
	o.budgets = budgets;
	o.nbudgets = nb;
	o.nboot = 2000;
	report_build(&r, &d, &o);

	/* Humans, the fake "human" agent, bot at 30 min and at 2 h. */
	CHECK(r.nseries == 4);
	hs = find_series(&r, "human", "human", 0);
	fs = find_series(&r, "agent", "human", 0);
	b30 = find_series(&r, "agent", "bot", 1800);
	b2h = find_series(&r, "agent", "bot", 7200);
	CHECK(hs == 0 && fs != (size_t)-1 && b30 != (size_t)-1 &&
	    b2h != (size_t)-1);
	if (r.nseries != 4 || fs == (size_t)-1 || b30 == (size_t)-1 ||
	    b2h == (size_t)-1)
		goto out;
	/* Humans at the most common limit, 8 h, with h3's extension. */
	CHECK_NEAR(r.series[hs].limit, 28800, 0);
	CHECK_STR(r.series[hs].label, "human (8 h)");
	CHECK_STR(r.series[fs].label, "human (agent, 30 min runs)");
	CHECK_STR(r.series[b2h].label, "bot (2 h runs)");
	CHECK(r.series[b30].gindex == r.series[b2h].gindex);
	CHECK(r.series[fs].gindex != r.series[hs].gindex);
	c = report_cell(&r, "one", hs);
	CHECK(c != NULL && c->n == 3);

	/* b1's scoring at 40 min is after its 30-minute limit. */
	CHECK(r.dropped == 1 && r.dropped_runs == 1);
	c = report_cell(&r, "one", b30);
	CHECK(c != NULL && c->n == 2);
	if (c != NULL && c->n == 2) {
		CHECK(c->dropped[0] + c->dropped[1] == 1);
		CHECK_NEAR(analysis_final(&c->runs[0]) +
		    analysis_final(&c->runs[1]), 0.4, 1e-12);
	}

	/*
	 * Humans at 8 h: {0.8, 0.2, 1.0}, k = 1: 2/3. The fake agent's 1.5
	 * is not among them. At 30 min humans are read at 1800 s: all 0.
	 */
	k = &r.k[hs * nb + 2];
	CHECK(k->usable && k->k == 1);
	CHECK_NEAR(k->expected, 2.0 / 3, 1e-12);
	CHECK_NEAR(r.k[hs * nb + 0].expected, 0.0, 1e-12);
	CHECK(r.k[hs * nb + 0].at_budget);

	/*
	 * bot at 30 min, task one only: at 30 min {0.3, 0.1} -> 0.2; at 2 h
	 * best of 4: 0.1/16 + 0.3 * 15/16 = 0.2875.
	 * bot at 2 h: at 30 min nothing (its runs are longer); at 2 h task
	 * one {0.6, 0.2} -> 0.4, task two {0.4, 0} -> 0.2, average 0.3; at
	 * 8 h best of 4: one 0.2/16 + 0.6 * 15/16 = 0.575, two 0.4 * 15/16
	 * = 0.375, average 0.475.
	 */
	CHECK_NEAR(r.k[b30 * nb + 0].expected, 0.2, 1e-12);
	CHECK_NEAR(r.k[b30 * nb + 1].expected, 0.2875, 1e-12);
	CHECK(!r.k[b2h * nb + 0].usable);
	CHECK(isnan(r.k[b2h * nb + 0].expected));
	CHECK_NEAR(r.k[b2h * nb + 1].expected, 0.3, 1e-12);
	CHECK(r.k[b2h * nb + 1].ntasks == 2);
	CHECK_STR(r.k[b2h * nb + 1].tasks, "one;two");
	CHECK_NEAR(r.k[b2h * nb + 2].expected, 0.475, 1e-12);
	/*
	 * Shown per group, the best estimate: 30-minute runs at 30 min (the
	 * 2-hour ones have none), 2-hour runs at 2 h (0.3 > 0.2875) and 8 h.
	 */
	CHECK(r.k[b30 * nb + 0].shown && !r.k[b2h * nb + 0].shown);
	CHECK(r.k[b2h * nb + 1].shown && !r.k[b30 * nb + 1].shown);
	CHECK(r.k[b2h * nb + 2].shown && !r.k[b30 * nb + 2].shown);
	/* The fake agent is its own group: shown on its own. */
	CHECK(r.k[fs * nb + 0].shown && r.k[hs * nb + 0].shown);
	/* Intervals hold their estimates. */
	k = &r.k[b2h * nb + 2];
	CHECK(k->lo <= k->expected + 1e-12 && k->expected <= k->hi + 1e-12);
out:
	report_done(&r);
}

/*
 * Scaling Law's rule applies however the run came in, raw or normalized
 * only (these runs have no raw scores): the task's aggregation decides.
 * Normalized 0 at the start, 0.8 at 100 s, an invalid last submission at
 * 200 s: "last" scores 0, "last_valid" 0.8, and score@k of a last-counting
 * task draws one random run.
 */
static void
test_last(void)
{
	static const double	budgets[] = { 1800 };
	static const double	a[] = { 0, 0, 100, 0.8, 200, NAN };
	static const double	b[] = { 0, 0, 100, 0.4 };
	struct study_data	 d;
	struct report_opts	 o;
	struct report		 r;
	const struct report_cell *c;
	int			 agg;

	for (agg = 0; agg < 2; agg++) {
		memset(&d, 0, sizeof d);
		add_task(&d, "sl", agg == 0 ? NORM_LAST : NORM_LAST_VALID, 1);
		add_run(&d, "sl", "a", "bot", "agent", 1800, 3, a);
		add_run(&d, "sl", "b", "bot", "agent", 1800, 2, b);
		memset(&o, 0, sizeof o);
		o.budgets = budgets;
		o.nbudgets = 1;
		o.nboot = 100;
		report_build(&r, &d, &o);
		c = report_cell(&r, "sl", 0);
		CHECK(c != NULL && c->n == 2 && c->hidden);
		if (c != NULL && c->n == 2) {
			CHECK_NEAR(analysis_final(&c->runs[0]), agg == 0 ? 0.0 :
			    0.8, 0);
			/* One random run: the mean, (0 + 0.4)/2 or (0.8 + 0.4)/2. */
			CHECK_NEAR(c->k[0].expected, agg == 0 ? 0.2 : 0.6,
			    1e-12);
		}
		report_done(&r);
	}
}

int
main(void)
{
	RUN(test_model);
	RUN(test_last);
	UNIT_DONE();
}
