/*
 * util.h: allocation that aborts on exhaustion, strings, time, paths and the
 * server's log. Everything here is small and shared by every module.
 *
 * Errors: functions that can fail return 0 or -1 and, where they take a
 * "char **cause", leave a malloc'd sentence in it saying why. Out of memory
 * is the one fatal error.
 */
#ifndef BASELINER_UTIL_H
#define BASELINER_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define nitems(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define printflike(a, b) __attribute__((format(printf, a, b)))
#define noreturn_fn __attribute__((noreturn))
#else
#define printflike(a, b)
#define noreturn_fn
#endif

void		*xmalloc(size_t);
void		*xcalloc(size_t, size_t);
void		*xrealloc(void *, size_t);
void		*xreallocarray(void *, size_t, size_t);
char		*xstrdup(const char *);
char		*xstrndup(const char *, size_t);
char		*xasprintf(const char *, ...) printflike(1, 2);
char		*xvasprintf(const char *, va_list);
noreturn_fn void fatalx(const char *, ...) printflike(1, 2);

/* Set *cause (if cause is not NULL) to a formatted message; returns -1. */
int		 set_cause(char **, const char *, ...) printflike(2, 3);

/* A growable byte buffer. */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 size;
};
void		 buf_init(struct buf *);
void		 buf_done(struct buf *);
void		 buf_add(struct buf *, const void *, size_t);
void		 buf_addstr(struct buf *, const char *);
void		 buf_printf(struct buf *, const char *, ...) printflike(2, 3);
void		 buf_drain(struct buf *, size_t);
char		*buf_cstr(struct buf *);	/* NUL-terminated view */

/* Time. */
double		 mono_now(void);		/* seconds, CLOCK_MONOTONIC */
int64_t		 wall_ms(void);			/* ms since the epoch, UTC */
void		 wall_iso(int64_t, char *, size_t);/* 2026-11-27T00:19:04.123Z */
int64_t		 wall_parse_iso(const char *);	/* inverse; -1 on error */
char		*fmt_duration(double);		/* "7:59:02" (h:mm:ss), malloc'd */
/* "s" unless n is 1: "%d checkpoint%s", n, plural(n). */
static inline const char *
plural(long long n)
{
	return (n == 1 ? "" : "s");
}

/* Paths and files. */
const char	*home_dir(void);		/* $BASELINER_HOME or XDG default */
char		*path_join(const char *, const char *);
int		 mkdir_p(const char *, mode_t, char **);
int		 file_read(const char *, char **, size_t *, char **);
int		 file_write(const char *, const void *, size_t, char **);
int		 file_exists(const char *);
int		 dir_exists(const char *);
int		 rm_rf(const char *);
int		 copy_tree(const char *, const char *, char **);
char		*find_in_path(const char *);	/* NULL if not on $PATH */
/* The running program's path, and its folder (a libtool wrapper's for
 * .libs/); malloc'd, NULL if /proc/self/exe can't be read. */
char		*self_path(void);
char		*self_dir(void);
char		*sh_quote(const char *);	/* one word for /bin/sh */

/* The log: the server writes to server.log, commands to stderr. */
void		 log_open(const char *);
void		 log_close(void);
void		 log_info(const char *, ...) printflike(1, 2);
void		 log_warn(const char *, ...) printflike(1, 2);

#endif
