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
 * - one call of libvterm's parser is given at most TERM_SCAN_CHUNK bytes:
 *   it puts an array of 4 bytes per input byte on the stack;
 * - a REP (repeat the last character) is dropped when libvterm would
 *   repeat a glyph of width 0, which it does forever;
 * - a UTF-8 character cut short (by anything but its continuation bytes)
 *   becomes U+FFFD: libvterm 0.1.4 decodes the character that cuts it
 *   into two code points, one more than that stack array holds when the
 *   cut character began before the call.
 *
 * Everything else reaches libvterm byte for byte, and a sequence that
 * needs no change is passed as it came even when it was split across
 * writes. The scanner also finds what term.c acts on itself: prompt marks
 * (OSC 133), handed over only after every byte up to the mark's end was
 * fed, full resets (ESC c) and restored cursors.
 */
#ifndef BASELINER_TERM_SCAN_H
#define BASELINER_TERM_SCAN_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define TERM_SCAN_ARGS		64	/* parameters kept for a rewrite */
#define TERM_SCAN_CHUNK		16384
#define TERM_SCAN_OSC_MAX	4096

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
};

struct term_scan {
	const struct term_scan_hooks *hooks;
	void		*arg;

	int		 state;		/* libvterm's parser state */
	int		 esc_inter;	/* intermediates after ESC */
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
	int		 csi_in_string;	/* its ESC ended a string */
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
	int		 osc_keep;	/* and still may be a mark */
	struct buf	 osc_body;

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
