/*
 * bench_ckpt.c: the cost of one checkpoint, ckpt_commit() called directly
 * (no server, no socket), on a work folder of N files with one changed
 * between commits, against `git add -A && git commit -q` on an identical
 * tree in its own repository.
 *
 *	bench_ckpt [-n FILES] [-r REPS] [-d DIR]
 *
 * Prints each repetition, then the medians and their ratio. The folder
 * is made under DIR (default: $TMPDIR or /tmp) and removed at the end.
 */
#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "ckpt.h"
#include "util.h"

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

static double
median(double *v, int n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
}

/* N files in 100 folders, 1-4 KB of text each. */
static void
make_tree(const char *dir, int n)
{
	char	path[8192], body[4200];
	FILE	*f;
	int	i, j, len;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/d%02d", dir, i % 100);
		mkdir(path, 0755);
		snprintf(path, sizeof path, "%s/d%02d/f%05d.py", dir, i % 100,
		    i);
		len = 0;
		for (j = 0; len < 1024 + (i * 37) % 3072; j++)
			len += snprintf(body + len, sizeof body - len,
			    "x_%d_%d = %d\n", i, j, i * j);
		if ((f = fopen(path, "w")) == NULL) {
			perror(path);
			exit(1);
		}
		fwrite(body, 1, len, f);
		fclose(f);
	}
}

static void
touch_one(const char *dir, int rep)
{
	char	path[8192];
	FILE	*f;

	snprintf(path, sizeof path, "%s/d42/f00042.py", dir);
	if ((f = fopen(path, "a")) == NULL) {
		perror(path);
		exit(1);
	}
	fprintf(f, "changed_%d = %d\n", rep, rep);
	fclose(f);
}

static int
run(const char *cmd)
{
	int	rc = system(cmd);

	if (rc != 0) {
		fprintf(stderr, "failed (%d): %s\n", rc, cmd);
		exit(1);
	}
	return (rc);
}

int
main(int argc, char **argv)
{
	struct ckpt		*c;
	struct ckpt_result	 r;
	const char		*base = getenv("TMPDIR");
	char			 root[2048], a[2200], b[2200], git[2200];
	char			*cause = NULL, cmd[16384];
	double			*tb, *tg, t0, mb, mg;
	int			 n = 10000, reps = 7, ch, i;

	while ((ch = getopt(argc, argv, "n:r:d:")) != -1) {
		switch (ch) {
		case 'n':
			n = atoi(optarg);
			break;
		case 'r':
			reps = atoi(optarg);
			break;
		case 'd':
			base = optarg;
			break;
		default:
			fprintf(stderr, "usage: bench_ckpt [-n FILES] "
			    "[-r REPS] [-d DIR]\n");
			return (2);
		}
	}
	if (base == NULL)
		base = "/tmp";
	snprintf(root, sizeof root, "%s/bench_ckpt.XXXXXX", base);
	if (mkdtemp(root) == NULL) {
		perror(root);
		return (1);
	}
	snprintf(a, sizeof a, "%s/work", root);
	snprintf(b, sizeof b, "%s/plain", root);
	snprintf(git, sizeof git, "%s/checkpoints.git", root);
	mkdir(a, 0755);
	mkdir(b, 0755);
	make_tree(a, n);
	snprintf(cmd, sizeof cmd, "cp -a %s/. %s/ && cd %s && git init -q && "
	    "git config user.name bench && git config user.email b@b && "
	    "git add -A && git commit -q -m first", a, b, b);
	run(cmd);

	git_libgit2_init();
	if (ckpt_open(git, a, &c, &cause) != 0) {
		fprintf(stderr, "ckpt_open: %s\n", cause);
		return (1);
	}
	if (ckpt_commit(c, CKPT_AUTHOR, "first", 1, &r, &cause) != 0) {
		fprintf(stderr, "ckpt_commit: %s\n", cause);
		return (1);
	}
	ckpt_result_done(&r);

	tb = calloc(reps, sizeof *tb);
	tg = calloc(reps, sizeof *tg);
	printf("%d files, one changed per commit, %d repetitions\n", n, reps);
	printf("rep  ckpt_commit_ms  git_add_commit_ms\n");
	for (i = 0; i < reps; i++) {
		touch_one(a, i);
		t0 = mono_now();
		if (ckpt_commit(c, CKPT_AUTHOR, "bench", 0, &r, &cause) != 0) {
			fprintf(stderr, "ckpt_commit: %s\n", cause);
			return (1);
		}
		tb[i] = (mono_now() - t0) * 1000;
		if (!r.created || r.files_changed != 1) {
			fprintf(stderr, "ckpt_commit: %d files changed\n",
			    r.files_changed);
			return (1);
		}
		ckpt_result_done(&r);

		touch_one(b, i);
		snprintf(cmd, sizeof cmd, "cd %s && git add -A && git commit "
		    "-q -m bench", b);
		t0 = mono_now();
		run(cmd);
		tg[i] = (mono_now() - t0) * 1000;
		printf("%3d  %14.1f  %17.1f\n", i + 1, tb[i], tg[i]);
	}
	mb = median(tb, reps);
	mg = median(tg, reps);
	printf("median: ckpt_commit %.1f ms, git add -A && git commit %.1f ms, "
	    "ratio %.2f\n", mb, mg, mb / mg);
	ckpt_close(c);
	git_libgit2_shutdown();
	snprintf(cmd, sizeof cmd, "rm -rf %s", root);
	run(cmd);
	free(tb);
	free(tg);
	return (0);
}
