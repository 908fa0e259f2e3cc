/*
 * actions.c: everything a key can be bound to, one constant table as
 * tmux's commands are. Bindings (keys.c) name an action; the help overlay
 * lists this table with the keys bound to each. An action that changes
 * the session goes through ui_write(), which a read-only client refuses.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui_int.h"

static void
act_score(struct ui *u)
{
	if (strcmp(u->state, "paused") == 0) {
		ui_flash(u, "the clock is paused: resume first");
		return;
	}
	ui_write(u, "score", json_pack("{sb}", "wait", 0));
	if (!u->read_only)
		ui_flash(u, "scoring queued: a checkpoint, then the scorer");
}

static void
act_cancel_score(struct ui *u)
{
	ui_write(u, "score.cancel", NULL);
}

static void
act_output(struct ui *u)
{
	json_t	*rows = json_object_get(u->scores, "scores");
	size_t	 n = json_array_size(rows);

	if (n == 0) {
		ui_flash(u, "no scores yet");
		return;
	}
	ui_request(u, "score.output", json_pack("{sO}", "id", json_object_get(
	    json_array_get(rows, n - 1), "id")), REQ_PAGER, 0);
}

static void
act_scores(struct ui *u)
{
	dialog_scores(u);
}

static void
act_checkpoint(struct ui *u)
{
	ui_write(u, "checkpoint", json_pack("{ss}", "message",
	    "from the workbench"));
	if (!u->read_only)
		ui_flash(u, "checkpoint taken");
}

static void
act_checkpoints(struct ui *u)
{
	ui_request(u, "checkpoints", NULL, REQ_CHECKPOINTS, 0);
}

static void
act_note(struct ui *u)
{
	if (u->read_only)
		ui_flash(u, "read-only: no notes");
	else
		dialog_edit(u, EDIT_NOTE, " Note (Enter saves, Escape "
		    "cancels) ");
}

static void
act_pause(struct ui *u)
{
	if (u->read_only)
		ui_flash(u, "read-only: no pauses");
	else
		dialog_edit(u, EDIT_PAUSE, " Pause the clock: the reason "
		    "(Enter) ");
}

static void
act_resume(struct ui *u)
{
	ui_write(u, "resume", NULL);
}

static void
act_submit(struct ui *u)
{
	if (u->read_only)
		ui_flash(u, "read-only: no submitting");
	else
		u->ov = OV_CONFIRM;
}

static void
act_ack_message(struct ui *u)
{
	json_t	*msgs = json_object_get(u->status, "messages");
	size_t	 n = json_array_size(msgs);

	/* The proctor's message shows first, so it is acknowledged first;
	 * then the notices. */
	if (n == 0 && u->notice[0] != '\0') {
		u->notice[0] = '\0';
		u->redraw = 1;
		return;
	}
	if (n == 0) {
		ui_flash(u, "no message to acknowledge");
		return;
	}
	ui_write(u, "message.ack", json_pack("{sO}", "id", json_object_get(
	    json_array_get(msgs, n - 1), "id")));
}

static void
act_split_right(struct ui *u)
{
	ui_split(u, LAYOUT_COLUMNS);
}

static void
act_split_below(struct ui *u)
{
	ui_split(u, LAYOUT_ROWS);
}

static void
act_close_pane(struct ui *u)
{
	if (u->active >= 0)
		ui_write(u, "pane.close", json_pack("{si}", "pane", u->active));
}

static void
act_zoom_pane(struct ui *u)
{
	u->zoomed = u->zoomed == -1 ? u->active : -1;
	ui_relayout(u, 1);
	ui_store_layout(u);
}

static void
act_focus(struct ui *u, int id)
{
	if (id < 0 || layout_find(u->root, id) == NULL || id == u->active)
		return;
	if (u->copy.active)
		ui_copy_leave(u);
	u->active = id;
	if (u->zoomed != -1) {
		u->zoomed = id;
		ui_relayout(u, 1);
	}
	/* Kept with the layout: attaching again focuses it. */
	ui_store_layout(u);
	u->redraw = 1;
}

static void
act_next_pane(struct ui *u)
{
	act_focus(u, layout_cycle(u->root, u->active, 1));
}

static void
act_previous_pane(struct ui *u)
{
	act_focus(u, layout_cycle(u->root, u->active, -1));
}

static void
act_select(struct ui *u, enum layout_dir dir)
{
	if (u->zoomed != -1)
		return;
	act_focus(u, layout_neighbour(u->root, u->active, dir));
}

static void
act_select_up(struct ui *u)
{
	act_select(u, LAYOUT_UP);
}

static void
act_select_down(struct ui *u)
{
	act_select(u, LAYOUT_DOWN);
}

static void
act_select_left(struct ui *u)
{
	act_select(u, LAYOUT_LEFT);
}

static void
act_select_right(struct ui *u)
{
	act_select(u, LAYOUT_RIGHT);
}

static void
act_resize(struct ui *u, enum layout_dir dir)
{
	if (u->zoomed != -1 || u->read_only)
		return;
	if (layout_resize(u->root, u->active, dir, 2) == 0) {
		ui_relayout(u, 1);
		ui_store_layout(u);
	}
}

static void
act_resize_up(struct ui *u)
{
	act_resize(u, LAYOUT_UP);
}

static void
act_resize_down(struct ui *u)
{
	act_resize(u, LAYOUT_DOWN);
}

static void
act_resize_left(struct ui *u)
{
	act_resize(u, LAYOUT_LEFT);
}

static void
act_resize_right(struct ui *u)
{
	act_resize(u, LAYOUT_RIGHT);
}

static void
act_copy_mode(struct ui *u)
{
	if (u->active < 0 || u->copy.active)
		return;
	ui_request(u, "pane.scrollback", json_pack("{si si si}", "pane",
	    u->active, "from", 0, "count", 10000), REQ_SCROLLBACK, 0);
}

static void
act_paste(struct ui *u)
{
	if (u->paste == NULL) {
		ui_flash(u, "nothing copied yet ([ then Enter copies)");
		return;
	}
	if (u->active >= 0 && !ui_held(u))
		ui_write(u, "pane.input", json_pack("{si ss}", "pane",
		    u->active, "paste", u->paste));
}

/*
 * Hide or show a view of the sidebar; where the sidebar does not fit
 * (under 100 columns), open it full-screen instead, or close it.
 */
static void
act_toggle_view(struct ui *u, const struct ui_view_kind *view, int *show)
{
	if (u->ov == OV_VIEW && u->view == view) {
		sidebar_view_close(u);
		return;
	}
	if (!layout_sidebar_room(u->cols, u->rows)) {
		sidebar_view_open(u, view);
		return;
	}
	if (u->ov == OV_VIEW)
		u->ov = OV_NONE;
	*show = !*show;
	ui_relayout(u, 1);
}

static void
act_toggle_brief(struct ui *u)
{
	act_toggle_view(u, &ui_view_brief, &u->show_brief);
}

static void
act_toggle_scores(struct ui *u)
{
	act_toggle_view(u, &ui_view_scores, &u->show_scores);
}

static void
act_brief_up(struct ui *u)
{
	u->brief_scroll -= sidebar_view_page(u, &ui_view_brief);
	if (u->brief_scroll < 0)
		u->brief_scroll = 0;
	u->redraw = 1;
}

static void
act_brief_down(struct ui *u)
{
	u->brief_scroll += sidebar_view_page(u, &ui_view_brief);
	u->redraw = 1;
}

static void
act_redraw(struct ui *u)
{
	u->full_redraw = 1;
	ui_relayout(u, 1);
}

static void
act_detach(struct ui *u)
{
	u->quit = 1;
}

static void
act_help(struct ui *u)
{
	u->ov = OV_HELP;
	u->pager_top = 0;
}

static void
act_send_prefix(struct ui *u)
{
	if (!ui_held(u))
		input_send_key(u, u->keys.prefix);
}

const struct action_entry action_table[] = {
	{ .name = "score", .fn = act_score,
	  .help = "score: checkpoint the work, then run the scorer" },
	{ .name = "cancel-score", .fn = act_cancel_score,
	  .help = "cancel the running scoring" },
	{ .name = "output", .fn = act_output,
	  .help = "full output of the last scoring" },
	{ .name = "scores", .fn = act_scores,
	  .help = "every scoring; Enter shows its full output" },
	{ .name = "checkpoint", .fn = act_checkpoint,
	  .help = "checkpoint the work folder now" },
	{ .name = "checkpoints", .fn = act_checkpoints,
	  .help = "checkpoints: diff (Enter, w), restore (R)" },
	{ .name = "note", .fn = act_note,
	  .help = "write a note in the session's log" },
	{ .name = "pause", .fn = act_pause,
	  .help = "pause the clock, with a reason" },
	{ .name = "resume", .fn = act_resume,
	  .help = "resume the clock" },
	{ .name = "submit", .fn = act_submit,
	  .help = "submit: end the session (asks first)" },
	{ .name = "ack-message", .fn = act_ack_message,
	  .help = "acknowledge the proctor's message or a notice" },
	{ .name = "split-right", .fn = act_split_right,
	  .help = "split the pane, a new shell to the right" },
	{ .name = "split-below", .fn = act_split_below,
	  .help = "split the pane, a new shell below" },
	{ .name = "close-pane", .fn = act_close_pane,
	  .help = "close the pane (its shell is hung up)" },
	{ .name = "zoom-pane", .fn = act_zoom_pane,
	  .help = "zoom the pane to the whole area, or back" },
	{ .name = "next-pane", .fn = act_next_pane,
	  .help = "focus the next pane" },
	{ .name = "previous-pane", .fn = act_previous_pane,
	  .help = "focus the previous pane" },
	{ .name = "select-up", .fn = act_select_up,
	  .help = "focus the pane above" },
	{ .name = "select-down", .fn = act_select_down,
	  .help = "focus the pane below" },
	{ .name = "select-left", .fn = act_select_left,
	  .help = "focus the pane to the left" },
	{ .name = "select-right", .fn = act_select_right,
	  .help = "focus the pane to the right" },
	{ .name = "resize-up", .fn = act_resize_up,
	  .help = "move the border above or below up" },
	{ .name = "resize-down", .fn = act_resize_down,
	  .help = "move the border above or below down" },
	{ .name = "resize-left", .fn = act_resize_left,
	  .help = "move the border beside the pane left" },
	{ .name = "resize-right", .fn = act_resize_right,
	  .help = "move the border beside the pane right" },
	{ .name = "copy-mode", .fn = act_copy_mode,
	  .help = "copy mode: scroll, search, select, copy" },
	{ .name = "paste", .fn = act_paste,
	  .help = "paste what copy mode copied" },
	{ .name = "toggle-brief", .fn = act_toggle_brief,
	  .help = "hide or show the brief (full-screen when narrow)" },
	{ .name = "toggle-scores", .fn = act_toggle_scores,
	  .help = "hide or show the scores (full-screen when narrow)" },
	{ .name = "brief-up", .fn = act_brief_up,
	  .help = "scroll the brief up a page" },
	{ .name = "brief-down", .fn = act_brief_down,
	  .help = "scroll the brief down a page" },
	{ .name = "redraw", .fn = act_redraw,
	  .help = "redraw the whole screen" },
	{ .name = "detach", .fn = act_detach,
	  .help = "detach: everything goes on in the server" },
	{ .name = "help", .fn = act_help,
	  .help = "this list of keys" },
	{ .name = "send-prefix", .fn = act_send_prefix,
	  .help = "send the prefix key to the pane" },
	{ .name = NULL }
};

const struct action_entry *
action_find(const char *name)
{
	const struct action_entry	*a;

	for (a = action_table; a->name != NULL; a++) {
		if (strcmp(a->name, name) == 0)
			return (a);
	}
	return (NULL);
}

int
action_valid(const char *name)
{
	return (action_find(name) != NULL);
}

void
action_run(struct ui *u, const char *name)
{
	const struct action_entry	*a;

	if ((a = action_find(name)) == NULL) {
		ui_flash(u, "unknown action %s", name);
		return;
	}
	a->fn(u);
	u->redraw = 1;
}
