/*
 * prefix_harness.cu: bl-prefix-harness, the scorer of the prefix_sum task.
 *
 * It runs in its own process, started by the session server (or by hand),
 * so a kernel that faults or hangs takes down only this process, and the
 * score says why. The last line of stdout is always one JSON object,
 *
 *	{"score": ln(median ms) | null, "message": {...}, "details": {...}}
 *
 * and everything else (progress, compiler output) goes to stderr. score null
 * means invalid: message.reason says why.
 *
 * The steps, in order:
 *  1. Find the GPU. No driver or no device: "no GPU: ..." and exit 1.
 *  2. Quiet-GPU check through NVML (gpu.h): other processes computing on
 *     this GPU make the scorer wait, fail or mark the score (--busy).
 *  3. Compile $WORKDIR/solution.cu with nvcc for this card's architecture
 *     into a shared object in the scratch folder; dlopen it.
 *  4. Check the trusted GPU reference (prefix_gpu.cu) against the CPU
 *     reference (prefix_ref.c) at every edge size, on fresh random inputs.
 *  5. Call the solution at the edge sizes (1, 2, 3, 7, ..., 2^20 + 3), then
 *     at full size for warm-ups and timed calls. Every call gets a fresh
 *     input made on the GPU from a fresh seed, an output poisoned with a
 *     value no correct answer can take (guard words on both sides), an L2
 *     flush (by reading, so no dirty line is left to write back during the
 *     call), and a full check afterwards: every element against the
 *     reference, the input against its generator, the guard words. The
 *     warm-ups and timed calls run in --workers timing processes of their
 *     own (this program again, with --worker), a share of the calls each,
 *     going round --buffers placements of input and output; a verdict
 *     reached there (wrong answer, fault, timeout) is passed on as ours.
 *  6. Each timed call is bracketed by CUDA events on the stream it is given;
 *     a device-to-device copy of the same 800 MB is timed after each, so
 *     the bandwidth fraction compares like with like in the same run.
 *
 * A watchdog thread ends the process with a timeout line if one call runs
 * longer than --timeout seconds; signal handlers turn a crash in the
 * solution's host code into an invalid score with the signal's name.
 */
#include "config.h"

#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cuda_runtime.h>

extern "C" {
#include "util.h"
}
#include "gpu.h"
#include "hjson.h"
#include "prefix_gpu.h"
#include "prefix_ref.h"

#ifndef NVCC_PATH
#define NVCC_PATH "nvcc"
#endif

#define PH_GUARD	256		/* guard words each side of y (1 KiB) */
#define PH_POISON_A	((int32_t)0xa5a5a5a5)	/* |Y| <= 10 n never gets */
#define PH_POISON_B	((int32_t)0x5a5a5a5a)	/* near 2^31 for n <= 10^8 */
#define PH_TAIL		6000		/* compiler output kept, bytes */
#define PH_MAX_REPS	100
#define PH_MAX_BUFFERS	16

typedef void (*ph_fn)(const int32_t *, int32_t *, size_t, cudaStream_t);

enum ph_busy { PH_BUSY_MARK, PH_BUSY_WAIT, PH_BUSY_FAIL };

static struct {
	/* Options. */
	size_t		 n;
	int		 reps, warmups, buffers, workers;
	size_t		 spacing;	/* bytes held between two placements */
	double		 timeout, compile_timeout, wait_max;
	enum ph_busy	 busy;
	int		 verify_ref;
	const char	*workdir;

	/* What is known so far, for whatever line ends the run. */
	char		 gpu_name[256];
	char		 uuid[64];
	int		 cc_major, cc_minor;
	char		 arch[16];
	char		*compiler_output;
	int		 nvml_index;
	char		*nvml_cause;
	int		 contention;
	char		 contention_text[256];
	double		 compile_s;
	int		 done;		/* the result line has been printed */
} ph;

/* The watchdog and the signal handlers print prepared lines with write(2). */
static volatile double	ph_deadline;	/* mono_now() seconds; 0: disarmed */
static char		ph_timeout_line[1024];
static char		ph_signal_line[8][512];
static const int	ph_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL,
			    SIGABRT, SIGTRAP };
static const char	*ph_signal_names[] = { "SIGSEGV", "SIGBUS", "SIGFPE",
			    "SIGILL", "SIGABRT", "SIGTRAP" };

static void	ph_details(struct hjson *);

/* Append a fragment (members written at depth 0) to the open object. */
static void
ph_splice(struct hjson *j, struct hjson *frag)
{
	if (frag == NULL || frag->count[0] == 0)
		return;
	if (j->count[j->depth] > 0)
		buf_addstr(&j->b, ",");
	buf_addstr(&j->b, hjson_text(frag));
	j->count[j->depth] += frag->count[0];
}

/*
 * The result channel: fd BASELINER_RESULT_FD when the session server gives
 * one (then a line the solution prints on stdout is only log), else stdout.
 * Timing processes (--worker) write to stdout, read by their parent.
 */
static int	ph_out_fd = 1;

static void
ph_write_line(const char *text)
{
	size_t	 len = strlen(text), off = 0;
	ssize_t	 n;
	char	*line;

	line = (char *)malloc(len + 2);
	if (line == NULL)
		return;
	memcpy(line, text, len);
	line[len++] = '\n';
	while (off < len && ((n = write(ph_out_fd, line + off, len - off)) > 0 ||
	    (n == -1 && errno == EINTR)))
		off += n > 0 ? (size_t)n : 0;
	free(line);
}

/*
 * Print the result line (score NAN: invalid), with the message and details
 * fragments, and remember that it was printed.
 */
static void
ph_emit(double score, const char *reason, struct hjson *msg,
    struct hjson *extra)
{
	struct hjson	j;

	hjson_init(&j);
	hjson_object(&j, NULL);
	if (isnan(score))
		hjson_null(&j, "score");
	else
		hjson_num(&j, "score", score);
	hjson_object(&j, "message");
	if (reason != NULL)
		hjson_str(&j, "reason", reason);
	ph_splice(&j, msg);
	if (ph.compiler_output != NULL)
		hjson_str(&j, "compiler_output", ph.compiler_output);
	hjson_end(&j);
	hjson_object(&j, "details");
	ph_details(&j);
	ph_splice(&j, extra);
	hjson_end(&j);
	hjson_end(&j);
	fflush(stderr);
	fflush(stdout);
	ph_write_line(hjson_text(&j));
	hjson_done(&j);
	ph.done = 1;
}

/* An invalid result: print it, say it on stderr too, and exit. */
static void __attribute__((noreturn, format(printf, 2, 3)))
ph_invalid(int status, const char *fmt, ...)
{
	va_list	 ap;
	char	*reason;

	va_start(ap, fmt);
	reason = xvasprintf(fmt, ap);
	va_end(ap);
	fprintf(stderr, "bl-prefix-harness: %s\n", reason);
	ph_deadline = 0;
	ph_emit(NAN, reason, NULL, NULL);
	free(reason);
	fflush(stderr);
	_exit(status);
}

static void
ph_details(struct hjson *j)
{
	const char	*drv;

	hjson_str(j, "harness", "bl-prefix-harness " PACKAGE_VERSION);
	if (ph.gpu_name[0] != '\0') {
		hjson_object(j, "device");
		hjson_str(j, "name", ph.gpu_name);
		hjson_str(j, "uuid", ph.uuid);
		hjson_int(j, "cc_major", ph.cc_major);
		hjson_int(j, "cc_minor", ph.cc_minor);
		if ((drv = gpu_driver_version()) != NULL)
			hjson_str(j, "driver", drv);
		hjson_end(j);
	}
	if (ph.arch[0] != '\0')
		hjson_str(j, "arch", ph.arch);
	if (ph.compile_s > 0)
		hjson_num(j, "compile_s", ph.compile_s);
	hjson_str(j, "busy_mode", ph.busy == PH_BUSY_WAIT ? "wait" :
	    ph.busy == PH_BUSY_FAIL ? "fail" : "mark");
	hjson_bool(j, "contention", ph.contention);
	if (ph.contention_text[0] != '\0')
		hjson_str(j, "contention_detail", ph.contention_text);
	if (ph.nvml_cause != NULL)
		hjson_str(j, "telemetry", ph.nvml_cause);
}

static void
ph_atexit(void)
{
	if (!ph.done) {
		ph_emit(NAN, "the process exited during the solution's "
		    "call (exit() called by the solution?)", NULL, NULL);
	}
}

static void
ph_signal_cb(int sig)
{
	size_t	i;

	for (i = 0; i < nitems(ph_signals); i++) {
		if (ph_signals[i] == sig && !ph.done) {
			(void)!write(ph_out_fd, ph_signal_line[i],
			    strlen(ph_signal_line[i]));
			break;
		}
	}
	_exit(1);
}

static void *
ph_watchdog(void *arg)
{
	double	d;

	for (;;) {
		usleep(20000);
		d = ph_deadline;
		if (d > 0 && mono_now() > d && !ph.done) {
			(void)!write(2, "bl-prefix-harness: timeout\n", 27);
			(void)!write(ph_out_fd, ph_timeout_line,
			    strlen(ph_timeout_line));
			_exit(1);
		}
	}
	return (NULL);
}

/* Prepare a one-line invalid result with reason, for write() later. */
static void
ph_prepare_line(char *out, size_t len, const char *reason)
{
	struct hjson	j;

	hjson_init(&j);
	hjson_object(&j, NULL);
	hjson_null(&j, "score");
	hjson_object(&j, "message");
	hjson_str(&j, "reason", reason);
	hjson_end(&j);
	hjson_object(&j, "details");
	ph_details(&j);
	hjson_end(&j);
	hjson_end(&j);
	snprintf(out, len, "%s\n", hjson_text(&j));
	hjson_done(&j);
}

static void
ph_arm(double seconds, const char *what)
{
	char	*reason;

	reason = xasprintf("timeout: %s did not finish within %.0f s", what,
	    seconds);
	ph_prepare_line(ph_timeout_line, sizeof ph_timeout_line, reason);
	free(reason);
	ph_deadline = mono_now() + seconds;
}

static void
ph_disarm(void)
{
	ph_deadline = 0;
}

static void
ph_install_handlers(void)
{
	struct sigaction	sa;
	pthread_t		t;
	size_t			i;
	char			*reason;

	for (i = 0; i < nitems(ph_signals); i++) {
		reason = xasprintf("crash: the scorer process got %s (in the "
		    "solution's host code, or a CUDA library)",
		    ph_signal_names[i]);
		ph_prepare_line(ph_signal_line[i], sizeof ph_signal_line[i],
		    reason);
		free(reason);
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = ph_signal_cb;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < nitems(ph_signals); i++)
		sigaction(ph_signals[i], &sa, NULL);
	if (pthread_create(&t, NULL, ph_watchdog, NULL) != 0)
		fatalx("cannot start the watchdog thread");
	pthread_detach(t);
}

static uint64_t
ph_seed(void)
{
	uint64_t	s;

	if (getrandom(&s, sizeof s, 0) != (ssize_t)sizeof s)
		s = (uint64_t)wall_ms() ^ ((uint64_t)getpid() << 32);
	return (s);
}

#define PH_CUDA(call, what) do {					\
	cudaError_t e_ = (call);					\
	if (e_ != cudaSuccess)						\
		ph_invalid(1, "CUDA error %s: %s (%s)", (what),		\
		    cudaGetErrorString(e_), cudaGetErrorName(e_));	\
} while (0)

/* Step 1: is there a GPU at all? Fills ph.gpu_name and friends. */
static void
ph_find_gpu(void)
{
	cudaDeviceProp	 p;
	cudaError_t	 e;
	void		*dl;
	const char	*cvd;
	int		 count;
	const unsigned char *u;

	/* The runtime's own message for a missing driver is misleading. */
	if ((dl = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL)) == NULL) {
		ph_invalid(1, "no GPU: the CUDA driver (libcuda.so.1) is not "
		    "installed on this machine");
	}
	dlclose(dl);	/* the runtime loads it again for itself */
	if ((e = cudaGetDeviceCount(&count)) != cudaSuccess)
		ph_invalid(1, "no GPU: %s", cudaGetErrorString(e));
	if (count == 0) {
		cvd = getenv("CUDA_VISIBLE_DEVICES");
		ph_invalid(1, "no GPU: no CUDA device is visible%s%s%s",
		    cvd != NULL ? " (CUDA_VISIBLE_DEVICES=" : "",
		    cvd != NULL ? cvd : "", cvd != NULL ? ")" : "");
	}
	if (count > 1)
		fprintf(stderr, "bl-prefix-harness: %d GPUs visible, using "
		    "the first\n", count);
	PH_CUDA(cudaGetDeviceProperties(&p, 0), "reading the device");
	snprintf(ph.gpu_name, sizeof ph.gpu_name, "%s", p.name);
	ph.cc_major = p.major;
	ph.cc_minor = p.minor;
	u = (const unsigned char *)p.uuid.bytes;
	snprintf(ph.uuid, sizeof ph.uuid, "GPU-%02x%02x%02x%02x-%02x%02x-"
	    "%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2],
	    u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12],
	    u[13], u[14], u[15]);
	/* Hopper's own instructions (wgmma, setmaxnreg) need the "a" target. */
	if (p.major == 9 && p.minor == 0)
		snprintf(ph.arch, sizeof ph.arch, "90a");
	else
		snprintf(ph.arch, sizeof ph.arch, "%d%d", p.major, p.minor);
}

/*
 * Other processes computing on our GPU: 1 (and a description in text),
 * 0 if quiet, -1 if it cannot be told. A process that holds a context but
 * leaves the GPU idle (an idle notebook) does not count.
 */
static int
ph_busy_now(char *text, size_t len)
{
	struct gpu_sample	s;
	unsigned		util = 0;
	int			i, k, others = 0, off;

	if (ph.nvml_index < 0)
		return (-1);
	for (k = 0; k < 2; k++) {
		if (gpu_read(ph.nvml_index, &s, NULL) != 0 ||
		    !(s.valid & GPU_V_PROCS))
			return (-1);
		if ((s.valid & GPU_V_UTIL) && s.util_gpu > util)
			util = s.util_gpu;
		if (k == 0)
			usleep(200000);
	}
	off = snprintf(text, len, "pids");
	for (i = 0; i < s.nprocs && i < GPU_MAX_PROCS; i++) {
		if (s.procs[i].pid == (unsigned)getpid())
			continue;
		others++;
		if (off > 0 && (size_t)off < len)
			off += snprintf(text + off, len - off, " %u",
			    s.procs[i].pid);
	}
	if (others == 0 || util == 0) {
		text[0] = '\0';
		return (0);
	}
	if (off > 0 && (size_t)off < len)
		snprintf(text + off, len - off, " at %u%% utilization", util);
	return (1);
}

/* Step 2. */
/* NVML's index of the CUDA device found by ph_find_gpu, or -1 and why. */
static void
ph_nvml_open(void)
{
	ph.nvml_index = -1;
	if (gpu_init(&ph.nvml_cause) == 0) {
		ph.nvml_index = gpu_find_uuid(ph.uuid);
		if (ph.nvml_index < 0)
			ph.nvml_cause = xasprintf("NVML does not list %s",
			    ph.uuid);
	}
}

static void
ph_quiet_gpu(void)
{
	char	text[200];
	double	start = mono_now(), last = 0;
	int	b;

	ph_nvml_open();
	for (;;) {
		b = ph_busy_now(text, sizeof text);
		if (b <= 0)
			return;
		if (ph.busy == PH_BUSY_FAIL)
			ph_invalid(1, "GPU busy: other processes are computing "
			    "on it (%s); stop them and score again", text);
		if (ph.busy == PH_BUSY_MARK) {
			ph.contention = 1;
			snprintf(ph.contention_text,
			    sizeof ph.contention_text, "before timing: %s",
			    text);
			return;
		}
		if (mono_now() - start > ph.wait_max)
			ph_invalid(1, "GPU busy: still in use after waiting %.0f "
			    "s (%s)", ph.wait_max, text);
		if (mono_now() - last > 10) {
			fprintf(stderr, "bl-prefix-harness: waiting for the GPU "
			    "(%s)\n", text);
			last = mono_now();
		}
		sleep(1);
	}
}

/* Run argv with output to out (tail kept); returns exit status or -1. */
static int
ph_run(char **argv, const char *dir, double timeout, struct buf *out)
{
	int		 fds[2], status, r;
	pid_t		 pid;
	char		 chunk[4096];
	ssize_t		 got;
	struct pollfd	 pfd;
	double		 end = mono_now() + timeout;

	if (pipe(fds) != 0)
		return (-1);
	if ((pid = fork()) == -1)
		return (-1);
	if (pid == 0) {
		setpgid(0, 0);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		if (dir != NULL && chdir(dir) != 0)
			_exit(126);
		execvp(argv[0], argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0],
		    strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	for (;;) {
		r = poll(&pfd, 1, 200);
		if (r > 0) {
			got = read(fds[0], chunk, sizeof chunk);
			if (got <= 0)
				break;
			buf_add(out, chunk, (size_t)got);
			if (out->len > 4 * PH_TAIL)
				buf_drain(out, out->len - PH_TAIL);
		}
		if (mono_now() > end) {
			kill(-pid, SIGKILL);
			buf_addstr(out, "\n[killed: took too long]\n");
			break;
		}
	}
	close(fds[0]);
	if (waitpid(pid, &status, 0) == -1)
		return (-1);
	if (mono_now() > end)
		return (-1);
	return (WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

static const char *
ph_nvcc(void)
{
	const char	*s;
	static char	*found;

	if ((s = getenv("BASELINER_NVCC")) != NULL && *s != '\0')
		return (s);
	if (access(NVCC_PATH, X_OK) == 0)
		return (NVCC_PATH);
	if (found == NULL)
		found = find_in_path("nvcc");
	if (found != NULL)
		return (found);
	return ("/usr/local/cuda/bin/nvcc");
}

/*
 * Refuse a solution that defines what the harness uses to time and report:
 * a name found through the solution's handle whose definition lies in the
 * solution's own object. (Loaded RTLD_LOCAL it could not interpose these
 * on the harness anyway; this says so before anything runs.)
 */
static void
ph_check_symbols(void *dl, void *fn)
{
	static const char *const taken[] = {
		"clock_gettime", "gettimeofday", "time", "clock", "syscall",
		"clock_getres", "timespec_get", "cudaEventRecord",
		"cudaEventElapsedTime", "cudaEventSynchronize",
		"cudaEventCreate", "cudaEventQuery", "cudaStreamSynchronize",
		"cudaDeviceSynchronize", "cudaMemcpy", "cudaMemcpyAsync",
		"cudaMemset", "cudaMemsetAsync", "cudaLaunchKernel",
		"cudaGetLastError", "nvmlDeviceGetClockInfo", "write", "printf",
		"fprintf", "puts", "fputs", "fwrite", "exit", "_exit", "main",
		"atexit", "dlopen", "dlsym", "fork", "execv", "execve",
		"waitpid", "read", "getenv", NULL
	};
	Dl_info		 self, at;
	void		*p;
	size_t		 i;

	if (dladdr(fn, &self) == 0)
		return;
	for (i = 0; taken[i] != NULL; i++) {
		if ((p = dlsym(dl, taken[i])) == NULL || dladdr(p, &at) == 0)
			continue;
		if (at.dli_fbase == self.dli_fbase)
			ph_invalid(1, "solution.cu defines %s, which the "
			    "harness uses: not allowed", taken[i]);
	}
}

/* dlopen a compiled solution; returns its function. */
static ph_fn
ph_open_so(const char *so)
{
	void	*dl;
	ph_fn	 fn;

	if ((dl = dlopen(so, RTLD_NOW | RTLD_LOCAL)) == NULL)
		ph_invalid(1, "cannot load the compiled solution: %s",
		    dlerror());
	*(void **)&fn = dlsym(dl, "prefix_sum");
	if (fn == NULL)
		ph_invalid(1, "solution.cu does not export prefix_sum (declare "
		    "it extern \"C\")");
	ph_check_symbols(dl, (void *)fn);
	return (fn);
}

/*
 * Step 3: compile and load; returns the solution's function, and in *sop
 * the path of the shared object (for the timing processes).
 */
static ph_fn
ph_load(const char *scratch, char **sop)
{
	struct buf	 out;
	char		*src, *so, *gencode, *inc;
	char		*argv[16];
	ph_fn		 fn;
	double		 t0;
	int		 rc, ac = 0;
	size_t		 skip;

	src = path_join(ph.workdir, "solution.cu");
	if (!file_exists(src))
		ph_invalid(1, "no solution.cu in %s", ph.workdir);
	so = path_join(scratch, "solution.so");
	gencode = xasprintf("-gencode=arch=compute_%s,code=sm_%s", ph.arch,
	    ph.arch);
	inc = xasprintf("-I%s", ph.workdir);
	argv[ac++] = (char *)ph_nvcc();
	argv[ac++] = (char *)"-O3";
	argv[ac++] = (char *)"-std=c++17";
	argv[ac++] = (char *)"-shared";
	argv[ac++] = (char *)"-Xcompiler";
	argv[ac++] = (char *)"-fPIC";
	argv[ac++] = (char *)"-lineinfo";
	argv[ac++] = gencode;
	argv[ac++] = inc;
	argv[ac++] = (char *)"-o";
	argv[ac++] = so;
	argv[ac++] = src;
	argv[ac] = NULL;

	fprintf(stderr, "bl-prefix-harness: compiling with %s for sm_%s\n",
	    argv[0], ph.arch);
	buf_init(&out);
	t0 = mono_now();
	rc = ph_run(argv, ph.workdir, ph.compile_timeout, &out);
	ph.compile_s = mono_now() - t0;
	if (out.len > 0) {
		fprintf(stderr, "%s", buf_cstr(&out));
		skip = out.len > PH_TAIL ? out.len - PH_TAIL : 0;
		ph.compiler_output = xstrdup(buf_cstr(&out) + skip);
	}
	buf_done(&out);
	if (rc != 0)
		ph_invalid(1, "compile error: nvcc failed on solution.cu%s",
		    rc == -1 ? " (timed out or killed)" : "");
	free(ph.compiler_output);	/* warnings only: not shown when valid */
	ph.compiler_output = NULL;

	fn = ph_open_so(so);
	*sop = so;
	free(src);
	free(gencode);
	free(inc);
	return (fn);
}

/*
 * Buffers on the device, sized for the largest call. The timed calls go
 * round `buffers` pairs of input and output allocated apart (x and ybase
 * point at the pair in use): where the memory lands changes a
 * bandwidth-bound kernel's time by a few percent from one process to the
 * next, the copy's too, and a median over several placements is what makes
 * two scorings of the same code agree.
 */
static struct {
	int32_t		*xs[PH_MAX_BUFFERS], *ybases[PH_MAX_BUFFERS];
	int32_t		*x, *ybase, *y, *ref;
	void		*ref_scratch;
	void		*flush;
	size_t		 flush_bytes;
	struct pg_check	*check;
	cudaStream_t	 st;
	cudaEvent_t	 e0, e1;
} d;

static void
ph_use(int k)
{
	d.x = d.xs[k % ph.buffers];
	d.ybase = d.ybases[k % ph.buffers];
	d.y = d.ybase + PH_GUARD;
}

static void
ph_alloc(size_t nmax)
{
	int	l2 = 0;

	void	*spacer[PH_MAX_BUFFERS];
	int	 k;

	PH_CUDA(cudaSetDevice(0), "selecting the device");
	for (k = 0; k < ph.buffers; k++) {
		PH_CUDA(cudaMalloc(&d.xs[k], nmax * sizeof *d.x),
		    "allocating x");
		PH_CUDA(cudaMalloc(&d.ybases[k], (nmax + 2 * PH_GUARD) *
		    sizeof *d.y), "allocating y");
		/* Memory held between two placements puts the next one
		 * elsewhere in the card's memory; given back below. */
		spacer[k] = NULL;
		if (ph.spacing > 0 && cudaMalloc(&spacer[k], ph.spacing) !=
		    cudaSuccess) {
			spacer[k] = NULL;
			cudaGetLastError();
		}
	}
	for (k = 0; k < ph.buffers; k++)
		cudaFree(spacer[k]);
	ph_use(0);
	PH_CUDA(cudaMalloc(&d.ref, nmax * sizeof *d.ref), "allocating ref");
	PH_CUDA(cudaMalloc(&d.ref_scratch, pg_ref_scratch_bytes(nmax)),
	    "allocating scratch");
	PH_CUDA(cudaMalloc(&d.check, sizeof *d.check), "allocating");
	cudaDeviceGetAttribute(&l2, cudaDevAttrL2CacheSize, 0);
	d.flush_bytes = 2 * (size_t)(l2 > 0 ? l2 : 64 << 20);
	PH_CUDA(cudaMalloc(&d.flush, d.flush_bytes), "allocating");
	PH_CUDA(cudaMemset(d.flush, 1, d.flush_bytes), "allocating");
	/* A blocking stream: work a solution puts on stream 0 orders too. */
	PH_CUDA(cudaStreamCreate(&d.st), "creating a stream");
	PH_CUDA(cudaEventCreate(&d.e0), "creating events");
	PH_CUDA(cudaEventCreate(&d.e1), "creating events");
}

/* Fresh input, poisoned output, reference; returns the seed. */
static uint64_t
ph_prepare(size_t n, int32_t poison)
{
	uint64_t	seed = ph_seed();

	PH_CUDA(pg_generate(d.x, n, seed, d.st), "generating the input");
	PH_CUDA(pg_fill(d.ybase, n + 2 * PH_GUARD, poison, d.st),
	    "poisoning the output");
	PH_CUDA(pg_reference(d.x, d.ref, n, d.ref_scratch, d.st),
	    "in the reference");
	PH_CUDA(cudaStreamSynchronize(d.st), "preparing a call");
	return (seed);
}

/* Step 4: the GPU reference against the CPU reference at size n. */
static void
ph_check_reference(size_t n)
{
	int32_t		*hx, *hy, *href;
	size_t		 i;

	ph_prepare(n, PH_POISON_A);
	hx = (int32_t *)xcalloc(n, sizeof *hx);
	hy = (int32_t *)xcalloc(n, sizeof *hy);
	href = (int32_t *)xcalloc(n, sizeof *href);
	PH_CUDA(cudaMemcpy(hx, d.x, n * sizeof *hx, cudaMemcpyDeviceToHost),
	    "copying");
	PH_CUDA(cudaMemcpy(hy, d.ref, n * sizeof *hy, cudaMemcpyDeviceToHost),
	    "copying");
	gpu_prefix_ref(hx, href, n);
	if ((i = gpu_prefix_first_diff(href, hy, n)) != n)
		ph_invalid(1, "internal error: the GPU reference disagrees with "
		    "the CPU reference at n=%zu, index %zu (%d, %d)", n, i,
		    href[i], hy[i]);
	free(hx);
	free(hy);
	free(href);
}

/* Time and check one call of the solution at size n. */
struct ph_call {
	uint64_t	seed;
	float		ms;		/* CUDA events */
	double		wall_ms;	/* host clock, call to device idle */
};

static void
ph_call(ph_fn fn, size_t n, int32_t poison, const char *what,
    struct ph_call *c)
{
	struct pg_check	 r;
	cudaError_t	 e;
	double		 t0, t1;
	char		*label;

	c->seed = ph_prepare(n, poison);
	PH_CUDA(pg_evict(d.flush, d.flush_bytes, d.st), "flushing L2");
	PH_CUDA(cudaDeviceSynchronize(), "before the call");

	label = xasprintf("prefix_sum (%s, n=%zu)", what, n);
	ph_arm(ph.timeout, label);
	t0 = mono_now();
	cudaEventRecord(d.e0, d.st);
	fn(d.x, d.y, n, d.st);
	cudaEventRecord(d.e1, d.st);
	e = cudaDeviceSynchronize();
	t1 = mono_now();
	ph_disarm();
	if (e == cudaSuccess)
		e = cudaGetLastError();
	if (e != cudaSuccess)
		ph_invalid(1, "CUDA error in %s: %s (%s)", label,
		    cudaGetErrorString(e), cudaGetErrorName(e));
	PH_CUDA(cudaEventElapsedTime(&c->ms, d.e0, d.e1), "timing");
	c->wall_ms = (t1 - t0) * 1e3;

	PH_CUDA(pg_verify(d.x, c->seed, d.y, d.ref, n, d.ybase, PH_GUARD,
	    poison, d.check, &r, d.st), "checking the output");
	if (r.input != PG_NONE)
		ph_invalid(1, "wrong: %s modified its input x at index %llu",
		    label, r.input);
	if (r.wrong != PG_NONE) {
		ph_invalid(1, "wrong answer in %s: first wrong index %llu, "
		    "expected %d, got %d%s", label, r.wrong, r.expected, r.got,
		    r.got == poison ? " (never written)" : "");
	}
	if (r.guard != PG_NONE) {
		if (r.guard < PH_GUARD)
			ph_invalid(1, "wrong: %s wrote before y[0] (at y[-%llu])",
			    label, PH_GUARD - r.guard);
		ph_invalid(1, "wrong: %s wrote past the end of y (at y[%llu])",
		    label, (unsigned long long)n + (r.guard - PH_GUARD));
	}
	free(label);
}

static float
ph_copy(size_t n)
{
	float	ms;

	PH_CUDA(pg_evict(d.flush, d.flush_bytes, d.st), "flushing L2");
	PH_CUDA(cudaStreamSynchronize(d.st), "before the copy");
	cudaEventRecord(d.e0, d.st);
	PH_CUDA(cudaMemcpyAsync(d.y, d.x, n * sizeof *d.x,
	    cudaMemcpyDeviceToDevice, d.st), "copying");
	cudaEventRecord(d.e1, d.st);
	PH_CUDA(cudaStreamSynchronize(d.st), "after the copy");
	PH_CUDA(cudaEventElapsedTime(&ms, d.e0, d.e1), "timing the copy");
	return (ms);
}

/* What one timed call gave. */
struct ph_timed {
	double		ms;		/* CUDA events */
	double		wall;		/* host clock */
	double		copy;		/* the copy of the same bytes after it */
	uint64_t	seed;
	unsigned	sm, mem;	/* clocks (MHz) after it; 0 unknown */
};

/* Warm-ups, then count timed calls, each checked, into t[]. */
static void
ph_time_calls(ph_fn fn, int count, struct ph_timed *t)
{
	struct ph_call		c;
	struct gpu_sample	gs;
	int			k;

	for (k = 0; k < ph.warmups; k++) {
		ph_use(k);
		ph_call(fn, ph.n, k % 2 ? PH_POISON_B : PH_POISON_A, "warm-up",
		    &c);
	}
	for (k = 0; k < count; k++) {
		ph_use(k);
		ph_call(fn, ph.n, k % 2 ? PH_POISON_B : PH_POISON_A,
		    "timed call", &c);
		t[k].seed = c.seed;
		t[k].ms = c.ms;
		t[k].wall = c.wall_ms;
		t[k].copy = ph_copy(ph.n);
		/* The clocks the call ran at, for whoever asks why two
		 * scorings differ. */
		t[k].sm = t[k].mem = 0;
		if (ph.nvml_index >= 0 && gpu_read(ph.nvml_index, &gs,
		    NULL) == 0 && (gs.valid & GPU_V_CLOCKS)) {
			t[k].sm = gs.clock_sm;
			t[k].mem = gs.clock_mem;
		}
	}
}

/*
 * A timing process (--worker SO): the GPU, the compiled solution, its own
 * buffers, then warm-ups and the timed calls, one line each on stdout. A
 * wrong answer, a fault or a timeout ends it with the usual result line,
 * which the parent passes on. It dies with its parent.
 */
static void
ph_worker(const char *so)
{
	struct ph_timed	t[PH_MAX_REPS];
	ph_fn		fn;
	int		k;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		_exit(1);
	ph_find_gpu();
	ph_nvml_open();
	fn = ph_open_so(so);
	ph_alloc(ph.n);
	ph_time_calls(fn, ph.reps, t);
	for (k = 0; k < ph.reps; k++)
		printf("T %.6f %.6f %.6f %016llx %u %u\n", t[k].ms, t[k].wall,
		    t[k].copy, (unsigned long long)t[k].seed, t[k].sm,
		    t[k].mem);
	fflush(stdout);
	ph.done = 1;
	exit(0);
}

/*
 * The timed calls spread over ph.workers processes in turn, each with a
 * CUDA context of its own. On a bandwidth-bound kernel a whole process runs
 * in one of two speeds about 1.5% apart (the copy with it, whatever its
 * clocks or where its buffers are), so a median over calls from several
 * processes is what lets two scorings of the same code agree.
 */
static void
ph_time_in_workers(const char *so, struct ph_timed *t)
{
	struct buf	 out;
	char		 self[4096], *argv[20], num[6][32], *line, *next;
	char		*last;
	unsigned long long seed;
	ssize_t		 len;
	double		 limit;
	int		 w, count, got, k = 0, rc, ac;

	if ((len = readlink("/proc/self/exe", self, sizeof self - 1)) <= 0)
		ph_invalid(1, "cannot find the harness itself: %s",
		    strerror(errno));
	self[len] = '\0';
	for (w = 0; w < ph.workers; w++) {
		count = ph.reps / ph.workers + (w < ph.reps % ph.workers);
		if (count == 0)
			continue;
		snprintf(num[0], sizeof num[0], "%zu", ph.n);
		snprintf(num[1], sizeof num[1], "%d", count);
		snprintf(num[2], sizeof num[2], "%d", ph.warmups);
		snprintf(num[3], sizeof num[3], "%d", ph.buffers);
		snprintf(num[4], sizeof num[4], "%zu", ph.spacing >> 20);
		snprintf(num[5], sizeof num[5], "%g", ph.timeout);
		ac = 0;
		argv[ac++] = self;
		argv[ac++] = (char *)"--worker";
		argv[ac++] = (char *)so;
		argv[ac++] = (char *)"--n";
		argv[ac++] = num[0];
		argv[ac++] = (char *)"--reps";
		argv[ac++] = num[1];
		argv[ac++] = (char *)"--warmups";
		argv[ac++] = num[2];
		argv[ac++] = (char *)"--buffers";
		argv[ac++] = num[3];
		argv[ac++] = (char *)"--spacing";
		argv[ac++] = num[4];
		argv[ac++] = (char *)"--timeout";
		argv[ac++] = num[5];
		argv[ac] = NULL;
		limit = 60 + (count + ph.warmups) * (ph.timeout + 5);
		buf_init(&out);
		rc = ph_run(argv, NULL, limit, &out);
		got = 0;
		last = NULL;
		for (line = (char *)buf_cstr(&out); line != NULL; line = next) {
			if ((next = strchr(line, '\n')) != NULL)
				*next++ = '\0';
			if (line[0] == '{')
				last = line;
			else if (rc == 0 && k < ph.reps && sscanf(line,
			    "T %lf %lf %lf %llx %u %u", &t[k].ms, &t[k].wall,
			    &t[k].copy, &seed, &t[k].sm, &t[k].mem) == 6) {
				t[k++].seed = seed;
				got++;
			}
		}
		if (rc != 0 && last != NULL) {
			/* Its verdict (wrong answer, fault, timeout) is ours. */
			ph_write_line(last);
			ph.done = 1;
			fflush(stderr);
			_exit(1);
		}
		if (rc != 0 || got != count)
			ph_invalid(1, "timing process %d of %d failed (%s)",
			    w + 1, ph.workers, rc == -1 ? "killed or timed out" :
			    rc != 0 ? "exit status not 0" : "short output");
		buf_done(&out);
	}
}

static int
ph_cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

static double
ph_median(const double *v, int n)
{
	double	*s = (double *)xcalloc(n, sizeof *s);
	double	 m;

	memcpy(s, v, n * sizeof *s);
	qsort(s, n, sizeof *s, ph_cmp_double);
	m = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	free(s);
	return (m);
}

static void
ph_usage(int help)
{
	fprintf(help ? stdout : stderr, "usage: bl-prefix-harness [--n N] "
	    "[--reps R] [--warmups W] [--workers P] [--buffers K]\n    [--spacing MB] "
	    "[--timeout S] [--compile-timeout S] [--busy=wait|fail|mark]\n"
	    "    [--wait-max S] [--verify-ref] [WORKDIR]\n");
	if (help)
		printf("\nScores WORKDIR/solution.cu (default $BASELINER_WORKDIR) "
		    "for the prefix_sum task and\nprints one JSON result line "
		    "last; score null means invalid, message.reason says why.\n\n"
		    "  --n N              elements of the timed calls (10^8)\n"
		    "  --reps R           timed calls, median reported (12)\n"
		    "  --warmups W        untimed calls first, in each timing "
		    "process (3)\n"
		    "  --workers P        timing processes the timed calls are "
		    "spread over (3)\n"
		    "  --buffers K        input/output placements the calls go "
		    "round (4)\n"
		    "  --spacing MB       memory held between two placements (0)\n"
		    "  --timeout S        the most one call may take (10)\n"
		    "  --compile-timeout S  the most nvcc may take (300)\n"
		    "  --busy=MODE        other processes on the GPU: mark the "
		    "score, wait, or fail (mark)\n"
		    "  --wait-max S       with --busy=wait, the longest wait (300)\n"
		    "  --verify-ref       also check the GPU reference against the "
		    "CPU at full size\n");
	ph.done = 1;
	exit(help ? 0 : 2);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "n", required_argument, NULL, 'n' },
		{ "reps", required_argument, NULL, 'r' },
		{ "warmups", required_argument, NULL, 'w' },
		{ "buffers", required_argument, NULL, 'k' },
		{ "spacing", required_argument, NULL, 's' },
		{ "workers", required_argument, NULL, 'W' },
		{ "worker", required_argument, NULL, 'X' },
		{ "timeout", required_argument, NULL, 't' },
		{ "compile-timeout", required_argument, NULL, 'c' },
		{ "busy", required_argument, NULL, 'b' },
		{ "wait-max", required_argument, NULL, 'm' },
		{ "verify-ref", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const size_t edges[] = { 1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31,
	    32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257, 511, 512, 513,
	    1000, 1023, 1024, 1025, 2047, 2048, 2049, 4095, 4096, 4097, 8191,
	    8192, 8193, 12345, 65535, 65536, 65537, 100003, (1 << 20) - 1,
	    1 << 20, (1 << 20) + 3, 3000017 };
	struct ph_call	 c;
	struct hjson	 m, x;
	const char	*s, *scratch;
	char		*tmp = NULL, *end, text[200];
	double		 ms[PH_MAX_REPS], wall[PH_MAX_REPS], copy[PH_MAX_REPS];
	double		 ev[PH_MAX_REPS], med, cmed, lo, hi, gbs, cgbs, mean, sd;
	unsigned	 sm[PH_MAX_REPS], mem[PH_MAX_REPS];
	struct ph_timed	 t[PH_MAX_REPS];
	char		*so = NULL;
	const char	*worker = NULL;
	uint64_t	 seeds[PH_MAX_REPS];
	size_t		 nmax, i;
	int		 ch, k, hosttimed = 0;

	ph.n = 100000000;
	ph.reps = 12;
	ph.warmups = 3;
	ph.buffers = 4;
	ph.workers = 3;
	ph.timeout = 10;
	ph.compile_timeout = 300;
	ph.wait_max = 300;
	ph.busy = PH_BUSY_MARK;
	ph.nvml_index = -1;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			ph.n = strtoull(optarg, &end, 10);
			if (*end != '\0' || ph.n == 0)
				ph_usage(0);
			break;
		case 'r':
			ph.reps = atoi(optarg);
			if (ph.reps < 1 || ph.reps > PH_MAX_REPS)
				ph_usage(0);
			break;
		case 'w':
			ph.warmups = atoi(optarg);
			if (ph.warmups < 0)
				ph_usage(0);
			break;
		case 'k':
			ph.buffers = atoi(optarg);
			if (ph.buffers < 1 || ph.buffers > PH_MAX_BUFFERS)
				ph_usage(0);
			break;
		case 'W':
			ph.workers = atoi(optarg);
			if (ph.workers < 1 || ph.workers > PH_MAX_REPS)
				ph_usage(0);
			break;
		case 'X':
			worker = optarg;
			break;
		case 's':
			ph.spacing = strtoull(optarg, &end, 10) << 20;
			if (*end != '\0')
				ph_usage(0);
			break;
		case 't':
			ph.timeout = atof(optarg);
			break;
		case 'c':
			ph.compile_timeout = atof(optarg);
			break;
		case 'm':
			ph.wait_max = atof(optarg);
			break;
		case 'b':
			if (strcmp(optarg, "wait") == 0)
				ph.busy = PH_BUSY_WAIT;
			else if (strcmp(optarg, "fail") == 0)
				ph.busy = PH_BUSY_FAIL;
			else if (strcmp(optarg, "mark") == 0)
				ph.busy = PH_BUSY_MARK;
			else
				ph_usage(0);
			break;
		case 'v':
			ph.verify_ref = 1;
			break;
		case 'h':
			ph_usage(1);
			break;
		default:
			ph_usage(0);
		}
	}
	if (optind + 1 < argc)
		ph_usage(0);
	if (optind < argc)
		ph.workdir = argv[optind];
	else if ((s = getenv("BASELINER_WORKDIR")) != NULL && *s != '\0')
		ph.workdir = s;
	else
		ph.workdir = ".";

	if ((s = getenv("BASELINER_RESULT_FD")) != NULL && *s != '\0' &&
	    atoi(s) > 2) {
		if (worker != NULL)
			close(atoi(s));	/* the parent's, not a worker's */
		else
			ph_out_fd = atoi(s);
	}
	atexit(ph_atexit);
	ph_install_handlers();
	if (worker != NULL)
		ph_worker(worker);

	/* 1, 2, 3: the GPU, quiet, and the solution built for it. */
	ph_find_gpu();
	fprintf(stderr, "bl-prefix-harness: %s (sm_%s), n = %zu\n",
	    ph.gpu_name, ph.arch, ph.n);
	ph_quiet_gpu();
	if ((scratch = getenv("BASELINER_SCRATCH")) == NULL ||
	    *scratch == '\0') {
		tmp = xstrdup("/tmp/bl-prefix-XXXXXX");
		if (mkdtemp(tmp) == NULL)
			ph_invalid(1, "cannot make a scratch folder: %s",
			    strerror(errno));
		scratch = tmp;
	}
	ph_fn fn = ph_load(scratch, &so);

	nmax = ph.n;
	for (i = 0; i < nitems(edges); i++) {
		if (edges[i] > nmax)
			nmax = edges[i];
	}
	/* With timing processes, this one only makes the edge-size calls. */
	k = ph.buffers;
	if (ph.workers > 1)
		ph.buffers = 1;
	ph_alloc(nmax);
	ph.buffers = k;

	/* 4: the reference, checked at every edge size (and n if asked). */
	for (i = 0; i < nitems(edges); i++)
		ph_check_reference(edges[i]);
	if (ph.verify_ref) {
		ph_check_reference(ph.n);
		fprintf(stderr, "bl-prefix-harness: GPU reference verified "
		    "against the CPU at n = %zu\n", ph.n);
	}

	/* 5: edge sizes, then warm-ups, then timed calls, each checked. */
	for (i = 0; i < nitems(edges); i++)
		ph_call(fn, edges[i], i % 2 ? PH_POISON_B : PH_POISON_A,
		    "edge size", &c);
	if (ph.workers > 1)
		ph_time_in_workers(so, t);
	else
		ph_time_calls(fn, ph.reps, t);
	for (k = 0; k < ph.reps; k++) {
		seeds[k] = t[k].seed;
		ms[k] = ev[k] = t[k].ms;
		wall[k] = t[k].wall;
		/*
		 * Work the solution hid on a stream of its own escapes the
		 * events: then the host clock (which waited for the whole
		 * device) is the honest time.
		 */
		if (t[k].wall > 1.5 * t[k].ms + 0.05) {
			ms[k] = t[k].wall;
			hosttimed++;
		}
		copy[k] = t[k].copy;
		sm[k] = t[k].sm;
		mem[k] = t[k].mem;
	}
	if (ph.busy == PH_BUSY_MARK && ph_busy_now(text, sizeof text) > 0) {
		ph.contention = 1;
		snprintf(ph.contention_text + strlen(ph.contention_text),
		    sizeof ph.contention_text - strlen(ph.contention_text),
		    "%safter timing: %s",
		    ph.contention_text[0] != '\0' ? "; " : "", text);
	}

	/* 6: the result. */
	med = ph_median(ms, ph.reps);
	cmed = ph_median(copy, ph.reps);
	lo = hi = ms[0];
	mean = sd = 0;
	for (k = 0; k < ph.reps; k++) {
		lo = ms[k] < lo ? ms[k] : lo;
		hi = ms[k] > hi ? ms[k] : hi;
		mean += log(ms[k]) / ph.reps;
	}
	for (k = 0; k < ph.reps; k++)
		sd += (log(ms[k]) - mean) * (log(ms[k]) - mean);
	sd = ph.reps > 1 ? sqrt(sd / (ph.reps - 1)) : 0;
	gbs = 8.0 * ph.n / (med * 1e-3) / 1e9;
	cgbs = 8.0 * ph.n / (cmed * 1e-3) / 1e9;

	hjson_init(&m);
	hjson_num(&m, "ms", med);
	hjson_num(&m, "ln_ms", log(med));
	hjson_num(&m, "ms_min", lo);
	hjson_num(&m, "ms_max", hi);
	hjson_num(&m, "spread_ln", log(hi) - log(lo));
	hjson_int(&m, "reps", ph.reps);
	hjson_int(&m, "n", (long long)ph.n);
	hjson_num(&m, "bandwidth_gbs", gbs);
	hjson_num(&m, "copy_ms", cmed);
	hjson_num(&m, "copy_gbs", cgbs);
	hjson_num(&m, "fraction_of_copy", cmed / med);
	hjson_int(&m, "edge_sizes_checked", (long long)nitems(edges));
	hjson_str(&m, "gpu", ph.gpu_name);
	if (hosttimed > 0)
		hjson_str(&m, "note", "work ran outside the given stream: "
		    "those calls were timed by the host clock");
	if (ph.contention)
		hjson_str(&m, "contention", "another process was computing "
		    "on this GPU: the time may be slower than on a quiet GPU");
	hjson_array(&m, "times_ms");
	for (k = 0; k < ph.reps; k++)
		hjson_num(&m, NULL, ms[k]);
	hjson_end(&m);

	/* Details: hidden from the participant, kept for researchers. */
	hjson_init(&x);
	hjson_int(&x, "warmups", ph.warmups);
	hjson_int(&x, "buffers", ph.buffers);
	hjson_int(&x, "workers", ph.workers);
	hjson_int(&x, "spacing_mb", (long long)(ph.spacing >> 20));
	hjson_int(&x, "host_timed_calls", hosttimed);
	hjson_num(&x, "ln_ms_stdev", sd);
	hjson_array(&x, "seeds");
	for (k = 0; k < ph.reps; k++) {
		snprintf(text, sizeof text, "%016llx",
		    (unsigned long long)seeds[k]);
		hjson_str(&x, NULL, text);
	}
	hjson_end(&x);
	hjson_array(&x, "event_ms");
	for (k = 0; k < ph.reps; k++)
		hjson_num(&x, NULL, ev[k]);
	hjson_end(&x);
	hjson_array(&x, "wall_ms");
	for (k = 0; k < ph.reps; k++)
		hjson_num(&x, NULL, wall[k]);
	hjson_end(&x);
	hjson_array(&x, "copy_ms");
	for (k = 0; k < ph.reps; k++)
		hjson_num(&x, NULL, copy[k]);
	hjson_end(&x);
	hjson_array(&x, "clock_sm_mhz");
	for (k = 0; k < ph.reps; k++)
		hjson_int(&x, NULL, sm[k]);
	hjson_end(&x);
	hjson_array(&x, "clock_mem_mhz");
	for (k = 0; k < ph.reps; k++)
		hjson_int(&x, NULL, mem[k]);
	hjson_end(&x);

	ph_emit(log(med), NULL, &m, &x);
	hjson_done(&x);
	hjson_done(&m);
	if (tmp != NULL)
		rm_rf(tmp);
	/* No exit handlers (the solution's included) after the result. */
	fflush(stdout);
	fflush(stderr);
	_exit(0);
}
