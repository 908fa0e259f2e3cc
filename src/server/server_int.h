/*
 * server_int.h: the server's own state, shared by server.c (process,
 * socket, clients, dispatch) and srv_session.c (clock, scoring queue,
 * checkpoints, the end of a session). Nothing outside the server uses it.
 */
#ifndef BASELINER_SERVER_INT_H
#define BASELINER_SERVER_INT_H

#include <sys/types.h>

#include "ckpt.h"
#include "clock.h"
#include "ctl.h"
#include "norm.h"
#include "queue.h"
#include "scorer.h"
#include "server.h"
#include "srv_state.h"
#include "store.h"
#include "task.h"
#include "util.h"


struct client {
	struct server		*srv;
	uv_pipe_t		 pipe;
	struct buf		 in;
	uid_t			 uid;
	int			 role;
	int			 read_only;
	int			 subscribed;
	int			 dead;
	int			 eof;		/* half-closed: replies still go */
	int			 deferred;	/* replies owed (server_defer) */
	int			 refs;
	size_t			 pending;	/* bytes written, not yet sent */
	char			 actor[32];
	void			*mod[SRV_NMODULES]; /* each module's */
	TAILQ_ENTRY(client)	 entry;
};
TAILQ_HEAD(clients, client);

struct server_pending {
	struct client		*c;
	json_t			*id;
	int64_t			 score_id;	/* waiting for this score */
	TAILQ_ENTRY(server_pending) entry;
};
TAILQ_HEAD(pendings, server_pending);

struct srv_job;
TAILQ_HEAD(srv_jobs, srv_job);

struct server {
	uv_loop_t		 loop;
	char			*id;
	char			*dir;
	char			*workdir;
	char			*sockpath;
	int			 lockfd;

	struct store		*store;
	struct holder		*holder;	/* of the shells, or NULL */
	struct ckpt		*ckpt;
	struct task		*task;		/* NULL if the pack is gone */
	char			*task_dir;
	char			*participant;
	uid_t			 owner;
	char			*gpus;
	enum norm_dir		 direction;
	enum norm_agg		 aggregation;
	int			 hidden;
	int			 study;		/* study mode (issue 10); else
						   personal mode */
	double			 y_start, y_ref;

	struct srv_machine	 sm;		/* srv_state.h */
	struct clock		 clock;
	double			 last_auto;	/* elapsed of the last auto ckpt */
	char			*end_reason;
	int			 final_score;	/* the final scoring is queued */
	char			*beat_trouble;	/* the heartbeat's failure */
	char			*db_trouble;	/* what the clients were told */
	double			 db_trouble_since; /* mono time */
	int64_t			 head_seq;	/* last seq in head.json */
	int			 head_trouble;	/* its write failed (said) */

	uv_pipe_t		 listener;
	uv_timer_t		 tick;
	uv_signal_t		 sigterm;
	uv_signal_t		 sigint;
	int			 stopping;

	struct clients		 clients;
	struct pendings		 waiters;	/* score --wait */

	struct srv_jobs		 jobs;		/* srv_work.c, one at a time */
	int			 job_running;

	struct scorer_run	*run;
	int64_t			 run_score;	/* score id being run, or its
						   checkpoint being taken */
	const char		*run_cancel;	/* why it will not run */
	int			 auto_pending;	/* an auto checkpoint runs */
	int			 run_interrupted; /* recorded as such */
	double			 run_started;

	void			*mod[SRV_NMODULES]; /* each module's */
};

/* srv_session.c */
int	 srv_session_load(struct server *, int restarted, char **);
/* Write the chain's signed head (chain.h) to head.json if it moved. */
void	 srv_session_head_write(struct server *);
/* ... and what the commands (srv_cmd.c) ask of it. */
typedef void (*srv_ckpt_cb)(struct server *, int64_t id, const char *commit,
    const char *cause, void *);
/* Commit a checkpoint off the loop; cb(id or -1, commit, cause) after. */
void	 srv_session_checkpoint(struct server *, const char *trigger,
	     const char *message, int force, const char *actor, srv_ckpt_cb,
	     void *);
int64_t	 srv_session_score_queue(struct server *, const char *by, int is_start,
	     int is_final, char **);
void	 srv_session_score_next(struct server *);
void	 srv_session_score_fail(struct server *, int64_t, const char *status,
	     const char *reason);
/* The end, for SRV_SUBMIT, SRV_STOP or SRV_EXPIRE. */
void	 srv_session_end(struct server *, enum srv_input, const char *actor);
void	 srv_session_heartbeat(struct server *);
/* The database's trouble for the status (writes kept), or NULL. */
json_t	*srv_session_db_json(struct server *);
/* Step the state machine, store the state, tell the clients. */
int	 srv_session_set_state(struct server *, enum srv_input, int by_proctor);
/* May a caller of these roles see hidden scores now? */
int	 srv_session_show_hidden(struct server *, int role);
int	 srv_session_actor_is_proctor(const char *);
void	 srv_session_iso_now(char *, size_t);
void	 srv_session_tick(struct server *);
void	 srv_session_done(struct server *);
double	 srv_session_now(struct server *);

/*
 * The server's modules, in the one table server.c walks (server_modules,
 * indexed by enum srv_module_id): each keeps its state in the slot of its
 * id (server_get_data), per server and per client.
 */
/* srv_pane.c: the shells. */
extern const struct server_module srv_pane_module;
/* srv_gpu.c: the last telemetry of the session's GPUs (NULL: no GPU). */
extern const struct server_module srv_gpu_module;
json_t	*srv_gpu_json(struct server *);
char	*srv_gpu_text(struct server *);

/* srv_work.c: run work(arg) on the thread pool, then done(s, arg) on the
 * loop; jobs run one at a time, in order. */
void	 srv_work_queue(struct server *, void (*work)(void *),
	     void (*done)(struct server *, void *), void *);
int	 srv_work_pending(struct server *);

/* server.c */
void	 server_session_ended(struct server *);	/* for good */
void	 server_stop(struct server *);
void	 server_client_ref(struct client *);
void	 server_client_unref(struct client *);

#endif
