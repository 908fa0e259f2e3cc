// unwritten_tail.cu: WRONG on purpose. Correct, but stops at the last whole
// chunk of 1024 elements: the tail of y is never written.
#include "common.cuh"

struct Bug : Right {
	// "base + kThreads <= n" drops the partial last chunk.
	static __device__ bool more(size_t base, size_t n)
	{
		return base + kThreads <= n;
	}
};

extern "C" void prefix_sum(const int32_t *x, int32_t *y, size_t n,
                           cudaStream_t stream)
{
	one_block_scan<Bug>(x, y, n, stream);
}
