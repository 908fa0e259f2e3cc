"""train.py [STEPS]: train model.py's masked language model on OpenWebText
($BL_DATA/train.bin, uint16 GPT-2 tokens) and save model.pt. The loss may
use anything (it is outside the forward pass); the forward pass may not."""
import os
import sys

import numpy as np
import torch

from model import MASK_ID, SEQ_LEN, build_model

steps = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
data = os.environ.get("BL_DATA", "data")
device = "cuda" if torch.cuda.is_available() else "cpu"
tokens = np.memmap(os.path.join(data, "train.bin"), np.uint16, mode="r")
model = build_model().to(device)
opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
for it in range(steps):
    ix = np.random.randint(0, len(tokens) - SEQ_LEN, 64)
    y = torch.from_numpy(np.stack([tokens[i:i + SEQ_LEN] for i in ix])
                         .astype(np.int64)).to(device)
    mask = torch.rand(y.shape, device=device) < 0.15
    logits = model(y.masked_fill(mask, MASK_ID))
    loss = torch.nn.functional.cross_entropy(logits[mask], y[mask])
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    if it % 100 == 0:
        print(it, round(loss.item(), 4), flush=True)
torch.save({k: v.cpu() for k, v in model.state_dict().items()}, "model.pt")
