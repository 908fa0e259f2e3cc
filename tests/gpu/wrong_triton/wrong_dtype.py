# Wrong: the right values as int64.
from common import definition
def prefix_sum(x):
    return definition(x)
