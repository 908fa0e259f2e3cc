/*
 * cgroup.c: a process's cgroup v2 folder and its control files (see
 * cgroup.h). Only kernel files are read: /proc/self/mountinfo for the
 * mount point, /proc/PID/cgroup for the path below it.
 */
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"

int
cgroup_mount(char *out, size_t len)
{
	char	line[PATH_MAX + 512], mnt[PATH_MAX];
	FILE	*f;
	int	 rc = -1;

	if ((f = fopen("/proc/self/mountinfo", "re")) == NULL)
		return (-1);
	/* id parent dev root mountpoint opts... - fstype source */
	while (rc != 0 && fgets(line, sizeof line, f) != NULL) {
		if (strstr(line, " - cgroup2 ") == NULL ||
		    sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1)
			continue;
		if (strlen(mnt) < len) {
			memcpy(out, mnt, strlen(mnt) + 1);
			rc = 0;
		}
	}
	fclose(f);
	return (rc);
}

int
cgroup_of(pid_t pid, char *out, size_t len)
{
	char	path[64], line[PATH_MAX], mnt[PATH_MAX], *nl;
	FILE	*f;
	int	 rc = -1;

	if (cgroup_mount(mnt, sizeof mnt) != 0)
		return (-1);
	snprintf(path, sizeof path, "/proc/%ld/cgroup", (long)pid);
	if ((f = fopen(path, "re")) == NULL)
		return (-1);
	while (rc != 0 && fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, "0::/", 4) != 0)
			continue;
		if ((nl = strchr(line, '\n')) != NULL)
			*nl = '\0';
		if ((size_t)snprintf(out, len, "%s%s", mnt, strcmp(line + 3,
		    "/") == 0 ? "" : line + 3) < len)
			rc = 0;
	}
	fclose(f);
	return (rc);
}

int
cgroup_write(const char *dir, const char *file, const char *text)
{
	char	path[PATH_MAX];
	size_t	len = strlen(text);
	ssize_t	n;
	int	fd, saved;

	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, file) >=
	    sizeof path) {
		errno = ENAMETOOLONG;
		return (-1);
	}
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) == -1)
		return (-1);
	n = write(fd, text, len);
	saved = errno;
	close(fd);
	if (n == -1) {
		errno = saved;
		return (-1);
	}
	if ((size_t)n != len) {
		errno = EIO;
		return (-1);
	}
	return (0);
}
