/*
 * scorer_env.c: a scorer's environment (scorer_env.h): the allow-list of
 * what is inherited, then what this scoring is.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scorer_env.h"
#include "task.h"
#include "util.h"

/* Inherited by name. */
static const char *const scorer_env_names[] = {
	"PATH", "HOME", "USER", "LOGNAME", "SHELL", "TERM", "TZ", "TMPDIR",
	"LANG", "LANGUAGE"
};

/* Inherited by prefix: the locale's LC_*, our settings, packs' knobs. */
static const char *const scorer_env_prefixes[] = { "LC_", "BASELINER_",
    "BL_" };

/* Set here, never inherited (the scorer gets BASELINER_RESULT_FD from
 * scorer.c). */
static const char *const scorer_env_own[] = {
	"BASELINER_WORKDIR", "BASELINER_SCRATCH", "BASELINER_COMMIT",
	"BASELINER_SESSION", "BASELINER_HOME", "BASELINER_SCORE_ID",
	"BASELINER_ASSETS", "BASELINER_KEYS", "BASELINER_LIBEXEC",
	"BASELINER_RESULT_FD", "BASELINER_SESSION_DIR", "CUDA_VISIBLE_DEVICES"
};

/* The length of the name in "NAME=value" (or of all of "NAME"). */
static size_t
scorer_env_namelen(const char *var)
{
	const char	*eq = strchr(var, '=');

	return (eq != NULL ? (size_t)(eq - var) : strlen(var));
}

static int
scorer_env_is(const char *var, size_t n, const char *name)
{
	return (strlen(name) == n && strncmp(var, name, n) == 0);
}

int
scorer_env_inherits(const char *var)
{
	size_t	n = scorer_env_namelen(var), i;

	for (i = 0; i < nitems(scorer_env_own); i++) {
		if (scorer_env_is(var, n, scorer_env_own[i]))
			return (0);
	}
	for (i = 0; i < nitems(scorer_env_names); i++) {
		if (scorer_env_is(var, n, scorer_env_names[i]))
			return (1);
	}
	for (i = 0; i < nitems(scorer_env_prefixes); i++) {
		if (strncmp(var, scorer_env_prefixes[i],
		    strlen(scorer_env_prefixes[i])) == 0 &&
		    n > strlen(scorer_env_prefixes[i]))
			return (1);
	}
	return (0);
}

char **
scorer_env_create(const struct scorer_env_spec *sp)
{
	char		**env, *v;
	const char	 *libexec = getenv("BASELINER_LIBEXEC");
	size_t		  n, i, j = 0;

	for (n = 0; environ[n] != NULL; n++)
		;
	env = xcalloc(n + 16, sizeof *env);
	for (i = 0; i < n; i++) {
		if (scorer_env_inherits(environ[i]))
			env[j++] = xstrdup(environ[i]);
	}
	if (getenv("PATH") == NULL)
		env[j++] = xstrdup("PATH=/usr/bin:/bin");
	if (getenv("HOME") == NULL)
		env[j++] = xstrdup("HOME=/");
	env[j++] = xasprintf("BASELINER_LIBEXEC=%s", libexec != NULL ?
	    libexec : PKGLIBEXECDIR);
	if (sp->workdir != NULL)
		env[j++] = xasprintf("BASELINER_WORKDIR=%s", sp->workdir);
	if (sp->scratch != NULL)
		env[j++] = xasprintf("BASELINER_SCRATCH=%s", sp->scratch);
	if (sp->commit != NULL)
		env[j++] = xasprintf("BASELINER_COMMIT=%s", sp->commit);
	if (sp->session != NULL)
		env[j++] = xasprintf("BASELINER_SESSION=%s", sp->session);
	if (sp->home != NULL)
		env[j++] = xasprintf("BASELINER_HOME=%s", sp->home);
	if (sp->session_dir != NULL)
		env[j++] = xasprintf("BASELINER_SESSION_DIR=%s",
		    sp->session_dir);
	if (sp->score_id != 0)
		env[j++] = xasprintf("BASELINER_SCORE_ID=%lld",
		    (long long)sp->score_id);
	if (sp->task != NULL) {
		/* The pack's assets and the host's keys (task.h). */
		v = task_assets_dir(sp->task);
		env[j++] = xasprintf("BASELINER_ASSETS=%s", v);
		free(v);
		v = task_keys_path();
		env[j++] = xasprintf("BASELINER_KEYS=%s", v);
		free(v);
	}
	/* A session's GPUs: none assigned means none visible, not all. */
	if (sp->gpus != NULL)
		env[j++] = xasprintf("CUDA_VISIBLE_DEVICES=%s", sp->gpus);
	else if ((v = getenv("CUDA_VISIBLE_DEVICES")) != NULL)
		env[j++] = xasprintf("CUDA_VISIBLE_DEVICES=%s", v);
	env[j] = NULL;
	return (env);
}

void
scorer_env_destroy(char **env)
{
	size_t	i;

	for (i = 0; env != NULL && env[i] != NULL; i++)
		free(env[i]);
	free(env);
}
