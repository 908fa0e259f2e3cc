/*
 * holder_client.c: the server's end of the holder (see holder.h).
 *
 * One SOCK_SEQPACKET connection: every packet is one message of fields
 * separated by NULs, some with a file descriptor attached. Requests that
 * have an answer (list, spawn) wait for it here, blocking, with a deadline:
 * the holder is local and only forks. Exits the holder reports meanwhile
 * are queued and handed to the exit hook from the loop, never from inside
 * a request. Otherwise a uv_poll on the socket delivers them as they come.
 *
 * A session with no holder gets one: this program run as "__holder DIR
 * FD" in a new session (setsid), forked once, so it is this server's child
 * until the server dies; it says on a pipe that it listens.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

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

#define HOLDER_WAIT_MS	10000	/* for an answer, or for a holder to start */
#define HOLDER_MSG	(256 * 1024)
#define HOLDER_FIELDS	16

struct holder {
	uv_loop_t		*loop;
	int			 fd;
	uv_poll_t		 poll;
	uv_timer_t		 later;
	int			 handles;
	pid_t			 child;
	int64_t			 gone;
	int			 lost;

	struct holder_pane	*panes;
	int			 npanes;

	const struct holder_hooks *hooks;
	void			*arg;
	int			*queue;		/* id, status pairs */
	int			 nqueue;
};

static char	holder_buf[HOLDER_MSG];

static void	holder_lose(struct holder *);

/* One packet: its fields in f (pointing into holder_buf), an fd or -1. */
static int
holder_recv(int sock, int wait_ms, char **f, int *fdp)
{
	struct msghdr	 mh;
	struct iovec	 iov;
	struct cmsghdr	*c;
	struct pollfd	 pfd;
	union {
		char		buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr	align;
	} cm;
	ssize_t		 len;
	char		*p;
	int		 n = 0;

	*fdp = -1;
	pfd.fd = sock;
	pfd.events = POLLIN;
	for (;;) {
		n = poll(&pfd, 1, wait_ms);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == 0)
			return (wait_ms == 0 ? 0 : -1);
		if (n == -1)
			return (-1);
		break;
	}
	memset(&mh, 0, sizeof mh);
	iov.iov_base = holder_buf;
	iov.iov_len = sizeof holder_buf - 1;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cm.buf;
	mh.msg_controllen = sizeof cm.buf;
	do
		len = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
	while (len == -1 && errno == EINTR);
	if (len <= 0)
		return (-1);
	for (c = CMSG_FIRSTHDR(&mh); c != NULL; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
			memcpy(fdp, CMSG_DATA(c), sizeof *fdp);
	}
	holder_buf[len] = '\0';
	n = 0;
	for (p = holder_buf; p < holder_buf + len && n < HOLDER_FIELDS;
	    p += strlen(p) + 1)
		f[n++] = p;
	f[n] = NULL;
	return (n);
}

static int
holder_send(struct holder *h, const char *const *f, int n)
{
	struct buf	b;
	ssize_t		r;
	int		i;

	buf_init(&b);
	for (i = 0; i < n; i++)
		buf_add(&b, f[i], strlen(f[i]) + 1);
	do
		r = send(h->fd, b.data, b.len, MSG_NOSIGNAL);
	while (r == -1 && errno == EINTR);
	buf_done(&b);
	return (r == -1 ? -1 : 0);
}

static void
holder_later_cb(uv_timer_t *t)
{
	struct holder	*h = t->data;
	int		 i, n = h->nqueue, *q = h->queue;

	h->queue = NULL;
	h->nqueue = 0;
	for (i = 0; i < n; i++) {
		if (h->hooks != NULL && h->hooks->exit != NULL)
			h->hooks->exit(q[2 * i], q[2 * i + 1], h->arg);
	}
	free(q);
}

static void
holder_queue_exit(struct holder *h, char **f, int n)
{
	if (n != 3)
		return;
	h->queue = xreallocarray(h->queue, 2 * (h->nqueue + 1),
	    sizeof *h->queue);
	h->queue[2 * h->nqueue] = atoi(f[1]);
	h->queue[2 * h->nqueue + 1] = atoi(f[2]);
	h->nqueue++;
	if (!uv_is_active((uv_handle_t *)&h->later))
		uv_timer_start(&h->later, holder_later_cb, 0, 0);
}

static void
holder_poll_cb(uv_poll_t *p, int status, int events)
{
	struct holder	*h = p->data;
	char		*f[HOLDER_FIELDS + 1];
	int		 n, fd;

	for (;;) {
		n = holder_recv(h->fd, 0, f, &fd);
		if (fd != -1)
			close(fd);
		if (n == 0)
			return;
		if (n < 0) {
			holder_lose(h);
			return;
		}
		if (strcmp(f[0], "exit") == 0)
			holder_queue_exit(h, f, n);
	}
}

static void
holder_lose(struct holder *h)
{
	if (h->lost)
		return;
	h->lost = 1;
	log_warn("the holder of the shells is gone: the shells run on "
	    "until they end, and go with this server");
	uv_poll_stop(&h->poll);
	if (h->hooks != NULL && h->hooks->lost != NULL)
		h->hooks->lost(h->arg);
}

/* Wait for the answer to a request; exits that come first are queued. */
static int
holder_answer(struct holder *h, char **f, int *fdp)
{
	int	n;

	for (;;) {
		n = holder_recv(h->fd, HOLDER_WAIT_MS, f, fdp);
		if (n <= 0) {
			holder_lose(h);
			return (-1);
		}
		if (strcmp(f[0], "exit") != 0)
			return (n);
		holder_queue_exit(h, f, n);
	}
}

static int
holder_connect(const char *dir, int *fdp)
{
	struct sockaddr_un	 sa;
	char			*path;
	int			 fd;

	path = path_join(dir, "holder.sock");
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa.sun_path) {
		free(path);
		errno = ENAMETOOLONG;
		return (-1);
	}
	strcpy(sa.sun_path, path);
	free(path);
	if ((fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)) == -1)
		return (-1);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		close(fd);
		return (-1);
	}
	*fdp = fd;
	return (0);
}

/* Start a holder for dir; its pid, or -1. */
static pid_t
holder_start(const char *dir, char **cause)
{
	char	*exe, fdarg[16], msg[128];
	ssize_t	 n, len = 0;
	pid_t	 pid;
	int	 p[2], null;

	if ((exe = self_path()) == NULL) {
		set_cause(cause, "cannot find this program: %s",
		    strerror(errno));
		return (-1);
	}
	if (pipe2(p, O_CLOEXEC) != 0) {
		set_cause(cause, "pipe: %s", strerror(errno));
		free(exe);
		return (-1);
	}
	if ((pid = fork()) == -1) {
		set_cause(cause, "fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		free(exe);
		return (-1);
	}
	if (pid == 0) {
		setsid();
		fcntl(p[1], F_SETFD, 0);
		snprintf(fdarg, sizeof fdarg, "%d", p[1]);
		if ((null = open("/dev/null", O_RDWR)) != -1) {
			dup2(null, 0);
			dup2(null, 1);
			if (null > 2)
				close(null);
		}
		execl(exe, "baseliner", "__holder", dir, fdarg, (char *)NULL);
		_exit(127);
	}
	free(exe);
	close(p[1]);
	while ((n = read(p[0], msg + len, sizeof msg - 1 - len)) > 0 ||
	    (n == -1 && errno == EINTR)) {
		if (n > 0)
			len += n;
	}
	close(p[0]);
	msg[len] = '\0';
	if (strncmp(msg, "ok\n", 3) == 0 || strncmp(msg, "busy\n", 5) == 0)
		return (pid);
	msg[strcspn(msg, "\n")] = '\0';
	set_cause(cause, "the holder did not start: %s", *msg ? msg :
	    "it exited (see server.log)");
	waitpid(pid, NULL, 0);
	return (-1);
}

int
holder_open(uv_loop_t *loop, const char *dir, struct holder **out,
    char **cause)
{
	struct holder	*h;
	char		*f[HOLDER_FIELDS + 1];
	const char	*req[1] = { "list" };
	double		 deadline;
	pid_t		 child = 0;
	int		 fd = -1, n, pfd;

	if (holder_connect(dir, &fd) != 0) {
		if ((child = holder_start(dir, cause)) == -1)
			return (-1);
		/* Ours, or one that another server started just before. */
		deadline = mono_now() + HOLDER_WAIT_MS / 1000.0;
		while (holder_connect(dir, &fd) != 0) {
			if (mono_now() > deadline)
				return (set_cause(cause, "cannot reach the "
				    "holder: %s", strerror(errno)));
			usleep(20 * 1000);
		}
	}
	h = xcalloc(1, sizeof *h);
	h->loop = loop;
	h->fd = fd;
	h->child = child;
	uv_poll_init(loop, &h->poll, fd);
	uv_timer_init(loop, &h->later);
	h->poll.data = h->later.data = h;
	h->handles = 2;
	if (holder_send(h, req, 1) != 0) {
		set_cause(cause, "the holder: %s", strerror(errno));
		goto fail;
	}
	for (;;) {
		if ((n = holder_answer(h, f, &pfd)) < 0) {
			set_cause(cause, "the holder did not answer");
			goto fail;
		}
		if (strcmp(f[0], "end") == 0) {
			h->gone = n > 1 ? strtoll(f[1], NULL, 10) : 0;
			break;
		}
		if (strcmp(f[0], "pane") != 0 || n != 5 || pfd == -1) {
			if (pfd != -1)
				close(pfd);
			continue;
		}
		h->panes = xreallocarray(h->panes, h->npanes + 1,
		    sizeof *h->panes);
		h->panes[h->npanes].id = atoi(f[1]);
		h->panes[h->npanes].pid = (pid_t)atol(f[2]);
		h->panes[h->npanes].status = atoi(f[3]);
		h->panes[h->npanes].command = xstrdup(f[4]);
		h->panes[h->npanes].fd = pfd;
		h->npanes++;
	}
	uv_poll_start(&h->poll, UV_READABLE, holder_poll_cb);
	*out = h;
	return (0);
fail:
	h->lost = 1;
	holder_close(h);
	return (-1);
}

void
holder_set_hooks(struct holder *h, const struct holder_hooks *hooks,
    void *arg)
{
	h->hooks = hooks;
	h->arg = arg;
}

int
holder_take_panes(struct holder *h, struct holder_pane **out)
{
	int	n = h->npanes;

	*out = h->panes;
	h->panes = NULL;
	h->npanes = 0;
	return (n);
}

void
holder_panes_destroy(struct holder_pane *hp, int n)
{
	int	i;

	for (i = 0; i < n; i++) {
		if (hp[i].fd != -1)
			close(hp[i].fd);
		free(hp[i].command);
	}
	free(hp);
}

int64_t
holder_gone_ms(struct holder *h)
{
	return (h->gone);
}

pid_t
holder_child(struct holder *h)
{
	return (h->child);
}

int
holder_lost(struct holder *h)
{
	return (h->lost);
}

int
holder_spawn(struct holder *h, int id, const struct pty_spawn *sp, int *fdp,
    pid_t *pidp, char **command, char **cause)
{
	struct buf	 b;
	char		 num[32], *f[HOLDER_FIELDS + 1];
	int		 i, n, argc = 0, fd;
	ssize_t		 r;

	if (h->lost)
		return (set_cause(cause, "the holder of the shells is gone"));
	buf_init(&b);
	buf_add(&b, "spawn", 6);
#define FIELD(s) buf_add(&b, (s), strlen(s) + 1)
	snprintf(num, sizeof num, "%d", id);
	FIELD(num);
	snprintf(num, sizeof num, "%d", sp->cols);
	FIELD(num);
	snprintf(num, sizeof num, "%d", sp->rows);
	FIELD(num);
	FIELD(sp->cwd != NULL ? sp->cwd : "");
	for (i = 0; sp->argv != NULL && sp->argv[i] != NULL; i++)
		argc++;
	snprintf(num, sizeof num, "%d", argc);
	FIELD(num);
	for (i = 0; i < argc; i++)
		FIELD(sp->argv[i]);
	for (i = 0; sp->env != NULL && sp->env[i] != NULL; i++)
		FIELD(sp->env[i]);
#undef FIELD
	do
		r = send(h->fd, b.data, b.len, MSG_NOSIGNAL);
	while (r == -1 && errno == EINTR);
	buf_done(&b);
	if (r == -1) {
		set_cause(cause, "the holder: %s", strerror(errno));
		holder_lose(h);
		return (-1);
	}
	if ((n = holder_answer(h, f, &fd)) < 0)
		return (set_cause(cause, "the holder did not answer"));
	if (strcmp(f[0], "ok") == 0 && n == 4 && fd != -1 &&
	    atoi(f[1]) == id) {
		*fdp = fd;
		*pidp = (pid_t)atol(f[2]);
		*command = xstrdup(f[3]);
		return (0);
	}
	if (fd != -1)
		close(fd);
	return (set_cause(cause, "%s", strcmp(f[0], "err") == 0 && n > 2 ?
	    f[2] : "the holder answered nonsense"));
}

void
holder_signal(struct holder *h, int id, int sig)
{
	char		 idb[16], sigb[16];
	const char	*req[3];

	if (h->lost)
		return;
	snprintf(idb, sizeof idb, "%d", id);
	snprintf(sigb, sizeof sigb, "%d", sig);
	req[0] = "signal", req[1] = idb, req[2] = sigb;
	holder_send(h, req, 3);
}

void
holder_close_pane(struct holder *h, int id)
{
	char		 idb[16];
	const char	*req[2];

	if (h->lost)
		return;
	snprintf(idb, sizeof idb, "%d", id);
	req[0] = "close", req[1] = idb;
	holder_send(h, req, 2);
}

void
holder_quit(struct holder *h)
{
	const char	*req[1] = { "quit" };

	if (h->lost)
		return;
	holder_send(h, req, 1);
	if (h->child > 0)
		waitpid(h->child, NULL, 0);
	h->child = 0;
}

static void
holder_close_cb(uv_handle_t *handle)
{
	struct holder	*h = handle->data;

	if (--h->handles > 0)
		return;
	close(h->fd);
	holder_panes_destroy(h->panes, h->npanes);
	free(h->queue);
	free(h);
}

void
holder_close(struct holder *h)
{
	if (h == NULL)
		return;
	uv_close((uv_handle_t *)&h->poll, holder_close_cb);
	uv_close((uv_handle_t *)&h->later, holder_close_cb);
}
