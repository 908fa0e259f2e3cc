/*
 * cmd_follow.c: `status --all --json --follow`, the stream a proctor's
 * dashboard reads from each host, locally or as
 * `ssh HOST baseliner status --all --json --follow` (DESIGN.md: no
 * listening port, no protocol of our own on the network).
 *
 * One JSON object a line, each naming its session:
 *
 *	{"ev":"status","session":ID,"status":{...}}	what `status --json`
 *		gives, for every session at the start and for each that starts
 *		(or whose server comes back) later; ended sessions come from
 *		their database, with "server":false
 *	{"ev":KIND,"session":ID,...}			each event the server
 *		pushes (score_finished, clock_pause, message, ...), as it
 *		happens; the per-second "clock" and "score.progress" only when
 *		the state changes or every FOLLOW_CLOCK_S seconds, since the
 *		dashboard counts the clock forward itself, and the session's
 *		GPUs ("gpu", pushed every 10 s) every FOLLOW_CLOCK_S seconds
 *	{"ev":"down","session":ID}			its server went away
 *	{"ev":"host","wall":...,"sessions":N,"live":M,"disk_free_pct":P}
 *		every FOLLOW_BEAT_S seconds, so the reader knows the link is
 *		alive (and a reader that is gone ends this process through the
 *		broken pipe) and how full the sessions' disk is
 *
 * The list of sessions is read again every FOLLOW_SCAN_S seconds, so
 * sessions started after the stream began are picked up; the stream goes
 * on while the host has no session at all. It never starts a server: a
 * session whose server is down is reported as such, not revived by a
 * proctor's uid.
 */
#include "config.h"

#include <sys/statvfs.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "ctl_client.h"
#include "session.h"
#include "store.h"

#define FOLLOW_SCAN_S	2.0
#define FOLLOW_BEAT_S	10.0
#define FOLLOW_CLOCK_S	30.0

struct follow_session {
	char		*id;
	struct ctl_client	*c;		/* NULL: no server (ended or down) */
	int		 ended;
	char		 clock_state[16];
	double		 clock_sent;	/* when the last clock line went */
	double		 progress_sent;
	double		 gpu_sent;
};

struct follow {
	struct follow_session	*s;
	size_t			 n;
	const char		*only;	/* one session, or NULL for all */
};

/* One line out; a reader that has gone away ends the stream. */
static int
follow_emit(json_t *j)
{
	char	*line = json_dumps(j, JSON_COMPACT);
	int	 rc = 0;

	json_decref(j);
	if (line == NULL)
		return (0);
	if (printf("%s\n", line) < 0 || fflush(stdout) != 0)
		rc = -1;
	free(line);
	return (rc);
}

static struct follow_session *
follow_find(struct follow *f, const char *id)
{
	size_t	i;

	for (i = 0; i < f->n; i++) {
		if (strcmp(f->s[i].id, id) == 0)
			return (&f->s[i]);
	}
	return (NULL);
}

/* The scorings a dashboard shows, from `scores`' answer. */
static json_t *
follow_scores(json_t *all)
{
	static const char *const keep[] = { "id", "status", "normalized",
	    "raw", "best", "requested_elapsed", "finished_elapsed", "reason",
	    "is_start", "is_final", NULL };
	json_t		*out = json_array(), *row, *o;
	size_t		 i, k;

	json_array_foreach(json_object_get(all, "scores"), i, row) {
		o = json_object();
		for (k = 0; keep[k] != NULL; k++) {
			if (json_object_get(row, keep[k]) != NULL)
				json_object_set(o, keep[k],
				    json_object_get(row, keep[k]));
		}
		json_array_append_new(out, o);
	}
	return (out);
}

/* Subscribe to a live session's server: its status line first. */
static int
follow_connect(struct follow_session *fs)
{
	json_t	*st, *sc, *args;
	char	*cause = NULL;
	int	 rc;

	if (ctl_client_open(fs->id, 0, &fs->c, &cause) != 0) {
		free(cause);
		fs->c = NULL;
		return (0);
	}
	args = json_pack("{sb}", "read_only", 1);
	rc = ctl_client_call(fs->c, "subscribe", args, &st, &cause);
	json_decref(args);	/* ctl_client_call borrows it */
	if (rc != 0) {
		free(cause);
		ctl_client_close(fs->c);
		fs->c = NULL;
		return (0);
	}
	json_object_set_new(st, "server", json_true());
	if (ctl_client_call(fs->c, "scores", NULL, &sc, &cause) == 0) {
		json_object_set_new(st, "scores", follow_scores(sc));
		json_decref(sc);
	} else {
		free(cause);
		cause = NULL;
	}
	return (follow_emit(json_pack("{ss ss so}", "ev", "status", "session",
	    fs->id, "status", st)));
}

/* An ended session's scorings, from its database. */
static json_t *
follow_db_scores(const char *id)
{
	struct store	*st;
	json_t		*all, *out;
	char		*dir, *sid, *db;

	if (session_resolve(id, &sid, &dir, NULL) != 0)
		return (json_array());
	db = path_join(dir, "session.db");
	free(dir);
	free(sid);
	if (store_open(db, STORE_READONLY, &st, NULL) != 0) {
		free(db);
		return (json_array());
	}
	free(db);
	all = session_scores_json(st, 1);
	out = follow_scores(all);
	json_decref(all);
	store_close(st);
	return (out);
}

/* Read the list of sessions again: new ones, ended ones, servers back. */
static int
follow_scan(struct follow *f)
{
	json_t			*all, *row;
	struct follow_session	*fs;
	const char		*id, *state;
	size_t			 i;

	all = session_list();
	json_array_foreach(all, i, row) {
		id = json_string_value(json_object_get(row, "id"));
		state = json_string_value(json_object_get(row, "state"));
		if (id == NULL || (f->only != NULL && strcmp(f->only, id) != 0))
			continue;
		if ((fs = follow_find(f, id)) == NULL) {
			f->s = xreallocarray(f->s, f->n + 1, sizeof *f->s);
			fs = &f->s[f->n++];
			memset(fs, 0, sizeof *fs);
			fs->id = xstrdup(id);
			fs->ended = -1;
		}
		if (fs->c != NULL)
			continue;
		if (state != NULL && strcmp(state, "ended") == 0) {
			if (fs->ended == 1)
				continue;
			fs->ended = 1;
			if (follow_emit(json_pack("{ss ss s{sO sb so}}", "ev",
			    "status", "session", id, "status", "session", row,
			    "server", 0, "scores", follow_db_scores(id))) != 0)
				goto gone;
			continue;
		}
		fs->ended = 0;
		if (json_is_true(json_object_get(row, "server")) &&
		    follow_connect(fs) != 0)
			goto gone;
	}
	json_decref(all);
	return (0);
gone:
	json_decref(all);
	return (-1);
}

/* A pushed event: pass it on, the per-second ones thinned out. */
static int
follow_event(struct follow_session *fs, json_t *msg, double now)
{
	const char	*ev = json_string_value(json_object_get(msg, "ev"));
	const char	*state;

	if (ev == NULL) {		/* a reply: none are asked for */
		json_decref(msg);
		return (0);
	}
	if (strcmp(ev, "clock") == 0) {
		state = json_string_value(json_object_get(msg, "state"));
		if (state == NULL)
			state = "";
		if (strcmp(state, fs->clock_state) == 0 &&
		    now - fs->clock_sent < FOLLOW_CLOCK_S) {
			json_decref(msg);
			return (0);
		}
		snprintf(fs->clock_state, sizeof fs->clock_state, "%s", state);
		fs->clock_sent = now;
	} else if (strcmp(ev, "score.progress") == 0) {
		if (now - fs->progress_sent < FOLLOW_CLOCK_S) {
			json_decref(msg);
			return (0);
		}
		fs->progress_sent = now;
	} else if (strcmp(ev, "gpu") == 0) {
		if (now - fs->gpu_sent < FOLLOW_CLOCK_S) {
			json_decref(msg);
			return (0);
		}
		fs->gpu_sent = now;
	} else if (strncmp(ev, "pane.", 5) == 0) {
		json_decref(msg);
		return (0);
	}
	json_object_set_new(msg, "session", json_string(fs->id));
	return (follow_emit(msg));
}

int
cmd_follow_status(const char *only)
{
	struct follow	 f = { NULL, 0, only };
	struct pollfd	*pfd = NULL;
	json_t		*msg;
	double		 now, scanned, beat;
	size_t		 i, live;
	int		 rc = 0, n, r;

	/* A reader that goes away is seen as EPIPE, not as a signal. */
	signal(SIGPIPE, SIG_IGN);
	if (follow_scan(&f) != 0)
		goto out;
	scanned = beat = mono_now();
	for (;;) {
		pfd = xreallocarray(pfd, f.n + 1, sizeof *pfd);
		for (i = 0; i < f.n; i++) {
			pfd[i].fd = f.s[i].c != NULL ? f.s[i].c->fd : -1;
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
		}
		n = poll(pfd, f.n, 500);
		if (n == -1 && errno != EINTR) {
			rc = 1;
			break;
		}
		now = mono_now();
		for (i = 0; n > 0 && i < f.n; i++) {
			if (f.s[i].c == NULL ||
			    !(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			/* Everything that has come, then back to poll. */
			while ((r = ctl_client_read(f.s[i].c, 0, &msg, NULL)) == 0) {
				if (follow_event(&f.s[i], msg, now) != 0)
					goto out;
			}
			if (r < 0) {
				ctl_client_close(f.s[i].c);
				f.s[i].c = NULL;
				if (follow_emit(json_pack("{ss ss}", "ev",
				    "down", "session", f.s[i].id)) != 0)
					goto out;
			}
		}
		if (now - scanned >= FOLLOW_SCAN_S) {
			scanned = now;
			if (follow_scan(&f) != 0)
				goto out;
		}
		if (now - beat >= FOLLOW_BEAT_S) {
			char		wall[32];
			struct statvfs	vfs;
			json_t		*hl;

			beat = now;
			for (i = 0, live = 0; i < f.n; i++)
				live += f.s[i].c != NULL;
			wall_iso(wall_ms(), wall, sizeof wall);
			hl = json_pack("{ss ss si si}", "ev", "host", "wall",
			    wall, "sessions", (int)f.n, "live", (int)live);
			/* How full the sessions' disk is, for its alert. */
			if (statvfs(home_dir(), &vfs) == 0 && vfs.f_blocks > 0)
				json_object_set_new(hl, "disk_free_pct",
				    json_real(100.0 * vfs.f_bavail /
				    vfs.f_blocks));
			if (follow_emit(hl) != 0)
				goto out;
		}
	}
out:
	for (i = 0; i < f.n; i++) {
		if (f.s[i].c != NULL)
			ctl_client_close(f.s[i].c);
		free(f.s[i].id);
	}
	free(f.s);
	free(pfd);
	return (rc);
}
