#!/bin/sh
# What enters from outside is made valid at the edge, numbers no session
# can hold are refused with a reason, and no client call waits for ever
# (issue 9, items 2 and 5):
# - a note whose argument is Latin-1 is taken, as U+FFFD where the byte was;
# - diff of a file in Latin-1 shows it (it used to answer {});
# - extend --minutes 1.7e306 is refused by the command and by the server;
# - a frozen server (SIGSTOP) fails a command after its deadline instead
#   of hanging it, and the server answers again once it goes on.
set -u
. "$top_srcdir/tests/lib.sh"
HOME=$BASELINER_HOME/home SHELL=/bin/sh
mkdir -p "$HOME"
export HOME SHELL
R=$(printf '\357\277\275')	# U+FFFD

start_session demo
sock=$SESSION_DIR/control.sock

# A note in Latin-1.
$BASELINER note "$(printf 'caf\351 au lait')" >/dev/null 2>&1 ||
	fail "a Latin-1 note was refused: $($BASELINER note "$(printf 'caf\351')" 2>&1)"
[ "$(q "SELECT text FROM note ORDER BY id DESC LIMIT 1")" = "caf$R au lait" ] ||
	fail "the note was stored as: $(q "SELECT quote(text) FROM note ORDER BY id DESC LIMIT 1")"

# diff of a Latin-1 file against the start.
printf 'd\351j\340 vu\n' >"$WORK/latin1.txt"
out=$($BASELINER diff main 2>&1) || fail "diff failed: $out"
echo "$out" | grep -q "latin1.txt" || fail "diff does not show the file: $out"
echo "$out" | grep -q "d${R}j$R vu" || fail "diff does not show its text: $out"

# A request line that is not UTF-8 is answered (json_loads quoted the bad
# bytes in its error, and that reply could not be encoded: the client
# waited for ever).
python3 - "$sock" <<'PY' || fail "a request that is not UTF-8 got no answer"
import json, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(20)
s.connect(sys.argv[1])
s.sendall(b'{"id": 7, "cmd": "caf\xe9"}\n{"id": 8, "cmd": "no\xc3"}\n')
buf = b""
while buf.count(b"\n") < 2:
    chunk = s.recv(65536)
    if not chunk:
        sys.exit("closed")
    buf += chunk
for line in buf.split(b"\n")[:2]:
    r = json.loads(line)
    if r.get("ok") is not False or "bad request" not in r.get("error", ""):
        sys.exit("reply: %r" % r)
PY

# Numbers no clock can hold.
out=$($BASELINER extend --minutes 1.7e306 2>&1) && fail "extend 1.7e306 was taken: $out"
echo "$out" | grep -q "at most" || fail "extend 1.7e306: no reason given: $out"
out=$(python3 "$top_srcdir/tests/tools/blctl.py" "$sock" extend '{"seconds": 1e300}' 2>&1) &&
	fail "the server took an extension of 1e300 s: $out"
echo "$out" | grep -q "at most" || fail "server, 1e300 s: $out"
[ "$(q "SELECT limit_s < 1e6 FROM session")" = 1 ] ||
	fail "the limit is now $(q "SELECT limit_s FROM session")"

# A frozen server: the command gives up after its deadline (2 s of
# silence, then 2 s for an answer to "status"), and the server is fine
# once it goes on.
pid=$(server_pid)
kill -STOP "$pid"

start=$(date +%s)
out=$(BASELINER_CALL_TIMEOUT=2 timeout 60 $BASELINER status 2>&1)
rc=$?
took=$(($(date +%s) - start))
kill -CONT "$pid"
[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] ||
	fail "status against a frozen server: rc $rc after $took s: $out"
echo "$out" | grep -q "did not answer" || fail "status: no reason: $out"
[ "$took" -lt 30 ] || fail "status took $took s to give up"
$BASELINER status >/dev/null 2>&1 || fail "status after SIGCONT"
echo "ok: Latin-1 note and diff, absurd extensions refused, a frozen server times out"
