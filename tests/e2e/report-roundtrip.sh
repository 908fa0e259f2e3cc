#!/bin/sh
# The round trip through the real programs: a session of the demo task is
# scored and submitted, "baseliner export" writes it out, "import-runs"
# reads it back, and the study holds the same scorings (elapsed time,
# status, raw and normalized score) as the export, and the report gives
# the run the final score that session.json states.
set -u
BASELINER_HOME=$(mktemp -d); export BASELINER_HOME
out=$(mktemp -d)
trap 'rm -rf "$BASELINER_HOME" "$out"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
command -v python3 > /dev/null || { echo "no python3"; exit 77; }
command -v sqlite3 > /dev/null || { echo "no sqlite3"; exit 77; }
command -v cc > /dev/null || { echo "no cc for the demo task"; exit 77; }

# Wait up to $1 seconds for the shell command $2 to succeed.
wait_for() {
	n=0
	while ! sh -c "$2" > /dev/null 2>&1; do
		n=$((n + 1))
		[ "$n" -gt $(($1 * 10)) ] && return 1
		sleep 0.1
	done
}

id=$($BASELINER start demo --participant rt-p1 --detach) || fail "start"
db=$BASELINER_HOME/sessions/$id/session.db
export BASELINER_SESSION=$id
wait_for 60 "sqlite3 $db \"SELECT state FROM session\" | grep -q running" ||
	fail "the clock never started"
cp "$top_srcdir/tasks/demo/solutions/reference/solution.c" \
    "$BASELINER_HOME/sessions/$id/work/"
$BASELINER score > /dev/null || fail "score"
$BASELINER submit > /dev/null || fail "submit"
wait_for 60 "sqlite3 $db \"SELECT state FROM session\" | grep -q ended" ||
	fail "the session did not end"
$BASELINER export -s "$id" -o "$out/x" > /dev/null || fail "export"
e=$out/x/$id
[ -s "$e/session.json" ] && [ -s "$e/scores.jsonl" ] || fail "export files"

$BASELINER import-runs --study "$out/study.db" "$e" > "$out/imp.txt" 2>&1 ||
	fail "import-runs: $(cat "$out/imp.txt")"
$BASELINER report --study "$out/study.db" -o "$out/r" > /dev/null ||
	fail "report"

sqlite3 -separator ' ' "$out/study.db" "SELECT elapsed_s, status,
    ifnull(raw, 'null'), ifnull(normalized, 'null') FROM score
    WHERE run_id = '$id' ORDER BY seq" > "$out/imported.txt"
python3 - "$e" "$out/imported.txt" "$out/r/runs.csv" <<'EOF' || exit 1
import csv, json, math, sys
d, imported, runs = sys.argv[1:4]
rows = [json.loads(l) for l in open(d + "/scores.jsonl") if l.strip()]
rows.sort(key=lambda r: r["elapsed_s"])
got = [l.split() for l in open(imported)]
if len(got) != len(rows) or len(rows) < 3:
    sys.exit("FAIL: %d scorings imported, %d exported" % (len(got), len(rows)))
def same(a, b):
    if b is None or b == "null":
        return a == "null"
    return a != "null" and math.isclose(float(a), b, abs_tol=1e-9)
for r, g in zip(rows, got):
    norm = r["normalized"] if r["status"] == "valid" else None
    if not (math.isclose(float(g[0]), r["elapsed_s"], abs_tol=1e-9)
            and g[1] == r["status"] and same(g[2], r["raw"])
            and same(g[3], norm)):
        sys.exit("FAIL: scoring %s: imported %s" % (r["id"], g))
final = json.load(open(d + "/session.json"))["final"]["normalized"]
score = [r for r in csv.DictReader(open(runs))][0]["score"]
if not math.isclose(float(score), final, abs_tol=1e-6):
    sys.exit("FAIL: report score %s, session.json final %s" % (score, final))
EOF
exit 0
