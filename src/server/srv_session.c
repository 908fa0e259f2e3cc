/*
 * srv_session.c: what a session is, inside its server: the clock, the
 * scoring queue, checkpoints, pauses and the end. Its commands are in
 * srv_cmd.c, its states and their steps in srv_state.c.
 *
 * The database is the truth. The queue of scorings is the score rows with
 * status 'queued', so a score asked for is on disk before it is answered.
 * The clock is kept in memory on the monotonic clock and written to the
 * session row about once a second (elapsed_s, heartbeat_wall); a server
 * that starts again after a crash resumes from there, and the time the
 * server was down is not charged to the participant (an event records how
 * long it was). Where the holder of the shells saw the crash (holder.h),
 * the clock resumes from the very moment of it, else from the last
 * heartbeat, losing up to a second. In study mode the time it was down
 * is charged (the participant's processes may have run on).
 *
 * The end: at expiry, on submit or on stop the clock stops, the shells
 * stop, queued and running scorings are cancelled, a final checkpoint is
 * committed and scored, and only then is the session marked ended.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chain.h"
#include "ctl_cmds.h"
#include "holder.h"
#include "host.h"
#include "server_int.h"
#include "scorer_env.h"
#include "session.h"

/* Is this actor ("participant", "proctor:UID", "system") a proctor? */
int
srv_session_actor_is_proctor(const char *actor)
{
	return (actor != NULL && strncmp(actor, "proctor:", 8) == 0);
}

double
srv_session_now(struct server *s)
{
	return (clock_elapsed(&s->clock, mono_now()));
}

void
srv_session_iso_now(char *buf, size_t len)
{
	wall_iso(wall_ms(), buf, len);
}

static void
srv_warn_db(const char *what, char *cause)
{
	log_warn("%s: %s", what, cause ? cause : "error");
	free(cause);
}

static int
srv_state_write_cb(struct store *st, void *arg, char **cause)
{
	return (store_exec(st, cause, "UPDATE session SET state = ?",
	    store_text(arg)));
}

/* Take a step of the state machine (srv_state.c), store the new state and
 * tell the clients; -1 if the machine refuses it. */
int
srv_session_set_state(struct server *s, enum srv_input in, int by_proctor)
{
	char		*cause = NULL;
	enum srv_state	 st;

	if (srv_state_step(&s->sm, in, by_proctor) != 0)
		return (-1);
	st = s->sm.state;
	/* In order with the writes kept (a score's end writes 'ended'). */
	if (st != SRV_ENDING && store_write(s->store, srv_state_write_cb,
	    (void *)srv_state_name(st), NULL, &cause) < 0)
		srv_warn_db("state", cause);
	server_broadcast(s, json_pack("{ss ss}", "ev", "state", "state",
	    srv_state_name(st)));
	return (0);
}

/*
 * The clock's heartbeat: the latest time is all that matters, so a beat
 * the database refuses is not kept; the next one (a second later) carries
 * the time on, and the failure is reported with the writes kept
 * (srv_db_check).
 */
void
srv_session_heartbeat(struct server *s)
{
	char	when[40], *cause = NULL;

	srv_session_iso_now(when, sizeof when);
	if (store_exec(s->store, &cause, "UPDATE session SET elapsed_s = ?, "
	    "heartbeat_wall = ?", store_real(srv_session_now(s)),
	    store_text(when)) != 0) {
		free(s->beat_trouble);
		s->beat_trouble = cause;
	} else {
		free(s->beat_trouble);
		s->beat_trouble = NULL;
	}
}

/*
 * The chain's signed head beside the store (chain.h): after each event and
 * every second, so a copy of the store or an export cut at its end is
 * seen. In study mode the folder is the service's: the participant can
 * change neither the store nor its head.
 */
void
srv_session_head_write(struct server *s)
{
	char	*path, *cause = NULL;

	if (s->store == NULL || s->id == NULL)
		return;
	path = path_join(s->dir, "head.json");
	if (chain_head_write(s->store, s->id, path, &s->head_seq,
	    &cause) != 0) {
		if (!s->head_trouble)
			log_warn("head.json: %s", cause);
		s->head_trouble = 1;
		free(cause);
	} else
		s->head_trouble = 0;
	free(path);
}

/*
 * Retry the writes the database refused (store_write) and say when that
 * starts and ends: server.log, an event to the clients ("database") and
 * the status (srv_session_db_json). What was kept stays in memory until stored;
 * the server does not end while anything is kept.
 */
static void
srv_db_check(struct server *s)
{
	const char	*trouble;
	size_t		 n;

	n = store_retry(s->store);
	trouble = store_trouble(s->store);
	if (trouble == NULL)
		trouble = s->beat_trouble;
	if (trouble != NULL && s->db_trouble == NULL) {
		s->db_trouble = xstrdup(trouble);
		s->db_trouble_since = mono_now();
		log_warn("database: %s: %zu writes kept in memory and the "
		    "clock's heartbeat retried every second until it can be "
		    "written", trouble, n);
		server_broadcast(s, json_pack("{ss sb ss sI}", "ev", "database",
		    "ok", 0, "problem", trouble, "waiting", (json_int_t)n));
	} else if (trouble == NULL && s->db_trouble != NULL) {
		log_info("database: writable again after %.0f s (%s); every "
		    "write kept was stored", mono_now() - s->db_trouble_since,
		    s->db_trouble);
		free(s->db_trouble);
		s->db_trouble = NULL;
		server_broadcast(s, json_pack("{ss sb}", "ev", "database",
		    "ok", 1));
	}
}

/* The database's trouble for the status (srv_cmd.c), or NULL. */
json_t *
srv_session_db_json(struct server *s)
{
	if (s->db_trouble == NULL)
		return (NULL);
	return (json_pack("{ss sI sf}", "problem", store_trouble(s->store) ?
	    store_trouble(s->store) : s->db_trouble, "waiting",
	    (json_int_t)store_waiting(s->store), "seconds", mono_now() -
	    s->db_trouble_since));
}

/*
 * Checkpoints. The commit runs on the thread pool (srv_work.c); it is
 * recorded, and cb told, back on the loop. An unchanged tree makes no new
 * commit unless forced; the last checkpoint is given back. The elapsed
 * time is the one when it was asked for.
 */
struct srv_ckpt_job {
	struct ckpt		*ckpt;
	char			*text;
	char			*trigger;
	char			*message;
	char			*actor;
	int			 force;
	double			 elapsed;
	struct ckpt_result	 r;
	int			 rc;
	char			*cause;
	srv_ckpt_cb		 cb;
	void			*arg;
	char			*push;		/* archive to push to, or NULL */
	int			 push_rc;
	char			*push_cause;
};

static void
srv_checkpoint_work(void *arg)
{
	struct srv_ckpt_job	*j = arg;

	j->rc = ckpt_commit(j->ckpt, CKPT_AUTHOR, j->text, j->force, &j->r,
	    &j->cause);
	/* Study mode: each checkpoint also goes to the service's archive,
	 * which the participant cannot rewrite. */
	if (j->rc == 0 && j->push != NULL)
		j->push_rc = ckpt_push(j->ckpt, j->push, &j->push_cause);
}

/* Store a commit's checkpoint row; its id, or -1 and *cause. */
static int64_t
srv_checkpoint_record(struct server *s, struct srv_ckpt_job *j, char **cause)
{
	struct ckpt_result	*r = &j->r;
	const char		*trigger = j->trigger, *message = j->message;
	const char		*actor = j->actor;
	double			 elapsed = j->elapsed;
	char			 when[40];
	int64_t			 id;
	int			 i;

	if (!r->created) {
		id = store_query_int(s->store, "SELECT id FROM checkpoint "
		    "WHERE commit_id = ? ORDER BY id DESC LIMIT 1",
		    store_text(r->commit));
		if (id > 0)
			return (id);
	}
	srv_session_iso_now(when, sizeof when);
	if (store_begin(s->store, cause) != 0)
		goto fail;
	if (store_exec(s->store, cause, "INSERT INTO checkpoint (commit_id, "
	    "parent_id, wall, elapsed, trigger, message, files_changed, "
	    "bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", store_text(r->commit),
	    store_text(*r->parent ? r->parent : NULL), store_text(when),
	    store_real(elapsed), store_text(trigger),
	    store_text(message ? message : ""), store_int(r->files_changed),
	    store_int(r->bytes)) != 0)
		goto fail_tx;
	id = store_last_id(s->store);
	for (i = 0; i < r->nskipped; i++) {
		if (store_exec(s->store, cause, "INSERT INTO "
		    "checkpoint_skipped (checkpoint_id, path, size, hash) "
		    "VALUES (?, ?, ?, ?)", store_int(id),
		    store_text(r->skipped[i].path), store_int(r->skipped[i].size),
		    store_text(r->skipped[i].hash)) != 0)
			goto fail_tx;
	}
	if (store_commit(s->store, cause) != 0)
		goto fail;
	server_event(s, "checkpoint", actor, json_pack("{sI ss ss si sI si}",
	    "id", (json_int_t)id, "commit", r->commit, "trigger", trigger,
	    "files_changed", r->files_changed, "bytes", (json_int_t)r->bytes,
	    "skipped", r->nskipped));
	return (id);
fail_tx:
	store_rollback(s->store);
fail:
	return (-1);
}

static void
srv_checkpoint_done(struct server *s, void *arg)
{
	struct srv_ckpt_job	*j = arg;
	char			*cause = NULL;
	int64_t			 id = -1;

	if (j->rc == 0)
		id = srv_checkpoint_record(s, j, &cause);
	if (j->push != NULL && j->push_rc != 0)
		log_warn("archive %s: %s", j->push, j->push_cause);
	free(j->push);
	free(j->push_cause);
	j->cb(s, id, j->rc == 0 ? j->r.commit : "", j->rc != 0 ? j->cause :
	    cause, j->arg);
	free(cause);
	if (j->rc == 0)
		ckpt_result_done(&j->r);
	free(j->cause);
	free(j->text);
	free(j->trigger);
	free(j->message);
	free(j->actor);
	free(j);
}

void
srv_session_checkpoint(struct server *s, const char *trigger,
    const char *message, int force, const char *actor, srv_ckpt_cb cb,
    void *arg)
{
	struct srv_ckpt_job	*j;
	char			*el;

	j = xcalloc(1, sizeof *j);
	j->ckpt = s->ckpt;
	j->elapsed = srv_session_now(s);
	el = fmt_duration(j->elapsed);
	j->text = xasprintf("%s: %s\n\nsession: %s\nelapsed: %s\n", trigger,
	    message != NULL && *message != '\0' ? message : trigger, s->id,
	    el);
	free(el);
	j->trigger = xstrdup(trigger);
	j->message = xstrdup(message != NULL ? message : "");
	j->actor = xstrdup(actor);
	j->force = force;
	j->cb = cb;
	j->arg = arg;
	if (s->study)
		j->push = xasprintf("%s/archive/%s.git", host_study()->root,
		    s->id);
	srv_work_queue(s, srv_checkpoint_work, srv_checkpoint_done, j);
}

static void
srv_start_clock(struct server *s)
{
	char	when[40], *cause = NULL;

	clock_run(&s->clock, mono_now());
	srv_session_iso_now(when, sizeof when);
	if (store_exec(s->store, &cause, "UPDATE session SET start_wall = ? "
	    "WHERE start_wall IS NULL", store_text(when)) != 0)
		srv_warn_db("start", cause);
	srv_session_set_state(s, SRV_START_SCORED, 0);
	server_event(s, "clock_start", "system", json_pack("{sf}", "limit",
	    s->clock.limit));
}

/* Queue a scoring; returns its id. */
int64_t
srv_session_score_queue(struct server *s, const char *by, int is_start,
    int is_final, char **cause)
{
	char	when[40];
	int64_t	id;

	srv_session_iso_now(when, sizeof when);
	if (store_exec(s->store, cause, "INSERT INTO score (requested_wall, "
	    "requested_elapsed, status, visible, is_start, is_final, "
	    "requested_by) VALUES (?, ?, 'queued', ?, ?, ?, ?)",
	    store_text(when), store_real(is_start ? 0.0 : srv_session_now(s)),
	    store_int(!s->hidden), store_int(is_start), store_int(is_final),
	    store_text(by)) != 0)
		return (-1);
	id = store_last_id(s->store);
	server_event(s, "score_requested", by, json_pack("{sI sb sb}", "id",
	    (json_int_t)id, "start", is_start, "final", is_final));
	return (id);
}

static json_t *
srv_score_row(struct server *s, int64_t id, int show_hidden)
{
	json_t	*all, *row, *v;
	size_t	 i;

	all = session_scores_json(s->store, show_hidden);
	row = NULL;
	json_array_foreach(json_object_get(all, "scores"), i, v) {
		if (json_integer_value(json_object_get(v, "id")) == id)
			row = json_incref(v);
	}
	json_decref(all);
	return (row != NULL ? row : json_object());
}

int
srv_session_show_hidden(struct server *s, int role)
{
	return ((role & CTL_PROCTOR) || s->sm.state == SRV_ENDED ||
	    !s->hidden);
}

/*
 * The end of a scoring as one write (store_write): the score row, its
 * score_finished event and, for the final scoring of an ending session,
 * the session's end and its session_ended event, in one transaction. If
 * the database refuses for now (a full disk), the write is kept and tried
 * again every second (srv_session_tick), so a result that was measured is
 * never lost nor left 'running', and waiters are answered from memory.
 */
struct srv_finish {
	int64_t		 id;
	int		 result;	/* a scorer's result: numbers, output */
	int64_t		 wall;
	double		 elapsed;
	char		*status;
	char		*reason;
	double		 raw;
	double		 norm;
	char		*msg;
	char		*det;
	char		*tail;
	int64_t		 output_bytes;
	int64_t		 exit_status;
	json_t		*event;		/* score_finished's data */
	int64_t		 seq;
	int		 family;	/* and a family's final score */
	double		 family_score;
	char		*family_status;
	char		*family_output;
	json_t		*family_event;
	int64_t		 family_seq;
	int		 end;		/* and the session's end */
	double		 end_elapsed;
	json_t		*end_event;	/* session_ended's data */
	int64_t		 end_seq;
};

static struct srv_finish *
srv_finish_create(int64_t id, const char *status, const char *reason,
    double elapsed)
{
	struct srv_finish	*f;

	f = xcalloc(1, sizeof *f);
	f->id = id;
	f->wall = wall_ms();
	f->elapsed = elapsed;
	f->status = xstrdup(status);
	f->reason = reason != NULL ? xstrdup(reason) : NULL;
	f->raw = f->norm = NAN;
	f->seq = f->end_seq = f->family_seq = -1;
	f->event = json_pack("{sI ss}", "id", (json_int_t)id, "status",
	    status);
	return (f);
}

static void
srv_finish_free(void *arg)
{
	struct srv_finish	*f = arg;

	free(f->status);
	free(f->reason);
	free(f->msg);
	free(f->det);
	free(f->tail);
	json_decref(f->event);
	free(f->family_status);
	free(f->family_output);
	json_decref(f->family_event);
	json_decref(f->end_event);
	free(f);
}

static int
srv_finish_write_cb(struct store *st, void *arg, char **cause)
{
	struct srv_finish	*f = arg;
	char			 when[40];
	int			 rc;

	wall_iso(f->wall, when, sizeof when);
	if (f->result)
		rc = store_exec(st, cause, "UPDATE score SET finished_wall = ?, "
		    "finished_elapsed = ?, status = ?, reason = ?, raw = ?, "
		    "normalized = ?, message = ?, details = ?, "
		    "output_tail = ?, output_bytes = ?, exit_status = ? "
		    "WHERE id = ?", store_text(when), store_real(f->elapsed),
		    store_text(f->status), store_text(f->reason),
		    store_real(f->raw), store_real(f->norm), store_text(f->msg),
		    store_text(f->det), store_text(f->tail),
		    store_int(f->output_bytes), store_int(f->exit_status),
		    store_int(f->id));
	else
		rc = store_exec(st, cause, "UPDATE score SET status = ?, "
		    "reason = ?, finished_wall = COALESCE(finished_wall, ?), "
		    "finished_elapsed = COALESCE(finished_elapsed, ?) "
		    "WHERE id = ?", store_text(f->status),
		    store_text(f->reason), store_text(when),
		    store_real(f->elapsed), store_int(f->id));
	if (rc != 0)
		return (-1);
	if ((f->seq = chain_event(st, f->wall, f->elapsed, "score_finished",
	    "system", json_incref(f->event), cause)) < 0)
		return (-1);
	if (f->family) {
		if (store_exec(st, cause, "UPDATE session SET family_score = "
		    "?, family_score_status = ?, family_score_output = ?",
		    store_real(f->family_score), store_text(f->family_status),
		    store_text(f->family_output)) != 0)
			return (-1);
		if ((f->family_seq = chain_event(st, f->wall, f->elapsed,
		    "family_score", "system", json_incref(f->family_event),
		    cause)) < 0)
			return (-1);
	}
	if (!f->end)
		return (0);
	if (store_exec(st, cause, "UPDATE session SET state = 'ended', "
	    "end_wall = ?, end_elapsed = ?", store_text(when),
	    store_real(f->end_elapsed)) != 0)
		return (-1);
	if ((f->end_seq = chain_event(st, f->wall, f->end_elapsed,
	    "session_ended", "system", json_incref(f->end_event), cause)) < 0)
		return (-1);
	return (0);
}

/* Write it (or have it kept), tell the subscribers and answer the
 * waiters. Steals f. */
static void
srv_finish(struct server *s, struct srv_finish *f)
{
	struct server_pending	*p, *next;
	char			*cause = NULL, when[40];
	json_t			*row, *reply;
	int			 rc;

	rc = store_write(s->store, srv_finish_write_cb, f, srv_finish_free,
	    &cause);
	if (rc < 0)
		srv_warn_db("score", cause);
	else if (rc == 0)
		srv_session_head_write(s);
	server_event_send(s, "score_finished", "system",
	    json_incref(f->event), rc == 0 ? f->seq : -1, f->elapsed);
	if (f->family)
		server_event_send(s, "family_score", "system",
		    json_incref(f->family_event), rc == 0 ? f->family_seq : -1,
		    f->elapsed);
	if (f->end)
		server_event_send(s, "session_ended", "system",
		    json_incref(f->end_event), rc == 0 ? f->end_seq : -1,
		    f->end_elapsed);

	TAILQ_FOREACH_SAFE(p, &s->waiters, entry, next) {
		if (p->score_id != f->id)
			continue;
		row = srv_score_row(s, f->id, srv_session_show_hidden(s, p->c->role));
		reply = json_pack("{so}", "score", row);
		if (rc == 1) {
			/* Not on disk yet: the row as it will be. */
			wall_iso(f->wall, when, sizeof when);
			json_object_set_new(row, "status",
			    json_string(f->status));
			json_object_set_new(row, "reason", f->reason ?
			    json_string(f->reason) : json_null());
			json_object_set_new(row, "finished_wall",
			    json_string(when));
			json_object_set_new(row, "finished_elapsed",
			    json_real(f->elapsed));
			if (!json_is_true(json_object_get(row, "hidden"))) {
				json_object_set_new(row, "raw", isnan(f->raw) ?
				    json_null() : json_real(f->raw));
				json_object_set_new(row, "normalized",
				    isnan(f->norm) ? json_null() :
				    json_real(f->norm));
			}
			json_object_set_new(row, "stored", json_false());
			json_object_set_new(reply, "warning", json_sprintf(
			    "the result is not stored yet (%s): the server "
			    "keeps it and stores it as soon as it can",
			    store_trouble(s->store)));
		}
		server_reply_later(p, reply, NULL);
	}
	if (rc != 1)
		srv_finish_free(f);
}

/*
 * A Task Standard pack's final scoring also gives the family's own final
 * score (aggregate_scores or score): the driver puts it in the details as
 * family_final; it is kept in the session row beside baseliner's own
 * aggregation of the score rows, written with the scoring's end
 * (srv_finish). A final scoring that never reached the family records why.
 */
static void
srv_family_final(struct server *s, struct scorer_result *r,
    struct srv_finish *f)
{
	json_t		*ff;
	const char	*st;

	if (s->task == NULL || s->task->ts_family == NULL)
		return;
	ff = json_object_get(r->details, "family_final");
	if (json_is_object(ff)) {
		st = json_string_value(json_object_get(ff, "status"));
		f->family_output = json_dumps(ff, JSON_COMPACT);
	} else {
		st = "error";
		f->family_output = xasprintf("the final scoring did not reach "
		    "the family: %s\n%s", r->reason ? r->reason :
		    scorer_status_name(r->status), r->tail ? r->tail : "");
	}
	f->family = 1;
	f->family_score = json_is_number(json_object_get(ff, "score")) ?
	    json_number_value(json_object_get(ff, "score")) : NAN;
	f->family_status = xstrdup(st ? st : "error");
	f->family_event = json_pack("{ss so}", "status", f->family_status,
	    "score", json_is_number(json_object_get(ff, "score")) &&
	    !s->hidden ? json_incref(json_object_get(ff, "score")) :
	    json_null());
}

/*
 * What a scoring gave, as a git note on the commit it scored, so that
 * `git log` of the checkpoints tells the story. Written off the loop, in
 * the same queue as the commits (a repository is used by one thread at a
 * time). A hidden score's note says the status only.
 */
struct srv_note_job {
	struct ckpt	*ckpt;
	char		*commit;
	char		*text;
	char		*cause;
	int		 rc;
};

static void
srv_note_work(void *arg)
{
	struct srv_note_job	*j = arg;

	j->rc = ckpt_note(j->ckpt, j->commit, j->text, &j->cause);
}

static void
srv_note_done(struct server *s, void *arg)
{
	struct srv_note_job	*j = arg;

	if (j->rc != 0)
		log_warn("%s", j->cause);
	free(j->cause);
	free(j->commit);
	free(j->text);
	free(j);
}

static void
srv_score_note(struct server *s, int64_t id, struct scorer_result *r,
    double norm)
{
	struct srv_note_job	*j;
	char			*commit;

	commit = store_query_text(s->store, "SELECT commit_id FROM score "
	    "WHERE id = ?", store_int(id));
	if (commit == NULL || *commit == '\0' || s->ckpt == NULL) {
		free(commit);
		return;
	}
	j = xcalloc(1, sizeof *j);
	j->ckpt = s->ckpt;
	j->commit = commit;
	if (s->hidden)
		j->text = xasprintf("score %lld: %s (the score is hidden)\n",
		    (long long)id, scorer_status_name(r->status));
	else if (r->status == SCORER_VALID)
		j->text = xasprintf("score %lld: valid, normalized %.4f (raw "
		    "%.6g)\n", (long long)id, norm, r->raw);
	else
		j->text = xasprintf("score %lld: %s%s%s\n", (long long)id,
		    scorer_status_name(r->status), r->reason ? ": " : "",
		    r->reason ? r->reason : "");
	srv_work_queue(s, srv_note_work, srv_note_done, j);
}

static void
srv_score_done_cb(struct scorer_run *run, struct scorer_result *r, void *arg)
{
	struct server		*s = arg;
	struct srv_finish	*f;
	char			*scratch;
	double			 norm = NAN, elapsed = srv_session_now(s);
	int64_t			 id = s->run_score;
	int			 is_start, is_final, ended;

	s->run = NULL;
	s->run_score = 0;
	if (s->run_interrupted) {
		/* srv_session_done has recorded it. */
		scratch = xasprintf("%s/scratch/score-%lld", s->dir,
		    (long long)id);
		rm_rf(scratch);
		free(scratch);
		return;
	}
	if (r->status == SCORER_VALID)
		norm = norm_score(r->raw, s->y_start, s->y_ref);
	f = srv_finish_create(id, scorer_status_name(r->status), r->reason,
	    elapsed);
	f->result = 1;
	f->raw = r->raw;
	f->norm = norm;
	f->msg = json_dumps(r->message, JSON_COMPACT);
	f->det = json_dumps(r->details, JSON_COMPACT);
	f->tail = r->tail != NULL ? xstrdup(r->tail) : NULL;
	f->output_bytes = r->output_bytes;
	f->exit_status = r->exit_status;
	/* The timeline keeps the numbers only where they are not hidden. */
	if (!s->hidden) {
		json_object_set_new(f->event, "raw", isnan(r->raw) ?
		    json_null() : json_real(r->raw));
		json_object_set_new(f->event, "normalized", isnan(norm) ?
		    json_null() : json_real(norm));
	}
	log_info("score %lld: %s%s%s (%.1f s)", (long long)id,
	    scorer_status_name(r->status), r->reason ? ": " : "",
	    r->reason ? r->reason : "", r->seconds);
	srv_score_note(s, id, r, norm);

	is_start = store_query_int(s->store, "SELECT is_start FROM score "
	    "WHERE id = ?", store_int(id)) == 1;
	is_final = store_query_int(s->store, "SELECT is_final FROM score "
	    "WHERE id = ?", store_int(id)) == 1;
	if (is_final)
		srv_family_final(s, r, f);
	if (is_final && srv_state_next(&s->sm, SRV_FINAL_SCORED, 0, NULL,
	    NULL) == 0) {
		f->end = 1;
		f->end_elapsed = clock_elapsed(&s->clock, mono_now());
		f->end_event = json_pack("{ss}", "reason", s->end_reason);
	}
	ended = f->end;
	srv_finish(s, f);

	scratch = xasprintf("%s/scratch/score-%lld", s->dir, (long long)id);
	rm_rf(scratch);
	free(scratch);

	if (ended) {
		srv_session_set_state(s, SRV_FINAL_SCORED, 0);
		return;
	}
	if (is_start && srv_state_next(&s->sm, SRV_START_SCORED, 0, NULL,
	    NULL) == 0)
		srv_start_clock(s);
	srv_session_score_next(s);
}

void
srv_session_score_fail(struct server *s, int64_t id, const char *status,
    const char *reason)
{
	srv_finish(s, srv_finish_create(id, status, reason, srv_session_now(s)));
}

/*
 * Finish every score row still queued or running (WHERE picks which) with
 * status and reason, each sealed by its own score_finished event.
 */
static void
srv_score_fail_all(struct server *s, const char *which, const char *status,
    const char *reason, double elapsed)
{
	json_t	*ids, *row;
	char	*sql, *why;
	size_t	 i;
	int64_t	 id;

	sql = xasprintf("SELECT id, status FROM score WHERE status IN (%s) "
	    "ORDER BY id", which);
	ids = store_query_json(s->store, NULL, sql);
	free(sql);
	json_array_foreach(ids, i, row) {
		id = json_integer_value(json_object_get(row, "id"));
		why = reason != NULL ? xstrdup(reason) : xasprintf(
		    "interrupted: the session server stopped while this "
		    "scoring %s", strcmp(json_string_value(json_object_get(row,
		    "status")), "running") == 0 ? "ran" : "waited");
		srv_finish(s, srv_finish_create(id, status, why, elapsed));
		free(why);
	}
	json_decref(ids);
}

/*
 * Study mode: the scorer is its own user and scores a copy of the
 * checkpointed code, never the work folder: scratch/score-N (the scorer's
 * group, setgid) gets code/, the commit's files, and BASELINER_WORKDIR
 * names it.
 */
static char *
srv_score_study(struct server *s, const char *scratch, const char *commit)
{
	const struct host_conf	*h = host_study();
	struct ckpt		*ck = NULL;
	char			*code, *top, *git, *cause = NULL;

	top = path_join(s->dir, "scratch");
	chmod(top, 0711);
	free(top);
	if (chown(scratch, (uid_t)-1, h->scorer_gid) != 0 ||
	    chmod(scratch, 02770) != 0) {
		log_warn("%s: %s", scratch, strerror(errno));
		return (NULL);
	}
	/* A repository handle of our own: the server's may be in use on
	 * the thread pool (srv_work.c). */
	code = path_join(scratch, "code");
	git = path_join(s->dir, "checkpoints.git");
	if (ckpt_open(git, s->workdir, &ck, &cause) != 0 ||
	    ckpt_restore(ck, commit, code, &cause) != 0) {
		log_warn("copy of %s for the scorer: %s", commit, cause);
		free(cause);
		free(code);
		code = NULL;
	}
	ckpt_close(ck);
	free(git);
	return (code);
}

/*
 * A Task Standard pack's scorings so far, for the driver's score log
 * (aggregate_scores): scratch/score-N/scores.json, which the scorer reads
 * where the store is not its to open (study mode's scorer user).
 */
static void
srv_score_log(struct server *s, const char *scratch)
{
	json_t	*rows;
	char	*path, *cause = NULL;

	rows = store_query_json(s->store, &cause, "SELECT status, raw, "
	    "message, details, requested_wall, finished_wall, "
	    "requested_elapsed FROM score WHERE status IN ('valid', "
	    "'invalid', 'timeout') ORDER BY id");
	if (rows == NULL) {
		log_warn("the score log for the family: %s", cause);
		free(cause);
		return;
	}
	path = path_join(scratch, "scores.json");
	if (json_dump_file(rows, path, JSON_COMPACT) != 0)
		log_warn("%s: cannot write", path);
	free(path);
	json_decref(rows);
}

/*
 * The cgroup of a scoring (scorer.h), by session folder and score. The
 * session id alone is not enough: two homes (two users, two tests) can
 * start sessions of one task in the same second, and the cgroup names are
 * one namespace for the whole host, so the folder's hash is part of it.
 */
static char *
srv_cgroup_name(struct server *s, int64_t id)
{
	uint32_t	 h = 2166136261u;	/* FNV-1a */
	const char	*p;

	for (p = s->dir; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return (xasprintf("baseliner.%s.%08x.score-%lld", s->id, h,
	    (long long)id));
}

/* A scoring that never ran: recorded as if its scorer said so. */
static void
srv_score_fake(struct server *s, enum scorer_status status, char *reason)
{
	struct scorer_result	fake;

	memset(&fake, 0, sizeof fake);
	fake.status = status;
	fake.raw = NAN;
	fake.exit_status = -1;
	fake.reason = reason;
	fake.message = json_pack("{ss}", "reason", reason);
	fake.details = json_object();
	fake.tail = xstrdup("");
	srv_score_done_cb(NULL, &fake, s);
	scorer_result_done(&fake);
}

static void	srv_score_ckpt_cb(struct server *, int64_t, const char *,
		    const char *, void *);

/* Start the next queued scoring: its checkpoint first, off the loop. */
void
srv_session_score_next(struct server *s)
{
	int64_t	 id;
	char	*msg;

	if (s->run != NULL || s->run_score != 0 || s->stopping)
		return;
	id = store_query_int(s->store, "SELECT id FROM score WHERE status = "
	    "'queued' ORDER BY is_final DESC, id LIMIT 1");
	if (id <= 0)
		return;
	s->run_score = id;
	s->run_cancel = NULL;
	msg = xasprintf("for score %lld", (long long)id);
	srv_session_checkpoint(s, "score", msg, 0, "system", srv_score_ckpt_cb, NULL);
	free(msg);
}

/* The scoring's checkpoint is in: run the scorer on it. */
static void
srv_score_ckpt_cb(struct server *s, int64_t ckid, const char *commit,
    const char *ckcause, void *arg)
{
	struct scorer_spec	 spec;
	char			*cause = NULL, when[40], *scratch;
	struct scorer_env_spec	 es;
	char			**env, *cwd, *gpu, *cgroup, *code = NULL;
	int64_t			 id = s->run_score;

	if (s->stopping) {
		/* Left queued: a restarted server records it interrupted. */
		s->run_score = 0;
		return;
	}
	if (s->run_cancel != NULL) {
		srv_score_fake(s, SCORER_CANCELLED, xstrdup(s->run_cancel));
		return;
	}
	if (ckid < 0 || s->task == NULL) {
		srv_score_fake(s, SCORER_ERROR, ckid < 0 ? xasprintf(
		    "checkpoint failed: %s", ckcause ? ckcause : "error") :
		    xstrdup("the task pack is missing on this host"));
		return;
	}
	scratch = xasprintf("%s/scratch/score-%lld", s->dir, (long long)id);
	rm_rf(scratch);
	mkdir_p(scratch, 0700, NULL);
	if (s->study && (code = srv_score_study(s, scratch, commit)) == NULL) {
		free(scratch);
		srv_score_fake(s, SCORER_ERROR, xstrdup("the checkpoint could "
		    "not be copied for the scorer"));
		return;
	}
	if (s->task->ts_family != NULL)
		srv_score_log(s, scratch);
	memset(&es, 0, sizeof es);
	es.task = s->task;
	es.session_dir = s->dir;
	es.workdir = code != NULL ? code : s->workdir;
	es.scratch = scratch;
	es.commit = commit;
	es.session = s->id;
	es.home = home_dir();
	es.gpus = s->gpus;
	es.score_id = id;
	env = scorer_env_create(&es);
	cwd = s->task->ts_family != NULL ? xstrdup(s->task->dir) :
	    path_join(s->task->dir, "scoring");

	memset(&spec, 0, sizeof spec);
	if (s->study) {
		spec.helper = host_study()->spawn;
		spec.helper_id = s->id;
	}
	spec.command = s->task->scorer;
	if (s->task->scorer_final != NULL && store_query_int(s->store,
	    "SELECT is_final FROM score WHERE id = ?", store_int(id)) == 1)
		spec.command = s->task->scorer_final;
	spec.cwd = cwd;
	spec.env = env;
	spec.timeout = s->task->scorer_timeout;
	spec.grace = 5;
	cgroup = srv_cgroup_name(s, id);
	spec.cgroup = cgroup;

	gpu = srv_gpu_text(s);
	srv_session_iso_now(when, sizeof when);
	if (store_exec(s->store, &cause, "UPDATE score SET status = "
	    "'running', started_wall = ?, checkpoint_id = ?, commit_id = ?, "
	    "gpu_state = ? WHERE id = ?", store_text(when), store_int(ckid),
	    store_text(commit), store_text(gpu), store_int(id)) != 0)
		srv_warn_db("score", cause);
	free(gpu);
	if (scorer_start(&s->loop, &spec, srv_score_done_cb, s, &s->run,
	    &cause) != 0) {
		s->run = NULL;
		srv_score_fake(s, SCORER_ERROR, cause);
	} else {
		s->run_started = mono_now();
		store_exec(s->store, NULL, "UPDATE score SET scorer_pid = ? "
		    "WHERE id = ?", store_int(scorer_pid(s->run)),
		    store_int(id));
		server_event(s, "score_started", "system", json_pack(
		    "{sI ss sI}", "id", (json_int_t)id, "commit", commit,
		    "checkpoint", (json_int_t)ckid));
	}
	scorer_env_destroy(env);
	free(cwd);
	free(scratch);
	free(cgroup);
	free(code);
}

/*
 * A scorer outlives a server killed with -9: it runs in its own process
 * group. Before the interrupted score is recorded, that group is ended,
 * but only if its leader is still the scorer of that score (the pid was
 * not reused): its environment names the score.
 */
static void
srv_kill_orphans(struct server *s)
{
	json_t		*rows, *row;
	size_t		 i, len;
	char		*path, *env, *want;
	long long	 pid, id;

	rows = store_query_json(s->store, NULL, "SELECT id, scorer_pid FROM "
	    "score WHERE status = 'running' AND scorer_pid IS NOT NULL");
	json_array_foreach(rows, i, row) {
		id = json_integer_value(json_object_get(row, "id"));
		pid = json_integer_value(json_object_get(row, "scorer_pid"));
		/* Its cgroup, if it had one, holds all it started. */
		path = srv_cgroup_name(s, id);
		if (scorer_cgroup_end(path) != 0)
			log_warn("the cgroup of score %lld is still there", id);
		free(path);
		path = xasprintf("/proc/%lld/environ", pid);
		want = xasprintf("BASELINER_SCORE_ID=%lld", id);
		if (pid > 1 && file_read(path, &env, &len, NULL) == 0) {
			if (memmem(env, len, want, strlen(want) + 1) != NULL) {
				kill(-(pid_t)pid, SIGKILL);
				log_info("ended scorer group %lld left by the "
				    "last server", pid);
			}
			free(env);
		}
		free(want);
		free(path);
	}
	json_decref(rows);
}

int
srv_session_load(struct server *s, int restarted, char **cause)
{
	json_t		*info, *v;
	char		*db, *git, *state, *reason = NULL, *c2 = NULL, *last;
	double		 elapsed, limit, down = 0;
	int64_t		 beat = 0, gone;
	int		 charged;
	const char	*hb;

	db = path_join(s->dir, "session.db");
	if (store_open(db, 0, &s->store, cause) != 0) {
		free(db);
		return (-1);
	}
	free(db);
	info = session_info_json(s->store);
	if (info == NULL)
		return (set_cause(cause, "%s: no session in the database",
		    s->dir));
	state = xstrdup(json_string_value(json_object_get(info, "state")));
	if (strcmp(state, "ended") == 0) {
		set_cause(cause, "session %s has ended",
		    json_string_value(json_object_get(info, "id")));
		free(state);
		json_decref(info);
		return (-1);
	}
	s->id = xstrdup(json_string_value(json_object_get(info, "id")));
	s->task_dir = xstrdup(json_string_value(json_object_get(info,
	    "task_dir")));
	s->participant = xstrdup(json_string_value(json_object_get(info,
	    "participant")));
	s->owner = (uid_t)json_integer_value(json_object_get(info,
	    "owner_uid"));
	/*
	 * A server runs the session's scorer on the owner's code: root must
	 * never be the one running it for someone else (personal mode too).
	 * In study mode only the service user runs servers.
	 */
	if (geteuid() == 0 && s->owner != 0) {
		set_cause(cause, "root does not run the server of uid %u's "
		    "session (its scorer would run their code as root): run "
		    "the command as that user%s", (unsigned)s->owner,
		    host_study() ? " or a proctor" : "");
		free(state);
		json_decref(info);
		return (-1);
	}
	s->study = host_study() != NULL && getuid() == host_study()->uid;
	if (host_study() != NULL && !s->study && getuid() != s->owner) {
		set_cause(cause, "only the service user runs the servers of "
		    "this study host");
		free(state);
		json_decref(info);
		return (-1);
	}
	s->gpus = xstrdup(json_string_value(json_object_get(info, "gpus")));
	norm_dir_parse(json_string_value(json_object_get(info, "direction")),
	    &s->direction);
	norm_agg_parse(json_string_value(json_object_get(info,
	    "aggregation")), &s->aggregation);
	s->hidden = strcmp(json_string_value(json_object_get(info,
	    "visibility")), "hidden") == 0;
	s->y_start = json_number_value(json_object_get(info, "y_start"));
	s->y_ref = json_number_value(json_object_get(info, "y_ref"));
	elapsed = json_number_value(json_object_get(info, "elapsed_s"));
	limit = json_number_value(json_object_get(info, "limit_s"));
	if ((v = json_object_get(info, "end_reason")) != NULL &&
	    json_is_string(v))
		reason = xstrdup(json_string_value(v));
	hb = json_string_value(json_object_get(info, "heartbeat_wall"));
	if (hb != NULL && (beat = wall_parse_iso(hb)) > 0)
		down = (wall_ms() - beat) / 1000.0;
	/*
	 * The holder of the shells saw the last server go, to the
	 * millisecond: its clock ran from the last heartbeat until then, and
	 * the downtime starts there, not at the heartbeat (up to a second
	 * earlier, which would be given to the participant at each crash).
	 */
	gone = s->holder != NULL ? holder_gone_ms(s->holder) : 0;
	if (restarted && hb != NULL && beat > 0 && gone >= beat &&
	    gone - beat < 60 * 1000 && strcmp(state, "running") == 0) {
		elapsed += (gone - beat) / 1000.0;
		down = (wall_ms() - gone) / 1000.0;
	}
	json_decref(info);
	s->workdir = path_join(s->dir, "work");

	if (task_load(s->task_dir, &s->task, &c2) != 0) {
		log_warn("task pack: %s", c2);
		free(c2);
		s->task = NULL;
	}
	git = path_join(s->dir, "checkpoints.git");
	if (ckpt_open(git, s->workdir, &s->ckpt, cause) != 0) {
		free(git);
		free(state);
		free(reason);
		return (-1);
	}
	free(git);
	/* The heartbeat is stored once a second, the timeline as it happens:
	 * resume from the later of the two, so that no event is followed by
	 * one with a smaller elapsed time. */
	if ((last = store_query_text(s->store, "SELECT max(elapsed) FROM "
	    "event")) != NULL) {
		if (strtod(last, NULL) > elapsed)
			elapsed = strtod(last, NULL);
		free(last);
	}
	/*
	 * Study mode: the clock is the server's. The participant's processes
	 * may have gone on while it was down (and killing it is not theirs
	 * to do), so a running clock's downtime counts as work time.
	 */
	charged = restarted && s->study && strcmp(state, "running") == 0 &&
	    down > 0;
	if (charged)
		elapsed += down;
	clock_init(&s->clock, elapsed, limit);
	s->last_auto = elapsed;

	if (restarted) {
		srv_kill_orphans(s);
		srv_score_fail_all(s, "'queued', 'running'", "error", NULL,
		    elapsed);
		server_event(s, "server_restarted", "system", json_pack(
		    "{sf sf sb}", "downtime_s", down, "elapsed", elapsed,
		    "downtime_charged", charged));
	}

	if (reason != NULL) {
		/* It was ending when the server stopped: end it now. */
		s->sm.state = SRV_RUNNING;
		srv_session_end(s, strcmp(reason, "expired") == 0 ? SRV_EXPIRE :
		    strcmp(reason, "submitted") == 0 ? SRV_SUBMIT : SRV_STOP,
		    "system");
		free(reason);
	} else if (strcmp(state, "starting") == 0) {
		s->sm.state = SRV_STARTING;
		if (store_query_int(s->store, "SELECT count(*) FROM score "
		    "WHERE is_start = 1 AND status IN ('valid', 'invalid')") > 0)
			srv_start_clock(s);
		else if (srv_session_score_queue(s, "system", 1, 0, cause) < 0) {
			free(state);
			return (-1);
		}
	} else if (strcmp(state, "paused") == 0) {
		char *by = store_query_text(s->store, "SELECT by FROM pause "
		    "WHERE end_wall IS NULL ORDER BY id DESC LIMIT 1");

		s->sm.state = SRV_PAUSED;
		s->sm.proctor_paused = srv_session_actor_is_proctor(by);
		free(by);
	} else {
		s->sm.state = SRV_RUNNING;
		clock_run(&s->clock, mono_now());
	}
	free(state);
	return (0);
}

static void
srv_auto_ckpt_cb(struct server *s, int64_t id, const char *commit,
    const char *cause, void *arg)
{
	s->auto_pending = 0;
	if (id < 0)
		log_warn("auto checkpoint: %s", cause ? cause : "error");
}

void
srv_session_tick(struct server *s)
{
	static const char *const names[] = { "1 hour", "15 minutes",
	    "5 minutes" };
	double	now = mono_now(), elapsed, idle;
	int	w;
	json_t	*ev;
	static double last_beat;

	if (s->stopping)
		return;
	elapsed = clock_elapsed(&s->clock, now);
	if (s->sm.state == SRV_RUNNING) {
		if ((w = clock_warning_due(&s->clock, now)) >= 0)
			server_event(s, "warning", "system", json_pack(
			    "{sf ss sf}", "remaining", clock_remaining(
			    &s->clock, now), "text", names[w], "threshold",
			    clock_warn_at[w]));
		if (clock_expired(&s->clock, now)) {
			srv_session_end(s, SRV_EXPIRE, "system");
			return;
		}
		if (elapsed - s->last_auto >= 600 && !s->auto_pending) {
			s->last_auto = elapsed;
			s->auto_pending = 1;
			srv_session_checkpoint(s, "auto", NULL, 0, "system",
			    srv_auto_ckpt_cb, NULL);
		}
	}
	if (now - last_beat >= 1.0 || last_beat == 0) {
		last_beat = now;
		if (s->sm.state != SRV_ENDED)
			srv_session_heartbeat(s);
		srv_db_check(s);
		srv_session_head_write(s);
		ev = json_pack("{ss sf sf ss}", "ev", "clock", "elapsed",
		    elapsed, "remaining", clock_remaining(&s->clock, now),
		    "state", srv_state_name(s->sm.state));
		/* How long the panes have been quiet, for the proctor. */
		if ((idle = srv_pane_idle(s)) >= 0)
			json_object_set_new(ev, "idle", json_real(idle));
		server_broadcast(s, ev);
		if (s->run != NULL)
			server_broadcast(s, json_pack("{ss sI sf ss}", "ev",
			    "score.progress", "id", (json_int_t)s->run_score,
			    "seconds", now - s->run_started, "last_line",
			    scorer_last_line(s->run)));
	}
	if (s->sm.state == SRV_ENDED && s->run == NULL &&
	    !srv_work_pending(s) && store_waiting(s->store) == 0) {
		server_stop(s);
		return;
	}
	srv_session_score_next(s);
}

void
srv_session_done(struct server *s)
{
	char	*cgroup;

	if (s->store != NULL && s->sm.state != SRV_ENDED && s->id != NULL)
		srv_session_heartbeat(s);
	srv_session_head_write(s);
	if (s->run != NULL) {
		/* The server stops (a signal): the scoring is interrupted,
		 * as a crash would leave it, and recorded so now, since its
		 * end (killed below) is not its result. */
		srv_session_score_fail(s, s->run_score, "error", "interrupted: the "
		    "session server stopped while this scoring ran");
		s->run_interrupted = 1;
		kill(-(pid_t)scorer_pid(s->run), SIGKILL);
		cgroup = srv_cgroup_name(s, s->run_score);
		scorer_cgroup_end(cgroup);
		free(cgroup);
	}
}

/* The final checkpoint is in: score it. */
static void
srv_final_ckpt_cb(struct server *s, int64_t id, const char *commit,
    const char *ckcause, void *arg)
{
	char	*cause = NULL;

	if (id < 0)
		log_warn("final checkpoint: %s", ckcause ? ckcause : "error");
	if (srv_session_score_queue(s, "system", 0, 1, &cause) < 0)
		srv_warn_db("final score", cause);
	srv_session_score_next(s);
}

/* The end, for in SRV_SUBMIT, SRV_STOP or SRV_EXPIRE; nothing if the
 * session is ending already. */
void
srv_session_end(struct server *s, enum srv_input in, const char *actor)
{
	char		*cause = NULL;
	double		 now = mono_now();
	const char	*reason;

	if (srv_state_step(&s->sm, in, 0) != 0)
		return;
	reason = in == SRV_EXPIRE ? "expired" : in == SRV_SUBMIT ?
	    "submitted" : "stopped";
	clock_stop(&s->clock, now);
	if (s->clock.base > s->clock.limit)
		s->clock.base = s->clock.limit;
	free(s->end_reason);
	s->end_reason = xstrdup(reason);
	if (store_exec(s->store, &cause, "UPDATE session SET end_reason = ?",
	    store_text(reason)) != 0)
		srv_warn_db("end", cause);
	srv_session_heartbeat(s);
	server_event(s, strcmp(reason, "expired") == 0 ? "clock_expire" :
	    "session_ending", actor, json_pack("{ss}", "reason", reason));
	server_broadcast(s, json_pack("{ss ss ss}", "ev", "state", "state",
	    "ending", "reason", reason));
	server_session_ended(s);

	/* Nothing asked for before the end is scored after it. */
	srv_score_fail_all(s, "'queued'", "cancelled", "the session ended "
	    "first", srv_session_now(s));
	if (s->run != NULL)
		scorer_cancel(s->run);
	else if (s->run_score != 0)	/* its checkpoint is being taken */
		s->run_cancel = "the session ended first";
	srv_session_checkpoint(s, "final", reason, 1, actor, srv_final_ckpt_cb, NULL);
}
