# Wrong: one element short.
from common import definition
import torch
def prefix_sum(x):
    return definition(x).to(torch.int32)[:-1]
