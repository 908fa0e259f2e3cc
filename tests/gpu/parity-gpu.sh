#!/bin/sh
# parity-gpu.sh: every GPU check of the kernel tasks in one script, for one
# call on a lent GPU machine (a skip, exit 77, without a GPU):
#
#   1. optimize_kernel (Triton): the scorer on the starting solution
#      (TS_START times) and our reference (TS_REF times), each must be
#      valid; the wrong solutions of tests/gpu/wrong_triton/ must be caught
#      with their reason; a table of times, ln(ms) and the fraction of the
#      copy of the same bytes, and the calibration (medians of ln ms);
#   2. prefix_sum (CUDA): tests/gpu/run-gpu-tests.sh (its checks, its
#      calibration and the reference's fraction of the copy);
#   3. if time is left (BUDGET seconds in all, default 480): variants of the
#      Triton reference's block size and warps, one scoring each.
#
# Environment: TS_START (3), TS_REF (8) scorings of the Triton task's start
# and reference; PS_START (3), PS_REF (10) of the CUDA task's (PS_SKIP set:
# none); TS_VARIANTS ("BLOCKxWARPS ..."); BUDGET.
#
# With $OUT set, parity.log's tables and tarballs of every log go there
# (only files directly under $OUT: the device tool brings back 8 files).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
t0=$(date +%s)
budget=${BUDGET:-480}
work=${TMPDIR:-/tmp}/bl-parity.$$
out=${OUT:-$work/out}
if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L >/dev/null 2>&1
then
	echo "no GPU here (nvidia-smi finds none): skipping"
	exit 77
fi
python3 -c 'import torch, triton' 2>/dev/null ||
	{ echo "no torch or triton for python3: skipping"; exit 77; }
mkdir -p "$work/logs" "$out"
trap 'rm -rf "$work"' EXIT
elapsed() { echo $(($(date +%s) - t0)); }

nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,clocks.max.mem \
    --format=csv | tee "$work/logs/nvidia-smi.txt"
date -u +%Y-%m-%dT%H:%MZ | tee -a "$work/logs/nvidia-smi.txt"

ok=$top/tasks/optimize_kernel
failed=0
# tscore NAME DIR [ARGS]: score DIR with the Triton task's scorer.
tscore() {
	name=$1 dir=$2
	shift 2
	python3 "$ok/scoring/score.py" --workdir "$dir" "$@" \
	    >"$work/logs/$name.stdout" 2>"$work/logs/$name.log"
	echo "exit $?" >>"$work/logs/$name.log"
	tail -n 1 "$work/logs/$name.stdout" >"$work/logs/$name.json"
}
field() {
	python3 -c 'import json,sys
try:
    r = json.loads(open(sys.argv[1]).read())
except Exception:
    print("?"); sys.exit()
m = r.get("message") or {}
s = r.get("score")
v = eval(sys.argv[2])
print("%.4f" % v if isinstance(v, float) else v)' "$1" "$2"
}
expect_valid() {
	s=$(field "$work/logs/$1.json" s)
	if [ "$s" = None ] || [ "$s" = "?" ]; then
		echo "FAIL $1: expected valid, got: $(field "$work/logs/$1.json" "m.get('reason')")"
		tail -n 25 "$work/logs/$1.log"
		failed=$((failed + 1))
	else
		echo "ok   $1: ln ms $s ($(field "$work/logs/$1.json" "m['ms']") ms, $(field "$work/logs/$1.json" "m['fraction_of_copy']") of the copy)"
	fi
}
expect_invalid() {
	s=$(field "$work/logs/$1.json" s)
	reason=$(field "$work/logs/$1.json" "m.get('reason')")
	if [ "$s" = None ] && echo "$reason" | grep -q -- "$2"; then
		echo "ok   $1: caught: $reason"
	else
		echo "FAIL $1: expected invalid (/$2/), got $s: $reason"
		tail -n 25 "$work/logs/$1.log"
		failed=$((failed + 1))
	fi
}

echo "== optimize_kernel (Triton) correctness ($(elapsed) s)"
tscore ts-start "$ok/start"
expect_valid ts-start
tscore ts-reference "$ok/solutions/reference"
expect_valid ts-reference
wt=$top/tests/gpu/wrong_triton
for w in off_by_one wrong_dtype wrong_shape large_only raises broken; do
	mkdir -p "$work/src-$w"
	cp "$wt/common.py" "$work/src-$w/"
	cp "$wt/$w.py" "$work/src-$w/solution.py"
done
tscore ts-off_by_one "$work/src-off_by_one"
expect_invalid ts-off_by_one "wrong answer (edge size, n=[0-9]*): first wrong index"
tscore ts-wrong_dtype "$work/src-wrong_dtype"
expect_invalid ts-wrong_dtype "dtype int64"
tscore ts-wrong_shape "$work/src-wrong_shape"
expect_invalid ts-wrong_shape "shape"
tscore ts-large_only "$work/src-large_only"
expect_invalid ts-large_only "wrong answer (warm-up, n=100000000): first wrong index 99999999"
tscore ts-raises "$work/src-raises"
expect_invalid ts-raises "raised RuntimeError: out of ideas"
tscore ts-broken "$work/src-broken"
expect_invalid ts-broken "does not load: SyntaxError"

echo "== optimize_kernel repeated scorings ($(elapsed) s)"
k=1
while [ "$k" -le "${TS_START:-3}" ]; do
	tscore "ts-start-$k" "$ok/start"; expect_valid "ts-start-$k"; k=$((k + 1))
done
k=1
while [ "$k" -le "${TS_REF:-8}" ]; do
	tscore "ts-reference-$k" "$ok/solutions/reference"
	expect_valid "ts-reference-$k"; k=$((k + 1))
done
python3 - "$work/logs" "${TS_START:-3}" "${TS_REF:-8}" >"$out/triton-table.txt" <<'PY'
import json, statistics, sys
d, ks, kr = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def load(n):
    try:
        r = json.loads(open("%s/%s.json" % (d, n)).read())
        return r if r.get("score") is not None else None
    except Exception:
        return None
S = [r for r in (load("ts-start-%d" % k) for k in range(1, ks + 1)) if r]
R = [r for r in (load("ts-reference-%d" % k) for k in range(1, kr + 1)) if r]
dev = ((R or S or [{}])[0].get("details") or {}).get("device", {})
print("optimize_kernel (Triton): %s, driver %s, torch %s, triton %s" % (
    dev.get("name"), dev.get("driver"), dev.get("torch"), dev.get("triton")))
print("%-10s %8s %9s %9s %9s %9s %8s %9s" % ("solution", "scorings",
      "median ms", "ln ms", "GB/s", "copy ms", "of copy", "ln range"))
ys = {}
for name, rs in (("start", S), ("reference", R)):
    if not rs:
        print("%-10s no valid scoring" % name); continue
    y = [r["score"] for r in rs]; ys[name] = statistics.median(y)
    m = lambda k: statistics.median([r["message"][k] for r in rs])
    print("%-10s %8d %9.4f %9.4f %9.0f %9.4f %8.3f %9.4f" % (name, len(rs),
          m("ms"), ys[name], m("bandwidth_gbs"), m("copy_ms"),
          m("fraction_of_copy"), max(y) - min(y)))
if len(ys) == 2:
    print("calibration: y_start = %.4f  y_ref = %.4f  (medians of ln ms)" %
          (ys["start"], ys["reference"]))
PY
cat "$out/triton-table.txt"

tar czf "$out/triton-logs.tgz" -C "$work" logs
if [ -n "${PS_SKIP:-}" ]; then
	echo "== prefix_sum (CUDA): skipped (PS_SKIP)"
else
	echo "== prefix_sum (CUDA): run-gpu-tests.sh ($(elapsed) s)"
	OUT=$work/prefix SCORINGS_START=${PS_START:-3} SCORINGS_REF=${PS_REF:-10} \
	    sh "$top/tests/gpu/run-gpu-tests.sh" >"$work/logs/prefix-run.txt" 2>&1
	prc=$?
	cat "$work/logs/prefix-run.txt"
	[ "$prc" -eq 0 ] || failed=$((failed + 1))
	cp "$work/prefix/table.txt" "$out/prefix-table.txt" 2>/dev/null
	tar czf "$out/prefix-logs.tgz" -C "$work" prefix 2>/dev/null
fi

echo "== optimize_kernel reference variants ($(elapsed) s)"
for v in ${TS_VARIANTS:-2048x4 4096x4 4096x8 8192x8 8192x16 16384x16}; do
	if [ "$(elapsed)" -gt "$budget" ]; then
		echo "(out of time budget: variants from $v on skipped)"
		break
	fi
	b=${v%x*} w=${v#*x}
	mkdir -p "$work/var-$v"
	sed -e "s/^BLOCK = .*/BLOCK = $b/" -e "s/^WARPS = .*/WARPS = $w/" \
	    "$ok/solutions/reference/solution.py" >"$work/var-$v/solution.py"
	tscore "var-$v" "$work/var-$v" --reps 6 --warmups 2
	expect_valid "var-$v"
done
tar czf "$out/triton-logs.tgz" -C "$work" logs
echo "== done in $(elapsed) s; $failed failed"
[ "$failed" -eq 0 ]
