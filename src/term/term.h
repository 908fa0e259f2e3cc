/*
 * term.h: the screen model of one shell pane, on libvterm 0.1.4.
 *
 * Bytes read from the pty go in with term_write; libvterm's state layer
 * parses them and its callbacks update cell grids of our own (screen.c),
 * one for the primary screen and one for the alternate. The callbacks
 * never draw: damage widens a dirty row range, cursor moves and
 * properties are stored, and the owner is told once that something is
 * pending (hooks->changed) so it can schedule one frame for a burst. Lines
 * that scroll off the top are kept, packed, in a scrollback ring. Keys,
 * pastes and mouse events go through libvterm so that the application's
 * modes are honoured; what libvterm answers (key sequences, replies to
 * queries) comes out through hooks->output, for the pty.
 *
 * Rows are read out as struct term_line: UTF-8 text and runs of it that
 * share one attribute. A wide character appears once in the text.
 */
#ifndef BASELINER_TERM_H
#define BASELINER_TERM_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct term;

/* A colour: TERM_COLOR_DEFAULT, or a palette index, or 24-bit RGB. */
#define TERM_COLOR_DEFAULT	0u
#define TERM_COLOR_INDEXED	0x01000000u	/* | index 0..255 */
#define TERM_COLOR_RGB		0x02000000u	/* | 0xRRGGBB */
#define TERM_COLOR_TYPE(c)	((c) & 0xff000000u)

#define TERM_ATTR_BOLD		0x01
#define TERM_ATTR_ITALIC	0x02
#define TERM_ATTR_UNDERLINE	0x04
#define TERM_ATTR_REVERSE	0x08
#define TERM_ATTR_STRIKE	0x10
#define TERM_ATTR_BLINK		0x20
#define TERM_ATTR_DIM		0x40
#define TERM_ATTR_CONCEAL	0x80
#define TERM_ATTR_OVERLINE	0x100
/* What a blank cell still shows (it is not nothing at a line's end). */
#define TERM_ATTR_SHOWN_BLANK	(TERM_ATTR_UNDERLINE | TERM_ATTR_REVERSE | \
				 TERM_ATTR_STRIKE | TERM_ATTR_OVERLINE)
/* With TERM_ATTR_UNDERLINE: its style (TERM_UL_*). */
#define TERM_ATTR_UL_MASK	0xe00
#define TERM_ATTR_UL_SHIFT	9
#define TERM_ATTR_UL_STYLE(f)	(((f) & TERM_ATTR_UL_MASK) >> TERM_ATTR_UL_SHIFT)

#define TERM_UL_SINGLE		0
#define TERM_UL_DOUBLE		1
#define TERM_UL_CURLY		2
#define TERM_UL_DOTTED		3
#define TERM_UL_DASHED		4

struct term_attr {
	uint32_t	fg;
	uint32_t	bg;
	uint32_t	ul;		/* underline colour (SGR 58) */
	uint16_t	flags;
};

/* Run flags: how the run's text maps onto cells. */
#define TERM_RUN_WIDE		0x1	/* every character is two cells wide */
#define TERM_RUN_CLUSTER	0x2	/* the whole run is one character cell
					   (base plus combining characters) */

struct term_run {
	uint32_t	 off;		/* into the line's text */
	uint32_t	 len;		/* bytes */
	uint16_t	 cells;
	uint16_t	 flags;
	struct term_attr attr;
};

/* A row read out of the screen or the scrollback; reuse it between reads. */
struct term_line {
	struct buf	 text;
	struct term_run	*runs;
	unsigned int	 nruns;
	unsigned int	 size;
	int		 cells;		/* cells covered; the rest are blank */
};

#define TERM_SHAPE_BLOCK	1
#define TERM_SHAPE_UNDERLINE	2
#define TERM_SHAPE_BAR		3

struct term_cursor {
	int	x;
	int	y;
	int	visible;
	int	shape;
	int	blink;
};

/* A prompt mark (OSC 133). */
struct term_mark {
	char		 kind;		/* 'A' prompt, 'B' input, 'C' run, 'D' done */
	const char	*cmdline;	/* at 'C' and 'D': the command line */
	int		 status;	/* at 'D': exit status, or -1 */
};

struct term_hooks {
	void	(*output)(struct term *, const char *, size_t, void *);
	void	(*changed)(struct term *, void *);	/* first change after
							   term_clear_dirty */
	void	(*bell)(struct term *, void *);
	void	(*mark)(struct term *, const struct term_mark *, void *);
};

#define TERM_MOD_SHIFT	0x1
#define TERM_MOD_ALT	0x2
#define TERM_MOD_CTRL	0x4

struct term	*term_create(int cols, int rows, int history,
		    const struct term_hooks *, void *);
void		 term_destroy(struct term *);
void		 term_write(struct term *, const char *, size_t);
void		 term_resize(struct term *, int cols, int rows);
void		 term_size(struct term *, int *cols, int *rows);

/* Dirty rows [*y0, *y1) since the last clear; 0 if nothing changed at all
 * (rows, cursor or properties). */
int		 term_dirty(struct term *, int *y0, int *y1);
void		 term_clear_dirty(struct term *);
void		 term_touch(struct term *);	/* mark every row dirty */

void		 term_get_cursor(struct term *, struct term_cursor *);
const char	*term_title(struct term *);
int		 term_altscreen(struct term *);
int		 term_mouse_mode(struct term *);	/* 0 none .. 3 move */

void		 term_line_init(struct term_line *);
void		 term_line_done(struct term_line *);
/* Row y (0 top) of the visible screen. */
void		 term_get_row(struct term *, int y, struct term_line *);
/* Scrollback line n back from the top of the screen (0 is the newest);
 * -1 if there is no such line. */
int		 term_get_history(struct term *, int n, struct term_line *);
int		 term_history_size(struct term *);
/* Lines ever scrolled into the scrollback, minus those popped back. */
int64_t		 term_history_total(struct term *);
size_t		 term_history_bytes(struct term *);
/* Bytes of text put on the screen without libvterm (term.c's fast path
 * for runs of ASCII), for tests and benches. */
uint64_t	 term_fast_bytes(struct term *);
/* The fast path on (the default) or off, for tests that compare. */
void		 term_set_fast(struct term *, int);

/* Input: a named key ("up", "f5", "enter"; or one character), returns -1
 * if the name is unknown; a character; a paste; a mouse event. */
int		 term_key(struct term *, const char *, int mods);
void		 term_unichar(struct term *, uint32_t, int mods);
void		 term_paste(struct term *, const char *, size_t);
void		 term_mouse(struct term *, int x, int y, int button,
		     int pressed, int mods);
int		 term_parse_mods(const char *);	/* "CSM" -> TERM_MOD_* */

#endif
