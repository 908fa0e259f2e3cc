/*
 * draw.c: curses setup and colours. Pairs are allocated on first use
 * for each (fg, bg) pair the panes show; when they run out the least
 * likely to matter, background, falls back to the default. Colours the
 * terminal cannot show are mapped down: true colour to the 256-colour cube,
 * 256 colours to the 16 or 8 basic ones.
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

#define PAIR_CACHE 1024

static struct {
	int32_t	fg, bg;
	short	pair;
} pairs[PAIR_CACHE];
static int	npairs;
static short	next_pair = WB_NCOLOURS + 1;
static short	wb_pairs[WB_NCOLOURS];

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

static short
map_colour(int32_t c)
{
	if (c < 0)
		return (-1);
	if (GRID_IS_RGB(c))
		c = rgb_to_256((c >> 16) & 255, (c >> 8) & 255, c & 255);
	if (COLORS >= 256)
		return ((short)c);
	return ((short)idx_down(c, COLORS >= 16 ? 16 : 8));
}

short
draw_pair(int32_t fg, int32_t bg)
{
	short	f, b;
	int	i;

	if (!has_colors())
		return (0);
	f = map_colour(fg);
	b = map_colour(bg);
	if (f == -1 && b == -1)
		return (0);
	for (i = 0; i < npairs; i++) {
		if (pairs[i].fg == f && pairs[i].bg == b)
			return (pairs[i].pair);
	}
	if (next_pair >= COLOR_PAIRS || npairs == PAIR_CACHE)
		return (b != -1 ? draw_pair(fg, -1) : 0);
	init_pair(next_pair, f, b);
	pairs[npairs].fg = f;
	pairs[npairs].bg = b;
	pairs[npairs].pair = next_pair;
	npairs++;
	return (next_pair++);
}

short
draw_wb(enum wb_colour c)
{
	return (wb_pairs[c]);
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
		{ WB_DIFF_ADD, COLOR_GREEN, COLOR_BLUE },
		{ WB_DIFF_DEL, COLOR_RED, COLOR_BLUE },
		{ WB_DIFF_HUNK, COLOR_CYAN, COLOR_BLUE },
	};
	size_t	i;

	setlocale(LC_ALL, "");
	if (getenv("ESCDELAY") == NULL)
		set_escdelay(25);
	initscr();
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
	}
}

void
draw_done(void)
{
	endwin();
}

attr_t
draw_cell_attr(const struct grid_cell *c, short *pair)
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

int
draw_text(int y, int x, const char *s, int maxw, attr_t a, short pair)
{
	wchar_t		wc[2];
	cchar_t		cc;
	uint32_t	cp;
	size_t		len = strlen(s);
	int		n, used = 0, cw;

	while (len > 0 && used < maxw) {
		if ((n = utf8_decode(s, len, &cp)) < 0) {
			n = -n;
			cp = '?';
		}
		if (cp < 32 || cp == 127)
			cp = ' ';
		if ((cw = utf8_width(cp)) < 0)
			cw = 1;
		wc[0] = (wchar_t)cp;
		if (cw == 0 || used + cw > maxw) {
			if (cw != 0)
				break;
			s += n;
			len -= n;
			continue;
		}
		wc[1] = L'\0';
		setcchar(&cc, wc, a, pair, NULL);
		mvadd_wch(y, x + used, &cc);
		used += cw;
		s += n;
		len -= n;
	}
	return (used);
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
	buf_free(&b);
}
