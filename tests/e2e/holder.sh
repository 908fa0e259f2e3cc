#!/bin/sh
# The shells outlive the server: kill -9 of the session server, again and
# again, while one pane floods, another runs jobs (a counter loop and a
# sleep) and scorings run. After each kill the next command starts a new
# server, which takes the panes over from the holder (src/term/holder.c):
# the same shells and jobs run on, nothing committed is lost, and the
# clock neither loses nor gains the time around the crash.
#
# HOLDER_KILLS (default 5) kills; bench or by hand: HOLDER_KILLS=20.
set -u
. "$top_srcdir/tests/lib.sh"
HOME=$BASELINER_HOME/home SHELL=/bin/bash
mkdir -p "$HOME"
export HOME SHELL
make_lab_pack "$BASELINER_HOME/packs" 60
BASELINER_TASKS=$BASELINER_HOME/packs
BASELINER_LAB_LOG=$BASELINER_HOME/lab.log
export BASELINER_TASKS BASELINER_LAB_LOG
kills=${HOLDER_KILLS:-5}
start_session lab
sock=$SESSION_DIR/control.sock
blctl() { python3 "$top_srcdir/tests/tools/blctl.py" "$sock" "$@"; }
input() { blctl pane.input "{\"pane\": $1, \"text\": \"$2\\r\"}" >/dev/null || fail "pane.input $1"; }
text() {
	q "SELECT CAST(group_concat(d, '') AS TEXT) FROM (SELECT d FROM
	    (SELECT id, data AS d FROM recording WHERE pane_id = $1 AND
	    kind = 'o' ORDER BY id DESC LIMIT ${2:--1}) ORDER BY id)"
}
holder=$(pgrep -f "[_]_holder $SESSION_DIR") || fail "no holder runs"
[ "$(echo "$holder" | wc -l)" = 1 ] || fail "more than one holder: $holder"
# shells: the holder's children, sorted.
shells() { pgrep -P "$holder" | sort | tr '\n' ' '; }

wait_for 60 "[ \"\$(q 'SELECT count(*) FROM pane')\" -ge 1 ]" || fail "no shell pane"
p1=$(q "SELECT min(id) FROM pane")
p2=$(blctl pane.new '{"cols": 80, "rows": 24}' |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["pane"])') || fail "pane.new"
# Jobs in pane 1: a counter and a sleep, their pids on file; a line to
# find on the screen after the takeover.
c=$BASELINER_HOME/counter
cat >"$BASELINER_HOME/jobs.sh" <<JOBS
(i=0; while :; do i=\$((i+1)); echo \$i >$c.tmp; mv $c.tmp $c; sleep 0.1; done) &
echo \$! >$c.pid
sleep 100000 &
echo \$! >$BASELINER_HOME/sleep.pid
echo SCREEN-\$((6*7))-MARK
JOBS
input "$p1" ". $BASELINER_HOME/jobs.sh"
wait_for 60 "[ -s $c.pid ] && [ -s $BASELINER_HOME/sleep.pid ] && [ -s $c ]" || fail "the jobs did not start"
# A flood in pane 2, for the whole test.
input "$p2" "while :; do seq 1 20000; done"
wait_for 60 "text $p2 5 | grep -q 20000" || fail "the flood did not start"
jobs0="$(cat "$c.pid") $(cat "$BASELINER_HOME/sleep.pid")"
shells0=$(shells)
[ -n "$shells0" ] || fail "no shells under the holder"
note "holder $holder, shells $shells0, jobs $jobs0"

snap() {
	q "SELECT id, status, raw, commit_id, finished_wall FROM score WHERE status NOT IN ('queued', 'running') ORDER BY id;
	   SELECT id, commit_id FROM checkpoint ORDER BY id;
	   SELECT id, text FROM note ORDER BY id;
	   SELECT seq, kind, data FROM event ORDER BY seq"
}
errs=$BASELINER_HOME/clock-errors
: >"$errs"
k=1
while [ "$k" -le "$kills" ]; do
	$BASELINER note "round $k" || fail "note before kill $k"
	# Every other round a scoring runs through the kill.
	if [ $((k % 2)) = 0 ]; then
		echo slow >"$WORK/mode"
		$BASELINER score --no-wait >/dev/null || fail "score before kill $k"
	fi
	snap >"$BASELINER_HOME/before"
	js=$($BASELINER status --json) || fail "status before kill $k"
	t0=$(date +%s.%N)
	pid=$(json_get "$js" '$.session.server_pid')
	e0=$(json_get "$js" '$.session.elapsed')
	n0=$(cat "$c")
	kill -9 "$pid"
	wait_for 10 "! kill -0 $pid" || fail "the server survived kill -9"
	js=$($BASELINER status --json) || fail "status after kill $k"
	t1=$(date +%s.%N)
	npid=$(json_get "$js" '$.session.server_pid')
	e1=$(json_get "$js" '$.session.elapsed')
	[ "$npid" != "$pid" ] || fail "no new server after kill $k"
	down=$(q "SELECT json_extract(data, '\$.downtime_s') FROM event WHERE kind = 'server_restarted' ORDER BY seq DESC LIMIT 1")
	err=$(echo "$e1 - $e0 - ($t1 - $t0 - $down)" | bc -l)
	echo "$err" >>"$errs"
	# The same shells, the same jobs, the counter counts on.
	[ "$(shells)" = "$shells0" ] || fail "kill $k: shells $(shells), were $shells0"
	for j in $jobs0; do
		kill -0 "$j" 2>/dev/null || fail "kill $k: job $j is gone"
	done
	wait_for 30 "[ \$(cat $c) -gt $n0 ]" || fail "kill $k: the counter stopped at $n0"
	# Nothing committed lost (the interrupted scoring aside).
	snap >"$BASELINER_HOME/after"
	while IFS= read -r line; do
		grep -qxF "$line" "$BASELINER_HOME/after" ||
			q "SELECT 1 FROM score WHERE status = 'error' AND reason LIKE 'interrupted%' AND id = ${line%%|*}" 2>/dev/null | grep -q 1 ||
			fail "kill $k: lost: $line"
	done <"$BASELINER_HOME/before"
	note "kill $k: elapsed $e0 -> $e1, down $down s, clock error $err s"
	k=$((k + 1))
done

# The panes are the same panes, alive, and answer.
blctl pane.list | grep -q "\"id\": $p1," || fail "pane $p1 is gone: $(blctl pane.list)"
input "$p1" "echo AFTER-\$((6*7))-KILLS"
wait_for 60 "text $p1 20 | grep -q AFTER-42-KILLS" || fail "pane $p1 does not answer after the kills"
# The screen was rebuilt from the recording: the mark printed before the
# first kill is on pane 1's first full frame.
python3 - "$sock" "$p1" <<'PY' || fail "the screen of pane $p1 was not recovered"
import json, socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
s.sendall((json.dumps({"id": 1, "cmd": "attach", "args": {"cols": 80, "rows": 24}}) + "\n").encode())
buf, deadline = b"", time.time() + 20
while time.time() < deadline:
    s.settimeout(max(0.1, deadline - time.time()))
    chunk = s.recv(1 << 20)
    if not chunk:
        break
    buf += chunk
    while b"\n" in buf:
        line, buf = buf.split(b"\n", 1)
        m = json.loads(line)
        if m.get("ev") == "pane.frame" and m.get("pane") == int(sys.argv[2]) and m.get("full"):
            text = "".join(r[0] for l in m["lines"] for r in l["runs"])
            sys.exit(0 if "SCREEN-42-MARK" in text else "not on screen: " + text[-300:])
sys.exit("no full frame of the pane")
PY
[ "$(q "PRAGMA integrity_check")" = ok ] || fail "integrity_check"
mean=$(awk '{ s += $1; if ($1 < 0) a = -$1; else a = $1; if (a > m) m = a } END { printf "%.3f %.3f", s / NR, m }' "$errs")
note "$kills kills: 0 shells lost, 0 jobs lost, 0 committed rows lost; clock error mean, worst: $mean s"
# The participant is neither charged nor given the time around a crash.
awk -v m="${mean% *}" 'BEGIN { exit !(m < 0.4 && m > -0.4) }' || fail "clock error mean ${mean% *} s"

# The holder itself killed: the panes it held go on with this server, and
# a new pane gets a new holder.
kill -9 "$holder"
input "$p1" "echo ORPHAN-\$((6*7))"
wait_for 60 "text $p1 20 | grep -q ORPHAN-42" || fail "pane $p1 died with its holder"
blctl pane.new '{"cols": 80, "rows": 24}' >/dev/null || fail "pane.new without a holder"
holder2=$(pgrep -f "[_]_holder $SESSION_DIR") || fail "no new holder"
[ "$holder2" != "$holder" ] || fail "the killed holder still runs"

# The end of the session ends the shells and their jobs, and the holders.
$BASELINER submit >/dev/null || fail "submit"
wait_state ended 90
wait_for 60 "! kill -0 $holder2 2>/dev/null" || fail "the holder outlived the session"
for j in $jobs0 $shells0; do
	wait_for 10 "! kill -0 $j 2>/dev/null" || fail "process $j outlived the session"
done
echo "PASS"
exit 0
