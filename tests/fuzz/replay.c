/*
 * replay.c: main() for a fuzzer without libFuzzer, so make check runs each
 * one with any compiler (tests/fuzz/fuzz.h).
 *
 *     fuzz_NAME [-t SECONDS] [FILE|DIR]...
 *
 * Every file given, and every file in every folder given, is one input
 * (by default the corpus tests/fuzz/corpus/NAME of the source tree). Then,
 * for SECONDS (default 2, or $FUZZ_SECONDS; 0 for none), mutants of them
 * are tried: bytes flipped, inserted, deleted, runs copied from another
 * input, and bytes that mean something to the parsers (ESC, [, ;, :, ",
 * {, digits). The mutations follow a fixed seed, so a run is repeatable;
 * an input that fails aborts, and the mutant is written to
 * fuzz-NAME-crash in the current folder first.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fuzz.h"

#define REPLAY_MAX_INPUT	(1 << 20)

struct input {
	uint8_t	*data;
	size_t	 size;
};

static struct input	*inputs;
static size_t		 ninputs;
static uint64_t		 seed = 0x9e3779b97f4a7c15ull;

static uint64_t
rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (seed);
}

static void
add_file(const char *path)
{
	FILE		*f;
	struct input	*in;
	long		 n;

	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		exit(2);
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	if (n < 0 || n > REPLAY_MAX_INPUT)
		n = n < 0 ? 0 : REPLAY_MAX_INPUT;
	inputs = realloc(inputs, (ninputs + 1) * sizeof *inputs);
	in = &inputs[ninputs++];
	in->data = malloc((size_t)n + 1);
	in->size = fread(in->data, 1, (size_t)n, f);
	fclose(f);
}

static int
name_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

static void
add_path(const char *path)
{
	struct stat	 st;
	struct dirent	*de;
	DIR		*d;
	char		**names = NULL, *p;
	size_t		 n = 0, i;

	if (stat(path, &st) != 0) {
		perror(path);
		exit(2);
	}
	if (!S_ISDIR(st.st_mode)) {
		add_file(path);
		return;
	}
	if ((d = opendir(path)) == NULL) {
		perror(path);
		exit(2);
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof *names);
		names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, name_cmp);
	for (i = 0; i < n; i++) {
		if (asprintf(&p, "%s/%s", path, names[i]) < 0)
			exit(2);
		add_file(p);
		free(p);
		free(names[i]);
	}
	free(names);
}

static size_t
mutate(uint8_t *buf, size_t size, size_t max)
{
	static const char	 magic[] = "\033[;:?0123456789m\"{}[],\\\n\r\007]P";
	const struct input	*other;
	size_t			 at, n, k;
	int			 rounds = 1 + (int)(rnd() % 4);

	while (rounds-- > 0) {
		at = size != 0 ? rnd() % size : 0;
		switch (rnd() % 6) {
		case 0:		/* flip a bit */
			if (size != 0)
				buf[at] ^= (uint8_t)(1u << (rnd() % 8));
			break;
		case 1:		/* a meaningful byte */
			if (size != 0)
				buf[at] = (uint8_t)magic[rnd() %
				    (sizeof magic - 1)];
			break;
		case 2:		/* insert bytes */
			n = 1 + rnd() % 8;
			if (size + n > max)
				break;
			memmove(buf + at + n, buf + at, size - at);
			for (k = 0; k < n; k++)
				buf[at + k] = rnd() % 2 ? (uint8_t)rnd() :
				    (uint8_t)magic[rnd() % (sizeof magic - 1)];
			size += n;
			break;
		case 3:		/* delete bytes */
			n = 1 + rnd() % 8;
			if (at + n > size)
				n = size - at;
			memmove(buf + at, buf + at + n, size - at - n);
			size -= n;
			break;
		case 4:		/* repeat a run */
			n = 1 + rnd() % 64;
			if (at + n > size || size + n > max)
				break;
			memmove(buf + at + n, buf + at, size - at);
			size += n;
			break;
		case 5:		/* splice another input in */
			other = &inputs[rnd() % ninputs];
			if (other->size == 0)
				break;
			k = rnd() % other->size;
			n = 1 + rnd() % 256;
			if (k + n > other->size)
				n = other->size - k;
			if (size + n > max)
				break;
			memmove(buf + at + n, buf + at, size - at);
			memcpy(buf + at, other->data + k, n);
			size += n;
			break;
		}
	}
	return (size);
}

int
main(int argc, char **argv)
{
	const struct input	*in;
	struct timespec		 t0, now;
	const char		*env;
	uint8_t			*buf, *copy;
	double			 seconds = 2;
	size_t			 i, size, max = 65536, mutants = 0;
	int			 c, fd;

	if ((env = getenv("FUZZ_SECONDS")) != NULL)
		seconds = atof(env);
	while ((c = getopt(argc, argv, "t:")) != -1) {
		if (c == 't')
			seconds = atof(optarg);
		else {
			fprintf(stderr, "usage: %s [-t SECONDS] [FILE|DIR]...\n",
			    argv[0]);
			return (2);
		}
	}
	if (optind == argc)
		add_path(SRCDIR "/tests/fuzz/corpus/" FUZZ_NAME);
	for (; optind < argc; optind++)
		add_path(argv[optind]);
	if (ninputs == 0) {
		fprintf(stderr, "no inputs\n");
		return (2);
	}
	for (i = 0; i < ninputs; i++) {
		/* A copy of its own size, so a read past it is seen. */
		copy = malloc(inputs[i].size + 1);
		memcpy(copy, inputs[i].data, inputs[i].size);
		LLVMFuzzerTestOneInput(copy, inputs[i].size);
		free(copy);
	}
	printf("%s: %zu inputs replayed\n", FUZZ_NAME, ninputs);

	buf = malloc(max);
	fd = -1;
	if (seconds > 0)
		fd = open("fuzz-" FUZZ_NAME "-crash", O_WRONLY | O_CREAT |
		    O_TRUNC, 0644);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((double)(now.tv_sec - t0.tv_sec) +
		    (now.tv_nsec - t0.tv_nsec) / 1e9 >= seconds)
			break;
		in = &inputs[rnd() % ninputs];
		size = in->size < max / 2 ? in->size : max / 2;
		memcpy(buf, in->data, size);
		size = mutate(buf, size, max);
		/* Where it can be found if this one fails. */
		if (fd != -1 && (pwrite(fd, buf, size, 0) < 0 ||
		    ftruncate(fd, (off_t)size) != 0)) {
			close(fd);
			fd = -1;
		}
		copy = malloc(size + 1);
		memcpy(copy, buf, size);
		LLVMFuzzerTestOneInput(copy, size);
		free(copy);
		mutants++;
	}
	if (fd != -1) {
		close(fd);
		unlink("fuzz-" FUZZ_NAME "-crash");
	}
	printf("%s: %zu mutants in %.0f s\n", FUZZ_NAME, mutants, seconds);
	free(buf);
	for (i = 0; i < ninputs; i++)
		free(inputs[i].data);
	free(inputs);
	return (0);
}
