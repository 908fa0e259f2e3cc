"""solution.py: the reference solution of optimize_kernel (ours, in Triton).

Reduce, scan, apply: three launches, reading x twice and writing y once
(1.2 GB for 10^8 elements against the 0.8 GB floor).

A block's effect on what follows is a summary (P, S, T): P the parity of its
positive elements, S the sum of x[j] * odd(j) over the block when the count
of positives before it is even, T the plain sum. When the count before it
is odd every odd(j) flips, so the block then adds T - S. Summaries combine
associatively (a then b):

    (Pa ^ Pb, Sa + (Pb's S under parity Pa), Ta + Tb)

  1. _summaries: one program per block of BLOCK elements writes (P, S, T);
  2. _scan_summaries: one program scans all the summaries in place;
  3. _apply: each block scans itself again, starting from the parity and
     the sum of the blocks before it, and writes y.
"""
import torch
import triton
import triton.language as tl

BLOCK = 4096
WARPS = 8


@triton.jit
def _local(x, q):
    # odd(j) inside the block when q positives came before it
    pos = (x > 0).to(tl.int32)
    odd = (tl.cumsum(pos, axis=0) - pos + q) & 1
    return pos, x * odd


@triton.jit
def _summaries(x_ptr, par_ptr, sum_ptr, tot_ptr, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs, mask=offs < n, other=0)
    pos, v = _local(x, 0)
    tl.store(par_ptr + pid, tl.sum(pos, axis=0) & 1)
    tl.store(sum_ptr + pid, tl.sum(v, axis=0))
    tl.store(tot_ptr + pid, tl.sum(x, axis=0))


@triton.jit
def _combine(pa, sa, ta, pb, sb, tb):
    return pa ^ pb, sa + tl.where(pa == 1, tb - sb, sb), ta + tb


@triton.jit
def _scan_summaries(par_ptr, sum_ptr, tot_ptr, nb, NB: tl.constexpr):
    i = tl.arange(0, NB)
    m = i < nb
    p = tl.load(par_ptr + i, mask=m, other=0)
    s = tl.load(sum_ptr + i, mask=m, other=0)
    t = tl.load(tot_ptr + i, mask=m, other=0)
    p, s, t = tl.associative_scan((p, s, t), 0, _combine)
    tl.store(par_ptr + i, p, mask=m)
    tl.store(sum_ptr + i, s, mask=m)


@triton.jit
def _apply(x_ptr, y_ptr, par_ptr, sum_ptr, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0)
    first = pid == 0
    prev = tl.maximum(pid - 1, 0)
    q = tl.where(first, 0, tl.load(par_ptr + prev))
    base = tl.where(first, 0, tl.load(sum_ptr + prev))
    _, v = _local(x, q)
    tl.store(y_ptr + offs, tl.cumsum(v, axis=0) + base, mask=mask)


_scratch = {}


def prefix_sum(x):
    n = x.numel()
    y = torch.empty_like(x)
    if n == 0:
        return y
    nb = triton.cdiv(n, BLOCK)
    key = (x.device, nb)
    if key not in _scratch:
        _scratch[key] = torch.empty((3, nb), dtype=torch.int32,
                                    device=x.device)
    par, sums, tot = _scratch[key]
    _summaries[(nb,)](x, par, sums, tot, n, BLOCK=BLOCK, num_warps=WARPS)
    nbp = max(triton.next_power_of_2(nb), 16)
    _scan_summaries[(1,)](par, sums, tot, nb, NB=nbp,
                          num_warps=min(32, max(4, nbp // 512)))
    _apply[(nb,)](x, y, par, sums, n, BLOCK=BLOCK, num_warps=WARPS)
    return y
