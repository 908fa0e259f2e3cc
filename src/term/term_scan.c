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
 * Prompt marks (OSC 133) and full resets are found on the way: their
 * bytes are fed up to the end before the hook runs, so the screen is
 * exactly as it was when the program printed them.
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
	TS_ESC_IN_STRING
};

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

#define TS_ARG_MORE	0x80000000u	/* a ':' followed it */
#define TS_ARG_MISSING	0x40000000u	/* no digits */
#define TS_ARG_VALUE(a)	((a) & 0x3fffffffu)

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
	buf_init(&ts->osc_body);
}

void
term_scan_reset(struct term_scan *ts)
{
	ts->state = TS_NORMAL;
	ts->held_esc = 0;
	ts->u_need = 0;
	ts->u_nheld = 0;
	ts->u_start = -1;
	ts->carry.len = 0;
	ts->ctl.len = 0;
	ts->osc_keep = 0;
}

void
term_scan_done(struct term_scan *ts)
{
	buf_free(&ts->carry);
	buf_free(&ts->ctl);
	buf_free(&ts->out);
	buf_free(&ts->osc_body);
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

/* Skip bytes that change nothing in text: below 0x80, but ESC. */
static size_t
ts_skip_text(const char *data, size_t i, size_t len)
{
	uint64_t	w;

	while (i + 8 <= len) {
		memcpy(&w, data + i, 8);
		if ((w & 0x8080808080808080ull) != 0)
			break;
		w ^= 0x1b1b1b1b1b1b1b1bull;
		if (((w - 0x0101010101010101ull) & ~w &
		    0x8080808080808080ull) != 0)
			break;
		i += 8;
	}
	while (i < len && (unsigned char)data[i] < 0x80 && data[i] != '\033')
		i++;
	return (i);
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
 * it. */
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
	if (final == 'h' || final == 'l') {
		/* libvterm 0.1.4 sets only the first mode: one each. */
		for (i = 0; i < n; i++) {
			if (!(ts->args[i] & TS_ARG_MISSING))
				ts_put_csi(ts, i, i + 1, final);
		}
		return;
	}
	ts_put_csi(ts, 0, n > TS_VT_ARGS ? TS_VT_ARGS : n, final);
}

static void
ts_csi_begin(struct term_scan *ts, int in_string)
{
	ts->state = TS_CSI_LEADER;
	ts->csi_in_string = in_string;
	ts->nleader = 0;
	ts->ninter = 0;
	ts->argi = 0;
	ts->nargs = 0;
	ts->rewrite = 0;
	ts->carry.len = 0;
	ts->ctl.len = 0;
}

/*
 * The sequence ends at data[i]: final is its final byte, or 0 if it was
 * cancelled (the byte at i is fed as usual) or invalid (libvterm drops the
 * byte at i). at is where its '[' is in data, or -1 if in an earlier write.
 * Returns the new start of what is still to be fed.
 */
static size_t
ts_csi_end(struct term_scan *ts, const char *data, size_t fed, ssize_t at,
    size_t i, char final, int invalid)
{
	int	rep;

	if (final == 'm' && ts->nleader == 0 && ts->ninter == 0 &&
	    ts->argi + 1 > TS_SGR_ARGS)
		ts->rewrite = 1;
	if ((final == 'h' || final == 'l') && ts->ninter == 0 && ts->argi > 0)
		ts->rewrite = 1;
	rep = final == 'b' && ts->nleader == 0 && ts->ninter == 0 &&
	    ts->hooks->can_repeat != NULL;
	if (rep)
		ts->rewrite = 1;
	if (!ts->rewrite) {
		/* As it came: what an earlier write held goes first. */
		ts_feed(ts, ts->carry.data, ts->carry.len);
		ts->carry.len = 0;
		ts->ctl.len = 0;
		return (fed);
	}
	/*
	 * What came before it; not the ESC that began it (held, as the last
	 * byte fed), since the rewrite brings its own. If it began inside a
	 * string, which its ESC ended, a CAN ends the string first.
	 */
	if (at >= 0)
		ts_feed(ts, data + fed, (size_t)at - fed);
	ts->held_esc = 0;
	if (ts->csi_in_string)
		ts_feed(ts, "\030", 1);
	ts_feed(ts, ts->ctl.data, ts->ctl.len);
	if (final != 0) {
		if (!rep || ts->hooks->can_repeat(ts->arg)) {
			ts_rewrite(ts, final);
			ts_feed(ts, ts->out.data, ts->out.len);
		}
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
	ts->osc_keep = osc;
	ts->osc_body.len = 0;
}

static void
ts_string_byte(struct term_scan *ts, unsigned char c)
{
	struct buf	*b = &ts->osc_body;

	if (!ts->osc_keep)
		return;
	if ((b->len < 4 && c != (unsigned char)"133;"[b->len]) ||
	    b->len >= TERM_SCAN_OSC_MAX) {
		ts->osc_keep = 0;
		return;
	}
	buf_add(b, &c, 1);
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
			    (i = ts_skip_text(data, i, len)) == len)
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
			if ((ts->u_need = ts_utf8_need(c)) > 0)
				ts->u_start = (ssize_t)i;
			else if (c == 0x1b) {
				ts->state = TS_ESC;
				ts->esc_inter = 0;
			}
			i++;
			continue;
		}
		c = (unsigned char)data[i];

		/* The bytes libvterm looks at before its state. */
		if (c == 0x00 || c == 0x7f || (c < 0x20 && c != 0x18 &&
		    c != 0x1a && c != 0x1b && !(c == 0x07 &&
		    ts->state == TS_STRING))) {
			if (ts->state == TS_ESC_IN_STRING) {
				/* See above: never between ESC and \. */
				ts_feed(ts, data + fed, i - fed);
				fed = i + 1;
			} else if (TS_IN_CSI(ts->state) && c != 0x00 &&
			    c != 0x7f && ts->ctl.len < TS_CTL_MAX)
				buf_add(&ts->ctl, &c, 1);
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
				ts_csi_begin(ts, from_string);
				at = (ssize_t)i;
			} else if (c == ']' || c == 'P')
				ts_string_begin(ts, c == ']');
			else if (c >= 0x20 && c <= 0x2f)
				ts->esc_inter++;
			else if (ts->esc_inter == 0 && c >= 0x40 && c < 0x60)
				ts->state = TS_NORMAL;	/* a C1 control */
			else if (c >= 0x30 && c < 0x7f) {
				ts->state = TS_NORMAL;
				if ((c == 'c' || c == '8') && ts->esc_inter == 0) {
					ts_feed(ts, data + fed, i + 1 - fed);
					fed = i + 1;
					ts_after(ts, c == 'c');
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
			if (c == 'l' && ts->nleader == 1 && ts->leader[0] == '?') {
				/* Maybe ?1048 or ?1049: a cursor restored. */
				ts_feed(ts, data + fed, i - fed);
				fed = i;
				ts_after(ts, 0);
			}
			break;
		case TS_STRING:
			i++;
			if (c == 0x07) {
				ts->state = TS_NORMAL;
				goto string_done;
			}
			ts_string_byte(ts, c);
			break;
		}
		continue;
string_done:
		if (ts->osc_keep && ts->osc_body.len >= 5) {
			ts_feed(ts, data + fed, i - fed);
			fed = i;
			if (ts->hooks->mark != NULL)
				ts->hooks->mark(ts->osc_body.data,
				    ts->osc_body.len, ts->arg);
		}
		ts->osc_keep = 0;
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
