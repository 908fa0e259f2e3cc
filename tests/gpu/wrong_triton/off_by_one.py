# Wrong: counts the element itself among the positives before it.
from common import definition
import torch
def prefix_sum(x):
    return definition(x, inclusive=True).to(torch.int32)
