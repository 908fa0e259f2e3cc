#!/bin/sh
# What a participant must not miss stays on the workbench until they
# acknowledge it: a clock warning (a 4-second flash is missed by someone in
# vim), a proctor's extension with its reason, a proctor's pause; and when
# a proctor stops the session the workbench shows a final screen with why
# it ended and the final score instead of just exiting.
set -u
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

# Six minutes: under 15 minutes at once (shown at attach, though the
# server's warning passed before), under 5 a minute later.
start_session demo --hours 0.1
attach wb 120 30
see "Less than 15 minutes left on the clock" 30
sleep 6		# longer than a flash lasts
screen | grep -q "left on the clock" || { screen; fail "the warning did not stay"; }
tm send-keys -t wb C-b m
gone "left on the clock" 10

$BASELINER extend -s "$SID" --minutes 30 --reason "network outage" >/dev/null ||
	fail "extend"
see "A proctor extended your time by 30 min" 20
see "network outage" 5
sleep 5
screen | grep -q "network outage" || { screen; fail "the extension did not stay"; }
tm send-keys -t wb C-b m
gone "extended your time" 10

$BASELINER stop -s "$SID" --reason "fire alarm" >/dev/null || fail "stop"
# The final checkpoint and scoring come first, then the final screen.
see "A proctor stopped the session. fire alarm" 120
see "The session has ended" 5
see "Final score: " 5
tm send-keys -t wb x
see "CLIENT-EXITED-0" 10
