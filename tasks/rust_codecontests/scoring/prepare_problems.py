"""prepare_problems.py test|valid: write CodeContests problems as JSON lines
(name, description, public_tests, private_tests, generated_tests,
time_limit in seconds, memory_limit in bytes) to $BASELINER_ASSET, from the
public deepmind/code_contests dataset (needs network and the datasets
module). The held-out set is the test split's first 175 problems that have
tests, in the dataset's order, so every host makes the same file."""
import json
import os
import sys


def tests(t):
    return [{"input": i, "output": o} for i, o in zip(t["input"], t["output"])]


def main():
    split = sys.argv[1]
    import datasets
    ds = datasets.load_dataset("deepmind/code_contests", split=split)
    out = os.environ["BASELINER_ASSET"]
    n = 0
    with open(out + ".part", "w") as f:
        for p in ds:
            if not (p["public_tests"]["input"] or p["private_tests"]["input"]):
                continue
            tl = p.get("time_limit") or {}
            f.write(json.dumps({
                "name": p["name"], "description": p["description"],
                "public_tests": tests(p["public_tests"]),
                "private_tests": tests(p["private_tests"]),
                "generated_tests": tests(p["generated_tests"]),
                "time_limit": (tl.get("seconds") or 0) +
                (tl.get("nanos") or 0) / 1e9,
                "memory_limit": p.get("memory_limit_bytes")}) + "\n")
            n += 1
            if split == "test" and n == 175:
                break
    os.rename(out + ".part", out)
    print("%s: %d problems" % (out, n))


if __name__ == "__main__":
    main()
