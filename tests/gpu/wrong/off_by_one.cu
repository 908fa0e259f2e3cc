// off_by_one.cu: WRONG on purpose. Counts x[j] itself in odd(j) (positives
// up to and including j, instead of strictly before j).
#include "common.cuh"

__global__ void one_block(const int32_t *x, int32_t *y, size_t n)
{
	__shared__ Seg sh[kThreads];
	__shared__ Seg carry;

	if (threadIdx.x == 0)
		carry = Seg{0, 0, 0};
	for (size_t base = 0; base < n; base += kThreads) {
		size_t i = base + threadIdx.x;
		int32_t v = i < n ? x[i] : 0;
		// The bug: the element's own sign already flips its parity.
		Seg e = Seg{(uint32_t)(v > 0), (uint32_t)v,
		    v > 0 ? (uint32_t)v : 0};
		__syncthreads();
		Seg incl = op(carry, block_scan(sh, e));
		if (i < n)
			y[i] = (int32_t)incl.s;
		__syncthreads();
		if (threadIdx.x == kThreads - 1)
			carry = incl;
	}
}

extern "C" void prefix_sum(const int32_t *x, int32_t *y, size_t n,
                           cudaStream_t stream)
{
	one_block<<<1, kThreads, 0, stream>>>(x, y, n);
}
