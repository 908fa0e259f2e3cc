/*
 * pane.h: one shell pane of the session: a child on a pty (pty.h), its
 * screen (term.h) and its recording.
 *
 * Output read from the pty goes into the screen and into the recording;
 * input from the participant goes to the pty and into the recording. The
 * recording is batched in memory and handed by pane_flush to the store's
 * writer thread (the owner calls it at least once a second; the pane calls
 * it itself when the batch gets large), so a crash loses at most about the
 * last second. Prompt marks (OSC 133) become rows of the `command` table.
 *
 * A pane knows nothing of clients or of the server: its owner gives it a
 * loop, a store (or none), a clock and hooks. The server's side is
 * srv_pane.c.
 */
#ifndef BASELINER_PANE_H
#define BASELINER_PANE_H

#include <sys/types.h>

#include <stdint.h>
#include <uv.h>

struct pane;
struct store;
struct term;

#define PANE_HISTORY	10000	/* scrollback lines, by default */
#define PANE_REPLAY	(1024 * 1024)	/* output replayed on a takeover */

struct pane_hooks {
	void	(*changed)(struct pane *, void *);	/* a frame is due */
	void	(*bell)(struct pane *, void *);
	void	(*exit)(struct pane *, int status, void *);
};

struct pane_open {
	uv_loop_t	*loop;
	struct store	*store;		/* NULL: no recording */
	int		 id;
	char *const	*argv;		/* NULL: a login shell */
	const char	*cwd;
	char *const	*env;		/* NULL: this process's */
	int		 cols;
	int		 rows;
	int		 history;	/* 0: PANE_HISTORY */
	int		 no_marks;	/* don't set up bash's prompt marks */
	double		(*clock)(void *);	/* elapsed seconds; NULL: 0 */
	void		*clock_arg;
	const struct pane_hooks *hooks;
	void		*arg;
	struct holder	*holder;	/* fork the shell there; NULL: here */
	/* With argv NULL: a folder the login shell's PATH starts with (after
	 * its profile has run), and where to write the start-up file that
	 * puts it there; either NULL: neither. */
	const char	*bindir;
	const char	*rcfile;
};

/* A new pane with a new shell on a new terminal (a pty it opens, or one
 * the holder forks): the pane is the caller's, ended with pane_destroy
 * (or pane_detach, which keeps the shell in the holder). */
int		 pane_open(const struct pane_open *, struct pane **, char **);
/*
 * Take over a shell the holder kept while no server ran (holder.h): po
 * gives the loop, store, id, clock and hooks; the screen is rebuilt from
 * the end of the pane's recording (its last PANE_REPLAY bytes of output).
 */
struct holder_pane;
int		 pane_adopt(const struct pane_open *, struct holder_pane *,
		     struct pane **, char **);
/* The holder has reaped the shell: its exit status. */
void		 pane_exited(struct pane *, int status);
/* The holder is gone: signal the shell ourselves, and report its end at
 * the end of its output. */
void		 pane_orphaned(struct pane *);
/* Let go of a pane whose shell lives on in the holder: flush and commit
 * the recording, free, keep the shell and the pane row. */
void		 pane_detach(struct pane *);
/* Hang the shell up; the exit hook follows once it is gone. */
void		 pane_hangup(struct pane *, double grace);
/* Flush the recording and wait until it is committed, close the pane row,
 * kill what is left, free. */
void		 pane_destroy(struct pane *);

int		 pane_id(struct pane *);
struct term	*pane_term(struct pane *);
int		 pane_alive(struct pane *);
/* The shell's pid: its terminal session's id. */
pid_t		 pane_pid(struct pane *);
const char	*pane_command(struct pane *);
void		 pane_size(struct pane *, int *cols, int *rows);
int		 pane_resize(struct pane *, int cols, int rows, char **);

void		 pane_input(struct pane *, const char *, size_t);
int		 pane_key(struct pane *, const char *name, int mods);
void		 pane_paste(struct pane *, const char *, size_t);
void		 pane_mouse(struct pane *, int x, int y, int button,
		     int pressed, int mods);

/* Flow control: stop and restart reading the pty. */
void		 pane_pause(struct pane *);
void		 pane_resume(struct pane *);
int		 pane_paused(struct pane *);

/* Hand the batched recording to the store's writer (store_batch_write),
 * which commits it in one transaction; pane_destroy waits for it. */
int		 pane_flush(struct pane *, char **);
size_t		 pane_pending(struct pane *);
uint64_t	 pane_bytes_read(struct pane *);

#endif
