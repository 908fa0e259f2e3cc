/*
 * cmd.h: commands of the baseliner program. Each command is a constant
 * struct cmd_entry in its own cmd_*.c file, listed in the table in cmd.c.
 * exec() gets argv with argv[0] the command's name and returns the exit
 * status (0 ok, 1 failure, 2 usage). Messages go to stderr prefixed
 * "baseliner NAME: ". "--help" anywhere before "--" is handled by cmd_main,
 * so exec() never sees it.
 */
#ifndef BASELINER_CMD_H
#define BASELINER_CMD_H

#include <getopt.h>
#include <jansson.h>

struct cmd_entry {
	const char	*name;
	const char	*usage;		/* "TASK --participant ID [--hours H]" */
	const char	*summary;	/* one line for "baseliner --help" */
	const char	*help;		/* the options, one per line */
	int		(*exec)(int, char **);
};

int	 cmd_main(int, char **);
/* "__host-create --owner UID -- START-ARGS" and "__host-serve ID new|
 * restarted": study mode's steps run by bl-spawn as the service user. */
int	 cmd_host_internal(int, char **);
/* The owner of the session "start" creates (-1: the caller). */
extern long cmd_start_owner;
const struct cmd_entry *cmd_find(const char *);
/* Print "usage: baseliner NAME USAGE" and the help text to stdout/stderr. */
void	 cmd_usage(const struct cmd_entry *, int to_stderr);
/* Print "baseliner NAME: MESSAGE" to stderr; returns 1. */
/* Print JSON for people and programs alike: indented, one value. */
void	 cmd_print_json(json_t *);
int	 cmd_error(const char *name, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* cmd_follow.c: status --json --follow, the proctor's stream of a host. */
int	 cmd_follow_status(const char *only);

#endif
