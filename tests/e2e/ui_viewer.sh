#!/bin/sh
# A read-only viewer (a proctor at the participant's side, or the
# dashboard's watch) follows the participant's layout and zoom: when the
# participant zooms a pane the viewer shows it zoomed, and back.
set -u
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

start_session demo
attach wb 120 30
see "running" 30
tm send-keys -t wb C-b %
wait_for 20 "[ \"\$(q 'SELECT count(*) FROM pane')\" -ge 2 ]" || fail "no second pane"
attach vw 120 30 --read-only
see "running" 30 vw
screen vw | grep -q '\[zoomed\]' && fail "the viewer is zoomed before anyone zoomed"
tm send-keys -t wb C-b z
see "[zoomed]" 10 wb
see "[zoomed]" 10 vw
tm send-keys -t wb C-b z
gone "[zoomed]" 10 wb
gone "[zoomed]" 10 vw
