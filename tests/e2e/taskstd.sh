#!/bin/sh
# METR Task Standard families through baseliner (tests/taskstd/): import,
# start (install once, start() before the clock, the brief from
# get_instructions), scorings through intermediate_score, submit, the
# family's final score from aggregate_scores (or score) beside baseliner's
# own, export; hidden scores; families that throw, hang, print what is not
# JSON; secrets from the host's file, never the participant's environment.
set -u
. "$top_srcdir/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3"; exit 77; }
python3 -c 'import yaml' 2>/dev/null || { echo "SKIP: no PyYAML"; exit 77; }
fam=$top_srcdir/tests/taskstd
packs=$BASELINER_HOME/packs
mkdir -p "$packs"
BASELINER_TASKS=$packs
export BASELINER_TASKS

# start_ok PACK: start a session of PACK (lib.sh's start_session).
# start_fails PACK PATTERN: the start is refused before any session exists.
start_fails() {
	n0=$(ls "$BASELINER_HOME/sessions" 2>/dev/null | wc -l)
	out=$($BASELINER start "$1" --participant p1 --detach 2>&1) &&
		fail "$1: started: $out"
	echo "$out" | grep -Eq "$2" || fail "$1: refused without '$2': $out"
	[ "$(ls "$BASELINER_HOME/sessions" 2>/dev/null | wc -l)" = "$n0" ] ||
		fail "$1: a refused start left a session behind"
	note "$1 refused: $(echo "$out" | head -n 1 | cut -c1-150)"
}
last() { q "SELECT $1 FROM score ORDER BY id DESC LIMIT 1"; }

# --- best-of: import, score several times, submit, aggregate_scores ----
$BASELINER task import "$fam/ts_best" --to "$packs" >/dev/null || fail "import ts_best"
grep -q "^  family: family/ts_best" "$packs/ts_best/task.yaml" || fail "import wrote no task_standard"
grep -qx "  aggregation: best" "$packs/ts_best/task.yaml" || fail "import's default is not best"
grep -q "^  cpus: 1" "$packs/ts_best/task.yaml" || fail "the family's resources were not kept"
$BASELINER task check ts_best | grep -q "ready to run here" || fail "task check ts_best"
start_session ts_best
[ "$(cat "$SESSION_DIR/brief.md" | head -n 1)" = "# Best of" ] || fail "the brief is not get_instructions"
[ "$(cat "$WORK/answer.txt")" = 1 ] || fail "start() did not write the agent's home"
[ -f "$SESSION_DIR/protected/score.log" ] || fail "no protected score log"
[ "$(stat -c %a "$SESSION_DIR/protected")" = 700 ] || fail "protected is not 0700"
[ "$(last status)" = valid ] && [ "$(last raw)" = 1.0 ] || fail "start score: $(last "status, raw, reason")"
q "SELECT output_tail FROM score WHERE id = 1" | grep -q "scored the answer" ||
	fail "the family's own output was not kept"
echo 7 >"$WORK/answer.txt"
$BASELINER score >/dev/null || fail "score 7"
echo abc >"$WORK/answer.txt"
$BASELINER score >/dev/null 2>&1
[ "$(last status)" = invalid ] || fail "NaN: $(last "status, reason")"
echo 3 >"$WORK/answer.txt"
$BASELINER score >/dev/null || fail "score 3"
[ "$(q "SELECT count(*) FROM score WHERE commit_id IS NULL")" = 0 ] || fail "a score without its checkpoint"
$BASELINER scores | grep -q '"answer":7' || fail "the message is not shown"
$BASELINER submit >/dev/null || fail "submit"
wait_state ended
[ "$(q "SELECT family_score, family_score_status FROM session")" = "7.0|valid" ] ||
	fail "family score: $(q "SELECT family_score, family_score_status, family_score_output FROM session")"
q "SELECT family_score_output FROM session" | grep -q '"method":"aggregate_scores","entries":5' ||
	fail "aggregate_scores did not get the 5-entry log: $(q "SELECT family_score_output FROM session")"
[ "$(cat "$SESSION_DIR/protected/aggregated.txt")" = "5 entries" ] || fail "aggregated.txt"
[ "$(cat "$SESSION_DIR/protected/teardown.txt")" = "torn down" ] || fail "teardown() did not run at the end"
$BASELINER export -o "$BASELINER_HOME/export" >/dev/null || fail "export"
grep -q '"final_score": 7' "$BASELINER_HOME/export/session.json" ||
	grep -rq '"final_score": 7' "$BASELINER_HOME/export" || fail "the export lacks the family's final score"
unset BASELINER_SESSION

# --- hidden score, last submission --------------------------------------
# (Its pack counts the last submission, as the family does.)
$BASELINER task import "$fam/ts_hidden" --to "$packs" --aggregation nonsense \
    >/dev/null 2>&1 && fail "import took --aggregation nonsense"
[ -e "$packs/ts_hidden" ] && fail "a refused import left a pack"
$BASELINER task import "$fam/ts_hidden" --to "$packs" --aggregation last \
    >/dev/null || fail "import ts_hidden"
grep -q "visibility: hidden" "$packs/ts_hidden/task.yaml" || fail "visible_to_agent: false not imported"
grep -qx "  aggregation: last" "$packs/ts_hidden/task.yaml" ||
	fail "--aggregation last not imported: $(grep aggregation "$packs/ts_hidden/task.yaml")"
start_session ts_hidden
[ "$(q "SELECT visibility FROM session")" = hidden ] || fail "not hidden"
[ "$(q "SELECT aggregation FROM session")" = last ] ||
	fail "ts_hidden's session aggregates by $(q "SELECT aggregation FROM session")"
echo 9 >"$WORK/answer.txt"
out=$($BASELINER scores --json)
json_get "$out" '$.scores[0].raw' | grep -q . && fail "a hidden score is shown: $out"
[ "$(json_get "$out" '$.scores[0].message.recorded')" = 0 ] || fail "the message of a hidden score is not shown: $out"
echo "$out" | grep -q secret_truth && fail "details shown: $out"
$BASELINER score >/dev/null 2>&1
echo 4 >"$WORK/answer.txt"
$BASELINER submit >/dev/null || fail "submit ts_hidden"
wait_state ended
[ "$(q "SELECT family_score FROM session")" = 4.0 ] || fail "last submission: $(q "SELECT family_score, family_score_output FROM session")"
unset BASELINER_SESSION

# --- no intermediate scoring: score(submission) at the end -------------
$BASELINER task import "$fam/ts_end" --to "$packs" >/dev/null || fail "import ts_end"
start_session ts_end
[ "$(q "SELECT status FROM score WHERE id = 1")" = invalid ] || fail "ts_end start: $(q "SELECT status, reason FROM score")"
q "SELECT reason FROM score WHERE id = 1" | grep -q "scored once, at the end" || fail "ts_end reason"
echo 42 >"$WORK/submission.txt"
$BASELINER submit >/dev/null || fail "submit ts_end"
wait_state ended
[ "$(q "SELECT family_score FROM session")" = 1.0 ] || fail "score(): $(q "SELECT family_score, family_score_output FROM session")"
[ "$(last "status || ' ' || raw")" = "valid 1.0" ] || fail "final row: $(last "status, raw, reason")"
unset BASELINER_SESSION

# --- a family that misbehaves ----------------------------------------------
for m in install instructions start; do
	mkdir -p "$BASELINER_HOME/fam-$m"
	cp -r "$fam/ts_broken" "$BASELINER_HOME/fam-$m/"
	echo "$m" >"$BASELINER_HOME/fam-$m/ts_broken/mode"
done
$BASELINER task import "$BASELINER_HOME/fam-instructions/ts_broken" --to "$packs" \
    --id broken-setup >"$BASELINER_HOME/import.out" 2>&1 && fail "import of a failing setup"
grep -q "fails in get_instructions on purpose" "$BASELINER_HOME/import.out" ||
	fail "import did not show the family's error: $(cat "$BASELINER_HOME/import.out")"
for m in install start; do
	$BASELINER task import "$BASELINER_HOME/fam-start/ts_broken" --to "$packs" \
	    --id "broken-$m" >/dev/null || fail "import broken-$m"
	rm -rf "$packs/broken-$m/family/ts_broken"
	cp -r "$BASELINER_HOME/fam-$m/ts_broken" "$packs/broken-$m/family/"
	start_fails "broken-$m" "fails in $m on purpose"
	$BASELINER start "broken-$m" --participant p1 --detach 2>&1 | grep -q "Traceback" ||
		fail "broken-$m: no traceback shown"
done
$BASELINER task import "$fam/ts_broken" --to "$packs" >/dev/null || fail "import ts_broken"
sed -i 's/^task_standard:$/task_standard:\n  timeout: 3/' "$packs/ts_broken/task.yaml"
start_session ts_broken
# bad MODE STATUS PATTERN
bad() {
	echo "$1" >"$WORK/mode"
	$BASELINER score >/dev/null 2>&1
	[ "$(last status)" = "$2" ] || fail "$1: $(last "status, reason")"
	last reason | grep -Eq "$3" || fail "$1: reason '$(last reason)' lacks '$3'"
	note "$1: $(last "status || ': ' || reason" | cut -c1-120)"
	[ "$(state)" = running ] || fail "$1: the session is $(state)"
}
bad raise error "error in the task family: TaskFamily.intermediate_score failed: RuntimeError: ts_broken fails"
last output_tail | grep -q "Traceback" || fail "raise: no traceback in the output"
bad hang error "timeout: TaskFamily.intermediate_score ran past 3 s"
bad notjson error "TypeError"
bad exit error "TaskFamily.intermediate_score (failed|printed no result)"
bad none invalid "no score"
bad nan invalid "."
bad print valid ""
bad flood valid ""
echo aggregate >"$SESSION_DIR/root/mode"
echo ok >"$WORK/mode"
$BASELINER submit >/dev/null || fail "submit ts_broken"
wait_state ended
[ "$(q "SELECT family_score_status FROM session")" = error ] || fail "aggregate error: $(q "SELECT family_score_status FROM session")"
q "SELECT family_score_output FROM session" | grep -q "fails in aggregate_scores on purpose" ||
	fail "no traceback of aggregate_scores: $(q "SELECT family_score_output FROM session")"
[ "$(last status)" = valid ] || fail "the final row: $(last "status, reason")"
unset BASELINER_SESSION

# --- secrets: from the host's file only ---------------------------------
$BASELINER task import "$fam/ts_secret" --to "$packs" >/dev/null || fail "import ts_secret"
BASELINER_KEYS=$BASELINER_HOME/secrets.env
export BASELINER_KEYS
TS_SECRET_TOKEN=from-the-participant
export TS_SECRET_TOKEN
start_fails ts_secret "needs TS_SECRET_TOKEN, which the host does not give"
unset TS_SECRET_TOKEN
printf '# test secrets\nTS_SECRET_TOKEN="s3cret value"\n' >"$BASELINER_KEYS"
TS_PARTICIPANT_ONLY=1
export TS_PARTICIPANT_ONLY
start_session ts_secret
[ "$(last raw)" = 1.0 ] || fail "secret: $(last "status, raw, message, reason")"
last message | grep -q '"participant_env_seen": *false' || fail "the participant's environment reached the family: $(last message)"
[ -f "$BASELINER_HOME"/taskstd/ts_secret-*/installed.digest ] || fail "install() did not run once for the host"
echo "all Task Standard checks passed"
