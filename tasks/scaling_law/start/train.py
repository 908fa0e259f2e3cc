"""train.py CONFIG: train the sweep's GPT on OpenWebText tokens and print the
validation loss. CONFIG is a Python file whose assignments override the
defaults below (example_config.py). Every run is refused above 1e16 FLOPs,
counted as n_layer * n_embd^2 * 12 * 6 * block_size * batch_size * max_iters.
Only n_embd and max_iters are yours to choose; keep the rest as it is."""
import math
import os
import sys
import time

import numpy as np
import torch

from model import GPT, GPTConfig

# Fixed hyperparameters (the answer is judged against a sweep made with them).
n_layer, n_head, block_size, batch_size = 4, 8, 1024, 64
learning_rate, min_lr, warmup_iters, weight_decay = 6e-4, 6e-5, 200, 0.1
grad_clip, eval_iters = 1.0, 50
# Yours to set (in the config file).
n_embd, max_iters = 512, 1000
device = "cuda:0" if torch.cuda.is_available() else "cpu"
data_dir = os.environ.get("BL_DATA", "data")
wandb_run_name = "run"
MAX_FLOPS = 1e16

if len(sys.argv) > 1:
    exec(open(sys.argv[1]).read())
flops = n_layer * n_embd * n_embd * 12 * 6 * block_size * batch_size * max_iters
if flops > MAX_FLOPS:
    sys.exit("refused: %.3g FLOPs is over the 1e16 limit of experiments"
             % flops)
if n_embd % n_head:
    sys.exit("n_embd must be a multiple of n_head (%d)" % n_head)

torch.manual_seed(1337)
train = np.memmap(os.path.join(data_dir, "train.bin"), np.uint16, mode="r")
val = np.memmap(os.path.join(data_dir, "val.bin"), np.uint16, mode="r")


def batch(data):
    ix = torch.randint(len(data) - block_size - 1, (batch_size,))
    x = torch.stack([torch.from_numpy(data[i:i + block_size].astype(np.int64))
                     for i in ix])
    y = torch.stack([torch.from_numpy(
        data[i + 1:i + 1 + block_size].astype(np.int64)) for i in ix])
    return x.to(device), y.to(device)


model = GPT(GPTConfig(n_layer=n_layer, n_head=n_head, n_embd=n_embd,
                      block_size=block_size)).to(device)
opt = torch.optim.AdamW(model.parameters(), lr=learning_rate,
                        betas=(0.9, 0.95), weight_decay=weight_decay)
amp = torch.autocast("cuda", dtype=torch.bfloat16) if "cuda" in device \
    else torch.autocast("cpu", enabled=False)


def lr_at(it):
    if it < warmup_iters:
        return learning_rate * (it + 1) / warmup_iters
    r = (it - warmup_iters) / max(1, max_iters - warmup_iters)
    return min_lr + 0.5 * (1 + math.cos(math.pi * r)) * (learning_rate - min_lr)


t0 = time.time()
for it in range(max_iters):
    for g in opt.param_groups:
        g["lr"] = lr_at(it)
    x, y = batch(train)
    with amp:
        _, loss = model(x, y)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
    opt.step()
    if it % 100 == 0:
        print("iter %d loss %.4f %.1fs" % (it, loss.item(), time.time() - t0),
              flush=True)
model.eval()
with torch.no_grad(), amp:
    losses = [model(*batch(val))[1].item() for _ in range(eval_iters)]
print("run %s: n_embd %d max_iters %d flops %.3g val_loss %.4f"
      % (wandb_run_name, n_embd, max_iters, flops, sum(losses) / len(losses)))
