/*
 * store.c: the one module that talks to SQLite. One file per session (and
 * one per study) in WAL mode: the session server is a session's only
 * writer, commands read it alongside. The schema is a list of migrations
 * compiled in from data/ (schema-N.sql, study-N.sql); at open, every
 * migration past PRAGMA user_version runs in one transaction with the
 * version bump, so a database is always at a version the code knows, never
 * half-way. Statements are bound from typed values (store.h) and kept
 * prepared in a small cache.
 *
 * Recordings are written by a thread of the store's own (started with the
 * first batch): a FIFO of batches under one mutex, a connection of its own,
 * one transaction a batch. The writer thread does the WAL checkpoints; the
 * main connection's automatic ones are turned off while it runs, so the
 * caller's thread never copies recordings into the database file. The
 * caller's writes (events, scores) wait at most for the one batch being
 * written (busy_timeout).
 */
#include "config.h"

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#endif

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>
#include <uv.h>

#include "store.h"
#include "utf8.h"
#include "util.h"

/* Recycled batches kept, and the largest buffer kept with one. */
#define STORE_SPARES		2
#define STORE_SPARE_SIZE	(8 * 1024 * 1024)
#define STORE_AUTOCHECKPOINT	1000	/* SQLite's default, in pages */
#ifndef STORE_WRITER_NICE
#define STORE_WRITER_NICE	10
#endif

struct store_writer {
	struct store		*st;	/* the thread's connection */
	uv_thread_t		 thread;
	uv_mutex_t		 lock;
	uv_cond_t		 work;	/* queued or stop */
	uv_cond_t		 progress;	/* a batch done */
	struct store_batch	*head;
	struct store_batch	**tail;
	struct store_batch	*spares;
	int			 nspares;
	size_t			 queued;	/* bytes not yet done */
	uint64_t		 handed;	/* tickets given */
	uint64_t		 done;		/* batches done */
	int			 stop;
};

static void	store_writer_stop(struct store *);

static const char store_record_sql[] = "INSERT INTO recording (pane_id, "
    "wall_ms, elapsed, kind, data) VALUES (?, ?, ?, ?, ?)";

/* The migrations of each schema, generated from data/ (schema2c.sh). */
extern const char *const store_session_migrations[];
extern const int store_session_nmigrations;
extern const char *const store_study_migrations[];
extern const int store_study_nmigrations;

/*
 * Prepared statements kept for reuse, keyed by their SQL text. A slot is
 * busy while a cursor reads from it; a busy slot is never handed out again
 * nor evicted (the second user of the same SQL gets a statement of its own,
 * finalized at the cursor's end). Otherwise the least recently used slot
 * makes room. A statement in a slot that is not busy is always reset, so
 * the cache holds no read transaction open.
 */
#define STORE_CACHE	32

struct store_slot {
	char		*sql;
	sqlite3_stmt	*stmt;
	int		 busy;
	uint64_t	 used;
};

struct store {
	sqlite3			*db;
	int			 flags;
	int			 readonly;
	int			 depth;		/* nesting of store_begin */
	int			 doomed;	/* an inner level rolled back */
	int			 no_writer;	/* write batches at once */
	struct store_writer	*w;
	struct store_slot	 cache[STORE_CACHE];
	uint64_t		 clock;		/* for the cache's LRU */
	int			 err;		/* SQLite's code of the last
						 * failure, 0: none or ours */
	struct store_wait	*waiting;	/* writes kept, in order */
	struct store_wait	**waiting_tail;
	size_t			 nwaiting;
	char			*trouble;	/* why they wait */
};

struct store_wait {
	store_write_cb		 fn;
	void			*arg;
	void			(*free_cb)(void *);
	struct store_wait	*next;
};

struct store_cursor {
	struct store		*st;
	sqlite3_stmt		*stmt;
	struct store_slot	*slot;	/* NULL: finalize at the end */
};

static int
store_fail(struct store *st, char **cause, const char *what)
{
	st->err = sqlite3_errcode(st->db);
	return (set_cause(cause, "database: %s: %s", what,
	    sqlite3_errmsg(st->db)));
}

int
store_exec_script(struct store *st, const char *sql, char **cause)
{
	char	*err = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		st->err = sqlite3_errcode(st->db);
		set_cause(cause, "database: %s", err ? err : "error");
		sqlite3_free(err);
		return (-1);
	}
	return (0);
}

/*
 * Each schema marks its files with PRAGMA application_id, so that a study
 * database opened as a session's (or the other way) is refused before any
 * migration touches it. Files made before the mark are known by a table
 * of theirs, and marked when opened for writing.
 */
#define STORE_APP_SESSION	0x424c5345	/* "BLSE" */
#define STORE_APP_STUDY		0x424c5354	/* "BLST" */

struct store_kind {
	const char		 *name;
	int32_t			  app_id;
	const char		 *table;	/* one of its own */
	const char *const	 *migrations;
	int			  n;
	/*
	 * The oldest version a read-only open accepts: one whose later
	 * migrations change nothing this code reads (session version 4 only
	 * widens a CHECK), so an ended session of an older baseliner that
	 * no writer has opened since can still be read by a proctor.
	 */
	int			  read_min;
};

static void
store_schema(int flags, struct store_kind *k)
{
	if (flags & STORE_STUDY) {
		k->name = "study";
		k->app_id = STORE_APP_STUDY;
		k->table = "run";
		k->migrations = store_study_migrations;
		k->n = store_study_nmigrations;
		k->read_min = k->n;
	} else {
		k->name = "session";
		k->app_id = STORE_APP_SESSION;
		k->table = "session";
		k->migrations = store_session_migrations;
		k->n = store_session_nmigrations;
		k->read_min = 3;
	}
}

/* Is this file of the kind flags ask for (an empty one is)? */
static int
store_check_kind(struct store *st, const struct store_kind *k, char **cause)
{
	int64_t	id;

	if (store_version(st) <= 0)
		return (0);
	id = store_query_int(st, "PRAGMA application_id");
	if (id == 0)
		id = store_query_int(st, "SELECT count(*) FROM sqlite_master "
		    "WHERE type = 'table' AND name = ?", store_text(k->table)) >
		    0 ? k->app_id : -1;
	if (id != k->app_id)
		return (set_cause(cause, "not a %s database", k->name));
	return (0);
}

int
store_schema_version(int flags)
{
	struct store_kind	k;

	store_schema(flags, &k);
	return (k.n);
}

static int
store_migrate(struct store *st, char **cause)
{
	struct store_kind	 k;
	const char *const	*migrations;
	int			 version, i, n;
	char			*bump;

	store_schema(st->flags, &k);
	migrations = k.migrations;
	n = k.n;
	if (store_check_kind(st, &k, cause) != 0)
		return (-1);
	version = store_version(st);
	if (version < 0)
		return (store_fail(st, cause, "version"));
	if (version > n)
		return (set_cause(cause, "database is version %d, newer than "
		    "this baseliner knows (%d)", version, n));
	for (i = version; i < n; i++) {
		if (store_begin(st, cause) != 0)
			return (-1);
		bump = xasprintf("PRAGMA user_version = %d", i + 1);
		if (store_exec_script(st, migrations[i], cause) != 0 ||
		    store_exec_script(st, bump, cause) != 0) {
			free(bump);
			store_rollback(st);
			return (-1);
		}
		free(bump);
		if (store_commit(st, cause) != 0)
			return (-1);
	}
	if (store_query_int(st, "PRAGMA application_id") != k.app_id) {
		bump = xasprintf("PRAGMA application_id = %d", (int)k.app_id);
		i = store_exec_script(st, bump, cause);
		free(bump);
		return (i);
	}
	return (0);
}

int
store_open(const char *path, int flags, struct store **out, char **cause)
{
	struct store		*st;
	struct store_kind	 kind;
	int			 oflags;

	store_schema(flags, &kind);
	st = xcalloc(1, sizeof *st);
	st->flags = flags;
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
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 5000);
	/*
	 * synchronous = FULL: in WAL mode, NORMAL syncs the log only at a
	 * checkpoint, so a power loss can take the last commits with it;
	 * FULL syncs the log at every commit, which is the promise that
	 * nothing committed is lost (bench/RESULTS.md has the cost).
	 */
	if (!st->readonly) {
		if (store_exec_script(st, "PRAGMA journal_mode = WAL;"
		    "PRAGMA synchronous = FULL;", cause) != 0)
			goto fail;
	}
	if (store_exec_script(st, "PRAGMA foreign_keys = ON", cause) != 0)
		goto fail;
	if (!st->readonly && store_migrate(st, cause) != 0)
		goto fail;
	if (st->readonly && store_check_kind(st, &kind, cause) != 0) {
		set_cause(cause, "%s: not a %s database", path, kind.name);
		goto fail;
	}
	if (st->readonly && (store_version(st) < kind.read_min ||
	    store_version(st) > kind.n)) {
		set_cause(cause, "%s: database is at version %d, expected %d",
		    path, store_version(st), kind.n);
		goto fail;
	}
	*out = st;
	return (0);
fail:
	store_close(st);
	return (-1);
}

static void
store_cache_clear(struct store *st)
{
	struct store_slot	*sl;
	int			 i;

	for (i = 0; i < STORE_CACHE; i++) {
		sl = &st->cache[i];
		if (sl->busy)
			log_warn("database: a cursor left open: %s", sl->sql);
		sqlite3_finalize(sl->stmt);
		free(sl->sql);
		memset(sl, 0, sizeof *sl);
	}
}

static void	store_wait_clear(struct store *);

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	/* The writer needs the write lock to finish: give it back first. */
	if (st->depth > 0) {
		log_warn("database: closed inside a transaction, rolled back");
		st->depth = 1;
		store_rollback(st);
	}
	store_writer_stop(st);
	if (st->nwaiting > 0 && store_retry(st) > 0)
		log_warn("database: %zu writes could not be stored: %s",
		    st->nwaiting, st->trouble);
	store_wait_clear(st);
	store_cache_clear(st);
	if (sqlite3_close(st->db) != SQLITE_OK)
		log_warn("database: close: %s", sqlite3_errmsg(st->db));
	free(st);
}

int
store_version(struct store *st)
{
	return ((int)store_query_int(st, "PRAGMA user_version"));
}

int
store_depth(struct store *st)
{
	return (st->depth);
}

/*
 * Only the outermost level talks to SQLite. Invariants kept here:
 * depth counts open levels; doomed is set only while depth > 0 and cleared
 * when the outermost level ends, one way or the other; a failed
 * store_commit has ended its level (the caller must not roll back after
 * it). A read-only store's transaction is a deferred BEGIN: it takes its
 * snapshot at the first read and keeps it to the end.
 */
int
store_begin(struct store *st, char **cause)
{
	if (st->depth > 0) {
		st->depth++;
		return (0);
	}
	if (store_exec_script(st, st->readonly ? "BEGIN" : "BEGIN IMMEDIATE",
	    cause) != 0)
		return (-1);
	st->depth = 1;
	st->doomed = 0;
	return (0);
}

int
store_commit(struct store *st, char **cause)
{
	if (st->depth == 0)
		return (set_cause(cause, "database: commit without a "
		    "transaction"));
	if (--st->depth > 0) {
		if (st->doomed)
			return (set_cause(cause, "database: transaction "
			    "already rolled back by an inner failure"));
		return (0);
	}
	if (st->doomed) {
		st->doomed = 0;
		store_exec_script(st, "ROLLBACK", NULL);
		return (set_cause(cause, "database: transaction rolled back "
		    "by an inner failure, nothing committed"));
	}
	/* SQLite rolls back by itself on some errors (a full disk, I/O). */
	if (sqlite3_get_autocommit(st->db))
		return (set_cause(cause, "database: transaction rolled back "
		    "by an error, nothing committed"));
	if (store_exec_script(st, "COMMIT", cause) != 0) {
		if (!sqlite3_get_autocommit(st->db))
			store_exec_script(st, "ROLLBACK", NULL);
		return (-1);
	}
	return (0);
}

void
store_rollback(struct store *st)
{
	if (st->depth == 0)
		return;
	if (--st->depth > 0) {
		st->doomed = 1;
		return;
	}
	st->doomed = 0;
	if (!sqlite3_get_autocommit(st->db))
		store_exec_script(st, "ROLLBACK", NULL);
}

/* A statement for sql: a cached one, or (every slot busy) one of its own. */
static sqlite3_stmt *
store_stmt(struct store *st, const char *sql, struct store_slot **slotp,
    char **cause)
{
	struct store_slot	*sl, *lru = NULL;
	sqlite3_stmt		*stmt;
	int			 i;

	*slotp = NULL;
	for (i = 0; i < STORE_CACHE; i++) {
		sl = &st->cache[i];
		if (sl->busy)
			continue;
		if (sl->sql != NULL && strcmp(sl->sql, sql) == 0) {
			sl->busy = 1;
			sl->used = ++st->clock;
			*slotp = sl;
			return (sl->stmt);
		}
		if (lru == NULL || sl->used < lru->used)
			lru = sl;
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, lru != NULL ?
	    SQLITE_PREPARE_PERSISTENT : 0, &stmt, NULL) != SQLITE_OK) {
		store_fail(st, cause, sql);
		return (NULL);
	}
	if (lru != NULL) {
		sqlite3_finalize(lru->stmt);
		free(lru->sql);
		lru->sql = xstrdup(sql);
		lru->stmt = stmt;
		lru->busy = 1;
		lru->used = ++st->clock;
		*slotp = lru;
	}
	return (stmt);
}

/* Give a statement back: reset, unbound, and free for the next user. */
static void
store_stmt_done(sqlite3_stmt *stmt, struct store_slot *sl)
{
	if (sl == NULL) {
		sqlite3_finalize(stmt);
		return;
	}
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	sl->busy = 0;
}

/* Bind the values; text and blobs are copied unless keep says the caller's
 * pointers outlive the statement's use. */
static int
store_bind(struct store *st, sqlite3_stmt *stmt, const struct store_val *v,
    size_t n, int keep, char **cause)
{
	sqlite3_destructor_type	 how = keep ? SQLITE_STATIC : SQLITE_TRANSIENT;
	size_t			 i;
	int			 rc = SQLITE_OK, want;

	want = sqlite3_bind_parameter_count(stmt);
	if ((size_t)want != n)
		return (set_cause(cause, "database: \"%s\" expects %d values, "
		    "got %zu", sqlite3_sql(stmt), want, n));
	for (i = 0; i < n && rc == SQLITE_OK; i++) {
		switch (v[i].type) {
		case STORE_NULL:
			rc = sqlite3_bind_null(stmt, (int)i + 1);
			break;
		case STORE_INT:
			rc = sqlite3_bind_int64(stmt, (int)i + 1, v[i].v.i);
			break;
		case STORE_REAL:
			rc = sqlite3_bind_double(stmt, (int)i + 1, v[i].v.r);
			break;
		case STORE_TEXT:
			rc = sqlite3_bind_text(stmt, (int)i + 1, v[i].v.s, -1,
			    how);
			break;
		case STORE_BLOB:
			rc = sqlite3_bind_blob64(stmt, (int)i + 1,
			    v[i].v.b.p != NULL ? v[i].v.b.p : "",
			    v[i].v.b.len, how);
			break;
		default:
			fatalx("store: bad value type %d", v[i].type);
		}
	}
	if (rc != SQLITE_OK)
		return (store_fail(st, cause, "bind"));
	return (0);
}

int
store_exec_v(struct store *st, char **cause, const char *sql,
    const struct store_val *v, size_t n)
{
	struct store_slot	*sl;
	sqlite3_stmt		*stmt;
	int			 rc;

	if ((stmt = store_stmt(st, sql, &sl, cause)) == NULL)
		return (-1);
	if (store_bind(st, stmt, v, n, 1, cause) != 0) {
		store_stmt_done(stmt, sl);
		return (-1);
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE)
		store_fail(st, cause, "write");
	store_stmt_done(stmt, sl);
	return (rc == SQLITE_DONE ? 0 : -1);
}

int64_t
store_last_id(struct store *st)
{
	return (sqlite3_last_insert_rowid(st->db));
}

int64_t
store_changes(struct store *st)
{
	return (sqlite3_changes(st->db));
}

struct store_cursor *
store_select_v(struct store *st, char **cause, const char *sql,
    const struct store_val *v, size_t n)
{
	struct store_cursor	*c;
	struct store_slot	*sl;
	sqlite3_stmt		*stmt;

	if ((stmt = store_stmt(st, sql, &sl, cause)) == NULL)
		return (NULL);
	if (store_bind(st, stmt, v, n, 0, cause) != 0) {
		store_stmt_done(stmt, sl);
		return (NULL);
	}
	c = xmalloc(sizeof *c);
	c->st = st;
	c->stmt = stmt;
	c->slot = sl;
	return (c);
}

int
store_next(struct store_cursor *c, char **cause)
{
	switch (sqlite3_step(c->stmt)) {
	case SQLITE_ROW:
		return (1);
	case SQLITE_DONE:
		return (0);
	default:
		return (store_fail(c->st, cause, "read"));
	}
}

void
store_cursor_end(struct store_cursor *c)
{
	if (c == NULL)
		return;
	store_stmt_done(c->stmt, c->slot);
	free(c);
}

int
store_col_count(struct store_cursor *c)
{
	return (sqlite3_column_count(c->stmt));
}

int
store_col_isnull(struct store_cursor *c, int i)
{
	return (sqlite3_column_type(c->stmt, i) == SQLITE_NULL);
}

int64_t
store_col_int(struct store_cursor *c, int i)
{
	return (sqlite3_column_int64(c->stmt, i));
}

double
store_col_real(struct store_cursor *c, int i)
{
	if (sqlite3_column_type(c->stmt, i) == SQLITE_NULL)
		return (NAN);
	return (sqlite3_column_double(c->stmt, i));
}

const char *
store_col_text(struct store_cursor *c, int i)
{
	return ((const char *)sqlite3_column_text(c->stmt, i));
}

const void *
store_col_blob(struct store_cursor *c, int i, size_t *len)
{
	const void	*p;

	p = sqlite3_column_blob(c->stmt, i);
	*len = (size_t)sqlite3_column_bytes(c->stmt, i);
	return (p);
}

char *
store_col_strdup(struct store_cursor *c, int i)
{
	const char	*s = store_col_text(c, i);

	return (s != NULL ? xstrdup(s) : NULL);
}

/*
 * Text as a JSON string. Rows written before everything was made valid
 * where it enters (or by hand) may hold bytes that are not UTF-8, which
 * jansson cannot encode: they become U+FFFD here, so one bad row never
 * makes a whole reply or export fail.
 */
static json_t *
store_text_json(const char *p, size_t n)
{
	json_t	*j;
	char	*s;

	if (p == NULL)
		return (json_string(""));
	if (utf8_valid(p, n))
		return (json_stringn_nocheck(p, n));
	s = utf8_sanitize(p, n);
	j = json_string(s);
	free(s);
	return (j);
}

static json_t *
store_column_json(sqlite3_stmt *stmt, int i)
{
	switch (sqlite3_column_type(stmt, i)) {
	case SQLITE_INTEGER:
		return (json_integer(sqlite3_column_int64(stmt, i)));
	case SQLITE_FLOAT:
		/* JSON has no infinities: an old row's is no number. */
		if (!isfinite(sqlite3_column_double(stmt, i)))
			return (json_null());
		return (json_real(sqlite3_column_double(stmt, i)));
	case SQLITE_TEXT:
		return (store_text_json(
		    (const char *)sqlite3_column_text(stmt, i),
		    (size_t)sqlite3_column_bytes(stmt, i)));
	case SQLITE_BLOB:
		return (store_text_json(sqlite3_column_blob(stmt, i),
		    (size_t)sqlite3_column_bytes(stmt, i)));
	default:
		return (json_null());
	}
}

json_t *
store_query_json_v(struct store *st, char **cause, const char *sql,
    const struct store_val *v, size_t nv)
{
	struct store_cursor	*c;
	json_t			*rows, *row;
	int			 rc, i, n;

	if ((c = store_select_v(st, cause, sql, v, nv)) == NULL)
		return (NULL);
	rows = json_array();
	n = sqlite3_column_count(c->stmt);
	while ((rc = store_next(c, cause)) == 1) {
		row = json_object();
		for (i = 0; i < n; i++)
			json_object_set_new(row, sqlite3_column_name(c->stmt,
			    i), store_column_json(c->stmt, i));
		json_array_append_new(rows, row);
	}
	if (rc != 0) {
		json_decref(rows);
		rows = NULL;
	}
	store_cursor_end(c);
	return (rows);
}

int64_t
store_query_int_v(struct store *st, const char *sql,
    const struct store_val *v, size_t n)
{
	struct store_cursor	*c;
	int64_t			 i = -1;

	if ((c = store_select_v(st, NULL, sql, v, n)) == NULL)
		return (-1);
	if (store_next(c, NULL) == 1 && !store_col_isnull(c, 0))
		i = store_col_int(c, 0);
	store_cursor_end(c);
	return (i);
}

char *
store_query_text_v(struct store *st, const char *sql,
    const struct store_val *v, size_t n)
{
	struct store_cursor	*c;
	char			*s = NULL;

	if ((c = store_select_v(st, NULL, sql, v, n)) == NULL)
		return (NULL);
	if (store_next(c, NULL) == 1)
		s = store_col_strdup(c, 0);
	store_cursor_end(c);
	return (s);
}

/*
 * Writes that must not be lost. A failure SQLite may get over (a full
 * disk, an I/O error, a lock held too long) keeps the write; anything else
 * (a constraint, a bad statement, the callback's own error) is final.
 * Kept writes run again in the order given, each in a transaction of its
 * own, and a new write waits behind them, so that the database never sees
 * them out of order. Invariants: waiting is empty exactly when nwaiting is
 * 0, and trouble is set exactly while something waits.
 */
static int
store_retriable(int err)
{
	switch (err & 0xff) {
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_CANTOPEN:
	case SQLITE_NOMEM:
	case SQLITE_PROTOCOL:
	case SQLITE_READONLY:
		return (1);
	default:
		return (0);
	}
}

/* Run one write in its own transaction; 0, or -1 with st->err saying
 * whether it is worth another try. */
static int
store_write_run(struct store *st, store_write_cb fn, void *arg, char **cause)
{
	st->err = 0;
	if (store_begin(st, cause) != 0)
		return (-1);
	if (fn(st, arg, cause) != 0) {
		store_rollback(st);
		return (-1);
	}
	if (store_commit(st, cause) != 0) {
		/* A commit SQLite rolled back by itself (a full disk)
		 * leaves no code behind: it is SQLite's, try again. */
		if (st->err == 0)
			st->err = SQLITE_IOERR;
		return (-1);
	}
	return (0);
}

static void
store_wait_clear(struct store *st)
{
	struct store_wait	*wt;

	while ((wt = st->waiting) != NULL) {
		st->waiting = wt->next;
		if (wt->free_cb != NULL)
			wt->free_cb(wt->arg);
		free(wt);
	}
	st->waiting_tail = &st->waiting;
	st->nwaiting = 0;
	free(st->trouble);
	st->trouble = NULL;
}

static void
store_wait_add(struct store *st, store_write_cb fn, void *arg,
    void (*free_cb)(void *), const char *why)
{
	struct store_wait	*wt;

	wt = xcalloc(1, sizeof *wt);
	wt->fn = fn;
	wt->arg = arg;
	wt->free_cb = free_cb;
	if (st->waiting == NULL)
		st->waiting_tail = &st->waiting;
	*st->waiting_tail = wt;
	st->waiting_tail = &wt->next;
	st->nwaiting++;
	if (why != st->trouble) {
		free(st->trouble);
		st->trouble = xstrdup(why != NULL ? why : "database: error");
	}
}

int
store_write(struct store *st, store_write_cb fn, void *arg,
    void (*free_cb)(void *), char **cause)
{
	char	*why = NULL;

	/* Part of the caller's transaction, which decides its fate. */
	if (st->depth > 0)
		return (fn(st, arg, cause) == 0 ? 0 : -1);
	if (st->nwaiting > 0 && store_retry(st) > 0) {
		store_wait_add(st, fn, arg, free_cb, st->trouble);
		return (1);
	}
	if (store_write_run(st, fn, arg, &why) == 0)
		return (0);
	if (!store_retriable(st->err)) {
		if (cause != NULL)
			*cause = why;
		else
			free(why);
		return (-1);
	}
	store_wait_add(st, fn, arg, free_cb, why);
	free(why);
	return (1);
}

size_t
store_retry(struct store *st)
{
	struct store_wait	*wt;
	char			*why = NULL;

	while ((wt = st->waiting) != NULL) {
		if (store_write_run(st, wt->fn, wt->arg, &why) != 0 &&
		    store_retriable(st->err)) {
			free(st->trouble);
			st->trouble = why;
			return (st->nwaiting);
		}
		if (why != NULL) {
			log_warn("database: a kept write failed for good: %s",
			    why);
			free(why);
			why = NULL;
		}
		if ((st->waiting = wt->next) == NULL)
			st->waiting_tail = &st->waiting;
		st->nwaiting--;
		if (wt->free_cb != NULL)
			wt->free_cb(wt->arg);
		free(wt);
	}
	free(st->trouble);
	st->trouble = NULL;
	return (0);
}

size_t
store_waiting(struct store *st)
{
	return (st->nwaiting);
}

const char *
store_trouble(struct store *st)
{
	return (st->trouble);
}

int64_t
store_event(struct store *st, int64_t wall, double elapsed, const char *kind,
    const char *actor, json_t *data, char **cause)
{
	char	 when[40], *text;
	int	 rc;

	wall_iso(wall, when, sizeof when);
	text = data != NULL ? json_dumps(data, JSON_COMPACT) : NULL;
	rc = store_exec(st, cause, "INSERT INTO event (wall, elapsed, kind, "
	    "actor, data) VALUES (?, ?, ?, ?, ?)", store_text(when),
	    store_real(elapsed), store_text(kind),
	    store_text(actor != NULL ? actor : "system"),
	    store_text(text ? text : "{}"));
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

	return (store_exec(st, cause, store_record_sql, store_int(pane),
	    store_int(wall), store_real(elapsed), store_text(k),
	    store_blob(data, len)));
}

struct store_batch *
store_batch_get(struct store *st, int pane)
{
	struct store_writer	*w = st->w;
	struct store_batch	*b = NULL;

	if (w != NULL) {
		uv_mutex_lock(&w->lock);
		if ((b = w->spares) != NULL) {
			w->spares = b->next;
			w->nspares--;
		}
		uv_mutex_unlock(&w->lock);
	}
	if (b == NULL) {
		b = xcalloc(1, sizeof *b);
		buf_init(&b->data);
	}
	b->pane = pane;
	b->next = NULL;
	return (b);
}

void
store_batch_destroy(struct store_batch *b)
{
	if (b == NULL)
		return;
	buf_done(&b->data);
	free(b->recs);
	free(b);
}

void
store_batch_add(struct store_batch *b, char kind, int64_t wall,
    double elapsed, const void *data, size_t len)
{
	struct store_rec	*r;

	r = b->nrecs > 0 ? &b->recs[b->nrecs - 1] : NULL;
	if (r != NULL && r->kind == kind && kind != 'r' && r->wall == wall &&
	    r->off + r->len == b->data.len)
		r->len += len;
	else {
		if (b->nrecs == b->recs_size) {
			b->recs_size = b->recs_size ? b->recs_size * 2 : 64;
			b->recs = xreallocarray(b->recs, b->recs_size,
			    sizeof *b->recs);
		}
		r = &b->recs[b->nrecs++];
		r->kind = kind;
		r->wall = wall;
		r->elapsed = elapsed;
		r->off = b->data.len;
		r->len = len;
	}
	buf_add(&b->data, data, len);
}

/* Write a batch in one transaction (nested in the caller's if any), with
 * one statement that binds the batch's own bytes rather than a copy. */
static int
store_batch_commit(struct store *st, struct store_batch *b, char **cause)
{
	struct store_slot	*sl;
	sqlite3_stmt		*stmt;
	struct store_rec	*r;
	size_t			 i;
	int			 rc = 0;

	if (store_begin(st, cause) != 0)
		return (-1);
	if ((stmt = store_stmt(st, store_record_sql, &sl, cause)) == NULL) {
		store_rollback(st);
		return (-1);
	}
	for (i = 0; rc == 0 && i < b->nrecs; i++) {
		r = &b->recs[i];
		if (sqlite3_bind_int64(stmt, 1, b->pane) != SQLITE_OK ||
		    sqlite3_bind_int64(stmt, 2, r->wall) != SQLITE_OK ||
		    sqlite3_bind_double(stmt, 3, r->elapsed) != SQLITE_OK ||
		    sqlite3_bind_text(stmt, 4, &r->kind, 1, SQLITE_STATIC) !=
		    SQLITE_OK || sqlite3_bind_blob64(stmt, 5, b->data.data +
		    r->off, r->len, SQLITE_STATIC) != SQLITE_OK ||
		    sqlite3_step(stmt) != SQLITE_DONE)
			rc = store_fail(st, cause, "write");
		sqlite3_reset(stmt);
	}
	store_stmt_done(stmt, sl);
	if (rc != 0) {
		store_rollback(st);
		return (-1);
	}
	return (store_commit(st, cause));
}

/* Keep a written batch for reuse, or free it. Called locked, or with no
 * writer. */
static void
store_batch_recycle(struct store_writer *w, struct store_batch *b)
{
	if (w == NULL || w->nspares >= STORE_SPARES ||
	    b->data.size > STORE_SPARE_SIZE) {
		store_batch_destroy(b);
		return;
	}
	b->nrecs = 0;
	buf_drain(&b->data, b->data.len);
	b->next = w->spares;
	w->spares = b;
	w->nspares++;
}

static void
store_writer_main(void *arg)
{
	struct store_writer	*w = arg;
	struct store_batch	*b;
	char			*cause = NULL;
	sigset_t		 set;

	/* Signals are the loop's; below it in priority, so that it writes
	 * with what the loop leaves of the CPUs. */
	sigfillset(&set);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
#ifdef __linux__
	setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), STORE_WRITER_NICE);
#endif
	uv_mutex_lock(&w->lock);
	for (;;) {
		while (w->head == NULL && !w->stop)
			uv_cond_wait(&w->work, &w->lock);
		if ((b = w->head) == NULL)
			break;
		if ((w->head = b->next) == NULL)
			w->tail = &w->head;
		uv_mutex_unlock(&w->lock);

		/* Dropped on failure: a store that refuses won't take it
		 * later. */
		if (store_batch_commit(w->st, b, &cause) != 0) {
			log_warn("pane %d: recording: %s", b->pane, cause);
			free(cause);
			cause = NULL;
		}

		uv_mutex_lock(&w->lock);
		w->queued -= b->data.len;
		w->done++;
		store_batch_recycle(w, b);
		uv_cond_broadcast(&w->progress);
	}
	uv_mutex_unlock(&w->lock);
}

/* Start the writer thread, if this store can have one. */
static void
store_writer_start(struct store *st)
{
	struct store_writer	*w;
	const char		*path;
	char			*cause = NULL;

	st->no_writer = 1;
	path = sqlite3_db_filename(st->db, "main");
	if (st->readonly || path == NULL || *path == '\0' ||
	    !sqlite3_threadsafe())
		return;
	w = xcalloc(1, sizeof *w);
	if (store_open(path, st->flags, &w->st, &cause) != 0) {
		log_warn("recording: writer: %s", cause);
		free(cause);
		free(w);
		return;
	}
	w->tail = &w->head;
	if (uv_mutex_init(&w->lock) != 0)
		fatalx("store: mutex");
	if (uv_cond_init(&w->work) != 0 || uv_cond_init(&w->progress) != 0)
		fatalx("store: condition");
	if (uv_thread_create(&w->thread, store_writer_main, w) != 0) {
		log_warn("recording: writer: no thread");
		uv_cond_destroy(&w->progress);
		uv_cond_destroy(&w->work);
		uv_mutex_destroy(&w->lock);
		store_close(w->st);
		free(w);
		return;
	}
	/* Checkpoints are the writer's from here. */
	sqlite3_wal_autocheckpoint(st->db, 0);
	st->w = w;
	st->no_writer = 0;
}

/* Commit everything handed over, end the thread. */
static void
store_writer_stop(struct store *st)
{
	struct store_writer	*w = st->w;
	struct store_batch	*b;

	if (w == NULL)
		return;
	uv_mutex_lock(&w->lock);
	w->stop = 1;
	uv_cond_signal(&w->work);
	uv_mutex_unlock(&w->lock);
	uv_thread_join(&w->thread);
	while ((b = w->spares) != NULL) {
		w->spares = b->next;
		store_batch_destroy(b);
	}
	uv_cond_destroy(&w->progress);
	uv_cond_destroy(&w->work);
	uv_mutex_destroy(&w->lock);
	store_close(w->st);
	free(w);
	st->w = NULL;
	sqlite3_wal_autocheckpoint(st->db, STORE_AUTOCHECKPOINT);
}

int
store_batch_write(struct store *st, struct store_batch *b, uint64_t *ticket,
    char **cause)
{
	struct store_writer	*w;
	int			 rc;

	*ticket = 0;
	if (st->w == NULL && !st->no_writer && b->nrecs > 0)
		store_writer_start(st);
	if ((w = st->w) == NULL) {
		rc = b->nrecs > 0 ? store_batch_commit(st, b, cause) : 0;
		store_batch_destroy(b);
		return (rc);
	}
	uv_mutex_lock(&w->lock);
	if (b->nrecs == 0) {
		store_batch_recycle(w, b);
		uv_mutex_unlock(&w->lock);
		return (0);
	}
	while (w->queued > STORE_QUEUE_MAX)
		uv_cond_wait(&w->progress, &w->lock);
	b->next = NULL;
	*w->tail = b;
	w->tail = &b->next;
	w->queued += b->data.len;
	*ticket = ++w->handed;
	uv_cond_signal(&w->work);
	uv_mutex_unlock(&w->lock);
	return (0);
}

int
store_sync(struct store *st, uint64_t ticket)
{
	struct store_writer	*w = st->w;

	/* The writer would wait for this transaction's write lock. */
	if (st->depth > 0) {
		log_warn("database: store_sync inside a transaction refused");
		return (-1);
	}
	if (w == NULL)
		return (0);
	uv_mutex_lock(&w->lock);
	if (ticket == 0)
		ticket = w->handed;
	while (w->done < ticket)
		uv_cond_wait(&w->progress, &w->lock);
	uv_mutex_unlock(&w->lock);
	return (0);
}
