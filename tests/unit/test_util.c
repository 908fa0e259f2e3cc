/*
 * test_util.c: the base layer's small pieces (src/base/util.c,
 * json_field.c, cgroup.c): buffers, formatting, time, paths and files,
 * JSON fields with their defaults, and a process's cgroup folder.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "json_field.h"
#include "util.h"
#include "unit.h"

static char	*tmp;

static void
test_buf(void)
{
	struct buf	b;
	int		i;

	buf_init(&b);
	CHECK_STR(buf_cstr(&b), "");
	buf_addstr(&b, "hello");
	buf_add(&b, ", ", 2);
	buf_printf(&b, "%s %d", "world", 42);
	CHECK_STR(buf_cstr(&b), "hello, world 42");
	CHECK(b.len == 15);
	buf_drain(&b, 7);
	CHECK_STR(buf_cstr(&b), "world 42");
	buf_drain(&b, b.len);
	CHECK(b.len == 0);
	for (i = 0; i < 10000; i++)
		buf_add(&b, "x", 1);
	CHECK(b.len == 10000 && b.data[9999] == 'x');
	buf_done(&b);
}

static void
test_strings(void)
{
	char	*s, *cause = NULL;

	s = xasprintf("%s-%03d", "a", 7);
	CHECK_STR(s, "a-007");
	free(s);
	s = xstrndup("abcdef", 3);
	CHECK_STR(s, "abc");
	free(s);
	CHECK(set_cause(&cause, "no %s", "way") == -1);
	CHECK_STR(cause, "no way");
	free(cause);
	CHECK(set_cause(NULL, "ignored") == -1);
}

static void
test_time(void)
{
	char	buf[40], *d;
	int64_t	ms = 1795998544123LL;	/* 2026-11-30T... */

	wall_iso(ms, buf, sizeof buf);
	CHECK(strlen(buf) == 24 && buf[23] == 'Z' && buf[19] == '.');
	CHECK(wall_parse_iso(buf) == ms);
	CHECK(wall_parse_iso("not a time") == -1);
	wall_iso(0, buf, sizeof buf);
	CHECK_STR(buf, "1970-01-01T00:00:00.000Z");
	d = fmt_duration(28742);
	CHECK_STR(d, "7:59:02");
	free(d);
	d = fmt_duration(0.4);
	CHECK_STR(d, "0:00:00");
	free(d);
	d = fmt_duration(-61);
	CHECK_STR(d, "-0:01:01");
	free(d);
	CHECK(mono_now() > 0);
	CHECK(wall_ms() > ms - 86400000LL * 365 * 10);
}

static void
test_paths(void)
{
	char	*p, *q, *text = NULL, *cause = NULL;
	size_t	 len;

	p = path_join("/a/b", "c");
	CHECK_STR(p, "/a/b/c");
	free(p);
	p = path_join("/a/b/", "c");
	CHECK_STR(p, "/a/b/c");
	free(p);

	p = xasprintf("%s/x/y/z", tmp);
	CHECK(mkdir_p(p, 0700, &cause) == 0);
	CHECK(dir_exists(p));
	CHECK(mkdir_p(p, 0700, NULL) == 0);	/* again: fine */
	q = path_join(p, "f.txt");
	CHECK(file_write(q, "data\n", 5, &cause) == 0);
	CHECK(file_exists(q) && !dir_exists(q));
	CHECK(file_read(q, &text, &len, &cause) == 0);
	CHECK(len == 5 && memcmp(text, "data\n", 5) == 0);
	free(text);
	free(q);
	q = xasprintf("%s/copy", tmp);
	CHECK(copy_tree(p, q, &cause) == 0);
	free(q);
	q = xasprintf("%s/copy/f.txt", tmp);
	CHECK(file_exists(q));
	free(q);
	q = xasprintf("%s/x", tmp);
	CHECK(rm_rf(q) == 0);
	CHECK(!dir_exists(q));
	free(q);
	CHECK(file_read(p, &text, &len, &cause) == -1);
	CHECK(cause != NULL);
	free(cause);
	free(p);
	p = find_in_path("sh");
	CHECK(p != NULL && p[0] == '/');
	free(p);
	CHECK(find_in_path("no-such-program-here") == NULL);
}

static void
test_json_field(void)
{
	json_t	*o = json_pack("{ss si sf sn sb}", "s", "text", "i", 3, "f",
	    2.5, "n", "b", 1);
	char	*t;

	CHECK_STR(json_field_str(o, "s"), "text");
	CHECK_STR(json_field_str(o, "i"), "");
	CHECK_STR(json_field_str(o, "missing"), "");
	CHECK_STR(json_field_str(NULL, "s"), "");
	CHECK(json_field_num(o, "i") == 3);
	CHECK(json_field_num(o, "f") == 2.5);
	CHECK(isnan(json_field_num(o, "n")));
	CHECK(isnan(json_field_num(o, "b")));
	CHECK(isnan(json_field_num(o, "s")));
	CHECK(isnan(json_field_num(o, "missing")));
	json_decref(o);
	/* Reals in the fewest digits that read back the same. */
	o = json_loads("{\"a\": 0.1, \"b\": [0.30000000000000004, 1e-7, 2.0, "
	    "3, \"x\\\"y\", null, true], \"c\": {\"d\": 123456.789}}", 0,
	    NULL);
	CHECK(o != NULL);
	t = json_field_text_short(o);
	CHECK_STR(t, "{\"a\":0.1,\"b\":[0.30000000000000004,1e-07,2.0,3,"
	    "\"x\\\"y\",null,true],\"c\":{\"d\":123456.789}}");
	free(t);
	json_decref(o);
}

static void
test_sh_quote(void)
{
	char	*q;

	CHECK_STR((q = sh_quote("plain")), "'plain'");
	free(q);
	CHECK_STR((q = sh_quote("fire drill; rm -rf ~")),
	    "'fire drill; rm -rf ~'");
	free(q);
	CHECK_STR((q = sh_quote("it's")), "'it'\\''s'");
	free(q);
	CHECK_STR((q = sh_quote("")), "''");
	free(q);
}

/*
 * cgroup.c against the kernel's own files: the folder found for this
 * process lists it in its cgroup.procs. Hosts without cgroup v2 (no
 * cgroup2 mount) check only the failures.
 */
static void
test_cgroup(void)
{
	char	dir[PATH_MAX], mnt[PATH_MAX], line[64], longname[PATH_MAX + 8];
	char	*path, *text;
	FILE	*f;
	size_t	 len;
	long	 me = (long)getpid();
	int	 found = 0;

	CHECK(cgroup_mount(mnt, 1) == -1);	/* no room for any path */
	if (cgroup_mount(mnt, sizeof mnt) == 0 &&
	    cgroup_of(getpid(), dir, sizeof dir) == 0) {
		CHECK(strncmp(dir, mnt, strlen(mnt)) == 0);
		path = path_join(dir, "cgroup.procs");
		if ((f = fopen(path, "r")) != NULL) {
			while (fgets(line, sizeof line, f) != NULL)
				if (strtol(line, NULL, 10) == me)
					found = 1;
			fclose(f);
		}
		CHECK(found);
		free(path);
		CHECK(cgroup_of(getpid(), dir, strlen(mnt)) == -1);
	}
	CHECK(cgroup_of(-1, dir, sizeof dir) == -1);

	/* Writes: whole, to a file that exists; errno says why not. */
	path = path_join(tmp, "control");
	CHECK(file_write(path, "", 0, NULL) == 0);
	CHECK(cgroup_write(tmp, "control", "1 2 3") == 0);
	CHECK(file_read(path, &text, &len, NULL) == 0);
	CHECK(len == 5 && memcmp(text, "1 2 3", 5) == 0);
	free(text);
	free(path);
	errno = 0;
	CHECK(cgroup_write(tmp, "absent", "1") == -1 && errno == ENOENT);
	memset(longname, 'x', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	errno = 0;
	CHECK(cgroup_write(tmp, longname, "1") == -1 &&
	    errno == ENAMETOOLONG);
}

int
main(void)
{
	RUN(test_sh_quote);
	char	tmpl[] = "/tmp/bl-util-XXXXXX";

	if ((tmp = mkdtemp(tmpl)) == NULL)
		return (1);
	RUN(test_buf);
	RUN(test_strings);
	RUN(test_time);
	RUN(test_paths);
	RUN(test_json_field);
	RUN(test_cgroup);
	rm_rf(tmp);
	UNIT_DONE();
}
