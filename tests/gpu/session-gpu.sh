#!/bin/sh
# A whole session of the prefix_sum task on a GPU, through baseliner itself:
# GPU telemetry, calibration with "baseliner task calibrate", a session that
# holds the GPU (a second one cannot take it), the start scored, the
# reference scored with the GPU's state stored in the score row, submit and
# export. Skips (77) without a GPU.
#
# Environment: BASELINER (the binary), BASELINER_LIBEXEC (where
# bl-prefix-harness is; built here with gpu/harness/build-harness.sh if
# unset), OUT (where to leave what it measured, optional).
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
bl=${BASELINER:-$top/baseliner}
if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L >/dev/null 2>&1
then
	echo "no GPU here: skipping"
	exit 77
fi
command -v python3 >/dev/null || { echo "no python3: skipping"; exit 77; }
BASELINER_HOME=$(mktemp -d); export BASELINER_HOME
BASELINER_TASKS=$top/tasks; export BASELINER_TASKS
trap 'pkill -f "__server $BASELINER_HOME" 2>/dev/null; pkill -f "__holder $BASELINER_HOME" 2>/dev/null; rm -rf "$BASELINER_HOME"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
state() {
	python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT state FROM session').fetchone()[0])" \
	    "$BASELINER_HOME/sessions/$1/session.db"
}
wait_state() {
	n=0
	while [ "$(state "$1")" != "$2" ]; do
		n=$((n + 1))
		[ "$n" -gt 1800 ] && fail "session $1 never reached $2"
		sleep 0.2
	done
}
if [ -z "${BASELINER_LIBEXEC:-}" ]; then
	BASELINER_LIBEXEC=$(mktemp -d)
	sh "$top/gpu/harness/build-harness.sh" "$BASELINER_LIBEXEC" >/dev/null ||
	    fail "cannot build the harness"
fi
export BASELINER_LIBEXEC

$bl gpu || fail "baseliner gpu"
$bl gpu --json | python3 -c "import json,sys; g=json.load(sys.stdin); assert g" ||
	fail "baseliner gpu --json"
$bl tasks | grep -E '^prefix_sum +ready' || fail "prefix_sum is not ready here"
$bl task calibrate prefix_sum --runs "${RUNS:-5}" ${WRITE:+--write} ||
	fail "calibrate"

id=$($bl start prefix_sum --participant gpu-test --detach) || fail "start"
$bl start prefix_sum --participant second --detach 2>"$BASELINER_HOME/err" &&
	fail "a second session took the held GPU"
grep -q "free" "$BASELINER_HOME/err" || { cat "$BASELINER_HOME/err"; fail "no reason given"; }
wait_state "$id" running
$bl status -s "$id"
$bl sessions
cp "$top/tasks/prefix_sum/solutions/reference/solution.cu" \
    "$BASELINER_HOME/sessions/$id/work/solution.cu"
$bl score -s "$id" || fail "the reference did not score"
$bl scores -s "$id"
$bl scores -s "$id" --json | python3 -c '
import json, sys
rows = json.load(sys.stdin)["scores"]
start, ref = rows[0], rows[1]
assert start["is_start"] and start["status"] == "valid", start
assert ref["status"] == "valid", ref
assert 0.7 < ref["normalized"] < 1.4, ref["normalized"]
g = ref["gpu_state"]
assert g and g[0]["name"], g
print("reference: normalized %.3f, raw %.4f, GPU %s" % (ref["normalized"], ref["raw"], g[0]["name"]))
' || fail "score rows"
$bl submit -s "$id" >/dev/null || fail "submit"
wait_state "$id" ended
$bl export -s "$id" -o "${OUT:-$BASELINER_HOME}/export" >/dev/null || fail "export"
exit 0
