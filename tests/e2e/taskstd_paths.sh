#!/bin/sh
# A Task Standard family that knows only the standard's own paths
# (tests/taskstd/ts_paths: start() writes /home/agent/guess.txt and
# /protected/target.json, intermediate_score() reads both, aggregate_scores()
# reads /protected/score.log) runs unmodified: each of its calls sees
# /home/agent as the session's work folder and /protected as the session's
# protected folder, in a mount namespace of its own (libexec/taskstd.py),
# through start -> intermediate_score (x4) -> aggregate_scores -> teardown.
# A call that cannot be mapped runs unmapped, says so, and fails as a
# recorded error. The host's own / is left as it was. Then the driver alone as an
# unprivileged user (nobody), as personal mode runs it: a user namespace
# gives the same paths, and the files are the user's.
set -u
. "$top_srcdir/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3"; exit 77; }
python3 -c 'import yaml' 2>/dev/null || { echo "SKIP: no PyYAML"; exit 77; }
unshare --mount true 2>/dev/null ||
    unshare --user --map-root-user --mount true 2>/dev/null ||
	{ echo "SKIP: this host makes no mount namespace"; exit 77; }
fam=$top_srcdir/tests/taskstd
packs=$BASELINER_HOME/packs
mkdir -p "$packs"
BASELINER_TASKS=$packs
export BASELINER_TASKS
had_home=$([ -e /home/agent ] && echo 1 || echo 0)
had_prot=$([ -e /protected ] && echo 1 || echo 0)
last() { q "SELECT $1 FROM score ORDER BY id DESC LIMIT 1"; }

$BASELINER task import "$fam/ts_paths" --to "$packs" >/dev/null || fail "import ts_paths"
start_session ts_paths
grep -q "not mapped" "$SESSION_DIR/taskstd-start.log" &&
	fail "start ran unmapped: $(cat "$SESSION_DIR/taskstd-start.log")"
[ "$(cat "$WORK/guess.txt")" = 0 ] ||
	fail "start() wrote /home/agent/guess.txt elsewhere: $(ls -la "$WORK")"
[ -f "$WORK/notes/README" ] || fail "start()'s /home/agent/notes/ is not in the work folder"
[ "$(cat "$SESSION_DIR/protected/target.json")" = '{"target": 8}' ] ||
	fail "start() wrote /protected/target.json elsewhere: $(ls -la "$SESSION_DIR/protected")"
# The start's scoring: guess 0, target 8: 10 - 8 = 2.
[ "$(last status)" = valid ] && [ "$(last raw)" = 2.0 ] ||
	fail "start score: $(last "status, raw, reason, output_tail")"
echo 7 >"$WORK/guess.txt"
$BASELINER score >/dev/null || fail "score 7: $(last "status, reason, output_tail")"
[ "$(last raw)" = 9.0 ] || fail "guess 7: $(last "status, raw, output_tail")"
last output_tail | grep -q "scored /home/agent/guess.txt" || fail "the family's output was not kept"
last output_tail | grep -q "not mapped" && fail "a scoring ran unmapped: $(last output_tail)"
echo seven >"$WORK/guess.txt"
$BASELINER score >/dev/null 2>&1
[ "$(last status)" = invalid ] || fail "NaN: $(last "status, reason")"
echo 8 >"$WORK/guess.txt"
$BASELINER score >/dev/null || fail "score 8"
[ "$(last raw)" = 10.0 ] || fail "guess 8: $(last "status, raw")"
# Where the paths cannot be mapped (here: a file where the new root would
# be mounted), the call runs unmapped and says so; this family, which
# knows no other paths, then fails with its own traceback: a recorded
# error, and the session goes on.
rm -rf "$SESSION_DIR/nsroot"
: >"$SESSION_DIR/nsroot"
$BASELINER score >/dev/null 2>&1
[ "$(last status)" = error ] || fail "unmapped: $(last "status, reason")"
last output_tail | grep -q "/home/agent and /protected are not mapped for this call" ||
	fail "the unmapped call does not say so: $(last output_tail)"
last output_tail | grep -q "FileNotFoundError.*/protected/target.json" ||
	fail "no traceback of the family: $(last output_tail)"
rm -f "$SESSION_DIR/nsroot"
$BASELINER submit >/dev/null || fail "submit"
wait_state ended
[ "$(q "SELECT family_score, family_score_status FROM session")" = "10.0|valid" ] ||
	fail "family score: $(q "SELECT family_score, family_score_status, family_score_output FROM session")"
# aggregate_scores read /protected/score.log: the start, 3 scorings and
# the final one (the error is no entry and wrote no row).
[ "$(cat "$SESSION_DIR/protected/aggregated.txt")" = "5 log entries, 5 rows in /protected/score.log" ] ||
	fail "aggregated.txt: $(cat "$SESSION_DIR/protected/aggregated.txt" 2>&1)"
[ "$(cat "$SESSION_DIR/protected/teardown.txt")" = "torn down" ] ||
	fail "teardown() did not write /protected/teardown.txt"
# The host's / is as it was.
[ "$had_home" = 1 ] || [ ! -e /home/agent ] || fail "/home/agent was left on the host"
[ "$had_prot" = 1 ] || [ ! -e /protected ] || fail "/protected was left on the host"
grep -q " $SESSION_DIR/nsroot " /proc/self/mountinfo &&
	fail "the new root is mounted outside the family's calls"
unset BASELINER_SESSION

# --- the driver as an unprivileged user --------------------------------
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null 2>&1 ||
    ! id nobody >/dev/null 2>&1 || [ ! -x /usr/bin/python3 ]; then
	note "not root, or no setpriv, nobody or /usr/bin/python3: the unprivileged run is not checked"
	echo PASS
	exit 0
fi
nb=$(mktemp -d "${TMPDIR:-/tmp}/bl-tsp.XXXXXX")
CLEANUP="$CLEANUP $nb"
chmod 755 "$nb"
mkdir -p "$nb/fam" "$nb/home" "$nb/sd"
cp -R "$fam/ts_paths" "$nb/fam/"
cp "$top_srcdir/libexec/taskstd.py" "$nb/"
chown -R nobody "$nb"
# as_nobody OP [ARGS]: the driver as nobody; $work, when set, is the
# scorer's BASELINER_WORKDIR.
work=
as_nobody() {
	setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups \
	    env -i PATH=/usr/bin:/bin BASELINER_HOME="$nb/home" \
	    ${work:+BASELINER_WORKDIR="$work"} \
	    /usr/bin/python3 "$nb/taskstd.py" --family "$nb/fam/ts_paths" \
	    --task main --timeout 60 "$@"
}
as_nobody start "$nb/sd" >"$nb/start.out" 2>"$nb/start.err"
rc=$?
if grep -q "not mapped" "$nb/start.err" "$nb/start.out"; then
	# The start() failed there, or its note says why: the kernel refused
	# an unprivileged user namespace. Personal mode would run unmapped.
	note "unprivileged user namespaces are refused here: $(grep -h "not mapped" "$nb/start.err" "$nb/start.out" | head -n 1)"
	echo PASS
	exit 0
fi
[ "$rc" = 0 ] || fail "start as nobody: $(cat "$nb/start.err")"
[ "$(cat "$nb/sd/work/guess.txt")" = 0 ] ||
	fail "start as nobody: no guess.txt: $(cat "$nb/start.err")"
[ "$(stat -c %U "$nb/sd/work/guess.txt")" = nobody ] ||
	fail "start as nobody: guess.txt belongs to $(stat -c %U "$nb/sd/work/guess.txt")"
echo 5 >"$nb/sd/work/guess.txt"
work=$nb/sd/work
out=$(as_nobody intermediate_score 2>"$nb/is.err") ||
	fail "intermediate_score as nobody: $out $(cat "$nb/is.err")"
echo "$out" | grep -q '"score": 7.0' || fail "intermediate_score as nobody: $out $(cat "$nb/is.err")"
[ "$(wc -l <"$nb/sd/protected/score.log")" = 2 ] ||
	fail "as nobody: /protected/score.log is not the session's: $(ls -la "$nb/sd/protected")"
note "as nobody (a user namespace): start and intermediate_score see /home/agent and /protected"
echo PASS
exit 0
