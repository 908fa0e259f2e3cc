/*
 * test_term_fast.c: term.c's fast path for text (runs of ASCII put on the
 * screen without libvterm, term_text_cb) against libvterm itself. Each
 * case is written to a terminal with the fast path and to one without it
 * (term_set_fast), in the same pieces, and the two must end the same:
 * every row's text and attributes, the scrollback, the cursor and what
 * was answered to the program. The
 * cases are the text around which libvterm does something per glyph:
 * wrapping (and not, without DECAWM), the bottom of the screen and of a
 * scroll region, insert mode, character sets, combining marks and REP
 * after a run, protected cells and a selective erase, double-width lines,
 * wide characters written over, origin mode, left and right margins.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "term.h"
#include "unit.h"
#include "util.h"

static void
output_cb(struct term *t, const char *data, size_t len, void *arg)
{
	buf_add(arg, data, len);
}

static const struct term_hooks hooks = { .output = output_cb };

static void
dump_line(struct buf *b, const struct term_line *l)
{
	unsigned int	i;

	buf_printf(b, "%.*s|", (int)l->text.len, l->text.data ?
	    l->text.data : "");
	for (i = 0; i < l->nruns; i++)
		buf_printf(b, " %u+%u:%u/%x/%x/%x/%x", l->runs[i].off,
		    l->runs[i].len, l->runs[i].cells, l->runs[i].flags,
		    l->runs[i].attr.fg, l->runs[i].attr.bg,
		    l->runs[i].attr.flags);
	buf_add(b, "\n", 1);
}

/* Everything a reader of the terminal can see, as text. */
static char *
dump(struct term *t, struct buf *out)
{
	struct buf		b;
	struct term_line	l;
	struct term_cursor	c;
	char			*s;
	int			cols, rows, y, n;

	buf_init(&b);
	term_line_init(&l);
	term_size(t, &cols, &rows);
	for (y = 0; y < rows; y++) {
		term_get_row(t, y, &l);
		dump_line(&b, &l);
	}
	for (n = 0; term_get_history(t, n, &l) == 0; n++) {
		buf_add(&b, "h ", 2);
		dump_line(&b, &l);
	}
	term_get_cursor(t, &c);
	buf_printf(&b, "cursor %d,%d %d alt %d\nout %.*s\n", c.x, c.y,
	    c.visible, term_altscreen(t), (int)out->len,
	    out->data != NULL ? out->data : "");
	term_line_done(&l);
	s = xstrdup(buf_cstr(&b));
	buf_done(&b);
	return (s);
}

/* Write s in pieces of step bytes (all of it if 0). */
static void
write_in(struct term *t, const char *s, size_t len, size_t step)
{
	size_t	i, n;

	for (i = 0; i < len; i += n) {
		n = step == 0 || len - i < step ? len - i : step;
		term_write(t, s + i, n);
	}
}

/*
 * Write s to two cols x rows terminals, one with the fast path and one
 * without, in the same pieces (all at once, then 7 bytes a write); the
 * screens must agree, and again after each is made narrower and then
 * wider. Returns how many bytes the fast path put.
 */
static uint64_t
same(const char *name, int cols, int rows, const char *s)
{
	static const size_t	 steps[] = { 0, 7 };
	struct buf		 oa, ob;
	struct term		*a, *b;
	char			*da, *db;
	size_t			 len = strlen(s), k;
	uint64_t		 fast = 0;
	int			 r;

	for (k = 0; k < nitems(steps); k++) {
		buf_init(&oa);
		buf_init(&ob);
		a = term_create(cols, rows, 100, &hooks, &oa);
		b = term_create(cols, rows, 100, &hooks, &ob);
		term_set_fast(b, 0);
		write_in(a, s, len, steps[k]);
		write_in(b, s, len, steps[k]);
		for (r = 0; r < 3; r++) {
			/* Then narrower and wider: lines the fast path wrote
			 * must rewrap as libvterm's do (term_reflow.c). */
			if (r == 1) {
				term_resize(a, cols > 8 ? cols - 5 : cols, rows + 1);
				term_resize(b, cols > 8 ? cols - 5 : cols, rows + 1);
			} else if (r == 2) {
				term_resize(a, cols + 7, rows);
				term_resize(b, cols + 7, rows);
			}
			da = dump(a, &oa);
			db = dump(b, &ob);
			if (strcmp(da, db) != 0)
				fprintf(stderr, "%s, %zu a write, resize %d: "
				    "fast path:\n%s\nlibvterm:\n%s\n", name,
				    steps[k], r, da, db);
			CHECK(strcmp(da, db) == 0);
			free(da);
			free(db);
		}
		CHECK(term_fast_bytes(b) == 0);
		fast += term_fast_bytes(a);
		term_destroy(a);
		term_destroy(b);
		buf_done(&oa);
		buf_done(&ob);
	}
	return (fast);
}

/* n copies of the alphabet and digits, from offset off, as a string. */
static char *
text(int n, int off)
{
	static const char abc[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	char	*s = xmalloc((size_t)n + 1);
	int	 i;

	for (i = 0; i < n; i++)
		s[i] = abc[(i + off) % (int)(sizeof abc - 1)];
	s[n] = '\0';
	return (s);
}

static void
test_plain_lines(void)
{
	struct buf	 b;
	char		*t;
	int		 i;

	/* Lines of every length around the width, on a screen that
	 * scrolls them into the scrollback. */
	buf_init(&b);
	for (i = 0; i < 70; i++) {
		t = text(i, i);
		buf_printf(&b, "%s\r\n", t);
		free(t);
	}
	CHECK(same("plain", 20, 5, buf_cstr(&b)) > 200);
	buf_done(&b);
}

static void
test_colours_and_controls(void)
{
	CHECK(same("sgr", 30, 6, "\033[31;44mred on blue text that wraps "
	    "around the edge\033[0m plain text after it, long enough\r\n"
	    "tab\tafter\ttabs and a backspace\bX in the middle of text\r\n"
	    "\033[1;38;2;1;2;3mbold truecolour text running on and on and on"
	    "\033[m") > 0);
}

static void
test_edges(void)
{
	char	*t = text(64, 3), buf[512];

	/* Start at the last column, and at the phantom column after it. */
	snprintf(buf, sizeof buf, "\033[1;20H%s", t);
	CHECK(same("last column", 20, 5, buf) > 0);
	snprintf(buf, sizeof buf, "%.20s%s", t, t);
	CHECK(same("phantom", 20, 5, buf) > 0);
	/* No autowrap: the rest of each run overwrites the last column. */
	snprintf(buf, sizeof buf, "\033[?7l%s\r\n%s\033[?7h%s", t, t, t);
	same("no autowrap", 20, 5, buf);
	/* A scroll region, the cursor inside it and below it. */
	snprintf(buf, sizeof buf, "\033[2;4r\033[2;1H%s\033[5;1H%s", t, t);
	CHECK(same("region", 20, 6, buf) > 0);
	/* Origin mode in the region; then left and right margins. */
	snprintf(buf, sizeof buf, "\033[2;4r\033[?6h%s\033[?6l%s", t, t);
	same("origin", 20, 6, buf);
	snprintf(buf, sizeof buf, "\033[?69h\033[3;12s\033[?6h%s\r\n%s"
	    "\033[?6l\033[?69l%s", t, t, t);
	same("margins", 20, 6, buf);
	/* The alternate screen. */
	snprintf(buf, sizeof buf, "\033[?1049h%s\033[?1049l%s", t, t);
	CHECK(same("altscreen", 20, 5, buf) > 0);
	free(t);
}

static void
test_glyph_state(void)
{
	char	*t = text(40, 7), buf[512];

	/* Insert mode shifts what is on the line for every glyph. */
	snprintf(buf, sizeof buf, "%.40s\r\033[4h%.18s\033[4l", t, t + 20);
	same("insert", 60, 5, buf);
	/*
	 * Character sets: DEC graphics in G0, in G1 shifted in, UK; each
	 * run begins with characters the set leaves as they are.
	 */
	snprintf(buf, sizeof buf, "\033(0ABCDEFGHIJKLMNOPlqqqqqqqk\033(B%s\r\n"
	    "\033)0\016ABCDEFGHIJKLMNOPxqqqqqqqx\017%s\r\n\033(AABCDEFGHIJ"
	    "KLMNOP##########\033(B%s", t, t, t);
	same("charsets", 30, 6, buf);
	/* What follows a run: a combining mark, REP. */
	snprintf(buf, sizeof buf, "%s\xcc\x81\r\n%s\033[5b", t, t);
	CHECK(same("combining, rep", 30, 5, buf) > 0);
	/* Protected cells survive a selective erase. */
	snprintf(buf, sizeof buf, "\033[1\"q%s\033[0\"q%s\033[?2J", t, t);
	same("protected", 30, 5, buf);
	/* A double-width line (which term.c declines: libvterm keeps the
	 * line's width). */
	snprintf(buf, sizeof buf, "\033#6%s\r\n%s", t, t);
	same("double width", 30, 5, buf);
	/* Wide characters written over from an odd column. */
	snprintf(buf, sizeof buf, "\xe4\xbd\xa0\xe5\xa5\xbd\xe4\xbd\xa0\xe5"
	    "\xa5\xbd\xe4\xbd\xa0\xe5\xa5\xbd\xe4\xbd\xa0\xe5\xa5\xbd\r"
	    "x%.17s", t);
	CHECK(same("wide", 30, 5, buf) > 0);
	free(t);
}

/*
 * Random output: text runs of every length between controls, colours,
 * cursor moves, modes, character sets, saves and restores, margins, wide
 * characters and marks, on small screens, many times over.
 */
static void
test_random(void)
{
	static const char *const bits[] = {
		"\r\n", "\r", "\n", "\t", "\b", "\033[31m", "\033[0m",
		"\033[1;4;7m", "\033[38;5;200;48;2;9;8;7m", "\033[H",
		"\033[3;7H", "\033[5C", "\033[2D", "\033[A", "\033[K",
		"\033[2J", "\033[1P", "\033[2@", "\033[L", "\033[M",
		"\033[4h", "\033[4l", "\033[?7l", "\033[?7h", "\033(0",
		"\033(B", "\033(A", "\033)0", "\016", "\017", "\0337",
		"\0338", "\033[?1049h", "\033[?1049l", "\033[2;4r",
		"\033[r", "\033[?6h", "\033[?6l", "\033[?69h\033[2;9s",
		"\033[?69l", "\033[1\"q", "\033[0\"q", "\033[?2K", "\033[3b",
		"\xe4\xbd\xa0", "\xcc\x81", "\xc3\xa9", "\033c", "\033[!p",
		"\033#8", "\033M", "\033D", "\033E",
	};
	struct buf	b;
	char		name[32];
	char		*t;
	unsigned int	seed = 15, r;
	int		round, k, n;
	uint64_t	fast = 0;

	for (round = 0; round < 300; round++) {
		buf_init(&b);
		for (k = 0; k < 40; k++) {
			seed = seed * 1103515245u + 12345u;
			r = seed >> 8;
			if (r % 3 == 0) {
				n = (int)(r / 3 % 70);
				t = text(n, (int)(r % 36));
				buf_addstr(&b, t);
				free(t);
			} else
				buf_addstr(&b, bits[r / 3 % nitems(bits)]);
		}
		snprintf(name, sizeof name, "random %d", round);
		fast += same(name, 12 + round % 20, 3 + round % 5,
		    buf_cstr(&b));
		buf_done(&b);
	}
	CHECK(fast > 10000);
}

int
main(void)
{
	RUN(test_plain_lines);
	RUN(test_colours_and_controls);
	RUN(test_edges);
	RUN(test_glyph_state);
	RUN(test_random);
	UNIT_DONE();
}
