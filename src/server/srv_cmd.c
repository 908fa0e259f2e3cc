/*
 * srv_cmd.c: the session's control commands, one handler each, as
 * ctl_table (ctl_table.c) names them: status and subscribe, scores and
 * scoring, checkpoints, diffs and restores, notes, pauses, the end, the
 * clock's limit and messages. ctl_permit has let the caller in before a
 * handler runs; a handler checks the session's state through the state
 * machine (srv_state.c) and asks the session (srv_session.c) to act.
 * Diffs and restores, like checkpoints, run off the loop (srv_work.c) and
 * answer when done.
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl_cmds.h"
#include "server_int.h"
#include "session.h"

/* What a pause stops, in words (srv_pane.c, srv_pane_signal_all). */
static const char *
srv_pause_stops(struct server *s)
{
	if (s->study)
		return ("everything the participant started in the panes, "
		    "setsid or not; typing is refused");
	return ("the panes' terminal sessions (their jobs); a process started "
	    "with setsid, and anything outside the session, runs on");
}

static json_t *
srv_status_json(struct server *s, struct client *c)
{
	json_t	*info, *scorer, *msgs, *out, *gpu, *db;
	double	 now = mono_now();

	info = session_info_json(s->store);
	json_object_set_new(info, "state", json_string(srv_state_name(
	    s->sm.state)));
	json_object_set_new(info, "elapsed", json_real(clock_elapsed(
	    &s->clock, now)));
	json_object_set_new(info, "limit", json_real(s->clock.limit));
	json_object_set_new(info, "remaining", json_real(clock_remaining(
	    &s->clock, now)));
	json_object_set_new(info, "server_pid", json_integer(getpid()));
	if (s->sm.state == SRV_PAUSED) {
		char *why = store_query_text(s->store, "SELECT reason FROM "
		    "pause ORDER BY id DESC LIMIT 1");

		json_object_set_new(info, "paused_reason", json_string(why ?
		    why : ""));
		free(why);
		/* What the pause stopped (srv_pane.c, srv_pane_signal_all);
		 * study mode refuses typing meanwhile. */
		json_object_set_new(info, "shells_stopped",
		    json_boolean(s->study));
		json_object_set_new(info, "stopped", json_string(
		    srv_pause_stops(s)));
	}

	scorer = json_pack("{ss sI}", "state", s->run ? "running" : "idle",
	    "queue", (json_int_t)store_query_int(s->store, "SELECT count(*) "
	    "FROM score WHERE status = 'queued'"));
	if (s->run != NULL)
		json_object_set_new(scorer, "running", json_pack(
		    "{sI sf ss}", "id", (json_int_t)s->run_score, "seconds",
		    now - s->run_started, "last_line", scorer_last_line(s->run)));
	msgs = store_query_json(s->store, NULL, "SELECT id, wall, sender, "
	    "text FROM message WHERE acked_wall IS NULL ORDER BY id");
	out = json_pack("{so so sI so}", "session", info, "scorer", scorer,
	    "checkpoints", (json_int_t)store_query_int(s->store, "SELECT "
	    "count(*) FROM checkpoint"), "messages", msgs ? msgs :
	    json_array());
	if ((gpu = srv_gpu_json(s)) != NULL)
		json_object_set_new(out, "gpu", gpu);
	if ((db = srv_session_db_json(s)) != NULL)
		json_object_set_new(out, "database", db);
	json_object_set_new(out, "role", json_string(ctl_role_name(
	    server_client_roles(c))));
	return (out);
}

int
srv_cmd_status(struct server *s, struct client *c, json_t *args, json_t **res,
    char **cause)
{
	*res = srv_status_json(s, c);
	return (0);
}

int
srv_cmd_subscribe(struct server *s, struct client *c, json_t *args, json_t **res,
    char **cause)
{
	int	ro = 0;

	ctl_arg_bool(args, "read_only", &ro);
	server_client_subscribe(c, ro);
	*res = srv_status_json(s, c);
	return (0);
}

int
srv_cmd_score(struct server *s, struct client *c, json_t *args, json_t **res,
    char **cause)
{
	struct server_pending	*p;
	int64_t			 id;
	int			 wait = 0;

	if (srv_state_next(&s->sm, SRV_SCORE, 0, NULL, cause) != 0)
		return (-1);
	ctl_arg_bool(args, "wait", &wait);
	if ((id = srv_session_score_queue(s, c->actor, 0, 0, cause)) < 0)
		return (-1);
	srv_session_score_next(s);
	if (!wait) {
		*res = json_pack("{sI sI}", "score_id", (json_int_t)id,
		    "queue", (json_int_t)store_query_int(s->store,
		    "SELECT count(*) FROM score WHERE status = 'queued'"));
		return (0);
	}
	p = server_defer(c);
	p->score_id = id;
	TAILQ_INSERT_TAIL(&s->waiters, p, entry);
	return (1);
}

int
srv_cmd_score_cancel(struct server *s, struct client *c, json_t *args,
    json_t **res, char **cause)
{
	long long	id = 0;

	if (json_object_get(args, "id") != NULL &&
	    ctl_arg_int(args, "id", &id, cause) != 0)
		return (-1);
	if (s->run != NULL && (id == 0 || id == s->run_score)) {
		scorer_cancel(s->run);
		*res = json_pack("{sI}", "cancelled", (json_int_t)s->run_score);
		return (0);
	}
	if (s->run_score != 0 && (id == 0 || id == s->run_score)) {
		/* Its checkpoint is being taken: it will not run. */
		s->run_cancel = "cancelled before it ran";
		*res = json_pack("{sI}", "cancelled", (json_int_t)s->run_score);
		return (0);
	}
	if (id != 0 && store_query_int(s->store, "SELECT count(*) FROM score "
	    "WHERE id = ? AND status = 'queued'", store_int(id)) == 1) {
		srv_session_score_fail(s, id, "cancelled", "cancelled before it ran");
		*res = json_pack("{sI}", "cancelled", (json_int_t)id);
		return (0);
	}
	return (set_cause(cause, id ? "score %lld is not running or queued" :
	    "no scoring is running", id));
}

int
srv_cmd_scores(struct server *s, struct client *c, json_t *args, json_t **res,
    char **cause)
{
	*res = session_scores_json(s->store, srv_session_show_hidden(s, c->role));
	return (0);
}

int
srv_cmd_score_output(struct server *s, struct client *c, json_t *args,
    json_t **res, char **cause)
{
	long long	 id;
	char		*out;

	if (ctl_arg_int(args, "id", &id, cause) != 0)
		return (-1);
	if (!srv_session_show_hidden(s, c->role))
		return (set_cause(cause, "scores of this task are hidden until "
		    "the end"));
	out = store_query_text(s->store, "SELECT output_tail FROM score WHERE "
	    "id = ?", store_int(id));
	*res = json_pack("{sI ss}", "id", (json_int_t)id, "output",
	    out ? out : "");
	free(out);
	return (0);
}

static void
srv_manual_ckpt_cb(struct server *s, int64_t id, const char *commit,
    const char *cause, void *arg)
{
	if (id < 0)
		server_reply_later(arg, NULL, cause ? cause : "checkpoint failed");
	else
		server_reply_later(arg, json_pack("{sI ss}", "id", (json_int_t)id,
		    "commit", commit), NULL);
}

int
srv_cmd_checkpoint(struct server *s, struct client *c, json_t *args,
    json_t **res, char **cause)
{
	const char	*msg = json_string_value(json_object_get(args,
			    "message"));

	srv_session_checkpoint(s, "manual", msg, 1, c->actor, srv_manual_ckpt_cb,
	    server_defer(c));
	return (1);
}

int
srv_cmd_checkpoints(struct server *s, struct client *c, json_t *args,
    json_t **res, char **cause)
{
	*res = json_pack("{so}", "checkpoints",
	    session_checkpoints_json(s->store));
	return (0);
}

/* A diff or a restore, off the loop like a checkpoint (srv_work.c). */
struct srv_tree_job {
	struct ckpt		*ckpt;
	char			*from;		/* diff: from, to; restore: */
	char			*to;		/* commit, dir */
	char			*actor;
	struct buf		 b;
	int			 rc;
	char			*cause;
	struct server_pending	*p;
};

static struct srv_tree_job *
srv_tree_job(struct server *s, struct client *c, const char *from,
    const char *to)
{
	struct srv_tree_job	*j;

	j = xcalloc(1, sizeof *j);
	j->ckpt = s->ckpt;
	j->from = xstrdup(from);
	j->to = to != NULL ? xstrdup(to) : NULL;
	j->actor = xstrdup(c->actor);
	buf_init(&j->b);
	j->p = server_defer(c);
	return (j);
}

static void
srv_tree_job_free(struct srv_tree_job *j)
{
	buf_done(&j->b);
	free(j->from);
	free(j->to);
	free(j->actor);
	free(j->cause);
	free(j);
}

static void
srv_diff_work(void *arg)
{
	struct srv_tree_job	*j = arg;

	j->rc = ckpt_diff(j->ckpt, j->from, j->to, &j->b, &j->cause);
}

static void
srv_diff_done(struct server *s, void *arg)
{
	struct srv_tree_job	*j = arg;

	if (j->rc != 0)
		server_reply_later(j->p, NULL, j->cause ? j->cause : "failed");
	else
		server_reply_later(j->p, json_pack("{s:s%}", "diff",
		    buf_cstr(&j->b), j->b.len), NULL);
	srv_tree_job_free(j);
}

int
srv_cmd_diff(struct server *s, struct client *c, json_t *args, json_t **res,
    char **cause)
{
	const char	*from, *to;
	char		*f, *t = NULL;

	if (ctl_arg_string(args, "from", &from, cause) != 0)
		return (-1);
	to = json_string_value(json_object_get(args, "to"));
	if (to != NULL && strcmp(to, "workdir") == 0)
		to = NULL;
	/* Checkpoint numbers as `checkpoints` shows them, or commits. */
	if ((f = session_ckpt_ref(s->store, from, cause)) == NULL)
		return (-1);
	if (to != NULL && (t = session_ckpt_ref(s->store, to, cause)) ==
	    NULL) {
		free(f);
		return (-1);
	}
	srv_work_queue(s, srv_diff_work, srv_diff_done, srv_tree_job(s, c,
	    f, t));
	free(f);
	free(t);
	return (1);
}

static void
srv_restore_work(void *arg)
{
	struct srv_tree_job	*j = arg;

	j->rc = ckpt_restore(j->ckpt, j->from, j->to, &j->cause);
}

static void
srv_restore_done(struct server *s, void *arg)
{
	struct srv_tree_job	*j = arg;

	if (j->rc != 0)
		server_reply_later(j->p, NULL, j->cause ? j->cause : "failed");
	else {
		server_event(s, "restore", j->actor, json_pack("{ss ss}",
		    "commit", j->from, "dir", j->to));
		server_reply_later(j->p, json_pack("{ss}", "dir", j->to), NULL);
	}
	srv_tree_job_free(j);
}

int
srv_cmd_restore(struct server *s, struct client *c, json_t *args, json_t **res,
    char **cause)
{
	const char	*commit, *dir;
	char		*ref;

	if (ctl_arg_string(args, "commit", &commit, cause) != 0 ||
	    ctl_arg_string(args, "dir", &dir, cause) != 0)
		return (-1);
	if (*dir != '/')
		return (set_cause(cause, "the folder must be an absolute path"));
	if ((ref = session_ckpt_ref(s->store, commit, cause)) == NULL)
		return (-1);
	srv_work_queue(s, srv_restore_work, srv_restore_done, srv_tree_job(s,
	    c, ref, dir));
	free(ref);
	return (1);
}

int
srv_cmd_note(struct server *s, struct client *c, json_t *args, json_t **res,
    char **cause)
{
	const char	*text;
	char		 when[40];

	if (ctl_arg_string(args, "text", &text, cause) != 0)
		return (-1);
	srv_session_iso_now(when, sizeof when);
	if (store_exec(s->store, cause, "INSERT INTO note (wall, elapsed, "
	    "text) VALUES (?, ?, ?)", store_text(when), store_real(srv_session_now(s)),
	    store_text(text)) != 0)
		return (-1);
	server_event(s, "note", c->actor, json_pack("{sI ss}", "id",
	    (json_int_t)store_last_id(s->store), "text", text));
	return (0);
}

int
srv_cmd_pause(struct server *s, struct client *c, json_t *args, json_t **res,
    char **cause)
{
	const char	*reason;
	char		 when[40];

	if (ctl_arg_string(args, "reason", &reason, cause) != 0)
		return (set_cause(cause, "a pause needs a reason"));
	if (srv_state_next(&s->sm, SRV_PAUSE, 0, NULL, cause) != 0)
		return (-1);
	clock_stop(&s->clock, mono_now());
	srv_session_iso_now(when, sizeof when);
	if (store_exec(s->store, cause, "INSERT INTO pause (start_wall, "
	    "elapsed, reason, by) VALUES (?, ?, ?, ?)", store_text(when),
	    store_real(srv_session_now(s)), store_text(reason),
	    store_text(c->actor)) != 0) {
		clock_run(&s->clock, mono_now());
		return (-1);
	}
	srv_session_heartbeat(s);
	srv_session_set_state(s, SRV_PAUSE, srv_session_actor_is_proctor(c->actor));
	/* What the panes run does not go on off the clock. */
	srv_pane_signal_all(s, SIGSTOP);
	server_event(s, "clock_pause", c->actor, json_pack("{ss sb ss}",
	    "reason", reason, "shells_stopped", s->study, "stopped",
	    srv_pause_stops(s)));
	*res = json_pack("{ss}", "stopped", srv_pause_stops(s));
	return (0);
}

/* An event's data with the request's "reason", when it gives one. */
static json_t *
srv_with_reason(json_t *data, json_t *args)
{
	json_t	*r = json_object_get(args, "reason");

	if (json_is_string(r) && *json_string_value(r) != '\0')
		json_object_set(data, "reason", r);
	return (data);
}

int
srv_cmd_resume(struct server *s, struct client *c, json_t *args, json_t **res,
    char **cause)
{
	char	when[40];
	int	proctor = (server_client_roles(c) & CTL_PROCTOR) != 0;

	/* A proctor's pause is lifted only by a proctor (srv_state.c). */
	if (srv_state_next(&s->sm, SRV_RESUME, proctor, NULL, cause) != 0)
		return (-1);
	srv_session_iso_now(when, sizeof when);
	if (store_exec(s->store, cause, "UPDATE pause SET end_wall = ? WHERE "
	    "end_wall IS NULL", store_text(when)) != 0)
		return (-1);
	clock_run(&s->clock, mono_now());
	srv_session_set_state(s, SRV_RESUME, proctor);
	srv_pane_signal_all(s, SIGCONT);
	server_event(s, "clock_resume", c->actor, srv_with_reason(json_object(),
	    args));
	return (0);
}

int
srv_cmd_submit(struct server *s, struct client *c, json_t *args, json_t **res,
    char **cause)
{
	if (srv_state_next(&s->sm, SRV_SUBMIT, 0, NULL, cause) != 0)
		return (-1);
	srv_session_end(s, SRV_SUBMIT, c->actor);
	*res = json_pack("{ss}", "state", srv_state_name(s->sm.state));
	return (0);
}

int
srv_cmd_stop(struct server *s, struct client *c, json_t *args, json_t **res,
    char **cause)
{
	if (srv_state_next(&s->sm, SRV_STOP, 1, NULL, cause) != 0)
		return (-1);
	/* Why a proctor ended the attempt, before the end itself. */
	if (json_is_string(json_object_get(args, "reason")))
		server_event(s, "stop_reason", c->actor, srv_with_reason(
		    json_object(), args));
	srv_session_end(s, SRV_STOP, c->actor);
	*res = json_pack("{ss}", "state", srv_state_name(s->sm.state));
	return (0);
}

int
srv_cmd_extend(struct server *s, struct client *c, json_t *args, json_t **res,
    char **cause)
{
	double	 sec;
	json_t	*v = json_object_get(args, "seconds");

	if (!json_is_number(v) || (sec = json_number_value(v)) == 0)
		return (set_cause(cause, "'seconds' must be a non-zero number"));
	if (!isfinite(sec) || fabs(sec) > CLOCK_EXTEND_MAX)
		return (set_cause(cause, "an extension is at most %.0f minutes "
		    "either way, not %g", CLOCK_EXTEND_MAX / 60, sec / 60));
	if (s->clock.limit + sec < srv_session_now(s))
		return (set_cause(cause, "that would end the clock in the "
		    "past"));
	clock_extend(&s->clock, sec, mono_now());
	if (store_exec(s->store, cause, "UPDATE session SET limit_s = ?",
	    store_real(s->clock.limit)) != 0)
		return (-1);
	server_event(s, "clock_extend", c->actor, srv_with_reason(json_pack(
	    "{sf sf}", "seconds", sec, "limit", s->clock.limit), args));
	*res = json_pack("{sf}", "limit", s->clock.limit);
	return (0);
}

int
srv_cmd_message(struct server *s, struct client *c, json_t *args, json_t **res,
    char **cause)
{
	const char	*text;
	char		 when[40];
	int64_t		 id;

	if (ctl_arg_string(args, "text", &text, cause) != 0)
		return (-1);
	srv_session_iso_now(when, sizeof when);
	if (store_exec(s->store, cause, "INSERT INTO message (wall, elapsed, "
	    "sender, text) VALUES (?, ?, ?, ?)", store_text(when),
	    store_real(srv_session_now(s)), store_text(c->actor),
	    store_text(text)) != 0)
		return (-1);
	id = store_last_id(s->store);
	server_event(s, "message", c->actor, json_pack("{sI ss}", "id",
	    (json_int_t)id, "text", text));
	*res = json_pack("{sI}", "id", (json_int_t)id);
	return (0);
}

/*
 * An alert a proctor's dashboard raised for this session (paused too long,
 * failing scorings...), recorded in the timeline so that researchers see
 * what the proctors were told and when. The participant is not shown it.
 */
int
srv_cmd_alert(struct server *s, struct client *c, json_t *args, json_t **res,
    char **cause)
{
	const char	*name, *text = "";

	if (ctl_arg_string(args, "alert", &name, cause) != 0)
		return (-1);
	if (json_object_get(args, "text") != NULL &&
	    ctl_arg_string(args, "text", &text, cause) != 0)
		return (-1);
	server_event(s, "proctor_alert", c->actor, json_pack("{ss ss}",
	    "alert", name, "text", text));
	return (0);
}

int
srv_cmd_message_ack(struct server *s, struct client *c, json_t *args,
    json_t **res, char **cause)
{
	long long	id;
	char		when[40];

	if (ctl_arg_int(args, "id", &id, cause) != 0)
		return (-1);
	srv_session_iso_now(when, sizeof when);
	if (store_exec(s->store, cause, "UPDATE message SET acked_wall = ? "
	    "WHERE id = ? AND acked_wall IS NULL", store_text(when),
	    store_int(id)) != 0)
		return (-1);
	server_event(s, "message_ack", c->actor, json_pack("{sI}", "id",
	    (json_int_t)id));
	return (0);
}
