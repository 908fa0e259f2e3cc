/*
 * pane_bench.c: the panes' side of bench/pane.sh. Runs panes (pty +
 * libvterm screen + recording, the same code the server runs) on a libuv
 * loop of its own and prints one number per line, "name value".
 *
 *   pane_bench throughput FILE [DB]  seconds for a pane to absorb `cat FILE`
 *                                    (recorded into DB if given: until all
 *                                    of it is committed), and the CPU
 *                                    seconds the pane's process took
 *   pane_bench writes FILE DB        the same, recorded, with an event
 *                                    written on the loop every 20 ms: how
 *                                    long those waited (mean, worst)
 *   pane_bench memory N FILE         RSS bytes per pane after N panes each
 *                                    absorbed `cat FILE` (10,000 lines of
 *                                    scrollback kept)
 *   pane_bench latency FILE          keystroke-to-echo in one pane, ms,
 *                                    idle and while another pane floods
 */
#include "config.h"

#include <sys/resource.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <uv.h>

#include "pane.h"
#include "pty.h"
#include "store.h"
#include "term.h"
#include "util.h"

static int	exited;

static void
exit_cb(struct pane *p, int status, void *arg)
{
	exited++;
}

static const struct pane_hooks hooks = { .exit = exit_cb };

static long
rss_bytes(void)
{
	FILE	*f;
	char	 line[256];
	long	 kb = -1;

	if ((f = fopen("/proc/self/status", "r")) == NULL)
		return (-1);
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	}
	fclose(f);
	return (kb * 1024);
}

static struct pane *
open_pane(uv_loop_t *loop, struct store *st, int id, char *const *argv)
{
	struct pane_open	 po;
	struct pane		*p;
	char			*cause = NULL;

	memset(&po, 0, sizeof po);
	po.loop = loop;
	po.store = st;
	po.id = id;
	po.argv = argv;
	po.cwd = "/";
	po.cols = 80;
	po.rows = 24;
	po.history = 10000;
	po.hooks = &hooks;
	if (pane_open(&po, &p, &cause) != 0) {
		fprintf(stderr, "pane_bench: %s\n", cause);
		exit(1);
	}
	return (p);
}

/* Flush the recording once a second, as the server does. */
static void
flush_cb(uv_timer_t *t)
{
	struct pane	*p = t->data;

	pane_flush(p, NULL);
}

/* The loop's own writes while the recording goes on (the server's events,
 * scores): how long the slowest waited. */
static double	event_worst, event_total;
static int	event_n;

static void
event_cb(uv_timer_t *t)
{
	double	t0 = mono_now(), d;

	if (store_event(t->data, wall_ms(), 0, "bench", NULL, NULL, NULL) < 0)
		fprintf(stderr, "pane_bench: event not written\n");
	d = mono_now() - t0;
	event_total += d;
	event_n++;
	if (d > event_worst)
		event_worst = d;
}

static int
throughput(const char *file, const char *db, int events_ms)
{
	uv_loop_t	 loop;
	uv_timer_t	 timer, events;
	struct store	*st = NULL;
	struct pane	*p;
	char		*cause = NULL;
	char *const	 argv[] = { "cat", (char *)file, NULL };
	double		 t0, t1, t2;
	struct rusage	 ru;

	if (db != NULL && store_open(db, 0, &st, &cause) != 0) {
		fprintf(stderr, "pane_bench: %s\n", cause);
		return (1);
	}
	uv_loop_init(&loop);
	t0 = mono_now();
	p = open_pane(&loop, st, 1, argv);
	uv_timer_init(&loop, &timer);
	timer.data = p;
	uv_timer_start(&timer, flush_cb, 1000, 1000);
	uv_timer_init(&loop, &events);
	events.data = st;
	if (st != NULL && events_ms > 0)
		uv_timer_start(&events, event_cb, events_ms, events_ms);
	while (!exited)
		uv_run(&loop, UV_RUN_ONCE);
	pane_flush(p, NULL);
	t1 = mono_now();
	if (st != NULL)
		store_sync(st, 0);
	t2 = mono_now();
	getrusage(RUSAGE_SELF, &ru);
	printf("seconds %.3f\n", t2 - t0);
	printf("absorbed_seconds %.3f\n", t1 - t0);
	/* CPU time of this process (pane loop and recording writer), not
	 * cat's: what a loaded machine changes least. */
	printf("cpu_seconds %.3f\n", ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
	    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
	printf("fast_bytes %llu\n",
	    (unsigned long long)term_fast_bytes(pane_term(p)));
	if (event_n > 0) {
		printf("event_write_mean_ms %.2f\n",
		    event_total / event_n * 1000);
		printf("event_write_worst_ms %.2f\n", event_worst * 1000);
	}
	printf("bytes %llu\n", (unsigned long long)pane_bytes_read(p));
	printf("history_lines %d\n", term_history_size(pane_term(p)));
	pane_destroy(p);
	uv_close((uv_handle_t *)&timer, NULL);
	uv_close((uv_handle_t *)&events, NULL);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	store_close(st);
	return (0);
}

static int
memory(int n, const char *file)
{
	uv_loop_t	  loop;
	struct pane	**panes;
	char *const	  argv[] = { "cat", (char *)file, NULL };
	long		  before, after;
	size_t		  model = 0;
	int		  i;

	uv_loop_init(&loop);
	panes = xcalloc(n, sizeof *panes);
	/* Warm up allocator and libvterm once, outside the measure. */
	panes[0] = open_pane(&loop, NULL, 0, argv);
	while (exited < 1)
		uv_run(&loop, UV_RUN_ONCE);
	pane_destroy(panes[0]);
	uv_run(&loop, UV_RUN_NOWAIT);
	exited = 0;

	before = rss_bytes();
	for (i = 0; i < n; i++)
		panes[i] = open_pane(&loop, NULL, i + 1, argv);
	while (exited < n)
		uv_run(&loop, UV_RUN_ONCE);
	after = rss_bytes();
	for (i = 0; i < n; i++)
		model += term_history_bytes(pane_term(panes[i]));
	printf("rss_per_pane %ld\n", (after - before) / n);
	printf("history_bytes_per_pane %zu\n", model / n);
	printf("history_lines %d\n", term_history_size(pane_term(panes[0])));
	for (i = 0; i < n; i++)
		pane_destroy(panes[i]);
	free(panes);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	return (0);
}

/* Latency: a pane running cat(1) echoes each key; time key to echo. */
struct lat {
	struct pty	*pty;
	double		 sent;
	double		 total;
	double		 worst;
	int		 n;
	int		 want;
	uv_timer_t	 timer;
};

static void
lat_read_cb(struct pty *pty, const char *data, size_t len, void *arg)
{
	struct lat	*l = arg;
	double		 d;

	if (l->sent == 0 || memchr(data, 'x', len) == NULL)
		return;
	d = mono_now() - l->sent;
	l->total += d;
	if (d > l->worst)
		l->worst = d;
	l->sent = 0;
	l->n++;
}

static void
lat_exit_cb(struct pty *pty, int status, void *arg)
{
}

static const struct pty_hooks lat_hooks = { .read = lat_read_cb,
    .exit = lat_exit_cb };

static void
lat_timer_cb(uv_timer_t *t)
{
	struct lat	*l = t->data;

	if (l->sent != 0)
		return;		/* still waiting */
	if (l->n >= l->want) {
		uv_timer_stop(t);
		return;
	}
	l->sent = mono_now();
	pty_write(l->pty, "x", 1);
}

static void
lat_run(uv_loop_t *loop, struct lat *l, int want)
{
	l->n = 0;
	l->total = l->worst = 0;
	l->sent = 0;
	l->want = want;
	uv_timer_start(&l->timer, lat_timer_cb, 20, 5);
	while (l->n < want)
		uv_run(loop, UV_RUN_ONCE);
	uv_timer_stop(&l->timer);
}

static int
latency(const char *file)
{
	uv_loop_t		 loop;
	struct lat		 l;
	struct pty_spawn	 sp;
	struct pane		*flood;
	char *const		 cat[] = { "cat", NULL };
	char			 flood_cmd[4096];
	char *const		 argv[] = { "sh", "-c", flood_cmd, NULL };

	snprintf(flood_cmd, sizeof flood_cmd,
	    "while :; do cat '%s'; done", file);
	uv_loop_init(&loop);
	memset(&l, 0, sizeof l);
	uv_timer_init(&loop, &l.timer);
	l.timer.data = &l;
	memset(&sp, 0, sizeof sp);
	sp.argv = cat;
	sp.cols = 80;
	sp.rows = 24;
	sp.hooks = &lat_hooks;
	sp.arg = &l;
	if (pty_spawn(&loop, &sp, &l.pty, NULL) != 0)
		return (1);

	lat_run(&loop, &l, 200);
	printf("idle_ms_mean %.3f\n", l.total / l.n * 1000);
	printf("idle_ms_worst %.3f\n", l.worst * 1000);

	flood = open_pane(&loop, NULL, 1, argv);
	/* Let the flood get going. */
	l.want = 0;
	uv_timer_start(&l.timer, lat_timer_cb, 300, 0);
	while (uv_is_active((uv_handle_t *)&l.timer))
		uv_run(&loop, UV_RUN_ONCE);
	lat_run(&loop, &l, 200);
	printf("flood_ms_mean %.3f\n", l.total / l.n * 1000);
	printf("flood_ms_worst %.3f\n", l.worst * 1000);
	printf("flood_bytes %llu\n",
	    (unsigned long long)pane_bytes_read(flood));

	pane_destroy(flood);
	pty_destroy(l.pty);
	uv_close((uv_handle_t *)&l.timer, NULL);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	return (0);
}

int
main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	if (argc >= 3 && strcmp(argv[1], "throughput") == 0)
		return (throughput(argv[2], argc > 3 ? argv[3] : NULL, 0));
	if (argc == 4 && strcmp(argv[1], "writes") == 0)
		return (throughput(argv[2], argv[3], 20));
	if (argc == 4 && strcmp(argv[1], "memory") == 0)
		return (memory(atoi(argv[2]), argv[3]));
	if (argc == 3 && strcmp(argv[1], "latency") == 0)
		return (latency(argv[2]));
	fprintf(stderr, "usage: pane_bench throughput FILE [DB] | "
	    "writes FILE DB | memory N FILE | latency FILE\n");
	return (2);
}
