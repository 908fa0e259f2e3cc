/*
 * util.c: the helpers every module leans on. Allocation failure aborts with a
 * message, as in tmux: there is nothing sensible a session server can do with
 * half a data structure. Everything else reports failure to its caller.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

void *
xmalloc(size_t n)
{
	void	*p;

	if (n == 0)
		n = 1;
	if ((p = malloc(n)) == NULL)
		fatalx("out of memory (%zu bytes)", n);
	return (p);
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if (n == 0 || size == 0)
		n = size = 1;
	if ((p = calloc(n, size)) == NULL)
		fatalx("out of memory (%zu x %zu bytes)", n, size);
	return (p);
}

void *
xrealloc(void *p, size_t n)
{
	if (n == 0)
		n = 1;
	if ((p = realloc(p, n)) == NULL)
		fatalx("out of memory (%zu bytes)", n);
	return (p);
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		fatalx("allocation overflow");
	return (xrealloc(p, n * size));
}

char *
xstrdup(const char *s)
{
	return (xstrndup(s, strlen(s)));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;
	size_t	 len;

	len = strnlen(s, n);
	p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return (p);
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	char	*s;

	if (vasprintf(&s, fmt, ap) == -1)
		fatalx("out of memory");
	return (s);
}

char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return (s);
}

void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	fprintf(stderr, "baseliner: fatal: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

int
set_cause(char **cause, const char *fmt, ...)
{
	va_list	ap;

	if (cause != NULL) {
		va_start(ap, fmt);
		*cause = xvasprintf(fmt, ap);
		va_end(ap);
	}
	return (-1);
}

void
buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = b->size = 0;
}

void
buf_done(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->size) {
		size_t size = b->size ? b->size : 256;
		while (size < b->len + n + 1)
			size *= 2;
		b->data = xrealloc(b->data, size);
		b->size = size;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_addstr(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	buf_addstr(b, s);
	free(s);
}

void
buf_drain(struct buf *b, size_t n)
{
	if (n >= b->len) {
		b->len = 0;
		if (b->data != NULL)
			b->data[0] = '\0';
		return;
	}
	memmove(b->data, b->data + n, b->len - n);
	b->len -= n;
	b->data[b->len] = '\0';
}

char *
buf_cstr(struct buf *b)
{
	if (b->data == NULL)
		buf_add(b, "", 0);
	return (b->data);
}

double
mono_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

int64_t
wall_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

void
wall_iso(int64_t ms, char *out, size_t len)
{
	time_t		t = (time_t)(ms / 1000);
	struct tm	tm;
	char		tmp[32];

	gmtime_r(&t, &tm);
	strftime(tmp, sizeof tmp, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, len, "%s.%03dZ", tmp, (int)(ms % 1000));
}

int64_t
wall_parse_iso(const char *s)
{
	struct tm	tm;
	int		ms = 0;
	char		*end;

	memset(&tm, 0, sizeof tm);
	end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (end == NULL)
		return (-1);
	if (*end == '.') {
		ms = (int)strtol(end + 1, &end, 10);
	}
	return ((int64_t)timegm(&tm) * 1000 + ms);
}

char *
fmt_duration(double s)
{
	long	t;
	int	neg = 0;

	if (s < 0) {
		neg = 1;
		s = -s;
	}
	t = (long)(s + 0.5);
	return (xasprintf("%s%ld:%02ld:%02ld", neg ? "-" : "", t / 3600,
	    (t / 60) % 60, t % 60));
}

const char *
home_dir(void)
{
	static char	*home;
	const char	*s;

	if (home != NULL)
		return (home);
	if ((s = getenv("BASELINER_HOME")) != NULL && *s != '\0')
		home = xstrdup(s);
	else if ((s = getenv("XDG_DATA_HOME")) != NULL && *s != '\0')
		home = xasprintf("%s/baseliner", s);
	else if ((s = getenv("HOME")) != NULL && *s != '\0')
		home = xasprintf("%s/.local/share/baseliner", s);
	else
		home = xstrdup("/tmp/baseliner");
	return (home);
}

char *
path_join(const char *a, const char *b)
{
	size_t	len = strlen(a);

	if (len > 0 && a[len - 1] == '/')
		return (xasprintf("%s%s", a, b));
	return (xasprintf("%s/%s", a, b));
}

int
mkdir_p(const char *path, mode_t mode, char **cause)
{
	char	*p, *s;

	p = xstrdup(path);
	for (s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, mode) == -1 && errno != EEXIST) {
			set_cause(cause, "mkdir %s: %s", p, strerror(errno));
			free(p);
			return (-1);
		}
		*s = '/';
	}
	if (mkdir(p, mode) == -1 && errno != EEXIST) {
		set_cause(cause, "mkdir %s: %s", p, strerror(errno));
		free(p);
		return (-1);
	}
	free(p);
	return (0);
}

int
file_read(const char *path, char **out, size_t *outlen, char **cause)
{
	struct buf	b;
	char		tmp[65536];
	ssize_t		n;
	int		fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (set_cause(cause, "%s: %s", path, strerror(errno)));
	buf_init(&b);
	for (;;) {
		n = read(fd, tmp, sizeof tmp);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			set_cause(cause, "%s: %s", path, strerror(errno));
			close(fd);
			buf_done(&b);
			return (-1);
		}
		if (n == 0)
			break;
		buf_add(&b, tmp, n);
	}
	close(fd);
	*out = buf_cstr(&b);
	if (outlen != NULL)
		*outlen = b.len;
	return (0);
}

/* Write a file atomically: a temporary beside it, fsync, rename. */
int
file_write(const char *path, const void *data, size_t len, char **cause)
{
	char		*tmp;
	const char	*p = data;
	ssize_t		 n;
	int		 fd;

	tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) == -1) {
		set_cause(cause, "%s: %s", tmp, strerror(errno));
		free(tmp);
		return (-1);
	}
	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto fail;
		p += n;
		len -= n;
	}
	if (fsync(fd) == -1 || close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) == -1) {
		fd = -1;
		goto fail;
	}
	free(tmp);
	return (0);
fail:
	set_cause(cause, "%s: %s", path, strerror(errno));
	if (fd != -1)
		close(fd);
	unlink(tmp);
	free(tmp);
	return (-1);
}

int
file_exists(const char *path)
{
	struct stat	st;

	return (stat(path, &st) == 0 && S_ISREG(st.st_mode));
}

int
dir_exists(const char *path)
{
	struct stat	st;

	return (stat(path, &st) == 0 && S_ISDIR(st.st_mode));
}

int
rm_rf(const char *path)
{
	struct stat	 st;
	DIR		*d;
	struct dirent	*de;
	char		*sub;
	int		 rc = 0;

	if (lstat(path, &st) == -1)
		return (errno == ENOENT ? 0 : -1);
	if (!S_ISDIR(st.st_mode))
		return (unlink(path));
	if ((d = opendir(path)) == NULL)
		return (-1);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		sub = path_join(path, de->d_name);
		if (rm_rf(sub) == -1)
			rc = -1;
		free(sub);
	}
	closedir(d);
	if (rmdir(path) == -1)
		rc = -1;
	return (rc);
}

static int
copy_file(const char *from, const char *to, mode_t mode, char **cause)
{
	char	buf[65536];
	ssize_t	n, w, off;
	int	in, out;

	if ((in = open(from, O_RDONLY | O_CLOEXEC)) == -1)
		return (set_cause(cause, "%s: %s", from, strerror(errno)));
	if ((out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    mode & 0777)) == -1) {
		close(in);
		return (set_cause(cause, "%s: %s", to, strerror(errno)));
	}
	while ((n = read(in, buf, sizeof buf)) > 0) {
		for (off = 0; off < n; off += w) {
			if ((w = write(out, buf + off, n - off)) == -1) {
				set_cause(cause, "%s: %s", to, strerror(errno));
				close(in);
				close(out);
				return (-1);
			}
		}
	}
	close(in);
	if (close(out) == -1 || n == -1)
		return (set_cause(cause, "copy %s: %s", from, strerror(errno)));
	return (0);
}

/* Copy a folder recursively; symbolic links are copied as links. */
int
copy_tree(const char *from, const char *to, char **cause)
{
	struct stat	 st;
	DIR		*d;
	struct dirent	*de;
	char		*a, *b, link[4096];
	ssize_t		 n;
	int		 rc = 0;

	if (mkdir_p(to, 0755, cause) != 0)
		return (-1);
	if ((d = opendir(from)) == NULL)
		return (set_cause(cause, "%s: %s", from, strerror(errno)));
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		a = path_join(from, de->d_name);
		b = path_join(to, de->d_name);
		if (lstat(a, &st) == -1)
			rc = set_cause(cause, "%s: %s", a, strerror(errno));
		else if (S_ISDIR(st.st_mode))
			rc = copy_tree(a, b, cause);
		else if (S_ISLNK(st.st_mode)) {
			if ((n = readlink(a, link, sizeof link - 1)) == -1 ||
			    (link[n] = '\0', symlink(link, b)) == -1)
				rc = set_cause(cause, "%s: %s", a,
				    strerror(errno));
		} else if (S_ISREG(st.st_mode))
			rc = copy_file(a, b, st.st_mode, cause);
		free(a);
		free(b);
	}
	closedir(d);
	return (rc);
}

char *
find_in_path(const char *name)
{
	const char	*path;
	char		*copy, *dir, *next, *full;

	if (strchr(name, '/') != NULL)
		return (access(name, X_OK) == 0 ? xstrdup(name) : NULL);
	if ((path = getenv("PATH")) == NULL)
		path = "/usr/bin:/bin";
	copy = xstrdup(path);
	for (dir = copy; dir != NULL; dir = next) {
		if ((next = strchr(dir, ':')) != NULL)
			*next++ = '\0';
		full = path_join(*dir ? dir : ".", name);
		if (access(full, X_OK) == 0) {
			free(copy);
			return (full);
		}
		free(full);
	}
	free(copy);
	return (NULL);
}

char *
self_path(void)
{
	char	 exe[PATH_MAX];
	ssize_t	 n;

	if ((n = readlink("/proc/self/exe", exe, sizeof exe - 1)) <= 0)
		return (NULL);
	exe[n] = '\0';
	return (xstrdup(exe));
}

char *
self_dir(void)
{
	char	*exe, *slash, *up, *dir;

	if ((exe = self_path()) == NULL)
		return (NULL);
	if ((slash = strrchr(exe, '/')) == NULL) {
		free(exe);
		return (NULL);
	}
	*slash = '\0';
	/* libtool runs the real program from .libs under its wrapper's. */
	up = strrchr(exe, '/');
	if (up != NULL && strcmp(up + 1, ".libs") == 0)
		*up = '\0';
	dir = xstrdup(*exe != '\0' ? exe : "/");
	free(exe);
	return (dir);
}

static FILE	*log_file;

void
log_open(const char *path)
{
	FILE	*f;

	if ((f = fopen(path, "a")) == NULL)
		return;
	setvbuf(f, NULL, _IOLBF, 0);
	log_close();
	log_file = f;
}

void
log_close(void)
{
	if (log_file != NULL)
		fclose(log_file);
	log_file = NULL;
}

static void
log_vwrite(const char *level, const char *fmt, va_list ap)
{
	char	 when[40];
	FILE	*f = log_file != NULL ? log_file : stderr;

	wall_iso(wall_ms(), when, sizeof when);
	fprintf(f, "%s %s[%ld] ", when, level, (long)getpid());
	vfprintf(f, fmt, ap);
	fputc('\n', f);
}

void
log_info(const char *fmt, ...)
{
	va_list	ap;

	if (log_file == NULL)
		return;		/* commands stay quiet; the server logs */
	va_start(ap, fmt);
	log_vwrite("info", fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite("warn", fmt, ap);
	va_end(ap);
}

/* s as one word for a POSIX shell: in single quotes, ' as '\''. */
char *
sh_quote(const char *s)
{
	struct buf	 b;

	buf_init(&b);
	buf_addstr(&b, "'");
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			buf_addstr(&b, "'\\''");
		else
			buf_add(&b, s, 1);
	}
	buf_addstr(&b, "'");
	return (buf_cstr(&b));
}
