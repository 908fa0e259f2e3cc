#!/bin/sh
# gpu-variants.sh: score variants of the prefix_sum reference solution once
# each with the task's harness, and print median ms, bandwidth and the
# fraction of the copy bandwidth measured in the same run. For choosing the
# reference's shape.
#
#	sh bench/gpu-variants.sh HARNESS [VARIANT ...]
#
# A variant is THREADSxITEMS, optionally followed by bN (registers capped
# for N blocks per SM), e.g. 256x32b5; left out, the reference's value.
# A variant that is a path to a .cu file scores that file as it is (another
# solution, or an older reference, as a baseline in the same run);
# FILE.cu@SHAPE scores that file with the shape's macros set.
# A variant that hangs is stopped after 3 s (harness --timeout). With LOGS
# set, each variant's harness output is kept there.
set -u
harness=${1:?usage: gpu-variants.sh HARNESS [VARIANT ...]}
shift
top=$(cd "$(dirname "$0")/.." && pwd)
ref=$top/tasks/prefix_sum/solutions/reference/solution.cu
work=${TMPDIR:-/tmp}/bl-gpu-variants.$$
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
[ $# -gt 0 ] || set -- 128x64b6 256x32b5 128x32b10 256x16b8
printf '%-16s %10s %9s %9s %9s %7s\n' variant "median ms" "ln ms" "GB/s" \
    "of copy" spread
for v in "$@"; do
	name=$(basename "$v" .cu) src=$ref spec=$v
	case $v in
	*.cu@*)
		src=${v%@*} spec=${v#*@}
		name=$(basename "$src" .cu)@$spec ;;
	esac
	mkdir -p "$work/$name/scratch"
	case $spec in
	*.cu)
		cp "$v" "$work/$name/solution.cu" ;;
	*)
		t=${spec%%x*} rest=${spec#*x}
		i=${rest%%[a-z]*} rest=${rest#"$i"}
		{
			printf '#define PS_THREADS %s\n#define PS_ITEMS %s\n' "$t" "$i"
			while [ -n "$rest" ]; do
				letter=$(printf %.1s "$rest") rest=${rest#?}
				num=${rest%%[a-z]*} rest=${rest#"$num"}
				case $letter in
				b) printf '#define PS_BLOCKS %s\n' "$num" ;;
				*) echo "gpu-variants.sh: unknown letter $letter in $v" >&2 ;;
				esac
			done
			cat "$src"
		} >"$work/$name/solution.cu" ;;
	esac
	BASELINER_SCRATCH=$work/$name/scratch "$harness" --timeout 3 \
	    "$work/$name" >"$work/$name/out" 2>"$work/$name/err"
	if [ -n "${LOGS:-}" ]; then
		mkdir -p "$LOGS"
		cat "$work/$name/err" "$work/$name/out" >"$LOGS/$name.log"
	fi
	tail -n 1 "$work/$name/out" | python3 -c 'import json, sys
v = sys.argv[1]
try:
    r = json.loads(sys.stdin.read())
except ValueError:
    print("%-16s no result line" % v)
    sys.exit()
m = r["message"]
if r["score"] is None:
    print("%-16s invalid: %s" % (v, m.get("reason")))
else:
    print("%-16s %10.4f %9.4f %9.0f %9.3f %7.4f" % (v, m["ms"], m["ln_ms"],
        m["bandwidth_gbs"], m["fraction_of_copy"], m["spread_ln"]))' "$name"
done
