/*
 * bench_store.c: what synchronous = FULL costs the store (issue 9, item 7).
 * On a database file in DIR (default: the current folder), each of two
 * runs per setting times
 *   - events: 2000 store_event calls, each its own commit (as the server
 *     writes events, score rows and the heartbeat);
 *   - recording: 100 transactions of 1 MiB each in 64 KiB records (as the
 *     writer thread commits a pane's batch);
 * first with PRAGMA synchronous = NORMAL (the old setting), then FULL (the
 * store's own). Usage: bench_store [DIR]. Not run by make check.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store.h"
#include "util.h"

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

static void
run(const char *dir, const char *mode, int round)
{
	struct store	*st;
	char		*path, *sql, *cause = NULL;
	static char	 rec[64 * 1024];
	double		 t0, ev, rc;
	int		 i, j;

	path = xasprintf("%s/bench-store-%s-%d.db", dir, mode, round);
	unlink(path);
	if (store_open(path, 0, &st, &cause) != 0)
		fatalx("%s", cause);
	sql = xasprintf("PRAGMA synchronous = %s", mode);
	if (store_exec_script(st, sql, &cause) != 0)
		fatalx("%s", cause);
	free(sql);

	t0 = now();
	for (i = 0; i < 2000; i++)
		if (store_event(st, 1000 + i, i, "bench", NULL, json_pack(
		    "{si}", "i", i), &cause) < 0)
			fatalx("%s", cause);
	ev = now() - t0;

	memset(rec, 'x', sizeof rec);
	t0 = now();
	for (i = 0; i < 100; i++) {
		if (store_begin(st, &cause) != 0)
			fatalx("%s", cause);
		for (j = 0; j < 16; j++)
			if (store_record(st, 1, i, i, 'o', rec, sizeof rec,
			    &cause) != 0)
				fatalx("%s", cause);
		if (store_commit(st, &cause) != 0)
			fatalx("%s", cause);
	}
	rc = now() - t0;
	printf("%-6s round %d: events %.3f ms/commit (%.0f/s), recording "
	    "%.1f ms per 1 MiB batch (%.0f MB/s)\n", mode, round,
	    ev / 2000 * 1e3, 2000 / ev, rc / 100 * 1e3, 100 * 1.048576 / rc);
	store_close(st);
	unlink(path);
	sql = xasprintf("%s-wal", path);
	unlink(sql);
	free(sql);
	sql = xasprintf("%s-shm", path);
	unlink(sql);
	free(sql);
	free(path);
}

int
main(int argc, char **argv)
{
	const char	*dir = argc > 1 ? argv[1] : ".";
	int		 round;

	for (round = 1; round <= 2; round++) {
		run(dir, "NORMAL", round);
		run(dir, "FULL", round);
	}
	return (0);
}
