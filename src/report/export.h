/*
 * export.h: a session as a trajectory for researchers: session.json,
 * scores.csv and scores.jsonl, events.jsonl, one asciicast v2 file per
 * shell pane, checkpoints.bundle (a git bundle) and inspect.json (an
 * Inspect AI eval log with the session as its one sample).
 */
#ifndef BASELINER_EXPORT_H
#define BASELINER_EXPORT_H

#include <stddef.h>

#define EXPORT_ANONYMIZE	0x1

int	 export_session(const char *session_dir, const char *out_dir,
	     int flags, char **cause);
/* Stable anonymous id of a participant: "anon-" and 12 hex digits. */
char	*export_anon_id(const char *participant);
/* Mask secrets in place, keeping the length: returns how many. */
int	 export_scrub(char *, size_t);

#endif
