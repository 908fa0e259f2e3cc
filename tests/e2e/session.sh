#!/bin/sh
# A whole demo session through the real binary: calibrate, start, the
# start's score, the reference solution scored near 1, pause (scoring
# refused), resume, note, checkpoint, submit; then everything read back
# from the database and the checkpoints repository, and a restore.
set -u
. "$top_srcdir/tests/lib.sh"
ref=$top_srcdir/tasks/demo/solutions/reference/solution.c
command -v cc >/dev/null 2>&1 || { echo "SKIP: no cc for the demo task"; exit 77; }

# Calibration is stored in this home and used by the next session.
$BASELINER task calibrate demo --runs 3 >"$BASELINER_HOME/cal.out" 2>&1 ||
	fail "task calibrate: $(cat "$BASELINER_HOME/cal.out")"
cal=$BASELINER_HOME/calibration/demo/cpu.json
[ -s "$cal" ] || fail "calibrate stored nothing at $cal"
cal_ys=$(sqlite3 :memory: "SELECT json_extract(CAST(readfile('$cal') AS TEXT), '\$.y_start')")
cal_yr=$(sqlite3 :memory: "SELECT json_extract(CAST(readfile('$cal') AS TEXT), '\$.y_ref')")
[ -n "$cal_ys" ] && [ -n "$cal_yr" ] || fail "no y_start/y_ref in $cal: $(cat "$cal")"
awk "BEGIN { exit !($cal_ys > $cal_yr) }" ||
	fail "calibrated y_start $cal_ys is not above y_ref $cal_yr (lower is better)"

start_session demo
note "session $SID"
[ "$(q "SELECT y_start = $cal_ys AND y_ref = $cal_yr FROM session")" = 1 ] ||
	fail "the session does not use the calibration: $(q "SELECT y_start, y_ref, calibration FROM session")"
q "SELECT calibration FROM session" | grep -q "calibration on this host" ||
	fail "calibration source: $(q "SELECT calibration FROM session")"

# The start: scored at elapsed 0, outside the clock, before it started.
[ "$(q "SELECT count(*) FROM score WHERE is_start = 1")" = 1 ] ||
	fail "not exactly one start score"
[ "$(q "SELECT requested_elapsed = 0 AND finished_elapsed = 0 AND status = 'valid' FROM score WHERE is_start = 1")" = 1 ] ||
	fail "start score: $(q "SELECT * FROM score WHERE is_start = 1")"
[ "$(q "SELECT s.start_wall >= c.finished_wall FROM session s, score c WHERE c.is_start = 1")" = 1 ] ||
	fail "the clock started before the start was scored"
[ "$(q "SELECT (SELECT seq FROM event WHERE kind = 'clock_start') > (SELECT max(seq) FROM event WHERE kind = 'score_finished')")" = 1 ] ||
	fail "clock_start is not after the start's score_finished"
[ "$(q "SELECT trigger FROM checkpoint WHERE id = 1")" = start ] ||
	fail "the first checkpoint is not the start"
[ "$(q "SELECT bytes > 0 FROM checkpoint WHERE id = 1")" = 1 ] ||
	fail "the start checkpoint counts no bytes"

# The reference solution scores near 1.
cp "$ref" "$WORK/solution.c"
out=$($BASELINER score 2>&1) || fail "score: $out"
note "$out"
sid=$(q "SELECT max(id) FROM score")
[ "$(q "SELECT status FROM score WHERE id = $sid")" = valid ] ||
	fail "reference score: $(q "SELECT status, reason FROM score WHERE id = $sid")"
norm=$(q "SELECT normalized FROM score WHERE id = $sid")
awk "BEGIN { exit !($norm >= 0.7 && $norm <= 1.4) }" ||
	fail "the reference normalizes to $norm, not near 1"
echo "$out" | grep -q "valid" || fail "score printed no result: $out"
commit=$(q "SELECT commit_id FROM score WHERE id = $sid")
[ -n "$commit" ] || fail "the score names no commit"
git --git-dir="$GITDIR" cat-file -e "$commit^{commit}" ||
	fail "commit $commit is not in the repository"
git --git-dir="$GITDIR" show "$commit:solution.c" >"$BASELINER_HOME/scored.c" ||
	fail "git show $commit:solution.c"
cmp -s "$BASELINER_HOME/scored.c" "$ref" ||
	fail "the scored commit's solution.c is not the reference"
[ "$(q "SELECT c.trigger FROM score s JOIN checkpoint c ON c.id = s.checkpoint_id WHERE s.id = $sid")" = score ] ||
	fail "the score's checkpoint is not a 'score' checkpoint"
[ "$(q "SELECT bytes FROM checkpoint c JOIN score s ON c.id = s.checkpoint_id WHERE s.id = $sid")" = "$(wc -c <"$ref" | tr -d ' ')" ] ||
	fail "the score checkpoint's bytes are not the changed file's size: $(q "SELECT files_changed, bytes FROM checkpoint")"

# Pause: scoring is refused and the clock stands still; resume.
$BASELINER pause --reason lunch || fail "pause"
[ "$(state)" = paused ] || fail "not paused: $(state)"
[ "$(q "SELECT reason FROM pause WHERE end_wall IS NULL")" = lunch ] ||
	fail "pause row: $(q "SELECT * FROM pause")"
$BASELINER status | grep -q paused || fail "status does not say paused"
nscores=$(q "SELECT count(*) FROM score")
if out=$($BASELINER score 2>&1); then fail "score accepted while paused: $out"; fi
echo "$out" | grep -qi "paused" || fail "refusal does not say paused: $out"
[ "$(q "SELECT count(*) FROM score")" = "$nscores" ] ||
	fail "a refused score left a row"
$BASELINER pause --reason again >/dev/null 2>&1 && fail "paused twice"
sleep 1
$BASELINER resume || fail "resume"
[ "$(state)" = running ] || fail "not running after resume: $(state)"
[ "$(q "SELECT count(*) FROM pause WHERE end_wall IS NOT NULL")" = 1 ] ||
	fail "the pause was not closed"
# The second the clock was paused was not counted.
[ "$(q "SELECT (SELECT elapsed FROM event WHERE kind = 'clock_resume') - (SELECT elapsed FROM event WHERE kind = 'clock_pause') < 0.5")" = 1 ] ||
	fail "the clock ran during the pause: $(q "SELECT kind, elapsed FROM event WHERE kind LIKE 'clock_%'")"
$BASELINER resume >/dev/null 2>&1 && fail "resumed a running clock"

$BASELINER note "tried the reference; n=10^7" || fail "note"
[ "$(q "SELECT text FROM note")" = "tried the reference; n=10^7" ] ||
	fail "note row: $(q "SELECT * FROM note")"
out=$($BASELINER checkpoint -m "before submitting") || fail "checkpoint -m"
[ "$(q "SELECT count(*) FROM checkpoint WHERE trigger = 'manual' AND message = 'before submitting'")" = 1 ] ||
	fail "manual checkpoint row: $(q "SELECT * FROM checkpoint")"

# Submit: final checkpoint, final score, ended.
$BASELINER submit >/dev/null || fail "submit"
wait_state ended 120
[ "$(q "SELECT end_reason FROM session")" = submitted ] ||
	fail "end_reason: $(q "SELECT end_reason FROM session")"
[ "$(q "SELECT end_wall IS NOT NULL AND end_elapsed > 0 FROM session")" = 1 ] ||
	fail "no end time"
[ "$(q "SELECT count(*) FROM checkpoint WHERE trigger = 'final'")" = 1 ] ||
	fail "no final checkpoint"
[ "$(q "SELECT count(*) FROM score WHERE is_final = 1 AND status = 'valid'")" = 1 ] ||
	fail "no valid final score: $(q "SELECT id, status, reason FROM score")"
[ "$(q "SELECT c.trigger FROM score s JOIN checkpoint c ON c.id = s.checkpoint_id WHERE s.is_final = 1")" = final ] ||
	fail "the final score did not score the final checkpoint"
[ "$(q "SELECT count(*) FROM score WHERE status IN ('queued', 'running')")" = 0 ] ||
	fail "scores left queued or running"

# The timeline: every kind there, in order, elapsed never going back.
kinds=$(q "SELECT kind FROM event ORDER BY seq" | tr '\n' ' ')
pos=0
for k in session_created clock_start clock_pause clock_resume note checkpoint score_finished session_ended; do
	p=$(q "SELECT min(seq) FROM event WHERE kind = '$k' AND seq > $pos")
	[ -n "$p" ] || fail "no event $k after seq $pos: $kinds"
	[ "$k" = checkpoint ] || [ "$k" = score_finished ] || pos=$p
done
[ "$(q "SELECT max(seq) FROM event")" = "$(q "SELECT seq FROM event WHERE kind = 'session_ended'")" ] ||
	fail "events after session_ended: $kinds"
[ "$(q "SELECT count(*) FROM event a JOIN event b ON b.seq > a.seq WHERE b.elapsed < a.elapsed - 1e-6")" = 0 ] ||
	fail "elapsed goes back: $(q "SELECT seq, kind, elapsed FROM event")"
[ "$(q "SELECT count(*) FROM event WHERE wall NOT LIKE '____-__-__T__:__:__.___Z'")" = 0 ] ||
	fail "event wall times not ISO-8601 UTC with milliseconds"

# The repository: git reads it, and every checkpoint's commit is there.
git --git-dir="$GITDIR" fsck --no-progress >"$BASELINER_HOME/fsck.out" 2>&1 ||
	fail "git fsck: $(cat "$BASELINER_HOME/fsck.out")"
n=$(git --git-dir="$GITDIR" log --format=%H main | wc -l)
[ "$n" = "$(q "SELECT count(DISTINCT commit_id) FROM checkpoint")" ] ||
	fail "git log has $n commits, the database $(q "SELECT count(DISTINCT commit_id) FROM checkpoint") checkpoints"
for c in $(q "SELECT commit_id FROM checkpoint"); do
	git --git-dir="$GITDIR" cat-file -e "$c^{commit}" || fail "checkpoint $c missing from git"
done
[ "$(git --git-dir="$GITDIR" log -1 --format=%s main)" = "final: submitted" ] ||
	fail "last commit: $(git --git-dir="$GITDIR" log -1 --format=%s main)"

# Read back after the end, through the program.
js=$($BASELINER scores -s "$SID" --json) || fail "scores --json after the end"
[ "$(json_get "$js" '$.scores[#-1].is_final')" = 1 ] || fail "scores --json: last is not final: $js"
[ "$(printf '%s' "$js" | grep -c '"id":')" -ge 3 ] || fail "scores --json lists too few: $js"
[ "$(json_get "$js" "\$.scores[1].commit")" = "$commit" ] || fail "scores --json: second score's commit"
$BASELINER status -s "$SID" | grep -q "submitted" || fail "status after the end"

# Restore a scored commit to a new folder; a non-empty folder is refused.
dest=$BASELINER_HOME/restored
$BASELINER restore -s "$SID" "$commit" "$dest" >/dev/null || fail "restore"
cmp -s "$dest/solution.c" "$ref" || fail "restored solution.c is not the scored one"
if out=$($BASELINER restore -s "$SID" "$commit" "$dest" 2>&1); then
	fail "restore into a non-empty folder succeeded"
fi
echo "$out" | grep -q "not empty" || fail "restore refusal: $out"
cmp -s "$WORK/solution.c" "$ref" || fail "restore touched the work folder"
echo "PASS"
exit 0
