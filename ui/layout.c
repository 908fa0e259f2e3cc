/*
 * layout.c: the workbench's geometry. Everything here is arithmetic on
 * rectangles so it can be tested over every terminal size: nothing may
 * overlap, everything must fit, and borders sit between halves.
 *
 * Screen: the bottom two rows are the status bar (one on terminals under
 * ten rows). With room (at least 100 columns), a sidebar of about a third
 * of the width, 30 to 60 columns unless the user dragged it, holds the
 * brief above the scores; a one-column border separates it from the shell
 * panes. On narrow terminals the sidebar is dropped and the panes take
 * everything, and the brief and the scores are full-screen views
 * (sidebar.c) instead.
 *
 * Shell panes: a split gives its first half round((size - 1) * ratio)
 * cells, at least one, and the second half what is left after the
 * one-cell border; a split with under three cells gives everything to its
 * first half, and the second half (w or h 0) is not drawn.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "layout.h"

int
layout_sidebar_room(int cols, int rows)
{
	return (cols >= 100 && rows - (rows >= 10 ? 2 : 1) >= 1);
}

void
layout_screen(int cols, int rows, int show_brief, int show_scores,
    int side_pref, struct layout_screen *ls)
{
	int	status_h, side_w, body_h;

	memset(ls, 0, sizeof *ls);
	ls->sidebar_x = -1;
	if (cols < 1 || rows < 1)
		return;
	status_h = rows >= 10 ? 2 : 1;
	if (status_h > rows)
		status_h = rows;
	body_h = rows - status_h;
	ls->status = (struct layout_rect){ 0, body_h, cols, status_h };
	ls->panes = (struct layout_rect){ 0, 0, cols, body_h };
	if (!layout_sidebar_room(cols, rows) || (!show_brief && !show_scores))
		return;
	if (side_pref > 0) {
		side_w = side_pref;
		if (side_w > cols - 21)
			side_w = cols - 21;
		if (side_w < 20)
			side_w = 20;
	} else {
		side_w = cols / 3;
		if (side_w < 30)
			side_w = 30;
		if (side_w > 60)
			side_w = 60;
	}
	ls->panes.w = cols - side_w - 1;
	ls->sidebar_x = ls->panes.w;
	if (show_brief && show_scores && body_h >= 8) {
		int bh = body_h / 2;

		ls->brief = (struct layout_rect){ cols - side_w, 0, side_w, bh };
		ls->scores = (struct layout_rect){ cols - side_w, bh, side_w,
		    body_h - bh };
	} else if (show_scores)
		ls->scores = (struct layout_rect){ cols - side_w, 0, side_w,
		    body_h };
	else
		ls->brief = (struct layout_rect){ cols - side_w, 0, side_w,
		    body_h };
}

struct layout_node *
layout_new_pane(int pane)
{
	struct layout_node	*n;

	n = xcalloc(1, sizeof *n);
	n->kind = LAYOUT_PANE;
	n->pane = pane;
	n->ratio = 0.5;
	return (n);
}

void
layout_destroy(struct layout_node *n)
{
	if (n == NULL)
		return;
	layout_destroy(n->a);
	layout_destroy(n->b);
	free(n);
}

struct layout_node *
layout_find(struct layout_node *n, int pane)
{
	struct layout_node	*f;

	if (n == NULL)
		return (NULL);
	if (n->kind == LAYOUT_PANE)
		return (n->pane == pane ? n : NULL);
	if ((f = layout_find(n->a, pane)) != NULL)
		return (f);
	return (layout_find(n->b, pane));
}

struct layout_node *
layout_split(struct layout_node **root, int pane, enum layout_kind kind,
    int new_pane)
{
	struct layout_node	*leaf, *split, *fresh;

	if ((leaf = layout_find(*root, pane)) == NULL)
		return (NULL);
	fresh = layout_new_pane(new_pane);
	split = xcalloc(1, sizeof *split);
	split->kind = kind;
	split->ratio = 0.5;
	split->parent = leaf->parent;
	if (leaf->parent == NULL)
		*root = split;
	else if (leaf->parent->a == leaf)
		leaf->parent->a = split;
	else
		leaf->parent->b = split;
	split->a = leaf;
	split->b = fresh;
	leaf->parent = fresh->parent = split;
	return (fresh);
}

void
layout_remove(struct layout_node **root, int pane)
{
	struct layout_node	*leaf, *parent, *sibling;

	if ((leaf = layout_find(*root, pane)) == NULL)
		return;
	parent = leaf->parent;
	if (parent == NULL) {
		free(leaf);
		*root = NULL;
		return;
	}
	sibling = parent->a == leaf ? parent->b : parent->a;
	sibling->parent = parent->parent;
	if (parent->parent == NULL)
		*root = sibling;
	else if (parent->parent->a == parent)
		parent->parent->a = sibling;
	else
		parent->parent->b = sibling;
	free(leaf);
	free(parent);
}

void
layout_compute(struct layout_node *n, struct layout_rect r)
{
	struct layout_rect	ra, rb;
	int			size, first;

	if (n == NULL)
		return;
	if (r.w < 0)
		r.w = 0;
	if (r.h < 0)
		r.h = 0;
	n->rect = r;
	if (n->kind == LAYOUT_PANE)
		return;
	size = n->kind == LAYOUT_COLUMNS ? r.w : r.h;
	if (size < 3) {
		/* No room for two halves and a border: a takes it all. */
		ra = r;
		rb = (struct layout_rect){ r.x, r.y, 0, 0 };
	} else {
		first = (int)((size - 1) * n->ratio + 0.5);
		if (first < 1)
			first = 1;
		if (first > size - 2)
			first = size - 2;
		if (n->kind == LAYOUT_COLUMNS) {
			ra = (struct layout_rect){ r.x, r.y, first, r.h };
			rb = (struct layout_rect){ r.x + first + 1, r.y,
			    r.w - first - 1, r.h };
		} else {
			ra = (struct layout_rect){ r.x, r.y, r.w, first };
			rb = (struct layout_rect){ r.x, r.y + first + 1, r.w,
			    r.h - first - 1 };
		}
	}
	layout_compute(n->a, ra);
	layout_compute(n->b, rb);
}

static int
inside(struct layout_rect r, int x, int y)
{
	return (x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h);
}

int
layout_pane_at(struct layout_node *n, int x, int y)
{
	int	p;

	if (n == NULL || !inside(n->rect, x, y))
		return (-1);
	if (n->kind == LAYOUT_PANE)
		return (n->pane);
	if ((p = layout_pane_at(n->a, x, y)) != -1)
		return (p);
	return (layout_pane_at(n->b, x, y));
}

struct layout_node *
layout_border_at(struct layout_node *n, int x, int y)
{
	struct layout_node	*f;

	if (n == NULL || n->kind == LAYOUT_PANE || !inside(n->rect, x, y))
		return (NULL);
	if ((f = layout_border_at(n->a, x, y)) != NULL ||
	    (f = layout_border_at(n->b, x, y)) != NULL)
		return (f);
	if (n->b->rect.w == 0 || n->b->rect.h == 0)
		return (NULL);
	if (n->kind == LAYOUT_COLUMNS && x == n->a->rect.x + n->a->rect.w)
		return (n);
	if (n->kind == LAYOUT_ROWS && y == n->a->rect.y + n->a->rect.h)
		return (n);
	return (NULL);
}

void
layout_move_border(struct layout_node *n, int pos)
{
	int	size, first;

	if (n == NULL || n->kind == LAYOUT_PANE)
		return;
	size = n->kind == LAYOUT_COLUMNS ? n->rect.w : n->rect.h;
	first = pos - (n->kind == LAYOUT_COLUMNS ? n->rect.x : n->rect.y);
	if (size < 3)
		return;
	if (first < 1)
		first = 1;
	if (first > size - 2)
		first = size - 2;
	n->ratio = (double)first / (size - 1);
}

/* Columns (or rows) of overlap of two ranges. */
static int
overlap_len(int a, int alen, int b, int blen)
{
	int	lo = a > b ? a : b;
	int	hi = a + alen < b + blen ? a + alen : b + blen;

	return (hi > lo ? hi - lo : 0);
}

static void
neighbour_walk(struct layout_node *n, struct layout_rect from,
    enum layout_dir dir, int *best, int *best_len, int *best_pos)
{
	struct layout_rect	r;
	int			len, pos, adjacent;

	if (n == NULL)
		return;
	if (n->kind != LAYOUT_PANE) {
		neighbour_walk(n->a, from, dir, best, best_len, best_pos);
		neighbour_walk(n->b, from, dir, best, best_len, best_pos);
		return;
	}
	r = n->rect;
	if (r.w < 1 || r.h < 1)
		return;
	switch (dir) {
	case LAYOUT_LEFT:
		adjacent = r.x + r.w + 1 == from.x;
		len = overlap_len(r.y, r.h, from.y, from.h);
		pos = r.y;
		break;
	case LAYOUT_RIGHT:
		adjacent = from.x + from.w + 1 == r.x;
		len = overlap_len(r.y, r.h, from.y, from.h);
		pos = r.y;
		break;
	case LAYOUT_UP:
		adjacent = r.y + r.h + 1 == from.y;
		len = overlap_len(r.x, r.w, from.x, from.w);
		pos = r.x;
		break;
	default:
		adjacent = from.y + from.h + 1 == r.y;
		len = overlap_len(r.x, r.w, from.x, from.w);
		pos = r.x;
		break;
	}
	if (!adjacent || len == 0)
		return;
	if (len > *best_len || (len == *best_len && pos < *best_pos)) {
		*best = n->pane;
		*best_len = len;
		*best_pos = pos;
	}
}

int
layout_neighbour(struct layout_node *root, int pane, enum layout_dir dir)
{
	struct layout_node	*leaf = layout_find(root, pane);
	int			 best = -1, best_len = 0, best_pos = 0;

	if (leaf == NULL || leaf->rect.w < 1 || leaf->rect.h < 1)
		return (-1);
	neighbour_walk(root, leaf->rect, dir, &best, &best_len, &best_pos);
	return (best);
}

int
layout_resize(struct layout_node *root, int pane, enum layout_dir dir,
    int cells)
{
	struct layout_node	*n = layout_find(root, pane);
	enum layout_kind	 want;
	int			 border, before;

	want = dir == LAYOUT_LEFT || dir == LAYOUT_RIGHT ? LAYOUT_COLUMNS :
	    LAYOUT_ROWS;
	if (n == NULL)
		return (-1);
	for (n = n->parent; n != NULL; n = n->parent) {
		if (n->kind == want && n->b->rect.w > 0 && n->b->rect.h > 0)
			break;
	}
	if (n == NULL)
		return (-1);
	if (want == LAYOUT_COLUMNS)
		border = n->a->rect.x + n->a->rect.w;
	else
		border = n->a->rect.y + n->a->rect.h;
	before = border;
	border += dir == LAYOUT_LEFT || dir == LAYOUT_UP ? -cells : cells;
	layout_move_border(n, border);
	layout_compute(n, n->rect);
	if (want == LAYOUT_COLUMNS)
		border = n->a->rect.x + n->a->rect.w;
	else
		border = n->a->rect.y + n->a->rect.h;
	return (border == before ? -1 : 0);
}

int
layout_panes(struct layout_node *n, int *out, int max)
{
	int	k;

	if (n == NULL || max <= 0)
		return (0);
	if (n->kind == LAYOUT_PANE) {
		out[0] = n->pane;
		return (1);
	}
	k = layout_panes(n->a, out, max);
	return (k + layout_panes(n->b, out + k, max - k));
}

int
layout_cycle(struct layout_node *n, int pane, int dir)
{
	int	ids[256], count, i;

	count = layout_panes(n, ids, (int)nitems(ids));
	for (i = 0; i < count; i++) {
		if (ids[i] == pane)
			return (ids[(i + dir + count) % count]);
	}
	return (count > 0 ? ids[0] : -1);
}

json_t *
layout_to_json(struct layout_node *n)
{
	if (n == NULL)
		return (json_null());
	if (n->kind == LAYOUT_PANE)
		return (json_pack("{si}", "pane", n->pane));
	return (json_pack("{ss sf so so}", "split", n->kind == LAYOUT_COLUMNS ?
	    "columns" : "rows", "ratio", n->ratio, "a", layout_to_json(n->a),
	    "b", layout_to_json(n->b)));
}

struct layout_node *
layout_from_json(json_t *j)
{
	struct layout_node	*n;
	const char		*split;
	json_t			*p;

	if (!json_is_object(j))
		return (NULL);
	if ((p = json_object_get(j, "pane")) != NULL && json_is_integer(p))
		return (layout_new_pane((int)json_integer_value(p)));
	split = json_string_value(json_object_get(j, "split"));
	if (split == NULL)
		return (NULL);
	n = xcalloc(1, sizeof *n);
	n->kind = strcmp(split, "columns") == 0 ? LAYOUT_COLUMNS : LAYOUT_ROWS;
	n->ratio = json_number_value(json_object_get(j, "ratio"));
	if (!(n->ratio > 0 && n->ratio < 1))
		n->ratio = 0.5;
	n->a = layout_from_json(json_object_get(j, "a"));
	n->b = layout_from_json(json_object_get(j, "b"));
	if (n->a == NULL || n->b == NULL) {
		layout_destroy(n);
		return (NULL);
	}
	n->a->parent = n->b->parent = n;
	return (n);
}
