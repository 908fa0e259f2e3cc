# Wrong: raises.
def prefix_sum(x):
    raise RuntimeError("out of ideas")
