/*
 * term_reflow.c: when a pane changes width, rewrap the primary screen and
 * its scrollback, as tmux does, so that narrowing never cuts a line for
 * good and widening joins what was wrapped.
 *
 * The model. Every row of the primary screen and of the scrollback says
 * whether the output ran on past its right margin into the next row
 * (SCREEN_LINE_WRAPPED, a soft wrap, found by term.c as glyphs are put),
 * and whether its last cell was left out because a wide character did not
 * fit there (SCREEN_LINE_GAP). Rows joined by soft wraps make one logical
 * line; a row that ends any other way (a line feed, a cursor move) ends
 * its logical line, so a line that ends exactly at the margin stays whole
 * and alone.
 *
 * On a change of width, term_reflow reads the rows oldest first (the
 * scrollback, then the screen down to its last row that holds something
 * or the cursor), joins each logical line in the packed form the
 * scrollback keeps (UTF-8 text and runs of one attribute: a wrapped row
 * counts as its full old width, trailing blanks and all, a gap cell
 * dropped), and cuts it again at the new width. A wide character never
 * splits: one that would is moved to the next row, leaving a gap. The new
 * rows are packed; the newest of them that fit the screen are written
 * back into its cells, those above go into the scrollback (its oldest
 * lines dropped if there are more than it holds).
 *
 * The cursor stays on the same character: its offset in its logical line
 * is found again in the new rows (the line is padded so that the cursor's
 * cell exists; a cursor left pending at the margin, libvterm's phantom
 * column, counts as the cell after the glyph that reached it). Which rows
 * are shown: a screen whose rows were full to the bottom stays full,
 * showing the newest rows (so narrowing pushes the top into the
 * scrollback and widening brings it back); a screen with blank rows at
 * the bottom keeps its top row where it was, unless its text no longer
 * fits. The cursor is always on the screen.
 *
 * A cursor saved on the primary screen (DECSC) is moved the same way,
 * and put there when it is restored (term.c: libvterm 0.1.4 keeps its
 * saved cursor out of reach and would restore the old place).
 *
 * The alternate screen is not reflowed (full-screen programs redraw on
 * SIGWINCH, and tmux does not either). While it is shown the primary
 * screen is reflowed all the same, with the cursor it had when the
 * alternate screen was entered, and that cursor is where the primary's
 * comes back (term.c). It runs only on a resize (10,000
 * lines of scrollback take a few milliseconds); what it costs the output
 * path is term.c's note of the last glyph's place (one store per glyph)
 * and a look at the row above for each glyph put at column 0.
 *
 * Not known from libvterm 0.1.4: whether autowrap is on. A cursor left on
 * a glyph at the margin is taken as pending there, as it is with autowrap;
 * without it (rare outside full-screen programs) the cursor comes back one
 * cell further on.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "screen.h"
#include "term.h"
#include "term_int.h"
#include "util.h"

struct reflow {
	int			 ocols;		/* the old width */
	int			 cols;		/* the new width */

	/* The logical line being joined. */
	struct term_line	 line;		/* line.cells: its length */
	int			 cur_off;	/* the cursor's offset, or -1 */
	int			 sav_off;	/* the saved cursor's, or -1 */
	int			 top_off;	/* the old top row's, or -1 */

	/* The new rows, packed, oldest first. */
	struct term_sbline	**out;
	int			 nout;
	int			 sout;
	int			 cur_y;		/* where the cursor and the */
	int			 cur_x;		/* old top row went */
	int			 top_y;
	int			 sav_y;		/* and the saved cursor */
	int			 sav_x;

	struct term_line	 row;		/* the row being cut */
	struct term_line	 src;		/* the row being read */
};

/* Bytes in the UTF-8 character that starts with b (text we wrote). */
static inline int
reflow_clen(unsigned char b)
{
	if (b < 0xc0)
		return (1);
	if (b < 0xe0)
		return (2);
	if (b < 0xf0)
		return (3);
	return (4);
}

/* Append len bytes of a run (cells cells) to l, continuing its last run
 * when the attributes and flags are the same and its count of cells (16
 * bits) has room: a logical line may be far longer than a row. */
static void
reflow_add(struct term_line *l, const struct term_run *like, const char *text,
    uint32_t len, int cells)
{
	struct term_run	*r;

	r = l->nruns != 0 ? &l->runs[l->nruns - 1] : NULL;
	if (r == NULL || (like->flags & TERM_RUN_CLUSTER) ||
	    r->cells + cells > 0xffff ||
	    r->flags != like->flags || r->attr.fg != like->attr.fg ||
	    r->attr.bg != like->attr.bg || r->attr.ul != like->attr.ul ||
	    r->attr.flags != like->attr.flags) {
		r = screen_run_add(l);
		r->attr = like->attr;
		r->flags = like->flags;
	}
	buf_add(&l->text, text, len);
	r->len += len;
	r->cells += (uint16_t)cells;
	l->cells += cells;
}

/* Append n blank cells (default colours, no attributes). */
static void
reflow_blank(struct term_line *l, int n)
{
	struct term_run	blank;
	char		sp[64];
	int		k;

	memset(&blank, 0, sizeof blank);
	memset(sp, ' ', sizeof sp);
	while (n > 0) {
		k = n < (int)sizeof sp ? n : (int)sizeof sp;
		reflow_add(l, &blank, sp, (uint32_t)k, k);
		n -= k;
	}
}

/*
 * Cells and bytes of the glyph that starts at byte off of run r: one
 * character of a plain or wide run, the whole of a cluster run.
 */
static int
reflow_glyph(const struct term_line *l, const struct term_run *r,
    uint32_t off, uint32_t *bytes)
{
	if (r->flags & TERM_RUN_CLUSTER) {
		*bytes = r->len;
		return (r->cells);
	}
	*bytes = (uint32_t)reflow_clen((unsigned char)l->text.data[r->off +
	    off]);
	if (off + *bytes > r->len)
		*bytes = r->len - off;
	return ((r->flags & TERM_RUN_WIDE) ? 2 : 1);
}

/* Append row src to the logical line, at most max cells of it; returns
 * the cells appended. */
static int
reflow_join(struct reflow *rf, const struct term_line *src, int max)
{
	const struct term_run	*r;
	uint32_t		 off, start, bytes;
	unsigned int		 i;
	int			 cells, w, n = 0;

	for (i = 0; i < src->nruns && n < max; i++) {
		r = &src->runs[i];
		if (r->cells <= max - n) {
			reflow_add(&rf->line, r, src->text.data + r->off,
			    r->len, r->cells);
			n += r->cells;
			continue;
		}
		/* Only part of the run fits: whole glyphs of it. */
		start = off = 0;
		cells = 0;
		while (off < r->len) {
			w = reflow_glyph(src, r, off, &bytes);
			if (n + cells + w > max)
				break;
			cells += w;
			off += bytes;
		}
		if (off != start)
			reflow_add(&rf->line, r, src->text.data + r->off,
			    off, cells);
		n += cells;
		break;
	}
	return (n);
}

/* Drop blank cells from the end of a row, as screen_line_pack does. */
static void
reflow_trim(struct term_line *l)
{
	struct term_run	*r;

	while (l->nruns != 0) {
		r = &l->runs[l->nruns - 1];
		if (r->flags != 0 || r->attr.bg != TERM_COLOR_DEFAULT ||
		    (r->attr.flags & TERM_ATTR_SHOWN_BLANK))
			return;
		while (r->len != 0 && l->text.data[r->off + r->len - 1] == ' ') {
			r->len--;
			r->cells--;
			l->cells--;
			l->text.len--;
		}
		if (r->len != 0)
			return;
		l->nruns--;
	}
}

/* Pack the row being cut and add it to the new rows. */
static void
reflow_emit(struct reflow *rf, int start, int next, int lflags)
{
	size_t	size;
	int	y = rf->nout;

	/* The cursor and the old top row: offsets in [start, next). */
	if (rf->cur_off >= start && (rf->cur_off < next || next < 0)) {
		rf->cur_y = y;
		rf->cur_x = rf->cur_off - start;
	}
	if (rf->top_off >= start && (rf->top_off < next || next < 0))
		rf->top_y = y;
	if (rf->sav_off >= start && (rf->sav_off < next || next < 0)) {
		rf->sav_y = y;
		rf->sav_x = rf->sav_off - start;
	}
	reflow_trim(&rf->row);
	if (rf->nout == rf->sout) {
		rf->sout = rf->sout == 0 ? 64 : rf->sout * 2;
		rf->out = xreallocarray(rf->out, rf->sout, sizeof *rf->out);
	}
	rf->out[rf->nout++] = term_sb_pack(&rf->row, lflags, &size);
	rf->row.text.len = 0;
	rf->row.nruns = 0;
	rf->row.cells = 0;
}

/* Cut the logical line into rows of the new width. */
static void
reflow_split(struct reflow *rf)
{
	struct term_line	*l = &rf->line;
	const struct term_run	*r;
	uint32_t		 off, from, bytes;
	unsigned int		 i;
	int			 start = 0, used = 0, cells, w;

	/* The cursor's cell must exist, to be found again. */
	if (rf->cur_off >= l->cells)
		reflow_blank(l, rf->cur_off + 1 - l->cells);
	if (rf->sav_off >= l->cells)
		reflow_blank(l, rf->sav_off + 1 - l->cells);
	for (i = 0; i < l->nruns; i++) {
		r = &l->runs[i];
		off = 0;
		while (off < r->len) {
			/* As many glyphs of the run as fit on this row. */
			from = off;
			cells = 0;
			while (off < r->len) {
				w = reflow_glyph(l, r, off, &bytes);
				if (used + cells + w > rf->cols &&
				    (used + cells != 0))
					break;
				cells += w;
				off += bytes;
			}
			if (off != from) {
				reflow_add(&rf->row, r, l->text.data + r->off +
				    from, off - from, cells);
				used += cells;
			}
			if (off < r->len) {
				/* Full (or a wide glyph does not fit). */
				reflow_emit(rf, start, start + used,
				    SCREEN_LINE_WRAPPED | (used < rf->cols ?
				    SCREEN_LINE_GAP : 0));
				start += used;
				used = 0;
			}
		}
	}
	reflow_emit(rf, start, -1, 0);
	l->text.len = 0;
	l->nruns = 0;
	l->cells = 0;
	rf->cur_off = -1;
	rf->top_off = -1;
	rf->sav_off = -1;
}

/*
 * Read one old row (src, with its flags): join it to the logical line,
 * and cut the line when it ends here. cur is the cursor's column if it is
 * on this row, else -1; top says the row was the screen's top.
 */
static void
reflow_row(struct reflow *rf, int lflags, int cur, int sav, int top,
    int last)
{
	int	width, n;

	/* A wrapped row is its whole old width, less a gap. */
	width = rf->ocols - ((lflags & SCREEN_LINE_GAP) ? 1 : 0);
	if (!(lflags & SCREEN_LINE_WRAPPED))
		width = rf->src.cells;
	if (top)
		rf->top_off = rf->line.cells;
	if (cur >= 0)
		rf->cur_off = rf->line.cells + cur;
	if (sav >= 0)
		rf->sav_off = rf->line.cells + sav;
	n = reflow_join(rf, &rf->src, width);
	if (n < width && (lflags & SCREEN_LINE_WRAPPED))
		reflow_blank(&rf->line, width - n);
	if (!(lflags & SCREEN_LINE_WRAPPED) || last)
		reflow_split(rf);
}

void
term_reflow(struct term *t, int cols, int rows, VTermPos *pos, int pending,
    VTermPos *saved)
{
	struct screen		*s = &t->screens[0];
	struct term_sbline	*sl;
	struct reflow		 rf;
	int			 i, idx, lflags, last, y, cx, top, keep, oldn;

	memset(&rf, 0, sizeof rf);
	rf.ocols = s->cols;
	rf.cols = cols;
	rf.cur_off = rf.top_off = rf.sav_off = -1;
	rf.cur_y = rf.top_y = rf.sav_y = -1;
	term_line_init(&rf.line);
	term_line_init(&rf.row);
	term_line_init(&rf.src);

	if (pos->row < 0)
		pos->row = 0;
	if (pos->row >= s->rows)
		pos->row = s->rows - 1;
	if (pos->col < 0)
		pos->col = 0;
	if (pos->col >= s->cols)
		pos->col = s->cols - 1;
	if (saved != NULL) {
		saved->row = saved->row < 0 ? 0 : saved->row >= s->rows ?
		    s->rows - 1 : saved->row;
		saved->col = saved->col < 0 ? 0 : saved->col >= s->cols ?
		    s->cols - 1 : saved->col;
	}
	/* Pending at the margin: the cell after the glyph that reached it. */
	cx = pos->col;
	if (pending)
		cx = pos->col + pending;

	/* The scrollback, oldest first, each line freed once read. */
	oldn = t->sb_count;
	for (i = 0; i < oldn; i++) {
		idx = (t->sb_start + i) % t->sb_size;
		sl = t->sb[idx];
		t->sb[idx] = NULL;
		term_sb_unpack_line(sl, &rf.src);
		lflags = (int)sl->lflags;
		free(sl);
		reflow_row(&rf, lflags, -1, -1, 0, 0);
	}
	t->sb_start = 0;
	t->sb_count = 0;
	t->sb_bytes = 0;

	/* The screen, down to its last row that holds something or the
	 * cursor: blank rows below are made again. */
	for (last = s->rows - 1; last > pos->row; last--) {
		if (!screen_line_empty(s, last))
			break;
	}
	for (y = 0; y <= last; y++) {
		screen_line_pack(s, &s->lines[y], 0, &rf.src);
		reflow_row(&rf, (int)s->lines[y].flags,
		    y == pos->row ? cx : -1, saved != NULL &&
		    y == saved->row ? saved->col : -1, y == 0, y == last);
	}

	/* Which of the new rows the screen shows, from top. */
	if (last == s->rows - 1)
		top = rf.nout > rows ? rf.nout - rows : 0;
	else {
		top = rf.top_y - (rows > s->rows ? rows - s->rows : 0);
		if (top < 0)
			top = 0;
		if (rf.nout - top > rows)
			top = rf.nout - rows;
	}
	if (rf.cur_y < top)
		top = rf.cur_y;
	if (rf.cur_y >= top + rows)
		top = rf.cur_y - rows + 1;

	/* Above it, the scrollback: as many of the newest as it holds. */
	keep = top < t->sb_size ? top : t->sb_size;
	for (i = 0; i < top - keep; i++)
		free(rf.out[i]);
	for (i = 0; i < keep; i++) {
		sl = rf.out[top - keep + i];
		t->sb[i] = sl;
		t->sb_bytes += term_sb_size(sl);
	}
	t->sb_count = keep;
	t->sb_total += keep - oldn;

	/* The screen, written again from the packed rows. */
	screen_resize(s, cols, rows, &t->dflt);
	screen_erase(s, 0, rows, 0, cols, 0, &t->dflt);
	for (y = 0; top + y < rf.nout; y++) {
		if (y < rows)
			term_sb_to_screen(t, rf.out[top + y], s, y);
		free(rf.out[top + y]);
	}
	pos->row = rf.cur_y - top;
	pos->col = rf.cur_x < cols ? rf.cur_x : cols - 1;
	if (saved != NULL) {
		/* Below what was read: among the blank rows made again. */
		if (rf.sav_y < 0) {
			rf.sav_y = rf.nout - 1 + saved->row - last;
			rf.sav_x = saved->col;
		}
		saved->row = rf.sav_y - top;
		saved->col = rf.sav_x < cols ? rf.sav_x : cols - 1;
		/* Gone into the scrollback, or below the screen: its edge. */
		if (saved->row < 0)
			saved->row = 0;
		if (saved->row >= rows)
			saved->row = rows - 1;
	}

	free(rf.out);
	term_line_done(&rf.line);
	term_line_done(&rf.row);
	term_line_done(&rf.src);
}
