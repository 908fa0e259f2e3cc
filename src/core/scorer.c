/*
 * scorer.c: one scoring run. uv_spawn starts "/bin/sh -c COMMAND" detached
 * (setsid), so the scorer and every child it forks share one process group
 * that can be signalled as a whole: at the timeout TERM then KILL, at
 * cancel the same, and KILL once the scorer itself has exited, so nothing
 * it left behind keeps running or keeps our pipes open.
 *
 * Output: stdout and stderr are read as they come; the last tail_cap bytes
 * of each are kept (stdout's tail holds the result line), the total is
 * counted, and past output_cap the group is killed: a scorer that floods
 * output costs a bounded amount of memory and time.
 *
 * The result channel: fd 3 of the scorer (its number in BASELINER_RESULT_FD)
 * is a third pipe. A harness that writes its result line there, from a
 * process that runs none of the participant's code, cannot have it
 * replaced by a line the solution prints on stdout: when the channel
 * carried anything, its last line is the result and stdout is only log.
 * The scorer's environment loses LD_PRELOAD, LD_AUDIT and LD_LIBRARY_PATH,
 * so a server started under a preload does not pass it on.
 *
 * The run finishes when the process has exited and all pipes have closed,
 * or a short while after the exit if a pipe stays open; then done_cb gets
 * the result, and the run frees itself once its handles are closed.
 *
 * The result line may be up to SCORER_LINE_MAX (1 MiB): stdout's tail is
 * kept to a little more than that, so a longer line is seen as too long
 * and refused with that reason, not cut and called garbage.
 *
 * Containment. A process group is not enough: a daemon (setsid, double
 * fork) leaves it. Where the host lets us create a cgroup (cgroup v2,
 * writable: root, or a subtree delegated to the user), each run gets one,
 * spec->cgroup under our own: the scorer's shell moves itself into it
 * before it runs the command, and at the end everything in it is killed
 * (cgroup.kill, or each pid of cgroup.procs on kernels before 5.14), so no
 * process the scoring started outlives it. Elsewhere a server that calls
 * scorer_subreaper is a child subreaper (PR_SET_CHILD_SUBREAPER), so what
 * a scorer orphans becomes the server's child, and scorer_sweep ends it;
 * only a server whose shells are not its children may (the holder).
 */
#include "config.h"

#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "scorer.h"
#include "utf8.h"
#include "util.h"

static void	scorer_env_free(char **);

enum kill_reason { KILL_NONE, KILL_TIMEOUT, KILL_CANCEL, KILL_FLOOD };

struct scorer_run {
	uv_loop_t		*loop;
	uv_process_t		 proc;
	uv_pipe_t		 out;
	uv_pipe_t		 err;
	uv_pipe_t		 res;		/* the result channel, fd 3 */
	uv_timer_t		 timer;
	int			 open_handles;

	struct scorer_spec	 spec;
	scorer_done_cb		 done_cb;
	void			*arg;

	struct buf		 out_tail;	/* stdout, the last SCORER_KEEP */
	struct buf		 all_tail;	/* both, last tail_cap bytes */
	struct buf		 res_tail;	/* the result channel */
	char			**env;
	uint64_t		 bytes;
	int			 pipes_open;
	int			 exited;
	int64_t			 exit_status;
	int			 term_signal;
	enum kill_reason	 killed;
	int			 finished;
	double			 started;
	char			*last_line;
	char			*cgroup;	/* its folder, NULL if none */
};

/* stdout kept: the longest result line and then some, so that a longer
 * one is known to be longer. */
#define SCORER_KEEP	(SCORER_LINE_MAX + 4096)

const char *
scorer_status_name(enum scorer_status s)
{
	switch (s) {
	case SCORER_VALID:
		return ("valid");
	case SCORER_INVALID:
		return ("invalid");
	case SCORER_ERROR:
		return ("error");
	case SCORER_TIMEOUT:
		return ("timeout");
	case SCORER_CANCELLED:
		return ("cancelled");
	}
	return ("error");
}

void
scorer_result_done(struct scorer_result *r)
{
	free(r->reason);
	json_decref(r->message);
	json_decref(r->details);
	free(r->tail);
	memset(r, 0, sizeof *r);
}

/* Keep the last cap bytes of a stream in b. */
static void
tail_add(struct buf *b, const char *p, size_t n, size_t cap)
{
	if (n >= cap) {
		b->len = 0;
		buf_add(b, p + n - cap, cap);
		return;
	}
	if (b->len + n > cap)
		buf_drain(b, b->len + n - cap);
	buf_add(b, p, n);
}

/* The last non-empty line of out, trimmed; NULL if none. */
static char *
last_line(const char *out, size_t len)
{
	size_t	end = len, start;

	while (end > 0 && (out[end - 1] == '\n' || out[end - 1] == '\r' ||
	    out[end - 1] == ' ' || out[end - 1] == '\t'))
		end--;
	if (end == 0)
		return (NULL);
	start = end;
	while (start > 0 && out[start - 1] != '\n')
		start--;
	return (xstrndup(out + start, end - start));
}

static json_t *
as_object(json_t *v, const char *key)
{
	if (v == NULL || json_is_null(v))
		return (json_object());
	if (json_is_object(v))
		return (json_incref(v));
	return (json_pack("{sO}", key, v));
}

/* s cut to about max bytes, at a character boundary. */
static char *
shorten(const char *s, size_t max)
{
	size_t	len = strlen(s);

	if (len <= max)
		return (xstrdup(s));
	return (xasprintf("%.*s...", (int)utf8_cut(s, len, max), s));
}

void
scorer_parse(const char *out, size_t len, struct scorer_result *r)
{
	json_error_t	 jerr;
	json_t		*root, *score, *why;
	char		*line, *shown, *exitwhy;

	r->raw = NAN;
	r->message = json_object();
	r->details = json_object();
	if (r->term_signal != 0)
		exitwhy = xasprintf("the scorer was killed by signal %d",
		    r->term_signal);
	else if (r->exit_status != 0)
		exitwhy = xasprintf("the scorer exited with status %d",
		    r->exit_status);
	else
		exitwhy = NULL;

	/* The scorer's bytes are made valid UTF-8 before anything reads
	 * them: its line may be Latin-1 or cut inside a character. */
	if ((line = last_line(out, len)) != NULL) {
		shown = utf8_sanitize_str(line);
		free(line);
		line = shown;
	}
	if (line == NULL) {
		r->status = SCORER_ERROR;
		r->reason = exitwhy != NULL ?
		    xasprintf("%s and printed no result", exitwhy) :
		    xstrdup("the scorer printed no result line");
		free(exitwhy);
		return;
	}
	if (strlen(line) > SCORER_LINE_MAX) {
		r->status = SCORER_ERROR;
		r->reason = xasprintf("%s%sthe result line is longer than %d "
		    "MiB (%s%zu bytes)", exitwhy ? exitwhy : "", exitwhy ?
		    "; " : "", SCORER_LINE_MAX >> 20, strlen(line) >=
		    SCORER_KEEP - 1 ? "at least " : "", strlen(line));
		free(line);
		free(exitwhy);
		return;
	}
	root = json_loads(line, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)	/* integers past 64 bits: read them as reals */
		root = json_loads(line, JSON_REJECT_DUPLICATES |
		    JSON_DECODE_INT_AS_REAL, &jerr);
	if (root == NULL || !json_is_object(root)) {
		shown = shorten(line, 80);
		r->status = SCORER_ERROR;
		r->reason = xasprintf("%s%sthe last line is not a JSON object: "
		    "%s", exitwhy ? exitwhy : "", exitwhy ? "; " : "", shown);
		free(shown);
		goto out;
	}
	json_decref(r->message);
	json_decref(r->details);
	r->message = as_object(json_object_get(root, "message"), "text");
	r->details = as_object(json_object_get(root, "details"), "text");
	score = json_object_get(root, "score");
	why = json_object_get(root, "error");
	if (json_is_string(why)) {
		/* The scorer itself failed (not the work it scored). */
		r->status = SCORER_ERROR;
		r->reason = xstrdup(json_string_value(why));
	} else if (score == NULL) {
		r->status = SCORER_ERROR;
		r->reason = xstrdup("the result has no \"score\"");
	} else if (json_is_null(score) || (json_is_string(score) &&
	    strcasecmp(json_string_value(score), "nan") == 0)) {
		r->status = SCORER_INVALID;
		why = json_object_get(r->message, "reason");
		if (why == NULL)
			why = json_object_get(r->message, "text");
		r->reason = xstrdup(json_is_string(why) ?
		    json_string_value(why) : exitwhy != NULL ? exitwhy :
		    "the scorer reported an invalid result");
	} else if (!json_is_number(score) ||
	    !isfinite(json_number_value(score))) {
		r->status = SCORER_ERROR;
		r->reason = xstrdup("\"score\" is not a number");
	} else if (fabs(json_number_value(score)) > SCORER_SCORE_MAX) {
		/* Normalized, such a score would not be finite. */
		r->status = SCORER_ERROR;
		r->reason = xasprintf("\"score\" %g is out of range (at most "
		    "%g either way)", json_number_value(score),
		    SCORER_SCORE_MAX);
	} else if (exitwhy != NULL) {
		r->status = SCORER_ERROR;
		r->reason = xasprintf("%s after printing a score", exitwhy);
	} else {
		r->status = SCORER_VALID;
		r->raw = json_number_value(score);
	}
out:
	json_decref(root);
	free(line);
	free(exitwhy);
}

/*
 * The cgroup v2 folder this process is in, where one may be made below it;
 * NULL where there is none (no cgroup2 mount, cgroup v1 only). Found once.
 */
static const char *
scorer_cgroup_base(void)
{
	static int	 done;
	static char	*base;
	char		 dir[PATH_MAX];

	if (done)
		return (base);
	done = 1;
	/* For tests of the other way, and hosts where cgroups misbehave. */
	if (getenv("BASELINER_NO_CGROUP") == NULL &&
	    cgroup_of(getpid(), dir, sizeof dir) == 0)
		base = xstrdup(dir);
	return (base);
}

/* Kill everything in a cgroup folder and remove it; 0 if it is gone. */
static int
scorer_cgroup_kill(const char *dir)
{
	char		*path, line[64];
	FILE		*f;
	long		 pid;
	int		 tries, any;

	if (cgroup_write(dir, "cgroup.kill", "1") != 0) {
		/* Before Linux 5.14: one pid at a time, until none is left. */
		path = path_join(dir, "cgroup.procs");
		for (tries = 0; tries < 100; tries++) {
			if ((f = fopen(path, "r")) == NULL)
				break;
			any = 0;
			while (fgets(line, sizeof line, f) != NULL) {
				if ((pid = strtol(line, NULL, 10)) > 1) {
					kill((pid_t)pid, SIGKILL);
					any = 1;
				}
			}
			fclose(f);
			if (!any)
				break;
			usleep(1000);
		}
		free(path);
	}
	/* The dying take a moment to leave it. */
	for (tries = 0; tries < 200; tries++) {
		if (rmdir(dir) == 0 || errno == ENOENT)
			return (0);
		if (errno != EBUSY)
			break;
		usleep(1000);
	}
	log_warn("cannot remove the scoring's cgroup %s: %s", dir,
	    strerror(errno));
	return (-1);
}

int
scorer_cgroup_end(const char *name)
{
	const char	*base = scorer_cgroup_base();
	char		*dir;
	int		 rc;

	if (base == NULL || name == NULL)
		return (0);
	dir = path_join(base, name);
	rc = access(dir, F_OK) == 0 ? scorer_cgroup_kill(dir) : 0;
	free(dir);
	return (rc);
}

/* A cgroup of the run's own, if the host lets us make one. */
static char *
scorer_cgroup_make(const char *name)
{
	static int	 warned;
	const char	*base = scorer_cgroup_base();
	char		*dir;

	if (base == NULL || name == NULL)
		return (NULL);
	dir = path_join(base, name);
	if (mkdir(dir, 0755) == 0 || errno == EEXIST)
		return (dir);
	if (!warned) {
		log_info("no cgroup per scoring (%s: %s): what a scorer "
		    "leaves behind is found as an orphan instead", dir,
		    strerror(errno));
		warned = 1;
	}
	free(dir);
	return (NULL);
}

/* The pids of the children of this process. */
static int
scorer_children(pid_t **out)
{
	DIR		*d;
	struct dirent	*de;
	char		 path[64], buf[512], *p;
	pid_t		*pids = NULL, self = getpid();
	long		 pid, ppid;
	int		 n = 0, fd;
	ssize_t		 len;

	if ((d = opendir("/proc")) == NULL)
		return (0);
	while ((de = readdir(d)) != NULL) {
		if ((pid = strtol(de->d_name, &p, 10)) <= 0 || *p != '\0')
			continue;
		snprintf(path, sizeof path, "/proc/%ld/stat", pid);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
			continue;
		len = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (len <= 0)
			continue;
		buf[len] = '\0';
		/* pid (comm) state ppid: comm may hold anything. */
		if ((p = strrchr(buf, ')')) == NULL ||
		    sscanf(p + 1, " %*c %ld", &ppid) != 1 || ppid != self)
			continue;
		pids = xreallocarray(pids, n + 1, sizeof *pids);
		pids[n++] = (pid_t)pid;
	}
	closedir(d);
	*out = pids;
	return (n);
}

static pid_t	scorer_spared[64];
static int	scorer_reaper;

int
scorer_subreaper(void)
{
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0)
		return (-1);
	scorer_reaper = 1;
	return (0);
}

void
scorer_spare(pid_t pid, int spare)
{
	unsigned int	i;

	for (i = 0; i < nitems(scorer_spared); i++) {
		if (spare && scorer_spared[i] == 0) {
			scorer_spared[i] = pid;
			return;
		}
		if (!spare && scorer_spared[i] == pid)
			scorer_spared[i] = 0;
	}
}

int
scorer_sweep(void)
{
	pid_t		*kids, r;
	int		 n, i, round, total = 0, st, killed, tries;
	unsigned int	 j;

	if (!scorer_reaper)
		return (0);
	/* Each round kills the orphans we have; what they had becomes ours
	 * in turn (we are a subreaper) and goes in the next round. */
	for (round = 0; round < 50; round++) {
		kids = NULL;
		n = scorer_children(&kids);
		killed = 0;
		for (i = 0; i < n; i++) {
			for (j = 0; j < nitems(scorer_spared); j++) {
				if (scorer_spared[j] == kids[i])
					break;
			}
			if (j < nitems(scorer_spared)) {
				kids[i] = 0;
				continue;
			}
			kill(-kids[i], SIGKILL);
			kill(kids[i], SIGKILL);
			killed++;
		}
		for (i = 0; i < n; i++) {
			if (kids[i] == 0)
				continue;
			/* A second at most: one stuck in the kernel is
			 * reaped by a later sweep, not waited for here. */
			for (tries = 0; tries < 200; tries++) {
				r = waitpid(kids[i], &st, WNOHANG);
				if (r != 0 || (r == -1 && errno != EINTR))
					break;
				usleep(5000);
			}
			if (r == kids[i])
				total++;
		}
		free(kids);
		if (killed == 0)
			break;
	}
	return (total);
}

static void
scorer_close_cb(uv_handle_t *h)
{
	struct scorer_run	*run = h->data;

	if (--run->open_handles == 0) {
		buf_done(&run->out_tail);
		buf_done(&run->all_tail);
		buf_done(&run->res_tail);
		free(run->last_line);
		scorer_env_free(run->env);
		free(run->cgroup);
		free(run);
	}
}

static void
scorer_kill(struct scorer_run *run, int sig)
{
	char	pg[32], sn[16];
	pid_t	pid;

	if (run->proc.pid <= 0)
		;
	else if (run->spec.helper == NULL)
		kill(-run->proc.pid, sig);
	else {
		/* Another user's group: the helper signals it for us. */
		snprintf(pg, sizeof pg, "%ld", (long)run->proc.pid);
		snprintf(sn, sizeof sn, "%d", sig);
		if ((pid = fork()) == 0) {
			execl(run->spec.helper, run->spec.helper, "kill", pg,
			    sn, (char *)NULL);
			_exit(127);
		}
		if (pid > 0)
			waitpid(pid, NULL, 0);
	}
	if (sig == SIGKILL && run->cgroup != NULL) {
		scorer_cgroup_kill(run->cgroup);
		free(run->cgroup);
		run->cgroup = NULL;
	}
}

static void
scorer_finish(struct scorer_run *run)
{
	struct scorer_result	r;

	if (run->finished)
		return;
	run->finished = 1;
	scorer_kill(run, SIGKILL);	/* whatever it left behind */
	memset(&r, 0, sizeof r);
	r.exit_status = (int)run->exit_status;
	r.term_signal = run->term_signal;
	r.output_bytes = run->bytes;
	r.seconds = mono_now() - run->started;
	r.tail = utf8_sanitize(run->all_tail.data, run->all_tail.len);
	scorer_sweep();
	if (run->res_tail.len > 0)
		scorer_parse(run->res_tail.data, run->res_tail.len, &r);
	else
		scorer_parse(run->out_tail.data ? run->out_tail.data : "",
		    run->out_tail.len, &r);
	if (run->killed != KILL_NONE) {
		free(r.reason);
		r.raw = NAN;
		switch (run->killed) {
		case KILL_TIMEOUT:
			r.status = SCORER_TIMEOUT;
			r.reason = xasprintf("the scorer ran past its timeout "
			    "of %.0f s", run->spec.timeout);
			break;
		case KILL_CANCEL:
			r.status = SCORER_CANCELLED;
			r.reason = xstrdup("cancelled");
			break;
		default:
			r.status = SCORER_ERROR;
			r.reason = xasprintf("the scorer printed more than %llu "
			    "MiB of output and was stopped",
			    (unsigned long long)(run->spec.output_cap >> 20));
			break;
		}
	}
	uv_timer_stop(&run->timer);
	if (!uv_is_closing((uv_handle_t *)&run->out))
		uv_close((uv_handle_t *)&run->out, scorer_close_cb);
	if (!uv_is_closing((uv_handle_t *)&run->err))
		uv_close((uv_handle_t *)&run->err, scorer_close_cb);
	if (!uv_is_closing((uv_handle_t *)&run->res))
		uv_close((uv_handle_t *)&run->res, scorer_close_cb);
	uv_close((uv_handle_t *)&run->timer, scorer_close_cb);
	uv_close((uv_handle_t *)&run->proc, scorer_close_cb);
	run->done_cb(run, &r, run->arg);
	scorer_result_done(&r);
}

static void
scorer_maybe_finish(struct scorer_run *run)
{
	if (run->exited && run->pipes_open == 0)
		scorer_finish(run);
}

static void
scorer_alloc_cb(uv_handle_t *h, size_t hint, uv_buf_t *b)
{
	static char	slab[65536];

	b->base = slab;		/* consumed before the next read */
	b->len = sizeof slab;
}

static void
scorer_note_line(struct scorer_run *run, const char *p, size_t n)
{
	size_t	end = n, start;

	while (end > 0 && (p[end - 1] == '\n' || p[end - 1] == '\r'))
		end--;
	if (end == 0)
		return;
	start = end;
	while (start > 0 && p[start - 1] != '\n')
		start--;
	if (end - start > 200)
		end = start + utf8_cut(p + start, end - start, 200);
	free(run->last_line);
	run->last_line = utf8_sanitize(p + start, end - start);
}

static void
scorer_read_cb(uv_stream_t *s, ssize_t n, const uv_buf_t *b)
{
	struct scorer_run	*run = s->data;

	if (n < 0) {
		uv_read_stop(s);
		uv_close((uv_handle_t *)s, scorer_close_cb);
		run->pipes_open--;
		scorer_maybe_finish(run);
		return;
	}
	if (n == 0 || run->finished)
		return;
	if (s == (uv_stream_t *)&run->res) {
		if (run->res_tail.len + n <= SCORER_KEEP)
			buf_add(&run->res_tail, b->base, n);
		return;
	}
	run->bytes += n;
	if (s == (uv_stream_t *)&run->out)
		tail_add(&run->out_tail, b->base, n, SCORER_KEEP);
	tail_add(&run->all_tail, b->base, n, run->spec.tail_cap);
	scorer_note_line(run, b->base, n);
	if (run->bytes > run->spec.output_cap && run->killed == KILL_NONE) {
		run->killed = KILL_FLOOD;
		scorer_kill(run, SIGKILL);
	}
}

static void
scorer_timer_cb(uv_timer_t *t)
{
	struct scorer_run	*run = t->data;

	if (run->exited) {
		/* Exited, but something still holds a pipe: stop waiting. */
		scorer_finish(run);
		return;
	}
	if (run->killed == KILL_NONE) {
		run->killed = KILL_TIMEOUT;
		scorer_kill(run, SIGTERM);
		uv_timer_start(&run->timer, scorer_timer_cb,
		    (uint64_t)(run->spec.grace * 1000), 0);
		return;
	}
	scorer_kill(run, SIGKILL);
	uv_timer_start(&run->timer, scorer_timer_cb, 1000, 0);
}

static void
scorer_exit_cb(uv_process_t *p, int64_t status, int sig)
{
	struct scorer_run	*run = p->data;

	run->exited = 1;
	run->exit_status = sig != 0 ? -1 : status;
	run->term_signal = sig;
	/* Children still in the group go now, so the pipes close. */
	scorer_kill(run, SIGKILL);
	uv_timer_stop(&run->timer);
	uv_timer_start(&run->timer, scorer_timer_cb, 2000, 0);
	scorer_maybe_finish(run);
}

static void
scorer_env_free(char **env)
{
	size_t	i;

	for (i = 0; env != NULL && env[i] != NULL; i++)
		free(env[i]);
	free(env);
}

/* The scorer's environment: the caller's, less the loader's hooks, plus
 * the result channel's number. */
static char **
scorer_env(char **from)
{
	static const char *const drop[] = { "LD_PRELOAD=", "LD_AUDIT=",
	    "LD_LIBRARY_PATH=", "BASELINER_RESULT_FD=" };
	char	**env;
	size_t	  n = 0, i, j = 0, k;

	while (from != NULL && from[n] != NULL)
		n++;
	env = xcalloc(n + 2, sizeof *env);
	for (i = 0; i < n; i++) {
		for (k = 0; k < nitems(drop); k++) {
			if (strncmp(from[i], drop[k], strlen(drop[k])) == 0)
				break;
		}
		if (k == nitems(drop))
			env[j++] = xstrdup(from[i]);
	}
	env[j++] = xstrdup("BASELINER_RESULT_FD=3");
	env[j] = NULL;
	return (env);
}

int
scorer_start(uv_loop_t *loop, const struct scorer_spec *spec,
    scorer_done_cb done_cb, void *arg, struct scorer_run **out, char **cause)
{
	struct scorer_run	*run;
	uv_process_options_t	 opts;
	uv_stdio_container_t	 stdio[4];
	char			*argv[7];
	int			 rc;

	run = xcalloc(1, sizeof *run);
	run->loop = loop;
	run->spec = *spec;
	if (run->spec.tail_cap == 0)
		run->spec.tail_cap = 64 * 1024;
	if (run->spec.output_cap == 0)
		run->spec.output_cap = 64ULL << 20;
	if (run->spec.grace <= 0)
		run->spec.grace = 5;
	run->done_cb = done_cb;
	run->arg = arg;
	buf_init(&run->out_tail);
	buf_init(&run->all_tail);
	buf_init(&run->res_tail);
	run->env = scorer_env(spec->env);

	uv_pipe_init(loop, &run->out, 0);
	uv_pipe_init(loop, &run->err, 0);
	uv_pipe_init(loop, &run->res, 0);
	uv_timer_init(loop, &run->timer);
	run->out.data = run->err.data = run->res.data = run->timer.data =
	    run->proc.data = run;

	memset(&opts, 0, sizeof opts);
	memset(stdio, 0, sizeof stdio);
	if (spec->helper != NULL) {
		/* Study mode: as the scorer user (no cgroup of ours). */
		argv[0] = (char *)spec->helper;
		argv[1] = "scorer";
		argv[2] = (char *)spec->helper_id;
		argv[3] = "/bin/sh";
		argv[4] = "-c";
		argv[5] = (char *)spec->command;
		argv[6] = NULL;
	} else {
		argv[0] = "/bin/sh";
		argv[1] = "-c";
		argv[2] = (char *)spec->command;
		argv[3] = NULL;
	}
	if (spec->helper == NULL &&
	    (run->cgroup = scorer_cgroup_make(spec->cgroup)) != NULL) {
		/* The shell moves itself in (echo is built in), then becomes
		 * the scorer: all it starts is in the cgroup from the first. */
		argv[2] = (char *)"echo 0 >\"$0/cgroup.procs\" && "
		    "exec /bin/sh -c \"$1\"";
		argv[3] = run->cgroup;
		argv[4] = (char *)spec->command;
		argv[5] = NULL;
	}
	stdio[0].flags = UV_IGNORE;
	stdio[1].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
	stdio[1].data.stream = (uv_stream_t *)&run->out;
	stdio[2].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
	stdio[2].data.stream = (uv_stream_t *)&run->err;
	stdio[3].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
	stdio[3].data.stream = (uv_stream_t *)&run->res;
	opts.file = argv[0];
	opts.args = argv;
	opts.env = run->env;
	opts.cwd = spec->cwd;
	opts.flags = UV_PROCESS_DETACHED;	/* setsid: its own group */
	opts.stdio = stdio;
	opts.stdio_count = 4;
	opts.exit_cb = scorer_exit_cb;

	run->started = mono_now();
	if ((rc = uv_spawn(loop, &run->proc, &opts)) != 0) {
		set_cause(cause, "cannot start the scorer: %s", uv_strerror(rc));
		run->open_handles = 5;
		uv_close((uv_handle_t *)&run->proc, scorer_close_cb);
		uv_close((uv_handle_t *)&run->out, scorer_close_cb);
		uv_close((uv_handle_t *)&run->err, scorer_close_cb);
		uv_close((uv_handle_t *)&run->res, scorer_close_cb);
		uv_close((uv_handle_t *)&run->timer, scorer_close_cb);
		return (-1);
	}
	run->open_handles = 5;
	run->pipes_open = 3;
	uv_read_start((uv_stream_t *)&run->out, scorer_alloc_cb, scorer_read_cb);
	uv_read_start((uv_stream_t *)&run->err, scorer_alloc_cb, scorer_read_cb);
	uv_read_start((uv_stream_t *)&run->res, scorer_alloc_cb, scorer_read_cb);
	uv_timer_start(&run->timer, scorer_timer_cb,
	    (uint64_t)(spec->timeout * 1000), 0);
	*out = run;
	return (0);
}

void
scorer_cancel(struct scorer_run *run)
{
	if (run->finished || run->killed != KILL_NONE)
		return;
	run->killed = KILL_CANCEL;
	scorer_kill(run, SIGTERM);
	uv_timer_stop(&run->timer);
	uv_timer_start(&run->timer, scorer_timer_cb,
	    (uint64_t)(run->spec.grace * 1000), 0);
}

const char *
scorer_last_line(struct scorer_run *run)
{
	return (run->last_line != NULL ? run->last_line : "");
}

long
scorer_pid(struct scorer_run *run)
{
	return (run->proc.pid);
}
