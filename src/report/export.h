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
#define EXPORT_STRIP_COMMANDS	0x2	/* with ANONYMIZE: no command lines */
#define EXPORT_STRIP_PROMPTS	0x4	/* with ANONYMIZE: mask user@host */
#define EXPORT_SESSION_FLAGS	0xff	/* the flags export_session takes */

int	 export_session(const char *session_dir, const char *out_dir,
	     int flags, char **cause);
/*
 * The study key that anonymous ids are keyed with: the file's bytes (at
 * least 16), or with NULL $BASELINER_STUDY_KEY, else
 * $BASELINER_HOME/study.key, made with 32 random bytes (mode 0600) if it
 * does not exist. Loaded once; export_session loads the default itself.
 */
int	 export_study_key(const char *path, char **cause);
/*
 * Anonymous id of a participant, stable for one study key: "anon-" and 12
 * hex digits of a keyed BLAKE2b hash, which cannot be reversed by trying
 * names without the key. NULL if no key could be loaded.
 */
char	*export_anon_id(const char *participant);
/* Mask user@host (prompts, addresses) in place, keeping the length. */
int	 export_mask_prompts(char *, size_t);
/* Mask secrets in place, keeping the length: returns how many. */
int	 export_scrub(char *, size_t);

#endif
