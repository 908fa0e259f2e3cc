#!/bin/sh
# Broken task manifests: 'task check' and 'start' refuse each with
# "task.yaml:LINE: FIELD: ..." at the exact line, 'tasks' lists each broken
# pack with its problem beside the good one, an unknown task is named as
# such, and a pack that needs a program this host lacks says what is
# missing and cannot start. No refused start leaves a session behind.
set -u
. "$top_srcdir/tests/lib.sh"
packs=$BASELINER_HOME/packs
BASELINER_TASKS=$packs
export BASELINER_TASKS

# manifest ID: a good manifest (the comments below give line numbers).
manifest() {
	cat <<EOF
# a test pack
id: $1
version: "1"
title: Pack $1
time_limit: 2h
hardware:
  gpus: 0
  commands: [sh]
scorer:
  command: sh score.sh
  timeout: 10
score:
  direction: higher
  y_start: 0
  y_ref: 1
  aggregation: best
  visibility: visible
EOF
}
# pack ID SED-SCRIPT: a pack whose manifest is the good one edited by sed.
pack() {
	mkdir -p "$packs/$1/start" "$packs/$1/scoring"
	printf '# %s\n' "$1" >"$packs/$1/brief.md"
	printf 'x\n' >"$packs/$1/start/file"
	printf 'echo "{\\"score\\": 1}"\n' >"$packs/$1/scoring/score.sh"
	manifest "$1" | sed "$2" >"$packs/$1/task.yaml"
}

pack good ''
pack syntax 's/^  y_start: 0$/  y_start: 0: 1/'		# line 14
pack missing '/^  y_ref:/d'				# score: on line 12
pack wrongtype 's/^  y_start: 0$/  y_start: fast/'	# line 14
pack badenum 's/^  direction: higher$/  direction: sideways/'	# line 13
pack badlimit 's/^time_limit: 2h$/time_limit: forever/'	# line 5
pack zerolimit 's/^time_limit: 2h$/time_limit: 0h/'	# line 5
pack notamap 's/^hardware:$/hardware: 3/; /^  gpus:/d; /^  commands:/d'	# line 6
pack badtimeout 's/^  timeout: 10$/  timeout: -1/'	# line 11
pack listagg 's/^  aggregation: best$/  aggregation: [best]/'	# line 16
pack wrongfolder 's/^id: wrongfolder$/id: other/'	# line 2
pack needsprog 's/commands: \[sh\]/commands: [sh, bl-no-such-program-42]/'

# expect ID LINE FIELD WORDS: check and start both refuse, naming them.
expect() {
	for verb in check start; do
		if [ $verb = check ]; then
			out=$($BASELINER task check "$1" 2>&1) && fail "task check $1 succeeded: $out"
		else
			out=$($BASELINER start "$1" --participant p1 --detach 2>&1) &&
				fail "start $1 succeeded: $out"
		fi
		case $out in
		*"$packs/$1/task.yaml:$2: $3"*) ;;
		*) fail "$verb $1: expected task.yaml:$2: $3 in: $out" ;;
		esac
		case $out in
		*"$4"*) ;;
		*) fail "$verb $1: expected '$4' in: $out" ;;
		esac
	done
	note "$1: $out"
}
expect syntax 14 "syntax error:" "mapping values are not allowed"
expect missing 12 "score.y_ref:" "missing"
expect wrongtype 14 "score.y_start:" "expected a number, got 'fast'"
expect badenum 13 "score.direction:" "'sideways'"
expect badlimit 5 "time_limit:" "'forever'"
expect zerolimit 5 "time_limit:" "'0h'"
expect notamap 6 "hardware:" "mapping"
expect badtimeout 11 "scorer.timeout:" "positive"
expect listagg 16 "score.aggregation:" "list"
expect wrongfolder 2 "id:" "'other' is not the name of the pack's folder 'wrongfolder'"

# The good pack checks and is ready; the list names every problem.
$BASELINER task check good >/dev/null || fail "task check good"
list=$($BASELINER tasks 2>&1) || fail "tasks: $list"
note "$list"
echo "$list" | grep -Eq '^good +ready' || fail "good is not listed as ready: $list"
for b in syntax missing wrongtype badenum badlimit zerolimit notamap badtimeout listagg wrongfolder needsprog; do
	echo "$list" | grep -Eq "^$b +no" || fail "$b is not listed as unable to run: $list"
done
echo "$list" | grep -q "syntax/task.yaml:14: syntax error" || fail "tasks hides the syntax error"
echo "$list" | grep -q "missing/task.yaml:12: score.y_ref: missing" || fail "tasks hides the missing field"
echo "$list" | grep -q "bl-no-such-program-42' not found" || fail "tasks does not name the missing program"

# Unknown task.
out=$($BASELINER start nosuchtask --participant p1 --detach 2>&1) && fail "start of an unknown task: $out"
echo "$out" | grep -q "unknown task 'nosuchtask'" || fail "unknown task message: $out"
out=$($BASELINER task check nosuchtask 2>&1) && fail "check of an unknown task: $out"
echo "$out" | grep -q "unknown task 'nosuchtask'" || fail "unknown task message: $out"

# A missing program: the manifest is fine, the host is not.
out=$($BASELINER task check needsprog 2>&1) && fail "task check needsprog succeeded: $out"
echo "$out" | grep -q "manifest ok" || fail "needsprog: $out"
echo "$out" | grep -q "bl-no-such-program-42" || fail "needsprog does not name the program: $out"
out=$($BASELINER start needsprog --participant p1 --detach 2>&1) && fail "start needsprog: $out"
echo "$out" | grep -q "cannot run on this host: 'bl-no-such-program-42' not found" ||
	fail "start needsprog: $out"

# None of the refused starts made a session or a server.
n=$(ls "$BASELINER_HOME/sessions" 2>/dev/null | wc -l)
[ "$n" = 0 ] || fail "refused starts left $n sessions: $(ls "$BASELINER_HOME/sessions")"
pgrep -f "__server $BASELINER_HOME" >/dev/null && fail "a server runs after refused starts"

# And the good one starts (its scorer is trivial).
start_session good
[ "$(q "SELECT limit_s FROM session")" = 7200.0 ] || fail "time_limit 2h: $(q "SELECT limit_s FROM session")"
$BASELINER stop >/dev/null || fail "stop"
wait_state ended 60
echo "PASS"
exit 0
