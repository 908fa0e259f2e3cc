/*
 * cmd_export_runs.c: "export-runs" writes a study's runs out in the agents'
 * formats, so that tools built for those read baseliner's runs: METR's
 * runs.jsonl (runs_jsonl.c) and Inspect AI eval logs (inspect.c). The runs
 * are the report's (report.c): an agent's scorings after its time limit are
 * not in them.
 */
#include "config.h"

#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "inspect.h"
#include "report.h"
#include "report_out.h"
#include "study.h"
#include "util.h"

static int	cmd_export_runs_exec(int, char **);

const struct cmd_entry cmd_export_runs_entry = {
	.name = "export-runs",
	.usage = "[--study DB] [--format runs.jsonl|inspect|inspect-json] "
	    "-o PATH",
	.summary = "write a study's runs as METR's runs.jsonl or Inspect eval "
	    "logs",
	.help =
	    "  --study DB          the study database "
	    "(default $BASELINER_HOME/study.db)\n"
	    "  --format FORMAT     runs.jsonl (METR's time-horizon data, one "
	    "run a line,\n"
	    "                      unclipped normalized scores, exact "
	    "seconds), inspect\n"
	    "                      (one Inspect AI .eval log a run, in the "
	    "folder PATH) or\n"
	    "                      inspect-json (the same as .json)\n"
	    "  -o, --output PATH   where to write it\n",
	.exec = cmd_export_runs_exec
};

/* Every run as an eval log in a folder: TASK--RUN.eval (or .json). */
static int
export_runs_inspect(const struct report *r, const char *dir, int zip,
    char **cause)
{
	const struct report_cell	*c;
	json_t				*log;
	char				*file, *path, *p;
	size_t				 i, j;
	int				 rc;

	if (mkdir_p(dir, 0755, cause) != 0)
		return (-1);
	for (i = 0; i < r->ncells; i++) {
		c = &r->cells[i];
		for (j = 0; j < c->n; j++) {
			log = inspect_log_run(c->src[j], report_task(r,
			    c->task), c->runs[j].n, analysis_final(
			    &c->runs[j]));
			file = xasprintf("%s--%s.%s", c->task,
			    c->src[j]->run_id, zip ? "eval" : "json");
			/* A name of safe characters, whatever the ids hold. */
			for (p = file; *p != '\0'; p++) {
				if (!isalnum((unsigned char)*p) && *p != '.' &&
				    *p != '-' && *p != '_')
					*p = '_';
			}
			path = path_join(dir, file);
			rc = zip ? inspect_write_eval(path, log, cause) :
			    inspect_write_json(path, log, cause);
			free(path);
			free(file);
			json_decref(log);
			if (rc != 0)
				return (-1);
		}
	}
	return (0);
}

static int
cmd_export_runs_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "study", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	const char		*name = cmd_export_runs_entry.name;
	const char		*format = "runs.jsonl", *out = NULL;
	struct report		 r;
	struct report_opts	 o;
	struct study_data	 d;
	struct study		*st = NULL;
	struct buf		 b;
	char			*path = NULL, *cause = NULL;
	int			 ch, rc = 1;

	memset(&r, 0, sizeof r);
	memset(&o, 0, sizeof o);
	memset(&d, 0, sizeof d);
	buf_init(&b);
	while ((ch = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			free(path);
			path = xstrdup(optarg);
			break;
		case 'f':
			format = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		default:
			cmd_usage(&cmd_export_runs_entry, 1);
			rc = 2;
			goto out;
		}
	}
	if (optind != argc || out == NULL) {
		cmd_usage(&cmd_export_runs_entry, 1);
		rc = 2;
		goto out;
	}
	if (strcmp(format, "runs.jsonl") != 0 && strcmp(format,
	    "inspect") != 0 && strcmp(format, "inspect-json") != 0) {
		cmd_error(name, "--format %s: expected runs.jsonl, inspect or "
		    "inspect-json", format);
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
	o.nboot = 1;
	report_build(&r, &d, &o);
	if (strcmp(format, "runs.jsonl") != 0) {
		if (export_runs_inspect(&r, out, strcmp(format, "inspect") == 0,
		    &cause) != 0) {
			cmd_error(name, "%s", cause);
			goto out;
		}
		printf("%s: %zu eval log%s\n", out, r.d.nruns,
		    r.d.nruns == 1 ? "" : "s");
		rc = 0;
		goto out;
	}
	report_runs_jsonl(&r, &b);
	if (file_write(out, b.data ? b.data : "", b.len, &cause) != 0) {
		cmd_error(name, "%s", cause);
		goto out;
	}
	printf("%s: %zu run%s\n", out, r.d.nruns, r.d.nruns == 1 ? "" : "s");
	rc = 0;
out:
	buf_done(&b);
	report_done(&r);
	study_data_done(&d);
	study_close(st);
	free(cause);
	free(path);
	return (rc);
}
