/*
 * cmd_task.c: "tasks" lists the task packs on the search path and whether
 * each can run here; "task check" validates one pack; "task calibrate"
 * measures y_start and y_ref on this host by scoring the pack's starting
 * and reference solutions, and stores them for new sessions (and, with
 * --write, in the manifest); "task prepare" gets or verifies a pack's
 * assets (from a local folder, a build command or a URL) and says which
 * of its keys the host configuration lacks.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "gpu.h"
#include "norm.h"
#include "scorer.h"
#include "scorer_env.h"
#include "session.h"

extern const struct cmd_entry cmd_tasks_entry, cmd_task_entry;

/* What a pack needs, in a few words: "4 GPUs (H100), 52 CPUs, ...". */
static void
task_needs(const struct task *t, struct buf *b)
{
	int	i;

	if (t->gpus > 0)
		buf_printf(b, "%d GPU%s%s%s%s", t->gpus, t->gpus == 1 ? "" :
		    "s", t->gpu_model ? " (" : "", t->gpu_model ?
		    t->gpu_model : "", t->gpu_model ? ")" : "");
	else
		buf_addstr(b, "no GPU");
	if (t->cpus > 0)
		buf_printf(b, ", %d CPUs", t->cpus);
	if (t->memory_gb > 0)
		buf_printf(b, ", %.0f GB memory", t->memory_gb);
	if (t->disk_gb > 0)
		buf_printf(b, ", %.0f GB disk", t->disk_gb);
	for (i = 0; i < t->ncommands; i++)
		buf_printf(b, "%s%s", i ? " " : ", commands: ", t->commands[i]);
	for (i = 0; i < t->nmodules; i++)
		buf_printf(b, "%s%s", i ? " " : ", python: ", t->modules[i]);
	if (t->nassets > 0)
		buf_printf(b, ", %d asset%s", t->nassets, t->nassets == 1 ? "" :
		    "s");
	for (i = 0; i < t->nkeys; i++)
		buf_printf(b, "%s%s", i ? " " : ", keys: ", t->keys[i].name);
}

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
					task_destroy(t);
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
				struct buf needs;

				buf_init(&needs);
				task_needs(t, &needs);
				task_check_host(t, &why);
				json_array_append_new(out, json_pack(
				    "{ss ss ss ss sb ss sf si ss}", "id", t->id,
				    "version", t->version, "title", t->title,
				    "dir", t->dir, "ready", why.len == 0 &&
				    !shadow, "problem", shadow ? "shadowed by "
				    "an earlier pack with the same id" :
				    buf_cstr(&why), "time_limit",
				    t->time_limit, "gpus", t->gpus, "needs",
				    buf_cstr(&needs)));
				buf_done(&needs);
				task_destroy(t);
			}
			buf_done(&why);
			free(manifest);
			free(dir);
			n++;
		}
		closedir(d);
	}
	task_path_destroy(path);
	buf_done(&seen);
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
			const char *needs = json_string_value(
			    json_object_get(t2, "needs"));

			printf("%-20s %-6s %s\n", json_string_value(
			    json_object_get(t2, "id")), json_is_true(
			    json_object_get(t2, "ready")) ? "ready" : "no",
			    title ? title : "");
			if (needs != NULL)
				printf("%-20s        needs: %s\n", "", needs);
			if (!json_is_true(json_object_get(t2, "ready")))
				printf("%-20s        missing: %s\n", "",
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

/* The GPU the scorer will use: the first of CUDA_VISIBLE_DEVICES. */
static int
calib_gpu_index(void)
{
	const char	*v = getenv("CUDA_VISIBLE_DEVICES");

	return (v != NULL && *v >= '0' && *v <= '9' ? atoi(v) : 0);
}

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
	struct scorer_env_spec	 es;
	char			*tmp, *work, *from, *sol, *scratch, *cwd;
	char			**env;
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
		rm_rf(scratch);
		mkdir_p(scratch, 0700, NULL);
		/* The environment scoring gives it (scorer_env.h). */
		memset(&es, 0, sizeof es);
		es.task = t;
		es.workdir = work;
		es.scratch = scratch;
		es.home = home_dir();
		env = scorer_env_create(&es);
		memset(&spec, 0, sizeof spec);
		spec.command = t->scorer;
		spec.cwd = cwd;
		spec.env = env;
		spec.timeout = t->scorer_timeout;
		memset(&c, 0, sizeof c);
		if (scorer_start(&loop, &spec, calib_done_cb, &c, &(struct
		    scorer_run *){ NULL }, cause) != 0) {
			scorer_env_destroy(env);
			break;
		}
		while (!c.done)
			uv_run(&loop, UV_RUN_ONCE);
		scorer_env_destroy(env);
		if (c.res.status != SCORER_VALID) {
			set_cause(cause, "%s solution, run %d: %s: %s", which,
			    i + 1, scorer_status_name(c.res.status),
			    c.res.reason ? c.res.reason : "");
			scorer_result_done(&c.res);
			break;
		}
		vals[n++] = c.res.raw;
		fprintf(stderr, "  %s, run %d: %.4f\n", which, i + 1, c.res.raw);
		scorer_result_done(&c.res);
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
	buf_done(&out);
	free(text);
	return (rc);
}

/* Preparing assets. */

/* "sha256sum FILE" of coreutils: the digest, or NULL. */
static char *
prep_sha256(const char *path)
{
	char	*cmd, line[160], *q, *out = NULL;
	FILE	*f;

	if (strchr(path, '\'') != NULL)
		return (NULL);
	cmd = xasprintf("sha256sum '%s' 2>/dev/null", path);
	if ((f = popen(cmd, "r")) != NULL) {
		if (fgets(line, sizeof line, f) != NULL &&
		    (q = strchr(line, ' ')) != NULL && q - line == 64)
			out = xstrndup(line, 64);
		pclose(f);
	}
	free(cmd);
	return (out);
}

/* Is the file there, of the stated size and digest? Says why not. */
static int
prep_verify(const struct task_asset *a, const char *path, int quiet,
    char **why)
{
	struct stat	 st;
	char		*sum;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return (set_cause(why, "missing"));
	if (a->size > 0 && (double)st.st_size != a->size)
		return (set_cause(why, "%lld bytes, expected %.0f",
		    (long long)st.st_size, a->size));
	if (a->sha256 == NULL) {
		if (!quiet)
			printf("  %-22s ok, %lld bytes (no checksum stated)\n",
			    a->name, (long long)st.st_size);
		return (0);
	}
	if ((sum = prep_sha256(path)) == NULL)
		return (set_cause(why, "cannot compute its SHA-256 "
		    "(sha256sum)"));
	if (strcmp(sum, a->sha256) != 0) {
		set_cause(why, "SHA-256 %s, expected %s", sum, a->sha256);
		free(sum);
		return (-1);
	}
	if (!quiet)
		printf("  %-22s ok, %lld bytes, sha256 %.12s...\n", a->name,
		    (long long)st.st_size, sum);
	free(sum);
	return (0);
}

static int
prep_copy(const char *from, const char *to, char **cause)
{
	char	 buf[65536];
	ssize_t	 n;
	int	 in, out, rc = 0;

	if (link(from, to) == 0)
		return (0);
	if ((in = open(from, O_RDONLY)) < 0)
		return (set_cause(cause, "%s: %s", from, strerror(errno)));
	if ((out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0) {
		close(in);
		return (set_cause(cause, "%s: %s", to, strerror(errno)));
	}
	while ((n = read(in, buf, sizeof buf)) > 0) {
		if (write(out, buf, n) != n) {
			rc = set_cause(cause, "%s: %s", to, strerror(errno));
			break;
		}
	}
	if (n < 0)
		rc = set_cause(cause, "%s: %s", from, strerror(errno));
	if (close(out) != 0 && rc == 0)
		rc = set_cause(cause, "%s: %s", to, strerror(errno));
	close(in);
	return (rc);
}

/* Get one asset into place: --from, then its build command, then its URL. */
static int
prep_get(const struct task *t, const struct task_asset *a, const char *dir,
    const char *from, const char *dest, char **cause)
{
	char	*src, *part, *cmd, *base;
	int	 rc;

	if (from != NULL) {
		src = path_join(from, a->path);
		if (!file_exists(src)) {
			free(src);
			base = strrchr(a->path, '/');
			src = path_join(from, base != NULL ? base + 1 : a->path);
		}
		if (file_exists(src)) {
			unlink(dest);
			printf("  %-22s copying from %s\n", a->name, src);
			fflush(stdout);
			rc = prep_copy(src, dest, cause);
			free(src);
			return (rc);
		}
		free(src);
	}
	if (a->build != NULL) {
		printf("  %-22s building: %s\n", a->name, a->build);
		fflush(stdout);
		cmd = xasprintf("cd '%s/scoring' && BASELINER_ASSET='%s' "
		    "BASELINER_ASSETS='%s' /bin/sh -c '%s'", t->dir, dest, dir,
		    a->build);
		rc = strchr(a->build, '\'') != NULL || strchr(dest, '\'') !=
		    NULL ? -1 : system(cmd);
		free(cmd);
		if (rc != 0)
			return (set_cause(cause, "its build command failed"));
		return (0);
	}
	if (a->source != NULL) {
		if ((cmd = find_in_path("curl")) == NULL)
			return (set_cause(cause, "curl is needed to fetch %s",
			    a->source));
		free(cmd);
		printf("  %-22s fetching %s\n", a->name, a->source);
		fflush(stdout);
		part = xasprintf("%s.part", dest);
		cmd = xasprintf("curl -fsSL --retry 2 -o '%s' '%s'", part,
		    a->source);
		rc = strchr(a->source, '\'') != NULL ||
		    strchr(part, '\'') != NULL ? -1 : system(cmd);
		free(cmd);
		if (rc == 0 && rename(part, dest) != 0)
			rc = -1;
		if (rc != 0)
			unlink(part);
		free(part);
		if (rc != 0)
			return (set_cause(cause, "cannot fetch %s (no network?)",
			    a->source));
		return (0);
	}
	return (set_cause(cause, "not found%s%s and the pack names no source; "
	    "put it there or use --from DIR", from ? " in " : "",
	    from ? from : ""));
}

static int
task_prepare(struct task *t, const char *from)
{
	struct stat	 st;
	char		*dir, *dest, *why, *cause, *v, *keys, *slash;
	int		 i, bad = 0;

	dir = task_assets_dir(t);
	printf("%s: assets in %s\n", t->id, dir);
	if (t->nassets == 0)
		printf("  (none)\n");
	for (i = 0; i < t->nassets; i++) {
		const struct task_asset *a = &t->assets[i];

		dest = path_join(dir, a->path);
		why = cause = NULL;
		if (prep_verify(a, dest, 0, &why) == 0) {
			free(dest);
			continue;
		}
		if (file_exists(dest))
			printf("  %-22s %s: replacing it\n", a->name, why);
		free(why);
		why = NULL;
		slash = strrchr(dest, '/');
		*slash = '\0';
		mkdir_p(dest, 0755, NULL);
		*slash = '/';
		if (prep_get(t, a, dir, from, dest, &cause) != 0 ||
		    prep_verify(a, dest, 0, &cause) != 0) {
			printf("  %-22s MISSING: %s\n", a->name, cause);
			if (a->what != NULL)
				printf("  %-22s (%s)\n", "", a->what);
			bad++;
		}
		free(cause);
		free(dest);
	}
	free(dir);
	keys = task_keys_path();
	if (t->nkeys > 0)
		printf("%s: keys in %s\n", t->id, keys);
	if (t->nkeys > 0 && stat(keys, &st) == 0 && (st.st_mode & 077) != 0) {
		printf("  %s is readable by others (mode %03o): make it 0600, "
		    "owned by the user that runs scorers\n", keys,
		    (unsigned)(st.st_mode & 0777));
		bad++;
	}
	for (i = 0; i < t->nkeys; i++) {
		const struct task_key *k = &t->keys[i];

		if ((v = task_key_value(k)) == NULL) {
			printf("  %-22s MISSING: add a line %s=... to %s\n",
			    k->name, k->name, keys);
			if (k->what != NULL)
				printf("  %-22s (%s)\n", "", k->what);
			bad++;
		} else
			printf("  %-22s set%s\n", k->name, k->def != NULL &&
			    strcmp(v, k->def) == 0 ? " (the default)" : "");
		free(v);
	}
	free(keys);
	if (bad)
		printf("%s: %d thing%s missing\n", t->id, bad, bad == 1 ? "" :
		    "s");
	else
		printf("%s: all assets and keys in place\n", t->id);
	return (bad ? 1 : 0);
}

/* "task import": a pack from a Task Standard family. */

static char *
yaml_quote(const char *s)
{
	struct buf	b;

	buf_init(&b);
	buf_addstr(&b, "\"");
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_printf(&b, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			buf_addstr(&b, " ");
		else
			buf_printf(&b, "%c", *s);
	}
	buf_addstr(&b, "\"");
	return (buf_cstr(&b));
}

static int
task_import(const char *family, const char *task, const char *to,
    const char *id, const char *direction, const char *aggregation,
    char **cause)
{
	struct task	 fake;
	char		*abs, *name, *cmd, *full, *pack, *dest, *out, *title;
	char		*manifest, *line, *q, *p;
	const char	*ins, *mver;
	struct buf	 b, y;
	json_t		*j, *res, *scoring, *gpu, *cr;
	FILE		*f;
	size_t		 n;
	char		 chunk[4096];
	int		 rc = -1, gpus = 0;

	if ((abs = realpath(family, NULL)) == NULL)
		return (set_cause(cause, "%s: %s", family, strerror(errno)));
	name = xstrdup(strrchr(abs, '/') + 1);
	memset(&fake, 0, sizeof fake);
	fake.ts_family = abs;
	fake.ts_task = (char *)task;
	fake.scorer_timeout = 600;
	cmd = task_driver_command(&fake);
	full = xasprintf("%s setup", cmd);
	free(cmd);
	if ((f = popen(full, "r")) == NULL) {
		free(full);
		free(abs);
		free(name);
		return (set_cause(cause, "cannot run the Task Standard driver"));
	}
	free(full);
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	out = buf_cstr(&b);
	if (pclose(f) != 0 || (j = json_loads(out, 0, NULL)) == NULL) {
		free(out);
		free(abs);
		free(name);
		return (set_cause(cause, "%s: the family's setup failed (the "
		    "driver said why above)", family));
	}
	free(out);
	if (id == NULL)
		id = strcmp(task, "main") == 0 ? name : NULL;
	pack = id != NULL ? xstrdup(id) : xasprintf("%s-%s", name, task);
	for (p = pack; *p != '\0'; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = *p - 'A' + 'a';
		else if (strchr("abcdefghijklmnopqrstuvwxyz0123456789_-", *p) ==
		    NULL)
			*p = '_';
	}
	dest = path_join(to, pack);
	if (dir_exists(dest)) {
		set_cause(cause, "%s already exists", dest);
		goto out;
	}
	q = xasprintf("%s/family/%s", dest, name);
	if (copy_tree(abs, q, cause) != 0) {
		free(q);
		goto out;
	}
	free(q);
	ins = json_string_value(json_object_get(j, "instructions"));
	line = xstrndup(ins ? ins : "", ins ? strcspn(ins, "\n") : 0);
	for (p = line; *p == '#' || *p == ' '; p++)
		;
	title = yaml_quote(*p != '\0' ? p : name);
	free(line);
	res = json_object_get(json_object_get(j, "manifest"), "resources");
	scoring = json_object_get(json_object_get(j, "manifest"), "scoring");
	gpu = json_object_get(res, "gpu");
	cr = json_object_get(gpu, "count_range");
	if (json_is_array(cr) && json_is_integer(json_array_get(cr, 0)))
		gpus = (int)json_integer_value(json_array_get(cr, 0));
	mver = json_string_value(json_object_get(json_object_get(j,
	    "manifest"), "version"));
	buf_init(&y);
	buf_printf(&y, "# Made by \"baseliner task import\" from the METR "
	    "Task Standard family\n# %s (task %s, standard_version %s), which "
	    "baseliner runs unmodified\n# through its driver. Set "
	    "score.direction, y_start and y_ref from the task's\n# starting "
	    "and reference solutions: the standard has no such values.\n",
	    name, task, json_string_value(json_object_get(j,
	    "standard_version")));
	q = yaml_quote(mver ? mver : "1");
	buf_printf(&y, "id: %s\nversion: %s\ntitle: %s\ntime_limit: 8h\n"
	    "hardware:\n  gpus: %d\n", pack, q, title, gpus);
	free(q);
	if (json_is_string(json_object_get(gpu, "model")))
		buf_printf(&y, "  # the family asks for %s GPUs: timings are "
		    "calibrated per card (calibrations/)\n",
		    json_string_value(json_object_get(gpu, "model")));
	if (json_is_number(json_object_get(res, "cpus")))
		buf_printf(&y, "  cpus: %g\n", json_number_value(
		    json_object_get(res, "cpus")));
	if (json_is_number(json_object_get(res, "memory_gb")))
		buf_printf(&y, "  memory_gb: %g\n", json_number_value(
		    json_object_get(res, "memory_gb")));
	q = yaml_quote(task);
	buf_printf(&y, "task_standard:\n  family: family/%s\n  task: %s\n"
	    "score:\n  direction: %s\n  y_start: 0\n  y_ref: 1\n"
	    "  aggregation: %s\n  visibility: %s\n", name, q, direction,
	    aggregation, json_is_false(json_object_get(scoring, "visible_to_agent")) ?
	    "hidden" : "visible");
	free(q);
	free(title);
	manifest = path_join(dest, "task.yaml");
	rc = file_write(manifest, y.data, y.len, cause);
	if (rc == 0)
		printf("%s\n", dest);
	free(manifest);
	buf_done(&y);
out:
	json_decref(j);
	free(dest);
	free(pack);
	free(abs);
	free(name);
	return (rc);
}

static int
exec_task(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "runs", required_argument, NULL, 'n' },
		{ "write", no_argument, NULL, 'w' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "id", required_argument, NULL, 'i' },
		{ "direction", required_argument, NULL, 'D' },
		{ "aggregation", required_argument, NULL, 'A' },
		{ NULL, 0, NULL, 0 }
	};
	const char		*to = NULL, *newid = NULL, *direction = "higher";
	const char		*aggregation = "best";
	char			**tp;
	const struct cmd_entry	*e = &cmd_task_entry;
	struct task		*t;
	struct buf		 why;
	struct gpu_sample	 g;
	char			*cause = NULL, *path, host[128], on[512], day[32];
	char			*how, *file;
	const char		*gpu;
	const char		*from = NULL;
	double			 ys, yr;
	int			 ch, runs = 3, write = 0, rc;
	time_t			 now = time(NULL);
	enum norm_agg		 agg;
	json_t			*j;

	while ((ch = getopt_long(argc, argv, "n:wf:t:i:D:A:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'A':
			if (norm_agg_parse(optarg, &agg) != 0)
				return (cmd_error(e->name, "--aggregation: "
				    "best, last or last_valid"));
			aggregation = optarg;
			break;
		case 't':
			to = optarg;
			break;
		case 'i':
			newid = optarg;
			break;
		case 'D':
			if (strcmp(optarg, "lower") != 0 &&
			    strcmp(optarg, "higher") != 0)
				return (cmd_error(e->name, "--direction: lower "
				    "or higher"));
			direction = optarg;
			break;
		case 'f':
			from = optarg;
			break;
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
	if (argc - optind >= 2 && argc - optind <= 3 &&
	    strcmp(argv[optind], "import") == 0) {
		tp = task_path();
		rc = task_import(argv[optind + 1], argc - optind == 3 ?
		    argv[optind + 2] : "main", to != NULL ? to : tp[0], newid,
		    direction, aggregation, &cause);
		task_path_destroy(tp);
		if (rc != 0) {
			cmd_error(e->name, "%s", cause);
			free(cause);
			return (1);
		}
		return (0);
	}
	if (argc - optind != 2 || (strcmp(argv[optind], "check") != 0 &&
	    strcmp(argv[optind], "calibrate") != 0 &&
	    strcmp(argv[optind], "prepare") != 0)) {
		cmd_usage(e, 1);
		return (2);
	}
	if (task_find(argv[optind + 1], &t, &cause) != 0) {
		cmd_error(e->name, "%s", cause);
		free(cause);
		return (1);
	}
	if (strcmp(argv[optind], "prepare") == 0) {
		rc = task_prepare(t, from);
		task_destroy(t);
		return (rc);
	}
	buf_init(&why);
	if (strcmp(argv[optind], "check") == 0) {
		rc = task_check_host(t, &why) > 0;
		if (!rc && t->gpus > 0 && gpu_init(NULL) == 0 &&
		    gpu_read(calib_gpu_index(), &g, NULL) == 0 &&
		    (g.valid & GPU_V_NAME)) {
			json_t	*d = NULL;
			char	*src = NULL;

			if (session_calibration(t, g.name, &ys, &yr, &src, &d,
			    &cause) != 0) {
				buf_printf(&why, "%s", cause);
				free(cause);
				rc = 1;
			}
			free(src);
			json_decref(d);
		}
		printf("%s %s: manifest ok; %s%s\n", t->id, t->version, rc ?
		    "cannot run here: " : "ready to run here", buf_cstr(&why));
		buf_done(&why);
		task_destroy(t);
		return (rc);
	}
	if (task_check_host(t, &why) > 0) {
		cmd_error(e->name, "task %s cannot run here: %s", t->id,
		    buf_cstr(&why));
		buf_done(&why);
		task_destroy(t);
		return (1);
	}
	buf_done(&why);
	fprintf(stderr, "calibrating %s: %d scoring%s each of the starting "
	    "and the reference solution\n", t->id, runs, plural(runs));
	if (calib_solution(t, "start", runs, &ys, &cause) != 0 ||
	    calib_solution(t, "reference", runs, &yr, &cause) != 0) {
		cmd_error(e->name, "%s", cause);
		free(cause);
		task_destroy(t);
		return (1);
	}
	gethostname(host, sizeof host);
	host[sizeof host - 1] = '\0';
	strftime(day, sizeof day, "%Y-%m-%dT%H:%MZ", gmtime(&now));
	gpu = NULL;
	if (t->gpus > 0 && gpu_init(NULL) == 0 && gpu_read(calib_gpu_index(),
	    &g, NULL) == 0 && (g.valid & GPU_V_NAME))
		gpu = g.name;
	if (gpu != NULL)
		snprintf(on, sizeof on, "%s, %s, %s", gpu, host, day);
	else
		snprintf(on, sizeof on, "%s (CPU), %s", host, day);
	how = xasprintf("baseliner task calibrate %s --runs %d: medians of "
	    "ln(ms) of the start and the reference, on %s", t->id, runs, host);
	path = session_calibration_path(t->id, gpu);
	j = json_pack("{ss ss sf sf ss ss si}", "gpu", gpu ? gpu : "none",
	    "task_version", t->version, "y_start", ys, "y_ref", yr, "measured",
	    day, "how", how, "runs", runs);
	if (gpu != NULL && gpu_driver_version() != NULL)
		json_object_set_new(j, "driver", json_string(
		    gpu_driver_version()));
	free(how);
	rc = 0;
	*strrchr(path, '/') = '\0';
	mkdir_p(path, 0755, NULL);
	path[strlen(path)] = '/';
	if (json_dump_file(j, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
		rc = cmd_error(e->name, "%s: cannot write", path);
	printf("%s: y_start %.4f, y_ref %.4f (%s)\nstored in %s\n", t->id, ys,
	    yr, on, path);
	free(path);
	if (rc == 0 && write && gpu != NULL) {
		/* The card's own file in the pack: added, or replaced if it
		 * is this card's; another card's file is never touched. */
		file = task_calib_file(gpu);
		path = xasprintf("%s/calibrations/%s", t->dir, file);
		free(file);
		file = path_join(t->dir, "calibrations");
		mkdir_p(file, 0755, NULL);
		free(file);
		if (json_dump_file(j, path, JSON_INDENT(2) |
		    JSON_PRESERVE_ORDER) != 0)
			rc = cmd_error(e->name, "%s: cannot write", path);
		else
			printf("written to %s\n", path);
		free(path);
	} else if (rc == 0 && write) {
		if (calib_write_manifest(t, ys, yr, on, &cause) != 0) {
			rc = cmd_error(e->name, "%s", cause);
			free(cause);
		} else
			printf("written to %s\n", t->manifest);
	}
	json_decref(j);
	task_destroy(t);
	return (rc);
}

const struct cmd_entry cmd_task_entry = {
	.name = "task",
	.usage = "check|calibrate|prepare TASK [--runs N] [--write] "
	    "[--from DIR] | import FAMILY_DIR [TASK] [--to DIR] "
	    "[--aggregation A]",
	.summary = "check a task pack, prepare its assets, or calibrate its "
	    "y_start and y_ref here",
	.help = "check      parse the manifest and say whether the task can run "
	    "here\ncalibrate  score the pack's start/ and "
	    "solutions/reference N times\n           each, store the medians "
	    "as y_start and y_ref for new sessions on\n           this host's "
	    "card ($BASELINER_HOME/calibration/TASK/CARD.json); a\n"
	    "           GPU pack keeps one calibration a card in "
	    "calibrations/CARD.json,\n           and a session uses this "
	    "host's own for its card, else the pack's,\n           and refuses "
	    "a card with neither\n"
	    "prepare    get or verify the pack's assets (size, SHA-256) in\n"
	    "           $BASELINER_ASSETS/TASK (default $BASELINER_HOME/assets/"
	    "TASK): from\n           --from DIR, else the asset's build "
	    "command, else its URL;\n           and say which of its keys "
	    "$BASELINER_KEYS (default\n           $BASELINER_HOME/keys.env, "
	    "NAME=value lines, mode 0600) lacks\n"
	    "import     make a pack from a METR Task Standard family folder "
	    "(TASK: the\n           family's task, default main): the family "
	    "is copied into the pack\n           and run unmodified by "
	    "baseliner's driver; the pack's id is the\n           family's "
	    "name (FAMILY-TASK for another task)\n\n"
	    "  -n, --runs N    scorings per solution (default 3)\n"
	    "  -w, --write     also add the values to the pack: its file for "
	    "this card in\n                  calibrations/ (another card's is "
	    "never touched); for a\n                  CPU task, task.yaml's "
	    "y_start and y_ref\n"
	    "  -f, --from DIR  take assets from DIR (DIR/PATH or DIR/NAME)\n"
	    "  -t, --to DIR    where import puts the pack (default: the first "
	    "folder of\n                  the search path, $BASELINER_TASKS)\n"
	    "      --id ID     the imported pack's id\n"
	    "      --direction lower|higher  how the imported pack ranks "
	    "scores\n                  (default higher)\n"
	    "      --aggregation best|last|last_valid  which of the imported "
	    "pack's\n                  scorings counts: the best (default), "
	    "the last (an invalid\n                  last one counts as "
	    "none) or the last valid one; a family\n                  "
	    "scored by its last submission needs last or last_valid\n",
	.exec = exec_task,
};
