/*
 * layout.h: the workbench's geometry, pure functions of the terminal
 * size and the layout tree, with no curses. The screen is the shell panes'
 * area on the left, an optional sidebar on the right (the brief above the
 * scores), and the status bar at the bottom. Shell panes tile their area as
 * a binary tree of splits, each split leaving a one-cell border between its
 * halves.
 */
#ifndef BASELINER_UI_LAYOUT_H
#define BASELINER_UI_LAYOUT_H

#include <jansson.h>

struct layout_rect {
	int	x, y, w, h;
};

enum layout_kind {
	LAYOUT_PANE,
	LAYOUT_COLUMNS,		/* a | b: side by side */
	LAYOUT_ROWS		/* a above b */
};

struct layout_node {
	enum layout_kind	 kind;
	int			 pane;		/* LAYOUT_PANE */
	double			 ratio;		/* share of a, 0.1..0.9 */
	struct layout_node	*a, *b, *parent;
	struct layout_rect	 rect;		/* set by layout_compute */
};

struct layout_screen {
	struct layout_rect	 panes;		/* the shell panes' area */
	struct layout_rect	 brief;		/* w == 0: hidden */
	struct layout_rect	 scores;	/* w == 0: hidden */
	struct layout_rect	 status;	/* the status bar */
	int			 sidebar_x;	/* column of the border, or -1 */
};

enum layout_dir { LAYOUT_UP, LAYOUT_DOWN, LAYOUT_LEFT, LAYOUT_RIGHT };

/*
 * The screen's parts for a terminal of cols x rows. side_w is the wanted
 * width of the sidebar, 0 for the default (a third, 30 to 60 columns); it
 * is kept between 20 columns and leaving the panes 20.
 */
void	 layout_screen(int cols, int rows, int show_brief, int show_scores,
	     int side_w, struct layout_screen *);
/* Whether a terminal of cols x rows has room for the sidebar. */
int	 layout_sidebar_room(int cols, int rows);

struct layout_node *layout_new_pane(int pane);
void	 layout_destroy(struct layout_node *);
/* Split the leaf of pane into it and new_pane; returns the new leaf. */
struct layout_node *layout_split(struct layout_node **root, int pane,
	     enum layout_kind, int new_pane);
/* Remove a pane's leaf; its sibling takes the parent's place. */
void	 layout_remove(struct layout_node **root, int pane);
struct layout_node *layout_find(struct layout_node *, int pane);
/* Rects for every node inside r; leaves too small get w or h 0. */
void	 layout_compute(struct layout_node *, struct layout_rect r);
/* The pane whose rect holds (x, y), or -1. */
int	 layout_pane_at(struct layout_node *, int x, int y);
/* Panes in order (left to right, top to bottom); returns the count. */
int	 layout_panes(struct layout_node *, int *, int max);
/* The pane after (dir 1) or before (-1) pane in that order. */
int	 layout_cycle(struct layout_node *, int pane, int dir);
/* The split whose border is at (x, y), or NULL (for mouse resizing). */
struct layout_node *layout_border_at(struct layout_node *, int x, int y);
/* Put a split's border at column or row pos (absolute), if it fits. */
void	 layout_move_border(struct layout_node *, int pos);
/*
 * The pane beside pane in a direction: of those across the border next to
 * it, the one that shares most of its edge; -1 if it is at the edge.
 */
int	 layout_neighbour(struct layout_node *, int pane, enum layout_dir);
/* Move the nearest border across that direction by cells; 0 if moved. */
int	 layout_resize(struct layout_node *, int pane, enum layout_dir,
	     int cells);

json_t	*layout_to_json(struct layout_node *);
struct layout_node *layout_from_json(json_t *);

#endif
