/*
 * test_gpu.c: GPU telemetry without a GPU. With $BASELINER_NVML naming a
 * library that does not exist, gpu_init() must fail cleanly with a "no GPU"
 * cause and leave the module usable (count 0, reads refused). The sample's
 * JSON and status-bar text must show exactly the fields marked valid.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "gpu.h"
#include "unit.h"
#include "util.h"

static void
test_no_nvml(void)
{
	struct gpu_sample	 s;
	unsigned		 pids[4];
	char			*cause = NULL;

	setenv("BASELINER_NVML", "/nonexistent/libnvidia-ml.so.1", 1);
	CHECK(gpu_init(&cause) == -1);
	CHECK(cause != NULL && strncmp(cause, "no GPU: ", 8) == 0);
	CHECK(cause != NULL && strstr(cause, "/nonexistent") != NULL);
	free(cause);
	CHECK(gpu_count() == 0);
	CHECK(gpu_driver_version() == NULL);

	cause = NULL;
	CHECK(gpu_read(0, &s, &cause) == -1);
	CHECK(cause != NULL && strncmp(cause, "no GPU", 6) == 0);
	free(cause);
	CHECK(s.valid == 0);
	CHECK(gpu_busy_pids(0, pids, 4) == -1);
	CHECK(gpu_find_uuid("GPU-0") == -1);
	gpu_done();	/* harmless when never initialised */

	/* A file that exists but is no NVML library is refused too. */
	setenv("BASELINER_NVML", "/dev/null", 1);
	cause = NULL;
	CHECK(gpu_init(&cause) == -1);
	CHECK(cause != NULL && strncmp(cause, "no GPU: ", 8) == 0);
	free(cause);
	CHECK(gpu_count() == 0);
	unsetenv("BASELINER_NVML");
}

static void
test_sample_text(void)
{
	struct gpu_sample	 s;
	char			*line;

	memset(&s, 0, sizeof s);
	s.index = 0;
	line = gpu_sample_line(&s);
	CHECK_STR(line, "GPU0");	/* nothing valid, nothing shown */
	free(line);

	s.valid = GPU_V_UTIL | GPU_V_MEM | GPU_V_TEMP | GPU_V_POWER;
	s.util_gpu = 87;
	s.mem_used = 43057152000ULL;	/* 40.1 GiB */
	s.mem_total = 85520809984ULL;	/* 79.6 GiB */
	s.temp_c = 61;
	s.power_mw = 350200;
	line = gpu_sample_line(&s);
	CHECK_STR(line, "GPU0 87% 40.1/80G 61C 350W");
	free(line);

	s.valid = GPU_V_TEMP;
	s.index = 3;
	line = gpu_sample_line(&s);
	CHECK_STR(line, "GPU3 61C");
	free(line);
}

static void
test_sample_json(void)
{
	struct gpu_sample	 s;
	json_t			*o, *p;

	memset(&s, 0, sizeof s);
	s.index = 1;
	s.valid = GPU_V_NAME | GPU_V_PROCS;
	strcpy(s.name, "NVIDIA H100 80GB HBM3");
	strcpy(s.uuid, "GPU-1234");
	s.util_gpu = 50;	/* not valid: must not appear */
	s.nprocs = 2;
	s.procs[0].pid = 42;
	s.procs[0].mem = 1 << 20;
	s.procs[1].pid = 43;
	s.procs[1].mem = ~0ULL;	/* unknown */
	o = gpu_sample_json(&s);
	CHECK(json_integer_value(json_object_get(o, "index")) == 1);
	CHECK_STR(json_string_value(json_object_get(o, "name")),
	    "NVIDIA H100 80GB HBM3");
	CHECK(json_object_get(o, "util_gpu_pct") == NULL);
	CHECK(json_object_get(o, "mem_used_bytes") == NULL);
	CHECK(json_object_get(o, "temp_c") == NULL);
	CHECK(json_integer_value(json_object_get(o, "nprocs")) == 2);
	p = json_object_get(o, "procs");
	CHECK(json_array_size(p) == 2);
	CHECK(json_integer_value(json_object_get(json_array_get(p, 0),
	    "mem_bytes")) == 1 << 20);
	CHECK(json_object_get(json_array_get(p, 1), "mem_bytes") == NULL);
	json_decref(o);

	s.valid = GPU_V_UTIL | GPU_V_POWER;
	s.power_mw = 1500;
	o = gpu_sample_json(&s);
	CHECK(json_integer_value(json_object_get(o, "util_gpu_pct")) == 50);
	CHECK_NEAR(json_real_value(json_object_get(o, "power_w")), 1.5, 1e-9);
	CHECK(json_object_get(o, "power_limit_w") == NULL);
	CHECK(json_object_get(o, "name") == NULL);
	CHECK(json_object_get(o, "procs") == NULL);
	json_decref(o);
}

int
main(void)
{
	RUN(test_no_nvml);
	RUN(test_sample_text);
	RUN(test_sample_json);
	UNIT_DONE();
}
