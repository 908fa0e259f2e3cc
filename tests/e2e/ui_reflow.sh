#!/bin/sh
# Reflow on resize (issue 15, item 1), through a real pane: a line printed
# at 90 columns is rewrapped when the window narrows to 40 and when a split
# halves the pane, and is whole on one row again when the pane widens, as
# tmux does it; narrowed while less shows, it is rewrapped behind it. The screen is read with capture-pane; a split's left pane
# is what comes before its border.
set -u
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

start_session demo
attach wb 90 30
see "left"

# w001w002...w030: 120 characters, printed by the pane's shell.
full=
i=1
while [ "$i" -le 30 ]; do
	full=$full$(printf 'w%03d' "$i")
	i=$((i + 1))
done
tm send-keys -t wb "clear; for i in \$(seq 1 30); do printf 'w%03d' \$i; done; echo; echo end-of-\$((1+1))" Enter
see "end-of-2"

# rows: the rows of the first pane from the one that starts the line to
# the one that ends it; joined: the same run together.
rows() {
	screen | sed 's/│.*//; s/ *$//' |
	    awk '/^w001/ { on = 1 } on { print } on && /w030/ { exit }'
}
joined() { rows | tr -d '\n'; }
# whole WHAT N: the line reads whole across N rows.
whole() {
	wait_for 10 "[ \"\$(joined)\" = '$full' ] && [ \"\$(rows | wc -l)\" -eq $2 ]" || {
		screen
		fail "$1: the line is not whole on $2 rows: $(rows)"
	}
}

whole "at 90 columns" 2
tm resize-window -t wb -x 40 -y 30
whole "narrowed to 40" 3
tm resize-window -t wb -x 99 -y 30
whole "widened to 99" 2
[ "$(rows | head -n 1)" = "$(printf '%.99s' "$full")" ] ||
	fail "widened to 99: the first row is not the line's first 99 characters"

# A split halves the pane; closing the new pane gives the width back.
tm send-keys -t wb C-b %
wait_for 10 "[ \"\$(sqlite3 '$DB' 'SELECT count(*) FROM pane WHERE closed_wall IS NULL')\" = 2 ]" ||
	fail "split did not open a second shell"
whole "split" 3
tm send-keys -t wb C-b x
wait_for 10 "[ \"\$(sqlite3 '$DB' 'SELECT count(*) FROM pane WHERE closed_wall IS NULL')\" = 1 ]" ||
	fail "close did not close the pane"
whole "the split closed" 2

# A full-screen program open while the pane narrows: the shell's screen
# behind it is reflowed all the same, and is what comes back, with the
# cursor below the line.
printf 'reflow-notes-one\nreflow-notes-two\n' >"$WORK/notes.txt"
tm send-keys -t wb 'less notes.txt' Enter
see "reflow-notes-two"
gone "w001"
tm resize-window -t wb -x 40 -y 30
# less may drop a key that comes with the resize: q again while it shows.
n=0
while :; do
	tm send-keys -t wb q
	wait_for 5 "! tmux -f /dev/null capture-pane -t wb -p | grep -q reflow-notes-two" &&
		break
	n=$((n + 1))
	[ "$n" -lt 4 ] || { screen; fail "less did not leave"; }
done
whole "less left at 40 columns" 3
tm send-keys -t wb 'echo after-$((2+3))' Enter
see "after-5"
screen | sed 's/ *$//' |
    awk '/w030/ { l = NR } /^after-5$/ { a = NR } END { exit !(l && a > l) }' ||
	{ screen; fail "after less, the shell's output is not below the line"; }
exit 0
