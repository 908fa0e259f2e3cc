#!/bin/sh
# Scorer of the demo task: build the participant's solution.c with the
# harness, run it; the harness prints the result line.
set -u
out=${BASELINER_SCRATCH:-$(mktemp -d)}
work=${BASELINER_WORKDIR:?BASELINER_WORKDIR is not set}
here=$(cd "$(dirname "$0")" && pwd)
cp "$work/solution.c" "$out/solution.c" 2>/dev/null || {
	echo '{"score": null, "message": {"reason": "solution.c is missing from the work folder"}}'
	exit 0
}
if ! cc -O2 -march=native -std=gnu11 -o "$out/harness" "$here/harness.c" \
    "$out/solution.c" -lm 2>"$out/cc.log"; then
	cat "$out/cc.log" >&2
	# The first compiler error goes to the message.
	err=$(grep -m1 'error' "$out/cc.log" | sed 's/\\/\\\\/g; s/"/\\"/g' | cut -c1-300)
	echo "{\"score\": null, \"message\": {\"reason\": \"solution.c does not compile: $err\"}}"
	exit 0
fi
exec "$out/harness"
