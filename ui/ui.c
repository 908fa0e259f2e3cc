/*
 * ui.c: the workbench client. One poll loop over the terminal and the
 * session's control socket. Events from the server (pane frames, the clock,
 * scores, messages) update the client's model (ui_int.h); keys go to the
 * focused shell pane, or after the prefix key to the workbench (input.c).
 *
 * Drawing: nothing draws as it happens. Handlers set ui->redraw, and the
 * loop draws once when it has read everything waiting, at most once every
 * UI_FRAME_MS under a burst, so a pane flooding output costs frames, not
 * typing: the terminal is read before the socket on every turn. Changes
 * to panes other than the focused one only set ui->redraw_lazy, served
 * every UI_LAZY_MS: a pane flooding in the background then costs the
 * terminal (and the CPU the machine shares with it) a quarter of the
 * redraws, and the focused pane's echo is never queued behind them.
 *
 * The layout of the shell panes is the client's: a tree of splits kept in
 * the server (layout.set), with the focused and the zoomed pane, so that
 * attaching again restores it. The writing
 * client sizes every pane (pane.resize) to its rectangle; read-only
 * clients send nothing that writes and follow the writer's layout.
 *
 * The server holds all state: the client may die at any moment, and
 * attaching again gets full frames of every pane.
 */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/socket.h>

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui.h"
#include "ui_int.h"

#define UI_FRAME_MS	8	/* the least time between two redraws */
#define UI_LAZY_MS	40	/* ... when only background panes changed */
#define UI_READ_MAX	(4 << 20) /* bytes read from the server per turn */
#define UI_HUNG_UP	64	/* empty reads of a readable terminal: gone */

static volatile sig_atomic_t	ui_winch, ui_term;

static void
ui_winch_handler(int sig)
{
	(void)sig;
	ui_winch = 1;
}

static void
ui_term_handler(int sig)
{
	ui_term = sig;
}

void
ui_flash(struct ui *u, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(u->flash, sizeof u->flash, fmt, ap);
	va_end(ap);
	u->flash_until = mono_now() + 4;
	u->redraw = 1;
}

/* A notice stays on the status bar until acknowledged (ack-message). */
void
ui_notice(struct ui *u, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(u->notice, sizeof u->notice, fmt, ap);
	va_end(ap);
	u->redraw = 1;
}

/* Send a request; a reply that matters is matched by its kind later. */
void
ui_request(struct ui *u, const char *cmd, json_t *args, enum ui_req kind,
    int arg)
{
	long long	 id;
	char		*cause = NULL;

	if (u->quit)
		goto out;
	if ((id = ctl_client_send(u->c, cmd, args, &cause)) < 0) {
		free(u->quit_why);
		u->quit_why = cause;
		u->quit = 2;
		goto out;
	}
	if (kind != REQ_NONE) {
		u->pending = xreallocarray(u->pending, u->npending + 1,
		    sizeof *u->pending);
		u->pending[u->npending].id = id;
		u->pending[u->npending].kind = kind;
		u->pending[u->npending].arg = arg;
		u->pending[u->npending].pane = u->active;
		u->npending++;
	}
out:
	json_decref(args);
}

/* Requests that change the session are not even sent when read-only. */
void
ui_write(struct ui *u, const char *cmd, json_t *args)
{
	if (u->read_only) {
		json_decref(args);
		ui_flash(u, "read-only: %s is not allowed", cmd);
		return;
	}
	ui_request(u, cmd, args, REQ_NONE, 0);
}

void
ui_refresh(struct ui *u)
{
	ui_request(u, "status", NULL, REQ_STATUS, 0);
	ui_request(u, "scores", NULL, REQ_SCORES, 0);
}

/* Typing is held while the clock is stopped. */
int
ui_held(struct ui *u)
{
	return (strcmp(u->state, "paused") == 0 ||
	    strcmp(u->state, "ended") == 0 || strcmp(u->state, "ending") == 0);
}

struct ui_pane *
ui_pane(struct ui *u, int id)
{
	int	i;

	for (i = 0; i < u->npanes; i++) {
		if (u->panes[i].id == id)
			return (&u->panes[i]);
	}
	return (NULL);
}

static struct ui_pane *
ui_pane_add(struct ui *u, int id)
{
	struct ui_pane	*p;

	if ((p = ui_pane(u, id)) != NULL || u->npanes == UI_MAX_PANES)
		return (p);
	p = &u->panes[u->npanes++];
	p->id = id;
	grid_init(&p->grid);
	return (p);
}

static void
ui_pane_remove(struct ui *u, int id)
{
	int	i, ids[1];

	for (i = 0; i < u->npanes; i++) {
		if (u->panes[i].id != id)
			continue;
		grid_done(&u->panes[i].grid);
		memmove(&u->panes[i], &u->panes[i + 1],
		    (u->npanes - i - 1) * sizeof u->panes[0]);
		u->npanes--;
		break;
	}
	if (u->copy.active && u->copy.pane == id)
		ui_copy_leave(u);
	if (u->active == id && u->root != NULL)
		u->active = layout_cycle(u->root, id, -1);
	layout_remove(&u->root, id);
	if (u->zoomed == id)
		u->zoomed = -1;
	if (u->active == id)
		u->active = -1;
	if (u->root != NULL && layout_find(u->root, u->active) == NULL &&
	    layout_panes(u->root, ids, 1) == 1)
		u->active = ids[0];
}

/* Put a pane that is not in the layout beside the focused one. */
static void
ui_place(struct ui *u, int id, enum layout_kind kind, int beside)
{
	int	ids[1];

	if (layout_find(u->root, id) != NULL)
		return;
	if (u->root == NULL) {
		u->root = layout_new_pane(id);
		u->active = id;
		return;
	}
	if (layout_find(u->root, beside) == NULL &&
	    layout_panes(u->root, ids, 1) == 1)
		beside = ids[0];
	layout_split(&u->root, beside, kind, id);
}

/*
 * The rows above the status bar, where overlays and full-screen views go
 * (the time left stays in sight); all of them where there is no bar.
 */
int
ui_rows_above_status(struct ui *u)
{
	return (u->ls.status.h > 0 ? u->ls.status.y : u->rows);
}

/* Every part's rectangle, and (send) tell the server each pane's size. */
void
ui_relayout(struct ui *u, int send)
{
	struct ui_pane		*p;
	struct layout_node	*leaf;
	int			 i, bw;

	getmaxyx(stdscr, u->rows, u->cols);
	layout_screen(u->cols, u->rows, u->show_brief, u->show_scores,
	    u->side_w, &u->ls);
	layout_compute(u->root, u->ls.panes);
	if (u->zoomed != -1 && (leaf = layout_find(u->root, u->zoomed)))
		leaf->rect = u->ls.panes;
	/* The brief is laid out for the sidebar, or for its full view. */
	bw = u->ls.brief.w - 2;
	if (u->ov == OV_VIEW && u->view == &ui_view_brief)
		bw = sidebar_view_rect(u).w - 2;
	if (u->brief_md != NULL && bw > 0 && u->brief.width != bw) {
		brief_done(&u->brief);
		brief_layout(&u->brief, u->brief_md, bw);
	}
	for (i = 0; i < u->npanes && send && !u->read_only; i++) {
		p = &u->panes[i];
		if ((leaf = layout_find(u->root, p->id)) == NULL ||
		    leaf->rect.w < 1 || leaf->rect.h < 1)
			continue;
		if (u->zoomed != -1 && u->zoomed != p->id)
			continue;
		if (leaf->rect.w == p->want_cols &&
		    leaf->rect.h == p->want_rows)
			continue;
		p->want_cols = leaf->rect.w;
		p->want_rows = leaf->rect.h;
		ui_request(u, "pane.resize", json_pack("{si si si}", "pane",
		    p->id, "cols", leaf->rect.w, "rows", leaf->rect.h),
		    REQ_NONE, 0);
	}
	if (u->copy.active)
		ui_copy_key(u, KEYC_NONE);	/* keeps the cursor in view */
	u->redraw = 1;
}

void
ui_store_layout(struct ui *u)
{
	json_t	*j;

	if (u->read_only || u->root == NULL)
		return;
	/* The focus and the zoom go with it: attaching again brings them
	 * back, and read-only viewers follow them. */
	j = layout_to_json(u->root);
	json_object_set_new(j, "zoomed", json_integer(u->zoomed));
	json_object_set_new(j, "active", json_integer(u->active));
	ui_request(u, "layout.set", json_pack("{so}", "layout", j), REQ_NONE,
	    0);
}

void
ui_split(struct ui *u, enum layout_kind kind)
{
	if (u->read_only) {
		ui_flash(u, "read-only: no new panes");
		return;
	}
	if (u->npanes >= UI_MAX_PANES) {
		ui_flash(u, "%d panes is the most", UI_MAX_PANES);
		return;
	}
	/* The pane to split (the focused one) is kept with the request. */
	ui_request(u, "pane.new", NULL, REQ_NEWPANE, (int)kind);
}

/*
 * Take a layout from the server (at attach, or the writer's for a
 * read-only client): panes it names that are gone are dropped, and panes
 * it does not name are added beside the others.
 */
static void
ui_adopt_layout(struct ui *u, json_t *layout)
{
	struct layout_node	*root;
	int			 ids[UI_MAX_PANES], n, i;

	if ((root = layout_from_json(layout)) == NULL)
		return;
	n = layout_panes(root, ids, UI_MAX_PANES);
	for (i = 0; i < n; i++) {
		if (ui_pane(u, ids[i]) == NULL)
			layout_remove(&root, ids[i]);
	}
	if (root == NULL)
		return;
	layout_destroy(u->root);
	u->root = root;
	for (i = 0; i < u->npanes; i++)
		ui_place(u, u->panes[i].id, LAYOUT_COLUMNS, u->active);
	if (json_is_integer(json_object_get(layout, "active")) &&
	    layout_find(root, (int)json_integer_value(json_object_get(layout,
	    "active"))) != NULL)
		u->active = (int)json_integer_value(json_object_get(layout,
		    "active"));
	if (layout_find(root, u->active) == NULL &&
	    layout_panes(u->root, ids, 1) == 1)
		u->active = ids[0];
	/* The pane the participant zoomed, as they left it (at attach) or
	 * as they see it (a viewer). */
	if (json_is_integer(json_object_get(layout, "zoomed"))) {
		int z = (int)json_integer_value(json_object_get(layout,
		    "zoomed"));

		if (z >= 0 && layout_find(u->root, z) != NULL)
			u->zoomed = u->active = z;
		else
			u->zoomed = -1;
	}
	ui_relayout(u, 0);
}

/*
 * Typing goes to the focused pane. While a split is on its way (pane.new
 * not yet answered) the pane that will be focused does not exist yet, so
 * what is typed is held and goes to it once it does, as in tmux, where the
 * new pane is focused the moment it is asked for.
 */
static int
ui_splitting(struct ui *u)
{
	size_t	i;

	for (i = 0; i < u->npending; i++) {
		if (u->pending[i].kind == REQ_NEWPANE)
			return (1);
	}
	return (0);
}

void
ui_pane_input(struct ui *u, json_t *args)
{
	if (ui_splitting(u)) {
		if (u->held_input == NULL)
			u->held_input = json_array();
		json_array_append_new(u->held_input, args);
		return;
	}
	json_object_set_new(args, "pane", json_integer(u->active));
	ui_request(u, "pane.input", args, REQ_NONE, 0);
}

static void
ui_release_input(struct ui *u)
{
	json_t	*held = u->held_input, *args;
	size_t	 i;

	if (held == NULL || ui_splitting(u))
		return;
	u->held_input = NULL;
	json_array_foreach(held, i, args)
		ui_pane_input(u, json_incref(args));
	json_decref(held);
}

/* Server replies. */

static void
ui_take_status(struct ui *u, json_t *res)
{
	json_t	*v;

	json_decref(u->status);
	u->status = json_incref(res);
	v = json_object_get(res, "session");
	u->elapsed = json_field_num(v, "elapsed");
	u->remaining = json_field_num(v, "remaining");
	u->limit = json_field_num(v, "limit");
	u->clock_at = mono_now();
	snprintf(u->state, sizeof u->state, "%s", json_field_str(v, "state"));
	v = json_object_get(res, "scorer");
	u->queue = (int)json_integer_value(json_object_get(v, "queue"));
	v = json_object_get(v, "running");
	if (v != NULL) {
		u->running_id = json_integer_value(json_object_get(v, "id"));
		if (u->running_since == 0)
			u->running_since = mono_now() - json_field_num(v, "seconds");
		snprintf(u->running_line, sizeof u->running_line, "%s",
		    json_field_str(v, "last_line"));
	} else
		u->running_since = 0;
}

static void
ui_on_reply(struct ui *u, struct ui_pending *pr, json_t *msg)
{
	json_t		*res = json_object_get(msg, "result"), *v;
	enum layout_kind kind;
	int		 id;

	if (!json_is_true(json_object_get(msg, "ok"))) {
		if (pr->kind != REQ_STATUS && pr->kind != REQ_SCORES)
			ui_flash(u, "%s", json_field_str(msg, "error"));
		return;
	}
	switch (pr->kind) {
	case REQ_STATUS:
		ui_take_status(u, res);
		break;
	case REQ_SCORES:
		json_decref(u->scores);
		u->scores = json_incref(res);
		break;
	case REQ_CHECKPOINTS:
		json_decref(u->ckpts);
		u->ckpts = json_incref(json_object_get(res, "checkpoints"));
		dialog_pager(u, OV_CHECKPOINTS, " Checkpoints ", NULL);
		break;
	case REQ_PAGER:
		if ((v = json_object_get(res, "diff")) != NULL)
			dialog_pager(u, OV_PAGER, " Diff (q to close) ",
			    json_string_value(v));
		else if ((v = json_object_get(res, "output")) != NULL) {
			char	title[64];

			snprintf(title, sizeof title, " Scorer output, score "
			    "%lld (q to close) ", (long long)json_integer_value(
			    json_object_get(res, "id")));
			dialog_pager(u, OV_PAGER, title, json_string_value(v));
			u->pager_top = u->npager > LINES - 4 ? u->npager -
			    (LINES - 4) : 0;
		}
		break;
	case REQ_SCROLLBACK:
		if (pr->pane == u->active && ui_pane(u, pr->pane) != NULL)
			ui_copy_enter(u, res);
		break;
	case REQ_RESTORE:
		ui_flash(u, "restored into %s", json_field_str(res, "dir"));
		break;
	case REQ_NEWPANE:
		id = (int)json_integer_value(json_object_get(res, "pane"));
		kind = (enum layout_kind)pr->arg;
		if (ui_pane_add(u, id) == NULL)
			break;
		ui_place(u, id, kind, pr->pane);
		u->active = id;
		u->zoomed = -1;
		ui_relayout(u, 1);
		ui_store_layout(u);
		break;
	case REQ_NONE:
		break;
	}
	u->redraw = 1;
}

/*
 * The clock's warnings, as notices that stay until acknowledged: one each
 * time the time left crosses an hour, 15 minutes and 5 minutes, and at
 * attach the smallest already crossed, so a participant who was detached
 * when it passed sees it too. An extension that lifts the time left above
 * a threshold arms it again.
 */
static void
ui_clock_warn(struct ui *u)
{
	static const struct {
		double		 at;
		const char	*text;
	} warn[] = {
		{ 3600, "Less than an hour left on the clock" },
		{ 900, "Less than 15 minutes left on the clock" },
		{ 300, "Less than 5 minutes left on the clock" },
	};
	int	level = 0;

	if (strcmp(u->state, "running") != 0 && strcmp(u->state, "paused") !=
	    0)
		return;
	while (level < (int)nitems(warn) && u->remaining <= warn[level].at)
		level++;
	if (level > u->warned) {
		ui_notice(u, "%s", warn[level - 1].text);
		beep();
	}
	u->warned = level;
}

/* Server events. */

static void
ui_on_event(struct ui *u, json_t *msg)
{
	const char	*ev = json_field_str(msg, "ev");
	json_t		*data = json_object_get(msg, "data");
	struct ui_pane	*p;
	size_t		 i;
	int		 id, placing = 0;

	if (strcmp(ev, "pane.frame") == 0) {
		id = (int)json_integer_value(json_object_get(msg, "pane"));
		if ((p = ui_pane(u, id)) == NULL) {
			if ((p = ui_pane_add(u, id)) == NULL)
				return;
			/* Our own pane.new places it when it answers. */
			for (i = 0; i < u->npending; i++)
				placing |= u->pending[i].kind == REQ_NEWPANE;
			if (!placing && layout_find(u->root, id) == NULL) {
				ui_place(u, id, LAYOUT_COLUMNS, u->active);
				ui_relayout(u, 1);
				ui_store_layout(u);
			}
		}
		grid_apply(&p->grid, msg);
		if (id == u->active || u->copy.active)
			u->redraw = 1;
		else
			u->redraw_lazy = 1;
	} else if (strcmp(ev, "pane.exit") == 0) {
		id = (int)json_integer_value(json_object_get(msg, "pane"));
		if (ui_pane(u, id) == NULL)
			return;
		ui_pane_remove(u, id);
		if (u->root == NULL && !u->read_only &&
		    strcmp(u->state, "running") == 0)
			ui_request(u, "pane.new", NULL, REQ_NEWPANE,
			    LAYOUT_COLUMNS);
		ui_relayout(u, 1);
		ui_store_layout(u);
	} else if (strcmp(ev, "pane.bell") == 0) {
		id = (int)json_integer_value(json_object_get(msg, "pane"));
		if (id == u->active)
			beep();
	} else if (strcmp(ev, "clock") == 0) {
		u->elapsed = json_field_num(msg, "elapsed");
		u->remaining = json_field_num(msg, "remaining");
		u->clock_at = mono_now();
		ui_clock_warn(u);
		if (strcmp(u->state, json_field_str(msg, "state")) != 0) {
			snprintf(u->state, sizeof u->state, "%s",
			    json_field_str(msg, "state"));
			ui_refresh(u);
		}
		u->redraw = 1;
	} else if (strcmp(ev, "state") == 0) {
		snprintf(u->state, sizeof u->state, "%s", json_field_str(msg,
		    "state"));
		ui_refresh(u);
	} else if (strcmp(ev, "score.progress") == 0) {
		snprintf(u->running_line, sizeof u->running_line, "%s",
		    json_field_str(msg, "last_line"));
		u->running_id = json_integer_value(json_object_get(msg, "id"));
		if (u->running_since == 0)
			u->running_since = mono_now() - json_field_num(msg, "seconds");
		u->redraw = 1;
	} else if (strcmp(ev, "score_started") == 0) {
		u->running_since = mono_now();
		u->running_id = json_integer_value(json_object_get(data, "id"));
		u->running_line[0] = '\0';
		ui_refresh(u);
	} else if (strcmp(ev, "score_finished") == 0) {
		u->running_since = 0;
		if (json_is_number(json_object_get(data, "normalized")))
			ui_flash(u, "score %lld: %s, normalized %.3f",
			    (long long)json_integer_value(json_object_get(data,
			    "id")), json_field_str(data, "status"), json_field_num(data,
			    "normalized"));
		else
			ui_flash(u, "score %lld: %s", (long long)
			    json_integer_value(json_object_get(data, "id")),
			    json_field_str(data, "status"));
		ui_refresh(u);
	} else if (strcmp(ev, "warning") == 0) {
		ui_clock_warn(u);	/* the notice is the clock's */
		ui_refresh(u);
	} else if (strcmp(ev, "clock_extend") == 0 &&
	    strncmp(json_field_str(msg, "actor"), "proctor", 7) == 0) {
		char	*lim = fmt_duration(json_field_num(data, "limit"));

		ui_notice(u, "A proctor %s your time by %.0f min (limit now %s)"
		    "%s%s", json_field_num(data, "seconds") >= 0 ? "extended" :
		    "shortened", fabs(json_field_num(data, "seconds")) / 60,
		    lim, *json_field_str(data, "reason") ? ": " : "",
		    json_field_str(data, "reason"));
		free(lim);
		beep();
		ui_refresh(u);
	} else if (strcmp(ev, "clock_pause") == 0 &&
	    strncmp(json_field_str(msg, "actor"), "proctor", 7) == 0) {
		ui_notice(u, "A proctor paused the clock: %s. Only a proctor "
		    "can resume it", json_field_str(data, "reason"));
		beep();
		ui_refresh(u);
	} else if (strcmp(ev, "stop_reason") == 0) {
		snprintf(u->final_why, sizeof u->final_why, "%s",
		    json_field_str(data, "reason"));
	} else if (strcmp(ev, "session_ended") == 0) {
		snprintf(u->final_reason, sizeof u->final_reason, "%s",
		    json_field_str(data, "reason"));
		ui_refresh(u);
	} else if (strcmp(ev, "message") == 0) {
		beep();
		ui_refresh(u);
	} else if (strcmp(ev, "layout") == 0) {
		if (u->read_only)
			ui_adopt_layout(u, json_object_get(data, "layout"));
	} else if (strcmp(ev, "checkpoint") == 0 ||
	    strcmp(ev, "score_requested") == 0 ||
	    strcmp(ev, "message_ack") == 0 ||
	    strcmp(ev, "session_ending") == 0 ||
	    strcmp(ev, "clock_expire") == 0 ||
	    strcmp(ev, "clock_extend") == 0 ||
	    strcmp(ev, "clock_pause") == 0 ||
	    strcmp(ev, "clock_resume") == 0 ||
	    strcmp(ev, "server_restarted") == 0)
		ui_refresh(u);
}

static void
ui_on_message(struct ui *u, json_t *msg)
{
	struct ui_pending	 pr;
	json_t			*idv = json_object_get(msg, "id");
	long long		 id;
	size_t			 i;

	if (json_object_get(msg, "ev") != NULL) {
		ui_on_event(u, msg);
		return;
	}
	if (!json_is_integer(idv))
		return;
	id = json_integer_value(idv);
	for (i = 0; i < u->npending; i++) {
		if (u->pending[i].id != id)
			continue;
		pr = u->pending[i];
		memmove(&u->pending[i], &u->pending[i + 1],
		    (u->npending - i - 1) * sizeof *u->pending);
		u->npending--;
		ui_on_reply(u, &pr, msg);
		if (pr.kind == REQ_NEWPANE)
			ui_release_input(u);
		return;
	}
	/* A reply nobody waits for: only its error is worth showing. */
	if (!json_is_true(json_object_get(msg, "ok")))
		ui_flash(u, "%s", json_field_str(msg, "error"));
}

/*
 * Read what the server sent, without blocking, and handle every whole
 * line. A line that is not JSON is skipped: nothing the server or a pane
 * sends may take the client down.
 */
static void
ui_read_server(struct ui *u)
{
	struct buf	*in = &u->c->in;
	char		 tmp[65536], *nl;
	ssize_t		 n;
	size_t		 total = 0;
	json_t		*msg;

	while (total < UI_READ_MAX) {
		n = recv(u->c->fd, tmp, sizeof tmp, MSG_DONTWAIT);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			if (u->quit == 0) {
				u->quit = 2;
				free(u->quit_why);
				u->quit_why = xstrdup(ui_held(u) &&
				    strcmp(u->state, "paused") != 0 ?
				    "the session has ended" :
				    "the session's server went away");
			}
			break;
		}
		buf_add(in, tmp, n);
		total += n;
	}
	while (in->len > 0 && (nl = memchr(in->data, '\n', in->len)) != NULL) {
		*nl = '\0';
		msg = json_loads(in->data, 0, NULL);
		buf_drain(in, nl - in->data + 1);
		if (msg == NULL)
			continue;
		ui_on_message(u, msg);
		json_decref(msg);
	}
}

/* Events that arrive while a blocking call waits at start: kept. */
static void
ui_early_cb(json_t *msg, void *arg)
{
	json_array_append(arg, msg);
}

/*
 * The session has ended: say why and what counts, and wait for a key,
 * rather than leaving the participant at a shell prompt wondering.
 */
static void
ui_final_screen(struct ui *u)
{
	static const struct {
		const char	*reason, *text;
	} why[] = {
		{ "submitted", "You submitted." },
		{ "expired", "The time is up." },
		{ "stopped", "A proctor stopped the session." },
	};
	json_t		*sc, *best = NULL;
	const char	*text = u->final_reason;
	char		 line[512];
	size_t		 i;
	int		 y, w = 64, h = 9, x0, y0;
	wint_t		 ch;

	json_array_foreach(json_object_get(u->scores, "scores"), i, sc) {
		if (json_is_true(json_object_get(sc, "best")))
			best = sc;
	}
	for (i = 0; i < nitems(why); i++) {
		if (strcmp(why[i].reason, u->final_reason) == 0)
			text = why[i].text;
	}
	if (w > u->cols - 2)
		w = u->cols - 2;
	x0 = (u->cols - w) / 2;
	y0 = (u->rows - h) / 2;
	erase();
	for (y = 0; y < h; y++)
		draw_fill(y0 + y, x0, w, 0, draw_wb(WB_OVERLAY));
	y = y0 + 1;
	draw_text(y++, x0 + 2, "The session has ended", w - 4, A_BOLD,
	    draw_wb(WB_OVERLAY));
	y++;
	snprintf(line, sizeof line, "%s%s%s", text, *u->final_why ? " " : "",
	    u->final_why);
	draw_text(y++, x0 + 2, line, w - 4, 0, draw_wb(WB_OVERLAY));
	if (best != NULL && json_is_number(json_object_get(best,
	    "normalized")))
		snprintf(line, sizeof line, "Final score: %.3f normalized "
		    "(raw %.6g, scoring %lld)", json_field_num(best, "normalized"),
		    json_field_num(best, "raw"), (long long)json_integer_value(
		    json_object_get(best, "id")));
	else if (json_array_size(json_object_get(u->scores, "scores")) > 0 &&
	    json_is_true(json_object_get(u->scores, "hidden")))
		snprintf(line, sizeof line, "Final score: hidden until the "
		    "study is over");
	else
		snprintf(line, sizeof line, "Final score: none (no valid "
		    "scoring)");
	draw_text(y++, x0 + 2, line, w - 4, 0, draw_wb(WB_OVERLAY));
	y++;
	draw_text(y, x0 + 2, "Press any key to leave.", w - 4, A_DIM,
	    draw_wb(WB_OVERLAY));
	curs_set(0);
	refresh();
	timeout(-1);
	while (get_wch(&ch) == ERR && !ui_term)
		;
}

/* Drawing: everything, once, from the model. */
static void
ui_draw(struct ui *u)
{
	int	cur_y = -1, cur_x = -1;

	if (u->full_redraw) {
		clearok(curscr, TRUE);
		u->full_redraw = 0;
	}
	draw_frame();
	erase();
	pane_view_draw(u, &cur_y, &cur_x);
	sidebar_draw(u);
	status_draw(u);
	if (ui_held(u)) {
		dialog_draw_held(u);
		cur_y = -1;
	}
	dialog_draw(u, &cur_y, &cur_x);
	if (cur_y >= 0 && cur_y < u->rows && cur_x >= 0 && cur_x < u->cols) {
		curs_set(1);
		move(cur_y, cur_x);
	} else
		curs_set(0);
	wnoutrefresh(stdscr);
	doupdate();
}

/* The brief of the task, read from its folder. */
static void
ui_load_brief(struct ui *u)
{
	json_t	*s = json_object_get(u->status, "session");
	char	*path;

	/* A Task Standard family's instructions are the session's own. */
	path = xasprintf("%s/sessions/%s/brief.md", home_dir(), json_field_str(s,
	    "id"));
	if (!file_exists(path)) {
		free(path);
		path = xasprintf("%s/brief.md", json_field_str(s, "task_dir"));
	}
	if (file_read(path, &u->brief_md, NULL, NULL) != 0)
		u->brief_md = xstrdup("*The task's brief.md could not be "
		    "read.*");
	free(path);
}

/*
 * The key bindings: built in, then the host's keys.conf, then the user's.
 * Inside tmux ($TMUX set), tmux takes C-b before the workbench sees it, so
 * a prefix that is still C-b after the host's file becomes C-a; the user's
 * file and $BASELINER_PREFIX still choose.
 */
static int
ui_load_keys(struct ui *u, char **cause)
{
	const char	*xdg = getenv("XDG_CONFIG_HOME"), *env;
	char		*path;
	int		 rc;
	key_code	 before;

	keys_init(&u->keys, action_valid);
	keys_defaults(&u->keys);
	path = xasprintf("%s/keys.conf", PKGDATADIR);
	rc = keys_load(&u->keys, path, cause);
	free(path);
	if (rc < 0)
		return (-1);
	if (u->keys.prefix == 0x02 && (env = getenv("TMUX")) != NULL &&
	    *env != '\0') {
		u->keys.prefix = 0x01;	/* C-a */
		u->tmux_prefix = 1;
	}
	before = u->keys.prefix;
	if (xdg != NULL && *xdg == '/')
		path = xasprintf("%s/baseliner/config", xdg);
	else
		path = xasprintf("%s/.config/baseliner/config",
		    getenv("HOME") != NULL ? getenv("HOME") : "/");
	rc = keys_load(&u->keys, path, cause);
	free(path);
	if (rc < 0)
		return (-1);
	if ((env = getenv("BASELINER_PREFIX")) != NULL && *env != '\0') {
		if (keys_parse(env) == KEYC_NONE)
			return (set_cause(cause, "BASELINER_PREFIX: unknown "
			    "key '%s'", env));
		u->keys.prefix = keys_parse(env);
	}
	if (u->keys.prefix != before)
		u->tmux_prefix = 0;
	return (0);
}

static void
ui_free(struct ui *u)
{
	int	i;

	for (i = 0; i < u->npanes; i++)
		grid_done(&u->panes[i].grid);
	layout_destroy(u->root);
	brief_done(&u->brief);
	free(u->brief_md);
	dialog_pager_done(u);
	ui_copy_leave(u);
	free(u->paste);
	free(u->pending);
	free(u->quit_why);
	buf_done(&u->edit);
	keys_done(&u->keys);
	json_decref(u->status);
	json_decref(u->scores);
	json_decref(u->ckpts);
	json_decref(u->held_input);
	ctl_client_close(u->c);
}

static int
ui_start(struct ui *u, const char *session, json_t *early, char **cause)
{
	json_t	*res = NULL, *s, *pn, *args;
	size_t	 i;
	int	 rc;

	if (ctl_client_open(session, 1, &u->c, cause) != 0)
		return (-1);
	u->c->event_cb = ui_early_cb;
	u->c->event_arg = early;
	if (ctl_client_call(u->c, "status", NULL, &res, cause) != 0)
		return (-1);
	ui_take_status(u, res);
	json_decref(res);
	s = json_object_get(u->status, "session");
	if (strcmp(json_field_str(s, "state"), "ended") == 0)
		return (set_cause(cause, "session %s has ended (baseliner "
		    "scores -s %s shows how it went)", u->c->id, u->c->id));
	ui_load_brief(u);
	if (ctl_client_call(u->c, "scores", NULL, &u->scores, cause) != 0) {
		free(*cause);
		*cause = NULL;
		u->scores = json_object();
	}

	draw_init();
	getmaxyx(stdscr, u->rows, u->cols);
	layout_screen(u->cols, u->rows, u->show_brief, u->show_scores,
	    u->side_w, &u->ls);
	/* ctl_client_call borrows its arguments. */
	args = json_pack("{si si sb}", "cols", u->ls.panes.w > 0 ?
	    u->ls.panes.w : 80, "rows", u->ls.panes.h > 0 ? u->ls.panes.h : 24,
	    "read_only", u->read_only);
	rc = ctl_client_call(u->c, "attach", args, &res, cause);
	json_decref(args);
	if (rc != 0) {
		draw_done();
		return (-1);
	}
	json_array_foreach(json_object_get(res, "panes"), i, pn)
		ui_pane_add(u, (int)json_integer_value(json_object_get(pn,
		    "id")));
	if (u->npanes > 0)
		u->active = u->panes[0].id;
	ui_adopt_layout(u, json_object_get(res, "layout"));
	if (u->root == NULL) {
		/* No stored layout: the panes side by side. */
		for (i = 0; i < (size_t)u->npanes; i++)
			ui_place(u, u->panes[i].id, LAYOUT_COLUMNS,
			    i > 0 ? u->panes[i - 1].id : -1);
		ui_store_layout(u);
	}
	json_decref(res);
	u->c->event_cb = NULL;
	return (0);
}

int
ui_attach(const char *session, int read_only)
{
	struct ui	 u;
	struct pollfd	 pfd[2];
	json_t		*early, *msg;
	char		*cause = NULL;
	size_t		 i;
	int		 rc, timeout, wait_ms, avail, empty = 0, hungup = 0;
	double		 now, last_status = 0;

	memset(&u, 0, sizeof u);
	u.read_only = read_only;
	u.active = u.zoomed = -1;
	u.show_brief = u.show_scores = 1;
	u.copy.mark_row = -1;
	buf_init(&u.edit);
	if (ui_load_keys(&u, &cause) != 0) {
		fprintf(stderr, "baseliner attach: %s\n", cause);
		free(cause);
		keys_done(&u.keys);
		return (1);
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "baseliner attach: not a terminal\n");
		keys_done(&u.keys);
		return (1);
	}
	signal(SIGWINCH, ui_winch_handler);
	signal(SIGTERM, ui_term_handler);
	signal(SIGHUP, ui_term_handler);
	signal(SIGPIPE, SIG_IGN);
	early = json_array();
	if (ui_start(&u, session, early, &cause) != 0) {
		fprintf(stderr, "baseliner attach: %s\n", cause);
		free(cause);
		json_decref(early);
		ui_free(&u);
		return (1);
	}
	json_array_foreach(early, i, msg)
		ui_on_message(&u, msg);
	json_decref(early);
	ui_relayout(&u, 1);
	ui_refresh(&u);

	while (!u.quit) {
		if (ui_term) {
			u.quit = 1;
			hungup = ui_term == SIGHUP;
			break;
		}
		if (ui_winch) {
			ui_winch = 0;
			endwin();
			refresh();
			u.full_redraw = 1;
			ui_relayout(&u, 1);
		}
		now = mono_now();
		timeout = u.running_since > 0 ? 100 : 1000;
		if (u.flash_until > now && u.flash_until - now < 1)
			timeout = (int)((u.flash_until - now) * 1000) + 1;
		wait_ms = (int)((u.last_draw + (u.redraw ? UI_FRAME_MS :
		    UI_LAZY_MS) / 1000.0 - now) * 1000) + 1;
		if ((u.redraw || u.redraw_lazy) && wait_ms < timeout)
			timeout = wait_ms > 0 ? wait_ms : 0;
		pfd[0].fd = STDIN_FILENO;
		pfd[0].events = POLLIN;
		pfd[0].revents = 0;
		pfd[1].fd = u.c->fd;
		pfd[1].events = POLLIN;
		pfd[1].revents = 0;
		rc = poll(pfd, 2, timeout);
		if (rc == -1 && errno != EINTR)
			break;
		/*
		 * Keys first: a flood from the server never delays them. A
		 * terminal that is readable again and again with nothing to
		 * read has gone (a hung-up tty whose SIGHUP went elsewhere):
		 * leave rather than spin on it.
		 */
		if (rc > 0 && (pfd[0].revents & (POLLIN | POLLHUP | POLLERR))) {
			if (input_read(&u) == 0 && (ioctl(STDIN_FILENO,
			    FIONREAD, &avail) == -1 || avail == 0))
				empty++;
			else
				empty = 0;
			if (empty >= UI_HUNG_UP) {
				hungup = 1;
				break;
			}
		}
		if (rc > 0 && (pfd[0].revents & (POLLHUP | POLLERR))) {
			hungup = 1;
			break;
		}
		if (rc > 0 && (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)))
			ui_read_server(&u);

		now = mono_now();
		if (u.running_since > 0) {
			u.spin = (int)(now * 10);
			u.redraw = 1;
		}
		/* GPU telemetry changes on its own: ask now and then. */
		if (json_object_get(u.status, "gpu") != NULL &&
		    now - last_status > 5) {
			last_status = now;
			ui_request(&u, "status", NULL, REQ_STATUS, 0);
		}
		if (u.flash_until != 0 && u.flash_until <= now) {
			u.flash_until = 0;
			u.redraw = 1;
		}
		if (!u.quit && ((u.redraw && now - u.last_draw >=
		    UI_FRAME_MS / 1000.0) || (u.redraw_lazy && now -
		    u.last_draw >= UI_LAZY_MS / 1000.0))) {
			ui_draw(&u);
			u.redraw = u.redraw_lazy = 0;
			u.last_draw = now;
		}
	}
	/*
	 * The terminal hung up: there is nobody to tell, and the hangup's
	 * SIGCONT may still be on its way. Leave at once, without atexit
	 * work: a sanitizer's leak check at exit stops the process with
	 * SIGSTOP, which a late SIGCONT cancels, and then both wait on each
	 * other for ever (seen as orphaned clients spinning in CI).
	 */
	if (hungup) {
		draw_done();
		ui_free(&u);
		_exit(1);
	}
	if (u.quit == 2 && u.final_reason[0] != '\0')
		ui_final_screen(&u);
	draw_done();
	if (u.quit == 2)
		fprintf(stderr, "baseliner attach: %s\n", u.quit_why ?
		    u.quit_why : "the server went away");
	else
		printf("[detached from session %s]\n", u.c->id);
	rc = u.quit == 2 && (u.quit_why == NULL || strcmp(u.quit_why,
	    "the session has ended") != 0) ? 1 : 0;
	ui_free(&u);
	return (rc);
}
