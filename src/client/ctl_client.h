/*
 * ctl_client.h: the client end of the control protocol (ctl.h, served on
 * control.sock), for commands and the workbench. "ctl" is the control
 * protocol everywhere in the tree: ctl.h and ctl_*.c in src/server define
 * its commands and messages, this module speaks it from the other side.
 * Blocking and simple: connect, send a request, read lines until its reply
 * (events that arrive meanwhile are handed to a callback or dropped).
 * Connecting to a session whose server is gone starts a new server for it
 * first, as DESIGN.md's restart rule says.
 */
#ifndef BASELINER_CTL_CLIENT_H
#define BASELINER_CTL_CLIENT_H

#include <jansson.h>

#include "util.h"

struct ctl_client {
	int		 fd;
	char		*id;
	char		*dir;
	struct buf	 in;
	long long	 next_id;
	void		(*event_cb)(json_t *, void *);
	void		*event_arg;
};

/* Connect to session id (NULL: the one meant, see session_resolve). With
 * start, a session with no server gets one. The connection is a new object
 * that ctl_client_close closes (its socket) and frees: open and close, not
 * create and destroy, because that is what they do to the connection. */
int	 ctl_client_open(const char *id, int start, struct ctl_client **,
	     char **cause);
void	 ctl_client_close(struct ctl_client *);
/* The longest silence a call waits through before it asks the server
 * whether it is alive (ctl_client_call). */
#define CTL_CLIENT_SILENCE_MS	30000

/* Send a request and wait for its reply; *result is borrowed-free (yours).
 * A server that says nothing for CTL_CLIENT_SILENCE_MS and then does not
 * answer a status request either fails the call: every call has a
 * deadline. */
int	 ctl_client_call(struct ctl_client *, const char *cmd, json_t *args,
	     json_t **result, char **cause);
/* Send a request without waiting; returns its id or -1. */
long long ctl_client_send(struct ctl_client *, const char *cmd, json_t *args,
	     char **cause);
/* Read one message (reply or event); 0 ok, -1 on EOF/error. timeout_ms <0
 * waits forever; returns 1 on timeout. */
int	 ctl_client_read(struct ctl_client *, int timeout_ms, json_t **,
	     char **cause);

/* Start the session server for a session folder as a daemon; waits until it
 * listens. 0 when it does, 1 when another server holds the session, -1. */
int	 ctl_client_spawn_server(const char *dir, int restarted, char **cause);
/* Connect to the server of the session in dir; 0 and *fd, or -1. */
int	 ctl_client_connect(const char *dir, int *fd_out);

#endif
