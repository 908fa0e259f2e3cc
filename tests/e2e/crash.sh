#!/bin/sh
# kill -9 of the session server while a scoring runs: the next command
# starts a new server, the interrupted score is recorded as such and its
# scorer is ended, every earlier score, checkpoint and note is still
# there, the database is intact, a server_restarted event is written, and
# the clock goes on from where it was without charging the downtime.
set -u
. "$top_srcdir/tests/lib.sh"
make_lab_pack "$BASELINER_HOME/packs" 60
BASELINER_TASKS=$BASELINER_HOME/packs
BASELINER_LAB_LOG=$BASELINER_HOME/lab.log
export BASELINER_TASKS BASELINER_LAB_LOG
start_session lab

# Some history first.
echo ok >"$WORK/mode"
$BASELINER score >/dev/null || fail "score 1"
echo "v2" >"$WORK/notes.txt"
$BASELINER score >/dev/null || fail "score 2"
$BASELINER checkpoint -m "before the crash" >/dev/null || fail "checkpoint"
$BASELINER note "about to crash" || fail "note"
snap() {
	q "SELECT id, status, raw, commit_id, finished_wall FROM score WHERE status NOT IN ('queued', 'running') ORDER BY id;
	   SELECT id, commit_id, trigger, message FROM checkpoint ORDER BY id;
	   SELECT id, text FROM note ORDER BY id;
	   SELECT seq, kind, data FROM event ORDER BY seq"
}

# A scoring that will not finish by itself.
echo hang >"$WORK/mode"
js=$($BASELINER score --no-wait --json) || fail "score --no-wait"
hid=$(json_get "$js" '$.score_id')
wait_score "$hid" running 30
wait_for 30 "grep -q '^START $hid ' '$BASELINER_LAB_LOG'" || fail "the scorer never started"
pgid=$(q "SELECT scorer_pid FROM score WHERE id = $hid")
[ -n "$pgid" ] || fail "no scorer pid"
snap >"$BASELINER_HOME/before"
js=$($BASELINER status --json) || fail "status --json"
pid=$(json_get "$js" '$.session.server_pid')
e0=$(json_get "$js" '$.session.elapsed')
[ -n "$pid" ] && kill -0 "$pid" || fail "no server pid in status: $js"
t0=$(date +%s.%N)
kill -9 "$pid"
wait_for 10 "! kill -0 $pid" || fail "the server survived kill -9"
sleep 3		# down for a while: this time must not be charged

# The next command brings a new server.
out=$($BASELINER status 2>&1) || fail "status after the crash: $out"
echo "$out" | grep -Eq "^state +running" || fail "not running after the restart: $out"
js=$($BASELINER status --json) || fail "status --json after the crash"
t1=$(date +%s.%N)
npid=$(json_get "$js" '$.session.server_pid')
e1=$(json_get "$js" '$.session.elapsed')
[ -n "$npid" ] && [ "$npid" != "$pid" ] && kill -0 "$npid" ||
	fail "no new server: pid $npid (was $pid)"
pgrep -f "__server $SESSION_DIR" | grep -qx "$npid" || fail "the new server is not this session's"

# The interrupted score, its scorer ended.
[ "$(q "SELECT status FROM score WHERE id = $hid")" = error ] ||
	fail "interrupted score: $(q "SELECT status, reason FROM score WHERE id = $hid")"
q "SELECT reason FROM score WHERE id = $hid" | grep -q interrupted ||
	fail "reason: $(q "SELECT reason FROM score WHERE id = $hid")"
[ "$(q "SELECT finished_wall IS NOT NULL FROM score WHERE id = $hid")" = 1 ] || fail "no finish time"
wait_for 10 "! ps -e -o pgid=,stat= | awk -v g=$pgid '\$1 == g && \$2 !~ /^Z/ { f = 1 } END { exit !f }'" ||
	fail "the killed server's scorer group $pgid still runs"

# Nothing committed was lost.
snap >"$BASELINER_HOME/after"
# Every row from before is there as it was (the interrupted score aside).
grep -v "^$hid|" "$BASELINER_HOME/before" >"$BASELINER_HOME/before.x"
while IFS= read -r line; do
	grep -qxF "$line" "$BASELINER_HOME/after" || fail "lost after the crash: $line"
done <"$BASELINER_HOME/before.x"
[ "$(q "PRAGMA integrity_check")" = ok ] || fail "integrity_check: $(q "PRAGMA integrity_check")"
[ "$(q "PRAGMA foreign_key_check" | wc -l)" = 0 ] || fail "foreign_key_check"
for c in $(q "SELECT commit_id FROM checkpoint"); do
	git --git-dir="$GITDIR" cat-file -e "$c^{commit}" || fail "checkpoint $c lost from git"
done
git --git-dir="$GITDIR" fsck --no-progress >/dev/null 2>&1 || fail "git fsck after the crash"

# The restart is on the timeline, with the downtime.
[ "$(q "SELECT count(*) FROM event WHERE kind = 'server_restarted'")" = 1 ] ||
	fail "no server_restarted event: $(q "SELECT kind FROM event")"
down=$(q "SELECT json_extract(data, '\$.downtime_s') FROM event WHERE kind = 'server_restarted'")
awk "BEGIN { exit !($down >= 2) }" || fail "downtime $down s, the server was down 3 s"

# The clock: not reset, and the downtime not charged.
note "elapsed $e0 before, $e1 after; $(echo "$t1 - $t0" | bc) s of wall time; down $down s"
awk "BEGIN { exit !($e1 >= $e0 - 1.5) }" || fail "the clock went back: $e0 -> $e1"
awk "BEGIN { exit !($e1 - $e0 <= ($t1 - $t0) - 2) }" ||
	fail "the downtime was charged: elapsed $e0 -> $e1 over $t0 -> $t1"
[ "$(q "SELECT count(*) FROM event a JOIN event b ON b.seq > a.seq WHERE b.elapsed < a.elapsed - 1e-6")" = 0 ] ||
	fail "elapsed goes back on the timeline: $(q "SELECT seq, kind, elapsed FROM event")"

# The new server works: it scores, and ends the session properly.
echo ok >"$WORK/mode"
$BASELINER score >/dev/null || fail "score after the restart"
[ "$(q "SELECT status FROM score ORDER BY id DESC LIMIT 1")" = valid ] || fail "not valid after the restart"
$BASELINER submit >/dev/null || fail "submit"
wait_state ended 60
[ "$(q "SELECT count(*) FROM score WHERE is_final = 1 AND status = 'valid'")" = 1 ] || fail "no final score"
echo "PASS"
exit 0
