/*
 * term_int.h: the inside of struct term, shared by the files of the
 * terminal model and nothing else: term.c (libvterm's callbacks, the
 * screens, the scrollback), term_scan.c's guard in front of libvterm,
 * term_mark.c (prompt marks, OSC 133) and term_input.c (keys, pastes and
 * mouse events turned into bytes for the pty).
 */
#ifndef BASELINER_TERM_INT_H
#define BASELINER_TERM_INT_H

#include <vterm.h>

#include "screen.h"
#include "term.h"
#include "term_scan.h"
#include "util.h"

struct term_sbline;

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
	/* What DECSC saves of the pen that libvterm 0.1.4 does not keep. */
	uint16_t		 saved_attr;
	int			 restoring;	/* between DECRC's events */

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

	int			 last_width;	/* of the last glyph put */

	/* What stands between the pty's bytes and libvterm. */
	struct term_scan	 scan;

	/* Prompt marks. */
	int			 have_b;
	int64_t			 b_row;		/* absolute */
	int			 b_col;
	int			 running;	/* between 'C' and 'D' */
	char			*cmdline;
};

/* term.c: bytes for the pty (hooks->output). */
void	term_output(struct term *, const char *, size_t);
/* term_mark.c: an OSC 133 mark, its body "133;X[;params]". */
void	term_mark_osc(struct term *, const char *, size_t);

#endif
