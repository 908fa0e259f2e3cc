/*
 * sidebar.c: the views of the sidebar, right of the panes: the brief
 * (brief.md laid out by brief.c) above the scores (every scoring, the
 * running one, and a plot of the best normalized score against elapsed
 * time in braille dots). Each view is a constant of function pointers,
 * as tmux's window modes are; the sidebar draws each in its rectangle
 * under a title line.
 */
#include "config.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui_int.h"

static void
sidebar_title(struct layout_rect r, const char *title)
{
	short	pair = draw_wb(WB_BORDER);
	int	i;

	attr_set(A_NORMAL, pair, NULL);
	for (i = 0; i < r.w; i++)
		mvadd_wch(r.y, r.x + i, WACS_HLINE);
	attr_set(A_NORMAL, 0, NULL);
	draw_text(r.y, r.x + 1, title, r.w - 2, A_BOLD, draw_wb(WB_HEADING));
}

/* The brief. */

static void
brief_view_draw(struct ui *u, struct layout_rect r)
{
	struct brief_line	*l;
	attr_t			 a;
	short			 pair;
	int			 y, i, k, x, st, max;

	max = u->brief.n - (r.h - 1);
	if (u->brief_scroll > max)
		u->brief_scroll = max > 0 ? max : 0;
	for (y = 1; y < r.h; y++) {
		i = u->brief_scroll + y - 1;
		if (i >= u->brief.n)
			break;
		l = &u->brief.lines[i];
		x = r.x + 1;
		for (k = 0; k < l->n && x < r.x + r.w; k++) {
			st = l->runs[k].style;
			a = A_NORMAL;
			pair = 0;
			if (st & BRIEF_BOLD)
				a |= A_BOLD;
			if (st & BRIEF_ITALIC)
#ifdef A_ITALIC
				a |= A_ITALIC;
#else
				a |= A_UNDERLINE;
#endif
			if (st & BRIEF_LINK)
				a |= A_UNDERLINE;
			if (st & BRIEF_HEADING) {
				pair = draw_wb(WB_HEADING);
				a |= A_BOLD;
			}
			if (st & (BRIEF_CODE | BRIEF_BLOCK))
				pair = draw_wb(WB_CODE);
			x += draw_text(r.y + y, x, l->runs[k].text,
			    r.x + r.w - x, a, pair);
		}
	}
	if (u->brief.n > r.h - 1 && r.w > 12) {
		char	pos[32];

		snprintf(pos, sizeof pos, " %d/%d ", u->brief_scroll + 1,
		    u->brief.n);
		draw_text(r.y, r.x + r.w - draw_text_width(pos) - 1, pos,
		    r.w / 2, A_NORMAL, draw_wb(WB_DIM));
	}
}

static void
brief_view_scroll(struct ui *u, int lines)
{
	u->brief_scroll += lines;
	if (u->brief_scroll < 0)
		u->brief_scroll = 0;
	u->redraw = 1;
}

const struct ui_view_kind ui_view_brief = {
	.name = "brief",
	.title = " Brief ",
	.draw = brief_view_draw,
	.scroll_by = brief_view_scroll,
};

/* The scores. */

/*
 * The time the plot's axis spans: the time used so far and a little more,
 * rounded up to a round length, so that the first hour of eight is not a
 * few dots at the left edge; the whole limit once it is near.
 */
static double
sidebar_plot_span(double elapsed, double limit)
{
	static const double round_s[] = { 600, 900, 1200, 1800, 2700, 3600,
	    5400, 7200, 10800, 14400, 21600, 28800, 43200, 57600, 86400 };
	double	want = elapsed * 1.1, span = 0;
	size_t	i;

	for (i = 0; i < nitems(round_s); i++) {
		if (round_s[i] >= want) {
			span = round_s[i];
			break;
		}
	}
	if (span == 0)
		span = want;
	if (limit > 0 && span > limit)
		span = limit;
	if (span < elapsed)
		span = elapsed;
	return (span > 0 ? span : 600);
}

/* A length on the axis: "10m", "1.5h", "8h". */
static void
sidebar_plot_len(char *out, size_t len, double s)
{
	if (s < 3600)
		snprintf(out, len, "%.0fm", s / 60);
	else if (fmod(s, 3600) < 1)
		snprintf(out, len, "%.0fh", s / 3600);
	else
		snprintf(out, len, "%.1fh", s / 3600);
}

/* Best normalized score so far against elapsed time, in braille dots. */
void
sidebar_plot(struct ui *u, struct layout_rect r)
{
	static const unsigned char bit[4][2] = {
		{ 0x01, 0x08 }, { 0x02, 0x10 }, { 0x04, 0x20 }, { 0x40, 0x80 }
	};
	json_t		*rows = json_object_get(u->scores, "scores"), *sc;
	size_t		 i;
	int		 W = r.w - 5, H = r.h - 1, dots_w, dots_h, px, py, x, y;
	int		 ref_y;
	unsigned char	*cells;
	double		 span, ymax = 1.2, best, v, t;
	char		 lab[48], a[16], b[16];
	wchar_t		 wc[2];
	cchar_t		 cc;

	if (W < 8 || H < 2)
		return;
	span = sidebar_plot_span(u->elapsed, u->limit > 0 ? u->limit :
	    8 * 3600);
	dots_w = W * 2;
	dots_h = H * 4;
	cells = xcalloc((size_t)W * H, 1);
	json_array_foreach(rows, i, sc) {
		v = json_field_num(sc, "normalized");
		if (isfinite(v) && v > ymax)
			ymax = v;
	}
	/* The step curve of the best so far, column by column. */
	for (px = 0; px < dots_w; px++) {
		t = (px + 1) * span / dots_w;
		if (t > u->elapsed + span / dots_w)
			break;
		best = NAN;
		json_array_foreach(rows, i, sc) {
			if (strcmp(json_field_str(sc, "status"), "valid") != 0 ||
			    json_field_num(sc, "requested_elapsed") > t)
				continue;
			v = json_field_num(sc, "normalized");
			if (isfinite(v) && (isnan(best) || v > best))
				best = v;
		}
		if (isnan(best))
			continue;
		if (best < 0)
			best = 0;
		py = dots_h - 1 - (int)(best / ymax * (dots_h - 1) + 0.5);
		if (py < 0)
			py = 0;
		cells[(py / 4) * W + px / 2] |= bit[py % 4][px % 2];
	}
	/* The reference solution's level, 1.0. */
	ref_y = (int)((1 - 1 / ymax) * (H - 1) + 0.5);
	for (x = 0; x < W; x++) {
		if (cells[ref_y * W + x] == 0)
			draw_text(r.y + ref_y, r.x + 5 + x, "\u00b7", 1,
			    A_NORMAL, draw_wb(WB_DIM));
	}
	for (y = 0; y < H; y++) {
		for (x = 0; x < W; x++) {
			if (cells[y * W + x] == 0)
				continue;
			wc[0] = 0x2800 + cells[y * W + x];
			wc[1] = 0;
			setcchar(&cc, wc, A_BOLD, draw_wb(WB_PLOT), NULL);
			mvadd_wch(r.y + y, r.x + 5 + x, &cc);
		}
	}
	free(cells);
	snprintf(lab, sizeof lab, "%4.1f", ymax);
	if (ref_y != 0)
		draw_text(r.y, r.x, lab, 4, A_NORMAL, draw_wb(WB_DIM));
	draw_text(r.y + ref_y, r.x, " 1.0", 4, A_NORMAL, draw_wb(WB_DIM));
	if (ref_y != H - 1)
		draw_text(r.y + H - 1, r.x, " 0.0", 4, A_NORMAL,
		    draw_wb(WB_DIM));
	/* The axis: 0 and its span, "of" the limit while it is shorter. */
	draw_text(r.y + H, r.x + 5, "0", 1, A_NORMAL, draw_wb(WB_DIM));
	sidebar_plot_len(a, sizeof a, span);
	sidebar_plot_len(b, sizeof b, u->limit > 0 ? u->limit : 8 * 3600);
	if (u->limit > 0 && span < u->limit)
		snprintf(lab, sizeof lab, "%s of %s", a, b);
	else
		snprintf(lab, sizeof lab, "%s", a);
	draw_text(r.y + H, r.x + 5 + W - (int)strlen(lab), lab,
	    (int)strlen(lab), A_NORMAL, draw_wb(WB_DIM));
	if (W - (int)strlen(lab) > 30)
		draw_text(r.y + H, r.x + 7, " best normalized / elapsed ",
		    W - (int)strlen(lab) - 4, A_NORMAL, draw_wb(WB_DIM));
}

/* A score's reason as shown: "-" for none or one that only repeats its
 * status (no value is "-", as in the command line's tables). */
const char *
sidebar_score_reason(json_t *sc)
{
	const char	*reason = json_field_str(sc, "reason");

	if (*reason == '\0' ||
	    strcmp(reason, json_field_str(sc, "status")) == 0)
		return ("-");
	return (reason);
}

/* One row of the table. */
static void
scores_view_row(json_t *sc, char *line, size_t len, short *pair)
{
	char		*el, *msg = NULL, nb[32];
	json_t		*m = json_object_get(sc, "message");
	const char	*status = json_field_str(sc, "status");
	long long	 id = json_integer_value(json_object_get(sc, "id"));
	int		 best = json_is_true(json_object_get(sc, "best"));
	const char	*reason = sidebar_score_reason(sc);
	double		 norm = json_field_num(sc, "normalized");

	el = fmt_duration(json_field_num(sc, "requested_elapsed"));
	*pair = 0;
	if (json_is_true(json_object_get(sc, "hidden")))
		snprintf(line, len, "%3lld %7s %6s %9s  %s", id, el, "hidden",
		    "", status);
	else if (strcmp(status, "valid") == 0) {
		if (m != NULL && !json_is_null(m) && !(json_is_object(m) &&
		    json_object_size(m) == 0))
			msg = json_is_string(m) ? xstrdup(json_string_value(m)) :
			    json_dumps(m, JSON_COMPACT | JSON_REAL_PRECISION(4));
		if (isnan(norm))
			snprintf(nb, sizeof nb, "-");
		else
			snprintf(nb, sizeof nb, "%.3f", norm);
		snprintf(line, len, "%3lld %7s %6s %9.4g %s%s %s", id, el, nb,
		    json_field_num(sc, "raw"), best ? "\u2605" : " ", status,
		    msg ? msg : "-");
		*pair = best ? draw_wb(WB_BEST) : 0;
	} else {
		/* status is never NULL (json_field_str); GCC 12 with
		 * -fsanitize=undefined sees a NULL here all the same. */
		snprintf(line, len, "%3lld %7s %6s %9s  %s %s", id, el, "-", "-",
		    status != NULL ? status : "", reason);
		if (strcmp(status, "queued") != 0 &&
		    strcmp(status, "running") != 0)
			*pair = draw_wb(WB_BAD);
	}
	free(msg);
	free(el);
}

static void
scores_view_draw(struct ui *u, struct layout_rect r)
{
	static const char *const spinner[] = { "\u280b", "\u2819", "\u2839",
	    "\u2838", "\u283c", "\u2834", "\u2826", "\u2827", "\u2807",
	    "\u280f" };
	json_t		*rows = json_object_get(u->scores, "scores");
	json_t		*best = json_object_get(u->scores, "best");
	char		 line[512];
	int		 y, n, first, plot_h, table_h, i, avail, pin;
	short		 pair;

	y = r.y + 1;
	/* The running scorer: spinner, time, last line of its output. */
	if (u->running_since > 0 && y < r.y + r.h) {
		snprintf(line, sizeof line, "%s scoring #%lld  %.0fs  %s",
		    spinner[u->spin % 10], u->running_id, mono_now() -
		    u->running_since, u->running_line);
		draw_text(y++, r.x + 1, line, r.w - 1, A_BOLD,
		    draw_wb(WB_HEADING));
	}
	if (u->queue > 0 && y < r.y + r.h) {
		snprintf(line, sizeof line, "  %d more queued", u->queue);
		draw_text(y++, r.x + 1, line, r.w - 1, A_NORMAL, 0);
	}
	n = (int)json_array_size(rows);
	/*
	 * The plot grows with the room: half of what is left under the
	 * header, at least 8 rows (none under 16), more where the scores
	 * need fewer rows than their half.
	 */
	avail = r.y + r.h - y - 1;
	plot_h = 0;
	if (avail >= 16) {
		plot_h = avail / 2;
		if (avail - (n + 1) > plot_h)
			plot_h = avail - (n + 1);
		if (plot_h > avail - 4)
			plot_h = avail - 4;
		if (plot_h > 40)
			plot_h = 40;
	}
	if (y < r.y + r.h)
		draw_text(y++, r.x + 1, "  # elapsed   norm       raw  status",
		    r.w - 1, A_UNDERLINE, 0);
	/* The best score is pinned above the list, however long it is. */
	pin = json_is_object(best) && json_is_true(json_object_get(best,
	    "best")) && r.y + r.h - plot_h - y > 1;
	if (pin) {
		scores_view_row(best, line, sizeof line, &pair);
		draw_text(y++, r.x + 1, line, r.w - 1, A_BOLD, pair);
	}
	table_h = r.y + r.h - plot_h - y;
	if (table_h < 0)
		table_h = 0;
	/* The newest rows, unless scrolled back. */
	if (u->scores_scroll > n - table_h)
		u->scores_scroll = n - table_h > 0 ? n - table_h : 0;
	first = n - table_h - u->scores_scroll;
	if (first < 0)
		first = 0;
	if (n == 0 && table_h > 0)
		draw_text(y, r.x + 1, "  no scores yet: prefix s scores the "
		    "work", r.w - 1, A_NORMAL, draw_wb(WB_DIM));
	for (i = first; i < n && i < first + table_h; i++, y++) {
		scores_view_row(json_array_get(rows, i), line, sizeof line,
		    &pair);
		draw_text(y, r.x + 1, line, r.w - 1, A_NORMAL, pair);
	}
	if (plot_h > 0)
		sidebar_plot(u, (struct layout_rect){ r.x + 1,
		    r.y + r.h - plot_h, r.w - 2, plot_h });
}

static void
scores_view_scroll(struct ui *u, int lines)
{
	u->scores_scroll -= lines;
	if (u->scores_scroll < 0)
		u->scores_scroll = 0;
	u->redraw = 1;
}

const struct ui_view_kind ui_view_scores = {
	.name = "scores",
	.title = " Scores ",
	.draw = scores_view_draw,
	.scroll_by = scores_view_scroll,
};

/*
 * A view full-screen, over the panes and the sidebar's place, for
 * terminals too narrow for the sidebar: the status bar stays below it.
 * Its keys scroll it; the prefix's keys still work (input.c), and the
 * key that opened it closes it.
 */
struct layout_rect
sidebar_view_rect(struct ui *u)
{
	return ((struct layout_rect){ 0, 0, u->cols,
	    ui_rows_above_status(u) });
}

void
sidebar_view_open(struct ui *u, const struct ui_view_kind *view)
{
	u->view = view;
	u->ov = OV_VIEW;
	ui_relayout(u, 0);
}

void
sidebar_view_close(struct ui *u)
{
	u->ov = OV_NONE;
	ui_relayout(u, 0);
}

/*
 * A page of a view: its height less its title line and one line kept from
 * the page before, in its full-screen view where that is open, else in
 * the sidebar.
 */
int
sidebar_view_page(struct ui *u, const struct ui_view_kind *view)
{
	int	h = view == &ui_view_brief ? u->ls.brief.h : u->ls.scores.h;

	if (u->ov == OV_VIEW && u->view == view)
		h = sidebar_view_rect(u).h;
	return (h > 4 ? h - 2 : 2);
}

void
sidebar_view_draw(struct ui *u)
{
	struct layout_rect	r = sidebar_view_rect(u);
	char			title[128];
	int			y;

	if (u->view == NULL || r.w < 3 || r.h < 1)
		return;
	for (y = 0; y < r.h; y++)
		draw_fill(r.y + y, r.x, r.w, A_NORMAL, 0);
	snprintf(title, sizeof title, "%s(arrows PgUp PgDn scroll, q "
	    "closes) ", u->view->title);
	sidebar_title(r, title);
	if (r.h > 1)
		u->view->draw(u, r);
}

void
sidebar_view_key(struct ui *u, key_code key)
{
	int	page = sidebar_view_page(u, u->view);

	switch (key) {
	case KEYC_UP:
	case 'k':
		u->view->scroll_by(u, -1);
		break;
	case KEYC_DOWN:
	case 'j':
		u->view->scroll_by(u, 1);
		break;
	case KEYC_PPAGE:
		u->view->scroll_by(u, -page);
		break;
	case KEYC_NPAGE:
	case ' ':
		u->view->scroll_by(u, page);
		break;
	case KEYC_HOME:
	case 'g':
		u->view->scroll_by(u, -1000000);
		break;
	case KEYC_END:
	case 'G':
		u->view->scroll_by(u, 1000000);
		break;
	case 'q':
	case 0x1b:
		sidebar_view_close(u);
		break;
	}
	u->redraw = 1;
}

/* The sidebar: its border and its views. */

static const struct {
	const struct ui_view_kind	*kind;
	size_t				 offset;	/* its rectangle */
} sidebar_views[] = {
	{ &ui_view_brief, offsetof(struct layout_screen, brief) },
	{ &ui_view_scores, offsetof(struct layout_screen, scores) },
};

static struct layout_rect
sidebar_rect(struct ui *u, size_t i)
{
	return (*(struct layout_rect *)((char *)&u->ls +
	    sidebar_views[i].offset));
}

void
sidebar_draw(struct ui *u)
{
	struct layout_rect	r;
	char			title[64], k[32];
	size_t			i;

	if (u->ls.sidebar_x < 0)
		return;
	attr_set(A_NORMAL, draw_wb(WB_BORDER), NULL);
	for (i = 0; i < (size_t)u->ls.panes.h; i++)
		mvadd_wch(u->ls.panes.y + i, u->ls.sidebar_x, WACS_VLINE);
	attr_set(A_NORMAL, 0, NULL);
	for (i = 0; i < nitems(sidebar_views); i++) {
		r = sidebar_rect(u, i);
		if (r.w < 3 || r.h < 1)
			continue;
		if (sidebar_views[i].kind == &ui_view_scores)
			snprintf(title, sizeof title, "%s(%s s score) ",
			    sidebar_views[i].kind->title, keys_name(
			    u->keys.prefix, k, sizeof k));
		else
			snprintf(title, sizeof title, "%s",
			    sidebar_views[i].kind->title);
		sidebar_title(r, title);
		attr_set(A_NORMAL, draw_wb(WB_BORDER), NULL);
		mvadd_wch(r.y, u->ls.sidebar_x, WACS_LTEE);
		attr_set(A_NORMAL, 0, NULL);
		if (r.h > 1)
			sidebar_views[i].kind->draw(u, r);
	}
}

/* The mouse wheel over the sidebar scrolls the view under it. */
void
sidebar_scroll(struct ui *u, int x, int y, int lines)
{
	struct layout_rect	r;
	size_t			i;

	for (i = 0; i < nitems(sidebar_views); i++) {
		r = sidebar_rect(u, i);
		if (x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h) {
			sidebar_views[i].kind->scroll_by(u, lines);
			return;
		}
	}
}
