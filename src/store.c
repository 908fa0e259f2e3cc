/*
 * store.c: the session database. One SQLite file per session in WAL mode:
 * the session server is its only writer, commands read it alongside. The
 * schema is a list of migrations compiled in from data/schema-N.sql; at
 * open, every migration past PRAGMA user_version runs in one transaction
 * with the version bump, so a database is always at a version the code
 * knows, never half-way.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"
#include "util.h"

extern const char *const store_migrations[];
extern const int store_nmigrations;

struct store {
	sqlite3	*db;
	int	 readonly;
	int	 depth;		/* nesting of store_begin */
};

static int
store_fail(struct store *st, char **cause, const char *what)
{
	return (set_cause(cause, "database: %s: %s", what,
	    sqlite3_errmsg(st->db)));
}

static int
store_exec_plain(struct store *st, const char *sql, char **cause)
{
	char	*err = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		set_cause(cause, "database: %s", err ? err : "error");
		sqlite3_free(err);
		return (-1);
	}
	return (0);
}

static int
store_migrate(struct store *st, char **cause)
{
	int	version, i;
	char	*bump;

	version = (int)store_query_int(st, "PRAGMA user_version", "");
	if (version > store_nmigrations)
		return (set_cause(cause, "database is version %d, newer than "
		    "this baseliner knows (%d)", version, store_nmigrations));
	for (i = version; i < store_nmigrations; i++) {
		if (store_begin(st, cause) != 0)
			return (-1);
		bump = xasprintf("PRAGMA user_version = %d", i + 1);
		if (store_exec_plain(st, store_migrations[i], cause) != 0 ||
		    store_exec_plain(st, bump, cause) != 0) {
			free(bump);
			store_rollback(st);
			return (-1);
		}
		free(bump);
		if (store_commit(st, cause) != 0)
			return (-1);
	}
	return (0);
}

int
store_open(const char *path, int flags, struct store **out, char **cause)
{
	struct store	*st;
	int		 oflags;

	st = xcalloc(1, sizeof *st);
	st->readonly = (flags & STORE_READONLY) != 0;
	oflags = st->readonly ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX,
	    NULL) != SQLITE_OK) {
		set_cause(cause, "%s: %s", path, st->db ?
		    sqlite3_errmsg(st->db) : "cannot open");
		sqlite3_close(st->db);
		free(st);
		return (-1);
	}
	sqlite3_busy_timeout(st->db, 5000);
	if (!st->readonly) {
		if (store_exec_plain(st, "PRAGMA journal_mode = WAL;"
		    "PRAGMA synchronous = NORMAL;", cause) != 0)
			goto fail;
	}
	if (store_exec_plain(st, "PRAGMA foreign_keys = ON", cause) != 0)
		goto fail;
	if (!st->readonly && store_migrate(st, cause) != 0)
		goto fail;
	if (st->readonly && store_version(st) != store_nmigrations) {
		set_cause(cause, "%s: database is at version %d, expected %d",
		    path, store_version(st), store_nmigrations);
		goto fail;
	}
	*out = st;
	return (0);
fail:
	sqlite3_close(st->db);
	free(st);
	return (-1);
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	sqlite3_close(st->db);
	free(st);
}

sqlite3 *
store_db(struct store *st)
{
	return (st->db);
}

int
store_version(struct store *st)
{
	return ((int)store_query_int(st, "PRAGMA user_version", ""));
}

int
store_begin(struct store *st, char **cause)
{
	if (st->depth++ > 0)
		return (0);
	if (store_exec_plain(st, "BEGIN IMMEDIATE", cause) != 0) {
		st->depth--;
		return (-1);
	}
	return (0);
}

int
store_commit(struct store *st, char **cause)
{
	if (st->depth == 0 || --st->depth > 0)
		return (0);
	if (store_exec_plain(st, "COMMIT", cause) != 0) {
		store_exec_plain(st, "ROLLBACK", NULL);
		return (-1);
	}
	return (0);
}

void
store_rollback(struct store *st)
{
	if (st->depth == 0)
		return;
	st->depth = 0;
	store_exec_plain(st, "ROLLBACK", NULL);
}

static int
store_bind(struct store *st, sqlite3_stmt *stmt, const char *fmt, va_list ap,
    char **cause)
{
	const char	*s;
	const void	*p;
	size_t		 len;
	double		 d;
	int		 i, rc = SQLITE_OK;

	for (i = 1; *fmt != '\0' && rc == SQLITE_OK; fmt++, i++) {
		switch (*fmt) {
		case 'i':
			rc = sqlite3_bind_int64(stmt, i, va_arg(ap, int64_t));
			break;
		case 'd':
			d = va_arg(ap, double);
			rc = isnan(d) ? sqlite3_bind_null(stmt, i) :
			    sqlite3_bind_double(stmt, i, d);
			break;
		case 's':
			s = va_arg(ap, const char *);
			rc = s == NULL ? sqlite3_bind_null(stmt, i) :
			    sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
			break;
		case 'b':
			p = va_arg(ap, const void *);
			len = va_arg(ap, size_t);
			rc = sqlite3_bind_blob64(stmt, i, p, len,
			    SQLITE_TRANSIENT);
			break;
		case 'n':
			rc = sqlite3_bind_null(stmt, i);
			break;
		default:
			fatalx("store: bad bind format '%c'", *fmt);
		}
	}
	if (rc != SQLITE_OK)
		return (store_fail(st, cause, "bind"));
	return (0);
}

static sqlite3_stmt *
store_prepare(struct store *st, char **cause, const char *sql,
    const char *fmt, va_list ap)
{
	sqlite3_stmt	*stmt;

	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		store_fail(st, cause, sql);
		return (NULL);
	}
	if (store_bind(st, stmt, fmt, ap, cause) != 0) {
		sqlite3_finalize(stmt);
		return (NULL);
	}
	return (stmt);
}

int
store_execf(struct store *st, char **cause, const char *sql, const char *fmt,
    ...)
{
	sqlite3_stmt	*stmt;
	va_list		 ap;
	int		 rc;

	va_start(ap, fmt);
	stmt = store_prepare(st, cause, sql, fmt, ap);
	va_end(ap);
	if (stmt == NULL)
		return (-1);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE) {
		store_fail(st, cause, "write");
		sqlite3_finalize(stmt);
		return (-1);
	}
	sqlite3_finalize(stmt);
	return (0);
}

int64_t
store_last_id(struct store *st)
{
	return (sqlite3_last_insert_rowid(st->db));
}

static json_t *
store_column_json(sqlite3_stmt *stmt, int i)
{
	switch (sqlite3_column_type(stmt, i)) {
	case SQLITE_INTEGER:
		return (json_integer(sqlite3_column_int64(stmt, i)));
	case SQLITE_FLOAT:
		return (json_real(sqlite3_column_double(stmt, i)));
	case SQLITE_TEXT:
		return (json_stringn_nocheck(
		    (const char *)sqlite3_column_text(stmt, i),
		    sqlite3_column_bytes(stmt, i)));
	case SQLITE_BLOB:
		return (json_stringn_nocheck(sqlite3_column_blob(stmt, i),
		    sqlite3_column_bytes(stmt, i)));
	default:
		return (json_null());
	}
}

json_t *
store_query_json(struct store *st, char **cause, const char *sql,
    const char *fmt, ...)
{
	sqlite3_stmt	*stmt;
	va_list		 ap;
	json_t		*rows, *row;
	int		 rc, i, n;

	va_start(ap, fmt);
	stmt = store_prepare(st, cause, sql, fmt, ap);
	va_end(ap);
	if (stmt == NULL)
		return (NULL);
	rows = json_array();
	n = sqlite3_column_count(stmt);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		row = json_object();
		for (i = 0; i < n; i++)
			json_object_set_new(row, sqlite3_column_name(stmt, i),
			    store_column_json(stmt, i));
		json_array_append_new(rows, row);
	}
	if (rc != SQLITE_DONE) {
		store_fail(st, cause, "read");
		json_decref(rows);
		rows = NULL;
	}
	sqlite3_finalize(stmt);
	return (rows);
}

int64_t
store_query_int(struct store *st, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt	*stmt;
	va_list		 ap;
	int64_t		 v = -1;

	va_start(ap, fmt);
	stmt = store_prepare(st, NULL, sql, fmt, ap);
	va_end(ap);
	if (stmt == NULL)
		return (-1);
	if (sqlite3_step(stmt) == SQLITE_ROW &&
	    sqlite3_column_type(stmt, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return (v);
}

char *
store_query_text(struct store *st, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt	*stmt;
	va_list		 ap;
	char		*v = NULL;

	va_start(ap, fmt);
	stmt = store_prepare(st, NULL, sql, fmt, ap);
	va_end(ap);
	if (stmt == NULL)
		return (NULL);
	if (sqlite3_step(stmt) == SQLITE_ROW &&
	    sqlite3_column_type(stmt, 0) != SQLITE_NULL)
		v = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return (v);
}

int64_t
store_event(struct store *st, int64_t wall, double elapsed, const char *kind,
    const char *actor, json_t *data, char **cause)
{
	char	 when[40], *text;
	int	 rc;

	wall_iso(wall, when, sizeof when);
	text = data != NULL ? json_dumps(data, JSON_COMPACT) : NULL;
	rc = store_execf(st, cause, "INSERT INTO event (wall, elapsed, kind, "
	    "actor, data) VALUES (?, ?, ?, ?, ?)", "sdsss", when, elapsed,
	    kind, actor != NULL ? actor : "system", text ? text : "{}");
	free(text);
	json_decref(data);
	if (rc != 0)
		return (-1);
	return (store_last_id(st));
}

int
store_record(struct store *st, int pane, int64_t wall, double elapsed,
    char kind, const void *data, size_t len, char **cause)
{
	char	k[2] = { kind, '\0' };

	return (store_execf(st, cause, "INSERT INTO recording (pane_id, "
	    "wall_ms, elapsed, kind, data) VALUES (?, ?, ?, ?, ?)", "iidsb",
	    (int64_t)pane, wall, elapsed, k, data, len));
}
