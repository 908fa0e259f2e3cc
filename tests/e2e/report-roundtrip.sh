#!/bin/sh
# The round trip through the real programs: a session of the demo task is
# scored and submitted, "baseliner export" writes it out, "import-runs"
# reads it back, and the study holds the same scorings (elapsed time,
# status, raw and normalized score) as the export, and the report gives
# the run the final score that session.json states. The same through
# Inspect AI's eval log: the exported inspect.json and inspect.eval are
# well-formed eval logs (against Inspect's schema when
# $BASELINER_INSPECT_SCHEMA names it, else against our own reading of the
# fields it requires), and importing either gives the same scorings.
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
# Inspect: the eval logs check, and come back with the same scorings.
python3 "$top_srcdir/tests/tools/inspect_check.py" "$e/inspect.json" \
    "$e/inspect.eval" > "$out/check.txt" 2>&1 ||
	fail "eval logs: $(cat "$out/check.txt")"
cat "$out/check.txt"
head -c 4 "$e/inspect.eval" | od -c | grep -q 'P   K 003 004' ||
	fail "inspect.eval is not a zip"
for f in inspect.eval inspect.json; do
	db=$out/$f.db
	$BASELINER import-runs --study "$db" "$e/$f" > "$out/imp.txt" 2>&1 ||
		fail "import-runs $f: $(cat "$out/imp.txt")"
	sqlite3 -separator ' ' "$db" "SELECT elapsed_s, status,
	    ifnull(raw, 'null'), ifnull(normalized, 'null') FROM score
	    WHERE run_id = '$id' ORDER BY seq" > "$out/$f.txt"
	# scores.jsonl rounds to 10 digits; the eval log keeps all 17.
	python3 - "$out/imported.txt" "$out/$f.txt" <<'EOF' ||
import math, sys
a = [l.split() for l in open(sys.argv[1])]
b = [l.split() for l in open(sys.argv[2])]
def same(x, y):
    if "null" in (x, y) or x in ("valid", "invalid", "error"):
        return x == y
    return math.isclose(float(x), float(y), rel_tol=1e-9, abs_tol=1e-9)
ok = len(a) == len(b) and all(len(r) == len(q) and all(map(same, r, q))
                              for r, q in zip(a, b))
sys.exit(0 if ok else 1)
EOF
		fail "$f round trip: $(diff "$out/imported.txt" "$out/$f.txt")"
	[ "$(sqlite3 "$db" "SELECT kind || ' ' || grp || ' ' || limit_s FROM run")" = \
	    "$(sqlite3 "$out/study.db" "SELECT kind || ' ' || grp || ' ' || limit_s FROM run")" ] ||
		fail "$f round trip: the run's kind, group or limit changed"
done
exit 0
