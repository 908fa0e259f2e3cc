/*
 * session.c: sessions on this host. A session is a folder
 * $BASELINER_HOME/sessions/<id> holding session.db, checkpoints.git, work/
 * and, while its server runs, control.sock. Creating one copies the task's
 * start files, commits the first checkpoint and writes the session row; the
 * server (started next) scores the untouched start before the clock runs.
 */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ckpt.h"
#include "gpu.h"
#include "chain.h"
#include "host.h"
#include "session.h"

char *
session_dir(const char *id)
{
	return (xasprintf("%s/sessions/%s", home_dir(), id));
}

static int
valid_id(const char *id)
{
	return (*id != '\0' && *id != '.' && strchr(id, '/') == NULL);
}

static int
session_open_ro(const char *id, struct store **st)
{
	char	*dir, *db;
	int	 rc;

	dir = session_dir(id);
	db = path_join(dir, "session.db");
	rc = file_exists(db) ? store_open(db, STORE_READONLY, st, NULL) : -1;
	free(db);
	free(dir);
	return (rc);
}

/*
 * Does a server run for the session folder dir? A live server holds an
 * exclusive lock on server.lock for its whole life (server.c); a socket
 * file may be left by one killed with -9.
 */
int
session_server_alive(const char *dir)
{
	char	*path;
	int	 fd, alive;

	path = path_join(dir, "server.lock");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (fd == -1)
		return (0);
	alive = flock(fd, LOCK_SH | LOCK_NB) == -1 && errno == EWOULDBLOCK;
	close(fd);
	return (alive);
}

/* A session whose store this user cannot read but whose work folder is
 * theirs: what they may know of it without the server. */
static json_t *
session_own_row(const char *id)
{
	struct stat	 st;
	char		*dir, *p;
	json_t		*row = NULL;
	int		 live;

	dir = session_dir(id);
	p = path_join(dir, "work");
	if (stat(p, &st) == 0 && st.st_uid == getuid()) {
		free(p);
		p = path_join(dir, "control.sock");
		live = access(p, F_OK) == 0;
		row = json_pack("{ss sI ss sb ss ss ss sf sf}", "id", id,
		    "owner_uid", (json_int_t)st.st_uid, "state", live ?
		    "running" : "unknown", "server", live, "task_id", "",
		    "participant", "", "gpus", "", "elapsed_s", 0.0,
		    "limit_s", 0.0);
	}
	free(p);
	free(dir);
	return (row);
}

/* Sessions in the order they started, then by id. */
static int
session_list_cmp(const void *a, const void *b)
{
	json_t		*ra = *(json_t *const *)a, *rb = *(json_t *const *)b;
	const char	*wa = json_string_value(json_object_get(ra,
			    "created_wall"));
	const char	*wb = json_string_value(json_object_get(rb,
			    "created_wall"));
	int		 c;

	if ((c = strcmp(wa != NULL ? wa : "", wb != NULL ? wb : "")) != 0)
		return (c);
	return (strcmp(json_string_value(json_object_get(ra, "id")),
	    json_string_value(json_object_get(rb, "id"))));
}

static json_t *
session_list_sorted(json_t *rows)
{
	json_t	**v, *out;
	size_t	  i, n = json_array_size(rows);

	v = xcalloc(n + 1, sizeof *v);
	for (i = 0; i < n; i++)
		v[i] = json_array_get(rows, i);
	qsort(v, n, sizeof *v, session_list_cmp);
	out = json_array();
	for (i = 0; i < n; i++)
		json_array_append(out, v[i]);
	free(v);
	json_decref(rows);
	return (out);
}

json_t *
session_list(void)
{
	char		*root, *dir;
	DIR		*d;
	struct dirent	*de;
	struct store	*st;
	json_t		*out, *row, *rows;

	out = json_array();
	root = path_join(home_dir(), "sessions");
	if ((d = opendir(root)) == NULL) {
		free(root);
		return (out);
	}
	while ((de = readdir(d)) != NULL) {
		if (!valid_id(de->d_name))
			continue;
		if (session_open_ro(de->d_name, &st) != 0) {
			/* Study mode: the participant cannot read the store;
			 * their own session is the one whose work they own. */
			row = session_own_row(de->d_name);
			if (row != NULL)
				json_array_append_new(out, row);
			continue;
		}
		rows = store_query_json(st, NULL, "SELECT id, task_id, "
		    "participant, owner_uid, gpus, state, elapsed_s, limit_s, "
		    "created_wall, end_reason, heartbeat_wall FROM session");
		store_close(st);
		if (rows == NULL || json_array_size(rows) != 1) {
			json_decref(rows);
			continue;
		}
		row = json_incref(json_array_get(rows, 0));
		json_decref(rows);
		dir = session_dir(de->d_name);
		json_object_set_new(row, "server", json_boolean(
		    session_server_alive(dir)));
		free(dir);
		json_array_append_new(out, row);
	}
	closedir(d);
	free(root);
	return (session_list_sorted(out));
}

/*
 * Not a whole session id: a unique prefix of one, or a participant id.
 * Where a participant has several sessions, their one live session is
 * meant; otherwise the candidates are named.
 */
static int
session_resolve_partial(const char *want, char **id_out, char **dir_out,
    char **cause)
{
	json_t		*all, *row;
	struct buf	 names;
	const char	*id, *who, *pick = NULL, *live = NULL;
	size_t		 i, len = strlen(want);
	int		 n = 0, nlive = 0, rc;

	all = session_list();
	buf_init(&names);
	json_array_foreach(all, i, row) {
		id = json_string_value(json_object_get(row, "id"));
		who = json_string_value(json_object_get(row, "participant"));
		if (id == NULL || (strncmp(id, want, len) != 0 &&
		    (who == NULL || strcmp(who, want) != 0)))
			continue;
		pick = id;
		n++;
		buf_printf(&names, "%s%s", n > 1 ? ", " : "", id);
		if (strcmp(json_string_value(json_object_get(row, "state")),
		    "ended") != 0) {
			live = id;
			nlive++;
		}
	}
	if (n > 1 && nlive == 1)
		pick = live;
	if (n == 1 || (n > 1 && nlive == 1)) {
		*id_out = xstrdup(pick);
		*dir_out = session_dir(*id_out);
		rc = 0;
	} else if (n == 0)
		rc = set_cause(cause, "no session '%s' (see 'baseliner "
		    "sessions')", want);
	else
		rc = set_cause(cause, "'%s' names %d sessions: %s", want, n,
		    buf_cstr(&names));
	buf_done(&names);
	json_decref(all);
	return (rc);
}

int
session_resolve(const char *id, char **id_out, char **dir_out, char **cause)
{
	json_t		*all, *row, *pick = NULL;
	const char	*env, *state;
	char		*dir, *db;
	size_t		 i;
	int		 n = 0;

	if (id == NULL && (env = getenv("BASELINER_SESSION")) != NULL &&
	    *env != '\0')
		id = env;
	if (id != NULL) {
		dir = valid_id(id) ? session_dir(id) : NULL;
		db = dir ? path_join(dir, "session.db") : NULL;
		if (db != NULL && file_exists(db)) {
			free(db);
			*id_out = xstrdup(id);
			*dir_out = dir;
			return (0);
		}
		free(db);
		free(dir);
		return (session_resolve_partial(id, id_out, dir_out, cause));
	}
	all = session_list();
	json_array_foreach(all, i, row) {
		state = json_string_value(json_object_get(row, "state"));
		if (strcmp(state, "ended") == 0 || json_integer_value(
		    json_object_get(row, "owner_uid")) != (json_int_t)getuid())
			continue;
		pick = row;
		n++;
	}
	if (n != 1) {
		json_decref(all);
		return (set_cause(cause, n == 0 ? "no live session: start one "
		    "or name one with -s ID" : "%d live sessions: name one with "
		    "-s ID", n));
	}
	*id_out = xstrdup(json_string_value(json_object_get(pick, "id")));
	*dir_out = session_dir(*id_out);
	json_decref(all);
	return (0);
}

char *
session_gpus_held(const char *except)
{
	json_t		*all, *row;
	struct buf	 b;
	const char	*g;
	size_t		 i;

	buf_init(&b);
	all = session_list();
	json_array_foreach(all, i, row) {
		if (strcmp(json_string_value(json_object_get(row, "state")),
		    "ended") == 0)
			continue;
		if (except != NULL && strcmp(json_string_value(
		    json_object_get(row, "id")), except) == 0)
			continue;
		g = json_string_value(json_object_get(row, "gpus"));
		if (g != NULL && *g != '\0')
			buf_printf(&b, "%s%s", b.len ? "," : "", g);
	}
	json_decref(all);
	return (buf_cstr(&b));
}

static int
gpu_in_list(const char *list, int gpu)
{
	const char	*p = list;
	char		*end;

	while (p != NULL && *p != '\0') {
		if (strtol(p, &end, 10) == gpu && end != p)
			return (1);
		p = strchr(p, ',');
		if (p != NULL)
			p++;
	}
	return (0);
}

/* Choose or check the session's GPUs; *out is "" for none. */
static int
session_pick_gpus(const struct task *t, const char *want, char **out,
    char **cause)
{
	char		*held, *end;
	const char	*p;
	struct buf	 b;
	int		 n, i, have = 0, got = 0;

	held = session_gpus_held(NULL);
	if (gpu_init(NULL) == 0)
		have = gpu_count();
	buf_init(&b);
	if (want != NULL) {
		for (p = want; *p != '\0';) {
			n = (int)strtol(p, &end, 10);
			if (end == p || n < 0 || (*end != ',' && *end != '\0')) {
				set_cause(cause, "--gpus: expected a list like "
				    "0,1, got '%s'", want);
				goto fail;
			}
			if (n >= have) {
				set_cause(cause, "--gpus: GPU %d does not exist "
				    "(this host has %d)", n, have);
				goto fail;
			}
			if (gpu_in_list(held, n)) {
				set_cause(cause, "--gpus: GPU %d is held by "
				    "another session (see 'baseliner "
				    "sessions')", n);
				goto fail;
			}
			buf_printf(&b, "%s%d", b.len ? "," : "", n);
			p = *end == ',' ? end + 1 : end;
		}
	} else {
		for (i = 0; i < have && got < t->gpus; i++) {
			if (gpu_in_list(held, i))
				continue;
			buf_printf(&b, "%s%d", b.len ? "," : "", i);
			got++;
		}
		if (got < t->gpus) {
			set_cause(cause, "task %s needs %d GPU%s; %d of this "
			    "host's %d are free", t->id, t->gpus, t->gpus == 1 ?
			    "" : "s", got, have);
			goto fail;
		}
	}
	free(held);
	*out = buf_cstr(&b);
	return (0);
fail:
	free(held);
	buf_done(&b);
	return (-1);
}

char *
session_calibration_path(const char *task_id, const char *gpu)
{
	char	*file, *path;

	file = gpu != NULL ? task_calib_file(gpu) : xstrdup("cpu.json");
	path = xasprintf("%s/calibration/%s/%s", home_dir(), task_id, file);
	free(file);
	return (path);
}

static json_t *
calib_json(const char *source, const struct task_calib *c)
{
	json_t	*j;

	j = json_pack("{ss sf sf}", "source", source, "y_start", c->y_start,
	    "y_ref", c->y_ref);
	if (c->gpu != NULL)
		json_object_set_new(j, "gpu", json_string(c->gpu));
	if (c->driver != NULL)
		json_object_set_new(j, "driver", json_string(c->driver));
	if (c->measured != NULL)
		json_object_set_new(j, "measured", json_string(c->measured));
	if (c->how != NULL)
		json_object_set_new(j, "how", json_string(c->how));
	if (c->file != NULL)
		json_object_set_new(j, "file", json_string(c->file));
	return (j);
}

int
session_calibration(const struct task *t, const char *gpu, double *y_start,
    double *y_ref, char **source, json_t **detail, char **cause)
{
	struct task_calib	 host;
	const struct task_calib	*c = NULL;
	char			*path, *list;
	const char		*kind = NULL;

	*source = NULL;
	*detail = NULL;
	if (t->gpus == 0)
		gpu = NULL;
	path = session_calibration_path(t->id, gpu);
	if (file_exists(path) && task_calib_read(path, &host, NULL) == 0) {
		if ((host.task_version == NULL ||
		    strcmp(host.task_version, t->version) == 0) &&
		    (gpu == NULL || strcmp(host.gpu, gpu) == 0)) {
			c = &host;
			kind = "host";
		} else
			task_calib_done(&host);
	}
	free(path);
	if (c == NULL && (c = task_calib_for(t, gpu)) != NULL)
		kind = "pack";
	if (c != NULL) {
		*y_start = c->y_start;
		*y_ref = c->y_ref;
		*source = xasprintf("%s: %s%s%s%s%s", strcmp(kind, "host") ==
		    0 ? "calibration on this host" : "pack calibration",
		    gpu == NULL ? "CPU" : c->gpu, c->driver ? ", driver " : "",
		    c->driver ? c->driver : "", c->measured ? ", " : "",
		    c->measured ? c->measured : "");
		*detail = calib_json(kind, c);
		if (c == &host)
			task_calib_done(&host);
		return (0);
	}
	if (gpu != NULL && t->ncalibs > 0) {
		list = task_calib_list(t);
		set_cause(cause, "task %s has no calibration for this host's "
		    "GPU, %s (its pack has: %s). Timings differ between cards, "
		    "so scores here cannot be normalized yet: make one with "
		    "'baseliner task calibrate %s' (scores the start and the "
		    "reference here; --write also adds it to the pack as %s/"
		    "calibrations/), or give --y-start and --y-ref", t->id, gpu,
		    list, t->id, t->dir);
		free(list);
		return (-1);
	}
	*y_start = t->y_start;
	*y_ref = t->y_ref;
	*source = xasprintf("manifest%s%s", t->calibrated_on ? ": " : "",
	    t->calibrated_on ? t->calibrated_on : "");
	*detail = json_pack("{ss sf sf}", "source", "manifest", "y_start",
	    t->y_start, "y_ref", t->y_ref);
	if (t->calibrated_on != NULL)
		json_object_set_new(*detail, "how", json_string(
		    t->calibrated_on));
	return (0);
}

/*
 * A Task Standard pack: the driver installs the family once on this host,
 * checks its standard_version and the secrets it needs, and runs its
 * start() for this session before the clock (the participant's home is
 * the work folder, the protected folder <session>/protected). Its answer
 * (instructions, permissions, manifest) is returned; a failure says why,
 * with the end of the family's own output.
 */
static int
session_ts_start(const struct task *t, const char *dir, const char *gpus,
    int study, json_t **setup, char **cause)
{
	char		*cmd, *full, *q, *log, *out = NULL, *text = NULL;
	char		*share;
	size_t		 len;
	FILE		*f;
	int		 status;
	json_t		*j;
	json_error_t	 jerr;

	*setup = NULL;
	cmd = task_driver_command(t);
	log = path_join(dir, "taskstd-start.log");
	q = xasprintf("'%s'", dir);	/* session ids have no quotes */
	/* Study mode: the protected folder and the family's copy are shared
	 * with the scorer's group only (taskstd.py, op_start). */
	share = study ? xasprintf("BASELINER_TS_SHARE_GID=%u ",
	    (unsigned)host_study()->scorer_gid) : xstrdup("");
	full = xasprintf("%sCUDA_VISIBLE_DEVICES='%s' %s start %s 2>'%s'",
	    share, gpus, cmd, q, log);
	free(share);
	free(q);
	free(cmd);
	if ((f = popen(full, "r")) == NULL) {
		free(full);
		free(log);
		return (set_cause(cause, "cannot run the Task Standard driver"));
	}
	free(full);
	{
		struct buf b;
		char chunk[4096];
		size_t n;

		buf_init(&b);
		while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
			buf_add(&b, chunk, n);
		out = buf_cstr(&b);
	}
	status = pclose(f);
	if (status != 0 || (j = json_loads(out, 0, &jerr)) == NULL ||
	    !json_is_object(j)) {
		const char *p, *why;

		if (file_read(log, &text, &len, NULL) != 0)
			text = xstrdup("");
		/* The driver's reason is its last line; keep some context. */
		p = text + strlen(text);
		while (p > text && (p[-1] == '\n' || p[-1] == ' '))
			p--;
		why = p;
		while (why > text && why[-1] != '\n')
			why--;
		set_cause(cause, "task %s: the Task Standard family could not "
		    "start: %.*s%s%.*s", t->id, (int)(p - why), why,
		    why > text ? "\n--- the family's output:\n" : "",
		    (int)(why - text > 3000 ? 3000 : why - text),
		    why - text > 3000 ? why - 3000 : text);
		free(text);
		free(out);
		free(log);
		return (-1);
	}
	free(out);
	free(log);
	*setup = j;
	return (0);
}

/*
 * Ids name the task and the time, not the participant: the id appears in
 * paths, prompts and commit messages, and an anonymized export must not
 * carry who it was.
 */
static char *
session_new_id(const struct task *t)
{
	char		 stamp[32], *id, *p;
	time_t		 now = time(NULL);
	struct tm	 tm;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	id = xasprintf("%s-%s", t->id, stamp);
	for (p = id; *p != '\0'; p++) {
		if (*p == '/' || *p == ' ' || *p == ':')
			*p = '_';
	}
	return (id);
}

int
session_create(struct task *t, const struct session_opts *o, char **id_out,
    char **cause)
{
	struct store		*st = NULL;
	struct ckpt		*ck = NULL;
	struct ckpt_result	 r;
	char			*id, *dir, *work, *from, *db, *git, *gpus = NULL;
	char			*source = NULL, host[256], when[40];
	char			*gpu_model = NULL, *msg, *calib_text;
	char			*family = NULL;
	json_t			*calib = NULL, *ts_setup = NULL;
	int			 hidden = t->hidden;
	const char		*p;
	double			 ys, yr, limit;
	mode_t			 mask = 0;
	int			 rc = -1, n, tries, ngpus, study;

	if (!valid_id(o->participant) || strchr(o->participant, ' ') != NULL)
		return (set_cause(cause, "--participant: '%s' is not a usable "
		    "id", o->participant));
	if (session_pick_gpus(t, o->gpus, &gpus, cause) != 0)
		return (-1);
	if (gpu_init(NULL) == 0 && *gpus != '\0') {
		struct gpu_sample g;
		if (gpu_read(atoi(gpus), &g, NULL) == 0 &&
		    (g.valid & GPU_V_NAME))
			gpu_model = xstrdup(g.name);
	}
	if (!isnan(o->y_start) && !isnan(o->y_ref)) {
		ys = o->y_start;
		yr = o->y_ref;
		/* The row says who set them. */
		source = xasprintf("override by %s", o->calibration_by ?
		    o->calibration_by : "participant");
		calib = json_pack("{ss sf sf}", "source", "override",
		    "y_start", ys, "y_ref", yr);
	} else if (session_calibration(t, gpu_model, &ys, &yr, &source,
	    &calib, cause) != 0) {
		free(gpus);
		free(gpu_model);
		return (-1);
	} else {
		if (!isnan(o->y_start))
			ys = o->y_start;
		if (!isnan(o->y_ref))
			yr = o->y_ref;
		if (!isnan(o->y_start) || !isnan(o->y_ref)) {
			free(source);
			source = xasprintf("override by %s", o->calibration_by ?
			    o->calibration_by : "participant");
			json_object_set_new(calib, "source", json_string(
			    "override"));
			json_object_set_new(calib, "y_start", json_real(ys));
			json_object_set_new(calib, "y_ref", json_real(yr));
		}
	}
	calib_text = json_dumps(calib, JSON_COMPACT | JSON_SORT_KEYS);
	limit = o->hours > 0 ? o->hours * 3600 : t->time_limit;

	id = session_new_id(t);
	dir = session_dir(id);
	for (tries = 2; dir_exists(dir); tries++) {
		free(id);
		free(dir);
		msg = session_new_id(t);
		id = xasprintf("%s-%d", msg, tries);
		free(msg);
		dir = session_dir(id);
	}
	work = path_join(dir, "work");
	from = path_join(t->dir, "start");
	db = path_join(dir, "session.db");
	git = path_join(dir, "checkpoints.git");
	/*
	 * Study mode: the proctors' group reads it (the group and its setgid
	 * bit come from sessions/; a chmod by the service, not a member,
	 * would drop the bit), others only pass through to work/ and the
	 * socket.
	 */
	study = host_study() != NULL && getuid() == host_study()->uid;
	if (study)
		mask = umask(026);
	n = mkdir_p(dir, study ? 0751 : 0700, cause);
	if (study)
		umask(mask);
	if (n != 0 || (dir_exists(from) ?
	    copy_tree(from, work, cause) : mkdir_p(work, 0700, cause)) != 0)
		goto out;
	if (t->ts_family != NULL) {
		const char	*ins;
		json_t		*vis;
		char		*brief;

		if (session_ts_start(t, dir, gpus, study, &ts_setup, cause) != 0)
			goto out;
		ins = json_string_value(json_object_get(ts_setup,
		    "instructions"));
		brief = path_join(dir, "brief.md");
		if (file_write(brief, ins ? ins : "", ins ? strlen(ins) : 0,
		    cause) != 0) {
			free(brief);
			goto out;
		}
		free(brief);
		vis = json_object_get(json_object_get(json_object_get(
		    json_object_get(ts_setup, "setup"), "manifest"), "scoring"),
		    "visible_to_agent");
		if (json_is_false(vis))
			hidden = 1;
		family = xasprintf("%s/%s", strrchr(t->ts_family, '/') ?
		    strrchr(t->ts_family, '/') + 1 : t->ts_family, t->ts_task);
	}
	if (store_open(db, 0, &st, cause) != 0 ||
	    ckpt_open(git, work, &ck, cause) != 0)
		goto out;

	msg = xasprintf("start: the task's starting files\n\nsession: %s\n"
	    "task: %s %s\n", id, t->id, t->version);
	n = ckpt_commit(ck, CKPT_AUTHOR, msg, 1, &r, cause);
	free(msg);
	if (n != 0)
		goto out;
	for (ngpus = *gpus != '\0', p = gpus; *p != '\0'; p++)
		ngpus += *p == ',';
	gethostname(host, sizeof host);
	host[sizeof host - 1] = '\0';
	wall_iso(wall_ms(), when, sizeof when);
	if (store_begin(st, cause) != 0)
		goto out_r;
	if (store_exec(st, cause, "INSERT INTO session (id, task_id, "
	    "task_version, task_title, task_dir, participant, owner_uid, host, "
	    "gpu_model, gpu_count, gpus, limit_s, direction, aggregation, "
	    "visibility, y_start, y_ref, calibration, calibration_detail, "
	    "family, state, created_wall) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'starting', ?)", store_text(id),
	    store_text(t->id), store_text(t->version), store_text(t->title),
	    store_text(t->dir), store_text(o->participant), store_int(o->owner_set ?
	    o->owner : getuid()),
	    store_text(host), store_text(gpu_model), store_int(ngpus),
	    store_text(gpus), store_real(limit),
	    store_text(norm_dir_name(t->direction)),
	    store_text(norm_agg_name(t->aggregation)),
	    store_text(hidden ? "hidden" : "visible"), store_real(ys),
	    store_real(yr), store_text(source), store_text(calib_text),
	    store_text(family), store_text(when)) != 0)
		goto out_tx;
	if (store_exec(st, cause, "INSERT INTO checkpoint (commit_id, wall, "
	    "elapsed, trigger, message, files_changed, bytes) VALUES (?, ?, 0, "
	    "'start', 'the starting files', ?, ?)", store_text(r.commit),
	    store_text(when), store_int(r.files_changed),
	    store_int(r.bytes)) != 0)
		goto out_tx;
	if (chain_event(st, wall_ms(), 0, "session_created", "participant",
	    json_pack("{ss ss ss sf ss ss sf sf}", "task", t->id, "version",
	    t->version, "participant", o->participant, "limit", limit, "gpus",
	    gpus, "calibration", source, "y_start", ys, "y_ref", yr),
	    cause) < 0 ||
	    chain_event(st, wall_ms(), 0, "checkpoint", "system", json_pack(
	    "{sI ss ss si}", "id", (json_int_t)store_last_id(st), "commit",
	    r.commit, "trigger", "start", "files_changed", r.files_changed),
	    cause) < 0)
		goto out_tx;
	if (store_commit(st, cause) != 0)
		goto out_r;
	*id_out = id;
	id = NULL;
	rc = 0;
	goto out_r;
out_tx:
	store_rollback(st);
out_r:
	ckpt_result_done(&r);
out:
	if (rc != 0 && dir != NULL)
		rm_rf(dir);
	store_close(st);
	ckpt_close(ck);
	free(gpu_model);
	free(source);
	free(calib_text);
	json_decref(calib);
	free(family);
	json_decref(ts_setup);
	free(gpus);
	free(id);
	free(dir);
	free(work);
	free(from);
	free(db);
	free(git);
	return (rc);
}

json_t *
session_info_json(struct store *st)
{
	json_t	*rows, *row;

	rows = store_query_json(st, NULL, "SELECT * FROM session");
	if (rows == NULL || json_array_size(rows) != 1) {
		json_decref(rows);
		return (NULL);
	}
	row = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	return (row);
}

static void
parse_json_field(json_t *row, const char *key)
{
	const char	*text = json_string_value(json_object_get(row, key));
	json_t		*v;

	if (text == NULL)
		return;
	if ((v = json_loads(text, 0, NULL)) != NULL)
		json_object_set_new(row, key, v);
}

json_t *
session_scores_json(struct store *st, int show_hidden)
{
	json_t		*rows, *row, *info, *out;
	double		*raw;
	enum norm_dir	 dir = NORM_LOWER;
	enum norm_agg	 agg = NORM_BEST;
	const char	*status;
	size_t		 i, n;
	long		 best;
	int		 family = 0;

	info = session_info_json(st);
	if (info != NULL) {
		norm_dir_parse(json_string_value(json_object_get(info,
		    "direction")), &dir);
		norm_agg_parse(json_string_value(json_object_get(info,
		    "aggregation")), &agg);
		family = json_is_string(json_object_get(info, "family"));
	}
	rows = store_query_json(st, NULL, "SELECT id, requested_wall, "
	    "requested_elapsed, started_wall, finished_wall, finished_elapsed, "
	    "status, reason, raw, normalized, message, details, output_bytes, "
	    "exit_status, checkpoint_id, commit_id AS 'commit', gpu_state, "
	    "visible, is_start, is_final, requested_by FROM score ORDER BY id");
	if (rows == NULL)
		rows = json_array();
	n = json_array_size(rows);
	raw = xcalloc(n + 1, sizeof *raw);
	json_array_foreach(rows, i, row) {
		status = json_string_value(json_object_get(row, "status"));
		raw[i] = strcmp(status, "valid") == 0 ? json_number_value(
		    json_object_get(row, "raw")) : NAN;
	}
	best = norm_pick(raw, n, dir, agg);
	free(raw);
	json_array_foreach(rows, i, row) {
		parse_json_field(row, "message");
		parse_json_field(row, "details");
		parse_json_field(row, "gpu_state");
		json_object_set_new(row, "best", json_boolean((long)i == best));
		if (!show_hidden && !json_is_true(json_object_get(row,
		    "visible")) && json_integer_value(json_object_get(row,
		    "visible")) == 0) {
			json_object_set_new(row, "raw", json_null());
			json_object_set_new(row, "normalized", json_null());
			/* A Task Standard family's message is for the
			 * participant even when its score is hidden. */
			if (!family)
				json_object_set_new(row, "message",
				    json_null());
			json_object_set_new(row, "best", json_false());
			json_object_set_new(row, "hidden", json_true());
		}
		if (!show_hidden)
			json_object_del(row, "details");
	}
	out = json_pack("{so ss ss}", "scores", rows, "direction",
	    norm_dir_name(dir), "aggregation", norm_agg_name(agg));
	if (best >= 0 && show_hidden)
		json_object_set(out, "best", json_array_get(rows, best));
	json_decref(info);
	return (out);
}

json_t *
session_checkpoints_json(struct store *st)
{
	json_t	*rows, *row, *skipped;
	size_t	 i;

	rows = store_query_json(st, NULL, "SELECT id, commit_id AS 'commit', "
	    "parent_id AS parent, wall, elapsed, trigger, message, "
	    "files_changed, bytes FROM checkpoint ORDER BY id");
	if (rows == NULL)
		return (json_array());
	json_array_foreach(rows, i, row) {
		skipped = store_query_json(st, NULL, "SELECT path, size, hash "
		    "FROM checkpoint_skipped WHERE checkpoint_id = ?",
		    store_int(json_integer_value(json_object_get(row, "id"))));
		json_object_set_new(row, "skipped", skipped ? skipped :
		    json_array());
	}
	return (rows);
}

/*
 * A checkpoint as diff and restore take it: the number `checkpoints` shows
 * (up to 6 digits), or a commit (an id, a prefix of 7 or more, main~N),
 * passed on as it is. Returns the commit to use (malloc'd), or NULL and
 * *cause for a number that names no checkpoint.
 */
char *
session_ckpt_ref(struct store *st, const char *ref, char **cause)
{
	size_t	 n = strspn(ref, "0123456789");
	char	*commit;

	if (n == 0 || n != strlen(ref) || n > 6)
		return (xstrdup(ref));
	commit = store_query_text(st, "SELECT commit_id FROM checkpoint "
	    "WHERE id = ?", store_int(strtoll(ref, NULL, 10)));
	if (commit == NULL)
		set_cause(cause, "no checkpoint %s (see 'baseliner "
		    "checkpoints')", ref);
	return (commit);
}
