/* test_brief.c: brief.md laid out as styled, wrapped lines; frames to grid. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "unit.h"
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
	brief_free(&b);
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
	grid_free(&g);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	RUN(test_layout);
	RUN(test_grid);
	UNIT_DONE();
}
