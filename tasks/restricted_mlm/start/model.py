"""model.py: the masked language model. build_model() returns it; its
forward takes token ids (batch, 128), masked positions holding MASK_ID,
and returns logits (batch, 128, 50257). Only the operations the brief
allows may run in the forward pass (no division, exp, softmax, norms...).

This starting model: token and position embeddings, then blocks that mix
positions with a learned (128 x 128) matrix and channels with a ReLU MLP,
each added to the stream."""
import torch
import torch.nn as nn

VOCAB, MASK_ID, SEQ_LEN = 50257, 50257, 128


class Block(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.mix = nn.Parameter(torch.zeros(SEQ_LEN, SEQ_LEN))
        self.up = nn.Linear(d, 4 * d)
        self.down = nn.Linear(4 * d, d)

    def forward(self, x):
        x = x + self.mix @ x
        return x + self.down(torch.relu(self.up(x)))


class MLM(nn.Module):
    def __init__(self, d=256, layers=4):
        super().__init__()
        self.tok = nn.Embedding(VOCAB + 1, d)
        self.pos = nn.Parameter(torch.zeros(SEQ_LEN, d))
        self.blocks = nn.ModuleList(Block(d) for _ in range(layers))
        self.out = nn.Linear(d, VOCAB)
        nn.init.normal_(self.tok.weight, 0, 0.02)
        nn.init.normal_(self.out.weight, 0, 0.02)

    def forward(self, idx):
        x = self.tok(idx) + self.pos
        for b in self.blocks:
            x = b(x)
        return self.out(x)


def build_model():
    return MLM()
