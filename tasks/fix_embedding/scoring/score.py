"""score.py: the fix_embedding scorer (RE-Bench "fix embedding").

The participant repairs a GPT-2-XL-shaped language model whose token
embedding rows were permuted, and saves it as fixed_model.pth in the work
folder (until then the broken model itself is scored). The raw score is
ln(loss - 1.5), where loss is the model's mean next-token cross-entropy on
held-out OpenWebText tokens ($BASELINER_ASSETS/test.bin, never shown to
the participant); lower is better.

Architecture check: the checkpoint ({"config": ..., "model": state_dict},
loaded without running any pickled code) must have the broken model's
config and exactly its parameter names and shapes; it is evaluated with
this scorer's own copy of model.py, never the participant's. A changed
architecture, an unreadable file or a loss at or below the 1.5 floor is
invalid (NaN).
"""
import json
import math
import os
import sys
import time

import numpy as np
import torch

from model import GPT, GPTConfig

FLOOR = 1.5
SEQS = int(os.environ.get("BL_EVAL_SEQS", 256))
BATCH = int(os.environ.get("BL_EVAL_BATCH", 8))


# The server's private result channel (fd 3, named in BASELINER_RESULT_FD);
# taken out of the environment so that no program the scorer starts sees it.
RESULT_FD = os.environ.pop("BASELINER_RESULT_FD", None)


def result(score, message, details=None):
    line = json.dumps({"score": score, "message": message,
                       "details": details or {}})
    print(line)
    sys.stdout.flush()
    if RESULT_FD is not None:
        data = (line + "\n").encode()
        try:
            while data:
                data = data[os.write(int(RESULT_FD), data):]
        except (OSError, ValueError):
            pass
    sys.exit(0)


def load(path):
    try:
        ck = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as e:
        result(None, {"reason": "%s cannot be loaded as weights: %s"
                      % (os.path.basename(path), str(e)[:300])})
    if (not isinstance(ck, dict) or not isinstance(ck.get("config"), dict) or
            not isinstance(ck.get("model"), dict)):
        result(None, {"reason": "%s must hold {'config': dict, 'model': "
                      "state_dict}" % os.path.basename(path)})
    return ck


def check_architecture(ck, ref):
    if ck["config"] != ref["config"]:
        return "config differs from the original: %s" % json.dumps(
            {k: ck["config"].get(k) for k in set(ck["config"]) |
             set(ref["config"]) if ck["config"].get(k) !=
             ref["config"].get(k)})
    a, b = ck["model"], ref["model"]
    if set(a) != set(b):
        extra, missing = sorted(set(a) - set(b)), sorted(set(b) - set(a))
        return "parameters differ: extra %s, missing %s" % (extra[:5],
                                                           missing[:5])
    for k in b:
        if not torch.is_tensor(a[k]) or tuple(a[k].shape) != tuple(
                b[k].shape):
            return "parameter %s has shape %s, expected %s" % (
                k, tuple(getattr(a[k], "shape", ())), tuple(b[k].shape))
        if not a[k].is_floating_point():
            return "parameter %s is not floating point" % k
    return None


def evaluate(model, tokens, block, device):
    """Mean cross-entropy over SEQS windows spread evenly over tokens."""
    n = min(SEQS, (len(tokens) - 1) // block)
    if n < 1:
        raise ValueError("too few held-out tokens")
    starts = np.linspace(0, len(tokens) - block - 1, n).astype(np.int64)
    total, count = 0.0, 0
    amp = (torch.autocast("cuda", dtype=torch.bfloat16)
           if device.startswith("cuda") else torch.autocast("cpu",
                                                            enabled=False))
    with torch.no_grad(), amp:
        for i in range(0, n, BATCH):
            idx = starts[i:i + BATCH]
            x = torch.from_numpy(np.stack(
                [tokens[s:s + block] for s in idx]).astype(np.int64))
            y = torch.from_numpy(np.stack(
                [tokens[s + 1:s + 1 + block] for s in idx]).astype(np.int64))
            logits, _ = model(x.to(device))
            loss = torch.nn.functional.cross_entropy(
                logits.float().reshape(-1, logits.size(-1)),
                y.to(device).reshape(-1), reduction="sum")
            total += loss.item()
            count += y.numel()
    return total / count, n


def main():
    work = os.environ.get("BASELINER_WORKDIR", ".")
    assets = os.environ.get("BASELINER_ASSETS", ".")
    ref = load(os.path.join(assets, "public", "broken_model.pth"))
    path = os.path.join(work, "fixed_model.pth")
    scored = "fixed_model.pth"
    if not os.path.exists(path):
        ck, scored = ref, "the broken model (no fixed_model.pth yet)"
    else:
        ck = load(path)
        why = check_architecture(ck, ref)
        if why is not None:
            result(None, {"reason": "architecture changed: " + why})
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = GPT(GPTConfig(**ck["config"]))
    try:
        model.load_state_dict(ck["model"])
    except RuntimeError as e:
        result(None, {"reason": "weights do not fit the model: %s"
                      % str(e)[:300]})
    model.to(device).eval()
    tokens = np.memmap(os.path.join(assets, "test.bin"), np.uint16, mode="r")
    t0 = time.time()
    try:
        loss, n = evaluate(model, tokens, ck["config"].get("block_size",
                                                            1024), device)
    except (ValueError, RuntimeError) as e:
        result(None, {"reason": "evaluation failed: %s" % str(e)[:300]})
    details = {"loss": loss, "sequences": n, "device": device,
               "seconds": round(time.time() - t0, 1), "scored": scored}
    if not math.isfinite(loss) or loss <= FLOOR:
        result(None, {"reason": "held-out loss %.4f is not above the floor "
                      "1.5" % loss, "loss": loss}, details)
    result(math.log(loss - FLOOR), {"loss": round(loss, 4), "scored": scored},
           details)


if __name__ == "__main__":
    main()
