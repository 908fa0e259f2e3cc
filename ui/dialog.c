/*
 * dialog.c: the overlays that take the keyboard until they close: the
 * help (every action and the keys bound to it), a one-line editor (note,
 * pause reason, restore folder, copy-mode search), the submit
 * confirmation, a pager (diffs, scorer output), and the lists of
 * checkpoints and scores. Also the cover over the panes while the clock
 * is paused or the session has ended.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "ui_int.h"
#include "utf8.h"

void
dialog_pager_done(struct ui *u)
{
	int	i;

	for (i = 0; i < u->npager; i++)
		free(u->pager[i]);
	free(u->pager);
	u->pager = NULL;
	u->npager = u->pager_top = u->pager_sel = u->pager_widest = 0;
}

static void
dialog_pager_add(struct ui *u, char *line)
{
	int	w = draw_text_width(line);

	u->pager = xreallocarray(u->pager, u->npager + 1, sizeof *u->pager);
	u->pager[u->npager++] = line;
	if (w > u->pager_widest)
		u->pager_widest = w;
}

/*
 * The len bytes of a line with its tabs expanded to 8-column stops, as a
 * terminal would.
 */
static char *
dialog_expand_tabs(const char *line, size_t len)
{
	struct buf	 b;
	const char	*p, *end = line + len;
	uint32_t	 cp;
	int		 col = 0, n, cw;
	char		*out;

	buf_init(&b);
	for (p = line; p < end; p += n) {
		if ((n = utf8_decode(p, end - p, &cp)) < 0) {
			n = -n;
			cp = '?';
		}
		if (cp == '\t') {
			do
				buf_add(&b, " ", 1);
			while (++col % 8 != 0);
			continue;
		}
		buf_add(&b, p, n);
		if ((cw = utf8_width(cp)) > 0)
			col += cw;
	}
	out = xstrdup(buf_cstr(&b));
	buf_done(&b);
	return (out);
}

static void
dialog_pager_text(struct ui *u, const char *text)
{
	const char	*p, *nl;

	for (p = text; p != NULL && *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		dialog_pager_add(u, dialog_expand_tabs(p,
		    nl != NULL ? (size_t)(nl - p) : strlen(p)));
		if (nl == NULL)
			break;
	}
}

/* Fill the pager: with text, or the checkpoints or scores as a list. */
void
dialog_pager(struct ui *u, enum ui_overlay ov, const char *title,
    const char *text)
{
	json_t	*row;
	size_t	 i;
	char	*el;

	/* A pager opened from a list goes back to it when it closes. */
	if (ov == OV_PAGER && (u->ov == OV_CHECKPOINTS || u->ov == OV_SCORES)) {
		u->pager_back = u->ov;
		u->back_sel = u->pager_sel;
	} else if (ov != OV_PAGER)
		u->pager_back = OV_NONE;
	dialog_pager_done(u);
	u->pager_left = 0;
	snprintf(u->pager_title, sizeof u->pager_title, "%s", title);
	if (ov == OV_CHECKPOINTS) {
		json_array_foreach(u->ckpts, i, row) {
			el = fmt_duration(json_field_num(row, "elapsed"));
			dialog_pager_add(u, xasprintf("%4lld %8s  %-7s %.10s  "
			    "%4lld file%-1s  %s", (long long)json_integer_value(
			    json_object_get(row, "id")), el, json_field_str(row,
			    "trigger"), json_field_str(row, "commit"), (long long)
			    json_integer_value(json_object_get(row,
			    "files_changed")), plural(json_integer_value(
			    json_object_get(row, "files_changed"))),
			    *json_field_str(row, "message") ? json_field_str(row,
			    "message") : "-"));
			free(el);
		}
	} else if (ov == OV_SCORES) {
		json_array_foreach(json_object_get(u->scores, "scores"), i,
		    row) {
			el = fmt_duration(json_field_num(row, "requested_elapsed"));
			if (json_is_true(json_object_get(row, "hidden")))
				dialog_pager_add(u, xasprintf("%4lld %8s  %-9s "
				    "hidden until the end", (long long)
				    json_integer_value(json_object_get(row,
				    "id")), el, json_field_str(row, "status")));
			else {
				/* No value is "-" (these were "nan"). */
				char	n[32], r[32];
				const char *why = sidebar_score_reason(row);

				if (isnan(json_field_num(row, "normalized")))
					snprintf(n, sizeof n, "%8s", "-");
				else
					snprintf(n, sizeof n, "%8.4f",
					    json_field_num(row, "normalized"));
				if (isnan(json_field_num(row, "raw")))
					snprintf(r, sizeof r, "%10s", "-");
				else
					snprintf(r, sizeof r, "%10.5g",
					    json_field_num(row, "raw"));
				dialog_pager_add(u, xasprintf("%4lld %8s  %-9s "
				    "%s %s %s %.10s %s", (long long)
				    json_integer_value(json_object_get(row,
				    "id")), el, json_field_str(row, "status"), n, r,
				    json_is_true(json_object_get(row, "best")) ?
				    "\u2605" : " ", json_field_str(row, "commit"),
				    why));
			}
			free(el);
		}
	} else
		dialog_pager_text(u, text);
	if (u->npager == 0)
		dialog_pager_add(u, xstrdup(ov == OV_PAGER ? "(nothing)" :
		    "(none yet)"));
	u->ov = ov;
	if (ov != OV_PAGER) {
		/* Lists open on their newest row. */
		u->pager_sel = u->npager - 1;
		u->pager_top = u->pager_sel - (LINES - 6);
		if (u->pager_top < 0)
			u->pager_top = 0;
	}
	u->redraw = 1;
}

void
dialog_scores(struct ui *u)
{
	dialog_pager(u, OV_SCORES, " Scores: Enter shows the full output ",
	    NULL);
}

void
dialog_edit(struct ui *u, enum ui_edit kind, const char *prompt)
{
	buf_done(&u->edit);
	buf_init(&u->edit);
	u->edit_pos = 0;
	u->edit_kind = kind;
	snprintf(u->edit_prompt, sizeof u->edit_prompt, "%s", prompt);
	u->ov = OV_EDIT;
	u->redraw = 1;
}

static void
dialog_edit_done(struct ui *u)
{
	const char	*text = buf_cstr(&u->edit);
	char		*dir, cwd[4096];
	json_t		*ck;

	u->ov = OV_NONE;
	switch (u->edit_kind) {
	case EDIT_NOTE:
		if (*text == '\0')
			break;
		ui_write(u, "note", json_pack("{ss}", "text", text));
		ui_flash(u, "note saved");
		break;
	case EDIT_PAUSE:
		if (*text == '\0') {
			ui_flash(u, "a pause needs a reason");
			break;
		}
		ui_write(u, "pause", json_pack("{ss}", "reason", text));
		break;
	case EDIT_RESTORE:
		u->ov = OV_CHECKPOINTS;
		ck = json_array_get(u->ckpts, u->pager_sel);
		if (*text == '\0' || ck == NULL)
			break;
		if (*text == '/')
			dir = xstrdup(text);
		else {
			if (getcwd(cwd, sizeof cwd) == NULL)
				snprintf(cwd, sizeof cwd, "/tmp");
			dir = xasprintf("%s/%s", cwd, text);
		}
		if (u->read_only)
			ui_flash(u, "read-only: no restoring");
		else
			ui_request(u, "restore", json_pack("{ss ss}", "commit",
			    json_field_str(ck, "commit"), "dir", dir), REQ_RESTORE,
			    0);
		free(dir);
		break;
	case EDIT_SEARCH_UP:
	case EDIT_SEARCH_DOWN:
		if (*text == '\0')
			break;
		free(u->copy.search);
		u->copy.search = xstrdup(text);
		u->copy.search_up = u->edit_kind == EDIT_SEARCH_UP;
		ui_copy_search(u, u->copy.search, u->copy.search_up);
		break;
	}
	u->redraw = 1;
}

/* The line editor: Emacs keys, as readline's. */
static void
dialog_edit_key(struct ui *u, key_code key)
{
	struct buf	*e = &u->edit;
	char		 mb[16];
	size_t		 at;
	int		 n;

	switch (key) {
	case '\r':
	case '\n':
		dialog_edit_done(u);
		return;
	case 0x1b:
	case 0x07:	/* C-g */
		u->ov = u->edit_kind == EDIT_RESTORE ? OV_CHECKPOINTS : OV_NONE;
		break;
	case 0x7f:
	case 0x08:
		if (u->edit_pos == 0)
			break;
		at = u->edit_pos;
		while (at > 0 && (e->data[--at] & 0xc0) == 0x80)
			;
		memmove(e->data + at, e->data + u->edit_pos, e->len -
		    u->edit_pos);
		e->len -= u->edit_pos - at;
		u->edit_pos = at;
		break;
	case KEYC_DC:
	case 0x04:	/* C-d */
		if (u->edit_pos >= e->len)
			break;
		at = u->edit_pos + 1;
		while (at < e->len && (e->data[at] & 0xc0) == 0x80)
			at++;
		memmove(e->data + u->edit_pos, e->data + at, e->len - at);
		e->len -= at - u->edit_pos;
		break;
	case KEYC_LEFT:
	case 0x02:	/* C-b */
		while (u->edit_pos > 0 &&
		    (e->data[--u->edit_pos] & 0xc0) == 0x80)
			;
		break;
	case KEYC_RIGHT:
	case 0x06:	/* C-f */
		if (u->edit_pos < e->len)
			u->edit_pos++;
		while (u->edit_pos < e->len &&
		    (e->data[u->edit_pos] & 0xc0) == 0x80)
			u->edit_pos++;
		break;
	case KEYC_HOME:
	case 0x01:	/* C-a */
		u->edit_pos = 0;
		break;
	case KEYC_END:
	case 0x05:	/* C-e */
		u->edit_pos = e->len;
		break;
	case 0x15:	/* C-u */
		memmove(e->data, e->data + u->edit_pos, e->len - u->edit_pos);
		e->len -= u->edit_pos;
		u->edit_pos = 0;
		break;
	case 0x0b:	/* C-k */
		e->len = u->edit_pos;
		break;
	default:
		if (KEYC_IS_SPECIAL(key) || (key & KEYC_MODS) || key < 0x20 ||
		    e->len > 2000)
			break;
		if (key < 0x80) {
			mb[0] = (char)key;
			n = 1;
		} else if ((n = wctomb(mb, (wchar_t)key)) <= 0)
			break;
		buf_add(e, mb, n);	/* grows the buffer, then move */
		memmove(e->data + u->edit_pos + n, e->data + u->edit_pos,
		    e->len - n - u->edit_pos);
		memcpy(e->data + u->edit_pos, mb, n);
		u->edit_pos += n;
		break;
	}
	buf_cstr(e)[e->len] = '\0';
	u->redraw = 1;
}

static int
dialog_page(void)
{
	return (LINES > 6 ? LINES - 4 : 2);
}

/* How far Left and Right scroll a pager: half its width. */
static int
dialog_sideways(void)
{
	return (COLS > 20 ? (COLS - 4) / 2 : 8);
}

void
dialog_key(struct ui *u, key_code key)
{
	json_t	*row;
	int	 d = 0, list;

	switch (u->ov) {
	case OV_NONE:
		return;
	case OV_EDIT:
		dialog_edit_key(u, key);
		return;
	case OV_CONFIRM:
		u->ov = OV_NONE;
		if (key == 'y' || key == 'Y') {
			ui_write(u, "submit", NULL);
			ui_flash(u, "submitted: final checkpoint and scoring");
		} else
			ui_flash(u, "not submitted");
		return;
	case OV_VIEW:
		sidebar_view_key(u, key);
		return;
	case OV_HELP:
		if (key == KEYC_UP || key == 'k')
			u->pager_top--;
		else if (key == KEYC_DOWN || key == 'j')
			u->pager_top++;
		else if (key == KEYC_PPAGE)
			u->pager_top -= dialog_page();
		else if (key == KEYC_NPAGE || key == ' ')
			u->pager_top += dialog_page();
		else
			u->ov = OV_NONE;
		if (u->pager_top < 0)
			u->pager_top = 0;
		u->redraw = 1;
		return;
	default:
		break;
	}

	/* The pager and the lists. */
	list = u->ov == OV_CHECKPOINTS || u->ov == OV_SCORES;
	switch (key) {
	case 'q':
	case 0x1b:
		u->ov = OV_NONE;
		dialog_pager_done(u);
		if (u->pager_back == OV_CHECKPOINTS) {
			d = u->back_sel;
			dialog_pager(u, OV_CHECKPOINTS, " Checkpoints ", NULL);
			u->pager_sel = d;
			dialog_key(u, KEYC_NONE);
		} else if (u->pager_back == OV_SCORES) {
			d = u->back_sel;
			dialog_scores(u);
			u->pager_sel = d;
			dialog_key(u, KEYC_NONE);
		}
		u->redraw = 1;
		return;
	case KEYC_UP:
	case 'k':
		d = -1;
		break;
	case KEYC_DOWN:
	case 'j':
		d = 1;
		break;
	case KEYC_PPAGE:
		d = -dialog_page();
		break;
	case KEYC_NPAGE:
	case ' ':
		d = dialog_page();
		break;
	case 'g':
	case KEYC_HOME:
		d = -u->npager;
		break;
	case 'G':
	case KEYC_END:
		d = u->npager;
		break;
	case KEYC_LEFT:
	case 'h':
		u->pager_left -= dialog_sideways();
		if (u->pager_left < 0)
			u->pager_left = 0;
		break;
	case KEYC_RIGHT:
	case 'l':
		u->pager_left += dialog_sideways();	/* kept in dialog_draw_pager */
		break;
	}
	if (list) {
		u->pager_sel += d;
		if (u->pager_sel >= u->npager)
			u->pager_sel = u->npager - 1;
		if (u->pager_sel < 0)
			u->pager_sel = 0;
		if (u->pager_sel < u->pager_top)
			u->pager_top = u->pager_sel;
		if (u->pager_sel >= u->pager_top + dialog_page() - 1)
			u->pager_top = u->pager_sel - dialog_page() + 2;
	} else if (d != 0) {
		u->pager_top += d;
		if (u->pager_top > u->npager - dialog_page() + 1)
			u->pager_top = u->npager - dialog_page() + 1;
		if (u->pager_top < 0)
			u->pager_top = 0;
	}
	if (u->ov == OV_CHECKPOINTS &&
	    (row = json_array_get(u->ckpts, u->pager_sel)) != NULL) {
		if (key == '\r' || key == '\n')
			ui_request(u, "diff", json_pack("{ss ss}", "from",
			    *json_field_str(row, "parent") ? json_field_str(row, "parent") :
			    json_field_str(row, "commit"), "to", json_field_str(row,
			    "commit")), REQ_PAGER, 0);
		else if (key == 'w')
			ui_request(u, "diff", json_pack("{ss ss}", "from",
			    json_field_str(row, "commit"), "to", "workdir"),
			    REQ_PAGER, 0);
		else if (key == 'R')
			dialog_edit(u, EDIT_RESTORE, " Restore into a new "
			    "folder (Enter) ");
	}
	if (u->ov == OV_SCORES && (key == '\r' || key == '\n') &&
	    (row = json_array_get(json_object_get(u->scores, "scores"),
	    u->pager_sel)) != NULL)
		ui_request(u, "score.output", json_pack("{sO}", "id",
		    json_object_get(row, "id")), REQ_PAGER, 0);
	u->redraw = 1;
}

/*
 * How wide a box asked for w columns is: the whole width where it would
 * leave only a few columns of the panes beside it.
 */
static int
dialog_box_width(int w)
{
	return (w > COLS - 12 ? COLS : w);
}

/*
 * A box over the panes, above the status bar (the time left stays in
 * sight). It is centred with a blank frame of one cell around it, so no
 * pane text touches its edge; where that would leave only a few columns
 * (rows) of the panes beside it, it takes the whole width (height)
 * instead. Returns 0 if it fits.
 */
static int
dialog_box(struct ui *u, int *y0, int *x0, int *h, int *w,
    const char *title)
{
	int	rows = ui_rows_above_status(u), y, fx, fw;

	*w = dialog_box_width(*w);
	if (*h > rows - 6)
		*h = rows;
	if (*w < 6 || *h < 3)
		return (-1);
	*y0 = (rows - *h) / 2;
	*x0 = (COLS - *w) / 2;
	fx = *x0 > 0 ? *x0 - 1 : 0;
	fw = *w + (*x0 > 0 ? 2 : 0);
	if (*y0 > 0)
		draw_fill(*y0 - 1, fx, fw, A_NORMAL, 0);
	if (*y0 + *h < rows)
		draw_fill(*y0 + *h, fx, fw, A_NORMAL, 0);
	for (y = 0; y < *h; y++) {
		if (*x0 > 0) {
			draw_fill(*y0 + y, fx, 1, A_NORMAL, 0);
			draw_fill(*y0 + y, *x0 + *w, 1, A_NORMAL, 0);
		}
		draw_fill(*y0 + y, *x0, *w, A_NORMAL, draw_wb(WB_OVERLAY));
	}
	draw_text(*y0, *x0 + 2, title, *w - 4, A_BOLD, draw_wb(WB_OVERLAY));
	return (0);
}

/*
 * Add text to lines, wrapped at spaces to width cells; the lines after
 * the first are indented by indent cells.
 */
static void
dialog_wrap(char ***lines, int *n, const char *text, int width, int indent)
{
	const char	*p = text, *end = text + strlen(text), *q, *cut;
	struct buf	 b;
	uint32_t	 cp;
	int		 room, used, k, first = 1;

	if (indent > width / 2)
		indent = width / 2 > 2 ? 2 : 0;
	do {
		room = first ? width : width - indent;
		used = 0;
		cut = NULL;
		for (q = p; q < end; q += k) {
			if ((k = utf8_decode(q, end - q, &cp)) < 0) {
				k = -k;
				cp = '?';
			}
			if (cp == ' ' && q > p)
				cut = q;
			used += utf8_width(cp) > 0 ? utf8_width(cp) : 0;
			if (used > room)
				break;
		}
		if (q < end && cut == NULL)
			cut = q > p ? q : q + k;	/* no space: cut the word */
		else if (q == end)
			cut = q;
		buf_init(&b);
		if (!first)
			buf_printf(&b, "%*s", indent, "");
		buf_add(&b, p, cut - p);
		*lines = xreallocarray(*lines, *n + 1, sizeof **lines);
		(*lines)[(*n)++] = xstrdup(buf_cstr(&b));
		buf_done(&b);
		p = cut;
		while (*p == ' ')
			p++;
		first = 0;
	} while (*p != '\0');
}

/*
 * The keys: every action with its keys, then copy mode, lists and the
 * mouse. The box is as wide as its longest line where the screen allows,
 * lines that do not fit wrap under their column, and it scrolls (arrows,
 * PgUp, PgDn) where they do not all fit.
 */
static void
dialog_draw_help(struct ui *u)
{
	const struct action_entry	*a;
	struct buf			 b;
	char				 k[32], line[256], *keys;
	int				 y0, x0, h, w, y, i, n = 0, nw = 0;
	int				 width, widest = 0;
	char				**lines = NULL, **wrapped = NULL;
	int				*indent = NULL;
	size_t				 j;

#define ADD(in, ...) do {						\
	lines = xreallocarray(lines, n + 1, sizeof *lines);		\
	indent = xreallocarray(indent, n + 1, sizeof *indent);		\
	indent[n] = (in);						\
	lines[n++] = xasprintf(__VA_ARGS__);				\
} while (0)
	ADD(0, "Prefix %s: keys go to the focused pane; after the prefix, "
	    "to the workbench:", keys_name(u->keys.prefix, k, sizeof k));
	ADD(0, "%s", "");
	for (a = action_table; a->name != NULL; a++) {
		buf_init(&b);
		for (j = 0; j < u->keys.n; j++) {
			if (strcmp(u->keys.list[j].action, a->name) != 0)
				continue;
			if (b.len > 0)
				buf_addstr(&b, " ");
			if (u->keys.list[j].table == KEYS_ROOT)
				buf_addstr(&b, "(no prefix) ");
			buf_addstr(&b, keys_name(u->keys.list[j].key, k,
			    sizeof k));
		}
		keys = buf_cstr(&b);
		ADD(28, "  %-10s %-14s %s", *keys != '\0' ? keys : "-",
		    a->name, a->help);
		buf_done(&b);
	}
	ADD(0, "%s", "");
	ADD(2, "%s", "Copy mode: arrows/hjkl move, PgUp/PgDn, g/G top/bottom, "
	    "0/$, / search down, ? up, n/N again/back, space or v select, "
	    "V lines, Enter or y copy (and to the terminal's clipboard), q "
	    "leave.");
	ADD(2, "%s", "Pagers and lists: arrows, PgUp/PgDn, g/G, Left/Right "
	    "sideways, Enter; checkpoints: w diff with the work folder, R "
	    "restore.");
	ADD(2, "%s", "Mouse: click focuses, the wheel scrolls (copy mode in a "
	    "shell), drag a border to resize.");
	ADD(2, "%s", "Bindings: ~/.config/baseliner/config (see keys.conf).");
#undef ADD
	/* As wide as the table; the notes below it wrap to its width. */
	for (i = 0; i < n; i++) {
		if (indent[i] != 2 && (y = draw_text_width(lines[i])) > widest)
			widest = y;
	}
	/* Two cells of margin either side; wrap what the screen cuts. */
	w = dialog_box_width(widest + 4);
	width = w - 4;
	if (width < 8)
		width = 8;
	for (i = 0; i < n; i++)
		dialog_wrap(&wrapped, &nw, lines[i], width, indent[i]);
	h = nw + 2;
	snprintf(line, sizeof line, " Keys (%s) ", h > ui_rows_above_status(u) ?
	    "arrows scroll, any other key closes" : "any key closes");
	if (dialog_box(u, &y0, &x0, &h, &w, line) == 0) {
		if (u->pager_top > nw - (h - 2))
			u->pager_top = nw - (h - 2) > 0 ? nw - (h - 2) : 0;
		for (y = 1, i = u->pager_top; y < h - 1 && i < nw; y++, i++)
			draw_text(y0 + y, x0 + 2, wrapped[i], w - 4, i == 0 ?
			    A_BOLD : A_NORMAL, draw_wb(WB_OVERLAY));
		if (nw > h - 2) {
			snprintf(line, sizeof line, " %d-%d/%d ",
			    u->pager_top + 1, u->pager_top + h - 2, nw);
			draw_text(y0 + h - 1, x0 + w - draw_text_width(line) -
			    1, line, 20, A_NORMAL, draw_wb(WB_OVERLAY));
		}
	}
	for (i = 0; i < n; i++)
		free(lines[i]);
	for (i = 0; i < nw; i++)
		free(wrapped[i]);
	free(lines);
	free(wrapped);
	free(indent);
}

/*
 * The pagers and lists take the whole width above the status bar: a title
 * bar, the text on the terminal's own background (a diff's lines in
 * green, red and cyan on it), and a bar of keys.
 */
static void
dialog_draw_pager(struct ui *u)
{
	int		 y0 = 0, x0 = 0, h = ui_rows_above_status(u), w = COLS;
	int		 y, i;
	int		 widest = u->pager_widest, lw, list, sel;
	short		 pair, bar = draw_wb(WB_OVERLAY);
	const char	*l, *hint;
	char		 pos[32];

	list = u->ov == OV_CHECKPOINTS || u->ov == OV_SCORES;
	if (w < 6 || h < 3)
		return;
	for (y = 0; y < h; y++)
		draw_fill(y0 + y, x0, w, A_NORMAL, y == 0 || y == h - 1 ?
		    bar : 0);
	draw_text(y0, x0 + 2, u->pager_title, w - 4, A_BOLD, bar);
	/* Sideways no further than the widest line needs. */
	if (u->pager_left > widest - (w - 2))
		u->pager_left = widest - (w - 2);
	if (u->pager_left < 0)
		u->pager_left = 0;
	for (y = 1; y < h - 1; y++) {
		i = u->pager_top + y - 1;
		if (i >= u->npager)
			break;
		l = u->pager[i];
		lw = draw_text_width(l);
		pair = 0;
		if (!list && l[0] == '+' && strncmp(l, "+++", 3) != 0)
			pair = draw_wb(WB_DIFF_ADD);
		else if (!list && l[0] == '-' && strncmp(l, "---", 3) != 0)
			pair = draw_wb(WB_DIFF_DEL);
		else if (!list && strncmp(l, "@@", 2) == 0)
			pair = draw_wb(WB_DIFF_HUNK);
		sel = list && i == u->pager_sel;
		if (sel)
			draw_fill(y0 + y, x0, w, A_REVERSE, 0);
		draw_text_from(y0 + y, x0 + 1, l, u->pager_left, w - 2,
		    sel ? A_REVERSE : A_NORMAL, pair);
		/* Marks in the margins: more to the left, to the right. */
		if (u->pager_left > 0 && lw > 0)
			draw_text(y0 + y, x0, "\u2039", 1, A_BOLD, bar);
		if (lw - u->pager_left > w - 2)
			draw_text(y0 + y, x0 + w - 1, "\u203a", 1, A_BOLD, bar);
	}
	if (u->ov == OV_CHECKPOINTS)
		hint = "Enter diff with the one before  w with the work "
		    "folder  R restore  \u2190\u2192  q close";
	else if (u->ov == OV_SCORES)
		hint = "Enter full output  \u2190\u2192 sideways  q close";
	else
		hint = "\u2191\u2193 PgUp PgDn g G  \u2190\u2192 sideways  "
		    "q close";
	draw_text(y0 + h - 1, x0 + 2, hint, w - 4, A_NORMAL, bar);
	snprintf(pos, sizeof pos, " %d/%d ", (list ? u->pager_sel :
	    u->pager_top) + 1, u->npager);
	draw_text(y0 + h - 1, x0 + w - draw_text_width(pos) - 1, pos, 16,
	    A_NORMAL, bar);
}

void
dialog_draw(struct ui *u, int *cur_y, int *cur_x)
{
	int		 y0, x0, h, w, used, before;
	char		*head;

	switch (u->ov) {
	case OV_NONE:
		return;
	case OV_HELP:
		dialog_draw_help(u);
		break;
	case OV_EDIT:
		h = 3;
		w = 72;
		if (dialog_box(u, &y0, &x0, &h, &w, u->edit_prompt) != 0)
			break;
		/* Scroll the line so that the cursor shows. */
		head = xstrndup(buf_cstr(&u->edit), u->edit_pos);
		before = draw_text_width(head);
		free(head);
		used = before > w - 6 ? before - (w - 6) : 0;
		{
			const char	*p = buf_cstr(&u->edit);
			int		 skip = 0;

			while (*p != '\0' && skip < used) {
				char	one[8];
				int	n = 1;

				while ((p[n] & 0xc0) == 0x80)
					n++;
				memcpy(one, p, n);
				one[n] = '\0';
				skip += draw_text_width(one);
				p += n;
			}
			draw_text(y0 + 1, x0 + 2, p, w - 4, A_NORMAL,
			    draw_wb(WB_OVERLAY));
			*cur_y = y0 + 1;
			*cur_x = x0 + 2 + before - skip;
		}
		return;
	case OV_CONFIRM:
		h = 5;
		w = 66;
		if (dialog_box(u, &y0, &x0, &h, &w, " Submit ") != 0)
			break;
		draw_text(y0 + 1, x0 + 2, "End the session now? A final "
		    "checkpoint is taken and scored,", w - 4, A_NORMAL,
		    draw_wb(WB_OVERLAY));
		draw_text(y0 + 2, x0 + 2, "and the clock stops for good.",
		    w - 4, A_NORMAL, draw_wb(WB_OVERLAY));
		draw_text(y0 + 3, x0 + 2, "y: submit    any other key: go "
		    "back", w - 4, A_BOLD, draw_wb(WB_OVERLAY));
		break;
	case OV_PAGER:
	case OV_CHECKPOINTS:
	case OV_SCORES:
		dialog_draw_pager(u);
		break;
	case OV_VIEW:
		sidebar_view_draw(u);
		break;
	}
	*cur_y = -1;
}

/*
 * While the clock is stopped, the panes are covered and keys typed for
 * them are dropped (input.c), not kept to be sent at the resume: text
 * typed blind into a shell that wakes later is a surprise, so the overlay
 * says plainly that it is dropped.
 */
void
dialog_draw_held(struct ui *u)
{
	struct layout_rect	 r = u->ls.panes;
	json_t			*s = json_object_get(u->status, "session");
	char			 line[512], k[32];
	int			 y;

	if (r.w < 1 || r.h < 1)
		return;
	for (y = 0; y < r.h; y++)
		draw_fill(r.y + y, r.x, r.w, A_NORMAL, draw_wb(WB_OVERLAY));
	keys_name(u->keys.prefix, k, sizeof k);
	if (strcmp(u->state, "paused") == 0) {
		snprintf(line, sizeof line, "PAUSED: %s", json_field_str(s,
		    "paused_reason"));
		draw_text(r.y + r.h / 2 - 1, r.x + 2, line, r.w - 4, A_BOLD,
		    draw_wb(WB_OVERLAY));
		snprintf(line, sizeof line, "The clock is stopped; keys typed now "
		    "are dropped, not sent. %s r resumes.", k);
		draw_text(r.y + r.h / 2 + 1, r.x + 2, line, r.w - 4, A_NORMAL,
		    draw_wb(WB_OVERLAY));
		/* What the pause stopped (the server's srv_pane_signal_all). */
		if (json_is_true(json_object_get(s, "shells_stopped")))
			snprintf(line, sizeof line, "Stopped too: everything "
			    "started in the shells.");
		else
			snprintf(line, sizeof line, "Stopped too: the shells' "
			    "jobs (not a program started with setsid).");
		draw_text(r.y + r.h / 2 + 2, r.x + 2, line, r.w - 4, A_NORMAL,
		    draw_wb(WB_OVERLAY));
	} else {
		snprintf(line, sizeof line, "The session has %s. %s d leaves.",
		    strcmp(u->state, "ended") == 0 ? "ended" : "ended: the "
		    "final checkpoint and scoring are under way", k);
		draw_text(r.y + r.h / 2, r.x + 2, line, r.w - 4, A_BOLD,
		    draw_wb(WB_OVERLAY));
	}
}
