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

/* One packed scrollback line; runs follow the header, then the text. */
struct term_prun {
	uint32_t	fg;
	uint32_t	bg;
	uint32_t	len : 24;	/* a line's text is far shorter */
	uint32_t	flags : 8;
	uint16_t	cells;
	uint16_t	attr;
};

struct term_sbline {
	uint16_t	cells;
	uint16_t	nruns;
	uint32_t	textlen:29;	/* at most 65535 cells of 64 bytes */
	uint32_t	lflags:2;	/* SCREEN_LINE_*, as on the screen */
	uint32_t	has_ul:1;	/* the runs' underline colours follow
					   them (only lines that have one) */
	struct term_prun runs[];
};

/* Bytes of text worth putting without libvterm (term_text_cb). */
#define TERM_FAST_MIN	8

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
	uint32_t		 saved_ul;
	/* Underline colours in use, for the cells' ULC indexes (screen.h);
	 * 0 is the default. */
	uint32_t		 ulc[SCREEN_ULC_MAX + 1];
	int			 nulc;
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

	/*
	 * The last glyph put, for REP and for soft wraps (term_reflow.c):
	 * libvterm 0.1.4 does not say when a line wraps, but a glyph put at
	 * column 0 of the row below the last one, with no cursor move between
	 * (the scroll of the wrap aside), went there by wrapping. last_pos.row
	 * is -2 once the cursor has moved elsewhere.
	 */
	int			 last_width;
	VTermPos		 last_pos;
	/*
	 * The primary screen's cursor while the alternate one is shown: where
	 * it was when the alternate was entered (and whether it was pending
	 * at the margin), moved by each reflow of the primary meanwhile.
	 * alt_moved is 1 once a reflow moved it, 2 just after the alternate
	 * screen was left: the cursor libvterm restores then, saved before
	 * the reflow, is replaced by this one (term_restore_cb).
	 */
	VTermPos		 alt_cursor;
	int			 alt_pending;
	int			 alt_moved;
	/*
	 * The cursor DECSC saved on the primary screen (sav_valid), moved by
	 * reflows (sav_moved): DECRC puts the cursor there, not where
	 * libvterm 0.1.4 saved it (term_restore_cb).
	 */
	VTermPos		 sav_pos;
	int			 sav_valid;
	int			 sav_moved;
	int			 reflowed;	/* term_resize_cb reflowed */
	int			 reflow_x;	/* and put the cursor here */
	int			 reflow_y;

	/* More of the last glyph put, for the fast path (term_text_cb). */
	uint64_t		 glyphs;	/* put so far */
	uint64_t		 hscroll_glyph;	/* scrolled right before it */
	uint32_t		 g_ch;		/* one code point, or 0 */
	int			 g_protected;
	int			 fast_off;	/* libvterm's cursor disagreed */
	uint64_t		 fast_bytes;	/* put by the fast path */
	int			 fast_never;	/* term_set_fast(t, 0) */

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
/* term.c: scrollback lines packed, read out and written back to cells. */
struct term_sbline *term_sb_pack(struct term_line *, int lflags, size_t *);
void	term_sb_unpack_line(const struct term_sbline *, struct term_line *);
void	term_sb_to_screen(struct term *, const struct term_sbline *,
	    struct screen *, int y);
size_t	term_sb_size(const struct term_sbline *);
/* term_reflow.c: rewrap the primary screen and the scrollback at a new
 * width (from term_resize_cb); the primary's cursor (pending: at the
 * margin, before a wrap) goes in *pos, its new place comes out; so does
 * a cursor saved on it (DECSC) in *saved, unless NULL. */
void	term_reflow(struct term *, int cols, int rows, VTermPos *pos,
	    int pending, VTermPos *saved);
/* term_mark.c: an OSC 133 mark, its body "133;X[;params]". */
void	term_mark_osc(struct term *, const char *, size_t);

#endif
