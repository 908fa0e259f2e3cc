/*
 * srv_work.c: slow work off the loop. Checkpoints, diffs and restores read
 * and write the whole work tree (a 450 MB tree takes seconds); run on the
 * loop thread they would stall every client, pane and the clock's tick.
 * Here each is a job: its work runs on libuv's thread pool (uv_queue_work)
 * and its done callback runs back on the loop thread, where the store,
 * the clients and the session's state live.
 *
 * Jobs run one at a time, in the order they were queued: they share the
 * session's checkpoint repository, which libgit2 does not let two threads
 * use at once, and a checkpoint asked for before another must be committed
 * before it. A job's work touches only what the job carries and the
 * repository, never the server's state. The loop keeps running until every
 * queued job is done, also when the server stops, so a final checkpoint is
 * never lost to a shutdown.
 */
#include "config.h"

#include <stdlib.h>

#include "server_int.h"

struct srv_job {
	uv_work_t		 req;
	struct server		*s;
	void			(*work)(void *);
	void			(*done)(struct server *, void *);
	void			*arg;
	TAILQ_ENTRY(srv_job)	 entry;
};

static void	srv_work_next(struct server *);

static void
srv_work_cb(uv_work_t *req)
{
	struct srv_job	*j = req->data;

	j->work(j->arg);
}

static void
srv_work_after_cb(uv_work_t *req, int status)
{
	struct srv_job	*j = req->data;
	struct server	*s = j->s;

	TAILQ_REMOVE(&s->jobs, j, entry);
	s->job_running = 0;
	j->done(s, j->arg);
	free(j);
	srv_work_next(s);
}

static void
srv_work_next(struct server *s)
{
	struct srv_job	*j;

	if (s->job_running || (j = TAILQ_FIRST(&s->jobs)) == NULL)
		return;
	s->job_running = 1;
	j->req.data = j;
	if (uv_queue_work(&s->loop, &j->req, srv_work_cb,
	    srv_work_after_cb) != 0)
		fatalx("cannot queue work on the thread pool");
}

void
srv_work_queue(struct server *s, void (*work)(void *),
    void (*done)(struct server *, void *), void *arg)
{
	struct srv_job	*j;

	j = xcalloc(1, sizeof *j);
	j->s = s;
	j->work = work;
	j->done = done;
	j->arg = arg;
	TAILQ_INSERT_TAIL(&s->jobs, j, entry);
	srv_work_next(s);
}

int
srv_work_pending(struct server *s)
{
	return (!TAILQ_EMPTY(&s->jobs));
}
