/*
 * test_proctree.c: stopping and continuing a set of processes
 * (src/base/proctree.c), on real processes of this uid: a terminal
 * session's leader and its child (PROCTREE_SESSION), and a counter that
 * left its session with setsid and was orphaned to this process, a child
 * subreaper as a session's holder is (PROCTREE_UNDER). Each counter
 * counts in shared memory, so "stopped" is checked by the count too.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "proctree.h"
#include "unit.h"

static volatile unsigned long	*counts;	/* shared: one per counter */

static void
nap_ms(int ms)
{
	struct timespec	ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static char
state_of(pid_t pid)
{
	char	path[64], buf[512], *p;
	FILE	*f;
	size_t	 n;

	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return ('?');
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	if ((p = strrchr(buf, ')')) == NULL || p[1] == '\0')
		return ('?');
	return (p[2]);
}

static void __attribute__((noreturn))
count_forever(int slot)
{
	for (;;)
		counts[slot]++;
}

/* Wait (up to 10 s) until counter slot has counted. */
static int
counting(int slot)
{
	unsigned long	c = counts[slot];
	int		i;

	for (i = 0; i < 1000; i++) {
		nap_ms(10);
		if (counts[slot] != c)
			return (1);
	}
	return (0);
}

static int
still(int slot)
{
	unsigned long	c = counts[slot];

	nap_ms(100);
	return (counts[slot] == c);
}

static void
test_session(void)
{
	pid_t	leader, child = -1;
	int	p[2], left = -1;

	CHECK(pipe(p) == 0);
	if ((leader = fork()) == 0) {
		setsid();
		if ((child = fork()) == 0)
			count_forever(1);
		(void)!write(p[1], &child, sizeof child);
		count_forever(0);
	}
	CHECK(read(p[0], &child, sizeof child) == sizeof child);
	CHECK(counting(0) && counting(1));
	/* The leader and its child: two. */
	CHECK(proctree_signal(PROCTREE_SESSION, leader, getuid(), SIGSTOP,
	    &left) == 2);
	CHECK(left == 0);
	CHECK(state_of(leader) == 'T' && state_of(child) == 'T');
	CHECK(still(0) && still(1));
	/* Another uid's processes are not in the set. */
	CHECK(proctree_signal(PROCTREE_SESSION, leader, getuid() + 1,
	    SIGCONT, NULL) == 0);
	CHECK(state_of(leader) == 'T');
	CHECK(proctree_signal(PROCTREE_SESSION, leader, getuid(), SIGCONT,
	    NULL) == 2);
	CHECK(counting(0) && counting(1));
	kill(child, SIGKILL);
	kill(leader, SIGKILL);
	waitpid(leader, NULL, 0);
}

static void
test_under(void)
{
	pid_t	mid, orphan = -1, self = getpid(), ppid;
	uid_t	uid;
	int	p[2], left = -1;

	/* As the holder: orphans below come back to this process. */
	CHECK(prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
	CHECK(pipe(p) == 0);
	if ((mid = fork()) == 0) {
		if ((orphan = fork()) == 0) {
			setsid();
			count_forever(2);
		}
		(void)!write(p[1], &orphan, sizeof orphan);
		_exit(0);
	}
	CHECK(read(p[0], &orphan, sizeof orphan) == sizeof orphan);
	waitpid(mid, NULL, 0);
	CHECK(counting(2));
	CHECK(proctree_status(orphan, &uid, &ppid) == 0);
	CHECK(uid == getuid() && ppid == self);
	CHECK(getsid(orphan) == orphan);
	CHECK(proctree_signal(PROCTREE_UNDER, self, getuid(), SIGSTOP,
	    &left) == 1);
	CHECK(left == 0 && state_of(orphan) == 'T' && still(2));
	/* The root itself is not in the set. */
	CHECK(state_of(self) != 'T');
	CHECK(proctree_signal(PROCTREE_UNDER, self, getuid(), SIGCONT,
	    NULL) == 1);
	CHECK(counting(2));
	/* Nothing is under a process with no children. */
	CHECK(proctree_signal(PROCTREE_UNDER, orphan, getuid(), SIGSTOP,
	    &left) == 0);
	CHECK(counting(2));
	kill(orphan, SIGKILL);
	waitpid(orphan, NULL, 0);
	CHECK(proctree_status(orphan, &uid, &ppid) == -1);
}

int
main(void)
{
	counts = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED |
	    MAP_ANONYMOUS, -1, 0);
	if (counts == MAP_FAILED)
		return (1);
	RUN(test_session);
	RUN(test_under);
	UNIT_DONE();
}
