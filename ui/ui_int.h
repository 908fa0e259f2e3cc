/*
 * ui_int.h: what the workbench's modules share. struct ui is the client's
 * whole model: the copies of the panes' screens, the layout tree, the last
 * status and scores the server sent, and the state of the overlays. Every
 * module reads it; ui.c owns it, talks to the server, and draws once per
 * loop turn from it.
 *
 *	ui.c		the loop, the socket, replies and events, the layout
 *	input.c		keys and the mouse: bindings, panes, overlays
 *	actions.c	the table of actions that keys are bound to
 *	keys.c		key names and binding tables (no curses)
 *	layout.c	geometry (no curses)
 *	grid.c		frames to a pane's cells (no curses)
 *	brief.c		brief.md to styled lines (no curses)
 *	draw.c		curses setup, colours, text
 *	pane_view.c	shell panes, their borders, copy mode
 *	sidebar.c	the sidebar's views: the brief, the scores (also
 *			full-screen where the sidebar does not fit)
 *	status.c	the status bar and the time left in large figures
 *	dialog.c	overlays: help, line editor, confirmation, pagers, lists
 */
#ifndef BASELINER_UI_INT_H
#define BASELINER_UI_INT_H

#include <jansson.h>
#include <stdarg.h>

#include "brief.h"
#include "ctl_client.h"
#include "draw.h"
#include "grid.h"
#include "json_field.h"
#include "keys.h"
#include "layout.h"
#include "util.h"

#define UI_MAX_PANES	64

enum ui_overlay {
	OV_NONE,
	OV_HELP,
	OV_EDIT,		/* a one-line editor: note, pause, ... */
	OV_CONFIRM,		/* submit? */
	OV_PAGER,		/* a diff, a scorer's output */
	OV_CHECKPOINTS,		/* the list of checkpoints */
	OV_SCORES,		/* the list of scores */
	OV_VIEW			/* a sidebar's view full-screen (u->view) */
};

enum ui_edit { EDIT_NOTE, EDIT_PAUSE, EDIT_RESTORE, EDIT_SEARCH_DOWN,
	EDIT_SEARCH_UP };

/* What a reply is for, when it matters; other replies only report errors. */
enum ui_req {
	REQ_NONE,
	REQ_STATUS,
	REQ_SCORES,
	REQ_CHECKPOINTS,
	REQ_PAGER,
	REQ_SCROLLBACK,
	REQ_NEWPANE,
	REQ_RESTORE
};

struct ui_pane {
	int		id;
	struct grid	grid;
	int		want_cols, want_rows;	/* last pane.resize sent */
};

/* Copy mode on the focused pane: its scrollback and screen as text. */
struct ui_copy {
	int		  active;
	int		  pane;
	char		**lines;
	int		  n;
	int		  row, col, top;	/* cursor, first row shown */
	int		  mark_row, mark_col;	/* selection start, or -1 */
	int		  whole_lines;		/* V: the selection is lines */
	char		 *search;
	int		  search_up;		/* it was ? (n goes the same way) */
};

struct ui_pending {
	long long	 id;
	enum ui_req	 kind;
	int		 arg;			/* REQ_NEWPANE: the split */
	int		 pane;			/* the pane it is about */
};

/* A view of the sidebar (tmux's window modes, in small). */
struct ui;
struct ui_view_kind {
	const char	*name;
	const char	*title;
	void		(*draw)(struct ui *, struct layout_rect);
	void		(*scroll_by)(struct ui *, int lines);
};
extern const struct ui_view_kind ui_view_brief, ui_view_scores;

struct ui {
	struct ctl_client		*c;
	int			 read_only;
	int			 quit;		/* 1 detach, 2 lost server */
	char			*quit_why;
	int			 redraw;
	int			 redraw_lazy;	/* only unfocused panes changed */
	int			 full_redraw;	/* clear the terminal too */

	json_t			*status;	/* the last status reply */
	json_t			*scores;	/* the last scores reply */
	json_t			*ckpts;		/* the last checkpoints list */
	double			 elapsed, remaining, limit;
	double			 clock_at;	/* mono time of the last clock */
	char			 state[16];
	char			 running_line[256];
	double			 running_since;	/* mono time; 0: idle */
	long long		 running_id;
	int			 queue;
	int			 spin;

	struct ui_pane		 panes[UI_MAX_PANES];
	int			 npanes;
	int			 active;	/* pane id, or -1 */
	int			 zoomed;	/* pane id, or -1 */
	struct layout_node	*root;

	int			 show_brief, show_scores, side_w;
	struct brief		 brief;
	char			*brief_md;
	int			 brief_scroll;
	int			 scores_scroll;
	struct layout_screen	 ls;
	int			 cols, rows;

	struct keys		 keys;
	int			 tmux_prefix;	/* C-a: C-b is tmux's */
	int			 prefix;	/* the prefix was pressed */

	enum ui_overlay		 ov;
	enum ui_edit		 edit_kind;
	struct buf		 edit;
	size_t			 edit_pos;	/* the cursor, a byte offset */
	char			 edit_prompt[80];
	char			**pager;
	int			 npager, pager_top, pager_sel;
	int			 pager_left;	/* cells scrolled sideways */
	int			 pager_widest;	/* cells of its widest line */
	enum ui_overlay		 pager_back;	/* the list a pager came from */
	const struct ui_view_kind *view;	/* OV_VIEW: which */
	int			 back_sel;
	char			 pager_title[96];

	struct ui_copy		 copy;
	char			*paste;		/* what copy mode copied */

	char			 flash[256];
	double			 flash_until;
	/* What stays on screen until acknowledged (prefix m): a clock
	 * warning, a proctor's extension or pause. */
	char			 notice[256];
	int			 warned;	/* clock warnings shown (0-3) */
	/* The session ended: why, for the final screen. */
	char			 final_reason[32];
	char			 final_why[256];

	struct ui_pending	*pending;
	size_t			 npending;
	json_t			*held_input;	/* typed during a split */

	struct layout_node	*drag;		/* a split's border, dragged */
	int			 drag_sidebar;	/* the sidebar's border */
	double			 last_draw;
};

/* ui.c */
void	 ui_flash(struct ui *, const char *, ...) printflike(2, 3);
void	 ui_notice(struct ui *, const char *, ...) printflike(2, 3);
void	 ui_request(struct ui *, const char *, json_t *, enum ui_req, int);
void	 ui_pane_input(struct ui *, json_t *);
void	 ui_write(struct ui *, const char *, json_t *);
struct ui_pane *ui_pane(struct ui *, int);
void	 ui_relayout(struct ui *, int);
int	 ui_rows_above_status(struct ui *);
void	 ui_store_layout(struct ui *);
void	 ui_refresh(struct ui *);
void	 ui_split(struct ui *, enum layout_kind);
int	 ui_held(struct ui *);

/* input.c */
int	 input_read(struct ui *);	/* keys read */
void	 input_send_key(struct ui *, key_code);
void	 input_send_text(struct ui *, const char *);

/* actions.c */
struct action_entry {
	const char	*name;
	const char	*help;
	void		(*fn)(struct ui *);
};
extern const struct action_entry action_table[];
const struct action_entry *action_find(const char *);
int	 action_valid(const char *);
void	 action_run(struct ui *, const char *);

/* pane_view.c */
void	 pane_view_draw(struct ui *, int *cur_y, int *cur_x);
/* Copy mode: enter with the pane's scrollback (a pane.scrollback reply),
 * keys and searches move in it, leave frees what it held (u->copy is
 * embedded in the ui: this is its done) and redraws. */
void	 ui_copy_enter(struct ui *, json_t *result);
void	 ui_copy_key(struct ui *, key_code);
void	 ui_copy_search(struct ui *, const char *, int up);
void	 ui_copy_leave(struct ui *);

/* sidebar.c */
void	 sidebar_draw(struct ui *);
void	 sidebar_scroll(struct ui *, int x, int y, int lines);
void	 sidebar_plot(struct ui *, struct layout_rect);
void	 sidebar_view_open(struct ui *, const struct ui_view_kind *);
void	 sidebar_view_close(struct ui *);
int	 sidebar_view_page(struct ui *, const struct ui_view_kind *);
void	 sidebar_view_draw(struct ui *);
const char	*sidebar_score_reason(json_t *);
void	 sidebar_view_key(struct ui *, key_code);
struct layout_rect sidebar_view_rect(struct ui *);

/* status.c */
void	 status_draw(struct ui *);
int	 status_time_colour(double);

/* dialog.c */
void	 dialog_edit(struct ui *, enum ui_edit, const char *prompt);
void	 dialog_pager(struct ui *, enum ui_overlay, const char *title,
	     const char *text);
void	 dialog_pager_done(struct ui *);
void	 dialog_scores(struct ui *);
void	 dialog_key(struct ui *, key_code);
void	 dialog_draw(struct ui *, int *cur_y, int *cur_x);
void	 dialog_draw_held(struct ui *);

#endif
