/*
 * gpu_sample.c: a struct gpu_sample as JSON (for score rows and events) and
 * as the short text of the status bar.
 *
 * Both follow the validity bits: a field that was not read does not appear
 * at all. In JSON the keys are flat and carry their unit ("mem_used_bytes",
 * "power_w"), so a reader needs no schema to interpret a stored sample.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "gpu.h"
#include "util.h"

struct json_t *
gpu_sample_json(const struct gpu_sample *s)
{
	json_t	*o, *a, *p;
	int	 i;

	o = json_object();
	json_object_set_new(o, "index", json_integer(s->index));
	if (s->valid & GPU_V_NAME) {
		json_object_set_new(o, "name", json_string(s->name));
		if (s->uuid[0] != '\0')
			json_object_set_new(o, "uuid", json_string(s->uuid));
	}
	if (s->valid & GPU_V_UTIL) {
		json_object_set_new(o, "util_gpu_pct",
		    json_integer(s->util_gpu));
		json_object_set_new(o, "util_mem_pct",
		    json_integer(s->util_mem));
	}
	if (s->valid & GPU_V_MEM) {
		json_object_set_new(o, "mem_used_bytes",
		    json_integer((json_int_t)s->mem_used));
		json_object_set_new(o, "mem_total_bytes",
		    json_integer((json_int_t)s->mem_total));
	}
	if (s->valid & GPU_V_TEMP)
		json_object_set_new(o, "temp_c", json_integer(s->temp_c));
	if (s->valid & GPU_V_POWER) {
		json_object_set_new(o, "power_w",
		    json_real(s->power_mw / 1000.0));
		if (s->power_limit_mw != 0)
			json_object_set_new(o, "power_limit_w",
			    json_real(s->power_limit_mw / 1000.0));
	}
	if (s->valid & GPU_V_CLOCKS) {
		json_object_set_new(o, "clock_sm_mhz",
		    json_integer(s->clock_sm));
		json_object_set_new(o, "clock_mem_mhz",
		    json_integer(s->clock_mem));
	}
	if (s->valid & GPU_V_PROCS) {
		a = json_array();
		for (i = 0; i < s->nprocs && i < GPU_MAX_PROCS; i++) {
			p = json_object();
			json_object_set_new(p, "pid",
			    json_integer(s->procs[i].pid));
			/* NVML says ~0 when it may not read the usage. */
			if (s->procs[i].mem != ~0ULL)
				json_object_set_new(p, "mem_bytes",
				    json_integer((json_int_t)s->procs[i].mem));
			json_array_append_new(a, p);
		}
		json_object_set_new(o, "nprocs", json_integer(s->nprocs));
		json_object_set_new(o, "procs", a);
	}
	return (o);
}

char *
gpu_sample_line(const struct gpu_sample *s)
{
	struct buf	b;
	const double	gib = 1024.0 * 1024.0 * 1024.0;
	char		*line;

	buf_init(&b);
	buf_printf(&b, "GPU%d", s->index);
	if (s->valid & GPU_V_UTIL)
		buf_printf(&b, " %u%%", s->util_gpu);
	if (s->valid & GPU_V_MEM)
		buf_printf(&b, " %.1f/%.0fG", s->mem_used / gib,
		    s->mem_total / gib);
	if (s->valid & GPU_V_TEMP)
		buf_printf(&b, " %uC", s->temp_c);
	if (s->valid & GPU_V_POWER)
		buf_printf(&b, " %.0fW", s->power_mw / 1000.0);
	line = xstrdup(buf_cstr(&b));
	buf_done(&b);
	return (line);
}

/*
 * The inverse of gpu_sample_json for the fields a status line shows, so a
 * client that gets the server's JSON prints the same line the server would.
 */
void
gpu_sample_from_json(struct json_t *o, struct gpu_sample *s)
{
	json_t	*v;

	memset(s, 0, sizeof *s);
	s->index = (int)json_integer_value(json_object_get(o, "index"));
	if ((v = json_object_get(o, "name")) != NULL && json_is_string(v)) {
		snprintf(s->name, sizeof s->name, "%s", json_string_value(v));
		s->valid |= GPU_V_NAME;
	}
	if ((v = json_object_get(o, "util_gpu_pct")) != NULL) {
		s->util_gpu = (unsigned)json_integer_value(v);
		s->valid |= GPU_V_UTIL;
	}
	if ((v = json_object_get(o, "mem_used_bytes")) != NULL) {
		s->mem_used = (unsigned long long)json_integer_value(v);
		s->mem_total = (unsigned long long)json_integer_value(
		    json_object_get(o, "mem_total_bytes"));
		s->valid |= GPU_V_MEM;
	}
	if ((v = json_object_get(o, "temp_c")) != NULL) {
		s->temp_c = (unsigned)json_integer_value(v);
		s->valid |= GPU_V_TEMP;
	}
	if ((v = json_object_get(o, "power_w")) != NULL) {
		s->power_mw = (unsigned)(json_number_value(v) * 1000);
		s->valid |= GPU_V_POWER;
	}
}

char *
gpu_json_line(struct json_t *o)
{
	struct gpu_sample	s;
	char			*line, *named;

	gpu_sample_from_json(o, &s);
	line = gpu_sample_line(&s);
	if (!(s.valid & GPU_V_NAME))
		return (line);
	named = xasprintf("%s %s", line, s.name);
	free(line);
	return (named);
}
