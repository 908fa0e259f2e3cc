/*
 * study_session.c: a session exported by "baseliner export", read as one
 * run: session.json says whose run of which task it was, its limit and its
 * scoring parameters; scores.jsonl has every scoring. The session's own
 * parameters normalize its raw scores (else the task table's), and a task
 * the study does not know yet learns them (the log's tasks).
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "study_int.h"

struct study_session {
	struct study_runs	*im;
	struct study_pending	*p;
	const char		*path;	/* scores.jsonl */
	int			 have_params;
};

static int
study_session_row_cb(void *arg, int line, json_t *obj, char **cause)
{
	struct study_session	*ss = arg;
	struct study_pending	*p = ss->p;
	struct study_value	 v;
	const char		*status;
	double			 elapsed, raw, norm;

	if (study_json_value(json_object_get(obj, "elapsed_s"), &v) != 0 ||
	    study_value_number(&v, &elapsed) != 0 || isnan(elapsed) ||
	    elapsed < 0)
		return (set_cause(cause, "%s:%d: elapsed_s: expected seconds",
		    ss->path, line));
	if (study_json_value(json_object_get(obj, "raw"), &v) != 0 ||
	    study_value_number(&v, &raw) != 0)
		return (set_cause(cause, "%s:%d: raw: expected a number or "
		    "null", ss->path, line));
	if (study_json_value(json_object_get(obj, "normalized"), &v) != 0 ||
	    study_value_number(&v, &norm) != 0)
		return (set_cause(cause, "%s:%d: normalized: expected a number "
		    "or null", ss->path, line));
	status = json_string_value(json_object_get(obj, "status"));
	if (status == NULL || !study_status_ok(status))
		return (set_cause(cause, "%s:%d: status: expected valid, "
		    "invalid, error, timeout or cancelled", ss->path, line));

	if (strcmp(status, "valid") != 0)
		norm = NAN;
	else if (isnan(norm)) {
		if (isnan(raw))
			return (set_cause(cause, "%s:%d: a valid scoring "
			    "without a score", ss->path, line));
		if (!ss->have_params)
			return (set_cause(cause, "%s:%d: task '%s' has no "
			    "normalization: session.json has no scoring and "
			    "the study does not know the task", ss->path,
			    line, p->r.task_id));
		norm = norm_score(raw, p->task.y_start, p->task.y_ref);
	}
	study_runs_score(ss->im, p, elapsed, raw, norm, status);
	return (0);
}

int
study_session_scoring(const char *path, json_t *sc, struct study_task *t,
    char **cause)
{
	const char	*dir, *agg, *vis;
	json_t		*ys, *yr;

	dir = json_string_value(json_object_get(sc, "direction"));
	ys = json_object_get(sc, "y_start");
	yr = json_object_get(sc, "y_ref");
	if (dir == NULL || norm_dir_parse(dir, &t->direction) != 0)
		return (set_cause(cause, "%s: scoring.direction: expected "
		    "lower or higher", path));
	if (!json_is_number(ys) || !json_is_number(yr) ||
	    json_number_value(ys) == json_number_value(yr))
		return (set_cause(cause, "%s: scoring.y_start, scoring.y_ref: "
		    "expected two different numbers", path));
	t->y_start = json_number_value(ys);
	t->y_ref = json_number_value(yr);
	agg = json_string_value(json_object_get(sc, "aggregation"));
	if (agg == NULL)
		t->aggregation = NORM_BEST;
	else if (norm_agg_parse(agg, &t->aggregation) != 0)
		return (set_cause(cause, "%s: scoring.aggregation: expected "
		    "best, last or last_valid", path));
	vis = json_string_value(json_object_get(sc, "visibility"));
	if (vis != NULL && strcmp(vis, "hidden") != 0 &&
	    strcmp(vis, "visible") != 0)
		return (set_cause(cause, "%s: scoring.visibility: expected "
		    "visible or hidden", path));
	t->hidden = vis != NULL && strcmp(vis, "hidden") == 0;
	return (0);
}

int
study_session_read(const char *dir, const struct study_task *tasks,
    size_t ntasks, struct study_log *log, char **cause)
{
	struct study_runs	 im;
	struct study_session	 ss;
	struct study_pending	*p;
	json_t			*root = NULL, *task, *sc, *lim;
	json_error_t		 err;
	const char		*id, *task_id, *who, *kind;
	char			*spath, *cpath, *text = NULL;
	size_t			 len;
	int			 rc = -1;

	memset(log, 0, sizeof *log);
	spath = path_join(dir, "session.json");
	cpath = path_join(dir, "scores.jsonl");
	study_runs_init(&im, dir, tasks, ntasks);

	if ((root = json_load_file(spath, 0, &err)) == NULL) {
		if (err.line <= 0)
			set_cause(cause, "%s: %s", spath, err.text);
		else
			set_cause(cause, "%s:%d: %s", spath, err.line,
			    err.text);
		goto out;
	}
	if (!json_is_object(root)) {
		set_cause(cause, "%s: expected an object", spath);
		goto out;
	}
	task = json_object_get(root, "task");
	if (study_json_string(spath, root, "id", "id", &id, cause) != 0 ||
	    study_json_string(spath, task, "id", "task.id", &task_id,
	    cause) != 0)
		goto out;
	who = json_string_value(json_object_get(root, "participant"));
	kind = json_string_value(json_object_get(root, "kind"));
	if (kind == NULL)
		kind = "human";
	if (strcmp(kind, "human") != 0 && strcmp(kind, "agent") != 0) {
		set_cause(cause, "%s: kind: expected human or agent", spath);
		goto out;
	}

	p = study_runs_add(&im, task_id, id, 0);
	p->r.kind = xstrdup(kind);
	p->r.group = xstrdup(strcmp(kind, "human") == 0 || who == NULL ?
	    "human" : who);
	p->r.participant = who ? xstrdup(who) : NULL;
	/* A participant who gave up says why (or the session says so). */
	if (json_is_string(json_object_get(root, "give_up_reason")))
		p->r.gave_up_reason = xstrdup(json_string_value(
		    json_object_get(root, "give_up_reason")));
	else if (json_is_string(json_object_get(root, "end_reason")) &&
	    strcmp(json_string_value(json_object_get(root, "end_reason")),
	    "gave_up") == 0)
		p->r.gave_up_reason = xstrdup("gave up");
	lim = json_object_get(root, "limit_s");
	if (lim != NULL && !json_is_null(lim)) {
		if (!json_is_number(lim) || !(json_number_value(lim) > 0)) {
			set_cause(cause, "%s: limit_s: expected seconds",
			    spath);
			goto out;
		}
		p->limit = json_number_value(lim);
	}

	/* The session's own parameters, else the study's. */
	memset(&ss, 0, sizeof ss);
	sc = json_object_get(root, "scoring");
	if (json_is_object(sc)) {
		study_task_done(&p->task);
		if (study_session_scoring(spath, sc, &p->task, cause) != 0)
			goto out;
		p->task.id = xstrdup(task_id);
		p->task.source = xasprintf("session %s", id);
		if (study_task_check(&p->task, spath, cause) != 0)
			goto out;
		p->params = 1;
		log->tasks = xcalloc(1, sizeof *log->tasks);
		study_task_copy(&log->tasks[log->ntasks++], &p->task);
	}
	ss.have_params = p->params;

	if (file_read(cpath, &text, &len, cause) != 0)
		goto out;
	ss.im = &im;
	ss.p = p;
	ss.path = cpath;
	if (study_jsonl_each(cpath, text, len, study_session_row_cb, &ss,
	    cause) != 0)
		goto out;
	if (p->r.nscores == 0) {
		set_cause(cause, "%s: no scorings", cpath);
		goto out;
	}
	study_runs_finish(&im, log);
	rc = 0;
out:
	if (rc != 0)
		study_log_done(log);
	study_runs_done(&im);
	json_decref(root);
	free(text);
	free(spath);
	free(cpath);
	return (rc);
}
