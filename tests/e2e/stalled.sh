#!/bin/sh
# A client that attaches and then never reads its socket (a closed laptop
# with the link up, a frozen proctor view) must not stall the panes: a pane
# printing about 7 MB goes on to the end while the stalled client stays
# connected, and the server still answers everyone else.
set -u
. "$top_srcdir/tests/lib.sh"
HOME=$BASELINER_HOME/home SHELL=/bin/bash
mkdir -p "$HOME"
export HOME SHELL

start_session demo
sock=$SESSION_DIR/control.sock
blctl() { python3 "$top_srcdir/tests/tools/blctl.py" "$sock" "$@"; }
text() {
	q "SELECT CAST(group_concat(d, '') AS TEXT) FROM (SELECT d FROM
	    (SELECT id, data AS d FROM recording WHERE pane_id = $1 AND
	    kind = 'o' ORDER BY id DESC LIMIT ${2:--1}) ORDER BY id)"
}
shows() { text "$1" 50 | grep -q -- "$2"; }

wait_for 20 "[ \"\$(q 'SELECT count(*) FROM pane')\" -ge 1 ]" || fail "no shell pane"
p=$(q "SELECT min(id) FROM pane")

# The stalled client: a small receive buffer, attach (and subscribe), then
# it sleeps holding the connection, reading nothing.
ready=$BASELINER_HOME/stalled.ready
python3 - "$sock" "$ready" <<'PY' &
import json, socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.connect(sys.argv[1])
s.sendall((json.dumps({"id": 1, "cmd": "attach",
    "args": {"cols": 200, "rows": 60}}) + "\n").encode())
open(sys.argv[2], "w").close()
time.sleep(600)
PY
stalled=$!
CLEANUP_PID=$stalled
trap 'kill $CLEANUP_PID 2>/dev/null; lib_cleanup' EXIT
wait_for 10 "[ -f '$ready' ]" || fail "the stalled client did not attach"

# A big pane makes big frames: the client falls behind within a second.
blctl pane.resize "{\"pane\": $p, \"cols\": 300, \"rows\": 200}" >/dev/null ||
	fail "pane.resize"
t0=$(date +%s)
blctl pane.input "{\"pane\": $p, \"text\": \"seq 1 1000000; echo STALL-\$((40+2))-DONE\\r\"}" \
    >/dev/null || fail "pane.input"
# Lines keep coming: the count in the recording grows while the client
# reads nothing, up to the end.
wait_for ${STALL_WAIT:-120} "shows $p STALL-42-DONE" ||
	fail "the pane stalled behind a client that does not read (last: $(text "$p" 3 | tail -c 80))"
t1=$(date +%s)
text "$p" | grep -q "^1000000" || fail "the last line is not in the recording"
kill -0 "$stalled" 2>/dev/null || fail "the stalled client itself died"
# Everyone else is still served.
$BASELINER status >/dev/null || fail "status while a client is stalled"
blctl pane.list >/dev/null || fail "pane.list while a client is stalled"
note "7 MB printed in $((t1 - t0)) s with a stalled client attached"
echo "PASS"
exit 0
