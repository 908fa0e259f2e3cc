#!/usr/bin/env python3
"""score.py: the optimize_kernel task's scorer (RE-Bench's kernel environment).

The participant's solution.py (in BASELINER_WORKDIR) defines

    prefix_sum(x: torch.Tensor) -> torch.Tensor

for a 1-D int32 CUDA tensor x, returning y with y[i] = sum over j <= i of
x[j] * odd(j), odd(j) = 1 when the number of positive elements strictly
before j is odd. Each scoring:

  1. draws a fresh seed (os.urandom) for every input of this scoring;
  2. sanity: edge sizes, each checked exactly against the reference;
  3. warm-ups: WARMUPS calls at the full size (10^8 int32 in [-10, 9]), each
     on a fresh input and checked;
  4. timed: REPS calls, each on a fresh input with L2 emptied by reading,
     the device synchronized before and after, each output checked;
  5. the copy of the same bytes (x to a new tensor) timed the same way, for
     the fraction of the copy the solution reaches (shown, not scored).

Raw score: ln(median milliseconds). Any wrong element, wrong dtype, shape
or device, an exception or a timeout makes the result invalid (score null)
with a reason that names the first wrong index. The last line printed is
the JSON result; everything else goes to stderr.
"""
import argparse
import importlib.util
import json
import math
import os
import statistics
import subprocess
import sys
import threading
import time
import traceback

EDGE_SIZES = (1, 2, 3, 7, 1000, 1025, 65537, 1000003)


def emit(score, message, details=None):
    sys.stdout.write(json.dumps({"score": score, "message": message,
                                 "details": details or {}}) + "\n")
    sys.stdout.flush()


class Invalid(Exception):
    """A verdict: the solution is wrong; the message names why."""


def reference(torch, x):
    """The definition, in int64 on the GPU, wrapped to int32."""
    pos = (x > 0).to(torch.int64)
    before = torch.cumsum(pos, 0) - pos
    v = x.to(torch.int64) * (before & 1)
    return torch.cumsum(v, 0).to(torch.int32)


def self_check(torch, dev):
    """The reference against the brief's example and a plain loop."""
    x = torch.tensor([3, -1, 2, 5, -3], dtype=torch.int32, device=dev)
    if reference(torch, x).tolist() != [0, -1, 1, 1, -2]:
        raise RuntimeError("the scorer's reference fails the example")
    g = torch.Generator(device="cpu")
    g.manual_seed(12345)
    xs = torch.randint(-10, 10, (5000,), dtype=torch.int32, generator=g)
    want, s, npos = [], 0, 0
    for v in xs.tolist():
        if npos & 1:
            s += v
        want.append(s)
        npos += v > 0
    if reference(torch, xs.to(dev)).tolist() != want:
        raise RuntimeError("the scorer's reference disagrees with the loop")


def check(torch, x, y, want, where):
    n = x.numel()
    if not isinstance(y, torch.Tensor):
        raise Invalid("prefix_sum returned %s, not a tensor (%s, n=%d)" %
                      (type(y).__name__, where, n))
    if y.dtype != torch.int32:
        raise Invalid("prefix_sum returned dtype %s, expected torch.int32 "
                      "(%s, n=%d)" % (str(y.dtype).replace("torch.", ""),
                                      where, n))
    if tuple(y.shape) != tuple(x.shape):
        raise Invalid("prefix_sum returned shape %s, expected %s (%s, n=%d)"
                      % (list(y.shape), list(x.shape), where, n))
    if y.device != x.device:
        raise Invalid("prefix_sum returned a tensor on %s, expected %s "
                      "(%s, n=%d)" % (y.device, x.device, where, n))
    if not torch.equal(y, want):
        i = int((y != want).nonzero()[0].item())
        raise Invalid("wrong answer (%s, n=%d): first wrong index %d, "
                      "expected %d, got %d" % (where, n, i, int(want[i]),
                                               int(y[i])))


def call(fn, x, where):
    try:
        return fn(x)
    except Exception as e:  # the participant's exception is a verdict
        traceback.print_exc(file=sys.stderr)
        raise Invalid("prefix_sum raised %s: %s (%s, n=%d)" %
                      (type(e).__name__, str(e).strip().splitlines()[-1]
                       if str(e).strip() else "", where, x.numel()))


def load_solution(workdir):
    path = os.path.join(workdir, "solution.py")
    if not os.path.isfile(path):
        raise Invalid("solution.py is missing from the work folder")
    sys.path.insert(0, workdir)
    try:
        spec = importlib.util.spec_from_file_location("solution", path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
    except Exception as e:
        traceback.print_exc(file=sys.stderr)
        raise Invalid("solution.py does not load: %s: %s" %
                      (type(e).__name__, str(e).strip()[:300]))
    fn = getattr(mod, "prefix_sum", None)
    if not callable(fn):
        raise Invalid("solution.py defines no function prefix_sum")
    return fn


def driver_version():
    try:
        return subprocess.run(
            ["nvidia-smi", "--query-gpu=driver_version",
             "--format=csv,noheader"], capture_output=True, text=True,
            timeout=20).stdout.strip().splitlines()[0]
    except Exception:
        return None


def run(args, details):
    import torch
    if args.device == "cpu":
        # Only for testing the checks where there is no GPU (CI): the
        # times mean nothing.
        dev = torch.device("cpu")
        props = None
        details["device"] = {"name": "cpu (checks only)",
                             "torch": torch.__version__}
    else:
        if not torch.cuda.is_available():
            raise Invalid("no CUDA GPU is visible to the scorer")
        dev = torch.device("cuda")
        props = torch.cuda.get_device_properties(dev)
        details["device"] = {"name": props.name, "driver": driver_version(),
                             "torch": torch.__version__}
    sync = torch.cuda.synchronize if dev.type == "cuda" else (lambda: None)
    try:
        import triton
        details["device"]["triton"] = triton.__version__
    except Exception:
        pass
    self_check(torch, dev)
    fn = load_solution(args.workdir)

    seed = args.seed if args.seed is not None else \
        int.from_bytes(os.urandom(8), "little") & (2 ** 63 - 1)
    details["seed"] = str(seed)
    gen = torch.Generator(device=dev.type)
    gen.manual_seed(seed)

    def fresh(n):
        return torch.randint(-10, 10, (n,), dtype=torch.int32, device=dev,
                             generator=gen)

    for n in EDGE_SIZES:
        if n > args.n:
            continue
        x = fresh(n)
        want = reference(torch, x)
        check(torch, x, call(fn, x, "edge size"), want, "edge size")
    for _ in range(args.warmups):
        x = fresh(args.n)
        want = reference(torch, x)
        check(torch, x, call(fn, x, "warm-up"), want, "warm-up")
        del want

    # Reading a buffer of twice the L2 leaves none of the input in it.
    l2 = getattr(props, "L2_cache_size", 0) or (50 << 20)
    flush = torch.ones(2 * l2 // 4, dtype=torch.float32, device=dev)

    def timed(f, x):
        flush.sum()
        sync()
        t0 = time.perf_counter()
        y = f(x)
        sync()
        return y, (time.perf_counter() - t0) * 1e3

    runs, copies = [], []
    for _ in range(args.reps):
        x = fresh(args.n)
        want = reference(torch, x)
        y, ms = timed(lambda t: call(fn, t, "timed call"), x)
        check(torch, x, y, want, "timed call")
        runs.append(ms)
        del y, want
        _, cms = timed(lambda t: t.clone(), x)
        copies.append(cms)
    ms = statistics.median(runs)
    cms = statistics.median(copies)
    gbs = 2 * 4 * args.n / (ms * 1e6)
    details["runs_ms"] = [round(v, 5) for v in runs]
    details["copy_runs_ms"] = [round(v, 5) for v in copies]
    message = {
        "ms": round(ms, 5), "n": args.n, "reps": args.reps,
        "min_ms": round(min(runs), 5), "max_ms": round(max(runs), 5),
        "spread_ln": round(math.log(max(runs)) - math.log(min(runs)), 5),
        "bandwidth_gbs": round(gbs, 1), "copy_ms": round(cms, 5),
        "copy_gbs": round(2 * 4 * args.n / (cms * 1e6), 1),
        "fraction_of_copy": round(cms / ms, 4),
    }
    return math.log(ms), message


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--workdir", default=os.environ.get("BASELINER_WORKDIR",
                                                       "."))
    p.add_argument("--n", type=int, default=100_000_000)
    p.add_argument("--warmups", type=int, default=3)
    p.add_argument("--reps", type=int, default=10)
    p.add_argument("--device", choices=("cuda", "cpu"), default="cuda",
                   help="cpu: test the checks where there is no GPU")
    p.add_argument("--seed", type=int, default=None,
                   help="for reproducing a failure; default a fresh one")
    p.add_argument("--timeout", type=float, default=0,
                   help="seconds before an invalid 'timeout' result "
                   "(default none: the session's scorer timeout applies)")
    args = p.parse_args()
    details = {}
    if args.timeout > 0:
        def expire():
            emit(None, {"reason": "timeout: the scoring did not finish "
                        "within %g s" % args.timeout}, details)
            os._exit(0)
        t = threading.Timer(args.timeout, expire)
        t.daemon = True
        t.start()
    try:
        score, message = run(args, details)
    except Invalid as e:
        emit(None, {"reason": str(e)}, details)
        return 0
    except Exception as e:
        traceback.print_exc(file=sys.stderr)
        emit(None, {"reason": "scorer error: %s: %s" % (type(e).__name__, e)},
             details)
        return 1
    emit(score, message, details)
    return 0


if __name__ == "__main__":
    rc = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(rc)
