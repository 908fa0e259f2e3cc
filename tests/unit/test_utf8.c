/* test_utf8.c: well-formed UTF-8, the sanitizer and cutting to a budget. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "unit.h"

static void
check_sanitize(const char *in, size_t len, const char *want)
{
	char	*s = utf8_sanitize(in, len);

	CHECK_STR(s, want);
	CHECK(utf8_valid(s, strlen(s)));
	free(s);
}

static void
test_valid(void)
{
	CHECK(utf8_valid("", 0));
	CHECK(utf8_valid("plain ascii", 11));
	CHECK(utf8_valid("caf\xc3\xa9", 5));
	CHECK(utf8_valid("\xe2\x82\xac \xf0\x9f\x98\x80", 8));
	CHECK(utf8_valid("\xf4\x8f\xbf\xbf", 4));		/* U+10FFFF */
	CHECK(!utf8_valid("caf\xe9", 4));			/* Latin-1 */
	CHECK(!utf8_valid("\xc0\xaf", 2));			/* overlong / */
	CHECK(!utf8_valid("\xe0\x80\xaf", 3));			/* overlong */
	CHECK(!utf8_valid("\xed\xa0\x80", 3));			/* surrogate */
	CHECK(!utf8_valid("\xf4\x90\x80\x80", 4));		/* > U+10FFFF */
	CHECK(!utf8_valid("\xf8\x88\x80\x80\x80", 5));
	CHECK(!utf8_valid("\xe2\x82", 2));			/* cut */
	CHECK(!utf8_valid("a\0b", 3));
}

static void
test_sanitize(void)
{
	check_sanitize("caf\xe9", 4, "caf\xef\xbf\xbd");
	/* A cut character is one replacement, not one per byte. */
	check_sanitize("x\xe2\x82", 3, "x\xef\xbf\xbd");
	check_sanitize("\xf0\x9f\x98", 3, "\xef\xbf\xbd");
	/* Each byte that cannot start anything is one. */
	check_sanitize("\x80\x80", 2, "\xef\xbf\xbd\xef\xbf\xbd");
	check_sanitize("\xc0\xaf", 2, "\xef\xbf\xbd\xef\xbf\xbd");
	/* A surrogate: ED then A0 is not allowed, so ED alone, then A0, 80. */
	check_sanitize("\xed\xa0\x80", 3,
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	check_sanitize("a\0b", 3, "a\xef\xbf\xbd" "b");
	check_sanitize("ok \xe2\x82\xac", 6, "ok \xe2\x82\xac");
	check_sanitize(NULL, 0, "");
}

static void
test_decode_encode(void)
{
	char		out[4];
	uint32_t	cp;
	uint32_t	all[] = { 0x41, 0xe9, 0x20ac, 0xfffd, 0x1f600, 0x10ffff };
	unsigned int	i;
	int		n;

	for (i = 0; i < nitems(all); i++) {
		n = utf8_encode(all[i], out);
		CHECK(utf8_decode(out, (size_t)n, &cp) == n);
		CHECK(cp == all[i]);
	}
	CHECK(utf8_encode(0xd800, out) == 3);
	CHECK(memcmp(out, "\xef\xbf\xbd", 3) == 0);
	CHECK(utf8_decode("\xe2\x82", 2, &cp) == -2);
	CHECK(cp == UTF8_REPLACEMENT);
	CHECK(utf8_decode("\xff", 1, &cp) == -1);
}

static void
test_cut(void)
{
	const char	*s = "ab\xe2\x82\xac" "cd";		/* ab€cd */

	CHECK(utf8_cut(s, 7, 10) == 7);
	CHECK(utf8_cut(s, 7, 2) == 2);
	CHECK(utf8_cut(s, 7, 3) == 2);
	CHECK(utf8_cut(s, 7, 4) == 2);
	CHECK(utf8_cut(s, 7, 5) == 5);
	CHECK(utf8_cut(s, 7, 0) == 0);
	/* Not UTF-8 at all: cut where asked. */
	CHECK(utf8_cut("\x80\x80\x80\x80\x80", 5, 4) == 4);
}

/* Widths in cells, whatever the locale (the test runs in "C"). */
static void
test_width(void)
{
	CHECK(utf8_width('a') == 1);
	CHECK(utf8_width(0x4e2d) == 2);		/* CJK */
	CHECK(utf8_width(0xff21) == 2);		/* fullwidth A */
	CHECK(utf8_width(0x1f600) == 2);	/* emoji */
	CHECK(utf8_width(0x0301) == 0);		/* combining acute */
	CHECK(utf8_width(0x200b) == 0);		/* zero width space */
	CHECK(utf8_width(0x07) == -1);
	CHECK(utf8_width(0x7f) == -1);
	CHECK(utf8_width(0x9b) == -1);
	CHECK(utf8_width(0xe9) == 1);
	CHECK(utf8_text_width("", 0) == 0);
	CHECK(utf8_text_width("abc", 3) == 3);
	CHECK(utf8_text_width("\xe4\xb8\xad\xe6\x96\x87", 6) == 4);
	CHECK(utf8_text_width("e\xcc\x81", 3) == 1);
	CHECK(utf8_text_width("a\tb", 3) == 2);
	/* An ill-formed part is one U+FFFD: one cell. */
	CHECK(utf8_text_width("\xe4\xb8", 2) == 1);
	CHECK(utf8_text_width("\xff\xfe", 2) == 2);
}

int
main(void)
{
	RUN(test_valid);
	RUN(test_sanitize);
	RUN(test_decode_encode);
	RUN(test_cut);
	RUN(test_width);
	UNIT_DONE();
}
