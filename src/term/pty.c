/*
 * pty.c: a child on a pseudo-terminal (see pty.h).
 *
 * Three libuv handles live inside struct pty: a poll on the master fd
 * (readable unless paused or at end of file, writable while input is
 * queued), a SIGCHLD watcher that reaps this child by its pid, and a timer
 * used first for the SIGKILL that follows a hang-up's grace and then, once
 * the child is reaped, to stop waiting for end of file on the master (a
 * background job may keep the terminal open for ever). pty_destroy closes all
 * three and the memory goes in the last close callback; until then every
 * callback checks `freed` and does nothing.
 *
 * The SIGCHLD watcher starts before the fork, so an exit that happens at
 * once is not missed. Its handler calls waitpid on our pid only.
 */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "pty.h"
#include "util.h"

#define PTY_DRAIN_WAIT	1000	/* ms to wait for EOF after the reap */

struct pty {
	uv_loop_t		*loop;
	int			 fd;
	pid_t			 pid;
	char			*command;

	const struct pty_hooks	*hooks;
	void			*arg;

	uv_poll_t		 poll;
	uv_signal_t		 sigchld;
	uv_timer_t		 timer;
	int			 handles;	/* open, for the close cbs */
	int			 poll_events;

	int			 alive;		/* not reaped yet */
	int			 status;
	int			 eof;
	int			 paused;
	int			 reported;
	int			 freed;
	int			 hungup;
	int			 adopted;	/* another process reaps it */
	int			 polling;	/* poll handle initialised */
	int			 orphan;	/* no reaper: maybe running */
	void			(*signal)(void *, int);	/* adopted: signals */
	void			*signal_arg;

	struct buf		 wq;		/* input not yet written */
};

static char pty_readbuf[PTY_READ_BUDGET];

static void	pty_update(struct pty *);
static void	pty_check_exit(struct pty *);

/* A signal to the child's process group and to the child. */
static void
pty_kill(struct pty *p, int sig)
{
	if (p->adopted && p->signal != NULL) {
		p->signal(p->signal_arg, sig);
		return;
	}
	kill(-p->pid, sig);
	kill(p->pid, sig);
}

static void
pty_close_cb(uv_handle_t *h)
{
	struct pty	*p = h->data;

	if (--p->handles > 0)
		return;
	buf_done(&p->wq);
	free(p->command);
	free(p);
}

static void
pty_read(struct pty *p)
{
	size_t	total = 0;
	ssize_t	n;

	while (total < PTY_READ_BUDGET && !p->paused && !p->eof) {
		n = read(p->fd, pty_readbuf, sizeof pty_readbuf);
		if (n > 0) {
			total += (size_t)n;
			p->hooks->read(p, pty_readbuf, (size_t)n, p->arg);
			if (p->freed)
				return;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		/* 0 or EIO: every slave fd is closed. */
		p->eof = 1;
	}
}

static void
pty_flush(struct pty *p)
{
	ssize_t	n;

	while (p->wq.len > 0) {
		n = write(p->fd, p->wq.data, p->wq.len);
		if (n > 0) {
			buf_drain(&p->wq, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		/* The other side is gone; drop what it will never read. */
		buf_drain(&p->wq, p->wq.len);
	}
}

static void
pty_poll_cb(uv_poll_t *h, int status, int events)
{
	struct pty	*p = h->data;

	if (p->freed)
		return;
	if (status < 0)
		p->eof = 1;
	else {
		if (events & UV_WRITABLE)
			pty_flush(p);
		if (events & UV_READABLE)
			pty_read(p);
		if (p->freed)
			return;
	}
	pty_update(p);
	if (p->eof)
		pty_check_exit(p);
}

static void
pty_update(struct pty *p)
{
	int	events = 0;

	if (p->freed || !p->polling)
		return;
	if (!p->eof && !p->paused)
		events |= UV_READABLE;
	if (!p->eof && p->wq.len > 0)
		events |= UV_WRITABLE;
	if (events == p->poll_events)
		return;
	p->poll_events = events;
	if (events == 0)
		uv_poll_stop(&p->poll);
	else
		uv_poll_start(&p->poll, events, pty_poll_cb);
}

static void
pty_check_exit(struct pty *p)
{
	if (p->freed || p->alive || !p->eof || p->reported)
		return;
	p->reported = 1;
	uv_timer_stop(&p->timer);
	p->hooks->exit(p, p->status, p->arg);
}

static void
pty_timer_cb(uv_timer_t *h)
{
	struct pty	*p = h->data;

	if (p->freed)
		return;
	if (p->alive) {
		/* The grace after a hang-up is over. */
		pty_kill(p, SIGKILL);
		return;
	}
	if (p->orphan && p->hungup)
		pty_kill(p, SIGKILL);	/* nobody reaps it: end it now */
	/* Reaped a while ago and still no EOF: a job holds the tty. */
	p->eof = 1;
	pty_update(p);
	pty_check_exit(p);
}

int
pty_wait_status(int st)
{
	if (WIFEXITED(st))
		return (WEXITSTATUS(st));
	if (WIFSIGNALED(st))
		return (128 + WTERMSIG(st));
	return (255);
}

static void
pty_reaped(struct pty *p, int st)
{
	p->alive = 0;
	p->status = pty_wait_status(st);
	uv_signal_stop(&p->sigchld);
}

void
pty_orphaned(struct pty *p)
{
	if (p->freed || !p->adopted || !p->alive)
		return;
	p->signal = NULL;
	p->orphan = 1;
	p->alive = 0;
	p->status = -1;
	pty_check_exit(p);
}

void
pty_exited(struct pty *p, int status)
{
	if (p->freed || !p->alive)
		return;
	p->alive = 0;
	p->status = status;
	if (!p->eof) {
		uv_timer_stop(&p->timer);
		uv_timer_start(&p->timer, pty_timer_cb, PTY_DRAIN_WAIT, 0);
		return;
	}
	pty_check_exit(p);
}

static void
pty_sigchld_cb(uv_signal_t *h, int signum)
{
	struct pty	*p = h->data;
	pid_t		 r;
	int		 st;

	if (p->freed || !p->alive)
		return;
	do
		r = waitpid(p->pid, &st, WNOHANG);
	while (r < 0 && errno == EINTR);
	if (r != p->pid)
		return;
	pty_reaped(p, st);
	if (!p->eof) {
		/* Read what is left first; don't wait for ever though. */
		uv_timer_start(&p->timer, pty_timer_cb, PTY_DRAIN_WAIT, 0);
		return;
	}
	pty_check_exit(p);
}

const char *
pty_default_shell(void)
{
	const char	*s = getenv("SHELL");

	if (s != NULL && *s == '/' && access(s, X_OK) == 0)
		return (s);
	if (access("/bin/bash", X_OK) == 0)
		return ("/bin/bash");
	return ("/bin/sh");
}

static void
pty_child_error(const char *what, const char *arg)
{
	const char	*e = strerror(errno);

	/* Only write(2) here: this may be a copy of a threaded process. */
	(void)!write(2, "baseliner: ", 11);
	(void)!write(2, what, strlen(what));
	(void)!write(2, arg, strlen(arg));
	(void)!write(2, ": ", 2);
	(void)!write(2, e, strlen(e));
	(void)!write(2, "\r\n", 2);
}

static void
pty_close_from(int lowfd)
{
	int	fd, max;

#ifdef SYS_close_range
	if (syscall(SYS_close_range, lowfd, ~0U, 0) == 0)
		return;
#endif
	max = (int)sysconf(_SC_OPEN_MAX);
	if (max < 0 || max > 65536)
		max = 65536;
	for (fd = lowfd; fd < max; fd++)
		close(fd);
}

static void
pty_child(int slave, char *const *argv, const char *cwd, char *const *env)
{
	sigset_t	set;
	int		sig;

	setsid();
	if (ioctl(slave, TIOCSCTTY, 0) != 0)
		_exit(126);
	if (dup2(slave, 0) < 0 || dup2(slave, 1) < 0 || dup2(slave, 2) < 0)
		_exit(126);
	pty_close_from(3);

	/* libuv's handlers and an ignored SIGPIPE must not leak in. */
	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);

	if (cwd != NULL && chdir(cwd) != 0)
		pty_child_error("cannot change to ", cwd);
	if (env != NULL)
		execvpe(argv[0], argv, env);
	else
		execvp(argv[0], argv);
	pty_child_error("cannot run ", argv[0]);
	_exit(127);
}

/*
 * Open a master and its slave. POSIX calls rather than openpty(3): <pty.h>
 * would be this directory's pty.h on the include path.
 */
static int
pty_open(int *masterp, int *slavep, struct winsize *ws, char **cause)
{
	char	name[128];
	int	master, slave;

	if ((master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0)
		return (set_cause(cause, "cannot open a pty: %s",
		    strerror(errno)));
	if (grantpt(master) != 0 || unlockpt(master) != 0 ||
	    ptsname_r(master, name, sizeof name) != 0) {
		set_cause(cause, "cannot set up a pty: %s", strerror(errno));
		close(master);
		return (-1);
	}
	if ((slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0) {
		set_cause(cause, "%s: %s", name, strerror(errno));
		close(master);
		return (-1);
	}
	ioctl(slave, TIOCSWINSZ, ws);
	*masterp = master;
	*slavep = slave;
	return (0);
}

/* The command line of sp: "/bin/bash -l". */
static char *
pty_argv_text(char *const *argv)
{
	struct buf	 cmd;
	char		*text;
	int		 i;

	buf_init(&cmd);
	for (i = 0; argv[i] != NULL; i++) {
		if (i > 0)
			buf_add(&cmd, " ", 1);
		buf_addstr(&cmd, argv[i]);
	}
	text = xstrdup(buf_cstr(&cmd));
	buf_done(&cmd);
	return (text);
}

int
pty_fork(const struct pty_spawn *sp, int *masterp, pid_t *pidp,
    char **command, char **cause)
{
	struct winsize	 ws;
	struct termios	 tio;
	char		*shell_argv[3];
	char *const	*argv;
	int		 master = -1, slave = -1;
	pid_t		 pid;

	if (sp->argv != NULL && sp->argv[0] != NULL)
		argv = sp->argv;
	else {
		shell_argv[0] = (char *)pty_default_shell();
		shell_argv[1] = (char *)"-l";
		shell_argv[2] = NULL;
		argv = shell_argv;
	}

	memset(&ws, 0, sizeof ws);
	ws.ws_col = (unsigned short)(sp->cols > 0 ? sp->cols : 80);
	ws.ws_row = (unsigned short)(sp->rows > 0 ? sp->rows : 24);
	if (pty_open(&master, &slave, &ws, cause) != 0)
		return (-1);
	if (tcgetattr(slave, &tio) == 0) {
		tio.c_iflag |= IUTF8;
		tio.c_cc[VERASE] = 0x7f;
		tcsetattr(slave, TCSANOW, &tio);
	}
	fcntl(master, F_SETFD, FD_CLOEXEC);
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);

	switch (pid = fork()) {
	case -1:
		set_cause(cause, "cannot fork: %s", strerror(errno));
		close(master);
		close(slave);
		return (-1);
	case 0:
		close(master);
		pty_child(slave, argv, sp->cwd, sp->env);
		/* NOTREACHED */
	}
	close(slave);
	*masterp = master;
	*pidp = pid;
	if (command != NULL)
		*command = pty_argv_text(argv);
	return (0);
}

static void
pty_watch(struct pty *p, int fd)
{
	p->fd = fd;
	uv_poll_init(p->loop, &p->poll, fd);
	p->poll.data = p;
	p->handles++;
	p->polling = 1;
}

static struct pty *
pty_new(uv_loop_t *loop, int fd, const struct pty_hooks *hooks, void *arg)
{
	struct pty	*p;

	p = xcalloc(1, sizeof *p);
	p->loop = loop;
	p->fd = fd;
	p->hooks = hooks;
	p->arg = arg;
	p->alive = 1;
	p->status = -1;
	buf_init(&p->wq);
	uv_signal_init(loop, &p->sigchld);
	uv_timer_init(loop, &p->timer);
	p->sigchld.data = p->timer.data = p;
	p->handles = 2;
	if (fd != -1)
		pty_watch(p, fd);
	return (p);
}

int
pty_spawn(uv_loop_t *loop, const struct pty_spawn *sp, struct pty **out,
    char **cause)
{
	struct pty	*p;
	int		 master, rc;
	pid_t		 pid;

	/* A placeholder fd until the fork: the watcher starts first. */
	p = pty_new(loop, -1, sp->hooks, sp->arg);
	if ((rc = uv_signal_start(&p->sigchld, pty_sigchld_cb,
	    SIGCHLD)) != 0) {
		set_cause(cause, "cannot watch SIGCHLD: %s", uv_strerror(rc));
		p->alive = 0;
		pty_destroy(p);
		return (-1);
	}
	if (pty_fork(sp, &master, &pid, &p->command, cause) != 0) {
		p->alive = 0;
		pty_destroy(p);
		return (-1);
	}
	pty_watch(p, master);
	p->pid = pid;
	pty_update(p);
	*out = p;
	return (0);
}

int
pty_adopt(uv_loop_t *loop, const struct pty_adopt *pa, struct pty **out)
{
	struct pty	*p;

	p = pty_new(loop, pa->fd, pa->hooks, pa->arg);
	fcntl(pa->fd, F_SETFD, FD_CLOEXEC);
	fcntl(pa->fd, F_SETFL, fcntl(pa->fd, F_GETFL) | O_NONBLOCK);
	p->pid = pa->pid;
	p->adopted = 1;
	p->signal = pa->signal;
	p->signal_arg = pa->signal_arg;
	p->command = xstrdup(pa->command != NULL ? pa->command : "");
	pty_update(p);
	if (pa->status >= 0)
		pty_exited(p, pa->status);
	*out = p;
	return (0);
}

int
pty_resize(struct pty *p, int cols, int rows, char **cause)
{
	struct winsize	ws;

	if (p->freed || p->eof)
		return (0);
	memset(&ws, 0, sizeof ws);
	ws.ws_col = (unsigned short)cols;
	ws.ws_row = (unsigned short)rows;
	if (ioctl(p->fd, TIOCSWINSZ, &ws) != 0)
		return (set_cause(cause, "cannot resize the pty: %s",
		    strerror(errno)));
	return (0);
}

void
pty_write(struct pty *p, const void *data, size_t len)
{
	if (p->freed || p->eof || len == 0)
		return;
	buf_add(&p->wq, data, len);
	pty_flush(p);
	pty_update(p);
}

size_t
pty_queued(struct pty *p)
{
	return (p->wq.len);
}

void
pty_pause(struct pty *p)
{
	p->paused = 1;
	pty_update(p);
}

void
pty_resume(struct pty *p)
{
	p->paused = 0;
	pty_update(p);
}

int
pty_paused(struct pty *p)
{
	return (p->paused);
}

void
pty_hangup(struct pty *p, double grace)
{
	if (p->freed || (!p->alive && !p->orphan) || p->hungup)
		return;
	p->hungup = 1;
	pty_kill(p, SIGHUP);
	pty_kill(p, SIGCONT);
	/* A stopped reader would keep the pty from draining. */
	p->paused = 0;
	pty_update(p);
	uv_timer_start(&p->timer, pty_timer_cb,
	    (uint64_t)(grace > 0 ? grace * 1000 : 0), 0);
}

void
pty_destroy(struct pty *p)
{
	pid_t	r;
	int	st;

	if (p == NULL || p->freed)
		return;
	p->freed = 1;
	/* An adopted child is its reaper's to end (or to keep). */
	if (p->alive && p->pid > 0 && !p->adopted) {
		kill(-p->pid, SIGKILL);
		kill(p->pid, SIGKILL);
		do
			r = waitpid(p->pid, &st, 0);
		while (r < 0 && errno == EINTR);
		p->alive = 0;
	}
	if (p->polling)
		uv_close((uv_handle_t *)&p->poll, pty_close_cb);
	uv_close((uv_handle_t *)&p->sigchld, pty_close_cb);
	uv_close((uv_handle_t *)&p->timer, pty_close_cb);
	if (p->fd != -1)
		close(p->fd);
}

pid_t
pty_pid(struct pty *p)
{
	return (p->pid);
}

int
pty_alive(struct pty *p)
{
	return (p->alive);
}

const char *
pty_command(struct pty *p)
{
	return (p->command);
}
