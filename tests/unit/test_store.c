/*
 * test_store.c: migrations (session and study schemas), WAL, foreign keys,
 * typed values, cursors and the statement cache, nested transactions,
 * read snapshots, store_sync refused inside a transaction; a session
 * database of version 3 migrated to version 4 (aggregation last_valid).
 */
#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include "store.h"
#include "unit.h"
#include "util.h"

static char *
tmpdb(void)
{
	char	dir[] = "/tmp/bl-store-XXXXXX";

	if (mkdtemp(dir) == NULL)
		abort();
	return (path_join(dir, "s.db"));
}

static void
test_migrate(void)
{
	struct store	*st;
	char		*db = tmpdb(), *mode, *cause = NULL;

	CHECK(store_open(db, 0, &st, &cause) == 0);
	CHECK(store_version(st) == store_schema_version(0));
	mode = store_query_text(st, "PRAGMA journal_mode");
	CHECK_STR(mode, "wal");
	free(mode);
	CHECK(store_query_int(st, "PRAGMA foreign_keys") == 1);
	/* Every table of DESIGN.md exists. */
	CHECK(store_query_int(st, "SELECT count(*) FROM sqlite_master WHERE "
	    "type = 'table' AND name IN ('session', 'event', 'score', "
	    "'checkpoint', 'checkpoint_skipped', 'pause', 'note', 'message', "
	    "'recording', 'pane', 'command')") == 11);
	store_close(st);
	/* Opening again applies nothing and keeps the version. */
	CHECK(store_open(db, 0, &st, NULL) == 0);
	CHECK(store_version(st) == store_schema_version(0));
	/* A database from the future is refused with a reason. */
	CHECK(store_exec(st, NULL, "PRAGMA user_version = 99") == 0);
	store_close(st);
	CHECK(store_open(db, 0, &st, &cause) == -1);
	CHECK(cause != NULL && strstr(cause, "newer") != NULL);
	free(cause);
	free(db);
}

static void
test_rows(void)
{
	struct store	*st;
	char		*db = tmpdb(), *cause = NULL;
	json_t		*rows;

	CHECK(store_open(db, 0, &st, NULL) == 0);
	CHECK(store_event(st, 1000, 1.5, "note", NULL, json_pack("{ss}", "t",
	    "x"), NULL) == 1);
	CHECK(store_event(st, 2000, 2.5, "note", "participant", NULL,
	    NULL) == 2);
	rows = store_query_json(st, NULL, "SELECT seq, elapsed, actor, data "
	    "FROM event ORDER BY seq");
	CHECK(json_array_size(rows) == 2);
	CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 0),
	    "data")), "{\"t\":\"x\"}");
	CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 1),
	    "actor")), "participant");
	json_decref(rows);

	/* Foreign keys are enforced. */
	CHECK(store_exec(st, &cause, "INSERT INTO checkpoint_skipped "
	    "(checkpoint_id, path, size, hash) VALUES (42, 'a', 1, 'h')") == -1);
	CHECK(cause != NULL && strstr(cause, "FOREIGN KEY") != NULL);
	free(cause);

	/* A rolled-back transaction leaves nothing behind. */
	CHECK(store_begin(st, NULL) == 0);
	CHECK(store_exec(st, NULL, "INSERT INTO note (wall, elapsed, text) "
	    "VALUES ('w', 1, ?)", store_text("gone")) == 0);
	store_rollback(st);
	CHECK(store_query_int(st, "SELECT count(*) FROM note") == 0);
	CHECK(store_begin(st, NULL) == 0);
	CHECK(store_exec(st, NULL, "INSERT INTO note (wall, elapsed, text) "
	    "VALUES ('w', ?, ?)", store_real(NAN),
	    store_text("kept")) == -1);	/* NOT NULL */
	store_rollback(st);
	CHECK(store_record(st, 1, 5, 0.1, 'o', "\x1b[1mhi\0", 7, NULL) == 0);
	CHECK(store_query_int(st, "SELECT length(data) FROM recording") == 7);
	store_close(st);

	/* Readers see committed rows while the writer is open. */
	CHECK(store_open(db, STORE_READONLY, &st, NULL) == 0);
	CHECK(store_query_int(st, "SELECT count(*) FROM event") == 2);
	store_close(st);
	free(db);
}

/* Every type goes in and comes out as itself; NaN and NULL text are NULL;
 * a wrong number of values is refused with a reason. */
static void
test_typed(void)
{
	struct store		*st;
	struct store_cursor	*c;
	const void		*p;
	size_t			 len;
	char			*cause = NULL;

	CHECK(store_open(":memory:", 0, &st, NULL) == 0);
	CHECK(store_exec(st, NULL, "CREATE TABLE t (a, b, c, d, e, f)") == 0);
	CHECK(store_exec(st, NULL, "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)",
	    store_int(INT64_MAX), store_real(0.25), store_real(NAN),
	    store_text("caf\303\251"), store_text(NULL),
	    store_blob("a\0b", 3)) == 0);
	CHECK(store_exec(st, NULL, "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)",
	    store_int(-1), store_null(), store_null(), store_null(),
	    store_blob(NULL, 0), store_text("")) == 0);
	c = store_select(st, NULL, "SELECT a, b, c, d, e, f FROM t ORDER BY "
	    "rowid");
	CHECK(c != NULL && store_col_count(c) == 6);
	CHECK(store_next(c, NULL) == 1);
	CHECK(store_col_int(c, 0) == INT64_MAX);
	CHECK(store_col_real(c, 1) == 0.25);
	CHECK(store_col_isnull(c, 2) && isnan(store_col_real(c, 2)));
	CHECK_STR(store_col_text(c, 3), "caf\303\251");
	CHECK(store_col_isnull(c, 4) && store_col_text(c, 4) == NULL);
	p = store_col_blob(c, 5, &len);
	CHECK(len == 3 && memcmp(p, "a\0b", 3) == 0);
	CHECK(store_next(c, NULL) == 1);
	CHECK(store_col_int(c, 0) == -1);
	CHECK(store_col_isnull(c, 1) && store_col_isnull(c, 3));
	CHECK(!store_col_isnull(c, 4));		/* an empty blob is a value */
	CHECK(store_next(c, NULL) == 0);
	store_cursor_end(c);

	/* Too few, too many. */
	CHECK(store_exec(st, &cause, "INSERT INTO t (a, b) VALUES (?, ?)",
	    store_int(1)) == -1);
	CHECK(cause != NULL && strstr(cause, "expects 2 values, got 1"));
	free(cause);
	cause = NULL;
	CHECK(store_query_int(st, "SELECT count(*) FROM t WHERE a = ?",
	    store_int(1), store_int(2)) == -1);
	/* A syntax error is the database's message. */
	CHECK(store_exec(st, &cause, "INSERT INTO nowhere VALUES (1)") == -1);
	CHECK(cause != NULL && strstr(cause, "no such table") != NULL);
	free(cause);
	store_close(st);
}

/* Rows that jansson cannot encode as they are (bytes that are not UTF-8,
 * an infinity) still come out as JSON (issue 9). */
static void
test_json_edges(void)
{
	struct store	*st;
	json_t		*rows;
	char		*text;

	CHECK(store_open(":memory:", 0, &st, NULL) == 0);
	CHECK(store_exec(st, NULL, "CREATE TABLE t (a, b, c)") == 0);
	CHECK(store_exec(st, NULL, "INSERT INTO t VALUES (?, ?, 9e999)",
	    store_text("caf\351"), store_blob("x\342\202", 3)) == 0);
	rows = store_query_json(st, NULL, "SELECT a, b, c FROM t");
	CHECK(rows != NULL && json_array_size(rows) == 1);
	text = rows != NULL ? json_dumps(rows, JSON_COMPACT) : NULL;
	CHECK_STR(text, "[{\"a\":\"caf\357\277\275\",\"b\":"
	    "\"x\357\277\275\",\"c\":null}]");
	free(text);
	json_decref(rows);
	store_close(st);
}

/* The same statement read twice at once, and more statements than the
 * cache holds, in turn and open together. */
static void
test_cache(void)
{
	struct store		*st;
	struct store_cursor	*c1, *c2, *cs[40];
	char			*sql;
	int			 i, n;

	CHECK(store_open(":memory:", 0, &st, NULL) == 0);
	CHECK(store_exec(st, NULL, "CREATE TABLE t (a)") == 0);
	for (i = 0; i < 5; i++)
		CHECK(store_exec(st, NULL, "INSERT INTO t VALUES (?)",
		    store_int(i)) == 0);
	/* A cursor keeps its statement: a second one on the same SQL has
	 * its own. */
	c1 = store_select(st, NULL, "SELECT a FROM t WHERE a >= ? ORDER BY a",
	    store_int(0));
	CHECK(store_next(c1, NULL) == 1 && store_col_int(c1, 0) == 0);
	c2 = store_select(st, NULL, "SELECT a FROM t WHERE a >= ? ORDER BY a",
	    store_int(3));
	CHECK(store_next(c2, NULL) == 1 && store_col_int(c2, 0) == 3);
	CHECK(store_next(c1, NULL) == 1 && store_col_int(c1, 0) == 1);
	store_cursor_end(c2);
	store_cursor_end(c1);

	/* 100 distinct statements through a smaller cache. */
	for (i = 0; i < 100; i++) {
		sql = xasprintf("SELECT count(*) + %d FROM t", i);
		CHECK(store_query_int(st, sql) == 5 + i);
		free(sql);
	}
	/* More cursors open at once than the cache has slots. */
	for (i = 0; i < 40; i++) {
		sql = xasprintf("SELECT a + %d FROM t ORDER BY a", i);
		cs[i] = store_select(st, NULL, sql);
		free(sql);
		CHECK(cs[i] != NULL && store_next(cs[i], NULL) == 1);
	}
	for (i = 0, n = 0; i < 40; i++) {
		n += store_col_int(cs[i], 0) == i;
		store_cursor_end(cs[i]);
	}
	CHECK(n == 40);
	/* And the hot path still works after all that eviction. */
	CHECK(store_event(st, 1, 1, "k", NULL, NULL, NULL) == 1);
	CHECK(store_event(st, 2, 2, "k", NULL, NULL, NULL) == 2);
	store_close(st);
}

static int64_t
notes(struct store *st)
{
	return (store_query_int(st, "SELECT count(*) FROM note"));
}

static int
note(struct store *st, const char *text)
{
	return (store_exec(st, NULL, "INSERT INTO note (wall, elapsed, text) "
	    "VALUES ('w', 1, ?)", store_text(text)));
}

/* An inner rollback dooms the outer transaction: its commit fails and
 * keeps nothing. Only the outermost level commits. */
static void
test_nested(void)
{
	struct store	*st;
	char		*cause = NULL;

	CHECK(store_open(":memory:", 0, &st, NULL) == 0);
	CHECK(store_depth(st) == 0);

	/* Nested commits: only the outer one writes. */
	CHECK(store_begin(st, NULL) == 0);
	CHECK(note(st, "a") == 0);
	CHECK(store_begin(st, NULL) == 0 && store_depth(st) == 2);
	CHECK(note(st, "b") == 0);
	CHECK(store_commit(st, NULL) == 0 && store_depth(st) == 1);
	CHECK(store_commit(st, NULL) == 0 && store_depth(st) == 0);
	CHECK(notes(st) == 2);

	/* Inner rollback, outer commit: refused, nothing kept. */
	CHECK(store_begin(st, NULL) == 0);
	CHECK(note(st, "c") == 0);
	CHECK(store_begin(st, NULL) == 0);
	CHECK(note(st, "d") == 0);
	store_rollback(st);
	CHECK(store_depth(st) == 1);
	CHECK(store_commit(st, &cause) == -1);
	CHECK(cause != NULL && strstr(cause, "rolled back") != NULL);
	free(cause);
	cause = NULL;
	CHECK(store_depth(st) == 0);
	CHECK(notes(st) == 2);

	/* Three deep: the doomed middle level's commit fails too. */
	CHECK(store_begin(st, NULL) == 0);
	CHECK(store_begin(st, NULL) == 0);
	CHECK(store_begin(st, NULL) == 0);
	CHECK(note(st, "e") == 0);
	store_rollback(st);
	CHECK(store_commit(st, NULL) == -1);
	CHECK(store_commit(st, NULL) == -1);
	CHECK(store_depth(st) == 0);
	CHECK(notes(st) == 2);

	/* The doom ends with its transaction: the next one commits. */
	CHECK(store_begin(st, NULL) == 0);
	CHECK(note(st, "f") == 0);
	CHECK(store_commit(st, NULL) == 0);
	CHECK(notes(st) == 3);

	/* A commit with nothing open is an error, not a success. */
	CHECK(store_commit(st, &cause) == -1);
	CHECK(cause != NULL && strstr(cause, "without") != NULL);
	free(cause);
	store_rollback(st);		/* harmless */
	CHECK(store_depth(st) == 0);
	store_close(st);
}

/* A read-only store's transaction is one snapshot. */
static void
test_snapshot(void)
{
	struct store	*w, *r;
	char		*db = tmpdb();

	CHECK(store_open(db, 0, &w, NULL) == 0);
	CHECK(note(w, "a") == 0);
	CHECK(store_open(db, STORE_READONLY, &r, NULL) == 0);
	CHECK(store_begin(r, NULL) == 0);
	CHECK(notes(r) == 1);
	CHECK(note(w, "b") == 0);
	CHECK(notes(r) == 1);		/* still the snapshot */
	CHECK(store_commit(r, NULL) == 0);
	CHECK(notes(r) == 2);
	/* Outside a transaction each read sees the latest. */
	CHECK(note(w, "c") == 0);
	CHECK(notes(r) == 3);
	store_close(r);
	store_close(w);
	free(db);
}

/* store_sync waits for the writer thread, which needs the write lock: in a
 * transaction of the caller's it is refused, not left to hang. */
static void
test_sync_in_transaction(void)
{
	struct store		*st;
	struct store_batch	*b;
	uint64_t		 ticket;
	char			*db = tmpdb();

	CHECK(store_open(db, 0, &st, NULL) == 0);
	b = store_batch_get(st, 1);
	store_batch_add(b, 'o', 1, 0.1, "hello", 5);
	CHECK(store_batch_write(st, b, &ticket, NULL) == 0);
	CHECK(store_begin(st, NULL) == 0);
	CHECK(store_sync(st, ticket) == -1);
	CHECK(store_commit(st, NULL) == 0);
	CHECK(store_sync(st, ticket) == 0);
	CHECK(store_query_int(st, "SELECT count(*) FROM recording") == 1);
	store_close(st);
	free(db);
}

/* A study database has its own schema through the same code, and a
 * database of the other kind is refused. */
static void
test_study_schema(void)
{
	struct store	*st;
	char		*db = tmpdb(), *sdb = tmpdb(), *cause = NULL;

	CHECK(store_open(sdb, STORE_STUDY, &st, &cause) == 0);
	CHECK(store_version(st) == store_schema_version(STORE_STUDY));
	CHECK(store_query_int(st, "SELECT count(*) FROM sqlite_master WHERE "
	    "type = 'table' AND name IN ('task', 'run', 'score')") == 3);
	CHECK(store_query_int(st, "SELECT count(*) FROM sqlite_master WHERE "
	    "name = 'session'") == 0);
	CHECK(store_query_int(st, "PRAGMA foreign_keys") == 1);
	store_close(st);
	CHECK(store_open(sdb, STORE_STUDY | STORE_READONLY, &st, NULL) == 0);
	store_close(st);
	/* The wrong kind, either way. */
	CHECK(store_open(sdb, 0, &st, &cause) == -1);
	CHECK(cause != NULL && strstr(cause, "not a session") != NULL);
	free(cause);
	cause = NULL;
	CHECK(store_open(db, 0, &st, NULL) == 0);
	store_close(st);
	CHECK(store_open(db, STORE_STUDY, &st, &cause) == -1);
	CHECK(cause != NULL && strstr(cause, "not a study") != NULL);
	free(cause);
	free(sdb);
	free(db);
}

/* A write for test_kept: one note, numbered. */
struct kept_note {
	int	 n;
	int	*freed;
};

static int
kept_note_cb(struct store *st, void *arg, char **cause)
{
	struct kept_note	*k = arg;

	/* Larger than a page: always needs new ones. */
	return (store_exec(st, cause, "INSERT INTO note (wall, elapsed, text) "
	    "VALUES ('w', ?, hex(zeroblob(3000)))", store_real(k->n)));
}

static int
kept_bad_cb(struct store *st, void *arg, char **cause)
{
	return (store_exec(st, cause, "INSERT INTO note (wall, elapsed, text) "
	    "VALUES ('w', NULL, 'x')"));		/* NOT NULL: never */
}

static void
kept_free(void *arg)
{
	struct kept_note	*k = arg;

	(*k->freed)++;
	free(k);
}

static struct kept_note *
kept(int n, int *freed)
{
	struct kept_note	*k = xcalloc(1, sizeof *k);

	k->n = n;
	k->freed = freed;
	return (k);
}

/* No room left: the file may not grow, and its free pages are used. */
static void
fill(struct store *st)
{
	char	*sql;

	sql = xasprintf("PRAGMA max_page_count = %d",
	    (int)store_query_int(st, "PRAGMA page_count"));
	CHECK(store_exec_script(st, sql, NULL) == 0);
	free(sql);
	while (store_exec(st, NULL, "INSERT INTO pad VALUES (zeroblob(3000))")
	    == 0)
		;
}

/* Writes the database refuses for now are kept, in order, and stored by
 * store_retry once it can; a write that can never go is not kept. The
 * "full disk" is SQLite's own page limit (SQLITE_FULL). */
static void
test_kept(void)
{
	struct store		*st;
	struct kept_note	*k;
	struct store_cursor	*c;
	char			*db = tmpdb(), *cause = NULL;
	int			 freed = 0, i, ok;

	CHECK(store_open(db, 0, &st, NULL) == 0);
	/* Written at once: the caller keeps its arg. */
	k = kept(1, &freed);
	CHECK(store_write(st, kept_note_cb, k, kept_free, NULL) == 0);
	CHECK(store_waiting(st) == 0 && store_trouble(st) == NULL);
	kept_free(k);
	/* Never possible: refused, not kept. */
	k = kept(0, &freed);
	CHECK(store_write(st, kept_bad_cb, k, kept_free, &cause) == -1);
	CHECK(cause != NULL && strstr(cause, "NOT NULL") != NULL);
	free(cause);
	cause = NULL;
	kept_free(k);
	CHECK(store_waiting(st) == 0);

	/* Full: at the page limit, every free page used. */
	CHECK(store_exec(st, NULL, "CREATE TABLE pad (b)") == 0);
	fill(st);
	for (i = 2; i <= 4; i++)
		CHECK(store_write(st, kept_note_cb, kept(i, &freed), kept_free,
		    NULL) == 1);
	CHECK(store_waiting(st) == 3);
	CHECK(store_trouble(st) != NULL && strstr(store_trouble(st),
	    "full") != NULL);
	CHECK(store_retry(st) == 3);
	CHECK(freed == 2);
	CHECK(store_query_int(st, "SELECT count(*) FROM note") == 1);
	/* Inside the caller's transaction nothing is kept. */
	CHECK(store_begin(st, NULL) == 0);
	k = kept(9, &freed);
	CHECK(store_write(st, kept_note_cb, k, kept_free, NULL) == -1);
	kept_free(k);
	store_rollback(st);
	CHECK(store_waiting(st) == 3);

	/* Room again: stored in order, each freed once. */
	CHECK(store_exec_script(st, "PRAGMA max_page_count = 1073741823",
	    NULL) == 0);
	CHECK(store_retry(st) == 0);
	CHECK(store_waiting(st) == 0 && store_trouble(st) == NULL);
	CHECK(freed == 6);
	c = store_select(st, NULL, "SELECT elapsed FROM note ORDER BY id");
	for (i = 1, ok = 1; store_next(c, NULL) == 1; i++)
		ok &= store_col_real(c, 0) == i;
	store_cursor_end(c);
	CHECK(ok && i == 5);

	/* Kept at close: freed (and said), not leaked. */
	fill(st);
	CHECK(store_write(st, kept_note_cb, kept(10, &freed), kept_free,
	    NULL) == 1);
	store_close(st);
	CHECK(freed == 7);
	free(db);
}

/* The session schema's migrations, as store.c runs them. */
extern const char *const store_session_migrations[];

/*
 * A session database made by a baseliner of schema version 3 (built here
 * from the first three migrations): its CHECK refuses aggregation
 * last_valid; opened for writing it becomes version 4 with its row and
 * every column kept, and takes last_valid. A read-only open of a version 3
 * file (an ended session no writer opened since) still reads it.
 */
static void
test_migrate_v4(void)
{
	struct store	*st;
	char		*db = tmpdb(), *cause = NULL, *s;
	json_t		*rows, *row;
	size_t		 i;
	const char	*insert = "INSERT INTO session (id, task_id, "
			    "task_version, task_title, task_dir, participant, "
			    "owner_uid, host, limit_s, direction, aggregation, "
			    "visibility, y_start, y_ref, calibration, state, "
			    "created_wall, family, family_score) VALUES (?, 't', "
			    "'1', 'T', '/t', 'p', 0, 'h', 60, 'higher', ?, "
			    "'hidden', 0.2, 0.7, 'c', 'ended', 'w', 'fam/x', "
			    "0.5)";

	/* Version 3, by hand: the fresh file's tables dropped and the
	 * first three migrations run. */
	CHECK(store_open(db, 0, &st, NULL) == 0);
	CHECK(store_exec_script(st, "PRAGMA foreign_keys = OFF", NULL) == 0);
	rows = store_query_json(st, NULL, "SELECT name FROM sqlite_master "
	    "WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
	CHECK(json_array_size(rows) >= 11);
	json_array_foreach(rows, i, row) {
		s = xasprintf("DROP TABLE \"%s\"", json_string_value(
		    json_object_get(row, "name")));
		CHECK(store_exec_script(st, s, NULL) == 0);
		free(s);
	}
	json_decref(rows);
	for (i = 0; i < 3; i++)
		CHECK(store_exec_script(st, store_session_migrations[i],
		    NULL) == 0);
	CHECK(store_exec_script(st, "PRAGMA user_version = 3", NULL) == 0);
	/* Version 3 refuses last_valid: what this migration is for. */
	CHECK(store_exec(st, &cause, insert, store_text("s0"),
	    store_text("last_valid")) == -1);
	CHECK(cause != NULL && strstr(cause, "CHECK") != NULL);
	free(cause);
	cause = NULL;
	CHECK(store_exec(st, NULL, insert, store_text("s1"),
	    store_text("last")) == 0);
	CHECK(store_exec(st, NULL, "UPDATE session SET calibration_detail = "
	    "'{\"source\": \"pack\"}', end_elapsed = 42.5") == 0);
	store_close(st);

	/* Read-only: version 3 is read as it is. */
	CHECK(store_open(db, STORE_READONLY, &st, &cause) == 0);
	CHECK(store_version(st) == 3);
	store_close(st);

	/* For writing: migrated to the latest, the row and its columns kept,
	 * the columns in the same order. */
	CHECK(store_open(db, 0, &st, &cause) == 0);
	CHECK(store_version(st) == store_schema_version(0));
	CHECK(store_schema_version(0) >= 4);
	rows = store_query_json(st, NULL, "SELECT * FROM session");
	CHECK(json_array_size(rows) == 1);
	row = json_array_get(rows, 0);
	CHECK_STR(json_string_value(json_object_get(row, "id")), "s1");
	CHECK_STR(json_string_value(json_object_get(row, "aggregation")),
	    "last");
	CHECK_STR(json_string_value(json_object_get(row,
	    "calibration_detail")), "{\"source\": \"pack\"}");
	CHECK_STR(json_string_value(json_object_get(row, "family")), "fam/x");
	CHECK_NEAR(json_number_value(json_object_get(row, "family_score")),
	    0.5, 0);
	CHECK_NEAR(json_number_value(json_object_get(row, "end_elapsed")),
	    42.5, 0);
	CHECK(json_object_size(row) == 31);
	json_decref(rows);
	CHECK(store_query_int(st, "SELECT cid FROM pragma_table_info("
	    "'session') WHERE name = 'family'") == 30);
	CHECK(store_query_int(st, "SELECT cid FROM pragma_table_info("
	    "'session') WHERE name = 'heartbeat_wall'") == 25);
	CHECK(store_exec(st, &cause, insert, store_text("s2"),
	    store_text("last_valid")) == 0);
	CHECK(store_exec(st, &cause, insert, store_text("s3"),
	    store_text("first")) == -1);
	free(cause);
	store_close(st);
	free(db);
}

int
main(void)
{
	RUN(test_migrate);
	RUN(test_migrate_v4);
	RUN(test_rows);
	RUN(test_typed);
	RUN(test_json_edges);
	RUN(test_cache);
	RUN(test_nested);
	RUN(test_snapshot);
	RUN(test_sync_in_transaction);
	RUN(test_study_schema);
	RUN(test_kept);
	UNIT_DONE();
}
