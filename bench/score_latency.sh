#!/bin/sh
# Time from `baseliner score --no-wait` to the scorer's start: the lab
# pack's scorer (tests/lib.sh) records `date +%s.%N` first thing. The
# checkpoint taken before each scoring is included (a small work folder).
#
#	sh bench/score_latency.sh BUILDDIR [RUNS]
#
# Median of RUNS (default 15). Not part of make check.
set -u
build=$(cd "${1:?usage: score_latency.sh BUILDDIR [RUNS]}" && pwd)
runs=${2:-15}
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
BASELINER=$build/baseliner
export top_srcdir BASELINER
. "$top_srcdir/tests/lib.sh"

make_lab_pack "$BASELINER_HOME/packs" 60
BASELINER_TASKS=$BASELINER_HOME/packs
BASELINER_LAB_LOG=$BASELINER_HOME/lab.log
export BASELINER_TASKS BASELINER_LAB_LOG
start_session lab
: >"$BASELINER_HOME/lat"
: >"$BASELINER_HOME/ret"
i=0
while [ $i -lt "$runs" ]; do
	i=$((i + 1))
	echo "edit $i" >>"$WORK/README"	# a new checkpoint each time
	t0=$(date +%s.%N)
	js=$($BASELINER score --no-wait --json) || fail "score --no-wait"
	t1=$(date +%s.%N)
	id=$(json_get "$js" '$.score_id')
	wait_for 30 "grep -q '^START $id ' '$BASELINER_LAB_LOG'" || fail "the scorer of $id never started"
	ts=$(awk -v id="$id" '$1 == "START" && $2 == id { print $3 }' "$BASELINER_LAB_LOG")
	echo "($ts - $t0) * 1000" | bc -l >>"$BASELINER_HOME/lat"
	echo "($t1 - $t0) * 1000" | bc -l >>"$BASELINER_HOME/ret"
	wait_score "$id" valid 30
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
printf 'score --no-wait to the scorer'"'"'s first line: median %.1f ms over %d runs (min %.1f, max %.1f)\n' \
    "$(median <"$BASELINER_HOME/lat")" "$runs" "$(sort -n "$BASELINER_HOME/lat" | head -1)" "$(sort -n "$BASELINER_HOME/lat" | tail -1)"
printf 'score --no-wait returns: median %.1f ms\n' "$(median <"$BASELINER_HOME/ret")"
echo "== machine: $(uname -a); $(nproc) CPUs; $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo); $(date -u +%Y-%m-%dT%H:%M:%SZ)"
