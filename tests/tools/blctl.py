#!/usr/bin/env python3
"""blctl: send requests to a session server and print their results.

    blctl.py SOCKET CMD [JSON-ARGS] [-- CMD [JSON-ARGS]]...

The requests go over one connection, in order (so a "subscribe" with
read_only makes the later ones a read-only client's). Prints each result;
exits 1 with the server's error at the first request that fails. For tests
that drive a session the way a client does (pane.input, attach, ...)."""
import json
import socket
import sys


def requests(argv):
    cur = []
    for a in argv:
        if a == "--":
            yield cur
            cur = []
        else:
            cur.append(a)
    yield cur


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: blctl.py SOCKET CMD [JSON-ARGS] [-- CMD ...]")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sys.argv[1])
    buf = b""
    for n, req in enumerate(requests(sys.argv[2:]), 1):
        args = json.loads(req[1]) if len(req) > 1 else {}
        try:
            s.sendall((json.dumps({"id": n, "cmd": req[0], "args": args})
                       + "\n").encode())
        except (BrokenPipeError, ConnectionResetError):
            sys.exit("connection closed before the reply")
        while True:
            if b"\n" not in buf:
                try:
                    chunk = s.recv(65536)
                except ConnectionResetError:
                    chunk = b""
                if not chunk:
                    sys.exit("connection closed before the reply")
                buf += chunk
                continue
            line, buf = buf.split(b"\n", 1)
            msg = json.loads(line)
            if msg.get("id") != n:
                continue        # a pushed event
            if not msg.get("ok"):
                sys.exit(msg.get("error"))
            print(json.dumps(msg.get("result")))
            break


main()
