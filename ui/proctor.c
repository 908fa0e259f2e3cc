/*
 * proctor.c: `baseliner proctor`, the proctor's dashboard: every session of
 * every host, one row each, as htop shows processes.
 *
 * Each host is a command that prints its follow stream (src/cli/
 * cmd_follow.c): this binary itself for the local host, `ssh HOST
 * baseliner` for the others (or the command the hosts file gives), with
 * `status --all --json --follow` appended. Nothing else crosses the
 * network: a lab's ssh keys, jump hosts and ~/.ssh/config apply, and
 * actions are the same commands run the same way (`ssh HOST baseliner
 * pause -s ID --reason R`), so the host's server records who did them.
 * A stream that ends marks its host unreachable and is started again,
 * after 1, 2, 4 ... up to 30 seconds.
 *
 * The rows come from proctor_model.c; this file only runs the streams,
 * draws and reads keys.
 */
#include "config.h"

#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "draw.h"
#include "proctor_model.h"
#include "util.h"

extern const struct cmd_entry cmd_proctor_entry;

struct px_host {
	struct pm_host	*m;
	char		**argv;		/* the command before "status ..." */
	int		  argc;
	pid_t		  pid;
	int		  fd;
	struct buf	  in;
	double		  retry_at;
	int		  fails;
};

/* The grid (key g): the first pane of up to PX_TILES sessions, small,
 * each fetched with `peek` on its host every PX_PEEK_S seconds. */
#define PX_TILES	6
#define PX_PEEK_S	3.0

struct px_tile {
	struct pm_host	*host;
	char		*id;
	pid_t		 pid;
	int		 fd;
	struct buf	 in;
	char		*text;		/* the last screen, or why none */
	double		 next;		/* when to peek again */
	int		 rows, cols;
};

static struct {
	struct pm	*pm;
	struct px_host	*hosts;
	size_t		 nhosts;
	char		 filter[128];
	enum pm_sort	 sort;
	int		 reverse;
	int		 sel;
	int		 top;
	int		 detail;
	char		 status[512];
	char		*log[6];	/* the last alerts, newest first */
	int		 grid;
	struct px_tile	 tiles[PX_TILES];
} px;

/* Split a command line on blanks (no shell: no quoting). */
static void
px_split(const char *cmd, char ***argv, int *argc)
{
	char	*copy = xstrdup(cmd), *p, *save = NULL;

	*argv = NULL;
	*argc = 0;
	for (p = strtok_r(copy, " \t", &save); p != NULL;
	    p = strtok_r(NULL, " \t", &save)) {
		*argv = xreallocarray(*argv, *argc + 2, sizeof **argv);
		(*argv)[(*argc)++] = xstrdup(p);
	}
	free(copy);
}

static void
px_add_host(const char *name, const char *cmd)
{
	struct px_host	*h;
	char		 self[PATH_MAX], *line;
	ssize_t		 n;

	px.hosts = xreallocarray(px.hosts, px.nhosts + 1, sizeof *px.hosts);
	h = &px.hosts[px.nhosts++];
	memset(h, 0, sizeof *h);
	h->m = pm_host_add(px.pm, name);
	h->fd = -1;
	if (cmd != NULL && *cmd != '\0')
		px_split(cmd, &h->argv, &h->argc);
	else if (strcmp(name, "local") == 0) {
		if ((n = readlink("/proc/self/exe", self, sizeof self - 1)) < 0)
			snprintf(self, sizeof self, "baseliner");
		else
			self[n] = '\0';
		px_split(self, &h->argv, &h->argc);
	} else {
		line = xasprintf("ssh -o BatchMode=yes -o ServerAliveInterval=10 "
		    "-o ServerAliveCountMax=3 %s baseliner", name);
		px_split(line, &h->argv, &h->argc);
		free(line);
	}
}

/* A hosts file: "NAME [COMMAND...]" a line, # comments. */
static int
px_load_hosts(const char *path)
{
	FILE	*f;
	char	 line[1024], name[256];
	int	 n = 0, len;

	if ((f = fopen(path, "r")) == NULL)
		return (cmd_error("proctor", "%s: %s", path, strerror(errno)));
	while (fgets(line, sizeof line, f) != NULL) {
		n++;
		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, " %255s%n", name, &len) != 1 || *name == '#')
			continue;
		px_add_host(name, line + len);
	}
	fclose(f);
	if (px.nhosts == 0)
		return (cmd_error("proctor", "%s: no hosts in it", path));
	return (0);
}

/* Run argv (NULL-terminated); stdout (and stderr, with err) to a pipe. */
static pid_t
px_spawn(char **argv, int *fd, int err)
{
	int	p[2], devnull;
	pid_t	pid;

	if (pipe(p) != 0)
		return (-1);
	if ((pid = fork()) == -1) {
		close(p[0]);
		close(p[1]);
		return (-1);
	}
	if (pid == 0) {
		if ((devnull = open("/dev/null", O_RDWR)) != -1)
			dup2(devnull, 0);
		dup2(p[1], 1);
		dup2(err ? p[1] : (devnull != -1 ? devnull : 2), 2);
		close(p[0]);
		close(p[1]);
		setsid();	/* a ^C at the dashboard is not the stream's */
		execvp(argv[0], argv);
		fprintf(stderr, "%s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(p[1]);
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	*fd = p[0];
	return (pid);
}

static int
px_is_ssh(struct px_host *h)
{
	const char	*b = strrchr(h->argv[0], '/');

	return (strcmp(b != NULL ? b + 1 : h->argv[0], "ssh") == 0);
}

static char **
px_argv(struct px_host *h, const char *const *args, int tty)
{
	char	**argv;
	int	  n = 0, i, k;

	for (k = 0; args[k] != NULL; k++)
		;
	argv = xcalloc(h->argc + k + 2, sizeof *argv);
	for (i = 0; i < h->argc; i++) {
		argv[n++] = xstrdup(h->argv[i]);
		/* A read-only view needs ssh to give it a terminal. */
		if (i == 0 && tty && px_is_ssh(h))
			argv[n++] = xstrdup("-t");
	}
	/* ssh joins its words into one line for the remote shell: quote. */
	for (i = 0; i < k; i++)
		argv[n++] = px_is_ssh(h) ? sh_quote(args[i]) :
		    xstrdup(args[i]);
	return (argv);
}

static void
px_argv_free(char **argv)
{
	char	**p;

	for (p = argv; *p != NULL; p++)
		free(*p);
	free(argv);
}

static void
px_connect(struct px_host *h, double now)
{
	static const char *const follow[] = { "status", "--all", "--json",
	    "--follow", NULL };
	char	**argv = px_argv(h, follow, 0);

	h->pid = px_spawn(argv, &h->fd, 1);
	px_argv_free(argv);
	if (h->pid == -1) {
		pm_host_state(h->m, PM_HOST_UNREACHABLE, now, strerror(errno));
		h->retry_at = now + 5;
		return;
	}
	buf_init(&h->in);
	if (h->m->state != PM_HOST_UP)
		pm_host_state(h->m, PM_HOST_CONNECTING, now, NULL);
}

static void
px_lost(struct px_host *h, double now)
{
	int	status;

	close(h->fd);
	h->fd = -1;
	kill(h->pid, SIGTERM);
	waitpid(h->pid, &status, 0);
	h->pid = 0;
	buf_done(&h->in);
	if (h->m->state == PM_HOST_UP)
		h->fails = 0;
	h->fails++;
	h->retry_at = now + (h->fails >= 5 ? 30 : 1 << (h->fails - 1));
	pm_host_state(h->m, PM_HOST_UNREACHABLE, now, NULL);
}

/* Read what a host's stream has; 1 if a row changed. */
static int
px_read(struct px_host *h, double now)
{
	char	 tmp[65536], *nl;
	ssize_t	 n;
	int	 changed = 0;

	n = read(h->fd, tmp, sizeof tmp);
	if (n <= 0) {
		if (n == -1 && errno == EINTR)
			return (0);
		px_lost(h, now);
		return (1);
	}
	buf_add(&h->in, tmp, n);
	while (h->in.len > 0 && (nl = memchr(h->in.data, '\n', h->in.len))) {
		*nl = '\0';
		changed |= pm_feed(px.pm, h->m, h->in.data, now);
		buf_drain(&h->in, nl - h->in.data + 1);
	}
	return (changed);
}

static void
px_logf(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(px.status, sizeof px.status, fmt, ap);
	va_end(ap);
}

static char *
px_dur(double s)
{
	if (!isfinite(s) || s < 0)
		return (xstrdup("-"));
	if (s < 3600)
		return (xasprintf("%d:%02d", (int)s / 60, (int)s % 60));
	return (xasprintf("%d:%02d:%02d", (int)s / 3600, (int)s / 60 % 60,
	    (int)s % 60));
}

static struct px_host *px_host_of(struct pm_row *);

static void
px_tile_stop(struct px_tile *t)
{
	if (t->fd != -1) {
		close(t->fd);
		kill(t->pid, SIGTERM);
		waitpid(t->pid, NULL, 0);
		buf_done(&t->in);
		t->fd = -1;
	}
}

/* Give tile i to a row (or to none): a new session starts afresh. */
static void
px_tile_set(struct px_tile *t, struct pm_row *r)
{
	if (r != NULL && t->id != NULL && t->host == r->host &&
	    strcmp(t->id, r->id) == 0)
		return;
	px_tile_stop(t);
	free(t->id);
	free(t->text);
	t->id = r != NULL ? xstrdup(r->id) : NULL;
	t->host = r != NULL ? r->host : NULL;
	t->text = NULL;
	t->next = 0;
}

static void
px_tile_peek(struct px_tile *t, struct pm_row *r, double now)
{
	char		 rows[16], cols[16], **argv;
	const char	*args[] = { "peek", "-s", t->id, "--rows", rows,
	    "--cols", cols, NULL };
	struct px_host	*h = px_host_of(r);

	if (h == NULL || t->fd != -1 || now < t->next || t->rows < 1)
		return;
	snprintf(rows, sizeof rows, "%d", t->rows);
	snprintf(cols, sizeof cols, "%d", t->cols);
	argv = px_argv(h, args, 0);
	t->pid = px_spawn(argv, &t->fd, 1);
	px_argv_free(argv);
	if (t->pid == -1)
		t->fd = -1;
	buf_init(&t->in);
}

static void
px_tile_read(struct px_tile *t, double now)
{
	char	tmp[8192];
	ssize_t	n;

	if ((n = read(t->fd, tmp, sizeof tmp)) > 0) {
		buf_add(&t->in, tmp, n);
		return;
	}
	if (n == -1 && errno == EINTR)
		return;
	close(t->fd);
	t->fd = -1;
	waitpid(t->pid, NULL, 0);
	free(t->text);
	t->text = xstrdup(buf_cstr(&t->in));
	buf_done(&t->in);
	t->next = now + PX_PEEK_S;
}

static void
px_draw_grid(int y0, int h, int w, struct pm_row **v, size_t n, double now)
{
	int	i, tw = w / 2, th = h / 3, y, x, k;
	char	line[256], *p, *nl;

	for (i = 0; i < PX_TILES; i++) {
		struct px_tile	*t = &px.tiles[i];
		struct pm_row	*r = px.sel + i < (int)n ? v[px.sel + i] : NULL;

		px_tile_set(t, r);
		if (r == NULL)
			continue;
		x = (i % 2) * tw;
		y = y0 + (i / 2) * th;
		t->rows = th - 1;
		t->cols = tw - 1;
		px_tile_peek(t, r, now);
		snprintf(line, sizeof line, "%s %s (%s)", r->host->name,
		    r->participant, r->state);
		draw_fill(y, x, tw - 1, 0, draw_wb(i == 0 ? WB_STATUS :
		    WB_HEADING));
		draw_text(y, x, line, tw - 1, A_BOLD, draw_wb(i == 0 ?
		    WB_STATUS : WB_HEADING));
		for (p = t->text, k = 1; p != NULL && *p != '\0' && k < th;
		    k++) {
			nl = strchr(p, '\n');
			snprintf(line, sizeof line, "%.*s", nl != NULL ?
			    (int)(nl - p) : (int)strlen(p), p);
			draw_text(y + k, x, line, tw - 1, 0, 0);
			p = nl != NULL ? nl + 1 : NULL;
		}
	}
}

static void
px_draw_row(int y, int w, struct pm_row *r, double now, int selected)
{
	char	 line[1024], al[96], best[16], gpu[16], *el, *left, *last, *idle;
	char	 pause[96];
	attr_t	 a = selected ? A_REVERSE : 0;
	short	 pair = 0;

	el = px_dur(pm_elapsed(r, now));
	left = px_dur(strcmp(r->state, "ended") == 0 ? NAN : pm_left(r, now));
	last = px_dur(isnan(r->last_score_elapsed) ? NAN :
	    pm_elapsed(r, now) - r->last_score_elapsed);
	idle = px_dur(strcmp(r->state, "running") == 0 ? pm_idle(r, now) :
	    NAN);
	if (isnan(r->best))
		snprintf(best, sizeof best, "-");
	else
		snprintf(best, sizeof best, "%.3f%s", r->best,
		    isnan(r->prev_best) ? " " : r->best > r->prev_best ? "^" :
		    " ");
	*pause = '\0';
	if (r->paused_at > 0) {
		char *d = px_dur(now - r->paused_at);

		snprintf(pause, sizeof pause, "%s %s%s", d, r->pause_reason ?
		    r->pause_reason : "", r->pause_by && strncmp(r->pause_by,
		    "proctor", 7) == 0 ? " (proctor)" : "");
		free(d);
	} else if (strcmp(r->state, "ended") == 0 && r->end_reason)
		snprintf(pause, sizeof pause, "%s", r->end_reason);
	pm_alert_names(r->alerts, al, sizeof al);
	if (r->gpu_util >= 0)
		snprintf(gpu, sizeof gpu, "%d%%", r->gpu_util);
	else
		snprintf(gpu, sizeof gpu, "-");
	snprintf(line, sizeof line, "%-10.10s %-12.12s %-12.12s %-8.8s %8s "
	    "%8s %7s %7s %-9.9s %6s %3d %4s %-18.18s %s", r->host->name,
	    r->participant, r->task, r->server || strcmp(r->state, "ended") ==
	    0 ? r->state : "down", el, left, best, last, r->last_status, idle,
	    r->unacked, gpu, pause, al);
	if (r->alerts != 0)
		pair = draw_wb(WB_BAD);
	else if (strcmp(r->state, "paused") == 0)
		pair = draw_wb(WB_TIME_HOUR);
	draw_fill(y, 0, w, a, pair);
	draw_text(y, 0, line, w, a, pair);
	free(el);
	free(left);
	free(last);
	free(idle);
}

static void
px_draw_detail(int y0, int h, int w, struct pm_row *r, double now)
{
	char	*el = px_dur(pm_elapsed(r, now)), *left = px_dur(pm_left(r,
	    now)), line[512], al[96], best[32];
	int	 y = y0;

	pm_alert_names(r->alerts, al, sizeof al);
	draw_fill(y, 0, w, 0, draw_wb(WB_HEADING));
	snprintf(line, sizeof line, "%s on %s: %s, task %s", r->id,
	    r->host->name, r->participant, r->task);
	draw_text(y++, 0, line, w, A_BOLD, draw_wb(WB_HEADING));
#define DLINE(...) do {							\
	if (y < y0 + h) {						\
		snprintf(line, sizeof line, __VA_ARGS__);		\
		draw_text(y++, 2, line, w - 2, 0, 0);			\
	}								\
} while (0)
	DLINE("state      %s%s (server %s)", r->state, r->end_reason ?
	    r->end_reason : "", r->server ? "up" : "down");
	DLINE("clock      %s worked, %s left of %.0f min", el, left,
	    r->limit / 60);
	if (isnan(r->best))
		snprintf(best, sizeof best, "-");
	else
		snprintf(best, sizeof best, "%.4f", r->best);
	DLINE("scores     %d scoring%s, best normalized %s, last %s, %d failed "
	    "in a row", r->scorings, plural(r->scorings), best,
	    *r->last_status ? r->last_status : "-", r->failed_streak);
	DLINE("pause      %s", r->paused_at > 0 ? r->pause_reason : "-");
	DLINE("messages   %d not yet acknowledged", r->unacked);
	DLINE("restarts   %d", r->restarts);
	DLINE("alerts     %s", *al ? al : "none");
	DLINE("(Enter: back to the list; the session's timeline: "
	    "baseliner status/scores -s %s)", r->id);
#undef DLINE
	free(el);
	free(left);
}

static void
px_draw(double now)
{
	struct pm_row	**v;
	size_t		  n, i;
	int		  H, W, y, list_h;
	char		  line[1024];

	getmaxyx(stdscr, H, W);
	erase();
	/* Title: the hosts and how each is. */
	snprintf(line, sizeof line, "baseliner proctor  sort: %s%s  filter: %s",
	    pm_sort_name(px.sort), px.reverse ? " (reversed)" : "",
	    *px.filter ? px.filter : "(none)");
	draw_fill(0, 0, W, 0, draw_wb(WB_STATUS));
	draw_text(0, 0, line, W, 0, draw_wb(WB_STATUS));
	y = 1;
	{
		int x = 0;

		for (i = 0; i < px.nhosts && x < W; i++) {
			struct pm_host *h = px.hosts[i].m;
			const char *st = h->state == PM_HOST_UP ? "up" :
			    h->state == PM_HOST_CONNECTING ? "connecting" :
			    "unreachable";

			snprintf(line, sizeof line, "%s: %s  ", h->name, st);
			x += draw_text(y, x, line, W - x, 0, h->state ==
			    PM_HOST_UNREACHABLE ? draw_wb(WB_BAD) :
			    h->state == PM_HOST_UP ? draw_wb(WB_BEST) : 0);
		}
	}
	y = 2;
	snprintf(line, sizeof line, "%-10s %-12s %-12s %-8s %8s %8s %7s %7s "
	    "%-9s %6s %3s %4s %-18s %s", "HOST", "PARTICIPANT", "TASK", "STATE",
	    "ELAPSED", "LEFT", "BEST", "SCORED", "LAST", "IDLE", "MSG", "GPU",
	    "PAUSE", "ALERTS");
	draw_text(y++, 0, line, W, A_BOLD, draw_wb(WB_HEADING));
	v = pm_view(px.pm, px.filter, px.sort, px.reverse, now, &n);
	if (px.sel >= (int)n)
		px.sel = n > 0 ? (int)n - 1 : 0;
	list_h = H - y - 3 - (px.detail ? 11 : 0);
	if (list_h < 1)
		list_h = 1;
	if (px.sel < px.top)
		px.top = px.sel;
	if (px.sel >= px.top + list_h)
		px.top = px.sel - list_h + 1;
	if (px.grid)
		px_draw_grid(y, H - y - 3, W, v, n, now);
	else for (i = px.top; i < n && (int)(i - px.top) < list_h; i++)
		px_draw_row(y + (int)(i - px.top), W, v[i], now,
		    (int)i == px.sel);
	if (n == 0)
		draw_text(y, 2, "no sessions", W - 2, 0, draw_wb(WB_DIM));
	if (px.detail && n > 0)
		px_draw_detail(y + list_h, 11, W, v[px.sel], now);
	/* The newest alert, then the keys and the last action's result. */
	if (px.log[0] != NULL)
		draw_text(H - 3, 0, px.log[0], W, A_BOLD, draw_wb(WB_BAD));
	draw_text(H - 2, 0, px.status, W, 0, 0);
	draw_fill(H - 1, 0, W, 0, draw_wb(WB_STATUS));
	draw_text(H - 1, 0, "Enter detail  p pause  u resume  e extend  c "
	    "credit  m message  M all  x stop  a watch  g grid  s/S sort  "
	    "f filter  / find  q quit", W, 0, draw_wb(WB_STATUS));
	free(v);
	refresh();
}

/* A line of text at the bottom; 0, or -1 if Escape. */
static int
px_prompt(const char *q, char *buf, size_t len)
{
	int	H, W, n = 0;
	wint_t	ch;

	getmaxyx(stdscr, H, W);
	buf[0] = '\0';
	for (;;) {
		char	line[1024];

		snprintf(line, sizeof line, "%s%s", q, buf);
		draw_fill(H - 2, 0, W, 0, draw_wb(WB_MESSAGE));
		draw_text(H - 2, 0, line, W, 0, draw_wb(WB_MESSAGE));
		refresh();
		if (get_wch(&ch) == ERR)
			continue;
		if (ch == 27)
			return (-1);
		if (ch == '\n' || ch == '\r' || ch == KEY_ENTER)
			return (0);
		if ((ch == KEY_BACKSPACE || ch == 127 || ch == 8) && n > 0) {
			while (n > 0 && ((unsigned char)buf[--n] & 0xc0) ==
			    0x80)
				;
			buf[n] = '\0';
		} else if (ch >= ' ' && ch != 127 && ch < 0x110000 &&
		    n + 4 < (int)len) {
			char u[8];
			int k = wctomb(u, (wchar_t)ch);

			if (k > 0) {
				memcpy(buf + n, u, k);
				n += k;
				buf[n] = '\0';
			}
		}
	}
}

/* Run a command on a row's host; its first line of output is the answer. */
static void
px_action(struct px_host *h, const char *const *args)
{
	char	**argv = px_argv(h, args, 0), out[4096];
	int	  fd, status, got = 0;
	ssize_t	  n;
	pid_t	  pid;

	px_logf("running %s on %s ...", args[0], h->m->name);
	pid = px_spawn(argv, &fd, 1);
	px_argv_free(argv);
	if (pid == -1) {
		px_logf("%s: %s", args[0], strerror(errno));
		return;
	}
	while (got + 1 < (int)sizeof out && (n = read(fd, out + got,
	    sizeof out - 1 - got)) > 0)
		got += n;
	out[got] = '\0';
	close(fd);
	waitpid(pid, &status, 0);
	out[strcspn(out, "\n")] = '\0';
	px_logf("%s %s on %s: %s", WIFEXITED(status) && WEXITSTATUS(status) ==
	    0 ? "done:" : "FAILED:", args[0], h->m->name, *out ? out :
	    "(no output)");
}

static struct px_host *
px_host_of(struct pm_row *r)
{
	size_t	i;

	for (i = 0; i < px.nhosts; i++) {
		if (px.hosts[i].m == r->host)
			return (&px.hosts[i]);
	}
	return (NULL);
}

/*
 * Each alert as it fires goes to its session's timeline too (a
 * proctor_alert event, `baseliner alert` on the session's host), once.
 * The commands run on their own; finished ones are reaped each turn.
 */
static pid_t	px_alert_pids[64];

static void
px_record_alerts(void)
{
	struct pm_row	*r;
	struct px_host	*h;
	char		 names[128], **argv, text[256];
	const char	*args[] = { "alert", "-s", NULL, names, text, NULL };
	unsigned int	 fresh;
	size_t		 i, k;
	int		 fd;

	for (k = 0; k < nitems(px_alert_pids); k++) {
		if (px_alert_pids[k] > 0 && waitpid(px_alert_pids[k], NULL,
		    WNOHANG) != 0)
			px_alert_pids[k] = 0;
	}
	for (i = 0; i < px.pm->nrows; i++) {
		r = px.pm->rows[i];
		fresh = r->alerts & ~r->alerts_recorded;
		if (fresh == 0 || !r->server || (h = px_host_of(r)) == NULL) {
			r->alerts_recorded = r->alerts;
			continue;
		}
		for (k = 0; k < nitems(px_alert_pids) && px_alert_pids[k] > 0;
		    k++)
			;
		if (k == nitems(px_alert_pids))
			return;		/* too many at once: next turn */
		r->alerts_recorded = r->alerts;
		pm_alert_names(fresh, names, sizeof names);
		snprintf(text, sizeof text, "the proctor's dashboard: %s for "
		    "%s", names, r->participant);
		args[2] = r->id;
		argv = px_argv(h, args, 0);
		px_alert_pids[k] = px_spawn(argv, &fd, 0);
		px_argv_free(argv);
		if (px_alert_pids[k] > 0)
			close(fd);
	}
}

/* Watch a session read-only, then come back to the dashboard. */
static void
px_watch(struct pm_row *r)
{
	static const char	*args[] = { "attach", "-s", NULL,
	    "--read-only", NULL };
	struct px_host		*h = px_host_of(r);
	char			**argv;
	pid_t			  pid;
	int			  status;

	if (h == NULL)
		return;
	args[2] = r->id;
	argv = px_argv(h, args, 1);
	def_prog_mode();
	endwin();
	if ((pid = fork()) == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	px_argv_free(argv);
	reset_prog_mode();
	refresh();
	px_logf("back from watching %s", r->id);
}

static void
px_key(wint_t ch, double now, int *quit)
{
	struct pm_row	**v, *r;
	size_t		  n, i;
	char		  a[512], b[512], *msg;

	v = pm_view(px.pm, px.filter, px.sort, px.reverse, now, &n);
	r = n > 0 && px.sel < (int)n ? v[px.sel] : NULL;
	switch (ch) {
	case 'q':
		*quit = 1;
		break;
	case KEY_UP: case 'k':
		if (px.sel > 0)
			px.sel--;
		break;
	case KEY_DOWN: case 'j':
		if (px.sel + 1 < (int)n)
			px.sel++;
		break;
	case KEY_NPAGE:
		px.sel += 10;
		break;
	case KEY_PPAGE:
		px.sel = px.sel > 10 ? px.sel - 10 : 0;
		break;
	case '\n': case '\r': case KEY_ENTER:
		px.detail = !px.detail;
		break;
	case 's':
		px.sort = (px.sort + 1) % PM_SORT_COUNT;
		break;
	case 'S':
		px.reverse = !px.reverse;
		break;
	case 'f':
		if (px_prompt("filter (host=, task=, state=, alert, or text): ",
		    px.filter, sizeof px.filter) != 0)
			px.filter[0] = '\0';
		px.sel = 0;
		break;
	case '/':
		if (px_prompt("find: ", a, sizeof a) == 0 && *a != '\0') {
			for (i = 0; i < n; i++) {
				size_t k = (px.sel + 1 + i) % n;

				if (strstr(v[k]->participant, a) ||
				    strstr(v[k]->id, a) || strstr(v[k]->task,
				    a) || strstr(v[k]->host->name, a)) {
					px.sel = (int)k;
					break;
				}
			}
			if (i == n)
				px_logf("not found: %s", a);
		}
		break;
	case 'p':
		if (r != NULL && px_prompt("pause: reason (required): ", a,
		    sizeof a) == 0) {
			if (*a == '\0')
				px_logf("a pause needs a reason");
			else
				px_action(px_host_of(r), (const char *[]){
				    "pause", "-s", r->id, "--reason", a, NULL });
		}
		break;
	case 'u':
		if (r != NULL)
			px_action(px_host_of(r), (const char *[]){ "resume",
			    "-s", r->id, NULL });
		break;
	case 'e': case 'c':
		if (r != NULL && px_prompt(ch == 'e' ? "extend by minutes: " :
		    "time credit for an outage, minutes: ", a, sizeof a) ==
		    0 && *a != '\0' && px_prompt("reason: ", b, sizeof b) ==
		    0) {
			msg = xasprintf("%s%s", ch == 'c' ? "credit: " : "", b);
			px_action(px_host_of(r), (const char *[]){ "extend",
			    "-s", r->id, "--minutes", a, "--reason", msg,
			    NULL });
			free(msg);
		}
		break;
	case 'm':
		if (r != NULL && px_prompt("message to the participant: ", a,
		    sizeof a) == 0 && *a != '\0')
			px_action(px_host_of(r), (const char *[]){ "message",
			    "-s", r->id, a, NULL });
		break;
	case 'M':
		if (n > 0 && px_prompt("message to every session shown: ", a,
		    sizeof a) == 0 && *a != '\0') {
			int sent = 0;

			for (i = 0; i < n; i++) {
				if (strcmp(v[i]->state, "ended") == 0)
					continue;
				px_action(px_host_of(v[i]), (const char *[]){
				    "message", "-s", v[i]->id, a, NULL });
				sent++;
			}
			px_logf("message sent to %d session%s", sent,
			    plural(sent));
		}
		break;
	case 'x':
		if (r != NULL) {
			snprintf(b, sizeof b, "stop %s (%s) for good? y/N ",
			    r->id, r->participant);
			if (px_prompt(b, a, sizeof a) == 0 && (*a == 'y' ||
			    *a == 'Y'))
				px_action(px_host_of(r), (const char *[]){
				    "stop", "-s", r->id, NULL });
			else
				px_logf("not stopped");
		}
		break;
	case 'a':
		if (r != NULL)
			px_watch(r);
		break;
	case 'g':
		px.grid = !px.grid;
		if (!px.grid) {
			for (i = 0; i < PX_TILES; i++)
				px_tile_set(&px.tiles[i], NULL);
		}
		break;
	}
	free(v);
}

static int
exec_proctor(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "hosts", required_argument, NULL, 'H' },
		{ "alerts", required_argument, NULL, 'A' },
		{ NULL, 0, NULL, 0 }
	};
	struct pollfd	*pfd;
	const char	*hosts = NULL, *alerts = NULL;
	char		*cause = NULL, *conf;
	double		 now;
	size_t		 i;
	wint_t		 ch;
	int		 c, quit = 0, rc = 0;

	memset(&px, 0, sizeof px);
	px.pm = pm_create();
	while ((c = getopt_long(argc, argv, "H:A:", longopts, NULL)) != -1) {
		switch (c) {
		case 'H':
			hosts = optarg;
			break;
		case 'A':
			alerts = optarg;
			break;
		default:
			cmd_usage(&cmd_proctor_entry, 1);
			pm_destroy(px.pm);
			return (2);
		}
	}
	conf = alerts ? xstrdup(alerts) : xasprintf("%s/baseliner/proctor.conf",
	    getenv("XDG_CONFIG_HOME") ? getenv("XDG_CONFIG_HOME") :
	    getenv("HOME") ? getenv("HOME") : "/");
	if (alerts == NULL && getenv("XDG_CONFIG_HOME") == NULL) {
		free(conf);
		conf = xasprintf("%s/.config/baseliner/proctor.conf",
		    getenv("HOME") ? getenv("HOME") : "");
	}
	if ((alerts != NULL || file_exists(conf)) &&
	    pm_alerts_load(&px.pm->alerts, conf, &cause) != 0) {
		cmd_error("proctor", "%s", cause);
		free(cause);
		free(conf);
		pm_destroy(px.pm);
		return (1);
	}
	free(conf);
	if (hosts != NULL && px_load_hosts(hosts) != 0) {
		pm_destroy(px.pm);
		return (1);
	}
	for (; optind < argc; optind++)
		px_add_host(argv[optind], NULL);
	if (px.nhosts == 0)
		px_add_host("local", NULL);
	signal(SIGPIPE, SIG_IGN);
	draw_init();
	timeout(0);
	now = mono_now();
	for (i = 0; i < px.nhosts; i++)
		px_connect(&px.hosts[i], now);
	pfd = xcalloc(px.nhosts + 1 + PX_TILES, sizeof *pfd);
	for (i = 0; i < PX_TILES; i++)
		px.tiles[i].fd = -1;
	while (!quit) {
		now = mono_now();
		pm_check_alerts(px.pm, now);
		for (i = 0; i < px.pm->nfired; i++) {
			free(px.log[nitems(px.log) - 1]);
			memmove(px.log + 1, px.log, sizeof px.log -
			    sizeof px.log[0]);
			px.log[0] = xasprintf("ALERT %s", px.pm->fired[i]);
			free(px.pm->fired[i]);
		}
		px.pm->nfired = 0;
		px_record_alerts();
		px_draw(now);
		pfd[0].fd = 0;
		pfd[0].events = POLLIN;
		for (i = 0; i < px.nhosts; i++) {
			pfd[i + 1].fd = px.hosts[i].fd;
			pfd[i + 1].events = POLLIN;
			pfd[i + 1].revents = 0;
		}
		for (i = 0; i < PX_TILES; i++) {
			pfd[px.nhosts + 1 + i].fd = px.tiles[i].fd;
			pfd[px.nhosts + 1 + i].events = POLLIN;
			pfd[px.nhosts + 1 + i].revents = 0;
		}
		if (poll(pfd, px.nhosts + 1 + PX_TILES, 500) == -1 &&
		    errno != EINTR)
			break;
		for (i = 0; i < PX_TILES; i++) {
			if (px.tiles[i].fd != -1 && (pfd[px.nhosts + 1 +
			    i].revents & (POLLIN | POLLHUP | POLLERR)))
				px_tile_read(&px.tiles[i], mono_now());
		}
		now = mono_now();
		for (i = 0; i < px.nhosts; i++) {
			struct px_host *h = &px.hosts[i];

			if (h->fd != -1 && (pfd[i + 1].revents & (POLLIN |
			    POLLHUP | POLLERR)))
				px_read(h, now);
			else if (h->fd == -1 && now >= h->retry_at)
				px_connect(h, now);
			/* A stream that says nothing for 35 s is dead. */
			else if (h->fd != -1 && h->m->state == PM_HOST_UP &&
			    now - h->m->last_line > 35)
				px_lost(h, now);
		}
		while (get_wch(&ch) != ERR)
			px_key(ch, now, &quit);
	}
	draw_done();
	for (i = 0; i < px.nhosts; i++) {
		struct px_host *h = &px.hosts[i];
		int k;

		if (h->fd != -1) {
			close(h->fd);
			kill(h->pid, SIGTERM);
			waitpid(h->pid, NULL, 0);
			buf_done(&h->in);
		}
		for (k = 0; k < h->argc; k++)
			free(h->argv[k]);
		free(h->argv);
	}
	for (i = 0; i < PX_TILES; i++)
		px_tile_set(&px.tiles[i], NULL);
	for (i = 0; i < nitems(px.log); i++)
		free(px.log[i]);
	free(px.hosts);
	free(pfd);
	pm_destroy(px.pm);
	return (rc);
}

const struct cmd_entry cmd_proctor_entry = {
	.name = "proctor",
	.usage = "[--hosts FILE] [--alerts FILE] [HOST...]",
	.summary = "watch every session on this host and others: the proctor's "
	    "dashboard",
	.help = "One row a session: host, participant, task, state, elapsed "
	    "and time left,\nbest normalized score (^ when it rose last), time "
	    "since the last scoring and\nits status, idle time, unacknowledged "
	    "messages, the pause with its reason\nand length, and alerts. "
	    "Rows come as the hosts push them: each host runs\n'baseliner "
	    "status --all --json --follow', this binary for 'local' (the\n"
	    "default), 'ssh HOST baseliner' for the others, so ssh keys, jump "
	    "hosts and\n~/.ssh/config apply; a host whose stream ends is shown "
	    "unreachable and tried\nagain. Actions run the same commands on the "
	    "session's host, so the server\nrecords who did them.\n\n"
	    "  -H, --hosts FILE   hosts, one a line: NAME [COMMAND], where "
	    "COMMAND runs\n                     baseliner there (default: ssh "
	    "NAME baseliner)\n"
	    "  -A, --alerts FILE  alert thresholds (default: "
	    "~/.config/baseliner/proctor.conf):\n"
	    "                     paused_minutes 20, idle_minutes 30, "
	    "failed_scorings 3,\n                     near_end_minutes 15, "
	    "disk_free_percent 5,\n                     "
	    "gpu_busy_while_paused 1, server_restarted 1 (0 turns one off).\n"
	    "                     Each alert also goes to its session's "
	    "timeline\n                     (baseliner alert).\n\n"
	    "Keys: arrows or j/k move, Enter shows a session's detail, s sorts "
	    "by the next\ncolumn (S reverses), f filters (host=NAME, task=ID, "
	    "state=paused, alert, or\ntext), / finds, p pauses (with a reason), "
	    "u resumes, e extends, c credits\ntime for an outage, m messages "
	    "the participant, M messages every session\nshown, x stops (asks "
	    "first), a watches the session read-only (ssh -t for\nremote hosts), "
	    "g shows the first pane of six sessions at once, small, from\nthe "
	    "selected one on ('baseliner peek' on each host every 3 s), q "
	    "quits.\n",
	.exec = exec_proctor,
};
