"""common.py: the definition in torch, for the deliberately wrong solutions
of tests/gpu/parity-gpu.sh (each bends it one way the scorer must catch)."""
import torch


def definition(x, inclusive=False):
    pos = (x > 0).to(torch.int64)
    before = torch.cumsum(pos, 0) - (0 if inclusive else pos)
    return torch.cumsum(x.to(torch.int64) * (before & 1), 0)
