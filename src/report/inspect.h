/*
 * inspect.h: Inspect AI's eval logs, both ways. A baseliner session is
 * written as an EvalLog with the session as its one sample, following
 * human_cli's conventions (the clock as info events with action start or
 * stop and the total time, notes as info events, every scoring as an
 * intermediate score event, the human agent's store), as .json or as .eval
 * (a zip of header.json, _journal/start.json, samples/ID_epoch_N.json and
 * summaries.json). Eval logs of agents and of human_cli humans are read
 * back as runs of a study.
 */
#ifndef BASELINER_INSPECT_H
#define BASELINER_INSPECT_H

#include <stddef.h>

#include <jansson.h>

#include "study.h"

/*
 * The eval log of an exported session: session is session.json's object,
 * scores the scorings (scores.jsonl's rows), events the session's events
 * (events.jsonl's rows); brief may be NULL.
 */
json_t	*inspect_log_session(json_t *session, json_t *scores, json_t *events,
	     const char *brief);
/*
 * The eval log of a study's run: its first n scorings (those that count),
 * final its normalized score; task may be NULL.
 */
json_t	*inspect_log_run(const struct study_run *,
	     const struct study_task *, size_t n, double final);
int	 inspect_write_json(const char *, json_t *, char **);
int	 inspect_write_eval(const char *, json_t *, char **);

/* Does this look like an eval log (a zip, or JSON with "eval")? */
int	 inspect_is_log(const char *name, const char *, size_t);
/*
 * Every sample of an eval log (.json or .eval, from memory) as a run: a
 * pure function of its bytes and opts, like study_log_parse.
 */
int	 inspect_read(const char *name, const char *, size_t,
	     const struct study_log_opts *, struct study_log *, char **);

#endif
