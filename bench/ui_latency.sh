#!/bin/sh
# Keystroke-to-echo latency of a shell pane in the workbench, against a
# shell pane of tmux in the same run, idle and while another pane of the
# same program floods output (yes). Both are driven the same way: tmux
# send-keys types one character into the outer terminal, and capture-pane
# is polled until it shows. The poll costs the same for both, so the ratio
# is the workbench's against tmux's.
#
#   sh bench/ui_latency.sh [BUILD_DIR]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bl=${1:-$top}/baseliner
N=${N:-25}
BASELINER_HOME=$(mktemp -d); export BASELINER_HOME
BASELINER_TASKS=$top/tasks; export BASELINER_TASKS
TMUX_TMPDIR=$(mktemp -d); export TMUX_TMPDIR
HOME=$(mktemp -d); SHELL=/bin/bash; export HOME SHELL
unset TMUX
srv=
trap 'tmux kill-server 2>/dev/null; [ -n "$srv" ] && kill "$srv" 2>/dev/null; pkill -f "__holder $BASELINER_HOME" 2>/dev/null; rm -rf "$BASELINER_HOME" "$TMUX_TMPDIR" "$HOME"' EXIT

# measure TARGET: median ms from send-keys of a marker to seeing it.
measure() {
	python3 - "$1" "$N" <<'PY'
import subprocess, sys, time
target, n = sys.argv[1], int(sys.argv[2])
def shows(s):
    out = subprocess.run(["tmux", "capture-pane", "-t", target, "-p"],
                         capture_output=True, text=True).stdout
    return s in out
lat = []
for i in range(n):
    mark = "k%03dq" % i
    subprocess.run(["tmux", "send-keys", "-t", target, "C-u"])
    time.sleep(0.05)
    t0 = time.perf_counter()
    subprocess.run(["tmux", "send-keys", "-t", target, "-l", mark])
    while not shows(mark):
        if time.perf_counter() - t0 > 5:
            break
    lat.append((time.perf_counter() - t0) * 1000)
lat.sort()
print("%.1f %.1f" % (lat[len(lat) // 2], lat[-1]))
PY
}

# tmux alone: one window with a shell; the flood in a second pane.
tmux new-session -d -s anchor -x 160 -y 45 "bash --norc"
sleep 0.5
t_idle=$(measure anchor:0.0)
tmux split-window -t anchor -h "yes"
tmux select-pane -t anchor:0.0
t_flood=$(measure anchor:0.0)
tmux kill-session -t anchor

# The workbench in a tmux window: the same shell, then a second pane
# running yes (split with C-b %, focus back with C-b Tab).
id=$($bl start demo --participant bench --detach)
srv=$($bl status -s "$id" --json | python3 -c \
    'import json, sys; print(json.load(sys.stdin)["session"]["server_pid"])')
tmux new-session -d -s wb -x 160 -y 45 "TMUX= $bl attach -s $id"
sleep 2
b_idle=$(measure wb)
tmux send-keys -t wb C-b %
sleep 1
tmux send-keys -t wb 'yes' Enter
sleep 1
tmux send-keys -t wb C-b Tab
sleep 0.5
b_flood=$(measure wb)

echo "keystroke to echo, median and worst of $N (ms):"
echo "$t_idle $b_idle $t_flood $b_flood" | awk '{
	printf "  idle:     tmux %5.1f / %5.1f   workbench %5.1f / %5.1f   ratio %.2f\n", $1, $2, $3, $4, $3 / $1
	printf "  flooding: tmux %5.1f / %5.1f   workbench %5.1f / %5.1f   ratio %.2f\n", $5, $6, $7, $8, $7 / $5
}'
