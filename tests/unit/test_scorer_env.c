/*
 * test_scorer_env.c: a scorer's environment (src/core/scorer_env.c) is an
 * allow-list: the loader's hooks and anything unlisted stay out, what the
 * scoring is (work folder, commit, GPUs) is set once, and a calibration
 * gets the same inherited part as a scoring.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "scorer_env.h"
#include "util.h"
#include "unit.h"

/* The value of NAME in env, or NULL; *count how often it is there. */
static const char *
env_get(char **env, const char *name, int *count)
{
	const char	*found = NULL;
	size_t		 n = strlen(name);
	int		 i;

	*count = 0;
	for (i = 0; env[i] != NULL; i++) {
		if (strncmp(env[i], name, n) == 0 && env[i][n] == '=') {
			found = env[i] + n + 1;
			(*count)++;
		}
	}
	return (found);
}

static void
setup(void)
{
	setenv("LD_PRELOAD", "/tmp/evil.so", 1);
	setenv("LD_AUDIT", "/tmp/evil.so", 1);
	setenv("LD_LIBRARY_PATH", "/tmp", 1);
	setenv("PYTHONPATH", "/tmp", 1);
	setenv("UNLISTED", "x", 1);
	setenv("PATH", "/opt/bin:/usr/bin", 1);
	setenv("LC_ALL", "C.UTF-8", 1);
	setenv("BASELINER_PYTHON", "/usr/bin/python3", 1);
	setenv("BL_KNOB", "7", 1);
	setenv("BASELINER_COMMIT", "forged", 1);
	setenv("BASELINER_RESULT_FD", "1", 1);
	setenv("BASELINER_SESSION_DIR", "/forged", 1);
	setenv("CUDA_VISIBLE_DEVICES", "0,1,2,3", 1);
}

static void
test_scoring(void)
{
	struct scorer_env_spec	  es = { .workdir = "/w", .scratch = "/s",
	    .commit = "abc", .session = "S1", .home = "/h", .gpus = "",
	    .session_dir = "/sd",
	    .score_id = 42 };
	char			**env;
	int			  n;

	setup();
	env = scorer_env_create(&es);
	CHECK(env_get(env, "LD_PRELOAD", &n) == NULL);
	CHECK(env_get(env, "LD_AUDIT", &n) == NULL);
	CHECK(env_get(env, "LD_LIBRARY_PATH", &n) == NULL);
	CHECK(env_get(env, "PYTHONPATH", &n) == NULL);
	CHECK(env_get(env, "UNLISTED", &n) == NULL);
	CHECK(env_get(env, "BASELINER_RESULT_FD", &n) == NULL);
	CHECK_STR(env_get(env, "PATH", &n), "/opt/bin:/usr/bin");
	CHECK(n == 1);
	CHECK_STR(env_get(env, "LC_ALL", &n), "C.UTF-8");
	CHECK_STR(env_get(env, "BASELINER_PYTHON", &n), "/usr/bin/python3");
	CHECK_STR(env_get(env, "BL_KNOB", &n), "7");
	/* What the scoring is, once, whatever the caller's environment
	 * said. */
	CHECK_STR(env_get(env, "BASELINER_COMMIT", &n), "abc");
	CHECK(n == 1);
	CHECK_STR(env_get(env, "BASELINER_WORKDIR", &n), "/w");
	CHECK_STR(env_get(env, "BASELINER_SCRATCH", &n), "/s");
	CHECK_STR(env_get(env, "BASELINER_SESSION", &n), "S1");
	CHECK_STR(env_get(env, "BASELINER_HOME", &n), "/h");
	CHECK_STR(env_get(env, "BASELINER_SESSION_DIR", &n), "/sd");
	CHECK(n == 1);
	CHECK_STR(env_get(env, "BASELINER_SCORE_ID", &n), "42");
	CHECK(env_get(env, "BASELINER_LIBEXEC", &n) != NULL && n == 1);
	/* No GPU assigned: none visible, not all. */
	CHECK_STR(env_get(env, "CUDA_VISIBLE_DEVICES", &n), "");
	CHECK(n == 1);
	scorer_env_destroy(env);
}

/* Calibration: the same inherited part; no commit, session or score. */
static void
test_calibration(void)
{
	struct scorer_env_spec	  es = { .workdir = "/w", .scratch = "/s" };
	char			**env;
	int			  n;

	setup();
	env = scorer_env_create(&es);
	CHECK(env_get(env, "LD_PRELOAD", &n) == NULL);
	CHECK(env_get(env, "BASELINER_COMMIT", &n) == NULL);
	CHECK(env_get(env, "BASELINER_SESSION", &n) == NULL);
	CHECK(env_get(env, "BASELINER_SESSION_DIR", &n) == NULL);
	CHECK(env_get(env, "BASELINER_SCORE_ID", &n) == NULL);
	CHECK_STR(env_get(env, "BL_KNOB", &n), "7");
	CHECK_STR(env_get(env, "CUDA_VISIBLE_DEVICES", &n), "0,1,2,3");
	scorer_env_destroy(env);

	unsetenv("PATH");
	unsetenv("HOME");
	env = scorer_env_create(&es);
	CHECK_STR(env_get(env, "PATH", &n), "/usr/bin:/bin");
	CHECK_STR(env_get(env, "HOME", &n), "/");
	scorer_env_destroy(env);
}

static void
test_inherits(void)
{
	CHECK(scorer_env_inherits("PATH=/bin"));
	CHECK(scorer_env_inherits("LANG"));
	CHECK(scorer_env_inherits("LC_CTYPE=C"));
	CHECK(scorer_env_inherits("BL_X=1"));
	CHECK(!scorer_env_inherits("BL_=1"));
	CHECK(!scorer_env_inherits("PATHX=1"));
	CHECK(!scorer_env_inherits("LD_PRELOAD=x"));
	CHECK(!scorer_env_inherits("BASELINER_WORKDIR=/x"));
	CHECK(!scorer_env_inherits("CUDA_VISIBLE_DEVICES=0"));
}

int
main(void)
{
	RUN(test_scoring);
	RUN(test_calibration);
	RUN(test_inherits);
	UNIT_DONE();
}
