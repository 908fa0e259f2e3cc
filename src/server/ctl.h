/*
 * ctl.h: control commands served on control.sock. Each module contributes a
 * NULL-terminated table of these; the server looks a request's "cmd" up in
 * every table in turn.
 *
 * fn() fills *result (a new JSON object, or NULL for {}) and returns 0, or
 * returns -1 with *cause set. A command may also answer later: it returns 1
 * and keeps the request id (ctl_defer) to answer with ctl_reply_later().
 */
#ifndef BASELINER_CTL_H
#define BASELINER_CTL_H

#include <jansson.h>

struct server;
struct client;

#define CTL_PROCTOR	0x1	/* only a proctor may run it */
#define CTL_WRITE	0x2	/* changes the session: refused to read-only
				   clients and once the session has ended */
#define CTL_LIVE	0x4	/* refused once the session has ended */

struct ctl_entry {
	const char	*name;
	int		 flags;
	int		(*fn)(struct server *, struct client *, json_t *args,
			    json_t **result, char **cause);
};

/* A pending reply: returned by ctl_defer, used once by ctl_reply_later. */
struct ctl_pending;
struct ctl_pending *ctl_defer(struct client *);
void	 ctl_reply_later(struct ctl_pending *, json_t *result, const char *error);

/* Argument helpers: 0 if present and of the type, else -1 and *cause. */
int	 ctl_arg_string(json_t *, const char *, const char **, char **);
int	 ctl_arg_int(json_t *, const char *, long long *, char **);
int	 ctl_arg_bool(json_t *, const char *, int *);

#endif
