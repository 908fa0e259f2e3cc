/*
 * test_layout.c: the workbench's geometry over every terminal size from
 * 1x1 to 300x100 and several trees of splits: nothing overlaps, everything
 * stays inside the screen, borders are one cell, and the status bar is
 * always the bottom rows.
 */
#include "config.h"

#include <stdlib.h>

#include "unit.h"
#include "util.h"
#include "layout.h"

static int
fits(struct layout_rect r, int cols, int rows)
{
	return (r.w == 0 || r.h == 0 || (r.x >= 0 && r.y >= 0 &&
	    r.x + r.w <= cols && r.y + r.h <= rows));
}

static int
overlap(struct layout_rect a, struct layout_rect b)
{
	if (a.w == 0 || a.h == 0 || b.w == 0 || b.h == 0)
		return (0);
	return (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h &&
	    b.y < a.y + a.h);
}

static void
test_screen(void)
{
	struct layout_screen	ls;
	struct layout_rect	parts[4];
	int			cols, rows, i, j, flags, bad = 0;

	for (cols = 1; cols <= 300; cols++) {
		for (rows = 1; rows <= 100; rows++) {
			for (flags = 0; flags < 4; flags++) {
				layout_screen(cols, rows, flags & 1, flags & 2,
				    0, &ls);
				parts[0] = ls.panes;
				parts[1] = ls.brief;
				parts[2] = ls.scores;
				parts[3] = ls.status;
				for (i = 0; i < 4; i++) {
					if (!fits(parts[i], cols, rows))
						bad++;
					for (j = i + 1; j < 4; j++)
						bad += overlap(parts[i],
						    parts[j]);
				}
				/* The status bar is the bottom rows, full width. */
				if (ls.status.y + ls.status.h != rows ||
				    ls.status.w != cols || ls.status.h < 1)
					bad++;
				/* Panes always get the top-left. */
				if (rows > 2 && (ls.panes.w < 1 || ls.panes.h < 1))
					bad++;
				/* A sidebar has a border column before it. */
				if (ls.sidebar_x >= 0 && (ls.panes.w !=
				    ls.sidebar_x || (ls.brief.w && ls.brief.x !=
				    ls.sidebar_x + 1) || (ls.scores.w &&
				    ls.scores.x != ls.sidebar_x + 1)))
					bad++;
				/* Everything is used: no row of the body lost. */
				if (ls.panes.h + ls.status.h != rows && rows > 1)
					bad++;
			}
		}
	}
	CHECK(bad == 0);
	layout_screen(80, 24, 1, 1, 0, &ls);
	CHECK(ls.sidebar_x == -1 && ls.panes.w == 80 && ls.panes.h == 22);
	layout_screen(160, 50, 1, 1, 0, &ls);
	CHECK(ls.sidebar_x == 106 && ls.brief.w == 53 && ls.scores.y ==
	    ls.brief.h);
	CHECK(ls.brief.h + ls.scores.h == 48);
}

/* Build a tree of n panes by splitting the last one alternately. */
static struct layout_node *
build(int n, int *ids)
{
	struct layout_node	*root = layout_new_pane(1);
	int			 i;

	ids[0] = 1;
	for (i = 1; i < n; i++) {
		layout_split(&root, ids[(i * 7) % i], i % 2 ? LAYOUT_COLUMNS :
		    LAYOUT_ROWS, i + 1);
		ids[i] = i + 1;
	}
	return (root);
}

static void
test_tree(void)
{
	struct layout_node	*root, *leaf;
	struct layout_rect	 r[16];
	int			 ids[16], order[16], n, cols, rows, i, j, k;
	int			 bad = 0, cells;

	for (n = 1; n <= 8; n++) {
		root = build(n, ids);
		CHECK(layout_panes(root, order, 16) == n);
		for (cols = 1; cols <= 200; cols += 3) {
			for (rows = 1; rows <= 80; rows += 2) {
				layout_compute(root, (struct layout_rect){ 0, 0,
				    cols, rows });
				cells = 0;
				for (i = 0; i < n; i++) {
					leaf = layout_find(root, ids[i]);
					r[i] = leaf->rect;
					if (!fits(r[i], cols, rows))
						bad++;
					cells += r[i].w * r[i].h;
					for (j = 0; j < i; j++)
						bad += overlap(r[i], r[j]);
				}
				if (cells > cols * rows)
					bad++;
				/* Each visible cell's pane is the one there. */
				for (i = 0; i < n; i++) {
					if (r[i].w > 0 && r[i].h > 0 &&
					    layout_pane_at(root, r[i].x,
					    r[i].y) != ids[i])
						bad++;
				}
				/* With room, every pane is visible. */
				if (cols >= 40 && rows >= 20) {
					for (i = 0; i < n; i++)
						if (r[i].w < 1 || r[i].h < 1)
							bad++;
				}
			}
		}
		/* Round trip through JSON keeps the tree. */
		{
			json_t *j1 = layout_to_json(root);
			struct layout_node *copy = layout_from_json(j1);
			json_t *j2 = layout_to_json(copy);

			CHECK(json_equal(j1, j2));
			json_decref(j1);
			json_decref(j2);
			layout_free(copy);
		}
		/* Removing every pane but one leaves a single leaf. */
		for (k = n; k > 1; k--)
			layout_remove(&root, k);
		CHECK(root != NULL && root->kind == LAYOUT_PANE &&
		    root->pane == 1 && root->parent == NULL);
		layout_free(root);
	}
	CHECK(bad == 0);
}

static void
test_split_geometry(void)
{
	struct layout_node	*root = layout_new_pane(1), *b;

	layout_split(&root, 1, LAYOUT_COLUMNS, 2);
	layout_compute(root, (struct layout_rect){ 0, 0, 81, 24 });
	/* 81 columns: 40 | border | 40 */
	CHECK(layout_find(root, 1)->rect.w == 40);
	CHECK(layout_find(root, 2)->rect.x == 41);
	CHECK(layout_find(root, 2)->rect.w == 40);
	CHECK((b = layout_border_at(root, 40, 5)) == root);
	CHECK(layout_border_at(root, 39, 5) == NULL);
	CHECK(layout_pane_at(root, 40, 5) == -1);
	CHECK(layout_cycle(root, 1, 1) == 2 && layout_cycle(root, 2, 1) == 1);
	CHECK(layout_cycle(root, 1, -1) == 2);
	layout_split(&root, 2, LAYOUT_ROWS, 3);
	layout_compute(root, (struct layout_rect){ 0, 0, 81, 25 });
	CHECK(layout_find(root, 3)->rect.y == 13);
	CHECK(layout_find(root, 2)->rect.h == 12);
	layout_remove(&root, 1);
	layout_compute(root, (struct layout_rect){ 0, 0, 81, 25 });
	CHECK(layout_find(root, 2)->rect.w == 81);
	{
		json_t *half = json_pack("{ss}", "split", "rows");

		CHECK(layout_from_json(half) == NULL);
		json_decref(half);
	}
	layout_free(root);
}

int
main(void)
{
	RUN(test_screen);
	RUN(test_tree);
	RUN(test_split_geometry);
	UNIT_DONE();
}
