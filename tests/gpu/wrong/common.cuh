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

// The single-block scan, over chunks of kThreads elements, with the three
// places a wrong solution breaks it given by Bug (which inherits what it
// leaves alone from Right): an element's summary, whether there is a chunk
// at base, and whether element i is written.
struct Right {
	static __device__ Seg elem(int32_t v) { return element(v); }
	static __device__ bool more(size_t base, size_t n) { return base < n; }
	static __device__ bool write(size_t i, size_t n) { return i < n; }
};

template <class Bug>
__global__ void one_block(const int32_t *x, int32_t *y, size_t n)
{
	__shared__ Seg sh[kThreads];
	__shared__ Seg carry;

	if (threadIdx.x == 0)
		carry = Seg{0, 0, 0};
	for (size_t base = 0; Bug::more(base, n); base += kThreads) {
		size_t i = base + threadIdx.x;
		__syncthreads();
		Seg incl = op(carry, block_scan(sh, Bug::elem(i < n ? x[i] : 0)));
		if (Bug::write(i, n))
			y[i] = (int32_t)incl.s;
		__syncthreads();
		if (threadIdx.x == kThreads - 1)
			carry = incl;
	}
}

template <class Bug>
void one_block_scan(const int32_t *x, int32_t *y, size_t n,
                    cudaStream_t stream)
{
	one_block<Bug><<<1, kThreads, 0, stream>>>(x, y, n);
}
