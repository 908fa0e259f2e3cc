#!/bin/sh
# Study mode on a host set up in a temporary prefix: a participant, a
# proctor and an unrelated user; a demo session taken by the participant
# through the setuid helper; each attack of issue 10 tried from the
# participant's uid and refused; the proctor's actions succeed; the
# unrelated user reaches nothing; root never runs participant code.
set -u
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/study-host.sh"

# 1. The participant starts a session; the service runs it.
SID=$(as "$P" $B start demo --participant alice --detach 2>"$T/err") ||
	fail "start as the participant: $(cat "$T/err")"
SESSION_DIR=$ROOT/sessions/$SID
DB=$SESSION_DIR/session.db
WORK=$SESSION_DIR/work
wait_for 90 "[ \"\$(q 'SELECT state FROM session')\" = running ]" ||
	fail "the clock never started ($(q 'SELECT state FROM session'))"
srv=$(pgrep -o -f "[_]_server $SESSION_DIR")
[ -n "$srv" ] || fail "no server"
[ "$(stat -c %U /proc/$srv)" = "$SVC" ] || fail "the server runs as $(stat -c %U /proc/$srv)"
[ "$(stat -c %U "$WORK")" = "$P" ] || fail "work is $(stat -c %U "$WORK")'s"
[ "$(stat -c %U "$DB")" = "$SVC" ] || fail "the store is $(stat -c %U "$DB")'s"
q "SELECT owner_uid FROM session" | grep -qx "$(id -u "$P")" || fail "owner"
note "session $SID: server $srv as $SVC, work $P's"
q "SELECT status FROM score WHERE is_start = 1" | grep -qx valid ||
	fail "the start was not scored: $(q 'SELECT status, reason FROM score')"
PB="as $P"

# 2. The participant's attacks from their own uid.
refused "forge a score row" "unable to open|readonly|denied" \
	$PB sqlite3 "$DB" "INSERT INTO score (requested_wall, requested_elapsed, status, raw, normalized) VALUES ('x', 1, 'valid', 0.001, 9)"
refused "read hidden details" "unable to open|denied" \
	$PB sqlite3 "$DB" "SELECT details FROM score"
refused "move the clock" "unable to open|readonly|denied" \
	$PB sqlite3 "$DB" "UPDATE session SET limit_s = 64800, elapsed_s = 0"
refused "point task_dir at their own pack" "unable to open|readonly|denied" \
	$PB sqlite3 "$DB" "UPDATE session SET task_dir = '/tmp'"
refused "rewrite checkpoint history" "denied|not a git repository|fatal" \
	$PB git --git-dir="$SESSION_DIR/checkpoints.git" update-ref refs/heads/main HEAD~1
refused "read the reference solution" "denied" \
	$PB cat "$ROOT/tasks/demo/solutions/reference/solution.c"
refused "read the harness" "denied" \
	$PB cat "$ROOT/tasks/demo/scoring/harness.c"
refused "kill their server" "not permitted" $PB kill -9 "$srv"
refused "calibrate at start" "are a proctor's" \
	$PB $B start demo --participant alice --detach --y-start 100 --y-ref 4.0
mkdir -p "$T/mypack" && cp -r "$top_srcdir/tasks/demo/." "$T/mypack/" &&
	chmod -R a+rX "$T/mypack"
refused "start on their own pack" "not a folder" \
	$PB $B start "$T/mypack" --participant alice --detach
refused "stop their own session" "only a proctor stops" \
	$PB $B stop -s "$SID"
refused "extend their own time" "only a proctor changes the time limit" \
	$PB $B extend -s "$SID" --minutes 600

# The scorer is its own user, on a copy: a solution that defines the
# harness's clock is refused; one that says who runs it shows the scorer.
as "$P" sh -c "cat '$ROOT/tasks/demo/start/solution.c' > '$WORK/solution.c'; cat >> '$WORK/solution.c'" <<'C'
#include <stdio.h>
#include <unistd.h>
__attribute__((constructor)) static void who(void)
{ fprintf(stderr, "scorer-uid=%u\n", (unsigned)getuid()); }
C
as "$P" $B score -s "$SID" >/dev/null 2>&1 || fail "score as the participant"
tail=$(q "SELECT output_tail FROM score ORDER BY id DESC LIMIT 1")
echo "$tail" | grep -q "scorer-uid=$(id -u "$SC")" ||
	fail "the scorer did not run as $SC: $tail"
q "SELECT status FROM score ORDER BY id DESC LIMIT 1" | grep -qx valid ||
	fail "the participant's score: $(q 'SELECT status, reason FROM score ORDER BY id DESC LIMIT 1')"
as "$P" sh -c "cat >> '$WORK/solution.c'" <<'C'
#include <time.h>
int clock_gettime(clockid_t c, struct timespec *ts)
{ (void)c; ts->tv_sec = 0; ts->tv_nsec = 0; return 0; }
C
as "$P" $B score -s "$SID" >/dev/null 2>&1
q "SELECT reason FROM score ORDER BY id DESC LIMIT 1" |
	grep -q "defines clock_gettime" || fail "own clock_gettime was scored"
as "$P" sh -c "cat '$ROOT/tasks/demo/start/solution.c' > '$WORK/solution.c'"

# The checkpoints are pushed to the service's archive as they are made.
last=$(q "SELECT commit_id FROM checkpoint ORDER BY id DESC LIMIT 1")
wait_for 20 "git --git-dir='$ROOT/archive/$SID.git' cat-file -e $last" ||
	fail "checkpoint $last is not in the archive"
refused "rewrite the archive" "denied|not a git repository|fatal" \
	$PB git --git-dir="$ROOT/archive/$SID.git" update-ref refs/heads/main HEAD~1

# 3. The unrelated user reaches nothing.
refused "unrelated: status" "." as "$U" $B status -s "$SID"
refused "unrelated: list sessions" "denied" as "$U" ls "$ROOT/sessions"
refused "unrelated: read the store" "unable to open|denied" \
	as "$U" sqlite3 "$DB" "SELECT * FROM session"
out=$(as "$U" $B sessions 2>&1)
echo "$out" | grep -q "$SID" && fail "the unrelated user lists the session: $out"

# 4. The proctor: sees, pauses (the participant cannot lift it), messages,
# extends, verifies, exports, stops.
out=$(as "$Q" $B sessions 2>&1) || fail "proctor sessions: $out"
echo "$out" | grep -q "$SID" || fail "the proctor does not see $SID: $out $(ls -la "$ROOT/sessions" "$SESSION_DIR"; id "$Q"; as "$Q" sqlite3 "$DB" "select id from session" 2>&1)"
out=$(as "$Q" $B status --all 2>&1) || fail "proctor status --all: $out"
echo "$out" | grep -q "$SID" || fail "status --all: $out"
# A job the participant left running in a pane stops with the clock.
cp "$top_srcdir/tests/tools/blctl.py" "$T/blctl.py" && chmod 644 "$T/blctl.py"
as "$P" python3 "$T/blctl.py" "$SESSION_DIR/control.sock" pane.input \
    '{"pane": 1, "text": "sleep 300 & echo started\r"}' >/dev/null ||
	fail "typing as the participant"
wait_for 20 "pgrep -u $P -x sleep" || fail "the job did not start"
job=$(pgrep -u "$P" -x sleep | head -1)
# A counter that leaves the pane's terminal session (setsid): its own
# session, and once setsid's fork returns, its parent is the holder. (It
# renames each count into place, so f is never read half written.)
as "$P" python3 "$T/blctl.py" "$SESSION_DIR/control.sock" pane.input \
    '{"pane": 1, "text": "setsid sh -c '"'"'while :; do echo $((i+=1)) > f.t; mv f.t f; done'"'"' >/dev/null 2>&1 &\r"}' \
    >/dev/null || fail "typing the counter"
wait_for 20 "[ -s '$WORK/f' ] && [ \"\$(cat '$WORK/f')\" -gt 10 ]" ||
	fail "the counter does not count: $(ls -la "$WORK"; ps -u "$P" -o pid,ppid,sid,stat,args)"
counter=$(pgrep -u "$P" -f 'while :; do echo' | head -1)
[ "$(ps -o sid= -p "$counter" | tr -d ' ')" = "$counter" ] ||
	fail "the counter did not leave the pane's terminal session"
# The participant's processes outside the session (their login, the
# workbench they attach with) are not the session's to stop.
setpriv --reuid="$P" --regid="$P" --clear-groups sleep 300 &
outside=$!
out=$(as "$Q" $B pause -s "$SID" --reason "proctor check" 2>&1) ||
	fail "proctor pause: $out"
echo "$out" | grep -q "^stopped: everything the participant started in the panes, setsid or not" ||
	fail "the pause does not say what it stops: $out"
wait_for 10 "held $job" ||
	fail "the participant's job runs on while paused ($(ps -o stat= -p $job))"
held "$counter" ||
	fail "the setsid counter runs on while paused ($(ps -o stat= -p $counter))"
if ps -o stat= -p "$counter" | grep -q T; then how=SIGSTOP; else
	how="the freezer of cgroup $(sed -n 's/^0:://p' "/proc/$counter/cgroup")"; fi
c1=$(cat "$WORK/f")
sleep 1
c2=$(cat "$WORK/f")
[ -n "$c2" ] && [ "$c1" = "$c2" ] || fail "the setsid counter counted while paused: $c1 then $c2"
note "paused ($how): the setsid counter stays at '$c2'"
held "$outside" && fail "a process outside the session was stopped"
kill "$outside" 2>/dev/null
refused "type while paused" "typing is refused" \
	as "$P" python3 "$T/blctl.py" "$SESSION_DIR/control.sock" pane.input \
	'{"pane": 1, "text": "echo more\r"}'
refused "lift a proctor's pause" "proctor" $PB $B resume -s "$SID"
as "$Q" $B resume -s "$SID" >/dev/null 2>&1 || fail "proctor resume"
wait_for 10 "! held $job" ||
	fail "the job stayed stopped after the resume"
wait_for 10 "[ \"\$(cat '$WORK/f')\" -gt $c2 ]" ||
	fail "the setsid counter did not count again after the resume"
note "resumed: the counter is at $(cat "$WORK/f")"
# The same without the freezer (host.conf: freezer=no, as on a host where
# root cannot make cgroups): the helper scans /proc until all are stopped.
echo "freezer=no" >>"$CONF/host.conf"
as "$Q" $B pause -s "$SID" --reason "no freezer" >/dev/null 2>&1 ||
	fail "proctor pause (no freezer)"
wait_for 10 "ps -o stat= -p $counter | grep -q T" ||
	fail "the setsid counter was not stopped by the scan ($(ps -o stat= -p $counter))"
ps -o stat= -p "$job" | grep -q T || fail "the job was not stopped by the scan"
c1=$(cat "$WORK/f")
sleep 1
[ "$(cat "$WORK/f")" = "$c1" ] || fail "the setsid counter counted while paused (scan)"
as "$Q" $B resume -s "$SID" >/dev/null 2>&1 || fail "proctor resume (no freezer)"
wait_for 10 "[ \"\$(cat '$WORK/f')\" -gt $c1 ]" ||
	fail "the counter did not count again after the scan's resume"
note "without the freezer (SIGSTOP): the counter stays at $c1 while paused, counts again after"
sed -i '/^freezer=no$/d' "$CONF/host.conf"
kill "$counter"
as "$Q" $B message -s "$SID" "five minutes" >/dev/null 2>&1 || fail "message"
as "$Q" $B extend -s "$SID" --minutes 10 >/dev/null 2>&1 || fail "extend"
q "SELECT actor FROM event WHERE kind = 'clock_extend'" |
	grep -qx "proctor:$(id -u "$Q")" || fail "the extension is not the proctor's"

# 5. Root never runs the participant's code. Study mode: with the server
# gone, root's command has the helper start it as the service user.
kill -9 "$srv"
wait_for 10 "! kill -0 $srv 2>/dev/null" || fail "the server did not die"
sleep 2		# down while the participant's processes may run on
env -u BASELINER_HOME -u BASELINER_TASKS BASELINER_HOST_CONF="$CONF/host.conf" \
    $B status -s "$SID" >/dev/null 2>&1 || fail "root's status (study)"
srv=$(pgrep -o -f "[_]_server $SESSION_DIR")
[ -n "$srv" ] || fail "no server after root's status"
[ "$(stat -c %U /proc/$srv)" = "$SVC" ] || fail "restarted as $(stat -c %U /proc/$srv)"
# The clock is the server's: the time it was down counts as work time.
q "SELECT json_extract(data, '\$.downtime_charged') FROM event WHERE kind = 'server_restarted'" |
	grep -qx 1 || fail "the downtime was not charged: $(q "SELECT data FROM event WHERE kind = 'server_restarted'")"
# Nor can the participant stop or trace it (slowing its clock).
refused "stop their server (SIGSTOP)" "not permitted" $PB kill -STOP "$srv"
refused "ptrace their server" "not permitted" $PB python3 -c '
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
if libc.ptrace(16, int(sys.argv[1]), 0, 0) != 0:
    sys.exit("ptrace: " + os.strerror(ctypes.get_errno()))
' "$srv"
# The participant restarting their server under LD_PRELOAD: the helper
# starts it as the service user with a clean environment, and the library
# runs in no process of the service's.
if command -v cc >/dev/null 2>&1; then
	cat >"$T/pre.c" <<'C'
#include <stdio.h>
#include <unistd.h>
__attribute__((constructor)) static void mark(void)
{
	FILE *f = fopen(MARK, "a");
	if (f != NULL) { fprintf(f, "uid=%u\n", (unsigned)getuid()); fclose(f); }
}
C
	cc -shared -fPIC -DMARK="\"$T/preloaded\"" -o "$T/pre.so" "$T/pre.c" ||
		fail "cc pre.so"
	: >"$T/preloaded" && chmod 666 "$T/preloaded" && chmod 755 "$T/pre.so"
	kill -9 "$srv"
	wait_for 10 "! kill -0 $srv 2>/dev/null" || fail "the server did not die"
	# (ASAN_OPTIONS: an AddressSanitizer build refuses a library
	# preloaded before its runtime.)
	out=$(as "$P" env LD_PRELOAD="$T/pre.so" \
	    ASAN_OPTIONS=verify_asan_link_order=0 $B status -s "$SID" 2>&1) ||
		fail "the participant's status under LD_PRELOAD: $out"
	srv=$(pgrep -o -f "[_]_server $SESSION_DIR")
	[ -n "$srv" ] && [ "$(stat -c %U /proc/$srv)" = "$SVC" ] ||
		fail "the participant's status did not start the server as $SVC"
	tr '\0' '\n' <"/proc/$srv/environ" | grep -q '^LD_' &&
		fail "the server runs with $(tr '\0' '\n' <"/proc/$srv/environ" | grep '^LD_')"
	grep -q "uid=$(id -u "$P")" "$T/preloaded" ||
		fail "the library did not even load in the participant's own command"
	grep -v "uid=$(id -u "$P")" "$T/preloaded" | grep -q . &&
		fail "LD_PRELOAD ran as another user: $(sort -u "$T/preloaded")"
	note "LD_PRELOAD ran only as the participant ($(sort -u "$T/preloaded" | tr '\n' ' ')); the server ($SVC) has no LD_ variable"
fi
# The service's keeper (what the systemd unit runs) starts a dead server
# again; it runs only as the service user.
kill -9 "$srv"
wait_for 10 "! kill -0 $srv 2>/dev/null" || fail "the server did not die"
refused "host run as the participant" "run as the service user" \
	as "$P" $B host run --once
as "$SVC" $B host run --once >/dev/null 2>&1 || fail "host run --once"
srv=$(pgrep -o -f "[_]_server $SESSION_DIR")
[ -n "$srv" ] && [ "$(stat -c %U /proc/$srv)" = "$SVC" ] ||
	fail "host run did not start the server as $SVC"
# Personal mode: root does not start a server for another uid's session.
PH=$T/personal
mkdir "$PH" "$T/ptasks" && chown "$P" "$PH"
cp -r "$top_srcdir/tasks/demo" "$T/ptasks/" && chmod -R a+rX "$T/ptasks"
psid=$(timeout -k 5 120 runuser -u "$P" -- env -i PATH=/usr/bin:/bin HOME=/tmp \
    BASELINER_HOME="$PH" BASELINER_TASKS="$T/ptasks" \
    $B start demo --participant bob --detach 2>&1) || fail "personal start: $psid"
psrv=$(pgrep -o -f "[_]_server $PH/sessions/$psid")
[ -n "$psrv" ] || fail "no personal server"
kill -9 "$psrv"
wait_for 10 "! kill -0 $psrv 2>/dev/null" || fail "the personal server did not die"
refused "root restarts a participant's personal server" \
	"root does not run the server of uid $(id -u "$P")" \
	env -u BASELINER_HOST_CONF BASELINER_HOME="$PH" $B status -s "$psid"
# (The refusing server exits at once, having run nothing.)
wait_for 10 "! pgrep -f '[_]_server $PH/sessions/$psid'" ||
	fail "a server runs for the personal session"

# 6. The record verifies, live and exported, against the host's key.
out=$(as "$Q" $B verify -s "$SID" 2>&1) || fail "verify: $out"
echo "$out" | grep -q "this host's key" || fail "verify: $out"
as "$Q" $B stop -s "$SID" >/dev/null 2>&1 || fail "proctor stop"
wait_for 60 "[ \"\$(q 'SELECT state FROM session')\" = ended ]" ||
	fail "the session did not end"
wait_for 30 "! pgrep -f '[_]_server $SESSION_DIR'" || fail "the server did not exit"
mkdir -m 777 "$T/exp"
out=$(as "$Q" $B export -s "$SID" -o "$T/exp" 2>&1) || fail "export: $out"
out=$(as "$Q" $B verify --key "$ROOT/host.pub" "$T/exp/$SID" 2>&1) ||
	fail "verify the export: $out"
# The signed head is the service's; an export cut at its end fails.
refused "rewrite the signed head" "denied" \
	$PB sh -c "echo '{}' > '$SESSION_DIR/head.json'"
cp -r "$T/exp/$SID" "$T/cut" && sed -i '$d' "$T/cut/chain.jsonl"
refused "an export cut at its end" "were cut" \
	as "$Q" $B verify --key "$ROOT/host.pub" "$T/cut"
exit 0
