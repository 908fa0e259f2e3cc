/*
 * crash.c: a fatal signal's last words, in the server's log (see crash.h).
 *
 * Inside the handler nothing may allocate or take a lock: the number
 * formatting is done by hand into a buffer on the (alternate) stack, and
 * backtrace() was called once at init, which loads libgcc's unwinder
 * then rather than in the handler. SA_RESETHAND puts the default action
 * back before the handler runs, so raising the signal again at the end
 * ends the process the way the signal would have (a core where enabled).
 */
#include "config.h"

#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crash.h"

#define CRASH_FRAMES	64

static const struct {
	int		 sig;
	const char	*name;
} crash_signals[] = {
	{ SIGSEGV, "SIGSEGV" },
	{ SIGBUS, "SIGBUS" },
	{ SIGILL, "SIGILL" },
	{ SIGFPE, "SIGFPE" },
	{ SIGABRT, "SIGABRT" },
};

static void
crash_put(char *buf, size_t *len, size_t size, const char *s)
{
	while (*s != '\0' && *len < size)
		buf[(*len)++] = *s++;
}

static void
crash_num(char *buf, size_t *len, size_t size, uintmax_t v, unsigned base)
{
	char	tmp[32];
	int	n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v != 0 && n < (int)sizeof tmp);
	while (n > 0 && *len < size)
		buf[(*len)++] = tmp[--n];
}

static void
crash_handler(int sig, siginfo_t *si, void *uc)
{
	void		*frames[CRASH_FRAMES];
	struct timespec	 ts;
	char		 line[256];
	const char	*name = "?";
	size_t		 len = 0, i;
	int		 n, saved = errno;

	for (i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++) {
		if (crash_signals[i].sig == sig)
			name = crash_signals[i].name;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	crash_put(line, &len, sizeof line, "fatal signal ");
	crash_num(line, &len, sizeof line, (uintmax_t)sig, 10);
	crash_put(line, &len, sizeof line, " (");
	crash_put(line, &len, sizeof line, name);
	crash_put(line, &len, sizeof line, ") in pid ");
	crash_num(line, &len, sizeof line, (uintmax_t)getpid(), 10);
	crash_put(line, &len, sizeof line, " at ");
	crash_num(line, &len, sizeof line, (uintmax_t)ts.tv_sec, 10);
	crash_put(line, &len, sizeof line, " s since the epoch, address 0x");
	crash_num(line, &len, sizeof line,
	    (uintmax_t)(uintptr_t)(si != NULL ? si->si_addr : NULL), 16);
	if (si != NULL && si->si_code <= 0) {
		crash_put(line, &len, sizeof line, ", sent by pid ");
		crash_num(line, &len, sizeof line, (uintmax_t)si->si_pid, 10);
	}
	crash_put(line, &len, sizeof line, "; backtrace:\n");
	(void)write(STDERR_FILENO, line, len);
	n = backtrace(frames, CRASH_FRAMES);
	backtrace_symbols_fd(frames, n, STDERR_FILENO);
	(void)write(STDERR_FILENO, "end of backtrace\n", 17);
	errno = saved;
	raise(sig);
}

int
crash_init(const char *path)
{
	static char		 altstack[64 * 1024];
	struct sigaction	 sa;
	stack_t			 ss;
	void			*frame;
	size_t			 i;
	int			 fd, rc = 0;

	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0600)) == -1)
		rc = -1;
	else {
		if (fd != STDERR_FILENO) {
			dup2(fd, STDERR_FILENO);
			close(fd);
		}
	}
	/* Load the unwinder now, not in the handler. */
	(void)backtrace(&frame, 1);

	memset(&ss, 0, sizeof ss);
	ss.ss_sp = altstack;
	ss.ss_size = sizeof altstack;
	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = crash_handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++)
		sigaction(crash_signals[i].sig, &sa, NULL);
	return (rc);
}
