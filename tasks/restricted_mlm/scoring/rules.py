"""rules.py: the restricted-MLM rule enforcer. While the participant's
model runs its forward pass, every tensor operation is checked at two
levels: torch functions and tensor methods (__torch_function__), and the
operators they reach in PyTorch's dispatcher (__torch_dispatch__), so that
a forbidden operation is caught however it is reached (a module, a method,
an operator, torch.ops directly). The first operation outside the allowed
set raises Forbidden, which names it.

Allowed: reshaping and indexing, concatenation, creation of constant
tensors, addition, subtraction, multiplication, matrix products, sums,
embedding lookups, ReLU, maximum/minimum, comparisons and selection.
Everything else is forbidden; in particular division, exponentials and
logarithms, powers and roots, softmax, sigmoid, tanh, GELU and other
smooth activations, normalization layers, means and variances, and
taking values out of tensors (item, tolist, numpy)."""
import torch
from torch.overrides import TorchFunctionMode
from torch.utils._python_dispatch import TorchDispatchMode

ALLOWED_ATEN = frozenset({
    # shapes, views, indexing, copies
    "view", "_unsafe_view", "reshape", "permute", "transpose", "t",
    "expand", "unsqueeze", "squeeze", "slice", "select", "index",
    "index_select", "gather", "split", "split_with_sizes", "chunk",
    "unbind", "cat", "stack", "clone", "contiguous", "alias", "detach",
    "_to_copy", "to", "copy_", "lift_fresh", "lift_fresh_copy", "flatten",
    "narrow", "repeat", "tril", "triu", "flip", "roll", "_reshape_alias",
    "as_strided", "expand_as", "view_as", "new_empty", "empty_like",
    # constants
    "zeros", "ones", "full", "arange", "empty", "zeros_like", "ones_like",
    "full_like", "new_zeros", "new_ones", "new_full", "scalar_tensor",
    "fill_", "zero_", "eye",
    # arithmetic
    "add", "add_", "sub", "sub_", "rsub", "mul", "mul_", "neg", "mm", "bmm",
    "addmm", "matmul", "baddbmm", "addbmm", "dot", "sum", "cumsum",
    "embedding", "linear",
    # piecewise-linear and selection
    "relu", "relu_", "maximum", "minimum", "max", "min", "clamp_min",
    "clamp_max", "clamp", "where", "abs", "masked_fill", "masked_fill_",
    "gt", "lt", "ge", "le", "eq", "ne", "logical_and", "logical_or",
    "logical_not", "bitwise_and", "bitwise_or", "bitwise_not",
    "dropout", "native_dropout", "_has_compatible_shallow_copy_type",
    "is_same_size", "sym_size", "sym_stride", "sym_numel",
    "sym_storage_offset",
})
FORBIDDEN_FUNCS = frozenset({
    "item", "tolist", "numpy", "__array__", "data_ptr", "__float__",
    "__int__", "__index__", "__bool__", "storage", "untyped_storage",
    "_local_scalar_dense"})


class Forbidden(Exception):
    pass


def _aten_name(func):
    name = getattr(func, "__name__", str(func))
    # OpOverload: aten.div.Tensor -> "div"
    packet = getattr(func, "overloadpacket", None)
    if packet is not None:
        name = getattr(packet, "__name__", name)
    return name.split(".")[0]


class _Dispatch(TorchDispatchMode):
    def __init__(self, seen):
        super().__init__()
        self.seen = seen

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        name = _aten_name(func)
        if name not in ALLOWED_ATEN:
            raise Forbidden("aten.%s" % name)
        self.seen.add(name)
        return func(*args, **(kwargs or {}))


class _Function(TorchFunctionMode):
    def __torch_function__(self, func, types, args=(), kwargs=None):
        name = getattr(func, "__name__", "")
        if name in FORBIDDEN_FUNCS:
            raise Forbidden(name)
        return func(*args, **(kwargs or {}))


class Enforce:
    """with Enforce() as seen: model(x)  -- raises Forbidden."""

    def __init__(self):
        self.seen = set()
        self._modes = [_Function(), _Dispatch(self.seen)]

    def __enter__(self):
        for m in self._modes:
            m.__enter__()
        return self.seen

    def __exit__(self, *exc):
        for m in reversed(self._modes):
            m.__exit__(*exc)
        return False


def fingerprint():
    """What the participant's code must not have replaced (it runs in this
    process): the rule sets and the enforcer's methods. A determined
    participant can still get around an in-process check; the rules of the
    study (review of every attempt) cover that, as in the paper."""
    return (ALLOWED_ATEN, FORBIDDEN_FUNCS, Enforce.__enter__,
            Enforce.__exit__, _Dispatch.__torch_dispatch__,
            _Function.__torch_function__, TorchDispatchMode.__enter__,
            TorchFunctionMode.__enter__)


def check(model, sample):
    """Run one forward pass under the rules; None, or the forbidden op."""
    try:
        with torch.no_grad(), Enforce():
            model(sample)
    except Forbidden as e:
        return str(e)
    return None
