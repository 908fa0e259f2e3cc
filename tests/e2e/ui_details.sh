#!/bin/sh
# Smaller things a participant meets, driven in tmux as a person would:
# copy-mode search goes the way vi's and less's does; the pause overlay
# says what happens to keys typed meanwhile (they are dropped), and they
# are; attaching again focuses the pane that had the focus; inside tmux
# (where C-b is tmux's own) the prefix is C-a, and the hint says so.
set -u
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

start_session demo
attach wb 120 30
see "left"

# copy_row: the cursor's line in copy mode, from its "[copy ROW/N" tag.
copy_row() {
	screen | sed -n 's/.*\[copy \([0-9]*\)\/.*/\1/p' | head -n 1
}
# wait_row N: wait until the copy-mode cursor is on line N.
wait_row() {
	wait_for 10 "[ \"\$(copy_row)\" = $1 ]" ||
	    { screen; fail "copy mode: the cursor is on line $(copy_row), expected $1 ($2)"; }
}

# Copy-mode search: / forward, ? back, n the same way again, N the other.
# The command line spells alpha as al\160ha so that only the output
# matches.
tm send-keys -t wb "clear; printf 'al\\160ha-1\\nbeta\\nal\\160ha-2\\nbeta\\nbeta\\nal\\160ha-3\\nend\\055of\\055list\\n'" Enter
see "end-of-list"
see "alpha-3"
tm send-keys -t wb C-b '['
see "[copy "
r0=$(copy_row)
[ -n "$r0" ] || fail "no copy-mode tag"
# The cursor starts on the prompt, under end-of-list: alpha-3 is 2 up.
tm send-keys -t wb '?' alpha Enter
wait_row $((r0 - 2)) "? searches up to alpha-3"
see "?alpha]"
tm send-keys -t wb n
wait_row $((r0 - 5)) "n goes on up to alpha-2"
tm send-keys -t wb n
wait_row $((r0 - 7)) "n goes on up to alpha-1"
tm send-keys -t wb N
wait_row $((r0 - 5)) "N goes back down to alpha-2"
tm send-keys -t wb / alpha Enter
wait_row $((r0 - 2)) "/ searches down to alpha-3"
see "/alpha]"
tm send-keys -t wb N
wait_row $((r0 - 5)) "N after / goes up to alpha-2"
tm send-keys -t wb q
gone "[copy "

# Paused: the overlay says keys are dropped, and they are (not sent at
# the resume either).
$BASELINER pause --reason "lunch" >/dev/null || fail "pause"
see "PAUSED: lunch"
see "keys typed now are dropped" 5
tm send-keys -t wb 'echo typed-while-paused' Enter
see "key dropped" 5
$BASELINER resume >/dev/null || fail "resume"
gone "PAUSED: lunch"
tm send-keys -t wb 'echo after-$((40+2))' Enter
see "after-42"
screen | grep -q "typed-while-paused" && { screen; fail "keys typed while paused reached the shell"; }

# Focus comes back on attach: split (the new pane on the right has the
# focus), go left and right again by key, detach, attach again and type:
# the right pane gets it (the first pane, on the left, did before).
tm send-keys -t wb C-b %
wait_for 20 "[ \"\$(sqlite3 '$DB' 'SELECT count(*) FROM pane WHERE closed_wall IS NULL')\" = 2 ]" ||
	fail "split did not open a second shell"
tm send-keys -t wb 'echo in-the-right-pane' Enter
see "in-the-right-pane"
tm send-keys -t wb C-b Left
tm send-keys -t wb 'echo in-the-left-pane' Enter
see "in-the-left-pane"
tm send-keys -t wb C-b Right
# The focus is stored with the layout (the server's last layout event).
right=$(q "SELECT max(id) FROM pane WHERE closed_wall IS NULL")
wait_for 10 "[ \"\$(sqlite3 -cmd '.timeout 2000' '$DB' \"SELECT json_extract(data, '\\\$.layout.active') FROM event WHERE kind = 'layout' ORDER BY seq DESC LIMIT 1\")\" = $right ]" ||
	{ screen; fail "the focus on pane $right was not stored with the layout"; }
tm send-keys -t wb C-b d
see "CLIENT-EXITED-0"
attach wb 120 30
see "in-the-right-pane"
tm send-keys -t wb 'echo focused-$((6*7))' Enter
see "focused-42"
# The right pane's text starts past the left pane's 30-odd columns.
screen | grep 'focused-42' | grep -q '^.\{30,\}focused-42' ||
	{ screen; fail "typing after attach did not go to the right pane, which had the focus"; }

# Inside tmux: C-a, said on the first screen; C-a ? lists the keys.
ATTACH_TMUX=1 attach wb 120 30
see "C-a ? keys (C-b is tmux"
tm send-keys -t wb C-a '?'
see "Prefix C-a"
exit 0
