// off_by_one.cu: WRONG on purpose. Counts x[j] itself in odd(j) (positives
// up to and including j, instead of strictly before j).
#include "common.cuh"

struct Bug : Right {
	// The element's own sign already flips its parity.
	static __device__ Seg elem(int32_t v)
	{
		return Seg{(uint32_t)(v > 0), (uint32_t)v,
		    v > 0 ? (uint32_t)v : 0};
	}
};

extern "C" void prefix_sum(const int32_t *x, int32_t *y, size_t n,
                           cudaStream_t stream)
{
	one_block_scan<Bug>(x, y, n, stream);
}
