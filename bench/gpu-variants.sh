#!/bin/sh
# gpu-variants.sh: score variants of the prefix_sum reference solution (tile
# shape: threads per block x elements per thread) once each with the task's
# harness, and print median ms, bandwidth and the fraction of the copy
# bandwidth measured in the same run. For choosing the reference's shape.
#
#	sh bench/gpu-variants.sh HARNESS [THREADSxITEMS[lN][sN][d] ...]
#
# lN looks back over N tiles per lane per round (256x16l4), sN sleeps N ns
# between polls (256x16l1s100), a trailing b loads and stores each thread's
# run directly instead of through shared memory; a trailing d
# takes tiles from an atomic counter instead of blockIdx.x.
set -u
harness=${1:?usage: gpu-variants.sh HARNESS [THREADSxITEMS ...]}
shift
top=$(cd "$(dirname "$0")/.." && pwd)
work=${TMPDIR:-/tmp}/bl-gpu-variants.$$
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
[ $# -gt 0 ] || set -- 128x16 256x8 256x16 256x32 512x8 512x16
printf '%-8s %10s %9s %9s %9s\n' shape "median ms" "ln ms" "GB/s" "of copy"
for v in "$@"; do
	d=0 l=1 z=100 tr=1
	case $v in *d) d=1 ;; esac
	w=${v%d}
	case $w in *b) tr=0 w=${w%b} ;; esac
	case $w in *s*) z=${w#*s} w=${w%s*} ;; esac
	case $w in *l*) l=${w#*l} w=${w%l*} ;; esac
	t=${w%x*} i=${w#*x}
	mkdir -p "$work/$v/scratch"
	{
		printf '#define PS_THREADS %s\n#define PS_ITEMS %s\n' "$t" "$i"
		printf '#define PS_DYNAMIC %s\n#define PS_LOOK %s\n' "$d" "$l"
		printf '#define PS_SLEEP %s\n#define PS_TRANSPOSE %s\n' "$z" "$tr"
		cat "$top/tasks/prefix_sum/solutions/reference/solution.cu"
	} >"$work/$v/solution.cu"
	BASELINER_SCRATCH=$work/$v/scratch "$harness" "$work/$v" \
	    >"$work/$v/out" 2>"$work/$v/err"
	tail -n 1 "$work/$v/out" | python3 -c 'import json, sys
v = sys.argv[1]
r = json.loads(sys.stdin.read())
m = r["message"]
if r["score"] is None:
    print("%-8s invalid: %s" % (v, m.get("reason")))
else:
    print("%-8s %10.4f %9.4f %9.0f %9.3f" % (v, m["ms"], m["ln_ms"],
        m["bandwidth_gbs"], m["fraction_of_copy"]))' "$v"
done
