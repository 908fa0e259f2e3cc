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
 * The schema is versioned with PRAGMA user_version; study_open migrates.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "study.h"
#include "util.h"

#define STUDY_VERSION 3

struct study {
	sqlite3		*db;
	char		*path;
};

static const char *const study_schema_v1 =
    "CREATE TABLE task ("
    " id TEXT PRIMARY KEY,"
    " direction TEXT NOT NULL CHECK (direction IN ('lower', 'higher')),"
    " y_start REAL NOT NULL,"
    " y_ref REAL NOT NULL,"
    " aggregation TEXT NOT NULL CHECK (aggregation IN ('best', 'last')),"
    " visibility TEXT NOT NULL CHECK (visibility IN ('visible', 'hidden')),"
    " source TEXT NOT NULL);"
    "CREATE TABLE run ("
    " task_id TEXT NOT NULL,"
    " run_id TEXT NOT NULL,"
    " grp TEXT NOT NULL,"			/* agent name or human */
    " kind TEXT NOT NULL CHECK (kind IN ('agent', 'human')),"
    " participant TEXT,"
    " limit_s REAL NOT NULL,"
    " limit_inferred INTEGER NOT NULL DEFAULT 0,"
    " source TEXT NOT NULL,"
    " imported_wall TEXT NOT NULL,"
    " PRIMARY KEY (task_id, run_id));"
    "CREATE TABLE score ("
    " task_id TEXT NOT NULL,"
    " run_id TEXT NOT NULL,"
    " seq INTEGER NOT NULL,"			/* order by elapsed */
    " elapsed_s REAL NOT NULL,"
    " raw REAL,"					/* NULL: none */
    " normalized REAL,"				/* NULL: invalid */
    " status TEXT NOT NULL,"
    " PRIMARY KEY (task_id, run_id, seq),"
    " FOREIGN KEY (task_id, run_id) REFERENCES run (task_id, run_id)"
    "  ON DELETE CASCADE);";

/*
 * Version 2: aggregation last_valid (the last valid score counts). The same
 * migration is data/study-2.sql, for the store's list of study schemas.
 */
static const char *const study_schema_v2 =
    "CREATE TABLE task2 ("
    " id TEXT PRIMARY KEY,"
    " direction TEXT NOT NULL CHECK (direction IN ('lower', 'higher')),"
    " y_start REAL NOT NULL,"
    " y_ref REAL NOT NULL,"
    " aggregation TEXT NOT NULL"
    "  CHECK (aggregation IN ('best', 'last', 'last_valid')),"
    " visibility TEXT NOT NULL CHECK (visibility IN ('visible', 'hidden')),"
    " source TEXT NOT NULL);"
    "INSERT INTO task2 SELECT id, direction, y_start, y_ref, aggregation,"
    " visibility, source FROM task;"
    "DROP TABLE task;"
    "ALTER TABLE task2 RENAME TO task;";

/* Version 3: participants, marks (give-up, exclusion), settings. */
static const char *const study_schema_v3 =
    "CREATE TABLE participant ("
    " id TEXT PRIMARY KEY,"
    " attrs TEXT NOT NULL DEFAULT '{}');"
    "CREATE TABLE mark ("
    " task_id TEXT NOT NULL,"
    " run_id TEXT NOT NULL,"
    " gave_up_reason TEXT,"
    " excluded INTEGER NOT NULL DEFAULT 0,"
    " excluded_by TEXT,"
    " excluded_why TEXT,"
    " excluded_wall TEXT,"
    " PRIMARY KEY (task_id, run_id));"
    "CREATE TABLE setting ("
    " key TEXT PRIMARY KEY,"
    " value TEXT NOT NULL);";

static int
study_sqlerr(struct study *st, char **cause, const char *what)
{
	return (set_cause(cause, "%s: %s: %s", st->path, what,
	    sqlite3_errmsg(st->db)));
}

static int
study_exec(struct study *st, const char *sql, char **cause)
{
	char	*err = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		set_cause(cause, "%s: %s", st->path, err ? err : "error");
		sqlite3_free(err);
		return (-1);
	}
	return (0);
}

static int
study_prepare(struct study *st, const char *sql, sqlite3_stmt **stmt,
    char **cause)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, stmt, NULL) != SQLITE_OK)
		return (study_sqlerr(st, cause, "prepare"));
	return (0);
}

/* NaN is stored as NULL, which SQLite would do anyway; say so. */
static void
study_bind_double(sqlite3_stmt *stmt, int i, double v)
{
	if (isnan(v))
		sqlite3_bind_null(stmt, i);
	else
		sqlite3_bind_double(stmt, i, v);
}

static double
study_column_double(sqlite3_stmt *stmt, int i)
{
	if (sqlite3_column_type(stmt, i) == SQLITE_NULL)
		return (NAN);
	return (sqlite3_column_double(stmt, i));
}

static char *
study_column_text(sqlite3_stmt *stmt, int i)
{
	const unsigned char	*s;

	if ((s = sqlite3_column_text(stmt, i)) == NULL)
		return (NULL);
	return (xstrdup((const char *)s));
}

char *
study_default_path(void)
{
	return (path_join(home_dir(), "study.db"));
}

int
study_open(const char *path, struct study **out, char **cause)
{
	struct study	*st;
	sqlite3_stmt	*stmt;
	char		*dir, *slash;
	int		 version;

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
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		study_sqlerr(st, cause, "open");
		study_close(st);
		return (-1);
	}
	sqlite3_busy_timeout(st->db, 5000);
	if (study_exec(st, "PRAGMA foreign_keys = ON;", cause) != 0)
		goto fail;

	if (study_prepare(st, "PRAGMA user_version", &stmt, cause) != 0)
		goto fail;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		sqlite3_finalize(stmt);
		study_sqlerr(st, cause, "not a study database");
		goto fail;
	}
	version = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);

	if (version > STUDY_VERSION) {
		set_cause(cause, "%s: study schema version %d is newer than "
		    "this baseliner's (%d)", path, version, STUDY_VERSION);
		goto fail;
	}
	if (version < STUDY_VERSION) {
		/* Migrations run in order inside one transaction. */
		if (study_exec(st, "BEGIN", cause) != 0)
			goto fail;
		if ((version < 1 &&
		    study_exec(st, study_schema_v1, cause) != 0) ||
		    (version < 2 &&
		    study_exec(st, study_schema_v2, cause) != 0) ||
		    (version < 3 &&
		    study_exec(st, study_schema_v3, cause) != 0) ||
		    study_exec(st, "PRAGMA user_version = 3", cause) != 0 ||
		    study_exec(st, "COMMIT", cause) != 0) {
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
			goto fail;
		}
	}
	*out = st;
	return (0);

fail:
	study_close(st);
	return (-1);
}

void
study_close(struct study *st)
{
	if (st == NULL)
		return;
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}


int
study_put_task(struct study *st, const struct study_task *t, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (study_prepare(st, "INSERT OR REPLACE INTO task (id, direction, "
	    "y_start, y_ref, aggregation, visibility, source) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?)", &stmt, cause) != 0)
		return (-1);
	sqlite3_bind_text(stmt, 1, t->id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 2, norm_dir_name(t->direction), -1,
	    SQLITE_STATIC);
	sqlite3_bind_double(stmt, 3, t->y_start);
	sqlite3_bind_double(stmt, 4, t->y_ref);
	sqlite3_bind_text(stmt, 5, norm_agg_name(t->aggregation), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, t->hidden ? "hidden" : "visible", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, t->source ? t->source : "", -1,
	    SQLITE_TRANSIENT);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (study_sqlerr(st, cause, "task"));
	return (0);
}

static void
study_task_row(sqlite3_stmt *stmt, struct study_task *t)
{
	const char	*s;

	t->id = study_column_text(stmt, 0);
	s = (const char *)sqlite3_column_text(stmt, 1);
	if (s == NULL || norm_dir_parse(s, &t->direction) != 0)
		t->direction = NORM_HIGHER;
	t->y_start = sqlite3_column_double(stmt, 2);
	t->y_ref = sqlite3_column_double(stmt, 3);
	s = (const char *)sqlite3_column_text(stmt, 4);
	if (s == NULL || norm_agg_parse(s, &t->aggregation) != 0)
		t->aggregation = NORM_BEST;
	s = (const char *)sqlite3_column_text(stmt, 5);
	t->hidden = s != NULL && strcmp(s, "hidden") == 0;
	t->source = study_column_text(stmt, 6);
}

#define STUDY_TASK_COLUMNS \
	"id, direction, y_start, y_ref, aggregation, visibility, source"

int
study_get_task(struct study *st, const char *id, struct study_task *t,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (study_prepare(st, "SELECT " STUDY_TASK_COLUMNS " FROM task "
	    "WHERE id = ?", &stmt, cause) != 0)
		return (-1);
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		memset(t, 0, sizeof *t);
		study_task_row(stmt, t);
		sqlite3_finalize(stmt);
		return (1);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (study_sqlerr(st, cause, "task"));
	return (0);
}

/* Does a run with this key exist? 1 yes, 0 no, -1 error. */
static int
study_has_run(struct study *st, const char *task_id, const char *run_id,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (study_prepare(st, "SELECT 1 FROM run WHERE task_id = ? AND "
	    "run_id = ?", &stmt, cause) != 0)
		return (-1);
	sqlite3_bind_text(stmt, 1, task_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 2, run_id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return (1);
	if (rc != SQLITE_DONE)
		return (study_sqlerr(st, cause, "run"));
	return (0);
}

int
study_put_run(struct study *st, const struct study_run *r, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[32];
	size_t		 i;
	int		 had, rc;

	if ((had = study_has_run(st, r->task_id, r->run_id, cause)) == -1)
		return (-1);
	if (had) {
		/* The scores go with it (ON DELETE CASCADE). */
		if (study_prepare(st, "DELETE FROM run WHERE task_id = ? AND "
		    "run_id = ?", &stmt, cause) != 0)
			return (-1);
		sqlite3_bind_text(stmt, 1, r->task_id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(stmt, 2, r->run_id, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(stmt);
		sqlite3_finalize(stmt);
		if (rc != SQLITE_DONE)
			return (study_sqlerr(st, cause, "replace run"));
	}

	wall_iso(wall_ms(), now, sizeof now);
	if (study_prepare(st, "INSERT INTO run (task_id, run_id, grp, kind, "
	    "participant, limit_s, limit_inferred, source, imported_wall) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", &stmt, cause) != 0)
		return (-1);
	sqlite3_bind_text(stmt, 1, r->task_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 2, r->run_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 3, r->group, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 4, r->kind, -1, SQLITE_TRANSIENT);
	if (r->participant != NULL)
		sqlite3_bind_text(stmt, 5, r->participant, -1,
		    SQLITE_TRANSIENT);
	sqlite3_bind_double(stmt, 6, r->limit);
	sqlite3_bind_int(stmt, 7, r->limit_inferred);
	sqlite3_bind_text(stmt, 8, r->source ? r->source : "", -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 9, now, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (study_sqlerr(st, cause, "insert run"));

	if (study_prepare(st, "INSERT INTO score (task_id, run_id, seq, "
	    "elapsed_s, raw, normalized, status) VALUES (?, ?, ?, ?, ?, ?, ?)",
	    &stmt, cause) != 0)
		return (-1);
	for (i = 0; i < r->nscores; i++) {
		sqlite3_bind_text(stmt, 1, r->task_id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(stmt, 2, r->run_id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(stmt, 3, (sqlite3_int64)i);
		sqlite3_bind_double(stmt, 4, r->scores[i].elapsed);
		study_bind_double(stmt, 5, r->scores[i].raw);
		study_bind_double(stmt, 6, r->scores[i].normalized);
		sqlite3_bind_text(stmt, 7, r->scores[i].status, -1,
		    SQLITE_TRANSIENT);
		rc = sqlite3_step(stmt);
		sqlite3_reset(stmt);
		if (rc != SQLITE_DONE) {
			sqlite3_finalize(stmt);
			return (study_sqlerr(st, cause, "insert score"));
		}
	}
	sqlite3_finalize(stmt);
	return (had);
}


static int
study_begin(struct study *st, char **cause)
{
	return (study_exec(st, "BEGIN IMMEDIATE", cause));
}

static int
study_commit(struct study *st, char **cause)
{
	return (study_exec(st, "COMMIT", cause));
}

static void
study_rollback(struct study *st)
{
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

int
study_get_tasks(struct study *st, struct study_task **tasks, size_t *n,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	*tasks = NULL;
	*n = 0;
	if (study_prepare(st, "SELECT " STUDY_TASK_COLUMNS " FROM task "
	    "ORDER BY id", &stmt, cause) != 0)
		return (-1);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*tasks = xreallocarray(*tasks, *n + 1, sizeof **tasks);
		memset(&(*tasks)[*n], 0, sizeof **tasks);
		study_task_row(stmt, &(*tasks)[(*n)++]);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		while (*n > 0)
			study_task_clear(&(*tasks)[--(*n)]);
		free(*tasks);
		*tasks = NULL;
		return (study_sqlerr(st, cause, "read tasks"));
	}
	return (0);
}

int
study_put_participant(struct study *st, const char *id, const char *attrs,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (study_prepare(st, "INSERT OR REPLACE INTO participant (id, attrs) "
	    "VALUES (?, ?)", &stmt, cause) != 0)
		return (-1);
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 2, attrs, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (study_sqlerr(st, cause, "participant"));
	return (0);
}

int
study_mark_run(struct study *st, const char *task, const char *run,
    const struct study_mark *m, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[32];
	int		 rc;

	wall_iso(wall_ms(), now, sizeof now);
	/* Each part of a mark is set only when given. */
	if (study_prepare(st, "INSERT INTO mark (task_id, run_id, "
	    "gave_up_reason, excluded, excluded_by, excluded_why, "
	    "excluded_wall) VALUES (?1, ?2, ?3, ifnull(?4, 0), ?5, ?6, "
	    "CASE WHEN ?4 = 1 THEN ?7 END) ON CONFLICT (task_id, run_id) DO "
	    "UPDATE SET gave_up_reason = ifnull(?3, gave_up_reason), "
	    "excluded = ifnull(?4, excluded), excluded_by = CASE WHEN ?4 IS "
	    "NULL THEN excluded_by ELSE ?5 END, excluded_why = CASE WHEN ?4 "
	    "IS NULL THEN excluded_why ELSE ?6 END, excluded_wall = CASE "
	    "WHEN ?4 IS NULL THEN excluded_wall WHEN ?4 = 1 THEN ?7 END",
	    &stmt, cause) != 0)
		return (-1);
	sqlite3_bind_text(stmt, 1, task, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 2, run, -1, SQLITE_TRANSIENT);
	if (m->gave_up_reason != NULL)
		sqlite3_bind_text(stmt, 3, m->gave_up_reason, -1,
		    SQLITE_TRANSIENT);
	if (m->set_excluded)
		sqlite3_bind_int(stmt, 4, m->excluded);
	if (m->excluded_by != NULL)
		sqlite3_bind_text(stmt, 5, m->excluded_by, -1,
		    SQLITE_TRANSIENT);
	if (m->excluded_why != NULL)
		sqlite3_bind_text(stmt, 6, m->excluded_why, -1,
		    SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 7, now, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (study_sqlerr(st, cause, "mark"));
	return (0);
}

int
study_set(struct study *st, const char *key, const char *value,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (study_prepare(st, "INSERT OR REPLACE INTO setting (key, value) "
	    "VALUES (?, ?)", &stmt, cause) != 0)
		return (-1);
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 2, value, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (study_sqlerr(st, cause, "setting"));
	return (0);
}

int
study_put_log(struct study *st, const struct study_log *log,
    struct study_import *stats, char **cause)
{
	struct study_task	 known;
	struct study_mark	 mark;
	size_t			 i;
	int			 had;

	if (study_begin(st, cause) != 0)
		return (-1);
	/* A task the study has never seen learns from the input. */
	for (i = 0; i < log->ntasks; i++) {
		memset(&known, 0, sizeof known);
		if ((had = study_get_task(st, log->tasks[i].id, &known,
		    cause)) == -1)
			goto fail;
		study_task_clear(&known);
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
	return (study_commit(st, cause));
fail:
	study_rollback(st);
	return (-1);
}

int
study_load(struct study *st, struct study_data *d, char **cause)
{
	sqlite3_stmt		*stmt = NULL, *sstmt = NULL;
	struct study_run	*r;
	struct study_score	*s;
	size_t			 size;
	int			 rc;

	memset(d, 0, sizeof *d);
	if (study_prepare(st, "SELECT " STUDY_TASK_COLUMNS " FROM task "
	    "ORDER BY id", &stmt, cause) != 0)
		return (-1);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		d->tasks = xreallocarray(d->tasks, d->ntasks + 1,
		    sizeof *d->tasks);
		memset(&d->tasks[d->ntasks], 0, sizeof *d->tasks);
		study_task_row(stmt, &d->tasks[d->ntasks++]);
	}
	sqlite3_finalize(stmt);
	stmt = NULL;
	if (rc != SQLITE_DONE)
		goto fail;

	if (study_prepare(st, "SELECT value FROM setting WHERE key = "
	    "'excluded'", &stmt, cause) != 0)
		goto fail_cause;
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		d->excluded_omit = strcmp((const char *)sqlite3_column_text(
		    stmt, 0), "omit") == 0;
	sqlite3_finalize(stmt);
	stmt = NULL;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		goto fail;
	if (study_prepare(st, "SELECT r.task_id, r.run_id, r.grp, r.kind, "
	    "r.participant, r.source, r.limit_s, r.limit_inferred, "
	    "m.gave_up_reason, m.excluded, m.excluded_by, m.excluded_why, "
	    "p.attrs FROM run r LEFT JOIN mark m ON m.task_id = r.task_id "
	    "AND m.run_id = r.run_id LEFT JOIN participant p ON p.id = "
	    "r.participant ORDER BY r.task_id, r.grp, r.limit_s, r.run_id",
	    &stmt, cause) != 0)
		goto fail_cause;
	if (study_prepare(st, "SELECT elapsed_s, raw, normalized, status "
	    "FROM score WHERE task_id = ? AND run_id = ? ORDER BY seq",
	    &sstmt, cause) != 0)
		goto fail_cause;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		d->runs = xreallocarray(d->runs, d->nruns + 1,
		    sizeof *d->runs);
		r = &d->runs[d->nruns++];
		memset(r, 0, sizeof *r);
		r->task_id = study_column_text(stmt, 0);
		r->run_id = study_column_text(stmt, 1);
		r->group = study_column_text(stmt, 2);
		r->kind = study_column_text(stmt, 3);
		r->participant = study_column_text(stmt, 4);
		r->source = study_column_text(stmt, 5);
		r->limit = sqlite3_column_double(stmt, 6);
		r->limit_inferred = sqlite3_column_int(stmt, 7);
		r->gave_up_reason = study_column_text(stmt, 8);
		r->excluded = sqlite3_column_int(stmt, 9);
		r->excluded_by = study_column_text(stmt, 10);
		r->excluded_why = study_column_text(stmt, 11);
		r->attrs = study_column_text(stmt, 12);

		sqlite3_bind_text(sstmt, 1, r->task_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(sstmt, 2, r->run_id, -1, SQLITE_STATIC);
		size = 0;
		while ((rc = sqlite3_step(sstmt)) == SQLITE_ROW) {
			if (r->nscores == size) {
				size = size ? size * 2 : 16;
				r->scores = xreallocarray(r->scores, size,
				    sizeof *r->scores);
			}
			s = &r->scores[r->nscores++];
			s->elapsed = sqlite3_column_double(sstmt, 0);
			s->raw = study_column_double(sstmt, 1);
			s->normalized = study_column_double(sstmt, 2);
			s->status = study_column_text(sstmt, 3);
		}
		sqlite3_reset(sstmt);
		if (rc != SQLITE_DONE)
			goto fail;
	}
	if (rc != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(stmt);
	sqlite3_finalize(sstmt);
	return (0);

fail:
	study_sqlerr(st, cause, "read");
fail_cause:
	sqlite3_finalize(stmt);
	sqlite3_finalize(sstmt);
	study_data_free(d);
	return (-1);
}

void
study_data_free(struct study_data *d)
{
	size_t	i;

	for (i = 0; i < d->ntasks; i++)
		study_task_clear(&d->tasks[i]);
	for (i = 0; i < d->nruns; i++)
		study_run_clear(&d->runs[i]);
	free(d->tasks);
	free(d->runs);
	memset(d, 0, sizeof *d);
}
