/*
 * pane_view.c: the shell panes on the screen, and copy mode.
 *
 * Each pane is drawn from the client's grid (grid.c) into its layout
 * rectangle. Borders are the cells of the panes' area that no pane covers;
 * each is drawn with the line that joins its bordering neighbours (so
 * splits meet in tees and crosses), green where it touches the focused
 * pane, as tmux draws them.
 *
 * Copy mode shows the focused pane's scrollback (pane.scrollback) and
 * screen as text in the pane's rectangle, with a cursor to move, search
 * and select from; Enter copies the selection for paste (and to the
 * terminal's clipboard by OSC 52).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui_int.h"
#include "utf8.h"

static void
pane_view_grid(struct grid *g, struct layout_rect r)
{
	struct grid_cell	*c;
	cchar_t			 cc;
	wchar_t			 wc[8];
	attr_t			 a;
	int			 pair, x, y;
	size_t			 n;

	for (y = 0; y < r.h; y++) {
		for (x = 0; x < r.w; x++) {
			c = grid_cell(g, x, y);
			if (c == NULL || (c->width == 2 && x + 1 >= r.w)) {
				mvaddch(r.y + y, r.x + x, ' ');
				continue;
			}
			if (c->width == 0) {
				/* The right half of a wide character. */
				if (x == 0)
					mvaddch(r.y + y, r.x, ' ');
				continue;
			}
			a = draw_cell_attr(c, &pair);
			if (c->ch[0] == '\0') {
				wc[0] = L' ';
				wc[1] = L'\0';
			} else if ((n = mbstowcs(wc, c->ch, 7)) == (size_t)-1 ||
			    n == 0) {
				wc[0] = L'?';
				wc[1] = L'\0';
			} else
				wc[n] = L'\0';
			if (wc[0] < 32 || wc[0] == 127 || (wc[0] >= 0x80 &&
			    wc[0] < 0xa0))
				wc[0] = L' ';
			if (draw_cchar(&cc, wc, a, pair) != OK) {
				wc[0] = L'?';
				wc[1] = L'\0';
				draw_cchar(&cc, wc, a, pair);
			}
			mvadd_wch(r.y + y, r.x + x, &cc);
		}
	}
}

/* Borders: the uncovered cells of the panes' area, joined up. */
static void
pane_view_borders(struct ui *u)
{
	struct layout_rect	 r = u->ls.panes;
	unsigned char		*map;
	int			 x, y, m, on;
	const cchar_t		*glyph;

	if (u->zoomed != -1 || u->root == NULL || r.w < 1 || r.h < 1)
		return;
	map = xcalloc((size_t)r.w * r.h, 1);
	for (y = 0; y < r.h; y++) {
		for (x = 0; x < r.w; x++)
			map[y * r.w + x] = layout_pane_at(u->root, r.x + x,
			    r.y + y) == -1;
	}
#define B(xx, yy) ((xx) >= 0 && (yy) >= 0 && (xx) < r.w && (yy) < r.h && \
	map[(yy) * r.w + (xx)])
	for (y = 0; y < r.h; y++) {
		for (x = 0; x < r.w; x++) {
			if (!map[y * r.w + x])
				continue;
			m = (B(x, y - 1) ? 1 : 0) | (B(x, y + 1) ? 2 : 0) |
			    (B(x - 1, y) ? 4 : 0) | (B(x + 1, y) ? 8 : 0);
			switch (m) {
			case 1 | 2 | 4 | 8:
				glyph = WACS_PLUS;
				break;
			case 1 | 2 | 8:
				glyph = WACS_LTEE;
				break;
			case 1 | 2 | 4:
				glyph = WACS_RTEE;
				break;
			case 2 | 4 | 8:
				glyph = WACS_TTEE;
				break;
			case 1 | 4 | 8:
				glyph = WACS_BTEE;
				break;
			case 4:
			case 8:
			case 4 | 8:
				glyph = WACS_HLINE;
				break;
			default:
				glyph = WACS_VLINE;
				break;
			}
			/* Green where it touches the focused pane. */
			on = layout_pane_at(u->root, r.x + x - 1, r.y + y) ==
			    u->active || layout_pane_at(u->root, r.x + x + 1,
			    r.y + y) == u->active || layout_pane_at(u->root,
			    r.x + x, r.y + y - 1) == u->active ||
			    layout_pane_at(u->root, r.x + x, r.y + y + 1) ==
			    u->active;
			attr_set(A_NORMAL, draw_wb(on ? WB_BORDER_ACTIVE :
			    WB_BORDER), NULL);
			mvadd_wch(r.y + y, r.x + x, glyph);
		}
	}
#undef B
	attr_set(A_NORMAL, 0, NULL);
	free(map);
}

/* Copy mode. */

void
ui_copy_leave(struct ui *u)
{
	int	i;

	for (i = 0; i < u->copy.n; i++)
		free(u->copy.lines[i]);
	free(u->copy.lines);
	free(u->copy.search);
	memset(&u->copy, 0, sizeof u->copy);
	u->copy.mark_row = -1;
	u->redraw = 1;
}

static void
copy_add(struct ui *u, char *line)
{
	u->copy.lines = xreallocarray(u->copy.lines, u->copy.n + 1,
	    sizeof *u->copy.lines);
	u->copy.lines[u->copy.n++] = line;
}

static int
copy_height(struct ui *u)
{
	struct layout_node	*leaf = layout_find(u->root, u->copy.pane);

	return (leaf != NULL && leaf->rect.h > 0 ? leaf->rect.h : 1);
}

void
ui_copy_enter(struct ui *u, json_t *res)
{
	struct ui_pane		*p = ui_pane(u, u->active);
	struct grid_cell	*tmp;
	json_t			*attrs = json_object_get(res, "attrs"), *row;
	size_t			 i;
	int			 y, cols;

	if (p == NULL)
		return;
	ui_copy_leave(u);
	cols = p->grid.cols > 0 ? p->grid.cols : 80;
	tmp = xcalloc(cols, sizeof *tmp);
	json_array_foreach(json_object_get(res, "lines"), i, row) {
		grid_set_line(tmp, cols, json_object_get(row, "runs"), attrs);
		copy_add(u, grid_row_text(tmp, cols));
	}
	free(tmp);
	for (y = 0; y < p->grid.rows; y++)
		copy_add(u, grid_row_text(&p->grid.cells[y * p->grid.cols],
		    p->grid.cols));
	if (u->copy.n == 0)
		copy_add(u, xstrdup(""));
	u->copy.active = 1;
	u->copy.pane = p->id;
	u->copy.row = u->copy.n - p->grid.rows + p->grid.cy;
	if (u->copy.row < 0 || u->copy.row >= u->copy.n)
		u->copy.row = u->copy.n - 1;
	u->copy.col = p->grid.cx;
	u->copy.mark_row = -1;
	u->copy.top = u->copy.n - copy_height(u);
	if (u->copy.top < 0)
		u->copy.top = 0;
	u->redraw = 1;
}

/* The byte offset of display column col in a line (or its length). */
static size_t
copy_offset(const char *s, int col)
{
	uint32_t	cp;
	size_t		off = 0, len = strlen(s);
	int		n, w, at = 0;

	while (off < len && at < col) {
		if ((n = utf8_decode(s + off, len - off, &cp)) < 0) {
			n = -n;
			w = 1;
		} else if ((w = utf8_width(cp)) < 0)
			w = 1;
		at += w;
		off += n;
	}
	return (off);
}

static int
copy_width(const char *s)
{
	return (draw_text_width(s));
}

/* Whether (row, col) is inside the selection. */
static int
copy_selected(struct ui *u, int row, int col)
{
	int	r0 = u->copy.mark_row, c0 = u->copy.mark_col;
	int	r1 = u->copy.row, c1 = u->copy.col, t;

	if (r0 < 0)
		return (0);
	if (u->copy.whole_lines)
		return (row >= (r0 < r1 ? r0 : r1) && row <= (r0 > r1 ? r0 : r1));
	if (r0 > r1 || (r0 == r1 && c0 > c1)) {
		t = r0; r0 = r1; r1 = t;
		t = c0; c0 = c1; c1 = t;
	}
	if (row < r0 || row > r1)
		return (0);
	if (row == r0 && col < c0)
		return (0);
	if (row == r1 && col > c1)
		return (0);
	return (1);
}

static void
copy_copy(struct ui *u)
{
	struct buf	 b;
	int		 r0, c0, r1, c1, t, row;
	const char	*line;
	size_t		 from, to;

	if (u->copy.mark_row < 0) {
		/* Nothing selected: the cursor's line. */
		u->copy.mark_row = u->copy.row;
		u->copy.whole_lines = 1;
	}
	r0 = u->copy.mark_row;
	c0 = u->copy.mark_col;
	r1 = u->copy.row;
	c1 = u->copy.col;
	if (r0 > r1 || (r0 == r1 && c0 > c1)) {
		t = r0; r0 = r1; r1 = t;
		t = c0; c0 = c1; c1 = t;
	}
	if (u->copy.whole_lines) {
		c0 = 0;
		c1 = 1 << 20;
	}
	buf_init(&b);
	for (row = r0; row <= r1 && row < u->copy.n; row++) {
		line = u->copy.lines[row];
		from = row == r0 ? copy_offset(line, c0) : 0;
		to = row == r1 ? copy_offset(line, c1 + 1) : strlen(line);
		if (to > from)
			buf_add(&b, line + from, to - from);
		if (row != r1)
			buf_addstr(&b, "\n");
	}
	free(u->paste);
	u->paste = xstrdup(buf_cstr(&b));
	draw_clipboard(u->paste);
	ui_flash(u, "copied %zu byte%s (prefix ] pastes)", b.len,
	    plural((long long)b.len));
	buf_done(&b);
	ui_copy_leave(u);
}

void
ui_copy_search(struct ui *u, const char *what, int up)
{
	int	i, n = u->copy.n;

	if (what == NULL || *what == '\0' || n == 0)
		return;
	for (i = 1; i <= n; i++) {
		int row = (u->copy.row + (up ? -i : i) + n * 2) % n;
		const char *hit = strstr(u->copy.lines[row], what);

		if (hit != NULL) {
			char *before = xstrndup(u->copy.lines[row],
			    hit - u->copy.lines[row]);

			u->copy.row = row;
			u->copy.col = copy_width(before);
			free(before);
			ui_copy_key(u, KEYC_NONE);
			return;
		}
	}
	ui_flash(u, "not found: %s", what);
}

void
ui_copy_key(struct ui *u, key_code key)
{
	int	h = copy_height(u), w;

	if (!u->copy.active)
		return;
	switch (key) {
	case KEYC_NONE:
		break;
	case 'q':
		ui_copy_leave(u);
		return;
	case 0x1b:
		if (u->copy.mark_row >= 0)
			u->copy.mark_row = -1;
		else {
			ui_copy_leave(u);
			return;
		}
		break;
	case KEYC_UP:
	case 'k':
		u->copy.row--;
		break;
	case KEYC_DOWN:
	case 'j':
		u->copy.row++;
		break;
	case KEYC_LEFT:
	case 'h':
		u->copy.col--;
		break;
	case KEYC_RIGHT:
	case 'l':
		u->copy.col++;
		break;
	case KEYC_UP | KEYC_META:	/* the wheel */
		u->copy.row -= 3;
		u->copy.top -= 3;
		break;
	case KEYC_DOWN | KEYC_META:
		u->copy.row += 3;
		u->copy.top += 3;
		if (u->copy.top + h > u->copy.n) {
			/* Scrolled back to the bottom: leave. */
			ui_copy_leave(u);
			return;
		}
		break;
	case KEYC_PPAGE:
	case 0x02:	/* C-b, if the prefix is elsewhere */
		u->copy.row -= h;
		u->copy.top -= h;
		break;
	case KEYC_NPAGE:
	case 0x06:	/* C-f */
		u->copy.row += h;
		u->copy.top += h;
		break;
	case 'g':
	case KEYC_HOME:
		u->copy.row = 0;
		break;
	case 'G':
	case KEYC_END:
		u->copy.row = u->copy.n - 1;
		break;
	case '0':
		u->copy.col = 0;
		break;
	case '$':
		u->copy.col = copy_width(u->copy.lines[u->copy.row]);
		if (u->copy.col > 0)
			u->copy.col--;
		break;
	/* As in vi and less: / forward (down), ? back (up); n again the
	 * same way, N the other way. */
	case '/':
		dialog_edit(u, EDIT_SEARCH_DOWN, " Search down (Enter) ");
		return;
	case '?':
		dialog_edit(u, EDIT_SEARCH_UP, " Search up (Enter) ");
		return;
	case 'n':
		ui_copy_search(u, u->copy.search, u->copy.search_up);
		return;
	case 'N':
		ui_copy_search(u, u->copy.search, !u->copy.search_up);
		return;
	case ' ':
	case 'v':
		u->copy.mark_row = u->copy.row;
		u->copy.mark_col = u->copy.col;
		u->copy.whole_lines = 0;
		break;
	case 'V':
		u->copy.mark_row = u->copy.row;
		u->copy.mark_col = 0;
		u->copy.whole_lines = 1;
		break;
	case '\r':
	case '\n':
	case 'y':
		copy_copy(u);
		return;
	}
	/* Keep the cursor on a line and in view. */
	if (u->copy.row >= u->copy.n)
		u->copy.row = u->copy.n - 1;
	if (u->copy.row < 0)
		u->copy.row = 0;
	if (u->copy.col < 0)
		u->copy.col = 0;
	if ((w = layout_find(u->root, u->copy.pane) != NULL ?
	    layout_find(u->root, u->copy.pane)->rect.w : 80) > 0 &&
	    u->copy.col >= w)
		u->copy.col = w - 1;
	if (u->copy.top > u->copy.n - h)
		u->copy.top = u->copy.n - h;
	if (u->copy.top < 0)
		u->copy.top = 0;
	if (u->copy.row < u->copy.top)
		u->copy.top = u->copy.row;
	if (u->copy.row >= u->copy.top + h)
		u->copy.top = u->copy.row - h + 1;
	u->redraw = 1;
}

static void
copy_draw(struct ui *u, struct layout_rect r, int *cur_y, int *cur_x)
{
	const char	*line;
	char		 tag[96];
	size_t		 off, len;
	int		 y, x, row, w, tw, n, right;
	uint32_t	 cp;
	wchar_t		 wc[2];
	cchar_t		 cc;

	for (y = 0; y < r.h; y++) {
		row = u->copy.top + y;
		draw_fill(r.y + y, r.x, r.w, A_NORMAL, 0);
		if (row >= u->copy.n)
			continue;
		line = u->copy.lines[row];
		len = strlen(line);
		for (off = 0, x = 0; off < len && x < r.w; off += n) {
			if ((n = utf8_decode(line + off, len - off, &cp)) < 0) {
				n = -n;
				cp = '?';
			}
			if ((w = utf8_width(cp)) < 1)
				continue;
			wc[0] = (wchar_t)cp;
			if (x + w > r.w)
				break;
			wc[1] = L'\0';
			setcchar(&cc, wc, copy_selected(u, row, x) ? A_REVERSE :
			    A_NORMAL, 0, NULL);
			mvadd_wch(r.y + y, r.x + x, &cc);
			x += w;
		}
		/* A selection shows across the blank end of its lines. */
		for (; x < r.w; x++) {
			if (copy_selected(u, row, x) && row != u->copy.row)
				mvaddch(r.y + y, r.x + x, ' ' | A_REVERSE);
		}
	}
	snprintf(tag, sizeof tag, "[copy %d/%d%s%s]", u->copy.row + 1,
	    u->copy.n, u->copy.search == NULL ? "" : u->copy.search_up ?
	    " ?" : " /",
	    u->copy.search != NULL ? u->copy.search : "");
	/* Left of the zoom's label where the pane is zoomed: both show. */
	right = r.w;
	if (u->zoomed == u->copy.pane && r.w > 8 + 1 + 10)
		right -= 8 + 1;
	tw = draw_text_width(tag);
	draw_text(r.y, r.x + (right > tw ? right - tw : 0), tag, right,
	    A_REVERSE, draw_wb(WB_HEADING));
	*cur_y = r.y + u->copy.row - u->copy.top;
	*cur_x = r.x + u->copy.col;
}

void
pane_view_draw(struct ui *u, int *cur_y, int *cur_x)
{
	struct ui_pane		*p;
	struct layout_node	*leaf;
	struct layout_rect	 r;
	int			 i;

	for (i = 0; i < u->npanes; i++) {
		p = &u->panes[i];
		if ((leaf = layout_find(u->root, p->id)) == NULL)
			continue;
		if (u->zoomed != -1 && u->zoomed != p->id)
			continue;
		r = leaf->rect;
		if (r.w < 1 || r.h < 1)
			continue;
		if (u->copy.active && u->copy.pane == p->id) {
			copy_draw(u, r, cur_y, cur_x);
			continue;
		}
		pane_view_grid(&p->grid, r);
		if (p->id == u->active && p->grid.cursor_visible &&
		    p->grid.cx >= 0 && p->grid.cy >= 0 &&
		    p->grid.cx < r.w && p->grid.cy < r.h) {
			*cur_y = r.y + p->grid.cy;
			*cur_x = r.x + p->grid.cx;
		}
	}
	pane_view_borders(u);
	if (u->zoomed != -1 && u->ls.panes.w > 8) {
		r = u->ls.panes;
		draw_text(r.y, r.x + r.w - 8, "[zoomed]", 8, A_REVERSE,
		    draw_wb(WB_BORDER_ACTIVE));
	}
	if (u->prefix && u->ls.panes.w > 10)
		draw_text(u->ls.panes.y, u->ls.panes.x, "[prefix]", 8,
		    A_REVERSE, draw_wb(WB_HEADING));
}
