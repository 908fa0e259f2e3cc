/*
 * crash.h: what a process that dies of a fatal signal leaves behind.
 *
 * crash_init(path) makes standard error the log file at path (appended),
 * so that whatever the process or a sanitizer writes there is kept, and
 * installs a handler for SIGSEGV, SIGBUS, SIGILL, SIGFPE and SIGABRT that
 * writes the signal, the faulting address and a backtrace to it, then
 * lets the signal kill the process as it would have. The handler uses
 * only async-signal-safe calls (write, backtrace_symbols_fd on a
 * backtrace loaded in advance) and runs on its own stack, so a stack
 * overflow is reported too.
 */
#ifndef BASELINER_CRASH_H
#define BASELINER_CRASH_H

/* 0, or -1 if the log could not be opened (the handler is set anyway,
 * writing to the standard error there was). */
int	crash_init(const char *path);

#endif
