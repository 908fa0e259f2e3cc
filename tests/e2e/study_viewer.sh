#!/bin/sh
# Study mode: a proctor (a real user in the proctors' group) watches a
# participant's session with "attach --read-only": the viewer shows the
# participant's pane, and typing, resizing, scoring, restoring, pausing and
# stopping from it are refused, in the workbench ("read-only: ...") and at
# the server for a read-only connection ("this client is read-only"),
# with nothing reaching the session. The same proctor, not read-only,
# pauses, extends, resumes and stops the session, and starts one with
# calibration overrides, which its row records as the proctor's. A hidden
# task's scores are hidden from the participant, not from the proctor.
set -u
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"
STUDY_CLEANUP='tmux -f /dev/null kill-server'
. "$top_srcdir/tests/study-host.sh"

SID=$(as "$P" $B start demo --participant alice --detach 2>"$T/err") ||
	fail "start as the participant: $(cat "$T/err")"
SESSION_DIR=$ROOT/sessions/$SID
DB=$SESSION_DIR/session.db
SOCK=$SESSION_DIR/control.sock
wait_for 90 "[ \"\$(q 'SELECT state FROM session')\" = running ]" ||
	fail "the clock never started"
cp "$top_srcdir/tests/tools/blctl.py" "$T/blctl.py" && chmod 644 "$T/blctl.py"
ctl() { ctl_u=$1; shift; as "$ctl_u" python3 "$T/blctl.py" "$SOCK" "$@"; }
ctl "$P" pane.input '{"pane": 1, "text": "echo MARK-$((6*7))\r"}' >/dev/null ||
	fail "typing as the participant"
wait_for 20 "q \"SELECT count(*) FROM recording WHERE kind = 'o' AND CAST(data AS TEXT) LIKE '%MARK-42%'\" | grep -qx 1" ||
	fail "the participant's pane did not print the mark"
# size: pane 1's columns x rows, as the server has them.
size() {
	sz_l=$(ctl "$Q" pane.list)
	echo "$(json_get "$sz_l" '$.panes[0].cols')x$(json_get "$sz_l" '$.panes[0].rows')"
}
size0=$(size)
[ "$size0" != x ] || fail "pane.list as the proctor: $(ctl "$Q" pane.list 2>&1)"
scores0=$(q "SELECT count(*) FROM score")
inputs0=$(q "SELECT count(*) FROM recording WHERE kind = 'i'")

# The proctor's workbench, read-only, in tmux.
QH=$T/qhome
mkdir -p "$QH" && chown "$Q" "$QH"
tm new-session -d -s vw -x 150 -y 30 "runuser -u $Q -- env -i \
    PATH=/usr/bin:/bin HOME=$QH TERM=screen LANG=C.UTF-8 \
    BASELINER_HOST_CONF=$CONF/host.conf $B attach --read-only -s $SID; \
    echo CLIENT-EXITED-\$?; sleep 600"
see "MARK-42" 30 vw
see "(read-only)" 10 vw
note "the proctor's read-only workbench shows the participant's pane"

# Typing: nothing reaches the pane.
tm send-keys -t vw 'echo VIEWER-TYPED' Enter
# Scoring, pausing, submitting: refused by the workbench.
tm send-keys -t vw C-b s
see "read-only: score is not allowed" 10 vw
tm send-keys -t vw C-b p
see "read-only: no pauses" 10 vw
# Restoring a checkpoint: the checkpoints (C-b C), R, a folder.
tm send-keys -t vw C-b C
sleep 1
tm send-keys -t vw R
sleep 0.5
tm send-keys -t vw "/tmp/bl-viewer-$n" Enter
see "read-only: no restoring" 10 vw
[ -e "/tmp/bl-viewer-$n" ] && fail "the viewer restored a checkpoint"
tm send-keys -t vw Escape
# Resizing the viewer's terminal does not resize the participant's panes.
tm resize-window -t vw -x 60 -y 16
sleep 2
[ "$(size)" = "$size0" ] || fail "the viewer resized the pane: $size0 -> $(size)"
[ "$(q "SELECT count(*) FROM recording WHERE kind = 'i'")" = "$inputs0" ] ||
	fail "the viewer's typing reached the pane"
q "SELECT count(*) FROM recording WHERE CAST(data AS TEXT) LIKE '%VIEWER-TYPED%'" |
	grep -qx 0 || fail "the viewer's typing reached the pane"
[ "$(q "SELECT count(*) FROM score")" = "$scores0" ] || fail "the viewer scored"
[ "$(q "SELECT state FROM session")" = running ] || fail "the viewer paused"
note "typing, C-b s, C-b p, restore and a resize from the viewer reached nothing (pane $(size))"

# The same at the server, on a read-only connection of the proctor's.
ro() {
	ro_what=$1
	shift
	out=$(ctl "$Q" subscribe '{"read_only": true}' -- "$@" 2>&1) &&
		fail "a read-only proctor could $ro_what: $out"
	echo "$out" | grep -q "this client is read-only" ||
		fail "a read-only proctor's $ro_what: said '$out'"
}
ro type pane.input '{"pane": 1, "text": "echo RO\r"}'
ro resize pane.resize '{"pane": 1, "cols": 40, "rows": 10}'
ro score score '{"wait": false}'
commit=$(q "SELECT commit_id FROM checkpoint ORDER BY id LIMIT 1")
ro restore restore "{\"commit\": \"$commit\", \"dir\": \"/tmp/bl-viewer-$n\"}"
ro pause pause '{"reason": "x"}'
ro stop stop '{"reason": "x"}'
ro extend extend '{"seconds": 60}'
[ -e "/tmp/bl-viewer-$n" ] && fail "a read-only connection restored"
[ "$(size)" = "$size0" ] || fail "a read-only connection resized the pane"
[ "$(q "SELECT count(*) FROM score")" = "$scores0" ] || fail "a read-only connection scored"
json_get "$(ctl "$Q" subscribe '{"read_only": true}' -- status | tail -1)" '$.role' |
	grep -qx viewer || fail "a read-only proctor is not a viewer"
note "a read-only connection is refused typing, resizing, scoring, restoring, pausing, stopping and extending"

# The proctor, not read-only: pause, extend, resume, stop.
uq=$(id -u "$Q")
as "$Q" $B pause -s "$SID" --reason "check" >/dev/null 2>&1 || fail "proctor pause"
see "PAUSED: check" 20 vw
as "$Q" $B extend -s "$SID" --minutes 5 --reason "outage" >/dev/null 2>&1 ||
	fail "proctor extend"
as "$Q" $B resume -s "$SID" >/dev/null 2>&1 || fail "proctor resume"
as "$Q" $B stop -s "$SID" --reason "end of the study" >/dev/null 2>&1 ||
	fail "proctor stop"
wait_for 60 "[ \"\$(q 'SELECT state FROM session')\" = ended ]" ||
	fail "the session did not end"
[ "$(q "SELECT end_reason FROM session")" = stopped ] ||
	fail "end_reason: $(q "SELECT end_reason FROM session")"
for k in clock_pause clock_extend clock_resume session_ending; do
	q "SELECT actor FROM event WHERE kind = '$k'" | grep -qx "proctor:$uq" ||
		fail "$k is not the proctor's: $(q "SELECT actor FROM event WHERE kind = '$k'")"
done
wait_for 30 "! pgrep -f '[_]_server $SESSION_DIR'" || fail "the server did not exit"

# A hidden task's scores stay hidden from the participant until the end
# (the scores, a scoring's output, the store), not from the proctor.
cp -a "$ROOT/tasks/demo" "$ROOT/tasks/demoh"
sed -i 's/^id: demo$/id: demoh/; s/visibility: visible/visibility: hidden/' \
    "$ROOT/tasks/demoh/task.yaml"
SID3=$(as "$P" $B start demoh --participant alice --detach 2>"$T/err") ||
	fail "start the hidden task: $(cat "$T/err")"
DB=$ROOT/sessions/$SID3/session.db
SOCK=$ROOT/sessions/$SID3/control.sock
wait_for 90 "[ \"\$(q 'SELECT state FROM session')\" = running ]" ||
	fail "the clock of $SID3 never started"
[ "$(q "SELECT visibility FROM session")" = hidden ] || fail "$SID3 is not hidden"
id=$(q "SELECT max(id) FROM score WHERE status = 'valid'")
[ -n "$id" ] || fail "the start of $SID3 was not scored: $(q 'SELECT status, reason FROM score')"
out=$(as "$P" $B scores -s "$SID3" --json 2>&1) || fail "scores as the participant: $out"
json_get "$out" '$.scores[0].raw' | grep -q . && fail "the participant sees a hidden score: $out"
refused "read a hidden scoring's output" "hidden" ctl "$P" score.output "{\"id\": $id}"
refused "read hidden scores in the store" "unable to open|denied" \
	as "$P" sqlite3 "$DB" "SELECT raw FROM score"
out=$(as "$Q" $B scores -s "$SID3" --json 2>&1) || fail "scores as the proctor: $out"
json_get "$out" '$.scores[0].raw' | grep -q . || fail "the proctor does not see the score: $out"
ctl "$Q" score.output "{\"id\": $id}" >/dev/null || fail "the proctor's score.output"
as "$Q" $B stop -s "$SID3" >/dev/null 2>&1 || fail "stop $SID3"
wait_for 60 "[ \"\$(q 'SELECT state FROM session')\" = ended ]" || fail "$SID3 did not end"

# Calibration overrides at start are a proctor's, and the row says whose.
SID2=$(as "$Q" $B start demo --participant bob --detach --y-start 10 \
    --y-ref 4 2>"$T/err") || fail "the proctor's start with overrides: $(cat "$T/err")"
DB=$ROOT/sessions/$SID2/session.db
wait_for 90 "[ \"\$(q 'SELECT state FROM session')\" = running ]" ||
	fail "the clock of $SID2 never started"
[ "$(q "SELECT y_start || ' ' || y_ref || ' ' || calibration FROM session")" = "10.0 4.0 override by proctor:$uq" ] ||
	fail "the override's row: $(q "SELECT y_start, y_ref, calibration FROM session")"
as "$Q" $B stop -s "$SID2" >/dev/null 2>&1 || fail "stop $SID2"
wait_for 60 "[ \"\$(q 'SELECT state FROM session')\" = ended ]" ||
	fail "$SID2 did not end"
exit 0
