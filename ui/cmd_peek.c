/*
 * cmd_peek.c: "peek", a session's first pane as text, once: the bottom
 * rows of its screen, each cut to a width. The proctor's dashboard runs it
 * (through ssh for other hosts) for its grid of small screens; a proctor
 * can run it by hand. It attaches read-only, takes the first full frame
 * of the pane and leaves; it never starts a server, never resizes the
 * participant's panes and sends nothing that writes.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "ctl_client.h"
#include "grid.h"
#include "utf8.h"
#include "util.h"

extern const struct cmd_entry cmd_peek_entry;

#define PEEK_WAIT_MS	5000

/* The bottom rows of the screen that hold something, cut to cols. */
static void
peek_print(struct grid *g, int rows, int cols)
{
	char	*text;
	int	 y, last = -1, first;

	for (y = 0; y < g->rows; y++) {
		text = grid_row_text(grid_cell(g, 0, y), g->cols);
		if (text[strspn(text, " ")] != '\0' || y == g->cy)
			last = y;
		free(text);
	}
	first = last - rows + 1 < 0 ? 0 : last - rows + 1;
	for (y = first; y <= last; y++) {
		text = grid_row_text(grid_cell(g, 0, y), g->cols);
		text[utf8_cut_width(text, strlen(text), cols)] = '\0';
		printf("%s\n", text);
		free(text);
	}
}

static int
exec_peek(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "session", required_argument, NULL, 's' },
		{ "rows", required_argument, NULL, 'r' },
		{ "cols", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 }
	};
	struct ctl_client	*c;
	struct grid	 g;
	json_t		*msg, *panes, *args;
	const char	*id = NULL, *ev;
	char		*cause = NULL;
	long long	 req;
	int		 ch, rows = 10, cols = 80, pane = -1, rc = 1, n;

	while ((ch = getopt_long(argc, argv, "s:r:c:", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			id = optarg;
			break;
		case 'r':
			rows = atoi(optarg);
			break;
		case 'c':
			cols = atoi(optarg);
			break;
		default:
			cmd_usage(&cmd_peek_entry, 1);
			return (2);
		}
	}
	if (optind != argc || rows < 1 || cols < 1 || rows > GRID_MAX_ROWS ||
	    cols > GRID_MAX_COLS) {
		cmd_usage(&cmd_peek_entry, 1);
		return (2);
	}
	if (ctl_client_open(id, 0, &c, &cause) != 0) {
		cmd_error("peek", "%s", cause);
		free(cause);
		return (1);
	}
	/* No size: a viewer's attach must not resize the participant's. */
	args = json_pack("{sb}", "read_only", 1);
	req = ctl_client_send(c, "attach", args, &cause);
	json_decref(args);
	if (req < 0) {
		cmd_error("peek", "%s", cause);
		free(cause);
		ctl_client_close(c);
		return (1);
	}
	grid_init(&g);
	while ((n = ctl_client_read(c, PEEK_WAIT_MS, &msg, &cause)) == 0) {
		ev = json_string_value(json_object_get(msg, "ev"));
		if (ev == NULL && json_integer_value(json_object_get(msg,
		    "id")) == req) {
			if (!json_is_true(json_object_get(msg, "ok"))) {
				cmd_error("peek", "%s", json_string_value(
				    json_object_get(msg, "error")));
				json_decref(msg);
				break;
			}
			panes = json_object_get(json_object_get(msg,
			    "result"), "panes");
			pane = (int)json_integer_value(json_object_get(
			    json_array_get(panes, 0), "id"));
		} else if (ev != NULL && strcmp(ev, "pane.frame") == 0 &&
		    pane >= 0 && json_integer_value(json_object_get(msg,
		    "pane")) == pane) {
			grid_apply(&g, msg);
			peek_print(&g, rows, cols);
			rc = 0;
			json_decref(msg);
			break;
		}
		json_decref(msg);
	}
	if (n != 0) {
		cmd_error("peek", "%s", n == 1 ? "no screen came in time" :
		    cause ? cause : "the server went away");
		free(cause);
	}
	grid_done(&g);
	ctl_client_close(c);
	return (rc);
}

const struct cmd_entry cmd_peek_entry = {
	.name = "peek",
	.usage = "[-s ID] [--rows N] [--cols N]",
	.summary = "print a session's first pane as text, once (for proctors)",
	.help = "The bottom rows of the pane's screen that hold something, "
	    "each cut to a\nwidth: what the proctor's dashboard shows in its "
	    "grid (key g). It attaches\nread-only, never resizes the "
	    "participant's panes and never starts a server.\n\n"
	    "  -s, --session ID  the session\n"
	    "  -r, --rows N      at most N rows (default 10)\n"
	    "  -c, --cols N      each cut to N columns (default 80)\n",
	.exec = exec_peek,
};
