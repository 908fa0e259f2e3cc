"""convert_gpt2.py: write $BASELINER_ASSET, GPT-2 XL in this pack's format
({"config": ..., "model": state_dict} for model.py), from the public
gpt2-xl weights (needs network and the transformers module). GPT-2's
linear layers are stored transposed (Conv1D); its attention's fused query,
key and value map to model.py's qkv."""
import os

import torch
from transformers import GPT2LMHeadModel

hf = GPT2LMHeadModel.from_pretrained("gpt2-xl").state_dict()
cfg = dict(vocab_size=50257, block_size=1024, n_layer=48, n_head=25,
           n_embd=1600, bias=True)
sd = {"wte.weight": hf["transformer.wte.weight"],
      "wpe.weight": hf["transformer.wpe.weight"],
      "ln_f.weight": hf["transformer.ln_f.weight"],
      "ln_f.bias": hf["transformer.ln_f.bias"],
      "head.weight": hf["transformer.wte.weight"]}
for i in range(cfg["n_layer"]):
    h = "transformer.h.%d." % i
    b = "blocks.%d." % i
    for ours, theirs in (("ln1", "ln_1"), ("ln2", "ln_2")):
        sd[b + ours + ".weight"] = hf[h + theirs + ".weight"]
        sd[b + ours + ".bias"] = hf[h + theirs + ".bias"]
    for ours, theirs in (("attn.qkv", "attn.c_attn"), ("attn.proj",
                         "attn.c_proj"), ("fc", "mlp.c_fc"), ("out",
                                                             "mlp.c_proj")):
        sd[b + ours + ".weight"] = hf[h + theirs + ".weight"].t().contiguous()
        sd[b + ours + ".bias"] = hf[h + theirs + ".bias"]
torch.save({"config": cfg, "model": sd}, os.environ["BASELINER_ASSET"])
