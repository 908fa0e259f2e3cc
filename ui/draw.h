/*
 * draw.h: all curses setup and colour handling in one place (as htop
 * does): colour pairs are made lazily for each (fg, bg) in use and reused
 * least recently used first, colours are mapped down to what the terminal
 * has (true colour stays 24-bit where the terminal takes it).
 */
#ifndef BASELINER_UI_DRAW_H
#define BASELINER_UI_DRAW_H

#include <stdint.h>

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>

#include "grid.h"

enum wb_colour {		/* the workbench's own colours */
	WB_DEFAULT,
	WB_BORDER,
	WB_BORDER_ACTIVE,
	WB_STATUS,
	WB_TIME_OK,
	WB_TIME_HOUR,
	WB_TIME_QUARTER,
	WB_TIME_LAST,
	WB_HEADING,
	WB_CODE,
	WB_BEST,
	WB_BAD,
	WB_DIM,
	WB_MESSAGE,
	WB_OVERLAY,
	WB_PLOT,
	WB_DIFF_ADD,
	WB_DIFF_DEL,
	WB_DIFF_HUNK,
	WB_NCOLOURS
};

void	 draw_init(void);
void	 draw_done(void);
/*
 * Attributes and colour pair for a grid cell / a workbench colour. A
 * cell's pair may be past 32767 (an extended pair): give it to curses
 * through draw_cchar. Every frame drawn whole opens with draw_frame, which
 * lets the pairs of the last frame be reused (draw.c).
 */
attr_t	 draw_cell_attr(const struct grid_cell *, int *pair);
int	 draw_pair(int32_t fg, int32_t bg);
short	 draw_wb(enum wb_colour);
void	 draw_frame(void);
int	 draw_cchar(cchar_t *, const wchar_t *, attr_t, int pair);
/* Whether true colour is drawn as 24-bit colour on this terminal. */
int	 draw_direct(void);
/* Put UTF-8 text at (y, x), at most maxw columns; returns columns used. */
int	 draw_text(int y, int x, const char *, int maxw, attr_t, short pair);
int	 draw_text_width(const char *);
/* draw_text after the first skip cells of the text (scrolled sideways). */
int	 draw_text_from(int y, int x, const char *, int skip, int maxw,
	     attr_t, short pair);
void	 draw_fill(int y, int x, int w, attr_t, short pair);
/* Put text on the terminal's clipboard (OSC 52). */
void	 draw_clipboard(const char *);

#endif
