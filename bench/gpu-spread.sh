#!/bin/sh
# gpu-spread.sh: how well repeated scorings of one solution agree, under
# several settings of the harness, scored in turn (A B C A B C ...) so that
# a drift of the card hits every setting alike. For each setting it prints
# the range of ln(median ms) over the scorings (the issue's goal: <= 0.02),
# the same for the copy timed in the same runs, and the fraction of copy.
#
#	sh bench/gpu-spread.sh HARNESS SOLUTION_DIR N 'ARGS' ['ARGS' ...]
#
# e.g. gpu-spread.sh gpu/bl-prefix-harness tasks/prefix_sum/solutions/reference
#      10 '' '--reps 30' '--reps 30 --warmups 20'
# A setting that starts with @FILE runs the harness FILE instead (an older
# build, to compare in the same run): '@/tmp/old/bl-prefix-harness --reps 10'.
# VERBOSE=1 prints every scoring's times as well.
set -u
harness=${1:?usage: gpu-spread.sh HARNESS DIR N ARGS...}
dir=$(cd "${2:?}" && pwd) n=${3:?}
shift 3
[ $# -gt 0 ] || set -- ''
work=${TMPDIR:-/tmp}/bl-gpu-spread.$$
mkdir -p "$work/scratch"
trap 'rm -rf "$work"' EXIT
k=1
while [ "$k" -le "$n" ]; do
	i=0
	for args in "$@"; do
		i=$((i + 1))
		h=$harness
		case $args in @*)
			h=${args%% *} h=${h#@}
			case $args in *" "*) args=${args#* } ;; *) args= ;; esac
		esac
		# shellcheck disable=SC2086
		BASELINER_WORKDIR=$dir BASELINER_SCRATCH=$work/scratch \
		    "$h" $args "$dir" 2>/dev/null | tail -n 1 >>"$work/$i"
	done
	k=$((k + 1))
done
i=0
for args in "$@"; do
	i=$((i + 1))
	python3 - "$work/$i" "${args:-(defaults)}" <<'PY'
import json, math, os, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
ok = [r["message"] for r in rows if r.get("score") is not None]
if not ok:
    print("%-32s no valid scoring" % sys.argv[2]); sys.exit()
ln = [math.log(m["ms"]) for m in ok]
cp = [math.log(m["copy_ms"]) for m in ok]
fr = [m["fraction_of_copy"] for m in ok]
ms = sorted(m["ms"] for m in ok)
if os.environ.get("VERBOSE"):
    for r in rows:
        m, d = r["message"], r.get("details") or {}
        if r.get("score") is None:
            continue
        print("  ln %.4f  copy ln %.4f  sm MHz %s  mem MHz %s  calls %s" % (
              math.log(m["ms"]), math.log(m["copy_ms"]),
              sorted(set(d.get("clock_sm_mhz", []))),
              sorted(set(d.get("clock_mem_mhz", []))),
              " ".join("%.4f" % t for t in m["times_ms"])))
print("%-32s %2d scorings  median %.4f ms  ln range %.4f  copy ln range %.4f"
      "  of copy %.3f..%.3f" % (sys.argv[2], len(ok), ms[len(ms) // 2],
      max(ln) - min(ln), max(cp) - min(cp), min(fr), max(fr)))
PY
done
