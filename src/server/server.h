/*
 * server.h: the session server, one daemon per session. It owns the clock,
 * the store, the checkpoints, the scorer queue and the shells, and serves
 * clients on control.sock with newline-delimited JSON.
 *
 * Requests:  {"id": N, "cmd": "NAME", "args": {...}}
 * Replies:   {"id": N, "ok": true, "result": {...}}
 *            {"id": N, "ok": false, "error": "sentence"}
 * Events:    {"ev": "NAME", ...}   pushed to clients that subscribed
 *            ("subscribe" or "attach"), in the order they happened.
 *
 * Every command is an entry of ctl_table (ctl.h, ctl_table.c). A module is
 * one entry of the server's table of modules (server.c, by its enum
 * srv_module_id); it keeps per-server state in its slot with
 * server_set_data/server_get_data and per-client state with
 * server_client_set_data/server_client_get_data, and is told of clients
 * going away through the hooks in struct server_module.
 */
#ifndef BASELINER_SERVER_H
#define BASELINER_SERVER_H

#include <jansson.h>
#include <uv.h>

struct server;
struct client;
struct store;
struct holder;

/* The server's modules: each has one slot of data per server and per
 * client, by its id. */
enum srv_module_id {
	SRV_MOD_GPU,
	SRV_MOD_PANE,
	SRV_NMODULES
};

/* A part of the server with its own state (panes, gpu); its commands are
 * in ctl_table. */
struct server_module {
	enum srv_module_id id;
	const char	*name;
	int		(*init)(struct server *, char **);	/* after the store opens */
	void		(*client_gone)(struct server *, struct client *);
	void		(*session_ended)(struct server *);	/* stop shells etc. */
	void		(*done)(struct server *);		/* before the loop closes */
};

/* A command that answers later (ctl.h): server_defer keeps the request
 * being dispatched, server_reply_later answers it once and frees it. */
struct server_pending;
struct server_pending *server_defer(struct client *);
void		 server_reply_later(struct server_pending *, json_t *result,
		     const char *error);

uv_loop_t	*server_loop(struct server *);
struct store	*server_store(struct server *);
/* The holder of the shells (holder.h), NULL if it could not be had. */
struct holder	*server_holder(struct server *);
/* The holder was killed: start a new one for the shells opened next. */
void		 server_holder_renew(struct server *);
const char	*server_session_id(struct server *);
const char	*server_session_dir(struct server *);
const char	*server_workdir(struct server *);
/* Study mode: this server is the service user's (host.h). */
int		 server_study(struct server *);
const char	*server_id(struct server *);
/* Is the clock paused? */
int		 server_paused(struct server *);
/* Study mode: STOP or CONT everything run in the panes (srv_pane.c). */
void		 srv_pane_signal_all(struct server *, int sig);
const char	*server_task_dir(struct server *);
int		 server_ended(struct server *);
double		 server_elapsed(struct server *);	/* clock, seconds */
/* The environment for shells and scorers: BASELINER_SESSION, ...; free
 * with server_env_destroy. */
char		**server_child_env(struct server *);
void		 server_env_destroy(char **);

/* Append an event to the timeline and push it to subscribers. Steals data.
 * If the database refuses it for now (a full disk), it is kept and stored
 * later (store_write); subscribers get it at once, with seq -1. */
void		 server_event(struct server *, const char *kind,
		     const char *actor, json_t *data);
/* Only push an event stored otherwise (seq -1: not stored yet). Steals. */
void		 server_event_send(struct server *, const char *kind,
		     const char *actor, json_t *data, int64_t seq,
		     double elapsed);
/* Send one JSON object to one client / to every subscribed client. Steals. */
void		 server_send(struct client *, json_t *);
void		 server_broadcast(struct server *, json_t *);

void		*server_get_data(struct server *, enum srv_module_id);
void		 server_set_data(struct server *, enum srv_module_id, void *);

/* Who the caller is (CTL_PARTICIPANT, CTL_PROCTOR bits, ctl.h), and the
 * roles it acts in: CTL_VIEWER alone once it asked to be read-only. */
int		 server_client_role(struct client *);
int		 server_client_roles(struct client *);
int		 server_client_read_only(struct client *);
/* "participant", "proctor:0" */
const char	*server_client_actor(struct client *);
void		*server_client_get_data(struct client *, enum srv_module_id);
void		 server_client_set_data(struct client *, enum srv_module_id, void *);
int		 server_client_subscribed(struct client *);
size_t		 server_client_backlog(struct client *);	/* bytes not yet sent */
void		 server_client_subscribe(struct client *, int read_only);

/* Run the server for a session folder in this process (after daemonizing). */
int		 server_run(const char *session_dir, int restarted, int ready_fd);

/* srv_pane.c: seconds since a pane was typed into or printed; -1 if none
 * has been. */
double	 srv_pane_idle(struct server *);

#endif
