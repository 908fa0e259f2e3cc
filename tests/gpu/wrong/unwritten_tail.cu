// unwritten_tail.cu: WRONG on purpose. Correct, but stops at the last whole
// chunk of 1024 elements: the tail of y is never written.
#include "common.cuh"

__global__ void one_block(const int32_t *x, int32_t *y, size_t n)
{
	__shared__ Seg sh[kThreads];
	__shared__ Seg carry;

	if (threadIdx.x == 0)
		carry = Seg{0, 0, 0};
	// The bug: "base + kThreads <= n" drops the partial last chunk.
	for (size_t base = 0; base + kThreads <= n; base += kThreads) {
		size_t i = base + threadIdx.x;
		__syncthreads();
		Seg incl = op(carry, block_scan(sh, element(x[i])));
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
