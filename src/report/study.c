/*
 * study.c: the study database, one SQLite file of tasks, runs and their
 * scorings. Every scoring is stored with its normalized score, computed at
 * import so that the report is pure arithmetic; NaN is stored as NULL.
 *
 * A run is stored whole, replacing one with the same (task, run id), and
 * everything one input held goes in one transaction (study_put_log), so
 * that importing a file twice changes nothing and a failed file leaves the
 * study as it was. The readers (study_log.c, study_session.c) never see
 * the database: they get the task table and return runs.
 *
 * The database is a store (store.h) with the study schema: data/study-N.sql,
 * migrated at open by the same code as a session's database.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "study.h"
#include "util.h"

struct study {
	struct store	*store;
	char		*path;
};

char *
study_default_path(void)
{
	return (path_join(home_dir(), "study.db"));
}

int
study_open(const char *path, struct study **out, char **cause)
{
	struct study	*st;
	char		*dir, *slash, *why = NULL;

	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		if (mkdir_p(dir, 0700, cause) != 0) {
			free(dir);
			return (-1);
		}
	}
	free(dir);

	st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	if (store_open(path, STORE_STUDY, &st->store, &why) != 0) {
		set_cause(cause, "%s: %s", path, why);
		free(why);
		study_close(st);
		return (-1);
	}
	*out = st;
	return (0);
}

void
study_close(struct study *st)
{
	if (st == NULL)
		return;
	store_close(st->store);
	free(st->path);
	free(st);
}

int
study_put_task(struct study *st, const struct study_task *t, char **cause)
{
	return (store_exec(st->store, cause, "INSERT OR REPLACE INTO task (id, "
	    "direction, y_start, y_ref, aggregation, visibility, source) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?)", store_text(t->id),
	    store_text(norm_dir_name(t->direction)), store_real(t->y_start),
	    store_real(t->y_ref), store_text(norm_agg_name(t->aggregation)),
	    store_text(t->hidden ? "hidden" : "visible"),
	    store_text(t->source ? t->source : "")));
}

static void
study_task_row(struct store_cursor *c, struct study_task *t)
{
	const char	*s;

	t->id = store_col_strdup(c, 0);
	s = store_col_text(c, 1);
	if (s == NULL || norm_dir_parse(s, &t->direction) != 0)
		t->direction = NORM_HIGHER;
	t->y_start = store_col_real(c, 2);
	t->y_ref = store_col_real(c, 3);
	s = store_col_text(c, 4);
	if (s == NULL || norm_agg_parse(s, &t->aggregation) != 0)
		t->aggregation = NORM_BEST;
	s = store_col_text(c, 5);
	t->hidden = s != NULL && strcmp(s, "hidden") == 0;
	t->source = store_col_strdup(c, 6);
}

#define STUDY_TASK_COLUMNS \
	"id, direction, y_start, y_ref, aggregation, visibility, source"

int
study_get_task(struct study *st, const char *id, struct study_task *t,
    char **cause)
{
	struct store_cursor	*c;
	int			 rc;

	c = store_select(st->store, cause, "SELECT " STUDY_TASK_COLUMNS
	    " FROM task WHERE id = ?", store_text(id));
	if (c == NULL)
		return (-1);
	if ((rc = store_next(c, cause)) == 1) {
		memset(t, 0, sizeof *t);
		study_task_row(c, t);
	}
	store_cursor_end(c);
	return (rc);
}

int
study_put_run(struct study *st, const struct study_run *r, char **cause)
{
	char	 now[32];
	size_t	 i;
	int	 had;

	had = (int)store_query_int(st->store, "SELECT count(*) FROM run "
	    "WHERE task_id = ? AND run_id = ?", store_text(r->task_id),
	    store_text(r->run_id));
	if (had < 0)
		return (set_cause(cause, "%s: cannot read the runs", st->path));
	/* The scores go with it (ON DELETE CASCADE). */
	if (had > 0 && store_exec(st->store, cause, "DELETE FROM run WHERE "
	    "task_id = ? AND run_id = ?", store_text(r->task_id),
	    store_text(r->run_id)) != 0)
		return (-1);

	wall_iso(wall_ms(), now, sizeof now);
	if (store_exec(st->store, cause, "INSERT INTO run (task_id, run_id, "
	    "grp, kind, participant, limit_s, limit_inferred, source, "
	    "imported_wall) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    store_text(r->task_id), store_text(r->run_id),
	    store_text(r->group), store_text(r->kind),
	    store_text(r->participant), store_real(r->limit),
	    store_int(r->limit_inferred), store_text(r->source ? r->source :
	    ""), store_text(now)) != 0)
		return (-1);
	for (i = 0; i < r->nscores; i++) {
		if (store_exec(st->store, cause, "INSERT INTO score (task_id, "
		    "run_id, seq, elapsed_s, raw, normalized, status) VALUES "
		    "(?, ?, ?, ?, ?, ?, ?)", store_text(r->task_id),
		    store_text(r->run_id), store_int(i),
		    store_real(r->scores[i].elapsed),
		    store_real(r->scores[i].raw),
		    store_real(r->scores[i].normalized),
		    store_text(r->scores[i].status)) != 0)
			return (-1);
	}
	return (had > 0);
}

int
study_get_tasks(struct study *st, struct study_task **tasks, size_t *n,
    char **cause)
{
	struct store_cursor	*c;
	int			 rc;

	*tasks = NULL;
	*n = 0;
	c = store_select(st->store, cause, "SELECT " STUDY_TASK_COLUMNS
	    " FROM task ORDER BY id");
	if (c == NULL)
		return (-1);
	while ((rc = store_next(c, cause)) == 1) {
		*tasks = xreallocarray(*tasks, *n + 1, sizeof **tasks);
		memset(&(*tasks)[*n], 0, sizeof **tasks);
		study_task_row(c, &(*tasks)[(*n)++]);
	}
	store_cursor_end(c);
	if (rc != 0) {
		while (*n > 0)
			study_task_done(&(*tasks)[--(*n)]);
		free(*tasks);
		*tasks = NULL;
		return (-1);
	}
	return (0);
}

int
study_put_participant(struct study *st, const char *id, const char *attrs,
    char **cause)
{
	return (store_exec(st->store, cause, "INSERT OR REPLACE INTO "
	    "participant (id, attrs) VALUES (?, ?)", store_text(id),
	    store_text(attrs)));
}

int
study_mark_run(struct study *st, const char *task, const char *run,
    const struct study_mark *m, char **cause)
{
	char	now[32];

	wall_iso(wall_ms(), now, sizeof now);
	/* Each part of a mark is set only when given (NULL: not given). */
	return (store_exec(st->store, cause, "INSERT INTO mark (task_id, "
	    "run_id, gave_up_reason, excluded, excluded_by, excluded_why, "
	    "excluded_wall) VALUES (?1, ?2, ?3, ifnull(?4, 0), ?5, ?6, "
	    "CASE WHEN ?4 = 1 THEN ?7 END) ON CONFLICT (task_id, run_id) DO "
	    "UPDATE SET gave_up_reason = ifnull(?3, gave_up_reason), "
	    "excluded = ifnull(?4, excluded), excluded_by = CASE WHEN ?4 IS "
	    "NULL THEN excluded_by ELSE ?5 END, excluded_why = CASE WHEN ?4 "
	    "IS NULL THEN excluded_why ELSE ?6 END, excluded_wall = CASE "
	    "WHEN ?4 IS NULL THEN excluded_wall WHEN ?4 = 1 THEN ?7 END",
	    store_text(task), store_text(run), store_text(m->gave_up_reason),
	    m->set_excluded ? store_int(m->excluded) : store_null(),
	    store_text(m->excluded_by), store_text(m->excluded_why),
	    store_text(now)));
}

int
study_set(struct study *st, const char *key, const char *value,
    char **cause)
{
	return (store_exec(st->store, cause, "INSERT OR REPLACE INTO setting "
	    "(key, value) VALUES (?, ?)", store_text(key), store_text(value)));
}

int
study_put_log(struct study *st, const struct study_log *log,
    struct study_import *stats, char **cause)
{
	struct study_task	 known;
	struct study_mark	 mark;
	size_t			 i;
	int			 had;

	if (store_begin(st->store, cause) != 0)
		return (-1);
	/* A task the study has never seen learns from the input. */
	for (i = 0; i < log->ntasks; i++) {
		memset(&known, 0, sizeof known);
		if ((had = study_get_task(st, log->tasks[i].id, &known,
		    cause)) == -1)
			goto fail;
		study_task_done(&known);
		if (!had && study_put_task(st, &log->tasks[i], cause) != 0)
			goto fail;
	}
	for (i = 0; i < log->nruns; i++) {
		if ((had = study_put_run(st, &log->runs[i], cause)) == -1)
			goto fail;
		if (log->runs[i].gave_up_reason != NULL) {
			memset(&mark, 0, sizeof mark);
			mark.gave_up_reason = log->runs[i].gave_up_reason;
			if (study_mark_run(st, log->runs[i].task_id,
			    log->runs[i].run_id, &mark, cause) != 0)
				goto fail;
		}
		stats->runs++;
		stats->replaced += had;
		stats->scores += log->runs[i].nscores;
	}
	stats->inferred += log->inferred;
	stats->duplicates += log->duplicates;
	return (store_commit(st->store, cause));
fail:
	store_rollback(st->store);
	return (-1);
}

int
study_load(struct study *st, struct study_data *d, char **cause)
{
	struct store_cursor	*c = NULL, *sc = NULL;
	struct study_run	*r;
	struct study_score	*s;
	char			*v;
	size_t			 size;
	int			 rc;

	memset(d, 0, sizeof *d);
	c = store_select(st->store, cause, "SELECT " STUDY_TASK_COLUMNS
	    " FROM task ORDER BY id");
	if (c == NULL)
		goto fail;
	while ((rc = store_next(c, cause)) == 1) {
		d->tasks = xreallocarray(d->tasks, d->ntasks + 1,
		    sizeof *d->tasks);
		memset(&d->tasks[d->ntasks], 0, sizeof *d->tasks);
		study_task_row(c, &d->tasks[d->ntasks++]);
	}
	store_cursor_end(c);
	c = NULL;
	if (rc != 0)
		goto fail;

	v = store_query_text(st->store, "SELECT value FROM setting WHERE "
	    "key = 'excluded'");
	d->excluded_omit = v != NULL && strcmp(v, "omit") == 0;
	free(v);

	c = store_select(st->store, cause, "SELECT r.task_id, r.run_id, "
	    "r.grp, r.kind, r.participant, r.source, r.limit_s, "
	    "r.limit_inferred, m.gave_up_reason, m.excluded, m.excluded_by, "
	    "m.excluded_why, p.attrs FROM run r LEFT JOIN mark m ON "
	    "m.task_id = r.task_id AND m.run_id = r.run_id LEFT JOIN "
	    "participant p ON p.id = r.participant ORDER BY r.task_id, r.grp, "
	    "r.limit_s, r.run_id");
	if (c == NULL)
		goto fail;
	while ((rc = store_next(c, cause)) == 1) {
		d->runs = xreallocarray(d->runs, d->nruns + 1,
		    sizeof *d->runs);
		r = &d->runs[d->nruns++];
		memset(r, 0, sizeof *r);
		r->task_id = store_col_strdup(c, 0);
		r->run_id = store_col_strdup(c, 1);
		r->group = store_col_strdup(c, 2);
		r->kind = store_col_strdup(c, 3);
		r->participant = store_col_strdup(c, 4);
		r->source = store_col_strdup(c, 5);
		r->limit = store_col_real(c, 6);
		r->limit_inferred = (int)store_col_int(c, 7);
		r->gave_up_reason = store_col_strdup(c, 8);
		r->excluded = (int)store_col_int(c, 9);
		r->excluded_by = store_col_strdup(c, 10);
		r->excluded_why = store_col_strdup(c, 11);
		r->attrs = store_col_strdup(c, 12);

		sc = store_select(st->store, cause, "SELECT elapsed_s, raw, "
		    "normalized, status FROM score WHERE task_id = ? AND "
		    "run_id = ? ORDER BY seq", store_text(r->task_id),
		    store_text(r->run_id));
		if (sc == NULL)
			goto fail;
		size = 0;
		while ((rc = store_next(sc, cause)) == 1) {
			if (r->nscores == size) {
				size = size ? size * 2 : 16;
				r->scores = xreallocarray(r->scores, size,
				    sizeof *r->scores);
			}
			s = &r->scores[r->nscores++];
			s->elapsed = store_col_real(sc, 0);
			s->raw = store_col_real(sc, 1);
			s->normalized = store_col_real(sc, 2);
			s->status = store_col_strdup(sc, 3);
		}
		store_cursor_end(sc);
		sc = NULL;
		if (rc != 0)
			goto fail;
	}
	if (rc != 0)
		goto fail;
	store_cursor_end(c);
	return (0);

fail:
	store_cursor_end(c);
	store_cursor_end(sc);
	study_data_done(d);
	return (-1);
}

void
study_data_done(struct study_data *d)
{
	size_t	i;

	for (i = 0; i < d->ntasks; i++)
		study_task_done(&d->tasks[i]);
	for (i = 0; i < d->nruns; i++)
		study_run_done(&d->runs[i]);
	free(d->tasks);
	free(d->runs);
	memset(d, 0, sizeof *d);
}
