/*
 * cmd_gpu.c: "baseliner gpu [--json] [--watch]", the GPU telemetry as the
 * session server sees it, for a person at a shell or a script.
 *
 * Text output is one block per GPU: the status-bar line, then name, clocks
 * and compute processes. --json prints one object per reading,
 * {"driver": ..., "gpus": [sample, ...]}, one line each, so --watch gives
 * newline-delimited JSON. Without a GPU it says "no GPU: <why>" (or
 * {"gpus": [], "error": "no GPU: ..."}) and exits 0: no GPU is a state of
 * the machine, not a failure of the command.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "cmd.h"
#include "gpu.h"
#include "util.h"

extern const struct cmd_entry cmd_gpu_entry;

static volatile sig_atomic_t cmd_gpu_stop;

static void
cmd_gpu_signal_cb(int sig)
{
	cmd_gpu_stop = 1;
}

static void
cmd_gpu_print_text(const struct gpu_sample *s)
{
	const double	 gib = 1024.0 * 1024.0 * 1024.0;
	char		*line;
	int		 i;

	line = gpu_sample_line(s);
	printf("%s\n", line);
	free(line);
	if (s->valid & GPU_V_NAME)
		printf("  %s%s%s\n", s->name, s->uuid[0] != '\0' ? "  " : "",
		    s->uuid);
	if (s->valid & GPU_V_UTIL)
		printf("  utilization: gpu %u%%, memory %u%%\n", s->util_gpu,
		    s->util_mem);
	if (s->valid & GPU_V_POWER && s->power_limit_mw != 0)
		printf("  power: %.0f W of %.0f W\n", s->power_mw / 1000.0,
		    s->power_limit_mw / 1000.0);
	if (s->valid & GPU_V_CLOCKS)
		printf("  clocks: sm %u MHz, memory %u MHz\n", s->clock_sm,
		    s->clock_mem);
	if (s->valid & GPU_V_PROCS) {
		if (s->nprocs == 0)
			printf("  compute processes: none\n");
		else
			printf("  compute processes: %d\n", s->nprocs);
		for (i = 0; i < s->nprocs && i < GPU_MAX_PROCS; i++) {
			if (s->procs[i].mem == ~0ULL)
				printf("    pid %u\n", s->procs[i].pid);
			else
				printf("    pid %u  %.2f GiB\n",
				    s->procs[i].pid, s->procs[i].mem / gib);
		}
	}
}

/* One reading of every GPU; returns 0, or -1 if a GPU could not be read. */
static int
cmd_gpu_once(int json)
{
	struct gpu_sample	 s;
	json_t			*o, *a;
	char			*cause = NULL, *text;
	const char		*driver;
	int			 i, rc = 0;

	if (json) {
		o = json_object();
		a = json_array();
		if ((driver = gpu_driver_version()) != NULL)
			json_object_set_new(o, "driver", json_string(driver));
		for (i = 0; i < gpu_count(); i++) {
			if (gpu_read(i, &s, &cause) != 0) {
				fprintf(stderr, "baseliner gpu: %s\n", cause);
				free(cause);
				cause = NULL;
				rc = -1;
				continue;
			}
			json_array_append_new(a, gpu_sample_json(&s));
		}
		json_object_set_new(o, "gpus", a);
		text = json_dumps(o, JSON_COMPACT);
		printf("%s\n", text);
		free(text);
		json_decref(o);
	} else {
		if ((driver = gpu_driver_version()) != NULL)
			printf("driver %s, %d GPU%s\n", driver, gpu_count(),
			    gpu_count() == 1 ? "" : "s");
		for (i = 0; i < gpu_count(); i++) {
			if (gpu_read(i, &s, &cause) != 0) {
				printf("GPU%d: %s\n", i, cause);
				free(cause);
				cause = NULL;
				rc = -1;
				continue;
			}
			cmd_gpu_print_text(&s);
		}
	}
	fflush(stdout);
	return (rc);
}

static int
cmd_gpu_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "watch", no_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	struct sigaction	 sa;
	struct timespec		 ts = { 1, 0 };
	char			*cause = NULL, *text;
	json_t			*o;
	int			 ch, json = 0, watch = 0, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "jw", longopts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'w':
			watch = 1;
			break;
		default:
			cmd_usage(&cmd_gpu_entry, 1);
			return (2);
		}
	}
	if (optind != argc) {
		cmd_usage(&cmd_gpu_entry, 1);
		return (2);
	}

	if (gpu_init(&cause) != 0) {
		if (json) {
			o = json_object();
			json_object_set_new(o, "gpus", json_array());
			json_object_set_new(o, "error", json_string(cause));
			text = json_dumps(o, JSON_COMPACT);
			printf("%s\n", text);
			free(text);
			json_decref(o);
		} else
			printf("%s\n", cause);
		free(cause);
		return (0);
	}

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = cmd_gpu_signal_cb;
	sigemptyset(&sa.sa_mask);
	if (watch) {
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
	}
	rc = 0;
	for (;;) {
		if (cmd_gpu_once(json) != 0)
			rc = 1;
		if (!watch || cmd_gpu_stop)
			break;
		/* EINTR from the signal ends the wait early. */
		if (nanosleep(&ts, NULL) != 0 && errno != EINTR)
			break;
		if (cmd_gpu_stop)
			break;
		if (!json)
			printf("\n");
	}
	gpu_done();
	return (rc);
}

const struct cmd_entry cmd_gpu_entry = {
	.name = "gpu",
	.usage = "[--json] [--watch]",
	.summary = "show the GPUs' telemetry (utilization, memory, power...)",
	.help =
	    "  --json    one JSON object per reading\n"
	    "  --watch   read again every second until interrupted\n",
	.exec = cmd_gpu_exec,
};
