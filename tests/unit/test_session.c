/*
 * test_session.c: reading sessions (src/core/session.c): the session row,
 * the scores with the one that counts and what a hidden task keeps from
 * the participant, the checkpoints with what they left out, and finding a
 * session by id, by a prefix or by its participant in a home of several.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "session.h"
#include "store.h"
#include "util.h"
#include "unit.h"

static char	*home;

/* A session folder with its database: ID, direction, aggregation,
 * visibility, state. */
static struct store *
make_session(const char *id, const char *participant, const char *dir,
    const char *agg, const char *vis, const char *state)
{
	struct store	*st = NULL;
	char		*path, *db, *cause = NULL;

	path = xasprintf("%s/sessions/%s", home, id);
	CHECK(mkdir_p(path, 0700, NULL) == 0);
	db = path_join(path, "session.db");
	CHECK(store_open(db, 0, &st, &cause) == 0);
	if (cause != NULL)
		fprintf(stderr, "%s\n", cause);
	CHECK(store_exec(st, &cause, "INSERT INTO session (id, task_id, "
	    "task_version, task_title, task_dir, participant, owner_uid, host, "
	    "limit_s, direction, aggregation, visibility, y_start, y_ref, "
	    "calibration, state, created_wall) VALUES (?, 'demo', '1', 'Demo', "
	    "'/t', ?, ?, 'h', 28800, ?, ?, ?, 4, 1, 'manifest', ?, "
	    "'2026-12-07T00:00:00.000Z')", store_text(id),
	    store_text(participant), store_int(getuid()), store_text(dir),
	    store_text(agg), store_text(vis), store_text(state)) == 0);
	free(db);
	free(path);
	return (st);
}

static void
add_score(struct store *st, const char *status, double raw, int visible)
{
	CHECK(store_exec(st, NULL, "INSERT INTO score (requested_wall, "
	    "requested_elapsed, status, visible, raw, message, details) "
	    "VALUES ('2026-12-07T00:00:00.000Z', 0, ?, ?, ?, "
	    "'{\"text\":\"m\"}', '{\"secret\":1}')", store_text(status),
	    store_int(visible), isnan(raw) ? store_null() :
	    store_real(raw)) == 0);
}

static void
test_scores(void)
{
	struct store	*st;
	json_t		*j, *rows;

	st = make_session("s-lower", "alice", "lower", "best", "visible",
	    "running");
	add_score(st, "valid", 3.0, 1);
	add_score(st, "valid", 2.0, 1);
	add_score(st, "invalid", NAN, 1);
	add_score(st, "valid", 2.5, 1);
	j = session_scores_json(st, 0);
	rows = json_object_get(j, "scores");
	CHECK(json_array_size(rows) == 4);
	/* Lower is better, the best counts: the second. */
	CHECK(json_is_true(json_object_get(json_array_get(rows, 1), "best")));
	CHECK(json_is_false(json_object_get(json_array_get(rows, 0),
	    "best")));
	CHECK_STR(json_string_value(json_object_get(j, "direction")),
	    "lower");
	/* Messages come back as JSON; details only to who sees hidden. */
	CHECK_STR(json_string_value(json_object_get(json_object_get(
	    json_array_get(rows, 0), "message"), "text")), "m");
	CHECK(json_object_get(json_array_get(rows, 0), "details") == NULL);
	json_decref(j);
	j = session_scores_json(st, 1);
	CHECK(json_object_get(json_array_get(json_object_get(j, "scores"),
	    0), "details") != NULL);
	CHECK(json_number_value(json_object_get(json_object_get(j, "best"),
	    "raw")) == 2.0);
	json_decref(j);
	store_close(st);

	/* The last valid counts. */
	st = make_session("s-last", "bob", "higher", "last", "visible",
	    "running");
	add_score(st, "valid", 9.0, 1);
	add_score(st, "valid", 1.0, 1);
	j = session_scores_json(st, 1);
	rows = json_object_get(j, "scores");
	CHECK(json_is_true(json_object_get(json_array_get(rows, 1), "best")));
	json_decref(j);
	store_close(st);
}

static void
test_hidden(void)
{
	struct store	*st;
	json_t		*j, *row;

	st = make_session("s-hidden", "carol", "higher", "best", "hidden",
	    "running");
	add_score(st, "valid", 5.0, 0);
	j = session_scores_json(st, 0);
	row = json_array_get(json_object_get(j, "scores"), 0);
	CHECK(json_is_null(json_object_get(row, "raw")));
	CHECK(json_is_null(json_object_get(row, "normalized")));
	CHECK(json_is_null(json_object_get(row, "message")));
	CHECK(json_is_true(json_object_get(row, "hidden")));
	CHECK(json_is_false(json_object_get(row, "best")));
	CHECK(json_object_get(j, "best") == NULL);
	json_decref(j);
	j = session_scores_json(st, 1);
	row = json_array_get(json_object_get(j, "scores"), 0);
	CHECK(json_number_value(json_object_get(row, "raw")) == 5.0);
	CHECK(json_object_get(row, "hidden") == NULL);
	json_decref(j);
	store_close(st);
}

static void
test_info_and_checkpoints(void)
{
	struct store	*st;
	json_t		*j, *c;

	st = make_session("s-info", "dave", "lower", "best", "visible",
	    "paused");
	j = session_info_json(st);
	CHECK_STR(json_string_value(json_object_get(j, "participant")),
	    "dave");
	CHECK_STR(json_string_value(json_object_get(j, "state")), "paused");
	json_decref(j);
	CHECK(store_exec(st, NULL, "INSERT INTO checkpoint (commit_id, wall, "
	    "elapsed, trigger, files_changed, bytes) VALUES ('c1', 'w', 1, "
	    "'manual', 2, 30)") == 0);
	CHECK(store_exec(st, NULL, "INSERT INTO checkpoint_skipped "
	    "(checkpoint_id, path, size, hash) VALUES (1, 'big.bin', 99, "
	    "'h')") == 0);
	j = session_checkpoints_json(st);
	CHECK(json_array_size(j) == 1);
	c = json_array_get(j, 0);
	CHECK_STR(json_string_value(json_object_get(c, "commit")), "c1");
	CHECK(json_array_size(json_object_get(c, "skipped")) == 1);
	CHECK_STR(json_string_value(json_object_get(json_array_get(
	    json_object_get(c, "skipped"), 0), "path")), "big.bin");
	json_decref(j);
	store_close(st);
}

/* Finding a session: by id, prefix, participant; the one live one. */
static void
test_resolve(void)
{
	char		*id = NULL, *dir = NULL, *cause = NULL;

	/* A home of its own: the other cases' sessions are live too. */
	home = xasprintf("%s/resolve", home);
	setenv("BASELINER_HOME", home, 1);
	store_close(make_session("demo-20261207-100000", "erin", "lower",
	    "best", "visible", "running"));
	store_close(make_session("demo-20261207-110000", "frank", "lower",
	    "best", "visible", "ended"));
	unsetenv("BASELINER_SESSION");
	CHECK(session_resolve("demo-20261207-110000", &id, &dir, &cause) ==
	    0);
	CHECK_STR(id, "demo-20261207-110000");
	free(id);
	free(dir);
	id = dir = NULL;
	/* By participant. */
	CHECK(session_resolve("erin", &id, &dir, &cause) == 0);
	CHECK_STR(id, "demo-20261207-100000");
	free(id);
	free(dir);
	id = dir = NULL;
	/* With no name: the only live one of this uid. */
	CHECK(session_resolve(NULL, &id, &dir, &cause) == 0);
	CHECK_STR(id, "demo-20261207-100000");
	free(id);
	free(dir);
	id = dir = NULL;
	/* Not there; nor a path. */
	CHECK(session_resolve("nobody-at-all", &id, &dir, &cause) == -1);
	CHECK(cause != NULL);
	free(cause);
	cause = NULL;
	CHECK(session_resolve("../etc", &id, &dir, &cause) == -1);
	free(cause);
}

int
main(void)
{
	char	tmpl[] = "/tmp/bl-session-XXXXXX";

	if ((home = mkdtemp(tmpl)) == NULL)
		return (1);
	setenv("BASELINER_HOME", home, 1);
	RUN(test_scores);
	RUN(test_hidden);
	RUN(test_info_and_checkpoints);
	RUN(test_resolve);
	rm_rf(home);
	UNIT_DONE();
}
