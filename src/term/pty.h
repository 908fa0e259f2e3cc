/*
 * pty.h: a child process on a pseudo-terminal, driven by a libuv loop.
 *
 * libuv's uv_spawn cannot make a pty the child's controlling terminal, so
 * the child is forked here (openpty, setsid, TIOCSCTTY) and the master is
 * watched with a uv_poll. The child is reaped by its own pid from a SIGCHLD
 * watcher, never with waitpid(-1): libuv reaps the processes it spawned
 * (the scorer) itself.
 *
 * Reading is bounded: at most PTY_READ_BUDGET bytes per loop turn, so that
 * a flood in one pane never starves the rest of the loop. The owner may
 * pause reading (flow control) and resume it.
 *
 * The exit callback comes once, after the child has been reaped and its
 * output drained (or a second after it was reaped, if a background job
 * still holds the terminal open). pty_destroy may be called at any time,
 * including from the callbacks; memory goes once libuv has closed the
 * handles.
 */
#ifndef BASELINER_PTY_H
#define BASELINER_PTY_H

#include <sys/types.h>
#include <uv.h>

#define PTY_READ_BUDGET	(32 * 1024)

struct pty;

struct pty_hooks {
	void	(*read)(struct pty *, const char *, size_t, void *);
	/* status: the exit code, or 128 + the signal that killed it. */
	void	(*exit)(struct pty *, int status, void *);
};

struct pty_spawn {
	char *const	*argv;		/* NULL: $SHELL -l (or /bin/bash -l) */
	const char	*cwd;		/* NULL: inherit */
	char *const	*env;		/* NULL: inherit */
	int		 cols;
	int		 rows;
	const struct pty_hooks *hooks;
	void		*arg;
};

/* The default shell: $SHELL if it can be run, else bash, else sh. */
const char *pty_default_shell(void);

int	 pty_spawn(uv_loop_t *, const struct pty_spawn *, struct pty **,
	     char **);

/*
 * Fork a child on a new pty without a loop (the holder's way): the master
 * (non-blocking, close-on-exec), the pid and, if command is not NULL, the
 * command line. The caller reaps the child.
 */
int	 pty_fork(const struct pty_spawn *, int *master, pid_t *pid,
	     char **command, char **cause);
/* A wait(2) status as a pty's exit status. */
int	 pty_wait_status(int);

/*
 * A child that another process (the holder) forked and reaps: the pty
 * takes a copy of its master fd. Its signals go through signal(); its end
 * is told with pty_exited; pty_destroy neither kills it nor waits.
 */
struct pty_adopt {
	int		 fd;		/* the master; the pty owns it */
	pid_t		 pid;
	int		 status;	/* -1: running, else its exit status */
	const char	*command;
	const struct pty_hooks *hooks;
	void		*arg;
	void		(*signal)(void *, int sig);
	void		*signal_arg;
};
int	 pty_adopt(uv_loop_t *, const struct pty_adopt *, struct pty **);
void	 pty_exited(struct pty *, int status);
/* Its reaper is gone: signal it ourselves; its end is the end of its
 * output (status unknown, -1). */
void	 pty_orphaned(struct pty *);
int	 pty_resize(struct pty *, int cols, int rows, char **);
void	 pty_write(struct pty *, const void *, size_t);
size_t	 pty_queued(struct pty *);
void	 pty_pause(struct pty *);
void	 pty_resume(struct pty *);
int	 pty_paused(struct pty *);
/* Hang up: SIGHUP to the child's process group now, SIGKILL after grace
 * seconds if it is still there. The exit callback follows. */
void	 pty_hangup(struct pty *, double grace);
/* Stop everything; a child still running is killed and reaped now. */
void	 pty_destroy(struct pty *);
pid_t	 pty_pid(struct pty *);
int	 pty_alive(struct pty *);
/* The command line the pty runs, for the pane table: "/bin/bash -l". */
const char *pty_command(struct pty *);

#endif
