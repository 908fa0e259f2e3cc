/*
 * report.c: the report's model (report.h), pure arithmetic over a study's
 * runs.
 *
 * Series. Human attempts are one series whatever their limits: a limit
 * includes the extra time granted when the organisers had to fix a
 * problem, and the paper counts every human attempt as an 8-hour one; the
 * series' time per run is the most common limit. An agent makes one series
 * per time per run.
 *
 * score@k at a total budget B (analysis_score_at_k): a series of time per
 * run L uses k = B / L whole runs. Agents are compared at their own time
 * limits only, so an agent series with L > B has no score at B (o1's 8-hour
 * runs are not read at 30 min). Humans' attempts are read at B when B < L,
 * as the paper's humans at 2 hours are their 8-hour attempts at 2 hours;
 * beyond 8 hours they are best of k 8-hour attempts. Where a group ran at
 * several times per run, the figures show at each budget the one with the
 * best expected score, as the paper chose the best allocation per agent.
 *
 * The point estimate is the exact expectation; the 95% interval is a
 * bootstrap over runs (analysis.c): each replicate resamples every task's
 * runs independently, the replicate's per-task expectations are averaged
 * over tasks, and the 2.5th and 97.5th percentiles of those averages are
 * the interval. Each (task, series, budget) has its own random stream,
 * seeded from the seed and the names, so a number does not change when
 * another task or group joins the study.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report.h"
#include "util.h"

char *
report_duration(double s)
{
	if (s < 3600 - 1e-6)
		return (xasprintf("%g min", s / 60));
	return (xasprintf("%g h", s / 3600));
}

const char *
report_rule(size_t nhidden, size_t ntasks, int at_budget)
{
	if (nhidden > 0 && nhidden < ntasks)
		return (at_budget ? "mixed_at_budget" : "mixed");
	if (nhidden > 0)
		return (at_budget ? "random_at_budget" : "random");
	return (at_budget ? "at_budget" : "best_of_k");
}

const struct study_task *
report_task(const struct report *r, const char *id)
{
	size_t	i;

	for (i = 0; i < r->d.ntasks; i++) {
		if (strcmp(r->d.tasks[i].id, id) == 0)
			return (&r->d.tasks[i]);
	}
	return (NULL);
}

const struct report_cell *
report_cell(const struct report *r, const char *task, size_t series)
{
	size_t	i;

	for (i = 0; i < r->ncells; i++) {
		if (r->cells[i].series == series &&
		    strcmp(r->cells[i].task, task) == 0)
			return (&r->cells[i]);
	}
	return (NULL);
}

static int
report_is_human(const struct study_run *run)
{
	return (strcmp(run->kind, "human") == 0);
}

static int
report_series_cmp(const struct report_series *a,
    const struct report_series *b)
{
	int	c;

	/* Humans first, then agents by name, then by time per run. */
	if (a->human != b->human)
		return (a->human ? -1 : 1);
	if ((c = strcmp(a->group, b->group)) != 0)
		return (c);
	return (a->limit < b->limit ? -1 : a->limit > b->limit);
}

static int
report_same_group(const struct report_series *s, const struct study_run *run)
{
	return (strcmp(s->group, run->group) == 0 &&
	    strcmp(s->kind, run->kind) == 0);
}

static size_t
report_series_find(struct report *r, const struct study_run *run)
{
	struct report_series	 s, *v;
	size_t			 i;

	for (i = 0; i < r->nseries; i++) {
		v = &r->series[i];
		if (report_same_group(v, run) &&
		    (v->human || v->limit == run->limit))
			return (i);
	}
	memset(&s, 0, sizeof s);
	s.group = run->group;
	s.kind = run->kind;
	s.human = report_is_human(run);
	s.limit = run->limit;
	/* Insert in order, so that series are numbered as they are shown. */
	for (i = 0; i < r->nseries; i++) {
		if (report_series_cmp(&s, &r->series[i]) < 0)
			break;
	}
	r->series = xreallocarray(r->series, r->nseries + 1,
	    sizeof *r->series);
	memmove(&r->series[i + 1], &r->series[i],
	    (r->nseries - i) * sizeof *r->series);
	r->series[i] = s;
	r->nseries++;
	return (i);
}

/* The most common limit of a human series (the shortest of a tie). */
static double
report_mode_limit(const struct report *r, const struct report_series *s)
{
	const struct study_run	*a, *b;
	size_t			 i, j, n, best = 0;
	double			 limit = s->limit;

	for (i = 0; i < r->d.nruns; i++) {
		a = &r->d.runs[i];
		if (!report_same_group(s, a))
			continue;
		for (j = 0, n = 0; j < r->d.nruns; j++) {
			b = &r->d.runs[j];
			n += report_same_group(s, b) && b->limit == a->limit;
		}
		if (n > best || (n == best && a->limit < limit)) {
			best = n;
			limit = a->limit;
		}
	}
	return (limit);
}

/*
 * Humans grouped by a participant attribute: "human [expertise=ml]". The
 * attribute's value is read from the participant's JSON object.
 */
static void
report_group_by(struct report *r, const char *by)
{
	struct study_run	*run;
	json_t			*attrs, *v;
	char			*value;
	size_t			 i;

	for (i = 0; i < r->d.nruns; i++) {
		run = &r->d.runs[i];
		r->excluded += run->excluded != 0;
		r->gave_up += run->gave_up_reason != NULL;
		if (by == NULL || !report_is_human(run))
			continue;
		attrs = run->attrs ? json_loads(run->attrs, 0, NULL) : NULL;
		v = json_object_get(attrs, by);
		if (json_is_string(v))
			value = xstrdup(json_string_value(v));
		else if (json_is_number(v))
			value = xasprintf("%g", json_number_value(v));
		else if (json_is_boolean(v))
			value = xstrdup(json_is_true(v) ? "yes" : "no");
		else
			value = xstrdup("unknown");
		json_decref(attrs);
		free(run->group);
		run->group = xasprintf("human [%s=%s]", by, value);
		free(value);
	}
}

static void
report_series_build(struct report *r)
{
	struct report_series	*s;
	char			*d;
	size_t			 i, groups = 0;

	for (i = 0; i < r->d.nruns; i++)
		report_series_find(r, &r->d.runs[i]);
	for (i = 0; i < r->nseries; i++) {
		s = &r->series[i];
		if (s->human)
			s->limit = report_mode_limit(r, s);
		if (i > 0 && (strcmp(s->group, s[-1].group) != 0 ||
		    s->human != s[-1].human))
			groups++;
		s->gindex = groups;
		d = report_duration(s->limit);
		if (s->human)
			s->label = xasprintf("%s (%s)", s->group, d);
		else if (strcmp(s->group, "human") == 0)
			s->label = xasprintf("%s (agent, %s runs)", s->group,
			    d);
		else
			s->label = xasprintf("%s (%s runs)", s->group, d);
		free(d);
	}
}

/* Which series a run belongs to, now that the series are final. */
static size_t
report_series_of(const struct report *r, const struct study_run *run)
{
	size_t	i;

	for (i = 0; i < r->nseries; i++) {
		if (report_same_group(&r->series[i], run) &&
		    (r->series[i].human || r->series[i].limit == run->limit))
			return (i);
	}
	return (0);
}

static void
report_cells_build(struct report *r)
{
	const struct study_run	*run;
	const struct study_task	*task;
	struct report_cell	*c;
	struct analysis_run	*a;
	size_t			 i, j, ti, si, ntv = 0, used = 0, keep;

	for (i = 0; i < r->d.nruns; i++) {
		ntv += 2 * r->d.runs[i].nscores;
		for (ti = 0; ti < r->ntasks; ti++) {
			if (strcmp(r->tasks[ti], r->d.runs[i].task_id) == 0)
				break;
		}
		if (ti == r->ntasks) {
			r->tasks = xreallocarray(r->tasks, r->ntasks + 1,
			    sizeof *r->tasks);
			r->tasks[r->ntasks++] = r->d.runs[i].task_id;
		}
	}
	r->tv = xreallocarray(NULL, ntv ? ntv : 1, sizeof *r->tv);
	for (ti = 0; ti < r->ntasks; ti++) {
		for (si = 0; si < r->nseries; si++) {
			c = NULL;
			for (i = 0; i < r->d.nruns; i++) {
				run = &r->d.runs[i];
				if (strcmp(run->task_id, r->tasks[ti]) != 0 ||
				    report_series_of(r, run) != si ||
				    (run->excluded && r->d.excluded_omit))
					continue;
				if (c == NULL) {
					r->cells = xreallocarray(r->cells,
					    r->ncells + 1, sizeof *r->cells);
					c = &r->cells[r->ncells++];
					memset(c, 0, sizeof *c);
					c->task = r->tasks[ti];
					c->series = si;
					task = report_task(r, c->task);
					c->agg = task ? task->aggregation :
					    NORM_BEST;
					/* Hidden, or the last counts. */
					c->hidden = task ? (task->hidden ||
					    task->aggregation != NORM_BEST) :
					    0;
				}
				c->runs = xreallocarray(c->runs, c->n + 1,
				    sizeof *c->runs);
				c->src = xreallocarray(c->src, c->n + 1,
				    sizeof *c->src);
				c->dropped = xreallocarray(c->dropped,
				    c->n + 1, sizeof *c->dropped);
				/*
				 * An agent's scorings after its limit never
				 * count (the log is sorted by time).
				 */
				keep = run->nscores;
				/* Excluded: nothing counts, it scores 0. */
				if (run->excluded)
					keep = 0;
				else if (!report_is_human(run)) {
					while (keep > 0 && run->scores[keep -
					    1].elapsed > run->limit)
						keep--;
				}
				a = &c->runs[c->n];
				a->t = r->tv + used;
				a->v = r->tv + used + keep;
				for (j = 0; j < keep; j++) {
					r->tv[used + j] =
					    run->scores[j].elapsed;
					r->tv[used + keep + j] =
					    run->scores[j].normalized;
				}
				used += 2 * keep;
				a->n = keep;
				a->limit = run->limit;
				a->agg = c->agg;
				c->src[c->n] = run;
				c->dropped[c->n] = run->excluded ? 0 :
				    run->nscores - keep;
				if (keep < run->nscores && !run->excluded) {
					r->dropped += run->nscores - keep;
					r->dropped_runs++;
				}
				c->n++;
			}
		}
	}
}

/* Times at which curves are sampled: every quarter doubling from 1 min. */
static size_t
report_grid(double limit, double **out)
{
	double	*t = NULL, x;
	size_t	 n = 0;
	int	 j;

	for (j = 0; ; j++) {
		x = ANALYSIS_LOG_T0 * pow(2, j / 4.0);
		if (x >= limit * (1 - 1e-9))
			break;
		t = xreallocarray(t, n + 1, sizeof *t);
		t[n++] = x;
	}
	t = xreallocarray(t, n + 1, sizeof *t);
	t[n++] = limit > ANALYSIS_LOG_T0 ? limit : ANALYSIS_LOG_T0;
	*out = t;
	return (n);
}

static void
report_curves(struct report *r)
{
	struct report_cell	*c;
	size_t			 si, ci, g, i, ng, nt;

	r->grid = xcalloc(r->nseries, sizeof *r->grid);
	r->ngrid = xcalloc(r->nseries, sizeof *r->ngrid);
	r->step = xcalloc(r->nseries, sizeof *r->step);
	r->loglin = xcalloc(r->nseries, sizeof *r->loglin);
	for (si = 0; si < r->nseries; si++) {
		ng = r->ngrid[si] = report_grid(r->series[si].limit,
		    &r->grid[si]);
		r->step[si] = xcalloc(ng, sizeof **r->step);
		r->loglin[si] = xcalloc(ng, sizeof **r->loglin);
		nt = 0;
		for (ci = 0; ci < r->ncells; ci++) {
			c = &r->cells[ci];
			if (c->series != si)
				continue;
			nt++;
			c->step = xcalloc(ng, sizeof *c->step);
			c->loglin = xcalloc(ng, sizeof *c->loglin);
			for (g = 0; g < ng; g++) {
				for (i = 0; i < c->n; i++) {
					c->step[g] += analysis_step_at(
					    &c->runs[i], r->grid[si][g]);
					c->loglin[g] += analysis_loglinear_at(
					    &c->runs[i], r->grid[si][g]);
				}
				c->step[g] /= c->n;
				c->loglin[g] /= c->n;
				r->step[si][g] += c->step[g];
				r->loglin[si][g] += c->loglin[g];
			}
		}
		for (g = 0; g < ng && nt > 0; g++) {
			r->step[si][g] /= nt;
			r->loglin[si][g] /= nt;
		}
	}
}

static uint64_t
report_stream(const struct report *r, const char *task,
    const struct report_series *s, double budget)
{
	char		num[64];
	uint64_t	h;

	h = analysis_hash(0, task);
	h = analysis_hash(h, s->kind);
	h = analysis_hash(h, s->group);
	snprintf(num, sizeof num, "%.17g/%.17g", s->limit, budget);
	h = analysis_hash(h, num);
	return (h ^ (r->o.seed * 0x9e3779b97f4a7c15ULL));
}

static void
report_interval(double *reps, size_t n, struct report_k *k)
{
	struct analysis_summary	sum;

	analysis_summarize(reps, n, &sum);
	k->boot_mean = sum.mean;
	k->lo = sum.lo;
	k->hi = sum.hi;
}

static void
report_scores_at_k(struct report *r)
{
	struct report_series	*s;
	struct report_cell	*c;
	struct report_k		*rk, *ck;
	struct analysis_rng	 rng;
	struct analysis_atk	 atk;
	struct buf		 tasks;
	double			*scores, *reps, *mean;
	size_t			 si, bi, ci, j, i, nb = r->o.nbudgets, maxn = 1;

	for (ci = 0; ci < r->ncells; ci++) {
		if (r->cells[ci].n > maxn)
			maxn = r->cells[ci].n;
		r->cells[ci].k = xcalloc(nb ? nb : 1, sizeof *r->cells[ci].k);
	}
	scores = xreallocarray(NULL, maxn, sizeof *scores);
	reps = xreallocarray(NULL, r->o.nboot, sizeof *reps);
	mean = xreallocarray(NULL, r->o.nboot, sizeof *mean);
	r->k = xcalloc(r->nseries * (nb ? nb : 1), sizeof *r->k);

	for (si = 0; si < r->nseries; si++) {
		s = &r->series[si];
		for (bi = 0; bi < nb; bi++) {
			rk = &r->k[si * nb + bi];
			rk->usable = 1;
			memset(mean, 0, r->o.nboot * sizeof *mean);
			buf_init(&tasks);
			for (ci = 0; ci < r->ncells; ci++) {
				c = &r->cells[ci];
				if (c->series != si)
					continue;
				ck = &c->k[bi];
				analysis_rng_seed(&rng, report_stream(r,
				    c->task, s, r->o.budgets[bi]));
				analysis_score_at_k(c->runs, c->n, s->limit,
				    r->o.budgets[bi], s->human, c->hidden,
				    &rng, r->o.nboot, scores, reps, &atk);
				ck->k = atk.k;
				ck->at_budget = atk.at_budget;
				ck->usable = atk.usable;
				ck->expected = atk.expected;
				ck->ntasks = 1;
				ck->nhidden = c->hidden != 0;
				for (j = 0; j < r->o.nboot; j++)
					mean[j] += reps[j];
				report_interval(reps, r->o.nboot, ck);

				rk->expected += atk.expected;
				rk->k = atk.k;
				rk->at_budget = atk.at_budget;
				rk->usable &= atk.usable;
				rk->ntasks++;
				rk->nhidden += c->hidden != 0;
				if (tasks.len > 0)
					buf_addstr(&tasks, ";");
				buf_addstr(&tasks, c->task);
			}
			/* The average over tasks, replicate by replicate. */
			for (j = 0; j < r->o.nboot; j++)
				mean[j] /= rk->ntasks;
			report_interval(mean, r->o.nboot, rk);
			rk->expected /= rk->ntasks;
			if (!rk->usable)
				rk->expected = rk->lo = rk->hi =
				    rk->boot_mean = NAN;
			rk->tasks = xstrdup(buf_cstr(&tasks));
			buf_done(&tasks);
		}
	}

	/* Per group and budget, the time per run with the best estimate. */
	for (si = 0; si < r->nseries; si++) {
		for (bi = 0; bi < nb; bi++) {
			rk = &r->k[si * nb + bi];
			if (!rk->usable)
				continue;
			for (i = 0; i < r->nseries; i++) {
				ck = &r->k[i * nb + bi];
				if (i == si || r->series[i].gindex !=
				    r->series[si].gindex || !ck->usable)
					continue;
				if (ck->expected > rk->expected ||
				    (ck->expected == rk->expected && i < si))
					break;
			}
			rk->shown = i == r->nseries;
		}
	}
	free(scores);
	free(reps);
	free(mean);
}

void
report_build(struct report *r, struct study_data *d,
    const struct report_opts *o)
{
	memset(r, 0, sizeof *r);
	r->d = *d;
	memset(d, 0, sizeof *d);
	r->o = *o;
	r->budgets = xreallocarray(NULL, o->nbudgets ? o->nbudgets : 1,
	    sizeof *r->budgets);
	if (o->nbudgets > 0)
		memcpy(r->budgets, o->budgets, o->nbudgets *
		    sizeof *r->budgets);
	r->o.budgets = r->budgets;
	report_group_by(r, o->by);
	report_series_build(r);
	report_cells_build(r);
	report_curves(r);
	report_scores_at_k(r);
}

void
report_done(struct report *r)
{
	size_t	i;

	for (i = 0; i < r->nseries; i++)
		free(r->series[i].label);
	for (i = 0; i < r->ncells; i++) {
		free(r->cells[i].runs);
		free(r->cells[i].src);
		free(r->cells[i].dropped);
		free(r->cells[i].k);
		free(r->cells[i].step);
		free(r->cells[i].loglin);
	}
	for (i = 0; r->grid != NULL && i < r->nseries; i++) {
		free(r->grid[i]);
		free(r->step[i]);
		free(r->loglin[i]);
	}
	for (i = 0; r->k != NULL && i < r->nseries * r->o.nbudgets; i++)
		free(r->k[i].tasks);
	free(r->grid);
	free(r->ngrid);
	free(r->step);
	free(r->loglin);
	free(r->k);
	free(r->series);
	free(r->cells);
	free(r->tasks);
	free(r->tv);
	free(r->budgets);
	study_data_done(&r->d);
	memset(r, 0, sizeof *r);
}
