/*
 * term_scan.h: the guard between a pane's output and libvterm 0.1.4.
 *
 * Every byte a program prints passes through term_scan_write before
 * libvterm's parser sees it. The scanner follows libvterm's own parser
 * state by state (term_scan.c says how), so it knows at each byte what
 * libvterm would do with it, and it changes the stream only where
 * libvterm 0.1.4 would go wrong:
 *
 * - a control sequence (CSI) with more than 16 parameters, counting
 *   colon sub-parameters, would write past libvterm's argument array; an
 *   SGR (colours) is split into several SGRs that together mean the same,
 *   any other is cut to its first 16 parameters, as newer libvterm does;
 *   an SGR of more than 14 is split too, since libvterm reads a few
 *   entries past the last one while it decodes colours;
 * - a mode set or reset (h, l) of several modes becomes one sequence a
 *   mode: libvterm 0.1.4 sets only the first (ESC [ ? 1000 ; 1006 h would
 *   leave the mouse reporting in the old encoding);
 * - a parameter over 65535 is clamped to 65535 (libvterm's arithmetic on
 *   it overflows);
 * - a string (OSC, DCS) ended by ESC \ split across two writes makes
 *   libvterm 0.1.4 compute its length as -1, so the ESC is held back and
 *   fed with the byte after it;
 * - a string's body reaches libvterm whole in one call once its
 *   terminator came: libvterm 0.1.4 keeps of a string only what the call
 *   that ends it gave (and what came before a control inside it), so a
 *   title cut over two writes was lost and a DCS so cut reached it as
 *   another command. An OSC over TERM_SCAN_OSC_MAX bytes is ended with a
 *   CAN (libvterm acts only on titles). A DCS goes on only as one of the
 *   status requests (DECRQSS: m, r, s, " q, "q) libvterm answers: it
 *   answers one it does not know by formatting "%.s" with an int, which
 *   a sanitizer's printf reads as a pointer. Any other DCS is ended with
 *   a CAN, and one that begins with '$' is answered DCS 0 $ r ST, as
 *   xterm answers a request it does not know;
 * - one call of libvterm's parser is given at most TERM_SCAN_CHUNK bytes:
 *   it puts an array of 4 bytes per input byte on the stack;
 * - a REP (repeat the last character) is dropped when libvterm would
 *   repeat a glyph of width 0, which it does forever;
 * - a UTF-8 character cut short (by anything but its continuation bytes)
 *   becomes U+FFFD: libvterm 0.1.4 decodes the character that cuts it
 *   into two code points, one more than that stack array holds when the
 *   cut character began before the call.
 *
 * It also does what libvterm 0.1.4 does not:
 *
 * - APC, PM and SOS strings (ESC _, ESC ^, ESC X, up to ST or BEL) are
 *   consumed: libvterm takes their introducer for an unknown C1 control
 *   and prints the body;
 * - mode 47 is set and reset as 1047 (the alternate screen);
 * - DECRQM of 47, 1047 and 1049 is answered by the owner (request_mode),
 *   which knows which screen is shown;
 * - the character sets (G0 to G3, which one is in GL) are followed, saved
 *   with the cursor (ESC 7, ?1048h, ?1049h) and designated again after a
 *   restore; while GL holds DEC special graphics, 'y' and 'z' reach
 *   libvterm as the characters they stand for (<= and >=), which it maps
 *   wrongly;
 * - SGR 58 and 59 (underline colour) are taken out of an SGR before
 *   libvterm reads it (it took 58;5;n for blink), and every SGR with a
 *   parameter libvterm ignores (dim, conceal, overline, underline styles,
 *   the underline colour) is handed to the owner (sgr) after it was fed.
 *
 * Everything else reaches libvterm byte for byte, and a sequence that
 * needs no change is passed as it came even when it was split across
 * writes. The scanner also finds what term.c acts on itself: prompt marks
 * (OSC 133), handed over only after every byte up to the mark's end was
 * fed, full resets (ESC c), saved and restored cursors and erased
 * scrollback (ED 3).
 */
#ifndef BASELINER_TERM_SCAN_H
#define BASELINER_TERM_SCAN_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define TERM_SCAN_ARGS		64	/* parameters kept for a rewrite */
#define TERM_SCAN_CHUNK		16384
#define TERM_SCAN_OSC_MAX	4096	/* the longest OSC body fed */

struct term_scan_hooks {
	/* Bytes for libvterm's parser. */
	void	(*feed)(const char *, size_t, void *);
	/* An OSC 133 mark: its body ("133;X..."), after feed had every
	 * byte up to its end. */
	void	(*mark)(const char *, size_t, void *);
	/* A full reset (ESC c), after it was fed. */
	void	(*reset)(void *);
	/* A saved cursor was restored (ESC 8, or leaving ?1048 or ?1049),
	 * after it was fed: libvterm 0.1.4 does not clamp a cursor saved
	 * before the screen shrank, and writes line attributes there. */
	void	(*restore)(void *);
	/* May a REP (CSI n b) go through now? libvterm 0.1.4 repeats the
	 * last glyph by its width, forever if that is 0 (none yet, or a
	 * zero-width one); asked after every byte before it was fed. */
	int	(*can_repeat)(void *);
	/* TERM_SCAN_EV_*: around the cursor's save and restore, a soft
	 * reset (DECSTR, after it was fed), ED 3 (after it was fed). */
	void	(*event)(int, void *);
	/* The groups of an SGR with something libvterm does not keep, one
	 * call a group in order (a parameter and what belongs to it, as
	 * TERM_SCAN_ARG_*), after the rest of the SGR was fed: 0, 2, 22
	 * (dim), 8, 28 (conceal), 53, 55 (overline), 4, 21, 24 (underline
	 * and its style), 58, 59 (underline colour). */
	void	(*sgr)(const uint32_t *, int, void *);
	/* DECRQM of a private mode libvterm answers wrongly (47, 1047,
	 * 1049): 1 if the owner answered it, 0 to let libvterm answer. */
	int	(*request_mode)(int, void *);
	/*
	 * Text, for a fast path: run[0, len) is printable ASCII (0x20 to
	 * 0x7e), at least TERM_SCAN_RUN bytes, in the normal state with
	 * ASCII in GL, neither origin mode nor left and right margins set,
	 * and libvterm was just fed everything up to and including run[0].
	 * Returns how many bytes of run (at least 1, fewer than len)
	 * libvterm has had since, or were put on the screen for it with
	 * its cursor moved past them; the rest is fed as usual.
	 */
	size_t	(*text)(const char *run, size_t len, void *);
	/* Bytes for the program (a reply the scanner gives itself). */
	void	(*reply)(const char *, size_t, void *);
};

#define TERM_SCAN_RUN		16

#define TERM_SCAN_EV_SAVE	1	/* the cursor was saved */
#define TERM_SCAN_EV_RESTORING	2	/* about to be restored (restore
					   follows once it was) */
#define TERM_SCAN_EV_SOFT_RESET	3
#define TERM_SCAN_EV_CLEAR_HISTORY 4

/* A parameter as sgr gets it: its value, and whether a ':' followed it
 * (the next is one of its sub-parameters) or it had no digits. */
#define TERM_SCAN_ARG_MORE	0x80000000u
#define TERM_SCAN_ARG_MISSING	0x40000000u
#define TERM_SCAN_ARG_VALUE(a)	((a) & 0x3fffffffu)

/* Character sets as the scanner follows them. */
struct term_scan_charset {
	char		 g[4];		/* designated final byte, or 0 */
	int		 gl;		/* the set in GL, 0..3 */
};

struct term_scan {
	const struct term_scan_hooks *hooks;
	void		*arg;

	int		 state;		/* libvterm's parser state, or one
					   of the scanner's own (consumed
					   strings) */
	int		 esc_inter;	/* intermediates after ESC */
	char		 esc_first;	/* the first of them */
	int		 held_esc;	/* an ESC fed with the next byte */

	/* The control sequence being read. */
	int		 nleader;
	char		 leader[16];
	int		 ninter;
	char		 inter[16];
	int		 argi;		/* libvterm's argument index */
	int		 nargs;		/* kept in args */
	uint32_t	 args[TERM_SCAN_ARGS];
	int		 rewrite;	/* it must not reach libvterm as is */
	int		 seq;		/* what else it needs (term_scan.c) */
	int		 post;		/* done once it was fed */
	int		 post_event;
	struct buf	 carry;		/* its bytes from earlier writes */
	struct buf	 ctl;		/* C0 controls inside it */
	struct buf	 out;		/* a rewrite */

	/* A UTF-8 character begun in text and not finished: held until it
	 * is (see term_scan.c); u_start is where it began in the current
	 * write, or -1 if in u_held. */
	int		 u_need;
	ssize_t		 u_start;
	char		 u_held[8];
	size_t		 u_nheld;

	/* The string being read. */
	int		 osc;		/* it is an OSC */
	int		 str_long;	/* its body is over TERM_SCAN_OSC_MAX */
	struct buf	 str_body;	/* its body, up to that */
	int		 dcs_odd;	/* a C0 control, NUL or DEL came inside
					   it: not fed as a request */

	/* Character sets now and as saved with the cursor; dec_gl: GL
	 * holds DEC special graphics. */
	struct term_scan_charset cs;
	struct term_scan_charset cs_saved;
	int		 dec_gl;
	/* A single shift (SS2, SS3: 2 or 3) for the next character, or 0:
	 * followed here, not fed (libvterm 0.1.4 decodes y and z of DEC
	 * graphics, and a character from 0x80 on, under it its own way). */
	int		 ss;

	/* Origin mode (1) and left and right margins (2) may be set: kept
	 * until reset by their own 'l' or a full reset (not DECSTR). */
	int		 cursor_modes;

	/* Set by the owner: its pen has something libvterm does not keep
	 * (dim, conceal, overline, an underline colour), so an SGR that
	 * turns such things off goes to its sgr hook. */
	int		 pen_extra;

	uint64_t	 rewrites;	/* sequences changed, for tests */
};

void	term_scan_init(struct term_scan *, const struct term_scan_hooks *,
	    void *);
void	term_scan_done(struct term_scan *);
void	term_scan_write(struct term_scan *, const char *, size_t);
/* Forget a sequence in progress: the owner is about to feed libvterm a
 * CAN (which ends any) and bytes of its own. */
void	term_scan_reset(struct term_scan *);

#endif
