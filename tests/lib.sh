# tests/lib.sh: what the end-to-end tests share. Sourced (POSIX sh) by
# tests/e2e/*.sh and bench/*.sh, after "set -u", from an environment that
# gives $BASELINER (the built program) and $top_srcdir (as make check's
# AM_TESTS_ENVIRONMENT does; the benches set them themselves).
#
# On sourcing: a fresh $BASELINER_HOME of the test's own, no inherited
# session, and a trap that ends every server of that home (and the scorer
# groups they run), then removes the home and whatever was added to
# $CLEANUP.

: "${BASELINER:?BASELINER must name the built program}"
: "${top_srcdir:?top_srcdir must name the source tree}"
command -v sqlite3 >/dev/null 2>&1 || { echo "SKIP: no sqlite3"; exit 77; }
command -v git >/dev/null 2>&1 || { echo "SKIP: no git"; exit 77; }

BASELINER_HOME=$(mktemp -d "${TMPDIR:-/tmp}/bl-e2e.XXXXXX")
export BASELINER_HOME
unset BASELINER_SESSION
CLEANUP=
# The shells of the tests read no one's dotfiles: a ~/.bashrc may do slow
# or blocking work in every new shell (a version manager waiting on a stale
# rehash lock held every pane's first prompt for a minute). Tools found
# through the real home keep their roots.
: "${PYENV_ROOT:=$HOME/.pyenv}" "${RUSTUP_HOME:=$HOME/.rustup}"
: "${CARGO_HOME:=$HOME/.cargo}"
export PYENV_ROOT RUSTUP_HOME CARGO_HOME
HOME=$BASELINER_HOME/home
mkdir -p "$HOME"
export HOME

lib_cleanup() {
	lib_rc=$?
	# Servers first (TERM: each ends its scorer's group and its shells),
	# then anything a killed server left behind in this home.
	pkill -TERM -f "__server $BASELINER_HOME" 2>/dev/null
	lib_n=0
	while pgrep -f "__server $BASELINER_HOME" >/dev/null 2>&1 &&
	    [ "$lib_n" -lt 50 ]; do
		sleep 0.1
		lib_n=$((lib_n + 1))
	done
	pkill -KILL -f "__server $BASELINER_HOME" 2>/dev/null
	# The holders of the shells: TERM hangs every shell up.
	pkill -TERM -f "__holder $BASELINER_HOME" 2>/dev/null
	lib_n=0
	while pgrep -f "__holder $BASELINER_HOME" >/dev/null 2>&1 &&
	    [ "$lib_n" -lt 50 ]; do
		sleep 0.1
		lib_n=$((lib_n + 1))
	done
	pkill -KILL -f "$BASELINER_HOME/" 2>/dev/null
	rm -rf "$BASELINER_HOME" $CLEANUP
	exit $lib_rc
}
trap lib_cleanup EXIT
trap 'exit 1' INT TERM HUP

fail() {
	echo "FAIL: $*" >&2
	if [ -n "${SESSION_DIR:-}" ] && [ -f "$SESSION_DIR/server.log" ]; then
		echo "--- server.log (last lines)" >&2
		tail -n 20 "$SESSION_DIR/server.log" >&2
	fi
	exit 1
}
note() { echo "# $*"; }

# wait_for SECONDS 'SHELL COMMAND': poll every 0.1 s until the command
# succeeds; 1 when the deadline passes first. The command runs in a
# subshell of the test, so it can call the test's own functions.
wait_for() {
	wf_deadline=$(($(date +%s) + $1))
	while ! (eval "$2") >/dev/null 2>&1; do
		[ "$(date +%s)" -ge "$wf_deadline" ] && return 1
		sleep 0.1
	done
	return 0
}

# q SQL: one query on the current session's database ($DB).
q() { sqlite3 -cmd ".timeout 5000" "$DB" "$@"; }

# start_session TASK [ARGS...]: start a detached session, set $SID,
# $SESSION_DIR, $DB, $WORK and $BASELINER_SESSION, and wait until its clock
# runs (the start has been scored).
start_session() {
	ss_task=$1
	shift
	SID=$($BASELINER start "$ss_task" --participant "${PARTICIPANT:-p1}" \
	    --detach "$@") || fail "start $ss_task $*"
	[ -n "$SID" ] || fail "start printed no session id"
	SESSION_DIR=$BASELINER_HOME/sessions/$SID
	DB=$SESSION_DIR/session.db
	WORK=$SESSION_DIR/work
	GITDIR=$SESSION_DIR/checkpoints.git
	BASELINER_SESSION=$SID
	export BASELINER_SESSION
	[ -f "$DB" ] || fail "no database at $DB"
	wait_for 90 "[ \"\$(sqlite3 '$DB' 'SELECT state FROM session')\" = running ]" ||
		fail "the clock of $SID never started"
}

# state: the session's state column.
state() { q "SELECT state FROM session"; }

# wait_state STATE [SECONDS]
wait_state() {
	wait_for "${2:-60}" "[ \"\$(sqlite3 -cmd '.timeout 2000' '$DB' 'SELECT state FROM session')\" = $1 ]" ||
		fail "the session never reached state $1 (it is $(state))"
}

# wait_score_status ID STATUS_REGEX [SECONDS]: wait until score ID has a
# status matching the (grep -E) pattern.
wait_score() {
	wait_for "${3:-60}" "sqlite3 -cmd '.timeout 2000' '$DB' \"SELECT status FROM score WHERE id = $1\" | grep -Eqx '$2'" ||
		fail "score $1 never reached '$2' (it is '$(q "SELECT status FROM score WHERE id = $1")')"
}

# json_get JSON PATH: one value out of JSON text, by SQLite's JSON path
# ('$.session.server_pid'); arrays and objects come out as JSON.
json_get() {
	jg_f=$BASELINER_HOME/.json_get
	printf '%s' "$1" >"$jg_f"
	sqlite3 :memory: "SELECT json_extract(CAST(readfile('$jg_f') AS TEXT), '$2')"
}

# servers_of DIR: the pids of the servers of sessions under DIR (a
# pattern that cannot match the pgrep's own shell).
servers_of() {
	pgrep -f "[_]_server $1"
}

# server_pid: the pid of the current session's server.
server_pid() {
	json_get "$($BASELINER status --json)" '$.session.server_pid'
}

# make_lab_pack DIR [TIMEOUT]: a task pack "lab" (scorer timeout TIMEOUT
# seconds, default 2) whose scorer does what the file
# "mode" in the work folder says (absent: a valid score of 1, at once).
# Its scorer first appends "START <score id> <date +%s.%N>" to
# $BASELINER_LAB_LOG (export it before the session starts), so tests can see when
# and how often it started; mode "child" leaves a sleep behind whose pid
# it writes to $BASELINER_LAB_LOG.child, mode "daemon" a setsid daemon (pid in
# $BASELINER_LAB_LOG.daemon), mode "big=N" a result line with N bytes of details.
make_lab_pack() {
	mkdir -p "$1/lab/start" "$1/lab/scoring" "$1/lab/solutions"
	cat >"$1/lab/task.yaml" <<EOF
id: lab
version: "1"
title: Scorer laboratory (tests)
time_limit: 8h
hardware:
  gpus: 0
scorer:
  command: sh score.sh
  timeout: ${2:-2}
score:
  direction: higher
  y_start: 0
  y_ref: 10
  aggregation: best
  visibility: visible
EOF
	printf '# The scorer laboratory\n\nWrite a mode into `mode`.\n' \
	    >"$1/lab/brief.md"
	printf 'a file to score\n' >"$1/lab/start/README"
	cat >"$1/lab/scoring/score.sh" <<'EOF'
#!/bin/sh
# The laboratory's scorer: the work folder's "mode" file says how to
# misbehave.
[ -n "${BASELINER_LAB_LOG:-}" ] && echo "START ${BASELINER_SCORE_ID:-?} $(date +%s.%N)" >>"$BASELINER_LAB_LOG"
w=$BASELINER_WORKDIR
mode=$(cat "$w/mode" 2>/dev/null || echo ok)
case $mode in
ok)		echo '{"score": 1}' ;;
score=*)	echo "{\"score\": ${mode#score=}}" ;;
exit3)		echo "partial output"; echo '{"score": 2}'; exit 3 ;;
hang)		echo "hanging"; sleep 600 ;;
stubborn)	trap '' TERM; echo "ignoring TERM"; sleep 600 ;;
slow)		echo "working"; sleep 4; echo '{"score": 4}' ;;
slow1)		sleep 1; echo '{"score": 5}' ;;
nojson)		echo "all done, no result here" ;;
silent)		: ;;
badjson)	echo '{"score": 3, "message": ' ;;
string)		echo '{"score": "fast"}' ;;
null)		echo '{"score": null, "message": {"reason": "wrong answer at index 7"}}' ;;
nan)		echo '{"score": "NaN"}' ;;
latin1)		printf 'r\351sultat\n{"score": 2, "message": {"text": "caf\351"}}\n' ;;
cututf8)	printf 'caf\303\n\342\202\n' ;;
longutf8)	i=0; while [ $i -lt 60 ]; do printf '\342\202\254'; i=$((i+1)); done; echo ;;
flood)		yes xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx | head -c 1G; echo '{"score": 6}' ;;
child)		sh -c 'echo $$ >"$BASELINER_LAB_LOG.child"; exec sleep 600' </dev/null >/dev/null 2>&1 &
		while [ ! -s "$BASELINER_LAB_LOG.child" ]; do sleep 0.05; done
		echo '{"score": 7}' ;;
daemon)		(setsid sh -c 'echo $$ >"$BASELINER_LAB_LOG.daemon"; exec sleep 600' </dev/null >/dev/null 2>&1 &)
		while [ ! -s "$BASELINER_LAB_LOG.daemon" ]; do sleep 0.05; done
		echo '{"score": 8}' ;;
big=*)		printf '{"score": 9, "details": {"pad": "%s"}}\n' "$(head -c "${mode#big=}" /dev/zero | tr '\0' a)" ;;
*)		echo "unknown mode $mode" >&2; exit 9 ;;
esac
EOF
}
