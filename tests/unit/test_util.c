/*
 * test_util.c: the base layer's small pieces (src/base/util.c,
 * json_field.c): buffers, formatting, time, paths and files, and JSON
 * fields with their defaults.
 */
#include "config.h"

#include <sys/stat.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
	rm_rf(tmp);
	UNIT_DONE();
}
