/*
 * fuzz.h: the one function each fuzzer defines, libFuzzer's entry point.
 *
 * Each tests/fuzz/fuzz_*.c is built twice: with clang -fsanitize=fuzzer
 * for long campaigns (tests/fuzz/run.sh), and with replay.c as its main
 * for make check, which runs it over its corpus (tests/fuzz/corpus/NAME)
 * and a few seconds of mutations of it, under the build's sanitizers or
 * valgrind. An input that breaks an invariant aborts, which both count as
 * a crash.
 */
#ifndef BASELINER_FUZZ_H
#define BASELINER_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FUZZ_ASSERT(c) do {						\
	if (!(c)) {							\
		fprintf(stderr, "%s:%d: invariant broken: %s\n",	\
		    __FILE__, __LINE__, #c);				\
		abort();						\
	}								\
} while (0)

#endif
