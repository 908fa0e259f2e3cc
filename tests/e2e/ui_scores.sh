#!/bin/sh
# The scores pane over a long attempt, in tmux: the best score stays in
# view however many scorings follow it (pinned above the list), the plot's
# time axis spans the time used so far (not the whole 8 hours, which left
# the first hour a few dots at the left edge), and the plot grows with the
# room it has. A count of one is singular; no value is "-".
set -u
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"
make_lab_pack "$BASELINER_HOME/packs"
BASELINER_TASKS=$BASELINER_HOME/packs
export BASELINER_TASKS

start_session lab
# One checkpoint (the start's): "1 checkpoint", not "1 checkpoints".
attach wb 120 40
see " 1 checkpoint " 20
screen | grep -q " 1 checkpoints" && { screen; fail "1 checkpoints"; }
# The best early (raw 9 of 10: normalized 0.900), then 24 worse ones.
echo score=9 >"$WORK/mode"
$BASELINER score >/dev/null || fail "score 9"
echo score=2 >"$WORK/mode"
i=0
while [ $i -lt 24 ]; do
	$BASELINER score >/dev/null || fail "score 2 (#$i)"
	i=$((i + 1))
done
[ "$(q "SELECT count(*) FROM score WHERE status = 'valid'")" = 26 ] ||
	fail "expected 26 valid scores"

attach wb 120 40
see "Scores"
see "  26 " 20
# Score 2 is the best (0.900): on screen though 24 rows came after it.
see "   2 " 5
screen | grep -q "0\.900" || { screen; fail "the best score scrolled out of the scores pane"; }
# A valid score without a message: "-" in its message column, not "{}".
screen | grep -q "valid {}" && { screen; fail "an empty message shown as {}"; }
screen | grep -q "  26 .* valid -" || { screen; fail "no '-' for score 26's empty message"; }

# The plot's axis: a few minutes used, so it spans 10 minutes "of 8h".
see "10m of 8h" 5

# plot_rows: the rows of the plot (the y axis labels' rows, 1.2 to 0.0).
plot_rows() {
	screen | awk '/ 1\.2( |$)/ && !t { t = NR } / 0\.0( |$)/ && t { print NR - t + 1; exit }'
}
h40=$(plot_rows)
[ -n "$h40" ] || { screen; fail "no plot at 120x40"; }
# Taller and taller: the plot takes its share (it stayed 12 rows from 30
# lines of sidebar up).
for lines in 70 100; do
	attach wb 120 $lines
	see "  26 " 20
	see "10m of 8h" 5
	h=$(plot_rows)
	[ -n "$h" ] || { screen; fail "no plot at 120x$lines"; }
	[ "$h" -gt "$h40" ] ||
		{ screen; fail "the plot did not grow with its room: $h40 rows at 40 lines, $h at $lines"; }
	h40=$h
done

# The scores view (C-b v) and the checkpoints view (C-b C): an invalid
# score's missing numbers are "-" (they were "nan"), one file is "1 file".
echo nan >"$WORK/mode"
$BASELINER score >/dev/null
wait_score 27 invalid 30
tm send-keys -t wb C-b v
# The view's own title first: the sidebar's scores pane also shows a row
# "  27 ", so that alone may be seen before the view is drawn.
see "Scores: Enter shows the full output" 20
see "  27 " 20
screen | grep "  27 " | grep -q "invalid *- *- " ||
	{ screen; fail "the scores view: no '-' for an invalid score's numbers"; }
screen | grep -qi "nan" && { screen; fail "the scores view shows nan"; }
tm send-keys -t wb q
tm send-keys -t wb C-b C
see " 1 file " 20
screen | grep -q " 1 files" && { screen; fail "the checkpoints view: 1 files"; }
exit 0
