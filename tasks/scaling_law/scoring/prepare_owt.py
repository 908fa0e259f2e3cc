"""prepare_owt.py train|val|test: make OpenWebText token files (GPT-2 BPE,
uint16, one document after another, each ended by <|endoftext|>), all
three at once: train.bin and val.bin in $BASELINER_ASSETS/public (for the
participant), test.bin in $BASELINER_ASSETS (for the scorer only). Needs network, the
datasets and tiktoken modules, and about 60 GB of disk while it works.
The split is fixed (seed 2357: 0.1% held out, half validation, half test)
so that every host and every pack makes the same files."""
import os
import sys

import numpy as np


def main():
    root = os.environ["BASELINER_ASSETS"]
    os.makedirs(os.path.join(root, "public"), exist_ok=True)
    import datasets
    import tiktoken
    enc = tiktoken.get_encoding("gpt2")
    ds = datasets.load_dataset("openwebtext", num_proc=8)
    split = ds["train"].train_test_split(test_size=0.001, seed=2357,
                                         shuffle=True)
    held = split.pop("test").train_test_split(test_size=0.5, seed=2357)
    split["val"], split["test"] = held["train"], held["test"]

    def tok(ex):
        ids = enc.encode_ordinary(ex["text"]) + [enc.eot_token]
        return {"ids": ids, "len": len(ids)}

    for name, d in split.items():
        d = d.map(tok, remove_columns=["text"], num_proc=8)
        n = int(np.sum(d["len"], dtype=np.uint64))
        path = os.path.join(root if name == "test" else
                            os.path.join(root, "public"), name + ".bin")
        arr = np.memmap(path + ".part", dtype=np.uint16, mode="w+",
                        shape=(n,))
        i = 0
        for shard in range(1024):
            part = d.shard(1024, shard, contiguous=True).with_format("numpy")
            ids = np.concatenate(part["ids"])
            arr[i:i + len(ids)] = ids
            i += len(ids)
        arr.flush()
        os.rename(path + ".part", path)
        print("%s: %d tokens" % (path, n))


if __name__ == "__main__":
    sys.exit(main())
