/*
 * proctor_model.c: the proctor's dashboard's model (see proctor_model.h).
 *
 * Each stream line updates one row: a "status" line sets it whole (a new
 * session, or a server that came back), events move it on: score_finished
 * sets the best normalized score and the failing streak, clock_pause and
 * clock_resume the pause, message and message_ack the unacknowledged
 * count, server_restarted and "down" the restart alert, session_ended the
 * state. Alerts are recomputed from the rows and the thresholds; one that
 * was not on before is announced once in "fired".
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "json_field.h"
#include "proctor_model.h"
#include "util.h"

static const char *const pm_sort_names[PM_SORT_COUNT] = {
	"host", "participant", "task", "state", "time left", "best",
	"last score", "idle", "alerts"
};

static const struct {
	unsigned int	 bit;
	const char	*name;
} pm_alert_table[] = {
	{ PM_ALERT_PAUSED, "paused" },
	{ PM_ALERT_IDLE, "idle" },
	{ PM_ALERT_FAILING, "failing" },
	{ PM_ALERT_GPU_PAUSED, "gpu-paused" },
	{ PM_ALERT_NEAR_END, "near-end" },
	{ PM_ALERT_RESTART, "restart" },
	{ PM_ALERT_DISK, "disk" },
};

void
pm_alerts_default(struct pm_alerts *a)
{
	a->paused_min = 20;
	a->idle_min = 30;
	a->failed_scorings = 3;
	a->near_end_min = 15;
	a->disk_free_pct = 5;
	a->gpu_paused = 1;
	a->restart = 1;
}

int
pm_alerts_load(struct pm_alerts *a, const char *path, char **cause)
{
	static const struct {
		const char	*key;
		size_t		 off;
		int		 is_int;
	} keys[] = {
		{ "paused_minutes", offsetof(struct pm_alerts, paused_min), 0 },
		{ "idle_minutes", offsetof(struct pm_alerts, idle_min), 0 },
		{ "failed_scorings", offsetof(struct pm_alerts,
		    failed_scorings), 1 },
		{ "near_end_minutes", offsetof(struct pm_alerts, near_end_min),
		    0 },
		{ "disk_free_percent", offsetof(struct pm_alerts,
		    disk_free_pct), 0 },
		{ "gpu_busy_while_paused", offsetof(struct pm_alerts,
		    gpu_paused), 1 },
		{ "server_restarted", offsetof(struct pm_alerts, restart), 1 },
	};
	FILE	*f;
	char	 line[512], key[64], *end;
	double	 v;
	size_t	 k;
	int	 n = 0;

	if ((f = fopen(path, "r")) == NULL)
		return (set_cause(cause, "%s: %s", path, strerror(errno)));
	while (fgets(line, sizeof line, f) != NULL) {
		char *p = line, *val;

		n++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '#' || *p == '\n' || *p == '\0')
			continue;
		if (sscanf(p, "%63s", key) != 1)
			continue;
		val = p + strlen(key);
		v = strtod(val, &end);
		while (*end == ' ' || *end == '\t' || *end == '\n')
			end++;
		if (end == val || *end != '\0' || !isfinite(v) || v < 0) {
			fclose(f);
			return (set_cause(cause, "%s:%d: %s: expected a number "
			    "of 0 or more", path, n, key));
		}
		for (k = 0; k < nitems(keys); k++) {
			if (strcmp(keys[k].key, key) != 0)
				continue;
			if (keys[k].is_int)
				*(int *)((char *)a + keys[k].off) = (int)v;
			else
				*(double *)((char *)a + keys[k].off) = v;
			break;
		}
		if (k == nitems(keys)) {
			fclose(f);
			return (set_cause(cause, "%s:%d: unknown setting '%s'",
			    path, n, key));
		}
	}
	fclose(f);
	return (0);
}

struct pm *
pm_create(void)
{
	struct pm	*pm = xcalloc(1, sizeof *pm);

	pm_alerts_default(&pm->alerts);
	return (pm);
}

static void
pm_row_free(struct pm_row *r)
{
	free(r->id);
	free(r->participant);
	free(r->task);
	free(r->pause_reason);
	free(r->pause_by);
	free(r->end_reason);
	free(r);
}

void
pm_destroy(struct pm *pm)
{
	size_t	i;

	for (i = 0; i < pm->nrows; i++)
		pm_row_free(pm->rows[i]);
	for (i = 0; i < pm->nhosts; i++) {
		free(pm->hosts[i]->name);
		free(pm->hosts[i]->error);
		free(pm->hosts[i]);
	}
	for (i = 0; i < pm->nfired; i++)
		free(pm->fired[i]);
	free(pm->fired);
	free(pm->rows);
	free(pm->hosts);
	free(pm);
}

struct pm_host *
pm_host_add(struct pm *pm, const char *name)
{
	struct pm_host	*h = xcalloc(1, sizeof *h);

	h->name = xstrdup(name);
	h->state = PM_HOST_CONNECTING;
	h->disk_free_pct = -1;
	pm->hosts = xreallocarray(pm->hosts, pm->nhosts + 1, sizeof *pm->hosts);
	pm->hosts[pm->nhosts++] = h;
	return (h);
}

void
pm_host_state(struct pm_host *h, enum pm_host_state st, double now,
    const char *error)
{
	if (h->state != st)
		h->since = now;
	h->state = st;
	if (error != NULL) {
		free(h->error);
		h->error = xstrdup(error);
	}
}

static struct pm_row *
pm_row(struct pm *pm, struct pm_host *h, const char *id, double now)
{
	struct pm_row	*r;
	size_t		 i;

	for (i = 0; i < pm->nrows; i++) {
		if (pm->rows[i]->host == h && strcmp(pm->rows[i]->id, id) == 0)
			return (pm->rows[i]);
	}
	r = xcalloc(1, sizeof *r);
	r->host = h;
	r->id = xstrdup(id);
	r->participant = xstrdup("");
	r->task = xstrdup("");
	r->best = r->prev_best = r->last_score_elapsed = NAN;
	r->gpu_util = -1;
	r->active_at = now;
	r->elapsed_at = now;
	pm->rows = xreallocarray(pm->rows, pm->nrows + 1, sizeof *pm->rows);
	pm->rows[pm->nrows++] = r;
	return (r);
}

static void
set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = xstrdup(s != NULL ? s : "");
}

/* The busiest of the session's GPUs, from a list of samples. */
static int
pm_gpu_util(json_t *gpus)
{
	json_t	*g, *u;
	size_t	 i;
	int	 max = -1;

	json_array_foreach(gpus, i, g) {
		u = json_object_get(g, "util_gpu_pct");
		if (json_is_integer(u) && json_integer_value(u) > max)
			max = (int)json_integer_value(u);
	}
	return (max);
}

/* A scoring that finished: best, trend, streak, time. */
static void
pm_scored(struct pm_row *r, json_t *sc, double elapsed)
{
	const char	*status = json_field_str(sc, "status");
	json_t		*nv = json_object_get(sc, "normalized");

	if (*status == '\0' || strcmp(status, "queued") == 0 ||
	    strcmp(status, "running") == 0)
		return;
	r->scorings++;
	snprintf(r->last_status, sizeof r->last_status, "%s", status);
	if (isfinite(elapsed))
		r->last_score_elapsed = elapsed;
	if (strcmp(status, "valid") == 0 && json_is_number(nv)) {
		double v = json_number_value(nv);

		r->failed_streak = 0;
		if (isnan(r->best) || v > r->best) {
			r->prev_best = r->best;
			r->best = v;
		}
	} else if (strcmp(status, "cancelled") != 0 &&
	    strcmp(status, "interrupted") != 0)
		r->failed_streak++;
}

static void
pm_status(struct pm_row *r, json_t *st, double now)
{
	json_t		*s = json_object_get(st, "session"), *sc, *m;
	size_t		 i;
	double		 el;

	set_str(&r->participant, json_field_str(s, "participant"));
	set_str(&r->task, json_field_str(s, "task_id"));
	snprintf(r->state, sizeof r->state, "%s", json_field_str(s, "state"));
	r->server = json_is_true(json_object_get(st, "server"));
	el = json_number_value(json_object_get(s, "elapsed"));
	if (json_object_get(s, "elapsed") == NULL)
		el = json_number_value(json_object_get(s, "end_elapsed"));
	r->elapsed = el;
	r->elapsed_at = now;
	r->limit = json_is_number(json_object_get(s, "limit")) ?
	    json_number_value(json_object_get(s, "limit")) :
	    json_number_value(json_object_get(s, "limit_s"));
	if (strcmp(r->state, "paused") == 0) {
		set_str(&r->pause_reason, json_field_str(s, "paused_reason"));
		if (r->paused_at == 0)
			r->paused_at = now;
	} else
		r->paused_at = 0;
	if (json_is_string(json_object_get(s, "end_reason")))
		set_str(&r->end_reason, json_field_str(s, "end_reason"));
	r->gpu_util = pm_gpu_util(json_object_get(st, "gpu"));
	r->unacked = 0;
	json_array_foreach(json_object_get(st, "messages"), i, m)
		r->unacked++;
	r->scorings = 0;
	r->failed_streak = 0;
	r->best = r->prev_best = r->last_score_elapsed = NAN;
	json_array_foreach(json_object_get(st, "scores"), i, sc) {
		json_t *fe = json_object_get(sc, "finished_elapsed");

		pm_scored(r, sc, json_is_number(fe) ? json_number_value(fe) :
		    json_number_value(json_object_get(sc,
		    "requested_elapsed")));
	}
}

int
pm_feed(struct pm *pm, struct pm_host *h, const char *line, double now)
{
	json_t		*j, *data;
	struct pm_row	*r;
	const char	*ev, *id;
	int		 changed = 1;

	h->last_line = now;
	if ((j = json_loads(line, 0, NULL)) == NULL || !json_is_object(j)) {
		json_decref(j);
		/* ssh and the remote shell speak in plain lines. */
		if (*line != '\0')
			pm_host_state(h, h->state, now, line);
		return (0);
	}
	if (h->state != PM_HOST_UP)
		pm_host_state(h, PM_HOST_UP, now, NULL);
	ev = json_field_str(j, "ev");
	id = json_field_str(j, "session");
	if (strcmp(ev, "host") == 0) {
		if (json_is_number(json_object_get(j, "disk_free_pct")))
			h->disk_free_pct = json_number_value(json_object_get(j,
			    "disk_free_pct"));
		json_decref(j);
		return (0);
	}
	if (*id == '\0') {
		json_decref(j);
		return (0);
	}
	r = pm_row(pm, h, id, now);
	data = json_object_get(j, "data");
	if (strcmp(ev, "status") == 0)
		pm_status(r, json_object_get(j, "status"), now);
	else if (strcmp(ev, "clock") == 0) {
		r->elapsed = json_number_value(json_object_get(j, "elapsed"));
		r->elapsed_at = now;
		/* Idle is the panes' quiet time (no input, no output). */
		if (json_is_number(json_object_get(j, "idle")))
			r->active_at = now - json_number_value(json_object_get(
			    j, "idle"));
		if (json_is_number(json_object_get(j, "remaining")))
			r->limit = r->elapsed + json_number_value(
			    json_object_get(j, "remaining"));
		changed = 0;
	} else if (strcmp(ev, "gpu") == 0) {
		r->gpu_util = pm_gpu_util(json_object_get(j, "gpus"));
		changed = 0;
	} else if (strcmp(ev, "state") == 0) {
		snprintf(r->state, sizeof r->state, "%s", json_field_str(j, "state"));
		r->active_at = now;
	} else if (strcmp(ev, "down") == 0) {
		r->server = 0;
		if (strcmp(r->state, "ended") != 0) {
			r->restarts++;
			r->restart_at = now;
		}
	} else {
		r->active_at = now;
		if (json_is_number(json_object_get(j, "elapsed"))) {
			r->elapsed = json_number_value(json_object_get(j,
			    "elapsed"));
			r->elapsed_at = now;
		}
		if (strcmp(ev, "score_finished") == 0)
			pm_scored(r, data, r->elapsed);
		else if (strcmp(ev, "clock_pause") == 0) {
			snprintf(r->state, sizeof r->state, "paused");
			set_str(&r->pause_reason, json_field_str(data, "reason"));
			set_str(&r->pause_by, json_field_str(j, "actor"));
			r->paused_at = now;
		} else if (strcmp(ev, "clock_resume") == 0) {
			snprintf(r->state, sizeof r->state, "running");
			r->paused_at = 0;
			r->gpu_busy_paused = 0;
		} else if (strcmp(ev, "clock_extend") == 0 &&
		    json_is_number(json_object_get(data, "limit")))
			r->limit = json_number_value(json_object_get(data,
			    "limit"));
		else if (strcmp(ev, "message") == 0)
			r->unacked++;
		else if (strcmp(ev, "message_ack") == 0 && r->unacked > 0)
			r->unacked--;
		else if (strcmp(ev, "gpu_busy_while_paused") == 0)
			r->gpu_busy_paused = 1;
		else if (strcmp(ev, "server_restarted") == 0) {
			r->restarts++;
			r->restart_at = now;
		} else if (strcmp(ev, "session_ended") == 0) {
			snprintf(r->state, sizeof r->state, "ended");
			set_str(&r->end_reason, json_field_str(data, "reason"));
		}
	}
	json_decref(j);
	return (changed);
}

double
pm_elapsed(const struct pm_row *r, double now)
{
	if (strcmp(r->state, "running") == 0 && r->server)
		return (r->elapsed + (now - r->elapsed_at));
	return (r->elapsed);
}

double
pm_left(const struct pm_row *r, double now)
{
	double	left = r->limit - pm_elapsed(r, now);

	return (left > 0 ? left : 0);
}

double
pm_idle(const struct pm_row *r, double now)
{
	return (now - r->active_at);
}

void
pm_alert_names(unsigned int a, char *buf, size_t len)
{
	size_t	i, off = 0;

	*buf = '\0';
	for (i = 0; i < nitems(pm_alert_table) && off + 1 < len; i++) {
		if (a & pm_alert_table[i].bit)
			off += snprintf(buf + off, len - off, "%s%s",
			    off ? "," : "", pm_alert_table[i].name);
	}
}

void
pm_check_alerts(struct pm *pm, double now)
{
	const struct pm_alerts	*a = &pm->alerts;
	struct pm_row		*r;
	unsigned int		 on, fresh;
	size_t			 i;
	char			 names[128];

	for (i = 0; i < pm->nrows; i++) {
		r = pm->rows[i];
		on = 0;
		if (strcmp(r->state, "ended") != 0) {
			if (a->paused_min > 0 && r->paused_at > 0 &&
			    now - r->paused_at >= a->paused_min * 60)
				on |= PM_ALERT_PAUSED;
			if (a->idle_min > 0 && strcmp(r->state, "running") ==
			    0 && pm_idle(r, now) >= a->idle_min * 60)
				on |= PM_ALERT_IDLE;
			if (a->failed_scorings > 0 && r->failed_streak >=
			    a->failed_scorings)
				on |= PM_ALERT_FAILING;
			if (a->gpu_paused && r->gpu_busy_paused)
				on |= PM_ALERT_GPU_PAUSED;
			if (a->near_end_min > 0 && r->limit > 0 &&
			    pm_left(r, now) < a->near_end_min * 60)
				on |= PM_ALERT_NEAR_END;
			if (a->restart && (!r->server || (r->restarts > 0 &&
			    now - r->restart_at < 600)))
				on |= PM_ALERT_RESTART;
			if (a->disk_free_pct > 0 && r->host->disk_free_pct >=
			    0 && r->host->disk_free_pct < a->disk_free_pct)
				on |= PM_ALERT_DISK;
		}
		r->alerts = on;
		fresh = on & ~r->alerts_seen;
		r->alerts_seen = on;
		if (fresh == 0)
			continue;
		pm_alert_names(fresh, names, sizeof names);
		pm->fired = xreallocarray(pm->fired, pm->nfired + 1,
		    sizeof *pm->fired);
		pm->fired[pm->nfired++] = xasprintf("%s %s (%s): %s",
		    r->host->name, r->participant, r->id, names);
	}
}

const char *
pm_sort_name(enum pm_sort s)
{
	return (s < PM_SORT_COUNT ? pm_sort_names[s] : "?");
}

static int
pm_match(const struct pm_row *r, const char *f)
{
	const char	*v;

	if (f == NULL || *f == '\0')
		return (1);
	if (strcmp(f, "alert") == 0)
		return (r->alerts != 0);
	if ((v = strchr(f, '=')) != NULL) {
		size_t k = v - f;

		v++;
		if (k == 4 && strncmp(f, "host", 4) == 0)
			return (strcmp(r->host->name, v) == 0);
		if (k == 4 && strncmp(f, "task", 4) == 0)
			return (strcmp(r->task, v) == 0);
		if (k == 5 && strncmp(f, "state", 5) == 0)
			return (strcmp(r->state, v) == 0);
	}
	return (strstr(r->host->name, f) != NULL || strstr(r->id, f) != NULL ||
	    strstr(r->participant, f) != NULL || strstr(r->task, f) != NULL);
}

static enum pm_sort	 pm_sort_key;
static double		 pm_sort_now;

static int
pm_cmp_num(double a, double b)
{
	if (isnan(a) || isnan(b))
		return (isnan(a) - isnan(b));
	return (a < b ? -1 : a > b);
}

static int
pm_cmp(const void *pa, const void *pb)
{
	const struct pm_row	*a = *(struct pm_row *const *)pa;
	const struct pm_row	*b = *(struct pm_row *const *)pb;
	int			 c = 0;

	switch (pm_sort_key) {
	case PM_SORT_PARTICIPANT:
		c = strcmp(a->participant, b->participant);
		break;
	case PM_SORT_TASK:
		c = strcmp(a->task, b->task);
		break;
	case PM_SORT_STATE:
		c = strcmp(a->state, b->state);
		break;
	case PM_SORT_LEFT:
		c = pm_cmp_num(pm_left(a, pm_sort_now), pm_left(b,
		    pm_sort_now));
		break;
	case PM_SORT_BEST:		/* best first */
		c = -pm_cmp_num(a->best, b->best);
		if (isnan(a->best) || isnan(b->best))
			c = -c;
		break;
	case PM_SORT_LAST_SCORE:
		c = pm_cmp_num(a->last_score_elapsed, b->last_score_elapsed);
		break;
	case PM_SORT_IDLE:		/* longest idle first */
		c = -pm_cmp_num(pm_idle(a, pm_sort_now), pm_idle(b,
		    pm_sort_now));
		break;
	case PM_SORT_ALERTS:		/* most alerts first */
		c = (int)__builtin_popcount(b->alerts) -
		    (int)__builtin_popcount(a->alerts);
		break;
	default:
		break;
	}
	if (c == 0)
		c = strcmp(a->host->name, b->host->name);
	if (c == 0)
		c = strcmp(a->id, b->id);
	return (c);
}

struct pm_row **
pm_view(struct pm *pm, const char *filter, enum pm_sort sort, int reverse,
    double now, size_t *n)
{
	struct pm_row	**v = xcalloc(pm->nrows + 1, sizeof *v);
	size_t		  i, k = 0;

	for (i = 0; i < pm->nrows; i++) {
		if (pm_match(pm->rows[i], filter))
			v[k++] = pm->rows[i];
	}
	pm_sort_key = sort;
	pm_sort_now = now;
	qsort(v, k, sizeof *v, pm_cmp);
	if (reverse) {
		for (i = 0; i < k / 2; i++) {
			struct pm_row *t = v[i];

			v[i] = v[k - 1 - i];
			v[k - 1 - i] = t;
		}
	}
	*n = k;
	return (v);
}
