/*
 * test_snapshot.c: a screen written out by term_snapshot and played into a
 * fresh terminal gives the same screen: text, attributes and colours of
 * every row, wide characters, the cursor and its visibility.
 */
#include "config.h"

#include "snapshot.h"
#include "term.h"
#include "unit.h"

static const struct term_hooks hooks = { 0 };

static void
feed(struct term *t, const char *s)
{
	term_write(t, s, strlen(s));
}

/* Rows of a and b the same, run by run. */
static void
check_same(struct term *a, struct term *b)
{
	struct term_line	la, lb;
	struct term_cursor	ca, cb;
	unsigned int		i;
	int			y, cols, rows;

	term_size(a, &cols, &rows);
	term_line_init(&la);
	term_line_init(&lb);
	for (y = 0; y < rows; y++) {
		term_get_row(a, y, &la);
		term_get_row(b, y, &lb);
		CHECK(la.cells == lb.cells);
		CHECK(la.text.len == lb.text.len &&
		    memcmp(la.text.data, lb.text.data, la.text.len) == 0);
		CHECK(la.nruns == lb.nruns);
		for (i = 0; i < la.nruns && i < lb.nruns; i++) {
			CHECK(la.runs[i].attr.fg == lb.runs[i].attr.fg);
			CHECK(la.runs[i].attr.bg == lb.runs[i].attr.bg);
			CHECK(la.runs[i].attr.flags == lb.runs[i].attr.flags);
			CHECK(la.runs[i].attr.ul == lb.runs[i].attr.ul);
			CHECK(la.runs[i].cells == lb.runs[i].cells);
		}
	}
	term_get_cursor(a, &ca);
	term_get_cursor(b, &cb);
	CHECK(ca.x == cb.x && ca.y == cb.y);
	CHECK(ca.visible == cb.visible);
	term_line_done(&la);
	term_line_done(&lb);
}

static void
roundtrip(const char *input, int cols, int rows)
{
	struct term	*a, *b;
	struct buf	 snap;

	a = term_create(cols, rows, 100, &hooks, NULL);
	feed(a, input);
	buf_init(&snap);
	term_snapshot(a, &snap);
	b = term_create(cols, rows, 100, &hooks, NULL);
	/* Something on b first: the snapshot must clear it. */
	feed(b, "\033[41mleft over\r\n\033[0m garbage");
	term_write(b, snap.data, snap.len);
	check_same(a, b);
	buf_done(&snap);
	term_destroy(a);
	term_destroy(b);
}

static void
test_plain(void)
{
	roundtrip("hello\r\nworld\r\n$ ", 20, 5);
	roundtrip("", 10, 3);
}

static void
test_attributes(void)
{
	roundtrip("\033[1mbold\033[0m \033[3mit\033[0m \033[4mu\033[0m "
	    "\033[7mrev\033[0m \033[9mstrike\033[0m \033[5mblink\033[0m\r\n"
	    "\033[31mred\033[42mon green\033[0m \033[91mbright\033[0m "
	    "\033[38;5;208morange\033[48;5;17m bg\033[0m\r\n"
	    "\033[38;2;10;20;30mrgb\033[48;2;200;100;50m both\033[0m\r\n"
	    "\033[44m          \033[0m blue blanks", 40, 6);
	/* What libvterm 0.1.4 does not keep: dim, conceal, overline,
	 * underline styles. */
	roundtrip("\033[2mdim\033[0m \033[8mhid\033[0m \033[53mover\033[0m "
	    "\033[4:2mdbl\033[4:3mcurl\033[4:4mdot\033[4:5mdash\033[0m "
	    "\033[1;2;3;8;9;53;4:3mall\033[0m", 60, 2);
	roundtrip("\033[4;58;5;196mred\033[58:2::1:2:3m rgb\033[0m plain", 30, 2);
}

static void
test_wide_and_full(void)
{
	/* Wide characters, combining marks, a row filled to the last
	 * column (no wrap may scroll while drawing), the last row full. */
	roundtrip("e\xcc\x81\xcc\x82\xcc\x83\xcc\x84\xcc\x85\xcc\x86\xcc\x87\xcc\x88\r\n", 10, 2);
	roundtrip("\xe4\xb8\x96\xe7\x95\x8c e\xcc\x81\r\n"
	    "0123456789\r\n"
	    "abcdefghij", 10, 3);
}

static void
test_cursor(void)
{
	roundtrip("one\r\ntwo\033[2;2H", 10, 4);
	roundtrip("x\033[?25l\033[3;5H", 10, 4);
}

static void
test_scrolled(void)
{
	struct buf	in;
	int		i;

	buf_init(&in);
	for (i = 0; i < 50; i++)
		buf_printf(&in, "\033[3%dmline %d\033[0m\r\n", i % 8, i);
	roundtrip(buf_cstr(&in), 30, 8);
	buf_done(&in);
}

int
main(void)
{
	RUN(test_plain);
	RUN(test_attributes);
	RUN(test_wide_and_full);
	RUN(test_cursor);
	RUN(test_scrolled);
	UNIT_DONE();
}
