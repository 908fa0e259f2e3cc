/*
 * test_layout.c: the workbench's geometry over every terminal size from
 * 1x1 to 300x100 and several trees of splits: nothing overlaps, everything
 * stays inside the screen, borders are one cell, and the status bar is
 * always the bottom rows. Random trees with random ratios: every cell of
 * the panes' area is a pane's or a border's, each border is one cell wide
 * and runs the whole length of its split; directional focus finds the
 * adjacent pane, resizing moves the right border and keeps the rest true.
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
				/* The sidebar is there exactly where it has
				 * room (elsewhere its views open full-screen). */
				if (flags != 0 && (ls.sidebar_x >= 0) !=
				    layout_sidebar_room(cols, rows))
					bad++;
			}
		}
	}
	CHECK(bad == 0);
	layout_screen(80, 24, 1, 1, 0, &ls);
	CHECK(ls.sidebar_x == -1 && ls.panes.w == 80 && ls.panes.h == 22);
	CHECK(!layout_sidebar_room(80, 24) && !layout_sidebar_room(99, 50));
	CHECK(layout_sidebar_room(100, 24) && layout_sidebar_room(200, 50));
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
			layout_destroy(copy);
		}
		/* Removing every pane but one leaves a single leaf. */
		for (k = n; k > 1; k--)
			layout_remove(&root, k);
		CHECK(root != NULL && root->kind == LAYOUT_PANE &&
		    root->pane == 1 && root->parent == NULL);
		layout_destroy(root);
	}
	CHECK(bad == 0);
}

/* A tree of n panes made by random splits with random ratios. */
static struct layout_node *
build_random(int n, unsigned *seed)
{
	struct layout_node	*root = layout_new_pane(1), *leaf;
	int			 i, target;

	for (i = 1; i < n; i++) {
		target = 1 + (int)(rand_r(seed) % i);
		layout_split(&root, target, rand_r(seed) % 2 ? LAYOUT_COLUMNS :
		    LAYOUT_ROWS, i + 1);
		leaf = layout_find(root, i + 1);
		leaf->parent->ratio = 0.05 + (rand_r(seed) % 90) / 100.0;
	}
	return (root);
}

/* Check one split's border: a full line of uncovered cells. */
static int
check_borders(struct layout_node *n, unsigned char *map, int W)
{
	struct layout_rect	a, b, r;
	int			bad = 0, i;

	if (n == NULL || n->kind == LAYOUT_PANE)
		return (0);
	r = n->rect;
	a = n->a->rect;
	b = n->b->rect;
	if (b.w > 0 && b.h > 0) {
		if (n->kind == LAYOUT_COLUMNS) {
			/* a | border | b, all of r's height. */
			if (a.x != r.x || a.w + 1 + b.w != r.w ||
			    b.x != a.x + a.w + 1 || a.h != r.h || b.h != r.h)
				bad++;
			for (i = 0; i < r.h; i++)
				bad += map[(r.y + i) * W + a.x + a.w] != 2;
		} else {
			if (a.y != r.y || a.h + 1 + b.h != r.h ||
			    b.y != a.y + a.h + 1 || a.w != r.w || b.w != r.w)
				bad++;
			for (i = 0; i < r.w; i++)
				bad += map[(a.y + a.h) * W + r.x + i] != 2;
		}
	}
	return (bad + check_borders(n->a, map, W) +
	    check_borders(n->b, map, W));
}

/* Mark split borders (2) over a map of pane cells (1). */
static void
mark_borders(struct layout_node *n, unsigned char *map, int W)
{
	struct layout_rect	a, r;
	int			i;

	if (n == NULL || n->kind == LAYOUT_PANE)
		return;
	r = n->rect;
	a = n->a->rect;
	if (n->b->rect.w > 0 && n->b->rect.h > 0) {
		if (n->kind == LAYOUT_COLUMNS)
			for (i = 0; i < r.h; i++)
				map[(r.y + i) * W + a.x + a.w] += 2;
		else
			for (i = 0; i < r.w; i++)
				map[(a.y + a.h) * W + r.x + i] += 2;
	}
	mark_borders(n->a, map, W);
	mark_borders(n->b, map, W);
}

static void
test_random_trees(void)
{
	struct layout_node	*root;
	struct layout_rect	 area, r;
	unsigned char		*map;
	unsigned		 seed = 12345;
	int			 ids[32], t, n, cols, rows, i, x, y, k;
	int			 bad = 0, uncovered = 0, sizes = 0;

	for (t = 0; t < 60; t++) {
		n = 1 + t % 12;
		root = build_random(n, &seed);
		for (cols = 1; cols <= 300; cols += 1 + t % 7) {
			for (rows = 1; rows <= 100; rows += 1 + t % 5) {
				sizes++;
				area = (struct layout_rect){ 3, 2, cols, rows };
				layout_compute(root, area);
				map = xcalloc((size_t)(cols + 3) * (rows + 2), 1);
				k = layout_panes(root, ids, 32);
				bad += k != n;
				for (i = 0; i < k; i++) {
					r = layout_find(root, ids[i])->rect;
					if (r.w == 0 || r.h == 0)
						continue;
					if (r.x < area.x || r.y < area.y ||
					    r.x + r.w > area.x + cols ||
					    r.y + r.h > area.y + rows)
						bad++;
					for (y = r.y; y < r.y + r.h; y++)
						for (x = r.x; x < r.x + r.w; x++)
							map[y * (cols + 3) +
							    x]++;
				}
				mark_borders(root, map, cols + 3);
				/* Each cell: one pane or one border. */
				for (y = area.y; y < area.y + rows; y++) {
					for (x = area.x; x < area.x + cols;
					    x++) {
						int v = map[y * (cols + 3) + x];

						if (v == 0)
							uncovered++;
						else if (v != 1 && v != 2)
							bad++;
					}
				}
				bad += check_borders(root, map, cols + 3);
				/* Nothing outside the area. */
				for (y = 0; y < area.y; y++)
					for (x = 0; x < cols + 3; x++)
						bad += map[y * (cols + 3) +
						    x] != 0;
				free(map);
			}
		}
		layout_destroy(root);
	}
	/* Cells under a hidden second half are the first half's. */
	CHECK(uncovered == 0);
	CHECK(bad == 0);
	CHECK(sizes > 10000);
}

static void
test_neighbours(void)
{
	struct layout_node	*root = layout_new_pane(1);
	unsigned		 seed = 7;
	int			 ids[16], n, i, j, d, bad = 0, nb;
	struct layout_rect	 a, b;

	/* 1 | 2 over 3: 1 and 2 side by side above 3. */
	layout_split(&root, 1, LAYOUT_ROWS, 3);
	layout_split(&root, 1, LAYOUT_COLUMNS, 2);
	layout_compute(root, (struct layout_rect){ 0, 0, 81, 25 });
	CHECK(layout_neighbour(root, 1, LAYOUT_RIGHT) == 2);
	CHECK(layout_neighbour(root, 2, LAYOUT_LEFT) == 1);
	CHECK(layout_neighbour(root, 1, LAYOUT_DOWN) == 3);
	CHECK(layout_neighbour(root, 2, LAYOUT_DOWN) == 3);
	CHECK(layout_neighbour(root, 3, LAYOUT_UP) == 1);
	CHECK(layout_neighbour(root, 1, LAYOUT_LEFT) == -1);
	CHECK(layout_neighbour(root, 3, LAYOUT_DOWN) == -1);
	CHECK(layout_neighbour(root, 99, LAYOUT_UP) == -1);

	/* Resizing: the border beside 1 moves right by 4, then back. */
	a = layout_find(root, 1)->rect;
	CHECK(layout_resize(root, 1, LAYOUT_RIGHT, 4) == 0);
	layout_compute(root, (struct layout_rect){ 0, 0, 81, 25 });
	CHECK(layout_find(root, 1)->rect.w == a.w + 4);
	CHECK(layout_find(root, 2)->rect.x == a.x + a.w + 5);
	CHECK(layout_resize(root, 2, LAYOUT_LEFT, 4) == 0);
	layout_compute(root, (struct layout_rect){ 0, 0, 81, 25 });
	CHECK(layout_find(root, 1)->rect.w == a.w);
	/* The row border: up from 3. */
	b = layout_find(root, 3)->rect;
	CHECK(layout_resize(root, 3, LAYOUT_UP, 3) == 0);
	layout_compute(root, (struct layout_rect){ 0, 0, 81, 25 });
	CHECK(layout_find(root, 3)->rect.h == b.h + 3);
	/* A border never leaves a half empty. */
	for (i = 0; i < 100; i++)
		layout_resize(root, 1, LAYOUT_LEFT, 5);
	layout_compute(root, (struct layout_rect){ 0, 0, 81, 25 });
	CHECK(layout_find(root, 1)->rect.w == 1);
	CHECK(layout_resize(root, 1, LAYOUT_LEFT, 5) == -1);
	/* No split that way: nothing moves. */
	layout_destroy(root);
	root = layout_new_pane(1);
	layout_split(&root, 1, LAYOUT_COLUMNS, 2);
	layout_compute(root, (struct layout_rect){ 0, 0, 81, 25 });
	CHECK(layout_resize(root, 1, LAYOUT_UP, 2) == -1);
	layout_destroy(root);

	/* Random trees: a neighbour is across a one-cell border, sharing
	 * some of the edge; and a pane with one on a side finds it. */
	for (n = 2; n <= 12; n++) {
		root = build_random(n, &seed);
		layout_compute(root, (struct layout_rect){ 0, 0, 200, 60 });
		layout_panes(root, ids, 16);
		for (i = 0; i < n; i++) {
			a = layout_find(root, ids[i])->rect;
			for (d = 0; d < 4; d++) {
				nb = layout_neighbour(root, ids[i], d);
				if (nb == -1)
					continue;
				b = layout_find(root, nb)->rect;
				switch (d) {
				case LAYOUT_LEFT:
					bad += b.x + b.w + 1 != a.x;
					break;
				case LAYOUT_RIGHT:
					bad += a.x + a.w + 1 != b.x;
					break;
				case LAYOUT_UP:
					bad += b.y + b.h + 1 != a.y;
					break;
				case LAYOUT_DOWN:
					bad += a.y + a.h + 1 != b.y;
					break;
				}
				/* Going back comes to a pane beside us. */
				j = layout_neighbour(root, nb, d ^ 1);
				bad += j == -1;
			}
		}
		layout_destroy(root);
	}
	CHECK(bad == 0);
}

static void
test_sidebar_width(void)
{
	struct layout_screen	ls;
	int			cols, want, bad = 0;

	for (cols = 100; cols <= 300; cols++) {
		for (want = 1; want <= 400; want += 7) {
			layout_screen(cols, 40, 1, 1, want, &ls);
			bad += ls.brief.w < 20 || ls.panes.w < 20;
			bad += ls.panes.w + 1 + ls.brief.w != cols;
			bad += ls.scores.w != ls.brief.w;
		}
	}
	CHECK(bad == 0);
	layout_screen(200, 40, 1, 1, 50, &ls);
	CHECK(ls.brief.w == 50 && ls.panes.w == 149);
	/* Only one of the two: it takes the sidebar's height. */
	layout_screen(200, 40, 0, 1, 0, &ls);
	CHECK(ls.brief.w == 0 && ls.scores.h == 38 && ls.scores.y == 0);
	layout_screen(200, 40, 1, 0, 0, &ls);
	CHECK(ls.scores.w == 0 && ls.brief.h == 38);
	layout_screen(200, 40, 0, 0, 0, &ls);
	CHECK(ls.sidebar_x == -1 && ls.panes.w == 200);
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
	layout_destroy(root);
}

int
main(void)
{
	RUN(test_screen);
	RUN(test_tree);
	RUN(test_split_geometry);
	RUN(test_random_trees);
	RUN(test_neighbours);
	RUN(test_sidebar_width);
	UNIT_DONE();
}
