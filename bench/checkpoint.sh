#!/bin/sh
# Checkpoint time for a work folder of 10,000 files with one changed,
# against `git add -A && git commit -q` on an identical tree.
#
#	sh bench/checkpoint.sh BUILDDIR [REPS]
#
# Two measures: `baseliner checkpoint` through the session server (the
# client, the socket round trip and the database row included), and
# bench/bench_ckpt, which calls ckpt_commit() directly. Medians of REPS
# (default 9) repetitions. Not part of make check.
set -u
build=$(cd "${1:?usage: checkpoint.sh BUILDDIR [REPS]}" && pwd)
reps=${2:-9}
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
BASELINER=$build/baseliner
export top_srcdir BASELINER
. "$top_srcdir/tests/lib.sh"
nfiles=10000

now() { date +%s.%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

make_lab_pack "$BASELINER_HOME/packs" 60
BASELINER_TASKS=$BASELINER_HOME/packs
export BASELINER_TASKS
start_session lab

# 10,000 files of 1-4 KB in 100 folders, in the work folder and a plain
# git repository beside it.
plain=$BASELINER_HOME/plain
mkdir -p "$plain"
awk -v dir="$WORK" -v n=$nfiles 'BEGIN {
	for (i = 0; i < n; i++) {
		d = sprintf("%s/d%02d", dir, i % 100)
		if (i < 100) system("mkdir -p " d)
		f = sprintf("%s/f%05d.py", d, i)
		len = 1024 + (i * 37) % 3072
		s = ""
		for (j = 0; length(s) < len; j++) s = s sprintf("x_%d_%d = %d\n", i, j, i * j)
		printf "%s", s > f
		close(f)
	}
}'
cp -a "$WORK/." "$plain/"
git -C "$plain" init -q
git -C "$plain" config user.name bench
git -C "$plain" config user.email bench@example.com
git -C "$plain" add -A && git -C "$plain" commit -q -m first
$BASELINER checkpoint -m first >/dev/null || fail "first checkpoint"

: >"$BASELINER_HOME/t.bl"
: >"$BASELINER_HOME/t.git"
i=0
while [ $i -lt "$reps" ]; do
	i=$((i + 1))
	echo "changed_$i = $i" >>"$WORK/d42/f00042.py"
	t0=$(now)
	$BASELINER checkpoint -m "rep $i" >/dev/null || fail "checkpoint $i"
	t1=$(now)
	echo "($t1 - $t0) * 1000" | bc -l >>"$BASELINER_HOME/t.bl"
	[ "$(q "SELECT files_changed FROM checkpoint ORDER BY id DESC LIMIT 1")" = 1 ] ||
		fail "checkpoint $i changed $(q "SELECT files_changed FROM checkpoint ORDER BY id DESC LIMIT 1") files"
	echo "changed_$i = $i" >>"$plain/d42/f00042.py"
	t0=$(now)
	(cd "$plain" && git add -A && git commit -q -m "rep $i") || fail "git commit $i"
	t1=$(now)
	echo "($t1 - $t0) * 1000" | bc -l >>"$BASELINER_HOME/t.git"
done
bl=$(median <"$BASELINER_HOME/t.bl")
gt=$(median <"$BASELINER_HOME/t.git")
echo "== baseliner checkpoint (server round trip), $nfiles files, one changed, $reps reps"
printf 'baseliner checkpoint: median %.1f ms (runs: %s)\n' "$bl" "$(awk '{ printf "%.0f ", $1 }' "$BASELINER_HOME/t.bl")"
printf 'git add -A && git commit -q: median %.1f ms (runs: %s)\n' "$gt" "$(awk '{ printf "%.0f ", $1 }' "$BASELINER_HOME/t.git")"
printf 'ratio baseliner/git: %.2f\n' "$(echo "$bl / $gt" | bc -l)"
$BASELINER stop >/dev/null 2>&1

echo "== ckpt_commit() called directly (bench/bench_ckpt)"
make -s -C "$build" bench/bench_ckpt >/dev/null || fail "building bench/bench_ckpt"
"$build/bench/bench_ckpt" -n $nfiles -r "$reps" -d "$BASELINER_HOME" || fail "bench_ckpt"
echo "== machine: $(uname -a); $(nproc) CPUs; $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo); git $(git --version | awk '{ print $3 }'); $(date -u +%Y-%m-%dT%H:%M:%SZ)"
