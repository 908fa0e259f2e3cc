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

#endif
