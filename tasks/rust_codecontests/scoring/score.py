"""score.py: the rust_codecontests scorer (RE-Bench "Rust CodeContests").

For every held-out problem of $BASELINER_ASSETS/test.jsonl (one JSON object
a line: name, description, public_tests, private_tests, generated_tests,
time_limit, memory_limit) it runs the participant's solve.py with the
problem (without its hidden tests) on standard input, compiles the Rust
program it prints with rustc -O, and runs it on every test; a problem is
solved when every test's output matches (compared word by word). The raw
score is the fraction solved; higher is better.

The scaffold reaches the model only through a relay this scorer starts on
127.0.0.1: it replaces the model named in each request with the fixed one
(RUST_LLM_MODEL) and the key with the real one (RUST_LLM_API_KEY, from the
host's keys file, which the scaffold never sees), and forwards to
RUST_LLM_BASE_URL (any OpenAI-compatible server). A scaffold that is
missing, or a relay that cannot reach the model at all, gives an invalid
score (NaN); a problem whose scaffold fails or runs out of time is
unsolved.
"""
import concurrent.futures
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

DEFAULTS = {"RUST_LLM_BASE_URL": "https://api.openai.com/v1",
            "RUST_LLM_MODEL": "gpt-3.5-turbo-0125"}
SCAFFOLD_TIMEOUT = float(os.environ.get("BL_RUST_SCAFFOLD_TIMEOUT", 180))
WORKERS = int(os.environ.get("BL_RUST_WORKERS", min(8, os.cpu_count() or 1)))


# The server's private result channel (fd 3, named in BASELINER_RESULT_FD);
# taken out of the environment so that no program the scorer starts sees it.
RESULT_FD = os.environ.pop("BASELINER_RESULT_FD", None)


def result(score, message, details=None):
    line = json.dumps({"score": score, "message": message,
                       "details": details or {}})
    print(line)
    sys.stdout.flush()
    if RESULT_FD is not None:
        data = (line + "\n").encode()
        try:
            while data:
                data = data[os.write(int(RESULT_FD), data):]
        except (OSError, ValueError):
            pass
    sys.exit(0)


def read_keys():
    keys = dict(DEFAULTS)
    path = os.environ.get("BASELINER_KEYS", "")
    try:
        with open(path) as f:
            for line in f:
                name, eq, value = line.strip().partition("=")
                if eq and value:
                    keys[name] = value
    except OSError:
        pass
    return keys


class Relay(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, keys):
        super().__init__(("127.0.0.1", 0), RelayHandler)
        self.keys = keys
        self.lock = threading.Lock()
        self.calls = self.failures = self.tokens = 0


class RelayHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        srv = self.server
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self.send_error(404, "only chat/completions is relayed")
            return
        try:
            body = json.loads(self.rfile.read(
                int(self.headers.get("Content-Length", 0))))
        except ValueError:
            self.send_error(400, "not JSON")
            return
        body["model"] = srv.keys["RUST_LLM_MODEL"]
        req = urllib.request.Request(
            srv.keys["RUST_LLM_BASE_URL"].rstrip("/") + "/chat/completions",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json",
                     "Authorization": "Bearer " +
                     srv.keys.get("RUST_LLM_API_KEY", "")})
        try:
            with urllib.request.urlopen(req, timeout=300) as r:
                status, data = r.status, r.read()
        except urllib.error.HTTPError as e:
            status, data = e.code, e.read()
        except Exception as e:
            status, data = 502, json.dumps({"error": str(e)}).encode()
        with srv.lock:
            srv.calls += 1
            if status != 200:
                srv.failures += 1
            else:
                try:
                    srv.tokens += json.loads(data).get("usage", {}).get(
                        "total_tokens", 0)
                except ValueError:
                    pass
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def run_tests(exe, tests, limit):
    for i, t in enumerate(tests):
        try:
            p = subprocess.run([exe], input=t["input"].encode(),
                               capture_output=True, timeout=limit)
        except subprocess.TimeoutExpired:
            return "time limit on test %d" % i
        if p.returncode != 0:
            return "exit %d on test %d" % (p.returncode, i)
        if p.stdout.decode(errors="replace").split() != t["output"].split():
            return "wrong answer on test %d" % i
    return "solved"


def solve_one(k, problem, work, scratch, env):
    d = os.path.join(scratch, "p%03d" % k)
    os.makedirs(d)
    shown = {key: problem.get(key) for key in
             ("name", "description", "public_tests", "time_limit",
              "memory_limit")}
    try:
        p = subprocess.run([sys.executable, os.path.join(work, "solve.py")],
                           input=json.dumps(shown).encode(),
                           capture_output=True, timeout=SCAFFOLD_TIMEOUT,
                           cwd=d, env=env)
    except subprocess.TimeoutExpired:
        return "scaffold ran out of time"
    if p.returncode != 0:
        err = p.stderr.decode(errors="replace").strip().splitlines()
        return "scaffold failed: " + (err[-1][:200] if err else
                                      "exit %d" % p.returncode)
    with open(os.path.join(d, "main.rs"), "wb") as f:
        f.write(p.stdout)
    exe = os.path.join(d, "main")
    c = subprocess.run(["rustc", "-O", "--edition", "2021", "-o", exe,
                        os.path.join(d, "main.rs")], capture_output=True,
                       timeout=120)
    if c.returncode != 0:
        return "does not compile"
    tests = ((problem.get("public_tests") or []) +
             (problem.get("private_tests") or []) +
             (problem.get("generated_tests") or []))
    if not tests:
        return "no tests"
    limit = max(2.0, 2 * float(problem.get("time_limit") or 1))
    return run_tests(exe, tests, limit)


def main():
    work = os.environ.get("BASELINER_WORKDIR", ".")
    scratch = os.environ.get("BASELINER_SCRATCH") or "/tmp"
    assets = os.environ.get("BASELINER_ASSETS", ".")
    if not os.path.isfile(os.path.join(work, "solve.py")):
        result(None, {"reason": "solve.py is missing from the work folder"})
    if shutil.which("rustc") is None:
        result(None, {"reason": "rustc is not installed on this host"})
    try:
        with open(os.path.join(assets, "test.jsonl")) as f:
            problems = [json.loads(line) for line in f if line.strip()]
    except (OSError, ValueError) as e:
        result(None, {"reason": "held-out problems unreadable: %s" % e})
    keys = read_keys()
    relay = Relay(keys)
    threading.Thread(target=relay.serve_forever, daemon=True).start()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("BASELINER_") and not k.startswith("RUST_LLM")}
    env.update({"OPENAI_BASE_URL": "http://127.0.0.1:%d/v1" %
                relay.server_address[1],
                "OPENAI_API_KEY": "relay", "OPENAI_MODEL":
                keys["RUST_LLM_MODEL"], "PYTHONUNBUFFERED": "1"})
    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        outcomes = list(pool.map(
            lambda kp: solve_one(kp[0], kp[1], work, scratch, env),
            enumerate(problems)))
    relay.shutdown()
    solved = sum(o == "solved" for o in outcomes)
    details = {"outcomes": {p.get("name", str(i)): o for i, (p, o) in
                            enumerate(zip(problems, outcomes))},
               "model": keys["RUST_LLM_MODEL"], "llm_calls": relay.calls,
               "llm_failures": relay.failures, "tokens": relay.tokens,
               "seconds": round(time.time() - t0, 1)}
    if relay.calls > 0 and relay.failures == relay.calls:
        result(None, {"reason": "every model call failed (is the key or "
                      "the endpoint wrong?)", "llm_calls": relay.calls},
               details)
    result(solved / len(problems) if problems else None,
           {"solved": solved, "problems": len(problems)}, details)


if __name__ == "__main__":
    main()
