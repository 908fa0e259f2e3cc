/*
 * store.c: the session database. One SQLite file per session in WAL mode:
 * the session server is its only writer, commands read it alongside. The
 * schema is a list of migrations compiled in from data/schema-N.sql; at
 * open, every migration past PRAGMA user_version runs in one transaction
 * with the version bump, so a database is always at a version the code
 * knows, never half-way.
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

#include <uv.h>

#include "store.h"
#include "util.h"

/* Recycled batches kept, and the largest buffer kept with one. */
#define STORE_SPARES		2
#define STORE_SPARE_SIZE	(8 * 1024 * 1024)
#define STORE_AUTOCHECKPOINT	1000	/* SQLite's default, in pages */
#ifndef STORE_WRITER_NICE
#define STORE_WRITER_NICE	10
#endif

extern const char *const store_migrations[];
extern const int store_nmigrations;

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

struct store {
	sqlite3			*db;
	int			 readonly;
	int			 depth;		/* nesting of store_begin */
	int			 no_writer;	/* write batches at once */
	struct store_writer	*w;
};

static void	store_writer_stop(struct store *);

static const char store_record_sql[] = "INSERT INTO recording (pane_id, "
    "wall_ms, elapsed, kind, data) VALUES (?, ?, ?, ?, ?)";

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
	store_writer_stop(st);
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

	return (store_execf(st, cause, store_record_sql, "iidsb",
	    (int64_t)pane, wall, elapsed, k, data, len));
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
store_batch_free(struct store_batch *b)
{
	if (b == NULL)
		return;
	buf_free(&b->data);
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
	sqlite3_stmt		*stmt;
	struct store_rec	*r;
	size_t			 i;
	int			 rc = 0;

	if (store_begin(st, cause) != 0)
		return (-1);
	if (sqlite3_prepare_v2(st->db, store_record_sql, -1, &stmt, NULL) !=
	    SQLITE_OK) {
		store_fail(st, cause, "recording");
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
	sqlite3_finalize(stmt);
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
		store_batch_free(b);
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
	if (store_open(path, 0, &w->st, &cause) != 0) {
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
		store_batch_free(b);
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
		store_batch_free(b);
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

void
store_sync(struct store *st, uint64_t ticket)
{
	struct store_writer	*w = st->w;

	if (w == NULL)
		return;
	uv_mutex_lock(&w->lock);
	if (ticket == 0)
		ticket = w->handed;
	while (w->done < ticket)
		uv_cond_wait(&w->progress, &w->lock);
	uv_mutex_unlock(&w->lock);
}
