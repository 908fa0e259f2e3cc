#!/bin/sh
# The proctor's dashboard across hosts through a real OpenSSH server: sshd
# started here on a local port with keys made here serves two "hosts" (two
# BASELINER_HOMEs, reached as ssh h1 and ssh h2) with 20 sessions between
# them. The dashboard, driven in tmux, shows every row, sorts, filters,
# pauses a session with a reason that reaches the participant, fires the
# paused alert, broadcasts a message to every session, watches a session
# read-only over ssh -t, stops one after asking, and shows a host that
# goes away as unreachable and picks it up again when it comes back.
set -u
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

T=$BASELINER_HOME/ssh
A=$BASELINER_HOME/host1
B=$BASELINER_HOME/host2
mkdir -p "$T" "$A" "$B" "$BASELINER_HOME/packs"
make_lab_pack "$BASELINER_HOME/packs"
BASELINER_TASKS=$BASELINER_HOME/packs
export BASELINER_TASKS
. "$top_srcdir/tests/sshd.sh"
trap 'ui_rc=$?; stop_sshd; tmux -f /dev/null kill-server 2>/dev/null; (exit $ui_rc); lib_cleanup' EXIT
start_sshd

# 20 sessions: 12 on h1, 8 on h2.
i=1
while [ $i -le 20 ]; do
	h=$A
	[ $i -gt 12 ] && h=$B
	p=$(printf 'p%02d' $i)
	BASELINER_HOME=$h $BASELINER start lab --participant $p --detach >/dev/null ||
		fail "start $p"
	i=$((i + 1))
done
for h in $A $B; do
	for d in "$h"/sessions/*; do
		wait_for 60 "[ \"\$(sqlite3 '$d/session.db' 'SELECT state FROM session')\" = running ]" ||
			fail "$d never started its clock"
	done
done
hosts=$T/hosts
remote="env BASELINER_TASKS=$BASELINER_TASKS HOME=$HOME"
cat >"$hosts" <<EOT
# name  command that runs baseliner there
h1 ssh -F $T/ssh_config h1 $remote BASELINER_HOME=$A $BASELINER
h2 ssh -F $T/ssh_config h2 $remote BASELINER_HOME=$B $BASELINER
EOT
printf 'paused_minutes 0.02\nidle_minutes 0\n' >"$T/alerts.conf"
tm new-session -d -s px -x 200 -y 40 \
    "HOME=$HOME $BASELINER proctor --hosts $hosts --alerts $T/alerts.conf; echo PROCTOR-EXITED-\$?; sleep 600"
see "h1: up" 30 px
see "h2: up" 30 px
see p20 30 px
# Every session's row comes (the hosts' streams arrive in their own time:
# once, under load, p20 was drawn before four of h2's others).
prows() { screen px | grep -cE '^h[12] +p[0-9][0-9] '; }
wait_for 30 '[ "$(prows)" -eq 20 ]' ||
	{ screen px; fail "$(prows) rows, not 20"; }

# Sort by participant: p01 first; reversed: p20 first.
tm send-keys -t px s
see "sort: participant" 5 px
first() { screen px | grep -E '^h[12] +p[0-9][0-9] ' | head -n 1 | awk '{print $2}'; }
[ "$(first)" = p01 ] || { screen px; fail "sorted by participant, p01 is not first"; }
tm send-keys -t px S
see "(reversed)" 5 px
[ "$(first)" = p20 ] || { screen px; fail "reversed, p20 is not first"; }
tm send-keys -t px S

# Filter to one participant, pause it with a reason.
tm send-keys -t px f
tm send-keys -t px -l p07
tm send-keys -t px Enter
see "filter: p07" 5 px
tm send-keys -t px p
see "reason (required)" 5 px
tm send-keys -t px -l "fire drill"
tm send-keys -t px Enter
see "done: pause on h1" 20 px
st=$(BASELINER_HOME=$A $BASELINER status -s p07 --json)
[ "$(json_get "$st" '$.session.state')" = paused ] || fail "p07 is not paused: $st"
[ "$(json_get "$st" '$.session.paused_reason')" = "fire drill" ] ||
	fail "the reason did not reach p07's session: $st"
see "fire drill" 10 px
see "ALERT h1 p07" 15 px
# ... and recorded in p07's timeline as the proctor's.
p07db=$(grep -l "participant" /dev/null $(for d in "$A"/sessions/*; do
	[ "$(sqlite3 "$d/session.db" 'SELECT participant FROM session')" = p07 ] && echo "$d/session.db"; done) | head -n 1)
[ -n "$p07db" ] || fail "no database of p07"
wait_for 20 "sqlite3 '$p07db' \"SELECT json_extract(data, '\\\$.alert') FROM event WHERE kind = 'proctor_alert'\" | grep -q paused" ||
	fail "the paused alert is not in p07's timeline: $(sqlite3 "$p07db" "SELECT kind, actor, data FROM event WHERE kind LIKE 'proctor%'")"

# Broadcast to every session shown (filter cleared).
tm send-keys -t px f
tm send-keys -t px C-u Enter
see "filter: (none)" 5 px
tm send-keys -t px M
see "every session shown" 5 px
tm send-keys -t px -l "ten minutes to go"
tm send-keys -t px Enter
see "message sent to 20 sessions" 60 px
n=0
for d in "$A"/sessions/* "$B"/sessions/*; do
	c=$(sqlite3 "$d/session.db" "SELECT count(*) FROM message WHERE text = 'ten minutes to go'")
	n=$((n + c))
done
[ "$n" -eq 20 ] || fail "the broadcast reached $n sessions, not 20"

# Watch p15 (on h2) read-only over ssh -t, then come back.
tm send-keys -t px /
tm send-keys -t px -l p15
tm send-keys -t px Enter
tm send-keys -t px a
see "Scorer laboratory" 30 px
tm send-keys -t px C-b d
see "back from watching" 20 px

# The grid: six sessions' first panes, small, fetched over ssh.
tm send-keys -t px g
grid_screens() { screen px | grep -o "/work#" | wc -l; }
wait_for 60 '[ "$(grid_screens)" -ge 4 ]' ||
	{ screen px; fail "the grid shows $(grid_screens) screens, not 4 or more"; }
tm send-keys -t px g
see "PARTICIPANT" 10 px

# Stop p03 after the question.
tm send-keys -t px /
tm send-keys -t px -l p03
tm send-keys -t px Enter
tm send-keys -t px x
see "for good? y/N" 5 px
tm send-keys -t px y Enter
see "done: stop on h1" 30 px
wait_for 30 "[ \"\$(BASELINER_HOME=$A $BASELINER status -s p03 --json | grep -c '\"state\": \"ended\"')\" -ge 1 ]" ||
	fail "p03 did not end"

# The hosts go away (sshd and its connections killed), then come back.
stop_sshd
see "h1: unreachable" 60 px
see "h2: unreachable" 60 px
start_sshd
see "h1: up" 60 px
see "h2: up" 60 px
see p20 30 px

tm send-keys -t px q
see "PROCTOR-EXITED-0" 10 px
