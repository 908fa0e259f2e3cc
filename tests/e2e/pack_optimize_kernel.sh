#!/bin/sh
# tasks/optimize_kernel without a GPU: its scorer's checks on the CPU
# (score.py --device cpu, times meaningless) with a right solution in plain
# torch and the deliberately wrong ones of tests/gpu/wrong_triton/, each
# caught with its reason; the Triton start and reference at least compile
# as Python. On a GPU, tests/gpu/parity-gpu.sh scores the real thing.
set -u
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/packs/lib.sh"
PY=$(find_python torch) || { echo "SKIP: no python3 with torch"; exit 77; }
ok=$top_srcdir/tasks/optimize_kernel
wt=$top_srcdir/tests/gpu/wrong_triton
n=$(((1 << 24) + 4097))
for f in "$ok/start/solution.py" "$ok/solutions/reference/solution.py" \
    "$ok/scoring/score.py"; do
	"$PY" -c 'import ast, sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])' \
	    "$f" || fail "$f does not parse"
done

# verdict NAME SOLUTION-FILE: score it on the CPU, print the result line.
verdict() {
	d=$BASELINER_HOME/sol-$1
	mkdir -p "$d"
	cp "$wt/common.py" "$d/"
	cp "$2" "$d/solution.py"
	PYTHONDONTWRITEBYTECODE=1 "$PY" "$ok/scoring/score.py" --device cpu \
	    --workdir "$d" --n "$n" --warmups 1 --reps 2 2>"$d/err" | tail -n 1
}
expect() {
	out=$(verdict "$1" "$wt/$1.py")
	echo "$out" | grep -q '"score": null' || fail "$1 was not caught: $out"
	echo "$out" | grep -q -- "$2" || fail "$1: the reason lacks '$2': $out"
	note "$1: $(echo "$out" | sed 's/.*"reason": "\([^"]*\)".*/\1/')"
}
cat >"$BASELINER_HOME/right.py" <<'PY'
from common import definition
import torch
def prefix_sum(x):
    return definition(x).to(torch.int32)
PY
out=$(verdict right "$BASELINER_HOME/right.py")
echo "$out" | grep -q '"score": [-0-9]' || fail "a right solution was not valid: $out"
echo "$out" | grep -q '"seed": "[0-9]*"' || fail "no seed in the details: $out"
s1=$(echo "$out" | sed 's/.*"seed": "\([0-9]*\)".*/\1/')
s2=$(verdict right2 "$BASELINER_HOME/right.py" | sed 's/.*"seed": "\([0-9]*\)".*/\1/')
[ "$s1" != "$s2" ] || fail "two scorings drew the same seed $s1"

expect off_by_one "wrong answer (edge size, n=[0-9]*): first wrong index [0-9]*, expected"
expect wrong_dtype "returned dtype int64, expected torch.int32"
expect wrong_shape "returned shape"
expect large_only "wrong answer (warm-up, n=$n): first wrong index $((n - 1))"
expect raises "prefix_sum raised RuntimeError: out of ideas"
expect broken "solution.py does not load: SyntaxError"
echo "optimize_kernel's checks hold on the CPU"
