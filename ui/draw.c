/*
 * draw.c: curses setup and colours.
 *
 * Colour pairs are made on first use for each (fg, bg) the panes show and
 * kept in a cache as large as the terminal's pairs (ncurses 6's extended
 * pairs: 65,536 with a 256-colour terminfo), found by a hash and ordered by
 * use. Every frame is drawn whole (ui_draw erases first) and opens with
 * draw_frame, so a pair not used yet in this frame is not on the screen
 * curses is building: when the cache is full the least recently used such
 * pair is redefined for the new colours. Only when one frame itself uses
 * more pairs than the terminal has does a colour fall back, background
 * first, to the default.
 *
 * Colours the terminal cannot show are mapped down: 256 colours to the 16
 * or 8 basic ones, true colour to the 256-colour cube. Where the terminal
 * takes 24-bit colour (a terminfo entry with the RGB flag, such as
 * xterm-direct or tmux-direct, or COLORTERM=truecolor where such an entry
 * exists for TERM's family) true colour is drawn as it is, and indexed
 * colours past the eight ANSI ones as their usual RGB values.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "utf8.h"
#include "util.h"
#include "draw.h"

#include <term.h>	/* after curses.h; its capability macros after grid.h */

#if defined(NCURSES_EXT_COLORS) && NCURSES_EXT_COLORS
#define DRAW_EXT_PAIRS 1
#define DRAW_MAX_PAIRS 65536
#else
#define DRAW_MAX_PAIRS 32767
#endif
#define DRAW_HASH 4096		/* buckets of the pair cache (a power of 2) */

struct draw_slot {		/* one pair of the cache */
	int		fg, bg;		/* as given to init_pair */
	unsigned	frame;		/* the last frame that used it */
	int		prev, next;	/* use order, most recent first */
	int		hnext;		/* the next in its hash bucket */
};

static struct draw_slot	*slots;
static int		 nslots;	/* pairs WB_NCOLOURS + 1 ... */
static int		 nused;
static int		 lru_head = -1, lru_tail = -1;
static int		 buckets[DRAW_HASH];
static unsigned		 frame = 1;
static int		 direct;	/* colours are 24-bit RGB values */
static short		 wb_pairs[WB_NCOLOURS];

static int
rgb_to_256(int r, int g, int b)
{
	int	ri = (r * 5 + 127) / 255, gi = (g * 5 + 127) / 255;
	int	bi = (b * 5 + 127) / 255;

	if (r == g && g == b && r > 8 && r < 238)
		return (232 + (r - 8) / 10);
	return (16 + 36 * ri + 6 * gi + bi);
}

static void
idx_to_rgb(int i, int *r, int *g, int *b)
{
	static const int base[16][3] = {
		{0,0,0},{205,0,0},{0,205,0},{205,205,0},{0,0,238},{205,0,205},
		{0,205,205},{229,229,229},{127,127,127},{255,0,0},{0,255,0},
		{255,255,0},{92,92,255},{255,0,255},{0,255,255},{255,255,255}
	};
	static const int steps[6] = { 0, 95, 135, 175, 215, 255 };

	if (i < 16) {
		*r = base[i][0];
		*g = base[i][1];
		*b = base[i][2];
	} else if (i < 232) {
		i -= 16;
		*r = steps[i / 36];
		*g = steps[(i / 6) % 6];
		*b = steps[i % 6];
	} else
		*r = *g = *b = 8 + (i - 232) * 10;
}

/* The nearest of the first n colours (8 or 16) to an indexed colour. */
static int
idx_down(int i, int n)
{
	int	r, g, b, best = 0, bestd = 1 << 30, k, d, rr, gg, bb;

	if (i < n)
		return (i);
	idx_to_rgb(i, &r, &g, &b);
	for (k = 0; k < n; k++) {
		idx_to_rgb(k, &rr, &gg, &bb);
		d = (r - rr) * (r - rr) + (g - gg) * (g - gg) +
		    (b - bb) * (b - bb);
		if (d < bestd) {
			bestd = d;
			best = k;
		}
	}
	return (best);
}

/* What init_pair takes for a cell's colour on this terminal. */
static int
map_colour(int32_t c)
{
	int	r, g, b, v;

	if (c < 0)
		return (-1);
	if (direct) {
		if (GRID_IS_RGB(c))
			v = c & 0xffffff;
		else if (c < 8)
			return (c);
		else {
			idx_to_rgb(c & 255, &r, &g, &b);
			v = r << 16 | g << 8 | b;
		}
		/* Values below 8 are the ANSI colours there. */
		return (v < 8 ? v | 0x100 : v);
	}
	if (GRID_IS_RGB(c))
		c = rgb_to_256((c >> 16) & 255, (c >> 8) & 255, c & 255);
	if (COLORS >= 256)
		return (c & 255);
	return (idx_down(c & 255, COLORS >= 16 ? 16 : 8));
}

static unsigned
pair_hash(int f, int b)
{
	return (((unsigned)f * 2654435761u) ^ ((unsigned)b * 40503u)) &
	    (DRAW_HASH - 1);
}

static void
lru_unlink(int i)
{
	if (slots[i].prev != -1)
		slots[slots[i].prev].next = slots[i].next;
	else
		lru_head = slots[i].next;
	if (slots[i].next != -1)
		slots[slots[i].next].prev = slots[i].prev;
	else
		lru_tail = slots[i].prev;
}

static void
lru_push(int i)
{
	slots[i].prev = -1;
	slots[i].next = lru_head;
	if (lru_head != -1)
		slots[lru_head].prev = i;
	lru_head = i;
	if (lru_tail == -1)
		lru_tail = i;
}

static void
hash_remove(int i)
{
	int	*at = &buckets[pair_hash(slots[i].fg, slots[i].bg)];

	while (*at != -1 && *at != i)
		at = &slots[*at].hnext;
	if (*at == i)
		*at = slots[i].hnext;
}

static int
slot_pair(int i)
{
	return (WB_NCOLOURS + 1 + i);
}

static void
pair_define(int i, int f, int b)
{
#ifdef DRAW_EXT_PAIRS
	init_extended_pair(slot_pair(i), f, b);
#else
	init_pair((short)slot_pair(i), (short)f, (short)b);
#endif
}

/*
 * The pair for mapped colours (f, b), made or taken over if need be; -1
 * when every pair is in use in this frame.
 */
static int
pair_find(int f, int b)
{
	unsigned	h = pair_hash(f, b);
	int		i;

	for (i = buckets[h]; i != -1; i = slots[i].hnext) {
		if (slots[i].fg == f && slots[i].bg == b)
			break;
	}
	if (i == -1) {
		if (nused < nslots)
			i = nused++;
		else if (lru_tail != -1 && slots[lru_tail].frame != frame) {
			i = lru_tail;
			hash_remove(i);
			lru_unlink(i);
		} else
			return (-1);
		slots[i].fg = f;
		slots[i].bg = b;
		slots[i].hnext = buckets[h];
		buckets[h] = i;
		pair_define(i, f, b);
		lru_push(i);
	} else if (lru_head != i) {
		lru_unlink(i);
		lru_push(i);
	}
	slots[i].frame = frame;
	return (slot_pair(i));
}

int
draw_pair(int32_t fg, int32_t bg)
{
	int	f, b, p;

	if (!has_colors() || slots == NULL)
		return (0);
	f = map_colour(fg);
	b = map_colour(bg);
	if (f == -1 && b == -1)
		return (0);
	if ((p = pair_find(f, b)) != -1)
		return (p);
	if (b != -1 && f != -1 && (p = pair_find(f, -1)) != -1)
		return (p);
	return (0);
}

void
draw_frame(void)
{
	frame++;
}

int
draw_direct(void)
{
	return (direct);
}

int
draw_cchar(cchar_t *cc, const wchar_t *wc, attr_t a, int pair)
{
#ifdef DRAW_EXT_PAIRS
	return (setcchar(cc, wc, a, 0, &pair));
#else
	return (setcchar(cc, wc, a, (short)pair, NULL));
#endif
}

short
draw_wb(enum wb_colour c)
{
	return (wb_pairs[c]);
}

/*
 * With COLORTERM=truecolor (or 24bit) and a TERM whose own entry has no
 * 24-bit colour, the direct-colour entry of its family (xterm-256color:
 * xterm-direct) if this system has one; NULL otherwise.
 */
static char *
draw_direct_term(void)
{
	const char	*term = getenv("TERM"), *ct = getenv("COLORTERM");
	char		*name;
	int		 err, rgb;

	if (term == NULL || ct == NULL || (strcmp(ct, "truecolor") != 0 &&
	    strcmp(ct, "24bit") != 0) || strstr(term, "direct") != NULL)
		return (NULL);
	if (setupterm(term, fileno(stdout), &err) != OK)
		return (NULL);
	rgb = tigetflag("RGB") > 0 || tigetnum("colors") >= 0x1000000;
	del_curterm(cur_term);
	if (rgb)
		return (NULL);
	name = xasprintf("%.*s-direct", (int)strcspn(term, "-"), term);
	if (setupterm(name, fileno(stdout), &err) != OK) {
		free(name);
		return (NULL);
	}
	del_curterm(cur_term);
	return (name);
}

void
draw_init(void)
{
	static const struct {
		enum wb_colour	c;
		short		fg, bg;
	} table[] = {
		{ WB_BORDER, COLOR_WHITE, -1 },
		{ WB_BORDER_ACTIVE, COLOR_GREEN, -1 },
		{ WB_STATUS, COLOR_BLACK, COLOR_WHITE },
		{ WB_TIME_OK, COLOR_GREEN, -1 },
		{ WB_TIME_HOUR, COLOR_YELLOW, -1 },
		{ WB_TIME_QUARTER, COLOR_RED, -1 },
		{ WB_TIME_LAST, COLOR_WHITE, COLOR_RED },
		{ WB_HEADING, COLOR_CYAN, -1 },
		{ WB_CODE, COLOR_YELLOW, -1 },
		{ WB_BEST, COLOR_GREEN, -1 },
		{ WB_BAD, COLOR_RED, -1 },
		{ WB_DIM, COLOR_BLUE, -1 },
		{ WB_MESSAGE, COLOR_BLACK, COLOR_YELLOW },
		{ WB_OVERLAY, COLOR_WHITE, COLOR_BLUE },
		{ WB_PLOT, COLOR_CYAN, -1 },
		{ WB_DIFF_ADD, COLOR_GREEN, -1 },
		{ WB_DIFF_DEL, COLOR_RED, -1 },
		{ WB_DIFF_HUNK, COLOR_CYAN, -1 },
	};
	size_t	 i;
	char	*direct_term;

	setlocale(LC_ALL, "");
	if (getenv("ESCDELAY") == NULL)
		set_escdelay(25);
	if ((direct_term = draw_direct_term()) == NULL ||
	    newterm(direct_term, stdout, stdin) == NULL)
		initscr();
	free(direct_term);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	meta(stdscr, TRUE);
	mousemask(ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION, NULL);
	mouseinterval(0);
	if (has_colors()) {
		start_color();
		use_default_colors();
		for (i = 0; i < nitems(table); i++) {
			init_pair(table[i].c, table[i].fg, table[i].bg);
			wb_pairs[table[i].c] = table[i].c;
		}
		direct = COLORS >= 0x1000000 || tigetflag("RGB") > 0;
		nslots = (COLOR_PAIRS < DRAW_MAX_PAIRS ? COLOR_PAIRS :
		    DRAW_MAX_PAIRS) - (WB_NCOLOURS + 1);
		if (nslots > 0) {
			slots = xcalloc(nslots, sizeof *slots);
			for (i = 0; i < DRAW_HASH; i++)
				buckets[i] = -1;
		}
	}
}

void
draw_done(void)
{
	endwin();
	free(slots);
	slots = NULL;
	nslots = nused = 0;
	lru_head = lru_tail = -1;
}

attr_t
draw_cell_attr(const struct grid_cell *c, int *pair)
{
	attr_t	a = A_NORMAL;

	if (c->flags & GRID_BOLD)
		a |= A_BOLD;
	if (c->flags & GRID_UNDERLINE)
		a |= A_UNDERLINE;
	if (c->flags & GRID_REVERSE)
		a |= A_REVERSE;
	if (c->flags & GRID_BLINK)
		a |= A_BLINK;
	if (c->flags & GRID_DIM)
		a |= A_DIM;
	if (c->flags & GRID_CONCEAL)
		a |= A_INVIS;
#ifdef A_ITALIC
	if (c->flags & GRID_ITALIC)
		a |= A_ITALIC;
#endif
	*pair = draw_pair(c->fg, c->bg);
	return (a);
}

int
draw_text_width(const char *s)
{
	return (utf8_text_width(s, strlen(s)));
}

/*
 * The next character of s (len bytes left) as drawn: a byte that is not
 * UTF-8 is '?', a control is a blank; s and len move past it. Returns its
 * width in cells (0 for a combining mark).
 */
static int
draw_next(const char **s, size_t *len, uint32_t *cp)
{
	int	n, cw;

	if ((n = utf8_decode(*s, *len, cp)) < 0) {
		n = -n;
		*cp = '?';
	}
	if (*cp < 32 || *cp == 127)
		*cp = ' ';
	if ((cw = utf8_width(*cp)) < 0)
		cw = 1;
	*s += n;
	*len -= (size_t)n;
	return (cw);
}

int
draw_text(int y, int x, const char *s, int maxw, attr_t a, short pair)
{
	wchar_t		wc[2];
	cchar_t		cc;
	uint32_t	cp;
	size_t		len = strlen(s);
	int		used = 0, cw;

	while (len > 0 && used < maxw) {
		cw = draw_next(&s, &len, &cp);
		if (cw == 0)
			continue;
		if (used + cw > maxw)
			break;
		wc[0] = (wchar_t)cp;
		wc[1] = L'\0';
		setcchar(&cc, wc, a, pair, NULL);
		mvadd_wch(y, x + used, &cc);
		used += cw;
	}
	return (used);
}

int
draw_text_from(int y, int x, const char *s, int skip, int maxw, attr_t a,
    short pair)
{
	size_t		len = strlen(s);
	uint32_t	cp;
	int		cw, gap = 0;

	while (skip > 0 && len > 0) {
		cw = draw_next(&s, &len, &cp);
		/* A wide character cut in two leaves a blank. */
		if (cw > skip)
			gap = cw - skip;
		skip -= cw;
	}
	if (gap >= maxw)
		return (0);
	return (gap + draw_text(y, x + gap, s, maxw - gap, a, pair));
}

void
draw_fill(int y, int x, int w, attr_t a, short pair)
{
	int	i;

	attr_set(a, pair, NULL);
	for (i = 0; i < w; i++)
		mvaddch(y, x + i, ' ');
	attr_set(A_NORMAL, 0, NULL);
}

/*
 * Hand text to the terminal's clipboard with OSC 52, as tmux does; the
 * terminals that do not know it ignore it. Written straight to the
 * terminal between two updates, so curses' idea of the screen holds.
 */
void
draw_clipboard(const char *text)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char	*s = (const unsigned char *)text;
	size_t			 len = strlen(text), i;
	struct buf		 b;
	unsigned		 v;

	if (len > 65536)
		return;
	buf_init(&b);
	buf_addstr(&b, "\033]52;c;");
	for (i = 0; i + 2 < len; i += 3) {
		v = s[i] << 16 | s[i + 1] << 8 | s[i + 2];
		buf_add(&b, &b64[v >> 18], 1);
		buf_add(&b, &b64[(v >> 12) & 63], 1);
		buf_add(&b, &b64[(v >> 6) & 63], 1);
		buf_add(&b, &b64[v & 63], 1);
	}
	if (len - i == 1) {
		v = s[i] << 16;
		buf_add(&b, &b64[v >> 18], 1);
		buf_add(&b, &b64[(v >> 12) & 63], 1);
		buf_addstr(&b, "==");
	} else if (len - i == 2) {
		v = s[i] << 16 | s[i + 1] << 8;
		buf_add(&b, &b64[v >> 18], 1);
		buf_add(&b, &b64[(v >> 12) & 63], 1);
		buf_add(&b, &b64[(v >> 6) & 63], 1);
		buf_addstr(&b, "=");
	}
	buf_addstr(&b, "\007");
	fflush(stdout);
	fwrite(b.data, 1, b.len, stdout);
	fflush(stdout);
	buf_done(&b);
}
