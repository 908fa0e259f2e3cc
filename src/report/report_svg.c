/*
 * report_svg.c: the report's figures, composed with svg.c from the model,
 * and the caption of each, which says how its numbers were made. The
 * methods go in the caption file beside the figure, not in the figure.
 *
 * - score_vs_time: every series' mean over tasks of the runs' log-linear
 *   curves, on a log time axis, with each run's step function faint
 *   behind; the y axis is set by the means (runs above it are clipped at
 *   the top), so faint traces never flatten the curves that matter;
 * - score_at_k: per (kind, group), at each budget, the expected best of k
 *   at its best time per run, with the 95% bootstrap interval as a band.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_out.h"
#include "svg.h"
#include "util.h"

static const char *
report_colour(const struct report *r, const struct report_series *s)
{
	/* Humans are the near-black of the palette, agents after. */
	return (svg_colour(s->gindex + (r->series[0].human ? 0 : 1)));
}

/* Ticks of a log time axis, at the durations people think in. */
static void
report_time_ticks(struct svg_plot *p, double min, double max)
{
	static const double	 at[] = { 60, 300, 900, 1800, 3600, 7200,
				     14400, 28800, 57600, 115200, 230400 };
	char			*label;
	size_t			 i;

	for (i = 0; i < nitems(at); i++) {
		if (at[i] < min * (1 - 1e-9) || at[i] > max * (1 + 1e-9))
			continue;
		label = report_duration(at[i]);
		svg_plot_xtick(p, at[i], label);
		free(label);
	}
}

static double
report_ymax(double top)
{
	/* At least the reference, rounded up to a quarter, with headroom. */
	if (!(top > 1))
		top = 1;
	return (ceil(top * 1.08 * 4) / 4);
}

/* The curves of a series: over tasks, or one task's (NULL if none). */
static const double *
report_curve(const struct report *r, size_t si, const char *task)
{
	const struct report_cell	*c;

	if (task == NULL)
		return (r->loglin[si]);
	c = report_cell(r, task, si);
	return (c != NULL ? c->loglin : NULL);
}

static char *
report_svg_time_of(const struct report *r, const char *task)
{
	struct svg_plot			*p;
	const struct report_cell	*c;
	const struct analysis_run	*a;
	const double			*curve;
	double				*x, *y, xmax, top = 0;
	char				*svg, *title;
	size_t				 si, ci, i, j, n, nruns = 0;

	xmax = 2 * ANALYSIS_LOG_T0;
	for (si = 0; si < r->nseries; si++) {
		if ((curve = report_curve(r, si, task)) == NULL)
			continue;
		if (r->series[si].limit > xmax)
			xmax = r->series[si].limit;
		for (i = 0; i < r->ngrid[si]; i++) {
			if (curve[i] > top)
				top = curve[i];
		}
	}
	for (ci = 0; ci < r->ncells; ci++) {
		if (task == NULL || strcmp(r->cells[ci].task, task) == 0)
			nruns += r->cells[ci].n;
	}
	title = task ? xstrdup(task) :
	    xstrdup("Mean normalized score against time");
	p = svg_plot_create(title, NULL, "elapsed time (log scale)",
	    "normalized score (0 = start, 1 = reference)");
	free(title);
	svg_plot_xrange(p, ANALYSIS_LOG_T0, xmax, 1);
	/* The y axis is set by the means; faint runs above are clipped. */
	svg_plot_yrange(p, 0, report_ymax(top));
	report_time_ticks(p, ANALYSIS_LOG_T0, xmax);
	svg_plot_yticks_auto(p);
	svg_plot_hline(p, 1, "reference solution");
	/* Many runs at full strength would hide the means: fade them. */
	svg_plot_faint_opacity(p, nruns <= 25 ? 0.3 :
	    (7.5 / nruns < 0.04 ? 0.04 : 7.5 / nruns));

	for (ci = 0; ci < r->ncells; ci++) {
		c = &r->cells[ci];
		if (task != NULL && strcmp(c->task, task) != 0)
			continue;
		for (i = 0; i < c->n; i++) {
			/* The step function, from 1 min to the run's end. */
			a = &c->runs[i];
			x = xreallocarray(NULL, a->n + 2, sizeof *x);
			y = xreallocarray(NULL, a->n + 2, sizeof *y);
			n = 0;
			x[n] = ANALYSIS_LOG_T0;
			y[n++] = analysis_step_at(a, ANALYSIS_LOG_T0);
			for (j = 0; j < a->n; j++) {
				if (a->t[j] <= ANALYSIS_LOG_T0 ||
				    a->t[j] > a->limit)
					continue;
				x[n] = a->t[j];
				y[n++] = analysis_step_at(a, a->t[j]);
			}
			x[n] = a->limit;
			y[n++] = analysis_step_at(a, a->limit);
			svg_plot_series(p, NULL, report_colour(r,
			    &r->series[c->series]), SVG_FAINT_STEP, x, y, n);
			free(x);
			free(y);
		}
	}
	for (si = 0; si < r->nseries; si++) {
		if ((curve = report_curve(r, si, task)) == NULL)
			continue;
		svg_plot_series(p, r->series[si].label, report_colour(r,
		    &r->series[si]), SVG_LINE, r->grid[si], curve,
		    r->ngrid[si]);
		/* Colour by group, and a dash of its own for each series. */
		svg_plot_dash(p, si);
	}
	svg = svg_plot_render(p);
	svg_plot_destroy(p);
	return (svg);
}

char *
report_svg_time(const struct report *r)
{
	return (report_svg_time_of(r, NULL));
}

char *
report_svg_time_tasks(const struct report *r)
{
	char	**docs, *svg;
	size_t	  i;

	docs = xcalloc(r->ntasks ? r->ntasks : 1, sizeof *docs);
	for (i = 0; i < r->ntasks; i++)
		docs[i] = report_svg_time_of(r, r->tasks[i]);
	svg = svg_compose("Mean normalized score against time, per task",
	    docs, r->ntasks, 2);
	for (i = 0; i < r->ntasks; i++)
		free(docs[i]);
	free(docs);
	return (svg);
}

void
report_caption_time(const struct report *r, struct buf *b)
{
	buf_printf(b, "Mean normalized score against elapsed time (pauses "
	    "excluded), %zu task%s, %zu run%s. Each line is a series (a "
	    "group at one time per run, humans as one series): the mean "
	    "over tasks of the mean over runs of each run's score log "
	    "interpolated linearly in log time. The knots are the valid "
	    "scorings (every scoring where the last one counts) and the "
	    "starting solution at 0 s with score 0; times below one minute "
	    "are taken as one minute; the curve is held after the last "
	    "knot. Faint lines: each run's score so far (a step function). "
	    "Scores: 0 is the starting solution, 1 the reference solution; "
	    "the y axis is set by the means. score_vs_time_tasks.svg has one "
	    "panel per task, each mean over that task's runs.\n", r->ntasks,
	    r->ntasks == 1 ? "" : "s", r->d.nruns,
	    r->d.nruns == 1 ? "" : "s");
	if (r->dropped > 0)
		buf_printf(b, "%zu scoring%s logged after an agent run's "
		    "time limit (%zu run%s) are not counted.\n", r->dropped,
		    r->dropped == 1 ? "" : "s", r->dropped_runs,
		    r->dropped_runs == 1 ? "" : "s");
}

/* score@k of series si at budget bi: averaged, or one task's. */
static const struct report_k *
report_k_of(const struct report *r, size_t si, size_t bi, const char *task)
{
	const struct report_cell	*c;

	if (task == NULL)
		return (&r->k[si * r->o.nbudgets + bi]);
	if ((c = report_cell(r, task, si)) == NULL)
		return (NULL);
	return (&c->k[bi]);
}

/* The series of a group shown at budget bi: its best usable estimate. */
static size_t
report_shown(const struct report *r, size_t first, size_t bi,
    const char *task)
{
	const struct report_k	*k, *best = NULL;
	size_t			 i, pick = (size_t)-1;

	for (i = first; i < r->nseries && r->series[i].gindex ==
	    r->series[first].gindex; i++) {
		k = report_k_of(r, i, bi, task);
		if (k == NULL || !k->usable || isnan(k->expected))
			continue;
		if (task == NULL && !k->shown)
			continue;
		if (best == NULL || k->expected > best->expected) {
			best = k;
			pick = i;
		}
	}
	return (pick);
}

static char *
report_svg_k_of(const struct report *r, const char *task)
{
	struct svg_plot		*p;
	const struct report_k	*rk;
	struct buf		 label;
	double			*x, *y, *lo, *hi, top = 0;
	char			*svg, *text, *d;
	size_t			 si, bi, i, nb = r->o.nbudgets, pick, nsh;
	int			*used;

	x = xreallocarray(NULL, nb, sizeof *x);
	y = xreallocarray(NULL, nb, sizeof *y);
	lo = xreallocarray(NULL, nb, sizeof *lo);
	hi = xreallocarray(NULL, nb, sizeof *hi);
	used = xcalloc(r->nseries, sizeof *used);
	for (si = 0; si < r->nseries; si++) {
		for (bi = 0; bi < nb; bi++) {
			rk = report_k_of(r, si, bi, task);
			if (rk != NULL && rk->usable && rk->hi > top)
				top = rk->hi;
		}
	}
	text = task ? xstrdup(task) :
	    xstrdup("score@k against total time budget");
	p = svg_plot_create(text, NULL, "total time budget (log scale)",
	    "normalized score (0 = start, 1 = reference)");
	free(text);
	svg_plot_xrange(p, r->budgets[0] / 1.25, r->budgets[nb - 1] * 1.25,
	    1);
	svg_plot_yrange(p, 0, report_ymax(top));
	for (bi = 0; bi < nb; bi++) {
		text = report_duration(r->budgets[bi]);
		svg_plot_xtick(p, r->budgets[bi], text);
		free(text);
	}
	svg_plot_yticks_auto(p);
	svg_plot_hline(p, 1, "reference solution");

	/* One line per group: at each budget its best time per run. */
	for (si = 0; si < r->nseries; si++) {
		if (si > 0 && r->series[si].gindex ==
		    r->series[si - 1].gindex)
			continue;
		memset(used, 0, r->nseries * sizeof *used);
		for (bi = 0; bi < nb; bi++) {
			x[bi] = r->budgets[bi];
			y[bi] = lo[bi] = hi[bi] = NAN;
			if ((pick = report_shown(r, si, bi, task)) ==
			    (size_t)-1)
				continue;
			rk = report_k_of(r, pick, bi, task);
			y[bi] = rk->expected;
			lo[bi] = rk->lo;
			hi[bi] = rk->hi;
			used[pick] = 1;
		}
		/*
		 * A group with no point here (a panel of a task it did not
		 * run) is left out of this figure and its legend.
		 */
		for (i = 0, nsh = 0; i < r->nseries; i++)
			nsh += used[i];
		if (nsh == 0)
			continue;
		/* The label says the time per run of every point. */
		buf_init(&label);
		buf_printf(&label, "%s (", r->series[si].group);
		for (i = si, nsh = 0; i < r->nseries &&
		    r->series[i].gindex == r->series[si].gindex; i++) {
			if (!used[i])
				continue;
			d = report_duration(r->series[i].limit);
			buf_printf(&label, "%s%s", nsh++ ? " / " : "", d);
			free(d);
		}
		buf_printf(&label, "%s)", r->series[si].human ? " attempts" :
		    " runs");
		svg_plot_band(p, report_colour(r, &r->series[si]), x, lo, hi,
		    nb);
		svg_plot_series(p, buf_cstr(&label), report_colour(r,
		    &r->series[si]), SVG_MARKERS, x, y, nb);
		svg_plot_dash(p, r->series[si].gindex);
		buf_done(&label);
		/* A group with several times per run: each point says its. */
		for (bi = 0; bi < nb && nsh > 1; bi++) {
			if ((pick = report_shown(r, si, bi, task)) ==
			    (size_t)-1)
				continue;
			d = report_duration(r->series[pick].limit);
			svg_plot_note(p, r->budgets[bi], y[bi], d,
			    report_colour(r, &r->series[si]));
			free(d);
		}
	}
	svg = svg_plot_render(p);
	svg_plot_destroy(p);
	free(used);
	free(x);
	free(y);
	free(lo);
	free(hi);
	return (svg);
}

char *
report_svg_k(const struct report *r)
{
	return (report_svg_k_of(r, NULL));
}

char *
report_svg_k_tasks(const struct report *r)
{
	char	**docs, *svg;
	size_t	  i;

	docs = xcalloc(r->ntasks ? r->ntasks : 1, sizeof *docs);
	for (i = 0; i < r->ntasks; i++)
		docs[i] = report_svg_k_of(r, r->tasks[i]);
	svg = svg_compose("score@k against total time budget, per task",
	    docs, r->ntasks, 2);
	for (i = 0; i < r->ntasks; i++)
		free(docs[i]);
	free(docs);
	return (svg);
}

void
report_caption_k(const struct report *r, struct buf *b)
{
	buf_printf(b, "score@k against the total time budget, %zu task%s. "
	    "At a budget B a series with time per run L takes the best of "
	    "k = B / L runs drawn with replacement; the point is the exact "
	    "expected best of k, averaged over tasks. Agents are compared at "
	    "their own time limits (only runs of L <= B count); human "
	    "attempts are read at B when B is shorter than an attempt, and "
	    "are best of k attempts beyond it. Tasks whose score is hidden "
	    "or whose last submission counts take one random run instead of "
	    "the best. Where a group ran at several times per run, each "
	    "budget shows the one with the best estimate. Bands: 95%% "
	    "bootstrap confidence interval over runs (%zu replicates; each "
	    "resamples every task's runs with replacement, recomputes the "
	    "expected best of k and averages over tasks; 2.5th and 97.5th "
	    "percentiles). Each line is labelled with the times per run of its "
	    "points; where a group has several, each point is marked with "
	    "its own. score_at_k_tasks.svg has one panel per task, each at "
	    "the task's own best time per run.\n", r->ntasks,
	    r->ntasks == 1 ? "" : "s", r->o.nboot);
}
