/*
 * srv_gpu.c: GPU telemetry inside the session server. A one-second libuv
 * timer samples the session's GPUs through gpu.h (NVML, loaded at run
 * time) into a snapshot that status replies, score rows and the
 * workbench's status bar read; the UI never waits on NVML. A host without
 * a GPU or a driver gets no snapshot at all, never zeros that look real.
 *
 * While the clock is paused the GPU should be idle: when a process is
 * computing on a session GPU during a pause, an event records it (once
 * per pause, with the processes), so researchers see work done off the
 * clock.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "gpu.h"
#include "server_int.h"

struct srv_gpu {
	uv_timer_t	 timer;
	int		 ok;		/* NVML loaded */
	int		 n;		/* session GPUs */
	int		 index[8];
	json_t		*snapshot;	/* array, or NULL */
	int		 busy_paused;	/* reported for this pause */
};

static void
srv_gpu_sample(struct server *s, struct srv_gpu *g)
{
	struct gpu_sample	 smp;
	json_t			*arr, *procs;
	int			 i, busy = 0;

	arr = json_array();
	for (i = 0; i < g->n; i++) {
		if (gpu_read(g->index[i], &smp, NULL) != 0)
			continue;
		json_array_append_new(arr, gpu_sample_json(&smp));
		if ((smp.valid & GPU_V_PROCS) && smp.nprocs > 0)
			busy = 1;
	}
	json_decref(g->snapshot);
	g->snapshot = arr;
	if (s->sm.state != SRV_PAUSED) {
		g->busy_paused = 0;
		return;
	}
	if (busy && !g->busy_paused) {
		g->busy_paused = 1;
		procs = json_deep_copy(arr);
		server_event(s, "gpu_busy_while_paused", "system",
		    json_pack("{so}", "gpus", procs));
	}
}

static void
srv_gpu_timer_cb(uv_timer_t *t)
{
	struct server	*s = t->data;

	srv_gpu_sample(s, server_get_data(s, SRV_MOD_GPU));
}

static int
srv_gpu_init(struct server *s, char **cause)
{
	struct srv_gpu	*g;
	const char	*p;
	char		*end, *why = NULL;

	g = xcalloc(1, sizeof *g);
	server_set_data(s, SRV_MOD_GPU, g);
	uv_timer_init(&s->loop, &g->timer);
	g->timer.data = s;
	if (*s->gpus == '\0')
		return (0);
	if (gpu_init(&why) != 0) {
		log_warn("GPU telemetry off: %s", why);
		free(why);
		return (0);
	}
	g->ok = 1;
	for (p = s->gpus; *p != '\0' && g->n < (int)nitems(g->index);) {
		g->index[g->n++] = (int)strtol(p, &end, 10);
		p = *end == ',' ? end + 1 : end;
		if (end == p && *p != '\0')
			break;
	}
	srv_gpu_sample(s, g);
	uv_timer_start(&g->timer, srv_gpu_timer_cb, 1000, 1000);
	return (0);
}

static void
srv_gpu_close_cb(uv_handle_t *h)
{
	struct srv_gpu	*g = (struct srv_gpu *)h;	/* timer is first */

	json_decref(g->snapshot);
	free(g);
}

static void
srv_gpu_done(struct server *s)
{
	struct srv_gpu	*g = server_get_data(s, SRV_MOD_GPU);

	if (g == NULL)
		return;
	server_set_data(s, SRV_MOD_GPU, NULL);
	uv_timer_stop(&g->timer);
	uv_close((uv_handle_t *)&g->timer, srv_gpu_close_cb);
}

json_t *
srv_gpu_json(struct server *s)
{
	struct srv_gpu	*g = server_get_data(s, SRV_MOD_GPU);

	if (g == NULL || !g->ok || g->snapshot == NULL)
		return (NULL);
	return (json_incref(g->snapshot));
}

char *
srv_gpu_text(struct server *s)
{
	json_t	*j = srv_gpu_json(s);
	char	*text;

	if (j == NULL)
		return (NULL);
	text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return (text);
}

const struct server_module srv_gpu_module = {
	.id = SRV_MOD_GPU,
	.name = "gpu",
	.init = srv_gpu_init,
	.done = srv_gpu_done,
};
