/*
 * term.c: the screen model of a pane, on libvterm 0.1.4 (see term.h).
 *
 * libvterm parses the output and keeps the terminal's state (cursor, modes,
 * pen, scroll region); its state callbacks say where glyphs go and which
 * rectangles scroll or are erased, and this file applies them to cell
 * grids of its own (screen.c): one for the primary screen, one for the
 * alternate. libvterm's screen layer is not used: it scrolled by moving
 * every cell and copied each line out cell by cell to push it, which was
 * most of the cost of a flood of output.
 *
 * - Damage. Callbacks only widen [dirty_y0, dirty_y1); the owner copies rows
 *   out later, at its own pace. A scroll dirties the rows it scrolled.
 *
 * - Scrollback. A full-width scroll up of a region that starts at the top
 *   row of the primary screen pushes the lines leaving it (as libvterm's
 *   screen did), each packed straight from its cells into one allocation: a
 *   header, runs (attribute + how many cells and bytes) and the UTF-8 text,
 *   with trailing blanks dropped. A ring of pointers holds the newest
 *   `history` lines. When the screen grows, lines are popped back and
 *   written into cells again, so a run records whether its characters
 *   are wide (two cells each) or whether it is one cell of several code
 *   points (a base and combining marks). When it shrinks, lines go from the
 *   top into the scrollback, but only as many as it takes to keep the
 *   cursor's row and anything below it that is not blank.
 *
 * - Prompt marks (OSC 133). libvterm 0.1.4 hands unknown OSC strings to a
 *   fallback, but loses the start of one split across two writes, which
 *   happens all the time with a pty. So term_write scans the raw bytes for
 *   ESC ] 133 ; ... (BEL or ST) itself, carrying a partial sequence across
 *   calls, and feeds libvterm up to the end of a mark before acting on it:
 *   the screen is then exactly as it was when the shell wrote the mark.
 *   The command line is the text between the cursor at 'B' (end of the
 *   prompt) and the cursor at 'C' (command starts). Rows are tracked in
 *   absolute numbers (lines ever scrolled off plus the screen row) so the
 *   text can be found even after the Enter that ran it scrolled the screen.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <vterm.h>

#include "screen.h"
#include "term.h"
#include "util.h"

/* One packed scrollback line; runs follow the header, then the text. */
struct term_prun {
	uint32_t	fg;
	uint32_t	bg;
	uint32_t	len;
	uint16_t	cells;
	uint8_t		attr;
	uint8_t		flags;
};

struct term_sbline {
	uint16_t	cells;
	uint16_t	nruns;
	uint32_t	textlen;
	struct term_prun runs[];
};

enum term_scan {
	SCAN_TEXT,	/* looking for ESC */
	SCAN_ESC,	/* after ESC */
	SCAN_OSC,	/* in ESC ] ..., collecting */
	SCAN_OSC_ESC	/* ESC inside an OSC: ST if '\' follows */
};

#define TERM_OSC_MAX	4096

struct term {
	VTerm			*vt;
	VTermState		*state;
	int			 cols;
	int			 rows;

	/* The primary and alternate screens; screen is the one shown. */
	struct screen		 screens[2];
	struct screen		*screen;
	struct screen_cell	 pen;		/* also the blank for erases */
	struct screen_cell	 dflt;		/* default colours, no attrs */
	int			 reverse;	/* DECSCNM */

	const struct term_hooks	*hooks;
	void			*arg;

	int			 changed;
	int			 dirty_y0;
	int			 dirty_y1;
	struct term_cursor	 cursor;
	char			*title;
	int			 alt;
	int			 mouse;

	/* Scrollback ring. */
	struct term_sbline	**sb;
	int			 sb_size;
	int			 sb_start;
	int			 sb_count;
	int64_t			 sb_total;
	size_t			 sb_bytes;
	struct term_line	 scratch;

	/* OSC 133 scanner. */
	enum term_scan		 scan;
	struct buf		 osc;

	/* Prompt marks. */
	int			 have_b;
	int64_t			 b_row;		/* absolute */
	int			 b_col;
	int			 running;	/* between 'C' and 'D' */
	char			*cmdline;
};

static void	term_changed(struct term *);

static uint32_t
term_color(const VTermColor *col, int is_bg)
{
	if (is_bg ? VTERM_COLOR_IS_DEFAULT_BG(col) :
	    VTERM_COLOR_IS_DEFAULT_FG(col))
		return (TERM_COLOR_DEFAULT);
	if (VTERM_COLOR_IS_INDEXED(col))
		return (TERM_COLOR_INDEXED | col->indexed.idx);
	return (TERM_COLOR_RGB | ((uint32_t)col->rgb.red << 16) |
	    ((uint32_t)col->rgb.green << 8) | col->rgb.blue);
}

void
term_line_init(struct term_line *l)
{
	memset(l, 0, sizeof *l);
	buf_init(&l->text);
}

void
term_line_free(struct term_line *l)
{
	buf_free(&l->text);
	free(l->runs);
	memset(l, 0, sizeof *l);
}

static struct term_sbline *
term_sb_pack(struct term_line *l, size_t *sizep)
{
	struct term_sbline	*sl;
	struct term_prun	*pr;
	size_t			 size;
	unsigned int		 i;

	size = sizeof *sl + l->nruns * sizeof *pr + l->text.len;
	sl = xmalloc(size);
	sl->cells = (uint16_t)(l->cells > 65535 ? 65535 : l->cells);
	sl->nruns = (uint16_t)l->nruns;
	sl->textlen = (uint32_t)l->text.len;
	for (i = 0; i < l->nruns; i++) {
		pr = &sl->runs[i];
		pr->fg = l->runs[i].attr.fg;
		pr->bg = l->runs[i].attr.bg;
		pr->len = l->runs[i].len;
		pr->cells = l->runs[i].cells;
		pr->attr = (uint8_t)l->runs[i].attr.flags;
		pr->flags = (uint8_t)l->runs[i].flags;
	}
	if (l->text.len != 0)
		memcpy(&sl->runs[l->nruns], l->text.data, l->text.len);
	*sizep = size;
	return (sl);
}

static void
term_sb_unpack_line(const struct term_sbline *sl, struct term_line *l)
{
	const char	*text;
	struct term_run	*r;
	uint32_t	 off = 0;
	int		 i;

	l->text.len = 0;
	l->nruns = 0;
	text = (const char *)&sl->runs[sl->nruns];
	buf_add(&l->text, text, sl->textlen);
	for (i = 0; i < sl->nruns; i++) {
		r = screen_run_add(l);
		r->off = off;
		r->len = sl->runs[i].len;
		r->cells = sl->runs[i].cells;
		r->flags = sl->runs[i].flags;
		r->attr.fg = sl->runs[i].fg;
		r->attr.bg = sl->runs[i].bg;
		r->attr.flags = sl->runs[i].attr;
		off += r->len;
	}
	l->cells = sl->cells;
}

/* Write a scrollback line back into row y of a screen (already blank). */
static void
term_sb_to_screen(struct term *t, const struct term_sbline *sl,
    struct screen *s, int y)
{
	const struct term_prun	*pr;
	const unsigned char	*p, *e, *text;
	struct screen_cell	 pen = t->dflt;
	uint32_t		 chars[SCREEN_CLUSTER_MAX + 1];
	int			 i, n, w, x = 0;

	text = (const unsigned char *)&sl->runs[sl->nruns];
	for (i = 0; i < sl->nruns && x < s->cols; i++) {
		pr = &sl->runs[i];
		pen.fg = pr->fg;
		pen.bg = pr->bg;
		pen.attr = pr->attr;
		p = text;
		e = text + pr->len;
		text = e;
		w = (pr->flags & TERM_RUN_WIDE) ? 2 : 1;
		while (p < e && x < s->cols) {
			n = 0;
			do
				chars[n++] = screen_utf8_next(&p);
			while ((pr->flags & TERM_RUN_CLUSTER) && p < e &&
			    n < SCREEN_CLUSTER_MAX);
			if (pr->flags & TERM_RUN_CLUSTER)
				p = e;
			chars[n] = 0;
			screen_put(s, y, x, chars, w, 0, &pen);
			x += w;
		}
	}
}

static size_t
term_sb_size(const struct term_sbline *sl)
{
	return (sizeof *sl + sl->nruns * sizeof sl->runs[0] + sl->textlen);
}

/* Pack a line leaving the top of the primary screen into the ring. */
static void
term_sb_push(struct term *t, const struct screen_line *line)
{
	struct term_sbline	*sl;
	size_t			 size;
	int			 idx;

	if (t->sb_count == t->sb_size) {
		/*
		 * The oldest line goes first, so the allocator can hand its
		 * block straight back. (Reusing it with realloc was no faster
		 * and left 13% more resident memory per pane.)
		 */
		t->sb_bytes -= term_sb_size(t->sb[t->sb_start]);
		free(t->sb[t->sb_start]);
		t->sb[t->sb_start] = NULL;
		t->sb_start = (t->sb_start + 1) % t->sb_size;
		t->sb_count--;
	}
	screen_line_pack(t->screen, line, 0, &t->scratch);
	sl = term_sb_pack(&t->scratch, &size);
	idx = (t->sb_start + t->sb_count) % t->sb_size;
	t->sb[idx] = sl;
	t->sb_count++;
	t->sb_total++;
	t->sb_bytes += size;
}

/* Pop the newest scrollback line into row y of the primary screen. */
static void
term_sb_pop(struct term *t, int y)
{
	struct term_sbline	*sl;
	int			 idx;

	idx = (t->sb_start + t->sb_count - 1) % t->sb_size;
	sl = t->sb[idx];
	t->sb[idx] = NULL;
	t->sb_count--;
	t->sb_total--;
	t->sb_bytes -= term_sb_size(sl);
	term_sb_to_screen(t, sl, &t->screens[0], y);
	free(sl);
}

static inline void
term_damage(struct term *t, int y0, int y1)
{
	if (t->dirty_y0 > y0)
		t->dirty_y0 = y0;
	if (t->dirty_y1 < y1)
		t->dirty_y1 = y1;
	if (!t->changed)
		term_changed(t);
}

/*
 * Scroll whole lines [y0, y1) up by n (down if negative). Lines leaving
 * the top row of the primary screen go into the scrollback first.
 */
static void
term_scroll(struct term *t, int y0, int y1, int n)
{
	struct screen	*s = t->screen;
	int		 y;

	if (n > 0 && y0 == 0 && s == &t->screens[0] && t->sb_size != 0) {
		for (y = 0; y < n && y < y1; y++)
			term_sb_push(t, &s->lines[y]);
	}
	screen_scroll(s, y0, y1, n, &t->pen);
	term_damage(t, y0, y1);
}

/* Clip a rectangle from libvterm to the screen; 0 if nothing is left. */
static int
term_clip(struct term *t, VTermRect *r)
{
	if (r->start_row < 0)
		r->start_row = 0;
	if (r->end_row > t->screen->rows)
		r->end_row = t->screen->rows;
	if (r->start_col < 0)
		r->start_col = 0;
	if (r->end_col > t->screen->cols)
		r->end_col = t->screen->cols;
	return (r->start_row < r->end_row && r->start_col < r->end_col);
}

/* Called for every character of output. */
static int
term_putglyph_cb(VTermGlyphInfo *info, VTermPos pos, void *arg)
{
	struct term	*t = arg;
	struct screen	*s = t->screen;

	if ((unsigned int)pos.row >= (unsigned int)s->rows ||
	    (unsigned int)pos.col >= (unsigned int)s->cols)
		return (1);
	if (!screen_put_fast(s, pos.row, pos.col, info->chars, info->width,
	    info->protected_cell, &t->pen)) {
		screen_put(s, pos.row, pos.col, info->chars, info->width,
		    info->protected_cell, &t->pen);
	}
	term_damage(t, pos.row, pos.row + 1);
	return (1);
}

static int
term_movecursor_cb(VTermPos pos, VTermPos oldpos, int visible, void *arg)
{
	struct term	*t = arg;

	/*
	 * libvterm 0.1.4 restores a cursor saved before the screen shrank
	 * (DECRC, leaving the alternate screen) without clamping it; what
	 * it writes there is dropped, and the cursor is shown at the edge.
	 */
	t->cursor.x = pos.col < t->cols ? pos.col : t->cols - 1;
	t->cursor.y = pos.row < t->rows ? pos.row : t->rows - 1;
	term_changed(t);
	return (1);
}

/*
 * Returning 1 tells libvterm the scroll is done, so it never falls back
 * to moverect and erase for it: there is no moverect callback.
 */
static int
term_scrollrect_cb(VTermRect r, int down, int right, void *arg)
{
	struct term	*t = arg;

	if (!term_clip(t, &r))
		return (1);
	if (right == 0 && r.start_col == 0 && r.end_col == t->screen->cols)
		term_scroll(t, r.start_row, r.end_row, down);
	else {
		screen_move(t->screen, r.start_row, r.end_row, r.start_col,
		    r.end_col, down, right, &t->pen);
		term_damage(t, r.start_row, r.end_row);
	}
	return (1);
}

static int
term_erase_cb(VTermRect r, int selective, void *arg)
{
	struct term	*t = arg;

	if (!term_clip(t, &r))
		return (1);
	screen_erase(t->screen, r.start_row, r.end_row, r.start_col, r.end_col,
	    selective, &t->pen);
	term_damage(t, r.start_row, r.end_row);
	return (1);
}

static int
term_initpen_cb(void *arg)
{
	struct term	*t = arg;

	t->pen = t->dflt;
	return (1);
}

static void
term_pen_flag(struct term *t, uint16_t flag, int on)
{
	if (on)
		t->pen.attr |= flag;
	else
		t->pen.attr &= ~flag;
}

static int
term_setpenattr_cb(VTermAttr attr, VTermValue *val, void *arg)
{
	struct term	*t = arg;

	switch (attr) {
	case VTERM_ATTR_BOLD:
		term_pen_flag(t, TERM_ATTR_BOLD, val->boolean);
		break;
	case VTERM_ATTR_UNDERLINE:
		term_pen_flag(t, TERM_ATTR_UNDERLINE, val->number != 0);
		break;
	case VTERM_ATTR_ITALIC:
		term_pen_flag(t, TERM_ATTR_ITALIC, val->boolean);
		break;
	case VTERM_ATTR_BLINK:
		term_pen_flag(t, TERM_ATTR_BLINK, val->boolean);
		break;
	case VTERM_ATTR_REVERSE:
		term_pen_flag(t, TERM_ATTR_REVERSE, val->boolean);
		break;
	case VTERM_ATTR_STRIKE:
		term_pen_flag(t, TERM_ATTR_STRIKE, val->boolean);
		break;
	case VTERM_ATTR_FOREGROUND:
		t->pen.fg = term_color(&val->color, 0);
		break;
	case VTERM_ATTR_BACKGROUND:
		t->pen.bg = term_color(&val->color, 1);
		break;
	default:
		/* Fonts are not drawn. */
		break;
	}
	return (1);
}

static int
term_settermprop_cb(VTermProp prop, VTermValue *val, void *arg)
{
	struct term	*t = arg;

	switch (prop) {
	case VTERM_PROP_CURSORVISIBLE:
		t->cursor.visible = val->boolean;
		break;
	case VTERM_PROP_CURSORBLINK:
		t->cursor.blink = val->boolean;
		break;
	case VTERM_PROP_CURSORSHAPE:
		if (val->number == VTERM_PROP_CURSORSHAPE_UNDERLINE)
			t->cursor.shape = TERM_SHAPE_UNDERLINE;
		else if (val->number == VTERM_PROP_CURSORSHAPE_BAR_LEFT)
			t->cursor.shape = TERM_SHAPE_BAR;
		else
			t->cursor.shape = TERM_SHAPE_BLOCK;
		break;
	case VTERM_PROP_ALTSCREEN:
		/* libvterm erases the alternate screen itself on entry. */
		t->alt = val->boolean;
		t->screen = &t->screens[t->alt ? 1 : 0];
		term_touch(t);
		break;
	case VTERM_PROP_REVERSE:
		t->reverse = val->boolean;
		term_touch(t);
		break;
	case VTERM_PROP_TITLE:
		free(t->title);
		t->title = xstrdup(val->string != NULL ? val->string : "");
		break;
	case VTERM_PROP_MOUSE:
		t->mouse = val->number;
		break;
	default:
		return (1);
	}
	term_changed(t);
	return (1);
}

static int
term_bell_cb(void *arg)
{
	struct term	*t = arg;

	if (t->hooks->bell != NULL)
		t->hooks->bell(t, t->arg);
	return (1);
}

/*
 * The state has its new size; resize both screens to it. Only the primary
 * screen trades lines with the scrollback, as libvterm's screen did:
 * shrinking pushes lines from the top while the rows cut from the bottom
 * would hold the cursor or something not blank, and growing pops lines
 * back above. delta tells the state how far that moved the cursor.
 */
static int
term_resize_cb(int rows, int cols, VTermPos *delta, void *arg)
{
	struct term	*t = arg;
	struct screen	*s = &t->screens[0];
	VTermPos	 pos;
	int		 y, n, old = s->rows;

	if (t->screen == s && rows < old) {
		vterm_state_get_cursorpos(t->state, &pos);
		for (y = old - 1; y >= rows; y--) {
			if (y == pos.row || !screen_line_empty(s, y))
				break;
		}
		n = y + 1 - rows;
		if (n > 0) {
			term_scroll(t, 0, old, n);
			delta->row -= n;
		}
	}
	screen_resize(&t->screens[0], cols, rows, &t->dflt);
	screen_resize(&t->screens[1], cols, rows, &t->dflt);
	if (t->screen == s) {
		for (n = rows - old; n > 0 && t->sb_count > 0; n--) {
			screen_scroll(s, 0, rows, -1, &t->dflt);
			term_sb_pop(t, 0);
			delta->row++;
		}
	}
	t->cols = cols;
	t->rows = rows;
	term_touch(t);
	return (1);
}

/*
 * Refuse double-width and double-height lines (DECDWL, DECDHL): they are
 * not drawn, and refused, the state keeps the row full width, as drawn.
 */
static int
term_setlineinfo_cb(int row, const VTermLineInfo *newinfo,
    const VTermLineInfo *oldinfo, void *arg)
{
	return (0);
}

static void
term_output_cb(const char *s, size_t len, void *arg)
{
	struct term	*t = arg;

	if (t->hooks->output != NULL)
		t->hooks->output(t, s, len, t->arg);
}

static const VTermStateCallbacks term_state_callbacks = {
	.putglyph = term_putglyph_cb,
	.movecursor = term_movecursor_cb,
	.scrollrect = term_scrollrect_cb,
	.erase = term_erase_cb,
	.initpen = term_initpen_cb,
	.setpenattr = term_setpenattr_cb,
	.settermprop = term_settermprop_cb,
	.bell = term_bell_cb,
	.resize = term_resize_cb,
	.setlineinfo = term_setlineinfo_cb
};

static void
term_changed(struct term *t)
{
	if (t->changed)
		return;
	t->changed = 1;
	if (t->hooks->changed != NULL)
		t->hooks->changed(t, t->arg);
}

struct term *
term_create(int cols, int rows, int history, const struct term_hooks *hooks,
    void *arg)
{
	struct term	*t;

	if (cols < 1)
		cols = 1;
	if (rows < 1)
		rows = 1;
	t = xcalloc(1, sizeof *t);
	t->hooks = hooks;
	t->arg = arg;
	t->cols = cols;
	t->rows = rows;
	t->sb_size = history < 0 ? 0 : history;
	if (t->sb_size != 0)
		t->sb = xcalloc(t->sb_size, sizeof *t->sb);
	term_line_init(&t->scratch);
	buf_init(&t->osc);
	t->cursor.visible = 1;
	t->cursor.shape = TERM_SHAPE_BLOCK;
	t->title = xstrdup("");

	t->dflt.fg = TERM_COLOR_DEFAULT;
	t->dflt.bg = TERM_COLOR_DEFAULT;
	t->dflt.width = 1;
	t->pen = t->dflt;
	screen_init(&t->screens[0], cols, rows, &t->dflt);
	screen_init(&t->screens[1], cols, rows, &t->dflt);
	t->screen = &t->screens[0];

	t->vt = vterm_new(rows, cols);
	vterm_set_utf8(t->vt, 1);
	vterm_output_set_callback(t->vt, term_output_cb, t);
	t->state = vterm_obtain_state(t->vt);
	vterm_state_set_callbacks(t->state, &term_state_callbacks, t);
	vterm_state_reset(t->state, 1);

	t->dirty_y0 = 0;
	t->dirty_y1 = rows;
	t->changed = 1;
	return (t);
}

void
term_free(struct term *t)
{
	int	i;

	if (t == NULL)
		return;
	vterm_free(t->vt);
	screen_done(&t->screens[0]);
	screen_done(&t->screens[1]);
	for (i = 0; i < t->sb_size; i++)
		free(t->sb[i]);
	free(t->sb);
	term_line_free(&t->scratch);
	buf_free(&t->osc);
	free(t->title);
	free(t->cmdline);
	free(t);
}

void
term_size(struct term *t, int *cols, int *rows)
{
	*cols = t->cols;
	*rows = t->rows;
}

void
term_resize(struct term *t, int cols, int rows)
{
	if (cols < 1)
		cols = 1;
	if (rows < 1)
		rows = 1;
	if (cols == t->cols && rows == t->rows)
		return;
	/* Rows popped back from the scrollback move the prompt mark. */
	t->have_b = 0;
	vterm_set_size(t->vt, rows, cols);	/* term_resize_cb */
}

void
term_get_row(struct term *t, int y, struct term_line *l)
{
	if (y < 0 || y >= t->rows) {
		l->text.len = 0;
		l->nruns = 0;
		l->cells = 0;
		return;
	}
	screen_line_pack(t->screen, &t->screen->lines[y], t->reverse, l);
}

int
term_get_history(struct term *t, int n, struct term_line *l)
{
	int	idx;

	if (n < 0 || n >= t->sb_count)
		return (-1);
	idx = (t->sb_start + t->sb_count - 1 - n) % t->sb_size;
	term_sb_unpack_line(t->sb[idx], l);
	return (0);
}

int
term_history_size(struct term *t)
{
	return (t->sb_count);
}

int64_t
term_history_total(struct term *t)
{
	return (t->sb_total);
}

size_t
term_history_bytes(struct term *t)
{
	return (t->sb_bytes + (size_t)t->sb_size * sizeof *t->sb);
}

int
term_dirty(struct term *t, int *y0, int *y1)
{
	int	a = t->dirty_y0, b = t->dirty_y1;

	if (a < 0)
		a = 0;
	if (b > t->rows)
		b = t->rows;
	if (a > b)
		a = b;
	*y0 = a;
	*y1 = b;
	return (t->changed);
}

void
term_clear_dirty(struct term *t)
{
	t->changed = 0;
	t->dirty_y0 = t->rows;
	t->dirty_y1 = 0;
}

void
term_touch(struct term *t)
{
	t->dirty_y0 = 0;
	t->dirty_y1 = t->rows;
	term_changed(t);
}

void
term_get_cursor(struct term *t, struct term_cursor *c)
{
	*c = t->cursor;
}

const char *
term_title(struct term *t)
{
	return (t->title);
}

int
term_altscreen(struct term *t)
{
	return (t->alt);
}

int
term_mouse_mode(struct term *t)
{
	return (t->mouse);
}

/* Append the text of line l from cell col on. */
static void
term_line_text_from(struct term_line *l, int col, struct buf *out)
{
	const struct term_run	*r;
	const unsigned char	*p, *e;
	unsigned int		 i;
	int			 x = 0;

	for (i = 0; i < l->nruns; i++) {
		r = &l->runs[i];
		if (x >= col) {
			buf_add(out, l->text.data + r->off, r->len);
			x += r->cells;
			continue;
		}
		if (r->flags & TERM_RUN_CLUSTER) {
			x += r->cells;
			continue;
		}
		p = (const unsigned char *)l->text.data + r->off;
		e = p + r->len;
		while (p < e) {
			const unsigned char *start = p;

			(void)screen_utf8_next(&p);
			if (x >= col)
				buf_add(out, start, p - start);
			x += (r->flags & TERM_RUN_WIDE) ? 2 : 1;
		}
	}
}

/* Text of absolute row arow, from cell col; 0 if still available. */
static int
term_abs_row_text(struct term *t, int64_t arow, int col, struct buf *out)
{
	struct term_line	 l;
	int64_t			 back;
	int			 rc = 0;

	term_line_init(&l);
	if (arow >= t->sb_total)
		term_get_row(t, (int)(arow - t->sb_total), &l);
	else {
		back = t->sb_total - 1 - arow;
		if (back > t->sb_count ||
		    term_get_history(t, (int)back, &l) != 0)
			rc = -1;
	}
	if (rc == 0)
		term_line_text_from(&l, col, out);
	term_line_free(&l);
	return (rc);
}

static char *
term_command_line(struct term *t)
{
	VTermPos	 pos;
	struct buf	 b;
	int64_t		 crow, row;
	char		*s;

	vterm_state_get_cursorpos(t->state, &pos);
	crow = t->sb_total + pos.row;
	buf_init(&b);
	if (t->have_b && crow >= t->b_row && crow - t->b_row < 100) {
		/* Normally the Enter moved the cursor down a row. */
		if (crow == t->b_row)
			crow++;
		for (row = t->b_row; row < crow; row++)
			term_abs_row_text(t, row, row == t->b_row ?
			    t->b_col : 0, &b);
	}
	while (b.len > 0 && (b.data[b.len - 1] == ' ' ||
	    b.data[b.len - 1] == '\n'))
		b.len--;
	s = xstrdup(buf_cstr(&b));
	buf_free(&b);
	return (s);
}

static void
term_mark(struct term *t, const char *body, size_t len)
{
	struct term_mark	 m;
	VTermPos		 pos;
	char			*params;

	/* body is "133;X[;params]". */
	if (len < 5)
		return;
	memset(&m, 0, sizeof m);
	m.kind = body[4];
	m.status = -1;
	params = len > 6 && body[5] == ';' ? xstrndup(body + 6, len - 6) :
	    NULL;
	switch (m.kind) {
	case 'A':
		break;
	case 'B':
		vterm_state_get_cursorpos(t->state, &pos);
		t->have_b = 1;
		t->b_row = t->sb_total + pos.row;
		t->b_col = pos.col;
		break;
	case 'C':
		free(t->cmdline);
		t->cmdline = term_command_line(t);
		t->have_b = 0;
		t->running = 1;
		m.cmdline = t->cmdline;
		break;
	case 'D':
		if (!t->running) {
			free(params);
			return;
		}
		t->running = 0;
		m.cmdline = t->cmdline;
		if (params != NULL && params[0] >= '0' && params[0] <= '9')
			m.status = atoi(params);
		break;
	default:
		free(params);
		return;
	}
	free(params);
	if (t->hooks->mark != NULL)
		t->hooks->mark(t, &m, t->arg);
}

/*
 * libvterm 0.1.4's full reset (RIS) leaves the alternate screen without a
 * settermprop, so follow it here, and clear the primary screen too: the
 * reset erased the alternate one, which it no longer thought was shown.
 */
static void
term_ris(struct term *t)
{
	if (!t->alt)
		return;
	t->alt = 0;
	t->screen = &t->screens[0];
	screen_erase(t->screen, 0, t->rows, 0, t->cols, 0, &t->pen);
	term_touch(t);
}

/*
 * Scan for OSC 133 marks (and RIS, see term_ris) while feeding libvterm.
 * Only bytes inside an OSC are looked at one by one; elsewhere memchr
 * finds the next ESC.
 */
void
term_write(struct term *t, const char *data, size_t len)
{
	const char	*p;
	size_t		 i = 0, fed = 0;
	unsigned char	 c;

	while (i < len) {
		switch (t->scan) {
		case SCAN_TEXT:
			p = memchr(data + i, '\033', len - i);
			if (p == NULL) {
				i = len;
				break;
			}
			i = (size_t)(p - data) + 1;
			t->scan = SCAN_ESC;
			break;
		case SCAN_ESC:
			c = (unsigned char)data[i];
			if (c == ']') {
				t->scan = SCAN_OSC;
				t->osc.len = 0;
				i++;
			} else if (c == '\033')
				i++;
			else if (c == 'c') {
				/* RIS: feed libvterm up to it, then follow. */
				i++;
				t->scan = SCAN_TEXT;
				vterm_input_write(t->vt, data + fed, i - fed);
				fed = i;
				term_ris(t);
			} else
				t->scan = SCAN_TEXT;
			break;
		case SCAN_OSC:
			c = (unsigned char)data[i++];
			if (c == '\007') {
				t->scan = SCAN_TEXT;
				goto complete;
			}
			if (c == '\033') {
				t->scan = SCAN_OSC_ESC;
				break;
			}
			if ((t->osc.len < 4 && c != "133;"[t->osc.len]) ||
			    t->osc.len >= TERM_OSC_MAX) {
				t->scan = SCAN_TEXT;
				break;
			}
			buf_add(&t->osc, &c, 1);
			break;
		case SCAN_OSC_ESC:
			c = (unsigned char)data[i];
			if (c == '\\') {
				i++;
				t->scan = SCAN_TEXT;
				goto complete;
			}
			t->scan = SCAN_ESC;
			break;
		}
		continue;
complete:
		if (t->osc.len >= 5) {
			vterm_input_write(t->vt, data + fed, i - fed);
			fed = i;
			term_mark(t, t->osc.data, t->osc.len);
		}
		t->osc.len = 0;
	}
	if (fed < len)
		vterm_input_write(t->vt, data + fed, len - fed);
}

int
term_parse_mods(const char *s)
{
	int	mods = 0;

	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case 'C':
			mods |= TERM_MOD_CTRL;
			break;
		case 'S':
			mods |= TERM_MOD_SHIFT;
			break;
		case 'M':
		case 'A':
			mods |= TERM_MOD_ALT;
			break;
		}
	}
	return (mods);
}

static const struct {
	const char	*name;
	VTermKey	 key;
} term_keys[] = {
	{ "up", VTERM_KEY_UP },
	{ "down", VTERM_KEY_DOWN },
	{ "left", VTERM_KEY_LEFT },
	{ "right", VTERM_KEY_RIGHT },
	{ "home", VTERM_KEY_HOME },
	{ "end", VTERM_KEY_END },
	{ "pageup", VTERM_KEY_PAGEUP },
	{ "pagedown", VTERM_KEY_PAGEDOWN },
	{ "insert", VTERM_KEY_INS },
	{ "delete", VTERM_KEY_DEL },
	{ "backspace", VTERM_KEY_BACKSPACE },
	{ "tab", VTERM_KEY_TAB },
	{ "enter", VTERM_KEY_ENTER },
	{ "escape", VTERM_KEY_ESCAPE },
};

/*
 * Control characters the way xterm sends them without modifyOtherKeys:
 * libvterm 0.1.4 sends CSI u for C-i, C-m, C-[ and C-digits, which no
 * shell reads.
 */
static int
term_legacy_ctrl(uint32_t c)
{
	if (c >= 'a' && c <= 'z')
		return ((int)(c & 0x1f));
	switch (c) {
	case '@': case ' ': case '2':
		return (0);
	case '[': case '3':
		return (0x1b);
	case '\\': case '4':
		return (0x1c);
	case ']': case '5':
		return (0x1d);
	case '^': case '6': case '~':
		return (0x1e);
	case '_': case '7': case '/':
		return (0x1f);
	case '?': case '8':
		return (0x7f);
	}
	return (-1);
}

void
term_unichar(struct term *t, uint32_t c, int mods)
{
	char	out[2];
	int	ctl;

	if ((mods & TERM_MOD_CTRL) && c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	if ((mods & TERM_MOD_CTRL) && !(mods & TERM_MOD_SHIFT) &&
	    (ctl = term_legacy_ctrl(c)) != -1) {
		if (mods & TERM_MOD_ALT) {
			out[0] = '\033';
			out[1] = (char)ctl;
			term_output_cb(out, 2, t);
		} else {
			out[0] = (char)ctl;
			term_output_cb(out, 1, t);
		}
		return;
	}
	vterm_keyboard_unichar(t->vt, c, (VTermModifier)mods);
}

int
term_key(struct term *t, const char *name, int mods)
{
	const unsigned char	*p;
	unsigned int		 i;
	int			 n;

	for (i = 0; i < nitems(term_keys); i++) {
		if (strcmp(name, term_keys[i].name) == 0) {
			vterm_keyboard_key(t->vt, term_keys[i].key,
			    (VTermModifier)mods);
			return (0);
		}
	}
	if ((name[0] == 'f' || name[0] == 'F') && name[1] >= '1' &&
	    name[1] <= '9') {
		n = atoi(name + 1);
		if (n >= 1 && n <= 12) {
			vterm_keyboard_key(t->vt, VTERM_KEY_FUNCTION(n),
			    (VTermModifier)mods);
			return (0);
		}
	}
	if (strcmp(name, "space") == 0) {
		term_unichar(t, ' ', mods);
		return (0);
	}
	/* A single character. */
	p = (const unsigned char *)name;
	if (*p == '\0')
		return (-1);
	n = *p < 0x80 ? 1 : *p < 0xe0 ? 2 : *p < 0xf0 ? 3 : 4;
	if ((int)strnlen(name, 5) != n)
		return (-1);
	term_unichar(t, screen_utf8_next(&p), mods);
	return (0);
}

void
term_paste(struct term *t, const char *text, size_t len)
{
	const char	*p, *e = text + len;

	vterm_keyboard_start_paste(t->vt);
	/* Newlines are sent as Enter (CR), as a terminal pastes them. */
	while (text < e) {
		p = memchr(text, '\n', e - text);
		if (p == NULL) {
			term_output_cb(text, e - text, t);
			break;
		}
		if (p > text)
			term_output_cb(text, p - text, t);
		term_output_cb("\r", 1, t);
		text = p + 1;
	}
	vterm_keyboard_end_paste(t->vt);
}

void
term_mouse(struct term *t, int x, int y, int button, int pressed, int mods)
{
	/* libvterm 0.1.4 reports buttons even when no mode asked for them. */
	if (t->mouse == 0 || x < 0 || y < 0 || x >= t->cols || y >= t->rows)
		return;
	vterm_mouse_move(t->vt, y, x, (VTermModifier)mods);
	if (button >= 1 && button <= 5)
		vterm_mouse_button(t->vt, button, pressed != 0,
		    (VTermModifier)mods);
}
