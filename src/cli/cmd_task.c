/*
 * cmd_task.c: "tasks" lists the task packs on the search path and whether
 * each can run here; "task check" validates one pack; "task calibrate"
 * measures y_start and y_ref on this host by scoring the pack's starting
 * and reference solutions, and stores them for new sessions (and, with
 * --write, in the manifest).
 */
#include "config.h"

#include <dirent.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "gpu.h"
#include "scorer.h"
#include "session.h"

extern const struct cmd_entry cmd_tasks_entry, cmd_task_entry;

static int
exec_tasks(int argc, char **argv)
{
	char		**path, *dir, *manifest, *cause;
	DIR		 *d;
	struct dirent	 *de;
	struct task	 *t;
	struct buf	  why, seen;
	json_t		 *out = json_array();
	int		  i, json = 0, n = 0;

	if (argc > 1 && strcmp(argv[1], "--json") == 0)
		json = 1;
	else if (argc > 1) {
		cmd_usage(&cmd_tasks_entry, 1);
		return (2);
	}
	buf_init(&seen);
	buf_addstr(&seen, " ");
	path = task_path();
	for (i = 0; path[i] != NULL; i++) {
		if ((d = opendir(path[i])) == NULL)
			continue;
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			dir = path_join(path[i], de->d_name);
			manifest = path_join(dir, "task.yaml");
			if (!file_exists(manifest)) {
				free(manifest);
				free(dir);
				continue;
			}
			cause = NULL;
			buf_init(&why);
			t = NULL;
			if (task_load(dir, &t, &cause) != 0 ||
			    task_check_folder(t, de->d_name, &cause) != 0) {
				if (t != NULL)	/* loaded, in the wrong folder */
					task_free(t);
				json_array_append_new(out, json_pack(
				    "{ss ss sb ss}", "id", de->d_name, "dir",
				    dir, "ready", 0, "problem", cause));
				free(cause);
			} else {
				char *key = xasprintf(" %s ", t->id);
				int shadow = strstr(seen.data, key) != NULL;
				free(key);
				if (!shadow)
					buf_printf(&seen, "%s ", t->id);
				task_check_host(t, &why);
				json_array_append_new(out, json_pack(
				    "{ss ss ss ss sb ss sf si}", "id", t->id,
				    "version", t->version, "title", t->title,
				    "dir", t->dir, "ready", why.len == 0 &&
				    !shadow, "problem", shadow ? "shadowed by "
				    "an earlier pack with the same id" :
				    buf_cstr(&why), "time_limit",
				    t->time_limit, "gpus", t->gpus));
				task_free(t);
			}
			buf_free(&why);
			free(manifest);
			free(dir);
			n++;
		}
		closedir(d);
	}
	task_path_free(path);
	buf_free(&seen);
	if (json)
		cmd_print_json(out);
	else {
		json_t *t2;
		size_t k;

		if (n == 0)
			printf("no task packs found (set BASELINER_TASKS)\n");
		json_array_foreach(out, k, t2) {
			const char *title = json_string_value(
			    json_object_get(t2, "title"));
			printf("%-16s %-6s %s\n", json_string_value(
			    json_object_get(t2, "id")), json_is_true(
			    json_object_get(t2, "ready")) ? "ready" : "no",
			    title ? title : "");
			if (!json_is_true(json_object_get(t2, "ready")))
				printf("%-16s        %s\n", "",
				    json_string_value(json_object_get(t2,
				    "problem")));
		}
	}
	json_decref(out);
	return (0);
}

const struct cmd_entry cmd_tasks_entry = {
	.name = "tasks",
	.usage = "[--json]",
	.summary = "list task packs and whether each can run on this host",
	.help = "Packs are found on $BASELINER_TASKS (colon-separated), then "
	    "the installed\ntasks folder, then ./tasks. For a pack that cannot "
	    "run here, says what is\nmissing (a program, GPUs, a part of the "
	    "pack) or what is wrong in its manifest.\n\n"
	    "  --json  print the list as JSON\n",
	.exec = exec_tasks,
};

/* Calibration: score a solution several times with a private loop. */

struct calib {
	struct scorer_result	res;
	int			done;
};

static void
calib_done_cb(struct scorer_run *run, struct scorer_result *r, void *arg)
{
	struct calib	*c = arg;

	c->res = *r;
	c->res.reason = r->reason ? xstrdup(r->reason) : NULL;
	c->res.message = json_incref(r->message);
	c->res.details = json_incref(r->details);
	c->res.tail = r->tail ? xstrdup(r->tail) : NULL;
	c->done = 1;
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

static int
calib_solution(struct task *t, const char *which, int runs, double *out,
    char **cause)
{
	struct scorer_spec	 spec;
	struct calib		 c;
	uv_loop_t		 loop;
	char			*tmp, *work, *from, *sol, *scratch, *cwd;
	char			*env[8];
	extern char		**environ;
	double			*vals;
	int			 i, n, rc = -1;

	tmp = xstrdup("/tmp/baseliner-calib-XXXXXX");
	if (mkdtemp(tmp) == NULL) {
		free(tmp);
		return (set_cause(cause, "mkdtemp failed"));
	}
	work = path_join(tmp, "work");
	scratch = path_join(tmp, "scratch");
	from = path_join(t->dir, "start");
	sol = xasprintf("%s/solutions/%s", t->dir, which);
	vals = xcalloc(runs, sizeof *vals);
	if (copy_tree(from, work, cause) != 0)
		goto out;
	if (dir_exists(sol) && copy_tree(sol, work, cause) != 0)
		goto out;
	if (!dir_exists(sol) && strcmp(which, "start") != 0) {
		set_cause(cause, "%s: missing", sol);
		goto out;
	}
	uv_loop_init(&loop);
	cwd = path_join(t->dir, "scoring");
	for (i = 0, n = 0; i < runs; i++) {
		int e = 0;
		char **p;

		rm_rf(scratch);
		mkdir_p(scratch, 0700, NULL);
		env[e++] = xasprintf("BASELINER_WORKDIR=%s", work);
		env[e++] = xasprintf("BASELINER_SCRATCH=%s", scratch);
		env[e++] = xasprintf("BASELINER_LIBEXEC=%s",
		    getenv("BASELINER_LIBEXEC") ? getenv("BASELINER_LIBEXEC") :
		    PKGLIBEXECDIR);
		env[e++] = xasprintf("PATH=%s", getenv("PATH") ?
		    getenv("PATH") : "/usr/bin:/bin");
		env[e++] = xasprintf("HOME=%s", getenv("HOME") ?
		    getenv("HOME") : "/");
		if (getenv("CUDA_VISIBLE_DEVICES") != NULL)
			env[e++] = xasprintf("CUDA_VISIBLE_DEVICES=%s",
			    getenv("CUDA_VISIBLE_DEVICES"));
		env[e] = NULL;
		memset(&spec, 0, sizeof spec);
		spec.command = t->scorer;
		spec.cwd = cwd;
		spec.env = env;
		spec.timeout = t->scorer_timeout;
		memset(&c, 0, sizeof c);
		if (scorer_start(&loop, &spec, calib_done_cb, &c, &(struct
		    scorer_run *){ NULL }, cause) != 0) {
			for (p = env; *p != NULL; p++)
				free(*p);
			break;
		}
		while (!c.done)
			uv_run(&loop, UV_RUN_ONCE);
		for (p = env; *p != NULL; p++)
			free(*p);
		if (c.res.status != SCORER_VALID) {
			set_cause(cause, "%s solution, run %d: %s: %s", which,
			    i + 1, scorer_status_name(c.res.status),
			    c.res.reason ? c.res.reason : "");
			scorer_result_free(&c.res);
			break;
		}
		vals[n++] = c.res.raw;
		fprintf(stderr, "  %s, run %d: %.4f\n", which, i + 1, c.res.raw);
		scorer_result_free(&c.res);
	}
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	free(cwd);
	if (n == runs) {
		qsort(vals, n, sizeof *vals, cmp_double);
		*out = n % 2 ? vals[n / 2] : (vals[n / 2 - 1] + vals[n / 2]) / 2;
		rc = 0;
	}
out:
	rm_rf(tmp);
	free(vals);
	free(tmp);
	free(work);
	free(scratch);
	free(from);
	free(sol);
	return (rc);
}

/* Replace the calibration lines of task.yaml, keeping everything else. */
static int
calib_write_manifest(struct task *t, double ys, double yr, const char *on,
    char **cause)
{
	struct buf	 out;
	char		*text, *line, *next, *indent;
	size_t		 len;
	int		 n = 1, rc;

	if (file_read(t->manifest, &text, &len, cause) != 0)
		return (-1);
	buf_init(&out);
	for (line = text; line != NULL && *line != '\0'; line = next, n++) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		indent = xstrndup(line, strspn(line, " "));
		if (n == t->line_y_start)
			buf_printf(&out, "%sy_start: %.4f\n", indent, ys);
		else if (n == t->line_y_ref) {
			buf_printf(&out, "%sy_ref: %.4f\n", indent, yr);
			if (t->line_calibrated_on == 0)
				buf_printf(&out, "%scalibrated_on: \"%s\"\n",
				    indent, on);
		} else if (n == t->line_calibrated_on)
			buf_printf(&out, "%scalibrated_on: \"%s\"\n", indent,
			    on);
		else
			buf_printf(&out, "%s\n", line);
		free(indent);
	}
	rc = file_write(t->manifest, out.data, out.len, cause);
	buf_free(&out);
	free(text);
	return (rc);
}

static int
exec_task(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "runs", required_argument, NULL, 'n' },
		{ "write", no_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd_entry	*e = &cmd_task_entry;
	struct task		*t;
	struct buf		 why;
	struct gpu_sample	 g;
	char			*cause = NULL, *path, host[128], on[256], day[16];
	double			 ys, yr;
	int			 ch, runs = 3, write = 0, rc;
	time_t			 now = time(NULL);
	json_t			*j;

	while ((ch = getopt_long(argc, argv, "n:w", longopts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			runs = atoi(optarg);
			if (runs < 1 || runs > 100)
				return (cmd_error(e->name, "--runs: 1 to 100"));
			break;
		case 'w':
			write = 1;
			break;
		default:
			cmd_usage(e, 1);
			return (2);
		}
	}
	if (argc - optind != 2 || (strcmp(argv[optind], "check") != 0 &&
	    strcmp(argv[optind], "calibrate") != 0)) {
		cmd_usage(e, 1);
		return (2);
	}
	if (task_find(argv[optind + 1], &t, &cause) != 0) {
		cmd_error(e->name, "%s", cause);
		free(cause);
		return (1);
	}
	buf_init(&why);
	if (strcmp(argv[optind], "check") == 0) {
		rc = task_check_host(t, &why) > 0;
		printf("%s %s: manifest ok; %s%s\n", t->id, t->version, rc ?
		    "cannot run here: " : "ready to run here", buf_cstr(&why));
		buf_free(&why);
		task_free(t);
		return (rc);
	}
	if (task_check_host(t, &why) > 0) {
		cmd_error(e->name, "task %s cannot run here: %s", t->id,
		    buf_cstr(&why));
		buf_free(&why);
		task_free(t);
		return (1);
	}
	buf_free(&why);
	fprintf(stderr, "calibrating %s: %d scorings each of the starting and "
	    "the reference solution\n", t->id, runs);
	if (calib_solution(t, "start", runs, &ys, &cause) != 0 ||
	    calib_solution(t, "reference", runs, &yr, &cause) != 0) {
		cmd_error(e->name, "%s", cause);
		free(cause);
		task_free(t);
		return (1);
	}
	gethostname(host, sizeof host);
	host[sizeof host - 1] = '\0';
	strftime(day, sizeof day, "%Y-%m-%d", gmtime(&now));
	if (gpu_init(NULL) == 0 && t->gpus > 0 && gpu_read(0, &g, NULL) == 0 &&
	    (g.valid & GPU_V_NAME))
		snprintf(on, sizeof on, "%s, %s, %s", g.name, host, day);
	else
		snprintf(on, sizeof on, "%s (CPU), %s", host, day);
	path = session_calibration_path(t->id);
	j = json_pack("{ss ss sf sf ss si}", "task", t->id, "task_version",
	    t->version, "y_start", ys, "y_ref", yr, "measured_on", on, "runs",
	    runs);
	rc = 0;
	*strrchr(path, '/') = '\0';
	mkdir_p(path, 0755, NULL);
	path[strlen(path)] = '/';
	if (json_dump_file(j, path, JSON_INDENT(2)) != 0)
		rc = cmd_error(e->name, "%s: cannot write", path);
	json_decref(j);
	printf("%s: y_start %.4f, y_ref %.4f (%s)\nstored in %s\n", t->id, ys,
	    yr, on, path);
	free(path);
	if (rc == 0 && write) {
		if (calib_write_manifest(t, ys, yr, on, &cause) != 0) {
			rc = cmd_error(e->name, "%s", cause);
			free(cause);
		} else
			printf("written to %s\n", t->manifest);
	}
	task_free(t);
	return (rc);
}

const struct cmd_entry cmd_task_entry = {
	.name = "task",
	.usage = "check|calibrate TASK [--runs N] [--write]",
	.summary = "check a task pack, or calibrate its y_start and y_ref here",
	.help = "check      parse the manifest and say whether the task can run "
	    "here\ncalibrate  score the pack's start/ and "
	    "solutions/reference N times\n           each, store the medians "
	    "as y_start and y_ref for new sessions on\n           this host "
	    "($BASELINER_HOME/calibration/TASK.json)\n\n"
	    "  -n, --runs N   scorings per solution (default 3)\n"
	    "  -w, --write    also write the values into the pack's task.yaml\n",
	.exec = exec_task,
};
