// solution.cu: the starting solution of the prefix_sum task.
//
// Y[i] = sum over j <= i of x[j] * odd(j), where odd(j) is 1 when the number
// of positive elements strictly before j is odd.
//
// Correct and simple, in four passes over the data:
//   1. flags[i] = (x[i] > 0)
//   2. count = exclusive prefix sum of flags   (a multi-level block scan)
//   3. z[i]  = (count[i] is odd) ? x[i] : 0
//   4. y     = inclusive prefix sum of z       (the same scan)
// Each scan is itself several kernels: scan blocks of 1024, scan the block
// sums (recursively), add them back. Plenty of room to do better.
#include <cstddef>
#include <cstdint>
#include <cuda_runtime.h>

namespace {

constexpr int kThreads = 256;
constexpr int kItems = 4;			// per thread
constexpr int kBlock = kThreads * kItems;	// elements per block

// Scan each block of kBlock elements (inclusive or exclusive), and write the
// block's total to sums[blockIdx.x].
__global__ void scan_blocks(const int32_t *in, int32_t *out, int32_t *sums,
                            size_t n, bool exclusive)
{
	__shared__ int32_t sh[kThreads];
	size_t base = (size_t)blockIdx.x * kBlock + (size_t)threadIdx.x * kItems;
	int32_t v[kItems];
	int32_t total = 0;

	for (int k = 0; k < kItems; k++) {
		v[k] = base + k < n ? in[base + k] : 0;
		total += v[k];
	}
	// Hillis-Steele scan of the per-thread totals.
	sh[threadIdx.x] = total;
	__syncthreads();
	for (int d = 1; d < kThreads; d *= 2) {
		int32_t left = threadIdx.x >= d ? sh[threadIdx.x - d] : 0;
		__syncthreads();
		sh[threadIdx.x] += left;
		__syncthreads();
	}
	int32_t run = sh[threadIdx.x] - total;	// exclusive for this thread
	for (int k = 0; k < kItems; k++) {
		if (exclusive) {
			if (base + k < n)
				out[base + k] = run;
			run += v[k];
		} else {
			run += v[k];
			if (base + k < n)
				out[base + k] = run;
		}
	}
	if (threadIdx.x == kThreads - 1)
		sums[blockIdx.x] = sh[kThreads - 1];
}

__global__ void add_offsets(int32_t *out, const int32_t *offsets, size_t n)
{
	size_t i = (size_t)blockIdx.x * kBlock + threadIdx.x;
	int32_t off = offsets[blockIdx.x];

	for (int k = 0; k < kItems; k++, i += kThreads)
		if (i < n)
			out[i] += off;
}

__global__ void positive_flags(const int32_t *x, int32_t *flags, size_t n)
{
	size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;

	if (i < n)
		flags[i] = x[i] > 0;
}

__global__ void odd_values(const int32_t *x, const int32_t *count,
                           int32_t *z, size_t n)
{
	size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;

	if (i < n)
		z[i] = (count[i] & 1) ? x[i] : 0;
}

// Scratch kept between calls: grown when a bigger n comes.
int32_t *g_tmp = nullptr;
size_t g_cap = 0;

size_t blocks_for(size_t n) { return (n + kBlock - 1) / kBlock; }

// Room for the block sums of every level of the recursion.
size_t sums_room(size_t n)
{
	size_t total = 0;

	for (size_t b = blocks_for(n); ; b = blocks_for(b)) {
		total += b;
		if (b <= 1)
			break;
	}
	return total;
}

// out = scan(in) over n elements; sums is scratch from sums_room(n).
void scan(const int32_t *in, int32_t *out, size_t n, bool exclusive,
          int32_t *sums, cudaStream_t stream)
{
	size_t blocks = blocks_for(n);

	scan_blocks<<<blocks, kThreads, 0, stream>>>(in, out, sums, n,
	    exclusive);
	if (blocks > 1) {
		// The block totals, scanned exclusively, are each block's offset.
		scan(sums, sums, blocks, true, sums + blocks, stream);
		add_offsets<<<blocks, kThreads, 0, stream>>>(out, sums, n);
	}
}

}  // namespace

extern "C" void prefix_sum(const int32_t *x, int32_t *y, size_t n,
                           cudaStream_t stream)
{
	if (n == 0)
		return;
	size_t need = 2 * n + sums_room(n);
	if (need > g_cap) {
		cudaFree(g_tmp);
		cudaMalloc(&g_tmp, need * sizeof(int32_t));
		g_cap = need;
	}
	int32_t *flags = g_tmp;		// then reused for z
	int32_t *count = g_tmp + n;
	int32_t *sums = g_tmp + 2 * n;
	unsigned grid = (unsigned)((n + 255) / 256);

	positive_flags<<<grid, 256, 0, stream>>>(x, flags, n);
	scan(flags, count, n, true, sums, stream);
	odd_values<<<grid, 256, 0, stream>>>(x, count, flags, n);
	scan(flags, y, n, false, sums, stream);
}
