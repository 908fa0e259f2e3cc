/*
 * cgroup.h: where a process's cgroup v2 folder is, and writing one of a
 * folder's control files. Plain libc: study mode's setuid helper links it
 * beside the scorer, which makes a cgroup per scoring.
 *
 * A process's folder is the cgroup2 mount point (from
 * /proc/self/mountinfo) joined with the path of its "0::" line in
 * /proc/PID/cgroup. Hosts with cgroup v1 only have neither, and each
 * function says so by returning -1.
 */
#ifndef BASELINER_CGROUP_H
#define BASELINER_CGROUP_H

#include <sys/types.h>

#include <stddef.h>

/* The cgroup2 mount point into out (len bytes); 0, or -1 where none. */
int	cgroup_mount(char *out, size_t len);
/* The cgroup v2 folder of process pid into out; 0 or -1. */
int	cgroup_of(pid_t pid, char *out, size_t len);
/* Write text to the control file named file in folder dir, whole in one
 * write; 0 or -1 (errno set). */
int	cgroup_write(const char *dir, const char *file, const char *text);

#endif
