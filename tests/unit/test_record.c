/*
 * test_record.c: recording batches written by the store's writer thread:
 * order kept, everything committed after store_sync and store_close, a
 * batch the database refuses dropped without harm, the caller's own
 * writes going on meanwhile, and a store without a file writing at once.
 */
#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include "store.h"
#include "unit.h"
#include "util.h"

static char	tmpdir[] = "/tmp/bl-record-XXXXXX";
static int	ndbs;

/* A new database file in this run's directory. */
static char *
tmpdb(void)
{
	return (xasprintf("%s/r%d-%d.db", tmpdir, (int)getpid(), ndbs++));
}

/* A batch of n records of size bytes each, for pane, numbered from *seq
 * (the number is the record's wall ms and starts its bytes). */
static struct store_batch *
batch(struct store *st, int pane, int n, size_t size, int *seq, char kind)
{
	struct store_batch	*b = store_batch_get(st, pane);
	char			*data = xmalloc(size);
	int			 i;

	for (i = 0; i < n; i++) {
		memset(data, 'a' + *seq % 26, size);
		snprintf(data, size, "%08d", *seq);
		store_batch_add(b, kind, *seq, *seq / 1000.0, data, size);
		(*seq)++;
	}
	free(data);
	return (b);
}

/* Rows of a pane: ids, wall and elapsed all increasing, data as made. */
static int
rows_in_order(struct store *st, int pane, int first, int n)
{
	json_t	*rows, *row;
	size_t	 i;
	int64_t	 last_id = 0;
	char	 want[16];
	int	 ok = 1;

	rows = store_query_json(st, NULL, "SELECT id, wall_ms, elapsed, "
	    "substr(CAST(data AS TEXT), 1, 8) AS head FROM recording WHERE "
	    "pane_id = ? ORDER BY id", store_int(pane));
	if (rows == NULL || json_array_size(rows) != (size_t)n)
		ok = 0;
	json_array_foreach(rows, i, row) {
		snprintf(want, sizeof want, "%08d", first + (int)i);
		if (json_integer_value(json_object_get(row, "id")) <= last_id ||
		    json_integer_value(json_object_get(row, "wall_ms")) !=
		    first + (int)i ||
		    json_real_value(json_object_get(row, "elapsed")) !=
		    (first + (int)i) / 1000.0 ||
		    strcmp(json_string_value(json_object_get(row, "head")),
		    want) != 0)
			ok = 0;
		last_id = json_integer_value(json_object_get(row, "id"));
	}
	json_decref(rows);
	return (ok);
}

static void
test_order(void)
{
	struct store	*st;
	char		*db = tmpdb(), *cause = NULL;
	uint64_t	 t = 0, t1 = 0, t2 = 0;
	int		 seq1 = 0, seq2 = 100000, i;

	CHECK(store_open(db, 0, &st, &cause) == 0);
	/* Two panes taking turns, big and small batches. */
	for (i = 0; i < 20; i++) {
		CHECK(store_batch_write(st, batch(st, 1, 1 + i % 3,
		    i % 4 == 0 ? 300000 : 100, &seq1, 'o'), &t1, NULL) == 0);
		CHECK(store_batch_write(st, batch(st, 2, 2, 1000, &seq2, 'i'),
		    &t2, NULL) == 0);
		CHECK(t1 > 0 && t2 == t1 + 1);
	}
	/* An empty batch is nothing to wait for. */
	CHECK(store_batch_write(st, store_batch_get(st, 1), &t, NULL) == 0);
	CHECK(t == 0);
	store_sync(st, t2);
	CHECK(rows_in_order(st, 1, 0, seq1));
	CHECK(rows_in_order(st, 2, 100000, seq2 - 100000));

	/* Records of the same kind and millisecond are merged; resizes not. */
	{
		struct store_batch	*b = store_batch_get(st, 3);

		store_batch_add(b, 'o', 7, 0.5, "ab", 2);
		store_batch_add(b, 'o', 7, 0.6, "cd", 2);
		store_batch_add(b, 'r', 7, 0.6, "80x24", 5);
		store_batch_add(b, 'r', 7, 0.6, "81x24", 5);
		store_batch_add(b, 'o', 8, 0.7, "ef", 2);
		CHECK(b->nrecs == 4);
		CHECK(store_batch_write(st, b, &t, NULL) == 0);
	}
	/* Handed over, not waited for: store_close commits it. */
	for (i = 0; i < 5; i++)
		CHECK(store_batch_write(st, batch(st, 1, 2, 200000, &seq1,
		    'o'), &t, NULL) == 0);
	store_close(st);

	CHECK(store_open(db, STORE_READONLY, &st, NULL) == 0);
	CHECK(rows_in_order(st, 1, 0, seq1));
	CHECK(store_query_int(st, "SELECT count(*) FROM recording WHERE "
	    "pane_id = 3") == 4);
	CHECK(store_query_int(st, "SELECT count(*) FROM recording WHERE "
	    "pane_id = 3 AND kind = 'o' AND CAST(data AS TEXT) = 'abcd'") == 1);
	store_close(st);
	free(db);
}

/* A batch the database refuses (kind 'x' fails its CHECK) is dropped with
 * a line in the log; the batches around it are written. */
static void
test_refused(void)
{
	struct store	*st;
	char		*db = tmpdb();
	uint64_t	 t;
	int		 seq = 0, bad = 500;

	CHECK(store_open(db, 0, &st, NULL) == 0);
	CHECK(store_batch_write(st, batch(st, 1, 3, 10, &seq, 'o'), &t,
	    NULL) == 0);
	CHECK(store_batch_write(st, batch(st, 1, 3, 10, &bad, 'x'), &t,
	    NULL) == 0);
	CHECK(store_batch_write(st, batch(st, 1, 3, 10, &seq, 'o'), &t,
	    NULL) == 0);
	store_sync(st, 0);
	CHECK(rows_in_order(st, 1, 0, 6));
	/* The store goes on as before. */
	CHECK(store_event(st, 1, 0, "x", NULL, NULL, NULL) > 0);
	store_close(st);
	free(db);
}

/* The caller's own writes go on while the writer has work. */
static void
test_alongside(void)
{
	struct store	*st;
	char		*db = tmpdb();
	uint64_t	 t;
	int		 seq = 0, i;

	CHECK(store_open(db, 0, &st, NULL) == 0);
	for (i = 0; i < 8; i++) {
		CHECK(store_batch_write(st, batch(st, 1, 4, 1000000, &seq,
		    'o'), &t, NULL) == 0);
		CHECK(store_event(st, i, 0, "x", NULL, NULL, NULL) > 0);
	}
	store_sync(st, t);
	CHECK(rows_in_order(st, 1, 0, seq));
	CHECK(store_query_int(st, "SELECT count(*) FROM event WHERE kind = "
	    "'x'") == 8);
	store_close(st);
	CHECK(store_open(db, STORE_READONLY, &st, NULL) == 0);
	{
		char	*ok = store_query_text(st, "PRAGMA integrity_check");

		CHECK_STR(ok, "ok");
		free(ok);
	}
	store_close(st);
	free(db);
}

/* No file, no thread: written at once. */
static void
test_memory(void)
{
	struct store	*st;
	uint64_t	 t = 99;
	int		 seq = 0;

	CHECK(store_open(":memory:", 0, &st, NULL) == 0);
	CHECK(store_batch_write(st, batch(st, 4, 3, 10, &seq, 'o'), &t,
	    NULL) == 0);
	CHECK(t == 0);
	CHECK(rows_in_order(st, 4, 0, 3));
	/* Refused at once, and said so. */
	{
		char	*cause = NULL;
		int	 bad = 9;

		CHECK(store_batch_write(st, batch(st, 4, 1, 10, &bad, 'x'), &t,
		    &cause) == -1);
		CHECK(cause != NULL);
		free(cause);
	}
	store_sync(st, 0);
	CHECK(rows_in_order(st, 4, 0, 3));
	store_close(st);
}

int
main(void)
{
	char	*cmd;

	if (mkdtemp(tmpdir) == NULL)
		abort();
	RUN(test_order);
	RUN(test_refused);
	RUN(test_alongside);
	RUN(test_memory);
	cmd = xasprintf("rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	free(cmd);
	UNIT_DONE();
}
