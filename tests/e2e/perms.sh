#!/bin/sh
# Roles across real uids (ctl_table.c, baseliner(1) ROLES). A participant
# user starts a session of their own (personal mode, the server runs as
# them); root and a member of group baseliner-proctor are its proctors; an
# unrelated user is nobody. Each talks to the server over control.sock, so
# the server reads each one's uid from the socket:
#   - a proctor's pause is lifted only by a proctor; the participant's own
#     pause by either;
#   - proctors extend and message; the participant cannot, a proctor
#     cannot type into the participant's shells nor submit for them;
#   - a read-only client cannot restore; the unrelated user is refused the
#     connection;
#   - in personal mode the owner may stop their own session.
# Giving the other users a way to the socket (modes) is the test's doing
# here; study mode's host setup does it for real.
set -u
. "$top_srcdir/tests/lib.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root to add users"; exit 77; }
for t in useradd userdel groupadd runuser python3; do
	command -v $t >/dev/null 2>&1 || { echo "SKIP: no $t"; exit 77; }
done

P=blp$$ Q=blq$$ U=blu$$
GROUP_ADDED=
perms_cleanup() {
	perms_rc=$?
	# Servers first (they run as $P), then the users.
	pkill -TERM -f "__server $BASELINER_HOME" 2>/dev/null
	sleep 0.5
	for u in $P $Q $U; do
		pkill -KILL -u "$u" 2>/dev/null
		userdel "$u" 2>/dev/null
	done
	[ -n "$GROUP_ADDED" ] && groupdel baseliner-proctor 2>/dev/null
	(exit $perms_rc)
	lib_cleanup
}
trap perms_cleanup EXIT

if ! getent group baseliner-proctor >/dev/null; then
	groupadd baseliner-proctor || fail "groupadd"
	GROUP_ADDED=1
fi
useradd -M -d /nonexistent -s /bin/sh "$P" || fail "useradd $P"
useradd -M -d /nonexistent -s /bin/sh -G baseliner-proctor "$Q" ||
	fail "useradd $Q"
useradd -M -d /nonexistent -s /bin/sh "$U" || fail "useradd $U"

# The program, the pack and the client where every user can reach them
# (the build tree may be in root's home).
chmod 0755 "$BASELINER_HOME"
mkdir -p "$BASELINER_HOME/bin" "$BASELINER_HOME/packs"
cp "$BASELINER" "$BASELINER_HOME/bin/baseliner"
cp "$top_srcdir/tests/tools/blctl.py" "$BASELINER_HOME/bin/"
make_lab_pack "$BASELINER_HOME/packs"
chmod -R a+rX "$BASELINER_HOME/bin" "$BASELINER_HOME/packs"
mkdir -p "$BASELINER_HOME/p"
chown "$P" "$BASELINER_HOME/p"
PHOME=$BASELINER_HOME/p
BIN=$BASELINER_HOME/bin/baseliner
as() {
	who=$1
	shift
	runuser -u "$who" -- env BASELINER_HOME="$PHOME" \
	    BASELINER_TASKS="$BASELINER_HOME/packs" "$@"
}

SID=$(cd / && as "$P" "$BIN" start lab --participant p1 --detach) ||
	fail "start as $P: $SID"
SESSION_DIR=$PHOME/sessions/$SID
DB=$SESSION_DIR/session.db
SOCK=$SESSION_DIR/control.sock
wait_for 60 "[ \"\$(sqlite3 -cmd '.timeout 2000' '$DB' 'SELECT state FROM session')\" = running ]" ||
	fail "the clock of $SID never started"
[ "$(stat -c %U "$DB")" = "$P" ] || fail "the session is not $P's"
pgrep -u "$P" -f "[_]_server $PHOME" >/dev/null || fail "no server of $P's"
# The way to the socket for the others.
chmod o+x "$PHOME" "$PHOME/sessions" "$SESSION_DIR"
chmod o+rw "$SOCK"

# ctl WHO CMD [ARGS] [-- CMD [ARGS]]...: requests as WHO ("root" as root).
ctl() {
	who=$1
	shift
	if [ "$who" = root ]; then
		python3 "$BASELINER_HOME/bin/blctl.py" "$SOCK" "$@" 2>&1
	else
		runuser -u "$who" -- python3 "$BASELINER_HOME/bin/blctl.py" \
		    "$SOCK" "$@" 2>&1
	fi
}
# allowed WHO CMD [ARGS]; refused WHO 'WHAT IT SAYS' CMD [ARGS]
allowed() {
	out=$(ctl "$@") || fail "$1 was refused '$2': $out"
}
refused() {
	who=$1 want=$2
	shift 2
	out=$(ctl "$who" "$@") && fail "$who ran '$1': $out"
	echo "$out" | grep -qF "$want" || fail "$who, '$1': said '$out', not '$want'"
}
role_of() {
	json_get "$(ctl "$1" status)" '$.role'
}

# Who is who, from the socket.
[ "$(role_of "$P")" = participant ] || fail "$P is $(role_of "$P")"
[ "$(role_of root)" = proctor ] || fail "root is $(role_of root)"
[ "$(role_of "$Q")" = proctor ] || fail "$Q is $(role_of "$Q")"
refused "$U" "connection closed" status

# A proctor's pause: only a proctor lifts it.
allowed root pause '{"reason": "fire drill"}'
[ "$(q "SELECT by FROM pause WHERE end_wall IS NULL")" = proctor:0 ] ||
	fail "pause by: $(q "SELECT by FROM pause")"
refused "$P" "only a proctor resumes it" resume
[ "$(q "SELECT state FROM session")" = paused ] || fail "not paused"
allowed "$Q" resume
[ "$(q "SELECT state FROM session")" = running ] || fail "not resumed"
# The participant's own pause: by either.
allowed "$P" pause '{"reason": "coffee"}'
allowed "$Q" resume
allowed "$P" pause '{"reason": "lunch"}'
allowed "$P" resume
[ "$(q "SELECT count(*) FROM pause WHERE end_wall IS NOT NULL")" = 3 ] ||
	fail "pauses: $(q "SELECT * FROM pause")"

# What only a proctor does, and what a proctor does not do.
refused "$P" "only a proctor changes the time limit" extend '{"seconds": 60}'
refused "$P" "only a proctor sends messages" message '{"text": "hi"}'
allowed "$Q" extend '{"seconds": 60}'
allowed "$Q" message '{"text": "please commit"}'
uidq=$(id -u "$Q")
[ "$(q "SELECT sender FROM message")" = "proctor:$uidq" ] ||
	fail "message sender: $(q "SELECT sender FROM message")"
[ "$(q "SELECT actor FROM event WHERE kind = 'clock_extend'")" = "proctor:$uidq" ] ||
	fail "extend actor: $(q "SELECT actor FROM event WHERE kind = 'clock_extend'")"
pane=$(json_get "$(ctl "$P" pane.list)" '$.panes[0].id')
[ -n "$pane" ] || fail "no pane"
refused "$Q" "only the participant works in the session's shells" \
    pane.input "{\"pane\": $pane, \"text\": \"echo proctor\\r\"}"
refused root "only the participant works in the session's shells" \
    pane.new '{}'
refused "$Q" "only the participant submits" submit
refused "$Q" "only the participant acknowledges" message.ack '{"id": 1}'
allowed "$P" message.ack '{"id": 1}'

# A read-only client (the participant's own uid) cannot restore, nor type.
commit=$(q "SELECT commit_id FROM checkpoint ORDER BY id LIMIT 1")
refused "$P" "this client is read-only" subscribe '{"read_only": true}' \
    -- restore "{\"commit\": \"$commit\", \"dir\": \"/tmp/bl-perms-$$\"}"
[ -e "/tmp/bl-perms-$$" ] && { rm -rf "/tmp/bl-perms-$$"; fail "a read-only client restored"; }
refused "$P" "this client is read-only" subscribe '{"read_only": true}' \
    -- pane.input "{\"pane\": $pane, \"text\": \"x\"}"
allowed "$P" subscribe '{"read_only": true}' -- status

# Personal mode: the owner stops their own session.
allowed "$P" stop
wait_state ended 60
[ "$(q "SELECT end_reason FROM session")" = stopped ] ||
	fail "end_reason: $(q "SELECT end_reason FROM session")"
[ "$(q "SELECT actor FROM event WHERE kind = 'session_ending'")" = participant ] ||
	fail "session_ending actor: $(q "SELECT actor FROM event WHERE kind = 'session_ending'")"
echo "PASS"
exit 0
