// large_only.cu: WRONG on purpose, and only at full size. Correct at every
// edge size the harness checks (the largest is about 3 million), but on
// more than 4 million elements it never writes the last one. So it is
// caught in a timing process, not in the harness's own edge-size calls,
// and the verdict has to come back from there.
#include "common.cuh"

struct Bug : Right {
	static __device__ bool write(size_t i, size_t n)
	{
		return i < (n > 4000000 ? n - 1 : n);
	}
};

extern "C" void prefix_sum(const int32_t *x, int32_t *y, size_t n,
                           cudaStream_t stream)
{
	one_block_scan<Bug>(x, y, n, stream);
}
