/*
 * solution.c: the reference solution. One pass, no branches: the parity
 * of positives seen so far becomes an all-ones or all-zeros mask that
 * selects whether x[i] joins the running sum.
 */
#include <stdint.h>
#include <stddef.h>

void prefix_sum(const int32_t *x, int32_t *y, size_t n);

void
prefix_sum(const int32_t *x, int32_t *y, size_t n)
{
	uint32_t	parity = 0, sum = 0, v;
	size_t		i;

	for (i = 0; i < n; i++) {
		v = (uint32_t)x[i];
		sum += v & (0u - parity);
		y[i] = (int32_t)sum;
		parity ^= x[i] > 0;
	}
}
