/*
 * term_scan.c: the guard in front of libvterm 0.1.4 (see term_scan.h).
 *
 * The scanner is libvterm's parser (its parser.c) run a second time on
 * the same bytes, without acting on them: the same states (normal, escape,
 * the three parts of a control sequence, string, escape inside a string),
 * entered on the same bytes, with the same caps on leader and intermediate
 * bytes. So at each byte it knows what libvterm is about to do, and every
 * case that goes wrong there can be caught one byte before it happens:
 *
 * - A ';' or ':' read while libvterm's argument index is 15 would write
 *   args[16], past the array, over the parser's callback pointer. From the
 *   '[' on, a control sequence's bytes are therefore held until its final
 *   byte, in place when it ends within the same write, copied into carry
 *   when it does not. At the final byte it is fed unchanged, or, if it
 *   needs a rewrite, replaced: the C0 controls met inside it first (libvterm
 *   acts on them as they come and they do not change the sequence), then
 *   the sequence rewritten from its parsed form. How an SGR is split into
 *   groups follows vterm_state_setpen: a parameter and its colon
 *   sub-parameters, and 38 or 48 with the colour that follows them.
 *
 * - libvterm computes the length of a string ended by ESC \ as the bytes
 *   between the string's start in the current call and the ESC. When the
 *   ESC ended the previous call, or a C0 control came between ESC and \
 *   (libvterm restarts the string after a control), that is -1. So no call
 *   ever ends on an ESC (it is held and fed with what follows), and the
 *   bytes that would leave libvterm between an ESC and its \ (NUL, DEL and
 *   other C0 controls, which only add the ESC itself to the string) are
 *   dropped.
 *
 * - libvterm's text handler puts uint32_t[len] on the stack for each call,
 *   len being what is left of the call: calls are cut at TERM_SCAN_CHUNK.
 *   Its UTF-8 decoder keeps a character begun and not finished, and when
 *   a printable byte cuts it, writes two code points for that one byte:
 *   past the array if the character began before the call. So the
 *   scanner follows the decoder too, and a character's bytes reach
 *   libvterm only once it is whole: held at the end of a write, and
 *   replaced by U+FFFD when anything but a continuation byte comes.
 *
 * - libvterm answers a DECRQSS (DCS $ q ... ST) it does not know by
 *   formatting "%.s" with an int where the string should be: a read of
 *   an int as a pointer, which a sanitizer's printf follows (the long
 *   fuzzing campaign found it). Only m, r, s, " q" and "\"q" go to
 *   libvterm; any other is ended with a CAN where its terminator was, and
 *   answered here with DCS 0 $ r ST (not a valid request), as xterm does.
 *   So is any DCS with a C0 control, NUL or DEL inside.
 *
 * - libvterm 0.1.4 keeps of a string only what a call gave it up to the
 *   string's end or up to a control inside it: the part a call ends with
 *   is lost, so a DCS cut over two writes (ESC P 6 | $ q 5 BEL) reached
 *   its handler as "$q5", a command the guard never read, and a title cut
 *   so was lost. A string's body is never fed as it comes: at its end, an
 *   OSC (up to TERM_SCAN_OSC_MAX) or a request libvterm knows goes to it
 *   whole in one call, and any other string is ended with a CAN.
 *
 * Prompt marks (OSC 133) and full resets are found on the way: their
 * bytes are fed up to the end before the hook runs, so the screen is
 * exactly as it was when the program printed them.
 *
 * What libvterm 0.1.4 lacks (term_scan.h lists it) is done on the same
 * walk: two states of the scanner's own consume APC, PM and SOS strings
 * (their introducer is fed, which libvterm ignores as an unknown C1
 * control, their body and terminator are not); designations, locking
 * shifts and saves are followed in cs; and the sequences with something
 * to add are marked when their final byte comes, then rewritten or
 * followed by a hook once they were fed.
 */
#include "config.h"

#include <sys/types.h>

#include <string.h>

#include "term_scan.h"
#include "util.h"

/* libvterm's parser states (its enum VTermParserState, same order). */
enum {
	TS_NORMAL,
	TS_CSI_LEADER,
	TS_CSI_ARGS,
	TS_CSI_INTERMED,
	TS_ESC,
	TS_STRING,
	TS_ESC_IN_STRING,
	/* The scanner's own: an APC, PM or SOS string, never fed. */
	TS_IGNORE,
	TS_ESC_IN_IGNORE
};

/* What a control sequence needs besides being fed (ts->seq). */
enum {
	TS_SEQ_PLAIN,
	TS_SEQ_REP,		/* a REP, fed only if it can repeat */
	TS_SEQ_MODES,		/* h or l: one mode a sequence */
	TS_SEQ_DECRQM,		/* answered by the owner, not fed */
	TS_SEQ_SGR,		/* SGR 58 or 59 taken out */
};

/* Done once it was fed (ts->post). */
#define TS_POST_SGR	0x1	/* the owner's sgr hook */
#define TS_POST_EVENT	0x2	/* the event in post_event */

#define TS_IN_CSI(s)	((s) >= TS_CSI_LEADER && (s) <= TS_CSI_INTERMED)

/* libvterm 0.1.4's limits: CSI_ARGS_MAX, CSI_LEADER_MAX, INTERMED_MAX. */
#define TS_VT_ARGS	16
#define TS_VT_LEADER	15
#define TS_VT_INTER	15

/* An SGR with more parameters makes libvterm read past them. */
#define TS_SGR_ARGS	14
#define TS_ARG_MAX	65535u
/* A held sequence longer than this is rewritten, not copied on. */
#define TS_CARRY_MAX	512
#define TS_CTL_MAX	256

#define TS_ARG_MORE	TERM_SCAN_ARG_MORE
#define TS_ARG_MISSING	TERM_SCAN_ARG_MISSING
#define TS_ARG_VALUE(a)	TERM_SCAN_ARG_VALUE(a)
#define TS_ARG(a)	(((a) & TS_ARG_MISSING) ? 0 : TS_ARG_VALUE(a))

/* libvterm 0.1.4 maps DEC special graphics 'y' and 'z' to U+2A7D and
 * U+2A7E; they are <= and >=. */
#define TS_DEC_LE	"\xe2\x89\xa4"
#define TS_DEC_GE	"\xe2\x89\xa5"

void
term_scan_init(struct term_scan *ts, const struct term_scan_hooks *hooks,
    void *arg)
{
	memset(ts, 0, sizeof *ts);
	ts->hooks = hooks;
	ts->arg = arg;
	ts->state = TS_NORMAL;
	ts->u_start = -1;
	buf_init(&ts->carry);
	buf_init(&ts->ctl);
	buf_init(&ts->out);
	buf_init(&ts->str_body);
}

void
term_scan_reset(struct term_scan *ts)
{
	/* A string libvterm never saw goes on being consumed. */
	if (ts->state != TS_IGNORE && ts->state != TS_ESC_IN_IGNORE)
		ts->state = TS_NORMAL;
	ts->held_esc = 0;
	ts->u_need = 0;
	ts->u_nheld = 0;
	ts->u_start = -1;
	ts->carry.len = 0;
	ts->ctl.len = 0;
}

void
term_scan_done(struct term_scan *ts)
{
	buf_done(&ts->carry);
	buf_done(&ts->ctl);
	buf_done(&ts->out);
	buf_done(&ts->str_body);
}

/*
 * Give bytes to libvterm: never more than TERM_SCAN_CHUNK in one call, and
 * never a call that ends on ESC (see above).
 */
static void
ts_feed(struct term_scan *ts, const char *p, size_t n)
{
	char	two[2];
	size_t	cut;

	if (n == 0)
		return;
	if (ts->held_esc) {
		ts->held_esc = 0;
		if (p[0] == '\\') {
			two[0] = '\033';
			two[1] = '\\';
			ts->hooks->feed(two, 2, ts->arg);
			p++;
			n--;
		} else
			ts->hooks->feed("\033", 1, ts->arg);
	}
	while (n > 0) {
		cut = n > TERM_SCAN_CHUNK ? TERM_SCAN_CHUNK : n;
		if (p[cut - 1] == '\033') {
			if (cut == n) {
				ts->held_esc = 1;
				n--;
			}
			cut--;
		}
		if (cut > 0)
			ts->hooks->feed(p, cut, ts->arg);
		p += cut;
		n -= cut;
	}
}

/* A byte of w is zero (w has no byte from 0x80 on). */
#define TS_HAS_ZERO(w)	((((w) - 0x0101010101010101ull) & ~(w) & \
			    0x8080808080808080ull) != 0)

/* Does text byte c need a look (ESC, SO, SI, from 0x80 on; with DEC
 * graphics in GL, 'y' and 'z')? */
static inline int
ts_text_stop(const struct term_scan *ts, unsigned char c)
{
	return (c >= 0x80 || c == 0x1b || c == 0x0e || c == 0x0f ||
	    ts->ss != 0 || (ts->dec_gl && (c == 'y' || c == 'z')));
}

/* Skip text bytes that need no look. */
static size_t
ts_skip_text(const struct term_scan *ts, const char *data, size_t i,
    size_t len)
{
	uint64_t	w, v;

	while (!ts->dec_gl && ts->ss == 0 && i + 8 <= len) {
		memcpy(&w, data + i, 8);
		if ((w & 0x8080808080808080ull) != 0)
			break;
		v = w ^ 0x1b1b1b1b1b1b1b1bull;
		if (TS_HAS_ZERO(v))
			break;
		/* SO and SI: 0x0e and 0x0f. */
		v = (w & 0xfefefefefefefefeull) ^ 0x0e0e0e0e0e0e0e0eull;
		if (TS_HAS_ZERO(v))
			break;
		i += 8;
	}
	while (i < len && !ts_text_stop(ts, (unsigned char)data[i]))
		i++;
	return (i);
}

/* A byte of w is below 0x20 or 0x7f (w has no byte from 0x80 on). */
#define TS_HAS_CONTROL(w) (((((w) - 0x2020202020202020ull) & ~(w)) | \
			    ((w) + 0x0101010101010101ull)) & \
			    0x8080808080808080ull)

/* The end of the printable ASCII (0x20 to 0x7e) from data[i] on. */
static size_t
ts_printable_end(const char *data, size_t i, size_t len)
{
	uint64_t	w;
	unsigned char	c;

	while (i + 8 <= len) {
		memcpy(&w, data + i, 8);
		if ((w & 0x8080808080808080ull) != 0 || TS_HAS_CONTROL(w))
			break;
		i += 8;
	}
	while (i < len && (c = (unsigned char)data[i]) >= 0x20 && c < 0x7f)
		i++;
	return (i);
}

/*
 * Text where the owner has a fast path (hooks->text): as ts_skip_text,
 * but each run of printable ASCII long enough is handed to the hook once
 * its first byte was fed, while GL holds ASCII and neither origin mode nor
 * left and right margins may be set (the hook moves libvterm's cursor with
 * CUF, which both would clamp). Returns where the text stops.
 */
static size_t
ts_text_runs(struct term_scan *ts, const char *data, size_t *fed, size_t i,
    size_t len)
{
	size_t		 j;
	unsigned char	 c;

	if (ts->hooks->text == NULL || ts->cs.g[ts->cs.gl & 3] != 0 ||
	    ts->cursor_modes != 0)
		return (ts_skip_text(ts, data, i, len));
	while (i < len) {
		c = (unsigned char)data[i];
		if (c >= 0x80 || ts_text_stop(ts, c))
			break;
		if (c < 0x20 || c == 0x7f) {
			i++;
			continue;
		}
		j = ts_printable_end(data, i, len);
		if (j - i >= TERM_SCAN_RUN) {
			ts_feed(ts, data + *fed, i + 1 - *fed);
			*fed = i + ts->hooks->text(data + i, j - i, ts->arg);
		}
		i = j;
	}
	return (i);
}

/* What shifts G0 to G3 into GL: SI, SO, LS2, LS3. */
static const char *const ts_shift_seq[] = { "\017", "\016", "\033n", "\033o" };

/* The character sets changed: is GL DEC special graphics now? */
static void
ts_charset_changed(struct term_scan *ts)
{
	ts->dec_gl = ts->cs.g[ts->cs.gl & 3] == '0';
}

static void
ts_shift(struct term_scan *ts, int gl)
{
	ts->cs.gl = gl;
	ts_charset_changed(ts);
}

/* ESC inter final, with one intermediate: a designation libvterm knows? */
static void
ts_designate(struct term_scan *ts, char inter, char final)
{
	if (inter < '(' || inter > '+')
		return;
	if (final != 'A' && final != 'B' && final != '0')
		return;
	/* ASCII is the default for every byte below 0x80. */
	ts->cs.g[inter - '('] = final == 'B' ? 0 : final;
	ts_charset_changed(ts);
}

/*
 * Make libvterm's character sets (and ours) to: designate what differs
 * and shift the set into GL. A set never designated is the default, which
 * is ASCII for every byte below 0x80.
 */
static void
ts_charset_to(struct term_scan *ts, const struct term_scan_charset *to)
{
	struct buf		*b = &ts->out;
	int			 k;

	if (memcmp(&ts->cs, to, sizeof ts->cs) == 0)
		return;
	b->len = 0;
	for (k = 0; k < 4; k++) {
		if (ts->cs.g[k] == to->g[k])
			continue;
		buf_printf(b, "\033%c%c", '(' + k,
		    to->g[k] != 0 ? to->g[k] : 'B');
	}
	if (ts->cs.gl != to->gl)
		buf_add(b, ts_shift_seq[to->gl & 3],
		    strlen(ts_shift_seq[to->gl & 3]));
	ts->cs = *to;
	ts_charset_changed(ts);
	ts_feed(ts, b->data, b->len);
}

/*
 * Text byte c (0x20 to 0x7e) at data[i] comes after a single shift: fed
 * as the set shifted to decodes it (DEC graphics' y and z as <= and >=;
 * another set by a locking shift there and back). Returns the new fed.
 */
static size_t
ts_single(struct term_scan *ts, const char *data, size_t fed, size_t i)
{
	char			 set = ts->cs.g[ts->ss & 3];
	const char		*back = ts_shift_seq[ts->cs.gl & 3];
	unsigned char		 c = (unsigned char)data[i];
	int			 ss = ts->ss;

	ts->ss = 0;
	ts_feed(ts, data + fed, i - fed);
	if (set == '0' && (c == 'y' || c == 'z')) {
		ts_feed(ts, c == 'y' ? TS_DEC_LE : TS_DEC_GE, 3);
		return (i + 1);
	}
	if (set == ts->cs.g[ts->cs.gl & 3])
		return (i);
	ts_feed(ts, ts_shift_seq[ss & 3], strlen(ts_shift_seq[ss & 3]));
	ts_feed(ts, data + i, 1);
	ts_feed(ts, back, strlen(back));
	return (i + 1);
}

/* The cursor was restored: the sets saved with it (libvterm 0.1.4 keeps
 * none). */
static void
ts_charset_restore(struct term_scan *ts)
{
	ts_charset_to(ts, &ts->cs_saved);
}

static void
ts_event(struct term_scan *ts, int ev)
{
	if (ts->hooks->event != NULL)
		ts->hooks->event(ev, ts->arg);
}

/* The cursor is saved (ESC 7, ?1048h, ?1049h), after it was fed. */
static void
ts_save(struct term_scan *ts)
{
	ts->cs_saved = ts->cs;
	ts_event(ts, TERM_SCAN_EV_SAVE);
}

/* How many continuation bytes libvterm's decoder waits for after c. */
static int
ts_utf8_need(unsigned char c)
{
	if (c < 0xc0 || c >= 0xfe)
		return (0);
	if (c < 0xe0)
		return (1);
	if (c < 0xf0)
		return (2);
	if (c < 0xf8)
		return (3);
	if (c < 0xfc)
		return (4);
	return (5);
}

/* The unfinished character before data[i] becomes U+FFFD. Returns the
 * new start of what is still to be fed. */
static size_t
ts_utf8_cut(struct term_scan *ts, const char *data, size_t fed, size_t i)
{
	if (ts->u_start >= 0)
		ts_feed(ts, data + fed, (size_t)ts->u_start - fed);
	ts_feed(ts, "\xef\xbf\xbd", 3);
	ts->u_nheld = 0;
	ts->u_need = 0;
	ts->u_start = -1;
	return (i);
}

/* The end of the SGR parameter group that starts at i, as
 * vterm_state_setpen steps through them. */
static int
ts_sgr_group(const uint32_t *a, int n, int i)
{
	uint32_t	v = TS_ARG_VALUE(a[i]), pal;
	int		rem, used;

	if (a[i] & TS_ARG_MISSING)
		v = 0;
	if (v == 38 || v == 48) {
		if (i + 1 >= n)
			return (n);
		pal = (a[i + 1] & TS_ARG_MISSING) ? 0 : TS_ARG_VALUE(a[i + 1]);
		rem = n - i - 2;
		if (pal == 2)
			used = rem < 3 ? rem : 3;
		else if (pal == 5)
			used = rem != 0 ? 1 : 0;
		else
			used = 0;
		i += 1 + used;
		if (i >= n)
			return (n);
	} else if (v == 4 && (a[i] & TS_ARG_MORE))
		i++;
	while (i < n && (a[i] & TS_ARG_MORE))
		i++;
	return (i + 1 < n ? i + 1 : n);
}

/* Append CSI leader args[from, to) intermediates final to out. */
static void
ts_put_csi(struct term_scan *ts, int from, int to, char final)
{
	struct buf	*b = &ts->out;
	uint32_t	 a, v;
	int		 k;

	buf_add(b, "\033[", 2);
	buf_add(b, ts->leader, (size_t)ts->nleader);
	for (k = from; k < to; k++) {
		a = ts->args[k];
		if (!(a & TS_ARG_MISSING)) {
			v = TS_ARG_VALUE(a);
			buf_printf(b, "%u", v > TS_ARG_MAX ? TS_ARG_MAX : v);
		}
		if (k + 1 < to)
			buf_add(b, (a & TS_ARG_MORE) ? ":" : ";", 1);
	}
	buf_add(b, ts->inter, (size_t)ts->ninter);
	buf_add(b, &final, 1);
}

/* Write the sequence just ended by final into out, as libvterm can take
 * it (not modes: ts_modes). */
static void
ts_rewrite(struct term_scan *ts, char final)
{
	int	n = ts->nargs, i, g, start;

	ts->out.len = 0;
	if (final == 'm' && ts->nleader == 0 && ts->ninter == 0) {
		/* Split at group boundaries into SGRs of TS_SGR_ARGS. */
		start = i = 0;
		while (i < n) {
			g = ts_sgr_group(ts->args, n, i);
			if (i - start + (g - i) > TS_SGR_ARGS && i > start) {
				ts_put_csi(ts, start, i, final);
				start = i;
			}
			if (g - i > TS_SGR_ARGS) {
				ts_put_csi(ts, i, i + TS_SGR_ARGS, final);
				start = g;
			}
			i = g;
		}
		if (start < n)
			ts_put_csi(ts, start, n, final);
		return;
	}
	ts_put_csi(ts, 0, n > TS_VT_ARGS ? TS_VT_ARGS : n, final);
}

/*
 * Modes set (h) or reset (l), one sequence each: libvterm 0.1.4 sets only
 * the first of several. Mode 47 goes as 1047. Saving and restoring the
 * cursor (1048, 1049) has the scanner's and the owner's own part.
 */
static int
ts_modes(struct term_scan *ts, char final)
{
	uint32_t	*a, keep;
	int		 i, priv, v, cursor, sent = 0;

	priv = ts->nleader == 1 && ts->leader[0] == '?';
	for (i = 0; i < ts->nargs; i++) {
		a = &ts->args[i];
		if (*a & TS_ARG_MISSING)
			continue;
		v = (int)TS_ARG_VALUE(*a);
		keep = *a;
		if (priv && v == 47)
			*a = (*a & TS_ARG_MORE) | 1047;
		ts->out.len = 0;
		ts_put_csi(ts, i, i + 1, final);
		*a = keep;
		cursor = priv && (v == 1048 || v == 1049);
		if (cursor && final == 'l')
			ts_event(ts, TERM_SCAN_EV_RESTORING);
		ts_feed(ts, ts->out.data, ts->out.len);
		sent = 1;
		if (cursor && final == 'h')
			ts_save(ts);
		else if (cursor) {
			ts_charset_restore(ts);
			if (ts->hooks->restore != NULL)
				ts->hooks->restore(ts->arg);
		}
	}
	return (sent);
}

/*
 * Walk an SGR's parameters as groups (a parameter and what belongs to
 * it): is there anything for the owner's sgr hook (TS_POST_SGR), an
 * underline colour to take out (returned with TS_SEQ_SGR's bit 0x100)?
 * 58 takes 5;n or 2;r;g;b after it, or its sub-parameters.
 */
static int
ts_sgr_group_ul(const uint32_t *a, int n, int i)
{
	uint32_t	pal;

	if (a[i] & TS_ARG_MORE) {
		while (i < n && (a[i] & TS_ARG_MORE))
			i++;
		return (i + 1 < n ? i + 1 : n);
	}
	if (i + 1 >= n)
		return (n);
	pal = TS_ARG(a[i + 1]);
	i += pal == 5 ? 3 : pal == 2 ? 5 : 1;
	return (i < n ? i : n);
}

#define TS_SGR_STRIP	0x100

/* Does an SGR parameter do something libvterm does not keep: turn on dim,
 * conceal, overline, an underline style or colour, or turn one off while
 * the owner's pen has one (pen_extra)? */
static inline int
ts_sgr_extra(const struct term_scan *ts, uint32_t a)
{
	switch (TS_ARG(a)) {
	case 2: case 8: case 53: case 58: case 59:
		return (1);
	case 4:
		return ((a & TS_ARG_MORE) != 0);
	case 0: case 22: case 28: case 55:
		return (ts->pen_extra);
	}
	return (0);
}

static int
ts_sgr_scan(struct term_scan *ts)
{
	uint32_t	*a = ts->args;
	int		 n = ts->nargs, i, g, v, r = 0;

	/*
	 * Most SGRs (colours, bold, a reset with nothing of the owner's to
	 * reset) have none: one look at each value before walking groups.
	 */
	for (i = 0; i < n; i++) {
		if (ts_sgr_extra(ts, a[i]))
			break;
	}
	if (i == n)
		return (0);
	for (i = 0; i < n; i = g) {
		v = (int)TS_ARG(a[i]);
		if (v == 58 || v == 59) {
			r |= TS_POST_SGR | TS_SGR_STRIP;
			g = v == 58 ? ts_sgr_group_ul(a, n, i) : i + 1;
		} else {
			g = ts_sgr_group(a, n, i);
			if (ts_sgr_extra(ts, a[i]))
				r |= TS_POST_SGR;
		}
	}
	return (r);
}

/* Take the underline colours (58 and 59 with what they take) out of the
 * SGR's parameters. */
static void
ts_sgr_strip(struct term_scan *ts)
{
	uint32_t	*a = ts->args;
	int		 n = ts->nargs, i = 0, g, k = 0, v;

	while (i < n) {
		v = (int)TS_ARG(a[i]);
		if (v == 58)
			g = ts_sgr_group_ul(a, n, i);
		else if (v == 59)
			g = i + 1;
		else {
			g = ts_sgr_group(a, n, i);
			memmove(a + k, a + i, (size_t)(g - i) * sizeof *a);
			k += g - i;
		}
		i = g;
	}
	ts->nargs = k;
}

static void
ts_csi_begin(struct term_scan *ts)
{
	ts->state = TS_CSI_LEADER;
	ts->nleader = 0;
	ts->ninter = 0;
	ts->argi = 0;
	ts->nargs = 0;
	ts->rewrite = 0;
	ts->carry.len = 0;
	ts->ctl.len = 0;
}

/* Is it ESC [ leader args inter final, with one argument v? */
static int
ts_csi_is(struct term_scan *ts, const char *leader, const char *inter,
    int final, char c)
{
	return (c == final && ts->nleader == (int)strlen(leader) &&
	    memcmp(ts->leader, leader, ts->nleader) == 0 &&
	    ts->ninter == (int)strlen(inter) &&
	    memcmp(ts->inter, inter, ts->ninter) == 0);
}

/* What the sequence ended by final needs besides libvterm (ts->seq,
 * ts->post); may set ts->rewrite. */
static void
ts_csi_classify(struct term_scan *ts, char final)
{
	int	priv, v, i, r;

	ts->seq = TS_SEQ_PLAIN;
	ts->post = 0;
	if (final == 0)
		return;
	v = ts->argi == 0 && ts->nargs > 0 ? (int)TS_ARG(ts->args[0]) : -1;
	priv = ts->nleader == 1 && ts->leader[0] == '?';
	if (final == 'm' && ts->nleader == 0 && ts->ninter == 0) {
		if (ts->argi + 1 > TS_SGR_ARGS)
			ts->rewrite = 1;
		r = ts_sgr_scan(ts);
		ts->post = r & TS_POST_SGR;
		if (r & TS_SGR_STRIP) {
			ts->seq = TS_SEQ_SGR;
			ts->rewrite = 1;
		}
	} else if ((final == 'h' || final == 'l') && ts->ninter == 0) {
		if (ts->argi > 0)
			ts->rewrite = 1;
		for (i = 0; priv && i < ts->nargs; i++) {
			if (ts->args[i] & TS_ARG_MISSING)
				continue;
			switch (TS_ARG_VALUE(ts->args[i])) {
			case 47:
			case 1048:
			case 1049:
				ts->rewrite = 1;
				break;
			case 6:		/* DECOM */
			case 69:	/* DECLRMM */
				r = TS_ARG_VALUE(ts->args[i]) == 6 ? 1 : 2;
				if (final == 'h')
					ts->cursor_modes |= r;
				else
					ts->cursor_modes &= ~r;
				break;
			}
		}
		if (ts->rewrite)
			ts->seq = TS_SEQ_MODES;
	} else if (final == 'b' && ts->nleader == 0 && ts->ninter == 0 &&
	    ts->hooks->can_repeat != NULL) {
		ts->seq = TS_SEQ_REP;
		ts->rewrite = 1;
	} else if (ts_csi_is(ts, "?", "$", 'p', final) &&
	    (v == 47 || v == 1047 || v == 1049) &&
	    ts->hooks->request_mode != NULL) {
		ts->seq = TS_SEQ_DECRQM;
		ts->rewrite = 1;
	} else if (ts_csi_is(ts, "", "!", 'p', final)) {
		ts->post = TS_POST_EVENT;
		ts->post_event = TERM_SCAN_EV_SOFT_RESET;
	} else if (ts_csi_is(ts, "", "", 'J', final) && v == 3) {
		ts->post = TS_POST_EVENT;
		ts->post_event = TERM_SCAN_EV_CLEAR_HISTORY;
	}
}

/* Hand the SGR's groups libvterm does not keep (or keeps in part, the
 * underline) to the owner, in order. */
static void
ts_sgr_post(struct term_scan *ts, const uint32_t *a, int n)
{
	int	i = 0, g, v;

	while (i < n) {
		v = (int)TS_ARG(a[i]);
		if (v == 58)
			g = ts_sgr_group_ul(a, n, i);
		else
			g = ts_sgr_group(a, n, i);
		switch (v) {
		case 0: case 2: case 4: case 8: case 21: case 22: case 24:
		case 28: case 53: case 55: case 58: case 59:
			ts->hooks->sgr(a + i, g - i, ts->arg);
			break;
		}
		i = g;
	}
}

/* What a sequence needs once it was fed (ts->post). */
static void
ts_csi_post(struct term_scan *ts, const uint32_t *args, int n)
{
	struct term_scan_charset	dflt;
	int				post = ts->post;

	ts->post = 0;
	if (post & TS_POST_EVENT) {
		if (ts->post_event == TERM_SCAN_EV_SOFT_RESET) {
			/*
			 * libvterm 0.1.4 takes DECSTR's '!' for a leader it
			 * does not know and resets nothing: the sets are
			 * reset for it, and the pen (SGR 0; the owner's
			 * event resets what libvterm does not keep).
			 */
			memset(&dflt, 0, sizeof dflt);
			ts_charset_to(ts, &dflt);
			ts_feed(ts, "\033[m", 3);
		}
		ts_event(ts, ts->post_event);
	}
	if ((post & TS_POST_SGR) && ts->hooks->sgr != NULL)
		ts_sgr_post(ts, args, n);
}

/*
 * The sequence ends at data[i]: final is its final byte, or 0 if it was
 * cancelled (the byte at i is fed as usual) or invalid (libvterm drops the
 * byte at i). at is where its '[' is in data, or -1 if in an earlier write.
 * Returns the new start of what is still to be fed; when ts->post is left
 * set, the caller feeds up to the final byte and calls ts_csi_post.
 */
static size_t
ts_csi_end(struct term_scan *ts, const char *data, size_t fed, ssize_t at,
    size_t i, char final, int invalid)
{
	uint32_t	args[TERM_SCAN_ARGS];
	int		nargs = 0, sent = 0;

	ts_csi_classify(ts, final);
	if (!ts->rewrite) {
		/* As it came: what an earlier write held goes first. */
		ts_feed(ts, ts->carry.data, ts->carry.len);
		ts->carry.len = 0;
		ts->ctl.len = 0;
		return (fed);
	}
	/*
	 * What came before it; not the ESC that began it if it was held (the
	 * last byte fed), since a rewrite brings its own, whose ESC ends
	 * whatever libvterm was in.
	 */
	if (at >= 0)
		ts_feed(ts, data + fed, (size_t)at - fed);
	ts->held_esc = 0;
	ts_feed(ts, ts->ctl.data, ts->ctl.len);
	if (final != 0) {
		nargs = ts->nargs;
		memcpy(args, ts->args, (size_t)nargs * sizeof *args);
		switch (ts->seq) {
		case TS_SEQ_REP:
			if ((sent = ts->hooks->can_repeat(ts->arg))) {
				ts_rewrite(ts, final);
				ts_feed(ts, ts->out.data, ts->out.len);
			}
			break;
		case TS_SEQ_MODES:
			sent = ts_modes(ts, final);
			break;
		case TS_SEQ_DECRQM:
			if ((sent = !ts->hooks->request_mode(
			    (int)TS_ARG(ts->args[0]), ts->arg))) {
				ts_rewrite(ts, final);
				ts_feed(ts, ts->out.data, ts->out.len);
			}
			break;
		case TS_SEQ_SGR:
			ts_sgr_strip(ts);
			/* FALLTHROUGH */
		default:
			/* Nothing left of an SGR is nothing, not a reset. */
			if ((sent = ts->nargs > 0)) {
				ts_rewrite(ts, final);
				ts_feed(ts, ts->out.data, ts->out.len);
			}
			break;
		}
	}
	/*
	 * Dropped whole (not cancelled by a CAN, SUB or ESC, which end it
	 * themselves): a CAN in its place ends whatever what was fed left
	 * libvterm in, which libvterm 0.1.4 reads as nothing in its ground
	 * state. That was a string or a sequence fed as it came that this
	 * ESC ended (ESC [ ; ESC [ 99999 \xff: the colons after it were the
	 * first's arguments, past its 16), or its escape state, which bytes
	 * from 0x80 on, intermediates, controls and another ESC do not end
	 * (ESC \xff [ 99999 \xff, ESC ESC [ 99999 =: the text after it was a
	 * sequence to libvterm, whose argument overflowed). All were found
	 * by fuzz_term.
	 */
	if (!sent && (final != 0 || invalid))
		ts_feed(ts, "\030", 1);
	if (final != 0) {
		ts_csi_post(ts, args, nargs);
		ts->rewrites++;
		fed = i + 1;
	} else
		fed = invalid ? i + 1 : i;
	ts->carry.len = 0;
	ts->ctl.len = 0;
	return (fed);
}

static void
ts_digit(struct term_scan *ts, unsigned char c)
{
	uint32_t	*a, v;

	if (ts->argi >= TERM_SCAN_ARGS)
		return;
	a = &ts->args[ts->argi];
	v = (*a & TS_ARG_MISSING) ? 0 : TS_ARG_VALUE(*a);
	v = v * 10 + (c - '0');
	if (v > TS_ARG_MAX) {
		v = TS_ARG_MAX + 1;
		ts->rewrite = 1;
	}
	*a = (*a & TS_ARG_MORE) | v;
}

/* A full reset (reset) or a restored cursor was just fed. */
static void
ts_after(struct term_scan *ts, int reset)
{
	if (reset && ts->hooks->reset != NULL)
		ts->hooks->reset(ts->arg);
	if (!reset && ts->hooks->restore != NULL)
		ts->hooks->restore(ts->arg);
}

static void
ts_string_begin(struct term_scan *ts, int osc)
{
	ts->state = TS_STRING;
	ts->osc = osc;
	ts->str_long = 0;
	ts->str_body.len = 0;
	ts->dcs_odd = 0;
}

static void
ts_string_byte(struct term_scan *ts, unsigned char c)
{
	struct buf	*b = &ts->str_body;

	if (b->len >= TERM_SCAN_OSC_MAX)
		ts->str_long = 1;
	else
		buf_add(b, &c, 1);
}

/*
 * Is the DCS just ended a DECRQSS that libvterm 0.1.4 answers (m, r, s,
 * " q and "q), with no control inside it? A control inside a string
 * makes libvterm start a new fragment there, so what it read would not
 * be what was read here.
 */
static int
ts_dcs_answerable(const struct term_scan *ts)
{
	const char	*h = ts->str_body.data;
	size_t		 n = ts->str_body.len;

	if (ts->dcs_odd || n < 3 || h[0] != '$' || h[1] != 'q')
		return (0);
	if (n == 3 && (h[2] == 'm' || h[2] == 'r' || h[2] == 's'))
		return (1);
	return (n == 4 && (h[2] == ' ' || h[2] == '"') && h[3] == 'q');
}

/*
 * End the string whose terminator (BEL, or ESC \, the ESC perhaps held
 * from the last write) ends at data[i - 1]. Its body was not fed (only
 * what libvterm acts on inside it): what came since is fed, then either
 * the whole body and its terminator in one call, or a CAN where the
 * terminator was, and for a DCS that begins with '$' the reply a request
 * nobody knows gets. A prompt mark (OSC 133) goes to its hook once it
 * was fed. Returns the new fed.
 */
static size_t
ts_string_end(struct term_scan *ts, const char *data, size_t fed, size_t i)
{
	static const char reply[] = "\033P0$r\033\\";
	struct buf	*b = &ts->str_body;
	size_t		 end = i - 1, n;

	if (data[end] == '\\' && end > fed && data[end - 1] == 0x1b)
		end--;
	ts_feed(ts, data + fed, end - fed);
	ts->held_esc = 0;
	if (ts->osc ? ts->str_long : !ts_dcs_answerable(ts)) {
		ts->hooks->feed("\030", 1, ts->arg);
		if (!ts->osc && b->len > 0 && b->data[0] == '$' &&
		    ts->hooks->reply != NULL)
			ts->hooks->reply(reply, sizeof reply - 1, ts->arg);
		ts->rewrites++;
		return (i);
	}
	n = b->len;
	if (data[i - 1] == 0x07)
		buf_add(b, "\007", 1);
	else
		buf_add(b, "\033\\", 2);
	ts_feed(ts, b->data, b->len);
	b->len = n;
	if (ts->osc && n >= 5 && memcmp(b->data, "133;", 4) == 0 &&
	    ts->hooks->mark != NULL)
		ts->hooks->mark(b->data, n, ts->arg);
	return (i);
}

void
term_scan_write(struct term_scan *ts, const char *data, size_t len)
{
	size_t		 i = 0, fed = 0;
	ssize_t		 at = -1;	/* '[' of the sequence, in data */
	unsigned char	 c;
	int		 from_string;

	while (i < len) {
		if (ts->state == TS_NORMAL) {
			/* Text: ESC starts anything (CAN, SUB: no-op), and
			 * bytes from 0x80 on are UTF-8. */
			if (ts->u_need == 0 &&
			    (i = ts_text_runs(ts, data, &fed, i, len)) == len)
				break;
			c = (unsigned char)data[i];
			if (ts->u_need > 0) {
				if (c >= 0x80 && c < 0xc0) {
					if (--ts->u_need == 0 &&
					    ts->u_nheld > 0) {
						/* Whole: what was held first. */
						ts_feed(ts, ts->u_held,
						    ts->u_nheld);
						ts->u_nheld = 0;
					}
					i++;
					continue;
				}
				fed = ts_utf8_cut(ts, data, fed, i);
			}
			if ((ts->u_need = ts_utf8_need(c)) > 0) {
				ts->u_start = (ssize_t)i;
				ts->ss = 0;
			} else if (c == 0x1b) {
				ts->state = TS_ESC;
				ts->esc_inter = 0;
			} else if (c == 0x0e || c == 0x0f)
				ts_shift(ts, c == 0x0e);
			else if (ts->ss != 0 && c >= 0x20 && c < 0x7f)
				fed = ts_single(ts, data, fed, i);
			else if (ts->dec_gl && (c == 'y' || c == 'z')) {
				/* DEC special graphics (ts_text_stop). */
				ts_feed(ts, data + fed, i - fed);
				ts_feed(ts, c == 'y' ? TS_DEC_LE : TS_DEC_GE, 3);
				fed = i + 1;
			}
			i++;
			continue;
		}
		c = (unsigned char)data[i];

		if (ts->state == TS_IGNORE) {
			/* An APC, PM or SOS string: up to ST, BEL, CAN, SUB;
			 * nothing of it is fed. */
			if (c == 0x1b)
				ts->state = TS_ESC_IN_IGNORE;
			else if (c == 0x07 || c == 0x18 || c == 0x1a)
				ts->state = TS_NORMAL;
			fed = ++i;
			continue;
		}
		if (ts->state == TS_ESC_IN_IGNORE) {
			if (c == '\\') {
				ts->state = TS_NORMAL;
				fed = ++i;
				continue;
			}
			/* The ESC begins something else: it is fed (held
			 * until what follows) and c is read after it. */
			ts_feed(ts, "\033", 1);
			ts->state = TS_ESC;
			ts->esc_inter = 0;
			fed = i;
			continue;
		}

		/* The bytes libvterm looks at before its state. */
		if (c == 0x00 || c == 0x7f || (c < 0x20 && c != 0x18 &&
		    c != 0x1a && c != 0x1b && !(c == 0x07 &&
		    ts->state == TS_STRING))) {
			if (ts->state == TS_ESC_IN_STRING) {
				/* See above: never between ESC and \. */
				ts_feed(ts, data + fed, i - fed);
				fed = i + 1;
			} else {
				/* libvterm acts on it in any state. */
				if (ts->state == TS_STRING)
					ts->dcs_odd = 1;
				if (c == 0x0e || c == 0x0f)
					ts_shift(ts, c == 0x0e);
				if (TS_IN_CSI(ts->state) && c != 0x00 &&
				    c != 0x7f && ts->ctl.len < TS_CTL_MAX)
					buf_add(&ts->ctl, &c, 1);
			}
			i++;
			continue;
		}
		if (c == 0x18 || c == 0x1a || c == 0x1b) {
			if (TS_IN_CSI(ts->state)) {
				fed = ts_csi_end(ts, data, fed, at, i, 0, 0);
				at = -1;
			}
			if (c == 0x1b && ts->state == TS_STRING)
				ts->state = TS_ESC_IN_STRING;
			else if (c == 0x1b) {
				ts->state = TS_ESC;
				ts->esc_inter = 0;
			} else
				ts->state = TS_NORMAL;
			i++;
			continue;
		}

		from_string = 0;
		switch (ts->state) {
		case TS_ESC_IN_STRING:
			if (c == '\\') {
				ts->state = TS_NORMAL;
				i++;
				goto string_done;
			}
			ts->state = TS_ESC;
			ts->esc_inter = 0;
			from_string = 1;
			/* FALLTHROUGH */
		case TS_ESC:
			if (c == '[') {
				ts_csi_begin(ts);
				at = (ssize_t)i;
			} else if (c == ']' || c == 'P')
				ts_string_begin(ts, c == ']');
			else if (c >= 0x20 && c <= 0x2f) {
				if (ts->esc_inter++ == 0)
					ts->esc_first = (char)c;
			} else if (ts->esc_inter == 0 && c >= 0x40 && c < 0x60) {
				/* A C1 control; APC, PM, SOS begin a string
				 * libvterm does not know (fed up to here). */
				ts->state = TS_NORMAL;
				if ((c == 'N' || c == 'O') && !from_string &&
				    ((i > fed && data[i - 1] == 0x1b) ||
				    (i == fed && ts->held_esc))) {
					/* SS2, SS3: ESC and all, not fed
					 * (ts_single). */
					if (i > fed)
						ts_feed(ts, data + fed,
						    i - 1 - fed);
					ts->held_esc = 0;
					fed = i + 1;
					ts->ss = c == 'N' ? 2 : 3;
				}
				if (c == '_' || c == '^' || c == 'X') {
					ts_feed(ts, data + fed, i + 1 - fed);
					fed = i + 1;
					ts->state = TS_IGNORE;
				}
			} else if (c >= 0x30 && c < 0x7f) {
				ts->state = TS_NORMAL;
				if (ts->esc_inter == 1)
					ts_designate(ts, ts->esc_first, (char)c);
				else if (ts->esc_inter != 0)
					;
				else if (c == 'n' || c == 'o')
					ts_shift(ts, c == 'n' ? 2 : 3);
				else if (c == '8') {
					/* The owner looks before and after. */
					ts_feed(ts, data + fed, i - fed);
					ts_event(ts, TERM_SCAN_EV_RESTORING);
					ts_feed(ts, data + i, 1);
					fed = i + 1;
					ts_charset_restore(ts);
					ts_after(ts, 0);
				} else if (c == '7' || c == 'c') {
					ts_feed(ts, data + fed, i + 1 - fed);
					fed = i + 1;
					if (c == '7')
						ts_save(ts);
					else {
						memset(&ts->cs, 0, sizeof ts->cs);
						ts->cs_saved = ts->cs;
						ts->ss = 0;
						ts->cursor_modes = 0;
						ts_charset_changed(ts);
						ts_after(ts, 1);
					}
				}
			}
			i++;
			break;
		case TS_CSI_LEADER:
			if (c >= 0x3c && c <= 0x3f) {
				if (ts->nleader < TS_VT_LEADER)
					ts->leader[ts->nleader++] = (char)c;
				i++;
				break;
			}
			ts->argi = 0;
			ts->nargs = 1;
			ts->args[0] = TS_ARG_MISSING;
			ts->state = TS_CSI_ARGS;
			/* FALLTHROUGH */
		case TS_CSI_ARGS:
			if (c >= '0' && c <= '9') {
				ts_digit(ts, c);
				i++;
				break;
			}
			if (c == ':' || c == ';') {
				if (c == ':' && ts->argi < TERM_SCAN_ARGS)
					ts->args[ts->argi] |= TS_ARG_MORE;
				/* The write libvterm 0.1.4 must not do. */
				if (ts->argi + 1 >= TS_VT_ARGS)
					ts->rewrite = 1;
				ts->argi++;
				if (ts->argi < TERM_SCAN_ARGS) {
					ts->args[ts->argi] = TS_ARG_MISSING;
					ts->nargs = ts->argi + 1;
				}
				i++;
				break;
			}
			ts->ninter = 0;
			ts->state = TS_CSI_INTERMED;
			/* FALLTHROUGH */
		case TS_CSI_INTERMED:
			if (c >= 0x20 && c <= 0x2f) {
				if (ts->ninter < TS_VT_INTER)
					ts->inter[ts->ninter++] = (char)c;
				i++;
				break;
			}
			ts->state = TS_NORMAL;
			if (c >= 0x40 && c <= 0x7e)
				fed = ts_csi_end(ts, data, fed, at, i, (char)c, 0);
			else
				fed = ts_csi_end(ts, data, fed, at, i, 0, 1);
			at = -1;
			i++;
			if (ts->post != 0) {
				/* Fed as it came; the rest follows. */
				ts_feed(ts, data + fed, i - fed);
				fed = i;
				ts_csi_post(ts, ts->args, ts->nargs);
			}
			break;
		case TS_STRING:
			i++;
			if (c == 0x07) {
				ts->state = TS_NORMAL;
				goto string_done;
			}
			/* A string's body waits for its end (see above). */
			ts_feed(ts, data + fed, i - 1 - fed);
			fed = i;
			ts_string_byte(ts, c);
			break;
		}
		continue;
string_done:
		fed = ts_string_end(ts, data, fed, i);
	}

	if (ts->state == TS_NORMAL && ts->u_need > 0) {
		/* A character goes on in the next write: hold its bytes. */
		if (ts->u_start >= 0) {
			ts_feed(ts, data + fed, (size_t)ts->u_start - fed);
			fed = (size_t)ts->u_start;
			ts->u_start = -1;
		}
		memcpy(ts->u_held + ts->u_nheld, data + fed, len - fed);
		ts->u_nheld += len - fed;
		return;
	}
	if (!TS_IN_CSI(ts->state)) {
		ts_feed(ts, data + fed, len - fed);
		return;
	}
	/* A sequence goes on in the next write: hold its bytes. */
	if (at >= 0) {
		ts_feed(ts, data + fed, (size_t)at - fed);
		fed = (size_t)at;
	}
	if (!ts->rewrite) {
		buf_add(&ts->carry, data + fed, len - fed);
		if (ts->carry.len > TS_CARRY_MAX) {
			ts->rewrite = 1;
			ts->carry.len = 0;
		}
	}
}
