/*
 * solution.c: the starting solution. Correct, and slow: it works in two
 * passes over memory, first recording for each position whether an odd
 * number of positive elements came before it, then summing.
 */
#include <stdint.h>
#include <stdlib.h>

void prefix_sum(const int32_t *x, int32_t *y, size_t n);

void
prefix_sum(const int32_t *x, int32_t *y, size_t n)
{
	unsigned char	*odd;
	size_t		 i, positives = 0;
	uint32_t	 acc = 0;

	odd = malloc(n ? n : 1);
	if (odd == NULL)
		abort();
	for (i = 0; i < n; i++) {
		odd[i] = positives % 2 == 1;
		if (x[i] > 0)
			positives++;
	}
	for (i = 0; i < n; i++) {
		if (odd[i])
			acc += (uint32_t)x[i];
		y[i] = (int32_t)acc;
	}
	free(odd);
}
