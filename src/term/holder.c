/*
 * holder.c: the holder process of a session's shells (see holder.h and
 * src/term/PROTOCOL-holder.md).
 *
 * Small on purpose: it outlives servers, so it must not crash with one. It
 * reads no shell output and parses nothing but its own requests; one
 * poll(2) loop serves the listening socket, the one connected server and a
 * signalfd (SIGCHLD: reap; SIGTERM, SIGINT: hang every shell up and exit).
 * It holds holder.lock for its life (one holder per session), is a child
 * subreaper, so what a shell orphans (a daemon started in a pane) is its
 * child and not the server's, and reaps everything with waitpid(-1).
 *
 * A second connection replaces the first: only the server holding
 * server.lock connects, and a new one means the old one is dead. When the
 * connected server goes, the holder notes the time (its gone time, which
 * the next server uses for its clock) and waits.
 */
#include "config.h"

#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "holder.h"
#include "util.h"

#define HOLDER_PANES	256
#define HOLDER_MSG	(256 * 1024)
#define HOLDER_FIELDS	4096

struct hpane {
	int	 id;		/* 0: a free slot */
	pid_t	 pid;
	int	 fd;
	int	 status;	/* -1 running */
	char	*command;
};

static struct hpane	 hpanes[HOLDER_PANES];
static int		 hclient = -1;
static int64_t		 hgone;
static char		 hmsg[HOLDER_MSG];

/* Send one packet of fields, with fd attached if not -1. */
static int
holder_send(int sock, int fd, const char *const *f, int n)
{
	struct msghdr	 mh;
	struct iovec	 iov;
	union {
		char		buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr	align;
	} cm;
	struct cmsghdr	*c;
	size_t		 len = 0, l;
	int		 i;

	for (i = 0; i < n; i++) {
		l = strlen(f[i]) + 1;
		if (len + l > sizeof hmsg)
			return (-1);
		memcpy(hmsg + len, f[i], l);
		len += l;
	}
	memset(&mh, 0, sizeof mh);
	iov.iov_base = hmsg;
	iov.iov_len = len;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	if (fd != -1) {
		memset(&cm, 0, sizeof cm);
		mh.msg_control = cm.buf;
		mh.msg_controllen = sizeof cm.buf;
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof fd);
	}
	while (sendmsg(sock, &mh, MSG_NOSIGNAL) == -1) {
		if (errno != EINTR)
			return (-1);
	}
	return (0);
}

static struct hpane *
holder_find(int id)
{
	int	i;

	for (i = 0; i < HOLDER_PANES; i++) {
		if (hpanes[i].id == id && id != 0)
			return (&hpanes[i]);
	}
	return (NULL);
}

static void
holder_kill(struct hpane *hp, int sig)
{
	if (hp->status != -1)
		return;
	kill(-hp->pid, sig);
	kill(hp->pid, sig);
}

static void
holder_forget(struct hpane *hp)
{
	holder_kill(hp, SIGKILL);
	close(hp->fd);
	free(hp->command);
	memset(hp, 0, sizeof *hp);
}

static void
holder_drop_client(void)
{
	if (hclient == -1)
		return;
	close(hclient);
	hclient = -1;
	hgone = wall_ms();
}

/* spawn ID COLS ROWS CWD ARGC ARGV... ENV...: fork a shell. */
static void
holder_do_spawn(char **f, int n)
{
	struct pty_spawn	 sp;
	struct hpane		*hp = NULL;
	char			*cause = NULL, *command = NULL, idb[16], pidb[16];
	const char		*reply[4];
	char			**argv;
	int			 i, id, argc, fd, rc;
	pid_t			 pid;

	id = n > 5 ? atoi(f[1]) : 0;	/* f[n] is NULL */
	argc = n > 5 ? atoi(f[5]) : -1;
	snprintf(idb, sizeof idb, "%d", id);
	if (id <= 0 || argc < 0 || 6 + argc > n) {
		reply[0] = "err", reply[1] = idb;
		reply[2] = "bad spawn request";
		holder_send(hclient, -1, reply, 3);
		return;
	}
	for (i = 0; i < HOLDER_PANES && hp == NULL; i++) {
		if (hpanes[i].id == 0)
			hp = &hpanes[i];
	}
	if (holder_find(id) != NULL || hp == NULL) {
		reply[0] = "err", reply[1] = idb;
		reply[2] = hp == NULL ? "too many shells" : "pane id in use";
		holder_send(hclient, -1, reply, 3);
		return;
	}
	memset(&sp, 0, sizeof sp);
	sp.cols = atoi(f[2]);
	sp.rows = atoi(f[3]);
	sp.cwd = *f[4] != '\0' ? f[4] : NULL;
	argv = xcalloc(argc + 1, sizeof *argv);
	for (i = 0; i < argc; i++)
		argv[i] = f[6 + i];
	sp.argv = argc > 0 ? argv : NULL;
	sp.env = &f[6 + argc];		/* the rest; f[n] is NULL */
	rc = pty_fork(&sp, &fd, &pid, &command, &cause);
	free(argv);
	if (rc != 0) {
		reply[0] = "err", reply[1] = idb, reply[2] = cause;
		holder_send(hclient, -1, reply, 3);
		free(cause);
		return;
	}
	hp->id = id;
	hp->pid = pid;
	hp->fd = fd;
	hp->status = -1;
	hp->command = command;
	snprintf(pidb, sizeof pidb, "%ld", (long)pid);
	reply[0] = "ok", reply[1] = idb, reply[2] = pidb;
	reply[3] = command;
	holder_send(hclient, fd, reply, 4);
}

/* list: one "pane ID PID STATUS COMMAND" with its fd each, then "end GONE". */
static void
holder_do_list(void)
{
	const char	*reply[5];
	char		 idb[16], pidb[16], stb[16], gone[32];
	int		 i;

	for (i = 0; i < HOLDER_PANES; i++) {
		if (hpanes[i].id == 0)
			continue;
		snprintf(idb, sizeof idb, "%d", hpanes[i].id);
		snprintf(pidb, sizeof pidb, "%ld", (long)hpanes[i].pid);
		snprintf(stb, sizeof stb, "%d", hpanes[i].status);
		reply[0] = "pane", reply[1] = idb, reply[2] = pidb;
		reply[3] = stb, reply[4] = hpanes[i].command;
		holder_send(hclient, hpanes[i].fd, reply, 5);
	}
	snprintf(gone, sizeof gone, "%lld", (long long)hgone);
	reply[0] = "end", reply[1] = gone;
	holder_send(hclient, -1, reply, 2);
}

/*
 * Signal every process of a shell's session (its jobs are groups of their
 * own) and every child of ours (what the shells orphaned).
 */
static void
holder_kill_all(int sig)
{
	DIR		*d;
	struct dirent	*de;
	char		 path[64], buf[512], *p;
	long		 pid, ppid, sid;
	int		 fd, i;
	ssize_t		 len;

	if ((d = opendir("/proc")) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if ((pid = strtol(de->d_name, &p, 10)) <= 1 || *p != '\0')
			continue;
		snprintf(path, sizeof path, "/proc/%ld/stat", pid);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
			continue;
		len = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (len <= 0)
			continue;
		buf[len] = '\0';
		/* pid (comm) state ppid pgrp session */
		if ((p = strrchr(buf, ')')) == NULL ||
		    sscanf(p + 1, " %*c %ld %*d %ld", &ppid, &sid) != 2)
			continue;
		for (i = 0; i < HOLDER_PANES; i++) {
			if (hpanes[i].id != 0 && hpanes[i].pid == sid)
				break;
		}
		if (i < HOLDER_PANES || ppid == (long)getpid())
			kill((pid_t)pid, sig);
	}
	closedir(d);
}

static void
holder_end_all(int sig)
{
	int	i;

	for (i = 0; i < HOLDER_PANES; i++) {
		if (hpanes[i].id != 0)
			holder_kill(&hpanes[i], sig);
	}
	if (sig != SIGKILL) {
		usleep(200 * 1000);	/* a moment to save their history */
		holder_kill_all(SIGCONT);
	}
	holder_kill_all(SIGKILL);
	for (i = 0; i < HOLDER_PANES; i++) {
		if (hpanes[i].id != 0)
			holder_forget(&hpanes[i]);
	}
}

/* One request from the server; 1 when the holder should exit. */
static int
holder_request(void)
{
	struct hpane	*hp;
	char		*f[HOLDER_FIELDS + 1];
	ssize_t		 len;
	int		 n = 0;
	char		*p;

	len = recv(hclient, hmsg, sizeof hmsg - 1, 0);
	if (len == -1 && errno == EINTR)
		return (0);
	if (len <= 0) {
		holder_drop_client();
		return (0);
	}
	hmsg[len] = '\0';
	for (p = hmsg; p < hmsg + len && n < HOLDER_FIELDS; p += strlen(p) + 1)
		f[n++] = p;
	f[n] = NULL;
	if (n == 0)
		return (0);
	if (strcmp(f[0], "spawn") == 0)
		holder_do_spawn(f, n);
	else if (strcmp(f[0], "list") == 0)
		holder_do_list();
	else if (strcmp(f[0], "signal") == 0 && n == 3) {
		if ((hp = holder_find(atoi(f[1]))) != NULL)
			holder_kill(hp, atoi(f[2]));
	} else if (strcmp(f[0], "close") == 0 && n == 2) {
		if ((hp = holder_find(atoi(f[1]))) != NULL)
			holder_forget(hp);
	} else if (strcmp(f[0], "quit") == 0) {
		holder_end_all(SIGKILL);
		return (1);
	}
	return (0);
}

/* Reap every child that has ended; tell the server of its shells. */
static void
holder_reap(void)
{
	const char	*msg[3];
	char		 idb[16], stb[16];
	pid_t		 pid;
	int		 st, i;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		for (i = 0; i < HOLDER_PANES; i++) {
			if (hpanes[i].id == 0 || hpanes[i].pid != pid ||
			    hpanes[i].status != -1)
				continue;
			hpanes[i].status = pty_wait_status(st);
			if (hclient == -1)
				break;
			snprintf(idb, sizeof idb, "%d", hpanes[i].id);
			snprintf(stb, sizeof stb, "%d", hpanes[i].status);
			msg[0] = "exit", msg[1] = idb, msg[2] = stb;
			holder_send(hclient, -1, msg, 3);
		}
	}
}

static void
holder_accept(int listener)
{
	struct ucred	cred;
	socklen_t	len = sizeof cred;
	int		fd;

	if ((fd = accept4(listener, NULL, NULL, SOCK_CLOEXEC)) == -1)
		return;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 ||
	    (cred.uid != getuid() && cred.uid != 0)) {
		close(fd);
		return;
	}
	if (hclient != -1) {
		close(hclient);
		hclient = -1;
	}
	hclient = fd;
}

static void
holder_ready(int fd, const char *msg)
{
	if (fd < 0)
		return;
	(void)!write(fd, msg, strlen(msg));
	close(fd);
}

int
holder_main(const char *dir, int ready_fd)
{
	struct sockaddr_un	 sa;
	struct signalfd_siginfo	 si;
	struct pollfd		 pfd[3];
	sigset_t		 set;
	char			*path;
	int			 lockfd, listener, sfd, logfd, n, done = 0;

	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	path = path_join(dir, "server.log");
	if ((logfd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0600)) != -1) {
		dup2(logfd, 2);
		close(logfd);
	}
	free(path);
	path = path_join(dir, "holder.lock");
	lockfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	free(path);
	if (lockfd == -1 || flock(lockfd, LOCK_EX | LOCK_NB) != 0) {
		holder_ready(ready_fd, "busy\n");
		return (1);
	}

	path = path_join(dir, "holder.sock");
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa.sun_path ||
	    (listener = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC,
	    0)) == -1) {
		holder_ready(ready_fd, "cannot make the holder's socket\n");
		free(path);
		return (1);
	}
	strcpy(sa.sun_path, path);
	unlink(path);
	if (bind(listener, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    chmod(path, 0600) != 0 || listen(listener, 8) != 0) {
		fprintf(stderr, "holder: %s: %s\n", path, strerror(errno));
		holder_ready(ready_fd, "cannot listen on holder.sock\n");
		free(path);
		return (1);
	}
	free(path);

	prctl(PR_SET_CHILD_SUBREAPER, 1);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sfd = signalfd(-1, &set, SFD_CLOEXEC);
	holder_ready(ready_fd, "ok\n");

	while (!done) {
		pfd[0].fd = listener;
		pfd[1].fd = sfd;
		pfd[2].fd = hclient;
		pfd[0].events = pfd[1].events = pfd[2].events = POLLIN;
		n = poll(pfd, hclient != -1 ? 3 : 2, -1);
		if (n == -1 && errno != EINTR)
			break;
		if (n <= 0)
			continue;
		if (pfd[1].revents & POLLIN) {
			if (read(sfd, &si, sizeof si) == sizeof si &&
			    si.ssi_signo != SIGCHLD) {
				holder_end_all(SIGHUP);
				done = 1;
			}
			holder_reap();
		}
		if (hclient != -1 && (pfd[2].revents & (POLLIN | POLLHUP |
		    POLLERR)))
			done = holder_request();
		if (pfd[0].revents & POLLIN)
			holder_accept(listener);
	}
	holder_reap();
	path = path_join(dir, "holder.sock");
	unlink(path);
	free(path);
	close(listener);
	close(lockfd);
	return (0);
}
