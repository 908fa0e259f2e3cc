/* test_reflow.c: rewrapping the primary screen and the scrollback when a
 * pane changes width (term_reflow.c): lines on the screen and in the
 * scrollback, the cursor, wide characters at the wrap, a line that ends at
 * the margin, an erase that ends a wrapped line, the alternate screen. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "term.h"
#include "term_text.h"
#include "unit.h"
#include "util.h"

static const struct term_hooks hooks;

/* n characters of a line that says which it is: "<tag>" then letters. */
static char *
text(char *buf, char tag, int n)
{
	int	i;

	for (i = 0; i < n; i++)
		buf[i] = i == 0 ? tag : (char)('a' + (i * 7 + tag) % 26);
	buf[n] = '\0';
	return (buf);
}

/* Columns [from, from + n) of a text. */
static const char *
part(const char *s, int from, int n)
{
	static char	p[4096];

	snprintf(p, sizeof p, "%.*s", n, s + from);
	return (p);
}

static void
cursor(struct term *t, int *x, int *y)
{
	struct term_cursor	c;

	term_get_cursor(t, &c);
	*x = c.x;
	*y = c.y;
}

/* Long lines printed at 80 columns, narrowed to 30, widened to 100. */
static void
test_screen(void)
{
	struct term	*t = term_create(80, 24, 100, &hooks, NULL);
	char		 a[200], b[200], c[200];
	int		 x, y;

	text(a, 'A', 100);
	text(b, 'B', 50);
	text(c, 'C', 150);
	put(t, a);
	put(t, "\r\n");
	put(t, b);
	put(t, "\r\n");
	put(t, c);
	put(t, "\r\n$ ");
	CHECK_STR(row(t, 0), part(a, 0, 80));
	CHECK_STR(row(t, 1), part(a, 80, 20));

	term_resize(t, 30, 24);
	CHECK_STR(row(t, 0), part(a, 0, 30));
	CHECK_STR(row(t, 1), part(a, 30, 30));
	CHECK_STR(row(t, 2), part(a, 60, 30));
	CHECK_STR(row(t, 3), part(a, 90, 10));
	CHECK_STR(row(t, 4), part(b, 0, 30));
	CHECK_STR(row(t, 5), part(b, 30, 20));
	CHECK_STR(row(t, 6), part(c, 0, 30));
	CHECK_STR(row(t, 10), part(c, 120, 30));
	CHECK_STR(row(t, 11), "$");
	CHECK_STR(row(t, 12), "");
	CHECK(term_history_size(t) == 0);
	cursor(t, &x, &y);
	CHECK(x == 2 && y == 11);

	term_resize(t, 100, 24);
	CHECK_STR(row(t, 0), a);
	CHECK_STR(row(t, 1), b);
	CHECK_STR(row(t, 2), part(c, 0, 100));
	CHECK_STR(row(t, 3), part(c, 100, 50));
	CHECK_STR(row(t, 4), "$");
	cursor(t, &x, &y);
	CHECK(x == 2 && y == 4);
	/* What is typed next goes after the prompt. */
	put(t, "ls");
	CHECK_STR(row(t, 4), "$ ls");
	term_destroy(t);
}

/* Lines already in the scrollback are rewrapped and joined too. */
static void
test_scrollback(void)
{
	struct term	*t = term_create(80, 5, 1000, &hooks, NULL);
	char		 l[10][200];
	int		 i, n, x, y;

	for (i = 0; i < 10; i++) {
		text(l[i], (char)('0' + i), 100);
		put(t, l[i]);
		put(t, "\r\n");
	}
	put(t, "$ ");
	/* 20 rows and the prompt on 5: 16 in the scrollback. */
	CHECK(term_history_size(t) == 16);
	CHECK_STR(hist(t, 15), part(l[0], 0, 80));

	term_resize(t, 30, 5);
	/* Each line is 4 rows now: 40 and the prompt, 36 above. */
	CHECK(term_history_size(t) == 36);
	CHECK_STR(hist(t, 35), part(l[0], 0, 30));
	CHECK_STR(hist(t, 34), part(l[0], 30, 30));
	CHECK_STR(hist(t, 32), part(l[0], 90, 10));
	CHECK_STR(hist(t, 31), part(l[1], 0, 30));
	CHECK_STR(row(t, 3), part(l[9], 90, 10));
	CHECK_STR(row(t, 4), "$");
	cursor(t, &x, &y);
	CHECK(x == 2 && y == 4);

	term_resize(t, 100, 5);
	CHECK(term_history_size(t) == 6);
	for (i = 0; i < 6; i++)
		CHECK_STR(hist(t, 5 - i), l[i]);
	for (i = 6; i < 10; i++)
		CHECK_STR(row(t, i - 6), l[i]);
	CHECK_STR(row(t, 4), "$");

	/* Back to 80: as it was printed. */
	term_resize(t, 80, 5);
	CHECK(term_history_size(t) == 16);
	n = 0;
	for (i = 0; i < 8; i++) {
		CHECK_STR(hist(t, 15 - n), part(l[i], 0, 80));
		n++;
		CHECK_STR(hist(t, 15 - n), part(l[i], 80, 20));
		n++;
	}
	term_destroy(t);
}

/* The cursor stays on the same character. */
static void
test_cursor(void)
{
	struct term	*t = term_create(80, 10, 100, &hooks, NULL);
	char		 a[200];
	int		 x, y;

	/* A command line typed past the margin: the cursor after it. */
	text(a, 'P', 90);
	put(t, "top\r\n");
	put(t, a);
	cursor(t, &x, &y);
	CHECK(x == 10 && y == 2);
	term_resize(t, 30, 10);
	cursor(t, &x, &y);
	CHECK(x == 0 && y == 4);
	put(t, "X");
	CHECK_STR(row(t, 3), part(a, 60, 30));
	CHECK_STR(row(t, 4), "X");
	term_resize(t, 100, 10);
	cursor(t, &x, &y);
	CHECK(x == 91 && y == 1);
	CHECK_STR(row(t, 0), "top");
	CHECK(strncmp(row(t, 1), a, 90) == 0 && row(t, 1)[90] == 'X');
	/* The cursor in the middle of the line (moved back). */
	put(t, "\033[2;50H");
	term_resize(t, 20, 10);
	cursor(t, &x, &y);
	CHECK(x == 9 && y == 3);
	term_destroy(t);

	/* Pending at the margin: the next glyph goes after the last. */
	t = term_create(80, 10, 100, &hooks, NULL);
	text(a, 'Q', 80);
	put(t, a);
	cursor(t, &x, &y);
	CHECK(x == 79 && y == 0);
	term_resize(t, 30, 10);
	cursor(t, &x, &y);
	CHECK(x == 20 && y == 2);
	put(t, "X");
	CHECK(row(t, 2)[20] == 'X' && strncmp(row(t, 2), a + 60, 20) == 0);
	term_resize(t, 100, 10);
	CHECK(strncmp(row(t, 0), a, 80) == 0 && row(t, 0)[80] == 'X');
	cursor(t, &x, &y);
	CHECK(x == 81 && y == 0);
	term_destroy(t);
}

/* A cursor saved (DECSC) before a reflow comes back (DECRC) where its
 * character went, as the cursor itself does; below the text, and among
 * the blank rows made again, as far below the text as it was. */
static void
test_saved_cursor(void)
{
	struct term	*t = term_create(80, 10, 100, &hooks, NULL);
	char		 a[200];
	int		 x, y;

	text(a, 'S', 70);
	put(t, a);
	put(t, "\r\nbbbb\0337\r\n\r\nprompt$ ");
	term_resize(t, 40, 10);
	/* The 70 characters take two rows: bbbb is on the third. */
	CHECK_STR(row(t, 2), "bbbb");
	put(t, "\0338X");
	CHECK_STR(row(t, 2), "bbbbX");
	CHECK_STR(row(t, 1), part(a, 40, 30));
	/* Widened again: one row, and the saved cursor with it. */
	put(t, "\0337\033[9H");
	term_resize(t, 80, 10);
	put(t, "\0338Y");
	CHECK_STR(row(t, 0), a);
	CHECK_STR(row(t, 1), "bbbbXY");
	/* Saved on a blank row below the text: as far below it. */
	put(t, "\033[7;5H\0337\033[H");
	term_resize(t, 40, 10);
	put(t, "\0338Z");
	cursor(t, &x, &y);
	CHECK(x == 5 && y == 7);
	CHECK_STR(row(t, 7), "    Z");
	term_destroy(t);
}

/* A wide character at the wrap point: never split, no space added. */
static void
test_wide(void)
{
	struct term	*t = term_create(10, 5, 100, &hooks, NULL);
	const char	*zh = "\xe4\xb8\xad";	/* U+4E2D, two cells */

	put(t, "abcdefghi");
	put(t, zh);
	put(t, "x\r\n$ ");
	CHECK_STR(row(t, 0), "abcdefghi");
	CHECK_STR(row(t, 1), "\xe4\xb8\xadx");
	term_resize(t, 20, 5);
	CHECK_STR(row(t, 0), "abcdefghi\xe4\xb8\xadx");
	CHECK_STR(row(t, 1), "$");
	/* At 5 the wide one would straddle columns 4 and 5: it moves. */
	term_resize(t, 5, 5);
	CHECK_STR(row(t, 0), "abcde");
	CHECK_STR(row(t, 1), "fghi");
	CHECK_STR(row(t, 2), "\xe4\xb8\xadx");
	CHECK_STR(row(t, 3), "$");
	term_resize(t, 11, 5);
	CHECK_STR(row(t, 0), "abcdefghi\xe4\xb8\xad");
	CHECK_STR(row(t, 1), "x");
	term_resize(t, 20, 5);
	CHECK_STR(row(t, 0), "abcdefghi\xe4\xb8\xadx");
	/* A row of wide ones at an odd width. */
	put(t, "\r\n");
	put(t, "\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad");
	term_resize(t, 3, 10);
	CHECK_STR(row(t, 9), zh);
	CHECK_STR(row(t, 5), zh);
	term_resize(t, 20, 10);
	CHECK_STR(row(t, 2), "\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad"
	    "\xe4\xb8\xad\xe4\xb8\xad");
	term_destroy(t);
}

/* A line that ends exactly at the margin is a line of its own; one that
 * goes on past it is joined. */
static void
test_margin(void)
{
	struct term	*t = term_create(80, 10, 100, &hooks, NULL);
	char		 a[200], b[200], more[200];

	text(a, 'M', 80);
	text(b, 'N', 80);
	put(t, a);
	put(t, "\r\nnext\r\n");
	put(t, b);
	put(t, "more\r\n");
	term_resize(t, 30, 10);
	CHECK_STR(row(t, 2), part(a, 60, 20));
	CHECK_STR(row(t, 3), "next");
	snprintf(more, sizeof more, "%smore", b + 60);
	CHECK_STR(row(t, 6), more);
	term_resize(t, 100, 10);
	CHECK_STR(row(t, 0), a);
	CHECK_STR(row(t, 1), "next");
	CHECK(strncmp(row(t, 2), b, 80) == 0 &&
	    strcmp(row(t, 2) + 80, "more") == 0);
	CHECK_STR(row(t, 3), "");
	term_destroy(t);
}

/* Erasing to the end of a wrapped row ends its line there. */
static void
test_erase_ends_line(void)
{
	struct term	*t = term_create(80, 10, 100, &hooks, NULL);
	char		 a[200];

	text(a, 'E', 100);
	put(t, a);
	put(t, "\033[1;50H\033[K\033[3;1H");
	term_resize(t, 100, 10);
	CHECK_STR(row(t, 0), part(a, 0, 49));
	CHECK_STR(row(t, 1), part(a, 80, 20));
	term_destroy(t);
}

/* The alternate screen is cut, not reflowed; the primary behind it is,
 * and its cursor comes back where the reflow put it. */
static void
test_altscreen(void)
{
	struct term	*t = term_create(80, 10, 100, &hooks, NULL);
	char		 a[200], b[200];
	int		 x, y;

	text(a, 'F', 100);
	text(b, 'G', 100);
	put(t, a);
	put(t, "\r\n$ ");
	put(t, "\033[?1049h\033[H");
	put(t, b);
	term_resize(t, 30, 10);
	CHECK(term_altscreen(t));
	CHECK_STR(row(t, 0), part(b, 0, 30));
	CHECK_STR(row(t, 1), part(b, 80, 20));
	CHECK_STR(row(t, 2), "");
	term_resize(t, 100, 10);
	CHECK_STR(row(t, 0), part(b, 0, 30));
	term_resize(t, 30, 10);
	/* Behind it the primary was reflowed, its cursor with it. */
	put(t, "\033[?1049l");
	CHECK(!term_altscreen(t));
	CHECK(term_history_size(t) == 0);
	CHECK_STR(row(t, 0), part(a, 0, 30));
	CHECK_STR(row(t, 3), part(a, 90, 10));
	CHECK_STR(row(t, 4), "$");
	cursor(t, &x, &y);
	CHECK(x == 2 && y == 4);
	put(t, "ls");
	CHECK_STR(row(t, 4), "$ ls");
	term_resize(t, 100, 10);
	CHECK_STR(row(t, 0), a);
	CHECK_STR(row(t, 1), "$ ls");
	term_destroy(t);

	/* A program that leaves without restoring the cursor (?1047)
	 * keeps the one it had. */
	t = term_create(80, 10, 100, &hooks, NULL);
	put(t, a);
	put(t, "\r\n$ \033[?1047h\033[5;7H");
	term_resize(t, 30, 10);
	put(t, "\033[?1047l");
	put(t, "x");
	cursor(t, &x, &y);
	CHECK(x == 7 && y == 4);
	term_destroy(t);
}

/* A screen with blank rows keeps its top: widening after a clear does not
 * bring old lines back over the prompt. */
static void
test_keeps_top(void)
{
	struct term	*t = term_create(40, 5, 100, &hooks, NULL);
	int		 i, x, y;

	for (i = 0; i < 8; i++)
		put(t, "line\r\n");
	put(t, "\033[H\033[2J$ ");
	CHECK(term_history_size(t) == 4);
	term_resize(t, 60, 5);
	CHECK_STR(row(t, 0), "$");
	CHECK(term_history_size(t) == 4);
	cursor(t, &x, &y);
	CHECK(x == 2 && y == 0);
	term_resize(t, 20, 5);
	CHECK_STR(row(t, 0), "$");
	CHECK(term_history_size(t) == 4);
	term_destroy(t);
}

/* Colours and attributes go with their characters, the underline's
 * colour (SGR 58) too. */
static void
test_attributes(void)
{
	struct term		*t = term_create(10, 5, 100, &hooks, NULL);
	struct term_line	 l;

	put(t, "\033[4;58;5;1mabcde\033[58;5;2mfghij\033[58;5;3mklm"
	    "\033[0;31mnop\033[m\r\n");
	term_resize(t, 20, 5);
	CHECK_STR(row(t, 0), "abcdefghijklmnop");
	term_line_init(&l);
	term_get_row(t, 0, &l);
	CHECK(l.nruns == 4);
	if (l.nruns == 4) {
		CHECK(l.runs[0].cells == 5 && l.runs[1].cells == 5 &&
		    l.runs[2].cells == 3 && l.runs[3].cells == 3);
		CHECK(l.runs[0].attr.ul == (TERM_COLOR_INDEXED | 1));
		CHECK(l.runs[1].attr.ul == (TERM_COLOR_INDEXED | 2));
		CHECK(l.runs[2].attr.ul == (TERM_COLOR_INDEXED | 3));
		CHECK(l.runs[2].attr.flags & TERM_ATTR_UNDERLINE);
		CHECK(l.runs[3].attr.fg == (TERM_COLOR_INDEXED | 1) &&
		    !(l.runs[3].attr.flags & TERM_ATTR_UNDERLINE));
	}
	term_resize(t, 4, 5);
	term_get_row(t, 1, &l);
	CHECK(l.nruns == 2 && l.runs[0].attr.ul == (TERM_COLOR_INDEXED | 1) &&
	    l.runs[1].attr.ul == (TERM_COLOR_INDEXED | 2));
	term_line_done(&l);
	term_destroy(t);
}

/* One line longer than a run's count of cells (16 bits) goes and comes
 * back whole. */
static void
test_long_line(void)
{
	struct term	*t = term_create(200, 10, 2000, &hooks, NULL);
	char		*a;
	int		 i, n = 100000;

	a = xmalloc(n + 1);
	text(a, 'L', n);
	put(t, a);
	put(t, "\r\n$ ");
	term_resize(t, 150, 10);
	term_resize(t, 200, 10);
	CHECK(term_history_size(t) == n / 200 + 1 - 10);
	for (i = 0; i < 9; i++)
		CHECK_STR(row(t, i), part(a, n - (9 - i) * 200, 200));
	CHECK_STR(hist(t, 0), part(a, n - 10 * 200, 200));
	CHECK_STR(row(t, 9), "$");
	free(a);
	term_destroy(t);
}

/* Random output and widths: nothing crashes, the cursor is on the screen,
 * and the text read back at the first width is what it was. */
static void
test_random(void)
{
	static const char *const bits[] = {
		"abc", "\r\n", "\xe4\xb8\xad", "e\xcc\x81", "\033[31m", "\033[m",
		"\033[K", "\033[2;3H", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		"\t", "\033[?1049h", "\033[?1049l", "\033[1P", "\033[2@", "\b"
	};
	struct term	*t;
	int		 i, k, x, y, cols, rows;

	srand(7);
	for (k = 0; k < 20; k++) {
		t = term_create(1 + rand() % 60, 1 + rand() % 12, 50, &hooks,
		    NULL);
		for (i = 0; i < 400; i++) {
			put(t, bits[rand() % (int)(sizeof bits /
			    sizeof bits[0])]);
			if (rand() % 40 == 0)
				term_resize(t, 1 + rand() % 60,
				    1 + rand() % 12);
			cursor(t, &x, &y);
			term_size(t, &cols, &rows);
			CHECK(x >= 0 && x < cols && y >= 0 && y < rows);
		}
		term_destroy(t);
	}
}

int
main(void)
{
	RUN(test_screen);
	RUN(test_scrollback);
	RUN(test_cursor);
	RUN(test_saved_cursor);
	RUN(test_wide);
	RUN(test_margin);
	RUN(test_erase_ends_line);
	RUN(test_altscreen);
	RUN(test_keeps_top);
	RUN(test_long_line);
	RUN(test_attributes);
	RUN(test_random);
	UNIT_DONE();
}
