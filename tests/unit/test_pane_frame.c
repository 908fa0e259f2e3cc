/*
 * test_pane_frame.c: a pane's screen as the "pane.frame" JSON
 * (src/server/pane_frame.c): runs of one attribute merged, attributes
 * interned once per frame, colours as the protocol writes them, the
 * cursor, modes and title, and a dirty frame carrying only changed rows.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pane_frame.h"
#include "util.h"
#include "unit.h"

static struct term *
new_term(int cols, int rows)
{
	static const struct term_hooks hooks = { .output = NULL };

	return (term_create(cols, rows, 100, &hooks, NULL));
}

static void
put(struct term *t, const char *s)
{
	term_write(t, s, strlen(s));
}

/* Line y of a frame, or NULL. */
static json_t *
frame_line(json_t *frame, int y)
{
	json_t	*l;
	size_t	 i;

	json_array_foreach(json_object_get(frame, "lines"), i, l) {
		if (json_integer_value(json_object_get(l, "y")) == y)
			return (l);
	}
	return (NULL);
}

static const char *
run_text(json_t *line, size_t i)
{
	return (json_string_value(json_array_get(json_array_get(
	    json_object_get(line, "runs"), i), 0)));
}

static int
run_attr(json_t *line, size_t i)
{
	return ((int)json_integer_value(json_array_get(json_array_get(
	    json_object_get(line, "runs"), i), 1)));
}

static void
test_full_frame(void)
{
	struct term	*t = new_term(20, 4);
	json_t		*f, *l, *attrs, *a;

	put(t, "hi \033[1;31mred\033[0m x\r\n\033]2;my title\007");
	put(t, "\033[38;2;1;2;3mrgb\033[0m\033[?25l");
	f = pane_frame_json(t, 7, 1);
	CHECK_STR(json_string_value(json_object_get(f, "ev")), "pane.frame");
	CHECK(json_integer_value(json_object_get(f, "pane")) == 7);
	CHECK(json_integer_value(json_object_get(f, "cols")) == 20);
	CHECK(json_integer_value(json_object_get(f, "rows")) == 4);
	CHECK(json_is_true(json_object_get(f, "full")));
	CHECK(json_is_false(json_object_get(f, "alt")));
	CHECK_STR(json_string_value(json_object_get(f, "title")), "my title");
	CHECK(json_array_size(json_object_get(f, "lines")) == 4);
	/* Cursor after "rgb" on row 1, hidden. */
	a = json_object_get(f, "cursor");
	CHECK(json_integer_value(json_object_get(a, "x")) == 3);
	CHECK(json_integer_value(json_object_get(a, "y")) == 1);
	CHECK(json_is_false(json_object_get(a, "visible")));

	l = frame_line(f, 0);
	CHECK(l != NULL);
	CHECK_STR(run_text(l, 0), "hi ");
	CHECK_STR(run_text(l, 1), "red");
	CHECK(run_attr(l, 0) == 0);
	CHECK(run_attr(l, 1) == 1);
	/* " x" and the blank rest share the default attr with "hi ". */
	CHECK(run_attr(l, 2) == 0);
	attrs = json_object_get(f, "attrs");
	a = json_array_get(attrs, 1);
	CHECK(json_integer_value(json_object_get(a, "fg")) == 1);
	CHECK(json_integer_value(json_object_get(a, "b")) == 1);
	CHECK(json_integer_value(json_object_get(a, "bg")) == -1);
	a = json_array_get(attrs, 0);
	CHECK(json_integer_value(json_object_get(a, "fg")) == -1);
	CHECK(json_object_get(a, "b") == NULL);
	/* 24-bit colour as #rrggbb. */
	l = frame_line(f, 1);
	a = json_array_get(attrs, run_attr(l, 0));
	CHECK_STR(json_string_value(json_object_get(a, "fg")), "#010203");
	/* Each attribute once. */
	CHECK(json_array_size(attrs) == 3);
	json_decref(f);
	term_destroy(t);
}

static void
test_dirty_frame(void)
{
	struct term	*t = new_term(10, 5);
	json_t		*f;

	put(t, "a\r\nb\r\nc");
	term_clear_dirty(t);
	put(t, "\033[2;1Hz");
	f = pane_frame_json(t, 1, 0);
	CHECK(json_is_false(json_object_get(f, "full")));
	CHECK(frame_line(f, 1) != NULL);
	CHECK(frame_line(f, 0) == NULL);
	CHECK(frame_line(f, 2) == NULL);
	CHECK_STR(run_text(frame_line(f, 1), 0), "z");
	json_decref(f);
	term_destroy(t);
}

/* The table itself: interning, growth past its first size. */
static void
test_attrs(void)
{
	struct pane_frame_attrs	pa;
	struct term_attr	a;
	json_t			*j;
	int			i;

	pane_frame_attrs_init(&pa);
	memset(&a, 0, sizeof a);
	for (i = 0; i < 300; i++) {
		a.fg = TERM_COLOR_INDEXED | (i % 256);
		a.flags = i / 256 ? TERM_ATTR_ITALIC : 0;
		CHECK(pane_frame_attrs_index(&pa, &a) == i);
	}
	for (i = 0; i < 300; i++) {
		a.fg = TERM_COLOR_INDEXED | (i % 256);
		a.flags = i / 256 ? TERM_ATTR_ITALIC : 0;
		CHECK(pane_frame_attrs_index(&pa, &a) == i);
	}
	CHECK(pa.n == 300);
	j = pane_frame_attrs_json(&pa);
	CHECK(json_array_size(j) == 300);
	CHECK(json_integer_value(json_object_get(json_array_get(j, 299),
	    "i")) == 1);
	CHECK(json_integer_value(json_object_get(json_array_get(j, 299),
	    "fg")) == 299 % 256);
	json_decref(j);
	pane_frame_attrs_done(&pa);
}

/* Attributes libvterm 0.1.4 does not keep, and eight combining marks. */
static void
test_more_attrs(void)
{
	struct term	*t = new_term(20, 2);
	json_t		*f, *a, *l;

	put(t, "\033[2;8;9;53;4:3;58:2::1:2:3mX\033[0;4mY\033[0me\xcc\x81\xcc\x82\xcc\x83\xcc\x84\xcc\x85\xcc\x86\xcc\x87\xcc\x88");
	f = pane_frame_json(t, 1, 1);
	l = frame_line(f, 0);
	CHECK(l != NULL && json_array_size(json_object_get(l, "runs")) == 3);
	a = json_array_get(json_object_get(f, "attrs"), run_attr(l, 0));
	CHECK(json_integer_value(json_object_get(a, "dim")) == 1);
	CHECK(json_integer_value(json_object_get(a, "conceal")) == 1);
	CHECK(json_integer_value(json_object_get(a, "s")) == 1);
	CHECK(json_integer_value(json_object_get(a, "o")) == 1);
	CHECK(json_integer_value(json_object_get(a, "u")) == 1);
	CHECK(json_integer_value(json_object_get(a, "us")) == 2);
	CHECK_STR(json_string_value(json_object_get(a, "uc")), "#010203");
	/* A single underline has no style. */
	a = json_array_get(json_object_get(f, "attrs"), run_attr(l, 1));
	CHECK(json_integer_value(json_object_get(a, "u")) == 1);
	CHECK(json_object_get(a, "us") == NULL);
	CHECK(json_object_get(a, "dim") == NULL);
	CHECK(json_object_get(a, "uc") == NULL);
	CHECK_STR(run_text(l, 2), "e\xcc\x81\xcc\x82\xcc\x83\xcc\x84\xcc\x85\xcc\x86\xcc\x87\xcc\x88");
	json_decref(f);
	term_destroy(t);
}

/* Wide characters and UTF-8 text go through as they are. */
static void
test_wide(void)
{
	struct term	*t = new_term(10, 2);
	json_t		*f;

	put(t, "\xe4\xb8\xad\xe6\x96\x87 ok");
	f = pane_frame_json(t, 1, 1);
	CHECK(strncmp(run_text(frame_line(f, 0), 0),
	    "\xe4\xb8\xad\xe6\x96\x87 ok", 9) == 0);
	CHECK(json_integer_value(json_object_get(json_object_get(f, "cursor"),
	    "x")) == 7);
	json_decref(f);
	term_destroy(t);
}

int
main(void)
{
	RUN(test_full_frame);
	RUN(test_dirty_frame);
	RUN(test_attrs);
	RUN(test_more_attrs);
	RUN(test_wide);
	UNIT_DONE();
}
