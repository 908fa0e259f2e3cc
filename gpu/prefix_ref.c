/*
 * prefix_ref.c: the conditional prefix sum on the CPU, one element at a time.
 *
 * It is written to be obviously right rather than fast: walk the array,
 * keeping the parity of the positive elements seen so far (strictly before
 * the current one) and the running sum of the elements met while that
 * parity was odd. The harness checks its GPU reference against this on
 * every scoring, and the unit test checks this against an independent
 * formulation.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "prefix_ref.h"

void
gpu_prefix_ref(const int32_t *x, int32_t *y, size_t n)
{
	uint32_t	sum = 0;	/* wraps modulo 2^32, like int32 on a GPU */
	unsigned	odd = 0;	/* positives strictly before i, mod 2 */
	size_t		i;

	for (i = 0; i < n; i++) {
		if (odd)
			sum += (uint32_t)x[i];
		y[i] = (int32_t)sum;
		if (x[i] > 0)
			odd ^= 1;
	}
}

size_t
gpu_prefix_first_diff(const int32_t *a, const int32_t *b, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (a[i] != b[i])
			break;
	}
	return (i);
}
