#!/bin/sh
# The workbench's keys and views, driven in tmux as ui_workbench.sh is: a
# prefix from the config file, directional focus and resizing by key, copy
# mode (search, select, copy) and paste, the checkpoints view with a diff,
# the scores list with a scorer's output, hiding the brief, a read-only
# client that follows but cannot type, colours and wide characters, and a
# pane spewing random bytes while the workbench stays up.
set -u
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

# A config file with a prefix for those inside tmux, and a root binding.
cat >"$HOME/.config/baseliner/config" <<'EOF'
# as a participant inside tmux would have it
prefix C-a
bind -n M-z zoom-pane
bind '#' checkpoint
EOF

start_session demo
attach wb 160 45
see "left"
# The old prefix now goes to the shell, the new one to the workbench.
tm send-keys -t wb C-a '?'
see "Prefix C-a"
see "split-right"
tm send-keys -t wb q
gone "split-right"
tm send-keys -t wb C-b
tm send-keys -t wb 'echo after-c-b' Enter
see "after-c-b"

# Keys that are bytes a curses client easily loses reach the program:
# C-Space and C-@ (NUL), M-Space (ESC SP), Escape then Space, together and
# apart. The pane shows them in hex.
tm send-keys -t wb "clear; stty raw -echo; printf 'keys-%s\\r\\n' wanted; dd bs=1 count=8 2>/dev/null | od -An -tx1 | tr -s ' ' | sed 's/^/keys:/'; stty sane" Enter
see "keys-wanted"
tm send-keys -t wb C-Space
tm send-keys -t wb C-@
tm send-keys -t wb M-Space
tm send-keys -t wb Escape Space
tm send-keys -t wb Escape
sleep 1
tm send-keys -t wb Space
see "keys: 00 00 1b 20 1b 20 1b 20"

# Sequences (issue 15): the kitty graphics probe (an APC string) prints
# nothing, DEC graphics y and z are <= and >=, and nano's way of saving a
# hidden cursor and restoring it after showing it leaves it shown.
tm send-keys -t wb "clear; printf 'probe:A\\033_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\\033\\\\B \\033(0yz\\033(B\\n'" Enter
see "probe:AB ≤≥"
tm send-keys -t wb "printf '\\033[?25l\\0337\\033[?25h\\0338'; echo cursor-shown" Enter
see "cursor-shown"
wait_for 10 "[ \"\$(tmux -f /dev/null display -p -t wb '#{cursor_flag}')\" = 1 ]" ||
	fail "DECRC left the cursor hidden"

# Two panes side by side, focus by direction, resize by key.
tm send-keys -t wb C-a %
wait_for 10 "[ \"\$(sqlite3 '$DB' 'SELECT count(*) FROM pane WHERE closed_wall IS NULL')\" = 2 ]" ||
	fail "split did not open a second shell"
sleep 1
tm send-keys -t wb 'stty size' Enter
see "43 52"
tm send-keys -t wb C-a Left
tm send-keys -t wb 'echo left-pane' Enter
see "left-pane"
screen | grep 'left-pane' | grep -q '^.\{0,60\}left-pane' ||
	fail "typing after C-a Left did not go to the left pane"
tm send-keys -t wb C-a C-Right
tm send-keys -t wb C-a C-Right
tm send-keys -t wb 'stty size' Enter
see "43 57"
# The root binding: M-z zooms without the prefix.
tm send-keys -t wb M-z
see "[zoomed]"
tm send-keys -t wb M-z
gone "[zoomed]"

# Copy mode: search up (?), select the line, copy; paste it back.
tm send-keys -t wb 'echo copy-me-please' Enter
see "copy-me-please"
tm send-keys -t wb C-a '['
see "[copy "
tm send-keys -t wb '?' 'echo copy' Enter
see "?echo copy]"
tm send-keys -t wb 0 V Enter
see "copied"
gone "[copy "
tm send-keys -t wb C-u 'echo pasted:' C-a ']'
sleep 0.5
tm send-keys -t wb Enter
wait_for 10 "[ \"\$(tmux -f /dev/null capture-pane -t wb -p | grep -c 'copy-me-please')\" -ge 3 ]" ||
	{ screen; fail "paste did not bring the copied line back"; }

# A checkpoint by the config's own binding, then the checkpoints view and
# the diff of the newest against the one before.
echo "/* changed by ui_keys */" >>"$WORK/solution.c"
tm send-keys -t wb C-a '#'
wait_for 20 "[ \"\$(sqlite3 '$DB' \"SELECT count(*) FROM checkpoint WHERE trigger = 'manual'\")\" = 1 ]" ||
	fail "the '#' binding took no checkpoint"
tm send-keys -t wb C-a C
see "Checkpoints"
see "manual"
tm send-keys -t wb Enter
see "changed by ui_keys"
tm send-keys -t wb q
gone "changed by ui_keys"
tm send-keys -t wb q
gone "Checkpoints "

# The scores list and the full output of the start's scoring.
tm send-keys -t wb C-a v
see "Scores: Enter"
tm send-keys -t wb Enter
see "Scorer output, score"
tm send-keys -t wb q q
gone "Scorer output"

# Hiding the brief gives its room to the scores, and back.
tm send-keys -t wb C-a b
gone "Brief"
see "Scores"
tm send-keys -t wb C-a b
see "Brief"

# Colours, true colour and wide characters reach the screen.
tm send-keys -t wb "clear; printf '\\033[38;5;196mRED256\\033[0m \\033[38;2;0;200;0mTRUEGREEN\\033[0m \\344\\270\\255\\346\\226\\207|\\n'" Enter
see "中文|"
tm capture-pane -t wb -p -e | grep -q '38;5;196mRED256\|31mRED256\|91mRED256' ||
	fail "the 256-colour text lost its colour"
tm capture-pane -t wb -p -e | grep -q 'TRUEGREEN' || fail "no true-colour text"

# A read-only client: sees the panes, follows the layout, types nothing.
attach ro 120 40 --read-only
see "read-only" 20 ro
see "中文|" 20 ro
tm send-keys -t ro 'echo from-the-proctor' Enter
tm send-keys -t ro C-a s
sleep 1
screen | grep -q "from-the-proctor" && fail "a read-only client typed into a pane"
[ "$(q "SELECT count(*) FROM recording WHERE kind = 'i' AND CAST(data AS TEXT) LIKE '%from-the-proctor%'")" = 0 ] ||
	fail "a read-only client's keys were recorded as input"
tm send-keys -t ro C-a d
see "CLIENT-EXITED-0" 10 ro

# Garbage: random bytes in a pane never take the workbench down.
tm send-keys -t wb "head -c 3000000 /dev/urandom; printf '\\033c'; echo survived-garbage" Enter
see "survived-garbage" 60
# The terminal's answers to queries in the noise are input: drop them.
sleep 1
tm send-keys -t wb C-c
sleep 0.3
tm send-keys -t wb 'echo still-typing' Enter
see "still-typing"
screen | grep -q "CLIENT-EXITED" && fail "the client died"

# Detach: status 0, the session goes on.
tm send-keys -t wb C-a d
see "CLIENT-EXITED-0"
[ "$(q 'SELECT state FROM session')" = running ] || fail "detach ended the session"

# A wrong config line stops attach with its file and line.
echo 'bind x no-such-action' >>"$HOME/.config/baseliner/config"
attach bad 100 30
see "config:5: unknown action" 10 bad
see "CLIENT-EXITED-1" 10 bad
exit 0
