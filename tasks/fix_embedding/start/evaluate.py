"""evaluate.py [CHECKPOINT]: the validation loss of a checkpoint (default
fixed_model.pth, else the broken model) on OpenWebText's val.bin, the way
the scorer measures its held-out loss. Data folder: $BL_DATA (default
data/), which holds broken_model.pth, train.bin and val.bin."""
import os
import sys

import numpy as np
import torch

from model import GPT, GPTConfig

data = os.environ.get("BL_DATA", "data")
path = sys.argv[1] if len(sys.argv) > 1 else (
    "fixed_model.pth" if os.path.exists("fixed_model.pth")
    else os.path.join(data, "broken_model.pth"))
ck = torch.load(path, map_location="cpu", weights_only=True)
model = GPT(GPTConfig(**ck["config"]))
model.load_state_dict(ck["model"])
device = "cuda" if torch.cuda.is_available() else "cpu"
model.to(device).eval()
tokens = np.memmap(os.path.join(data, "val.bin"), np.uint16, mode="r")
block = ck["config"].get("block_size", 1024)
starts = np.linspace(0, len(tokens) - block - 1, 64).astype(np.int64)
losses = []
with torch.no_grad():
    for s in starts:
        x = torch.from_numpy(tokens[s:s + block].astype(np.int64))[None]
        y = torch.from_numpy(tokens[s + 1:s + 1 + block].astype(np.int64))
        _, loss = model(x.to(device), y[None].to(device))
        losses.append(loss.item())
loss = sum(losses) / len(losses)
print("%s: val loss %.4f, ln(loss - 1.5) = %.4f" % (
    path, loss, np.log(loss - 1.5) if loss > 1.5 else float("nan")))
