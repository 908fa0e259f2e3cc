#!/bin/sh
# Overlays and help at 80x24 and 200x50: the key-help box is as wide as
# its table (not 76 columns at every size), wraps what the screen cuts and
# scrolls; overlays leave the status bar in sight and no pane text at
# their edges (pagers take the whole width, boxes clear a frame around
# them); copy mode's and zoom's labels both show; the diff view expands
# tabs to 8-column stops and draws its lines on the terminal's own
# background, not red on blue.
set -u
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

start_session demo
printf 'int\tx;\t/* tabbed */\n' >>"$WORK/solution.c"
$BASELINER checkpoint -m tabs >/dev/null || fail "checkpoint"

row() { screen | sed -n "$1p"; }
# fill: every row of the pane full of X, to the last column.
fill() {
	tm send-keys -t wb "clear; i=0; while [ \$i -lt 60 ]; do printf '%*s\\n' $1 '' | tr ' ' X; i=\$((i+1)); done" Enter
	see "XXXXXXXXXXXXXXXXXXXX"
}

attach wb 80 24
see "left"

# The help: whole lines, the status bar below it, scrolling to the end.
tm send-keys -t wb C-b '?'
see "Keys ("
see "ack-message    acknowledge the proctor"; see "message or a notice"
row 23 | grep -qF " left" || { screen; fail "80x24: the help covers the status bar"; }
tm send-keys -t wb NPage NPage NPage
see "Bindings: ~/.config/baseliner/config (see keys.conf)."
tm send-keys -t wb q
gone "Keys ("

# A pager covers the panes edge to edge; a box clears its frame.
fill 80
tm send-keys -t wb C-b o
see "Scorer output"
screen | sed -n '1,22p' | grep -q XX && { screen; fail "80x24: pane text beside the pager"; }
tm send-keys -t wb q
gone "Scorer output"
tm send-keys -t wb C-b n
see "Note ("
screen | grep -n "Note (" | {
	IFS=: read -r n rest
	screen | sed -n "$((n - 1)),$((n + 3))p" | grep -q XX &&
	    { screen; fail "80x24: pane text at the note box's edges"; }
	exit 0
} || exit 1
tm send-keys -t wb Escape
gone "Note ("

# Copy mode in a zoomed pane: both labels.
tm send-keys -t wb C-b z
see "[zoomed]"
tm send-keys -t wb C-b '['
see "[copy "
see "[zoomed]"
tm send-keys -t wb q
gone "[copy "
tm send-keys -t wb C-b z
gone "[zoomed]"

# The diff of the checkpoint: tab stops, and the terminal's background.
tm send-keys -t wb C-b C
see "Checkpoints"
see "tabs"
tm send-keys -t wb Enter
see "+int    x;      /* tabbed */"
line=$(tm capture-pane -t wb -p -e | grep -F "tabbed")
case $line in
*"44m"* | *";44;"* | *"[44;"*) fail "the diff's line is on blue: $line" ;;
esac
case $line in
*"32m"*) ;;
*) fail "the diff's added line is not green: $line" ;;
esac
tm send-keys -t wb q
see "Checkpoints"
tm send-keys -t wb q
gone "Checkpoints"

# 200x50: the help fits its table, the pager the whole width.
attach wb 200 50
see "left"
fill 130
tm send-keys -t wb C-b '?'
see "ack-message    acknowledge the proctor"; see "message or a notice"
see "Bindings: ~/.config/baseliner/config (see keys.conf)."
row 49 | grep -qF "scorer idle" || { screen; fail "200x50: the help covers the status bar"; }
tm send-keys -t wb q
gone "Keys ("
tm send-keys -t wb C-b o
see "Scorer output"
screen | sed -n '1,48p' | grep -q XX && { screen; fail "200x50: pane text beside the pager"; }
tm send-keys -t wb q
gone "Scorer output"
exit 0
