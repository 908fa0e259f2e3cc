/*
 * study_log.c: score logs of agents or other humans, as CSV with a header
 * row or as JSONL, one scoring per row:
 *
 *	run_id, task_id (or task), agent (or agent_name), elapsed_s (or
 *	elapsed), score (raw; empty, null or NaN: invalid), and optionally
 *	normalized, time_limit_s, kind (agent or human) and status.
 *
 * Both formats become a struct study_value per field, so one function
 * checks every row. A row's normalized score comes from the row itself,
 * else from the task table the caller gives (the study's tasks, filled by
 * --task-params, task packs or sessions); a raw score that neither can
 * normalize is an error naming the task.
 *
 * study_log_parse is a pure function of its bytes and the task table: it
 * reads no file and no database, so it can be fuzzed as it is.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "study_int.h"

/* The fields of a score log. */
enum {
	F_RUN, F_TASK, F_AGENT, F_ELAPSED, F_SCORE, F_NORMALIZED, F_LIMIT,
	F_KIND, F_STATUS, F_GIVEUP, F_COUNT
};
static const char *const study_field_names[F_COUNT] = {
	"run_id", "task_id", "agent", "elapsed_s", "score", "normalized",
	"time_limit_s", "kind", "status", "give_up_reason"
};

/*
 * The names a field goes by, ours first, then METR's (runs.jsonl: alias,
 * score_cont, the run's normalized score), Vivaria's (viv query: runId,
 * taskId, elapsedTime in milliseconds) and Inspect's (model,
 * working_time). A time's unit is in its name; a bare "elapsed" or
 * "time_limit" is in --time-unit (unit 0). A weak name gives way to another
 * for the same field (a bare time to one with a unit; Inspect's and METR's
 * model to METR's alias, the agent's name); two others are an error.
 */
static const struct study_alias {
	const char	*name;
	int		 field;
	double		 unit;		/* seconds per unit; 0: --time-unit */
	int		 weak;		/* gives way to another name */
} study_aliases[] = {
	{ "run_id", F_RUN, 1, 0 },
	{ "runId", F_RUN, 1, 0 },
	{ "task_id", F_TASK, 1, 0 },
	{ "task", F_TASK, 1, 0 },
	{ "taskId", F_TASK, 1, 0 },
	{ "task_name", F_TASK, 1, 0 },
	{ "agent", F_AGENT, 1, 0 },
	{ "agent_name", F_AGENT, 1, 0 },
	{ "alias", F_AGENT, 1, 0 },
	{ "model", F_AGENT, 1, 1 },
	{ "agentRepoName", F_AGENT, 1, 1 },
	{ "elapsed_s", F_ELAPSED, 1, 0 },
	{ "elapsed_ms", F_ELAPSED, 0.001, 0 },
	{ "elapsed_min", F_ELAPSED, 60, 0 },
	{ "elapsed_h", F_ELAPSED, 3600, 0 },
	{ "elapsed", F_ELAPSED, 0, 1 },
	{ "elapsedTime", F_ELAPSED, 0.001, 0 },
	{ "working_time", F_ELAPSED, 1, 0 },
	{ "score", F_SCORE, 1, 0 },
	{ "score_raw", F_SCORE, 1, 0 },
	{ "normalized", F_NORMALIZED, 1, 0 },
	{ "score_cont", F_NORMALIZED, 1, 0 },
	{ "score_normalized", F_NORMALIZED, 1, 0 },
	{ "time_limit_s", F_LIMIT, 1, 0 },
	{ "time_limit_ms", F_LIMIT, 0.001, 0 },
	{ "time_limit_min", F_LIMIT, 60, 0 },
	{ "time_limit_h", F_LIMIT, 3600, 0 },
	{ "time_limit", F_LIMIT, 0, 1 },
	{ "kind", F_KIND, 1, 0 },
	{ "status", F_STATUS, 1, 0 },
	{ "give_up_reason", F_GIVEUP, 1, 0 },
};
/* Also required: a score or a normalized score. */
static const int study_required[] = { F_RUN, F_TASK, F_AGENT };

/* A row's fields, with the name each was found under and its unit. */
struct study_row {
	struct study_value	 v[F_COUNT];
	const char		*name[F_COUNT];
	double			 unit[F_COUNT];
	int			 weak[F_COUNT];	/* found by a weak name */
};

/* The alias a column or member name is, or -1. */
static int
study_alias_find(const char *name)
{
	size_t	i;

	for (i = 0; i < nitems(study_aliases); i++) {
		if (strcasecmp(name, study_aliases[i].name) == 0)
			return ((int)i);
	}
	return (-1);
}

/* A time field in seconds: 0, or -1 with a message naming the field. */
static int
study_row_time(struct study_runs *im, int line, const struct study_row *row,
    int f, int positive, double *out, char **cause)
{
	const char	*name = row->name[f] ? row->name[f] :
			    study_field_names[f];

	if (study_value_number(&row->v[f], out) != 0)
		return (set_cause(cause, "%s:%d: %s: expected a number of %s",
		    im->name, line, name, row->unit[f] == 0.001 ?
		    "milliseconds" : row->unit[f] == 60 ? "minutes" :
		    row->unit[f] == 3600 ? "hours" : "seconds"));
	if (isinf(*out))
		return (set_cause(cause, "%s:%d: %s: %s is not a time",
		    im->name, line, name, *out > 0 ? "Infinity" :
		    "-Infinity"));
	if (isnan(*out))
		return (0);
	if (*out < 0 || (positive && *out == 0))
		return (set_cause(cause, "%s:%d: %s: expected a time %s 0, not "
		    "%g", im->name, line, name, positive ? ">" : ">=", *out));
	*out *= row->unit[f];
	return (0);
}

/* A score field: NaN for none; Infinity is named as an error. */
static int
study_row_score(struct study_runs *im, int line, const struct study_row *row,
    int f, double *out, char **cause)
{
	const char	*name = row->name[f] ? row->name[f] :
			    study_field_names[f];

	if (study_value_number(&row->v[f], out) != 0)
		return (set_cause(cause, "%s:%d: %s: expected a number, or "
		    "empty, null or NaN for an invalid scoring", im->name,
		    line, name));
	if (isinf(*out))
		return (set_cause(cause, "%s:%d: %s: %s is not a score (an "
		    "invalid scoring is empty, null or NaN)", im->name, line,
		    name, *out > 0 ? "Infinity" : "-Infinity"));
	return (0);
}

/* One row of a score log, its fields already found. */
static int
study_import_row(struct study_runs *im, int line, struct study_row *row,
    char **cause)
{
	const struct study_value *f = row->v;
	struct study_pending	*p;
	char			*run = NULL, *task = NULL, *agent = NULL;
	char			*kind = NULL, *status = NULL, *giveup = NULL;
	double			 elapsed, raw, norm, limit;
	int			 i, rc = -1;

	for (i = 0; i < (int)nitems(study_required); i++) {
		if (f[study_required[i]].type == SV_ABSENT) {
			set_cause(cause, "%s:%d: no field %s", im->name, line,
			    study_field_names[study_required[i]]);
			goto out;
		}
	}
	run = study_value_text(&f[F_RUN]);
	task = study_value_text(&f[F_TASK]);
	agent = study_value_text(&f[F_AGENT]);
	kind = study_value_text(&f[F_KIND]);
	status = study_value_text(&f[F_STATUS]);
	giveup = study_value_text(&f[F_GIVEUP]);
	if (run == NULL || task == NULL || agent == NULL) {
		set_cause(cause, "%s:%d: %s is empty", im->name, line,
		    run == NULL ? "run_id" : task == NULL ? "task_id" :
		    "agent");
		goto out;
	}
	if (f[F_SCORE].type == SV_ABSENT && f[F_NORMALIZED].type == SV_ABSENT) {
		set_cause(cause, "%s:%d: no field score (or normalized)",
		    im->name, line);
		goto out;
	}
	if (study_row_time(im, line, row, F_ELAPSED, 0, &elapsed,
	    cause) != 0 ||
	    study_row_score(im, line, row, F_SCORE, &raw, cause) != 0 ||
	    study_row_score(im, line, row, F_NORMALIZED, &norm, cause) != 0 ||
	    study_row_time(im, line, row, F_LIMIT, 1, &limit, cause) != 0)
		goto out;
	/*
	 * A row without a time is a run's final score (METR's runs.jsonl has
	 * one row per run): it is read at the run's time limit.
	 */
	if (isnan(elapsed) && f[F_ELAPSED].type == SV_ABSENT)
		elapsed = limit;
	if (isnan(elapsed)) {
		set_cause(cause, "%s:%d: %s: no time (and no time limit to "
		    "read a final score at)", im->name, line,
		    row->name[F_ELAPSED] ? row->name[F_ELAPSED] : "elapsed_s");
		goto out;
	}
	if (kind != NULL && strcmp(kind, "agent") != 0 &&
	    strcmp(kind, "human") != 0) {
		set_cause(cause, "%s:%d: kind: expected agent or human, not "
		    "'%s'", im->name, line, kind);
		goto out;
	}
	if (status != NULL && !study_status_ok(status)) {
		set_cause(cause, "%s:%d: status: expected valid, invalid, "
		    "error, timeout or cancelled, not '%s'", im->name, line,
		    status);
		goto out;
	}
	if (kind == NULL)
		kind = xstrdup(strcmp(agent, "human") == 0 ? "human" : "agent");

	if ((p = study_runs_find(im, task, run)) == NULL) {
		p = study_runs_add(im, task, run, line);
		p->r.kind = xstrdup(kind);
		p->r.group = xstrdup(strcmp(kind, "human") == 0 ? "human" :
		    agent);
		if (strcmp(kind, "human") == 0 && strcmp(agent, "human") != 0)
			p->r.participant = xstrdup(agent);
		p->agent = p->r.participant ? p->r.participant : p->r.group;
	} else if (strcmp(p->r.kind, kind) != 0 ||
	    strcmp(p->agent, agent) != 0) {
		set_cause(cause, "%s:%d: run %s of task %s was %s '%s' at "
		    "line %d, now %s '%s'", im->name, line, run, task,
		    p->r.kind, p->agent, p->line, kind, agent);
		goto out;
	}

	if (!isnan(limit)) {
		if (!isnan(p->limit) && p->limit != limit) {
			set_cause(cause, "%s:%d: time_limit_s: run %s had %g "
			    "s, now %g s", im->name, line, run, p->limit,
			    limit);
			goto out;
		}
		p->limit = limit;
	}

	/* Normalization: the row's own, else the task's. */
	if (isnan(norm) && !isnan(raw)) {
		if (!p->params) {
			set_cause(cause, "%s:%d: task '%s' has no "
			    "normalization: give it a 'normalized' column, "
			    "--task-params %s:Y_START:Y_REF:lower|higher or "
			    "--tasks DIR with its pack", im->name, line, task,
			    task);
			goto out;
		}
		norm = norm_score(raw, p->task.y_start, p->task.y_ref);
	}
	if (status == NULL)
		status = xstrdup(isnan(norm) ? "invalid" : "valid");
	else if (strcmp(status, "valid") != 0)
		norm = NAN;
	else if (isnan(norm)) {
		set_cause(cause, "%s:%d: status valid but no score", im->name,
		    line);
		goto out;
	}
	study_runs_score(im, p, elapsed, raw, norm, status);
	/* A give-up is the run's: any row may say it, the last one wins. */
	if (giveup != NULL) {
		free(p->r.gave_up_reason);
		p->r.gave_up_reason = giveup;
		giveup = NULL;
	}
	rc = 0;
out:
	free(giveup);
	free(run);
	free(task);
	free(agent);
	free(kind);
	free(status);
	return (rc);
}

/*
 * A field found under an alias: its name and unit. 0 to use it, 1 to
 * ignore it (a weak name where another is there), -1 if two names that
 * are not weak give the field.
 */
static int
study_row_name(struct study_runs *im, int line, struct study_row *row,
    int alias, double time_unit, char **cause)
{
	const struct study_alias	*al = &study_aliases[alias];
	int				 f = al->field;

	if (row->name[f] != NULL) {
		if (al->weak && !row->weak[f])
			return (1);
		if (al->weak || !row->weak[f])
			return (set_cause(cause, "%s:%d: both %s and %s give "
			    "%s: which one?", im->name, line, row->name[f],
			    al->name, study_field_names[f]));
	}
	row->name[f] = al->name;
	row->unit[f] = al->unit != 0 ? al->unit : time_unit;
	row->weak[f] = al->weak;
	return (0);
}

static int
study_log_csv(struct study_runs *im, const char *text, size_t len,
    double time_unit, char **cause)
{
	struct study_csv	 csv;
	struct study_row	 row;
	size_t			 i, ncols;
	int			 col[F_COUNT], n, j, alias;
	int			 rc = -1;
	char			*name;

	memset(&row, 0, sizeof row);
	study_csv_init(&csv, im->name, text, len);
	if ((n = study_csv_next(&csv, cause)) <= 0) {
		if (n == 0)
			set_cause(cause, "%s: empty file", im->name);
		goto out;
	}
	for (j = 0; j < F_COUNT; j++)
		col[j] = -1;
	ncols = csv.noffs;
	for (i = 0; i < ncols; i++) {
		name = study_csv_field(&csv, i);
		if ((alias = study_alias_find(name)) == -1)
			continue;
		if ((n = study_row_name(im, csv.line, &row, alias, time_unit,
		    cause)) == -1)
			goto out;
		if (n == 0)
			col[study_aliases[alias].field] = (int)i;
	}
	for (i = 0; i < nitems(study_required); i++) {
		j = study_required[i];
		if (col[j] == -1) {
			set_cause(cause, "%s:%d: no column %s in the header "
			    "(or one of the names it goes by)", im->name,
			    csv.line, study_field_names[j]);
			goto out;
		}
	}
	if (col[F_SCORE] == -1 && col[F_NORMALIZED] == -1) {
		set_cause(cause, "%s:%d: no column score (or normalized) in "
		    "the header", im->name, csv.line);
		goto out;
	}
	if (col[F_ELAPSED] == -1 && col[F_LIMIT] == -1) {
		set_cause(cause, "%s:%d: no column elapsed_s in the header "
		    "(or time_limit_s, for one final score per run)",
		    im->name, csv.line);
		goto out;
	}

	for (;;) {
		if ((n = study_csv_next(&csv, cause)) < 0)
			goto out;
		if (n == 0)
			break;
		if (csv.noffs == 1 && *study_csv_field(&csv, 0) == '\0')
			continue;	/* a blank line */
		/*
		 * Every row has the header's fields: one more is as wrong as
		 * one less (a decimal comma would read 1,000 as 1).
		 */
		if (csv.noffs != ncols) {
			set_cause(cause, "%s:%d: %zu fields, the header has "
			    "%zu%s", im->name, csv.line, csv.noffs, ncols,
			    csv.noffs > ncols ? " (a decimal comma, or a "
			    "comma in an unquoted field?)" : "");
			goto out;
		}
		for (j = 0; j < F_COUNT; j++) {
			if (col[j] == -1) {
				row.v[j].type = SV_ABSENT;
				continue;
			}
			name = study_csv_field(&csv, col[j]);
			row.v[j].type = *name == '\0' ? SV_NULL : SV_TEXT;
			row.v[j].text = name;
		}
		if (study_import_row(im, csv.line, &row, cause) != 0)
			goto out;
	}
	rc = 0;
out:
	study_csv_done(&csv);
	return (rc);
}

struct study_jsonl_ctx {
	struct study_runs	*im;
	double			 time_unit;
};

static int	study_jsonl_row_cb(void *, int, json_t *, char **);

/*
 * A scoring's working time when the score log gives only its wall time:
 * scoredAt less the run's startedAt (both milliseconds since the epoch)
 * less the run's pauses ({start, end}, milliseconds; end null while
 * paused) before it. -1 without the times to do it.
 */
static int
study_vivaria_elapsed(json_t *run, json_t *entry, double *ms)
{
	json_t	*p;
	double	 at, start, a, b;
	size_t	 i;

	if (!json_is_number(json_object_get(entry, "scoredAt")) ||
	    !json_is_number(json_object_get(run, "startedAt")))
		return (-1);
	at = json_number_value(json_object_get(entry, "scoredAt"));
	start = json_number_value(json_object_get(run, "startedAt"));
	*ms = at - start;
	json_array_foreach(json_object_get(run, "pauses"), i, p) {
		if (!json_is_number(json_object_get(p, "start")))
			continue;
		a = json_number_value(json_object_get(p, "start"));
		b = json_is_number(json_object_get(p, "end")) ?
		    json_number_value(json_object_get(p, "end")) : at;
		if (a < start)
			a = start;
		if (b > at)
			b = at;
		if (b > a)
			*ms -= b - a;
	}
	return (0);
}

/*
 * A run as Vivaria's "viv query" gives it: one object with its score log,
 * an array of {elapsedTime (milliseconds, pauses excluded as Vivaria
 * counts them), score, scoredAt, message}, and its usage limits, whose
 * total_seconds is the run's time limit. An entry without elapsedTime is
 * timed from scoredAt, the run's startedAt and its pauses. Each entry
 * becomes a row with the run's fields.
 */
static int
study_vivaria_run(void *arg, int line, json_t *obj, json_t *log,
    char **cause)
{
	struct study_jsonl_ctx	*ctx = arg;
	json_t			*row, *e, *lim;
	const char		*key;
	json_t			*v;
	double			 ms;
	size_t			 i;
	int			 rc = 0;

	if (json_array_size(log) == 0)
		return (0);
	lim = json_object_get(json_object_get(obj, "usageLimits"),
	    "total_seconds");
	json_array_foreach(log, i, e) {
		if (!json_is_object(e))
			return (set_cause(cause, "%s:%d: scoreLog[%zu]: expected "
			    "an object", ctx->im->name, line, i));
		row = json_object();
		json_object_foreach(obj, key, v) {
			if (strcmp(key, "scoreLog") != 0 &&
			    strcmp(key, "usageLimits") != 0)
				json_object_set(row, key, v);
		}
		if (json_is_number(lim) && json_object_get(row,
		    "time_limit_s") == NULL)
			json_object_set(row, "time_limit_s", lim);
		if (json_object_get(e, "elapsedTime") != NULL)
			json_object_set(row, "elapsedTime", json_object_get(e,
			    "elapsedTime"));
		else if (study_vivaria_elapsed(obj, e, &ms) == 0)
			json_object_set_new(row, "elapsedTime", json_real(ms));
		json_object_set(row, "score", json_object_get(e, "score") ?
		    json_object_get(e, "score") : json_null());
		rc = study_jsonl_row_cb(arg, line, row, cause);
		json_decref(row);
		if (rc != 0)
			break;
	}
	return (rc);
}

static int
study_jsonl_row_cb(void *arg, int line, json_t *obj, char **cause)
{
	struct study_jsonl_ctx	*ctx = arg;
	struct study_runs	*im = ctx->im;
	struct study_row	 row;
	const char		*key;
	json_t			*j;
	int			 f, alias, n;

	if (json_is_array(json_object_get(obj, "scoreLog")))
		return (study_vivaria_run(arg, line, obj, json_object_get(obj,
		    "scoreLog"), cause));
	memset(&row, 0, sizeof row);
	for (f = 0; f < F_COUNT; f++)
		row.v[f].type = SV_ABSENT;
	json_object_foreach(obj, key, j) {
		if ((alias = study_alias_find(key)) == -1)
			continue;
		if ((n = study_row_name(im, line, &row, alias, ctx->time_unit,
		    cause)) == -1)
			return (-1);
		if (n == 1)
			continue;
		f = study_aliases[alias].field;
		if (study_json_value(j, &row.v[f]) != 0)
			return (set_cause(cause, "%s:%d: %s: expected a number "
			    "or a string", im->name, line, key));
	}
	return (study_import_row(im, line, &row, cause));
}

int
study_log_parse(const char *name, const char *text, size_t len,
    const struct study_log_opts *opts, struct study_log *log, char **cause)
{
	struct study_runs	 im;
	struct study_jsonl_ctx	 ctx;
	const char		*dot, *p;
	double			 unit = 1;
	int			 jsonl, rc;

	memset(log, 0, sizeof *log);
	if (opts != NULL && opts->time_unit > 0)
		unit = opts->time_unit;
	study_runs_init(&im, name, opts ? opts->tasks : NULL,
	    opts ? opts->ntasks : 0);

	/* JSONL if the name says so or the text starts with '{', else CSV. */
	dot = strrchr(name, '.');
	if (dot != NULL && (strcmp(dot, ".jsonl") == 0 ||
	    strcmp(dot, ".ndjson") == 0 || strcmp(dot, ".json") == 0))
		jsonl = 1;
	else if (dot != NULL && strcmp(dot, ".csv") == 0)
		jsonl = 0;
	else {
		for (p = text; p < text + len && isspace((unsigned char)*p);
		    p++)
			/* nothing */;
		jsonl = p < text + len && *p == '{';
	}
	if (jsonl) {
		ctx.im = &im;
		ctx.time_unit = unit;
		rc = study_json_rows(name, text, len, study_jsonl_row_cb, &ctx,
		    cause);
	} else
		rc = study_log_csv(&im, text, len, unit, cause);
	if (rc == 0 && im.nruns == 0)
		rc = set_cause(cause, "%s: no scorings", name);
	if (rc == 0)
		study_runs_finish(&im, log);
	study_runs_done(&im);
	return (rc);
}
