"""solve.py: the scaffold. It reads one programming-contest problem as JSON
on standard input and prints a complete Rust program that solves it on
standard output. The problem has: name, description, public_tests (a list
of {"input", "output"}), time_limit (seconds) and memory_limit (bytes).

It may call the language model through the OpenAI-compatible endpoint in
$OPENAI_BASE_URL with the key in $OPENAI_API_KEY (the scorer's relay: it
forwards to the fixed model whatever model you name). This starting
scaffold asks once and prints the first Rust code block of the answer."""
import json
import os
import re
import sys
import urllib.request


def chat(messages, temperature=0.0, n=1):
    req = urllib.request.Request(
        os.environ["OPENAI_BASE_URL"].rstrip("/") + "/chat/completions",
        data=json.dumps({"model": os.environ.get("OPENAI_MODEL", "model"),
                         "messages": messages, "temperature": temperature,
                         "n": n}).encode(),
        headers={"Content-Type": "application/json",
                 "Authorization": "Bearer " + os.environ["OPENAI_API_KEY"]})
    with urllib.request.urlopen(req, timeout=120) as r:
        reply = json.load(r)
    return [c["message"]["content"] for c in reply["choices"]]


def rust_code(text):
    m = re.search(r"```(?:rust)?\n(.*?)```", text, re.S)
    return m.group(1) if m else text


def main():
    problem = json.load(sys.stdin)
    prompt = ("Solve this programming contest problem in Rust. Read from "
              "standard input, write to standard output. Answer with one "
              "Rust code block.\n\n" + problem["description"])
    answer = chat([{"role": "user", "content": prompt}])[0]
    print(rust_code(answer))


if __name__ == "__main__":
    main()
