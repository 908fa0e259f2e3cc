// race.cu: WRONG on purpose. A chained scan across blocks in which each
// block reads its predecessor's prefix once, without waiting for it to be
// published: when the predecessor is late (most of the time, with many
// blocks in flight) the block goes on from an empty prefix. Right for one
// block, wrong as soon as timing decides.
#include "common.cuh"

struct State {
	Seg prefix;
	uint32_t ready;
};

__global__ void chained(const int32_t *x, int32_t *y, size_t n, State *st)
{
	__shared__ Seg sh[kThreads];
	__shared__ Seg carry;
	size_t i = (size_t)blockIdx.x * kThreads + threadIdx.x;
	Seg incl = block_scan(sh, element(i < n ? x[i] : 0));

	if (threadIdx.x == kThreads - 1) {
		Seg before = Seg{0, 0, 0};
		if (blockIdx.x > 0) {
			volatile State *p = st + blockIdx.x - 1;
			// The bug: no loop here. It should wait for ready.
			if (p->ready)
				before = Seg{p->prefix.p, p->prefix.t,
				    p->prefix.s};
		}
		carry = before;
		Seg mine = op(before, incl);
		volatile State *q = st + blockIdx.x;
		q->prefix.p = mine.p;
		q->prefix.t = mine.t;
		q->prefix.s = mine.s;
		__threadfence();
		q->ready = 1;
	}
	__syncthreads();
	if (i < n)
		y[i] = (int32_t)op(carry, incl).s;
}

static State *g_state;
static size_t g_blocks;

extern "C" void prefix_sum(const int32_t *x, int32_t *y, size_t n,
                           cudaStream_t stream)
{
	size_t blocks = (n + kThreads - 1) / kThreads;

	if (blocks > g_blocks) {
		cudaFree(g_state);
		cudaMalloc(&g_state, blocks * sizeof(State));
		g_blocks = blocks;
	}
	cudaMemsetAsync(g_state, 0, blocks * sizeof(State), stream);
	chained<<<(unsigned)blocks, kThreads, 0, stream>>>(x, y, n, g_state);
}
