/*
 * test_pane.c: a pane's prompt marks (OSC 133) become rows of the command
 * table: a command with an exit status and one whose end mark has none
 * (OSC 133;D alone, as some shell integrations send) are both closed, the
 * latter with a NULL status.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <uv.h>

#include "pane.h"
#include "store.h"
#include "unit.h"
#include "util.h"

static int	exited;

static void
exit_cb(struct pane *p, int status, void *arg)
{
	exited = 1;
}

static const struct pane_hooks hooks = { .exit = exit_cb };

static void
timeout_cb(uv_timer_t *t)
{
	fprintf(stderr, "timed out\n");
	abort();
}

/* Run script in a pane recorded into st until it exits. */
static void
run_pane(struct store *st, const char *script)
{
	char *const	 argv[] = { "sh", "-c", (char *)script, NULL };
	struct pane_open po;
	struct pane	*p;
	uv_loop_t	 loop;
	uv_timer_t	 timer;
	char		*cause = NULL;

	uv_loop_init(&loop);
	uv_timer_init(&loop, &timer);
	uv_timer_start(&timer, timeout_cb, 20000, 0);
	uv_unref((uv_handle_t *)&timer);
	memset(&po, 0, sizeof po);
	po.loop = &loop;
	po.store = st;
	po.id = 1;
	po.argv = argv;
	po.cwd = "/";
	po.no_marks = 1;
	po.hooks = &hooks;
	exited = 0;
	if (pane_open(&po, &p, &cause) != 0) {
		fprintf(stderr, "pane: %s\n", cause);
		CHECK(0);
		free(cause);
		return;
	}
	while (!exited)
		uv_run(&loop, UV_RUN_ONCE);
	pane_destroy(p);
	uv_close((uv_handle_t *)&timer, NULL);
	uv_run(&loop, UV_RUN_DEFAULT);
	CHECK(uv_loop_close(&loop) == 0);
}

static void
test_marks(void)
{
	struct store	*st;
	json_t		*rows, *r;

	CHECK(store_open(":memory:", 0, &st, NULL) == 0);
	run_pane(st, "printf '\\033]133;C\\007one\\n\\033]133;D;3\\007';"
	    "printf '\\033]133;C\\007two\\n\\033]133;D\\007';"
	    "printf '\\033]133;C\\007three\\n\\033]133;D;0\\007'");
	rows = store_query_json(st, NULL, "SELECT id, end_wall, exit_status "
	    "FROM command ORDER BY id");
	CHECK(json_array_size(rows) == 3);
	r = json_array_get(rows, 0);
	CHECK(json_integer_value(json_object_get(r, "exit_status")) == 3);
	/* No status: closed all the same, status NULL. */
	r = json_array_get(rows, 1);
	CHECK(json_is_string(json_object_get(r, "end_wall")));
	CHECK(json_is_null(json_object_get(r, "exit_status")));
	r = json_array_get(rows, 2);
	CHECK(json_is_string(json_object_get(r, "end_wall")));
	CHECK(json_integer_value(json_object_get(r, "exit_status")) == 0);
	json_decref(rows);
	CHECK(store_query_int(st, "SELECT count(*) FROM command WHERE "
	    "end_wall IS NULL") == 0);
	store_close(st);
}

int
main(void)
{
	RUN(test_marks);
	UNIT_DONE();
}
