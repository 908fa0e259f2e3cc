/*
 * input.c: keys and the mouse. curses delivers characters and KEY_* codes;
 * they become key codes (keys.h) here, with Meta taken from an Escape
 * that arrives with the next key, and Ctrl/Shift/Meta on special keys
 * from ncurses' extended key names (kUP5 is C-Up).
 *
 * Then, in order: an overlay takes the key; after the prefix, the prefix
 * table decides; copy mode takes it; a root binding ("bind -n") decides;
 * and anything left goes to the focused pane. Characters for the pane are
 * gathered into one "text" request per read, so a paste is one message,
 * not thousands; special keys go by name so that libvterm applies the
 * program's cursor and keypad modes.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui_int.h"

/* ncurses' names for modified special keys: the base, then the digit. */
static const struct {
	const char	*name;
	key_code	 key;
} input_ext[] = {
	{ .name = "kUP", .key = KEYC_UP },
	{ .name = "kDN", .key = KEYC_DOWN },
	{ .name = "kLFT", .key = KEYC_LEFT },
	{ .name = "kRIT", .key = KEYC_RIGHT },
	{ .name = "kHOM", .key = KEYC_HOME },
	{ .name = "kEND", .key = KEYC_END },
	{ .name = "kPRV", .key = KEYC_PPAGE },
	{ .name = "kNXT", .key = KEYC_NPAGE },
	{ .name = "kIC", .key = KEYC_IC },
	{ .name = "kDC", .key = KEYC_DC },
};

/* A curses key code as a key code; KEYC_NONE if it means nothing here. */
static key_code
input_translate(wint_t wc)
{
	const char	*name;
	size_t		 i, len;
	int		 digit;

	switch (wc) {
	case KEY_UP:
		return (KEYC_UP);
	case KEY_DOWN:
		return (KEYC_DOWN);
	case KEY_LEFT:
		return (KEYC_LEFT);
	case KEY_RIGHT:
		return (KEYC_RIGHT);
	case KEY_HOME:
		return (KEYC_HOME);
	case KEY_END:
		return (KEYC_END);
	case KEY_PPAGE:
		return (KEYC_PPAGE);
	case KEY_NPAGE:
		return (KEYC_NPAGE);
	case KEY_IC:
		return (KEYC_IC);
	case KEY_DC:
		return (KEYC_DC);
	case KEY_BTAB:
		return (KEYC_BTAB);
	case KEY_BACKSPACE:
		return (0x7f);
	case KEY_ENTER:
		return ('\r');
	case KEY_SR:
		return (KEYC_UP | KEYC_SHIFT);
	case KEY_SF:
		return (KEYC_DOWN | KEYC_SHIFT);
	case KEY_SLEFT:
		return (KEYC_LEFT | KEYC_SHIFT);
	case KEY_SRIGHT:
		return (KEYC_RIGHT | KEYC_SHIFT);
	case KEY_SHOME:
		return (KEYC_HOME | KEYC_SHIFT);
	case KEY_SEND:
		return (KEYC_END | KEYC_SHIFT);
	case KEY_SDC:
		return (KEYC_DC | KEYC_SHIFT);
	case KEY_SIC:
		return (KEYC_IC | KEYC_SHIFT);
	case KEY_SPREVIOUS:
		return (KEYC_PPAGE | KEYC_SHIFT);
	case KEY_SNEXT:
		return (KEYC_NPAGE | KEYC_SHIFT);
	}
	if (wc >= KEY_F(1) && wc <= KEY_F(12))
		return (KEYC_F1 + (wc - KEY_F(1)));
	if (wc >= KEY_F(13) && wc <= KEY_F(24))
		return ((KEYC_F1 + (wc - KEY_F(13))) | KEYC_SHIFT);
	if (wc >= KEY_F(25) && wc <= KEY_F(36))
		return ((KEYC_F1 + (wc - KEY_F(25))) | KEYC_CTRL);
	/* Extended names: digit 2 Shift, 3 Meta, 5 Ctrl, and sums. */
	if ((name = keyname((int)wc)) == NULL)
		return (KEYC_NONE);
	for (i = 0; i < nitems(input_ext); i++) {
		len = strlen(input_ext[i].name);
		if (strncmp(name, input_ext[i].name, len) != 0 ||
		    name[len] < '2' || name[len] > '8' || name[len + 1] != '\0')
			continue;
		digit = name[len] - '1';
		return (input_ext[i].key | (digit & 1 ? KEYC_SHIFT : 0) |
		    (digit & 2 ? KEYC_META : 0) | (digit & 4 ? KEYC_CTRL : 0));
	}
	return (KEYC_NONE);
}

void
input_send_text(struct ui *u, const char *text)
{
	if (u->active < 0 || u->read_only || *text == '\0')
		return;
	ui_pane_input(u, json_pack("{ss}", "text", text));
}

/* A key to the focused pane: by name, or as the bytes a terminal sends. */
void
input_send_key(struct ui *u, key_code key)
{
	char	name[32], mods[8], mb[16];
	int	n;

	if (u->active < 0 || u->read_only)
		return;
	if (keys_pane_input(key, name, sizeof name, mods) == 0) {
		ui_pane_input(u, json_pack("{ss ss}", "key", name, "mods",
		    mods));
		return;
	}
	n = 0;
	if (key & KEYC_META)
		mb[n++] = 0x1b;
	key &= ~KEYC_MODS;
	if (key < 0x80)
		mb[n++] = (char)key;
	else {
		int len = wctomb(mb + n, (wchar_t)key);

		if (len <= 0)
			return;
		n += len;
	}
	mb[n] = '\0';
	input_send_text(u, mb);
}

static void
input_mouse_pane(struct ui *u, MEVENT *m, int id)
{
	struct layout_node	*leaf = layout_find(u->root, id);
	struct ui_pane		*p = ui_pane(u, id);
	int			 button, released;

	if (leaf == NULL || p == NULL)
		return;
	released = (m->bstate & (BUTTON1_RELEASED | BUTTON2_RELEASED |
	    BUTTON3_RELEASED)) != 0;
	if (m->bstate & (BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON1_CLICKED))
		button = 1;
	else if (m->bstate & (BUTTON2_PRESSED | BUTTON2_RELEASED |
	    BUTTON2_CLICKED))
		button = 2;
	else if (m->bstate & (BUTTON3_PRESSED | BUTTON3_RELEASED |
	    BUTTON3_CLICKED))
		button = 3;
	else if (m->bstate & BUTTON4_PRESSED)
		button = 4;
#ifdef BUTTON5_PRESSED
	else if (m->bstate & BUTTON5_PRESSED)
		button = 5;
#endif
	else
		button = 0;
	ui_request(u, "pane.input", json_pack("{si s{si si si sb}}", "pane", id,
	    "mouse", "x", m->x - leaf->rect.x, "y", m->y - leaf->rect.y,
	    "button", button, "pressed", !released), REQ_NONE, 0);
	if (m->bstate & BUTTON1_CLICKED)
		ui_request(u, "pane.input", json_pack("{si s{si si si sb}}",
		    "pane", id, "mouse", "x", m->x - leaf->rect.x, "y",
		    m->y - leaf->rect.y, "button", 1, "pressed", 0), REQ_NONE,
		    0);
}

static void
input_mouse(struct ui *u)
{
	MEVENT		 m;
	int		 id, wheel_up, wheel_down;
	struct ui_pane	*p;

	if (getmouse(&m) != OK)
		return;
	wheel_up = (m.bstate & BUTTON4_PRESSED) != 0;
#ifdef BUTTON5_PRESSED
	wheel_down = (m.bstate & BUTTON5_PRESSED) != 0;
#else
	wheel_down = 0;
#endif
	if (u->ov != OV_NONE) {
		if (wheel_up)
			dialog_key(u, KEYC_UP);
		else if (wheel_down)
			dialog_key(u, KEYC_DOWN);
		return;
	}
	/* Dragging a border: the sidebar's, or a split's. */
	if (u->drag_sidebar || u->drag != NULL) {
		if (u->drag_sidebar)
			u->side_w = u->cols - m.x - 1;
		else
			layout_move_border(u->drag, u->drag->kind ==
			    LAYOUT_COLUMNS ? m.x : m.y);
		ui_relayout(u, 1);
		if (m.bstate & (BUTTON1_RELEASED | BUTTON1_CLICKED)) {
			if (u->drag != NULL)
				ui_store_layout(u);
			u->drag = NULL;
			u->drag_sidebar = 0;
		}
		return;
	}
	if (m.bstate & BUTTON1_PRESSED) {
		if (m.x == u->ls.sidebar_x && m.y < u->ls.panes.h) {
			u->drag_sidebar = 1;
			return;
		}
		if (u->zoomed == -1 &&
		    (u->drag = layout_border_at(u->root, m.x, m.y)) != NULL)
			return;
	}
	if (m.y < u->ls.panes.y + u->ls.panes.h && m.x > u->ls.sidebar_x &&
	    u->ls.sidebar_x >= 0) {
		if (wheel_up || wheel_down)
			sidebar_scroll(u, m.x, m.y, wheel_up ? -3 : 3);
		return;
	}
	if (u->zoomed != -1)
		id = u->zoomed;
	else if ((id = layout_pane_at(u->root, m.x, m.y)) < 0)
		return;
	if (m.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED) && id != u->active) {
		if (u->copy.active)
			ui_copy_leave(u);
		u->active = id;
		ui_store_layout(u);
		u->redraw = 1;
	}
	if (u->copy.active) {
		if (wheel_up)
			ui_copy_key(u, KEYC_UP | KEYC_META);
		else if (wheel_down)
			ui_copy_key(u, KEYC_DOWN | KEYC_META);
		return;
	}
	p = ui_pane(u, id);
	if (p != NULL && p->grid.mouse && !u->read_only && !ui_held(u))
		input_mouse_pane(u, &m, id);
	else if (wheel_up && id == u->active)
		action_run(u, "copy-mode");
}

/* Whether a key is a character typed into the focused pane. NUL (C-Space,
 * C-@) is not: a text request is a string, so it goes as C-Space. */
static int
input_is_text(struct ui *u, key_code key)
{
	return (key != 0 && u->ov == OV_NONE && !u->prefix &&
	    key != u->keys.prefix &&
	    !u->copy.active && !u->read_only && !ui_held(u) &&
	    (key & KEYC_MODS) == 0 && !KEYC_IS_SPECIAL(key) && key != 0x1b &&
	    keys_lookup(&u->keys, KEYS_ROOT, key) == NULL);
}

/* One key that is not text for the pane. */
static void
input_key(struct ui *u, key_code key)
{
	const char	*action;
	char		 a[32], b[32];

	/* A full-screen view still takes the prefix's keys (scoring while
	 * reading the brief). */
	if (u->ov != OV_NONE && !(u->ov == OV_VIEW && (u->prefix ||
	    key == u->keys.prefix))) {
		dialog_key(u, key);
		return;
	}
	if (u->prefix) {
		u->prefix = 0;
		u->redraw = 1;
		if ((action = keys_lookup(&u->keys, KEYS_PREFIX, key)) != NULL)
			action_run(u, action);
		else if (key == u->keys.prefix)
			action_run(u, "send-prefix");
		else
			ui_flash(u, "%s %s is not bound (%s ? lists the keys)",
			    keys_name(u->keys.prefix, a, sizeof a),
			    keys_name(key, b, sizeof b), a);
		return;
	}
	if (key == u->keys.prefix) {
		u->prefix = 1;
		u->redraw = 1;
		return;
	}
	if (u->copy.active) {
		ui_copy_key(u, key);
		return;
	}
	if ((action = keys_lookup(&u->keys, KEYS_ROOT, key)) != NULL) {
		action_run(u, action);
		return;
	}
	if (u->read_only)
		return;
	if (ui_held(u)) {
		ui_flash(u, "the clock is %s: key dropped (%s)", u->state,
		    strcmp(u->state, "paused") == 0 ? "resume first" :
		    "the session is over");
		return;
	}
	input_send_key(u, key);
}

int
input_read(struct ui *u)
{
	struct buf	 text;
	key_code	 key, meta = 0;
	wint_t		 wc;
	char		 mb[16];
	int		 rc, n, keys = 0;

	buf_init(&text);
	while (!u->quit && (rc = get_wch(&wc)) != ERR) {
		keys++;
		if (rc == KEY_CODE_YES && wc == KEY_RESIZE) {
			ui_relayout(u, 1);
			continue;
		}
		if (rc == KEY_CODE_YES)
			key = wc == KEY_MOUSE ? KEYC_NONE : input_translate(wc);
		else
			key = (key_code)wc;
		if (key == KEYC_NONE && !(rc == KEY_CODE_YES &&
		    wc == KEY_MOUSE))
			continue;
		/* Escape with a key after it in the same read is Meta. */
		if (key == 0x1b && meta == 0) {
			meta = KEYC_META;
			continue;
		}
		if (meta && key != KEYC_NONE) {
			key |= KEYC_META;
			meta = 0;
		}
		if (key != KEYC_NONE && input_is_text(u, key)) {
			if (key < 0x80) {
				mb[0] = (char)key;
				n = 1;
			} else if ((n = wctomb(mb, (wchar_t)key)) <= 0)
				continue;
			buf_add(&text, mb, n);
			continue;
		}
		/* Anything else: the text typed before it goes first. */
		input_send_text(u, buf_cstr(&text));
		buf_drain(&text, text.len);
		if (key == KEYC_NONE)
			input_mouse(u);
		else
			input_key(u, key);
	}
	input_send_text(u, buf_cstr(&text));
	buf_done(&text);
	/* An Escape with nothing after it is Escape. */
	if (meta && !u->quit)
		input_key(u, 0x1b);
	return (keys);
}
