#!/bin/sh
# The server's deaths and restarts, as clients see them:
# - after kill -9, `baseliner sessions` says the server is gone (a socket
#   file is left behind; the lock is not);
# - 100 commands sent at once to a session whose server is gone all
#   succeed: one starts the server, the others wait for it;
# - a client that half-closes its socket after its requests still gets
#   every reply;
# - after SIGTERM the running scoring is recorded as interrupted (not as
#   killed by a signal), and nothing it started is left.
set -u
. "$top_srcdir/tests/lib.sh"
make_lab_pack "$BASELINER_HOME/packs" 60
BASELINER_TASKS=$BASELINER_HOME/packs
BASELINER_LAB_LOG=$BASELINER_HOME/lab.log
export BASELINER_TASKS BASELINER_LAB_LOG
start_session lab
o=$BASELINER_HOME/out
mkdir -p "$o"

# srv: the server column of `baseliner sessions` for this session.
srv() { $BASELINER sessions | awk -v id="$SID" '$1 == id { print $3 }'; }

# sessions: running, then dead after kill -9.
[ "$(srv)" = running ] ||
	fail "sessions does not show the server running: $($BASELINER sessions)"
pid=$(server_pid)
kill -9 "$pid"
wait_for 10 "! kill -0 $pid" || fail "the server survived kill -9"
[ -S "$SESSION_DIR/control.sock" ] || note "(no socket file left behind)"
[ "$(srv)" = running ] &&
	fail "sessions says running for a dead server: $($BASELINER sessions)"

# 100 commands at once find no server.
i=0
pids=
while [ $i -lt 100 ]; do
	$BASELINER note "note $i" >"$o/n$i" 2>&1 &
	pids="$pids $!"
	i=$((i + 1))
done
bad=0
for p in $pids; do
	wait "$p" || bad=$((bad + 1))
done
[ "$bad" = 0 ] || fail "$bad of 100 concurrent commands failed: $(cat "$o"/n* | sort | uniq -c | head -5)"
[ "$(q "SELECT count(*) FROM note WHERE text LIKE 'note %'")" = 100 ] ||
	fail "not 100 notes: $(q "SELECT count(*) FROM note")"
[ "$(servers_of "$SESSION_DIR" | wc -l)" = 1 ] || fail "not one server: $(servers_of "$SESSION_DIR")"
[ "$(srv)" = running ] ||
	fail "sessions does not show the new server running"
note "100 concurrent commands after a kill -9: all succeeded"

# Half-closed clients: 50 at once, each sends two requests and shuts its
# writing side; every reply arrives.
python3 - "$SESSION_DIR/control.sock" <<'PY' || fail "half-closed clients lost replies"
import json, socket, sys
socks = []
for i in range(50):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sys.argv[1])
    s.sendall((json.dumps({"id": 1, "cmd": "status"}) + "\n" +
               json.dumps({"id": 2, "cmd": "scores"})).encode())
    s.shutdown(socket.SHUT_WR)     # the second has no newline: EOF ends it
    socks.append(s)
lost = 0
for s in socks:
    buf = b""
    while True:
        c = s.recv(65536)
        if not c:
            break
        buf += c
    ids = sorted(json.loads(l)["id"] for l in buf.split(b"\n") if l.strip())
    if ids != [1, 2]:
        lost += 1
if lost:
    sys.exit("%d of 50 half-closed clients lost replies" % lost)
PY

# SIGTERM while a scoring runs.
echo hang >"$WORK/mode"
js=$($BASELINER score --no-wait --json) || fail "score --no-wait"
hid=$(json_get "$js" '$.score_id')
wait_score "$hid" running 30
wait_for 30 "grep -q '^START $hid ' '$BASELINER_LAB_LOG'" || fail "the scorer never started"
pgid=$(q "SELECT scorer_pid FROM score WHERE id = $hid")
pid=$(server_pid)
kill -TERM "$pid"
wait_for 20 "! kill -0 $pid" || fail "the server did not stop on SIGTERM"
row=$(q "SELECT status, reason FROM score WHERE id = $hid")
note "after SIGTERM: $row"
[ "$(q "SELECT status FROM score WHERE id = $hid")" = error ] || fail "after SIGTERM: $row"
echo "$row" | grep -q "interrupted" || fail "not recorded as interrupted: $row"
echo "$row" | grep -q "signal" && fail "recorded as killed by a signal: $row"
wait_for 10 "! ps -e -o pgid=,stat= | awk -v g=$pgid '\$1 == g && \$2 !~ /^Z/ { f = 1 } END { exit !f }'" ||
	fail "the scorer group $pgid outlived the server"
# The next command brings the session back.
echo ok >"$WORK/mode"
$BASELINER score >/dev/null || fail "score after the SIGTERM"
[ "$(q "SELECT status FROM score WHERE id = $hid")" = error ] || fail "the restart changed the interrupted row"
echo "PASS"
exit 0
