#!/bin/sh
# A flood in one pane while another is typed into. The typed pane is "hot"
# for 250 ms after each key, and meanwhile the others read one batch a tick
# (src/server/srv_pane.c). What must hold on any machine, however fast: the flood
# is slowed, never stalled for good (it finishes once the typing stops),
# every typed key reaches its shell, and both panes are recorded whole.
set -u
. "$top_srcdir/tests/lib.sh"
# Shells that read no one's dotfiles.
HOME=$BASELINER_HOME/home SHELL=/bin/bash
mkdir -p "$HOME"
export HOME SHELL

start_session demo
sock=$SESSION_DIR/control.sock
blctl() { python3 "$top_srcdir/tests/tools/blctl.py" "$sock" "$@"; }
# text PANE [LIMIT]: a pane's recorded output as text, the last LIMIT rows.
text() {
	q "SELECT CAST(group_concat(d, '') AS TEXT) FROM (SELECT d FROM
	    (SELECT id, data AS d FROM recording WHERE pane_id = $1 AND
	    kind = 'o' ORDER BY id DESC LIMIT ${2:--1}) ORDER BY id)"
}
# shows PANE PATTERN: the end of the pane's recording matches PATTERN.
shows() { text "$1" 50 | grep -q -- "$2"; }

wait_for 20 "[ \"\$(q 'SELECT count(*) FROM pane')\" -ge 1 ]" ||
	fail "no shell pane"
p1=$(q "SELECT min(id) FROM pane")
p2=$(blctl pane.new '{"cols": 80, "rows": 24}' |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["pane"])') ||
	fail "pane.new"
[ -n "$p2" ] && [ "$p2" != "$p1" ] || fail "pane.new gave no new pane"
# (What is typed before the shell is ready waits in the pty for it.)

# About 21 MB of output in pane 2 ...
blctl pane.input "{\"pane\": $p2, \"text\": \"seq 1 3000000; echo FLOOD-\$((40+2))-DONE\\r\"}" \
    >/dev/null || fail "pane.input to the flooding pane"
# ... while pane 1 gets a key every 20 ms for two seconds.
python3 - "$sock" "$p1" <<'PY' || fail "typing into pane 1"
import json, socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
def send(i, text):
    s.sendall((json.dumps({"id": i, "cmd": "pane.input",
        "args": {"pane": int(sys.argv[2]), "text": text}}) + "\n").encode())
for i in range(100):
    send(i + 1, "k")
    time.sleep(0.02)
send(101, "\recho TYPED-$((6*7))\r")
buf = b""
while buf.count(b"\n") < 101:
    chunk = s.recv(65536)
    if not chunk:
        sys.exit("the server closed the connection")
    buf += chunk
bad = [r for r in map(json.loads, filter(None, buf.split(b"\n")))
       if "id" in r and not r.get("ok")]
if bad:
    sys.exit("refused: %s" % bad[0])
PY

wait_for 60 "shows $p2 FLOOD-42-DONE" ||
	fail "the flooding pane never finished: stalled after the typing"
wait_for 20 "shows $p1 TYPED-42" || fail "pane 1 did not run the typed command"
keys=$(text "$p1" | tr -cd 'k' | wc -c)
[ "$keys" -ge 100 ] || fail "pane 1 echoed $keys of the 100 typed keys"
text "$p2" | grep -q '^3000000' ||
	fail "the flood's last line is not in the recording"
echo "ok: a flood in pane $p2 went on while pane $p1 was typed into, and finished"
