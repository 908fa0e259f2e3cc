"""fix.py (reference approach): the transformer blocks are intact, only the
rows of the token embedding (tied to the output layer) are shuffled. Start
the embedding afresh and train it alone, every other weight frozen, on
OpenWebText, then save fixed_model.pth with the original architecture.
Needs a GPU and about two hours at full size."""
import os
import sys

import numpy as np
import torch

from model import GPT, GPTConfig

data = os.environ.get("BL_DATA", "data")
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
ck = torch.load(os.path.join(data, "broken_model.pth"), map_location="cpu",
                weights_only=True)
model = GPT(GPTConfig(**ck["config"]))
model.load_state_dict(ck["model"])
with torch.no_grad():
    model.wte.weight.normal_(0.0, float(ck["model"]["wte.weight"].std()))
device = "cuda" if torch.cuda.is_available() else "cpu"
model.to(device).train()
for name, p in model.named_parameters():
    p.requires_grad = name in ("wte.weight", "head.weight")
opt = torch.optim.Adam([model.wte.weight], lr=3e-3)
tokens = np.memmap(os.path.join(data, "train.bin"), np.uint16, mode="r")
block, batch = model.config.block_size, 16
for it in range(steps):
    ix = np.random.randint(0, len(tokens) - block - 1, batch)
    x = torch.from_numpy(np.stack([tokens[i:i + block] for i in ix])
                         .astype(np.int64)).to(device)
    y = torch.from_numpy(np.stack([tokens[i + 1:i + 1 + block] for i in ix])
                         .astype(np.int64)).to(device)
    with torch.autocast(device.split(":")[0], dtype=torch.bfloat16,
                        enabled=device.startswith("cuda")):
        _, loss = model(x, y)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    if it % 100 == 0:
        print(it, loss.item(), flush=True)
sd = {k: v.detach().cpu() for k, v in model.state_dict().items()}
torch.save({"config": ck["config"], "model": sd}, "fixed_model.pth")
