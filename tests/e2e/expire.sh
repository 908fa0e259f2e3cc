#!/bin/sh
# The clock ends a session by itself: 'start demo --hours 0.003' (about
# 11 s) expires with a final checkpoint and a final score, stopped at the
# limit. Proctor actions (this runs as root, a proctor): extend raises
# limit_s, a message appears in status, stop ends a session (stopped).
set -u
. "$top_srcdir/tests/lib.sh"
command -v cc >/dev/null 2>&1 || { echo "SKIP: no cc for the demo task"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "SKIP: proctor actions need root here"; exit 77; }

start_session demo --hours 0.003
A=$SID
ADB=$DB
[ "$(q "SELECT limit_s FROM session")" = 10.8 ] || fail "limit_s: $(q "SELECT limit_s FROM session")"
cp "$top_srcdir/tasks/demo/solutions/reference/solution.c" "$WORK/"

# While A's clock runs down, a second session for the proctor.
make_lab_pack "$BASELINER_HOME/packs"
BASELINER_TASKS=$BASELINER_HOME/packs:$BASELINER_TASKS
export BASELINER_TASKS
start_session lab
B=$SID
limit0=$(q "SELECT limit_s FROM session")
out=$($BASELINER extend -s "$B" --minutes 1 2>&1) || fail "extend: $out"
[ "$(q "SELECT limit_s - $limit0 FROM session")" = 60.0 ] ||
	fail "extend --minutes 1: limit $limit0 -> $(q "SELECT limit_s FROM session")"
[ "$(q "SELECT actor FROM event WHERE kind = 'clock_extend'")" = "proctor:0" ] ||
	fail "clock_extend event: $(q "SELECT actor, data FROM event WHERE kind = 'clock_extend'")"
$BASELINER status -s "$B" | grep -Eq "^limit +8:01:00" || fail "status does not show the new limit: $($BASELINER status -s "$B")"
out=$($BASELINER extend -s "$B" --minutes -10000 2>&1) && fail "an extend into the past: $out"
echo "$out" | grep -q "past" || fail "extend into the past: $out"
$BASELINER message -s "$B" "please commit your work" >/dev/null || fail "message"
[ "$(q "SELECT sender || '|' || text FROM message")" = "proctor:0|please commit your work" ] ||
	fail "message row: $(q "SELECT * FROM message")"
js=$($BASELINER status -s "$B" --json) || fail "status --json"
[ "$(json_get "$js" '$.messages[0].text')" = "please commit your work" ] || fail "status --json has no message: $js"
$BASELINER status -s "$B" | grep -q "please commit your work" || fail "status does not show the message: $($BASELINER status -s "$B")"
$BASELINER stop -s "$B" >/dev/null || fail "stop"
wait_state ended 60
[ "$(q "SELECT end_reason FROM session")" = stopped ] || fail "end_reason: $(q "SELECT end_reason FROM session")"
[ "$(q "SELECT count(*) FROM checkpoint WHERE trigger = 'final'")" = 1 ] || fail "stop: no final checkpoint"
[ "$(q "SELECT count(*) FROM score WHERE is_final = 1 AND status = 'valid'")" = 1 ] || fail "stop: no final score"
[ "$(q "SELECT actor FROM event WHERE kind = 'session_ending'")" != system ] ||
	fail "session_ending actor: $(q "SELECT actor FROM event WHERE kind = 'session_ending'")"

# A expires by itself.
SID=$A DB=$ADB SESSION_DIR=$BASELINER_HOME/sessions/$A GITDIR=$SESSION_DIR/checkpoints.git
wait_state ended 90
[ "$(q "SELECT end_reason FROM session")" = expired ] || fail "end_reason: $(q "SELECT end_reason FROM session")"
[ "$(q "SELECT abs(end_elapsed - limit_s) < 0.001 FROM session")" = 1 ] ||
	fail "the clock did not stop at the limit: $(q "SELECT end_elapsed, limit_s FROM session")"
[ "$(q "SELECT count(*) FROM event WHERE kind = 'clock_expire'")" = 1 ] || fail "no clock_expire event"
[ "$(q "SELECT count(*) FROM checkpoint WHERE trigger = 'final' AND message = 'expired'")" = 1 ] ||
	fail "no final checkpoint: $(q "SELECT * FROM checkpoint")"
[ "$(q "SELECT count(*) FROM score WHERE is_final = 1 AND status = 'valid'")" = 1 ] ||
	fail "no valid final score: $(q "SELECT id, status, reason FROM score")"
git --git-dir="$GITDIR" show "$(q "SELECT commit_id FROM score WHERE is_final = 1"):solution.c" |
    cmp -s - "$top_srcdir/tasks/demo/solutions/reference/solution.c" ||
	fail "the final score did not score the work folder's last state"
[ "$(q "SELECT count(*) FROM event a JOIN event b ON b.seq > a.seq WHERE b.elapsed < a.elapsed - 1e-6")" = 0 ] ||
	fail "elapsed goes back: $(q "SELECT seq, kind, elapsed FROM event")"
[ "$(q "SELECT max(elapsed) <= limit_s + 1e-6 FROM event, session")" = 1 ] ||
	fail "events past the limit: $(q "SELECT seq, kind, elapsed FROM event")"
$BASELINER status -s "$A" | grep -q "expired" || fail "status after expiry: $($BASELINER status -s "$A")"
echo "PASS"
exit 0
