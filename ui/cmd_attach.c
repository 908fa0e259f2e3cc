/*
 * cmd_attach.c: "attach", the command that opens the workbench (ui/).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>

#include "cmd.h"
#include "ui.h"

extern const struct cmd_entry cmd_attach_entry;

static int
exec_attach(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "session", required_argument, NULL, 's' },
		{ "read-only", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*id = NULL;
	int		 ch, ro = 0;

	while ((ch = getopt_long(argc, argv, "s:r", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			id = optarg;
			break;
		case 'r':
			ro = 1;
			break;
		default:
			cmd_usage(&cmd_attach_entry, 1);
			return (2);
		}
	}
	if (optind != argc) {
		cmd_usage(&cmd_attach_entry, 1);
		return (2);
	}
	return (ui_attach(id, ro));
}

const struct cmd_entry cmd_attach_entry = {
	.name = "attach",
	.usage = "[-s ID] [--read-only]",
	.summary = "open the workbench of a session (detach with C-b d)",
	.help = "The workbench shows the brief, the shell panes, the scores "
	    "and the clock. The\nsession's server keeps everything running "
	    "when you detach or your terminal\ngoes away; attach again to come "
	    "back to the same screen. C-b ? lists the keys.\n\n"
	    "  -s, --session ID  the session\n"
	    "  -r, --read-only   watch without typing (for a proctor at the "
	    "participant's side)\n\n"
	    "The prefix key is C-b, or C-a inside tmux (where C-b is tmux's "
	    "own); set\nanother in ~/.config/baseliner/config with a line "
	    "\"prefix C-x\", or in\n$BASELINER_PREFIX.\n",
	.exec = exec_attach,
};
