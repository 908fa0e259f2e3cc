def prefix_sum(x)
    return x
