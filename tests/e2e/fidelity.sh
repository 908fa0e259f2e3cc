#!/bin/sh
# Side by side with tmux: the same recorded program output (tests/data/
# fidelity/*.seq: colours and attributes, CJK, emoji, the sequences of issue
# 15 item 2 (DEC graphics, saved character sets, APC/PM/SOS, SGR 58, marks,
# mode 47, a cursor shown at DECRC), a vim-like full-screen
# redraw, a less-like scroll region, written by make.py; and vim 9.0 and
# less 590 themselves, recorded at 80x24 in tmux with pipe-pane) is shown in
# a workbench pane and in a tmux pane of the same size; the two grids must agree cell by cell, text
# and attributes (tmux capture-pane -e on both: the workbench's through the
# tmux window it is drawn in), and so must the cursor. The only differences
# allowed are listed, with why, in tests/data/fidelity/*.allow.
set -u
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3"; exit 77; }
infocmp tmux-direct >/dev/null 2>&1 || { echo "SKIP: no tmux-direct terminfo (ncurses-term)"; exit 77; }
make_lab_pack "$BASELINER_HOME/packs"
BASELINER_TASKS=$BASELINER_HOME/packs
export BASELINER_TASKS
data=$top_srcdir/tests/data/fidelity
cmp=$top_srcdir/tests/tools/gridcmp.py

start_session lab
# The workbench at 80x26 (one pane, no sidebar: the pane is 80x24), on a
# direct-colour terminal so that 24-bit colour is drawn as it is.
tm new-session -d -s wb -x 80 -y 26 \
    "TMUX= TERM=tmux-direct BASELINER_HOME=$BASELINER_HOME HOME=$HOME SHELL=/bin/bash $BASELINER attach -s $SID; echo CLIENT-EXITED-\$?; sleep 600"
see "left" 30
tm send-keys -t wb 'stty size' Enter
see "24 80" 20
# tmux's own pane of the same size, the same shell.
tm new-session -d -s ref -x 80 -y 24 "env -i HOME=$HOME PATH=$PATH TERM=tmux-256color /bin/bash --norc --noprofile"
tm send-keys -t ref 'stty size' Enter
see "24 80" 20 ref

n=0
reset='\033[?1049l\033[r\033[0m\033[?25h\033[H\033[2J\033[3J'
for f in "$data"/*.seq; do
	name=$(basename "$f" .seq)
	# Two steps, each waited for, so that the grids compared are this
	# recording's and not the last one's: the screens cleared (the last
	# one's marker gone), then the recording shown (the marker back).
	# Enter ends the shell's read; no C-c, whose SIGINT flushes the
	# terminal's input, and on a busy machine the command typed with it.
	for w in wb ref; do
		tm send-keys -t $w Enter
		tm send-keys -t $w "stty -echo; printf '$reset'; read -r _" Enter
	done
	gone "fidelity-end" 20 wb
	gone "fidelity-end" 20 ref
	for w in wb ref; do
		# What the recordings' queries are answered with is read and
		# dropped, never shown or typed.
		tm send-keys -t $w Enter
		tm send-keys -t $w "printf '$reset'; cat $f; read -r _" Enter
	done
	see "fidelity-end" 20 wb
	see "fidelity-end" 20 ref
	allow=$data/$name.allow
	[ -f "$allow" ] || allow=/dev/null
	# The workbench draws a frame at most 10 ms after the pane's output
	# and the client then redraws: wait until the grids agree, or show
	# how they differ.
	ok=0
	i=0
	while [ $i -lt 100 ]; do
		tm capture-pane -t wb -p -e >"$BASELINER_HOME/wb.txt"
		tm capture-pane -t ref -p -e >"$BASELINER_HOME/ref.txt"
		cw=$(tm display -p -t wb '#{cursor_x} #{cursor_y} #{cursor_flag}')
		cr=$(tm display -p -t ref '#{cursor_x} #{cursor_y} #{cursor_flag}')
		if python3 "$cmp" "$BASELINER_HOME/wb.txt" "$BASELINER_HOME/ref.txt" 24 80 "$allow" >"$BASELINER_HOME/diff.txt" &&
		    [ "$cw" = "$cr" ]; then
			ok=1
			break
		fi
		sleep 0.2
		i=$((i + 1))
	done
	if [ $ok = 0 ]; then
		grep DIFF "$BASELINER_HOME/diff.txt" | head -n 60
		echo "cursor: workbench $cw, tmux $cr"
		screen wb
		screen ref
		fail "$name: the workbench's pane differs from tmux's"
	fi
	grep -c allowed "$BASELINER_HOME/diff.txt" | sed "s/^/# $name: same grid, allowed differences: /"
	n=$((n + 1))
done
[ $n -ge 8 ] || fail "only $n recordings compared"
exit 0
