/*
 * ctlc.h: the client end of control.sock, for commands and the workbench.
 * Blocking and simple: connect, send a request, read lines until its reply
 * (events that arrive meanwhile are handed to a callback or dropped).
 * Connecting to a session whose server is gone starts a new server for it
 * first, as DESIGN.md's restart rule says.
 */
#ifndef BASELINER_CTLC_H
#define BASELINER_CTLC_H

#include <jansson.h>

#include "util.h"

struct ctlc {
	int		 fd;
	char		*id;
	char		*dir;
	struct buf	 in;
	long long	 next_id;
	void		(*event_cb)(json_t *, void *);
	void		*event_arg;
};

/* Connect to session id (NULL: the one meant, see session_resolve). With
 * start, a session with no server gets one. */
int	 ctlc_open(const char *id, int start, struct ctlc **, char **cause);
void	 ctlc_close(struct ctlc *);
/* The longest silence a call waits through before it asks the server
 * whether it is alive (ctlc_call). */
#define CTLC_SILENCE_MS	30000

/* Send a request and wait for its reply; *result is borrowed-free (yours).
 * A server that says nothing for CTLC_SILENCE_MS and then does not answer
 * a status request either fails the call: every call has a deadline. */
int	 ctlc_call(struct ctlc *, const char *cmd, json_t *args,
	     json_t **result, char **cause);
/* Send a request without waiting; returns its id or -1. */
long long ctlc_send(struct ctlc *, const char *cmd, json_t *args,
	     char **cause);
/* Read one message (reply or event); 0 ok, -1 on EOF/error. timeout_ms <0
 * waits forever; returns 1 on timeout. */
int	 ctlc_read(struct ctlc *, int timeout_ms, json_t **, char **cause);

/* Start the session server for a session folder as a daemon; waits until it
 * listens. 0 when it does, 1 when another server holds the session, -1. */
int	 server_spawn(const char *dir, int restarted, char **cause);
/* Connect to the server of the session in dir; 0 and *fd, or -1. */
int	 ctlc_connect(const char *dir, int *fd_out);

#endif
