#!/bin/sh
# A server that dies of a fatal signal says so in server.log: the signal,
# where, and a backtrace (src/base/crash.c), written through its standard
# error, which is the log. The next command starts a new server as before.
set -u
. "$top_srcdir/tests/lib.sh"
HOME=$BASELINER_HOME/home SHELL=/bin/sh
mkdir -p "$HOME"
export HOME SHELL

start_session demo
log=$SESSION_DIR/server.log
for sig in SEGV ABRT; do
	pid=$(server_pid)
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || fail "no server to kill"
	kill -"$sig" "$pid"
	wait_for 20 "! kill -0 $pid" || fail "the server survived SIG$sig"
	grep -q "fatal signal [0-9]* (SIG$sig) in pid $pid" "$log" ||
		fail "server.log does not name SIG$sig"
	sed -n "/fatal signal [0-9]* (SIG$sig) in pid $pid/,/end of backtrace/p" \
	    "$log" >"$BASELINER_HOME/trace"
	grep -q "end of backtrace" "$BASELINER_HOME/trace" ||
		fail "the backtrace after SIG$sig is not complete"
	[ "$(grep -c '\[0x[0-9a-f]*\]' "$BASELINER_HOME/trace")" -ge 3 ] ||
		fail "no frames in the backtrace after SIG$sig"
	# The next command brings a new server up.
	$BASELINER status >/dev/null 2>&1 || fail "status after SIG$sig"
	wait_for 30 "[ -n \"\$(server_pid)\" ] && [ \"\$(server_pid)\" != $pid ]" ||
		fail "no new server after SIG$sig"
done
echo "ok: SIGSEGV and SIGABRT left their signal and a backtrace in server.log"
