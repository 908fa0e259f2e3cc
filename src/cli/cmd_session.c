/*
 * cmd_session.c: the commands that act on one session through its server:
 * status, score, scores, cancel, checkpoint, checkpoints, diff, restore,
 * note, pause, resume, submit, stop, extend, message. Each finds its
 * session (-s ID, else $BASELINER_SESSION, else the only live one), makes
 * one request and prints the answer for people or, with --json, as JSON.
 * A session whose server is gone gets a new one first; an ended session
 * is read straight from its database.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ckpt.h"
#include "clock.h"
#include "cmd.h"
#include "ctl_client.h"
#include "gpu.h"
#include "json_field.h"
#include "session.h"
#include "utf8.h"

struct cmd_opts {
	const char	*session;
	int		 json;
	int		 no_wait;
	int		 all;
	int		 follow;
	const char	*message;
	const char	*reason;
	double		 minutes;
	long long	 id;
	int		 nargs;
	char		**args;
};

/* Options every session command shares, plus the few some take. */
static int
cmd_parse(const struct cmd_entry *e, int argc, char **argv,
    struct cmd_opts *o, int min_args, int max_args)
{
	static const struct option longopts[] = {
		{ "session", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "no-wait", no_argument, NULL, 'n' },
		{ "message", required_argument, NULL, 'm' },
		{ "reason", required_argument, NULL, 'r' },
		{ "minutes", required_argument, NULL, 'M' },
		{ "id", required_argument, NULL, 'i' },
		{ "all", no_argument, NULL, 'a' },
		{ "follow", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	char	*end;
	int	 ch;

	memset(o, 0, sizeof *o);
	o->minutes = NAN;
	while ((ch = getopt_long(argc, argv, "s:jnm:r:M:i:af", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 's':
			o->session = optarg;
			break;
		case 'j':
			o->json = 1;
			break;
		case 'n':
			o->no_wait = 1;
			break;
		case 'm':
			o->message = optarg;
			break;
		case 'r':
			o->reason = optarg;
			break;
		case 'a':
			o->all = 1;
			break;
		case 'f':
			o->follow = 1;
			break;
		case 'M':
			o->minutes = strtod(optarg, &end);
			if (*end != '\0' || end == optarg) {
				cmd_error(e->name, "--minutes: not a number: "
				    "%s", optarg);
				return (2);
			}
			break;
		case 'i':
			o->id = strtoll(optarg, &end, 10);
			if (*end != '\0' || o->id <= 0) {
				cmd_error(e->name, "--id: not a score id: %s",
				    optarg);
				return (2);
			}
			break;
		default:
			cmd_usage(e, 1);
			return (2);
		}
	}
	o->nargs = argc - optind;
	o->args = argv + optind;
	if (o->nargs < min_args || o->nargs > max_args) {
		cmd_usage(e, 1);
		return (2);
	}
	return (0);
}

/* One request; prints the error and returns 1 on failure. */
static int
cmd_request(const struct cmd_entry *e, struct cmd_opts *o, const char *cmd,
    json_t *args, json_t **result)
{
	struct ctl_client	*c;
	char		*cause = NULL;
	int		 rc;

	if (ctl_client_open(o->session, 1, &c, &cause) != 0) {
		json_decref(args);
		cmd_error(e->name, "%s", cause);
		free(cause);
		return (1);
	}
	rc = ctl_client_call(c, cmd, args, result, &cause);
	json_decref(args);
	ctl_client_close(c);
	if (rc != 0) {
		cmd_error(e->name, "%s", cause);
		free(cause);
		return (1);
	}
	return (0);
}

/* Read an ended (or server-less) session straight from its database. */
static struct store *
cmd_open_db(const struct cmd_entry *e, const char *want)
{
	struct store	*st;
	char		*id, *dir, *db, *cause = NULL;

	if (session_resolve(want, &id, &dir, &cause) != 0) {
		cmd_error(e->name, "%s", cause);
		free(cause);
		return (NULL);
	}
	db = path_join(dir, "session.db");
	if (store_open(db, STORE_READONLY, &st, &cause) != 0) {
		cmd_error(e->name, "%s", cause);
		free(cause);
		st = NULL;
	}
	free(db);
	free(dir);
	free(id);
	return (st);
}

static int
session_is_ended(const char *want)
{
	char	*id, *dir, *db, *state;
	struct store *st;
	int	 ended = 0;

	if (session_resolve(want, &id, &dir, NULL) != 0)
		return (0);
	db = path_join(dir, "session.db");
	if (store_open(db, STORE_READONLY, &st, NULL) == 0) {
		state = store_query_text(st, "SELECT state FROM session");
		ended = state != NULL && strcmp(state, "ended") == 0;
		free(state);
		store_close(st);
	}
	free(db);
	free(dir);
	free(id);
	return (ended);
}

static void
print_dur(const char *label, double s)
{
	char	*d = fmt_duration(s);

	printf("%-13s %s\n", label, d);
	free(d);
}

/* The shown part of a score message: its text or compact JSON. */
static char *
message_text(json_t *m)
{
	json_t	*t;

	if (m == NULL || json_is_null(m))
		return (xstrdup(""));
	if ((t = json_object_get(m, "text")) != NULL && json_is_string(t) &&
	    json_object_size(m) == 1)
		return (xstrdup(json_string_value(t)));
	if (json_is_object(m) && json_object_size(m) == 0)
		return (xstrdup(""));
	return (json_dumps(m, JSON_COMPACT | JSON_REAL_PRECISION(6)));
}

static void
print_score_line(json_t *sc)
{
	char		*el, *msg;
	const char	*status = json_field_str(sc, "status");
	double		 raw = json_field_num(sc, "raw"), norm = json_field_num(sc, "normalized");

	el = fmt_duration(json_field_num(sc, "requested_elapsed"));
	printf("%4lld %9s %-9s ", (long long)json_integer_value(
	    json_object_get(sc, "id")), el, status);
	free(el);
	if (json_is_true(json_object_get(sc, "hidden")))
		printf("%10s %10s  ", "hidden", "hidden");
	else if (!isnan(raw)) {
		printf("%10.4f ", raw);
		if (isnan(norm))
			printf("%10s", "-");
		else
			printf("%10.3f", norm);
		printf("%s ", json_is_true(json_object_get(sc, "best")) ?
		    "*" : " ");
	} else
		printf("%10s %10s  ", "-", "-");
	/* No value is "-": no message, or a reason that only repeats the
	 * status ("cancelled cancelled"). */
	msg = message_text(json_object_get(sc, "message"));
	if (*msg == '\0' && *json_field_str(sc, "reason") != '\0' &&
	    strcmp(json_field_str(sc, "reason"), status) != 0) {
		free(msg);
		msg = xstrdup(json_field_str(sc, "reason"));
	}
	if (*msg == '\0') {
		free(msg);
		msg = xstrdup("-");
	}
	printf("%s%.*s%s\n", json_is_true(json_object_get(sc, "is_start")) ?
	    "[start] " : json_is_true(json_object_get(sc, "is_final")) ?
	    "[final] " : "", 80, msg, strlen(msg) > 80 ? "..." : "");
	free(msg);
}

/*
 * status --all / --follow, for proctors (also over ssh): the status of
 * every live session, then with --follow every event as it happens, one
 * JSON object a line, each tagged with its session.
 */
static int
status_watch(const struct cmd_entry *e, struct cmd_opts *o)
{
	struct ctl_client	**cs = NULL;
	struct pollfd	 *pfd;
	json_t		 *all, *row, *st, *msg, *out = json_array();
	char		 *cause = NULL;
	const char	 *id;
	size_t		  i, n = 0;
	int		  live;

	if (o->all) {
		all = session_list();
		json_array_foreach(all, i, row) {
			if (strcmp(json_field_str(row, "state"), "ended") != 0) {
				cs = xreallocarray(cs, n + 1, sizeof *cs);
				if (ctl_client_open(json_field_str(row, "id"), 1, &cs[n],
				    &cause) == 0)
					n++;
				else {
					cmd_error(e->name, "%s", cause);
					free(cause);
				}
			}
		}
		json_decref(all);
	} else {
		cs = xcalloc(1, sizeof *cs);
		if (ctl_client_open(o->session, 1, &cs[0], &cause) != 0) {
			cmd_error(e->name, "%s", cause);
			free(cause);
			free(cs);
			return (1);
		}
		n = 1;
	}
	for (i = 0; i < n; i++) {
		json_t *args = json_pack("{sb}", "read_only", 1);

		/* ctl_client_call does not take args. */
		if (ctl_client_call(cs[i], o->follow ? "subscribe" : "status",
		    args, &st, &cause) != 0) {
			json_decref(args);
			cmd_error(e->name, "%s: %s", cs[i]->id, cause);
			free(cause);
			continue;
		}
		json_decref(args);
		json_array_append_new(out, st);
	}
	if (o->follow) {
		/* One line a status first, then events as they come. */
		json_array_foreach(out, i, st) {
			char *line = json_dumps(st, JSON_COMPACT);
			printf("%s\n", line);
			free(line);
		}
	} else if (o->json)
		cmd_print_json(out);
	else {
		printf("%-28s %-10s %-12s %9s %9s %7s  %s\n", "session", "task",
		    "participant", "elapsed", "left", "scorer", "state");
		json_array_foreach(out, i, st) {
			json_t *s = json_object_get(st, "session");
			char *el = fmt_duration(json_field_num(s, "elapsed"));
			char *left = fmt_duration(json_field_num(s, "remaining"));
			printf("%-28s %-10s %-12s %9s %9s %7s  %s\n",
			    json_field_str(s, "id"), json_field_str(s, "task_id"),
			    json_field_str(s, "participant"), el, left,
			    json_field_str(json_object_get(st, "scorer"), "state"),
			    json_field_str(s, "state"));
			free(el);
			free(left);
		}
	}
	json_decref(out);
	fflush(stdout);
	pfd = xcalloc(n + 1, sizeof *pfd);
	for (live = (int)n; o->follow && live > 0;) {
		for (i = 0; i < n; i++) {
			pfd[i].fd = cs[i] != NULL ? cs[i]->fd : -1;
			pfd[i].events = POLLIN;
		}
		if (poll(pfd, n, -1) == -1)
			break;
		for (i = 0; i < n; i++) {
			if (cs[i] == NULL || !(pfd[i].revents & (POLLIN |
			    POLLHUP)))
				continue;
			if (ctl_client_read(cs[i], 0, &msg, NULL) != 0) {
				printf("{\"ev\":\"disconnected\",\"session\":"
				    "\"%s\"}\n", cs[i]->id);
				ctl_client_close(cs[i]);
				cs[i] = NULL;
				live--;
				continue;
			}
			id = cs[i]->id;
			json_object_set_new(msg, "session", json_string(id));
			{
				char *line = json_dumps(msg, JSON_COMPACT);
				printf("%s\n", line);
				free(line);
			}
			json_decref(msg);
			fflush(stdout);
		}
	}
	for (i = 0; i < n; i++)
		ctl_client_close(cs[i]);
	free(cs);
	free(pfd);
	return (0);
}

static int
exec_status(int argc, char **argv)
{
	extern const struct cmd_entry cmd_status_entry;
	const struct cmd_entry	*e = &cmd_status_entry;
	struct cmd_opts		 o;
	struct store		*st;
	json_t			*r, *s, *sc, *m, *g;
	size_t			 i;
	int			 rc;

	if ((rc = cmd_parse(e, argc, argv, &o, 0, 0)) != 0)
		return (rc);
	if (o.follow && o.json)
		return (cmd_follow_status(o.all ? NULL : o.session));
	if (o.all || o.follow)
		return (status_watch(e, &o));
	if (session_is_ended(o.session)) {
		if ((st = cmd_open_db(e, o.session)) == NULL)
			return (1);
		r = json_pack("{so}", "session", session_info_json(st));
		s = json_object_get(r, "session");
		json_object_set_new(s, "elapsed", json_real(json_field_num(s,
		    "end_elapsed")));
		json_object_set_new(s, "limit", json_real(json_field_num(s, "limit_s")));
		json_object_set_new(s, "remaining", json_real(0));
		json_object_set_new(r, "checkpoints", json_integer(
		    store_query_int(st, "SELECT count(*) FROM checkpoint")));
		store_close(st);
	} else if (cmd_request(e, &o, "status", NULL, &r) != 0)
		return (1);
	if (o.json) {
		cmd_print_json(r);
		json_decref(r);
		return (0);
	}
	s = json_object_get(r, "session");
	printf("%-13s %s\n", "session", json_field_str(s, "id"));
	printf("%-13s %s (%s, version %s)\n", "task", json_field_str(s, "task_title"),
	    json_field_str(s, "task_id"), json_field_str(s, "task_version"));
	printf("%-13s %s\n", "participant", json_field_str(s, "participant"));
	printf("%-13s %s%s%s\n", "state", json_field_str(s, "state"),
	    *json_field_str(s, "end_reason") ? ": " : "", json_field_str(s, "end_reason"));
	if (*json_field_str(s, "paused_reason"))
		printf("%-13s %s\n", "paused for", json_field_str(s, "paused_reason"));
	print_dur("elapsed", json_field_num(s, "elapsed"));
	if (strcmp(json_field_str(s, "state"), "ended") == 0)
		printf("%-13s %s\n", "time left", "-");
	else
		print_dur("time left", json_field_num(s, "remaining"));
	print_dur("limit", json_field_num(s, "limit"));
	printf("%-13s %s\n", "GPUs", *json_field_str(s, "gpus") ? json_field_str(s, "gpus") :
	    "none");
	if ((g = json_object_get(r, "gpu")) != NULL) {
		json_array_foreach(g, i, m) {
			char *line = gpu_json_line(m);

			printf("%-13s %s\n", i == 0 ? "GPU state" : "", line);
			free(line);
		}
	}
	if ((sc = json_object_get(r, "scorer")) != NULL) {
		printf("%-13s %s, %lld queued\n", "scorer", json_field_str(sc, "state"),
		    (long long)json_integer_value(json_object_get(sc,
		    "queue")));
		if ((m = json_object_get(sc, "running")) != NULL)
			printf("%-13s score %lld for %.0f s: %s\n", "running",
			    (long long)json_integer_value(json_object_get(m,
			    "id")), json_field_num(m, "seconds"), json_field_str(m, "last_line"));
	}
	printf("%-13s %lld\n", "checkpoints", (long long)json_integer_value(
	    json_object_get(r, "checkpoints")));
	if ((m = json_object_get(r, "database")) != NULL)
		printf("%-13s %s for %.0f s: %lld write%s kept in memory, "
		    "retried every second\n", "DATABASE", json_field_str(m,
		    "problem"), json_field_num(m, "seconds"),
		    (long long)json_integer_value(json_object_get(m,
		    "waiting")), plural(json_integer_value(json_object_get(m,
		    "waiting"))));
	json_array_foreach(json_object_get(r, "messages"), i, m)
		printf("%-13s %s (from %s)\n", "MESSAGE", json_field_str(m, "text"),
		    json_field_str(m, "sender"));
	json_decref(r);
	return (0);
}

const struct cmd_entry cmd_status_entry = {
	.name = "status",
	.usage = "[-s ID | --all] [--json] [--follow]",
	.summary = "show a session's clock, state, scorer and checkpoints",
	.help = "  -s, --session ID  the session (default: $BASELINER_SESSION, "
	    "or your only live one)\n"
	    "  -a, --all         every live session on this host, one line "
	    "each\n"
	    "      --json        print the full state as JSON\n"
	    "  -f, --follow      then print every event as it happens, one "
	    "JSON object a\n"
	    "                    line tagged with its session. With --json "
	    "(the stream\n"
	    "                    'baseliner proctor' reads, also as ssh HOST "
	    "baseliner\n"
	    "                    status --all --json --follow): sessions that "
	    "start later\n"
	    "                    are picked up, the stream goes on while "
	    "the host has\n"
	    "                    none, the clock comes on a change or every "
	    "30 s, and a\n"
	    "                    {\"ev\":\"host\"} line every 10 s says the "
	    "link is alive\n",
	.exec = exec_status,
};

static int
exec_score(int argc, char **argv)
{
	extern const struct cmd_entry cmd_score_entry;
	const struct cmd_entry	*e = &cmd_score_entry;
	struct cmd_opts		 o;
	json_t			*r, *sc;
	int			 rc;

	if ((rc = cmd_parse(e, argc, argv, &o, 0, 0)) != 0)
		return (rc);
	if (cmd_request(e, &o, "score", json_pack("{sb}", "wait", !o.no_wait),
	    &r) != 0)
		return (1);
	if (o.no_wait) {
		if (o.json)
			cmd_print_json(r);
		else
			printf("score %lld queued (%lld waiting)\n",
			    (long long)json_integer_value(json_object_get(r,
			    "score_id")), (long long)json_integer_value(
			    json_object_get(r, "queue")));
		json_decref(r);
		return (0);
	}
	sc = json_object_get(r, "score");
	if (json_is_string(json_object_get(r, "warning")))
		fprintf(stderr, "warning: %s\n", json_field_str(r, "warning"));
	if (o.json)
		cmd_print_json(sc);
	else {
		printf("   # %9s %-9s %10s %10s  %s\n", "elapsed", "status",
		    "raw", "normalized", "message");
		print_score_line(sc);
	}
	rc = strcmp(json_field_str(sc, "status"), "valid") == 0 ? 0 : 3;
	json_decref(r);
	return (rc);
}

const struct cmd_entry cmd_score_entry = {
	.name = "score",
	.usage = "[-s ID] [--no-wait] [--json]",
	.summary = "checkpoint the work and score it (waits for the result)",
	.help = "Takes a checkpoint of the work folder, then runs the task's "
	    "scorer on it.\nScorings run one at a time; others queue.\n\n"
	    "  -s, --session ID  the session\n"
	    "      --no-wait     queue the scoring and return at once\n"
	    "      --json        print the score row as JSON\n\n"
	    "Exit status: 0 valid score, 3 the scoring finished without a "
	    "valid score,\n1 the request failed.\n",
	.exec = exec_score,
};

static int
exec_scores(int argc, char **argv)
{
	extern const struct cmd_entry cmd_scores_entry;
	const struct cmd_entry	*e = &cmd_scores_entry;
	struct cmd_opts		 o;
	struct store		*st;
	json_t			*r, *sc;
	const char		*agg;
	size_t			 i;
	int			 rc, marked = 0, hidden = 0;

	if ((rc = cmd_parse(e, argc, argv, &o, 0, 0)) != 0)
		return (rc);
	if (session_is_ended(o.session)) {
		if ((st = cmd_open_db(e, o.session)) == NULL)
			return (1);
		r = session_scores_json(st, 1);
		store_close(st);
	} else if (cmd_request(e, &o, "scores", NULL, &r) != 0)
		return (1);
	if (o.json) {
		cmd_print_json(r);
		json_decref(r);
		return (0);
	}
	printf("   # %9s %-9s %10s %10s  %s\n", "elapsed", "status", "raw",
	    "normalized", "message");
	json_array_foreach(json_object_get(r, "scores"), i, sc) {
		print_score_line(sc);
		marked |= json_is_true(json_object_get(sc, "best"));
		hidden |= json_is_true(json_object_get(sc, "hidden"));
	}
	agg = json_field_str(r, "aggregation");
	printf("(* the score that counts: %s; %s is better)\n",
	    strcmp(agg, "last") == 0 ? "the last scoring, an invalid one "
	    "counting as the start (0)" : strcmp(agg, "last_valid") == 0 ?
	    "the last valid one" : "the best valid one",
	    json_field_str(r, "direction"));
	if (!marked && !hidden && i > 0)
		printf("(none counts: %s; the run scores as its start, 0)\n",
		    strcmp(agg, "last") == 0 ? "the last scoring is not valid" :
		    "no scoring is valid");
	json_decref(r);
	return (0);
}

const struct cmd_entry cmd_scores_entry = {
	.name = "scores",
	.usage = "[-s ID] [--json]",
	.summary = "list every scoring of a session, the best marked",
	.help = "  -s, --session ID  the session\n"
	    "      --json        print all fields (message, details for "
	    "proctors, commit)\n",
	.exec = exec_scores,
};

static int
exec_cancel(int argc, char **argv)
{
	extern const struct cmd_entry cmd_cancel_entry;
	const struct cmd_entry	*e = &cmd_cancel_entry;
	struct cmd_opts		 o;
	json_t			*r;
	int			 rc;

	if ((rc = cmd_parse(e, argc, argv, &o, 0, 0)) != 0)
		return (rc);
	if (cmd_request(e, &o, "score.cancel", o.id ? json_pack("{sI}", "id",
	    (json_int_t)o.id) : NULL, &r) != 0)
		return (1);
	printf("score %lld cancelled\n", (long long)json_integer_value(
	    json_object_get(r, "cancelled")));
	json_decref(r);
	return (0);
}

const struct cmd_entry cmd_cancel_entry = {
	.name = "cancel",
	.usage = "[-s ID] [--id SCORE]",
	.summary = "cancel the running scoring (or a queued one)",
	.help = "  -s, --session ID  the session\n"
	    "      --id SCORE    the scoring to cancel (default: the running "
	    "one)\n",
	.exec = exec_cancel,
};

static int
exec_checkpoint(int argc, char **argv)
{
	extern const struct cmd_entry cmd_checkpoint_entry;
	const struct cmd_entry	*e = &cmd_checkpoint_entry;
	struct cmd_opts		 o;
	json_t			*r;
	int			 rc;

	if ((rc = cmd_parse(e, argc, argv, &o, 0, 0)) != 0)
		return (rc);
	if (cmd_request(e, &o, "checkpoint", json_pack("{ss}", "message",
	    o.message ? o.message : ""), &r) != 0)
		return (1);
	if (o.json)
		cmd_print_json(r);
	else
		printf("checkpoint %lld: %.12s\n", (long long)
		    json_integer_value(json_object_get(r, "id")),
		    json_field_str(r, "commit"));
	json_decref(r);
	return (0);
}

const struct cmd_entry cmd_checkpoint_entry = {
	.name = "checkpoint",
	.usage = "[-s ID] [-m MESSAGE]",
	.summary = "commit the work folder to the session's checkpoints now",
	.help = "  -s, --session ID      the session\n"
	    "  -m, --message MESSAGE say what this checkpoint is\n",
	.exec = exec_checkpoint,
};

static int
exec_checkpoints(int argc, char **argv)
{
	extern const struct cmd_entry cmd_checkpoints_entry;
	const struct cmd_entry	*e = &cmd_checkpoints_entry;
	struct cmd_opts		 o;
	struct store		*st;
	json_t			*r, *rows, *c, *sk;
	size_t			 i, j;
	char			*el;
	int			 rc;

	if ((rc = cmd_parse(e, argc, argv, &o, 0, 0)) != 0)
		return (rc);
	if (session_is_ended(o.session)) {
		if ((st = cmd_open_db(e, o.session)) == NULL)
			return (1);
		r = json_pack("{so}", "checkpoints",
		    session_checkpoints_json(st));
		store_close(st);
	} else if (cmd_request(e, &o, "checkpoints", NULL, &r) != 0)
		return (1);
	rows = json_object_get(r, "checkpoints");
	if (o.json) {
		cmd_print_json(rows);
		json_decref(r);
		return (0);
	}
	printf("   # %9s %-7s %-12s %5s  %s\n", "elapsed", "trigger", "commit",
	    "files", "message");
	json_array_foreach(rows, i, c) {
		el = fmt_duration(json_field_num(c, "elapsed"));
		printf("%4lld %9s %-7s %.12s %5lld  %s\n", (long long)
		    json_integer_value(json_object_get(c, "id")), el,
		    json_field_str(c, "trigger"), json_field_str(c, "commit"), (long long)
		    json_integer_value(json_object_get(c, "files_changed")),
		    json_field_str(c, "message"));
		free(el);
		json_array_foreach(json_object_get(c, "skipped"), j, sk)
			printf("%27s left out: %s (%lld bytes, %.12s)\n", "",
			    json_field_str(sk, "path"), (long long)json_integer_value(
			    json_object_get(sk, "size")), json_field_str(sk, "hash"));
	}
	json_decref(r);
	return (0);
}

const struct cmd_entry cmd_checkpoints_entry = {
	.name = "checkpoints",
	.usage = "[-s ID] [--json]",
	.summary = "list a session's checkpoints",
	.help = "  -s, --session ID  the session\n"
	    "      --json        print them as JSON\n",
	.exec = exec_checkpoints,
};

static struct ckpt *
cmd_open_ckpt(const struct cmd_entry *e, const char *want)
{
	struct ckpt	*ck;
	char		*id, *dir, *git, *work, *cause = NULL;

	if (session_resolve(want, &id, &dir, &cause) != 0) {
		cmd_error(e->name, "%s", cause);
		free(cause);
		return (NULL);
	}
	git = path_join(dir, "checkpoints.git");
	work = path_join(dir, "work");
	if (!dir_exists(git) || ckpt_open(git, work, &ck, &cause) != 0) {
		cmd_error(e->name, "%s", cause ? cause : "no checkpoints");
		free(cause);
		ck = NULL;
	}
	free(git);
	free(work);
	free(dir);
	free(id);
	return (ck);
}

/* A checkpoint number as its commit (session_ckpt_ref); NULL if none. */
static char *
cmd_ckpt_ref(const struct cmd_entry *e, const char *session, const char *ref)
{
	struct store	*st;
	char		*commit, *cause = NULL;

	if ((st = cmd_open_db(e, session)) == NULL)
		return (NULL);
	if ((commit = session_ckpt_ref(st, ref, &cause)) == NULL) {
		cmd_error(e->name, "%s", cause);
		free(cause);
	}
	store_close(st);
	return (commit);
}

static int
exec_restore(int argc, char **argv)
{
	extern const struct cmd_entry cmd_restore_entry;
	const struct cmd_entry	*e = &cmd_restore_entry;
	struct cmd_opts		 o;
	struct ckpt		*ck;
	char			*cause = NULL, *ref;
	int			 rc;

	if ((rc = cmd_parse(e, argc, argv, &o, 2, 2)) != 0)
		return (rc);
	if ((ref = cmd_ckpt_ref(e, o.session, o.args[0])) == NULL)
		return (1);
	if ((ck = cmd_open_ckpt(e, o.session)) == NULL) {
		free(ref);
		return (1);
	}
	rc = ckpt_restore(ck, ref, o.args[1], &cause);
	ckpt_close(ck);
	free(ref);
	if (rc != 0) {
		cmd_error(e->name, "%s", cause);
		free(cause);
		return (1);
	}
	printf("checkpoint %s written to %s\n", o.args[0], o.args[1]);
	return (0);
}

const struct cmd_entry cmd_restore_entry = {
	.name = "restore",
	.usage = "[-s ID] COMMIT DIR",
	.summary = "write a checkpoint's files to a new folder",
	.help = "COMMIT is a checkpoint's number as 'checkpoints' shows it, "
	    "or a commit\n(an id, a prefix of 7 or more, main~N); DIR must not "
	    "exist or be empty.\nThe work folder is not touched.\n\n"
	    "  -s, --session ID  the session\n",
	.exec = exec_restore,
};

static int
exec_diff(int argc, char **argv)
{
	extern const struct cmd_entry cmd_diff_entry;
	const struct cmd_entry	*e = &cmd_diff_entry;
	struct cmd_opts		 o;
	struct ckpt		*ck;
	struct buf		 b;
	char			*cause = NULL, *from, *to = NULL;
	int			 rc;

	if ((rc = cmd_parse(e, argc, argv, &o, 1, 2)) != 0)
		return (rc);
	if ((from = cmd_ckpt_ref(e, o.session, o.args[0])) == NULL)
		return (1);
	if (o.nargs > 1 && (to = cmd_ckpt_ref(e, o.session, o.args[1])) ==
	    NULL) {
		free(from);
		return (1);
	}
	if ((ck = cmd_open_ckpt(e, o.session)) == NULL) {
		free(from);
		free(to);
		return (1);
	}
	buf_init(&b);
	rc = ckpt_diff(ck, from, to, &b, &cause);
	ckpt_close(ck);
	free(from);
	free(to);
	if (rc != 0) {
		cmd_error(e->name, "%s", cause);
		free(cause);
		buf_done(&b);
		return (1);
	}
	fwrite(b.data ? b.data : "", 1, b.len, stdout);
	buf_done(&b);
	return (0);
}

const struct cmd_entry cmd_diff_entry = {
	.name = "diff",
	.usage = "[-s ID] FROM [TO]",
	.summary = "show the changes between two checkpoints, or one and the "
	    "work folder",
	.help = "FROM and TO are checkpoints: the numbers 'checkpoints' shows, "
	    "or commits\n(an id, a prefix of 7 or more, main~N); without TO, "
	    "the work folder as it\nis now.\n\n  -s, --session ID  the "
	    "session\n",
	.exec = exec_diff,
};

/*
 * The commands that are one request with at most one argument: the
 * command's name is the request's, and the table says how many words it
 * takes.
 */
static const struct {
	const char	*name;
	int		 nargs;
} simple_cmds[] = {
	{ "note", 1 }, { "pause", 0 }, { "resume", 0 }, { "submit", 0 },
	{ "stop", 0 }, { "extend", 0 }, { "message", 1 }, { "alert", 2 },
};

/* Say what a command did, so a proctor's terminal shows it. */
static void
simple_said(const char *cmd, const struct cmd_opts *o, json_t *r)
{
	char	*sid = NULL, *dir = NULL, *lim;

	if (session_resolve(o->session, &sid, &dir, NULL) != 0)
		sid = xstrdup("the session");
	if (strcmp(cmd, "note") == 0)
		printf("noted in %s\n", sid);
	else if (strcmp(cmd, "pause") == 0) {
		printf("paused %s: %s\n", sid, o->reason);
		if (*json_field_str(r, "stopped") != '\0')
			printf("stopped: %s\n", json_field_str(r, "stopped"));
	}
	else if (strcmp(cmd, "resume") == 0)
		printf("resumed %s\n", sid);
	else if (strcmp(cmd, "submit") == 0)
		printf("submitted %s: final checkpoint and scoring follow\n",
		    sid);
	else if (strcmp(cmd, "stop") == 0)
		printf("stopped %s%s%s\n", sid, o->reason ? ": " : "",
		    o->reason ? o->reason : "");
	else if (strcmp(cmd, "extend") == 0) {
		lim = fmt_duration(json_field_num(r, "limit"));
		printf("extended %s by %g min (limit now %s)%s%s\n", sid,
		    o->minutes, lim, o->reason ? ": " : "", o->reason ?
		    o->reason : "");
		free(lim);
	} else if (strcmp(cmd, "message") == 0)
		printf("message %lld sent to %s\n", (long long)json_field_num(r, "id"),
		    sid);
	else if (strcmp(cmd, "alert") == 0)
		printf("alert %s recorded in %s\n", o->args[0], sid);
	free(sid);
	free(dir);
}

static int
exec_simple(int argc, char **argv)
{
	const struct cmd_entry	*e = cmd_find(argv[0]);
	const char		*cmd = argv[0];
	struct cmd_opts		 o;
	json_t			*r, *args = NULL;
	char			*text;
	size_t			 i;
	int			 rc, nargs = 0;

	for (i = 0; i < nitems(simple_cmds); i++) {
		if (strcmp(simple_cmds[i].name, cmd) == 0)
			nargs = simple_cmds[i].nargs;
	}
	if ((rc = cmd_parse(e, argc, argv, &o, nargs, nargs)) != 0)
		return (rc);
	if (strcmp(cmd, "note") == 0 || strcmp(cmd, "message") == 0) {
		/* An argument is bytes: made valid UTF-8 here, at the edge. */
		text = utf8_sanitize_str(o.args[0]);
		args = json_pack("{ss}", "text", text);
		free(text);
	} else if (strcmp(cmd, "alert") == 0) {
		char *name = utf8_sanitize_str(o.args[0]);

		text = utf8_sanitize_str(o.args[1]);
		args = json_pack("{ss ss}", "alert", name, "text", text);
		free(name);
		free(text);
	} else if (strcmp(cmd, "pause") == 0) {
		if (o.reason == NULL || *o.reason == '\0') {
			cmd_error(e->name, "say why: --reason REASON");
			return (2);
		}
		text = utf8_sanitize_str(o.reason);
		args = json_pack("{ss}", "reason", text);
		free(text);
	} else if (strcmp(cmd, "extend") == 0) {
		if (isnan(o.minutes)) {
			cmd_error(e->name, "say how long: --minutes N");
			return (2);
		}
		if (!isfinite(o.minutes) || fabs(o.minutes) > CLOCK_EXTEND_MAX / 60) {
			cmd_error(e->name, "--minutes %g: an extension is at most "
			    "%.0f minutes either way", o.minutes,
			    CLOCK_EXTEND_MAX / 60);
			return (2);
		}
		args = json_pack("{sf}", "seconds", o.minutes * 60);
	}
	if (o.reason != NULL && strcmp(cmd, "pause") != 0) {
		if (args == NULL)
			args = json_object();
		text = utf8_sanitize_str(o.reason);
		json_object_set_new(args, "reason", json_string(text));
		free(text);
	}
	if (cmd_request(e, &o, cmd, args, &r) != 0)
		return (1);
	if (o.json)
		cmd_print_json(r);
	else
		simple_said(cmd, &o, r);
	json_decref(r);
	return (0);
}

const struct cmd_entry cmd_note_entry = {
	.name = "note",
	.usage = "[-s ID] TEXT",
	.summary = "add a timestamped note to the session's log",
	.help = "  -s, --session ID  the session\n",
	.exec = exec_simple,
};

const struct cmd_entry cmd_pause_entry = {
	.name = "pause",
	.usage = "[-s ID] --reason REASON",
	.summary = "pause the clock for a break (the reason is recorded)",
	.help = "Scoring cannot be asked for while paused; shells and running "
	    "jobs go on.\n\n  -s, --session ID      the session\n"
	    "  -r, --reason REASON   why (required)\n",
	.exec = exec_simple,
};

const struct cmd_entry cmd_resume_entry = {
	.name = "resume",
	.usage = "[-s ID] [--reason REASON]",
	.summary = "start the clock again after a pause",
	.help = "A pause a proctor set is lifted only by a proctor.\n\n"
	    "  -s, --session ID      the session\n"
	    "  -r, --reason REASON   why, recorded with the resume\n",
	.exec = exec_simple,
};

const struct cmd_entry cmd_submit_entry = {
	.name = "submit",
	.usage = "[-s ID]",
	.summary = "end the session now: final checkpoint and final scoring",
	.help = "The clock stops, the shells stop, a final checkpoint is "
	    "committed and scored,\nthen the session is ended. It cannot be "
	    "undone.\n\n  -s, --session ID  the session\n",
	.exec = exec_simple,
};

const struct cmd_entry cmd_stop_entry = {
	.name = "stop",
	.usage = "[-s ID] [--reason REASON]",
	.summary = "end a session on the proctor's or owner's word "
	    "(reason: stopped)",
	.help = "As submit, with the end reason 'stopped': for a proctor "
	    "ending an attempt.\n\n  -s, --session ID      the session\n"
	    "  -r, --reason REASON   why, recorded before the end\n",
	.exec = exec_simple,
};

const struct cmd_entry cmd_extend_entry = {
	.name = "extend",
	.usage = "-s ID --minutes N [--reason REASON]",
	.summary = "give a session more (or, negative, less) time: proctors "
	    "only",
	.help = "  -s, --session ID      the session\n"
	    "  -M, --minutes N       minutes to add to the limit\n"
	    "  -r, --reason REASON   why (a time credit for an outage, say), "
	    "recorded\n",
	.exec = exec_simple,
};

const struct cmd_entry cmd_alert_entry = {
	.name = "alert",
	.usage = "-s ID NAME TEXT",
	.summary = "record an alert in a session's timeline: proctors only",
	.help = "The proctor's dashboard records each alert it raises (paused, "
	    "idle, failing,\ngpu-paused, near-end, restart, disk) as a "
	    "proctor_alert event, so the\nsession's timeline and its export "
	    "say what the proctors were told and when.\nThe participant is not "
	    "shown it.\n\n  -s, --session ID  the session\n",
	.exec = exec_simple,
};

const struct cmd_entry cmd_message_entry = {
	.name = "message",
	.usage = "-s ID TEXT",
	.summary = "send a message to the participant: proctors only",
	.help = "The message shows in the workbench until the participant "
	    "acknowledges it.\n\n  -s, --session ID  the session\n",
	.exec = exec_simple,
};
