/*
 * test_srv_state.c: the session's state machine (src/server/srv_state.c):
 * every state against every input, the paths a session takes, and the
 * pause rule (a proctor's pause is lifted only by a proctor).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "srv_state.h"
#include "unit.h"

/* What each step must be: the state it leads to, or -1 (refused). */
static const int want[SRV_NSTATES][SRV_NINPUTS] = {
	[SRV_STARTING] = { [SRV_START_SCORED] = SRV_RUNNING,
	    [SRV_SCORE] = SRV_STARTING, [SRV_PAUSE] = -1, [SRV_RESUME] = -1,
	    [SRV_SUBMIT] = -1, [SRV_STOP] = SRV_ENDING, [SRV_EXPIRE] = -1,
	    [SRV_FINAL_SCORED] = -1 },
	[SRV_RUNNING] = { [SRV_START_SCORED] = -1, [SRV_SCORE] = SRV_RUNNING,
	    [SRV_PAUSE] = SRV_PAUSED, [SRV_RESUME] = -1,
	    [SRV_SUBMIT] = SRV_ENDING, [SRV_STOP] = SRV_ENDING,
	    [SRV_EXPIRE] = SRV_ENDING, [SRV_FINAL_SCORED] = -1 },
	[SRV_PAUSED] = { [SRV_START_SCORED] = -1, [SRV_SCORE] = -1,
	    [SRV_PAUSE] = -1, [SRV_RESUME] = SRV_RUNNING,
	    [SRV_SUBMIT] = SRV_ENDING, [SRV_STOP] = SRV_ENDING,
	    [SRV_EXPIRE] = -1, [SRV_FINAL_SCORED] = -1 },
	[SRV_ENDING] = { [SRV_START_SCORED] = -1, [SRV_SCORE] = -1,
	    [SRV_PAUSE] = -1, [SRV_RESUME] = -1, [SRV_SUBMIT] = -1,
	    [SRV_STOP] = -1, [SRV_EXPIRE] = -1,
	    [SRV_FINAL_SCORED] = SRV_ENDED },
	[SRV_ENDED] = { [SRV_START_SCORED] = -1, [SRV_SCORE] = -1,
	    [SRV_PAUSE] = -1, [SRV_RESUME] = -1, [SRV_SUBMIT] = -1,
	    [SRV_STOP] = -1, [SRV_EXPIRE] = -1, [SRV_FINAL_SCORED] = -1 },
};

/* Every state x input x who asks, against the table above. */
static void
test_every_step(void)
{
	struct srv_machine	m;
	enum srv_state		to;
	char			*cause;
	int			st, in, proctor;

	for (st = 0; st < SRV_NSTATES; st++)
	for (in = 0; in < SRV_NINPUTS; in++)
	for (proctor = 0; proctor <= 1; proctor++) {
		memset(&m, 0, sizeof m);
		m.state = st;
		cause = NULL;
		to = SRV_NSTATES;
		if (want[st][in] < 0) {
			CHECK(srv_state_next(&m, in, proctor, &to, &cause) ==
			    -1);
			CHECK(cause != NULL && *cause != '\0');
			CHECK(to == SRV_NSTATES);
			CHECK(srv_state_step(&m, in, proctor) == -1);
			CHECK(m.state == (enum srv_state)st);
		} else {
			CHECK(srv_state_next(&m, in, proctor, &to, &cause) ==
			    0);
			CHECK(cause == NULL);
			CHECK(to == (enum srv_state)want[st][in]);
			CHECK(srv_state_step(&m, in, proctor) == 0);
			CHECK(m.state == (enum srv_state)want[st][in]);
		}
		free(cause);
	}
}

/* Nothing leads back to starting; ended is left by nothing; ending only
 * by the final score. */
static void
test_shape(void)
{
	int	st, in;

	for (st = 0; st < SRV_NSTATES; st++)
	for (in = 0; in < SRV_NINPUTS; in++) {
		if (st != SRV_STARTING)
			CHECK(want[st][in] != SRV_STARTING);
		if (st == SRV_ENDED)
			CHECK(want[st][in] == -1);
		if (st == SRV_ENDING && want[st][in] >= 0)
			CHECK(in == SRV_FINAL_SCORED);
	}
}

static void
test_pause_rule(void)
{
	struct srv_machine	 m = { .state = SRV_RUNNING };
	char			*cause = NULL;

	/* A proctor's pause: the participant cannot lift it. */
	CHECK(srv_state_step(&m, SRV_PAUSE, 1) == 0);
	CHECK(m.proctor_paused == 1);
	CHECK(srv_state_next(&m, SRV_RESUME, 0, NULL, &cause) == -1);
	CHECK_STR(cause, "a proctor paused the clock: only a proctor "
	    "resumes it");
	free(cause);
	CHECK(srv_state_step(&m, SRV_RESUME, 0) == -1);
	CHECK(m.state == SRV_PAUSED);
	CHECK(srv_state_step(&m, SRV_RESUME, 1) == 0);
	CHECK(m.state == SRV_RUNNING && m.proctor_paused == 0);

	/* The participant's own pause: either lifts it. */
	CHECK(srv_state_step(&m, SRV_PAUSE, 0) == 0);
	CHECK(m.proctor_paused == 0);
	CHECK(srv_state_step(&m, SRV_RESUME, 0) == 0);
	CHECK(srv_state_step(&m, SRV_PAUSE, 0) == 0);
	CHECK(srv_state_step(&m, SRV_RESUME, 1) == 0);
	CHECK(m.state == SRV_RUNNING);

	/* A session stopped during a proctor's pause forgets the pause. */
	CHECK(srv_state_step(&m, SRV_PAUSE, 1) == 0);
	CHECK(srv_state_step(&m, SRV_STOP, 1) == 0);
	CHECK(m.state == SRV_ENDING && m.proctor_paused == 0);
}

/* The whole life of a session. */
static void
test_paths(void)
{
	struct srv_machine	m = { .state = SRV_STARTING };

	CHECK(srv_state_step(&m, SRV_SCORE, 0) == 0);
	CHECK(srv_state_step(&m, SRV_START_SCORED, 0) == 0);
	CHECK(srv_state_step(&m, SRV_SCORE, 0) == 0);
	CHECK(srv_state_step(&m, SRV_EXPIRE, 0) == 0);
	CHECK(srv_state_step(&m, SRV_SUBMIT, 0) == -1);
	CHECK(srv_state_step(&m, SRV_FINAL_SCORED, 0) == 0);
	CHECK(m.state == SRV_ENDED);
}

static void
test_names(void)
{
	enum srv_state	st;
	int		i;

	for (i = 0; i < SRV_NSTATES; i++) {
		CHECK(srv_state_parse(srv_state_name(i), &st) == 0);
		CHECK(st == (enum srv_state)i);
	}
	for (i = 0; i < SRV_NINPUTS; i++)
		CHECK(strcmp(srv_state_input_name(i), "?") != 0);
	CHECK_STR(srv_state_name(SRV_PAUSED), "paused");
	CHECK(srv_state_parse("sleeping", &st) == -1);
	CHECK_STR(srv_state_name(SRV_NSTATES), "?");
}

int
main(void)
{
	RUN(test_every_step);
	RUN(test_shape);
	RUN(test_pause_rule);
	RUN(test_paths);
	RUN(test_names);
	UNIT_DONE();
}
