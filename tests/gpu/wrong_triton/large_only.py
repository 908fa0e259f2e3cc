# Wrong only past 2^24 elements (right at every edge size): the last element.
from common import definition
import torch
def prefix_sum(x):
    y = definition(x).to(torch.int32)
    if x.numel() > 1 << 24:
        y[-1] += 1
    return y
