#!/bin/sh
# run-gpu-tests.sh: the prefix_sum task's GPU tests and calibration, in one
# script for one call on a GPU machine (and a skip, exit 77, without one).
#
# It builds bl-prefix-harness (or uses $BL_HARNESS, or the one make built),
# then scores, each in its own harness process:
#   - the starting and reference solutions: must be valid;
#   - the deliberately wrong solutions in tests/gpu/wrong/: must be invalid,
#     with the expected reason (wrong answer, never written, CUDA error,
#     timeout), one of them wrong only at full size, so caught in one of
#     the harness's timing processes;
#   - the start with a clock of its own (refused) and with a destructor
#     that prints a better result line (the harness's own result counts),
#     from tests/gpu/hostile/;
#   - the reference once more with --verify-ref (the GPU reference checked
#     against the CPU reference at full size);
#   - the start SCORINGS_START times and the reference SCORINGS_REF times,
#     for calibration (y = ln median ms) and the spread of repeated scorings.
# Last it prints a table; with $OUT set, the logs and the table go there.
#
# Environment: BL_HARNESS (a built harness), NVCC, SCORINGS_START (5),
# SCORINGS_REF (10), BL_N (harness --n, default the task's 10^8).
set -u

top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
work=${TMPDIR:-/tmp}/bl-gpu-tests.$$
out=${OUT:-$work/out}

if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L >/dev/null 2>&1
then
	echo "no GPU here (nvidia-smi finds none): skipping"
	exit 77
fi
nvcc=${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}
if [ ! -x "$nvcc" ]; then
	echo "no nvcc: skipping"
	exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "no python3 (used to read the scorer's JSON): skipping"
	exit 77
fi

mkdir -p "$work" "$out"
trap 'rm -rf "$work"' EXIT

harness=${BL_HARNESS:-}
if [ -z "$harness" ] && [ -x "${top_builddir:-/nonexistent}/gpu/bl-prefix-harness" ]; then
	harness=$top_builddir/gpu/bl-prefix-harness
fi
if [ -z "$harness" ]; then
	sh "$top/gpu/harness/build-harness.sh" "$work/build" "$nvcc" \
	    >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
	harness=$work/build/bl-prefix-harness
fi
nflag=
[ -n "${BL_N:-}" ] && nflag="--n $BL_N"

failed=0
# score NAME DIR [ARGS...]: run the harness on DIR; its result line (from
# the result channel) is left in $work/NAME.json and its whole output in
# $out/NAME.log.
score() {
	name=$1 dir=$2
	shift 2
	mkdir -p "$work/scratch-$name"
	# The result comes on fd 3, the private channel the session server
	# gives a scorer; stdout is only log (a solution can print there).
	BASELINER_WORKDIR=$dir BASELINER_SCRATCH=$work/scratch-$name \
	    BASELINER_RESULT_FD=3 "$harness" $nflag "$@" \
	    >"$work/$name.stdout" 2>"$out/$name.log" 3>"$work/$name.result"
	echo "exit $?" >>"$out/$name.log"
	cat "$work/$name.stdout" >>"$out/$name.log"
	tail -n 1 "$work/$name.result" >"$work/$name.json"
	cat "$work/$name.json" >>"$out/$name.log"
	rm -rf "$work/scratch-$name"
}

# field FILE EXPR: a value from a result line, e.g. field f "m['ms']".
field() {
	python3 -c 'import json,sys
r = json.loads(open(sys.argv[1]).read())
m = r.get("message") or {}
d = r.get("details") or {}
s = r.get("score")
v = eval(sys.argv[2])
print("%.4f" % v if isinstance(v, float) else v)' "$1" "$2" 2>/dev/null ||
	    echo "?"
}

expect_valid() {
	s=$(field "$work/$1.json" s)
	if [ "$s" = "None" ] || [ "$s" = "?" ]; then
		echo "FAIL $1: expected a valid score, got: $(field "$work/$1.json" "m.get('reason')")"
		failed=$((failed + 1))
	else
		echo "ok   $1: score $s ($(field "$work/$1.json" "m['ms']") ms)"
	fi
}

# expect_invalid NAME PATTERN: score null and the reason matches PATTERN.
expect_invalid() {
	s=$(field "$work/$1.json" s)
	reason=$(field "$work/$1.json" "m.get('reason')")
	if [ "$s" = "None" ] && echo "$reason" | grep -q -- "$2"; then
		echo "ok   $1: caught: $reason"
	else
		echo "FAIL $1: expected invalid (/$2/), got score $s: $reason"
		failed=$((failed + 1))
	fi
}

start=$top/tasks/prefix_sum/start
ref=$top/tasks/prefix_sum/solutions/reference
wrong=$top/tests/gpu/wrong

echo "== correctness"
score start "$start"
expect_valid start
score reference "$ref" --verify-ref
expect_valid reference
for w in off_by_one unwritten_tail race fault hang large_only; do
	mkdir -p "$work/src-$w"
	cp "$wrong/common.cuh" "$work/src-$w/"
	cp "$wrong/$w.cu" "$work/src-$w/solution.cu"
done
score off_by_one "$work/src-off_by_one"
expect_invalid off_by_one "wrong answer"
score unwritten_tail "$work/src-unwritten_tail"
expect_invalid unwritten_tail "never written"
score race "$work/src-race"
expect_invalid race "wrong answer"
score fault "$work/src-fault"
expect_invalid fault "CUDA error.*illegal"
score hang "$work/src-hang" --timeout 3
expect_invalid hang "timeout"
# Wrong only at full size: the verdict comes from a timing process.
score large_only "$work/src-large_only"
expect_invalid large_only "warm-up, n=${BL_N:-100000000}).*never written"
mkdir -p "$work/src-broken"
printf 'this is not CUDA\n' >"$work/src-broken/solution.cu"
score broken "$work/src-broken"
expect_invalid broken "compile error"

# Solutions that try to fake the timing (study mode's threat model): the
# start with a clock of its own (refused before it runs), and the start
# with a destructor that prints a better result line after the harness's
# (the score comes from the private channel: the start's own).
for h in own_clock fake_result; do
	mkdir -p "$work/src-$h"
	cat "$start/solution.cu" "$top/tests/gpu/hostile/$h.cu" \
	    >"$work/src-$h/solution.cu"
done
score own_clock "$work/src-own_clock"
expect_invalid own_clock "defines clock_gettime"
score fake_result "$work/src-fake_result"
expect_valid fake_result
if [ "$(field "$work/fake_result.json" s)" = "-9.0000" ]; then
	echo "FAIL fake_result: the destructor's line was taken as the result"
	failed=$((failed + 1))
fi

echo "== repeated scorings"
k=1
while [ "$k" -le "${SCORINGS_START:-5}" ]; do
	score "start-$k" "$start"
	expect_valid "start-$k"
	k=$((k + 1))
done
k=1
while [ "$k" -le "${SCORINGS_REF:-10}" ]; do
	score "reference-$k" "$ref"
	expect_valid "reference-$k"
	k=$((k + 1))
done

# The table: everything from the result lines, nothing typed in.
python3 - "$work" "${SCORINGS_START:-5}" "${SCORINGS_REF:-10}" \
    >"$out/table.txt" <<'EOF'
import json, math, statistics, sys, datetime, subprocess
work, ks, kr = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def load(name):
    try:
        return json.loads(open("%s/%s.json" % (work, name)).read())
    except Exception:
        return None
def valid(rs):
    return [r for r in rs if r and r.get("score") is not None]
starts = valid([load("start-%d" % k) for k in range(1, ks + 1)])
refs = valid([load("reference-%d" % k) for k in range(1, kr + 1)])
any_r = (refs or starts or [{}])[0]
dev = any_r.get("details", {}).get("device", {})
try:
    drv = subprocess.run(["nvidia-smi", "--query-gpu=driver_version",
        "--format=csv,noheader"], capture_output=True, text=True).stdout.strip()
except Exception:
    drv = dev.get("driver", "?")
print("card: %s, driver %s, %s" % (dev.get("name", "?"), drv,
    datetime.date.today().isoformat()))
print("n = %s, %s timed calls per scoring after warm-ups, each checked" %
    (any_r.get("message", {}).get("n", "?"), any_r.get("message", {}).get("reps", "?")))
print()
print("%-10s %8s %9s %9s %9s %9s %9s %9s" % ("solution", "scorings",
    "median ms", "ln ms", "GB/s", "copy ms", "copy GB/s", "of copy"))
def row(name, rs):
    if not rs:
        print("%-10s %8d   (no valid scoring)" % (name, 0))
        return None
    y = [r["score"] for r in rs]
    ms = statistics.median([r["message"]["ms"] for r in rs])
    gbs = statistics.median([r["message"]["bandwidth_gbs"] for r in rs])
    cms = statistics.median([r["message"]["copy_ms"] for r in rs])
    cgb = statistics.median([r["message"]["copy_gbs"] for r in rs])
    frac = statistics.median([r["message"]["fraction_of_copy"] for r in rs])
    print("%-10s %8d %9.4f %9.4f %9.0f %9.4f %9.0f %9.3f" % (name, len(rs),
        ms, statistics.median(y), gbs, cms, cgb, frac))
    return y
ys = row("start", starts)
yr = row("reference", refs)
print()
for name, y in (("start", ys), ("reference", yr)):
    if y:
        print("%-10s ln(ms) over %d scorings: min %.4f max %.4f range %.4f "
              "(goal <= 0.02), within-scoring spread median %.4f" % (name,
              len(y), min(y), max(y), max(y) - min(y), statistics.median(
              [r["message"]["spread_ln"] for r in (starts if name == "start" else refs)])))
if yr:
    print("reference bandwidth / copy bandwidth: %.3f (goal >= 0.8)" %
          statistics.median([r["message"]["fraction_of_copy"] for r in refs]))
if ys and yr:
    print("calibration: y_start = %.4f  y_ref = %.4f  (medians of ln ms)" %
          (statistics.median(ys), statistics.median(yr)))
EOF
echo
cat "$out/table.txt"
if [ "$failed" -ne 0 ]; then
	echo "$failed GPU test(s) failed"
	exit 1
fi
echo "all GPU tests passed"
exit 0
