/*
 * fake_nvml.c: an NVML of N GPUs that are not there, for testing on machines
 * without a GPU what baseliner does on hosts with several: which GPUs a
 * session gets, which ones its scorer and shells see, whose state its rows
 * carry. Loaded as the real one is ($BASELINER_NVML names it).
 *
 *	FAKE_NVML_GPUS	how many GPUs (default 2)
 *	FAKE_NVML_BUSY	a file of lines "INDEX PID UTIL": GPU INDEX runs the
 *			process PID at UTIL percent (read at every call)
 *
 * Only what gpu_nvml.c resolves is here, with NVML's signatures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int nvmlReturn_t;
typedef struct fake_device *nvmlDevice_t;
typedef struct { unsigned int gpu, memory; } nvmlUtilization_t;
typedef struct { unsigned long long total, free, used; } nvmlMemory_t;
typedef struct {
	unsigned int		pid;
	unsigned long long	usedGpuMemory;
	unsigned int		gpuInstanceId;
	unsigned int		computeInstanceId;
} nvmlProcessInfo_t;

#define OK		0
#define BAD_ARG		2
#define SMALL		7	/* NVML_ERROR_INSUFFICIENT_SIZE */
#define FAKE_MAX	16

nvmlReturn_t nvmlInit_v2(void);
nvmlReturn_t nvmlShutdown(void);
const char *nvmlErrorString(nvmlReturn_t);
nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *);
nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int, nvmlDevice_t *);
nvmlReturn_t nvmlSystemGetDriverVersion(char *, unsigned int);
nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t, char *, unsigned int);
nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t, char *, unsigned int);
nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t, nvmlUtilization_t *);
nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t, nvmlMemory_t *);
nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t, int, unsigned int *);
nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t, unsigned int *);
nvmlReturn_t nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t, unsigned int *);
nvmlReturn_t nvmlDeviceGetClockInfo(nvmlDevice_t, int, unsigned int *);
nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_t,
    unsigned int *, nvmlProcessInfo_t *);

static unsigned int
fake_count(void)
{
	const char	*s = getenv("FAKE_NVML_GPUS");
	int		 n = s != NULL ? atoi(s) : 2;

	return (n < 0 ? 0 : n > FAKE_MAX ? FAKE_MAX : (unsigned int)n);
}

/* A handle is its index plus one, never dereferenced. */
static int
fake_index(nvmlDevice_t d)
{
	long	i = (long)(size_t)d - 1;

	return (i >= 0 && i < (long)fake_count() ? (int)i : -1);
}

/* The processes and utilization FAKE_NVML_BUSY gives GPU i. */
static int
fake_busy(int i, unsigned int *pids, int max, unsigned int *util)
{
	const char	*path = getenv("FAKE_NVML_BUSY");
	FILE		*f;
	int		 idx, n = 0;
	unsigned int	 pid, u;

	*util = 0;
	if (path == NULL || (f = fopen(path, "r")) == NULL)
		return (0);
	while (fscanf(f, "%d %u %u", &idx, &pid, &u) == 3) {
		if (idx != i)
			continue;
		if (n < max)
			pids[n] = pid;
		n++;
		if (u > *util)
			*util = u;
	}
	fclose(f);
	return (n);
}

nvmlReturn_t nvmlInit_v2(void) { return (OK); }
nvmlReturn_t nvmlShutdown(void) { return (OK); }
const char *nvmlErrorString(nvmlReturn_t r) { return (r ? "fake error" : "ok"); }

nvmlReturn_t
nvmlDeviceGetCount_v2(unsigned int *n)
{
	*n = fake_count();
	return (OK);
}

nvmlReturn_t
nvmlDeviceGetHandleByIndex_v2(unsigned int i, nvmlDevice_t *d)
{
	if (i >= fake_count())
		return (BAD_ARG);
	*d = (nvmlDevice_t)(size_t)(i + 1);
	return (OK);
}

nvmlReturn_t
nvmlSystemGetDriverVersion(char *buf, unsigned int len)
{
	snprintf(buf, len, "fake-1.0");
	return (OK);
}

nvmlReturn_t
nvmlDeviceGetName(nvmlDevice_t d, char *buf, unsigned int len)
{
	if (fake_index(d) < 0)
		return (BAD_ARG);
	snprintf(buf, len, "Fake GPU");
	return (OK);
}

nvmlReturn_t
nvmlDeviceGetUUID(nvmlDevice_t d, char *buf, unsigned int len)
{
	if (fake_index(d) < 0)
		return (BAD_ARG);
	snprintf(buf, len, "GPU-fake-%04d", fake_index(d));
	return (OK);
}

nvmlReturn_t
nvmlDeviceGetUtilizationRates(nvmlDevice_t d, nvmlUtilization_t *u)
{
	unsigned int	pids[1];

	if (fake_index(d) < 0)
		return (BAD_ARG);
	fake_busy(fake_index(d), pids, 1, &u->gpu);
	u->memory = u->gpu / 2;
	return (OK);
}

nvmlReturn_t
nvmlDeviceGetMemoryInfo(nvmlDevice_t d, nvmlMemory_t *m)
{
	if (fake_index(d) < 0)
		return (BAD_ARG);
	m->total = 80ULL << 30;
	m->used = 1ULL << 30;
	m->free = m->total - m->used;
	return (OK);
}

nvmlReturn_t
nvmlDeviceGetTemperature(nvmlDevice_t d, int sensor, unsigned int *t)
{
	*t = 30 + (unsigned int)fake_index(d);
	return (fake_index(d) < 0 ? BAD_ARG : OK);
}

nvmlReturn_t
nvmlDeviceGetPowerUsage(nvmlDevice_t d, unsigned int *mw)
{
	*mw = 70000;
	return (fake_index(d) < 0 ? BAD_ARG : OK);
}

nvmlReturn_t
nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t d, unsigned int *mw)
{
	*mw = 700000;
	return (fake_index(d) < 0 ? BAD_ARG : OK);
}

nvmlReturn_t
nvmlDeviceGetClockInfo(nvmlDevice_t d, int which, unsigned int *mhz)
{
	*mhz = which == 2 ? 2619 : 1980;
	return (fake_index(d) < 0 ? BAD_ARG : OK);
}

nvmlReturn_t
nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_t d, unsigned int *n,
    nvmlProcessInfo_t *p)
{
	unsigned int	pids[FAKE_MAX], util;
	int		i, k;

	if ((i = fake_index(d)) < 0)
		return (BAD_ARG);
	k = fake_busy(i, pids, FAKE_MAX, &util);
	if (k > FAKE_MAX)
		k = FAKE_MAX;
	if ((unsigned int)k > *n) {
		*n = (unsigned int)k;
		return (SMALL);
	}
	for (*n = 0; (int)*n < k; (*n)++) {
		memset(&p[*n], 0, sizeof p[*n]);
		p[*n].pid = pids[*n];
		p[*n].usedGpuMemory = 1ULL << 30;
	}
	return (OK);
}
