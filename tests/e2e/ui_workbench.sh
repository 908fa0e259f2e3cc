#!/bin/sh
# The workbench, driven as a person would: the real binary in tmux at fixed
# sizes, keys sent with send-keys, the screen read with capture-pane.
# Layout at several sizes, typing in a shell, a full-screen program,
# split/zoom/close, scoring by key updating the scores pane, detach while a
# command runs and attach to see it finish, and a resize reaching the pty.
set -u
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

start_session demo

# Layout at several sizes: the status bar is at the bottom, the sidebar
# (brief and scores) only where there is room.
for size in "80 24" "120 40" "200 60"; do
	set -- $size
	attach wb "$1" "$2"
	see "left"
	[ "$1" -ge 120 ] && see "scorer idle"
	rows=$(screen | wc -l)
	[ "$rows" -eq "$2" ] || fail "$1x$2: $rows rows on screen"
	screen | tail -n 2 | grep -q "running" ||
	    fail "$1x$2: the status bar is not at the bottom"
	if [ "$1" -ge 100 ]; then
		see "Brief"
		see "Scores"
		see "Conditional prefix sum"
	else
		screen | grep -q "Brief" && fail "$1x$2: a sidebar on 80 columns"
	fi
done

# Typing in a shell.
attach wb 160 45
see "left"
tm send-keys -t wb 'echo typed-$((6*7))' Enter
see "typed-42"

# A full-screen program on the alternate screen, and back.
printf 'line one of the file\nline two of the file\n' >"$WORK/notes.txt"
tm send-keys -t wb 'less notes.txt' Enter
see "line two of the file"
see "notes.txt"
tm send-keys -t wb q
wait_for 10 "! tmux -f /dev/null capture-pane -t wb -p | grep -q '^line one'" ||
	fail "less did not leave the alternate screen"
see "typed-42"

# Split, zoom, close.
tm send-keys -t wb C-b %
wait_for 10 "[ \"\$(sqlite3 '$DB' 'SELECT count(*) FROM pane WHERE closed_wall IS NULL')\" = 2 ]" ||
	fail "split did not open a second shell"
tm send-keys -t wb 'echo in-the-second-pane' Enter
see "in-the-second-pane"
screen | grep -q "typed-42" || fail "the first pane is not shown beside the second"
tm send-keys -t wb C-b z
wait_for 10 "! tmux -f /dev/null capture-pane -t wb -p | grep -q typed-42" ||
	fail "zoom still shows the other pane"
tm send-keys -t wb C-b z
see "typed-42"
tm send-keys -t wb C-b x
wait_for 10 "[ \"\$(sqlite3 '$DB' 'SELECT count(*) FROM pane WHERE closed_wall IS NULL')\" = 1 ]" ||
	fail "close did not close the pane"
wait_for 10 "! tmux -f /dev/null capture-pane -t wb -p | grep -q in-the-second-pane" ||
	fail "the closed pane is still drawn"

# Scoring by key: the scores pane gets the new row.
cp "$top_srcdir/tasks/demo/solutions/reference/solution.c" "$WORK/"
tm send-keys -t wb C-b s
wait_for 60 "[ \"\$(sqlite3 '$DB' \"SELECT count(*) FROM score WHERE status = 'valid'\")\" = 2 ]" ||
	fail "scoring by key made no score"
see "   2 " 10

# Detach while a command runs; attach to see it finish.
tm send-keys -t wb 'sleep 3; echo finished-while-detached' Enter
sleep 0.5
tm send-keys -t wb C-b d
see "CLIENT-EXITED"
[ "$(q 'SELECT state FROM session')" = running ] || fail "detach ended the session"
sleep 4
attach wb 160 45
see "finished-while-detached"

# Resize: the layout reflows and the pty gets the new size.
tm resize-window -t wb -x 90 -y 30
wait_for 10 "! tmux -f /dev/null capture-pane -t wb -p | grep -q Brief" ||
	fail "the sidebar stayed on 90 columns"
tm send-keys -t wb 'stty size' Enter
see "28 90"

# Help overlay and the note dialog.
tm send-keys -t wb C-b '?'
see "Prefix"
tm send-keys -t wb q
tm send-keys -t wb C-b n
see "Note"
tm send-keys -t wb 'a note from the workbench' Enter
wait_for 10 "[ \"\$(sqlite3 '$DB' \"SELECT count(*) FROM note WHERE text = 'a note from the workbench'\")\" = 1 ]" ||
	fail "the note dialog saved nothing"

# Pause with a reason: the overlay covers the panes and typing is dropped.
tm send-keys -t wb C-b p
see "Pause"
tm send-keys -t wb 'coffee' Enter
see "PAUSED: coffee"
tm send-keys -t wb 'echo held' Enter
sleep 0.5
tm send-keys -t wb C-b r
wait_for 10 "[ \"\$(sqlite3 '$DB' 'SELECT state FROM session')\" = running ]" ||
	fail "C-b r did not resume"
[ "$(q "SELECT count(*) FROM recording WHERE kind = 'i' AND CAST(data AS TEXT) LIKE '%held%'")" = 0 ] ||
	fail "typing went through while paused"
exit 0
