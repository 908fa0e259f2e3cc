"""bpe.py: GPT-2's byte-level BPE tokenizer, from its encoder.json and
vocab.bpe, in plain Python (the scorer needs no tokenizer package). Text
is split into words as GPT-2 does (exactly with the regex module, closely
with re), each word's UTF-8 bytes mapped to printable characters, and the
merges applied in rank order."""
import json

try:
    import regex as _re
    _PAT = _re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+|"""
                       r""" ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""")
except ImportError:
    import re as _re
    _PAT = _re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[^\W\d_]+| ?\d+|"""
                       r""" ?(?:[^\s\w]|_)+|\s+(?!\S)|\s+""")


def byte_chars():
    """Byte -> a printable character: printable Latin-1 bytes stand for
    themselves, the others take the characters from 256 on, in order."""
    keep = (list(range(ord("!"), ord("~") + 1)) +
            list(range(ord("\xa1"), ord("\xac") + 1)) +
            list(range(ord("\xae"), ord("\xff") + 1)))
    table, extra = {}, 0
    for b in range(256):
        if b in keep:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return table


class BPE:
    def __init__(self, encoder_json, vocab_bpe):
        with open(encoder_json) as f:
            self.encoder = json.load(f)
        self.decoder = {v: k for k, v in self.encoder.items()}
        with open(vocab_bpe, encoding="utf-8") as f:
            lines = [ln for ln in f.read().split("\n")[1:] if ln.strip()]
        self.ranks = {tuple(ln.split()): i for i, ln in enumerate(lines)}
        self.b2c = byte_chars()
        self.c2b = {c: b for b, c in self.b2c.items()}
        self.eot = self.encoder.get("<|endoftext|>")
        self.cache = {}

    def _word(self, word):
        if word in self.cache:
            return self.cache[word]
        parts = list(word)
        while len(parts) > 1:
            pairs = [(self.ranks.get(p, 1 << 60), i) for i, p in
                     enumerate(zip(parts, parts[1:]))]
            rank, i = min(pairs)
            if rank == 1 << 60:
                break
            a, b = parts[i], parts[i + 1]
            merged, j = [], 0
            while j < len(parts):
                if j + 1 < len(parts) and parts[j] == a and parts[j + 1] == b:
                    merged.append(a + b)
                    j += 2
                else:
                    merged.append(parts[j])
                    j += 1
            parts = merged
        self.cache[word] = parts
        return parts

    def encode(self, text):
        ids = []
        for w in _PAT.findall(text):
            chars = "".join(self.b2c[b] for b in w.encode("utf-8"))
            ids.extend(self.encoder[p] for p in self._word(chars))
        return ids

    def decode(self, ids):
        chars = "".join(self.decoder.get(i, "") for i in ids)
        return bytes(self.c2b[c] for c in chars
                     if c in self.c2b).decode("utf-8", errors="replace")
