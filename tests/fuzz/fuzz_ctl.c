/*
 * fuzz_ctl.c: the control dispatcher's front: a request line read
 * (ctl_request_parse), the command looked up in the allow-list and
 * permitted or refused in every role, mode and state (ctl_permit), the
 * usual arguments read with the helpers the commands use, and the reply
 * built and encoded (ctl_reply_json, ctl_encode).
 *
 * What must hold: a reply is always built and encodes to one line of
 * valid JSON, whatever the request held, so a client always hears back.
 */
#include "config.h"

#include <string.h>

#include <jansson.h>

#include "ctl.h"
#include "ctl_request.h"
#include "fuzz.h"
#include "utf8.h"

static void
fuzz_reply(json_t *id, json_t *result, const char *error)
{
	json_t	*r;
	char	*text, *why;

	r = ctl_reply_json(id, result, error);
	FUZZ_ASSERT(r != NULL);
	text = ctl_encode(r, &why);
	FUZZ_ASSERT(text != NULL && why == NULL);
	FUZZ_ASSERT(strchr(text, '\n') == NULL);
	FUZZ_ASSERT(utf8_valid(text, strlen(text)));
	free(text);
	json_decref(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char	*names[] = { "pane", "text", "key", "mods",
				    "cols", "rows", "id", "message", "note",
				    "minutes", "reason", "path", "from" };
	struct ctl_request	 rq;
	const char		*s;
	long long		 n;
	char			*cause = NULL, *raw;
	unsigned int		 i;
	int			 roles, personal, ended, b;

	if (ctl_request_parse((const char *)data, size, &rq, &cause) != 0) {
		FUZZ_ASSERT(cause != NULL);
		fuzz_reply(rq.id, NULL, cause);
		free(cause);
		ctl_request_done(&rq);
		/* A sentence quoting the raw bytes is answered too. */
		raw = strndup((const char *)data, size);
		fuzz_reply(NULL, NULL, raw);
		free(raw);
		return (0);
	}
	FUZZ_ASSERT(rq.entry != NULL && rq.name != NULL);
	for (roles = 0; roles <= CTL_ANYONE; roles++) {
		for (personal = 0; personal < 2; personal++) {
			for (ended = 0; ended < 2; ended++) {
				cause = NULL;
				if (ctl_permit(rq.entry, roles, personal, ended,
				    "fuzz", &cause) != 0) {
					FUZZ_ASSERT(cause != NULL);
					fuzz_reply(rq.id, NULL, cause);
				}
				free(cause);
			}
		}
	}
	for (i = 0; rq.args != NULL && i < sizeof names / sizeof names[0];
	    i++) {
		cause = NULL;
		if (ctl_arg_string(rq.args, names[i], &s, &cause) == 0)
			fuzz_reply(rq.id, json_pack("{ss}", "echo", s), NULL);
		else
			fuzz_reply(rq.id, NULL, cause);
		free(cause);
		cause = NULL;
		if (ctl_arg_int(rq.args, names[i], &n, &cause) != 0)
			fuzz_reply(rq.id, NULL, cause);
		free(cause);
		ctl_arg_bool(rq.args, names[i], &b);
	}
	/* The request's own arguments, echoed back as a result. */
	fuzz_reply(rq.id, rq.args != NULL ? json_deep_copy(rq.args) : NULL,
	    NULL);
	ctl_request_done(&rq);
	return (0);
}
