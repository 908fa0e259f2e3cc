/*
 * store.h: the session database (SQLite, WAL, foreign keys on). The schema
 * is data/schema-N.sql, applied in order by PRAGMA user_version at open.
 * The session server is the only writer; commands open it read-only.
 *
 * Every multi-row change runs inside store_begin/store_commit. SQLite
 * errors are wrapped here with the database's own message attached.
 */
#ifndef BASELINER_STORE_H
#define BASELINER_STORE_H

#include <sqlite3.h>
#include <stdint.h>
#include <jansson.h>

#include "util.h"

struct store;

#define STORE_READONLY	0x1

int		 store_open(const char *path, int flags, struct store **,
		     char **cause);
void		 store_close(struct store *);
sqlite3		*store_db(struct store *);
int		 store_version(struct store *);

int		 store_begin(struct store *, char **);
int		 store_commit(struct store *, char **);
void		 store_rollback(struct store *);

/* Run SQL with no result rows; binds "?" parameters from a format:
 * 'i' int64, 'd' double (NaN binds NULL), 's' text (NULL binds NULL),
 * 'b' blob (pointer, size_t), 'n' NULL. Returns 0 or -1 with cause. */
int		 store_execf(struct store *, char **, const char *sql,
		     const char *fmt, ...);
/* Last inserted rowid. */
int64_t		 store_last_id(struct store *);

/* Query rows as a JSON array of objects (column name -> value). */
json_t		*store_query_json(struct store *, char **, const char *sql,
		     const char *fmt, ...);
/* First column of the first row as int64 / text (malloc'd); -1/NULL if none. */
int64_t		 store_query_int(struct store *, const char *sql,
		     const char *fmt, ...);
char		*store_query_text(struct store *, const char *sql,
		     const char *fmt, ...);

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
 * over); store_close waits for everything. Only a writer far behind
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
void		 store_batch_free(struct store_batch *);
/* Append; merged into the last record if of the same kind and millisecond
 * (never for resizes). */
void		 store_batch_add(struct store_batch *, char kind, int64_t wall,
		     double elapsed, const void *, size_t);
/* Hand over (the store owns it from here). */
int		 store_batch_write(struct store *, struct store_batch *,
		     uint64_t *ticket, char **cause);
void		 store_sync(struct store *, uint64_t ticket);

#endif
