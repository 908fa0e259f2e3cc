/*
 * wb_main.c: the workbench client. One poll loop over the terminal and the
 * session's control socket. Events from the server (pane frames, the clock,
 * scores, messages) update the client's model; keys go to the focused shell
 * pane, or, after the prefix key (C-b by default), to the workbench. The
 * screen is redrawn at most once per loop turn, and a burst of frames is
 * drawn once it has been read, so output floods cost frames, not redraws.
 *
 * The layout of the shell panes is the client's: a tree of splits kept in
 * the server (layout.set) so that attaching again restores it. The client
 * sizes every pane (pane.resize) to its rectangle; read-only clients send
 * nothing that writes and follow the writer's layout.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "ctlc.h"
#include "util.h"
#include "wb.h"
#include "wb_brief.h"
#include "wb_draw.h"
#include "wb_grid.h"
#include "wb_layout.h"

#define WB_MAX_PANES	32
#define WB_MAX_PENDING	64

enum wb_overlay {
	OV_NONE,
	OV_HELP,
	OV_EDIT,	/* a one-line editor: note, pause reason, ... */
	OV_CONFIRM,	/* submit? */
	OV_PAGER,	/* diff, score output */
	OV_CHECKPOINTS,
	OV_COPY
};

enum wb_edit { EDIT_NOTE, EDIT_PAUSE, EDIT_RESTORE, EDIT_SEARCH };

enum wb_req {
	REQ_NONE, REQ_STATUS, REQ_SCORES, REQ_CHECKPOINTS, REQ_PAGER,
	REQ_SCROLLBACK, REQ_NEWPANE, REQ_NOTICE, REQ_ATTACH
};

struct wb_pane {
	int		id;
	struct grid	grid;
};

struct wb {
	struct ctlc		*c;
	int			 read_only;
	int			 quit;
	int			 redraw;

	json_t			*status;	/* last status reply */
	json_t			*scores;	/* last scores reply */
	json_t			*ckpts;		/* last checkpoints list */
	double			 elapsed, remaining, limit;
	char			 state[16];
	char			 running_line[160];
	double			 running_since;	/* mono time, 0 when idle */
	long long		 running_id;

	struct wb_pane		 panes[WB_MAX_PANES];
	int			 npanes;
	int			 active;	/* pane id */
	int			 zoomed;	/* pane id or -1 */
	struct layout_node	*root;

	int			 show_brief, show_scores;
	struct brief		 brief;
	char			*brief_md;
	int			 brief_scroll;
	struct layout_screen	 ls;
	int			 cols, rows;

	int			 prefix_key;
	int			 prefix;	/* the prefix was pressed */

	enum wb_overlay		 ov;
	enum wb_edit		 edit_kind;
	struct buf		 edit;
	char			 edit_prompt[64];
	char			**pager;	/* lines */
	int			 npager, pager_top;
	char			 pager_title[96];
	int			 ck_sel;

	/* Copy mode: the pane's scrollback and screen as text lines. */
	char			**copy;
	int			 ncopy, copy_row, copy_col, copy_top;
	int			 copy_mark;	/* row where selection began, -1 */
	char			*search;
	char			*paste;		/* copied text */

	char			 flash[160];
	double			 flash_until;
	struct {
		long long	 id;
		enum wb_req	 kind;
	} pending[WB_MAX_PENDING];

	struct layout_node	*drag;		/* border being dragged */
	int			 spin;
};

static volatile sig_atomic_t	wb_winch;

static void
wb_winch_handler(int sig)
{
	wb_winch = 1;
}

static void
wb_flash(struct wb *w, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(w->flash, sizeof w->flash, fmt, ap);
	va_end(ap);
	w->flash_until = mono_now() + 4;
	w->redraw = 1;
}

static void
wb_request(struct wb *w, const char *cmd, json_t *args, enum wb_req kind)
{
	long long	id;
	char		*cause = NULL;
	int		i;

	if ((id = ctlc_send(w->c, cmd, args, &cause)) < 0) {
		wb_flash(w, "%s", cause);
		free(cause);
		w->quit = 1;
	}
	json_decref(args);
	for (i = 0; i < WB_MAX_PENDING; i++) {
		if (w->pending[i].kind == REQ_NONE) {
			w->pending[i].id = id;
			w->pending[i].kind = kind;
			return;
		}
	}
}

/* Requests that change the session are not even sent when read-only. */
static void
wb_write(struct wb *w, const char *cmd, json_t *args)
{
	if (w->read_only) {
		json_decref(args);
		wb_flash(w, "read-only: %s is not allowed", cmd);
		return;
	}
	wb_request(w, cmd, args, REQ_NOTICE);
}

static struct wb_pane *
wb_pane(struct wb *w, int id)
{
	int	i;

	for (i = 0; i < w->npanes; i++) {
		if (w->panes[i].id == id)
			return (&w->panes[i]);
	}
	return (NULL);
}

static struct wb_pane *
wb_pane_add(struct wb *w, int id)
{
	struct wb_pane	*p;

	if ((p = wb_pane(w, id)) != NULL || w->npanes == WB_MAX_PANES)
		return (p);
	p = &w->panes[w->npanes++];
	p->id = id;
	grid_init(&p->grid);
	return (p);
}

static void
wb_pane_remove(struct wb *w, int id)
{
	int	i;

	for (i = 0; i < w->npanes; i++) {
		if (w->panes[i].id != id)
			continue;
		grid_free(&w->panes[i].grid);
		memmove(&w->panes[i], &w->panes[i + 1],
		    (w->npanes - i - 1) * sizeof w->panes[0]);
		w->npanes--;
		break;
	}
	layout_remove(&w->root, id);
	if (w->zoomed == id)
		w->zoomed = -1;
	if (w->active == id)
		w->active = w->root != NULL ? layout_cycle(w->root, id, 1) : -1;
	if (w->root != NULL && w->active == -1) {
		int ids[1];

		if (layout_panes(w->root, ids, 1) == 1)
			w->active = ids[0];
	}
}

/* Every pane's rectangle, and tell the server each pane's size. */
static void
wb_relayout(struct wb *w, int send)
{
	struct wb_pane	*p;
	struct layout_node *leaf;
	int		 i;

	getmaxyx(stdscr, w->rows, w->cols);
	layout_screen(w->cols, w->rows, w->show_brief, w->show_scores, &w->ls);
	layout_compute(w->root, w->ls.panes);
	if (w->zoomed != -1 && (leaf = layout_find(w->root, w->zoomed)))
		leaf->rect = w->ls.panes;
	if (w->brief_md != NULL && w->ls.brief.w > 2 &&
	    w->brief.width != w->ls.brief.w - 2) {
		brief_free(&w->brief);
		brief_layout(&w->brief, w->brief_md, w->ls.brief.w - 2);
	}
	for (i = 0; i < w->npanes && send && !w->read_only; i++) {
		p = &w->panes[i];
		if ((leaf = layout_find(w->root, p->id)) == NULL ||
		    leaf->rect.w < 1 || leaf->rect.h < 1)
			continue;
		if (w->zoomed != -1 && w->zoomed != p->id)
			continue;
		if (leaf->rect.w == p->grid.cols && leaf->rect.h == p->grid.rows)
			continue;
		wb_request(w, "pane.resize", json_pack("{si si si}", "pane",
		    p->id, "cols", leaf->rect.w, "rows", leaf->rect.h),
		    REQ_NOTICE);
	}
	w->redraw = 1;
}

static void
wb_store_layout(struct wb *w)
{
	if (!w->read_only && w->root != NULL)
		wb_request(w, "layout.set", json_pack("{so}", "layout",
		    layout_to_json(w->root)), REQ_NOTICE);
}

/* Drawing. */

static const char *const big_digits[11][2] = {
	{ "\u2588\u2580\u2588", "\u2588\u2584\u2588" },	/* 0 */
	{ "\u2580\u2588 ", "\u2584\u2588\u2584" },	/* 1 */
	{ "\u2580\u2580\u2588", "\u2588\u2584\u2584" },	/* 2 */
	{ "\u2580\u2580\u2588", "\u2584\u2584\u2588" },	/* 3 */
	{ "\u2588 \u2588", "\u2580\u2580\u2588" },	/* 4 */
	{ "\u2588\u2580\u2580", "\u2584\u2584\u2588" },	/* 5 */
	{ "\u2588\u2580\u2580", "\u2588\u2584\u2588" },	/* 6 */
	{ "\u2580\u2580\u2588", "  \u2588" },		/* 7 */
	{ "\u2588\u2584\u2588", "\u2588\u2584\u2588" },	/* 8 */
	{ "\u2588\u2580\u2588", "\u2584\u2584\u2588" },	/* 9 */
	{ "\u2584", "\u2580" },				/* : */
};

static enum wb_colour
time_colour(double left)
{
	if (left <= 300)
		return (WB_TIME_LAST);
	if (left <= 900)
		return (WB_TIME_QUARTER);
	if (left <= 3600)
		return (WB_TIME_HOUR);
	return (WB_TIME_OK);
}

/* The time left in two-row block figures; returns the columns used. */
static int
draw_big_time(int y, int right, const char *text, short pair)
{
	const char	*p;
	int		 w = 0, x, d;

	for (p = text; *p != '\0'; p++)
		w += *p == ':' ? 2 : 4;
	x = right - w;
	for (p = text; *p != '\0'; p++) {
		d = *p == ':' ? 10 : *p - '0';
		if (d < 0 || d > 10)
			continue;
		draw_text(y, x, big_digits[d][0], 3, A_BOLD, pair);
		draw_text(y + 1, x, big_digits[d][1], 3, A_BOLD, pair);
		x += d == 10 ? 2 : 4;
	}
	return (w);
}

static const char *
jstr(json_t *o, const char *k)
{
	const char	*s = json_string_value(json_object_get(o, k));

	return (s != NULL ? s : "");
}

static double
jnum(json_t *o, const char *k)
{
	json_t	*v = json_object_get(o, k);

	return (json_is_number(v) ? json_number_value(v) : NAN);
}

static void
draw_status(struct wb *w)
{
	static const char *const spinner[] = { "\u280b", "\u2819", "\u2839",
	    "\u2838", "\u283c", "\u2834", "\u2826", "\u2827", "\u2807",
	    "\u280f" };
	struct layout_rect	 r = w->ls.status;
	json_t			*s = json_object_get(w->status, "session");
	json_t			*msgs = json_object_get(w->status, "messages");
	json_t			*gpu = json_object_get(w->status, "gpu");
	json_t			*best = json_object_get(w->scores, "best");
	char			 line[512], *left, *el;
	int			 x = 0, used, bigw = 0, h = r.h;
	short			 st = draw_wb(WB_STATUS);

	if (r.w < 1 || r.h < 1)
		return;
	left = fmt_duration(w->remaining);
	draw_fill(r.y, 0, r.w, A_NORMAL, st);
	if (h > 1)
		draw_fill(r.y + 1, 0, r.w, A_NORMAL, st);
	/* Time left, large when there is room. */
	if (h > 1 && r.w >= 90) {
		draw_fill(r.y, r.w - 30, 30, A_NORMAL, 0);
		draw_fill(r.y + 1, r.w - 30, 30, A_NORMAL, 0);
		bigw = draw_big_time(r.y, r.w - 1, left,
		    draw_wb(time_colour(w->remaining)));
		draw_text(r.y, r.w - bigw - 6, "left", 4, A_BOLD, 0);
		bigw = 30;
	} else {
		snprintf(line, sizeof line, " %s left ", left);
		bigw = (int)strlen(line);
		draw_text(r.y, r.w - bigw, line, bigw, A_BOLD | A_REVERSE,
		    draw_wb(time_colour(w->remaining)));
	}
	free(left);

	/* First row: what this is, and the state of things. */
	el = fmt_duration(w->elapsed);
	snprintf(line, sizeof line, " %s \u2502 %s \u2502 %s%s \u2502 %s ",
	    jstr(s, "task_title"), jstr(s, "participant"),
	    strcmp(w->state, "paused") == 0 ? "\u275a\u275a PAUSED" :
	    strcmp(w->state, "running") == 0 ? "\u25cf running" : w->state,
	    w->read_only ? " (read-only)" : "", el);
	free(el);
	used = draw_text(r.y, x, line, r.w - bigw - 1, A_BOLD, st);
	x += used;
	if (w->running_since > 0) {
		snprintf(line, sizeof line, "\u2502 %s scoring #%lld %.0fs %s ",
		    spinner[w->spin % 10], w->running_id, mono_now() -
		    w->running_since, w->running_line);
		x += draw_text(r.y, x, line, r.w - bigw - 1 - x, A_NORMAL, st);
	} else {
		snprintf(line, sizeof line, "\u2502 scorer idle ");
		x += draw_text(r.y, x, line, r.w - bigw - 1 - x, A_NORMAL, st);
	}
	snprintf(line, sizeof line, "\u2502 %lld checkpoints ",
	    (long long)json_integer_value(json_object_get(w->status,
	    "checkpoints")));
	x += draw_text(r.y, x, line, r.w - bigw - 1 - x, A_NORMAL, st);
	if (best != NULL && json_is_number(json_object_get(best,
	    "normalized"))) {
		snprintf(line, sizeof line, "\u2502 best %.3f ",
		    jnum(best, "normalized"));
		x += draw_text(r.y, x, line, r.w - bigw - 1 - x, A_BOLD, st);
	}
	if (h < 2)
		return;

	/* Second row: a proctor's message, a flash, the GPU, or help. */
	if (json_array_size(msgs) > 0) {
		json_t *m = json_array_get(msgs, json_array_size(msgs) - 1);

		snprintf(line, sizeof line, " MESSAGE from %s: %s  "
		    "(C-b m to acknowledge) ", jstr(m, "sender"),
		    jstr(m, "text"));
		draw_fill(r.y + 1, 0, r.w - bigw, A_NORMAL,
		    draw_wb(WB_MESSAGE));
		draw_text(r.y + 1, 0, line, r.w - bigw - 1, A_BOLD,
		    draw_wb(WB_MESSAGE));
		return;
	}
	if (w->flash_until > mono_now()) {
		draw_text(r.y + 1, 1, w->flash, r.w - bigw - 2, A_BOLD, st);
		return;
	}
	x = 1;
	if (json_array_size(gpu) > 0) {
		json_t *g;
		size_t i;

		json_array_foreach(gpu, i, g) {
			snprintf(line, sizeof line, "GPU%s %s", jstr(g,
			    "index") ? "" : "", jstr(g, "line"));
			if (*jstr(g, "line") == '\0') {
				snprintf(line, sizeof line, "%s", jstr(g,
				    "name"));
				if (json_is_number(json_object_get(g,
				    "util_gpu")))
					snprintf(line + strlen(line),
					    sizeof line - strlen(line),
					    " %lld%%", (long long)
					    json_integer_value(json_object_get(
					    g, "util_gpu")));
			}
			x += draw_text(r.y + 1, x, line, r.w - bigw - x - 1,
			    A_NORMAL, st) + 2;
		}
	} else if (*jstr(s, "gpus") == '\0')
		x += draw_text(r.y + 1, x, "no GPU", r.w - bigw - x - 1,
		    A_NORMAL, st) + 2;
	snprintf(line, sizeof line, "\u2502 C-b ? help  C-b s score  "
	    "C-b n note  C-b p pause  C-b d detach");
	draw_text(r.y + 1, x, line, r.w - bigw - x - 1, A_NORMAL, st);
}

static void
draw_grid(struct grid *g, struct layout_rect r)
{
	struct grid_cell	*c;
	cchar_t			 cc;
	wchar_t			 wc[8];
	attr_t			 a;
	short			 pair;
	int			 x, y;
	size_t			 n;

	for (y = 0; y < r.h; y++) {
		for (x = 0; x < r.w; x++) {
			c = grid_cell(g, x, y);
			if (c == NULL) {
				mvaddch(r.y + y, r.x + x, ' ');
				continue;
			}
			if (c->width == 0)
				continue;
			if (c->width == 2 && x + 1 >= r.w) {
				mvaddch(r.y + y, r.x + x, ' ');
				continue;
			}
			a = draw_cell_attr(c, &pair);
			if (c->ch[0] == '\0') {
				wc[0] = L' ';
				wc[1] = L'\0';
			} else if ((n = mbstowcs(wc, c->ch, 7)) == (size_t)-1) {
				wc[0] = L'?';
				wc[1] = L'\0';
			} else
				wc[n] = L'\0';
			setcchar(&cc, wc, a, pair, NULL);
			mvadd_wch(r.y + y, r.x + x, &cc);
		}
	}
}

static void
draw_borders(struct wb *w, struct layout_node *n)
{
	struct layout_rect	a, r = n->rect;
	short			pair;
	int			i, on;

	if (n == NULL || n->kind == LAYOUT_PANE || w->zoomed != -1)
		return;
	a = n->a->rect;
	if (n->b->rect.w > 0 && n->b->rect.h > 0) {
		on = layout_find(n->a, w->active) != NULL ||
		    layout_find(n->b, w->active) != NULL;
		pair = draw_wb(on ? WB_BORDER_ACTIVE : WB_BORDER);
		attr_set(A_NORMAL, pair, NULL);
		if (n->kind == LAYOUT_COLUMNS)
			for (i = 0; i < r.h; i++)
				mvadd_wch(r.y + i, a.x + a.w, WACS_VLINE);
		else
			for (i = 0; i < r.w; i++)
				mvadd_wch(a.y + a.h, r.x + i, WACS_HLINE);
		attr_set(A_NORMAL, 0, NULL);
	}
	draw_borders(w, n->a);
	draw_borders(w, n->b);
}

static void
draw_box_title(struct layout_rect r, const char *title, int active)
{
	short	pair = draw_wb(active ? WB_BORDER_ACTIVE : WB_BORDER);
	int	i;

	attr_set(A_NORMAL, pair, NULL);
	for (i = 0; i < r.w; i++)
		mvadd_wch(r.y, r.x + i, WACS_HLINE);
	attr_set(A_NORMAL, 0, NULL);
	draw_text(r.y, r.x + 1, title, r.w - 2, A_BOLD, pair);
}

static void
draw_brief(struct wb *w)
{
	struct layout_rect	 r = w->ls.brief;
	struct brief_line	*l;
	int			 y, i, x, st;
	attr_t			 a;
	short			 pair;

	if (r.w < 3 || r.h < 2)
		return;
	draw_box_title(r, " Brief (C-b PgUp/PgDn) ", 0);
	if (w->brief_scroll > w->brief.n - 1)
		w->brief_scroll = w->brief.n > 0 ? w->brief.n - 1 : 0;
	for (y = 1; y < r.h; y++) {
		i = w->brief_scroll + y - 1;
		if (i >= w->brief.n)
			break;
		l = &w->brief.lines[i];
		x = r.x + 1;
		for (int k = 0; k < l->n; k++) {
			st = l->runs[k].style;
			a = A_NORMAL;
			pair = 0;
			if (st & BRIEF_BOLD)
				a |= A_BOLD;
			if (st & BRIEF_ITALIC)
				a |= A_UNDERLINE;
			if (st & BRIEF_HEADING)
				pair = draw_wb(WB_HEADING);
			if (st & (BRIEF_CODE | BRIEF_BLOCK))
				pair = draw_wb(WB_CODE);
			x += draw_text(r.y + y, x, l->runs[k].text,
			    r.x + r.w - x, a, pair);
		}
	}
}

/* Best normalized score against elapsed hours, in braille dots. */
static void
draw_plot(struct wb *w, struct layout_rect r)
{
	json_t		*rows = json_object_get(w->scores, "scores"), *sc;
	size_t		 i;
	int		 W = r.w - 6, H = r.h - 1, dots_w, dots_h, px, py, x, y;
	unsigned char	*cells;
	double		 hours = w->limit > 0 ? w->limit / 3600 : 8, ymax = 1.2;
	double		 best = NAN, v, t;
	const char	*dir = jstr(w->scores, "direction");
	char		 lab[16];
	wchar_t		 wc[2];
	cchar_t		 cc;

	if (W < 8 || H < 3)
		return;
	dots_w = W * 2;
	dots_h = H * 4;
	cells = xcalloc((size_t)W * H, 1);
	json_array_foreach(rows, i, sc) {
		v = jnum(sc, "normalized");
		if (!isnan(v) && v > ymax)
			ymax = v;
	}
	/* The step curve of the best so far, column by column. */
	(void)dir;
	for (px = 0; px < dots_w; px++) {
		t = (px + 1) * hours * 3600 / dots_w;
		best = NAN;
		json_array_foreach(rows, i, sc) {
			if (strcmp(jstr(sc, "status"), "valid") != 0)
				continue;
			if (jnum(sc, "requested_elapsed") > t)
				continue;
			v = jnum(sc, "normalized");
			if (!isnan(v) && (isnan(best) || v > best))
				best = v;
		}
		if (isnan(best) || t > w->elapsed + 1)
			continue;
		py = dots_h - 1 - (int)(best / ymax * (dots_h - 1) + 0.5);
		if (py < 0)
			py = 0;
		static const unsigned char bit[4][2] = {
			{ 0x01, 0x08 }, { 0x02, 0x10 }, { 0x04, 0x20 },
			{ 0x40, 0x80 } };
		cells[(py / 4) * W + px / 2] |= bit[py % 4][px % 2];
	}
	/* The reference line at 1.0. */
	y = (int)((1 - 1 / ymax) * (H - 1) + 0.5);
	for (x = 0; x < W; x++) {
		if (cells[y * W + x] == 0) {
			mvaddstr(r.y + y, r.x + 6 + x, "\u00b7");
		}
	}
	for (y = 0; y < H; y++) {
		for (x = 0; x < W; x++) {
			if (cells[y * W + x] == 0)
				continue;
			wc[0] = 0x2800 + cells[y * W + x];
			wc[1] = 0;
			setcchar(&cc, wc, A_BOLD, draw_wb(WB_PLOT), NULL);
			mvadd_wch(r.y + y, r.x + 6 + x, &cc);
		}
	}
	snprintf(lab, sizeof lab, "%4.1f", ymax);
	draw_text(r.y, r.x, lab, 5, A_NORMAL, draw_wb(WB_DIM));
	draw_text(r.y + (int)((1 - 1 / ymax) * (H - 1) + 0.5), r.x, " 1.0",
	    5, A_NORMAL, draw_wb(WB_DIM));
	draw_text(r.y + H - 1, r.x, " 0.0", 5, A_NORMAL, draw_wb(WB_DIM));
	snprintf(lab, sizeof lab, "%.0fh", hours);
	draw_text(r.y + H, r.x + 6, "0h", 2, A_NORMAL, draw_wb(WB_DIM));
	draw_text(r.y + H, r.x + 6 + W - (int)strlen(lab), lab, 4, A_NORMAL,
	    draw_wb(WB_DIM));
	draw_text(r.y + H, r.x + 10, " best normalized vs hours ", W - 8,
	    A_NORMAL, draw_wb(WB_DIM));
	free(cells);
}

static void
draw_scores(struct wb *w)
{
	struct layout_rect	 r = w->ls.scores, pr;
	json_t			*rows = json_object_get(w->scores, "scores");
	json_t			*sc, *m;
	char			 line[256], *el, *msg;
	int			 y, n, first, plot_h;
	short			 pair;

	if (r.w < 3 || r.h < 2)
		return;
	draw_box_title(r, " Scores (C-b s score, C-b o output) ", 0);
	plot_h = r.h >= 16 ? 9 : 0;
	draw_text(r.y + 1, r.x + 1, "   # elapsed   norm      raw  status",
	    r.w - 1, A_BOLD, 0);
	n = (int)json_array_size(rows);
	y = r.y + 2;
	first = n - (r.h - 3 - plot_h);
	if (first < 0)
		first = 0;
	for (int i = first; i < n && y < r.y + r.h - plot_h; i++, y++) {
		sc = json_array_get(rows, i);
		el = fmt_duration(jnum(sc, "requested_elapsed"));
		pair = 0;
		if (json_is_true(json_object_get(sc, "hidden")))
			snprintf(line, sizeof line, "%4lld %7s %6s %8s  %s",
			    (long long)json_integer_value(json_object_get(sc,
			    "id")), el, "hidden", "", jstr(sc, "status"));
		else {
			m = json_object_get(sc, "message");
			msg = m != NULL && !json_is_null(m) ? json_dumps(m,
			    JSON_COMPACT | JSON_REAL_PRECISION(5)) : NULL;
			if (strcmp(jstr(sc, "status"), "valid") == 0)
				snprintf(line, sizeof line,
				    "%4lld %7s %6.3f %8.4f %s%s %s",
				    (long long)json_integer_value(
				    json_object_get(sc, "id")), el,
				    jnum(sc, "normalized"), jnum(sc, "raw"),
				    json_is_true(json_object_get(sc, "best")) ?
				    "\u2605" : " ", jstr(sc, "status"),
				    msg ? msg : "");
			else
				snprintf(line, sizeof line,
				    "%4lld %7s %6s %8s  %s %s",
				    (long long)json_integer_value(
				    json_object_get(sc, "id")), el, "-", "-",
				    jstr(sc, "status"), *jstr(sc, "reason") ?
				    jstr(sc, "reason") : "");
			free(msg);
			if (json_is_true(json_object_get(sc, "best")))
				pair = draw_wb(WB_BEST);
			else if (strcmp(jstr(sc, "status"), "valid") != 0 &&
			    strcmp(jstr(sc, "status"), "queued") != 0 &&
			    strcmp(jstr(sc, "status"), "running") != 0)
				pair = draw_wb(WB_BAD);
		}
		free(el);
		draw_text(y, r.x + 1, line, r.w - 1, A_NORMAL, pair);
	}
	if (plot_h > 0) {
		pr = (struct layout_rect){ r.x + 1, r.y + r.h - plot_h, r.w - 2,
		    plot_h };
		draw_plot(w, pr);
	}
}

static void
draw_overlay_box(int *y0, int *x0, int *h, int *wd, const char *title)
{
	int	y;

	if (*wd > COLS - 2)
		*wd = COLS - 2;
	if (*h > LINES - 2)
		*h = LINES - 2;
	if (*wd < 4 || *h < 3)
		return;
	*y0 = (LINES - *h) / 2;
	*x0 = (COLS - *wd) / 2;
	for (y = 0; y < *h; y++)
		draw_fill(*y0 + y, *x0, *wd, A_NORMAL, draw_wb(WB_OVERLAY));
	draw_text(*y0, *x0 + 2, title, *wd - 4, A_BOLD, draw_wb(WB_OVERLAY));
}

static const struct wb_binding {
	int		 key;
	const char	*keyname;
	const char	*help;
	const char	*action;
} wb_bindings[] = {
	{ .key = 's', .keyname = "s", .action = "score",
	  .help = "score: checkpoint the work and run the scorer" },
	{ .key = 'c', .keyname = "c", .action = "checkpoint",
	  .help = "checkpoint the work now" },
	{ .key = 'C', .keyname = "C", .action = "checkpoints",
	  .help = "checkpoints: list, diff, restore" },
	{ .key = 'n', .keyname = "n", .action = "note",
	  .help = "write a note in the session's log" },
	{ .key = 'p', .keyname = "p", .action = "pause",
	  .help = "pause the clock (asks for a reason)" },
	{ .key = 'r', .keyname = "r", .action = "resume",
	  .help = "resume the clock" },
	{ .key = 'S', .keyname = "S", .action = "submit",
	  .help = "submit: end the session (asks first)" },
	{ .key = 'o', .keyname = "o", .action = "output",
	  .help = "full output of the last scoring" },
	{ .key = 'm', .keyname = "m", .action = "ack",
	  .help = "acknowledge the proctor's message" },
	{ .key = '"', .keyname = "\"", .action = "split-rows",
	  .help = "split the pane, new one below" },
	{ .key = '%', .keyname = "%", .action = "split-columns",
	  .help = "split the pane, new one to the right" },
	{ .key = 'x', .keyname = "x", .action = "close",
	  .help = "close the pane (its shell is hung up)" },
	{ .key = 'z', .keyname = "z", .action = "zoom",
	  .help = "zoom the pane to the whole area, or back" },
	{ .key = '\t', .keyname = "Tab", .action = "next",
	  .help = "focus the next pane (also arrows, or click)" },
	{ .key = '[', .keyname = "[", .action = "copy",
	  .help = "copy mode: scrollback, / search, space/enter select" },
	{ .key = ']', .keyname = "]", .action = "paste",
	  .help = "paste what copy mode copied" },
	{ .key = 'b', .keyname = "b", .action = "toggle-brief",
	  .help = "show or hide the brief" },
	{ .key = 't', .keyname = "t", .action = "toggle-scores",
	  .help = "show or hide the scores" },
	{ .key = 'd', .keyname = "d", .action = "detach",
	  .help = "detach: everything goes on in the server" },
	{ .key = '?', .keyname = "?", .action = "help",
	  .help = "this help" },
};

static void
draw_help(struct wb *w)
{
	char	line[160];
	int	y0, x0, h = (int)nitems(wb_bindings) + 7, wd = 66;
	size_t	i;

	draw_overlay_box(&y0, &x0, &h, &wd, " Keys (press any key) ");
	snprintf(line, sizeof line, "Prefix: C-%c, then:", w->prefix_key +
	    'a' - 1);
	draw_text(y0 + 1, x0 + 2, line, wd - 4, A_BOLD, draw_wb(WB_OVERLAY));
	for (i = 0; i < nitems(wb_bindings) && (int)i + 2 < h - 3; i++) {
		snprintf(line, sizeof line, "  %-4s %s", wb_bindings[i].keyname,
		    wb_bindings[i].help);
		draw_text(y0 + 2 + (int)i, x0 + 2, line, wd - 4, A_NORMAL,
		    draw_wb(WB_OVERLAY));
	}
	draw_text(y0 + h - 3, x0 + 2, "  PgUp/PgDn  scroll the brief;  "
	    "C-b C-b  send C-b itself", wd - 4, A_NORMAL, draw_wb(WB_OVERLAY));
	draw_text(y0 + h - 2, x0 + 2, "Mouse: click to focus, wheel to scroll, "
	    "drag a border to resize", wd - 4, A_NORMAL, draw_wb(WB_OVERLAY));
}

static void
draw_pager(struct wb *w, const char *title, char **lines, int n, int top,
    int sel)
{
	int	y0, x0, h = LINES - 2, wd = COLS - 4, y;
	short	pair = draw_wb(WB_OVERLAY);

	draw_overlay_box(&y0, &x0, &h, &wd, title);
	for (y = 1; y < h - 1 && top + y - 1 < n; y++) {
		const char *l = lines[top + y - 1];

		pair = draw_wb(WB_OVERLAY);
		if (l[0] == '+' && l[1] != '+')
			pair = draw_pair(COLOR_GREEN, COLOR_BLUE);
		else if (l[0] == '-' && l[1] != '-')
			pair = draw_pair(COLOR_RED, COLOR_BLUE);
		draw_text(y0 + y, x0 + 1, l, wd - 2, top + y - 1 == sel ?
		    A_REVERSE : A_NORMAL, pair);
	}
	draw_text(y0 + h - 1, x0 + 2, sel >= 0 ? "Enter diff with the one "
	    "before  w diff with the work folder  R restore  q close" :
	    "arrows/PgUp/PgDn scroll  q close", wd - 4, A_NORMAL,
	    draw_wb(WB_OVERLAY));
}

static void
draw_copy(struct wb *w)
{
	struct layout_node	*leaf = layout_find(w->root, w->active);
	struct layout_rect	 r;
	int			 y, lo, hi;
	char			 tag[64];

	if (leaf == NULL)
		return;
	r = leaf->rect;
	lo = w->copy_mark >= 0 ? (w->copy_mark < w->copy_row ? w->copy_mark :
	    w->copy_row) : -1;
	hi = w->copy_mark >= 0 ? (w->copy_mark > w->copy_row ? w->copy_mark :
	    w->copy_row) : -1;
	for (y = 0; y < r.h; y++) {
		draw_fill(r.y + y, r.x, r.w, A_NORMAL, 0);
		if (w->copy_top + y >= w->ncopy)
			continue;
		draw_text(r.y + y, r.x, w->copy[w->copy_top + y], r.w,
		    (w->copy_top + y >= lo && w->copy_top + y <= hi) ?
		    A_REVERSE : A_NORMAL, 0);
	}
	snprintf(tag, sizeof tag, "[copy %d/%d%s%s]", w->copy_row + 1, w->ncopy,
	    w->search ? " /" : "", w->search ? w->search : "");
	draw_text(r.y, r.x + r.w - draw_text_width(tag) - 1, tag, r.w,
	    A_REVERSE, draw_wb(WB_HEADING));
	move(r.y + w->copy_row - w->copy_top, r.x + w->copy_col);
}

static void
wb_draw(struct wb *w)
{
	struct wb_pane		*p;
	struct layout_node	*leaf;
	struct layout_rect	 r;
	int			 i, y0, x0, h, wd;
	int			 cur_y = -1, cur_x = -1;

	erase();
	for (i = 0; i < w->npanes; i++) {
		p = &w->panes[i];
		if ((leaf = layout_find(w->root, p->id)) == NULL)
			continue;
		if (w->zoomed != -1 && w->zoomed != p->id)
			continue;
		r = leaf->rect;
		if (r.w < 1 || r.h < 1)
			continue;
		draw_grid(&p->grid, r);
		if (p->id == w->active && p->grid.cursor_visible &&
		    p->grid.cx < r.w && p->grid.cy < r.h) {
			cur_y = r.y + p->grid.cy;
			cur_x = r.x + p->grid.cx;
		}
	}
	draw_borders(w, w->root);
	if (w->ls.sidebar_x >= 0) {
		attr_set(A_NORMAL, draw_wb(WB_BORDER), NULL);
		for (i = 0; i < w->ls.panes.h; i++)
			mvadd_wch(i, w->ls.sidebar_x, WACS_VLINE);
		attr_set(A_NORMAL, 0, NULL);
	}
	draw_brief(w);
	draw_scores(w);
	draw_status(w);
	if (strcmp(w->state, "paused") == 0 || strcmp(w->state, "ended") == 0 ||
	    strcmp(w->state, "ending") == 0) {
		/* The panes are covered; typing is held until resumed. */
		json_t *s = json_object_get(w->status, "session");
		char line[256];

		r = w->ls.panes;
		for (i = 0; i < r.h; i++)
			draw_fill(r.y + i, r.x, r.w, A_NORMAL,
			    draw_wb(WB_OVERLAY));
		if (strcmp(w->state, "paused") == 0)
			snprintf(line, sizeof line, "PAUSED: %s   (C-b r to "
			    "resume; typing is held)", jstr(s,
			    "paused_reason"));
		else
			snprintf(line, sizeof line, "The session has %s. "
			    "(C-b d to leave)", strcmp(w->state, "ended") ==
			    0 ? "ended" : "ended: final checkpoint and scoring "
			    "under way");
		draw_text(r.y + r.h / 2, r.x + 2, line, r.w - 4, A_BOLD,
		    draw_wb(WB_OVERLAY));
		cur_y = -1;
	}
	switch (w->ov) {
	case OV_HELP:
		draw_help(w);
		cur_y = -1;
		break;
	case OV_EDIT:
		h = 3;
		wd = 70;
		draw_overlay_box(&y0, &x0, &h, &wd, w->edit_prompt);
		x0 += 2 + draw_text(y0 + 1, x0 + 2, buf_cstr(&w->edit), wd - 4,
		    A_NORMAL, draw_wb(WB_OVERLAY));
		cur_y = y0 + 1;
		cur_x = x0;
		break;
	case OV_CONFIRM:
		h = 4;
		wd = 64;
		draw_overlay_box(&y0, &x0, &h, &wd, " Submit ");
		draw_text(y0 + 1, x0 + 2, "End the session now? A final "
		    "checkpoint is scored", wd - 4, A_NORMAL,
		    draw_wb(WB_OVERLAY));
		draw_text(y0 + 2, x0 + 2, "and the clock stops for good.  "
		    "y: submit   any other key: no", wd - 4, A_BOLD,
		    draw_wb(WB_OVERLAY));
		cur_y = -1;
		break;
	case OV_PAGER:
		draw_pager(w, w->pager_title, w->pager, w->npager, w->pager_top,
		    -1);
		cur_y = -1;
		break;
	case OV_CHECKPOINTS:
		draw_pager(w, " Checkpoints ", w->pager, w->npager,
		    w->pager_top, w->ck_sel);
		cur_y = -1;
		break;
	case OV_COPY:
		draw_copy(w);
		curs_set(1);
		refresh();
		return;
	default:
		break;
	}
	if (cur_y >= 0) {
		curs_set(1);
		move(cur_y, cur_x);
	} else
		curs_set(0);
	refresh();
}

/* Pager content. */

static void
wb_pager_free(struct wb *w)
{
	int	i;

	for (i = 0; i < w->npager; i++)
		free(w->pager[i]);
	free(w->pager);
	w->pager = NULL;
	w->npager = w->pager_top = 0;
}

static void
wb_pager_set(struct wb *w, const char *title, const char *text)
{
	const char	*p, *nl;

	wb_pager_free(w);
	snprintf(w->pager_title, sizeof w->pager_title, "%s", title);
	for (p = text; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		w->pager = xreallocarray(w->pager, w->npager + 1,
		    sizeof *w->pager);
		w->pager[w->npager++] = nl ? xstrndup(p, nl - p) : xstrdup(p);
		if (nl == NULL)
			break;
	}
	if (w->npager == 0) {
		w->pager = xcalloc(1, sizeof *w->pager);
		w->pager[w->npager++] = xstrdup("(nothing)");
	}
	w->ov = OV_PAGER;
}

static void
wb_copy_free(struct wb *w)
{
	int	i;

	for (i = 0; i < w->ncopy; i++)
		free(w->copy[i]);
	free(w->copy);
	w->copy = NULL;
	w->ncopy = 0;
}

/* Server replies and events. */

static void
wb_on_reply(struct wb *w, enum wb_req kind, json_t *msg)
{
	json_t		*res = json_object_get(msg, "result"), *v, *row;
	const char	*err;
	size_t		 i;
	struct buf	 b;

	if (!json_is_true(json_object_get(msg, "ok"))) {
		err = jstr(msg, "error");
		if (kind != REQ_STATUS && kind != REQ_SCORES)
			wb_flash(w, "%s", err);
		return;
	}
	switch (kind) {
	case REQ_STATUS:
		json_decref(w->status);
		w->status = json_incref(res);
		v = json_object_get(res, "session");
		w->elapsed = jnum(v, "elapsed");
		w->remaining = jnum(v, "remaining");
		w->limit = jnum(v, "limit");
		snprintf(w->state, sizeof w->state, "%s", jstr(v, "state"));
		v = json_object_get(json_object_get(res, "scorer"), "running");
		if (v != NULL) {
			w->running_id = json_integer_value(json_object_get(v,
			    "id"));
			if (w->running_since == 0)
				w->running_since = mono_now() - jnum(v,
				    "seconds");
			snprintf(w->running_line, sizeof w->running_line, "%s",
			    jstr(v, "last_line"));
		} else
			w->running_since = 0;
		break;
	case REQ_SCORES:
		json_decref(w->scores);
		w->scores = json_incref(res);
		break;
	case REQ_CHECKPOINTS:
		json_decref(w->ckpts);
		w->ckpts = json_incref(json_object_get(res, "checkpoints"));
		buf_init(&b);
		json_array_foreach(w->ckpts, i, row) {
			char *el = fmt_duration(jnum(row, "elapsed"));

			buf_printf(&b, "%3lld  %8s  %-7s %.10s  %3lld files  "
			    "%s\n", (long long)json_integer_value(
			    json_object_get(row, "id")), el, jstr(row,
			    "trigger"), jstr(row, "commit"), (long long)
			    json_integer_value(json_object_get(row,
			    "files_changed")), jstr(row, "message"));
			free(el);
		}
		wb_pager_set(w, " Checkpoints ", buf_cstr(&b));
		buf_free(&b);
		w->ov = OV_CHECKPOINTS;
		w->ck_sel = w->npager > 0 ? w->npager - 1 : 0;
		w->pager_top = w->ck_sel > LINES - 6 ? w->ck_sel - (LINES - 6) :
		    0;
		break;
	case REQ_PAGER:
		if ((v = json_object_get(res, "diff")) != NULL)
			wb_pager_set(w, " Diff ", json_string_value(v));
		else if ((v = json_object_get(res, "output")) != NULL)
			wb_pager_set(w, " Scorer output ",
			    json_string_value(v));
		break;
	case REQ_SCROLLBACK: {
		struct wb_pane	*p = wb_pane(w, w->active);
		struct grid_cell *tmp;
		json_t		*attrs = json_object_get(res, "attrs");
		int		 cols = p != NULL ? p->grid.cols : 80, y;

		wb_copy_free(w);
		tmp = xcalloc(cols, sizeof *tmp);
		json_array_foreach(json_object_get(res, "lines"), i, row) {
			grid_set_line(tmp, cols, json_object_get(row, "runs"),
			    attrs);
			w->copy = xreallocarray(w->copy, w->ncopy + 1,
			    sizeof *w->copy);
			w->copy[w->ncopy++] = grid_row_text(tmp, cols);
		}
		free(tmp);
		for (y = 0; p != NULL && y < p->grid.rows; y++) {
			w->copy = xreallocarray(w->copy, w->ncopy + 1,
			    sizeof *w->copy);
			w->copy[w->ncopy++] = grid_row_text(
			    &p->grid.cells[y * p->grid.cols], p->grid.cols);
		}
		w->ov = OV_COPY;
		w->copy_row = w->ncopy > 0 ? w->ncopy - 1 : 0;
		w->copy_col = 0;
		w->copy_mark = -1;
		w->copy_top = w->ncopy - (p != NULL ? p->grid.rows : 1);
		if (w->copy_top < 0)
			w->copy_top = 0;
		break;
	}
	case REQ_NEWPANE:
		break;
	case REQ_ATTACH:
		break;
	default:
		break;
	}
	w->redraw = 1;
}

static void
wb_refresh(struct wb *w)
{
	wb_request(w, "status", NULL, REQ_STATUS);
	wb_request(w, "scores", NULL, REQ_SCORES);
}

static void
wb_adopt_layout(struct wb *w, json_t *layout)
{
	struct layout_node	*root;
	int			 ids[WB_MAX_PANES], n, i;

	if ((root = layout_from_json(layout)) == NULL)
		return;
	/* Every pane of the layout must exist; else keep ours. */
	n = layout_panes(root, ids, WB_MAX_PANES);
	for (i = 0; i < n; i++) {
		if (wb_pane(w, ids[i]) == NULL) {
			layout_free(root);
			return;
		}
	}
	layout_free(w->root);
	w->root = root;
	if (layout_find(root, w->active) == NULL)
		w->active = ids[0];
	wb_relayout(w, 0);
}

static void
wb_on_event(struct wb *w, json_t *msg)
{
	const char	*ev = jstr(msg, "ev");
	json_t		*data = json_object_get(msg, "data");
	struct wb_pane	*p;
	int		 id;

	if (strcmp(ev, "pane.frame") == 0) {
		id = (int)json_integer_value(json_object_get(msg, "pane"));
		if ((p = wb_pane(w, id)) == NULL) {
			p = wb_pane_add(w, id);
			if (p != NULL && layout_find(w->root, id) == NULL) {
				if (w->root == NULL) {
					w->root = layout_new_pane(id);
					w->active = id;
				} else
					layout_split(&w->root, w->active,
					    LAYOUT_COLUMNS, id);
				wb_relayout(w, 1);
			}
		}
		if (p != NULL)
			grid_apply(&p->grid, msg);
		w->redraw = 1;
	} else if (strcmp(ev, "pane.exit") == 0) {
		id = (int)json_integer_value(json_object_get(msg, "pane"));
		wb_pane_remove(w, id);
		if (w->root == NULL && !w->read_only &&
		    strcmp(w->state, "running") == 0)
			wb_request(w, "pane.new", NULL, REQ_NEWPANE);
		wb_relayout(w, 1);
		wb_store_layout(w);
	} else if (strcmp(ev, "clock") == 0) {
		w->elapsed = jnum(msg, "elapsed");
		w->remaining = jnum(msg, "remaining");
		snprintf(w->state, sizeof w->state, "%s", jstr(msg, "state"));
		w->redraw = 1;
	} else if (strcmp(ev, "state") == 0) {
		snprintf(w->state, sizeof w->state, "%s", jstr(msg, "state"));
		wb_refresh(w);
	} else if (strcmp(ev, "score.progress") == 0) {
		snprintf(w->running_line, sizeof w->running_line, "%s",
		    jstr(msg, "last_line"));
		w->running_id = json_integer_value(json_object_get(msg, "id"));
		if (w->running_since == 0)
			w->running_since = mono_now() - jnum(msg, "seconds");
		w->redraw = 1;
	} else if (strcmp(ev, "score_started") == 0) {
		w->running_since = mono_now();
		w->running_id = json_integer_value(json_object_get(data,
		    "id"));
		w->running_line[0] = '\0';
		wb_refresh(w);
	} else if (strcmp(ev, "score_finished") == 0) {
		w->running_since = 0;
		wb_flash(w, "score %lld: %s", (long long)json_integer_value(
		    json_object_get(data, "id")), jstr(data, "status"));
		wb_refresh(w);
	} else if (strcmp(ev, "warning") == 0) {
		wb_flash(w, "%s left", jstr(data, "text"));
		beep();
	} else if (strcmp(ev, "message") == 0) {
		beep();
		wb_refresh(w);
	} else if (strcmp(ev, "layout") == 0) {
		if (w->read_only)
			wb_adopt_layout(w, json_object_get(data, "layout"));
	} else if (strcmp(ev, "checkpoint") == 0 ||
	    strcmp(ev, "score_requested") == 0 ||
	    strcmp(ev, "message_ack") == 0 ||
	    strcmp(ev, "session_ended") == 0 ||
	    strcmp(ev, "clock_extend") == 0 ||
	    strcmp(ev, "clock_pause") == 0 ||
	    strcmp(ev, "clock_resume") == 0)
		wb_refresh(w);
}

static void
wb_on_message(struct wb *w, json_t *msg)
{
	json_t		*idv = json_object_get(msg, "id");
	long long	 id;
	int		 i;

	if (json_object_get(msg, "ev") != NULL) {
		wb_on_event(w, msg);
		return;
	}
	if (!json_is_integer(idv))
		return;
	id = json_integer_value(idv);
	for (i = 0; i < WB_MAX_PENDING; i++) {
		if (w->pending[i].kind != REQ_NONE && w->pending[i].id == id) {
			enum wb_req kind = w->pending[i].kind;

			w->pending[i].kind = REQ_NONE;
			wb_on_reply(w, kind, msg);
			return;
		}
	}
}

/* Keys. */

static void
wb_send_key(struct wb *w, const char *key, const char *mods)
{
	if (w->active < 0 || w->read_only)
		return;
	wb_request(w, "pane.input", json_pack("{si ss ss}", "pane", w->active,
	    "key", key, "mods", mods ? mods : ""), REQ_NOTICE);
}

static void
wb_send_text(struct wb *w, const char *text)
{
	if (w->active < 0 || w->read_only || *text == '\0')
		return;
	wb_request(w, "pane.input", json_pack("{si ss}", "pane", w->active,
	    "text", text), REQ_NOTICE);
}

static const char *
wb_keyname(int key)
{
	static char	f[8];

	switch (key) {
	case KEY_UP:
		return ("up");
	case KEY_DOWN:
		return ("down");
	case KEY_LEFT:
		return ("left");
	case KEY_RIGHT:
		return ("right");
	case KEY_HOME:
		return ("home");
	case KEY_END:
		return ("end");
	case KEY_PPAGE:
		return ("pageup");
	case KEY_NPAGE:
		return ("pagedown");
	case KEY_IC:
		return ("insert");
	case KEY_DC:
		return ("delete");
	case KEY_BACKSPACE:
		return ("backspace");
	case KEY_ENTER:
		return ("enter");
	case KEY_BTAB:
		return ("tab");
	}
	if (key >= KEY_F(1) && key <= KEY_F(12)) {
		snprintf(f, sizeof f, "f%d", key - KEY_F0);
		return (f);
	}
	return (NULL);
}

static void
wb_focus(struct wb *w, int id)
{
	if (id >= 0 && layout_find(w->root, id) != NULL) {
		w->active = id;
		w->redraw = 1;
	}
}

static void
wb_split(struct wb *w, enum layout_kind kind)
{
	json_t	*res = NULL;
	char	*cause = NULL;
	int	 id;

	if (w->read_only || w->active < 0)
		return;
	/* Synchronous: the new pane's id is needed for the layout. */
	if (ctlc_call(w->c, "pane.new", NULL, &res, &cause) != 0) {
		wb_flash(w, "%s", cause);
		free(cause);
		return;
	}
	id = (int)json_integer_value(json_object_get(res, "pane"));
	json_decref(res);
	wb_pane_add(w, id);
	if (layout_find(w->root, id) == NULL)
		layout_split(&w->root, w->active, kind, id);
	w->active = id;
	w->zoomed = -1;
	wb_relayout(w, 1);
	wb_store_layout(w);
}

static void
wb_edit_start(struct wb *w, enum wb_edit kind, const char *prompt)
{
	buf_free(&w->edit);
	buf_init(&w->edit);
	w->edit_kind = kind;
	snprintf(w->edit_prompt, sizeof w->edit_prompt, "%s", prompt);
	w->ov = OV_EDIT;
}

static void
wb_edit_done(struct wb *w)
{
	const char	*text = buf_cstr(&w->edit);
	char		*dir;

	w->ov = OV_NONE;
	switch (w->edit_kind) {
	case EDIT_NOTE:
		if (*text != '\0')
			wb_write(w, "note", json_pack("{ss}", "text", text));
		wb_flash(w, "note saved");
		break;
	case EDIT_PAUSE:
		if (*text == '\0') {
			wb_flash(w, "a pause needs a reason");
			break;
		}
		wb_write(w, "pause", json_pack("{ss}", "reason", text));
		break;
	case EDIT_RESTORE:
		if (*text == '\0' || w->ck_sel < 0 ||
		    w->ck_sel >= (int)json_array_size(w->ckpts))
			break;
		if (*text == '/')
			dir = xstrdup(text);
		else {
			char cwd[4096];

			if (getcwd(cwd, sizeof cwd) == NULL)
				snprintf(cwd, sizeof cwd, "/tmp");
			dir = xasprintf("%s/%s", cwd, text);
		}
		wb_request(w, "restore", json_pack("{ss ss}", "commit",
		    jstr(json_array_get(w->ckpts, w->ck_sel), "commit"), "dir",
		    dir), REQ_NOTICE);
		wb_flash(w, "restoring to %s", dir);
		free(dir);
		break;
	case EDIT_SEARCH:
		free(w->search);
		w->search = *text ? xstrdup(text) : NULL;
		w->ov = OV_COPY;
		for (int i = w->copy_row - 1; w->search && i >= 0; i--) {
			if (strstr(w->copy[i], w->search) != NULL) {
				w->copy_row = i;
				break;
			}
		}
		break;
	}
	w->redraw = 1;
}

static void
wb_copy_clamp(struct wb *w)
{
	struct layout_node	*leaf = layout_find(w->root, w->active);
	int			 h = leaf != NULL ? leaf->rect.h : 10;

	if (w->copy_row < 0)
		w->copy_row = 0;
	if (w->copy_row >= w->ncopy)
		w->copy_row = w->ncopy - 1;
	if (w->copy_col < 0)
		w->copy_col = 0;
	if (w->copy_row < w->copy_top)
		w->copy_top = w->copy_row;
	if (w->copy_row >= w->copy_top + h)
		w->copy_top = w->copy_row - h + 1;
}

static void
wb_copy_key(struct wb *w, int key)
{
	struct layout_node	*leaf = layout_find(w->root, w->active);
	int			 h = leaf != NULL ? leaf->rect.h : 10, i;
	struct buf		 b;

	switch (key) {
	case 'q':
	case 27:
		w->ov = OV_NONE;
		wb_copy_free(w);
		break;
	case KEY_UP:
	case 'k':
		w->copy_row--;
		break;
	case KEY_DOWN:
	case 'j':
		w->copy_row++;
		break;
	case KEY_LEFT:
	case 'h':
		w->copy_col--;
		break;
	case KEY_RIGHT:
	case 'l':
		w->copy_col++;
		break;
	case KEY_PPAGE:
		w->copy_row -= h;
		break;
	case KEY_NPAGE:
		w->copy_row += h;
		break;
	case 'g':
		w->copy_row = 0;
		break;
	case 'G':
		w->copy_row = w->ncopy - 1;
		break;
	case '/':
		wb_edit_start(w, EDIT_SEARCH, " Search up ");
		return;
	case 'n':
		for (i = w->copy_row - 1; w->search && i >= 0; i--) {
			if (strstr(w->copy[i], w->search) != NULL) {
				w->copy_row = i;
				break;
			}
		}
		break;
	case ' ':
		w->copy_mark = w->copy_row;
		break;
	case '\r':
	case '\n':
	case KEY_ENTER:
		if (w->copy_mark < 0)
			w->copy_mark = w->copy_row;
		buf_init(&b);
		for (i = w->copy_mark < w->copy_row ? w->copy_mark :
		    w->copy_row; i <= (w->copy_mark > w->copy_row ?
		    w->copy_mark : w->copy_row); i++)
			buf_printf(&b, "%s\n", w->copy[i]);
		free(w->paste);
		w->paste = buf_cstr(&b);
		wb_flash(w, "copied %zu bytes (C-b ] to paste)", b.len);
		w->ov = OV_NONE;
		wb_copy_free(w);
		break;
	}
	if (w->ov == OV_COPY)
		wb_copy_clamp(w);
	w->redraw = 1;
}

static void
wb_action(struct wb *w, const char *a)
{
	json_t	*msgs, *rows;
	size_t	 n;

	if (strcmp(a, "score") == 0) {
		wb_write(w, "score", json_pack("{sb}", "wait", 0));
		wb_flash(w, "scoring queued");
	} else if (strcmp(a, "checkpoint") == 0) {
		wb_write(w, "checkpoint", json_pack("{ss}", "message",
		    "from the workbench"));
		wb_flash(w, "checkpoint");
	} else if (strcmp(a, "checkpoints") == 0)
		wb_request(w, "checkpoints", NULL, REQ_CHECKPOINTS);
	else if (strcmp(a, "note") == 0 && !w->read_only)
		wb_edit_start(w, EDIT_NOTE, " Note (Enter to save, Esc to "
		    "cancel) ");
	else if (strcmp(a, "pause") == 0 && !w->read_only)
		wb_edit_start(w, EDIT_PAUSE, " Pause: the reason (Enter) ");
	else if (strcmp(a, "resume") == 0)
		wb_write(w, "resume", NULL);
	else if (strcmp(a, "submit") == 0 && !w->read_only)
		w->ov = OV_CONFIRM;
	else if (strcmp(a, "output") == 0) {
		rows = json_object_get(w->scores, "scores");
		if ((n = json_array_size(rows)) > 0)
			wb_request(w, "score.output", json_pack("{sI}", "id",
			    json_integer_value(json_object_get(
			    json_array_get(rows, n - 1), "id"))), REQ_PAGER);
	} else if (strcmp(a, "ack") == 0) {
		msgs = json_object_get(w->status, "messages");
		if (json_array_size(msgs) > 0)
			wb_write(w, "message.ack", json_pack("{sO}", "id",
			    json_object_get(json_array_get(msgs,
			    json_array_size(msgs) - 1), "id")));
	} else if (strcmp(a, "split-rows") == 0)
		wb_split(w, LAYOUT_ROWS);
	else if (strcmp(a, "split-columns") == 0)
		wb_split(w, LAYOUT_COLUMNS);
	else if (strcmp(a, "close") == 0) {
		if (w->active >= 0)
			wb_write(w, "pane.close", json_pack("{si}", "pane",
			    w->active));
	} else if (strcmp(a, "zoom") == 0) {
		w->zoomed = w->zoomed == -1 ? w->active : -1;
		wb_relayout(w, 1);
	} else if (strcmp(a, "next") == 0)
		wb_focus(w, layout_cycle(w->root, w->active, 1));
	else if (strcmp(a, "copy") == 0)
		wb_request(w, "pane.scrollback", json_pack("{si si si}", "pane",
		    w->active, "from", 0, "count", 10000), REQ_SCROLLBACK);
	else if (strcmp(a, "paste") == 0) {
		if (w->paste != NULL && !w->read_only)
			wb_request(w, "pane.input", json_pack("{si ss}", "pane",
			    w->active, "paste", w->paste), REQ_NOTICE);
	} else if (strcmp(a, "toggle-brief") == 0) {
		w->show_brief = !w->show_brief;
		wb_relayout(w, 1);
	} else if (strcmp(a, "toggle-scores") == 0) {
		w->show_scores = !w->show_scores;
		wb_relayout(w, 1);
	} else if (strcmp(a, "detach") == 0)
		w->quit = 1;
	else if (strcmp(a, "help") == 0)
		w->ov = OV_HELP;
	w->redraw = 1;
}

static void
wb_prefix_key(struct wb *w, int key, int is_code)
{
	size_t	i;

	w->prefix = 0;
	if (!is_code && key == w->prefix_key) {
		char	s[2] = { (char)w->prefix_key, '\0' };

		wb_send_text(w, s);
		return;
	}
	if (is_code) {
		switch (key) {
		case KEY_UP:
		case KEY_LEFT:
			wb_focus(w, layout_cycle(w->root, w->active, -1));
			return;
		case KEY_DOWN:
		case KEY_RIGHT:
			wb_focus(w, layout_cycle(w->root, w->active, 1));
			return;
		case KEY_PPAGE:
			w->brief_scroll -= 10;
			if (w->brief_scroll < 0)
				w->brief_scroll = 0;
			w->redraw = 1;
			return;
		case KEY_NPAGE:
			w->brief_scroll += 10;
			w->redraw = 1;
			return;
		}
		return;
	}
	for (i = 0; i < nitems(wb_bindings); i++) {
		if (wb_bindings[i].key == key) {
			wb_action(w, wb_bindings[i].action);
			return;
		}
	}
	wb_flash(w, "C-%c %c is not bound (C-%c ? for help)",
	    w->prefix_key + 'a' - 1, key, w->prefix_key + 'a' - 1);
}

static void
wb_mouse(struct wb *w)
{
	MEVENT			 m;
	struct layout_node	*leaf;
	int			 id;

	if (getmouse(&m) != OK)
		return;
	if (w->drag != NULL) {
		if (m.bstate & (BUTTON1_RELEASED | REPORT_MOUSE_POSITION)) {
			struct layout_rect r = w->drag->rect;
			double ratio = w->drag->kind == LAYOUT_COLUMNS ?
			    (double)(m.x - r.x) / (r.w - 1) :
			    (double)(m.y - r.y) / (r.h - 1);

			if (ratio < 0.1)
				ratio = 0.1;
			if (ratio > 0.9)
				ratio = 0.9;
			w->drag->ratio = ratio;
			wb_relayout(w, 1);
			if (m.bstate & BUTTON1_RELEASED) {
				w->drag = NULL;
				wb_store_layout(w);
			}
		}
		return;
	}
	if (m.bstate & BUTTON1_PRESSED &&
	    (w->drag = layout_border_at(w->root, m.x, m.y)) != NULL)
		return;
	/* Wheel over the brief scrolls it. */
	if (m.x >= w->ls.brief.x && m.y < w->ls.brief.y + w->ls.brief.h &&
	    m.y >= w->ls.brief.y && w->ls.brief.w > 0) {
		if (m.bstate & BUTTON4_PRESSED && w->brief_scroll > 0)
			w->brief_scroll -= 3;
		if (m.bstate & BUTTON5_PRESSED)
			w->brief_scroll += 3;
		if (w->brief_scroll < 0)
			w->brief_scroll = 0;
		w->redraw = 1;
		return;
	}
	if ((id = layout_pane_at(w->root, m.x, m.y)) < 0)
		return;
	if (m.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
		wb_focus(w, id);
	leaf = layout_find(w->root, id);
	if (wb_pane(w, id) != NULL && wb_pane(w, id)->grid.mouse &&
	    !w->read_only) {
		int button = m.bstate & (BUTTON1_PRESSED | BUTTON1_RELEASED) ?
		    1 : m.bstate & (BUTTON2_PRESSED | BUTTON2_RELEASED) ? 2 :
		    m.bstate & (BUTTON3_PRESSED | BUTTON3_RELEASED) ? 3 :
		    m.bstate & BUTTON4_PRESSED ? 4 : m.bstate & BUTTON5_PRESSED
		    ? 5 : 0;

		wb_request(w, "pane.input", json_pack("{si s{si si si sb}}",
		    "pane", id, "mouse", "x", m.x - leaf->rect.x, "y",
		    m.y - leaf->rect.y, "button", button, "pressed",
		    (m.bstate & (BUTTON1_RELEASED | BUTTON2_RELEASED |
		    BUTTON3_RELEASED)) == 0), REQ_NOTICE);
	} else if (m.bstate & BUTTON4_PRESSED && w->ov == OV_NONE)
		wb_action(w, "copy");
}

static void
wb_key(struct wb *w, wint_t wc, int is_code, struct buf *text)
{
	char	mb[8];
	int	n, held;

	held = strcmp(w->state, "paused") == 0 || strcmp(w->state, "ended") ==
	    0 || strcmp(w->state, "ending") == 0;
	if (is_code && wc == KEY_RESIZE) {
		wb_relayout(w, 1);
		return;
	}
	if (is_code && wc == KEY_MOUSE) {
		wb_mouse(w);
		return;
	}
	switch (w->ov) {
	case OV_HELP:
		w->ov = OV_NONE;
		w->redraw = 1;
		return;
	case OV_CONFIRM:
		w->ov = OV_NONE;
		if (!is_code && (wc == 'y' || wc == 'Y'))
			wb_write(w, "submit", NULL);
		w->redraw = 1;
		return;
	case OV_EDIT:
		if (!is_code && (wc == '\r' || wc == '\n'))
			wb_edit_done(w);
		else if (!is_code && wc == 27)
			w->ov = w->edit_kind == EDIT_SEARCH ? OV_COPY : OV_NONE;
		else if ((is_code && wc == KEY_BACKSPACE) || (!is_code &&
		    (wc == 127 || wc == 8))) {
			while (w->edit.len > 0 && (w->edit.data[--w->edit.len] &
			    0xc0) == 0x80)
				;
			buf_cstr(&w->edit)[w->edit.len] = '\0';
		} else if (!is_code && wc >= 32) {
			n = (int)wcrtomb(mb, (wchar_t)wc, NULL);
			if (n > 0 && w->edit.len < 1000)
				buf_add(&w->edit, mb, n);
		}
		w->redraw = 1;
		return;
	case OV_PAGER:
	case OV_CHECKPOINTS:
		if (!is_code && (wc == 'q' || wc == 27)) {
			w->ov = OV_NONE;
			wb_pager_free(w);
		} else if (is_code && (wc == KEY_UP || wc == KEY_DOWN ||
		    wc == KEY_PPAGE || wc == KEY_NPAGE)) {
			int d = wc == KEY_UP ? -1 : wc == KEY_DOWN ? 1 :
			    wc == KEY_PPAGE ? -(LINES - 4) : LINES - 4;

			if (w->ov == OV_CHECKPOINTS) {
				w->ck_sel += d;
				if (w->ck_sel < 0)
					w->ck_sel = 0;
				if (w->ck_sel >= w->npager)
					w->ck_sel = w->npager - 1;
				if (w->ck_sel < w->pager_top)
					w->pager_top = w->ck_sel;
				if (w->ck_sel >= w->pager_top + LINES - 4)
					w->pager_top = w->ck_sel - LINES + 5;
			} else {
				w->pager_top += d;
				if (w->pager_top > w->npager - 1)
					w->pager_top = w->npager - 1;
				if (w->pager_top < 0)
					w->pager_top = 0;
			}
		} else if (w->ov == OV_CHECKPOINTS && w->ck_sel >= 0 &&
		    w->ck_sel < (int)json_array_size(w->ckpts)) {
			json_t *ck = json_array_get(w->ckpts, w->ck_sel);

			if (!is_code && (wc == '\r' || wc == '\n'))
				wb_request(w, "diff", json_pack("{ss ss}",
				    "from", *jstr(ck, "parent") ? jstr(ck,
				    "parent") : jstr(ck, "commit"), "to",
				    jstr(ck, "commit")), REQ_PAGER);
			else if (!is_code && wc == 'w')
				wb_request(w, "diff", json_pack("{ss ss}",
				    "from", jstr(ck, "commit"), "to",
				    "workdir"), REQ_PAGER);
			else if (!is_code && wc == 'R')
				wb_edit_start(w, EDIT_RESTORE, " Restore into "
				    "a new folder: ");
		}
		w->redraw = 1;
		return;
	case OV_COPY:
		if (is_code || wc < 128)
			wb_copy_key(w, (int)wc);
		return;
	default:
		break;
	}
	if (w->prefix) {
		wb_prefix_key(w, (int)wc, is_code);
		return;
	}
	if (!is_code && (int)wc == w->prefix_key) {
		w->prefix = 1;
		return;
	}
	if (held) {
		wb_flash(w, "the clock is %s: typing is held", w->state);
		return;
	}
	if (is_code) {
		const char *name = wb_keyname(wc);

		if (name != NULL)
			wb_send_key(w, name, wc == KEY_BTAB ? "S" : NULL);
		return;
	}
	switch (wc) {
	case '\r':
	case '\n':
		wb_send_key(w, "enter", NULL);
		return;
	case '\t':
		wb_send_key(w, "tab", NULL);
		return;
	case 127:
	case 8:
		wb_send_key(w, "backspace", NULL);
		return;
	case 27:
		wb_send_key(w, "escape", NULL);
		return;
	}
	if (wc < 32) {
		char k[2] = { (char)(wc + 'a' - 1), '\0' };

		if (wc == 0)
			k[0] = ' ';
		wb_send_key(w, k, "C");
		return;
	}
	n = (int)wcrtomb(mb, (wchar_t)wc, NULL);
	if (n > 0)
		buf_add(text, mb, n);	/* sent as one piece below */
}

static void
wb_read_keys(struct wb *w)
{
	struct buf	text;
	wint_t		wc;
	int		rc;

	buf_init(&text);
	while ((rc = get_wch(&wc)) != ERR) {
		if (rc == KEY_CODE_YES || !(rc == OK && wc >= 32 && wc != 127 &&
		    w->ov == OV_NONE && !w->prefix && (int)wc != w->prefix_key)) {
			/* Send the text typed so far before anything else. */
			wb_send_text(w, buf_cstr(&text));
			buf_drain(&text, text.len);
		}
		wb_key(w, wc, rc == KEY_CODE_YES, &text);
		if (w->quit)
			break;
	}
	wb_send_text(w, buf_cstr(&text));
	buf_free(&text);
}

static int
wb_config_prefix(void)
{
	const char	*xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char		*path, line[256], key[32];
	FILE		*f;
	int		 prefix = 2;	/* C-b */

	if (xdg != NULL && *xdg != '\0')
		path = xasprintf("%s/baseliner/config", xdg);
	else
		path = xasprintf("%s/.config/baseliner/config", home ? home :
		    "/");
	if ((f = fopen(path, "r")) != NULL) {
		while (fgets(line, sizeof line, f) != NULL) {
			if (sscanf(line, "prefix %31s", key) == 1 &&
			    strncmp(key, "C-", 2) == 0 && key[2] >= 'a' &&
			    key[2] <= 'z' && key[3] == '\0')
				prefix = key[2] - 'a' + 1;
		}
		fclose(f);
	}
	free(path);
	if (getenv("BASELINER_PREFIX") != NULL) {
		const char *p = getenv("BASELINER_PREFIX");

		if (strncmp(p, "C-", 2) == 0 && p[2] >= 'a' && p[2] <= 'z')
			prefix = p[2] - 'a' + 1;
	}
	return (prefix);
}

int
wb_main(const char *session, int read_only)
{
	struct wb	 w;
	struct pollfd	 pfd[2];
	json_t		*res = NULL, *msg, *panes, *pn, *s;
	char		*cause = NULL, *path;
	size_t		 i;
	int		 rc, timeout;
	double		 last_draw = 0;

	memset(&w, 0, sizeof w);
	w.read_only = read_only;
	w.active = w.zoomed = -1;
	w.show_brief = w.show_scores = 1;
	w.prefix_key = wb_config_prefix();
	w.copy_mark = -1;
	buf_init(&w.edit);
	if (ctlc_open(session, 1, &w.c, &cause) != 0) {
		fprintf(stderr, "baseliner attach: %s\n", cause);
		free(cause);
		return (1);
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "baseliner attach: not a terminal\n");
		ctlc_close(w.c);
		return (1);
	}
	/* What the session is, and its brief. */
	if (ctlc_call(w.c, "status", NULL, &res, &cause) != 0) {
		fprintf(stderr, "baseliner attach: %s\n", cause);
		free(cause);
		ctlc_close(w.c);
		return (1);
	}
	w.status = res;
	s = json_object_get(res, "session");
	if (strcmp(jstr(s, "state"), "ended") == 0) {
		fprintf(stderr, "baseliner attach: session %s has ended\n",
		    jstr(s, "id"));
		json_decref(w.status);
		ctlc_close(w.c);
		return (1);
	}
	w.elapsed = jnum(s, "elapsed");
	w.remaining = jnum(s, "remaining");
	w.limit = jnum(s, "limit");
	snprintf(w.state, sizeof w.state, "%s", jstr(s, "state"));
	path = xasprintf("%s/brief.md", jstr(s, "task_dir"));
	if (file_read(path, &w.brief_md, NULL, NULL) != 0)
		w.brief_md = xstrdup("*The task's brief.md could not be read.*");
	free(path);
	if (ctlc_call(w.c, "scores", NULL, &w.scores, &cause) != 0) {
		free(cause);
		w.scores = json_object();
	}

	signal(SIGWINCH, wb_winch_handler);
	signal(SIGPIPE, SIG_IGN);
	draw_init();
	getmaxyx(stdscr, w.rows, w.cols);
	layout_screen(w.cols, w.rows, 1, 1, &w.ls);
	res = NULL;
	if (ctlc_call(w.c, "attach", json_pack("{si si sb}", "cols",
	    w.ls.panes.w, "rows", w.ls.panes.h, "read_only", read_only), &res,
	    &cause) != 0) {
		draw_done();
		fprintf(stderr, "baseliner attach: %s\n", cause);
		free(cause);
		ctlc_close(w.c);
		return (1);
	}
	panes = json_object_get(res, "panes");
	json_array_foreach(panes, i, pn)
		wb_pane_add(&w, (int)json_integer_value(json_object_get(pn,
		    "id")));
	if (w.npanes > 0)
		w.active = w.panes[0].id;
	wb_adopt_layout(&w, json_object_get(res, "layout"));
	if (w.root == NULL) {
		/* No stored layout: the panes side by side. */
		for (i = 0; i < (size_t)w.npanes; i++) {
			if (w.root == NULL)
				w.root = layout_new_pane(w.panes[i].id);
			else
				layout_split(&w.root, w.panes[i - 1].id,
				    LAYOUT_COLUMNS, w.panes[i].id);
		}
		wb_store_layout(&w);
	}
	json_decref(res);
	wb_relayout(&w, 1);
	wb_refresh(&w);

	while (!w.quit) {
		if (wb_winch) {
			wb_winch = 0;
			endwin();
			refresh();
			wb_relayout(&w, 1);
		}
		pfd[0].fd = STDIN_FILENO;
		pfd[0].events = POLLIN;
		pfd[1].fd = w.c->fd;
		pfd[1].events = POLLIN;
		timeout = w.running_since > 0 ? 100 : 500;
		if (w.c->in.len > 0 && memchr(w.c->in.data, '\n', w.c->in.len))
			timeout = 0;
		rc = poll(pfd, 2, timeout);
		if (rc == -1 && errno != EINTR)
			break;
		if (pfd[0].revents & (POLLIN | POLLHUP))
			wb_read_keys(&w);
		if (pfd[0].revents & (POLLHUP | POLLERR))
			break;
		/* Drain what the server sent, then draw once. */
		for (i = 0; i < 4096 && !w.quit; i++) {
			rc = ctlc_read(w.c, 0, &msg, &cause);
			if (rc == 1)
				break;
			if (rc != 0) {
				w.quit = 2;
				break;
			}
			wb_on_message(&w, msg);
			json_decref(msg);
		}
		if (w.running_since > 0 && mono_now() - last_draw > 0.1) {
			w.spin++;
			w.redraw = 1;
		}
		if (w.redraw) {
			wb_draw(&w);
			w.redraw = 0;
			last_draw = mono_now();
		}
	}
	draw_done();
	if (w.quit == 2)
		fprintf(stderr, "baseliner attach: %s\n", cause ? cause :
		    "the server went away");
	else
		printf("[detached from session %s]\n", w.c->id);
	free(cause);
	for (i = 0; i < (size_t)w.npanes; i++)
		grid_free(&w.panes[i].grid);
	layout_free(w.root);
	brief_free(&w.brief);
	free(w.brief_md);
	wb_pager_free(&w);
	wb_copy_free(&w);
	free(w.search);
	free(w.paste);
	buf_free(&w.edit);
	json_decref(w.status);
	json_decref(w.scores);
	json_decref(w.ckpts);
	ctlc_close(w.c);
	return (w.quit == 2 ? 1 : 0);
}
