/*
 * proctree.h: stop and continue a set of processes found in /proc, for a
 * pause. Plain libc (study mode's setuid helper links it too).
 *
 * A set is either every process of a uid that descends from a root process
 * (a session's holder: what the panes started, setsid or not, since the
 * holder is a child subreaper and an orphan comes back to it), or every
 * process of a uid in one terminal session (a pane's shell and its jobs).
 * The uid is a process's real or effective uid, read from
 * /proc/PID/status (the owner of /proc/PID is root for a process that
 * made itself non-dumpable, so it is not used).
 *
 * Stopping repeats its scan until none of the set is running any more (a
 * process may fork between a scan and its SIGSTOP), for at most a few
 * seconds; continuing is one pass (stopped processes do not fork).
 */
#ifndef BASELINER_PROCTREE_H
#define BASELINER_PROCTREE_H

#include <sys/types.h>

/* Which processes of uid: those under root (PROCTREE_UNDER, root itself
 * left out) or those of terminal session root (PROCTREE_SESSION, its
 * leader included). */
enum proctree_kind {
	PROCTREE_UNDER,
	PROCTREE_SESSION
};

/*
 * Send sig (SIGSTOP or SIGCONT) to the set. For SIGSTOP, repeat until each
 * is stopped; *left (if not NULL) says how many still ran when it gave up.
 * Returns how many processes were signalled, or -1 if /proc is unreadable.
 */
int	 proctree_signal(enum proctree_kind, pid_t root, uid_t uid, int sig,
	     int *left);

/* A process's real uid and parent from /proc/PID/status; -1 if gone. */
int	 proctree_status(pid_t pid, uid_t *ruid, pid_t *ppid);

#endif
