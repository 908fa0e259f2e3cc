/*
 * test_prefix_ref.c: the CPU reference of the conditional prefix sum
 * (gpu/prefix_ref.c) against hand-worked examples and against two
 * independent formulations on random inputs:
 *
 * - two passes: an exclusive count of positives, then a plain prefix sum of
 *   the elements whose count is odd, summed in int64 and reduced mod 2^32;
 * - the scan operator the GPU kernels use: a segment is summarised as
 *   (P, T, S) = (parity of its positives, its total, the sum of its elements
 *   preceded within it by an odd number of positives), and
 *   (Pa,Ta,Sa).(Pb,Tb,Sb) = (Pa^Pb, Ta+Tb, Sa + (Pa ? Tb-Sb : Sb)).
 *   Chunks of random length are summarised, the summaries scanned, and each
 *   chunk re-walked from its incoming prefix.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "prefix_ref.h"
#include "unit.h"
#include "util.h"

static int
same(const int32_t *a, const int32_t *b, size_t n)
{
	size_t	i = gpu_prefix_first_diff(a, b, n);

	if (i != n)
		fprintf(stderr, "  first difference at %zu: %d vs %d\n", i,
		    a[i], b[i]);
	return (i == n);
}

static void
test_hand(void)
{
	const int32_t	x1[] = { 3, -1, 2, 5, -3 };
	const int32_t	y1[] = { 0, -1, 1, 1, -2 };
	const int32_t	x2[] = { 1, 1, 1, 1 };
	const int32_t	y2[] = { 0, 1, 1, 2 };
	const int32_t	x3[] = { 1, 0, -5, 0, 2, -7, 4 };
	const int32_t	y3[] = { 0, 0, -5, -5, -3, -3, -3 };
	const int32_t	x4[] = { -4, -4, 0, 7 };
	const int32_t	y4[] = { 0, 0, 0, 0 };
	int32_t		y[8];

	gpu_prefix_ref(x1, y, 5);
	CHECK(same(y, y1, 5));
	gpu_prefix_ref(x2, y, 4);
	CHECK(same(y, y2, 4));
	gpu_prefix_ref(x3, y, 7);
	CHECK(same(y, y3, 7));
	gpu_prefix_ref(x4, y, 4);
	CHECK(same(y, y4, 4));

	/* One element: Y[0] is always 0. */
	y[0] = 99;
	gpu_prefix_ref(x1, y, 1);
	CHECK(y[0] == 0);
	/* n = 0 writes nothing. */
	y[0] = 99;
	gpu_prefix_ref(x1, y, 0);
	CHECK(y[0] == 99);

	CHECK(gpu_prefix_first_diff(y1, y1, 5) == 5);
	CHECK(gpu_prefix_first_diff(y1, y2, 4) == 1);
}

static void
test_wrap(void)
{
	const int32_t	x1[] = { 1, INT32_MIN, INT32_MIN };
	const int32_t	x2[] = { 1, INT32_MIN, -1 };
	const int32_t	x3[] = { 1, INT32_MAX, 3, INT32_MAX };
	int32_t		y[4];

	gpu_prefix_ref(x1, y, 3);
	CHECK(y[0] == 0 && y[1] == INT32_MIN && y[2] == 0);
	gpu_prefix_ref(x2, y, 3);
	CHECK(y[1] == INT32_MIN && y[2] == INT32_MAX);
	/* odd at 1 (INT32_MAX), even at 2, odd at 3: wraps to -2 */
	gpu_prefix_ref(x3, y, 4);
	CHECK(y[1] == INT32_MAX && y[2] == INT32_MAX && y[3] == -2);
}

/* A small xorshift generator, so runs are repeatable. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint32_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return ((uint32_t)(rng_state >> 16));
}

static void
fill(int32_t *x, size_t n, int wide)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (wide)
			x[i] = (int32_t)rng();
		else
			x[i] = (int32_t)(rng() % 20) - 10;
	}
}

static void
two_pass(const int32_t *x, int32_t *y, size_t n)
{
	size_t	*count = xcalloc(n + 1, sizeof *count);
	int64_t	 sum = 0;
	size_t	 j;

	count[0] = 0;
	for (j = 0; j < n; j++)
		count[j + 1] = count[j] + (x[j] > 0);
	for (j = 0; j < n; j++) {
		if (count[j] % 2 == 1)
			sum += x[j];
		y[j] = (int32_t)(uint32_t)(uint64_t)sum;
	}
	free(count);
}

struct seg {
	uint32_t	p;	/* parity of the positives in the segment */
	uint32_t	t;	/* total of the segment */
	uint32_t	s;	/* sum of elements after an odd count within it */
};

static struct seg
seg_op(struct seg a, struct seg b)
{
	struct seg	c;

	c.p = a.p ^ b.p;
	c.t = a.t + b.t;
	c.s = a.s + (a.p ? b.t - b.s : b.s);
	return (c);
}

static struct seg
seg_of(const int32_t *x, size_t n)
{
	struct seg	r = { 0, 0, 0 }, e;
	size_t		i;

	/* Build it from one-element segments, only through the operator. */
	for (i = 0; i < n; i++) {
		e.p = x[i] > 0;
		e.t = (uint32_t)x[i];
		e.s = 0;
		r = seg_op(r, e);
	}
	return (r);
}

static void
chunked(const int32_t *x, int32_t *y, size_t n)
{
	struct seg	 in = { 0, 0, 0 }, one;
	size_t		 start, len, i;

	for (start = 0; start < n; start += len) {
		len = 1 + rng() % 300;
		if (len > n - start)
			len = n - start;
		/* Inclusive prefix at i = in . seg(x[start..i]). */
		for (i = start; i < start + len; i++) {
			one = seg_op(in, seg_of(x + start, i - start + 1));
			y[i] = (int32_t)one.s;
		}
		in = seg_op(in, seg_of(x + start, len));
	}
}

static void
test_operator(void)
{
	struct seg	a, b, c, l, r;
	int		k;

	/* Associativity on random triples. */
	for (k = 0; k < 10000; k++) {
		a.p = rng() & 1; a.t = rng(); a.s = rng();
		b.p = rng() & 1; b.t = rng(); b.s = rng();
		c.p = rng() & 1; c.t = rng(); c.s = rng();
		l = seg_op(seg_op(a, b), c);
		r = seg_op(a, seg_op(b, c));
		CHECK(l.p == r.p && l.t == r.t && l.s == r.s);
		if (l.p != r.p || l.t != r.t || l.s != r.s)
			break;
	}
}

static void
test_random(void)
{
	static const size_t	sizes[] = { 1, 2, 3, 7, 31, 32, 33, 1000,
				    4097, 65537, 300001 };
	int32_t			*x, *y, *y2, *y3;
	size_t			 k, n;
	int			 wide;

	for (wide = 0; wide < 2; wide++) {
		for (k = 0; k < nitems(sizes); k++) {
			n = sizes[k];
			x = xcalloc(n, sizeof *x);
			y = xcalloc(n, sizeof *y);
			y2 = xcalloc(n, sizeof *y2);
			y3 = xcalloc(n, sizeof *y3);
			fill(x, n, wide);
			gpu_prefix_ref(x, y, n);
			two_pass(x, y2, n);
			CHECK(same(y, y2, n));
			if (n <= 65537) {	/* chunked is O(n * 300) */
				chunked(x, y3, n);
				CHECK(same(y, y3, n));
			}
			free(x);
			free(y);
			free(y2);
			free(y3);
		}
	}
}

int
main(void)
{
	RUN(test_hand);
	RUN(test_wrap);
	RUN(test_operator);
	RUN(test_random);
	UNIT_DONE();
}
