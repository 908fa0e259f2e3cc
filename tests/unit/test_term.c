/* test_term.c: the screen model: text, colours, wide characters, the
 * alternate screen, scrollback, damage, resize, keys and prompt marks. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "term.h"
#include "unit.h"
#include "util.h"

struct seen {
	struct buf	out;
	int		changed;
	int		bells;
	char		marks[16];
	int		nmarks;
	char		cmdline[256];
	int		status;
};

static void
output_cb(struct term *t, const char *data, size_t len, void *arg)
{
	struct seen	*s = arg;

	buf_add(&s->out, data, len);
}

static void
changed_cb(struct term *t, void *arg)
{
	((struct seen *)arg)->changed++;
}

static void
bell_cb(struct term *t, void *arg)
{
	((struct seen *)arg)->bells++;
}

static void
mark_cb(struct term *t, const struct term_mark *m, void *arg)
{
	struct seen	*s = arg;

	if (s->nmarks < (int)sizeof s->marks - 1)
		s->marks[s->nmarks++] = m->kind;
	if (m->cmdline != NULL)
		snprintf(s->cmdline, sizeof s->cmdline, "%s", m->cmdline);
	s->status = m->status;
}

static const struct term_hooks hooks = {
	.output = output_cb,
	.changed = changed_cb,
	.bell = bell_cb,
	.mark = mark_cb
};

static struct seen	seen;

static struct term *
new_term(int cols, int rows, int history)
{
	buf_free(&seen.out);
	memset(&seen, 0, sizeof seen);
	buf_init(&seen.out);
	return (term_create(cols, rows, history, &hooks, &seen));
}

static void
put(struct term *t, const char *s)
{
	term_write(t, s, strlen(s));
}

/* Row y's text as a string (static buffer). */
static const char *
row(struct term *t, int y)
{
	static char		 s[1024];
	struct term_line	 l;

	term_line_init(&l);
	term_get_row(t, y, &l);
	snprintf(s, sizeof s, "%.*s", (int)l.text.len,
	    l.text.data ? l.text.data : "");
	term_line_free(&l);
	return (s);
}

static const char *
hist(struct term *t, int n)
{
	static char		 s[1024];
	struct term_line	 l;

	term_line_init(&l);
	if (term_get_history(t, n, &l) != 0)
		snprintf(s, sizeof s, "(none)");
	else
		snprintf(s, sizeof s, "%.*s", (int)l.text.len,
		    l.text.data ? l.text.data : "");
	term_line_free(&l);
	return (s);
}

static const char *
out(void)
{
	static char	s[256];

	snprintf(s, sizeof s, "%s", buf_cstr(&seen.out));
	buf_drain(&seen.out, seen.out.len);
	return (s);
}

static void
test_text_and_cursor(void)
{
	struct term		*t = new_term(20, 5, 100);
	struct term_cursor	 c;

	put(t, "hello\r\nworld  ");
	CHECK_STR(row(t, 0), "hello");
	CHECK_STR(row(t, 1), "world");
	CHECK_STR(row(t, 2), "");
	term_get_cursor(t, &c);
	CHECK(c.x == 7 && c.y == 1);
	CHECK(c.visible && c.shape == TERM_SHAPE_BLOCK);
	term_free(t);
}

static void
test_colours(void)
{
	struct term		*t = new_term(40, 3, 100);
	struct term_line	 l;

	put(t, "\033[31mR\033[38;5;200mX\033[38;2;1;2;3mT"
	    "\033[0;48;5;4mB\033[0;1;3;4;7;9mF\033[0m  \033[41m \033[0m");
	term_line_init(&l);
	term_get_row(t, 0, &l);
	CHECK(l.nruns == 7);
	if (l.nruns == 7) {
		CHECK(l.runs[0].attr.fg == (TERM_COLOR_INDEXED | 1));
		CHECK(l.runs[1].attr.fg == (TERM_COLOR_INDEXED | 200));
		CHECK(l.runs[2].attr.fg == (TERM_COLOR_RGB | 0x010203));
		CHECK(l.runs[3].attr.fg == TERM_COLOR_DEFAULT);
		CHECK(l.runs[3].attr.bg == (TERM_COLOR_INDEXED | 4));
		CHECK(l.runs[4].attr.flags == (TERM_ATTR_BOLD |
		    TERM_ATTR_ITALIC | TERM_ATTR_UNDERLINE |
		    TERM_ATTR_REVERSE | TERM_ATTR_STRIKE));
		/* Blanks with the default colours, then a red one, kept. */
		CHECK(l.runs[5].attr.flags == 0 && l.runs[5].len == 2);
		CHECK(l.runs[6].attr.bg == (TERM_COLOR_INDEXED | 1));
	}
	CHECK(l.cells == 8);
	term_line_free(&l);
	term_free(t);
}

static void
test_wide(void)
{
	struct term		*t = new_term(10, 3, 100);
	struct term_line	 l;
	struct term_cursor	 c;

	put(t, "\xe4\xb8\xad\xe6\x96\x87" "b" "e\xcc\x81");
	term_line_init(&l);
	term_get_row(t, 0, &l);
	CHECK_STR(row(t, 0), "\xe4\xb8\xad\xe6\x96\x87" "be\xcc\x81");
	CHECK(l.cells == 6);
	CHECK(l.nruns == 3);
	if (l.nruns == 3) {
		CHECK(l.runs[0].flags == TERM_RUN_WIDE && l.runs[0].cells == 4);
		CHECK(l.runs[1].flags == 0 && l.runs[1].cells == 1);
		CHECK(l.runs[2].flags == TERM_RUN_CLUSTER);
	}
	term_get_cursor(t, &c);
	CHECK(c.x == 6);
	term_line_free(&l);
	term_free(t);
}

static void
test_altscreen(void)
{
	struct term	*t = new_term(20, 3, 100);

	put(t, "primary");
	CHECK(!term_altscreen(t));
	put(t, "\033[?1049h\033[Halt\r\n1\r\n2\r\n3\r\n4");
	CHECK(term_altscreen(t));
	CHECK_STR(row(t, 0), "2");
	/* Nothing scrolls into the history from the alternate screen. */
	CHECK(term_history_size(t) == 0);
	put(t, "\033[?1049l");
	CHECK(!term_altscreen(t));
	CHECK_STR(row(t, 0), "primary");
	term_free(t);
}

static void
test_scrollback(void)
{
	struct term	*t = new_term(10, 3, 5);
	char		 s[16];
	int		 i;

	put(t, "1\r\n2\r\n3\r\n4\r\n5");
	CHECK(term_history_size(t) == 2);
	CHECK_STR(hist(t, 0), "2");
	CHECK_STR(hist(t, 1), "1");
	CHECK_STR(hist(t, 2), "(none)");
	CHECK_STR(row(t, 0), "3");
	CHECK_STR(row(t, 2), "5");
	for (i = 6; i <= 30; i++) {
		snprintf(s, sizeof s, "\r\n%d", i);
		put(t, s);
	}
	/* The ring keeps the newest five. */
	CHECK(term_history_size(t) == 5);
	CHECK(term_history_total(t) == 27);
	CHECK_STR(hist(t, 0), "27");
	CHECK_STR(hist(t, 4), "23");
	term_free(t);

	/* 10,000 lines by default-sized ring. */
	t = new_term(80, 24, 10000);
	for (i = 0; i < 12000; i++) {
		snprintf(s, sizeof s, "line %d\r\n", i);
		put(t, s);
	}
	CHECK(term_history_size(t) == 10000);
	CHECK_STR(hist(t, 0), "line 11976");
	term_free(t);
}

static void
test_resize_pops_history(void)
{
	struct term		*t = new_term(10, 3, 100);
	struct term_line	 l;
	int			 cols, rows;

	put(t, "\033[32m\xe4\xb8\xad" "x\033[0m\r\n2\r\n3\r\n4\r\n5");
	CHECK(term_history_size(t) == 2);
	term_resize(t, 12, 5);
	term_size(t, &cols, &rows);
	CHECK(cols == 12 && rows == 5);
	CHECK(term_history_size(t) == 0);
	CHECK_STR(row(t, 0), "\xe4\xb8\xad" "x");
	CHECK_STR(row(t, 4), "5");
	term_line_init(&l);
	term_get_row(t, 0, &l);
	CHECK(l.nruns == 2 && l.runs[0].attr.fg == (TERM_COLOR_INDEXED | 2));
	CHECK(l.nruns == 2 && l.runs[0].flags == TERM_RUN_WIDE);
	term_line_free(&l);
	/* Shrinking pushes them back. */
	term_resize(t, 12, 2);
	CHECK(term_history_size(t) == 3);
	CHECK_STR(hist(t, 2), "\xe4\xb8\xad" "x");
	term_free(t);
}

static void
test_damage(void)
{
	struct term	*t = new_term(20, 10, 100);
	int		 y0, y1;

	CHECK(term_dirty(t, &y0, &y1) && y0 == 0 && y1 == 10);
	term_clear_dirty(t);
	CHECK(!term_dirty(t, &y0, &y1));
	seen.changed = 0;
	put(t, "\033[3;1Hx\033[5;2Hyy");
	CHECK(term_dirty(t, &y0, &y1));
	CHECK(y0 == 2 && y1 == 5);
	CHECK(seen.changed == 1);
	term_clear_dirty(t);
	/* Only the cursor moved: changed, no rows. */
	put(t, "\033[1;1H");
	CHECK(term_dirty(t, &y0, &y1) && y0 == y1);
	term_clear_dirty(t);
	/* A scroll dirties the whole scrolled region. */
	put(t, "\033[10;1H\r\n");
	CHECK(term_dirty(t, &y0, &y1) && y0 == 0 && y1 == 10);
	term_free(t);
}

static void
test_modes(void)
{
	struct term		*t = new_term(20, 5, 100);
	struct term_cursor	 c;

	put(t, "\033[?25l\033[6 q");
	term_get_cursor(t, &c);
	CHECK(!c.visible && c.shape == TERM_SHAPE_BAR);
	put(t, "\033[?25h\033[4 q");
	term_get_cursor(t, &c);
	CHECK(c.visible && c.shape == TERM_SHAPE_UNDERLINE && !c.blink);
	CHECK(term_mouse_mode(t) == 0);
	put(t, "\033[?1000h");
	CHECK(term_mouse_mode(t) == 1);
	put(t, "\033[?1002h");
	CHECK(term_mouse_mode(t) == 2);
	put(t, "\033[?1003h");
	CHECK(term_mouse_mode(t) == 3);
	put(t, "\033]2;my title\007");
	CHECK_STR(term_title(t), "my title");
	put(t, "\007");
	CHECK(seen.bells == 1);
	term_free(t);
}

static void
test_keys(void)
{
	struct term	*t = new_term(20, 5, 100);

	CHECK(term_key(t, "up", 0) == 0);
	CHECK_STR(out(), "\033[A");
	put(t, "\033[?1h");		/* application cursor keys */
	term_key(t, "up", 0);
	CHECK_STR(out(), "\033OA");
	term_key(t, "left", TERM_MOD_CTRL);
	CHECK_STR(out(), "\033[1;5D");
	term_key(t, "enter", 0);
	CHECK_STR(out(), "\r");
	term_key(t, "backspace", 0);
	CHECK_STR(out(), "\177");
	term_key(t, "f1", 0);
	CHECK_STR(out(), "\033OP");
	term_key(t, "f12", 0);
	CHECK_STR(out(), "\033[24~");
	term_key(t, "tab", TERM_MOD_SHIFT);
	CHECK_STR(out(), "\033[Z");
	term_key(t, "c", term_parse_mods("C"));
	CHECK_STR(out(), "\003");
	term_key(t, "[", TERM_MOD_CTRL);
	CHECK_STR(out(), "\033");
	term_key(t, "x", term_parse_mods("M"));
	CHECK_STR(out(), "\033x");
	term_key(t, "\xc3\xa9", 0);
	CHECK_STR(out(), "\xc3\xa9");
	CHECK(term_key(t, "nosuchkey", 0) == -1);
	term_free(t);
}

static void
test_paste_mouse_replies(void)
{
	struct term	*t = new_term(20, 5, 100);

	term_paste(t, "a\nb", 3);
	CHECK_STR(out(), "a\rb");
	put(t, "\033[?2004h");
	term_paste(t, "a\nb", 3);
	CHECK_STR(out(), "\033[200~a\rb\033[201~");
	/* No mouse mode: nothing is sent. */
	term_mouse(t, 3, 4, 1, 1, 0);
	CHECK_STR(out(), "");
	put(t, "\033[?1000h\033[?1006h");
	term_mouse(t, 3, 4, 1, 1, 0);
	CHECK_STR(out(), "\033[<0;4;5M");
	term_mouse(t, 3, 4, 1, 0, 0);
	CHECK_STR(out(), "\033[<0;4;5m");
	term_mouse(t, 0, 0, 4, 1, 0);		/* wheel up */
	CHECK_STR(out(), "\033[<64;1;1M");
	/* Cursor position report goes back out. */
	put(t, "\033[2;3H\033[6n");
	CHECK_STR(out(), "\033[2;3R");
	term_free(t);
}

static void
test_marks(void)
{
	struct term	*t = new_term(20, 3, 100);

	put(t, "\033]133;A\007$ \033]133;B\007");
	put(t, "ls -l");
	put(t, "\r\n\033]1");		/* split inside the mark */
	put(t, "33;C\033\\");		/* ST, not BEL */
	CHECK_STR(seen.cmdline, "ls -l");
	put(t, "a\r\nb\r\nc\r\n\033]133;D;");
	put(t, "2\007");
	CHECK(seen.nmarks == 4);
	CHECK_STR(seen.marks, "ABCD");
	CHECK(seen.status == 2);
	CHECK_STR(seen.cmdline, "ls -l");
	/* A D without a command running is ignored; so are other OSCs. */
	put(t, "\033]133;D;0\007\033]2;t\007\033]1337;x\007");
	CHECK(seen.nmarks == 4);
	/* A command line at the bottom row scrolled off by the Enter. */
	put(t, "\033[3;1H\033]133;B\007make all\r\n\033]133;C\007");
	CHECK_STR(seen.cmdline, "make all");
	/* The marks themselves print nothing. */
	CHECK_STR(hist(t, term_history_size(t) - 1), "$ ls -l");
	term_free(t);
}

int
main(void)
{
	RUN(test_text_and_cursor);
	RUN(test_colours);
	RUN(test_wide);
	RUN(test_altscreen);
	RUN(test_scrollback);
	RUN(test_resize_pops_history);
	RUN(test_damage);
	RUN(test_modes);
	RUN(test_keys);
	RUN(test_paste_mouse_replies);
	RUN(test_marks);
	buf_free(&seen.out);
	UNIT_DONE();
}
