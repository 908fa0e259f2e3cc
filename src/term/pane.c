/*
 * pane.c: a shell pane: pty + screen + recording (see pane.h).
 *
 * The recording is a batch of the store's (store.h): records (kind, wall
 * ms, elapsed, offset and length) over one byte buffer. Output read in the
 * same millisecond is merged into one record, so a flood makes a few rows
 * a millisecond at most, and replay timing stays exact to the millisecond.
 * pane_flush hands the batch to the store's writer thread, which commits
 * it in one transaction of its own, and starts a new one: the loop never
 * waits for the disk. A batch is handed over at PANE_BATCH_MAX at the
 * latest, which bounds the writer's transactions, and so how long the
 * loop's own writes can wait behind one. If the store refuses a batch, it
 * is dropped with a line in the log rather than kept. pane_destroy waits
 * until everything the pane handed over is committed.
 *
 * The shell's environment gets TERM=xterm-256color (what libvterm answers
 * to), COLORTERM=truecolor and BASELINER_PANE. For bash, PROMPT_COMMAND
 * adds OSC 133 marks to the prompt (A before it, B after it, D with $? at
 * the next prompt) and PS0 marks C when a command starts; the marks are
 * invisible, and the screen model turns them into `command` rows. A user's
 * own PROMPT_COMMAND in their rc files simply replaces ours. A login shell
 * (argv NULL) given a bindir gets it first in PATH, also after a profile
 * that sets PATH afresh: see pane_rc.
 */
#include "config.h"

#include <sys/ioctl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "holder.h"
#include "pane.h"
#include "pty.h"
#include "store.h"
#include "term.h"
#include "utf8.h"
#include "util.h"

/* Flush early once this much is batched. */
#define PANE_BATCH_MAX	(4 * 1024 * 1024)

extern char **environ;

struct pane {
	int			 id;
	uv_loop_t		*loop;
	struct store		*store;
	struct pty		*pty;
	struct term		*term;
	int			 cols;
	int			 rows;
	char			*command;

	double			(*clock)(void *);
	void			*clock_arg;
	const struct pane_hooks	*hooks;
	void			*arg;

	int			 alive;
	int			 status;
	int			 replaying;	/* rebuilding the screen */
	struct holder		*holder;	/* holds the shell, or NULL */
	int			 in_input;	/* term output is user input */
	int			 closed;	/* pane row closed */
	uint64_t		 bytes_read;

	struct store_batch	*batch;		/* NULL: nothing since the flush */
	uint64_t		 ticket;	/* last handed over, 0 none */

	int64_t			 command_id;	/* row being run, or -1 */
};

static const char pane_prompt_command[] =
    "__bl_s=$?;printf '\\033]133;D;%s\\007' \"$__bl_s\";"
    "case \"$PS1\" in *'133;B'*);;"
    "*)PS1='\\[\\033]133;A\\007\\]'\"$PS1\"'\\[\\033]133;B\\007\\]';;esac";
static const char pane_ps0[] = "\\033]133;C\\007";

static double
pane_elapsed(struct pane *p)
{
	return (p->clock != NULL ? p->clock(p->clock_arg) : 0.0);
}

static void
pane_record(struct pane *p, char kind, const void *data, size_t len)
{
	char	*cause = NULL;

	if (p->store == NULL || len == 0)
		return;
	if (p->batch == NULL)
		p->batch = store_batch_get(p->store, p->id);
	store_batch_add(p->batch, kind, wall_ms(), pane_elapsed(p), data, len);
	if (p->batch->data.len >= PANE_BATCH_MAX && pane_flush(p, &cause) != 0) {
		log_warn("pane %d: recording: %s", p->id, cause);
		free(cause);
	}
}

int
pane_flush(struct pane *p, char **cause)
{
	struct store_batch	*b = p->batch;

	if (p->store == NULL || b == NULL || b->nrecs == 0)
		return (0);
	p->batch = NULL;
	return (store_batch_write(p->store, b, &p->ticket, cause));
}

size_t
pane_pending(struct pane *p)
{
	return (p->batch != NULL ? p->batch->data.len : 0);
}

uint64_t
pane_bytes_read(struct pane *p)
{
	return (p->bytes_read);
}

static void
pane_read_cb(struct pty *pty, const char *data, size_t len, void *arg)
{
	struct pane	*p = arg;

	p->bytes_read += len;
	pane_record(p, 'o', data, len);
	term_write(p->term, data, len);
}

static void
pane_close_row(struct pane *p)
{
	char	 when[40];
	char	*cause = NULL;

	if (p->store == NULL || p->closed)
		return;
	p->closed = 1;
	wall_iso(wall_ms(), when, sizeof when);
	if (store_exec(p->store, &cause, "UPDATE pane SET closed_wall = ? "
	    "WHERE id = ?", store_text(when), store_int(p->id)) != 0) {
		log_warn("pane %d: %s", p->id, cause);
		free(cause);
	}
}

static void
pane_exit_cb(struct pty *pty, int status, void *arg)
{
	struct pane	*p = arg;
	char		*cause = NULL;

	p->alive = 0;
	p->status = status;
	if (pane_flush(p, &cause) != 0) {
		log_warn("pane %d: recording: %s", p->id, cause);
		free(cause);
	}
	pane_close_row(p);
	if (p->hooks->exit != NULL)
		p->hooks->exit(p, status, p->arg);
}

static const struct pty_hooks pane_pty_hooks = {
	.read = pane_read_cb,
	.exit = pane_exit_cb
};

static void
pane_term_output_cb(struct term *t, const char *data, size_t len, void *arg)
{
	struct pane	*p = arg;

	/* Answers to queries met in a replay were answered long ago. */
	if (p->replaying)
		return;
	if (p->in_input)
		pane_record(p, 'i', data, len);
	if (p->pty != NULL)
		pty_write(p->pty, data, len);
}

static void
pane_term_changed_cb(struct term *t, void *arg)
{
	struct pane	*p = arg;

	if (p->hooks->changed != NULL)
		p->hooks->changed(p, p->arg);
}

static void
pane_term_bell_cb(struct term *t, void *arg)
{
	struct pane	*p = arg;

	if (p->hooks->bell != NULL)
		p->hooks->bell(p, p->arg);
}

static char *
pane_cwd(struct pane *p)
{
	char	 path[64], dir[4096];
	ssize_t	 n;

	if (p->pty == NULL)
		return (NULL);
	snprintf(path, sizeof path, "/proc/%ld/cwd", (long)pty_pid(p->pty));
	if ((n = readlink(path, dir, sizeof dir - 1)) <= 0)
		return (NULL);
	/* A folder's name is bytes: valid UTF-8 from here on. */
	return (utf8_sanitize(dir, (size_t)n));
}

static void
pane_term_mark_cb(struct term *t, const struct term_mark *m, void *arg)
{
	struct pane	*p = arg;
	char		 when[40], *cwd, *cause = NULL;
	int		 rc = 0;

	if (p->store == NULL || p->replaying)
		return;
	wall_iso(wall_ms(), when, sizeof when);
	if (m->kind == 'C') {
		cwd = pane_cwd(p);
		rc = store_exec(p->store, &cause, "INSERT INTO command "
		    "(pane_id, start_wall, start_elapsed, cwd, cmdline) "
		    "VALUES (?, ?, ?, ?, ?)", store_int(p->id),
		    store_text(when), store_real(pane_elapsed(p)),
		    store_text(cwd),
		    store_text(m->cmdline != NULL ? m->cmdline : ""));
		free(cwd);
		p->command_id = rc == 0 ? store_last_id(p->store) : -1;
	} else if (m->kind == 'D' && p->command_id != -1) {
		/* No status (OSC 133;D alone) stores NULL, not -1. */
		rc = store_exec(p->store, &cause, "UPDATE command SET "
		    "end_wall = ?, end_elapsed = ?, exit_status = ? "
		    "WHERE id = ?", store_text(when),
		    store_real(pane_elapsed(p)),
		    m->status >= 0 ? store_int(m->status) : store_null(),
		    store_int(p->command_id));
		p->command_id = -1;
	}
	if (rc != 0) {
		log_warn("pane %d: command: %s", p->id, cause);
		free(cause);
	}
}

static const struct term_hooks pane_term_hooks = {
	.output = pane_term_output_cb,
	.changed = pane_term_changed_cb,
	.bell = pane_term_bell_cb,
	.mark = pane_term_mark_cb
};

/*
 * The start-up file of a login shell in a pane (pane_open's rcfile). A
 * login shell's profile may set PATH afresh (Debian's /etc/profile does),
 * so the folder of the running baseliner is put first in PATH after it,
 * from this file: bash reads it as its --rcfile, started as an interactive
 * shell that reads first what a login bash reads (BASELINER_RC_LOGIN says
 * so; a bash started later in the pane doesn't see it); other shells are
 * started as login shells and read it as $ENV, after their profile (and
 * then read the $ENV the pane would have had).
 */
static const char pane_rc[] =
    "# The start-up file of the shells of a baseliner session's workbench,\n"
    "# written by its server (see baseliner-attach(1), ENVIRONMENT).\n"
    "if [ -n \"${BASELINER_RC_LOGIN-}\" ]; then\n"
    "\tunset BASELINER_RC_LOGIN\n"
    "\tif [ -r /etc/profile ]; then . /etc/profile; fi\n"
    "\tif [ -r ~/.bash_profile ]; then . ~/.bash_profile\n"
    "\telif [ -r ~/.bash_login ]; then . ~/.bash_login\n"
    "\telif [ -r ~/.profile ]; then . ~/.profile\n"
    "\tfi\n"
    "fi\n"
    "if [ -n \"${BASELINER_ENV-}\" ] && [ -r \"$BASELINER_ENV\" ]; then\n"
    "\t. \"$BASELINER_ENV\"\n"
    "fi\n"
    "if [ -n \"${BASELINER_BIN-}\" ]; then\n"
    "\tcase \"$PATH\" in\n"
    "\t\"$BASELINER_BIN\" | \"$BASELINER_BIN\":*) ;;\n"
    "\t*) PATH=\"$BASELINER_BIN${PATH:+:$PATH}\"; export PATH ;;\n"
    "\tesac\n"
    "fi\n";

/* How the shell reads pane_rc: not at all, as bash's --rcfile, as $ENV. */
enum pane_rc_kind { PANE_RC_NONE, PANE_RC_BASH, PANE_RC_ENV };

/* Write pane_rc to path unless it is there already. */
static int
pane_write_rc(const char *path)
{
	char	*data = NULL, *cause = NULL;
	size_t	 len;
	int	 same;

	if (file_read(path, &data, &len, NULL) == 0) {
		same = len == sizeof pane_rc - 1 &&
		    memcmp(data, pane_rc, len) == 0;
		free(data);
		if (same)
			return (0);
	}
	if (file_write(path, pane_rc, sizeof pane_rc - 1, &cause) != 0) {
		log_warn("the shells' start-up file: %s", cause);
		free(cause);
		return (-1);
	}
	return (0);
}

/* Does name=value set one of the variables we set ourselves? */
static int
pane_env_ours(const char *s, int marks, enum pane_rc_kind rc)
{
	static const char *const ours[] = {
		"TERM=", "COLORTERM=", "BASELINER_PANE=", "TMUX=",
		"TMUX_PANE=", "BASELINER_BIN=", "BASELINER_RC_LOGIN=",
		"BASELINER_ENV="
	};
	unsigned int	i;

	for (i = 0; i < nitems(ours); i++) {
		if (strncmp(s, ours[i], strlen(ours[i])) == 0)
			return (1);
	}
	if (marks && (strncmp(s, "PROMPT_COMMAND=", 15) == 0 ||
	    strncmp(s, "PS0=", 4) == 0))
		return (1);
	if (rc != PANE_RC_NONE && strncmp(s, "PATH=", 5) == 0)
		return (1);
	if (rc == PANE_RC_ENV && strncmp(s, "ENV=", 4) == 0)
		return (1);
	return (0);
}

static char **
pane_env(const struct pane_open *po, int marks, enum pane_rc_kind rc)
{
	char *const	*in = po->env != NULL ? po->env : environ;
	char		**env;
	const char	*path = NULL, *user_env = NULL;
	size_t		 n, i, j = 0;

	for (n = 0; in[n] != NULL; n++) {
		if (strncmp(in[n], "PATH=", 5) == 0)
			path = in[n] + 5;
		else if (strncmp(in[n], "ENV=", 4) == 0)
			user_env = in[n] + 4;
	}
	env = xcalloc(n + 12, sizeof *env);
	for (i = 0; i < n; i++) {
		if (!pane_env_ours(in[i], marks, rc))
			env[j++] = xstrdup(in[i]);
	}
	env[j++] = xstrdup("TERM=xterm-256color");
	env[j++] = xstrdup("COLORTERM=truecolor");
	env[j++] = xasprintf("BASELINER_PANE=%d", po->id);
	if (marks) {
		env[j++] = xasprintf("PROMPT_COMMAND=%s", pane_prompt_command);
		env[j++] = xasprintf("PS0=%s", pane_ps0);
	}
	if (rc != PANE_RC_NONE) {
		/* First in PATH from the start too, for what reads no rc. */
		env[j++] = xasprintf("BASELINER_BIN=%s", po->bindir);
		if (path == NULL || *path == '\0')
			env[j++] = xasprintf("PATH=%s", po->bindir);
		else
			env[j++] = xasprintf("PATH=%s:%s", po->bindir, path);
	}
	if (rc == PANE_RC_BASH)
		env[j++] = xstrdup("BASELINER_RC_LOGIN=1");
	if (rc == PANE_RC_ENV) {
		env[j++] = xasprintf("ENV=%s", po->rcfile);
		if (user_env != NULL && *user_env != '\0')
			env[j++] = xasprintf("BASELINER_ENV=%s", user_env);
	}
	env[j] = NULL;
	return (env);
}

static void
pane_env_free(char **env)
{
	size_t	i;

	for (i = 0; env[i] != NULL; i++)
		free(env[i]);
	free(env);
}

/* Will the pane run bash (argv, or the default shell)? */
static int
pane_is_bash(char *const *argv)
{
	const char	*s, *base;

	if (argv != NULL && argv[0] != NULL)
		s = argv[0];
	else
		s = pty_default_shell();
	base = strrchr(s, '/');
	base = base != NULL ? base + 1 : s;
	return (strcmp(base, "bash") == 0);
}

static struct pane *
pane_create(const struct pane_open *po, int cols, int rows)
{
	struct pane	*p;

	p = xcalloc(1, sizeof *p);
	p->id = po->id;
	p->loop = po->loop;
	p->store = po->store;
	p->cols = cols > 0 ? cols : 80;
	p->rows = rows > 0 ? rows : 24;
	p->clock = po->clock;
	p->clock_arg = po->clock_arg;
	p->hooks = po->hooks;
	p->arg = po->arg;
	p->holder = po->holder;
	p->command_id = -1;
	p->term = term_create(p->cols, p->rows, po->history > 0 ?
	    po->history : PANE_HISTORY, &pane_term_hooks, p);
	return (p);
}

/* An adopted pty's signals go to the holder, which owns the child. */
static void
pane_signal_cb(void *arg, int sig)
{
	struct pane	*p = arg;

	if (p->holder != NULL)
		holder_signal(p->holder, p->id, sig);
}

static void
pane_adopt_pty(struct pane *p, int fd, pid_t pid, int status,
    const char *command)
{
	struct pty_adopt	pa;

	memset(&pa, 0, sizeof pa);
	pa.fd = fd;
	pa.pid = pid;
	pa.status = status;
	pa.command = command;
	pa.hooks = &pane_pty_hooks;
	pa.arg = p;
	pa.signal = pane_signal_cb;
	pa.signal_arg = p;
	pty_adopt(p->loop, &pa, &p->pty);
	p->alive = 1;
	p->command = xstrdup(command);
}

int
pane_open(const struct pane_open *po, struct pane **out, char **cause)
{
	struct pane	*p;
	struct pty_spawn sp;
	char		**env, size[32], when[40], *command, *rc_argv[4];
	char *const	*argv = po->argv;
	enum pane_rc_kind rc_kind = PANE_RC_NONE;
	int		 n, rc, fd;
	pid_t		 pid;

	p = pane_create(po, po->cols, po->rows);
	if (argv == NULL && po->bindir != NULL && po->rcfile != NULL &&
	    pane_write_rc(po->rcfile) == 0) {
		rc_argv[0] = (char *)pty_default_shell();
		if (pane_is_bash(rc_argv)) {
			rc_kind = PANE_RC_BASH;
			rc_argv[1] = (char *)"--rcfile";
			rc_argv[2] = (char *)po->rcfile;
		} else {
			rc_kind = PANE_RC_ENV;
			rc_argv[1] = (char *)"-l";
			rc_argv[2] = NULL;
		}
		rc_argv[3] = NULL;
		argv = rc_argv;
	}
	env = pane_env(po, !po->no_marks && pane_is_bash(argv), rc_kind);
	memset(&sp, 0, sizeof sp);
	sp.argv = argv;
	sp.cwd = po->cwd;
	sp.env = env;
	sp.cols = p->cols;
	sp.rows = p->rows;
	sp.hooks = &pane_pty_hooks;
	sp.arg = p;
	if (p->holder != NULL) {
		rc = holder_spawn(p->holder, p->id, &sp, &fd, &pid, &command,
		    cause);
		if (rc == 0) {
			pane_adopt_pty(p, fd, pid, -1, command);
			free(command);
		}
	} else {
		rc = pty_spawn(po->loop, &sp, &p->pty, cause);
		if (rc == 0) {
			p->alive = 1;
			p->command = xstrdup(pty_command(p->pty));
		}
	}
	pane_env_free(env);
	if (rc != 0) {
		term_destroy(p->term);
		free(p);
		return (-1);
	}

	if (p->store != NULL) {
		wall_iso(wall_ms(), when, sizeof when);
		if (store_exec(p->store, cause, "INSERT OR REPLACE INTO pane "
		    "(id, opened_wall, command, cols, rows) VALUES "
		    "(?, ?, ?, ?, ?)", store_int(p->id), store_text(when),
		    store_text(p->command), store_int(p->cols),
		    store_int(p->rows)) != 0) {
			log_warn("pane %d: %s", p->id, *cause);
			free(*cause);
			*cause = NULL;
		}
	}
	n = snprintf(size, sizeof size, "%dx%d", p->cols, p->rows);
	pane_record(p, 'r', size, (size_t)n);
	*out = p;
	return (0);
}

/* Rebuild the screen from the end of the recording. */
static void
pane_replay(struct pane *p)
{
	struct store_cursor	*c;
	const void		*data;
	size_t			 len;
	char			*cause = NULL;

	if (p->store == NULL)
		return;
	c = store_select(p->store, &cause, "SELECT data FROM recording WHERE "
	    "pane_id = ? AND kind = 'o' AND id >= (SELECT COALESCE(min(id), "
	    "0) FROM (SELECT id, sum(length(data)) OVER (ORDER BY id DESC) "
	    "AS tail FROM recording WHERE pane_id = ? AND kind = 'o') WHERE "
	    "tail <= ?) ORDER BY id", store_int(p->id), store_int(p->id),
	    store_int(PANE_REPLAY));
	if (c == NULL) {
		log_warn("pane %d: cannot replay its recording: %s", p->id,
		    cause);
		free(cause);
		return;
	}
	p->replaying = 1;
	while (store_next(c, NULL) == 1) {
		if ((data = store_col_blob(c, 0, &len)) != NULL)
			term_write(p->term, data, len);
	}
	p->replaying = 0;
	store_cursor_end(c);
}

int
pane_adopt(const struct pane_open *po, struct holder_pane *hp,
    struct pane **out, char **cause)
{
	struct pane	*p;
	struct winsize	 ws;
	int		 cols = 80, rows = 24;

	if (ioctl(hp->fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 &&
	    ws.ws_row > 0) {
		cols = ws.ws_col;
		rows = ws.ws_row;
	}
	p = pane_create(po, cols, rows);
	/* Its row is there from the server that opened it. */
	p->closed = 0;
	pane_replay(p);
	pane_adopt_pty(p, hp->fd, hp->pid, hp->status, hp->command);
	hp->fd = -1;
	*out = p;
	return (0);
}

void
pane_exited(struct pane *p, int status)
{
	if (p->alive)
		pty_exited(p->pty, status);
}

void
pane_orphaned(struct pane *p)
{
	p->holder = NULL;
	if (p->alive)
		pty_orphaned(p->pty);
}

void
pane_detach(struct pane *p)
{
	char	*cause = NULL;

	if (p == NULL)
		return;
	if (pane_flush(p, &cause) != 0) {
		log_warn("pane %d: recording: %s", p->id, cause);
		free(cause);
	}
	if (p->store != NULL && p->ticket != 0)
		store_sync(p->store, p->ticket);
	pty_destroy(p->pty);
	term_destroy(p->term);
	store_batch_destroy(p->batch);
	free(p->command);
	free(p);
}

void
pane_hangup(struct pane *p, double grace)
{
	if (p->alive)
		pty_hangup(p->pty, grace);
}

void
pane_destroy(struct pane *p)
{
	char	*cause = NULL;

	if (p == NULL)
		return;
	if (pane_flush(p, &cause) != 0) {
		log_warn("pane %d: recording: %s", p->id, cause);
		free(cause);
	}
	if (p->store != NULL && p->ticket != 0)
		store_sync(p->store, p->ticket);
	pane_close_row(p);
	if (p->holder != NULL)
		holder_close_pane(p->holder, p->id);
	pty_destroy(p->pty);
	term_destroy(p->term);
	store_batch_destroy(p->batch);
	free(p->command);
	free(p);
}

int
pane_id(struct pane *p)
{
	return (p->id);
}

struct term *
pane_term(struct pane *p)
{
	return (p->term);
}

int
pane_alive(struct pane *p)
{
	return (p->alive);
}

pid_t
pane_pid(struct pane *p)
{
	return (p->pty != NULL ? pty_pid(p->pty) : -1);
}

const char *
pane_command(struct pane *p)
{
	return (p->command);
}

void
pane_size(struct pane *p, int *cols, int *rows)
{
	*cols = p->cols;
	*rows = p->rows;
}

int
pane_resize(struct pane *p, int cols, int rows, char **cause)
{
	char	size[32];
	int	n;

	if (cols < 1 || rows < 1 || cols > 4000 || rows > 2000)
		return (set_cause(cause, "bad pane size %dx%d", cols, rows));
	if (cols == p->cols && rows == p->rows)
		return (0);
	p->cols = cols;
	p->rows = rows;
	term_resize(p->term, cols, rows);
	n = snprintf(size, sizeof size, "%dx%d", cols, rows);
	pane_record(p, 'r', size, (size_t)n);
	if (p->alive)
		return (pty_resize(p->pty, cols, rows, cause));
	return (0);
}

void
pane_input(struct pane *p, const char *data, size_t len)
{
	if (!p->alive)
		return;
	pane_record(p, 'i', data, len);
	pty_write(p->pty, data, len);
}

int
pane_key(struct pane *p, const char *name, int mods)
{
	int	rc;

	if (!p->alive)
		return (0);
	p->in_input = 1;
	rc = term_key(p->term, name, mods);
	p->in_input = 0;
	return (rc);
}

void
pane_paste(struct pane *p, const char *data, size_t len)
{
	if (!p->alive)
		return;
	p->in_input = 1;
	term_paste(p->term, data, len);
	p->in_input = 0;
}

void
pane_mouse(struct pane *p, int x, int y, int button, int pressed, int mods)
{
	if (!p->alive)
		return;
	p->in_input = 1;
	term_mouse(p->term, x, y, button, pressed, mods);
	p->in_input = 0;
}

void
pane_pause(struct pane *p)
{
	if (p->alive)
		pty_pause(p->pty);
}

void
pane_resume(struct pane *p)
{
	if (p->alive)
		pty_resume(p->pty);
}

int
pane_paused(struct pane *p)
{
	return (p->alive && pty_paused(p->pty));
}
