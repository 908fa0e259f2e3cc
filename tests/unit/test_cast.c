/* test_cast.c: asciicast v2 export of a pane's recording, from made-up
 * rows and from a real pane replayed by `asciinema cat`. */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <uv.h>

#include "cast.h"
#include "pane.h"
#include "pty.h"
#include "store.h"
#include "unit.h"
#include "util.h"

static char	tmpdir[] = "/tmp/test_cast.XXXXXX";

static struct store *
open_store(const char *name)
{
	struct store	*st;
	char		*path, *cause = NULL;

	path = path_join(tmpdir, name);
	if (store_open(path, 0, &st, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", path, cause);
		exit(1);
	}
	free(path);
	return (st);
}

static void
rec(struct store *st, int64_t wall, double elapsed, char kind,
    const char *data)
{
	CHECK(store_record(st, 1, wall, elapsed, kind, data, strlen(data),
	    NULL) == 0);
}

/* Read a cast back: the header and the events, as JSON. */
static json_t *
load_cast(const char *path, json_t **header)
{
	FILE	*f;
	char	 line[65536];
	json_t	*events, *j;

	events = json_array();
	*header = NULL;
	if ((f = fopen(path, "r")) == NULL)
		return (events);
	while (fgets(line, sizeof line, f) != NULL) {
		j = json_loads(line, 0, NULL);
		CHECK(j != NULL);
		if (j == NULL)
			continue;
		if (*header == NULL)
			*header = j;
		else
			json_array_append_new(events, j);
	}
	fclose(f);
	return (events);
}

static void
check_event(json_t *ev, double t, const char *kind, const char *data)
{
	CHECK(json_is_array(ev) && json_array_size(ev) == 3);
	CHECK_NEAR(json_number_value(json_array_get(ev, 0)), t, 1e-6);
	CHECK_STR(json_string_value(json_array_get(ev, 1)), kind);
	CHECK_STR(json_string_value(json_array_get(ev, 2)), data);
}

static void
test_rows(void)
{
	struct store	*st = open_store("rows.db");
	json_t		*markers, *events, *header;
	char		*path, *cause = NULL;
	FILE		*f;

	rec(st, 1000, 10.0, 'r', "80x24");
	rec(st, 1500, 10.5, 'o', "hello \xe4\xb8");	/* 中 cut in two */
	rec(st, 2000, 11.0, 'o', "\xad\xff\xc0\xaf!\x01\"");
	rec(st, 2100, 11.1, 'i', "ls\r");
	rec(st, 2200, 11.2, 'r', "100x30");
	rec(st, 2150, 11.3, 'o', "\xed\xa0\x80x");	/* clock went back */
	rec(st, 2300, 11.4, 'o', "\xf0\x9f\x98");	/* never finished */

	markers = json_pack("[{sIss}{sfss}]", "wall_ms", (json_int_t)1600,
	    "label", "score \xc3\xa9", "elapsed", 11.05, "label", "note");
	path = path_join(tmpdir, "rows.cast");
	f = fopen(path, "w");
	CHECK(cast_write(st, 1, f, markers, &cause) == 0);
	fclose(f);
	CHECK(cast_write(st, 2, stdout, NULL, &cause) == -1);
	CHECK_STR(cause, "pane 2 has no recording");
	free(cause);

	events = load_cast(path, &header);
	CHECK(json_integer_value(json_object_get(header, "version")) == 2);
	CHECK(json_integer_value(json_object_get(header, "width")) == 80);
	CHECK(json_integer_value(json_object_get(header, "height")) == 24);
	CHECK(json_array_size(events) == 8);
	if (json_array_size(events) == 8) {
		check_event(json_array_get(events, 0), 0.5, "o", "hello ");
		check_event(json_array_get(events, 1), 0.6, "m",
		    "score \xc3\xa9");
		check_event(json_array_get(events, 2), 1.0, "o",
		    "\xe4\xb8\xad\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd!\x01\"");
		check_event(json_array_get(events, 3), 1.05, "m", "note");
		check_event(json_array_get(events, 4), 1.1, "i", "ls\r");
		check_event(json_array_get(events, 5), 1.2, "r", "100x30");
		/* Surrogates are ill-formed: one U+FFFD a byte. */
		check_event(json_array_get(events, 6), 1.2, "o",
		    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdx");
		check_event(json_array_get(events, 7), 1.3, "o",
		    "\xef\xbf\xbd");
	}
	json_decref(events);
	json_decref(header);
	json_decref(markers);
	free(path);
	store_close(st);
}

struct done {
	int		 exited;
	struct buf	 out;
};

static void
pane_exit_cb(struct pane *p, int status, void *arg)
{
	((struct done *)arg)->exited = 1;
}

static const struct pane_hooks hooks = { .exit = pane_exit_cb };

static void
pty_read_cb(struct pty *p, const char *data, size_t len, void *arg)
{
	buf_add(&((struct done *)arg)->out, data, len);
}

static void
pty_exit_cb(struct pty *p, int status, void *arg)
{
	((struct done *)arg)->exited = 1;
	pty_destroy(p);
}

static const struct pty_hooks pty_hooks = { .read = pty_read_cb,
    .exit = pty_exit_cb };

/* Record a real pane, export it and replay it with asciinema cat. */
static void
test_asciinema_cat(void)
{
	struct store		*st = open_store("pane.db");
	struct pane_open	 po;
	struct pane		*p;
	struct pty_spawn	 sp;
	struct pty		*pty;
	struct done		 d;
	uv_loop_t		 loop;
	char			*path, *cause = NULL, *recorded, *prog;
	char *const		 argv[] = { "sh", "-c",
	    "printf 'plain \\033[1;31mred\\033[0m \\344\\270\\255\\346\\226"
	    "\\207 wide\\n'; seq 1 2000; printf '\\033[?1049h alt "
	    "\\033[?1049l done\\n'", NULL };
	char *const		 cat[] = { "asciinema", "cat", NULL, NULL };
	FILE			*f;

	if ((prog = find_in_path("asciinema")) == NULL) {
		store_close(st);
		SKIP("no asciinema");
	}
	free(prog);
	uv_loop_init(&loop);
	memset(&po, 0, sizeof po);
	memset(&d, 0, sizeof d);
	po.loop = &loop;
	po.store = st;
	po.id = 1;
	po.argv = argv;
	po.cwd = "/";
	po.cols = 80;
	po.rows = 24;
	po.hooks = &hooks;
	po.arg = &d;
	CHECK(pane_open(&po, &p, &cause) == 0);
	while (!d.exited)
		uv_run(&loop, UV_RUN_ONCE);
	pane_destroy(p);
	uv_run(&loop, UV_RUN_DEFAULT);

	recorded = store_query_text(st, "SELECT group_concat(data, '') FROM "
	    "(SELECT CAST(data AS TEXT) AS data FROM recording WHERE "
	    "pane_id = 1 AND kind = 'o' ORDER BY id)");
	CHECK(recorded != NULL && strstr(recorded, "2000\r\n") != NULL);
	CHECK(store_query_int(st, "SELECT COUNT(*) FROM pane WHERE id = 1 "
	    "AND closed_wall IS NOT NULL") == 1);

	path = path_join(tmpdir, "pane.cast");
	f = fopen(path, "w");
	CHECK(cast_write(st, 1, f, NULL, &cause) == 0);
	fclose(f);

	/* asciinema cat wants a terminal: give it one of ours. */
	memset(&d, 0, sizeof d);
	buf_init(&d.out);
	memset(&sp, 0, sizeof sp);
	((char **)cat)[2] = path;
	sp.argv = cat;
	sp.cols = 80;
	sp.rows = 24;
	sp.hooks = &pty_hooks;
	sp.arg = &d;
	CHECK(pty_spawn(&loop, &sp, &pty, &cause) == 0);
	uv_run(&loop, UV_RUN_DEFAULT);
	CHECK(d.exited);
	CHECK(recorded != NULL && d.out.len == strlen(recorded));
	CHECK(recorded != NULL && strcmp(buf_cstr(&d.out), recorded) == 0);
	if (recorded == NULL || strcmp(buf_cstr(&d.out), recorded) != 0)
		fprintf(stderr, "asciinema cat gave %zu bytes: %.200s\n",
		    d.out.len, buf_cstr(&d.out));
	buf_done(&d.out);
	free(recorded);
	free(path);
	CHECK(uv_loop_close(&loop) == 0);
	store_close(st);
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	if (mkdtemp(tmpdir) == NULL)
		return (1);
	RUN(test_rows);
	RUN(test_asciinema_cat);
	rm_rf(tmpdir);
	UNIT_DONE();
}
