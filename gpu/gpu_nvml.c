/*
 * gpu_nvml.c: reading the GPUs through NVML, loaded with dlopen.
 *
 * As nvtop does, this file declares the handful of NVML types and constants
 * it uses and keeps each entry point as a function pointer, so neither nvml.h
 * nor libnvidia-ml is needed to build. gpu_init() opens the library named by
 * $BASELINER_NVML, else "libnvidia-ml.so.1", resolves the symbols (the
 * versioned ones first, as nvml.h's macros would) and calls nvmlInit. Any
 * failure leaves the module uninitialised with a "no GPU: ..." cause.
 *
 * Every read fills what it can: a call NVML refuses (NOT_SUPPORTED on some
 * boards, NO_PERMISSION in containers) clears that field's valid bit and the
 * rest of the sample is still good. Only a handle that cannot be had at all
 * fails the read.
 *
 * This file needs libc and dlopen only (no jansson), so the CUDA harness can
 * link it too.
 */
#include "config.h"

#include <sys/types.h>

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gpu.h"
#include "util.h"

/* The parts of nvml.h that are used here (NVML's ABI is stable). */
typedef int nvmlReturn_t;
typedef struct gpu_nvml_device *nvmlDevice_t;
#define NVML_SUCCESS			0
#define NVML_ERROR_INSUFFICIENT_SIZE	7
#define NVML_TEMPERATURE_GPU		0
#define NVML_CLOCK_SM			1
#define NVML_CLOCK_MEM			2
#define NVML_DEVICE_NAME_BUFFER_SIZE	96
#define NVML_DEVICE_UUID_BUFFER_SIZE	96
#define NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE 80

typedef struct {
	unsigned int	gpu;
	unsigned int	memory;
} nvmlUtilization_t;

typedef struct {
	unsigned long long total;
	unsigned long long free;
	unsigned long long used;
} nvmlMemory_t;

/* nvmlProcessInfo_t of the _v2 and _v3 entry points. */
typedef struct {
	unsigned int		pid;
	unsigned long long	usedGpuMemory;
	unsigned int		gpuInstanceId;
	unsigned int		computeInstanceId;
} nvmlProcessInfo_t;

/* The original (v1) layout, for drivers older than 450. */
typedef struct {
	unsigned int		pid;
	unsigned long long	usedGpuMemory;
} nvmlProcessInfo_v1_t;

static struct {
	void		*dl;
	int		 count;
	char		 driver[NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE];
	int		 procs_v1;	/* the procs entry point is v1 */

	nvmlReturn_t	(*init)(void);
	nvmlReturn_t	(*shutdown)(void);
	const char	*(*error_string)(nvmlReturn_t);
	nvmlReturn_t	(*get_count)(unsigned int *);
	nvmlReturn_t	(*get_handle)(unsigned int, nvmlDevice_t *);
	nvmlReturn_t	(*get_driver)(char *, unsigned int);
	nvmlReturn_t	(*get_name)(nvmlDevice_t, char *, unsigned int);
	nvmlReturn_t	(*get_uuid)(nvmlDevice_t, char *, unsigned int);
	nvmlReturn_t	(*get_util)(nvmlDevice_t, nvmlUtilization_t *);
	nvmlReturn_t	(*get_mem)(nvmlDevice_t, nvmlMemory_t *);
	nvmlReturn_t	(*get_temp)(nvmlDevice_t, int, unsigned int *);
	nvmlReturn_t	(*get_power)(nvmlDevice_t, unsigned int *);
	nvmlReturn_t	(*get_power_limit)(nvmlDevice_t, unsigned int *);
	nvmlReturn_t	(*get_clock)(nvmlDevice_t, int, unsigned int *);
	nvmlReturn_t	(*get_procs)(nvmlDevice_t, unsigned int *, void *);
} gpu_nvml;

static const char *
gpu_nvml_error(nvmlReturn_t r)
{
	const char	*s;

	if (gpu_nvml.error_string != NULL &&
	    (s = gpu_nvml.error_string(r)) != NULL)
		return (s);
	return ("unknown NVML error");
}

/* Find the first of a list of symbol names (newest version first). */
static void *
gpu_nvml_sym(const char *const *names)
{
	void	*p;

	for (; *names != NULL; names++) {
		if ((p = dlsym(gpu_nvml.dl, *names)) != NULL)
			return (p);
	}
	return (NULL);
}

#define GPU_SYM(field, ...) do {					\
	static const char *const names_[] = { __VA_ARGS__, NULL };	\
	*(void **)&gpu_nvml.field = gpu_nvml_sym(names_);		\
} while (0)

static void
gpu_nvml_unload(void)
{
	void	*dl = gpu_nvml.dl;

	memset(&gpu_nvml, 0, sizeof gpu_nvml);
	if (dl != NULL)
		dlclose(dl);
}

int
gpu_init(char **cause)
{
	const char	*path;
	const char	*err;
	unsigned int	 n;
	nvmlReturn_t	 r;

	if (gpu_nvml.dl != NULL)
		return (0);
	path = getenv("BASELINER_NVML");
	if (path == NULL || *path == '\0')
		path = "libnvidia-ml.so.1";
	if ((gpu_nvml.dl = dlopen(path, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		err = dlerror();
		set_cause(cause, "no GPU: %s not found (%s)", path,
		    err != NULL ? err : "dlopen failed");
		return (-1);
	}

	GPU_SYM(init, "nvmlInit_v2", "nvmlInit");
	GPU_SYM(shutdown, "nvmlShutdown");
	GPU_SYM(error_string, "nvmlErrorString");
	GPU_SYM(get_count, "nvmlDeviceGetCount_v2", "nvmlDeviceGetCount");
	GPU_SYM(get_handle, "nvmlDeviceGetHandleByIndex_v2",
	    "nvmlDeviceGetHandleByIndex");
	GPU_SYM(get_driver, "nvmlSystemGetDriverVersion");
	GPU_SYM(get_name, "nvmlDeviceGetName");
	GPU_SYM(get_uuid, "nvmlDeviceGetUUID");
	GPU_SYM(get_util, "nvmlDeviceGetUtilizationRates");
	GPU_SYM(get_mem, "nvmlDeviceGetMemoryInfo");
	GPU_SYM(get_temp, "nvmlDeviceGetTemperature");
	GPU_SYM(get_power, "nvmlDeviceGetPowerUsage");
	GPU_SYM(get_power_limit, "nvmlDeviceGetEnforcedPowerLimit",
	    "nvmlDeviceGetPowerManagementLimit");
	GPU_SYM(get_clock, "nvmlDeviceGetClockInfo");
	GPU_SYM(get_procs, "nvmlDeviceGetComputeRunningProcesses_v3",
	    "nvmlDeviceGetComputeRunningProcesses_v2");
	if (gpu_nvml.get_procs == NULL) {
		GPU_SYM(get_procs, "nvmlDeviceGetComputeRunningProcesses");
		gpu_nvml.procs_v1 = 1;
	}

	if (gpu_nvml.init == NULL || gpu_nvml.get_count == NULL ||
	    gpu_nvml.get_handle == NULL) {
		set_cause(cause, "no GPU: %s is not a usable NVML library",
		    path);
		gpu_nvml_unload();
		return (-1);
	}
	if ((r = gpu_nvml.init()) != NVML_SUCCESS) {
		set_cause(cause, "no GPU: NVML did not start (%s)",
		    gpu_nvml_error(r));
		gpu_nvml_unload();
		return (-1);
	}
	if ((r = gpu_nvml.get_count(&n)) != NVML_SUCCESS) {
		set_cause(cause, "no GPU: NVML cannot count GPUs (%s)",
		    gpu_nvml_error(r));
		gpu_done();
		return (-1);
	}
	if (n == 0) {
		set_cause(cause, "no GPU: the driver reports none");
		gpu_done();
		return (-1);
	}
	gpu_nvml.count = (int)n;
	if (gpu_nvml.get_driver == NULL || gpu_nvml.get_driver(gpu_nvml.driver,
	    sizeof gpu_nvml.driver) != NVML_SUCCESS)
		gpu_nvml.driver[0] = '\0';
	return (0);
}

int
gpu_count(void)
{
	return (gpu_nvml.dl != NULL ? gpu_nvml.count : 0);
}

const char *
gpu_driver_version(void)
{
	if (gpu_nvml.dl == NULL || gpu_nvml.driver[0] == '\0')
		return (NULL);
	return (gpu_nvml.driver);
}

void
gpu_done(void)
{
	if (gpu_nvml.dl == NULL)
		return;
	if (gpu_nvml.shutdown != NULL)
		gpu_nvml.shutdown();
	gpu_nvml_unload();
}

static int
gpu_handle(int index, nvmlDevice_t *dev, char **cause)
{
	nvmlReturn_t	r;

	if (gpu_nvml.dl == NULL)
		return (set_cause(cause, "no GPU: NVML not initialised"));
	if (index < 0 || index >= gpu_nvml.count)
		return (set_cause(cause, "no GPU %d (there are %d)", index,
		    gpu_nvml.count));
	if ((r = gpu_nvml.get_handle((unsigned)index, dev)) != NVML_SUCCESS)
		return (set_cause(cause, "GPU %d: %s", index,
		    gpu_nvml_error(r)));
	return (0);
}

/*
 * Read the compute processes into s. NVML wants a buffer big enough for all
 * of them; it says how many there are when the buffer is too small, so read
 * into a buffer of that size and keep the first GPU_MAX_PROCS.
 */
static void
gpu_read_procs(nvmlDevice_t dev, struct gpu_sample *s)
{
	size_t			 width;
	unsigned int		 n, i, cap;
	unsigned char		*info;
	nvmlReturn_t		 r;
	nvmlProcessInfo_t	*p3;
	nvmlProcessInfo_v1_t	*p1;

	if (gpu_nvml.get_procs == NULL)
		return;
	width = gpu_nvml.procs_v1 ? sizeof *p1 : sizeof *p3;
	cap = 64;
	for (;;) {
		info = xcalloc(cap, width);
		n = cap;
		r = gpu_nvml.get_procs(dev, &n, info);
		if (r != NVML_ERROR_INSUFFICIENT_SIZE || n <= cap)
			break;
		free(info);
		cap = n + 8;	/* more may start between the calls */
	}
	if (r != NVML_SUCCESS) {
		free(info);
		return;
	}
	s->nprocs = (int)n;
	for (i = 0; i < n && i < GPU_MAX_PROCS; i++) {
		if (gpu_nvml.procs_v1) {
			p1 = (nvmlProcessInfo_v1_t *)info + i;
			s->procs[i].pid = p1->pid;
			s->procs[i].mem = p1->usedGpuMemory;
		} else {
			p3 = (nvmlProcessInfo_t *)info + i;
			s->procs[i].pid = p3->pid;
			s->procs[i].mem = p3->usedGpuMemory;
		}
	}
	s->valid |= GPU_V_PROCS;
	free(info);
}

int
gpu_read(int index, struct gpu_sample *s, char **cause)
{
	nvmlDevice_t		dev;
	nvmlUtilization_t	util;
	nvmlMemory_t		mem;
	unsigned int		v, w;

	memset(s, 0, sizeof *s);
	s->index = index;
	if (gpu_handle(index, &dev, cause) != 0)
		return (-1);

	if (gpu_nvml.get_name != NULL &&
	    gpu_nvml.get_name(dev, s->name, sizeof s->name) == NVML_SUCCESS) {
		s->valid |= GPU_V_NAME;
		if (gpu_nvml.get_uuid == NULL || gpu_nvml.get_uuid(dev,
		    s->uuid, sizeof s->uuid) != NVML_SUCCESS)
			s->uuid[0] = '\0';
	}
	if (gpu_nvml.get_util != NULL &&
	    gpu_nvml.get_util(dev, &util) == NVML_SUCCESS) {
		s->util_gpu = util.gpu;
		s->util_mem = util.memory;
		s->valid |= GPU_V_UTIL;
	}
	if (gpu_nvml.get_mem != NULL &&
	    gpu_nvml.get_mem(dev, &mem) == NVML_SUCCESS) {
		s->mem_used = mem.used;
		s->mem_total = mem.total;
		s->valid |= GPU_V_MEM;
	}
	if (gpu_nvml.get_temp != NULL && gpu_nvml.get_temp(dev,
	    NVML_TEMPERATURE_GPU, &v) == NVML_SUCCESS) {
		s->temp_c = v;
		s->valid |= GPU_V_TEMP;
	}
	if (gpu_nvml.get_power != NULL &&
	    gpu_nvml.get_power(dev, &v) == NVML_SUCCESS) {
		s->power_mw = v;
		if (gpu_nvml.get_power_limit != NULL &&
		    gpu_nvml.get_power_limit(dev, &w) == NVML_SUCCESS)
			s->power_limit_mw = w;
		s->valid |= GPU_V_POWER;
	}
	if (gpu_nvml.get_clock != NULL &&
	    gpu_nvml.get_clock(dev, NVML_CLOCK_SM, &v) == NVML_SUCCESS &&
	    gpu_nvml.get_clock(dev, NVML_CLOCK_MEM, &w) == NVML_SUCCESS) {
		s->clock_sm = v;
		s->clock_mem = w;
		s->valid |= GPU_V_CLOCKS;
	}
	gpu_read_procs(dev, s);
	return (0);
}

int
gpu_busy_pids(int index, unsigned *pids, int max)
{
	struct gpu_sample	s;
	int			i, n;

	if (gpu_read(index, &s, NULL) != 0 || !(s.valid & GPU_V_PROCS))
		return (-1);
	n = 0;
	for (i = 0; i < s.nprocs && i < GPU_MAX_PROCS && n < max; i++)
		pids[n++] = s.procs[i].pid;
	return (n);
}

int
gpu_find_uuid(const char *uuid)
{
	struct gpu_sample	s;
	int			i;

	for (i = 0; i < gpu_count(); i++) {
		if (gpu_read(i, &s, NULL) != 0 || !(s.valid & GPU_V_NAME))
			continue;
		if (strcasecmp(s.uuid, uuid) == 0)
			return (i);
	}
	return (-1);
}
