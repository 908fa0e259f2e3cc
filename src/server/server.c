/*
 * server.c: the session server's process: one libuv loop that serves
 * control.sock, reads requests line by line, looks each command up in the
 * modules' tables, checks the caller's role (from the kernel, SO_PEERCRED,
 * never from what the client says) and sends the reply. The session logic
 * itself is in srv_session.c; shells are the panes module's.
 *
 * The server holds an exclusive flock on server.lock for its lifetime, so
 * two servers never own one session; a stale control.sock left by a killed
 * server is removed only once the lock is held.
 */
#include "config.h"

#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chain.h"
#include "crash.h"
#include "ctl_request.h"
#include "holder.h"
#include "server_int.h"

#define CLIENT_LINE_MAX		(16 << 20)
#define CLIENT_BACKLOG_MAX	(64 << 20)

/* Every module of the server, by id; walked in this order. */
static const struct server_module *const server_modules[] = {
	[SRV_MOD_GPU] = &srv_gpu_module,
	[SRV_MOD_PANE] = &srv_pane_module,
	[SRV_NMODULES] = NULL
};

uv_loop_t *
server_loop(struct server *s)
{
	return (&s->loop);
}

struct store *
server_store(struct server *s)
{
	return (s->store);
}

struct holder *
server_holder(struct server *s)
{
	return (s->holder);
}

/* Open (or start) the holder of the shells; NULL on failure, said. */
static struct holder *
srv_holder_open(struct server *s)
{
	struct holder	*h;
	char		*cause = NULL;

	if (holder_open(&s->loop, s->dir, &h, &cause) != 0) {
		log_warn("no holder for the shells (%s): they will end with "
		    "this server", cause);
		free(cause);
		return (NULL);
	}
	if (holder_child(h) > 0)
		scorer_spare(holder_child(h), 1);
	return (h);
}

/* The holder was killed: a new one for the shells opened from now on
 * (those of the old one run on, orphaned, with this server). */
void
server_holder_renew(struct server *s)
{
	struct holder	*h;

	if ((h = srv_holder_open(s)) == NULL)
		return;
	holder_set_hooks(h, NULL, NULL);
	holder_close(s->holder);
	s->holder = h;
	log_info("a new holder for the shells");
}

const char *
server_session_id(struct server *s)
{
	return (s->id);
}

const char *
server_session_dir(struct server *s)
{
	return (s->dir);
}

const char *
server_id(struct server *s)
{
	return (s->id);
}

int
server_paused(struct server *s)
{
	return (s->sm.state == SRV_PAUSED);
}

int
server_study(struct server *s)
{
	return (s->study);
}

const char *
server_workdir(struct server *s)
{
	return (s->workdir);
}

const char *
server_task_dir(struct server *s)
{
	return (s->task_dir);
}

int
server_ended(struct server *s)
{
	return (s->sm.state == SRV_ENDED || s->sm.state == SRV_ENDING);
}

double
server_elapsed(struct server *s)
{
	return (clock_elapsed(&s->clock, mono_now()));
}

void *
server_get_data(struct server *s, enum srv_module_id id)
{
	return (s->mod[id]);
}

void
server_set_data(struct server *s, enum srv_module_id id, void *data)
{
	s->mod[id] = data;
}

void *
server_client_get_data(struct client *c, enum srv_module_id id)
{
	return (c->mod[id]);
}

void
server_client_set_data(struct client *c, enum srv_module_id id, void *data)
{
	c->mod[id] = data;
}

int
server_client_role(struct client *c)
{
	return (c->role);
}

int
server_client_roles(struct client *c)
{
	return (c->read_only ? CTL_VIEWER : c->role);
}

int
server_client_read_only(struct client *c)
{
	return (c->read_only);
}

const char *
server_client_actor(struct client *c)
{
	return (c->actor);
}

int
server_client_subscribed(struct client *c)
{
	return (c->subscribed);
}

void
server_client_subscribe(struct client *c, int read_only)
{
	c->subscribed = 1;
	if (read_only)
		c->read_only = 1;
}

char **
server_child_env(struct server *s)
{
	char		**env;
	int		  n, i, j = 0;
	static const char *const drop[] = {
		"BASELINER_SESSION=", "CUDA_VISIBLE_DEVICES=", "TMUX=",
		"TMUX_PANE=", "BASELINER_WORKDIR=", "BL_DATA="
	};

	for (n = 0; environ[n] != NULL; n++)
		;
	env = xcalloc(n + 8, sizeof *env);
	for (i = 0; i < n; i++) {
		size_t k;
		for (k = 0; k < nitems(drop); k++) {
			if (strncmp(environ[i], drop[k], strlen(drop[k])) == 0)
				break;
		}
		if (k == nitems(drop))
			env[j++] = xstrdup(environ[i]);
	}
	env[j++] = xasprintf("BASELINER_SESSION=%s", s->id);
	env[j++] = xasprintf("BASELINER_HOME=%s", home_dir());
	env[j++] = xasprintf("BASELINER_WORKDIR=%s", s->workdir);
	/* No GPU assigned means none visible, not all of them. */
	env[j++] = xasprintf("CUDA_VISIBLE_DEVICES=%s", s->gpus);
	/* A pack's assets for the participant (public/), as its brief says. */
	if (s->task != NULL && s->task->nassets > 0) {
		char *dir = task_assets_dir(s->task);

		env[j++] = xasprintf("BL_DATA=%s/public", dir);
		free(dir);
	}
	env[j] = NULL;
	return (env);
}

void
server_env_destroy(char **env)
{
	int	i;

	for (i = 0; env != NULL && env[i] != NULL; i++)
		free(env[i]);
	free(env);
}

/* Writing to clients. */

struct wreq {
	uv_write_t	 req;
	struct client	*c;
	char		*data;
	size_t		 len;
};

static void client_drop(struct client *);

/*
 * A client that has half-closed its socket (shutdown SHUT_WR: it has sent
 * all it will) still gets every reply it is owed: it goes once nothing is
 * queued for it and no deferred reply (score --wait) is outstanding.
 */
static void
client_maybe_close(struct client *c)
{
	if (c->eof && !c->dead && c->pending == 0 && c->deferred == 0)
		client_drop(c);
}

static void
server_write_cb(uv_write_t *req, int status)
{
	struct wreq	*w = (struct wreq *)req;

	w->c->pending -= w->len;
	if (status != 0)
		client_drop(w->c);
	else
		client_maybe_close(w->c);
	server_client_unref(w->c);
	free(w->data);
	free(w);
}

void
server_send(struct client *c, json_t *obj)
{
	struct wreq	*w;
	uv_buf_t	 b;
	char		*text, *why;

	if (c->dead) {
		json_decref(obj);
		return;
	}
	text = ctl_encode(obj, &why);
	json_decref(obj);
	if (why != NULL) {
		log_warn("client %s: %s%s", c->actor, why, text != NULL ?
		    "; answered with an error" : "; not sent");
		free(why);
	}
	if (text == NULL)
		return;
	if (c->pending > CLIENT_BACKLOG_MAX) {
		/* A client that reads nothing is not allowed to hold the
		 * server's memory hostage. */
		log_warn("client %s is not reading; dropped", c->actor);
		free(text);
		client_drop(c);
		return;
	}
	w = xcalloc(1, sizeof *w);
	w->len = strlen(text) + 1;
	w->data = xrealloc(text, w->len + 1);
	w->data[w->len - 1] = '\n';
	w->c = c;
	server_client_ref(c);
	c->pending += w->len;
	b = uv_buf_init(w->data, w->len);
	if (uv_write(&w->req, (uv_stream_t *)&c->pipe, &b, 1,
	    server_write_cb) != 0) {
		c->pending -= w->len;
		server_client_unref(c);
		free(w->data);
		free(w);
		client_drop(c);
	}
}

size_t
server_client_backlog(struct client *c)
{
	return (c->pending);
}

void
server_broadcast(struct server *s, json_t *obj)
{
	struct client	*c;

	TAILQ_FOREACH(c, &s->clients, entry) {
		if (c->subscribed && !c->dead)
			server_send(c, json_incref(obj));
	}
	json_decref(obj);
}

/*
 * An event is one write of the store's kind that must not be lost
 * (store_write): when the database refuses it (a full disk), it is kept
 * with its own time and chained into the timeline once it can be, and the
 * clients get it now all the same, with seq -1.
 */
struct server_ev {
	int64_t		 wall;
	double		 elapsed;
	char		*kind;
	char		*actor;
	json_t		*data;
	int64_t		 seq;
};

static int
server_event_write_cb(struct store *st, void *arg, char **cause)
{
	struct server_ev	*ev = arg;

	ev->seq = chain_event(st, ev->wall, ev->elapsed, ev->kind, ev->actor,
	    json_incref(ev->data), cause);
	return (ev->seq < 0 ? -1 : 0);
}

static void
server_event_free(void *arg)
{
	struct server_ev	*ev = arg;

	free(ev->kind);
	free(ev->actor);
	json_decref(ev->data);
	free(ev);
}

void
server_event_send(struct server *s, const char *kind, const char *actor,
    json_t *data, int64_t seq, double elapsed)
{
	if (data == NULL)
		data = json_object();
	server_broadcast(s, json_pack("{ss sI sf ss so}", "ev", kind, "seq",
	    (json_int_t)seq, "elapsed", elapsed, "actor", actor ? actor :
	    "system", "data", data));
}

void
server_event(struct server *s, const char *kind, const char *actor,
    json_t *data)
{
	struct server_ev	*ev;
	char			*cause = NULL;
	int64_t			 seq = -1;
	int			 rc;

	ev = xcalloc(1, sizeof *ev);
	ev->wall = wall_ms();
	ev->elapsed = server_elapsed(s);
	ev->kind = xstrdup(kind);
	ev->actor = actor != NULL ? xstrdup(actor) : NULL;
	ev->data = data != NULL ? data : json_object();
	json_incref(ev->data);
	rc = store_write(s->store, server_event_write_cb, ev,
	    server_event_free, &cause);
	if (rc < 0) {
		log_warn("event %s not stored: %s", kind, cause);
		free(cause);
	}
	if (rc == 0) {
		seq = ev->seq;
		srv_session_head_write(s);
	}
	server_event_send(s, kind, actor, ev->data, seq, ev->elapsed);
	if (rc != 1)
		server_event_free(ev);
}

/* Clients. */

void
server_client_ref(struct client *c)
{
	c->refs++;
}

static void
client_close_cb(uv_handle_t *h)
{
	server_client_unref(h->data);
}

void
server_client_unref(struct client *c)
{
	if (--c->refs > 0)
		return;
	buf_done(&c->in);
	free(c);
}

static void
client_drop(struct client *c)
{
	struct server			*s = c->srv;
	const struct server_module	*const *m;
	struct server_pending		*p, *next;

	if (c->dead)
		return;
	c->dead = 1;
	TAILQ_REMOVE(&s->clients, c, entry);
	for (m = server_modules; *m != NULL; m++) {
		if ((*m)->client_gone != NULL)
			(*m)->client_gone(s, c);
	}
	TAILQ_FOREACH_SAFE(p, &s->waiters, entry, next) {
		if (p->c == c)
			server_reply_later(p, NULL, "client went away");
	}
	if (c->subscribed)
		log_info("client %s detached", c->actor);
	uv_close((uv_handle_t *)&c->pipe, client_close_cb);
}

static void
reply(struct client *c, json_t *id, json_t *result, const char *error)
{
	server_send(c, ctl_reply_json(id, result, error));
}

/* Set by a deferring command so dispatch knows not to reply now. */
static struct server_pending *dispatch_deferred;

struct server_pending *
server_defer(struct client *c)
{
	struct server_pending	*p;

	p = xcalloc(1, sizeof *p);
	p->c = c;
	server_client_ref(c);
	c->deferred++;
	dispatch_deferred = p;
	return (p);
}

void
server_reply_later(struct server_pending *p, json_t *result, const char *error)
{
	struct server	*s = p->c->srv;

	if (p->score_id != 0)
		TAILQ_REMOVE(&s->waiters, p, entry);
	reply(p->c, p->id, result, error);
	p->c->deferred--;
	client_maybe_close(p->c);
	server_client_unref(p->c);
	json_decref(p->id);
	free(p);
}

static void
client_dispatch(struct client *c, const char *line)
{
	struct server		*s = c->srv;
	const struct ctl_entry	*e;
	struct ctl_request	 rq;
	json_t			*id, *args, *result = NULL;
	char			*cause = NULL, actor[sizeof c->actor];
	int			 rc, as_proctor;

	if (ctl_request_parse(line, strlen(line), &rq, &cause) != 0) {
		reply(c, rq.id, NULL, cause);
		free(cause);
		ctl_request_done(&rq);
		return;
	}
	id = rq.id;
	args = rq.args;
	e = rq.entry;
	if (ctl_permit(e, server_client_roles(c), !s->study, server_ended(s), s->id,
	    &cause) != 0) {
		reply(c, id, NULL, cause);
		free(cause);
	} else {
		if (args == NULL)
			args = json_object();
		else
			json_incref(args);
		dispatch_deferred = NULL;
		/* A proctor's action is the proctor's, also when the
		 * proctor owns the session: the timeline says who did it. */
		as_proctor = (c->role & CTL_PROCTOR) &&
		    (c->role & CTL_PARTICIPANT) &&
		    !(e->allow & CTL_PARTICIPANT);
		if (as_proctor) {
			memcpy(actor, c->actor, sizeof actor);
			snprintf(c->actor, sizeof c->actor, "proctor:%u",
			    (unsigned)c->uid);
		}
		rc = e->fn(s, c, args, &result, &cause);
		if (as_proctor)
			memcpy(c->actor, actor, sizeof actor);
		json_decref(args);
		if (rc == 1 && dispatch_deferred != NULL)
			dispatch_deferred->id = json_incref(id ? id :
			    json_null());
		else if (rc == 0)
			reply(c, id, result, NULL);
		else {
			reply(c, id, NULL, cause ? cause : "failed");
			json_decref(result);
		}
		free(cause);
	}
	ctl_request_done(&rq);
}

static void
client_alloc_cb(uv_handle_t *h, size_t hint, uv_buf_t *b)
{
	static char	slab[65536];

	b->base = slab;
	b->len = sizeof slab;
}

static void
client_read_cb(uv_stream_t *st, ssize_t n, const uv_buf_t *b)
{
	struct client	*c = st->data;
	char		*nl;
	size_t		 len;

	if (n == UV_EOF && !c->eof) {
		/* Half-closed, or gone: a last line without its newline is
		 * still a request; what is owed is sent before we close. */
		c->eof = 1;
		uv_read_stop(st);
		server_client_ref(c);
		if (c->in.len > 0) {
			buf_add(&c->in, "", 1);
			if (c->in.data[0] != '\0')
				client_dispatch(c, c->in.data);
			if (!c->dead)
				buf_drain(&c->in, c->in.len);
		}
		client_maybe_close(c);
		server_client_unref(c);
		return;
	}
	if (n < 0) {
		client_drop(c);
		return;
	}
	buf_add(&c->in, b->base, n);
	server_client_ref(c);
	while (!c->dead && c->in.len > 0 &&
	    (nl = memchr(c->in.data, '\n', c->in.len)) != NULL) {
		*nl = '\0';
		len = nl - c->in.data + 1;
		if (nl != c->in.data)
			client_dispatch(c, c->in.data);
		if (!c->dead)
			buf_drain(&c->in, len);
	}
	if (!c->dead && c->in.len > CLIENT_LINE_MAX) {
		log_warn("client %s sent a line over %d bytes", c->actor,
		    CLIENT_LINE_MAX);
		client_drop(c);
	}
	server_client_unref(c);
}

static void
server_connection_cb(uv_stream_t *l, int status)
{
	struct server	*s = l->data;
	struct client	*c;
	struct ucred	 cred;
	socklen_t	 len = sizeof cred;
	uv_os_fd_t	 fd;

	if (status != 0)
		return;
	c = xcalloc(1, sizeof *c);
	c->srv = s;
	c->refs = 1;
	buf_init(&c->in);
	uv_pipe_init(&s->loop, &c->pipe, 0);
	c->pipe.data = c;
	if (uv_accept(l, (uv_stream_t *)&c->pipe) != 0 ||
	    uv_fileno((uv_handle_t *)&c->pipe, &fd) != 0 ||
	    getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
		uv_close((uv_handle_t *)&c->pipe, client_close_cb);
		return;
	}
	c->uid = cred.uid;
	c->role = ctl_roles(cred.uid, s->owner, ctl_uid_is_proctor(cred.uid),
	    0);
	if (c->role == 0) {
		/* Someone the socket's mode let in but who is neither. */
		uv_close((uv_handle_t *)&c->pipe, client_close_cb);
		return;
	}
	if (c->role & CTL_PARTICIPANT)
		snprintf(c->actor, sizeof c->actor, "participant");
	else
		snprintf(c->actor, sizeof c->actor, "proctor:%u",
		    (unsigned)cred.uid);
	TAILQ_INSERT_TAIL(&s->clients, c, entry);
	uv_read_start((uv_stream_t *)&c->pipe, client_alloc_cb,
	    client_read_cb);
}

static void
server_tick_cb(uv_timer_t *t)
{
	srv_session_tick(t->data);
}

static void
server_signal_cb(uv_signal_t *sig, int signum)
{
	struct server	*s = sig->data;

	log_info("signal %d: stopping (the session goes on at the next "
	    "command)", signum);
	server_stop(s);
}

static void
server_walk_close_cb(uv_handle_t *h, void *arg)
{
	if (!uv_is_closing(h))
		uv_close(h, NULL);
}

void
server_stop(struct server *s)
{
	struct client			*c, *next;
	const struct server_module	*const *m;

	if (s->stopping)
		return;
	s->stopping = 1;
	srv_session_done(s);
	TAILQ_FOREACH_SAFE(c, &s->clients, entry, next)
		client_drop(c);
	for (m = server_modules; *m != NULL; m++) {
		if ((*m)->done != NULL)
			(*m)->done(s);
	}
	/* The panes module has quit the holder if the session is over;
	 * else the shells stay with it for the next server. */
	holder_close(s->holder);
	s->holder = NULL;
	uv_close((uv_handle_t *)&s->listener, NULL);
	uv_close((uv_handle_t *)&s->tick, NULL);
	uv_close((uv_handle_t *)&s->sigterm, NULL);
	uv_close((uv_handle_t *)&s->sigint, NULL);
	unlink(s->sockpath);
}

/* Called by srv_session.c when the session has ended for good. */
void
server_session_ended(struct server *s)
{
	const struct server_module	*const *m;

	for (m = server_modules; *m != NULL; m++) {
		if ((*m)->session_ended != NULL)
			(*m)->session_ended(s);
	}
}

static void
ready(int fd, const char *msg)
{
	if (fd < 0)
		return;
	if (write(fd, msg, strlen(msg)) == -1)
		log_warn("cannot report readiness: %s", strerror(errno));
	close(fd);
}

/*
 * Study mode: leave the store in rollback-journal mode when the server
 * goes, so that proctors, who may read it but not write its folder, can
 * open it read-only (WAL needs a -shm file a reader may have to create).
 * The next server sets WAL again.
 */
static void
server_settle_store(const char *dir)
{
	struct store	*st;
	char		*db, *mode;

	db = path_join(dir, "session.db");
	if (store_open(db, 0, &st, NULL) == 0) {
		mode = store_query_text(st, "PRAGMA journal_mode = DELETE");
		free(mode);
		store_close(st);
	}
	free(db);
}

int
server_run(const char *dir, int restarted, int ready_fd)
{
	struct server			 srv, *s = &srv;
	const struct server_module	*const *m;
	char				*lock, *path, *cause = NULL, *msg;
	int				 rc;

	/* Nothing we start (the holder, shells, scorers) may keep the pipe
	 * our starter waits on open. */
	if (ready_fd >= 0)
		fcntl(ready_fd, F_SETFD, FD_CLOEXEC);
	memset(s, 0, sizeof *s);
	TAILQ_INIT(&s->clients);
	TAILQ_INIT(&s->waiters);
	TAILQ_INIT(&s->jobs);
	s->dir = xstrdup(dir);
	s->lockfd = -1;
	s->sockpath = path_join(dir, "control.sock");
	path = path_join(dir, "server.log");
	log_open(path);
	/* Standard error (a sanitizer's report) and a crash's backtrace
	 * go to the log too. */
	crash_init(path);
	free(path);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGHUP, SIG_IGN);

	lock = path_join(dir, "server.lock");
	s->lockfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	free(lock);
	if (s->lockfd == -1 || flock(s->lockfd, LOCK_EX | LOCK_NB) != 0) {
		ready(ready_fd, "another server already runs this session\n");
		return (1);
	}
	uv_loop_init(&s->loop);
	/*
	 * The holder first: it keeps the shells of the last server, and
	 * knows when that server died. With it, no shell is our child, so
	 * we can be the subreaper that catches what a scorer orphans.
	 */
	if ((s->holder = srv_holder_open(s)) != NULL)
		scorer_subreaper();
	if (srv_session_load(s, restarted, &cause) != 0)
		goto fail;
	for (m = server_modules; *m != NULL; m++) {
		if ((*m)->init != NULL && (*m)->init(s, &cause) != 0)
			goto fail;
	}

	unlink(s->sockpath);
	uv_pipe_init(&s->loop, &s->listener, 0);
	s->listener.data = s;
	if ((rc = uv_pipe_bind(&s->listener, s->sockpath)) != 0 ||
	    (rc = uv_listen((uv_stream_t *)&s->listener, 64,
	    server_connection_cb)) != 0) {
		set_cause(&cause, "%s: %s", s->sockpath, uv_strerror(rc));
		goto fail;
	}
	/* Study mode: anyone may knock; SO_PEERCRED decides who gets in
	 * (the owner, the proctors), everyone else is closed on. */
	chmod(s->sockpath, s->study ? 0666 : 0600);

	uv_timer_init(&s->loop, &s->tick);
	s->tick.data = s;
	uv_timer_start(&s->tick, server_tick_cb, 250, 250);
	uv_signal_init(&s->loop, &s->sigterm);
	uv_signal_init(&s->loop, &s->sigint);
	s->sigterm.data = s->sigint.data = s;
	uv_signal_start(&s->sigterm, server_signal_cb, SIGTERM);
	uv_signal_start(&s->sigint, server_signal_cb, SIGINT);

	log_info("server for %s ready%s", s->id, restarted ? " (restarted)" :
	    "");
	ready(ready_fd, "ok\n");
	srv_session_tick(s);
	uv_run(&s->loop, UV_RUN_DEFAULT);
	uv_walk(&s->loop, server_walk_close_cb, NULL);
	uv_run(&s->loop, UV_RUN_DEFAULT);
	uv_loop_close(&s->loop);
	log_info("server for %s exits", s->id);
	rc = 0;
	goto out;
fail:
	msg = xasprintf("%s\n", cause ? cause : "server failed to start");
	log_warn("%s", cause ? cause : "server failed to start");
	ready(ready_fd, msg);
	free(msg);
	free(cause);
	srv_session_done(s);
	holder_close(s->holder);
	s->holder = NULL;
	uv_walk(&s->loop, server_walk_close_cb, NULL);
	uv_run(&s->loop, UV_RUN_DEFAULT);
	uv_loop_close(&s->loop);
	rc = 1;
out:
	store_close(s->store);
	if (s->study)
		server_settle_store(s->dir);
	ckpt_close(s->ckpt);
	task_destroy(s->task);
	free(s->id);
	free(s->dir);
	free(s->workdir);
	free(s->sockpath);
	free(s->task_dir);
	free(s->participant);
	free(s->gpus);
	free(s->end_reason);
	free(s->beat_trouble);
	free(s->db_trouble);
	close(s->lockfd);
	log_close();
	return (rc);
}

