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
 *   cursor's row and anything below it that is not blank. A scrollback
 *   line keeps its row's soft-wrap flags.
 *
 * - Reflow. Rows that the output ran past the right margin are marked as
 *   they wrap (term_putglyph_first); a change of width while the primary
 *   screen is shown rewraps it and the scrollback (term_reflow.c).
 *
 * - Input. Nothing reaches libvterm's parser but through the guard of
 *   term_scan.c, which keeps it from the sequences libvterm 0.1.4 cannot
 *   take and finds the prompt marks (term_mark.c) and full resets on the
 *   way. Keys, pastes and mouse events are term_input.c's.
 *
 * - Titles are text from outside: made valid UTF-8 (utf8.h) when set.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vterm.h>

#include "screen.h"
#include "term.h"
#include "term_int.h"
#include "utf8.h"
#include "util.h"

static void	term_changed(struct term *);

/* Tell the guard whether an SGR reset has something of ours to clear. */
static inline void
term_pen_extra(struct term *t)
{
	t->scan.pen_extra = (t->pen.attr & (TERM_ATTR_DIM |
	    TERM_ATTR_CONCEAL | TERM_ATTR_OVERLINE)) != 0 ||
	    (t->pen.flags & SCREEN_ULC_MASK) != 0;
}
static uint8_t	term_ulc_flags(struct term *, uint32_t);
static void	term_pen_ul(struct term *, uint32_t);
static uint32_t	term_pen_ul_colour(struct term *);
static void	term_ris(struct term *);
static const struct term_scan_hooks term_scan_hooks;

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
term_line_done(struct term_line *l)
{
	buf_done(&l->text);
	free(l->runs);
	memset(l, 0, sizeof *l);
}

/* A scrollback line's underline colours, or NULL; its text. */
static inline const uint32_t *
term_sb_ul(const struct term_sbline *sl)
{
	return (sl->has_ul ? (const uint32_t *)&sl->runs[sl->nruns] : NULL);
}

static inline char *
term_sb_text(const struct term_sbline *sl)
{
	return ((char *)&sl->runs[sl->nruns] +
	    (sl->has_ul ? sl->nruns * sizeof(uint32_t) : 0));
}

/* Pack a row read out into one allocation (inline for the flood's sake). */
static inline struct term_sbline *
term_sb_pack_line(struct term_line *l, int lflags, size_t *sizep)
{
	struct term_sbline	*sl;
	struct term_prun	*pr;
	uint32_t		*ul;
	size_t			 size;
	unsigned int		 i, has_ul = 0;

	for (i = 0; i < l->nruns; i++)
		has_ul |= l->runs[i].attr.ul != 0;
	size = sizeof *sl + l->nruns * sizeof *pr + l->text.len;
	if (has_ul)
		size += l->nruns * sizeof *ul;
	sl = xmalloc(size);
	sl->cells = (uint16_t)(l->cells > 65535 ? 65535 : l->cells);
	sl->nruns = (uint16_t)l->nruns;
	sl->textlen = (uint32_t)l->text.len;
	sl->lflags = (uint32_t)lflags & 3;
	sl->has_ul = has_ul;
	for (i = 0; i < l->nruns; i++) {
		pr = &sl->runs[i];
		pr->fg = l->runs[i].attr.fg;
		pr->bg = l->runs[i].attr.bg;
		pr->len = l->runs[i].len;
		pr->cells = l->runs[i].cells;
		pr->attr = l->runs[i].attr.flags;
		pr->flags = l->runs[i].flags;
	}
	if (has_ul) {
		ul = (uint32_t *)&sl->runs[l->nruns];
		for (i = 0; i < l->nruns; i++)
			ul[i] = l->runs[i].attr.ul;
	}
	if (l->text.len != 0)
		memcpy(term_sb_text(sl), l->text.data, l->text.len);
	*sizep = size;
	return (sl);
}

struct term_sbline *
term_sb_pack(struct term_line *l, int lflags, size_t *sizep)
{
	return (term_sb_pack_line(l, lflags, sizep));
}

void
term_sb_unpack_line(const struct term_sbline *sl, struct term_line *l)
{
	const char	*text;
	const uint32_t	*ul = term_sb_ul(sl);
	struct term_run	*r;
	uint32_t	 off = 0;
	int		 i;

	l->text.len = 0;
	l->nruns = 0;
	text = term_sb_text(sl);
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
		r->attr.ul = ul != NULL ? ul[i] : 0;
		off += r->len;
	}
	l->cells = sl->cells;
}

/* Write a scrollback line back into row y of a screen (already blank). */
void
term_sb_to_screen(struct term *t, const struct term_sbline *sl,
    struct screen *s, int y)
{
	const struct term_prun	*pr;
	const unsigned char	*p, *e, *text;
	const uint32_t		*ul = term_sb_ul(sl);
	struct screen_cell	 pen = t->dflt;
	uint32_t		 chars[SCREEN_CLUSTER_MAX + 1];
	int			 i, n, w, x = 0;

	text = (const unsigned char *)term_sb_text(sl);
	for (i = 0; i < sl->nruns && x < s->cols; i++) {
		pr = &sl->runs[i];
		pen.fg = pr->fg;
		pen.bg = pr->bg;
		pen.attr = pr->attr;
		pen.flags = ul == NULL ? 0 : term_ulc_flags(t, ul[i]);
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
	s->lines[y].flags = sl->lflags;
}

size_t
term_sb_size(const struct term_sbline *sl)
{
	return (sizeof *sl + sl->nruns * sizeof sl->runs[0] + sl->textlen +
	    (sl->has_ul ? sl->nruns * sizeof(uint32_t) : 0));
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
	sl = term_sb_pack_line(&t->scratch, (int)line->flags, &size);
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
	/* A glyph waiting to wrap moves with its row (the wrap's own line
	 * feed scrolls it up by one). */
	if (t->last_pos.row >= y0 && t->last_pos.row < y1) {
		t->last_pos.row -= n;
		if (n < 0 || t->last_pos.row < y0)
			t->last_pos.row = -2;
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

/* Write a glyph into the cells of the screen shown. */
static inline void
term_put(struct term *t, struct screen *s, const VTermGlyphInfo *info,
    VTermPos pos)
{
	if (!screen_put_fast(s, pos.row, pos.col, info->chars, info->width,
	    info->protected_cell, &t->pen)) {
		screen_put(s, pos.row, pos.col, info->chars, info->width,
		    info->protected_cell, &t->pen);
	}
	term_damage(t, pos.row, pos.row + 1);
}

/* What term_text_cb checks of the last glyph, besides last_pos. */
static inline void
term_glyph_note(struct term *t, const VTermGlyphInfo *info)
{
	t->glyphs++;
	t->g_ch = info->chars[0] != 0 && info->chars[1] == 0 ?
	    info->chars[0] : 0;
	t->g_protected = info->protected_cell;
}

/*
 * A glyph at column 0. On the row below the last glyph, with no cursor
 * move between (the scroll of a wrap aside), it is where libvterm wrapped:
 * the row above goes on in this one, and if its last glyph stopped one
 * short of the margin, a wide one that did not fit left a gap. Never
 * inlined: the common path would save more registers on every glyph.
 */
static int __attribute__((noinline))
term_putglyph_first(struct term *t, VTermGlyphInfo *info, VTermPos pos)
{
	struct screen	*s = t->screen;
	VTermPos	 prev = t->last_pos;
	int		 end = prev.col + t->last_width;

	t->last_width = info->width;
	t->last_pos = pos;
	term_glyph_note(t, info);
	if ((unsigned int)pos.row >= (unsigned int)s->rows || s->cols < 1)
		return (1);
	term_put(t, s, info, pos);
	if (pos.row == prev.row + 1 && prev.row >= 0 && end >= s->cols - 1) {
		s->lines[prev.row].flags = SCREEN_LINE_WRAPPED |
		    (end < s->cols ? SCREEN_LINE_GAP : 0);
	}
	return (1);
}

/* Called for every character of output. */
static int
term_putglyph_cb(VTermGlyphInfo *info, VTermPos pos, void *arg)
{
	struct term	*t = arg;
	struct screen	*s = t->screen;

	if (pos.col == 0)
		return (term_putglyph_first(t, info, pos));
	/* What a REP would repeat is this glyph (term_can_repeat_cb). */
	t->last_width = info->width;
	t->last_pos = pos;
	term_glyph_note(t, info);
	if ((unsigned int)pos.row >= (unsigned int)s->rows ||
	    (unsigned int)pos.col >= (unsigned int)s->cols)
		return (1);
	term_put(t, s, info, pos);
	return (1);
}

/* CSI n C (CUF) for n below 10000, in cuf; returns its length. */
static int
term_cuf(char *cuf, size_t n)
{
	char	digits[8];
	int	nd = 0, len = 0;

	do {
		digits[nd++] = (char)('0' + n % 10);
		n /= 10;
	} while (n > 0 && nd < 4);
	cuf[len++] = '\033';
	cuf[len++] = '[';
	while (nd > 0)
		cuf[len++] = digits[--nd];
	cuf[len++] = 'C';
	return (len);
}

/*
 * The fast path for text (term_scan.h: text): run[0, len) is printable
 * ASCII in a GL that maps it to itself, and libvterm has just been fed
 * run[0]. While the glyph libvterm put last is the byte fed last, one
 * cell wide on a line of normal width, with no insert (IRM) before it,
 * and the cursor stands right after it, the next bytes up to the
 * second-last column are put here as putglyph would put them, and one CUF
 * moves libvterm's cursor past them. The bytes for the last column and the
 * one after it go to libvterm, which wraps (or not, without DECAWM) as it
 * always does, and the checks start again from there. The run's last byte
 * is always libvterm's own, so what REP repeats and what a combining mark
 * joins is the glyph it put. A flood of text then costs libvterm two
 * glyphs and a CUF a line instead of a call per character. Returns how
 * many bytes of run libvterm has had or were put for it.
 */
static size_t
term_text_cb(const char *run, size_t len, void *arg)
{
	struct term	*t = arg;
	struct screen	*s = t->screen;
	VTermPos	 pos, last;
	size_t		 done = 1, k;
	char		 cuf[16];
	int		 room, n;

	while (!t->fast_off && !t->fast_never && done + TERM_FAST_MIN < len) {
		vterm_state_get_cursorpos(t->state, &pos);
		last = t->last_pos;
		/* A width of 1 is a cell (no line is ever of double width:
		 * term_setlineinfo_cb refuses). */
		if (t->g_ch != (unsigned char)run[done - 1] ||
		    t->last_width != 1 || t->hscroll_glyph == t->glyphs ||
		    pos.row != last.row || pos.row < 0 ||
		    pos.row >= s->rows || s->cols != t->cols)
			break;
		if (pos.col == last.col && pos.col == s->cols - 1) {
			/*
			 * Put in the last column: the next byte wraps, or,
			 * without DECAWM, goes there too, and so would the
			 * rest, which libvterm then takes in one piece.
			 */
			vterm_input_write(t->vt, run + done, 1);
			done++;
			vterm_state_get_cursorpos(t->state, &last);
			if (last.row == pos.row && last.col == pos.col)
				break;
			continue;
		}
		if (pos.col != last.col + 1)
			break;
		room = s->cols - 1 - pos.col;
		if (room <= 0) {
			/* The last column, and the wrap after it. */
			vterm_input_write(t->vt, run + done, 2);
			done += 2;
			continue;
		}
		k = len - 1 - done;
		if (k > (size_t)room)
			k = (size_t)room;
		screen_put_ascii(s, pos.row, pos.col, run + done, (int)k,
		    t->g_protected, &t->pen);
		term_damage(t, pos.row, pos.row + 1);
		done += k;
		t->fast_bytes += k;
		/* The last glyph is now the run's, as if libvterm put it:
		 * before the CUF, whose cursor move then keeps a wrap. */
		t->glyphs++;
		t->g_ch = (unsigned char)run[done - 1];
		t->last_pos.col = pos.col + (int)k - 1;
		n = term_cuf(cuf, k);
		vterm_input_write(t->vt, cuf, (size_t)n);
		vterm_state_get_cursorpos(t->state, &pos);
		if (pos.row != t->last_pos.row ||
		    pos.col != t->last_pos.col + 1) {
			/*
			 * CUF clamped the cursor: only origin mode or a right
			 * margin do that, and the scanner never calls this
			 * while either may be set. Should it happen, no fast
			 * path for this terminal until a full reset.
			 */
			t->fast_off = 1;
			break;
		}
	}
	return (done);
}

/*
 * A cursor on the last glyph put, which reached the margin, is pending
 * there (autowrap): the next glyph goes past it. Returns how many cells
 * past its column the next glyph goes, or 0.
 */
static int
term_pending(struct term *t, VTermPos pos)
{
	if (pos.row == t->last_pos.row && pos.col == t->last_pos.col &&
	    pos.col + t->last_width >= t->cols)
		return (t->last_width);
	return (0);
}

static int
term_movecursor_cb(VTermPos pos, VTermPos oldpos, int visible, void *arg)
{
	struct term	*t = arg;

	/*
	 * The cursor where the last glyph left it (on it, pending at the
	 * margin; or after it) keeps a wrap possible; a move anywhere else
	 * ends the line there.
	 */
	if (pos.row != t->last_pos.row || pos.col != (t->last_pos.col +
	    t->last_width >= t->cols ? t->last_pos.col : t->last_pos.col +
	    t->last_width))
		t->last_pos.row = -2;
	/*
	 * libvterm 0.1.4 restores a cursor saved before the screen shrank
	 * (DECRC, leaving the alternate screen) without clamping it; what
	 * it writes there is dropped, and the cursor is shown at the edge.
	 */
	t->cursor.x = pos.col < 0 ? 0 : pos.col < t->cols ? pos.col :
	    t->cols - 1;
	t->cursor.y = pos.row < 0 ? 0 : pos.row < t->rows ? pos.row :
	    t->rows - 1;
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

	/* Maybe insert mode making room for the next glyph. */
	if (right != 0)
		t->hscroll_glyph = t->glyphs + 1;
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
	term_pen_extra(t);
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

/* Underline the pen in a style (TERM_UL_*), or not (-1). */
static void
term_pen_underline(struct term *t, int style)
{
	t->pen.attr &= ~(TERM_ATTR_UNDERLINE | TERM_ATTR_UL_MASK);
	if (style >= 0)
		t->pen.attr |= TERM_ATTR_UNDERLINE |
		    (uint16_t)(style << TERM_ATTR_UL_SHIFT);
}

/* The pen's attributes libvterm 0.1.4 does not keep: all SGR resets. */
#define TERM_ATTR_EXTRA	(TERM_ATTR_DIM | TERM_ATTR_CONCEAL | \
			    TERM_ATTR_OVERLINE | TERM_ATTR_UL_MASK)

static int
term_setpenattr_cb(VTermAttr attr, VTermValue *val, void *arg)
{
	struct term	*t = arg;

	switch (attr) {
	case VTERM_ATTR_BOLD:
		term_pen_flag(t, TERM_ATTR_BOLD, val->boolean);
		break;
	case VTERM_ATTR_UNDERLINE:
		/* 1 single, 2 double, 3 curly (VTERM_UNDERLINE_*). */
		term_pen_underline(t, val->number == 0 ? -1 :
		    val->number == 2 ? TERM_UL_DOUBLE :
		    val->number == 3 ? TERM_UL_CURLY : TERM_UL_SINGLE);
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
	case VTERM_PROP_CURSORBLINK:
	case VTERM_PROP_CURSORSHAPE:
		/*
		 * DECRC restores the cursor's place and pen, not whether it
		 * is shown or how (as xterm and tmux do): libvterm 0.1.4
		 * restored a cursor hidden at DECSC time, and nano left it
		 * hidden. Refused, libvterm keeps what it had.
		 */
		if (t->restoring)
			return (0);
		break;
	default:
		break;
	}
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
		/*
		 * libvterm erases the alternate screen itself on entry. The
		 * primary's cursor is kept for reflows (before ?1049 saves
		 * it, which is after this).
		 */
		if (val->boolean && !t->alt) {
			vterm_state_get_cursorpos(t->state, &t->alt_cursor);
			t->alt_pending = term_pending(t, t->alt_cursor);
			t->alt_moved = 0;
		} else if (!val->boolean && t->alt)
			t->alt_moved = t->alt_moved ? 2 : 0;
		t->alt = val->boolean;
		t->screen = &t->screens[t->alt ? 1 : 0];
		t->last_pos.row = -2;
		term_touch(t);
		break;
	case VTERM_PROP_REVERSE:
		t->reverse = val->boolean;
		term_touch(t);
		break;
	case VTERM_PROP_TITLE:
		free(t->title);
		t->title = utf8_sanitize_str(val->string);
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
 * The state has its new size; resize both screens to it. A new width
 * reflows the primary screen with the scrollback (term_reflow.c), with
 * the cursor libvterm has, or behind the alternate screen with the one the
 * primary had; the alternate screen is cut or padded. Otherwise only the
 * primary screen trades lines with the scrollback, as libvterm's screen
 * did: shrinking pushes lines from the
 * top while the rows cut from the bottom would hold the cursor or
 * something not blank, and growing pops lines back above. delta tells the
 * state how far that moved the cursor.
 */
static int
term_resize_cb(int rows, int cols, VTermPos *delta, void *arg)
{
	struct term	*t = arg;
	struct screen	*s = &t->screens[0];
	VTermPos	 pos, was;
	int		 y, n, old = s->rows;

	if (cols != s->cols && t->screen != s) {
		/* The primary, behind the alternate, with its own cursor. */
		term_reflow(t, cols, rows, &t->alt_cursor, t->alt_pending,
		    t->sav_valid ? &t->sav_pos : NULL);
		t->sav_moved = t->sav_valid;
		t->alt_pending = 0;
		t->alt_moved = 1;
		screen_resize(&t->screens[1], cols, rows, &t->dflt);
		t->last_pos.row = -2;
		t->cols = cols;
		t->rows = rows;
		term_touch(t);
		return (1);
	}
	if (cols != s->cols) {
		vterm_state_get_cursorpos(t->state, &pos);
		was = pos;
		term_reflow(t, cols, rows, &pos, term_pending(t, pos),
		    t->sav_valid ? &t->sav_pos : NULL);
		t->sav_moved = t->sav_valid;
		screen_resize(&t->screens[1], cols, rows, &t->dflt);
		delta->row = pos.row - was.row;
		delta->col = pos.col - was.col;
		t->reflowed = 1;
		t->reflow_x = pos.col;
		t->reflow_y = pos.row;
		t->last_pos.row = -2;
		t->cols = cols;
		t->rows = rows;
		term_touch(t);
		return (1);
	}
	if (t->screen == s && rows < old) {
		vterm_state_get_cursorpos(t->state, &pos);
		for (y = old - 1; y >= rows; y--) {
			if (y == pos.row || !screen_line_empty(s, y))
				break;
		}
		n = y + 1 - rows;
		/*
		 * Never more than the rows above the cursor: pushing for a
		 * line below it would move it above the top, where libvterm
		 * 0.1.4 would index its line table at a negative row.
		 */
		if (n > pos.row)
			n = pos.row;
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
	t->last_pos.row = -2;
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

void
term_output(struct term *t, const char *s, size_t len)
{
	if (t->hooks->output != NULL)
		t->hooks->output(t, s, len, t->arg);
}

static void
term_output_cb(const char *s, size_t len, void *arg)
{
	term_output(arg, s, len);
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
	term_scan_init(&t->scan, &term_scan_hooks, t);
	t->cursor.visible = 1;
	t->cursor.shape = TERM_SHAPE_BLOCK;
	t->title = xstrdup("");
	t->last_pos.row = -2;

	t->dflt.fg = TERM_COLOR_DEFAULT;
	t->dflt.bg = TERM_COLOR_DEFAULT;
	t->dflt.width = 1;
	t->pen = t->dflt;
	screen_init(&t->screens[0], cols, rows, &t->dflt);
	screen_init(&t->screens[1], cols, rows, &t->dflt);
	t->screens[0].ulc = t->ulc;
	t->screens[1].ulc = t->ulc;
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
term_destroy(struct term *t)
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
	term_line_done(&t->scratch);
	term_scan_done(&t->scan);
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

/*
 * After the screen shrank, libvterm 0.1.4 cuts a scroll region's bottom to
 * the new size but leaves its top, so a region that began below the new
 * bottom is upside down, and the next line feed at its bottom moves a
 * negative number of line attributes (a crash). Reset the margins, as
 * xterm and tmux do on a resize, and put the cursor back where it was.
 * Whatever sequence was in progress is cut off by the CAN.
 */
static void
term_reset_margins(struct term *t)
{
	VTermPos	pos;
	char		seq[64];
	int		n;

	vterm_state_get_cursorpos(t->state, &pos);
	if (t->reflowed) {
		/* Where the reflow put it, not pending at the margin. */
		pos.row = t->reflow_y;
		pos.col = t->reflow_x;
	}
	term_scan_reset(&t->scan);
	n = snprintf(seq, sizeof seq, "\030\033[r\033[s\033[%d;%dH",
	    (pos.row < 0 ? 0 : pos.row) + 1, (pos.col < 0 ? 0 : pos.col) + 1);
	vterm_input_write(t->vt, seq, (size_t)n);
}

void
term_resize(struct term *t, int cols, int rows)
{
	int	shrink;

	if (cols < 1)
		cols = 1;
	if (rows < 1)
		rows = 1;
	if (cols == t->cols && rows == t->rows)
		return;
	/* Rows popped back from the scrollback move the prompt mark. */
	t->have_b = 0;
	shrink = cols < t->cols || rows < t->rows;
	t->reflowed = 0;
	vterm_set_size(t->vt, rows, cols);	/* term_resize_cb */
	if (shrink || t->reflowed)
		term_reset_margins(t);
	t->reflowed = 0;
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

uint64_t
term_fast_bytes(struct term *t)
{
	return (t->fast_bytes);
}

void
term_set_fast(struct term *t, int on)
{
	t->fast_never = !on;
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

/*
 * libvterm 0.1.4's full reset (RIS) leaves the alternate screen without a
 * settermprop, so follow it here, and clear the primary screen too: the
 * reset erased the alternate one, which it no longer thought was shown.
 */
static void
term_ris(struct term *t)
{
	t->fast_off = 0;
	t->alt_moved = 0;
	t->sav_valid = 0;
	t->sav_moved = 0;
	if (!t->alt)
		return;
	t->alt = 0;
	t->screen = &t->screens[0];
	screen_erase(t->screen, 0, t->rows, 0, t->cols, 0, &t->pen);
	term_touch(t);
}

static void
term_feed_cb(const char *data, size_t len, void *arg)
{
	struct term	*t = arg;

	vterm_input_write(t->vt, data, len);
}

static void
term_mark_cb(const char *body, size_t len, void *arg)
{
	term_mark_osc(arg, body, len);
}

static void
term_reset_cb(void *arg)
{
	term_ris(arg);
}

/*
 * A restored cursor outside the screen (saved before it shrank) is moved
 * to its edge before another byte is parsed: libvterm 0.1.4 would write
 * a double-width line's attributes there, past its line table.
 */
static void
term_restore_cb(void *arg)
{
	struct term	*t = arg;
	VTermPos	 pos;
	char		 cup[32];
	int		 n, restored = t->restoring;

	if (t->restoring) {
		t->restoring = 0;
		t->pen.attr = (t->pen.attr & ~TERM_ATTR_EXTRA) | t->saved_attr;
		term_pen_ul(t, t->saved_ul);
		term_pen_extra(t);
	}
	vterm_state_get_cursorpos(t->state, &pos);
	if (t->alt_moved == 2 && !t->alt) {
		/* Leaving the alternate screen: the primary was reflowed
		 * behind it. */
		t->alt_moved = 0;
		pos = t->alt_cursor;
	} else if (restored && t->sav_moved && !t->alt &&
	    t->scan.cursor_modes == 0) {
		/* DECRC of a cursor saved on the primary before a reflow
		 * moved it (not where origin mode may make CUP relative). */
		pos = t->sav_pos;
	} else if (pos.row >= 0 && pos.row < t->rows && pos.col >= 0 &&
	    pos.col < t->cols)
		return;
	/* Where it goes, on the screen. */
	n = snprintf(cup, sizeof cup, "\033[%d;%dH",
	    (pos.row < 0 ? 0 : pos.row >= t->rows ? t->rows - 1 : pos.row) + 1,
	    (pos.col < 0 ? 0 : pos.col >= t->cols ? t->cols - 1 : pos.col) + 1);
	vterm_input_write(t->vt, cup, (size_t)n);
}

/* ED 3: the scrollback is erased (the screen stays). The alternate screen
 * has none: there it erases nothing, as in tmux. */
static void
term_clear_history(struct term *t)
{
	int	i;

	if (t->alt)
		return;
	for (i = 0; i < t->sb_size; i++) {
		free(t->sb[i]);
		t->sb[i] = NULL;
	}
	t->sb_start = 0;
	t->sb_count = 0;
	t->sb_bytes = 0;
	term_changed(t);
}

static void
term_event_cb(int ev, void *arg)
{
	struct term	*t = arg;

	switch (ev) {
	case TERM_SCAN_EV_SAVE:
		vterm_state_get_cursorpos(t->state, &t->sav_pos);
		t->sav_valid = !t->alt;
		t->sav_moved = 0;
		t->saved_attr = t->pen.attr & TERM_ATTR_EXTRA;
		t->saved_ul = term_pen_ul_colour(t);
		break;
	case TERM_SCAN_EV_RESTORING:
		t->restoring = 1;
		break;
	case TERM_SCAN_EV_SOFT_RESET:
		t->pen.attr &= ~TERM_ATTR_EXTRA;
		t->pen.flags &= ~SCREEN_ULC_MASK;
		break;
	case TERM_SCAN_EV_CLEAR_HISTORY:
		term_clear_history(t);
		break;
	}
	term_pen_extra(t);
}

/*
 * Underline colours. A cell keeps an index into t->ulc in its flags, so
 * the common cell (none) costs nothing; the table is shared by both
 * screens and swept when it fills: indexes no cell uses are reused. More
 * than SCREEN_ULC_MAX colours on the screens at once and the next ones
 * are the default.
 */
static void
term_ulc_sweep(struct term *t)
{
	uint8_t			 map[SCREEN_ULC_MAX + 1], used[SCREEN_ULC_MAX + 1];
	uint32_t		 old[SCREEN_ULC_MAX + 1];
	struct screen		*s;
	struct screen_cell	*c;
	int			 k, x, y, i, n = 0;

	memset(used, 0, sizeof used);
	used[(t->pen.flags & SCREEN_ULC_MASK) >> SCREEN_ULC_SHIFT] = 1;
	for (k = 0; k < 2; k++) {
		s = &t->screens[k];
		for (y = 0; y < s->rows; y++) {
			for (x = 0; x < s->cols; x++) {
				c = &s->lines[y].cells[x];
				used[(c->flags & SCREEN_ULC_MASK) >>
				    SCREEN_ULC_SHIFT] = 1;
			}
		}
	}
	memcpy(old, t->ulc, sizeof old);
	map[0] = 0;
	for (i = 1; i <= t->nulc; i++) {
		map[i] = used[i] ? ++n : 0;
		if (used[i])
			t->ulc[n] = old[i];
	}
	t->nulc = n;
	for (k = 0; k < 2; k++) {
		s = &t->screens[k];
		for (y = 0; y < s->rows; y++) {
			for (x = 0; x < s->cols; x++) {
				c = &s->lines[y].cells[x];
				c->flags = (c->flags & ~SCREEN_ULC_MASK) |
				    (map[(c->flags & SCREEN_ULC_MASK) >>
				    SCREEN_ULC_SHIFT] << SCREEN_ULC_SHIFT);
			}
		}
	}
	t->pen.flags = (t->pen.flags & ~SCREEN_ULC_MASK) |
	    (map[(t->pen.flags & SCREEN_ULC_MASK) >> SCREEN_ULC_SHIFT] <<
	    SCREEN_ULC_SHIFT);
}

/* A cell's flags for an underline colour (0 for none). */
static uint8_t
term_ulc_flags(struct term *t, uint32_t colour)
{
	int	i;

	if (colour == TERM_COLOR_DEFAULT)
		return (0);
	for (i = 1; i <= t->nulc; i++) {
		if (t->ulc[i] == colour)
			return ((uint8_t)(i << SCREEN_ULC_SHIFT));
	}
	if (t->nulc == SCREEN_ULC_MAX)
		term_ulc_sweep(t);
	if (t->nulc == SCREEN_ULC_MAX)
		return (0);
	t->ulc[++t->nulc] = colour;
	return ((uint8_t)(t->nulc << SCREEN_ULC_SHIFT));
}

static void
term_pen_ul(struct term *t, uint32_t colour)
{
	uint8_t	f = term_ulc_flags(t, colour);

	t->pen.flags = (t->pen.flags & ~SCREEN_ULC_MASK) | f;
}

static uint32_t
term_pen_ul_colour(struct term *t)
{
	int	i = (t->pen.flags & SCREEN_ULC_MASK) >> SCREEN_ULC_SHIFT;

	return (i == 0 ? TERM_COLOR_DEFAULT : t->ulc[i]);
}

/*
 * The colour of an SGR 58 group: 58;5;n, 58;2;r;g;b, 58:5:n, 58:2:r:g:b
 * or 58:2::r:g:b (a colour space first); the default if it is none.
 */
static uint32_t
term_sgr_colour(const uint32_t *a, int n)
{
	uint32_t	v[6];
	int		i;

#define SGR_ARG(x)	(((x) & TERM_SCAN_ARG_MISSING) ? 0 : \
			    TERM_SCAN_ARG_VALUE(x))
	for (i = 0; i < 6; i++)
		v[i] = i < n ? SGR_ARG(a[i]) : 0;
	if (n >= 3 && v[1] == 5)
		return (TERM_COLOR_INDEXED | (v[2] & 0xff));
	if (n >= 5 && v[1] == 2) {
		/* Sub-parameters with a colour space: skip it. */
		i = n >= 6 && (a[0] & TERM_SCAN_ARG_MORE) ? 3 : 2;
		return (TERM_COLOR_RGB | (v[i] & 0xff) << 16 |
		    (v[i + 1] & 0xff) << 8 | (v[i + 2] & 0xff));
	}
#undef SGR_ARG
	return (TERM_COLOR_DEFAULT);
}

/* One SGR group libvterm 0.1.4 does not keep, or not all of. */
static void
term_sgr_cb(const uint32_t *a, int n, void *arg)
{
	struct term	*t = arg;
	uint32_t	 sub;

#define SGR_ARG(x)	(((x) & TERM_SCAN_ARG_MISSING) ? 0 : \
			    TERM_SCAN_ARG_VALUE(x))
	switch (SGR_ARG(a[0])) {
	case 0:
		t->pen.attr &= ~TERM_ATTR_EXTRA;
		t->pen.flags &= ~SCREEN_ULC_MASK;
		term_pen_underline(t, -1);
		break;
	case 58:
		term_pen_ul(t, term_sgr_colour(a, n));
		break;
	case 59:
		t->pen.flags &= ~SCREEN_ULC_MASK;
		break;
	case 2:
		term_pen_flag(t, TERM_ATTR_DIM, 1);
		break;
	case 22:
		term_pen_flag(t, TERM_ATTR_DIM, 0);
		break;
	case 8:
		term_pen_flag(t, TERM_ATTR_CONCEAL, 1);
		break;
	case 28:
		term_pen_flag(t, TERM_ATTR_CONCEAL, 0);
		break;
	case 53:
		term_pen_flag(t, TERM_ATTR_OVERLINE, 1);
		break;
	case 55:
		term_pen_flag(t, TERM_ATTR_OVERLINE, 0);
		break;
	case 4:
		/* 4:0 none, 4:1 single .. 4:5 dashed. */
		sub = n > 1 && (a[0] & TERM_SCAN_ARG_MORE) ? SGR_ARG(a[1]) : 1;
		term_pen_underline(t, sub == 0 ? -1 : sub > 5 ? TERM_UL_SINGLE :
		    (int)sub - 1);
		break;
	case 21:
		term_pen_underline(t, TERM_UL_DOUBLE);
		break;
	case 24:
		term_pen_underline(t, -1);
		break;
	}
#undef SGR_ARG
	term_pen_extra(t);
}

/* DECRQM of 47, 1047, 1049: set while the alternate screen is shown. */
static int
term_request_mode_cb(int mode, void *arg)
{
	struct term	*t = arg;
	char		 reply[32];
	int		 n;

	n = snprintf(reply, sizeof reply, "\033[?%d;%d$y", mode,
	    t->alt ? 1 : 2);
	term_output(t, reply, (size_t)n);
	return (1);
}

static int
term_can_repeat_cb(void *arg)
{
	struct term	*t = arg;

	return (t->last_width > 0);
}

static const struct term_scan_hooks term_scan_hooks = {
	.feed = term_feed_cb,
	.mark = term_mark_cb,
	.reset = term_reset_cb,
	.restore = term_restore_cb,
	.can_repeat = term_can_repeat_cb,
	.event = term_event_cb,
	.sgr = term_sgr_cb,
	.request_mode = term_request_mode_cb,
	.text = term_text_cb,
	.reply = term_output_cb
};

/* Output of the pane's program: through the guard (term_scan.c). */
void
term_write(struct term *t, const char *data, size_t len)
{
	/* Left by ?1047 (no cursor restored): nothing to replace. */
	if (t->alt_moved == 2)
		t->alt_moved = 0;
	term_scan_write(&t->scan, data, len);
}
