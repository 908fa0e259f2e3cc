/*
 * cmd_mark_run.c: "mark-run" records what a study decides about a run
 * after the fact: that its participant gave up, and why; that a review
 * excluded it (for cheating, say), who decided and why, or that the
 * exclusion is lifted. Marks are kept apart from the run's scorings, so
 * importing the run again keeps them; the report counts an excluded run
 * as 0 or leaves it out, as the study says (import-runs --excluded).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "study.h"
#include "util.h"

static int	cmd_mark_run_exec(int, char **);

const struct cmd_entry cmd_mark_run_entry = {
	.name = "mark-run",
	.usage = "[--study DB] TASK RUN (--gave-up REASON | --exclude --by WHO "
	    "--why TEXT | --include)",
	.summary = "mark a study's run: given up, or excluded after review",
	.help =
	    "  --study DB          the study database "
	    "(default $BASELINER_HOME/study.db)\n"
	    "  --gave-up REASON    the participant gave up, for this reason\n"
	    "  --exclude           the run is excluded after review; --by and "
	    "--why say\n"
	    "                      who decided and why\n"
	    "  --include           lift an exclusion\n",
	.exec = cmd_mark_run_exec
};

static int
cmd_mark_run_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "study", required_argument, NULL, 'd' },
		{ "gave-up", required_argument, NULL, 'g' },
		{ "exclude", no_argument, NULL, 'x' },
		{ "include", no_argument, NULL, 'i' },
		{ "by", required_argument, NULL, 'b' },
		{ "why", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	const char		*name = cmd_mark_run_entry.name;
	struct study_mark	 m;
	struct study_data	 d;
	struct study		*st = NULL;
	char			*path = NULL, *cause = NULL;
	size_t			 i;
	int			 ch, rc = 1, found = 0;

	memset(&m, 0, sizeof m);
	memset(&d, 0, sizeof d);
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			free(path);
			path = xstrdup(optarg);
			break;
		case 'g':
			m.gave_up_reason = optarg;
			break;
		case 'x':
		case 'i':
			m.set_excluded = 1;
			m.excluded = ch == 'x';
			break;
		case 'b':
			m.excluded_by = optarg;
			break;
		case 'w':
			m.excluded_why = optarg;
			break;
		default:
			cmd_usage(&cmd_mark_run_entry, 1);
			rc = 2;
			goto out;
		}
	}
	if (argc - optind != 2 || (m.gave_up_reason == NULL &&
	    !m.set_excluded)) {
		cmd_usage(&cmd_mark_run_entry, 1);
		rc = 2;
		goto out;
	}
	if (m.set_excluded && m.excluded && (m.excluded_by == NULL ||
	    m.excluded_why == NULL || *m.excluded_by == '\0' ||
	    *m.excluded_why == '\0')) {
		cmd_error(name, "--exclude needs --by WHO and --why TEXT: who "
		    "decided, and why");
		rc = 2;
		goto out;
	}
	if (path == NULL)
		path = study_default_path();
	if (!file_exists(path)) {
		cmd_error(name, "%s: no study here", path);
		goto out;
	}
	if (study_open(path, &st, &cause) != 0 ||
	    study_load(st, &d, &cause) != 0) {
		cmd_error(name, "%s", cause);
		goto out;
	}
	for (i = 0; i < d.nruns; i++) {
		found |= strcmp(d.runs[i].task_id, argv[optind]) == 0 &&
		    strcmp(d.runs[i].run_id, argv[optind + 1]) == 0;
	}
	if (!found) {
		cmd_error(name, "%s: no run %s of task %s", path,
		    argv[optind + 1], argv[optind]);
		goto out;
	}
	if (study_mark_run(st, argv[optind], argv[optind + 1], &m,
	    &cause) != 0) {
		cmd_error(name, "%s", cause);
		goto out;
	}
	printf("%s %s:%s%s\n", argv[optind], argv[optind + 1],
	    m.gave_up_reason ? " gave up" : "", m.set_excluded ? (m.excluded ?
	    " excluded" : " included") : "");
	rc = 0;
out:
	study_data_done(&d);
	study_close(st);
	free(cause);
	free(path);
	return (rc);
}
