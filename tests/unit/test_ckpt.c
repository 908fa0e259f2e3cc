/*
 * test_ckpt.c: checkpoints of a work folder (src/core/ckpt.c) in a bare
 * repository of their own: a commit per change, none when nothing changed
 * unless forced, .gitignore honoured, files over the cap left out with
 * their size and hash, diffs between commits and against the work folder,
 * and a restore that writes a commit's tree into a new folder.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ckpt.h"
#include "util.h"
#include "unit.h"

static char	*tmp;

static void
put(const char *dir, const char *name, const char *text)
{
	char	*p = path_join(dir, name);

	CHECK(file_write(p, text, strlen(text), NULL) == 0);
	free(p);
}

static struct ckpt *
open_ckpt(const char *name, char **work)
{
	struct ckpt	*c = NULL;
	char		*git, *cause = NULL;

	*work = xasprintf("%s/%s-work", tmp, name);
	git = xasprintf("%s/%s.git", tmp, name);
	CHECK(mkdir_p(*work, 0700, NULL) == 0);
	CHECK(ckpt_open(git, *work, &c, &cause) == 0);
	if (cause != NULL)
		fprintf(stderr, "%s\n", cause);
	free(cause);
	free(git);
	return (c);
}

static void
test_commits(void)
{
	struct ckpt		*c;
	struct ckpt_result	 r1, r2, r3, r4;
	char			*work, first[41];

	c = open_ckpt("commits", &work);
	put(work, "a.txt", "one\n");
	CHECK(ckpt_commit(c, CKPT_AUTHOR, "first", 0, &r1, NULL) == 0);
	CHECK(r1.created == 1 && r1.parent[0] == '\0');
	CHECK(strlen(r1.commit) == 40);
	CHECK(r1.files_changed == 1 && r1.bytes == 4);
	memcpy(first, r1.commit, sizeof first);
	CHECK(ckpt_has(c, first));
	CHECK(!ckpt_has(c, "0123456789012345678901234567890123456789"));

	/* Nothing changed: HEAD back, no commit; forced: a new one. */
	CHECK(ckpt_commit(c, CKPT_AUTHOR, "again", 0, &r2, NULL) == 0);
	CHECK(r2.created == 0 && strcmp(r2.commit, first) == 0);
	CHECK(ckpt_commit(c, CKPT_AUTHOR, "forced", 1, &r3, NULL) == 0);
	CHECK(r3.created == 1 && strcmp(r3.parent, first) == 0);
	CHECK(r3.files_changed == 0);

	/* A change and a new file. */
	put(work, "a.txt", "one\ntwo\n");
	put(work, "b.txt", "bee\n");
	CHECK(ckpt_commit(c, CKPT_AUTHOR, "second", 0, &r4, NULL) == 0);
	CHECK(r4.created == 1 && r4.files_changed == 2);
	CHECK(strcmp(r4.parent, r3.commit) == 0);
	ckpt_result_done(&r1);
	ckpt_result_done(&r2);
	ckpt_result_done(&r3);
	ckpt_result_done(&r4);
	ckpt_close(c);
	free(work);
}

static void
test_ignore_and_cap(void)
{
	struct ckpt		*c;
	struct ckpt_result	 r;
	char			*work, *big;
	size_t			 n = 4096;

	c = open_ckpt("cap", &work);
	ckpt_set_cap(c, 1024);
	put(work, ".gitignore", "*.log\n");
	put(work, "run.log", "noise\n");
	put(work, "keep.c", "int x;\n");
	big = xmalloc(n + 1);
	memset(big, 'z', n);
	big[n] = '\0';
	put(work, "big.bin", big);
	free(big);
	CHECK(ckpt_commit(c, CKPT_AUTHOR, "capped", 0, &r, NULL) == 0);
	CHECK(r.nskipped == 1);
	if (r.nskipped == 1) {
		CHECK_STR(r.skipped[0].path, "big.bin");
		CHECK(r.skipped[0].size == n);
		CHECK(strlen(r.skipped[0].hash) == 40);
	}
	/* .gitignore itself and keep.c; not run.log, not big.bin. */
	CHECK(r.files_changed == 2);
	ckpt_result_done(&r);
	ckpt_close(c);
	free(work);
}

static void
test_diff_restore(void)
{
	struct ckpt		*c;
	struct ckpt_result	 r1, r2;
	struct buf		 b;
	char			*work, *dir, *p, *text, *cause = NULL;
	size_t			 len;

	c = open_ckpt("diff", &work);
	put(work, "f.py", "x = 1\n");
	CHECK(ckpt_commit(c, CKPT_AUTHOR, "one", 0, &r1, NULL) == 0);
	put(work, "f.py", "x = 2\n");
	CHECK(ckpt_commit(c, CKPT_AUTHOR, "two", 0, &r2, NULL) == 0);

	buf_init(&b);
	CHECK(ckpt_diff(c, r1.commit, r2.commit, &b, &cause) == 0);
	CHECK(strstr(buf_cstr(&b), "-x = 1") != NULL);
	CHECK(strstr(buf_cstr(&b), "+x = 2") != NULL);
	buf_done(&b);
	/* Against the work folder (to NULL). */
	put(work, "f.py", "x = 3\n");
	buf_init(&b);
	CHECK(ckpt_diff(c, r2.commit, NULL, &b, &cause) == 0);
	CHECK(strstr(buf_cstr(&b), "+x = 3") != NULL);
	buf_done(&b);
	buf_init(&b);
	CHECK(ckpt_diff(c, "nonsense", NULL, &b, &cause) == -1);
	CHECK(cause != NULL);
	free(cause);
	cause = NULL;
	buf_done(&b);

	/* Restore the first commit into a new folder. */
	dir = xasprintf("%s/restored", tmp);
	CHECK(ckpt_restore(c, r1.commit, dir, &cause) == 0);
	p = path_join(dir, "f.py");
	CHECK(file_read(p, &text, &len, NULL) == 0);
	CHECK(len == 6 && memcmp(text, "x = 1\n", 6) == 0);
	free(text);
	free(p);
	/* Not into a folder that has files. */
	CHECK(ckpt_restore(c, r1.commit, dir, &cause) == -1);
	free(cause);
	free(dir);
	ckpt_result_done(&r1);
	ckpt_result_done(&r2);
	ckpt_close(c);
	free(work);
}

int
main(void)
{
	char	tmpl[] = "/tmp/bl-ckpt-XXXXXX";

	if ((tmp = mkdtemp(tmpl)) == NULL)
		return (1);
	RUN(test_commits);
	RUN(test_ignore_and_cap);
	RUN(test_diff_restore);
	rm_rf(tmp);
	UNIT_DONE();
}
