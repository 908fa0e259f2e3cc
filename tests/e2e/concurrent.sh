#!/bin/sh
# Two 'baseliner score' at once: both get their result, two rows, and the
# scorings ran one after the other. Cancel: a queued scoring and a running
# one both end as cancelled, and the client waiting for the running one
# is told so.
set -u
. "$top_srcdir/tests/lib.sh"
make_lab_pack "$BASELINER_HOME/packs" 30
BASELINER_TASKS=$BASELINER_HOME/packs
BASELINER_LAB_LOG=$BASELINER_HOME/lab.log
export BASELINER_TASKS BASELINER_LAB_LOG
start_session lab
o=$BASELINER_HOME/out
mkdir -p "$o"

# Two at once.
echo slow1 >"$WORK/mode"
before=$(q "SELECT max(id) FROM score")
$BASELINER score >"$o/a" 2>&1 &
pa=$!
$BASELINER score >"$o/b" 2>&1 &
pb=$!
wait $pa || fail "first score: $(cat "$o/a")"
wait $pb || fail "second score: $(cat "$o/b")"
grep -q valid "$o/a" || fail "the first client got no result: $(cat "$o/a")"
grep -q valid "$o/b" || fail "the second client got no result: $(cat "$o/b")"
[ "$(q "SELECT count(*) FROM score WHERE id > $before AND status = 'valid'")" = 2 ] ||
	fail "not two valid rows: $(q "SELECT id, status, reason FROM score")"
# Each client was answered with its own score.
ida=$(awk '$1 ~ /^[0-9]+$/ { print $1 }' "$o/a")
idb=$(awk '$1 ~ /^[0-9]+$/ { print $1 }' "$o/b")
[ -n "$ida" ] && [ -n "$idb" ] && [ "$ida" != "$idb" ] ||
	fail "both clients got the same score: $(cat "$o/a" "$o/b")"
a=$((before + 1))
b=$((before + 2))
[ "$(q "SELECT (SELECT started_wall FROM score WHERE id = $b) >= (SELECT finished_wall FROM score WHERE id = $a)")" = 1 ] ||
	fail "the scorings overlapped: $(q "SELECT id, started_wall, finished_wall FROM score WHERE id > $before")"
[ "$(grep -c '^START' "$BASELINER_LAB_LOG")" -ge 3 ] || fail "the scorer did not run twice: $(cat "$BASELINER_LAB_LOG")"
# Each scored its own checkpoint (the same tree: the same commit).
[ "$(q "SELECT count(*) FROM score WHERE id > $before AND commit_id IS NOT NULL")" = 2 ] ||
	fail "a score without a commit"

# Queue: one running, one queued; cancel the queued one by id.
echo hang >"$WORK/mode"
js=$($BASELINER score --no-wait --json) || fail "score --no-wait"
run=$(json_get "$js" '$.score_id')
[ -n "$run" ] || fail "score --no-wait gave no id: $js"
wait_score "$run" running 30
js=$($BASELINER score --no-wait --json) || fail "second score --no-wait"
queued=$(json_get "$js" '$.score_id')
[ "$(json_get "$js" '$.queue')" = 1 ] || fail "the second is not queued: $js"
[ "$(q "SELECT status FROM score WHERE id = $queued")" = queued ] || fail "not queued in the database"
$BASELINER cancel --id "$queued" >/dev/null || fail "cancel --id $queued"
[ "$(q "SELECT status FROM score WHERE id = $queued")" = cancelled ] ||
	fail "the queued score: $(q "SELECT status, reason FROM score WHERE id = $queued")"

# Cancel the running one, with a client waiting for it.
$BASELINER cancel >/dev/null 2>&1 || fail "cancel (running, no waiter)"
wait_score "$run" cancelled 30
[ "$(q "SELECT reason FROM score WHERE id = $run")" = cancelled ] ||
	fail "reason: $(q "SELECT reason FROM score WHERE id = $run")"
$BASELINER score >"$o/w" 2>&1 &
pw=$!
wait_for 30 "sqlite3 -cmd '.timeout 2000' '$DB' \"SELECT count(*) FROM score WHERE id > $queued AND status = 'running'\" | grep -qx 1" ||
	fail "the waited score never ran"
w=$(q "SELECT id FROM score WHERE id > $queued AND status = 'running'")
$BASELINER cancel --id "$w" >/dev/null || fail "cancel --id $w (running)"
wait $pw && fail "score exited 0 for a cancelled scoring: $(cat "$o/w")"
grep -q cancelled "$o/w" || fail "the waiting client was not told: $(cat "$o/w")"
[ "$(q "SELECT status FROM score WHERE id = $w")" = cancelled ] || fail "not cancelled"
out=$($BASELINER cancel 2>&1) && fail "cancel with nothing running succeeded: $out"
echo "$out" | grep -q "no scoring is running" || fail "cancel message: $out"

# Nothing of the hung scorer is left, and the session scores again.
echo ok >"$WORK/mode"
$BASELINER score >/dev/null || fail "score after the cancels"
[ "$(q "SELECT status FROM score ORDER BY id DESC LIMIT 1")" = valid ] || fail "not valid after cancels"
[ "$(q "SELECT count(*) FROM score WHERE status IN ('queued', 'running')")" = 0 ] ||
	fail "scores left queued or running"
[ "$(state)" = running ] || fail "state $(state)"
echo "PASS"
exit 0
