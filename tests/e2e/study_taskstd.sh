#!/bin/sh
# Study mode on a Task Standard family (tests/taskstd/ts_best, imported
# and installed by "host setup"): the participant's session starts, and
# from the participant's uid the protected folder (listing it, reading the
# score log start() wrote there) and the family's scoring files (the
# pack's family/, the host's installed copy, the session's copy) are
# refused with EACCES ("Permission denied"), while the scorer's own user
# still runs the family's intermediate_score (appending to the protected
# log, seeing the session's copy of the family), and at the end its
# aggregate_scores, from the scorings the server hands it. The pane's
# shell sees /home/agent as the work folder (a mount namespace of
# bl-spawn's), and the host's /home is left as it was.
set -u
. "$top_srcdir/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3"; exit 77; }
python3 -c 'import yaml' 2>/dev/null || { echo "SKIP: no PyYAML"; exit 77; }
. "$top_srcdir/tests/study-host.sh"

# The family as a pack, installed on the host as root installs packs.
mkdir -p "$T/packs"
$B task import "$top_srcdir/tests/taskstd/ts_best" --to "$T/packs" >/dev/null ||
	fail "import ts_best"
out=$(BASELINER_TASKS=$T/packs $B host setup --root "$ROOT" --conf-dir "$CONF" \
    --user "$SVC" --scorer-user "$SC" --group "$GRP" --unit-dir none \
    --task ts_best 2>&1) || fail "host setup ts_best: $out"
[ -f "$ROOT/tasks/ts_best/family/ts_best/ts_best.py" ] ||
	fail "the family is not on the host: $(ls -R "$ROOT/tasks/ts_best")"

SID=$(as "$P" $B start ts_best --participant alice --detach 2>"$T/err") ||
	fail "start as the participant: $(cat "$T/err")"
SD=$ROOT/sessions/$SID
DB=$SD/session.db
WORK=$SD/work
wait_for 90 "[ \"\$(q 'SELECT state FROM session')\" = running ]" ||
	fail "the clock never started ($(q 'SELECT state FROM session'); $(cat "$SD/taskstd-start.log" 2>&1))"
[ "$(head -n 1 "$SD/protected/score.log")" = "timestamp,score,message,details" ] ||
	fail "start() wrote no protected log: $(ls -la "$SD/protected")"
last() { q "SELECT $1 FROM score ORDER BY id DESC LIMIT 1"; }
[ "$(last status)" = valid ] && [ "$(last raw)" = 1.0 ] ||
	fail "the start's scoring: $(last "status, raw, reason, output_tail")"

# denied WHAT CMD...: CMD as the participant fails with EACCES.
denied() {
	dn_what=$1
	shift
	refused "$dn_what" "Permission denied" as "$P" "$@"
}
denied "list the protected folder" ls "$SD/protected"
denied "read the protected score log" cat "$SD/protected/score.log"
denied "list the pack's family" ls "$ROOT/tasks/ts_best/family"
denied "read the family's code" cat "$ROOT/tasks/ts_best/family/ts_best/ts_best.py"
inst=$(find "$ROOT/taskstd" -name ts_best.py 2>/dev/null | head -1)
[ -n "$inst" ] || fail "no installed copy under $ROOT/taskstd: $(ls -la "$ROOT")"
denied "read the installed family" cat "$inst"
denied "list the installed families" ls "$ROOT/taskstd"
denied "list the session's copy" ls "$SD/root"
denied "read the session's copy" cat "$SD/root/ts_best.py"

# The participant's pane: its shell sees /home/agent as the work folder
# (bl-spawn's mount namespace for a Task Standard session), starts there,
# and the host's /home is as it was, inside and out.
had_agent=$([ -e /home/agent ] && echo 1 || echo 0)
cp "$top_srcdir/tests/tools/blctl.py" "$T/blctl.py" && chmod 644 "$T/blctl.py"
as "$P" python3 "$T/blctl.py" "$SD/control.sock" pane.input '{"pane": 1, "text": "echo \"pwd=$(pwd) answer=$(cat /home/agent/answer.txt) owner=$(stat -c %U /home/agent/answer.txt)\" >/home/agent/seen.t; ls -a /home >/home/agent/homes.t; echo HOMECHECK-$((6*7))\r"}' \
    >/dev/null || fail "typing as the participant"
wait_for 20 "q \"SELECT count(*) FROM recording WHERE kind = 'o' AND CAST(data AS TEXT) LIKE '%HOMECHECK-42%'\" | grep -qx 1" ||
	fail "the pane did not run the check"
if unshare --mount true 2>/dev/null; then
	[ "$(cat "$WORK/seen.t" 2>&1)" = "pwd=/home/agent answer=1 owner=$P" ] ||
		fail "the pane's /home/agent: $(cat "$WORK/seen.t" 2>&1) $(q "SELECT CAST(data AS TEXT) FROM recording WHERE kind = 'o'" | tail -5)"
	want=$( (ls -a /home; echo agent) | sort -u)
	[ "$(sort -u "$WORK/homes.t")" = "$want" ] ||
		fail "the pane's /home: $(cat "$WORK/homes.t"), the host's: $want"
	note "the pane's shell: $(cat "$WORK/seen.t"); /home as the host's, with agent"
else
	q "SELECT CAST(data AS TEXT) FROM recording WHERE kind = 'o'" |
	    grep -q "/home/agent is not mapped for this shell" ||
		fail "an unmapped pane does not say so"
	note "this host makes no mount namespace: the pane says /home/agent is not mapped"
fi
[ "$had_agent" = 1 ] || [ ! -e /home/agent ] || fail "/home/agent was left on the host"
grep -q " /home/agent " /proc/self/mountinfo && fail "/home/agent is mounted on the host"
rm -f "$WORK/seen.t" "$WORK/homes.t"

# A scoring from the participant still runs the family, as the scorer.
as "$P" sh -c "echo 7 > '$WORK/answer.txt'" || fail "write answer.txt"
as "$P" $B score -s "$SID" >/dev/null 2>&1 ||
	fail "score as the participant: $(last "status, reason, output_tail")"
[ "$(last status)" = valid ] && [ "$(last raw)" = 7.0 ] ||
	fail "the participant's scoring: $(last "status, raw, reason, output_tail")"
last details | grep -q '"root_marker": *true' ||
	fail "the scorer did not run in the session's copy: $(last details)"
[ "$(wc -l <"$SD/protected/score.log")" = 3 ] ||
	fail "the scorings did not append to the protected log: $(cat "$SD/protected/score.log")"
as "$P" $B submit -s "$SID" >/dev/null 2>&1 || fail "submit"
wait_for 60 "[ \"\$(q 'SELECT state FROM session')\" = ended ]" ||
	fail "the session did not end"
[ "$(q "SELECT family_score, family_score_status FROM session")" = "7.0|valid" ] ||
	fail "family score: $(q "SELECT family_score, family_score_status, family_score_output FROM session")"
# aggregate_scores had the start, the scoring and the final one.
[ "$(cat "$SD/protected/aggregated.txt")" = "3 entries" ] ||
	fail "aggregated.txt: $(cat "$SD/protected/aggregated.txt" 2>&1)"
wait_for 30 "! pgrep -f '[_]_server $SD'" || fail "the server did not exit"
echo PASS
exit 0
