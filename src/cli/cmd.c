/*
 * cmd.c: the command table and what every command shares: finding the
 * command, --help, usage errors, and printing. Commands themselves live in
 * cmd_*.c files, one group each.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "holder.h"
#include "host.h"
#include "server.h"
#include "util.h"

extern const struct cmd_entry cmd_start_entry, cmd_attach_entry,
    cmd_status_entry, cmd_sessions_entry, cmd_score_entry, cmd_scores_entry,
    cmd_cancel_entry, cmd_checkpoint_entry, cmd_checkpoints_entry,
    cmd_restore_entry, cmd_diff_entry, cmd_note_entry, cmd_pause_entry,
    cmd_resume_entry, cmd_submit_entry, cmd_stop_entry, cmd_extend_entry,
    cmd_message_entry, cmd_tasks_entry, cmd_task_entry, cmd_gpu_entry,
    cmd_export_entry, cmd_import_runs_entry, cmd_report_entry,
    cmd_export_runs_entry, cmd_mark_run_entry,
    cmd_verify_entry, cmd_proctor_entry, cmd_peek_entry, cmd_alert_entry,
    cmd_host_entry;

/* The table: the order is the order of "baseliner --help". */
static const struct cmd_entry *const cmd_table[] = {
	&cmd_start_entry,
	&cmd_attach_entry,
	&cmd_status_entry,
	&cmd_sessions_entry,
	&cmd_score_entry,
	&cmd_scores_entry,
	&cmd_cancel_entry,
	&cmd_checkpoint_entry,
	&cmd_checkpoints_entry,
	&cmd_diff_entry,
	&cmd_restore_entry,
	&cmd_note_entry,
	&cmd_pause_entry,
	&cmd_resume_entry,
	&cmd_submit_entry,
	&cmd_stop_entry,
	&cmd_extend_entry,
	&cmd_message_entry,
	&cmd_proctor_entry,
	&cmd_peek_entry,
	&cmd_alert_entry,
	&cmd_tasks_entry,
	&cmd_task_entry,
	&cmd_gpu_entry,
	&cmd_export_entry,
	&cmd_import_runs_entry,
	&cmd_report_entry,
	&cmd_export_runs_entry,
	&cmd_mark_run_entry,
	&cmd_verify_entry,
	&cmd_host_entry,
	NULL
};

void
cmd_usage(const struct cmd_entry *e, int to_stderr)
{
	FILE	*f = to_stderr ? stderr : stdout;

	fprintf(f, "usage: baseliner %s%s%s\n", e->name, *e->usage ? " " : "",
	    e->usage);
	if (to_stderr) {
		fprintf(f, "Try 'baseliner %s --help'.\n", e->name);
		return;
	}
	fprintf(f, "%s\n", e->summary);
	if (e->help != NULL && *e->help != '\0')
		fprintf(f, "\n%s", e->help);
}

int
cmd_error(const char *name, const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "baseliner %s: ", name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return (1);
}

void
cmd_print_json(json_t *j)
{
	char	*s = json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(10));

	printf("%s\n", s ? s : "null");
	free(s);
}

static void
main_usage(FILE *f)
{
	const struct cmd_entry	*const *e;

	fprintf(f, "usage: baseliner COMMAND [ARGS]\n\n"
	    "A workbench for timed expert attempts at ML research-engineering "
	    "tasks.\n\nCommands:\n");
	for (e = cmd_table; *e != NULL; e++)
		fprintf(f, "  %-12s %s\n", (*e)->name, (*e)->summary);
	fprintf(f, "\nInside a session's shells, commands find their session "
	    "through\n$BASELINER_SESSION; elsewhere they take -s ID.\n"
	    "'baseliner COMMAND --help' describes one command; "
	    "man baseliner has them all.\n");
}

const struct cmd_entry *
cmd_find(const char *name)
{
	const struct cmd_entry	*const *e;

	for (e = cmd_table; *e != NULL; e++) {
		if (strcmp((*e)->name, name) == 0)
			return (*e);
	}
	return (NULL);
}

int
cmd_main(int argc, char **argv)
{
	const struct cmd_entry	*const *e;
	int			 i;

	if (argc < 2) {
		main_usage(stderr);
		return (2);
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		main_usage(stdout);
		return (0);
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("baseliner %s\n", PACKAGE_VERSION);
		return (0);
	}
	/* On a study host, sessions and packs are the host's. */
	if (host_study() != NULL && getenv("BASELINER_HOME") == NULL) {
		char *tasks = path_join(host_study()->root, "tasks");

		setenv("BASELINER_HOME", host_study()->root, 1);
		if (getenv("BASELINER_TASKS") == NULL)
			setenv("BASELINER_TASKS", tasks, 1);
		free(tasks);
	}
	/* Study mode, as the service user, from bl-spawn only. */
	if (strcmp(argv[1], "__host-create") == 0 || strcmp(argv[1],
	    "__host-serve") == 0)
		return (cmd_host_internal(argc, argv));
	if (strcmp(argv[1], "__holder") == 0 && argc >= 4)
		return (holder_main(argv[2], atoi(argv[3])));
	if (strcmp(argv[1], "__server") == 0 && argc >= 4)
		return (server_run(argv[2], argc > 4 &&
		    strcmp(argv[4], "restarted") == 0, atoi(argv[3])));
	for (e = cmd_table; *e != NULL; e++) {
		if (strcmp((*e)->name, argv[1]) != 0)
			continue;
		for (i = 2; i < argc && strcmp(argv[i], "--") != 0; i++) {
			if (strcmp(argv[i], "--help") == 0 ||
			    strcmp(argv[i], "-h") == 0) {
				cmd_usage(*e, 0);
				return (0);
			}
		}
		optind = 1;
		return ((*e)->exec(argc - 1, argv + 1));
	}
	fprintf(stderr, "baseliner: unknown command '%s'\n", argv[1]);
	main_usage(stderr);
	return (2);
}
