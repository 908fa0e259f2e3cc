/*
 * screen.h: the cells of one screen of a pane (see screen.c).
 */
#ifndef BASELINER_SCREEN_H
#define BASELINER_SCREEN_H

#include <stdint.h>

#include "term.h"

/* Most code points one cell holds: a base character and combining marks
 * (libvterm hands them all over; tmux keeps 21 bytes of UTF-8). */
#define SCREEN_CLUSTER_MAX	16

/* ch: the cell holds a cluster, the low bits index the line's table. */
#define SCREEN_CLUSTER		0x80000000u

/* flags: protected by DECSCA, so a selective erase leaves the cell. */
#define SCREEN_PROTECTED		0x1
/* flags: the underline colour, an index into the screen's ulc table (0:
 * the default). Few cells have one; it costs no room in the others. */
#define SCREEN_ULC_MASK			0xfe
#define SCREEN_ULC_SHIFT		1
#define SCREEN_ULC_MAX			127

/*
 * One cell. ch 0 is a cell nothing was written to (or erased), read out as
 * a space. A wide character is a cell of width 2 followed by one of width
 * 0 with the same attributes; the screen never leaves either half alone.
 */
struct screen_cell {
	uint32_t	ch;
	uint32_t	fg;		/* TERM_COLOR_* */
	uint32_t	bg;
	uint16_t	attr;		/* TERM_ATTR_* */
	uint8_t		width;		/* 1; 2; 0 right half of a wide one */
	uint8_t		flags;
};

struct screen_cluster {
	uint32_t	cp[SCREEN_CLUSTER_MAX];	/* 0-terminated unless full */
};

/*
 * Line flags. WRAPPED: the line's text goes on in the next line (the
 * output ran past the right margin, a soft wrap), so a resize can join the
 * two again. GAP: with WRAPPED, the last cell is not part of the text (a
 * wide character that did not fit there went to the next line).
 */
#define SCREEN_LINE_WRAPPED	0x1
#define SCREEN_LINE_GAP		0x2

struct screen_line {
	struct screen_cell	*cells;
	struct screen_cluster	*clus;
	unsigned int		 nclus;
	unsigned int		 sclus;
	unsigned int		 flags;		/* SCREEN_LINE_* */
};

struct screen {
	int			 cols;
	int			 rows;
	struct screen_line	*lines;
	struct screen_line	*spare;	/* rows lines of room for scrolling */
	/* Underline colours of the cells' ULC indexes (TERM_COLOR_*); the
	 * owner's table, shared by its screens. */
	const uint32_t		*ulc;
};

/* The cell arguments are the pen, or the blank that fills what is cleared. */
void		 screen_init(struct screen *, int cols, int rows,
		     const struct screen_cell *);
void		 screen_done(struct screen *);
void		 screen_resize(struct screen *, int cols, int rows,
		     const struct screen_cell *);

void		 screen_put(struct screen *, int y, int x, const uint32_t *,
		     int width, int protect, const struct screen_cell *);
void		 screen_put_ascii(struct screen *, int y, int x, const char *,
		     int n, int protect, const struct screen_cell *);
void		 screen_erase(struct screen *, int y0, int y1, int x0, int x1,
		     int selective, const struct screen_cell *);
void		 screen_scroll(struct screen *, int y0, int y1, int n,
		     const struct screen_cell *);
void		 screen_move(struct screen *, int y0, int y1, int x0, int x1,
		     int down, int right, const struct screen_cell *);
int		 screen_line_empty(const struct screen *, int y);

struct term_run	*screen_run_add(struct term_line *);
void		 screen_line_pack(const struct screen *,
		     const struct screen_line *, int reverse, struct term_line *);

uint32_t	 screen_utf8_next(const unsigned char **);

/*
 * The common case of screen_put, inline because it runs for every
 * character of output: a narrow character over a narrow cell is a cell
 * copied from the pen and the character stored (a narrow cell is not half
 * of a wide one, so no neighbour changes). Returns 0, having done nothing,
 * for any other glyph.
 */
static inline int
screen_put_fast(struct screen *s, int y, int x, const uint32_t *chars,
    int width, int protect, const struct screen_cell *pen)
{
	struct screen_cell	*c = &s->lines[y].cells[x];

	if (width != 1 || c->width != 1 || protect || chars[0] == 0 ||
	    chars[0] > 0x10ffff || chars[1] != 0)
		return (0);
	*c = *pen;
	c->ch = chars[0];
	return (1);
}

#endif
