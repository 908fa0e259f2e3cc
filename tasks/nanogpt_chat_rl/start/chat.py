"""chat.py [CHECKPOINT]: talk to a checkpoint (default model.pt, else the
base model in $BL_DATA), prompted the way the scorer prompts it."""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import GPT, GPTConfig  # noqa: E402

data = os.environ.get("BL_DATA", "data")
path = sys.argv[1] if len(sys.argv) > 1 else (
    "model.pt" if os.path.exists("model.pt")
    else os.path.join(data, "base_model.pth"))
import tiktoken  # noqa: E402  (or any GPT-2 tokenizer)
enc = tiktoken.get_encoding("gpt2")
ck = torch.load(path, map_location="cpu", weights_only=True)
model = GPT(GPTConfig(**ck["config"]))
model.load_state_dict(ck["model"])
device = "cuda" if torch.cuda.is_available() else "cpu"
model.to(device).eval()
while True:
    try:
        msg = input("you> ")
    except EOFError:
        break
    x = torch.tensor([enc.encode("Human: %s\n\nAssistant:" % msg)],
                     device=device)
    out = []
    with torch.no_grad():
        for _ in range(128):
            logits, _ = model(x[:, -1024:])
            p = torch.softmax(logits[0, -1].float() / 0.7, -1)
            t = int(torch.multinomial(p, 1))
            if t == enc.eot_token:
                break
            out.append(t)
            x = torch.cat([x, torch.tensor([[t]], device=device)], 1)
            if "Human:" in enc.decode(out[-4:]):
                break
    print("model>", enc.decode(out).split("Human:")[0].strip())
