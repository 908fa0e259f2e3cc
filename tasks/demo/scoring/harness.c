/*
 * harness.c: checks and times the participant's prefix_sum, which runs in
 * another process (worker.c linked with solution.c), so that nothing of
 * the solution runs here: not its constructors, not its destructors, not
 * a clock_gettime or printf it defines.
 *
 * Buffers are shared memory (a memfd). For each call the worker's process
 * group is stopped (SIGSTOP, confirmed by waitpid) while the input is
 * filled and the output poisoned; the clock is read, the group continued
 * and told n; the clock is read again when the worker's byte comes back,
 * and the group is stopped again before the output is compared, so no
 * thread the solution left running can finish the work after the call.
 * Clocks are taken with the clock_gettime system call itself (inline
 * syscall instruction where we know it, no vDSO, no library symbol).
 *
 * A fresh seed from /dev/urandom each run; exact comparison with a trusted
 * reference on 10^7 elements, on edge sizes and after every timed call;
 * ln(median ms) of 7 timed calls is the raw score. The result is written
 * with one write(2) to the result channel (fd BASELINER_RESULT_FD, else
 * stdout) and the harness ends with _exit.
 *
 * usage: harness WORKER
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define N	10000000
#define RUNS	7

static uint64_t	rng, seed;
static int	result_fd = 1;
static pid_t	worker = -1;
static int	cmd_fd = -1, ack_fd = -1;

static uint64_t
next(void)
{
	/* splitmix64 */
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (z ^ (z >> 31));
}

static void
fill(int32_t *x, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		x[i] = (int32_t)(next() % 20) - 10;	/* [-10, 9] */
}

/* The trusted reference: the definition, one element at a time. */
static void
reference(const int32_t *x, int32_t *y, size_t n)
{
	int64_t	sum = 0;
	size_t	i, pos = 0;

	for (i = 0; i < n; i++) {
		if (pos & 1)
			sum += x[i];
		y[i] = (int32_t)(uint32_t)(uint64_t)sum;
		pos += x[i] > 0;
	}
}

/* CLOCK_MONOTONIC straight from the kernel. */
static double
now_ms(void)
{
	struct timespec	ts;
#if defined(__x86_64__)
	long		ret;

	__asm__ volatile ("syscall" : "=a" (ret) : "0" ((long)SYS_clock_gettime),
	    "D" ((long)CLOCK_MONOTONIC), "S" (&ts) : "rcx", "r11", "memory");
#elif defined(__aarch64__)
	register long x8 __asm__("x8") = SYS_clock_gettime;
	register long x0 __asm__("x0") = CLOCK_MONOTONIC;
	register long x1 __asm__("x1") = (long)&ts;

	__asm__ volatile ("svc 0" : "+r" (x0) : "r" (x8), "r" (x1) : "memory");
#else
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
#endif
	return (ts.tv_sec * 1e3 + ts.tv_nsec / 1e6);
}

static int
cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

/* Write the result line in one piece and end, the worker with us. */
static void
finish(const char *fmt, ...)
{
	char	line[2048];
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof line - 1, fmt, ap);
	va_end(ap);
	if (n < 0 || n >= (int)sizeof line - 1)
		n = snprintf(line, sizeof line - 1, "{\"score\": null, "
		    "\"message\": {\"reason\": \"result too long\"}}");
	line[n++] = '\n';
	if (worker > 0) {
		kill(-worker, SIGKILL);
		waitpid(worker, NULL, 0);
	}
	if (write(result_fd, line, n) != n)
		_exit(1);
	_exit(0);
}

static void
stop_worker(void)
{
	int	status = 0;

	kill(-worker, SIGSTOP);
	if (waitpid(worker, &status, WUNTRACED) != worker ||
	    !WIFSTOPPED(status))
		finish("{\"score\": null, \"message\": {\"reason\": \"the "
		    "solution's process ended (%s %d)\"}}",
		    WIFSIGNALED(status) ? "signal" : "status",
		    WIFSIGNALED(status) ? WTERMSIG(status) :
		    WEXITSTATUS(status));
}

/* One call of the solution on n elements; its time in ms. */
static double
call(size_t n)
{
	uint64_t	m = n;
	double		t0, t1;
	char		ack;
	int		status;

	t0 = now_ms();
	kill(-worker, SIGCONT);
	if (write(cmd_fd, &m, sizeof m) != (ssize_t)sizeof m ||
	    read(ack_fd, &ack, 1) != 1) {
		waitpid(worker, &status, 0);
		finish("{\"score\": null, \"message\": {\"reason\": \"the "
		    "solution crashed (%s %d)\"}, \"details\": {\"seed\": "
		    "\"%llu\"}}", WIFSIGNALED(status) ? "signal" : "status",
		    WIFSIGNALED(status) ? WTERMSIG(status) :
		    WEXITSTATUS(status), (unsigned long long)seed);
	}
	t1 = now_ms();
	stop_worker();
	return (t1 - t0);
}

static void
check(const int32_t *x, const int32_t *y, int32_t *want, size_t n,
    const char *when)
{
	size_t	i;

	reference(x, want, n);
	for (i = 0; i < n; i++) {
		if (y[i] != want[i])
			finish("{\"score\": null, \"message\": {\"reason\": "
			    "\"wrong output%s at index %zu of %zu: expected "
			    "%d, got %d\"}, \"details\": {\"seed\": \"%llu\"}}",
			    when, i, n, want[i], y[i],
			    (unsigned long long)seed);
	}
}

static void
start_worker(const char *path, int mem)
{
	int	cmd[2], ack[2], fd;

	if (pipe(cmd) != 0 || pipe(ack) != 0)
		finish("{\"score\": null, \"message\": {\"reason\": \"no "
		    "pipes\"}}");
	if ((worker = fork()) == -1)
		finish("{\"score\": null, \"message\": {\"reason\": \"fork "
		    "failed\"}}");
	if (worker == 0) {
		setpgid(0, 0);
		/* fd 3 memory, 4 commands, 5 acks; nothing else of ours. */
		if (dup2(mem, 10) == -1 || dup2(cmd[0], 11) == -1 ||
		    dup2(ack[1], 12) == -1 || dup2(10, 3) == -1 ||
		    dup2(11, 4) == -1 || dup2(12, 5) == -1 ||
		    dup2(2, 1) == -1)
			_exit(127);
		for (fd = 6; fd < 1024; fd++)
			close(fd);
		execl(path, path, (char *)NULL);
		_exit(127);
	}
	setpgid(worker, worker);
	close(cmd[0]);
	close(ack[1]);
	cmd_fd = cmd[1];
	ack_fd = ack[0];
	stop_worker();
}

int
main(int argc, char **argv)
{
	static const size_t edges[] = { 1, 2, 3, 7, 1000, 65537 };
	int32_t		*x, *y, *want;
	double		 t[RUNS], med;
	const char	*e;
	char		 runs[256];
	FILE		*f;
	size_t		 i, off;
	int		 mem;

	if ((e = getenv("BASELINER_RESULT_FD")) != NULL && *e != '\0')
		result_fd = atoi(e);
	signal(SIGPIPE, SIG_IGN);
	if (argc != 2)
		finish("{\"score\": null, \"message\": {\"reason\": \"usage: "
		    "harness WORKER\"}}");
	if (getenv("LD_PRELOAD") != NULL || getenv("LD_AUDIT") != NULL)
		finish("{\"score\": null, \"message\": {\"reason\": \"the "
		    "scorer runs under LD_PRELOAD or LD_AUDIT: refused\"}}");
	if ((f = fopen("/dev/urandom", "rb")) == NULL ||
	    fread(&seed, sizeof seed, 1, f) != 1)
		finish("{\"score\": null, \"message\": {\"reason\": \"no "
		    "random seed\"}}");
	fclose(f);
	rng = seed;
	if ((mem = memfd_create("prefix_sum", 0)) == -1 ||
	    ftruncate(mem, 2 * (off_t)N * sizeof *x) != 0 ||
	    (x = mmap(NULL, 2 * (size_t)N * sizeof *x, PROT_READ | PROT_WRITE,
	    MAP_SHARED, mem, 0)) == MAP_FAILED ||
	    (want = malloc(N * sizeof *want)) == NULL)
		finish("{\"score\": null, \"message\": {\"reason\": \"no "
		    "memory for the buffers\"}}");
	y = x + N;
	start_worker(argv[1], mem);
	close(mem);

	for (i = 0; i < sizeof edges / sizeof edges[0]; i++) {
		fill(x, edges[i]);
		memset(y, 0xA5, edges[i] * sizeof *y);
		call(edges[i]);
		check(x, y, want, edges[i], "");
	}
	fill(x, N);
	memset(y, 0xA5, N * sizeof *y);
	call(N);
	check(x, y, want, N, "");
	for (i = 0; i < RUNS; i++) {
		fill(x, N);
		memset(y, 0xA5, N * sizeof *y);
		t[i] = call(N);
		check(x, y, want, N, " in a timed call");
	}
	qsort(t, RUNS, sizeof t[0], cmp);
	med = t[RUNS / 2];
	fprintf(stderr, "timed calls (ms): ");
	for (i = 0, off = 0; i < RUNS; i++) {
		fprintf(stderr, "%.3f ", t[i]);
		off += snprintf(runs + off, sizeof runs - off, "%s%.4f",
		    i ? ", " : "", t[i]);
	}
	fprintf(stderr, "\n");
	finish("{\"score\": %.6f, \"message\": {\"median_ms\": %.3f, "
	    "\"min_ms\": %.3f, \"max_ms\": %.3f, \"n\": %d}, \"details\": "
	    "{\"seed\": \"%llu\", \"runs_ms\": [%s]}}", log(med), med, t[0],
	    t[RUNS - 1], N, (unsigned long long)seed, runs);
	return (0);
}
