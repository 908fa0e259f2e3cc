/*
 * store.h: the one door to SQLite. A store is one database file (WAL,
 * foreign keys on) whose schema is a list of migrations compiled in from
 * data/: the session's (data/schema-N.sql) or, with STORE_STUDY, a study's
 * (data/study-N.sql). At open, every migration past PRAGMA user_version
 * runs in one transaction with the version bump. The session server is the
 * only writer of a session's database; commands open it read-only. No file
 * but store.c includes <sqlite3.h>: everything else goes through here.
 *
 * Statements are bound with typed values that the compiler checks:
 *
 *	store_exec(st, &cause, "UPDATE pane SET cols = ? WHERE id = ?",
 *	    store_int(cols), store_int(id));
 *
 * Each store_* constructor takes exactly one C type; a wrong argument is a
 * compile-time diagnostic, a missing one a bind count mismatch reported at
 * run time ("expects 2 values, got 1"). Statements are prepared once and
 * kept (a small cache keyed by the SQL text), so hot paths do not parse.
 *
 * Transactions nest: store_begin/store_commit pairs count, and only the
 * outermost commits. A rollback at any depth dooms the whole transaction:
 * the outermost store_commit then rolls back and fails. On a read-only
 * store a transaction is a snapshot: every read inside sees one state of
 * the database, whatever the server commits meanwhile.
 */
#ifndef BASELINER_STORE_H
#define BASELINER_STORE_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "util.h"

struct store;
struct store_cursor;

#define STORE_READONLY	0x1
#define STORE_STUDY	0x2	/* the study schema, not a session's */

/* Open the database at path: a new object that store_close closes (its
 * connections and writer thread) and frees. Open and close, not create and
 * destroy, because they open and close a database. */
int		 store_open(const char *path, int flags, struct store **,
		     char **cause);
void		 store_close(struct store *);
int		 store_version(struct store *);
/* The number of migrations of a schema (STORE_STUDY or 0). */
int		 store_schema_version(int flags);

/* Transactions (see above). store_commit returns -1 with a cause if the
 * transaction was doomed by an inner rollback or the commit failed; then
 * nothing of it is stored. */
int		 store_begin(struct store *, char **);
int		 store_commit(struct store *, char **);
void		 store_rollback(struct store *);
/* Depth of store_begin nesting (0: none open). */
int		 store_depth(struct store *);

/* A value to bind. */
enum store_type {
	STORE_NONE,	/* no value: the array's head, never bound */
	STORE_NULL,
	STORE_INT,
	STORE_REAL,
	STORE_TEXT,
	STORE_BLOB
};

struct store_val {
	enum store_type	 type;
	union {
		int64_t		 i;
		double		 r;
		const char	*s;
		struct {
			const void	*p;
			size_t		 len;
		}		 b;
	}		 v;
};

static inline struct store_val
store_null(void)
{
	return ((struct store_val){ .type = STORE_NULL });
}

static inline struct store_val
store_int(int64_t i)
{
	return ((struct store_val){ .type = STORE_INT, .v.i = i });
}

/* NaN binds NULL. */
static inline struct store_val
store_real(double r)
{
	if (isnan(r))
		return (store_null());
	return ((struct store_val){ .type = STORE_REAL, .v.r = r });
}

/* NULL binds NULL. */
static inline struct store_val
store_text(const char *s)
{
	if (s == NULL)
		return (store_null());
	return ((struct store_val){ .type = STORE_TEXT, .v.s = s });
}

static inline struct store_val
store_blob(const void *p, size_t len)
{
	return ((struct store_val){ .type = STORE_BLOB, .v.b = { p, len } });
}

/*
 * STORE_VALS(...) turns the values into (array, count) for the _v
 * functions. The array starts with an unbound STORE_NONE so that it is
 * never empty (C has no empty initialiser); the pointer given is past it.
 * sizeof does not evaluate the second copy of the values.
 */
#define STORE_VALS(...)							\
	((const struct store_val[]){ { STORE_NONE, { 0 } },		\
	    ##__VA_ARGS__ } + 1),					\
	(sizeof ((const struct store_val[]){ { STORE_NONE, { 0 } },	\
	    ##__VA_ARGS__ }) / sizeof (struct store_val) - 1)

/* Run SQL with no result rows. 0 or -1 with cause. */
int		 store_exec_v(struct store *, char **, const char *sql,
		     const struct store_val *, size_t);
#define store_exec(st, cause, sql, ...)					\
	store_exec_v(st, cause, sql, STORE_VALS(__VA_ARGS__))
/* Several statements, no values (a script). */
int		 store_exec_script(struct store *, const char *sql, char **);
/* Last inserted rowid; rows changed by the last statement. */
int64_t		 store_last_id(struct store *);
int64_t		 store_changes(struct store *);

/* Query rows as a JSON array of objects (column name -> value). */
json_t		*store_query_json_v(struct store *, char **, const char *sql,
		     const struct store_val *, size_t);
#define store_query_json(st, cause, sql, ...)				\
	store_query_json_v(st, cause, sql, STORE_VALS(__VA_ARGS__))
/* First column of the first row as int64 / text (malloc'd); -1/NULL if
 * none or on error. */
int64_t		 store_query_int_v(struct store *, const char *sql,
		     const struct store_val *, size_t);
#define store_query_int(st, sql, ...)					\
	store_query_int_v(st, sql, STORE_VALS(__VA_ARGS__))
char		*store_query_text_v(struct store *, const char *sql,
		     const struct store_val *, size_t);
#define store_query_text(st, sql, ...)					\
	store_query_text_v(st, sql, STORE_VALS(__VA_ARGS__))

/*
 * Row by row: store_select prepares and binds, store_next steps (1: a row,
 * 0: no more, -1: error with cause), store_col_* read the current row
 * (columns from 0), store_cursor_end gives the statement back (always, on
 * every path). Text and blobs are valid until the next store_next or the
 * end. A cursor keeps its statement busy: the same SQL selected again
 * while it is open gets a statement of its own.
 */
struct store_cursor *store_select_v(struct store *, char **, const char *sql,
		     const struct store_val *, size_t);
#define store_select(st, cause, sql, ...)				\
	store_select_v(st, cause, sql, STORE_VALS(__VA_ARGS__))
int		 store_next(struct store_cursor *, char **);
void		 store_cursor_end(struct store_cursor *);
int		 store_col_count(struct store_cursor *);
int		 store_col_isnull(struct store_cursor *, int);
int64_t		 store_col_int(struct store_cursor *, int);
double		 store_col_real(struct store_cursor *, int);	/* NULL: NaN */
const char	*store_col_text(struct store_cursor *, int);	/* NULL: NULL */
const void	*store_col_blob(struct store_cursor *, int, size_t *);
/* The column as a malloc'd string (NULL for NULL). */
char		*store_col_strdup(struct store_cursor *, int);

/*
 * A write that must not be lost (a score's result, an event). fn runs
 * inside a transaction of its own and returns 0 or -1 with a cause (inside
 * a transaction of the caller's, it runs as part of that one, and nothing
 * is kept: the caller's transaction decides). If the database refuses for
 * a reason it may get over (a full disk, an I/O error, a lock held too
 * long), the write is kept in memory and run again by store_retry, in the
 * order given; a write given while others are kept goes behind them.
 *
 * Returns 0: written now; -1: refused for good (a constraint, a bad
 * statement, fn's own error), cause set; in both cases arg is still the
 * caller's. 1: kept: the store owns arg from here and gives it to free_cb
 * once written, given up or at store_close.
 */
typedef int	(*store_write_cb)(struct store *, void *, char **);
int		 store_write(struct store *, store_write_cb, void *arg,
		     void (*free_cb)(void *), char **cause);
/* Run the kept writes; the number still kept (0: all written). */
size_t		 store_retry(struct store *);
size_t		 store_waiting(struct store *);
/* Why writes are kept (the last failure), or NULL if none is. */
const char	*store_trouble(struct store *);

/* Append to the event timeline (steals data); returns its seq or -1. */
int64_t		 store_event(struct store *, int64_t wall_ms, double elapsed,
		     const char *kind, const char *actor, json_t *data,
		     char **cause);

/* Terminal recording: output 'o', input 'i', resize 'r'. */
int		 store_record(struct store *, int pane, int64_t wall_ms,
		     double elapsed, char kind, const void *data, size_t len,
		     char **cause);

/*
 * Recording in batches, written off the caller's thread. A batch is one
 * pane's records over one byte buffer. store_batch_write hands it over:
 * the store's writer thread, with its own connection to the same file,
 * commits each batch in one transaction of its own (so a batch is bounded
 * by what its owner lets it grow to), in the order handed over, then
 * recycles it. A batch that fails is logged and dropped. store_sync waits
 * until a ticket from store_batch_write is committed (0: everything handed
 * over); store_close waits for everything. store_sync inside a transaction
 * of the caller's is refused (-1): the writer needs the write lock that the
 * transaction holds, so the wait would end only by the writer's busy
 * timeout, dropping the batch. Only a writer far behind
 * (STORE_QUEUE_MAX) makes store_batch_write wait. A store without a file
 * (":memory:") or threads writes at once instead, giving ticket 0.
 */
struct store_rec {
	char		kind;
	int64_t		wall;
	double		elapsed;
	size_t		off;	/* into data */
	size_t		len;
};

struct store_batch {
	int			 pane;
	struct store_rec	*recs;
	size_t			 nrecs;
	size_t			 recs_size;
	struct buf		 data;
	struct store_batch	*next;
};

#define STORE_QUEUE_MAX	(32 * 1024 * 1024)

/* An empty batch for a pane (a recycled one if there is one). */
struct store_batch *store_batch_get(struct store *, int pane);
void		 store_batch_destroy(struct store_batch *);
/* Append; merged into the last record if of the same kind and millisecond
 * (never for resizes). */
void		 store_batch_add(struct store_batch *, char kind, int64_t wall,
		     double elapsed, const void *, size_t);
/* Hand over (the store owns it from here). */
int		 store_batch_write(struct store *, struct store_batch *,
		     uint64_t *ticket, char **cause);
int		 store_sync(struct store *, uint64_t ticket);

#endif
