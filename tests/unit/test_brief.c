/*
 * test_brief.c: brief.md laid out as styled, wrapped lines; frames to the
 * grid, and random frames of every wrong shape, which must never crash,
 * overflow a row or leave a cell that is not valid UTF-8.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "unit.h"
#include "util.h"
#include "brief.h"
#include "draw.h"
#include "grid.h"

static const char md[] =
    "# Title here\n\n"
    "Some *emphasis* and **strong** words with `code` that wrap around "
    "the width of the pane.\n\n"
    "- first item\n- second item\n\n"
    "1. one\n2. two\n\n"
    "```c\nint main(void);\n```\n";

static void
test_layout(void)
{
	struct brief	b;
	char		*t;
	int		i, found_code = 0, found_bullet = 0, width_ok = 1;

	brief_layout(&b, md, 30);
	CHECK(b.n > 8);
	t = brief_line_text(&b.lines[0]);
	CHECK_STR(t, "Title here");
	free(t);
	CHECK(b.lines[0].runs[0].style & BRIEF_HEADING);
	for (i = 0; i < b.n; i++) {
		t = brief_line_text(&b.lines[i]);
		if (draw_text_width(t) > 30 && !(b.lines[i].n > 0 &&
		    b.lines[i].runs[b.lines[i].n - 1].style & BRIEF_BLOCK))
			width_ok = 0;
		if (strstr(t, "int main(void);") != NULL)
			found_code = 1;
		if (strstr(t, "\xe2\x80\xa2 first item") != NULL)
			found_bullet = 1;
		free(t);
	}
	CHECK(width_ok);
	CHECK(found_code);
	CHECK(found_bullet);
	brief_done(&b);
}

/*
 * Punctuation after a code span, emphasis or a link stays with it at every
 * width: "`baseliner score`." never puts the period alone at the start of
 * the next line, nor drops it.
 */
static void
test_punctuation(void)
{
	static const char	*const mds[] = {
		"Run `baseliner score`. Then rest.\n",
		"Scores come from `baseliner score`, then *the plot*; see "
		    "[the docs](http://x).\n",
	};
	size_t			 k;
	int			 w, i, alone = 0, lost = 0, dots;

	for (k = 0; k < sizeof mds / sizeof mds[0]; k++) {
		for (w = 10; w <= 40; w++) {
			struct brief	b;
			char		*t;

			brief_layout(&b, mds[k], w);
			dots = 0;
			for (i = 0; i < b.n; i++) {
				const char *c;

				t = brief_line_text(&b.lines[i]);
				c = t + strspn(t, " ");
				if (*c == '.' || *c == ',' || *c == ';') {
					if (!alone)
						printf("# width %d: '%s'\n", w, t);
					alone++;
				}
				for (c = t; *c != '\0'; c++)
					dots += *c == '.' || *c == ',' ||
					    *c == ';';
				free(t);
			}
			if (dots < (k == 0 ? 2 : 3))
				lost++;
			brief_done(&b);
		}
	}
	CHECK(alone == 0);
	CHECK(lost == 0);
}

/* Attributes from a frame, drawn as curses can; eight combining marks
 * kept (curses draws four of them). */
static void
test_grid_attrs(void)
{
	struct grid	 g;
	struct grid_cell *c;
	json_t		*f;
	attr_t		 a;
	int		 pair;

	grid_init(&g);
	f = json_loads("{\"cols\": 4, \"rows\": 1, \"full\": true, "
	    "\"attrs\": [{\"dim\": 1, \"conceal\": 1, \"o\": 1, \"u\": 1, "
	    "\"us\": 3, \"s\": 1, \"i\": 1, \"uc\": \"#010203\"}, {\"us\": 2}], "
	    "\"lines\": [{\"y\": 0, \"runs\": [[\"a\", 0], "
	    "[\"e\xcc\x81\xcc\x82\xcc\x83\xcc\x84\xcc\x85\xcc\x86\xcc\x87\xcc\x88\", 1]]}]}", 0, NULL);
	CHECK(f != NULL);
	grid_apply(&g, f);
	json_decref(f);
	c = grid_cell(&g, 0, 0);
	CHECK(c->flags == (GRID_DIM | GRID_CONCEAL | GRID_OVERLINE |
	    GRID_UNDERLINE | (3 << GRID_UL_SHIFT) | GRID_STRIKE | GRID_ITALIC));
	CHECK(c->ul == GRID_RGB(1, 2, 3));
	a = draw_cell_attr(c, &pair);
	CHECK((a & (A_DIM | A_INVIS | A_UNDERLINE)) ==
	    (A_DIM | A_INVIS | A_UNDERLINE));
#ifdef A_ITALIC
	CHECK(a & A_ITALIC);
#endif
	/* A style without an underline is none. */
	c = grid_cell(&g, 1, 0);
	CHECK(c->flags == 0);
	CHECK_STR(c->ch, "e\xcc\x81\xcc\x82\xcc\x83\xcc\x84\xcc\x85\xcc\x86\xcc\x87\xcc\x88");
	grid_done(&g);
}

static void
test_grid(void)
{
	struct grid	 g;
	json_t		*f;
	char		*t;

	grid_init(&g);
	f = json_loads("{\"cols\": 10, \"rows\": 2, \"full\": true, "
	    "\"attrs\": [{}, {\"fg\": 1, \"b\": 1}, {\"bg\": \"#ff0000\"}], "
	    "\"cursor\": {\"x\": 3, \"y\": 1, \"visible\": true}, "
	    "\"lines\": [{\"y\": 0, \"runs\": [[\"ab\", 0], [\"\xe4\xb8\x96x\", 1]]}, "
	    "{\"y\": 1, \"runs\": [[\"e\xcc\x81z\", 2]]}]}", 0, NULL);
	grid_apply(&g, f);
	json_decref(f);
	CHECK(g.cols == 10 && g.rows == 2 && g.cx == 3 && g.cy == 1);
	CHECK_STR(grid_cell(&g, 2, 0)->ch, "\xe4\xb8\x96");
	CHECK(grid_cell(&g, 2, 0)->width == 2 && grid_cell(&g, 3, 0)->width == 0);
	CHECK_STR(grid_cell(&g, 4, 0)->ch, "x");
	CHECK(grid_cell(&g, 4, 0)->fg == 1 && (grid_cell(&g, 4, 0)->flags &
	    GRID_BOLD));
	/* A combining mark joins its base character. */
	CHECK_STR(grid_cell(&g, 0, 1)->ch, "e\xcc\x81");
	CHECK_STR(grid_cell(&g, 1, 1)->ch, "z");
	CHECK(grid_cell(&g, 1, 1)->bg == GRID_RGB(255, 0, 0));
	t = grid_row_text(&g.cells[0], g.cols);
	CHECK_STR(t, "ab\xe4\xb8\x96x");
	free(t);
	/* A partial frame changes only its rows. */
	f = json_loads("{\"cols\": 10, \"rows\": 2, \"full\": false, \"attrs\": [{}],"
	    "\"lines\": [{\"y\": 1, \"runs\": [[\"new\", 0]]}]}", 0, NULL);
	grid_apply(&g, f);
	json_decref(f);
	t = grid_row_text(&g.cells[0], g.cols);
	CHECK_STR(t, "ab\xe4\xb8\x96x");
	free(t);
	t = grid_row_text(&g.cells[10], g.cols);
	CHECK_STR(t, "new");
	free(t);
	/* Garbage never overflows a row. */
	f = json_loads("{\"cols\": 3, \"rows\": 1, \"full\": true, \"attrs\": [],"
	    "\"lines\": [{\"y\": 5, \"runs\": []}, {\"y\": 0, \"runs\": "
	    "[[\"\xe4\xb8\x96\xe4\xb8\x96\xe4\xb8\x96\", 9]]}]}", 0, NULL);
	grid_apply(&g, f);
	json_decref(f);
	CHECK(g.cols == 3 && grid_cell(&g, 2, 0)->ch[0] == '\0');
	grid_done(&g);
}

/* A random JSON value: what a broken or hostile frame could carry. */
static json_t *
random_value(unsigned *seed, int depth)
{
	static const char *const strs[] = { "", "a", "\xe4\xb8\x96",
	    "e\xcc\x81", "\t\x01\x1b[31m", "#ff00zz", "#00ff00",
	    "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80",
	    "\xcc\x81\xcc\x81", "wide \xef\xbc\xa1\xef\xbc\xa2 end" };
	json_t	*a;
	int	 i, n;

	switch (rand_r(seed) % (depth > 2 ? 4 : 6)) {
	case 0:
		return (json_integer((json_int_t)(rand_r(seed) % 41) - 20));
	case 1:
		return (json_integer(rand_r(seed) % 2 ? 1LL << 40 :
		    -(1LL << 40)));
	case 2:
		return (json_string(strs[rand_r(seed) % nitems(strs)]));
	case 3:
		return (rand_r(seed) % 2 ? json_null() : json_true());
	case 4:
		a = json_array();
		n = rand_r(seed) % 4;
		for (i = 0; i < n; i++)
			json_array_append_new(a, random_value(seed, depth + 1));
		return (a);
	default:
		return (json_pack("{so so}", "fg", random_value(seed, depth + 1),
		    "y", random_value(seed, depth + 1)));
	}
}

static json_t *
random_frame(unsigned *seed)
{
	json_t	*f, *lines, *runs, *attrs;
	int	 i, j, n;

	f = json_object();
	if (rand_r(seed) % 8)
		json_object_set_new(f, "cols", json_integer(rand_r(seed) %
		    8 ? rand_r(seed) % 40 : 3000));
	else
		json_object_set_new(f, "cols", random_value(seed, 0));
	json_object_set_new(f, "rows", json_integer(rand_r(seed) % 12 - 1));
	json_object_set_new(f, "full", json_boolean(rand_r(seed) % 2));
	attrs = json_array();
	n = rand_r(seed) % 4;
	for (i = 0; i < n; i++)
		json_array_append_new(attrs, rand_r(seed) % 3 ?
		    json_pack("{so so si}", "fg", random_value(seed, 0), "bg",
		    random_value(seed, 0), "b", 1) : random_value(seed, 0));
	json_object_set_new(f, "attrs", attrs);
	lines = json_array();
	n = rand_r(seed) % 6;
	for (i = 0; i < n; i++) {
		runs = json_array();
		for (j = rand_r(seed) % 5; j > 0; j--)
			json_array_append_new(runs, rand_r(seed) % 4 ?
			    json_pack("[oo]", random_value(seed, 0),
			    json_integer(rand_r(seed) % 6 - 1)) :
			    random_value(seed, 0));
		json_array_append_new(lines, json_pack("{so so}", "y",
		    rand_r(seed) % 5 ? json_integer(rand_r(seed) % 14 - 2) :
		    random_value(seed, 0), "runs", rand_r(seed) % 6 ? runs :
		    (json_decref(runs), random_value(seed, 0))));
	}
	json_object_set_new(f, "lines", rand_r(seed) % 8 ? lines :
	    (json_decref(lines), random_value(seed, 0)));
	json_object_set_new(f, "cursor", rand_r(seed) % 3 ? json_pack(
	    "{so so sb}", "x", random_value(seed, 0), "y", random_value(seed,
	    0), "visible", rand_r(seed) % 2) : random_value(seed, 0));
	json_object_set_new(f, "title", random_value(seed, 0));
	return (f);
}

static void
test_grid_fuzz(void)
{
	struct grid	 g;
	json_t		*f;
	unsigned	 seed = 99;
	int		 i, x, y, bad = 0;
	mbstate_t	 mbs;
	wchar_t		 wc;

	grid_init(&g);
	for (i = 0; i < 20000; i++) {
		f = random_frame(&seed);
		grid_apply(&g, f);
		json_decref(f);
		bad += g.cols < 1 || g.rows < 1 || g.cols > GRID_MAX_COLS ||
		    g.rows > GRID_MAX_ROWS || g.cells == NULL;
		for (y = 0; y < g.rows; y++) {
			for (x = 0; x < g.cols; x++) {
				struct grid_cell *c = grid_cell(&g, x, y);
				size_t len = strnlen(c->ch, sizeof c->ch);

				bad += len == sizeof c->ch;
				memset(&mbs, 0, sizeof mbs);
				if (len > 0 && mbrtowc(&wc, c->ch, len, &mbs) >
				    len)
					bad++;
				/* A wide character's right half follows it. */
				if (c->width == 2)
					bad += x + 1 >= g.cols ||
					    grid_cell(&g, x + 1, y)->width != 0;
			}
		}
	}
	CHECK(bad == 0);
	grid_done(&g);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	RUN(test_layout);
	RUN(test_punctuation);
	RUN(test_grid);
	RUN(test_grid_attrs);
	RUN(test_grid_fuzz);
	UNIT_DONE();
}
