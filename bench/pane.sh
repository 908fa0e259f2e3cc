#!/bin/sh
# bench/pane.sh: shell panes against tmux, in the same run on the same
# machine.
#
#   1. throughput: seconds for a pane to absorb `cat` of a 100 MB text file
#      (baseliner: pty + libvterm + recording into SQLite, and without the
#      recording; tmux: a window running the same cat, timed to wait-for),
#      the median of REPS rounds (default 5), and the CPU seconds each took;
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
	$(pkg-config --libs vterm libuv sqlite3 jansson libutf8proc) \
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
# REPS rounds (default 5), each tmux then the pane recorded then not, so
# that load on a shared machine falls on all three alike; the medians are
# compared. CPU seconds too: the tmux server's (from /proc) against the
# pane process's (pane_bench: the loop and the recording writer, not cat),
# which other load changes least.
reps=${REPS:-5}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { echo "$1 / $2" | bc -l | awk '{ printf "%.3f", $1 }'; }
printf 'set -g history-limit 10000\n' > "$tmp/tmux.conf"
tmux -L "$sock" -f "$tmp/tmux.conf" new-session -d -x 80 -y 24 'sleep 100000'
tpid=$(tmux -L "$sock" display -p '#{pid}')
tck=$(getconf CLK_TCK)
: > "$tmp/t.tmux"; : > "$tmp/t.rec"; : > "$tmp/t.norec"
: > "$tmp/c.tmux"; : > "$tmp/c.rec"; : > "$tmp/c.norec"
run=1
while [ $run -le "$reps" ]; do
	c0=$(awk '{ print $14 + $15 }' "/proc/$tpid/stat")
	t0=$(date +%s.%N)
	tmux -L "$sock" new-window -d "cat '$tmp/big.txt'; tmux -L '$sock' wait-for -S done$run"
	tmux -L "$sock" wait-for "done$run"
	t1=$(date +%s.%N)
	c1=$(awk '{ print $14 + $15 }' "/proc/$tpid/stat")
	echo "$t1 - $t0" | bc -l | awk '{ printf "%.3f\n", $1 }' >> "$tmp/t.tmux"
	echo "($c1 - $c0) / $tck" | bc -l | awk '{ printf "%.3f\n", $1 }' >> "$tmp/c.tmux"
	rm -f "$tmp/rec.db"*
	"$tmp/pane_bench" throughput "$tmp/big.txt" "$tmp/rec.db" > "$tmp/out"
	awk '/^seconds/ { print $2 }' "$tmp/out" >> "$tmp/t.rec"
	awk '/^cpu_seconds/ { print $2 }' "$tmp/out" >> "$tmp/c.rec"
	"$tmp/pane_bench" throughput "$tmp/big.txt" > "$tmp/out"
	awk '/^seconds/ { print $2 }' "$tmp/out" >> "$tmp/t.norec"
	awk '/^cpu_seconds/ { print $2 }' "$tmp/out" >> "$tmp/c.norec"
	echo "# round $run: tmux $(tail -1 "$tmp/t.tmux") s, recorded $(tail -1 "$tmp/t.rec") s, unrecorded $(tail -1 "$tmp/t.norec") s; load $(cut -d' ' -f1 /proc/loadavg)"
	run=$((run + 1))
done
recorded=$(sqlite3 "$tmp/rec.db" "SELECT SUM(LENGTH(data)) FROM recording WHERE kind = 'o'")
m_tmux=$(median < "$tmp/t.tmux"); m_rec=$(median < "$tmp/t.rec"); m_norec=$(median < "$tmp/t.norec")
mc_tmux=$(median < "$tmp/c.tmux"); mc_rec=$(median < "$tmp/c.rec"); mc_norec=$(median < "$tmp/c.norec")
echo "throughput tmux_s $m_tmux (median of $reps)"
echo "throughput baseliner_recorded_s $m_rec (recorded $recorded bytes)"
echo "throughput baseliner_unrecorded_s $m_norec"
echo "throughput ratio_recorded $(ratio "$m_rec" "$m_tmux") (baseliner/tmux, medians, lower is better)"
echo "throughput ratio_unrecorded $(ratio "$m_norec" "$m_tmux")"
echo "throughput cpu_s tmux_server $mc_tmux recorded $mc_rec unrecorded $mc_norec"
echo "throughput cpu_ratio_recorded $(ratio "$mc_rec" "$mc_tmux") unrecorded $(ratio "$mc_norec" "$mc_tmux")"
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
