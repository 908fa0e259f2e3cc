"""make_models.py KIND OUT...: the small models and data the pack tests use,
made here (seeded), never downloaded. Run with the scoring folder of the
pack on sys.path (for model.py)."""
import json
import math
import sys

import numpy as np
import torch


def gpt(**cfg):
    from model import GPT, GPTConfig
    torch.manual_seed(0)
    return GPT(GPTConfig(**cfg)), cfg


def save(model, cfg, path):
    torch.save({"config": cfg, "model": {k: v.detach().clone() for k, v in
                                         model.state_dict().items()}}, path)


def fix_embedding(assets, work):
    """broken_model.pth (random), test.bin (uniform tokens), and in work/:
    uniform.pth (every logit 0: loss ln 64), wider.pth (another config),
    extra.pth (one parameter more), sure.pth (certain of token 0)."""
    cfg = dict(vocab_size=64, block_size=32, n_layer=1, n_head=2, n_embd=16)
    m, cfg = gpt(**cfg)
    save(m, cfg, assets + "/public/broken_model.pth")
    rng = np.random.default_rng(1)
    rng.integers(0, 64, 32 * 40, dtype=np.uint16).tofile(assets + "/test.bin")
    with torch.no_grad():
        m.wte.weight.zero_()
    save(m, cfg, work + "/uniform.pth")
    w, wcfg = gpt(**dict(cfg, n_embd=32))
    save(w, wcfg, work + "/wider.pth")
    ck = torch.load(work + "/uniform.pth", weights_only=True)
    ck["model"]["extra.weight"] = torch.zeros(3)
    torch.save(ck, work + "/extra.pth")
    with torch.no_grad():
        m.wte.weight[0] = 50.0 * torch.arange(16.0).sub(7.5).sign()
    save(m, cfg, work + "/sure.pth")
    np.zeros(32 * 4, dtype=np.uint16).tofile(work + "/zeros.bin")


def restricted_mlm(assets, work):
    """test.bin of tokens 0..9; uniform10.pt: the starting model's weights
    with logits 0 on tokens 0..9 and -100 elsewhere (loss ln 10)."""
    rng = np.random.default_rng(2)
    rng.integers(0, 10, 16 * 16, dtype=np.uint16).tofile(assets + "/test.bin")
    sys.path.insert(0, work)
    from model import build_model
    torch.manual_seed(0)
    m = build_model()
    with torch.no_grad():
        m.out.weight.zero_()
        m.out.bias.fill_(-100.0)
        m.out.bias[:10] = 0.0
    torch.save(m.state_dict(), work + "/uniform10.pt")


def chat(assets, work):
    """A byte-level tokenizer (one merge), the base model (random), 4
    prompts whose baseline answers say "helpful" for the first two, and
    helpful.pt: a model that writes "helpful" over and over."""
    from bpe import byte_chars
    b2c = byte_chars()
    enc = {b2c[b]: b for b in range(256)}
    enc["<|endoftext|>"] = 256
    enc["he"] = 257
    with open(assets + "/public/tokenizer/encoder.json", "w") as f:
        json.dump(enc, f)
    with open(assets + "/public/tokenizer/vocab.bpe", "w") as f:
        f.write("#version: 0.2\nh e\n")
    cfg = dict(vocab_size=258, block_size=64, n_layer=1, n_head=4, n_embd=264)
    m, cfg = gpt(**cfg)
    save(m, cfg, assets + "/public/base_model.pth")
    with open(assets + "/test_prompts.jsonl", "w") as f, \
            open(assets + "/baseline_answers.jsonl", "w") as g:
        for i, base in enumerate(["A helpful answer.", "Glad to be helpful.",
                                  "No.", "Maybe."]):
            f.write(json.dumps({"prompt": "Question %d?" % i}) + "\n")
            g.write(json.dumps({"prompt": "Question %d?" % i,
                                "answer": base}) + "\n")
    with torch.no_grad():
        for p in m.parameters():
            p.zero_()
        for ln in [m.ln_f] + [x for b in m.blocks for x in (b.ln1, b.ln2)]:
            ln.weight.fill_(1.0)
        for i in range(258):
            m.wte.weight[i, i] = 10.0
        for pos in range(64):
            m.wpe.weight[pos, ord("helpful"[pos % 7])] = 100.0
    save(m, cfg, work + "/helpful.pt")


def foundry(assets, work):
    """reference/pytorch_model.bin: two zero tensors (and an lm_head that
    is never compared); in work/: the same shapes at distance 5.25 (3-4-5
    and 0.25) and 5.5 (0.5), exact in single precision."""
    ref = {"model.a.weight": torch.zeros(2), "model.b.weight": torch.zeros(1),
           "lm_head.weight": torch.zeros(2)}
    torch.save(ref, assets + "/reference/pytorch_model.bin")
    for name, b in (("d525", 0.25), ("d550", 0.5)):
        torch.save({"model.a.weight": torch.tensor([3.0, 4.0]),
                    "model.b.weight": torch.tensor([b]),
                    "lm_head.weight": torch.full((2,), 1e6)},
                   work + "/%s.bin" % name)


if __name__ == "__main__":
    {"fix_embedding": fix_embedding, "restricted_mlm": restricted_mlm,
     "chat": chat, "foundry": foundry}[sys.argv[1]](*sys.argv[2:])
