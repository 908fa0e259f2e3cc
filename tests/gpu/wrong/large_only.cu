// large_only.cu: WRONG on purpose, and only at full size. Correct at every
// edge size the harness checks (the largest is about 3 million), but on
// more than 4 million elements it never writes the last one. So it is
// caught in a timing process, not in the harness's own edge-size calls,
// and the verdict has to come back from there.
#include "common.cuh"

__global__ void one_block(const int32_t *x, int32_t *y, size_t n)
{
	__shared__ Seg sh[kThreads];
	__shared__ Seg carry;
	// The bug: the last element is skipped on large inputs.
	size_t last = n > 4000000 ? n - 1 : n;

	if (threadIdx.x == 0)
		carry = Seg{0, 0, 0};
	for (size_t base = 0; base < n; base += kThreads) {
		size_t i = base + threadIdx.x;
		__syncthreads();
		Seg incl = op(carry, block_scan(sh, element(i < n ? x[i] : 0)));
		if (i < last)
			y[i] = (int32_t)(incl.s);
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
