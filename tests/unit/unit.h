/*
 * unit.h: a tiny test harness. A test program is a main() that RUNs its
 * cases in order and ends with UNIT_DONE().
 *
 * Each case runs in a child process of its own (fork), so a case that
 * crashes or aborts is named ("FAIL case (signal 11)") and the cases after
 * it still run; a case's changes to memory do not reach the next one, so
 * what cases share (a temporary folder) is set up in main() before them.
 * UNIT_NOFORK=1 in the environment runs them in the one process instead,
 * for a debugger.
 *
 * SKIP("why") ends the current case as skipped (something it needs is
 * missing here). The program exits 1 if any check failed or any case
 * crashed, else 77 (automake's SKIP) if any case skipped, so a partial
 * run never reads as a full PASS, else 0.
 */
#ifndef BASELINER_UNIT_H
#define BASELINER_UNIT_H

#include <sys/types.h>
#include <sys/wait.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int unit_failed;
static int unit_checks;
static int unit_cases;
static int unit_skipped;

#define CHECK(cond) do {						\
	unit_checks++;							\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n",		\
		    __FILE__, __LINE__, #cond);				\
		unit_failed++;						\
	}								\
} while (0)

#define CHECK_NEAR(a, b, eps) do {					\
	double _a = (a), _b = (b);					\
	unit_checks++;							\
	if (!(fabs(_a - _b) <= (eps))) {				\
		fprintf(stderr, "%s:%d: %s = %.9g, want %.9g\n",	\
		    __FILE__, __LINE__, #a, _a, _b);			\
		unit_failed++;						\
	}								\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *_a = (a), *_b = (b);				\
	unit_checks++;							\
	if (_a == NULL || _b == NULL || strcmp(_a, _b) != 0) {		\
		fprintf(stderr, "%s:%d: %s = \"%s\", want \"%s\"\n",	\
		    __FILE__, __LINE__, #a, _a ? _a : "(null)",		\
		    _b ? _b : "(null)");				\
		unit_failed++;						\
	}								\
} while (0)

/* How a case ended: passed, failed or skipped. */
#define UNIT_EXIT_SKIP	77

static int unit_in_child;

/* End the current case as skipped. */
#define SKIP(why) do {							\
	printf("skip %s: %s\n", __func__, (why));			\
	fflush(stdout);							\
	if (unit_in_child)						\
		unit_child_exit(UNIT_EXIT_SKIP);			\
	unit_skipped++;							\
	return;								\
} while (0)

static int unit_pipe[2];

/* In the child: hand the parent the check counts, then leave. */
static void
unit_child_exit(int status)
{
	int	counts[2] = { unit_checks, unit_failed };

	if (write(unit_pipe[1], counts, sizeof counts) != sizeof counts)
		status = 1;
	fflush(NULL);
	exit(status != 0 ? status : (unit_failed ? 1 : 0));
}

static void
unit_run(void (*fn)(void), const char *name)
{
	int	before = unit_failed, counts[2], status, skipped = 0;
	pid_t	pid;
	ssize_t	n;
	char	why[64] = "";

	unit_cases++;
	fflush(NULL);
	if (getenv("UNIT_NOFORK") != NULL) {
		int sk = unit_skipped;

		fn();
		skipped = unit_skipped > sk;
	} else if (pipe(unit_pipe) != 0 || (pid = fork()) == -1) {
		perror("unit: fork");
		unit_failed++;
	} else if (pid == 0) {
		close(unit_pipe[0]);
		unit_in_child = 1;
		unit_checks = unit_failed = 0;
		fn();
		unit_child_exit(0);
	} else {
		close(unit_pipe[1]);
		n = read(unit_pipe[0], counts, sizeof counts);
		close(unit_pipe[0]);
		while (waitpid(pid, &status, 0) == -1)
			;
		if (n == sizeof counts) {
			unit_checks += counts[0];
			unit_failed += counts[1];
		}
		if (WIFSIGNALED(status))
			snprintf(why, sizeof why, " (signal %d)",
			    WTERMSIG(status));
		else if (n != sizeof counts)
			snprintf(why, sizeof why, " (exited %d mid-case)",
			    WEXITSTATUS(status));
		else if (WEXITSTATUS(status) == UNIT_EXIT_SKIP) {
			skipped = 1;
			unit_skipped++;
		} else if (WEXITSTATUS(status) != 0 && unit_failed == before)
			snprintf(why, sizeof why, " (exit status %d)",
			    WEXITSTATUS(status));
		if (*why != '\0')
			unit_failed++;
	}
	printf("%s %s%s\n", unit_failed != before ? "FAIL" : skipped ?
	    "skip" : "ok  ", name, why);
}

#define RUN(fn)	unit_run(fn, #fn)

#define UNIT_DONE() do {						\
	printf("%d checks, %d failed, %d of %d cases skipped\n",	\
	    unit_checks, unit_failed, unit_skipped, unit_cases);	\
	return (unit_failed ? 1 : unit_skipped ? UNIT_EXIT_SKIP : 0);	\
} while (0)

#endif
