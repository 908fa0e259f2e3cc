/*
 * scorer_env.h: the one environment a scorer runs under, built the same
 * way for a session's scoring (srv_session.c) and for `task calibrate`
 * (cmd_task.c), so that a calibration measures what scoring will.
 *
 * Nothing is inherited but an allow-list: the names in scorer_env.c's
 * table (PATH, HOME, the locale, TZ, TMPDIR, ...) and every variable named
 * BASELINER_* or BL_* (settings for scorers and packs' knobs), less those
 * this builder sets itself. So the loader's hooks (LD_PRELOAD, LD_AUDIT,
 * LD_LIBRARY_PATH), PYTHONPATH and the like never reach a scorer from the
 * shell that started the server.
 */
#ifndef BASELINER_SCORER_ENV_H
#define BASELINER_SCORER_ENV_H

#include <stdint.h>

struct task;

struct scorer_env_spec {
	const struct task	*task;		/* BASELINER_ASSETS, _KEYS */
	const char		*workdir;	/* BASELINER_WORKDIR */
	const char		*scratch;	/* BASELINER_SCRATCH */
	const char		*commit;	/* BASELINER_COMMIT, or NULL */
	const char		*session;	/* BASELINER_SESSION, or NULL */
	const char		*home;		/* BASELINER_HOME, or NULL */
	const char		*session_dir;	/* BASELINER_SESSION_DIR (the
						   session's folder), or NULL */
	const char		*gpus;		/* CUDA_VISIBLE_DEVICES ("" for
						   none), or NULL: inherited */
	int64_t			 score_id;	/* BASELINER_SCORE_ID, or 0 */
};

/* The environment, NULL-terminated; free with scorer_env_destroy. */
char	**scorer_env_create(const struct scorer_env_spec *);
void	  scorer_env_destroy(char **);
/* Is NAME=... (or NAME) passed on to a scorer when inherited? */
int	  scorer_env_inherits(const char *);

#endif
