/*
 * grid.h: the client's copy of a shell pane's screen, kept up to date
 * from the server's pane.frame events (src/term/PROTOCOL-panes.md). Cells hold
 * one character (UTF-8, with any combining marks) and resolved attributes;
 * a wide character's right half is a cell with width 0. No curses here.
 */
#ifndef BASELINER_UI_GRID_H
#define BASELINER_UI_GRID_H

#include <jansson.h>
#include <stdint.h>

#define GRID_BOLD	0x01
#define GRID_ITALIC	0x02
#define GRID_UNDERLINE	0x04
#define GRID_REVERSE	0x08
#define GRID_STRIKE	0x10
#define GRID_BLINK	0x20
#define GRID_DIM	0x40
#define GRID_CONCEAL	0x80
#define GRID_OVERLINE	0x100	/* kept; curses cannot draw it */
/* With GRID_UNDERLINE: its style (0 single, 1 double, 2 curly, 3 dotted,
 * 4 dashed), drawn as a plain underline. */
#define GRID_UL_MASK	0xe00
#define GRID_UL_SHIFT	9

/* A character's UTF-8: a base and up to 15 combining marks, as the server
 * keeps them (curses draws the base and 4 of them). */
#define GRID_CH_SIZE	64

/* A colour: -1 default, 0..255 indexed, or 0x1000000 | rgb. */
#define GRID_RGB(r, g, b) (0x1000000 | ((r) << 16) | ((g) << 8) | (b))
#define GRID_IS_RGB(c) ((c) >= 0x1000000)

#define GRID_MAX_COLS	2000
#define GRID_MAX_ROWS	1000

struct grid_cell {
	char		ch[GRID_CH_SIZE];	/* UTF-8, "" for blank */
	int8_t		width;		/* 1, 2, or 0 (right half) */
	uint16_t	flags;
	int32_t		fg, bg;
	int32_t		ul;		/* underline colour, as fg; kept,
					   curses cannot draw it */
};

struct grid {
	int		 cols, rows;
	struct grid_cell *cells;	/* rows x cols */
	int		 cx, cy, cursor_visible;
	int		 mouse, alt;
	char		 title[128];
	int		 dirty;
};

void	 grid_init(struct grid *);
void	 grid_done(struct grid *);
void	 grid_resize(struct grid *, int cols, int rows);
struct grid_cell *grid_cell(struct grid *, int x, int y);
/* Apply a pane.frame event. */
void	 grid_apply(struct grid *, json_t *frame);
/* Set row y from a line in frame format with that frame's attrs. */
void	 grid_set_line(struct grid_cell *row, int cols, json_t *runs,
	     json_t *attrs);
/* Parse "#rrggbb", an index or -1. */
int32_t	 grid_colour(json_t *);
/* The row's text, for copy mode and tests; malloc'd. */
char	*grid_row_text(struct grid_cell *row, int cols);

#endif
