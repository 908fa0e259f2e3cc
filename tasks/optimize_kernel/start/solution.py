"""solution.py: the starting solution of optimize_kernel. Correct and simple:
two block-wise scans in Triton glued with torch, five passes over memory.

prefix_sum(x) takes a 1-D int32 CUDA tensor and returns
y[i] = sum over j <= i of x[j] * odd(j), where odd(j) is 1 when the number
of positive elements strictly before j is odd.
"""
import torch
import triton
import triton.language as tl

BLOCK = 1024


@triton.jit
def _block_scan(src, dst, totals, n, BLOCK: tl.constexpr):
    # Inclusive scan of one block; its total goes to totals[block].
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    v = tl.load(src + offs, mask=mask, other=0)
    tl.store(dst + offs, tl.cumsum(v, axis=0), mask=mask)
    tl.store(totals + pid, tl.sum(v, axis=0))


@triton.jit
def _add_offsets(dst, offsets, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    v = tl.load(dst + offs, mask=mask, other=0)
    tl.store(dst + offs, v + tl.load(offsets + pid), mask=mask)


def _scan(v):
    """Inclusive int32 prefix sum of v."""
    n = v.numel()
    nb = triton.cdiv(n, BLOCK)
    out = torch.empty_like(v)
    totals = torch.empty(nb, dtype=torch.int32, device=v.device)
    _block_scan[(nb,)](v, out, totals, n, BLOCK=BLOCK)
    offsets = torch.cumsum(totals, 0, dtype=torch.int32) - totals
    _add_offsets[(nb,)](out, offsets, n, BLOCK=BLOCK)
    return out


def prefix_sum(x):
    pos = (x > 0).to(torch.int32)
    before = _scan(pos) - pos          # positives strictly before i
    return _scan(x * (before & 1))
