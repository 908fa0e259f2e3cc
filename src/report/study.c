/*
 * study.c: the study database and the imports that fill it.
 *
 * A study gathers runs of tasks from anywhere: sessions exported by
 * "baseliner export" (a folder with session.json and scores.jsonl) and score
 * logs of agents or other humans, as CSV with a header row or as JSONL, one
 * scoring per row:
 *
 *	run_id, task_id (or task), agent (or agent_name), elapsed_s (or
 *	elapsed), score (raw; empty, null or NaN: invalid), and optionally
 *	normalized, time_limit_s, kind (agent or human) and status.
 *
 * Every scoring is stored with its normalized score, computed at import so
 * that the report is pure arithmetic. Where the normalization comes from,
 * first to last: the row's own "normalized", the session's "scoring", the
 * study's task table (filled by --task-params or from task packs). A raw
 * score that none of these can normalize is an error naming the task.
 *
 * Rows are grouped into runs by (task, run id) and each run is stored whole
 * inside one transaction per file, replacing a run with the same key, so
 * that importing a file twice changes nothing. A run without a time limit
 * gets its last scoring's elapsed time rounded up to a multiple of 30
 * minutes (runs are usually 30 min, 2 h or 8 h), and is marked so.
 *
 * The schema is versioned with PRAGMA user_version; study_open migrates.
 */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <sqlite3.h>

#include "study.h"
#include "task.h"
#include "util.h"

#define STUDY_VERSION 1

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
	if (version < 1) {
		/* Migrations run in order inside one transaction. */
		if (study_exec(st, "BEGIN", cause) != 0)
			goto fail;
		if (study_exec(st, study_schema_v1, cause) != 0 ||
		    study_exec(st, "PRAGMA user_version = 1", cause) != 0 ||
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

void
study_task_clear(struct study_task *t)
{
	free(t->id);
	free(t->source);
	memset(t, 0, sizeof *t);
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

/* A number, all of the string; 0 on success. */
static int
study_strtod(const char *s, double *out)
{
	char	*end;

	if (*s == '\0')
		return (-1);
	errno = 0;
	*out = strtod(s, &end);
	if (end == s || *end != '\0' || errno == ERANGE)
		return (-1);
	return (0);
}

int
study_parse_task_param(const char *spec, struct study_task *t, char **cause)
{
	char		*copy, *field[7], *s;
	int		 n = 0, rc = -1;

	memset(t, 0, sizeof *t);
	copy = xstrdup(spec);
	for (s = copy; n < 7; n++) {
		field[n] = s;
		if ((s = strchr(s, ':')) == NULL) {
			n++;
			break;
		}
		*s++ = '\0';
	}
	if (s != NULL || n < 4 || n > 6) {
		set_cause(cause, "--task-params %s: expected "
		    "TASK:Y_START:Y_REF:lower|higher[:best|last"
		    "[:visible|hidden]]", spec);
		goto out;
	}
	if (*field[0] == '\0') {
		set_cause(cause, "--task-params %s: no task id", spec);
		goto out;
	}
	if (study_strtod(field[1], &t->y_start) != 0 ||
	    study_strtod(field[2], &t->y_ref) != 0 ||
	    !isfinite(t->y_start) || !isfinite(t->y_ref)) {
		set_cause(cause, "--task-params %s: Y_START and Y_REF must be "
		    "numbers", spec);
		goto out;
	}
	if (t->y_start == t->y_ref) {
		set_cause(cause, "--task-params %s: Y_REF must differ from "
		    "Y_START", spec);
		goto out;
	}
	if (norm_dir_parse(field[3], &t->direction) != 0) {
		set_cause(cause, "--task-params %s: direction must be lower "
		    "or higher, not '%s'", spec, field[3]);
		goto out;
	}
	t->aggregation = NORM_BEST;
	if (n > 4 && norm_agg_parse(field[4], &t->aggregation) != 0) {
		set_cause(cause, "--task-params %s: aggregation must be best "
		    "or last, not '%s'", spec, field[4]);
		goto out;
	}
	if (n > 5) {
		if (strcmp(field[5], "hidden") == 0)
			t->hidden = 1;
		else if (strcmp(field[5], "visible") != 0) {
			set_cause(cause, "--task-params %s: visibility must be "
			    "visible or hidden, not '%s'", spec, field[5]);
			goto out;
		}
	}
	t->id = xstrdup(field[0]);
	t->source = xasprintf("--task-params %s", spec);
	rc = 0;
out:
	free(copy);
	return (rc);
}

static int
study_load_pack(struct study *st, const char *dir, char **cause)
{
	struct task		*pack;
	struct study_task	 t;
	int			 rc;

	if (task_load(dir, &pack, cause) != 0)
		return (-1);
	memset(&t, 0, sizeof t);
	t.id = pack->id;
	t.direction = pack->direction;
	t.y_start = pack->y_start;
	t.y_ref = pack->y_ref;
	t.aggregation = pack->aggregation;
	t.hidden = pack->hidden;
	t.source = pack->manifest;
	rc = study_put_task(st, &t, cause);
	task_free(pack);
	return (rc);
}

int
study_load_packs(struct study *st, const char *dir, size_t *count,
    char **cause)
{
	DIR		*d;
	struct dirent	*de;
	char		*manifest, *sub;
	int		 rc = 0;

	*count = 0;
	manifest = path_join(dir, "task.yaml");
	if (file_exists(manifest)) {
		free(manifest);
		if (study_load_pack(st, dir, cause) != 0)
			return (-1);
		*count = 1;
		return (0);
	}
	free(manifest);

	if ((d = opendir(dir)) == NULL)
		return (set_cause(cause, "%s: %s", dir, strerror(errno)));
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		sub = path_join(dir, de->d_name);
		manifest = path_join(sub, "task.yaml");
		if (file_exists(manifest)) {
			if ((rc = study_load_pack(st, sub, cause)) == 0)
				(*count)++;
		}
		free(manifest);
		free(sub);
	}
	closedir(d);
	if (rc == 0 && *count == 0)
		return (set_cause(cause, "%s: no task packs (folders with "
		    "task.yaml) here", dir));
	return (rc);
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

void
study_run_clear(struct study_run *r)
{
	size_t	i;

	for (i = 0; i < r->nscores; i++)
		free(r->scores[i].status);
	free(r->scores);
	free(r->task_id);
	free(r->run_id);
	free(r->group);
	free(r->kind);
	free(r->participant);
	free(r->source);
	memset(r, 0, sizeof *r);
}

/*
 * Importing. Rows of either format become a struct study_value per field
 * (absent, null, text or number) so that one function checks them all.
 */

enum study_vtype { SV_ABSENT, SV_NULL, SV_TEXT, SV_NUMBER };

struct study_value {
	enum study_vtype type;
	const char	*text;
	double		 number;
};

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

/* A run being assembled from rows. */
struct study_pending {
	struct study_run r;
	size_t		 size;
	const char	*agent;		/* as first given */
	double		 limit;		/* NaN until a row says */
	int		 line;		/* first row */
	int		 params;	/* 1 if task is set */
	struct study_task task;
};

struct study_importer {
	struct study	*st;
	const char	*path;
	struct study_pending *runs;
	size_t		 nruns;
	size_t		 last;		/* the last row's run */
};

static int
study_is_nan_text(const char *s)
{
	return (*s == '\0' || strcasecmp(s, "nan") == 0 ||
	    strcasecmp(s, "null") == 0 || strcasecmp(s, "na") == 0 ||
	    strcasecmp(s, "none") == 0);
}

/*
 * A number from a value: 0 with *out set (NaN for absent, null, empty or
 * "NaN"), -1 if the value is text that is not a number.
 */
static int
study_value_number(const struct study_value *v, double *out)
{
	switch (v->type) {
	case SV_ABSENT:
	case SV_NULL:
		*out = NAN;
		return (0);
	case SV_NUMBER:
		*out = v->number;
		return (0);
	case SV_TEXT:
		if (study_is_nan_text(v->text)) {
			*out = NAN;
			return (0);
		}
		return (study_strtod(v->text, out));
	}
	return (-1);
}

/* Text from a value (numbers are written out); NULL if absent or empty. */
static char *
study_value_text(const struct study_value *v)
{
	switch (v->type) {
	case SV_ABSENT:
	case SV_NULL:
		return (NULL);
	case SV_NUMBER:
		if (v->number == floor(v->number) && fabs(v->number) < 1e15)
			return (xasprintf("%.0f", v->number));
		return (xasprintf("%.17g", v->number));
	case SV_TEXT:
		if (*v->text == '\0')
			return (NULL);
		return (xstrdup(v->text));
	}
	return (NULL);
}

static struct study_pending *
study_find_pending(struct study_importer *im, const char *task,
    const char *run)
{
	struct study_pending	*p;
	size_t			 i;

	if (im->nruns > 0) {
		p = &im->runs[im->last];
		if (strcmp(p->r.task_id, task) == 0 &&
		    strcmp(p->r.run_id, run) == 0)
			return (p);
	}
	for (i = 0; i < im->nruns; i++) {
		p = &im->runs[i];
		if (strcmp(p->r.task_id, task) == 0 &&
		    strcmp(p->r.run_id, run) == 0) {
			im->last = i;
			return (p);
		}
	}
	return (NULL);
}

static void
study_add_score(struct study_pending *p, double elapsed, double raw,
    double normalized, const char *status)
{
	struct study_score	*s;

	if (p->r.nscores == p->size) {
		p->size = p->size ? p->size * 2 : 16;
		p->r.scores = xreallocarray(p->r.scores, p->size,
		    sizeof *p->r.scores);
	}
	s = &p->r.scores[p->r.nscores++];
	s->elapsed = elapsed;
	s->raw = raw;
	/* The paper clips at 0 below, whoever normalized. */
	s->normalized = normalized < 0 ? 0.0 : normalized;
	s->status = xstrdup(status);
}

static const char *const study_statuses[] = {
	"valid", "invalid", "error", "timeout", "cancelled", NULL
};

static int
study_status_ok(const char *s)
{
	int	i;

	for (i = 0; study_statuses[i] != NULL; i++) {
		if (strcmp(s, study_statuses[i]) == 0)
			return (1);
	}
	return (0);
}

/* One row of a score log, its fields already found. */
static int
study_import_row(struct study_importer *im, int line,
    const struct study_value *f, char **cause)
{
	struct study_pending	*p;
	char			*run = NULL, *task = NULL, *agent = NULL;
	char			*kind = NULL, *status = NULL;
	double			 elapsed, raw, norm, limit;
	int			 i, rc = -1, known;

	for (i = 0; i < (int)nitems(study_required); i++) {
		if (f[study_required[i]].type == SV_ABSENT) {
			set_cause(cause, "%s:%d: no field %s", im->path, line,
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
		set_cause(cause, "%s:%d: %s is empty", im->path, line,
		    run == NULL ? "run_id" : task == NULL ? "task_id" :
		    "agent");
		goto out;
	}
	if (study_value_number(&f[F_ELAPSED], &elapsed) != 0 ||
	    isnan(elapsed) || elapsed < 0 || isinf(elapsed)) {
		set_cause(cause, "%s:%d: elapsed_s: expected seconds (a "
		    "number >= 0)", im->path, line);
		goto out;
	}
	if (study_value_number(&f[F_SCORE], &raw) != 0 || isinf(raw)) {
		set_cause(cause, "%s:%d: score: expected a number, or empty, "
		    "null or NaN for an invalid scoring", im->path, line);
		goto out;
	}
	if (study_value_number(&f[F_NORMALIZED], &norm) != 0 || isinf(norm)) {
		set_cause(cause, "%s:%d: normalized: expected a number",
		    im->path, line);
		goto out;
	}
	if (study_value_number(&f[F_LIMIT], &limit) != 0 ||
	    (!isnan(limit) && !(limit > 0 && isfinite(limit)))) {
		set_cause(cause, "%s:%d: time_limit_s: expected seconds (a "
		    "positive number)", im->path, line);
		goto out;
	}
	if (kind != NULL && strcmp(kind, "agent") != 0 &&
	    strcmp(kind, "human") != 0) {
		set_cause(cause, "%s:%d: kind: expected agent or human, not "
		    "'%s'", im->path, line, kind);
		goto out;
	}
	if (status != NULL && !study_status_ok(status)) {
		set_cause(cause, "%s:%d: status: expected valid, invalid, "
		    "error, timeout or cancelled, not '%s'", im->path, line,
		    status);
		goto out;
	}
	if (kind == NULL)
		kind = xstrdup(strcmp(agent, "human") == 0 ? "human" : "agent");

	if ((p = study_find_pending(im, task, run)) == NULL) {
		im->runs = xreallocarray(im->runs, im->nruns + 1,
		    sizeof *im->runs);
		im->last = im->nruns++;
		p = &im->runs[im->last];
		memset(p, 0, sizeof *p);
		p->r.task_id = xstrdup(task);
		p->r.run_id = xstrdup(run);
		p->r.kind = xstrdup(kind);
		p->r.group = xstrdup(strcmp(kind, "human") == 0 ? "human" :
		    agent);
		if (strcmp(kind, "human") == 0 && strcmp(agent, "human") != 0)
			p->r.participant = xstrdup(agent);
		p->r.source = xstrdup(im->path);
		p->agent = p->r.participant ? p->r.participant : p->r.group;
		p->limit = NAN;
		p->line = line;
		if ((known = study_get_task(im->st, task, &p->task,
		    cause)) == -1)
			goto out;
		p->params = known;
	} else if (strcmp(p->r.kind, kind) != 0 ||
	    strcmp(p->agent, agent) != 0) {
		set_cause(cause, "%s:%d: run %s of task %s was %s '%s' at "
		    "line %d, now %s '%s'", im->path, line, run, task,
		    p->r.kind, p->agent, p->line, kind, agent);
		goto out;
	}

	if (!isnan(limit)) {
		if (!isnan(p->limit) && p->limit != limit) {
			set_cause(cause, "%s:%d: time_limit_s: run %s had %g "
			    "s, now %g s", im->path, line, run, p->limit,
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
			    "--tasks DIR with its pack", im->path, line, task,
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
		set_cause(cause, "%s:%d: status valid but no score", im->path,
		    line);
		goto out;
	}
	study_add_score(p, elapsed, raw, norm, status);
	rc = 0;
out:
	free(run);
	free(task);
	free(agent);
	free(kind);
	free(status);
	return (rc);
}

static void
study_sort_scores(struct study_run *r)
{
	struct study_score	*tmp;
	size_t			 i, j;

	/*
	 * By elapsed time, equal times in file order: qsort is not stable,
	 * and an insertion sort is linear on logs that are already sorted,
	 * which is nearly all of them.
	 */
	tmp = xmalloc(sizeof *tmp);
	for (i = 1; i < r->nscores; i++) {
		*tmp = r->scores[i];
		for (j = i; j > 0 && r->scores[j - 1].elapsed > tmp->elapsed;
		    j--)
			r->scores[j] = r->scores[j - 1];
		r->scores[j] = *tmp;
	}
	free(tmp);
}

/* A run's time limit when the log gives none. */
static double
study_infer_limit(const struct study_run *r)
{
	double	last = 0;

	if (r->nscores > 0)
		last = r->scores[r->nscores - 1].elapsed;
	if (last <= 0)
		return (STUDY_HALF_HOUR);
	return (ceil(last / STUDY_HALF_HOUR - 1e-9) * STUDY_HALF_HOUR);
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

/* Store every assembled run in one transaction. */
static int
study_importer_store(struct study_importer *im, struct study_import *stats,
    char **cause)
{
	struct study_pending	*p;
	size_t			 i;
	int			 had;

	if (study_begin(im->st, cause) != 0)
		return (-1);
	for (i = 0; i < im->nruns; i++) {
		p = &im->runs[i];
		study_sort_scores(&p->r);
		if (isnan(p->limit)) {
			p->r.limit = study_infer_limit(&p->r);
			p->r.limit_inferred = 1;
			stats->inferred++;
		} else
			p->r.limit = p->limit;
		if ((had = study_put_run(im->st, &p->r, cause)) == -1) {
			study_rollback(im->st);
			return (-1);
		}
		stats->runs++;
		stats->replaced += had;
		stats->scores += p->r.nscores;
	}
	return (study_commit(im->st, cause));
}

static void
study_importer_free(struct study_importer *im)
{
	size_t	i;

	for (i = 0; i < im->nruns; i++) {
		study_run_clear(&im->runs[i].r);
		study_task_clear(&im->runs[i].task);
	}
	free(im->runs);
}

/*
 * CSV as RFC 4180 writes it: fields separated by commas, quoted with double
 * quotes when they hold commas, quotes (doubled) or newlines; CRLF or LF.
 * Reads one record from *pp; returns the number of fields, 0 at the end.
 * *line is the line the record starts on and is advanced past it.
 */
static int
study_csv_record(const char **pp, const char *end, struct buf *fields,
    size_t **offs, size_t *noffs, int *line, int *nextline, char **cause,
    const char *path)
{
	const char	*p = *pp;
	int		 quoted;

	fields->len = 0;
	*noffs = 0;
	*line = *nextline;
	if (p >= end)
		return (0);
	for (;;) {
		*offs = xreallocarray(*offs, *noffs + 1, sizeof **offs);
		(*offs)[(*noffs)++] = fields->len;
		quoted = 0;
		if (p < end && *p == '"') {
			quoted = 1;
			p++;
			for (;;) {
				if (p >= end) {
					*pp = p;
					return (set_cause(cause, "%s:%d: "
					    "unterminated quote", path,
					    *line));
				}
				if (*p == '"' && p + 1 < end && p[1] == '"') {
					buf_add(fields, "\"", 1);
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					if (*p == '\n')
						(*nextline)++;
					buf_add(fields, p, 1);
					p++;
				}
			}
		}
		while (p < end && *p != ',' && *p != '\n' && *p != '\r') {
			if (quoted) {
				*pp = p;
				return (set_cause(cause, "%s:%d: text after "
				    "a closing quote", path, *line));
			}
			buf_add(fields, p, 1);
			p++;
		}
		buf_add(fields, "", 1);
		if (p < end && *p == ',') {
			p++;
			continue;
		}
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p == '\n')
			p++;
		(*nextline)++;
		break;
	}
	*pp = p;
	return ((int)*noffs);
}

static void
study_trim(char *s)
{
	size_t	len;

	while (isspace((unsigned char)*s))
		memmove(s, s + 1, strlen(s));
	len = strlen(s);
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
}

static int
study_import_csv(struct study_importer *im, const char *text, size_t len,
    char **cause)
{
	const char		*p = text, *end = text + len;
	struct buf		 fields;
	struct study_value	 v[F_COUNT];
	size_t			*offs = NULL, noffs, i;
	int			 col[F_COUNT], n, line, nextline = 1, j, k;
	int			 rc = -1;
	char			*name;

	buf_init(&fields);
	/* Skip a UTF-8 byte order mark, which spreadsheets like to write. */
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	if ((n = study_csv_record(&p, end, &fields, &offs, &noffs, &line,
	    &nextline, cause, im->path)) <= 0) {
		if (n == 0)
			set_cause(cause, "%s: empty file", im->path);
		goto out;
	}
	for (j = 0; j < F_COUNT; j++)
		col[j] = -1;
	for (i = 0; i < noffs; i++) {
		name = fields.data + offs[i];
		study_trim(name);
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
				    "in the header", im->path, line,
				    study_fields[j][0], study_fields[j][1]);
			else
				set_cause(cause, "%s:%d: no column %s in the "
				    "header", im->path, line,
				    study_fields[j][0]);
			goto out;
		}
	}

	for (;;) {
		if ((n = study_csv_record(&p, end, &fields, &offs, &noffs,
		    &line, &nextline, cause, im->path)) < 0)
			goto out;
		if (n == 0)
			break;
		if (noffs == 1 && fields.data[offs[0]] == '\0')
			continue;	/* a blank line */
		for (j = 0; j < F_COUNT; j++) {
			if (col[j] == -1) {
				v[j].type = SV_ABSENT;
				continue;
			}
			if ((size_t)col[j] >= noffs) {
				set_cause(cause, "%s:%d: %zu fields, the "
				    "header has more", im->path, line, noffs);
				goto out;
			}
			name = fields.data + offs[col[j]];
			study_trim(name);
			v[j].type = *name == '\0' ? SV_NULL : SV_TEXT;
			v[j].text = name;
		}
		if (study_import_row(im, line, v, cause) != 0)
			goto out;
	}
	rc = 0;
out:
	free(offs);
	buf_free(&fields);
	return (rc);
}

/* A JSON value as a study value; -1 for objects and arrays. */
static int
study_json_value(json_t *j, struct study_value *v)
{
	if (j == NULL)
		v->type = SV_ABSENT;
	else if (json_is_null(j))
		v->type = SV_NULL;
	else if (json_is_number(j)) {
		v->type = SV_NUMBER;
		v->number = json_number_value(j);
	} else if (json_is_string(j)) {
		v->type = SV_TEXT;
		v->text = json_string_value(j);
	} else if (json_is_boolean(j)) {
		v->type = SV_TEXT;
		v->text = json_is_true(j) ? "true" : "false";
	} else
		return (-1);
	return (0);
}

/*
 * jansson rejects NaN, which score logs written by Python's json module
 * contain: retry a line that failed with bare NaN tokens read as null.
 */
static json_t *
study_json_nan(const char *p, size_t n)
{
	struct buf	 b;
	const char	*q;
	json_t		*obj;
	int		 instr = 0;

	buf_init(&b);
	for (q = p; q < p + n; q++) {
		if (instr && *q == '\\' && q + 1 < p + n) {
			buf_add(&b, q, 2);
			q++;
			continue;
		}
		if (*q == '"')
			instr = !instr;
		if (!instr && (size_t)(p + n - q) >= 3 &&
		    strncmp(q, "NaN", 3) == 0) {
			buf_addstr(&b, "null");
			q += 2;
		} else
			buf_add(&b, q, 1);
	}
	obj = json_loadb(b.data, b.len, 0, NULL);
	buf_free(&b);
	return (obj);
}

/* Calls fn for each line of a JSONL text with its object. */
static int
study_jsonl_each(const char *path, const char *text, size_t len,
    int (*fn)(void *, int, json_t *, char **), void *arg, char **cause)
{
	const char	*p = text, *end = text + len, *nl;
	json_t		*obj;
	json_error_t	 err;
	int		 line = 0, rc;
	size_t		 n;

	while (p < end) {
		line++;
		if ((nl = memchr(p, '\n', end - p)) == NULL)
			nl = end;
		n = nl - p;
		while (n > 0 && isspace((unsigned char)p[n - 1]))
			n--;
		if (n == 0 || strspn(p, " \t") >= n) {
			p = nl + 1;
			continue;
		}
		obj = json_loadb(p, n, 0, &err);
		if (obj == NULL)
			obj = study_json_nan(p, n);
		if (obj == NULL)
			return (set_cause(cause, "%s:%d: %s", path, line,
			    err.text));
		if (!json_is_object(obj)) {
			json_decref(obj);
			return (set_cause(cause, "%s:%d: expected an object "
			    "per line", path, line));
		}
		rc = fn(arg, line, obj, cause);
		json_decref(obj);
		if (rc != 0)
			return (-1);
		p = nl + 1;
	}
	return (0);
}

static int
study_jsonl_row_cb(void *arg, int line, json_t *obj, char **cause)
{
	struct study_importer	*im = arg;
	struct study_value	 v[F_COUNT];
	json_t			*j;
	int			 f, k;

	for (f = 0; f < F_COUNT; f++) {
		j = NULL;
		for (k = 0; j == NULL && study_fields[f][k] != NULL; k++)
			j = json_object_get(obj, study_fields[f][k]);
		if (study_json_value(j, &v[f]) != 0)
			return (set_cause(cause, "%s:%d: %s: expected a number "
			    "or a string", im->path, line, study_fields[f][0]));
	}
	return (study_import_row(im, line, v, cause));
}

/* Score log: JSONL if it says so or starts with '{', else CSV. */
static int
study_import_log(struct study *st, const char *path,
    struct study_import *stats, char **cause)
{
	struct study_importer	 im;
	const char		*dot, *p;
	char			*text;
	size_t			 len;
	int			 jsonl, rc;

	if (file_read(path, &text, &len, cause) != 0)
		return (-1);
	memset(&im, 0, sizeof im);
	im.st = st;
	im.path = path;

	dot = strrchr(path, '.');
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
		rc = study_jsonl_each(path, text, len, study_jsonl_row_cb, &im,
		    cause);
	else
		rc = study_import_csv(&im, text, len, cause);
	if (rc == 0 && im.nruns == 0)
		rc = set_cause(cause, "%s: no scorings", path);
	if (rc == 0)
		rc = study_importer_store(&im, stats, cause);
	study_importer_free(&im);
	free(text);
	return (rc);
}

/*
 * An exported session: session.json says whose run of which task it was,
 * its limit and its scoring parameters; scores.jsonl has every scoring.
 */
struct study_session {
	struct study_importer	*im;
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
	study_add_score(p, elapsed, raw, norm, status);
	return (0);
}

/* A string member of a JSON object, or an error naming it. */
static int
study_json_string(const char *path, json_t *obj, const char *key,
    const char *field, const char **out, char **cause)
{
	json_t	*j;

	j = json_object_get(obj, key);
	if (!json_is_string(j) || *json_string_value(j) == '\0')
		return (set_cause(cause, "%s: %s: expected a string", path,
		    field));
	*out = json_string_value(j);
	return (0);
}

static int
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
		    "best or last", path));
	vis = json_string_value(json_object_get(sc, "visibility"));
	if (vis != NULL && strcmp(vis, "hidden") != 0 &&
	    strcmp(vis, "visible") != 0)
		return (set_cause(cause, "%s: scoring.visibility: expected "
		    "visible or hidden", path));
	t->hidden = vis != NULL && strcmp(vis, "hidden") == 0;
	return (0);
}

static int
study_import_session(struct study *st, const char *dir,
    struct study_import *stats, char **cause)
{
	struct study_importer	 im;
	struct study_session	 ss;
	struct study_pending	*p;
	struct study_task	 known;
	json_t			*root = NULL, *task, *sc, *lim;
	json_error_t		 err;
	const char		*id, *task_id, *who, *kind;
	char			*spath, *cpath, *text = NULL;
	size_t			 len;
	int			 rc = -1, found;

	memset(&im, 0, sizeof im);
	memset(&known, 0, sizeof known);
	spath = path_join(dir, "session.json");
	cpath = path_join(dir, "scores.jsonl");
	im.st = st;
	im.path = spath;

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

	im.runs = xcalloc(1, sizeof *im.runs);
	im.nruns = 1;
	p = &im.runs[0];
	p->r.task_id = xstrdup(task_id);
	p->r.run_id = xstrdup(id);
	p->r.kind = xstrdup(kind);
	p->r.group = xstrdup(strcmp(kind, "human") == 0 || who == NULL ?
	    "human" : who);
	p->r.participant = who ? xstrdup(who) : NULL;
	p->r.source = xstrdup(dir);
	p->limit = NAN;
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
		if (study_session_scoring(spath, sc, &p->task, cause) != 0)
			goto out;
		p->task.id = xstrdup(task_id);
		p->task.source = xasprintf("session %s", id);
		ss.have_params = 1;
		/* A task the study has never seen learns from the session. */
		if ((found = study_get_task(st, task_id, &known, cause)) == -1)
			goto out;
		if (!found && study_put_task(st, &p->task, cause) != 0)
			goto out;
	} else {
		if ((found = study_get_task(st, task_id, &p->task,
		    cause)) == -1)
			goto out;
		ss.have_params = found;
	}

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
	rc = study_importer_store(&im, stats, cause);
out:
	study_task_clear(&known);
	study_importer_free(&im);
	json_decref(root);
	free(text);
	free(spath);
	free(cpath);
	return (rc);
}

int
study_import_path(struct study *st, const char *path,
    struct study_import *stats, char **cause)
{
	char	*sj;
	int	 is_session;

	if (dir_exists(path)) {
		sj = path_join(path, "session.json");
		is_session = file_exists(sj);
		free(sj);
		if (!is_session)
			return (set_cause(cause, "%s: a folder without "
			    "session.json (not an exported session)", path));
		return (study_import_session(st, path, stats, cause));
	}
	return (study_import_log(st, path, stats, cause));
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

	if (study_prepare(st, "SELECT task_id, run_id, grp, kind, "
	    "participant, source, limit_s, limit_inferred FROM run "
	    "ORDER BY task_id, grp, limit_s, run_id", &stmt, cause) != 0)
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
