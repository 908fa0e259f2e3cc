/*
 * srv_gpu.c: GPU telemetry inside the session server. A one-second libuv
 * timer samples the session's GPUs through gpu.h (NVML, loaded at run
 * time) into a snapshot that status replies, score rows and the
 * workbench's status bar read; the UI never waits on NVML, nor does the
 * server's loop: the driver is read on libuv's thread pool. A host without
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

#define SRV_GPU_PUSH_POLLS	10	/* a "gpu" event every 10 polls (s) */

struct srv_gpu {
	uv_timer_t		 timer;
	struct server		*s;
	int			 ok;		/* NVML loaded */
	int			 n;		/* session GPUs */
	int			 index[8];
	json_t			*snapshot;	/* array, or NULL */
	int			 busy_paused;	/* reported for this pause */
	unsigned int		 polls;		/* since the module started */

	/* The poll in flight: NVML is read on the thread pool, since a
	 * driver call can take long; one poll at a time. */
	uv_work_t		 work;
	int			 polling;
	int			 closing;	/* the module is done */
	int			 timer_closed;
	struct gpu_sample	 smp[8];
	int			 got[8];
};

static void
srv_gpu_poll_cb(uv_work_t *req)
{
	struct srv_gpu	*g = req->data;
	int		 i;

	for (i = 0; i < g->n; i++)
		g->got[i] = gpu_read(g->index[i], &g->smp[i], NULL) == 0;
}

/* Back on the loop: the new snapshot, and the event of a busy pause. */
static void
srv_gpu_polled_cb(uv_work_t *req, int status)
{
	struct srv_gpu	*g = req->data;
	struct server	*s = g->s;
	json_t		*arr, *procs;
	int		 i, busy = 0;

	g->polling = 0;
	if (g->closing) {
		if (g->timer_closed) {
			json_decref(g->snapshot);
			free(g);
		}
		return;
	}
	arr = json_array();
	for (i = 0; i < g->n; i++) {
		if (!g->got[i])
			continue;
		json_array_append_new(arr, gpu_sample_json(&g->smp[i]));
		if ((g->smp[i].valid & GPU_V_PROCS) && g->smp[i].nprocs > 0)
			busy = 1;
	}
	json_decref(g->snapshot);
	g->snapshot = arr;
	/* Watchers (the proctor's follow stream) get the GPUs now and then,
	 * pushed, so no one polls the session for them. */
	if (g->polls++ % SRV_GPU_PUSH_POLLS == 0)
		server_broadcast(s, json_pack("{ss sO}", "ev", "gpu", "gpus",
		    arr));
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
srv_gpu_poll(struct srv_gpu *g)
{
	if (g->polling || g->closing)
		return;
	g->polling = 1;
	g->work.data = g;
	if (uv_queue_work(&g->s->loop, &g->work, srv_gpu_poll_cb,
	    srv_gpu_polled_cb) != 0)
		g->polling = 0;
}

static void
srv_gpu_timer_cb(uv_timer_t *t)
{
	srv_gpu_poll(t->data);
}

static int
srv_gpu_init(struct server *s, char **cause)
{
	struct srv_gpu	*g;
	const char	*p;
	char		*end, *why = NULL;

	g = xcalloc(1, sizeof *g);
	g->s = s;
	server_set_data(s, SRV_MOD_GPU, g);
	uv_timer_init(&s->loop, &g->timer);
	g->timer.data = g;
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
	/* The first snapshot before any client can connect, here: the
	 * start's score row records it. */
	g->polling = 1;
	g->work.data = g;
	srv_gpu_poll_cb(&g->work);
	srv_gpu_polled_cb(&g->work, 0);
	uv_timer_start(&g->timer, srv_gpu_timer_cb, 1000, 1000);
	return (0);
}

static void
srv_gpu_close_cb(uv_handle_t *h)
{
	struct srv_gpu	*g = (struct srv_gpu *)h;	/* timer is first */

	g->timer_closed = 1;
	if (g->polling)
		return;		/* srv_gpu_polled_cb frees it */
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
	g->closing = 1;
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
