/*
 * screen.c: the cells of one screen of a pane, kept the way tmux's grid
 * keeps them.
 *
 * libvterm's state layer parses the output and tells term.c where glyphs
 * go and which rectangles scroll or are erased; term.c applies that here.
 * libvterm's own screen layer kept one array of large cells and scrolled
 * by moving all of them for every line; a flood of output spent most of
 * its time there. Here:
 *
 * - A screen is an array of lines, each with its own array of cells, so a
 *   full-width scroll (the common case: a linefeed at the bottom) rotates
 *   line structures and clears the one line that comes in. Only partial
 *   rectangles (left/right margins, insert and delete character) move
 *   cells.
 *
 * - A cell is 16 bytes: the code point, both colours, the attributes, a
 *   width and flags. Writing a glyph is one cell copied from the pen and
 *   the character stored. A character with combining marks is a cluster:
 *   the cell holds an index into its line's table of clusters. Entries are
 *   not freed one by one; the table is emptied when the whole line is
 *   cleared and compacted when it would grow past what the line can hold.
 *
 * - Wide characters are two cells, width 2 then width 0. Writing over or
 *   erasing either half turns the other half into a space, as xterm does,
 *   so readers always see whole characters.
 *
 * - A line says whether the output ran on past its right margin into the
 *   next (a soft wrap: term.c sets it, term_reflow.c reads it). The flag
 *   moves with the line as it scrolls, and goes when the line is cleared
 *   or an erase reaches its right margin.
 *
 * Rows are read out packed (screen_line_pack): UTF-8 text and runs of one
 * attribute, trailing blanks dropped. The same packing feeds the
 * scrollback, so a line leaving the screen is packed straight from its
 * cells.
 */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "screen.h"
#include "utf8.h"
#include "util.h"

/* One code point from UTF-8 we wrote ourselves (utf8_decode). */
uint32_t
screen_utf8_next(const unsigned char **pp)
{
	uint32_t	c;
	int		n;

	n = utf8_decode((const char *)*pp, 4, &c);
	*pp += n < 0 ? -n : n;
	return (c);
}

/* screen_line_pack compares cells with memcmp: no padding in them. */
_Static_assert(sizeof(struct screen_cell) == 16, "screen_cell has padding");

/*
 * A cell is ch and then 12 bytes (colours, attributes, width, flags) that
 * the hot loops below move and compare as one 64-bit and one 32-bit word.
 */
_Static_assert(sizeof(struct screen_cell) == 16 &&
    offsetof(struct screen_cell, fg) == 4 &&
    offsetof(struct screen_cell, bg) == 8 &&
    offsetof(struct screen_cell, attr) == 12,
    "struct screen_cell is ch, fg, bg, then 4 bytes");

static void
screen_fill(struct screen_cell *c, int n, const struct screen_cell *blank)
{
	int	done;

	if (n <= 0)
		return;
	c[0] = *blank;
	/* Doubling copies: a line is cleared for every line scrolled. */
	for (done = 1; done < n; done *= 2)
		memcpy(c + done, c, (size_t)(done < n - done ? done :
		    n - done) * sizeof *c);
}

/* Clear cells [x0, x1) of a line; the whole line drops its clusters. */
static void
screen_line_clear(struct screen *s, struct screen_line *l, int x0, int x1,
    const struct screen_cell *blank)
{
	screen_fill(l->cells + x0, x1 - x0, blank);
	if (x0 == 0 && x1 == s->cols) {
		l->nclus = 0;
		l->flags = 0;
	}
}

static void
screen_line_init(struct screen *s, struct screen_line *l,
    const struct screen_cell *blank)
{
	memset(l, 0, sizeof *l);
	l->cells = xreallocarray(NULL, s->cols, sizeof *l->cells);
	screen_fill(l->cells, s->cols, blank);
}

static void
screen_line_done(struct screen_line *l)
{
	free(l->cells);
	free(l->clus);
}

/*
 * Keep only the clusters the line's cells still use. A line holds at most
 * cols clusters, so compacting when the table reaches twice that bounds
 * it whatever a program writes over and over.
 */
static void
screen_line_compact(struct screen *s, struct screen_line *l)
{
	struct screen_cluster	*old = l->clus;
	struct screen_cell	*c;
	int			 x;

	l->clus = xreallocarray(NULL, l->sclus, sizeof *l->clus);
	l->nclus = 0;
	for (x = 0; x < s->cols; x++) {
		c = &l->cells[x];
		if (c->ch & SCREEN_CLUSTER) {
			l->clus[l->nclus] = old[c->ch & ~SCREEN_CLUSTER];
			c->ch = SCREEN_CLUSTER | l->nclus++;
		}
	}
	free(old);
}

/* Add a cluster to a line's table; returns the cell's ch for it. */
static uint32_t
screen_cluster_add(struct screen *s, struct screen_line *l, const uint32_t *cp)
{
	struct screen_cluster	*sc;
	int			 i;

	if (l->nclus == l->sclus) {
		if (l->nclus >= (unsigned int)s->cols * 2)
			screen_line_compact(s, l);
		if (l->nclus == l->sclus) {
			l->sclus = l->sclus == 0 ? 4 : l->sclus * 2;
			l->clus = xreallocarray(l->clus, l->sclus,
			    sizeof *l->clus);
		}
	}
	sc = &l->clus[l->nclus];
	for (i = 0; i < SCREEN_CLUSTER_MAX && cp[i] != 0; i++)
		sc->cp[i] = cp[i] > 0x10ffff ? 0xfffd : cp[i];
	if (i < SCREEN_CLUSTER_MAX)
		sc->cp[i] = 0;
	return (SCREEN_CLUSTER | l->nclus++);
}

void
screen_init(struct screen *s, int cols, int rows,
    const struct screen_cell *blank)
{
	int	y;

	s->cols = cols;
	s->rows = rows;
	s->lines = xreallocarray(NULL, rows, sizeof *s->lines);
	s->spare = xreallocarray(NULL, rows, sizeof *s->spare);
	for (y = 0; y < rows; y++)
		screen_line_init(s, &s->lines[y], blank);
}

void
screen_done(struct screen *s)
{
	int	y;

	for (y = 0; y < s->rows; y++)
		screen_line_done(&s->lines[y]);
	free(s->lines);
	free(s->spare);
	memset(s, 0, sizeof *s);
}

/*
 * Make x a clean boundary in line l: a wide character cut in two by an
 * erase or a move at x loses its other half to a space.
 */
static void
screen_split_wide(struct screen *s, struct screen_line *l, int x)
{
	struct screen_cell	*c = l->cells;

	if (x <= 0 || x > s->cols)
		return;
	if (x < s->cols && c[x].width == 0 && c[x - 1].width != 2) {
		c[x].ch = ' ';
		c[x].width = 1;
	}
	if (c[x - 1].width == 2 && (x == s->cols || c[x].width != 0)) {
		c[x - 1].ch = ' ';
		c[x - 1].width = 1;
	}
}

/*
 * Lines below the new bottom are dropped (term.c has pushed what it keeps
 * into the scrollback first); new ones are blank. Columns are cut or
 * padded with blanks.
 */
void
screen_resize(struct screen *s, int cols, int rows,
    const struct screen_cell *blank)
{
	struct screen_line	*l;
	int			 y, keep, x;

	for (y = rows; y < s->rows; y++)
		screen_line_done(&s->lines[y]);
	keep = rows < s->rows ? rows : s->rows;
	if (cols != s->cols) {
		for (y = 0; y < keep; y++) {
			l = &s->lines[y];
			l->cells = xreallocarray(l->cells, cols,
			    sizeof *l->cells);
			if (cols > s->cols)
				screen_fill(l->cells + s->cols, cols - s->cols,
				    blank);
			else if (l->cells[cols - 1].width == 2) {
				l->cells[cols - 1].ch = ' ';
				l->cells[cols - 1].width = 1;
			}
			/* A cut line no longer wraps where it did. */
			l->flags = 0;
			/* Clusters of cut cells stay until compacted. */
			if (cols < s->cols && l->nclus != 0) {
				for (x = 0; x < cols; x++)
					if (l->cells[x].ch & SCREEN_CLUSTER)
						break;
				if (x == cols)
					l->nclus = 0;
			}
		}
	}
	s->cols = cols;
	s->lines = xreallocarray(s->lines, rows, sizeof *s->lines);
	s->spare = xreallocarray(s->spare, rows, sizeof *s->spare);
	for (y = keep; y < rows; y++)
		screen_line_init(s, &s->lines[y], blank);
	s->rows = rows;
}

/*
 * Write one glyph (a character and its combining marks, 0-terminated) at
 * y, x, which the caller has checked, with the pen's colours and
 * attributes. A width that does not fit is cut, so a bad glyph never
 * writes past the line.
 */
void
screen_put(struct screen *s, int y, int x, const uint32_t *chars, int width,
    int protect, const struct screen_cell *pen)
{
	struct screen_line	*l = &s->lines[y];
	struct screen_cell	*c = &l->cells[x];

	if (width != 2 || x + 1 >= s->cols)
		width = 1;
	/* Half of a wide character written over: blank the other half. */
	if (c->width == 0 && x > 0) {
		c[-1].ch = ' ';
		c[-1].width = 1;
	}
	if (x + width < s->cols && c[width].width == 0) {
		c[width].ch = ' ';
		c[width].width = 1;
	}
	*c = *pen;
	if (chars[0] == 0 || chars[1] == 0)
		c->ch = chars[0] > 0x10ffff ? 0xfffd : chars[0];
	else
		c->ch = screen_cluster_add(s, l, chars);
	c->flags = (pen->flags & SCREEN_ULC_MASK) |
	    (protect ? SCREEN_PROTECTED : 0);
	if (width == 2) {
		c->width = 2;
		c[1] = *c;
		c[1].ch = 0;
		c[1].width = 0;
	}
}

/*
 * Write n printable ASCII bytes from y, x on, all on the line (the caller
 * has checked), as n calls of screen_put with one-byte glyphs would.
 */
void
screen_put_ascii(struct screen *s, int y, int x, const char *text, int n,
    int protect, const struct screen_cell *pen)
{
	struct screen_line	*l = &s->lines[y];
	struct screen_cell	*c = &l->cells[x], cell = *pen;
	uint64_t		 col;
	uint32_t		 rest;
	int			 i;

	if (n <= 0)
		return;
	/* Halves of wide characters at the ends written over. */
	if (c->width == 0 && x > 0) {
		c[-1].ch = ' ';
		c[-1].width = 1;
	}
	if (x + n < s->cols && c[n].width == 0) {
		c[n].ch = ' ';
		c[n].width = 1;
	}
	cell.width = 1;
	cell.flags = (pen->flags & SCREEN_ULC_MASK) |
	    (protect ? SCREEN_PROTECTED : 0);
	memcpy(&col, &cell.fg, sizeof col);
	memcpy(&rest, &cell.attr, sizeof rest);
	for (i = 0; i < n; i++) {
		c[i].ch = (unsigned char)text[i];
		memcpy(&c[i].fg, &col, sizeof col);
		memcpy(&c[i].attr, &rest, sizeof rest);
	}
}

/* Erase a rectangle to the blank cell (the pen, for BCE). */
static void
screen_erase_cells(struct screen *s, int y0, int y1, int x0, int x1,
    int selective, const struct screen_cell *blank)
{
	struct screen_line	*l;
	int			 y, x;

	for (y = y0; y < y1; y++) {
		l = &s->lines[y];
		if (!selective) {
			screen_line_clear(s, l, x0, x1, blank);
			screen_split_wide(s, l, x0);
			screen_split_wide(s, l, x1);
			continue;
		}
		for (x = x0; x < x1; x++) {
			if (~l->cells[x].flags & SCREEN_PROTECTED)
				l->cells[x] = *blank;
		}
		screen_split_wide(s, l, x0);
		screen_split_wide(s, l, x1);
		for (x = x0 + 1; x < x1; x++)
			screen_split_wide(s, l, x);
	}
}

/*
 * An erase (EL, ED, ECH) that reaches the right margin ends the line
 * there: what was written past the margin no longer follows on from it.
 * Cells moved by insert or delete character keep the line's flags.
 */
void
screen_erase(struct screen *s, int y0, int y1, int x0, int x1, int selective,
    const struct screen_cell *blank)
{
	int	y;

	screen_erase_cells(s, y0, y1, x0, x1, selective, blank);
	if (x1 == s->cols) {
		for (y = y0; y < y1; y++)
			s->lines[y].flags = 0;
	}
}

/*
 * Scroll full-width lines [y0, y1) up by n (down if n is negative): rotate
 * the line structures and clear the lines that come in.
 */
void
screen_scroll(struct screen *s, int y0, int y1, int n,
    const struct screen_cell *blank)
{
	struct screen_line	*lines = s->lines;
	int			 h = y1 - y0, y;

	if (n == 0 || h <= 0)
		return;
	if (n >= h || -n >= h) {
		for (y = y0; y < y1; y++)
			screen_line_clear(s, &lines[y], 0, s->cols, blank);
		return;
	}
	if (n > 0) {
		memcpy(s->spare, lines + y0, n * sizeof *lines);
		memmove(lines + y0, lines + y0 + n, (h - n) * sizeof *lines);
		memcpy(lines + y1 - n, s->spare, n * sizeof *lines);
		for (y = y1 - n; y < y1; y++)
			screen_line_clear(s, &lines[y], 0, s->cols, blank);
	} else {
		n = -n;
		memcpy(s->spare, lines + y1 - n, n * sizeof *lines);
		memmove(lines + y0 + n, lines + y0, (h - n) * sizeof *lines);
		memcpy(lines + y0, s->spare, n * sizeof *lines);
		for (y = y0; y < y0 + n; y++)
			screen_line_clear(s, &lines[y], 0, s->cols, blank);
	}
}

/* Copy n cells between two different lines, clusters re-added. */
static void
screen_copy_cells(struct screen *s, struct screen_line *dl, int dx,
    const struct screen_line *sl, int sx, int n)
{
	const struct screen_cell	*src;
	uint32_t			 ch;
	int				 i;

	for (i = 0; i < n; i++) {
		src = &sl->cells[sx + i];
		/* Added first: compacting reads the cell still there. */
		ch = src->ch;
		if (ch & SCREEN_CLUSTER)
			ch = screen_cluster_add(s, dl,
			    sl->clus[ch & ~SCREEN_CLUSTER].cp);
		dl->cells[dx + i] = *src;
		dl->cells[dx + i].ch = ch;
	}
}

/*
 * Move the contents of a rectangle up by down rows and left by right
 * columns (either negative for the other way), clearing what is left
 * behind: libvterm's scrollrect for the cases that are not whole lines
 * (insert and delete character, margins).
 */
void
screen_move(struct screen *s, int y0, int y1, int x0, int x1, int down,
    int right, const struct screen_cell *blank)
{
	struct screen_line	*dl;
	int			 h = y1 - y0, w = x1 - x0;
	int			 dy0, dy1, dx0, dx1, y, step, n;

	if (h <= 0 || w <= 0)
		return;
	if (down >= h || -down >= h || right >= w || -right >= w) {
		screen_erase_cells(s, y0, y1, x0, x1, 0, blank);
		return;
	}
	/* Destination rows and columns that receive something. */
	dy0 = down < 0 ? y0 - down : y0;
	dy1 = down > 0 ? y1 - down : y1;
	dx0 = right < 0 ? x0 - right : x0;
	dx1 = right > 0 ? x1 - right : x1;
	n = dx1 - dx0;
	/* In the order that reads each source row before it is written. */
	step = down > 0 ? 1 : -1;
	for (y = step > 0 ? dy0 : dy1 - 1; y >= dy0 && y < dy1; y += step) {
		dl = &s->lines[y];
		if (down == 0)
			memmove(dl->cells + dx0, dl->cells + dx0 + right,
			    n * sizeof *dl->cells);
		else
			screen_copy_cells(s, dl, dx0, &s->lines[y + down],
			    dx0 + right, n);
	}
	/* Clear what was left behind. */
	if (down > 0)
		screen_erase_cells(s, y1 - down, y1, x0, x1, 0, blank);
	else if (down < 0)
		screen_erase_cells(s, y0, y0 - down, x0, x1, 0, blank);
	if (right > 0)
		screen_erase_cells(s, dy0, dy1, x1 - right, x1, 0, blank);
	else if (right < 0)
		screen_erase_cells(s, dy0, dy1, x0, x0 - right, 0, blank);
	for (y = y0; y < y1; y++) {
		screen_split_wide(s, &s->lines[y], x0);
		screen_split_wide(s, &s->lines[y], x1);
	}
}

/* Does a cell look like nothing at the end of a line? */
static inline int
screen_cell_blank(const struct screen_cell *c, uint16_t attrxor)
{
	if (c->ch != 0 && c->ch != ' ')
		return (0);
	if (c->width != 1)
		return (0);
	if ((c->attr ^ attrxor) & TERM_ATTR_SHOWN_BLANK)
		return (0);
	return (c->bg == TERM_COLOR_DEFAULT);
}

/* Is row y blank from start to end (nothing a reader would see)? */
int
screen_line_empty(const struct screen *s, int y)
{
	const struct screen_cell	*c = s->lines[y].cells;
	int				 x;

	for (x = 0; x < s->cols; x++) {
		if (!screen_cell_blank(&c[x], 0))
			return (0);
	}
	return (1);
}

struct term_run *
screen_run_add(struct term_line *l)
{
	struct term_run	*r;

	if (l->nruns == l->size) {
		l->size = l->size == 0 ? 8 : l->size * 2;
		l->runs = xreallocarray(l->runs, l->size, sizeof *l->runs);
	}
	r = &l->runs[l->nruns++];
	memset(r, 0, sizeof *r);
	r->off = (uint32_t)l->text.len;
	return (r);
}

/*
 * Pack a line into text and runs (trailing blanks dropped). This runs for
 * every line that scrolls off in a flood, so the common case (ASCII, the
 * same attributes as the cell before) is a byte store and a compare.
 * reverse is DECSCNM: every cell's reverse attribute flipped.
 */
void
screen_line_pack(const struct screen *s, const struct screen_line *line,
    int reverse, struct term_line *l)
{
	const struct screen_cell	*cells = line->cells, *c;
	const struct screen_cluster	*sc;
	struct term_run			*r = NULL;
	struct screen_cell		 key;
	uint64_t			 kcol, ccol;
	uint32_t			 krest, crest;
	uint32_t			 ul;
	uint16_t			 attrxor, flags;
	char				*u;
	size_t				 need;
	int				 end, x, width, i, ulen;

	attrxor = reverse ? TERM_ATTR_REVERSE : 0;
	l->text.len = 0;
	l->nruns = 0;
	end = s->cols;
	while (end > 0 && screen_cell_blank(&cells[end - 1], attrxor))
		end--;
	/* Room for the worst case, so cells are stored without checks. */
	need = (size_t)end * 4 * SCREEN_CLUSTER_MAX + 1;
	if (l->text.size < need) {
		l->text.data = xrealloc(l->text.data, need);
		l->text.size = need;
	}
	for (x = 0; x < end; x += width) {
		if (r != NULL && r->flags == 0 && r->attr.ul == 0) {
			/*
			 * The fast path: ASCII (or never written) cells with
			 * the attributes of the run they continue.
			 */
			memset(&key, 0, sizeof key);
			key.fg = r->attr.fg;
			key.bg = r->attr.bg;
			key.attr = r->attr.flags ^ attrxor;
			key.width = 1;
			memcpy(&kcol, &key.fg, sizeof kcol);
			memcpy(&krest, &key.attr, sizeof krest);
			u = l->text.data + l->text.len;
			for (i = x; x < end; x++) {
				c = &cells[x];
				/* All but ch compared at once (no padding). */
				memcpy(&ccol, &c->fg, sizeof ccol);
				memcpy(&crest, &c->attr, sizeof crest);
				if (c->ch >= 0x80 || ccol != kcol ||
				    crest != krest)
					break;
				*u++ = c->ch == 0 ? ' ' : (char)c->ch;
			}
			l->text.len += x - i;
			r->len += x - i;
			r->cells += x - i;
			if (x == end)
				break;
		}
		c = &cells[x];
		u = l->text.data + l->text.len;
		width = 1;
		flags = 0;
		if (c->ch < 0x80) {
			u[0] = c->ch == 0 ? ' ' : (char)c->ch;
			ulen = 1;
		} else if (c->ch & SCREEN_CLUSTER) {
			sc = &line->clus[c->ch & ~SCREEN_CLUSTER];
			ulen = 0;
			for (i = 0; i < SCREEN_CLUSTER_MAX && sc->cp[i] != 0; i++)
				ulen += utf8_encode(sc->cp[i], u + ulen);
			flags = TERM_RUN_CLUSTER;
		} else
			ulen = utf8_encode(c->ch, u);
		if (c->width == 2 && x + 1 < s->cols) {
			width = 2;
			flags |= TERM_RUN_WIDE;
		} else if (c->width == 0) {
			/* A right half alone; the screen never leaves one. */
			u[0] = ' ';
			ulen = 1;
			flags = 0;
		}
		ul = (c->flags & SCREEN_ULC_MASK) == 0 || s->ulc == NULL ? 0 :
		    s->ulc[(c->flags & SCREEN_ULC_MASK) >> SCREEN_ULC_SHIFT];
		if (r == NULL || (flags & TERM_RUN_CLUSTER) ||
		    r->flags != flags || r->attr.fg != c->fg ||
		    r->attr.bg != c->bg || r->attr.ul != ul ||
		    r->attr.flags != (c->attr ^ attrxor)) {
			r = screen_run_add(l);
			r->attr.fg = c->fg;
			r->attr.bg = c->bg;
			r->attr.ul = ul;
			r->attr.flags = c->attr ^ attrxor;
			r->flags = flags;
		}
		l->text.len += ulen;
		r->len += ulen;
		r->cells += width;
	}
	l->text.data[l->text.len] = '\0';
	l->cells = x < s->cols ? x : s->cols;
}
