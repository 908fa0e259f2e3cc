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

char *
report_svg_time(const struct report *r)
{
	struct svg_plot			*p;
	const struct report_cell	*c;
	const struct analysis_run	*a;
	double				*x, *y, xmax, top = 0;
	char				*svg;
	size_t				 si, ci, i, j, n;

	xmax = 2 * ANALYSIS_LOG_T0;
	for (si = 0; si < r->nseries; si++) {
		if (r->series[si].limit > xmax)
			xmax = r->series[si].limit;
		for (i = 0; i < r->ngrid[si]; i++) {
			if (r->loglin[si][i] > top)
				top = r->loglin[si][i];
		}
	}
	p = svg_plot_create("Mean normalized score against time", NULL,
	    "elapsed time (log scale)", "normalized score (0 = start, "
	    "1 = reference)");
	svg_plot_xrange(p, ANALYSIS_LOG_T0, xmax, 1);
	svg_plot_yrange(p, 0, report_ymax(top));
	report_time_ticks(p, ANALYSIS_LOG_T0, xmax);
	svg_plot_yticks_auto(p);
	svg_plot_hline(p, 1, "reference solution");
	/* Many runs at full strength would hide the means: fade them. */
	svg_plot_faint_opacity(p, r->d.nruns <= 25 ? 0.3 :
	    (7.5 / r->d.nruns < 0.04 ? 0.04 : 7.5 / r->d.nruns));

	for (ci = 0; ci < r->ncells; ci++) {
		c = &r->cells[ci];
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
		svg_plot_series(p, r->series[si].label, report_colour(r,
		    &r->series[si]), SVG_LINE, r->grid[si], r->loglin[si],
		    r->ngrid[si]);
		/* A group's second time per run: same colour, dashed. */
		if (si > 0 && r->series[si].gindex ==
		    r->series[si - 1].gindex)
			svg_plot_dash_last(p);
	}
	svg = svg_plot_render(p);
	svg_plot_free(p);
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
	    "the y axis is set by the means.\n", r->ntasks,
	    r->ntasks == 1 ? "" : "s", r->d.nruns,
	    r->d.nruns == 1 ? "" : "s");
	if (r->dropped > 0)
		buf_printf(b, "%zu scoring%s logged after an agent run's "
		    "time limit (%zu run%s) are not counted.\n", r->dropped,
		    r->dropped == 1 ? "" : "s", r->dropped_runs,
		    r->dropped_runs == 1 ? "" : "s");
}

char *
report_svg_k(const struct report *r)
{
	struct svg_plot		*p;
	const struct report_k	*rk;
	double			*x, *y, *lo, *hi, top = 0;
	char			*svg, *label;
	size_t			 si, bi, i, nb = r->o.nbudgets;

	x = xreallocarray(NULL, nb, sizeof *x);
	y = xreallocarray(NULL, nb, sizeof *y);
	lo = xreallocarray(NULL, nb, sizeof *lo);
	hi = xreallocarray(NULL, nb, sizeof *hi);
	for (i = 0; i < r->nseries * nb; i++) {
		if (r->k[i].shown && r->k[i].hi > top)
			top = r->k[i].hi;
	}
	p = svg_plot_create("score@k against total time budget", NULL,
	    "total time budget (log scale)", "normalized score (0 = start, "
	    "1 = reference)");
	svg_plot_xrange(p, r->budgets[0] / 1.25, r->budgets[nb - 1] * 1.25,
	    1);
	svg_plot_yrange(p, 0, report_ymax(top));
	for (bi = 0; bi < nb; bi++) {
		label = report_duration(r->budgets[bi]);
		svg_plot_xtick(p, r->budgets[bi], label);
		free(label);
	}
	svg_plot_yticks_auto(p);
	svg_plot_hline(p, 1, "reference solution");

	/* One line per group: at each budget its best time per run. */
	for (si = 0; si < r->nseries; si++) {
		if (si > 0 && r->series[si].gindex ==
		    r->series[si - 1].gindex)
			continue;
		for (bi = 0; bi < nb; bi++) {
			x[bi] = r->budgets[bi];
			y[bi] = lo[bi] = hi[bi] = NAN;
			for (i = si; i < r->nseries &&
			    r->series[i].gindex == r->series[si].gindex; i++) {
				rk = &r->k[i * nb + bi];
				if (!rk->shown)
					continue;
				y[bi] = rk->expected;
				lo[bi] = rk->lo;
				hi[bi] = rk->hi;
			}
		}
		svg_plot_band(p, report_colour(r, &r->series[si]), x, lo, hi,
		    nb);
		svg_plot_series(p, r->series[si].label, report_colour(r,
		    &r->series[si]), SVG_MARKERS, x, y, nb);
	}
	svg = svg_plot_render(p);
	svg_plot_free(p);
	free(x);
	free(y);
	free(lo);
	free(hi);
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
	    "percentiles).\n", r->ntasks, r->ntasks == 1 ? "" : "s",
	    r->o.nboot);
}
