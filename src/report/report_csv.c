/*
 * report_csv.c: the report's tables as CSV (RFC 4180), one row per run, per
 * (task or "all", series, time) and per (task or "all", series, budget).
 * Formatting only: every number comes from the model (report.c). Empty
 * cells are numbers that do not exist (an agent series at a budget shorter
 * than its runs).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "report.h"
#include "report_out.h"
#include "util.h"

void
report_csv_field(struct buf *b, const char *s)
{
	if (strpbrk(s, ",\"\n\r") == NULL) {
		buf_addstr(b, s);
		return;
	}
	buf_addstr(b, "\"");
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_addstr(b, "\"");
		buf_add(b, s, 1);
	}
	buf_addstr(b, "\"");
}

static void
report_csv_number(struct buf *b, double v)
{
	if (isnan(v))
		return;
	buf_printf(b, "%.6f", v);
}

void
report_runs_csv(const struct report *r, struct buf *b)
{
	const struct report_cell	*c;
	const struct study_run		*run;
	const struct analysis_run	*a;
	size_t				 i, j, s, valid;

	buf_addstr(b, "task,run_id,group,kind,participant,per_run_s,"
	    "limit_inferred,scorings,valid,last_elapsed_s,score,source,"
	    "dropped_after_limit,gave_up_reason,excluded,excluded_by,"
	    "excluded_why,attributes\n");
	for (i = 0; i < r->ncells; i++) {
		c = &r->cells[i];
		for (j = 0; j < c->n; j++) {
			run = c->src[j];
			a = &c->runs[j];
			valid = 0;
			for (s = 0; s < a->n; s++)
				valid += !isnan(a->v[s]);
			report_csv_field(b, run->task_id);
			buf_addstr(b, ",");
			report_csv_field(b, run->run_id);
			buf_addstr(b, ",");
			report_csv_field(b, run->group);
			buf_printf(b, ",%s,", run->kind);
			report_csv_field(b, run->participant ?
			    run->participant : "");
			buf_printf(b, ",%g,%d,%zu,%zu,%g,", run->limit,
			    run->limit_inferred, a->n, valid,
			    a->n ? a->t[a->n - 1] : 0.0);
			report_csv_number(b, analysis_final(a));
			buf_addstr(b, ",");
			report_csv_field(b, run->source ? run->source : "");
			buf_printf(b, ",%zu,", c->dropped[j]);
			report_csv_field(b, run->gave_up_reason ?
			    run->gave_up_reason : "");
			buf_printf(b, ",%d,", run->excluded);
			report_csv_field(b, run->excluded_by ?
			    run->excluded_by : "");
			buf_addstr(b, ",");
			report_csv_field(b, run->excluded_why ?
			    run->excluded_why : "");
			buf_addstr(b, ",");
			report_csv_field(b, run->attrs ? run->attrs : "");
			buf_addstr(b, "\n");
		}
	}
}

void
report_time_csv(const struct report *r, struct buf *b)
{
	const struct report_series	*s;
	const struct report_cell	*c;
	size_t				 si, ci, g, nt;

	buf_addstr(b, "scope,group,per_run_s,t_s,t_h,n,step_mean,"
	    "loglinear_mean,kind\n");
	for (si = 0; si < r->nseries; si++) {
		s = &r->series[si];
		for (g = 0; g < r->ngrid[si]; g++) {
			nt = 0;
			for (ci = 0; ci < r->ncells; ci++) {
				c = &r->cells[ci];
				if (c->series != si)
					continue;
				nt++;
				report_csv_field(b, c->task);
				buf_addstr(b, ",");
				report_csv_field(b, s->group);
				buf_printf(b, ",%g,%.1f,%.4f,%zu,%.6f,%.6f,%s\n",
				    s->limit, r->grid[si][g],
				    r->grid[si][g] / 3600, c->n, c->step[g],
				    c->loglin[g], s->kind);
			}
			buf_addstr(b, "all,");
			report_csv_field(b, s->group);
			buf_printf(b, ",%g,%.1f,%.4f,%zu,%.6f,%.6f,%s\n",
			    s->limit, r->grid[si][g], r->grid[si][g] / 3600,
			    nt, r->step[si][g], r->loglin[si][g], s->kind);
		}
	}
}

static void
report_k_row(struct buf *b, const char *scope, const struct report *r,
    const struct report_series *s, size_t bi, const struct report_k *k,
    size_t n, const char *tasks, int all)
{
	report_csv_field(b, scope);
	buf_addstr(b, ",");
	report_csv_field(b, s->group);
	buf_printf(b, ",%g,%g,%g,", s->limit, r->budgets[bi],
	    r->budgets[bi] / 3600);
	if (k->usable)
		buf_printf(b, "%u,%s,%zu,", k->k, report_rule(k->nhidden,
		    k->ntasks, k->at_budget), n);
	else
		buf_printf(b, ",runs_longer_than_budget,%zu,", n);
	report_csv_number(b, k->expected);
	buf_addstr(b, ",");
	report_csv_number(b, k->lo);
	buf_addstr(b, ",");
	report_csv_number(b, k->hi);
	buf_addstr(b, ",");
	report_csv_number(b, k->expected);
	if (all)
		buf_printf(b, ",%d,", k->shown);
	else
		buf_addstr(b, ",,");
	report_csv_field(b, tasks);
	buf_printf(b, ",%s,", s->kind);
	report_csv_number(b, k->boot_mean);
	buf_addstr(b, "\n");
}

void
report_k_csv(const struct report *r, struct buf *b)
{
	const struct report_cell	*c;
	size_t				 si, bi, ci, nb = r->o.nbudgets;

	/*
	 * mean is the point estimate (the exact expectation, also in
	 * "expected"); lo and hi the bootstrap interval over runs; boot_mean
	 * the replicates' mean, for who wants to see the bootstrap's bias.
	 */
	buf_addstr(b, "scope,group,per_run_s,budget_s,budget_h,k,rule,n,"
	    "mean,lo,hi,expected,shown,tasks,kind,boot_mean\n");
	for (si = 0; si < r->nseries; si++) {
		for (bi = 0; bi < nb; bi++) {
			for (ci = 0; ci < r->ncells; ci++) {
				c = &r->cells[ci];
				if (c->series == si)
					report_k_row(b, c->task, r,
					    &r->series[si], bi, &c->k[bi],
					    c->n, c->task, 0);
			}
		}
	}
	for (si = 0; si < r->nseries; si++) {
		for (bi = 0; bi < nb; bi++)
			report_k_row(b, "all", r, &r->series[si], bi,
			    &r->k[si * nb + bi], r->k[si * nb + bi].ntasks,
			    r->k[si * nb + bi].tasks, 1);
	}
}
