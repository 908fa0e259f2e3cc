/*
 * prefix_ref.h: the trusted CPU reference of the kernel task's function, the
 * conditional prefix sum of RE-Bench's optimize_kernel environment:
 *
 *	Y[i] = sum over j <= i of x[j] * odd(j)
 *
 * where odd(j) is 1 when the number of positive elements strictly before
 * position j is odd. So Y[0] = 0, and x = [3, -1, 2, 5, -3] gives
 * Y = [0, -1, 1, 1, -2]. Sums are int32 and wrap around on overflow, as the
 * GPU's do (two's complement, computed in uint32 so C sees no overflow).
 *
 * The CUDA harness includes this header from C++, hence the extern "C".
 */
#ifndef BASELINER_PREFIX_REF_H
#define BASELINER_PREFIX_REF_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* y[0..n) = the conditional prefix sum of x[0..n). x and y may not overlap. */
void	gpu_prefix_ref(const int32_t *x, int32_t *y, size_t n);

/*
 * The index of the first i with a[i] != b[i], or n if they are equal.
 */
size_t	gpu_prefix_first_diff(const int32_t *a, const int32_t *b, size_t n);

#ifdef __cplusplus
}
#endif

#endif
