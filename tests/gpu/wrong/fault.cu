// fault.cu: WRONG on purpose. A kernel that writes through a wild pointer:
// the launch faults with an illegal memory access.
#include "common.cuh"

__global__ void wild(const int32_t *x, int32_t *y, size_t n)
{
	size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;

	if (i < n) {
		// The bug: an index scaled twice lands far outside y.
		y[(i + 1) << 36] = x[i];
	}
}

extern "C" void prefix_sum(const int32_t *x, int32_t *y, size_t n,
                           cudaStream_t stream)
{
	wild<<<(unsigned)((n + 255) / 256), 256, 0, stream>>>(x, y, n);
}
