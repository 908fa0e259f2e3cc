#!/bin/sh
# 80x24 is a first-class size: the status bar keeps its most useful fields
# by rank (time left, elapsed, scorer, best score, checkpoints, then the
# title), the brief and the scores open full-screen where the sidebar does
# not fit (C-b b, C-b t, and the second row says so), and the pagers scroll
# sideways, so that a failed score's long reason can be read. At 200x50 the
# title is back and C-b b hides the sidebar's brief as before.
set -u
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

start_session demo
# A scoring that fails with a reason far wider than 80 columns.
printf 'int prefix_sum(void) { return this_name_is_long_enough_to_push_the_end_of_the_reason_off_the_screen; }\n' \
    >"$WORK/solution.c"
$BASELINER score >/dev/null 2>&1
[ "$(q "SELECT status FROM score WHERE id = 2")" = invalid ] ||
	fail "the broken solution was not scored invalid"

# row N: line N (1-based) of the screen.
row() { screen | sed -n "$1p"; }

attach wb 80 24
see "left"
see "scorer idle"
bar=$(row 23)
for field in " left\$" " [0-9]+:[0-9]{2}:[0-9]{2} in " "scorer idle" \
    "[0-9]+ checkpoints? " "best [0-9.]+"; do
	printf '%s\n' "$bar" | grep -Eq -- "$field" ||
	    { screen; fail "80x24: the status bar lacks '$field': $bar"; }
done
row 24 | grep -qF "C-b b brief" || { screen; fail "80x24: no hint for the brief"; }
row 24 | grep -qF "C-b t scores" || { screen; fail "80x24: no hint for the scores"; }

# The brief, full-screen, scrolled, closed by the key that opened it.
tm send-keys -t wb C-b b
see "Brief (arrows"
see "Conditional prefix sum (CPU demo)"
row 23 | grep -qF " left" || fail "the brief's view hid the status bar"
tm send-keys -t wb C-b PgDn
gone "Conditional prefix sum (CPU demo)"
tm send-keys -t wb C-b b
gone "Brief (arrows"
# The scores, full-screen; q closes.
tm send-keys -t wb C-b t
see "Scores (arrows"
see "# elapsed"
see "invalid"
tm send-keys -t wb q
gone "Scores (arrows"

# The scores list: the reason's end is off the screen until Right.
tm send-keys -t wb C-b v
see "solution.c does"
screen | grep -qF "undeclared" && { screen; fail "80x24: the whole reason fits?"; }
# (Half a screen a key; no further than the widest line needs.)
tm send-keys -t wb Right Right Right Right Right Right Right Right Right Right Right Right
see "undeclared"
tm send-keys -t wb Left Left Left Left Left Left Left Left Left Left Left Left
see "solution.c does"
# Its output in the pager, sideways too.
tm send-keys -t wb Enter
see "Scorer output"
see "$BASELINER_HOME/sessions/"
tm send-keys -t wb Right
see "‹"
gone "$BASELINER_HOME/sessions/"
tm send-keys -t wb Left
see "$BASELINER_HOME/sessions/"
tm send-keys -t wb q
see "Scores: Enter"
tm send-keys -t wb q
gone "Scores: Enter"

# 200x50: everything on the status bar, and the sidebar's brief toggles.
attach wb 200 50
see "left"
see "Brief"
bar=$(row 49)
for field in "Conditional prefix sum on the CPU \(demo\)" " p1 " "running" \
    " [0-9]+:[0-9]{2}:[0-9]{2} in " "scorer idle" "[0-9]+ checkpoints? " \
    "best [0-9.]+"; do
	printf '%s\n' "$bar" | grep -Eq -- "$field" ||
	    { screen; fail "200x50: the status bar lacks '$field': $bar"; }
done
row 50 | grep -qF "C-b b brief" && { screen; fail "200x50: a hint for a brief on screen"; }
tm send-keys -t wb C-b b
gone "Brief"
see "Scores"
tm send-keys -t wb C-b b
see "Brief"
exit 0
