/*
 * gpu.h: GPU telemetry, the only view of the GPU the rest of baseliner has.
 *
 * NVML is loaded at run time with dlopen ("libnvidia-ml.so.1", or the path in
 * $BASELINER_NVML), so the program builds and runs on machines with no GPU
 * and no driver: gpu_init() then fails with a cause that starts "no GPU: ",
 * and gpu_count() is 0.
 *
 * A reading is a struct gpu_sample. Every field has a bit in "valid"; a
 * field whose bit is clear was not read (the driver refused, or the card does
 * not report it) and must not be shown. gpu_sample_json() and
 * gpu_sample_line() follow that rule, so a missing value is absent, never a
 * zero that looks real.
 *
 * Indexes are NVML's, which count every GPU in the machine and ignore
 * CUDA_VISIBLE_DEVICES; gpu_find_uuid() maps a CUDA device (by UUID) to its
 * NVML index.
 *
 * The functions are not thread-safe with respect to gpu_init()/gpu_done();
 * once initialised, gpu_read() may be called from one poller thread.
 */
#ifndef BASELINER_GPU_H
#define BASELINER_GPU_H

#ifdef __cplusplus
extern "C" {
#endif

#define GPU_MAX_PROCS 16

enum {
	GPU_V_NAME = 1 << 0,	/* name, uuid */
	GPU_V_UTIL = 1 << 1,	/* util_gpu, util_mem (percent) */
	GPU_V_MEM = 1 << 2,	/* mem_used, mem_total (bytes) */
	GPU_V_TEMP = 1 << 3,	/* temp_c */
	GPU_V_POWER = 1 << 4,	/* power_mw, power_limit_mw (0 if unknown) */
	GPU_V_CLOCKS = 1 << 5,	/* clock_sm, clock_mem (MHz) */
	GPU_V_PROCS = 1 << 6	/* nprocs, procs (compute processes) */
};

struct gpu_sample {
	int			 index;
	unsigned		 valid;
	char			 name[96];
	char			 uuid[96];
	unsigned		 util_gpu, util_mem;
	unsigned long long	 mem_used, mem_total;
	unsigned		 temp_c;
	unsigned		 power_mw, power_limit_mw;
	unsigned		 clock_sm, clock_mem;
	int			 nprocs;	/* may exceed GPU_MAX_PROCS */
	struct {
		unsigned		 pid;
		unsigned long long	 mem;	/* bytes; ~0ULL if unknown */
	} procs[GPU_MAX_PROCS];
};

/* jansson's json_t, without making every includer include jansson.h. */
struct json_t;

int		 gpu_init(char **cause);
int		 gpu_count(void);
int		 gpu_read(int index, struct gpu_sample *, char **cause);
struct json_t	*gpu_sample_json(const struct gpu_sample *);
char		*gpu_sample_line(const struct gpu_sample *);
/* From the JSON of gpu_sample_json (what clients get): the same line. */
void		 gpu_sample_from_json(struct json_t *, struct gpu_sample *);
char		*gpu_json_line(struct json_t *);
int		 gpu_busy_pids(int index, unsigned *pids, int max);
void		 gpu_done(void);

/* The NVML index of the GPU whose UUID is uuid ("GPU-..."), or -1. */
int		 gpu_find_uuid(const char *uuid);
/* The driver's version ("580.159.04"), or NULL when not initialised. */
const char	*gpu_driver_version(void);

#ifdef __cplusplus
}
#endif

#endif
