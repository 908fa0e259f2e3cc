// common.cuh: the pieces the deliberately wrong solutions share: the segment
// operator of the conditional prefix sum (see the reference solution) and a
// correct single-block scan that each wrong solution breaks in one way.
#include <cstddef>
#include <cstdint>
#include <cuda_runtime.h>

struct Seg {
	uint32_t p, t, s;
};

__device__ __forceinline__ Seg op(Seg a, Seg b)
{
	return Seg{a.p ^ b.p, a.t + b.t, a.s + (a.p ? b.t - b.s : b.s)};
}

// The summary of one element: it is counted after its own parity flips.
__device__ __forceinline__ Seg element(int32_t v)
{
	return Seg{(uint32_t)(v > 0), (uint32_t)v, 0};
}

constexpr int kThreads = 1024;

// Inclusive Hillis-Steele scan across the block, in shared memory.
__device__ Seg block_scan(Seg *sh, Seg mine)
{
	sh[threadIdx.x] = mine;
	__syncthreads();
	for (unsigned d = 1; d < kThreads; d *= 2) {
		Seg left = sh[threadIdx.x >= d ? threadIdx.x - d : 0];
		__syncthreads();
		if (threadIdx.x >= d)
			mine = op(left, mine);
		sh[threadIdx.x] = mine;
		__syncthreads();
	}
	return mine;
}
