"""solve.py (reference): sample several programs, keep the first that
compiles and passes the problem's public tests; else the first that
compiles; else the first. Same interface as the starting scaffold."""
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request

SAMPLES = 6


def chat(messages, temperature):
    req = urllib.request.Request(
        os.environ["OPENAI_BASE_URL"].rstrip("/") + "/chat/completions",
        data=json.dumps({"model": os.environ.get("OPENAI_MODEL", "model"),
                         "messages": messages,
                         "temperature": temperature}).encode(),
        headers={"Content-Type": "application/json",
                 "Authorization": "Bearer " + os.environ["OPENAI_API_KEY"]})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.load(r)["choices"][0]["message"]["content"]


def rust_code(text):
    m = re.search(r"```(?:rust)?\n(.*?)```", text, re.S)
    return m.group(1) if m else text


def passes(binary, tests, limit):
    for t in tests:
        try:
            p = subprocess.run([binary], input=t["input"].encode(),
                               capture_output=True, timeout=limit)
        except subprocess.TimeoutExpired:
            return False
        if p.returncode != 0 or p.stdout.decode(errors="replace").split() \
                != t["output"].split():
            return False
    return True


def main():
    problem = json.load(sys.stdin)
    prompt = ("You are an expert competitive programmer. Solve this problem "
              "in Rust (edition 2021, standard library only). Read the input "
              "fast from standard input, print to standard output. Think "
              "about the limits, then answer with one Rust code block.\n\n" +
              problem["description"])
    first = compiled = None
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(SAMPLES):
            try:
                code = rust_code(chat([{"role": "user", "content": prompt}],
                                      0.0 if i == 0 else 0.8))
            except Exception:
                continue
            first = first or code
            src = os.path.join(tmp, "c%d.rs" % i)
            exe = os.path.join(tmp, "c%d" % i)
            with open(src, "w") as f:
                f.write(code)
            if subprocess.run(["rustc", "-O", "--edition", "2021", "-o", exe,
                               src], capture_output=True).returncode != 0:
                continue
            compiled = compiled or code
            if passes(exe, problem.get("public_tests", []),
                      max(2.0, float(problem.get("time_limit") or 2))):
                print(code)
                return
    print(compiled or first or "")


if __name__ == "__main__":
    main()
