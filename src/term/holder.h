/*
 * holder.h: the holder of a session's shells, and the server's end of it.
 *
 * The holder is a small process, one per session, that forks each pane's
 * shell on a pty and keeps the pty's master open, so that the shells and
 * their jobs live on when the session server dies: the next server takes
 * the panes over. It reads nothing of what the shells print (no parser,
 * no screen): the server gets a copy of each master over the holder's
 * socket (SCM_RIGHTS) and does all the reading and writing itself. The
 * holder only forks, reaps, signals and closes. Its protocol is written
 * up in src/term/PROTOCOL-holder.md.
 *
 * Server side: holder_open connects to the session's holder (starting one
 * if none runs) and fetches the panes it holds, with the time the last
 * server went away. Spawning is a request and its answer; the end of a
 * shell comes later, through the exit hook.
 */
#ifndef BASELINER_HOLDER_H
#define BASELINER_HOLDER_H

#include <stdint.h>
#include <sys/types.h>
#include <uv.h>

#include "pty.h"

struct holder;

/* A pane the holder held when this server connected. */
struct holder_pane {
	int		 id;
	pid_t		 pid;
	int		 fd;		/* our copy of its master; yours */
	int		 status;	/* -1 running, else its exit status */
	char		*command;
};

struct holder_hooks {
	/* Shell id has ended with status (holder.c reaped it). */
	void	(*exit)(int id, int status, void *arg);
	/* The holder itself is gone (killed): no more exits will come. */
	void	(*lost)(void *arg);
};

/* The holder process: "baseliner __holder DIR READY_FD". */
int	 holder_main(const char *dir, int ready_fd);

/* Connect to the session's holder (starting one if none runs): a new
 * object that holder_close disconnects and frees. Open and close, not
 * create and destroy, because they open and close a connection. */
int	 holder_open(uv_loop_t *, const char *dir, struct holder **,
	     char **cause);
void	 holder_set_hooks(struct holder *, const struct holder_hooks *,
	     void *);
/* The panes held when we connected (taken: the caller owns them). */
int	 holder_take_panes(struct holder *, struct holder_pane **);
void	 holder_panes_destroy(struct holder_pane *, int);
/* Wall ms when the previous server went away, 0 if unknown. */
int64_t	 holder_gone_ms(struct holder *);
/* The holder's pid if this process started it (it is our child), else 0. */
pid_t	 holder_child(struct holder *);
/* Has the holder gone away (killed)? */
int	 holder_lost(struct holder *);

int	 holder_spawn(struct holder *, int id, const struct pty_spawn *,
	     int *fd, pid_t *pid, char **command, char **cause);
void	 holder_signal(struct holder *, int id, int sig);
/* Forget shell id: close its master, killing it if it still runs. */
void	 holder_close_pane(struct holder *, int id);
/* The session is over: kill what is left and exit. */
void	 holder_quit(struct holder *);
/* Disconnect, leaving the holder and its shells as they are; frees the
 * object once its handles are closed. */
void	 holder_close(struct holder *);

#endif
