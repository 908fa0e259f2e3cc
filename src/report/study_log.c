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

/* The fields of a score log and the names they go by. */
enum {
	F_RUN, F_TASK, F_AGENT, F_ELAPSED, F_SCORE, F_NORMALIZED, F_LIMIT,
	F_KIND, F_STATUS, F_COUNT
};
static const char *const study_fields[F_COUNT][3] = {
	[F_RUN] = { "run_id", NULL },
	[F_TASK] = { "task_id", "task", NULL },
	[F_AGENT] = { "agent", "agent_name", NULL },
	[F_ELAPSED] = { "elapsed_s", "elapsed", NULL },
	[F_SCORE] = { "score", NULL },
	[F_NORMALIZED] = { "normalized", NULL },
	[F_LIMIT] = { "time_limit_s", NULL },
	[F_KIND] = { "kind", NULL },
	[F_STATUS] = { "status", NULL },
};
static const int study_required[] = { F_RUN, F_TASK, F_AGENT, F_ELAPSED,
    F_SCORE };

/* One row of a score log, its fields already found. */
static int
study_import_row(struct study_runs *im, int line,
    const struct study_value *f, char **cause)
{
	struct study_pending	*p;
	char			*run = NULL, *task = NULL, *agent = NULL;
	char			*kind = NULL, *status = NULL;
	double			 elapsed, raw, norm, limit;
	int			 i, rc = -1;

	for (i = 0; i < (int)nitems(study_required); i++) {
		if (f[study_required[i]].type == SV_ABSENT) {
			set_cause(cause, "%s:%d: no field %s", im->name, line,
			    study_fields[study_required[i]][0]);
			goto out;
		}
	}
	run = study_value_text(&f[F_RUN]);
	task = study_value_text(&f[F_TASK]);
	agent = study_value_text(&f[F_AGENT]);
	kind = study_value_text(&f[F_KIND]);
	status = study_value_text(&f[F_STATUS]);
	if (run == NULL || task == NULL || agent == NULL) {
		set_cause(cause, "%s:%d: %s is empty", im->name, line,
		    run == NULL ? "run_id" : task == NULL ? "task_id" :
		    "agent");
		goto out;
	}
	if (study_value_number(&f[F_ELAPSED], &elapsed) != 0 ||
	    isnan(elapsed) || elapsed < 0 || isinf(elapsed)) {
		set_cause(cause, "%s:%d: elapsed_s: expected seconds (a "
		    "number >= 0)", im->name, line);
		goto out;
	}
	if (study_value_number(&f[F_SCORE], &raw) != 0 || isinf(raw)) {
		set_cause(cause, "%s:%d: score: expected a number, or empty, "
		    "null or NaN for an invalid scoring", im->name, line);
		goto out;
	}
	if (study_value_number(&f[F_NORMALIZED], &norm) != 0 || isinf(norm)) {
		set_cause(cause, "%s:%d: normalized: expected a number",
		    im->name, line);
		goto out;
	}
	if (study_value_number(&f[F_LIMIT], &limit) != 0 ||
	    (!isnan(limit) && !(limit > 0 && isfinite(limit)))) {
		set_cause(cause, "%s:%d: time_limit_s: expected seconds (a "
		    "positive number)", im->name, line);
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
	rc = 0;
out:
	free(run);
	free(task);
	free(agent);
	free(kind);
	free(status);
	return (rc);
}

static int
study_log_csv(struct study_runs *im, const char *text, size_t len,
    char **cause)
{
	struct study_csv	 csv;
	struct study_value	 v[F_COUNT];
	size_t			 i;
	int			 col[F_COUNT], n, j, k;
	int			 rc = -1;
	char			*name;

	study_csv_init(&csv, im->name, text, len);
	if ((n = study_csv_next(&csv, cause)) <= 0) {
		if (n == 0)
			set_cause(cause, "%s: empty file", im->name);
		goto out;
	}
	for (j = 0; j < F_COUNT; j++)
		col[j] = -1;
	for (i = 0; i < csv.noffs; i++) {
		name = study_csv_field(&csv, i);
		for (j = 0; j < F_COUNT; j++) {
			for (k = 0; study_fields[j][k] != NULL; k++) {
				if (col[j] == -1 &&
				    strcasecmp(name, study_fields[j][k]) == 0)
					col[j] = (int)i;
			}
		}
	}
	for (i = 0; i < nitems(study_required); i++) {
		j = study_required[i];
		if (col[j] == -1) {
			if (study_fields[j][1] != NULL)
				set_cause(cause, "%s:%d: no column %s (or %s) "
				    "in the header", im->name, csv.line,
				    study_fields[j][0], study_fields[j][1]);
			else
				set_cause(cause, "%s:%d: no column %s in the "
				    "header", im->name, csv.line,
				    study_fields[j][0]);
			goto out;
		}
	}

	for (;;) {
		if ((n = study_csv_next(&csv, cause)) < 0)
			goto out;
		if (n == 0)
			break;
		if (csv.noffs == 1 && *study_csv_field(&csv, 0) == '\0')
			continue;	/* a blank line */
		for (j = 0; j < F_COUNT; j++) {
			if (col[j] == -1) {
				v[j].type = SV_ABSENT;
				continue;
			}
			if ((size_t)col[j] >= csv.noffs) {
				set_cause(cause, "%s:%d: %zu fields, the "
				    "header has more", im->name, csv.line,
				    csv.noffs);
				goto out;
			}
			name = study_csv_field(&csv, col[j]);
			v[j].type = *name == '\0' ? SV_NULL : SV_TEXT;
			v[j].text = name;
		}
		if (study_import_row(im, csv.line, v, cause) != 0)
			goto out;
	}
	rc = 0;
out:
	study_csv_done(&csv);
	return (rc);
}

static int
study_jsonl_row_cb(void *arg, int line, json_t *obj, char **cause)
{
	struct study_runs	*im = arg;
	struct study_value	 v[F_COUNT];
	json_t			*j;
	int			 f, k;

	for (f = 0; f < F_COUNT; f++) {
		j = NULL;
		for (k = 0; j == NULL && study_fields[f][k] != NULL; k++)
			j = json_object_get(obj, study_fields[f][k]);
		if (study_json_value(j, &v[f]) != 0)
			return (set_cause(cause, "%s:%d: %s: expected a number "
			    "or a string", im->name, line, study_fields[f][0]));
	}
	return (study_import_row(im, line, v, cause));
}

int
study_log_parse(const char *name, const char *text, size_t len,
    const struct study_task *tasks, size_t ntasks, struct study_log *log,
    char **cause)
{
	struct study_runs	 im;
	const char		*dot, *p;
	int			 jsonl, rc;

	memset(log, 0, sizeof *log);
	study_runs_init(&im, name, tasks, ntasks);

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
	if (jsonl)
		rc = study_jsonl_each(name, text, len, study_jsonl_row_cb, &im,
		    cause);
	else
		rc = study_log_csv(&im, text, len, cause);
	if (rc == 0 && im.nruns == 0)
		rc = set_cause(cause, "%s: no scorings", name);
	if (rc == 0)
		study_runs_finish(&im, log);
	study_runs_done(&im);
	return (rc);
}
