/*
 * srv_state.c: the session's state machine (srv_state.h) as one constant
 * table, [state][input], of the state an input leads to or the sentence a
 * refused one is told. An entry with neither is a step nobody takes; it is
 * refused with a generic sentence naming the state.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "srv_state.h"
#include "util.h"

#define STEP(st)	{ .ok = 1, .to = (st) }
#define NO(why)		{ .refusal = (why) }

struct srv_transition {
	int		 ok;
	enum srv_state	 to;
	const char	*refusal;
};

#define ENDING_NO	NO("the session is ending")
#define ENDED_NO	NO("the session has ended")

static const struct srv_transition srv_table[SRV_NSTATES][SRV_NINPUTS] = {
	[SRV_STARTING] = {
		[SRV_START_SCORED] = STEP(SRV_RUNNING),
		[SRV_SCORE] = STEP(SRV_STARTING),
		[SRV_PAUSE] = NO("the clock has not started yet"),
		[SRV_RESUME] = NO("the clock is not paused"),
		[SRV_SUBMIT] = NO("the start is still being scored"),
		[SRV_STOP] = STEP(SRV_ENDING),
		[SRV_EXPIRE] = NO("the clock has not started yet"),
		[SRV_FINAL_SCORED] = NO("no final scoring is due"),
	},
	[SRV_RUNNING] = {
		[SRV_START_SCORED] = NO("the clock already runs"),
		[SRV_SCORE] = STEP(SRV_RUNNING),
		[SRV_PAUSE] = STEP(SRV_PAUSED),
		[SRV_RESUME] = NO("the clock is not paused"),
		[SRV_SUBMIT] = STEP(SRV_ENDING),
		[SRV_STOP] = STEP(SRV_ENDING),
		[SRV_EXPIRE] = STEP(SRV_ENDING),
		[SRV_FINAL_SCORED] = NO("no final scoring is due"),
	},
	[SRV_PAUSED] = {
		[SRV_START_SCORED] = NO("the clock already runs"),
		[SRV_SCORE] = NO("the clock is paused: resume first"),
		[SRV_PAUSE] = NO("already paused"),
		[SRV_RESUME] = STEP(SRV_RUNNING),	/* see srv_state_next */
		[SRV_SUBMIT] = STEP(SRV_ENDING),
		[SRV_STOP] = STEP(SRV_ENDING),
		[SRV_EXPIRE] = NO("the clock is paused"),
		[SRV_FINAL_SCORED] = NO("no final scoring is due"),
	},
	[SRV_ENDING] = {
		[SRV_START_SCORED] = ENDING_NO,
		[SRV_SCORE] = ENDING_NO,
		[SRV_PAUSE] = ENDING_NO,
		[SRV_RESUME] = ENDING_NO,
		[SRV_SUBMIT] = ENDING_NO,
		[SRV_STOP] = ENDING_NO,
		[SRV_EXPIRE] = ENDING_NO,
		[SRV_FINAL_SCORED] = STEP(SRV_ENDED),
	},
	[SRV_ENDED] = {
		[SRV_START_SCORED] = ENDED_NO,
		[SRV_SCORE] = ENDED_NO,
		[SRV_PAUSE] = ENDED_NO,
		[SRV_RESUME] = ENDED_NO,
		[SRV_SUBMIT] = ENDED_NO,
		[SRV_STOP] = ENDED_NO,
		[SRV_EXPIRE] = ENDED_NO,
		[SRV_FINAL_SCORED] = ENDED_NO,
	},
};

static const char *const srv_state_names[SRV_NSTATES] = {
	[SRV_STARTING] = "starting",
	[SRV_RUNNING] = "running",
	[SRV_PAUSED] = "paused",
	[SRV_ENDING] = "ending",
	[SRV_ENDED] = "ended",
};

static const char *const srv_input_names[SRV_NINPUTS] = {
	[SRV_START_SCORED] = "start scored",
	[SRV_SCORE] = "score",
	[SRV_PAUSE] = "pause",
	[SRV_RESUME] = "resume",
	[SRV_SUBMIT] = "submit",
	[SRV_STOP] = "stop",
	[SRV_EXPIRE] = "expire",
	[SRV_FINAL_SCORED] = "final scored",
};

int
srv_state_next(const struct srv_machine *m, enum srv_input in,
    int by_proctor, enum srv_state *to, char **cause)
{
	const struct srv_transition	*t;

	if ((unsigned)m->state >= SRV_NSTATES || (unsigned)in >= SRV_NINPUTS)
		return (set_cause(cause, "no such state or input"));
	t = &srv_table[m->state][in];
	if (!t->ok) {
		if (t->refusal != NULL)
			return (set_cause(cause, "%s", t->refusal));
		return (set_cause(cause, "cannot %s while %s",
		    srv_input_names[in], srv_state_names[m->state]));
	}
	/* The one rule the table's cells cannot say alone. */
	if (in == SRV_RESUME && m->proctor_paused && !by_proctor)
		return (set_cause(cause, "a proctor paused the clock: only a "
		    "proctor resumes it"));
	if (to != NULL)
		*to = t->to;
	return (0);
}

int
srv_state_step(struct srv_machine *m, enum srv_input in, int by_proctor)
{
	enum srv_state	to;

	if (srv_state_next(m, in, by_proctor, &to, NULL) != 0)
		return (-1);
	if (in == SRV_PAUSE)
		m->proctor_paused = by_proctor;
	else if (to != SRV_PAUSED)
		m->proctor_paused = 0;
	m->state = to;
	return (0);
}

const char *
srv_state_name(enum srv_state st)
{
	if ((unsigned)st >= SRV_NSTATES)
		return ("?");
	return (srv_state_names[st]);
}

const char *
srv_state_input_name(enum srv_input in)
{
	if ((unsigned)in >= SRV_NINPUTS)
		return ("?");
	return (srv_input_names[in]);
}

int
srv_state_parse(const char *name, enum srv_state *st)
{
	int	i;

	for (i = 0; i < SRV_NSTATES; i++) {
		if (strcmp(srv_state_names[i], name) == 0) {
			*st = i;
			return (0);
		}
	}
	return (-1);
}
