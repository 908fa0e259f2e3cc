#!/bin/sh
# Personal mode: what a pause stops, as the pause says. The panes'
# terminal sessions (a background job of the shell) stop at the pause and
# go on at the resume; a counter that left its pane's terminal session
# with setsid runs on, as "baseliner pause" and the status say (study mode
# stops it too: tests/e2e/study.sh).
set -u
. "$top_srcdir/tests/lib.sh"
SHELL=/bin/sh
export SHELL
make_lab_pack "$BASELINER_HOME/packs" 60
BASELINER_TASKS=$BASELINER_HOME/packs
export BASELINER_TASKS
start_session lab
blctl() { python3 "$top_srcdir/tests/tools/blctl.py" "$SESSION_DIR/control.sock" "$@"; }
wait_for 60 "[ \"\$(q 'SELECT count(*) FROM pane')\" -ge 1 ]" || fail "no pane"
pane=$(q "SELECT min(id) FROM pane")
d=$BASELINER_HOME
cat >"$d/jobs.sh" <<JOBS
sleep 300 &
echo \$! >$d/job.pid
setsid sh -c 'echo \$\$ >$d/counter.pid; while :; do echo \$((i+=1)) >$d/f.t; mv $d/f.t $d/f; done' >/dev/null 2>&1 &
JOBS
blctl pane.input "{\"pane\": $pane, \"text\": \". $d/jobs.sh\\r\"}" >/dev/null ||
	fail "pane.input"
wait_for 30 "[ -s $d/job.pid ] && [ -s $d/counter.pid ] && [ -s $d/f ]" ||
	fail "the jobs did not start"
job=$(cat "$d/job.pid") counter=$(cat "$d/counter.pid")
# (lib_cleanup ends the counter: its command line names this home.)
stat_of() { ps -o stat= -p "$1"; }

out=$($BASELINER pause --reason "lunch" 2>&1) || fail "pause: $out"
echo "$out" | grep -q "^stopped: the panes' terminal sessions (their jobs); a process started with setsid, and anything outside the session, runs on$" ||
	fail "the pause does not say what it stops: $out"
json_get "$($BASELINER status --json)" '$.session.stopped' |
	grep -q "setsid.*runs on" || fail "status does not say what is stopped"
wait_for 10 "stat_of $job | grep -q T" || fail "the pane's job runs on ($(stat_of $job))"
c1=$(cat "$d/f")
wait_for 10 "[ \"\$(cat $d/f)\" -gt $c1 ]" ||
	fail "the setsid counter stopped, which the pause does not say"
stat_of "$counter" | grep -q T && fail "the setsid counter is stopped"
$BASELINER resume >/dev/null 2>&1 || fail "resume"
wait_for 10 "! stat_of $job | grep -q T" || fail "the job stayed stopped"
note "job $job stopped and continued; setsid counter $c1 -> $(cat "$d/f") throughout"
exit 0
