#!/bin/sh
# The proctor's follow streams through ssh, 20 sessions on 3 hosts (three
# BASELINER_HOMEs behind a real sshd on this machine, tests/sshd.sh):
#   lag:  from a scoring's score_finished event on its host (the event's
#         wall time) to its line arriving at the reading end of
#         `ssh hN baseliner status --all --json --follow` (the dashboard
#         draws when a line arrives), over 12 scorings;
#   CPU:  what the three follow processes and their sshd sessions use over
#         60 s, per session, as a share of one core.
# Anchor, same run: `ssh h1 true`, the cost of reaching a host at all.
#
#   sh bench/proctor.sh [BUILD_DIR]      (default: the source tree)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top}
BASELINER=$build/baseliner
top_srcdir=$top
export BASELINER top_srcdir
. "$top/tests/lib.sh"
T=$BASELINER_HOME/ssh
. "$top/tests/sshd.sh"
trap 'stop_sshd; lib_cleanup' EXIT
start_sshd
make_lab_pack "$BASELINER_HOME/packs"
BASELINER_TASKS=$BASELINER_HOME/packs
export BASELINER_TASKS

i=1
while [ $i -le 20 ]; do
	h=$BASELINER_HOME/host$((i % 3 + 1))
	mkdir -p "$h"
	BASELINER_HOME=$h $BASELINER start lab --participant "$(printf 'p%02d' $i)" \
	    --detach >/dev/null || fail "start"
	i=$((i + 1))
done
sleep 5

t0=$(date +%s%N)
for k in 1 2 3 4 5; do ssh -F "$T/ssh_config" h1 true; done
t1=$(date +%s%N)
anchor_ms=$(( (t1 - t0) / 5000000 ))

# The three streams, each line stamped with its arrival (ms since the epoch).
for n in 1 2 3; do
	ssh -F "$T/ssh_config" h$n env HOME="$HOME" BASELINER_TASKS="$BASELINER_TASKS" \
	    BASELINER_HOME="$BASELINER_HOME/host$n" "$BASELINER" status --all --json --follow |
	    python3 -u -c 'import sys, time
for l in sys.stdin: print(int(time.time() * 1000), l, end="", flush=True)' \
	    >"$T/stream$n" &
done
sleep 5

# 12 scorings, 4 a host, one after another.
for n in 1 2 3; do
	for d in $(ls -d "$BASELINER_HOME/host$n"/sessions/* | head -n 4); do
		BASELINER_HOME=$BASELINER_HOME/host$n $BASELINER score -s "$(basename "$d")" \
		    >/dev/null || fail "score"
	done
done
sleep 3
lags=$(for n in 1 2 3; do
	for d in "$BASELINER_HOME/host$n"/sessions/*; do
		sqlite3 "$d/session.db" "SELECT json_extract(data, '\$.id'), wall FROM event WHERE kind = 'score_finished' AND json_extract(data, '\$.id') > 1" |
		while IFS='|' read -r sid wall; do
			id=$(basename "$d")
			python3 - "$T/stream$n" "$id" "$sid" "$wall" <<'PY'
import datetime, json, sys
path, session, score, wall = sys.argv[1:5]
t = datetime.datetime.strptime(wall, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc).timestamp() * 1000
for line in open(path):
    at, _, body = line.partition(" ")
    try:
        j = json.loads(body)
    except ValueError:
        continue
    if j.get("ev") == "score_finished" and j.get("session") == session and str(j.get("data", {}).get("id")) == score:
        print(int(at) - t)
        break
PY
		done
	done
done)

# CPU: the follow processes (on the hosts' side) and their sshd sessions.
ticks=$(getconf CLK_TCK)
cpu() {
	for p in $(pgrep -f "status --all --json --follow" | grep -v "^$$\$") \
	    $(pgrep -f "sshd: .*@notty"); do
		awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null
	done | awk '{ s += $1 } END { print s + 0 }'
}
c0=$(cpu)
sleep 60
c1=$(cpu)
echo "$lags" | awk -v anchor="$anchor_ms" -v c0="$c0" -v c1="$c1" -v hz="$ticks" '
	NF { n++; s += $1; if ($1 > max) max = $1; v[n] = $1 }
	END {
		if (n == 0) { print "no scoring reached a stream"; exit 1 }
		printf "lag, score finished on its host to the line at the dashboard: mean %.0f ms, max %.0f ms over %d scorings\n", s / n, max, n
		printf "anchor: ssh h1 true %d ms\n", anchor
		printf "ratio: mean lag / ssh round trip = %.2f\n", (s / n) / anchor
		cpu = (c1 - c0) / hz / 60
		printf "CPU of 3 follow streams and their sshd sessions: %.2f%% of a core, %.3f%% per session (20 sessions)\n", cpu * 100, cpu * 100 / 20
	}'
