#!/bin/sh
# Scorer of the demo task. The participant's solution.c is compiled on its
# own and linked only with worker.c; the harness, built without it, runs
# that worker as a child, takes the clocks and writes the result on the
# result channel (fd $BASELINER_RESULT_FD). A solution that defines a
# symbol the harness or the worker uses (clock_gettime, write, main...) is
# refused before it runs.
set -u
out=${BASELINER_SCRATCH:-$(mktemp -d)}
work=${BASELINER_WORKDIR:?BASELINER_WORKDIR is not set}
here=$(cd "$(dirname "$0")" && pwd)
result() {
	if [ -n "${BASELINER_RESULT_FD:-}" ]; then
		eval "echo \"\$1\" >&$BASELINER_RESULT_FD"
	else
		echo "$1"
	fi
	exit 0
}
cp "$work/solution.c" "$out/solution.c" 2>/dev/null ||
	result '{"score": null, "message": {"reason": "solution.c is missing from the work folder"}}'
if ! cc -O2 -march=native -std=gnu11 -c -o "$out/solution.o" \
    "$out/solution.c" 2>"$out/cc.log"; then
	cat "$out/cc.log" >&2
	# The first compiler error goes to the message.
	err=$(grep -m1 'error' "$out/cc.log" | sed 's/\\/\\\\/g; s/"/\\"/g' | cut -c1-300)
	result "{\"score\": null, \"message\": {\"reason\": \"solution.c does not compile: $err\"}}"
fi
cc -O2 -std=gnu11 -c -o "$out/worker.o" "$here/worker.c" &&
    cc -O2 -std=gnu11 -c -o "$out/harness.o" "$here/harness.c" &&
    cc -o "$out/harness" "$out/harness.o" -lm ||
	result '{"score": null, "message": {"reason": "the harness does not build"}}'
# What the harness and the worker define or use, and the clocks.
{
	nm -u "$out/worker.o" "$out/harness.o"
	nm -g --defined-only "$out/worker.o" "$out/harness.o"
	printf '%s\n' clock_gettime gettimeofday time clock syscall \
	    __vdso_clock_gettime clock_getres timespec_get
} | awk 'NF { print $NF }' | grep -vx prefix_sum | sort -u >"$out/harness.syms"
nm -g --defined-only "$out/solution.o" | awk 'NF { print $NF }' |
	sort -u >"$out/solution.syms"
bad=$(comm -12 "$out/harness.syms" "$out/solution.syms" | head -5 | tr '\n' ' ')
if [ -n "$bad" ]; then
	result "{\"score\": null, \"message\": {\"reason\": \"solution.c defines ${bad% }, which the harness uses: not allowed\"}}"
fi
grep -qx prefix_sum "$out/solution.syms" ||
	result '{"score": null, "message": {"reason": "solution.c does not define prefix_sum"}}'
if ! cc -o "$out/worker" "$out/worker.o" "$out/solution.o" -lm \
    2>"$out/ld.log"; then
	cat "$out/ld.log" >&2
	result '{"score": null, "message": {"reason": "solution.c does not link (see the log)"}}'
fi
exec "$out/harness" "$out/worker"
