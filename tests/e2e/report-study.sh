#!/bin/sh
# What a study records beyond the scores: participants' attributes, a
# give-up with its reason, a run excluded after review with who and why,
# all in runs.csv and runs.jsonl; excluded runs score 0 (the paper) or are
# left out, as the study says; marks survive a re-import; humans grouped
# by an attribute. On the fixture study (tests/fixtures/report), humans at
# 8 h: p1 0.952381, p2 (participant a7f3c2e91b04) 0.5.
set -u
BASELINER_HOME=$(mktemp -d); export BASELINER_HOME
out=$(mktemp -d)
trap 'rm -rf "$BASELINER_HOME" "$out"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
command -v python3 > /dev/null || { echo "no python3"; exit 77; }
fx=$top_srcdir/tests/fixtures/report
B=$BASELINER
col() {
	awk -F, -v c="$2" -v key="$3" '
	NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
	{
		n = split(key, k, ",")
		for (i = 1; i <= n; i++) if ($i != k[i]) next
		print $(idx[c]); exit
	}' "$1"
}
near() {
	awk -v a="$1" -v b="$2" -v e="$3" 'BEGIN {
		d = a - b; if (d < 0) d = -d
		exit !(a != "" && d <= e) }'
}
s="--study $out/s.db"

$B import-runs $s --tasks "$fx/tasks" "$fx/session-p1" "$fx/session-p2" \
    "$fx/agents.csv" > /dev/null || fail "import"
printf '%s\n' "participant,expertise,recruitment,ai_tools,consent,pay_rate" \
    "p1,ml,referral,allowed,yes,50" "a7f3c2e91b04,systems,job board,none,yes,62.5" \
    > "$out/people.csv"
$B import-runs $s --participants "$out/people.csv" > "$out/p.txt" ||
	fail "participants: $(cat "$out/p.txt")"
grep -q "2 participants" "$out/p.txt" || fail "participants: $(cat "$out/p.txt")"

# An exclusion needs who and why.
$B mark-run $s demo s-20261128-p2 --exclude > /dev/null 2>&1
[ $? -eq 2 ] || fail "an exclusion without --by and --why"
$B mark-run $s demo nope --gave-up x > /dev/null 2>&1 && fail "a missing run"
$B mark-run $s demo s-20261128-p2 --exclude --by "reviewer A" \
    --why "copied the reference" > /dev/null || fail "mark-run --exclude"
$B mark-run $s demo a2 --gave-up "out of ideas" > /dev/null ||
	fail "mark-run --gave-up"
# Importing p2 again keeps its mark.
$B import-runs $s "$fx/session-p2" > /dev/null || fail "re-import"

$B report $s -o "$out/r" > "$out/r.txt" || fail "report"
# Excluded scores 0 by default: humans at 8 h {0.952381, 0}: 0.476190.
near "$(col "$out/r/score_at_k.csv" expected "demo,human,28800,28800")" \
    0.476190 1e-6 || fail "an excluded run does not score 0"
[ "$(col "$out/r/runs.csv" excluded "demo,s-20261128-p2")" = 1 ] ||
	fail "runs.csv: not excluded"
[ "$(col "$out/r/runs.csv" excluded_by "demo,s-20261128-p2")" = "reviewer A" ] ||
	fail "runs.csv: who excluded"
near "$(col "$out/r/runs.csv" score "demo,s-20261128-p2")" 0 0 ||
	fail "runs.csv: the excluded run's score"
[ "$(col "$out/r/runs.csv" gave_up_reason "demo,a2")" = \
    "out of ideas" ] || fail "runs.csv: the give-up's reason"
grep -q '""expertise"":""ml""' "$out/r/runs.csv" ||
	fail "runs.csv: no participant attributes"
grep -q "note: 1 run excluded after review scored 0" "$out/r.txt" ||
	fail "no note on the exclusion"
grep -q "note: 1 run given up" "$out/r.txt" || fail "no note on the give-up"

# In runs.jsonl too.
$B export-runs $s -o "$out/runs.jsonl" > /dev/null || fail "export-runs"
python3 - "$out/runs.jsonl" <<'PY' || fail "runs.jsonl metadata"
import json, sys
by = {r["run_id"]: r for r in map(json.loads, open(sys.argv[1]))}
p2 = by["s-20261128-p2"]
assert p2["excluded"] and p2["excluded_by"] == "reviewer A", p2
assert p2["excluded_why"] == "copied the reference" and p2["score_cont"] == 0
assert p2["participant_attributes"]["pay_rate"] == 62.5, p2
assert by["a2"]["gave_up_reason"] == "out of ideas"
assert by["s-20261127-p1"]["participant_attributes"]["ai_tools"] == "allowed"
PY
# And in each run's Inspect eval log, under the sample's metadata, the
# excluded run's sample scoring 0.
$B export-runs $s --format inspect-json -o "$out/ev" > /dev/null ||
	fail "export-runs --format inspect-json"
python3 - "$out/ev" <<'PY' || fail "eval log metadata"
import json, os, sys
def study(name):
    s = json.load(open(os.path.join(sys.argv[1], name)))["samples"][0]
    return s["metadata"]["baseliner"]["study"], s["scores"]["baseliner"]
p2, sc = study("demo--s-20261128-p2.json")
assert p2["excluded"] and p2["excluded_by"] == "reviewer A", p2
assert p2["excluded_why"] == "copied the reference", p2
assert p2["participant_attributes"]["pay_rate"] == 62.5, p2
assert sc["value"] == 0, sc
assert study("demo--a2.json")[0]["gave_up_reason"] == "out of ideas"
p1, sc = study("demo--s-20261127-p1.json")
assert not p1["excluded"] and p1["gave_up_reason"] is None, p1
assert abs(sc["value"] - 0.952381) < 1e-6, sc
PY

# The study says: leave excluded runs out. Humans at 8 h: p1 alone.
$B import-runs $s --excluded omit > /dev/null || fail "--excluded omit"
$B import-runs $s --excluded maybe > /dev/null 2>&1
[ $? -eq 2 ] || fail "a bad --excluded"
$B report $s -o "$out/o" > "$out/o.txt" || fail "report, omit"
near "$(col "$out/o/score_at_k.csv" expected "demo,human,28800,28800")" \
    0.952381 1e-6 || fail "an excluded run is not left out"
grep -q "s-20261128-p2" "$out/o/runs.csv" && fail "the left-out run in runs.csv"
grep -q "left out, as the study says" "$out/o.txt" || fail "no note: omit"

# Lift it; group humans by expertise: one series each.
$B mark-run $s demo s-20261128-p2 --include > /dev/null || fail "--include"
$B report $s -o "$out/g" --by expertise > "$out/g.txt" || fail "report --by"
near "$(col "$out/g/score_at_k.csv" expected "demo,human [expertise=ml],28800,28800")" \
    0.952381 1e-6 || fail "--by expertise: ml"
near "$(col "$out/g/score_at_k.csv" expected "demo,human [expertise=systems],28800,28800")" \
    0.5 1e-6 || fail "--by expertise: systems"
exit 0
