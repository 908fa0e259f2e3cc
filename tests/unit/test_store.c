/* test_store.c: migrations, WAL, foreign keys, transactions, queries. */
#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include "store.h"
#include "unit.h"
#include "util.h"

extern const int store_nmigrations;

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
	CHECK(store_version(st) == store_nmigrations);
	mode = store_query_text(st, "PRAGMA journal_mode", "");
	CHECK_STR(mode, "wal");
	free(mode);
	CHECK(store_query_int(st, "PRAGMA foreign_keys", "") == 1);
	/* Every table of DESIGN.md exists. */
	CHECK(store_query_int(st, "SELECT count(*) FROM sqlite_master WHERE "
	    "type = 'table' AND name IN ('session', 'event', 'score', "
	    "'checkpoint', 'checkpoint_skipped', 'pause', 'note', 'message', "
	    "'recording', 'pane', 'command')", "") == 11);
	store_close(st);
	/* Opening again applies nothing and keeps the version. */
	CHECK(store_open(db, 0, &st, NULL) == 0);
	CHECK(store_version(st) == store_nmigrations);
	/* A database from the future is refused with a reason. */
	CHECK(store_execf(st, NULL, "PRAGMA user_version = 99", "") == 0);
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
	    "FROM event ORDER BY seq", "");
	CHECK(json_array_size(rows) == 2);
	CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 0),
	    "data")), "{\"t\":\"x\"}");
	CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 1),
	    "actor")), "participant");
	json_decref(rows);

	/* Foreign keys are enforced. */
	CHECK(store_execf(st, &cause, "INSERT INTO checkpoint_skipped "
	    "(checkpoint_id, path, size, hash) VALUES (42, 'a', 1, 'h')",
	    "") == -1);
	CHECK(cause != NULL && strstr(cause, "FOREIGN KEY") != NULL);
	free(cause);

	/* A rolled-back transaction leaves nothing behind. */
	CHECK(store_begin(st, NULL) == 0);
	CHECK(store_execf(st, NULL, "INSERT INTO note (wall, elapsed, text) "
	    "VALUES ('w', 1, ?)", "s", "gone") == 0);
	store_rollback(st);
	CHECK(store_query_int(st, "SELECT count(*) FROM note", "") == 0);
	CHECK(store_begin(st, NULL) == 0);
	CHECK(store_execf(st, NULL, "INSERT INTO note (wall, elapsed, text) "
	    "VALUES ('w', ?, ?)", "ds", NAN, "kept") == -1);	/* NOT NULL */
	store_rollback(st);
	CHECK(store_record(st, 1, 5, 0.1, 'o', "\x1b[1mhi\0", 7, NULL) == 0);
	CHECK(store_query_int(st, "SELECT length(data) FROM recording", "") == 7);
	store_close(st);

	/* Readers see committed rows while the writer is open. */
	CHECK(store_open(db, STORE_READONLY, &st, NULL) == 0);
	CHECK(store_query_int(st, "SELECT count(*) FROM event", "") == 2);
	store_close(st);
	free(db);
}

int
main(void)
{
	RUN(test_migrate);
	RUN(test_rows);
	UNIT_DONE();
}
