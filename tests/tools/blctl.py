#!/usr/bin/env python3
"""blctl: send one request to a session server and print its result.

    blctl.py SOCKET CMD [JSON-ARGS]

Exits 1 with the server's error if the request fails. For tests that
drive a session the way a client does (pane.input, attach, ...)."""
import json
import socket
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: blctl.py SOCKET CMD [JSON-ARGS]")
    args = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sys.argv[1])
    s.sendall((json.dumps({"id": 1, "cmd": sys.argv[2], "args": args})
               + "\n").encode())
    buf = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            sys.exit("connection closed before the reply")
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            msg = json.loads(line)
            if msg.get("id") != 1:
                continue        # a pushed event
            if not msg.get("ok"):
                sys.exit(msg.get("error"))
            print(json.dumps(msg.get("result")))
            return


main()
