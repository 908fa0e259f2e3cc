#!/bin/sh
# Commands for a session that does not exist, for none at all, and for
# one that has ended: a clear message and a non-zero exit, nothing
# written, no server left behind; the read commands (status, scores,
# checkpoints, restore) of an ended session still work with -s.
set -u
. "$top_srcdir/tests/lib.sh"
make_lab_pack "$BASELINER_HOME/packs"
BASELINER_TASKS=$BASELINER_HOME/packs
export BASELINER_TASKS
o=$BASELINER_HOME/out

# refuse PATTERN CMD...: the command fails, saying PATTERN.
refuse() {
	rf_pat=$1
	shift
	$BASELINER "$@" >"$o" 2>&1 && fail "'$*' succeeded: $(cat "$o")"
	grep -q "$rf_pat" "$o" || fail "'$*': expected '$rf_pat' in: $(cat "$o")"
}
WRITES="score|checkpoint|note x|pause --reason r|resume|submit|stop|cancel|extend --minutes 1|message hi"
READS="status|scores|checkpoints|status --json|scores --json|checkpoints --json"

# No session at all.
refuse "no live session" status
refuse "no live session" score
refuse "no live session" scores

# A session that does not exist.
IFS='|'
for c in $WRITES $READS "restore HEAD $BASELINER_HOME/r0" "diff HEAD"; do
	IFS=' '
	# shellcheck disable=SC2086
	refuse "no session 'nosuch-20000101-000000'" $c -s nosuch-20000101-000000
	IFS='|'
done
IFS=' '
BASELINER_SESSION=nosuch-20000101-000000 refuse "no session 'nosuch-20000101-000000'" status
[ -d "$BASELINER_HOME/sessions/nosuch-20000101-000000" ] && fail "a command made the unknown session's folder"

# An ended one.
start_session lab
$BASELINER note "the only note" || fail "note"
$BASELINER submit >/dev/null || fail "submit"
wait_state ended 60
wait_for 30 "! pgrep -f '[_]_server $SESSION_DIR'" || fail "the server outlived its session"
unset BASELINER_SESSION
nev=$(q "SELECT count(*) FROM event")
nsc=$(q "SELECT count(*) FROM score")
IFS='|'
for c in $WRITES; do
	IFS=' '
	# shellcheck disable=SC2086
	refuse "session $SID has ended" $c -s "$SID"
	IFS='|'
done
IFS=' '
[ "$(q "SELECT count(*) FROM event")" = "$nev" ] || fail "refused commands wrote events"
[ "$(q "SELECT count(*) FROM score")" = "$nsc" ] || fail "refused commands wrote scores"
[ "$(q "SELECT count(*) FROM note")" = 1 ] || fail "a note was added to an ended session"
wait_for 30 "! pgrep -f '[_]_server $SESSION_DIR'" || fail "a server runs for the ended session"

# Reading works, with -s and through $BASELINER_SESSION.
out=$($BASELINER status -s "$SID") || fail "status -s: $out"
echo "$out" | grep -Eq "^state +ended: submitted" || fail "status: $out"
js=$($BASELINER status -s "$SID" --json) || fail "status --json"
[ "$(json_get "$js" '$.session.state')" = ended ] || fail "status --json: $js"
out=$($BASELINER scores -s "$SID") || fail "scores -s: $out"
[ "$(echo "$out" | grep -Ec '^ +[0-9]+ .* valid ')" = "$nsc" ] || fail "scores: $out"
js=$($BASELINER scores -s "$SID" --json) || fail "scores --json"
[ "$(json_get "$js" '$.scores[#-1].is_final')" = 1 ] || fail "scores --json: $js"
out=$($BASELINER checkpoints -s "$SID") || fail "checkpoints -s: $out"
echo "$out" | grep -q "final" || fail "checkpoints: $out"
js=$($BASELINER checkpoints -s "$SID" --json) || fail "checkpoints --json"
BASELINER_SESSION=$SID $BASELINER scores >/dev/null || fail "scores through BASELINER_SESSION"
final=$(q "SELECT commit_id FROM checkpoint WHERE trigger = 'final'")
$BASELINER restore -s "$SID" "$final" "$BASELINER_HOME/r1" >/dev/null || fail "restore of an ended session"
[ -f "$BASELINER_HOME/r1/README" ] || fail "restore wrote no files"
$BASELINER sessions | grep "$SID" | grep -q ended || fail "sessions: $($BASELINER sessions)"
wait_for 30 "! pgrep -f '[_]_server $SESSION_DIR'" || fail "reading started a server"
[ "$(q "SELECT count(*) FROM event")" = "$nev" ] || fail "reading wrote events"
echo "PASS"
exit 0
