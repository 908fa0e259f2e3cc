/*
 * cmd_report.c: "import-runs" and "report", the researcher's side of
 * comparing humans with agents as the RE-Bench paper did.
 *
 * import-runs fills a study database (study.c) from score logs and exported
 * sessions. report reads it back, builds the model (report.c: series,
 * cells, score over time, score@k with bootstrap intervals), writes it as
 * CSV tables and SVG figures with captions (report_csv.c, report_svg.c)
 * and prints a summary on the terminal.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "pdf.h"
#include "report.h"
#include "report_out.h"
#include "study.h"
#include "util.h"

static int	cmd_import_runs_exec(int, char **);
static int	cmd_report_exec(int, char **);

const struct cmd_entry cmd_import_runs_entry = {
	.name = "import-runs",
	.usage = "[--study DB] [--tasks DIR] [--task-params SPEC] "
	    "[--time-unit s|ms|min|h] [--participants CSV] "
	    "[--excluded zero|omit] [FILE...]",
	.summary = "import score logs, exported sessions, Inspect eval logs, "
	    "viv query and runs.jsonl into a study",
	.help =
	    "FILE is a score log, CSV with a header row or JSONL, one scoring\n"
	    "per row: run_id, task_id (or task), agent (or agent_name, alias,\n"
	    "model), elapsed_s (or elapsed_ms, elapsed_min, elapsed_h,\n"
	    "elapsedTime in ms, elapsed in --time-unit), score, and optionally\n"
	    "normalized, time_limit_s (or _ms, _min, _h), kind (agent|human)\n"
	    "and status; or a folder written by 'baseliner export'\n"
	    "(session.json and scores.jsonl); an Inspect AI eval log (.eval or\n"
	    ".json); Vivaria's viv query (runs with their scoreLog); METR's\n"
	    "runs.jsonl (a run a row). Importing a run again replaces it;\n"
	    "rows repeated exactly are dropped and counted.\n\n"
	    "  --study DB          the study database "
	    "(default $BASELINER_HOME/study.db)\n"
	    "  --tasks DIR         read normalization from the task packs "
	    "in DIR\n"
	    "  --task-params TASK:Y_START:Y_REF:lower|higher"
	    "[:best|last|last_valid[:visible|hidden]]\n"
	    "                      set a task's normalization by hand\n"
	    "  --time-unit UNIT    the unit of a bare 'elapsed' or "
	    "'time_limit'\n"
	    "                      column: s (default), ms, min or h\n"
	    "  --participants CSV  participants' attributes: a participant "
	    "column and any\n"
	    "                      others (expertise, recruitment, ai_tools, "
	    "consent,\n"
	    "                      pay_rate, ...)\n"
	    "  --excluded POLICY   runs excluded after review (mark-run) "
	    "score 0 (zero,\n"
	    "                      the default, as the paper) or are left out "
	    "(omit)\n",
	.exec = cmd_import_runs_exec
};

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.usage = "[--study DB] -o DIR [--seed N] [--bootstrap N] "
	    "[--budgets H,H,...] [--by ATTRIBUTE] [--pdf]",
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
	    "(default 0.5,2,8,16,32)\n"
	    "  --by ATTRIBUTE      humans grouped by a participant attribute "
	    "(expertise,\n"
	    "                      recruitment, ai_tools, ...), one series "
	    "per value\n"
	    "  --pdf               also write each figure as PDF (librsvg "
	    "and cairo)\n",
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
		{ "time-unit", required_argument, NULL, 'u' },
		{ "participants", required_argument, NULL, 'P' },
		{ "excluded", required_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 }
	};
	const char		*name = cmd_import_runs_entry.name;
	struct study_log_opts	 opts;
	struct study		*st = NULL;
	const char		*participants = NULL, *excluded = NULL;
	struct study_task	 t;
	struct study_import	 stats, total;
	char			*path = NULL, *cause = NULL, **packs = NULL;
	char			**params = NULL;
	size_t			 npacks = 0, nparams = 0, i, n;
	int			 ch, rc = 1, failed = 0;

	memset(&opts, 0, sizeof opts);
	opts.time_unit = 1;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'P':
			participants = optarg;
			break;
		case 'x':
			if (strcmp(optarg, "zero") != 0 &&
			    strcmp(optarg, "omit") != 0) {
				cmd_error(name, "--excluded %s: expected zero "
				    "or omit", optarg);
				rc = 2;
				goto out;
			}
			excluded = optarg;
			break;
		case 'u':
			if (strcmp(optarg, "s") == 0)
				opts.time_unit = 1;
			else if (strcmp(optarg, "ms") == 0)
				opts.time_unit = 0.001;
			else if (strcmp(optarg, "min") == 0)
				opts.time_unit = 60;
			else if (strcmp(optarg, "h") == 0)
				opts.time_unit = 3600;
			else {
				cmd_error(name, "--time-unit %s: expected s, "
				    "ms, min or h", optarg);
				rc = 2;
				goto out;
			}
			break;
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
	if (argc == 0 && npacks == 0 && nparams == 0 && participants == NULL &&
	    excluded == NULL) {
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
			study_task_done(&t);
			cmd_error(name, "%s", cause);
			goto out;
		}
		printf("task %s: %s, y_start %g, y_ref %g, %s, %s\n", t.id,
		    norm_dir_name(t.direction), t.y_start, t.y_ref,
		    norm_agg_name(t.aggregation), t.hidden ? "hidden" :
		    "visible");
		study_task_done(&t);
	}
	if (excluded != NULL) {
		if (study_set(st, "excluded", excluded, &cause) != 0) {
			cmd_error(name, "%s", cause);
			goto out;
		}
		printf("excluded runs: %s\n", strcmp(excluded, "zero") == 0 ?
		    "scored 0" : "left out");
	}
	if (participants != NULL) {
		if (study_import_participants(st, participants, &n,
		    &cause) != 0) {
			cmd_error(name, "%s", cause);
			goto out;
		}
		printf("%s: %zu participant%s\n", participants, n,
		    n == 1 ? "" : "s");
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
		if (study_import_path(st, argv[i], &opts, &stats,
		    &cause) != 0) {
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
		if (stats.duplicates > 0)
			printf("; %zu repeated row%s dropped", stats.duplicates,
			    stats.duplicates == 1 ? "" : "s");
		printf("\n");
		total.runs += stats.runs;
		total.inferred += stats.inferred;
		total.replaced += stats.replaced;
		total.duplicates += stats.duplicates;
	}
	if (total.inferred > 0)
		printf("note: %zu run%s had no time_limit_s; %s limit is the "
		    "last scoring rounded up to a multiple of 30 min\n",
		    total.inferred, total.inferred == 1 ? "" : "s",
		    total.inferred == 1 ? "its" : "their");
	if (argc > 0) {
		printf("study %s: %zu run%s imported", path, total.runs,
		    total.runs == 1 ? "" : "s");
		if (total.replaced > 0)
			printf(", %zu of them replacing a run already there "
			    "(same task and run id)", total.replaced);
		if (total.duplicates > 0)
			printf("; %zu repeated row%s dropped",
			    total.duplicates, total.duplicates == 1 ? "" : "s");
		printf("\n");
	}
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

static int
rep_write(const char *dir, const char *file, const char *text, size_t len,
    char **cause)
{
	char	*path;
	int	 rc;

	path = path_join(dir, file);
	rc = file_write(path, text ? text : "", len, cause);
	free(path);
	return (rc);
}

static int
rep_write_buf(const char *dir, const char *file, struct buf *b,
    char **cause)
{
	int	rc;

	rc = rep_write(dir, file, b->data, b->len, cause);
	buf_done(b);
	buf_init(b);
	return (rc);
}

/* A figure, and its PDF when asked for. */
static int
rep_figure(const char *dir, const char *name, char *svg, int pdf,
    char **cause)
{
	char	*file, *path;
	int	 rc;

	file = xasprintf("%s.svg", name);
	rc = rep_write(dir, file, svg, strlen(svg), cause);
	free(file);
	if (rc == 0 && pdf) {
		file = xasprintf("%s.pdf", name);
		path = path_join(dir, file);
		rc = pdf_from_svg(svg, path, cause);
		free(path);
		free(file);
	}
	free(svg);
	return (rc);
}

static int
rep_write_all(const struct report *r, const char *dir, int pdf, char **cause)
{
	struct buf	 b;
	int		 rc = -1;

	buf_init(&b);
	report_runs_csv(r, &b);
	if (rep_write_buf(dir, "runs.csv", &b, cause) != 0)
		goto out;
	report_time_csv(r, &b);
	if (rep_write_buf(dir, "score_at_time.csv", &b, cause) != 0)
		goto out;
	report_k_csv(r, &b);
	if (rep_write_buf(dir, "score_at_k.csv", &b, cause) != 0)
		goto out;
	rc = rep_figure(dir, "score_vs_time", report_svg_time(r), pdf, cause);
	report_caption_time(r, &b);
	if (rc != 0 || rep_write_buf(dir, "score_vs_time.txt", &b,
	    cause) != 0)
		goto out;
	rc = rep_figure(dir, "score_at_k", report_svg_k(r), pdf, cause);
	report_caption_k(r, &b);
	if (rc != 0 || rep_write_buf(dir, "score_at_k.txt", &b, cause) != 0) {
		rc = -1;
		goto out;
	}
	if ((rc = rep_figure(dir, "score_vs_time_tasks",
	    report_svg_time_tasks(r), pdf, cause)) != 0)
		goto out;
	rc = rep_figure(dir, "score_at_k_tasks", report_svg_k_tasks(r), pdf,
	    cause);
out:
	buf_done(&b);
	return (rc);
}

/* A table printed with columns as wide as their widest cell: the first
 * (names) left-aligned, the others (numbers, durations, with their
 * headers) right-aligned, so that units and decimal points line up. */
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
		if (c == 0)
			printf("%-*s", (int)w[c], t->cells[i]);
		else
			printf("  %*s", (int)w[c], t->cells[i]);
		if (c + 1 == t->ncols || i + 1 == t->n)
			printf("\n");
		free(t->cells[i]);
	}
	free(t->cells);
	free(w);
	memset(t, 0, sizeof *t);
}

static void
rep_summary(const struct report *r, const char *studypath)
{
	const struct report_k		*rk;
	const struct report_cell	*c;
	const struct study_task		*task;
	struct rep_table		 t;
	size_t				 si, bi, ti, nh = 0, i, nb;
	double				 sum;
	int				 any;

	nb = r->o.nbudgets;
	for (i = 0; i < r->d.nruns; i++)
		nh += strcmp(r->d.runs[i].kind, "human") == 0;
	printf("study %s: %zu task%s, %zu run%s (%zu human, %zu agent)\n\n",
	    studypath, r->ntasks, r->ntasks == 1 ? "" : "s", r->d.nruns,
	    r->d.nruns == 1 ? "" : "s", nh, r->d.nruns - nh);

	printf("score@k, expected best of k averaged over tasks [95%% "
	    "bootstrap interval over runs];\n* = the time per run plotted, "
	    "- = runs longer than the budget\n");
	memset(&t, 0, sizeof t);
	t.ncols = 3 + nb;
#define ADD(s) rep_table_add(&t, (s))
	ADD(xstrdup("group"));
	ADD(xstrdup("per run"));
	ADD(xstrdup("tasks"));
	for (bi = 0; bi < nb; bi++)
		ADD(report_duration(r->budgets[bi]));
	for (si = 0; si < r->nseries; si++) {
		if (r->series[si].human || strcmp(r->series[si].group,
		    "human") != 0)
			ADD(xstrdup(r->series[si].group));
		else
			ADD(xasprintf("%s (agent)", r->series[si].group));
		ADD(report_duration(r->series[si].limit));
		rk = &r->k[si * nb];
		ADD(xasprintf("%zu", rk->ntasks));
		for (bi = 0; bi < nb; bi++) {
			rk = &r->k[si * nb + bi];
			if (!rk->usable)
				ADD(xstrdup("- "));
			else
				ADD(xasprintf("%.2f [%.2f, %.2f]%s",
				    rk->expected, rk->lo, rk->hi,
				    rk->shown ? "*" : " "));
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
			if ((c = report_cell(r, r->tasks[ti], si)) == NULL) {
				ADD(xstrdup("-"));
				continue;
			}
			sum = 0;
			for (i = 0; i < c->n; i++)
				sum += analysis_final(&c->runs[i]);
			if (isnan(sum))
				ADD(xasprintf("- (%zu)", c->n));
			else
				ADD(xasprintf("%.2f (%zu)", sum / c->n, c->n));
		}
	}
#undef ADD
	rep_table_print(&t);

	any = 0;
	for (ti = 0; ti < r->ntasks; ti++) {
		task = report_task(r, r->tasks[ti]);
		if (task == NULL) {
			if (!any++)
				printf("\n");
			printf("note: task %s has no parameters in the study; "
			    "its score is taken as the best, and visible\n",
			    r->tasks[ti]);
		} else if (task->hidden || task->aggregation != NORM_BEST) {
			if (!any++)
				printf("\n");
			printf("note: task %s counts its %s score, %s: "
			    "score@k draws one random run, not the best of "
			    "k\n", r->tasks[ti], norm_agg_name(
			    task->aggregation), task->hidden ? "hidden" :
			    "visible");
		}
	}
	if (r->excluded > 0) {
		if (!any++)
			printf("\n");
		printf("note: %zu run%s excluded after review %s\n",
		    r->excluded, r->excluded == 1 ? "" : "s",
		    r->d.excluded_omit ? "left out, as the study says" :
		    "scored 0, as the paper did (runs.csv says who and why)");
	}
	if (r->gave_up > 0) {
		if (!any++)
			printf("\n");
		printf("note: %zu run%s given up (counted with the scores "
		    "they had; runs.csv gives the reasons)\n", r->gave_up,
		    r->gave_up == 1 ? "" : "s");
	}
	if (r->dropped > 0) {
		if (!any++)
			printf("\n");
		printf("note: %zu scoring%s logged after an agent run's time "
		    "limit (%zu run%s) dropped: they count nowhere\n",
		    r->dropped, r->dropped == 1 ? "" : "s", r->dropped_runs,
		    r->dropped_runs == 1 ? "" : "s");
	}
	printf("\n");
	for (si = 0; si < r->nseries; si++) {
		printf("%s: ", r->series[si].label);
		any = 0;
		for (i = 0; i < r->ncells; i++) {
			if (r->cells[i].series == si)
				printf("%s%s", any++ ? ", " : "",
				    r->cells[i].task);
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

static int
cmd_report_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "study", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "seed", required_argument, NULL, 's' },
		{ "bootstrap", required_argument, NULL, 'b' },
		{ "budgets", required_argument, NULL, 'B' },
		{ "by", required_argument, NULL, 'y' },
		{ "pdf", no_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 }
	};
	const char		*name = cmd_report_entry.name;
	struct report		 r;
	struct report_opts	 o;
	struct study_data	 d;
	struct study		*st = NULL;
	char			*path = NULL, *cause = NULL, *end;
	const char		*budgets = "0.5,2,8,16,32", *outdir = NULL;
	double			*bv = NULL;
	unsigned long long	 v;
	int			 ch, rc = 1, pdf = 0;

	memset(&r, 0, sizeof r);
	memset(&o, 0, sizeof o);
	memset(&d, 0, sizeof d);
	o.nboot = 1000;
	while ((ch = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			free(path);
			path = xstrdup(optarg);
			break;
		case 'o':
			outdir = optarg;
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
				o.seed = v;
			else
				o.nboot = v;
			break;
		case 'B':
			budgets = optarg;
			break;
		case 'y':
			o.by = optarg;
			break;
		case 'P':
			pdf = 1;
			break;
		default:
			cmd_usage(&cmd_report_entry, 1);
			rc = 2;
			goto out;
		}
	}
	if (optind != argc || outdir == NULL) {
		cmd_usage(&cmd_report_entry, 1);
		rc = 2;
		goto out;
	}
	if (rep_parse_budgets(budgets, &bv, &o.nbudgets) != 0) {
		cmd_error(name, "--budgets %s: expected hours separated by "
		    "commas, like 0.5,2,8", budgets);
		rc = 2;
		goto out;
	}
	o.budgets = bv;
	if (pdf && !pdf_available()) {
		cmd_error(name, "--pdf: this baseliner was built without "
		    "librsvg and cairo, or cannot load them, so it writes no "
		    "PDF (the SVG figures are the same drawings)");
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
	    study_load(st, &d, &cause) != 0) {
		cmd_error(name, "%s", cause);
		goto out;
	}
	if (d.nruns == 0) {
		cmd_error(name, "%s: the study has no runs", path);
		goto out;
	}
	if (mkdir_p(outdir, 0755, &cause) != 0) {
		cmd_error(name, "%s", cause);
		goto out;
	}

	report_build(&r, &d, &o);
	rc = rep_write_all(&r, outdir, pdf, &cause);
	if (pdf)
		pdf_done();
	if (rc != 0) {
		rc = 1;
		cmd_error(name, "%s", cause);
		goto out;
	}
	rep_summary(&r, path);
	printf("\nwrote runs.csv, score_at_time.csv, score_at_k.csv, "
	    "score_vs_time.svg (.txt: caption), score_at_k.svg (.txt), "
	    "score_vs_time_tasks.svg, score_at_k_tasks.svg in %s\n", outdir);
	rc = 0;
out:
	report_done(&r);
	study_data_done(&d);
	study_close(st);
	free(bv);
	free(cause);
	free(path);
	return (rc);
}
