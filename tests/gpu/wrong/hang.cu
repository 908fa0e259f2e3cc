// hang.cu: WRONG on purpose. Waits for a flag that nothing sets, so the
// call never returns: the scorer's per-call timeout must end it.
#include "common.cuh"

__global__ void spin(volatile uint32_t *flag)
{
	while (*flag == 0)
		;
}

static uint32_t *g_flag;

extern "C" void prefix_sum(const int32_t *x, int32_t *y, size_t n,
                           cudaStream_t stream)
{
	if (g_flag == nullptr) {
		cudaMalloc(&g_flag, sizeof *g_flag);
		cudaMemset(g_flag, 0, sizeof *g_flag);
	}
	spin<<<1, 1, 0, stream>>>(g_flag);
}
