/*
 * prefix_gpu.h: the harness's own device code for the prefix-sum task:
 * input generation, the trusted GPU reference, poisoning and checking.
 *
 * The input is a pure function of (seed, i), so it can be made on the GPU
 * in one pass and regenerated later to prove the solution left it alone.
 * The reference is a plain three-kernel scan over the segment operator
 * described in prefix_gpu.cu; the harness compares it with the CPU
 * reference (prefix_ref.c) at several sizes on every scoring.
 */
#ifndef BASELINER_PREFIX_GPU_H
#define BASELINER_PREFIX_GPU_H

#include <stddef.h>
#include <stdint.h>

#include <cuda_runtime.h>

/* What a check found: the first bad index of each kind, or ~0 if none. */
struct pg_check {
	unsigned long long	wrong;		/* y[i] != reference */
	unsigned long long	input;		/* x[i] changed */
	unsigned long long	guard;		/* a guard word changed (offset) */
	int32_t			expected, got;	/* at "wrong" */
};

#define PG_NONE (~0ULL)

/* Values are uniform in [-10, 9]. */
cudaError_t	pg_generate(int32_t *x, size_t n, uint64_t seed, cudaStream_t);
int32_t		pg_input_value(uint64_t seed, size_t i);	/* host copy */

/* Read all of buf (16-byte aligned): twice L2's size empties L2 of
 * everything else and leaves no dirty line behind. */
cudaError_t	pg_evict(void *buf, size_t bytes, cudaStream_t);

/* Fill n words with v. */
cudaError_t	pg_fill(int32_t *p, size_t n, int32_t v, cudaStream_t);

/* The reference scan; scratch is from pg_ref_scratch_bytes(n). */
size_t		pg_ref_scratch_bytes(size_t n);
cudaError_t	pg_reference(const int32_t *x, int32_t *y, size_t n,
		    void *scratch, cudaStream_t);

/*
 * Check y against ref, x against the generator, and the guard words
 * (head[0..guard) and y[n..n+guard)) against poison. result is a device
 * struct pg_check; the call waits for the stream and copies it to *out.
 */
cudaError_t	pg_verify(const int32_t *x, uint64_t seed, const int32_t *y,
		    const int32_t *ref, size_t n, const int32_t *head,
		    size_t guard, int32_t poison, struct pg_check *dev_result,
		    struct pg_check *out, cudaStream_t);

#endif
