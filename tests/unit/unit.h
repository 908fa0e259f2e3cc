/*
 * unit.h: a tiny test harness. Each test program runs its cases in order and
 * exits non-zero if any check failed; automake's driver counts programs.
 */
#ifndef BASELINER_UNIT_H
#define BASELINER_UNIT_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unit_failed;
static int unit_checks;

#define CHECK(cond) do {						\
	unit_checks++;							\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n",		\
		    __FILE__, __LINE__, #cond);				\
		unit_failed++;						\
	}								\
} while (0)

#define CHECK_NEAR(a, b, eps) do {					\
	double _a = (a), _b = (b);					\
	unit_checks++;							\
	if (!(fabs(_a - _b) <= (eps))) {				\
		fprintf(stderr, "%s:%d: %s = %.9g, want %.9g\n",	\
		    __FILE__, __LINE__, #a, _a, _b);			\
		unit_failed++;						\
	}								\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *_a = (a), *_b = (b);				\
	unit_checks++;							\
	if (_a == NULL || _b == NULL || strcmp(_a, _b) != 0) {		\
		fprintf(stderr, "%s:%d: %s = \"%s\", want \"%s\"\n",	\
		    __FILE__, __LINE__, #a, _a ? _a : "(null)",		\
		    _b ? _b : "(null)");				\
		unit_failed++;						\
	}								\
} while (0)

#define RUN(fn) do {							\
	int _before = unit_failed;					\
	fn();								\
	printf("%s %s\n", unit_failed == _before ? "ok  " : "FAIL", #fn);\
} while (0)

#define UNIT_DONE() do {						\
	printf("%d checks, %d failed\n", unit_checks, unit_failed);	\
	return (unit_failed ? 1 : 0);					\
} while (0)

#endif
