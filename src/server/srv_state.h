/*
 * srv_state.h: the life of a session as a state machine, pure (no I/O):
 * which input may move a session from which state to which, and what a
 * refused one is told. srv_session.c asks before it acts and applies the
 * step after its side effects succeeded; tests/unit/test_srv_state.c
 * walks the whole table.
 *
 *   starting --start scored--> running <--pause/resume--> paused
 *   starting, running, paused --submit/stop/expire--> ending
 *   ending --final scored--> ended
 *
 * A pause a proctor set is lifted only by a proctor; the participant's own
 * pause by either.
 */
#ifndef BASELINER_SRV_STATE_H
#define BASELINER_SRV_STATE_H

enum srv_state {
	SRV_STARTING,	/* the untouched start is being scored */
	SRV_RUNNING,
	SRV_PAUSED,
	SRV_ENDING,	/* final checkpoint and scoring under way */
	SRV_ENDED,
	SRV_NSTATES
};

enum srv_input {
	SRV_START_SCORED,	/* the start's score is in: the clock runs */
	SRV_SCORE,		/* a scoring is asked for (no change) */
	SRV_PAUSE,
	SRV_RESUME,
	SRV_SUBMIT,		/* the participant is done */
	SRV_STOP,		/* a proctor ends the attempt */
	SRV_EXPIRE,		/* the clock reached the limit */
	SRV_FINAL_SCORED,	/* the final scoring is done */
	SRV_NINPUTS
};

struct srv_machine {
	enum srv_state	 state;
	int		 proctor_paused;	/* the pause is a proctor's */
};

/* May input move m on? 0 and *to, or -1 and *cause (when not NULL) set to
 * what the caller is told. by_proctor: the input comes from a proctor. */
int		 srv_state_next(const struct srv_machine *m, enum srv_input,
		     int by_proctor, enum srv_state *to, char **cause);
/* Take the step srv_state_next allowed: 0, or -1 if it is not allowed. */
int		 srv_state_step(struct srv_machine *m, enum srv_input,
		     int by_proctor);
const char	*srv_state_name(enum srv_state);
const char	*srv_state_input_name(enum srv_input);
/* The state of a session row ("starting", ...); -1 if unknown. */
int		 srv_state_parse(const char *, enum srv_state *);

#endif
