/*
 * cmd_report.c: "import-runs" and "report", the researcher's side of
 * comparing humans with agents as the RE-Bench paper did.
 *
 * import-runs fills a study database (study.c) from score logs and exported
 * sessions. report reads it back and groups runs three ways:
 *
 * - a cell is the runs of one task by one group with one time per run;
 * - a series is a (group, time per run) pair across tasks: "human, 8 h",
 *   "agent-x, 2 h". Groups are agent names, and "human" for every human;
 * - averages over tasks are means of per-task means, over the tasks the
 *   series has, which the outputs name.
 *
 * For each series it computes the mean score at time t (analysis.c) on a
 * grid of times and score@k at each total budget, per task and averaged;
 * every number goes to a CSV file, the averages to two SVG plots and a
 * table on the terminal. Where a group ran at several times per run, the
 * score@k plot shows, at each budget, the one with the best mean, as the
 * paper chose the best time allocation per agent; the CSV marks it.
 *
 * The bootstrap of each (task, series, budget) has its own random stream,
 * seeded from --seed and the names, so a number does not change when
 * another task or group joins the study.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "cmd.h"
#include "study.h"
#include "svg.h"
#include "util.h"

static int	cmd_import_runs_exec(int, char **);
static int	cmd_report_exec(int, char **);

const struct cmd_entry cmd_import_runs_entry = {
	.name = "import-runs",
	.usage = "[--study DB] [--tasks DIR] [--task-params SPEC] FILE...",
	.summary = "import agent or human score logs and exported sessions "
	    "into a study",
	.help =
	    "FILE is a score log, CSV with a header row or JSONL, one scoring\n"
	    "per row: run_id, task_id (or task), agent (or agent_name),\n"
	    "elapsed_s (or elapsed), score, and optionally normalized,\n"
	    "time_limit_s, kind (agent|human) and status; or a folder written\n"
	    "by 'baseliner export' (session.json and scores.jsonl).\n"
	    "Importing a run again replaces it.\n\n"
	    "  --study DB          the study database "
	    "(default $BASELINER_HOME/study.db)\n"
	    "  --tasks DIR         read normalization from the task packs "
	    "in DIR\n"
	    "  --task-params TASK:Y_START:Y_REF:lower|higher"
	    "[:best|last[:visible|hidden]]\n"
	    "                      set a task's normalization by hand\n",
	.exec = cmd_import_runs_exec
};

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.usage = "[--study DB] -o DIR [--seed N] [--bootstrap N] "
	    "[--budgets H,H,...]",
	.summary = "compare humans and agents: score over time and score@k, "
	    "as tables and plots",
	.help =
	    "  --study DB          the study database "
	    "(default $BASELINER_HOME/study.db)\n"
	    "  -o, --output DIR    the folder for the CSV tables and SVG "
	    "plots\n"
	    "  --seed N            seed of the bootstrap (default 0)\n"
	    "  --bootstrap N       resamples per estimate (default 1000)\n"
	    "  --budgets LIST      total time budgets in hours "
	    "(default 0.5,2,8,16,32)\n",
	.exec = cmd_report_exec
};

/* import-runs */

static int
cmd_import_runs_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "study", required_argument, NULL, 'd' },
		{ "tasks", required_argument, NULL, 't' },
		{ "task-params", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	const char		*name = cmd_import_runs_entry.name;
	struct study		*st = NULL;
	struct study_task	 t;
	struct study_import	 stats, total;
	char			*path = NULL, *cause = NULL, **packs = NULL;
	char			**params = NULL;
	size_t			 npacks = 0, nparams = 0, i, n;
	int			 ch, rc = 1, failed = 0;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			free(path);
			path = xstrdup(optarg);
			break;
		case 't':
			packs = xreallocarray(packs, npacks + 1, sizeof *packs);
			packs[npacks++] = optarg;
			break;
		case 'p':
			params = xreallocarray(params, nparams + 1,
			    sizeof *params);
			params[nparams++] = optarg;
			break;
		default:
			cmd_usage(&cmd_import_runs_entry, 1);
			rc = 2;
			goto out;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0 && npacks == 0 && nparams == 0) {
		cmd_usage(&cmd_import_runs_entry, 1);
		rc = 2;
		goto out;
	}
	if (path == NULL)
		path = study_default_path();
	if (study_open(path, &st, &cause) != 0) {
		cmd_error(name, "%s", cause);
		goto out;
	}

	for (i = 0; i < nparams; i++) {
		if (study_parse_task_param(params[i], &t, &cause) != 0) {
			cmd_error(name, "%s", cause);
			goto out;
		}
		if (study_put_task(st, &t, &cause) != 0) {
			study_task_clear(&t);
			cmd_error(name, "%s", cause);
			goto out;
		}
		printf("task %s: %s, y_start %g, y_ref %g, %s, %s\n", t.id,
		    norm_dir_name(t.direction), t.y_start, t.y_ref,
		    norm_agg_name(t.aggregation), t.hidden ? "hidden" :
		    "visible");
		study_task_clear(&t);
	}
	for (i = 0; i < npacks; i++) {
		if (study_load_packs(st, packs[i], &n, &cause) != 0) {
			cmd_error(name, "%s", cause);
			goto out;
		}
		printf("%s: %zu task pack%s\n", packs[i], n, n == 1 ? "" : "s");
	}

	memset(&total, 0, sizeof total);
	for (i = 0; i < (size_t)argc; i++) {
		memset(&stats, 0, sizeof stats);
		if (study_import_path(st, argv[i], &stats, &cause) != 0) {
			/* Each file is its own transaction: go on. */
			cmd_error(name, "%s", cause);
			free(cause);
			cause = NULL;
			failed++;
			continue;
		}
		printf("%s: %zu run%s, %zu scoring%s", argv[i], stats.runs,
		    stats.runs == 1 ? "" : "s", stats.scores,
		    stats.scores == 1 ? "" : "s");
		if (stats.replaced > 0)
			printf(" (%zu replaced)", stats.replaced);
		printf("\n");
		total.runs += stats.runs;
		total.inferred += stats.inferred;
	}
	if (total.inferred > 0)
		printf("note: %zu run%s had no time_limit_s; %s limit is the "
		    "last scoring rounded up to a multiple of 30 min\n",
		    total.inferred, total.inferred == 1 ? "" : "s",
		    total.inferred == 1 ? "its" : "their");
	if (argc > 0)
		printf("study %s: %zu run%s imported\n", path, total.runs,
		    total.runs == 1 ? "" : "s");
	rc = failed ? 1 : 0;
out:
	study_close(st);
	free(cause);
	free(path);
	free(packs);
	free(params);
	return (rc);
}

/* report */

struct rep_series {
	const char	*group;
	const char	*kind;
	double		 limit;		/* time per run */
	char		*label;
	const char	*colour;
	size_t		 gindex;	/* which group, for its colour */
};

struct rep_cell {
	const char		*task;
	size_t			 series;
	struct analysis_run	*runs;
	size_t			 n;
	const struct study_run	*src;	/* its n runs in the study */
	enum norm_agg		 agg;
	int			 hidden;
};

/* score@k of a series averaged over its tasks, at one budget. */
struct rep_k {
	struct analysis_summary	 sum;
	double			 expected;
	unsigned		 k;
	int			 at_budget;
	size_t			 ntasks;
	char			*tasks;		/* "a;b;c" */
	size_t			 nhidden;	/* random-draw tasks */
	int			 shown;
};

struct report {
	struct study_data	 d;
	const char		*outdir;
	uint64_t		 seed;
	size_t			 nboot;
	double			*budgets;	/* seconds */
	size_t			 nbudgets;

	struct rep_series	*series;
	size_t			 nseries;
	struct rep_cell		*cells;	/* by task, series */
	size_t			 ncells;
	const char		**tasks;
	size_t			 ntasks;
	double			*tv;		/* the runs' arrays */
	struct rep_k		*k;		/* [series][budget] */
	/* The averaged log-linear curve of each series, for the plot. */
	double			**curve_t;
	double			**curve_v;
	size_t			*curve_n;
};

static char *
rep_duration(double s)
{
	if (s < 3600 - 1e-6)
		return (xasprintf("%g min", s / 60));
	return (xasprintf("%g h", s / 3600));
}

static void
rep_csv_field(struct buf *b, const char *s)
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
rep_csv_number(struct buf *b, double v)
{
	if (isnan(v))
		return;
	buf_printf(b, "%.6f", v);
}

static const struct study_task *
rep_task(const struct report *r, const char *id)
{
	size_t	i;

	for (i = 0; i < r->d.ntasks; i++) {
		if (strcmp(r->d.tasks[i].id, id) == 0)
			return (&r->d.tasks[i]);
	}
	return (NULL);
}

static int
rep_series_cmp(const struct rep_series *a, const struct rep_series *b)
{
	int	ha = strcmp(a->kind, "human") == 0;
	int	hb = strcmp(b->kind, "human") == 0;
	int	c;

	/* Humans first, then agents by name, then by time per run. */
	if (ha != hb)
		return (ha ? -1 : 1);
	if ((c = strcmp(a->group, b->group)) != 0)
		return (c);
	return (a->limit < b->limit ? -1 : a->limit > b->limit);
}

/*
 * Human attempts are one series whatever their limits: a limit includes
 * the extra time granted when the organisers had to fix a problem, and the
 * paper counts every human attempt as an 8-hour one.
 */
static int
rep_human(const struct study_run *run)
{
	return (strcmp(run->kind, "human") == 0);
}

/* The most common limit of a human series (the shortest of a tie). */
static double
rep_mode_limit(const struct report *r, const struct rep_series *s)
{
	const struct study_run	*a, *b;
	size_t			 i, j, n, best = 0;
	double			 limit = s->limit;

	for (i = 0; i < r->d.nruns; i++) {
		a = &r->d.runs[i];
		if (strcmp(a->group, s->group) != 0 ||
		    strcmp(a->kind, s->kind) != 0)
			continue;
		for (j = 0, n = 0; j < r->d.nruns; j++) {
			b = &r->d.runs[j];
			n += strcmp(b->group, s->group) == 0 &&
			    strcmp(b->kind, s->kind) == 0 &&
			    b->limit == a->limit;
		}
		if (n > best || (n == best && a->limit < limit)) {
			best = n;
			limit = a->limit;
		}
	}
	return (limit);
}

static size_t
rep_series_find(struct report *r, const struct study_run *run)
{
	struct rep_series	 s, *v;
	size_t			 i;

	for (i = 0; i < r->nseries; i++) {
		v = &r->series[i];
		if (strcmp(v->group, run->group) == 0 &&
		    strcmp(v->kind, run->kind) == 0 &&
		    (v->limit == run->limit || rep_human(run)))
			return (i);
	}
	memset(&s, 0, sizeof s);
	s.group = run->group;
	s.kind = run->kind;
	s.limit = run->limit;
	/* Insert in order, so that series are numbered as they are shown. */
	for (i = 0; i < r->nseries; i++) {
		if (rep_series_cmp(&s, &r->series[i]) < 0)
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

/* Group the study's runs into series and cells. */
static void
rep_build(struct report *r)
{
	const struct study_run	*run;
	const struct study_task	*task;
	struct rep_cell		*c;
	struct analysis_run	*a;
	size_t			 i, j, ntv = 0, used = 0, groups;
	double			*tv;

	for (i = 0; i < r->d.nruns; i++) {
		rep_series_find(r, &r->d.runs[i]);
		ntv += 2 * r->d.runs[i].nscores;
	}
	for (i = 0; i < r->nseries; i++) {
		if (strcmp(r->series[i].kind, "human") == 0)
			r->series[i].limit = rep_mode_limit(r, &r->series[i]);
	}
	for (i = 0, groups = 0; i < r->nseries; i++) {
		if (i > 0 && strcmp(r->series[i].group,
		    r->series[i - 1].group) != 0)
			groups++;
		r->series[i].gindex = groups;
		/* Humans are the near-black of the palette, agents after. */
		r->series[i].colour = svg_colour(groups +
		    (strcmp(r->series[0].kind, "human") == 0 ? 0 : 1));
	}
	for (i = 0; i < r->nseries; i++) {
		for (j = 0; j < r->nseries; j++) {
			if (j != i && strcmp(r->series[i].group,
			    r->series[j].group) == 0)
				break;
		}
		if (j == r->nseries)
			r->series[i].label = xstrdup(r->series[i].group);
		else {
			char *d = rep_duration(r->series[i].limit);
			r->series[i].label = xasprintf("%s (%s runs)",
			    r->series[i].group, d);
			free(d);
		}
	}

	/* Runs come ordered by task, group, limit: cells are consecutive. */
	r->tv = tv = xreallocarray(NULL, ntv ? ntv : 1, sizeof *tv);
	for (i = 0; i < r->d.nruns; i++) {
		run = &r->d.runs[i];
		if (r->ntasks == 0 ||
		    strcmp(r->tasks[r->ntasks - 1], run->task_id) != 0) {
			r->tasks = xreallocarray(r->tasks, r->ntasks + 1,
			    sizeof *r->tasks);
			r->tasks[r->ntasks++] = run->task_id;
		}
		c = r->ncells ? &r->cells[r->ncells - 1] : NULL;
		if (c == NULL || strcmp(c->task, run->task_id) != 0 ||
		    c->series != rep_series_find(r, run)) {
			r->cells = xreallocarray(r->cells, r->ncells + 1,
			    sizeof *r->cells);
			c = &r->cells[r->ncells++];
			memset(c, 0, sizeof *c);
			c->task = run->task_id;
			c->series = rep_series_find(r, run);
			c->src = run;
			task = rep_task(r, run->task_id);
			c->agg = task ? task->aggregation : NORM_BEST;
			c->hidden = task ? (task->hidden ||
			    task->aggregation == NORM_LAST) : 0;
		}
		c->runs = xreallocarray(c->runs, c->n + 1, sizeof *c->runs);
		a = &c->runs[c->n++];
		a->t = tv + used;
		a->v = tv + used + run->nscores;
		for (j = 0; j < run->nscores; j++) {
			tv[used + j] = run->scores[j].elapsed;
			tv[used + run->nscores + j] =
			    run->scores[j].normalized;
		}
		used += 2 * run->nscores;
		a->n = run->nscores;
		a->limit = run->limit;
		a->agg = c->agg;
	}
}

static int
rep_write(const struct report *r, const char *file, struct buf *b,
    char **cause)
{
	char	*path;
	int	 rc;

	path = path_join(r->outdir, file);
	rc = file_write(path, b->data ? b->data : "", b->len, cause);
	free(path);
	return (rc);
}

static int
rep_runs_csv(struct report *r, char **cause)
{
	const struct study_run	*run;
	struct analysis_run	*a;
	struct buf		 b;
	size_t			 i, j, valid;
	int			 rc;

	buf_init(&b);
	buf_addstr(&b, "task,run_id,group,kind,participant,per_run_s,"
	    "limit_inferred,scorings,valid,last_elapsed_s,score,source\n");
	for (i = 0; i < r->ncells; i++) {
		for (j = 0; j < r->cells[i].n; j++) {
			run = &r->cells[i].src[j];
			a = &r->cells[i].runs[j];
			valid = 0;
			for (size_t s = 0; s < a->n; s++)
				valid += !isnan(a->v[s]);
			rep_csv_field(&b, run->task_id);
			buf_addstr(&b, ",");
			rep_csv_field(&b, run->run_id);
			buf_addstr(&b, ",");
			rep_csv_field(&b, run->group);
			buf_printf(&b, ",%s,", run->kind);
			rep_csv_field(&b, run->participant ?
			    run->participant : "");
			buf_printf(&b, ",%g,%d,%zu,%zu,%g,", run->limit,
			    run->limit_inferred, a->n, valid,
			    a->n ? a->t[a->n - 1] : 0.0);
			rep_csv_number(&b, analysis_final(a));
			buf_addstr(&b, ",");
			rep_csv_field(&b, run->source ? run->source : "");
			buf_addstr(&b, "\n");
		}
	}
	rc = rep_write(r, "runs.csv", &b, cause);
	buf_free(&b);
	return (rc);
}

/* Times at which curves are sampled: every quarter doubling from 1 min. */
static size_t
rep_grid(double limit, double **out)
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

static int
rep_time_csv(struct report *r, char **cause)
{
	struct rep_series	*s;
	struct rep_cell		*c;
	struct buf		 b;
	double			*grid, step, loglin, allstep, allloglin;
	size_t			 si, ci, g, ng, i, ntasks;
	int			 rc;

	buf_init(&b);
	buf_addstr(&b, "scope,group,per_run_s,t_s,t_h,n,step_mean,"
	    "loglinear_mean\n");
	r->curve_t = xcalloc(r->nseries, sizeof *r->curve_t);
	r->curve_v = xcalloc(r->nseries, sizeof *r->curve_v);
	r->curve_n = xcalloc(r->nseries, sizeof *r->curve_n);
	for (si = 0; si < r->nseries; si++) {
		s = &r->series[si];
		ng = rep_grid(s->limit, &grid);
		r->curve_t[si] = grid;
		r->curve_v[si] = xcalloc(ng, sizeof **r->curve_v);
		r->curve_n[si] = ng;
		for (g = 0; g < ng; g++) {
			allstep = allloglin = 0;
			ntasks = 0;
			for (ci = 0; ci < r->ncells; ci++) {
				c = &r->cells[ci];
				if (c->series != si)
					continue;
				step = loglin = 0;
				for (i = 0; i < c->n; i++) {
					step += analysis_step_at(&c->runs[i],
					    grid[g]);
					loglin += analysis_loglinear_at(
					    &c->runs[i], grid[g]);
				}
				step /= c->n;
				loglin /= c->n;
				rep_csv_field(&b, c->task);
				buf_addstr(&b, ",");
				rep_csv_field(&b, s->group);
				buf_printf(&b, ",%g,%.1f,%.4f,%zu,%.6f,%.6f\n",
				    s->limit, grid[g], grid[g] / 3600, c->n,
				    step, loglin);
				allstep += step;
				allloglin += loglin;
				ntasks++;
			}
			allstep /= ntasks;
			allloglin /= ntasks;
			r->curve_v[si][g] = allloglin;
			buf_addstr(&b, "all,");
			rep_csv_field(&b, s->group);
			buf_printf(&b, ",%g,%.1f,%.4f,%zu,%.6f,%.6f\n",
			    s->limit, grid[g], grid[g] / 3600, ntasks,
			    allstep, allloglin);
		}
	}
	rc = rep_write(r, "score_at_time.csv", &b, cause);
	buf_free(&b);
	return (rc);
}

static uint64_t
rep_stream(const struct report *r, const char *task, const char *group,
    double limit, double budget)
{
	char		num[64];
	uint64_t	h;

	h = analysis_hash(0, task);
	h = analysis_hash(h, group);
	snprintf(num, sizeof num, "%.17g/%.17g", limit, budget);
	h = analysis_hash(h, num);
	return (h ^ (r->seed * 0x9e3779b97f4a7c15ULL));
}

/* How runs were drawn: for an average, "mixed" if its tasks differ. */
static const char *
rep_rule(size_t nhidden, size_t ntasks, int at_budget)
{
	if (nhidden > 0 && nhidden < ntasks)
		return (at_budget ? "mixed_at_budget" : "mixed");
	if (nhidden > 0)
		return (at_budget ? "random_at_budget" : "random");
	return (at_budget ? "at_budget" : "best_of_k");
}

static int
rep_k_csv(struct report *r, char **cause)
{
	struct rep_series	*s;
	struct rep_cell		*c;
	struct rep_k		*rk;
	struct analysis_rng	 rng;
	struct analysis_atk	 atk;
	struct analysis_summary	 sum;
	struct buf		 b, tasks;
	double			*scores, *reps, *mean, best;
	size_t			 si, bi, ci, i, j, maxn = 1;
	int			 rc;

	for (ci = 0; ci < r->ncells; ci++) {
		if (r->cells[ci].n > maxn)
			maxn = r->cells[ci].n;
	}
	scores = xreallocarray(NULL, maxn, sizeof *scores);
	reps = xreallocarray(NULL, r->nboot, sizeof *reps);
	mean = xreallocarray(NULL, r->nboot, sizeof *mean);
	r->k = xcalloc(r->nseries * r->nbudgets, sizeof *r->k);

	buf_init(&b);
	buf_addstr(&b, "scope,group,per_run_s,budget_s,budget_h,k,rule,n,"
	    "mean,lo,hi,expected,shown,tasks\n");
	for (si = 0; si < r->nseries; si++) {
		s = &r->series[si];
		for (bi = 0; bi < r->nbudgets; bi++) {
			rk = &r->k[si * r->nbudgets + bi];
			memset(mean, 0, r->nboot * sizeof *mean);
			buf_init(&tasks);
			for (ci = 0; ci < r->ncells; ci++) {
				c = &r->cells[ci];
				if (c->series != si)
					continue;
				analysis_rng_seed(&rng, rep_stream(r, c->task,
				    s->group, s->limit, r->budgets[bi]));
				analysis_score_at_k(c->runs, c->n, s->limit,
				    r->budgets[bi], c->hidden, &rng, r->nboot,
				    scores, reps, &atk);
				for (j = 0; j < r->nboot; j++)
					mean[j] += reps[j];
				analysis_summarize(reps, r->nboot, &sum);
				rk->expected += atk.expected;
				rk->k = atk.k;
				rk->at_budget = atk.at_budget;
				rk->ntasks++;
				rk->nhidden += c->hidden != 0;
				if (tasks.len > 0)
					buf_addstr(&tasks, ";");
				buf_addstr(&tasks, c->task);

				rep_csv_field(&b, c->task);
				buf_addstr(&b, ",");
				rep_csv_field(&b, s->group);
				buf_printf(&b, ",%g,%g,%g,%u,%s,%zu,", s->limit,
				    r->budgets[bi], r->budgets[bi] / 3600,
				    atk.k, rep_rule(c->hidden, 1,
				    atk.at_budget),
				    c->n);
				rep_csv_number(&b, sum.mean);
				buf_addstr(&b, ",");
				rep_csv_number(&b, sum.lo);
				buf_addstr(&b, ",");
				rep_csv_number(&b, sum.hi);
				buf_addstr(&b, ",");
				rep_csv_number(&b, atk.expected);
				buf_addstr(&b, ",,");
				rep_csv_field(&b, c->task);
				buf_addstr(&b, "\n");
			}
			/* The average over tasks, replicate by replicate. */
			for (j = 0; j < r->nboot; j++)
				mean[j] /= rk->ntasks;
			analysis_summarize(mean, r->nboot, &rk->sum);
			rk->expected /= rk->ntasks;
			rk->tasks = xstrdup(buf_cstr(&tasks));
			buf_free(&tasks);
		}
	}

	/* Per group and budget, the time per run with the best mean. */
	for (si = 0; si < r->nseries; si++) {
		for (bi = 0; bi < r->nbudgets; bi++) {
			best = r->k[si * r->nbudgets + bi].sum.mean;
			for (i = 0; i < r->nseries; i++) {
				if (i == si || strcmp(r->series[i].group,
				    r->series[si].group) != 0)
					continue;
				rk = &r->k[i * r->nbudgets + bi];
				if (rk->sum.mean > best ||
				    (rk->sum.mean == best && i < si))
					break;
			}
			r->k[si * r->nbudgets + bi].shown = i == r->nseries;
		}
	}
	for (si = 0; si < r->nseries; si++) {
		s = &r->series[si];
		for (bi = 0; bi < r->nbudgets; bi++) {
			rk = &r->k[si * r->nbudgets + bi];
			buf_addstr(&b, "all,");
			rep_csv_field(&b, s->group);
			buf_printf(&b, ",%g,%g,%g,%u,%s,%zu,", s->limit,
			    r->budgets[bi], r->budgets[bi] / 3600, rk->k,
			    rep_rule(rk->nhidden, rk->ntasks, rk->at_budget),
			    rk->ntasks);
			rep_csv_number(&b, rk->sum.mean);
			buf_addstr(&b, ",");
			rep_csv_number(&b, rk->sum.lo);
			buf_addstr(&b, ",");
			rep_csv_number(&b, rk->sum.hi);
			buf_addstr(&b, ",");
			rep_csv_number(&b, rk->expected);
			buf_printf(&b, ",%d,", rk->shown);
			rep_csv_field(&b, rk->tasks);
			buf_addstr(&b, "\n");
		}
	}
	rc = rep_write(r, "score_at_k.csv", &b, cause);
	buf_free(&b);
	free(scores);
	free(reps);
	free(mean);
	return (rc);
}

/* Ticks of a log time axis, at the durations people think in. */
static void
rep_time_ticks(struct svg_plot *p, double min, double max)
{
	static const double	 at[] = { 60, 300, 900, 1800, 3600, 7200,
				     14400, 28800, 57600, 115200, 230400 };
	char			*label;
	size_t			 i;

	for (i = 0; i < nitems(at); i++) {
		if (at[i] < min * (1 - 1e-9) || at[i] > max * (1 + 1e-9))
			continue;
		label = rep_duration(at[i]);
		svg_plot_xtick(p, at[i], label);
		free(label);
	}
}

static double
rep_ymax(double top)
{
	/* At least the reference, rounded up to a quarter, with headroom. */
	if (!(top > 1))
		top = 1;
	return (ceil(top * 1.08 * 4) / 4);
}

static int
rep_plot_time(struct report *r, char **cause)
{
	struct svg_plot		*p;
	struct rep_cell		*c;
	struct analysis_run	*a;
	struct buf		 b;
	double			*x, *y, xmax, top = 0;
	char			*sub, *svg;
	size_t			 si, ci, i, j, n;
	int			 rc;

	xmax = 2 * ANALYSIS_LOG_T0;
	for (si = 0; si < r->nseries; si++) {
		if (r->series[si].limit > xmax)
			xmax = r->series[si].limit;
	}
	for (ci = 0; ci < r->ncells; ci++) {
		for (i = 0; i < r->cells[ci].n; i++) {
			a = &r->cells[ci].runs[i];
			if (analysis_final(a) > top)
				top = analysis_final(a);
		}
	}
	sub = xasprintf("%zu task%s, %zu run%s. Lines: mean over runs of "
	    "each run's score interpolated linearly in log time, then over "
	    "tasks.\nFaint: each run's best score so far.", r->ntasks,
	    r->ntasks == 1 ? "" : "s", r->d.nruns, r->d.nruns == 1 ? "" : "s");
	p = svg_plot_create("Best normalized score against time", sub,
	    "elapsed time (log scale)", "normalized score (0 = start, "
	    "1 = reference)");
	free(sub);
	svg_plot_xrange(p, ANALYSIS_LOG_T0, xmax, 1);
	svg_plot_yrange(p, 0, rep_ymax(top));
	rep_time_ticks(p, ANALYSIS_LOG_T0, xmax);
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
			svg_plot_series(p, NULL, r->series[c->series].colour,
			    SVG_FAINT_STEP, x, y, n);
			free(x);
			free(y);
		}
	}
	for (si = 0; si < r->nseries; si++) {
		svg_plot_series(p, r->series[si].label, r->series[si].colour,
		    SVG_LINE, r->curve_t[si], r->curve_v[si], r->curve_n[si]);
		/* A group's second time per run: same colour, dashed. */
		if (si > 0 && r->series[si].gindex ==
		    r->series[si - 1].gindex)
			svg_plot_dash_last(p);
	}

	svg = svg_plot_render(p);
	svg_plot_free(p);
	buf_init(&b);
	buf_addstr(&b, svg);
	free(svg);
	rc = rep_write(r, "score_vs_time.svg", &b, cause);
	buf_free(&b);
	return (rc);
}

static int
rep_plot_k(struct report *r, char **cause)
{
	struct svg_plot		*p;
	struct rep_k		*rk;
	struct buf		 b;
	double			*x, *y, *lo, *hi, top = 0;
	char			*svg, *sub, *label;
	size_t			 si, bi, i;
	int			 rc;

	x = xreallocarray(NULL, r->nbudgets, sizeof *x);
	y = xreallocarray(NULL, r->nbudgets, sizeof *y);
	lo = xreallocarray(NULL, r->nbudgets, sizeof *lo);
	hi = xreallocarray(NULL, r->nbudgets, sizeof *hi);
	for (i = 0; i < r->nseries * r->nbudgets; i++) {
		if (r->k[i].shown && r->k[i].sum.hi > top)
			top = r->k[i].sum.hi;
	}
	sub = xasprintf("Best of k runs drawn with replacement, k = budget / "
	    "time per run (runs longer than the budget: their score at the "
	    "budget).\nMean over tasks of the mean of %zu bootstrap draws; "
	    "band: 95%% of the draws.", r->nboot);
	p = svg_plot_create("score@k against total time budget", sub,
	    "total time budget (log scale)", "normalized score (0 = start, "
	    "1 = reference)");
	free(sub);
	svg_plot_xrange(p, r->budgets[0] / 1.25,
	    r->budgets[r->nbudgets - 1] * 1.25, 1);
	svg_plot_yrange(p, 0, rep_ymax(top));
	for (bi = 0; bi < r->nbudgets; bi++) {
		label = rep_duration(r->budgets[bi]);
		svg_plot_xtick(p, r->budgets[bi], label);
		free(label);
	}
	svg_plot_yticks_auto(p);
	svg_plot_hline(p, 1, "reference solution");

	/* One line per group: at each budget its best time per run. */
	for (si = 0; si < r->nseries; si++) {
		if (si > 0 && strcmp(r->series[si].group,
		    r->series[si - 1].group) == 0)
			continue;
		for (bi = 0; bi < r->nbudgets; bi++) {
			x[bi] = r->budgets[bi];
			y[bi] = lo[bi] = hi[bi] = NAN;
			for (i = si; i < r->nseries && strcmp(
			    r->series[i].group, r->series[si].group) == 0;
			    i++) {
				rk = &r->k[i * r->nbudgets + bi];
				if (!rk->shown)
					continue;
				y[bi] = rk->sum.mean;
				lo[bi] = rk->sum.lo;
				hi[bi] = rk->sum.hi;
			}
		}
		svg_plot_band(p, r->series[si].colour, x, lo, hi, r->nbudgets);
		svg_plot_series(p, r->series[si].group, r->series[si].colour,
		    SVG_MARKERS, x, y, r->nbudgets);
	}
	svg = svg_plot_render(p);
	svg_plot_free(p);
	buf_init(&b);
	buf_addstr(&b, svg);
	free(svg);
	rc = rep_write(r, "score_at_k.svg", &b, cause);
	buf_free(&b);
	free(x);
	free(y);
	free(lo);
	free(hi);
	return (rc);
}

/* A table printed with columns as wide as their widest cell. */
struct rep_table {
	char	**cells;	/* row by row */
	size_t	  n;
	size_t	  ncols;
};

static void
rep_table_add(struct rep_table *t, char *cell)
{
	t->cells = xreallocarray(t->cells, t->n + 1, sizeof *t->cells);
	t->cells[t->n++] = cell;
}

static void
rep_table_print(struct rep_table *t)
{
	size_t	*w, c, i;

	w = xcalloc(t->ncols, sizeof *w);
	for (i = 0; i < t->n; i++) {
		c = i % t->ncols;
		if (strlen(t->cells[i]) > w[c])
			w[c] = strlen(t->cells[i]);
	}
	for (i = 0; i < t->n; i++) {
		c = i % t->ncols;
		if (c + 1 == t->ncols || i + 1 == t->n)
			printf("%s\n", t->cells[i]);
		else
			printf("%-*s  ", (int)w[c], t->cells[i]);
		free(t->cells[i]);
	}
	free(t->cells);
	free(w);
	memset(t, 0, sizeof *t);
}

static void
rep_summary(struct report *r, const char *studypath)
{
	struct rep_table	 t;
	struct rep_k		*rk;
	struct rep_cell		*c;
	size_t			 si, bi, ci, ti, nh = 0, i;
	double			 sum;
	int			 any;

	for (i = 0; i < r->d.nruns; i++)
		nh += strcmp(r->d.runs[i].kind, "human") == 0;
	printf("study %s: %zu task%s, %zu run%s (%zu human, %zu agent)\n\n",
	    studypath, r->ntasks, r->ntasks == 1 ? "" : "s", r->d.nruns,
	    r->d.nruns == 1 ? "" : "s", nh, r->d.nruns - nh);

	printf("score@k, mean over tasks [95%% of bootstrap draws]; "
	    "* = the time per run plotted\n");
	memset(&t, 0, sizeof t);
	t.ncols = 3 + r->nbudgets;
#define ADD(s) rep_table_add(&t, (s))
	ADD(xstrdup("group"));
	ADD(xstrdup("per run"));
	ADD(xstrdup("tasks"));
	for (bi = 0; bi < r->nbudgets; bi++)
		ADD(rep_duration(r->budgets[bi]));
	for (si = 0; si < r->nseries; si++) {
		ADD(xstrdup(r->series[si].group));
		ADD(rep_duration(r->series[si].limit));
		rk = &r->k[si * r->nbudgets];
		ADD(xasprintf("%zu", rk->ntasks));
		for (bi = 0; bi < r->nbudgets; bi++) {
			rk = &r->k[si * r->nbudgets + bi];
			ADD(xasprintf("%.2f [%.2f, %.2f]%s", rk->sum.mean,
			    rk->sum.lo, rk->sum.hi, rk->shown ? "*" : " "));
		}
	}
	rep_table_print(&t);

	printf("\nfinal score per task, mean over runs (runs)\n");
	t.ncols = 1 + r->nseries;
	ADD(xstrdup("task"));
	for (si = 0; si < r->nseries; si++)
		ADD(xstrdup(r->series[si].label));
	for (ti = 0; ti < r->ntasks; ti++) {
		ADD(xstrdup(r->tasks[ti]));
		for (si = 0; si < r->nseries; si++) {
			c = NULL;
			for (ci = 0; ci < r->ncells; ci++) {
				if (r->cells[ci].series == si &&
				    strcmp(r->cells[ci].task,
				    r->tasks[ti]) == 0)
					c = &r->cells[ci];
			}
			if (c == NULL) {
				ADD(xstrdup("-"));
				continue;
			}
			sum = 0;
			for (i = 0; i < c->n; i++)
				sum += analysis_final(&c->runs[i]);
			ADD(xasprintf("%.2f (%zu)", sum / c->n, c->n));
		}
	}
#undef ADD
	rep_table_print(&t);

	any = 0;
	for (ti = 0; ti < r->ntasks; ti++) {
		const struct study_task *task = rep_task(r, r->tasks[ti]);

		if (task == NULL) {
			if (!any++)
				printf("\n");
			printf("note: task %s has no parameters in the study; "
			    "its score is taken as the best, and visible\n",
			    r->tasks[ti]);
		} else if (task->hidden || task->aggregation == NORM_LAST) {
			if (!any++)
				printf("\n");
			printf("note: task %s counts its %s score, %s: "
			    "score@k draws one random run, not the best of "
			    "k\n", r->tasks[ti], norm_agg_name(
			    task->aggregation), task->hidden ? "hidden" :
			    "visible");
		}
	}
	printf("\n");
	for (si = 0; si < r->nseries; si++) {
		printf("%s: ", r->series[si].label);
		any = 0;
		for (ci = 0; ci < r->ncells; ci++) {
			if (r->cells[ci].series == si)
				printf("%s%s", any++ ? ", " : "",
				    r->cells[ci].task);
		}
		printf("\n");
	}
}

static int
rep_parse_budgets(const char *s, double **out, size_t *n)
{
	char	*copy, *tok, *save = NULL, *end;
	double	 h, *v = NULL;
	size_t	 i, j;

	*n = 0;
	copy = xstrdup(s);
	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		errno = 0;
		h = strtod(tok, &end);
		if (end == tok || *end != '\0' || !(h > 0) || !isfinite(h)) {
			free(copy);
			free(v);
			return (-1);
		}
		v = xreallocarray(v, *n + 1, sizeof *v);
		v[(*n)++] = h * 3600;
	}
	free(copy);
	if (*n == 0)
		return (-1);
	/* Ascending, without repeats. */
	for (i = 1; i < *n; i++) {
		for (j = i; j > 0 && v[j - 1] > v[j]; j--) {
			h = v[j];
			v[j] = v[j - 1];
			v[j - 1] = h;
		}
	}
	for (i = 1, j = 1; i < *n; i++) {
		if (v[i] != v[j - 1])
			v[j++] = v[i];
	}
	*n = j;
	*out = v;
	return (0);
}

static void
rep_free(struct report *r)
{
	size_t	i;

	for (i = 0; i < r->nseries; i++)
		free(r->series[i].label);
	for (i = 0; i < r->ncells; i++)
		free(r->cells[i].runs);
	for (i = 0; r->curve_t != NULL && i < r->nseries; i++) {
		free(r->curve_t[i]);
		free(r->curve_v[i]);
	}
	free(r->curve_t);
	free(r->curve_v);
	free(r->curve_n);
	free(r->series);
	free(r->cells);
	free(r->tasks);
	free(r->tv);
	for (i = 0; r->k != NULL && i < r->nseries * r->nbudgets; i++)
		free(r->k[i].tasks);
	free(r->k);
	free(r->budgets);
	study_data_free(&r->d);
}

static int
cmd_report_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "study", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "seed", required_argument, NULL, 's' },
		{ "bootstrap", required_argument, NULL, 'b' },
		{ "budgets", required_argument, NULL, 'B' },
		{ NULL, 0, NULL, 0 }
	};
	const char		*name = cmd_report_entry.name;
	struct report		 r;
	struct study		*st = NULL;
	char			*path = NULL, *cause = NULL, *end;
	const char		*budgets = "0.5,2,8,16,32";
	unsigned long long	 v;
	int			 ch, rc = 1;

	memset(&r, 0, sizeof r);
	r.nboot = 1000;
	while ((ch = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			free(path);
			path = xstrdup(optarg);
			break;
		case 'o':
			r.outdir = optarg;
			break;
		case 's':
		case 'b':
			errno = 0;
			v = strtoull(optarg, &end, 10);
			if (*optarg == '-' || end == optarg || *end != '\0' ||
			    errno != 0 || (ch == 'b' && (v < 1 ||
			    v > 10000000))) {
				cmd_error(name, "--%s: expected a whole "
				    "number%s",
				    ch == 's' ? "seed" : "bootstrap",
				    ch == 'b' ? " from 1 to 10000000" : "");
				rc = 2;
				goto out;
			}
			if (ch == 's')
				r.seed = v;
			else
				r.nboot = v;
			break;
		case 'B':
			budgets = optarg;
			break;
		default:
			cmd_usage(&cmd_report_entry, 1);
			rc = 2;
			goto out;
		}
	}
	if (optind != argc || r.outdir == NULL) {
		cmd_usage(&cmd_report_entry, 1);
		rc = 2;
		goto out;
	}
	if (rep_parse_budgets(budgets, &r.budgets, &r.nbudgets) != 0) {
		cmd_error(name, "--budgets %s: expected hours separated by "
		    "commas, like 0.5,2,8", budgets);
		rc = 2;
		goto out;
	}
	if (path == NULL)
		path = study_default_path();
	if (!file_exists(path)) {
		cmd_error(name, "%s: no study here; import runs first with "
		    "'baseliner import-runs'", path);
		goto out;
	}
	if (study_open(path, &st, &cause) != 0 ||
	    study_load(st, &r.d, &cause) != 0) {
		cmd_error(name, "%s", cause);
		goto out;
	}
	if (r.d.nruns == 0) {
		cmd_error(name, "%s: the study has no runs", path);
		goto out;
	}
	if (mkdir_p(r.outdir, 0755, &cause) != 0) {
		cmd_error(name, "%s", cause);
		goto out;
	}

	rep_build(&r);
	if (rep_runs_csv(&r, &cause) != 0 ||
	    rep_time_csv(&r, &cause) != 0 ||
	    rep_k_csv(&r, &cause) != 0 ||
	    rep_plot_time(&r, &cause) != 0 ||
	    rep_plot_k(&r, &cause) != 0) {
		cmd_error(name, "%s", cause);
		goto out;
	}
	rep_summary(&r, path);
	printf("\nwrote runs.csv, score_at_time.csv, score_at_k.csv, "
	    "score_vs_time.svg, score_at_k.svg in %s\n", r.outdir);
	rc = 0;
out:
	rep_free(&r);
	study_close(st);
	free(cause);
	free(path);
	return (rc);
}
