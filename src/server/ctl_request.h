/*
 * ctl_request.h: one request line of the control protocol read, and one
 * reply written, with nothing of the server around them, so that both can
 * be tested and fuzzed alone (tests/fuzz/fuzz_ctl.c).
 *
 * A request is a JSON object {"id": ..., "cmd": "name", "args": {...}}.
 * ctl_request_parse reads it and looks the command up in ctl_table; what
 * it says is wrong is the reply's error. ctl_reply_json builds the reply,
 * and never fails: an error sentence is made valid UTF-8 first (it may
 * quote bytes of the request), and a reply that cannot be encoded anyway
 * becomes an error reply with the same id, so a client always hears back.
 */
#ifndef BASELINER_CTL_REQUEST_H
#define BASELINER_CTL_REQUEST_H

#include <stddef.h>

#include <jansson.h>

#include "ctl.h"

struct ctl_request {
	json_t			*req;	/* the whole request */
	json_t			*id;	/* borrowed from req; may be NULL */
	const char		*name;
	json_t			*args;	/* borrowed; NULL if none */
	const struct ctl_entry	*entry;
};

/* 0, or -1 with *cause (what to answer). id is set as far as it was
 * read, so an error reply can carry it. */
int	 ctl_request_parse(const char *line, size_t len, struct ctl_request *,
	     char **cause);
void	 ctl_request_done(struct ctl_request *);

/* The reply to request id: result (taken; NULL is {}) or error. Never
 * NULL. */
json_t	*ctl_reply_json(json_t *id, json_t *result, const char *error);
/* A JSON message as one line without the newline, malloc'd. If obj could
 * not be built (NULL) or encoded, *why says so, for the log, and a reply
 * (it has an "id") becomes an error reply with that id; an event is
 * NULL: nothing to send. */
char	*ctl_encode(json_t *obj, char **why);

#endif
