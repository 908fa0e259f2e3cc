"""fake_llm.py PORTFILE LOG: a local OpenAI-compatible chat server for the
pack tests (no real model is called). It writes its port to PORTFILE and
one JSON line per request (path, model, authorization) to LOG, answers 401
unless the key is "sk-test", and answers by the prompt:

- a problem naming ADD_TWO: a correct Rust program (sum of two numbers);
- MUL_TWO: a wrong program at temperature 0, a right one above;
- BROKEN: Rust that does not compile;
- a judging prompt (it holds "[[A]]"-style instructions): prefers the
  answer that says "helpful", a tie ([[C]]) when both or neither do.
"""
import http.server
import json
import sys
import threading

ADD = "use std::io::*;\nfn main(){let mut s=String::new();stdin().read_to_string(&mut s).unwrap();let v:Vec<i64>=s.split_whitespace().map(|x|x.parse().unwrap()).collect();println!(\"{}\",v[0]+v[1]);}\n"
MUL_OK = ADD.replace("v[0]+v[1]", "v[0]*v[1]")
MUL_BAD = ADD.replace("v[0]+v[1]", "v[0]-v[1]")
BROKEN = "fn main() { let x: i32 = \"no\"; }\n"
lock = threading.Lock()


def answer(prompt, temperature):
    if "ADD_TWO" in prompt:
        return "Here:\n```rust\n" + ADD + "```\n"
    if "MUL_TWO" in prompt:
        return "```rust\n" + (MUL_OK if temperature else MUL_BAD) + "```"
    if "BROKEN" in prompt:
        return "```rust\n" + BROKEN + "```"
    if "[[A]]" in prompt:
        a, _, b = prompt.partition("[Answer B]")
        a = a.rpartition("[Answer A]")[2]
        b = b.partition("Reply with")[0]
        if ("helpful" in a) == ("helpful" in b):
            return "They are alike. [[C]]"
        return "[[A]]" if "helpful" in a else "Answer B is better.\n[[B]]"
    return "I cannot help with that."


class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        auth = self.headers.get("Authorization", "")
        with lock, open(sys.argv[2], "a") as f:
            f.write(json.dumps({"path": self.path, "model": body.get("model"),
                                "authorization": auth}) + "\n")
        if auth != "Bearer sk-test":
            data, status = b'{"error": {"message": "bad key"}}', 401
        else:
            prompt = "\n".join(m["content"] for m in body["messages"])
            text = answer(prompt, body.get("temperature") or 0)
            data = json.dumps({
                "id": "x", "object": "chat.completion", "model":
                body.get("model"), "choices": [{
                    "index": 0, "finish_reason": "stop", "message": {
                        "role": "assistant", "content": text}}],
                "usage": {"total_tokens": 10}}).encode()
            status = 200
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
import os  # noqa: E402
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
srv.serve_forever()
