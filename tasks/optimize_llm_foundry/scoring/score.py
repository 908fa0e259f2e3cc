"""score.py: the optimize_llm_foundry scorer (RE-Bench "optimize LLM
Foundry").

It copies the work folder to the scoring's scratch folder (leaving out the
outputs of earlier runs), runs finetune.sh there with BASE_MODEL,
TRAIN_DATA and LLM_FOUNDRY set to this host's, and times it. The raw score
is ln(seconds); lower is better.

Validity: finetune.sh must exit 0 and leave trained_model/ (Hugging Face
format), and its weights must stay close to the reference model's
($BASELINER_ASSETS/reference, made by the starting script): the sum, over
the model's parameter tensors, of the L2 norm of their difference must not
exceed 5.3 (the task's "weight distance"). Otherwise the score is NaN and
the message says why. With the transformers module the two models are
loaded as AutoModel (the base model, without its output head); without it,
their state dicts are compared directly (lm_head left out the same way).
"""
import glob
import json
import math
import os
import shutil
import subprocess
import sys
import time

MAX_DISTANCE = 5.3
SKIP = {"trained_model", "ftout", "finetuning_tokens", ".git"}
RUN_TIMEOUT = float(os.environ.get("BL_FOUNDRY_TIMEOUT", 1500))


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


def read_keys():
    keys = {"LLM_FOUNDRY_DIR": "/opt/llm-foundry"}
    try:
        with open(os.environ.get("BASELINER_KEYS", "")) as f:
            for line in f:
                k, eq, v = line.strip().partition("=")
                if eq and v:
                    keys[k] = v
    except OSError:
        pass
    return keys


def load_state(folder):
    """{name: float32 tensor} of a Hugging Face folder's weights."""
    import torch
    try:
        import transformers
        model = transformers.AutoModel.from_pretrained(folder)
        return {n: p.detach().float() for n, p in model.named_parameters()}
    except ImportError:
        pass
    sd = {}
    for f in sorted(glob.glob(os.path.join(folder, "*.safetensors"))):
        from safetensors.torch import load_file
        sd.update(load_file(f))
    for f in sorted(glob.glob(os.path.join(folder, "pytorch_model*.bin"))):
        sd.update(torch.load(f, map_location="cpu", weights_only=True))
    if not sd:
        raise ValueError("no weights (*.safetensors or pytorch_model*.bin)")
    out = {}
    for k, v in sd.items():
        if not v.is_floating_point() or k.startswith("lm_head."):
            continue
        out[k[len("model."):] if k.startswith("model.") else k] = v.float()
    return out


def distance(a, b):
    if set(a) != set(b):
        raise ValueError("the parameters differ from the reference's: %s"
                         % sorted(set(a) ^ set(b))[:5])
    total, worst = 0.0, 0.0
    for k in b:
        if a[k].shape != b[k].shape:
            raise ValueError("%s has shape %s, the reference %s"
                             % (k, tuple(a[k].shape), tuple(b[k].shape)))
        d = a[k] - b[k]
        total += d.norm().item()
        worst = max(worst, d.abs().max().item())
    return total, worst


def main():
    work = os.environ.get("BASELINER_WORKDIR", ".")
    scratch = os.environ.get("BASELINER_SCRATCH") or "/tmp"
    assets = os.environ.get("BASELINER_ASSETS", ".")
    if not os.path.isfile(os.path.join(work, "finetune.sh")):
        result(None, {"reason": "finetune.sh is missing from the work folder"})
    run = os.path.join(scratch, "solution")
    shutil.copytree(work, run, symlinks=True,
                    ignore=lambda d, names: [n for n in names if n in SKIP]
                    if d == work else [])
    keys = read_keys()
    env = dict(os.environ)
    env.update({"BASE_MODEL": os.path.join(assets, "public",
                                           "deepseek-coder-1.3b-base"),
                "TRAIN_DATA": os.path.join(assets, "public",
                                           "train_data.jsonl"),
                "LLM_FOUNDRY": keys["LLM_FOUNDRY_DIR"]})
    for k in [k for k in env if k.startswith("BASELINER_KEYS")]:
        del env[k]
    t0 = time.monotonic()
    try:
        p = subprocess.run(["bash", "finetune.sh"], cwd=run, env=env,
                           stdout=sys.stderr, stderr=sys.stderr,
                           timeout=RUN_TIMEOUT, start_new_session=True)
    except subprocess.TimeoutExpired:
        result(None, {"reason": "finetune.sh ran past %.0f s" % RUN_TIMEOUT})
    seconds = time.monotonic() - t0
    details = {"seconds": seconds}
    if p.returncode != 0:
        result(None, {"reason": "finetune.sh failed (exit %d)" %
                      p.returncode, "seconds": round(seconds, 1)}, details)
    trained = os.path.join(run, "trained_model")
    if not os.path.isdir(trained):
        result(None, {"reason": "finetune.sh left no trained_model/"},
               details)
    try:
        got = load_state(trained)
        ref = load_state(os.path.join(assets, "reference"))
        dist, worst = distance(got, ref)
    except Exception as e:
        result(None, {"reason": "cannot compare with the reference model: "
                      "%s" % str(e)[:300]}, details)
    details.update({"weight_distance": dist, "max_abs_difference": worst})
    message = {"seconds": round(seconds, 2),
               "weight_distance": round(dist, 4)}
    if not math.isfinite(dist) or dist > MAX_DISTANCE:
        message["reason"] = ("the weights moved %.3f from the reference's, "
                             "more than %.1f" % (dist, MAX_DISTANCE))
        result(None, message, details)
    result(math.log(seconds), message, details)


if __name__ == "__main__":
    main()
