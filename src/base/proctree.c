/*
 * proctree.c: stop and continue a set of processes found in /proc (see
 * proctree.h). Each pass reads every /proc/PID/status into a table sorted
 * by pid, so that walking a process's parents is a binary search each.
 */
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "proctree.h"

#define PROCTREE_DEPTH		4096	/* parents walked at most */
#define PROCTREE_STOP_MS	5000	/* how long SIGSTOP keeps trying */

struct proc {
	pid_t	pid, ppid;
	uid_t	ruid, euid;
	char	state;
};

static int
proc_cmp(const void *a, const void *b)
{
	const struct proc	*x = a, *y = b;

	return (x->pid < y->pid ? -1 : x->pid > y->pid);
}

/* One process's status: state, parent, real and effective uid. */
static int
proc_read(pid_t pid, struct proc *p)
{
	char		 path[64], buf[4096], *l;
	unsigned long	 r, e;
	ssize_t		 n;
	int		 fd, got = 0;

	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (-1);
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return (-1);
	buf[n] = '\0';
	p->pid = pid;
	for (l = buf; l != NULL && *l != '\0'; l = strchr(l, '\n'),
	    l = l ? l + 1 : NULL) {
		if (strncmp(l, "State:", 6) == 0) {
			l += 6;
			l += strspn(l, " \t");
			p->state = *l;
			got |= 1;
		} else if (strncmp(l, "PPid:", 5) == 0) {
			p->ppid = (pid_t)strtol(l + 5, NULL, 10);
			got |= 2;
		} else if (strncmp(l, "Uid:", 4) == 0 &&
		    sscanf(l + 4, "%lu %lu", &r, &e) == 2) {
			p->ruid = (uid_t)r;
			p->euid = (uid_t)e;
			got |= 4;
		}
	}
	return (got == 7 ? 0 : -1);
}

int
proctree_status(pid_t pid, uid_t *ruid, pid_t *ppid)
{
	struct proc	p;

	if (proc_read(pid, &p) != 0)
		return (-1);
	*ruid = p.ruid;
	*ppid = p.ppid;
	return (0);
}

/* Every process now, sorted by pid; NULL if /proc is unreadable. */
static struct proc *
proc_scan(size_t *np)
{
	struct dirent	*de;
	struct proc	*v = NULL, *nv;
	size_t		 n = 0, cap = 0;
	DIR		*d;
	char		*end;
	long		 pid;

	if ((d = opendir("/proc")) == NULL)
		return (NULL);
	while ((de = readdir(d)) != NULL) {
		pid = strtol(de->d_name, &end, 10);
		if (*end != '\0' || pid <= 1)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 512;
			if ((nv = realloc(v, cap * sizeof *v)) == NULL) {
				free(v);
				closedir(d);
				return (NULL);
			}
			v = nv;
		}
		if (proc_read((pid_t)pid, &v[n]) == 0)
			n++;
	}
	closedir(d);
	if (v == NULL && (v = malloc(sizeof *v)) == NULL)
		return (NULL);
	qsort(v, n, sizeof *v, proc_cmp);
	*np = n;
	return (v);
}

static const struct proc *
proc_find(const struct proc *v, size_t n, pid_t pid)
{
	struct proc	key;

	key.pid = pid;
	return (bsearch(&key, v, n, sizeof *v, proc_cmp));
}

static int
proc_in_set(const struct proc *v, size_t n, const struct proc *p,
    enum proctree_kind kind, pid_t root, uid_t uid)
{
	const struct proc	*up = p;
	int			 depth;

	if (p->ruid != uid && p->euid != uid)
		return (0);
	if (kind == PROCTREE_SESSION)
		return (getsid(p->pid) == root);
	if (p->pid == root)
		return (0);
	for (depth = 0; depth < PROCTREE_DEPTH; depth++) {
		if (up->ppid == root)
			return (1);
		if (up->ppid <= 1 || (up = proc_find(v, n, up->ppid)) == NULL)
			return (0);
	}
	return (0);
}

static long long
proc_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

int
proctree_signal(enum proctree_kind kind, pid_t root, uid_t uid, int sig,
    int *left)
{
	struct timespec	 nap = { 0, 2 * 1000 * 1000 };
	struct proc	*v;
	size_t		 n, i;
	long long	 until = proc_ms() + PROCTREE_STOP_MS;
	int		 members, running;

	if (left != NULL)
		*left = 0;
	if (root <= 1)
		return (0);
	for (;;) {
		if ((v = proc_scan(&n)) == NULL)
			return (-1);
		members = running = 0;
		for (i = 0; i < n; i++) {
			if (!proc_in_set(v, n, &v[i], kind, root, uid))
				continue;
			members++;
			if (sig == SIGSTOP && strchr("TtZX", v[i].state) != NULL)
				continue;
			running++;
			kill(v[i].pid, sig);
		}
		free(v);
		/* Continuing is one pass: a stopped process forks nothing. */
		if (sig != SIGSTOP || running == 0)
			break;
		if (proc_ms() >= until) {
			if (left != NULL)
				*left = running;
			break;
		}
		nanosleep(&nap, NULL);
	}
	return (members);
}
