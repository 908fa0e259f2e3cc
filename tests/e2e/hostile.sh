#!/bin/sh
# Output that used to kill or freeze the session server, printed in a real
# pane: control sequences with more parameters than libvterm 0.1.4 holds
# (issue 9: 17 SGR parameters, a truecolour line with colon
# sub-parameters), thousands of them, huge numbers, a string ended by
# ESC \ across two writes, a window title that is not UTF-8, and a soup of
# random escape sequences. After each the server must be the same process,
# and at the end the pane must still run commands, its frames must still
# reach an attached client, and its title must be valid.
set -u
. "$top_srcdir/tests/lib.sh"
HOME=$BASELINER_HOME/home SHELL=/bin/bash
mkdir -p "$HOME"
export HOME SHELL

start_session demo
sock=$SESSION_DIR/control.sock
blctl() { python3 "$top_srcdir/tests/tools/blctl.py" "$sock" "$@"; }
# shows PANE TEXT: one of the pane's last 50 output records holds TEXT
# (compared as bytes: the records hold NULs and bytes that are not UTF-8).
shows() {
	[ "$(q "SELECT count(*) FROM (SELECT data FROM recording WHERE
	    pane_id = $1 AND kind = 'o' ORDER BY id DESC LIMIT 50)
	    WHERE instr(data, CAST('$2' AS BLOB)) > 0")" -gt 0 ]
}

wait_for 20 "[ \"\$(q 'SELECT count(*) FROM pane')\" -ge 1 ]" ||
	fail "no shell pane"
pane=$(q "SELECT min(id) FROM pane")
pid=$(server_pid)
[ -n "$pid" ] || fail "no server pid"

# The payloads, as files the shell cats.
P=$HOME/payloads
mkdir -p "$P"
python3 - "$P" <<'PY' || fail "writing the payloads"
import os, random, sys
d = sys.argv[1]
def put(name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)
E = b"\033"
put("sgr17", E + b"[1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17mX" + E + b"[0m\n")
put("truecolour", E + b"[38:2:59:66:97;48:2:36:40:59;58:2:224:175:104;4:3m"
    b"styled" + E + b"[0m\n")
put("sgr5000", E + b"[" + b";".join(b"%d" % (i % 108) for i in range(5000))
    + b"mX" + E + b"[0m\n")
put("colons", E + b"[38" + b":2" * 3000 + b"mX" + E + b"[0m\n")
put("modes", E + b"[?" + b";".join(b"%d" % i for i in range(1, 300))
    + b"h" + E + b"[?1049l" + E + b"[?25h" + E + b"c\n")
put("numbers", E + b"[" + b"9" * 5000 + b";" + b"9" * 40 + b"H" + E
    + b"[99999999999999999999999999999X" + E + b"[H" + E + b"[2J\n")
put("dcs", E + b"P$q" + b"m" * 5000 + E + b"\\" + E + b"P$qm" + E + b"\\\n")
soup = b"\033[;:?>0123456789mHJKhlrq$\"' \x07\x18\x1b]P\\\x9b\x9c\x00\x7f"
r = random.Random(9)
put("soup", bytes(r.choice(soup) if r.random() < 0.7 else r.randrange(256)
    for _ in range(200000)) + E + b"c\n")
PY

# The terminal's replies to queries in the payloads reach the shell as
# input, where readline takes them for keys: C-c drops them before each
# command.
clear_line() {
	blctl pane.input "{\"pane\": $pane, \"key\": \"c\", \"mods\": \"C\"}" \
	    >/dev/null || fail "pane.input refused (C-c)"
	sleep 0.3
}

n=0
for f in sgr17 truecolour sgr5000 colons modes numbers dcs soup; do
	n=$((n + 1))
	clear_line
	blctl pane.input "{\"pane\": $pane, \"text\": \"cat $P/$f; echo; echo HOSTILE-\$((1000+$n))\\r\"}" \
	    >/dev/null || fail "pane.input refused after $f"
	wait_for 30 "shows $pane HOSTILE-$((1000 + n))" ||
		fail "the pane did not finish printing $f"
	kill -0 "$pid" 2>/dev/null || fail "the server died printing $f"
	[ "$(server_pid)" = "$pid" ] || fail "the server was restarted after $f"
done

clear_line
# ESC \ ending a title across two writes, then a title in Latin-1.
blctl pane.input "{\"pane\": $pane, \"text\": \"printf '\\\\033]0;split\\\\033'; sleep 0.3; printf '\\\\\\\\'; echo SPLIT-\$((6*7))\\r\"}" \
    >/dev/null || fail "pane.input refused (split string)"
wait_for 30 "shows $pane SPLIT-42" || fail "the split string never ended"
clear_line
blctl pane.input "{\"pane\": $pane, \"text\": \"printf '\\\\033]0;caf\\\\351\\\\007'; echo TITLE-\$((6*7))\\r\"}" \
    >/dev/null || fail "pane.input refused (title)"
wait_for 30 "shows $pane TITLE-42" || fail "the Latin-1 title never printed"
kill -0 "$pid" 2>/dev/null || fail "the server died on a title"
clear_line

# The pane still works, and an attached client still gets its frames
# (a title that is not UTF-8 used to make every frame fail to encode).
python3 - "$sock" "$pane" <<'PY' || fail "frames after the hostile output"
import json, socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
pane = int(sys.argv[2])
def send(i, cmd, args):
    s.sendall((json.dumps({"id": i, "cmd": cmd, "args": args}) + "\n").encode())
send(1, "attach", {"cols": 80, "rows": 24, "read_only": False})
send(2, "pane.input", {"pane": pane, "text": "echo ALIVE-$((6*7))\r"})
buf, title, seen = b"", None, False
deadline = time.time() + 30
s.settimeout(1)
while time.time() < deadline and not (seen and title is not None):
    try:
        chunk = s.recv(65536)
    except socket.timeout:
        continue
    if not chunk:
        sys.exit("the server closed the connection")
    buf += chunk
    while b"\n" in buf:
        line, buf = buf.split(b"\n", 1)
        m = json.loads(line)
        if m.get("id") in (1, 2) and not m.get("ok"):
            sys.exit("refused: %s" % m)
        if m.get("ev") == "pane.frame" and m.get("pane") == pane:
            title = m.get("title")
            if "ALIVE-42" in json.dumps(m.get("lines")):
                seen = True
if not seen:
    sys.exit("no frame showed the command's output")
if title != "caf\ufffd":
    sys.exit("title %r, want 'caf\\ufffd'" % title)
PY
[ "$(server_pid)" = "$pid" ] || fail "the server was restarted"
echo "ok: 10 hostile outputs in pane $pane, server $pid alive, frames flow"
