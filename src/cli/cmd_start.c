/*
 * cmd_start.c: "start" creates a session and its server; "sessions" lists
 * every session on this host with its clock and GPUs.
 */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/wait.h>

#include <errno.h>

#include "cmd.h"
#include "ctl.h"
#include "ctl_client.h"
#include "host.h"
#include "json_field.h"
#include "session.h"

extern const struct cmd_entry cmd_start_entry, cmd_sessions_entry;

long	cmd_start_owner = -1;

static int	start_attach(char *, int);

/*
 * Who attempts the task when --participant is not given: the login name,
 * from $USER (or $LOGNAME) where set, else from the password database
 * (a container's root often has no USER), else the uid as "uid1000".
 */
static const char *
start_default_participant(void)
{
	static char	 name[64];
	struct passwd	*pw;
	const char	*v;

	if (((v = getenv("USER")) != NULL && *v != '\0') ||
	    ((v = getenv("LOGNAME")) != NULL && *v != '\0'))
		snprintf(name, sizeof name, "%s", v);
	else if ((pw = getpwuid(getuid())) != NULL && *pw->pw_name != '\0')
		snprintf(name, sizeof name, "%s", pw->pw_name);
	else
		snprintf(name, sizeof name, "uid%u", (unsigned)getuid());
	return (name);
}

/*
 * Study mode: the session is the service user's. bl-spawn creates it for
 * the caller (as the service user, with the caller's uid as its owner),
 * gives the work folder to the caller and starts the server; it prints the
 * id, and we attach as in personal mode.
 */
static int
start_study(int argc, char **argv, const char *participant, int detach)
{
	const struct host_conf	*h = host_study();
	char			**args, id[256];
	pid_t			 pid;
	ssize_t			 n;
	size_t			 got = 0;
	int			 p[2], status, i;

	if (getuid() == h->uid)
		return (cmd_error("start", "the service user does not take "
		    "sessions"));
	if (pipe(p) != 0)
		return (cmd_error("start", "pipe: %s", strerror(errno)));
	/* The participant named here, where the caller's login is known. */
	args = xcalloc(argc + 4, sizeof *args);
	args[0] = h->spawn;
	args[1] = "start";
	args[2] = "--participant";
	args[3] = (char *)participant;
	for (i = 1; i < argc; i++)
		args[i + 3] = argv[i];
	fflush(NULL);
	if ((pid = fork()) == -1)
		return (cmd_error("start", "fork: %s", strerror(errno)));
	if (pid == 0) {
		close(p[0]);
		dup2(p[1], 1);
		if (p[1] != 1)
			close(p[1]);
		execv(h->spawn, args);
		fprintf(stderr, "baseliner start: %s: %s\n", h->spawn,
		    strerror(errno));
		_exit(127);
	}
	free(args);
	close(p[1]);
	while (got < sizeof id - 1 && (n = read(p[0], id + got,
	    sizeof id - 1 - got)) > 0)
		got += n;
	close(p[0]);
	id[got] = '\0';
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0 || got == 0)
		return (1);	/* bl-spawn said why */
	id[strcspn(id, "\n")] = '\0';
	return (start_attach(xstrdup(id), detach));
}

static int
exec_start(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "participant", required_argument, NULL, 'p' },
		{ "hours", required_argument, NULL, 'H' },
		{ "gpus", required_argument, NULL, 'g' },
		{ "detach", no_argument, NULL, 'd' },
		{ "y-start", required_argument, NULL, 'S' },
		{ "y-ref", required_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd_entry	*e = &cmd_start_entry;
	struct session_opts	 o;
	struct task		*t;
	struct buf		 why;
	char			*id, *dir, *cause = NULL, *end, by[64];
	int			 ch, detach = 0;

	memset(&o, 0, sizeof o);
	o.y_start = o.y_ref = NAN;
	o.participant = start_default_participant();
	while ((ch = getopt_long(argc, argv, "p:H:g:d", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			o.participant = optarg;
			break;
		case 'H':
			o.hours = strtod(optarg, &end);
			if (*end != '\0' || o.hours <= 0)
				return (cmd_error(e->name, "--hours: expected "
				    "a positive number, got '%s'", optarg));
			break;
		case 'g':
			o.gpus = optarg;
			break;
		case 'd':
			detach = 1;
			break;
		case 'S':
			o.y_start = strtod(optarg, &end);
			break;
		case 'R':
			o.y_ref = strtod(optarg, &end);
			break;
		default:
			cmd_usage(e, 1);
			return (2);
		}
	}
	if (argc - optind != 1) {
		cmd_usage(e, 1);
		return (2);
	}
	if (!isnan(o.y_start) || !isnan(o.y_ref)) {
		/* Calibration overrides are a proctor's, and say whose. */
		uid_t who = cmd_start_owner >= 0 ? (uid_t)cmd_start_owner :
		    getuid();

		if (host_study() != NULL && !ctl_uid_is_proctor(who))
			return (cmd_error(e->name, "--y-start and --y-ref are "
			    "a proctor's: ask a proctor to start the session "
			    "with them, or to calibrate this host ('baseliner "
			    "task calibrate')"));
		snprintf(by, sizeof by, host_study() != NULL ? "proctor:%u" :
		    "owner:%u (personal mode)", (unsigned)who);
		o.calibration_by = by;
	}
	if (host_study() != NULL && cmd_start_owner < 0)
		return (start_study(argc, argv, o.participant, detach));
	if (cmd_start_owner >= 0 && strchr(argv[optind], '/') != NULL)
		return (cmd_error(e->name, "a study session takes one of this "
		    "host's task packs by id (see 'baseliner tasks'), not a "
		    "folder"));
	if (task_find(argv[optind], &t, &cause) != 0) {
		cmd_error(e->name, "%s", cause);
		free(cause);
		return (1);
	}
	buf_init(&why);
	if (task_check_host(t, &why) > 0) {
		cmd_error(e->name, "task %s cannot run on this host: %s", t->id,
		    buf_cstr(&why));
		buf_done(&why);
		task_destroy(t);
		return (1);
	}
	buf_done(&why);
	if (cmd_start_owner >= 0) {
		o.owner_set = 1;
		o.owner = (uid_t)cmd_start_owner;
	}
	if (session_create(t, &o, &id, &cause) != 0) {
		cmd_error(e->name, "%s", cause);
		free(cause);
		task_destroy(t);
		return (1);
	}
	task_destroy(t);
	if (cmd_start_owner >= 0) {
		/* bl-spawn gives the work to its owner, then starts the
		 * server. */
		printf("%s\n", id);
		free(id);
		return (0);
	}
	dir = session_dir(id);
	if (ctl_client_spawn_server(dir, 0, &cause) != 0) {
		cmd_error(e->name, "%s", cause);
		free(cause);
		free(dir);
		free(id);
		return (1);
	}
	free(dir);
	return (start_attach(id, detach));
}

/* Print the id and attach unless told not to; frees id. */
static int
start_attach(char *id, int detach)
{
	char	*attach[4];
	int	 ch;

	printf("%s\n", id);
	fflush(stdout);
	if (detach || !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		if (!detach)
			fprintf(stderr, "baseliner start: no terminal; attach "
			    "with: baseliner attach -s %s\n", id);
		free(id);
		return (0);
	}
	if (cmd_find("attach") == NULL) {
		fprintf(stderr, "baseliner start: this build has no workbench; "
		    "the session runs on\n");
		free(id);
		return (0);
	}
	attach[0] = "attach";
	attach[1] = "-s";
	attach[2] = id;
	attach[3] = NULL;
	optind = 1;
	ch = cmd_find("attach")->exec(3, attach);
	free(id);
	return (ch);
}

const struct cmd_entry cmd_start_entry = {
	.name = "start",
	.usage = "TASK [--participant ID] [--hours H] [--gpus LIST] [--detach]",
	.summary = "start a timed session on a task and open the workbench",
	.help = "Creates the session (work folder from the task's start/, the "
	    "first checkpoint),\nstarts its server, which scores the untouched "
	    "start before the clock runs,\nprints the session id and attaches.\n"
	    "\n"
	    "  -p, --participant ID  who attempts the task (default: your "
	    "login name, from\n                        $USER, or from the "
	    "password database where USER\n                        is unset)\n"
	    "  -H, --hours H         time limit in hours (default: the task's)\n"
	    "  -g, --gpus LIST       GPU indexes, e.g. 0,1 (default: the "
	    "task's count,\n                        the first ones no other "
	    "session holds)\n"
	    "  -d, --detach          do not attach; the session runs on\n"
	    "      --y-start Y, --y-ref Y\n"
	    "                        override the normalization values\n",
	.exec = exec_start,
};

static int
exec_sessions(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	json_t		*all, *s;
	size_t		 i;
	char		*el, *left;
	int		 ch, json = 0;

	while ((ch = getopt_long(argc, argv, "j", longopts, NULL)) != -1) {
		if (ch != 'j') {
			cmd_usage(&cmd_sessions_entry, 1);
			return (2);
		}
		json = 1;
	}
	all = session_list();
	if (json) {
		cmd_print_json(all);
		json_decref(all);
		return (0);
	}
	if (json_array_size(all) == 0)
		printf("no sessions in %s/sessions\n", home_dir());
	else
		printf("%-40s %-9s %-9s %9s %9s %-5s %s\n", "id", "state",
		    "server", "elapsed", "left", "GPUs", "participant");
	json_array_foreach(all, i, s) {
		double e = json_number_value(json_object_get(s, "elapsed_s"));
		double l = json_number_value(json_object_get(s, "limit_s"));

		el = fmt_duration(e);
		/* An ended session has no time left, as status says. */
		left = strcmp(json_field_str(s, "state"), "ended") == 0 ?
		    xstrdup("-") : fmt_duration(l > e ? l - e : 0);
		printf("%-40s %-9s %-9s %9s %9s %-5s %s\n",
		    json_string_value(json_object_get(s, "id")),
		    json_string_value(json_object_get(s, "state")),
		    json_is_true(json_object_get(s, "server")) ? "running" :
		    "-", el, left,
		    *json_field_str(s, "gpus") ? json_field_str(s, "gpus") :
		    "-", *json_field_str(s, "participant") ?
		    json_field_str(s, "participant") : "-");
		free(el);
		free(left);
	}
	json_decref(all);
	return (0);
}

const struct cmd_entry cmd_sessions_entry = {
	.name = "sessions",
	.usage = "[--json]",
	.summary = "list every session on this host, with its state and GPUs",
	.help = "  --json  print them as JSON\n",
	.exec = exec_sessions,
};
