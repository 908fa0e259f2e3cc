#!/bin/sh
# bench/pane.sh: shell panes against tmux, in the same run on the same
# machine.
#
#   1. throughput: seconds for a pane to absorb `cat` of a 100 MB text file
#      (baseliner: pty + libvterm + recording into SQLite, and without the
#      recording; tmux: a window running the same cat, timed to wait-for);
#   2. memory: resident memory per pane holding 10,000 lines of scrollback
#      (baseliner: the bench process's RSS growth over N panes; tmux: the
#      server's RSS growth over N windows, history-limit 10000);
#   3. keystroke-to-echo latency in one pane, idle and while another pane
#      floods (baseliner only: the loop's responsiveness).
#
# usage: bench/pane.sh [BUILDDIR]   (a configured build with libbaseliner.a)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build=${1:-${top_builddir:-$src}}
tmp=$(mktemp -d /tmp/pane-bench.XXXXXX)
sock="bench$$"
msock="benchm$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; tmux -L "$msock" kill-server 2>/dev/null || true; rm -rf "$tmp"' EXIT INT TERM

(cd "$build" && make -s libterm.a libstore.a libbase.a >/dev/null)
cc -O2 -I"$build" -I"$src/src/base" -I"$src/src/store" -I"$src/src/term" \
	-o "$tmp/pane_bench" "$here/pane_bench.c" \
	"$build/libterm.a" "$build/libstore.a" "$build/libbase.a" \
	$(pkg-config --libs vterm libuv sqlite3 jansson) \
	-lutil -lm

# 100 MB of ordinary text, about 80 columns a line; 12,000 lines for memory.
awk 'BEGIN { for (i = 0; i < 1041667; i++)
	printf "%08d the quick brown fox jumps over the lazy dog, line of text %s\n",
	    i, substr("abcdefghijklmnopqrstuvwxyz0123456789", 1 + i % 17) }' \
	> "$tmp/big.txt"
head -n 12000 "$tmp/big.txt" > "$tmp/lines.txt"
size=$(wc -c < "$tmp/big.txt")
npanes=${NPANES:-10}

tmux_rss() {
	pid=$(tmux -L "$msock" display -p '#{pid}')
	awk '/^VmRSS/ { print $2 * 1024 }' "/proc/$pid/status"
}

echo "# bench/pane.sh, $(date -u '+%Y-%m-%dT%H:%M:%SZ')"
echo "# $(uname -a)"
echo "# $(nproc) CPUs; tmux $(tmux -V | cut -d' ' -f2); file $size bytes"

# --- throughput ---
printf 'set -g history-limit 10000\n' > "$tmp/tmux.conf"
tmux -L "$sock" -f "$tmp/tmux.conf" new-session -d -x 80 -y 24 'sleep 100000'
best_tmux=
for run in 1 2 3; do
	t0=$(date +%s.%N)
	tmux -L "$sock" new-window -d "cat '$tmp/big.txt'; tmux -L '$sock' wait-for -S done$run"
	tmux -L "$sock" wait-for "done$run"
	t1=$(date +%s.%N)
	t=$(echo "$t1 - $t0" | bc -l)
	best_tmux=$(echo "$t" "${best_tmux:-$t}" | awk '{ print ($1 < $2) ? $1 : $2 }')
done
best_rec= best_norec=
for run in 1 2 3; do
	rm -f "$tmp/rec.db"*
	t=$("$tmp/pane_bench" throughput "$tmp/big.txt" "$tmp/rec.db" | awk '/^seconds/ { print $2 }')
	best_rec=$(echo "$t" "${best_rec:-$t}" | awk '{ print ($1 < $2) ? $1 : $2 }')
	t=$("$tmp/pane_bench" throughput "$tmp/big.txt" | awk '/^seconds/ { print $2 }')
	best_norec=$(echo "$t" "${best_norec:-$t}" | awk '{ print ($1 < $2) ? $1 : $2 }')
done
recorded=$(sqlite3 "$tmp/rec.db" "SELECT SUM(LENGTH(data)) FROM recording WHERE kind = 'o'")
echo "throughput tmux_s $best_tmux"
echo "throughput baseliner_recorded_s $best_rec (recorded $recorded bytes)"
echo "throughput baseliner_unrecorded_s $best_norec"
echo "throughput ratio_recorded $(echo "$best_rec / $best_tmux" | bc -l | cut -c1-5) (baseliner/tmux, lower is better)"
echo "throughput ratio_unrecorded $(echo "$best_norec / $best_tmux" | bc -l | cut -c1-5)"
tmux -L "$sock" kill-server

# --- memory ---
tmux -L "$msock" -f "$tmp/tmux.conf" new-session -d -x 80 -y 24 'sleep 100000'
sleep 0.5
before=$(tmux_rss)
i=0
while [ $i -lt "$npanes" ]; do
	tmux -L "$msock" new-window -d "cat '$tmp/lines.txt'; tmux -L '$msock' wait-for -S m$i; exec sleep 100000"
	tmux -L "$msock" wait-for "m$i"
	i=$((i + 1))
done
sleep 0.5
after=$(tmux_rss)
hist=$(tmux -L "$msock" display -p -t :1 '#{history_size}')
tmux_pp=$(( (after - before) / npanes ))
tmux -L "$msock" kill-server
mine=$("$tmp/pane_bench" memory "$npanes" "$tmp/lines.txt")
mine_pp=$(echo "$mine" | awk '/^rss_per_pane/ { print $2 }')
echo "memory tmux_bytes_per_pane $tmux_pp (history_size $hist)"
echo "memory baseliner_bytes_per_pane $mine_pp ($(echo "$mine" | awk '/^history_bytes/ { print "scrollback " $2 " bytes" }'), $(echo "$mine" | awk '/^history_lines/ { print $2 " lines" }'))"
echo "memory ratio $(echo "$mine_pp / $tmux_pp" | bc -l | cut -c1-5) (baseliner/tmux, lower is better)"

# --- latency ---
"$tmp/pane_bench" latency "$tmp/lines.txt" | sed 's/^/latency /'
