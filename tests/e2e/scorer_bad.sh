#!/bin/sh
# Scorers that misbehave (the lab pack of tests/lib.sh: the work folder's
# "mode" file picks the misbehaviour): each gives a score row with the
# right status and a reason that names the problem, nothing the scorer
# started outlives it, and the session goes on: still running, and the
# next score is valid.
set -u
. "$top_srcdir/tests/lib.sh"
make_lab_pack "$BASELINER_HOME/packs"
BASELINER_TASKS=$BASELINER_HOME/packs
BASELINER_LAB_LOG=$BASELINER_HOME/lab.log
export BASELINER_TASKS BASELINER_LAB_LOG
start_session lab

# alive PGID: some process of that group is still alive (zombies aside).
alive_group() {
	ps -e -o pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { f = 1 } END { exit !f }'
}

# bad MODE STATUS REASON-PATTERN: score in that mode and check the row.
bad() {
	echo "$1" >"$WORK/mode"
	out=$($BASELINER score 2>&1) && fail "$1: score exited 0 for a $2 result: $out"
	id=$(q "SELECT max(id) FROM score")
	row=$(q "SELECT status, reason FROM score WHERE id = $id")
	note "$1: $row"
	[ "$(q "SELECT status FROM score WHERE id = $id")" = "$2" ] ||
		fail "$1: expected status $2, got: $row"
	q "SELECT reason FROM score WHERE id = $id" | grep -Eq "$3" ||
		fail "$1: reason does not match '$3': $row"
	[ "$(q "SELECT raw IS NULL AND normalized IS NULL AND finished_wall IS NOT NULL FROM score WHERE id = $id")" = 1 ] ||
		fail "$1: a $2 score has numbers or no end: $(q "SELECT * FROM score WHERE id = $id")"
	echo "$out" | grep -q "$2" || fail "$1: score did not print the status: $out"
	pg=$(q "SELECT scorer_pid FROM score WHERE id = $id")
	[ -n "$pg" ] || fail "$1: no scorer pid recorded"
	wait_for 10 "! ps -e -o pgid=,stat= | awk -v g=$pg '\$1 == g && \$2 !~ /^Z/ { f = 1 } END { exit !f }'" ||
		fail "$1: the scorer's process group $pg outlived it: $(ps -e -o pid,pgid,stat,args | awk -v g="$pg" '$2 == g')"
	# The session goes on.
	$BASELINER status | grep -Eq "^state +running" || fail "$1: session not running after it: $($BASELINER status 2>&1)"
	echo ok >"$WORK/mode"
	$BASELINER score >/dev/null 2>&1 || fail "$1: the next score failed: $(q "SELECT status, reason FROM score ORDER BY id DESC LIMIT 1")"
	[ "$(q "SELECT status FROM score ORDER BY id DESC LIMIT 1")" = valid ] ||
		fail "$1: the next score is not valid"
}

bad exit3 error "exited with status 3"
bad hang timeout "past its timeout of 2 s"
bad stubborn timeout "past its timeout of 2 s"
bad nojson error "last line is not a JSON object: all done, no result here"
bad silent error "printed no result"
bad badjson error "not a JSON object: \\{\"score\": 3"
bad string error "\"score\" is not a number"
bad null invalid "wrong answer at index 7"
bad nan invalid "invalid"
bad flood error "more than [0-9]+ MiB of output"
# Numbers no normalization survives, and bytes that are not UTF-8 (or a
# character cut by the line's end or by the reason's length): the row says
# why, and every reply and export that shows it still encodes.
bad score=1e308 error "out of range"
bad score=-1e308 error "out of range"
R=$(printf '\357\277\275')	# U+FFFD
E=$(printf '\342\202\254')	# the euro sign
bad cututf8 error "not a JSON object: $R\$"
bad longutf8 error "not a JSON object: ($E){26}[.][.][.]\$"
echo latin1 >"$WORK/mode"
$BASELINER score >/dev/null 2>&1 || fail "latin1: score: $(q "SELECT status, reason FROM score ORDER BY id DESC LIMIT 1")"
[ "$(q "SELECT status, raw, json_extract(message, '$.text') FROM score ORDER BY id DESC LIMIT 1")" = "valid|2.0|caf$R" ] ||
	fail "latin1: $(q "SELECT status, raw, message FROM score ORDER BY id DESC LIMIT 1")"
$BASELINER scores --json | python3 -c 'import json, sys; json.load(sys.stdin)' ||
	fail "scores --json after scorers that printed bytes that are not UTF-8"

# The flood was stopped early and its log kept only to the cap.
fid=$(q "SELECT id FROM score WHERE reason LIKE '%MiB of output%'")
[ "$(q "SELECT output_bytes > 1000000 AND output_bytes < 1073741824 AND length(output_tail) <= 65536 FROM score WHERE id = $fid")" = 1 ] ||
	fail "flood: $(q "SELECT output_bytes, length(output_tail) FROM score WHERE id = $fid")"
# The hang's log is kept.
q "SELECT output_tail FROM score WHERE reason LIKE '%timeout%'" | grep -q hanging ||
	fail "the timed-out scorer's output was not kept"

# A scorer that leaves a child behind: the score stands, the child goes.
echo child >"$WORK/mode"
$BASELINER score >/dev/null || fail "child: score"
[ "$(q "SELECT status FROM score ORDER BY id DESC LIMIT 1")" = valid ] || fail "child: not valid"
[ -s "$BASELINER_LAB_LOG.child" ] || fail "child: the scorer wrote no child pid"
cpid=$(cat "$BASELINER_LAB_LOG.child")
wait_for 10 "! ps -o stat= -p $cpid | grep -qv '^Z'" ||
	fail "the scorer's child $cpid is still running: $(ps -o pid,pgid,stat,args -p "$cpid")"

# A daemon (setsid, its parent gone): it goes with its scoring too.
echo daemon >"$WORK/mode"
$BASELINER score >/dev/null || fail "daemon: score"
[ "$(q "SELECT status FROM score ORDER BY id DESC LIMIT 1")" = valid ] || fail "daemon: not valid"
[ -s "$BASELINER_LAB_LOG.daemon" ] || fail "daemon: the scorer wrote no daemon pid"
dpid=$(cat "$BASELINER_LAB_LOG.daemon")
wait_for 10 "! ps -o stat= -p $dpid | grep -qv '^Z'" ||
	fail "the scorer's setsid daemon $dpid is still running: $(ps -o pid,pgid,sid,stat,args -p "$dpid")"
# The same without a cgroup (a host that allows none): the server is the
# subreaper that catches the daemon, and ends it.
pid=$(server_pid)
kill -TERM "$pid"
wait_for 20 "! kill -0 $pid" || fail "the server did not stop"
rm -f "$BASELINER_LAB_LOG.daemon"
BASELINER_NO_CGROUP=1 $BASELINER status >/dev/null || fail "restart without cgroups"
$BASELINER score >/dev/null || fail "daemon, no cgroup: score"
[ -s "$BASELINER_LAB_LOG.daemon" ] || fail "daemon, no cgroup: no daemon pid"
dpid=$(cat "$BASELINER_LAB_LOG.daemon")
wait_for 10 "! ps -o stat= -p $dpid | grep -qv '^Z'" ||
	fail "without a cgroup, the setsid daemon $dpid is still running: $(ps -o pid,ppid,pgid,sid,stat,args -p "$dpid")"

# Result lines up to 1 MiB are read whole; a longer one is refused as such.
echo big=1000000 >"$WORK/mode"
$BASELINER score >/dev/null || fail "a 1 MB result line: $(q "SELECT status, reason FROM score ORDER BY id DESC LIMIT 1")"
[ "$(q "SELECT status, length(details) > 1000000 FROM score ORDER BY id DESC LIMIT 1")" = "valid|1" ] ||
	fail "a 1 MB result line: $(q "SELECT status, length(details) FROM score ORDER BY id DESC LIMIT 1")"
bad big=1100000 error "result line is longer than 1 MiB"

# Every scoring is recorded, none left running, the clock never stopped.
[ "$(q "SELECT count(*) FROM score WHERE status IN ('queued', 'running')")" = 0 ] ||
	fail "scores left queued or running"
[ "$(state)" = running ] || fail "state: $(state)"
[ "$(q "SELECT count(*) FROM score WHERE commit_id IS NULL")" = 0 ] ||
	fail "a score without its commit"
$BASELINER scores >/dev/null || fail "scores"
echo "PASS"
exit 0
