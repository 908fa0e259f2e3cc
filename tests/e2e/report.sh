#!/bin/sh
# import-runs and report on a hand-made study (tests/fixtures/report):
#
#   task demo (lower is better, y_start 3.2, y_ref 1.1: normalized is
#   (3.2 - raw) / 2.1), from the exported sessions' scoring:
#     human p1 (8 h): 0 s 0, 30 min 1/3, 1.5 h invalid, 2.5 h 0 (raw 3.5,
#       clipped), 4 h 0.857143, 6 h error, 8 h 0.952381  -> final 0.952381
#     human p2 (8 h): 0 s 0, 1 h 0.5, 20000 s timeout  -> final 0.5
#     bot a1 (2 h): 0 s 0, 30 min 0.3 (raw 2.57), 7000 s 0.6 (raw 1.94)
#     bot a2 (2 h): 0 s 0, 5000 s 0.1 (raw 2.99)
#     "zeta & <co>" z1 (no limit: 1000 s rounds up to 30 min): 0.25
#   task mini (task pack: higher, 0.2 -> 0.7, the LAST score counts,
#   hidden): normalized is (raw - 0.2) / 0.5
#     bot m1 (2 h): 0.2 -> 0, 0.45 -> 0.5, 0.3 -> 0.2   -> final 0.2 (last)
#     bot m2 (2 h): 0.2 -> 0, NaN, 0.7 -> 1.0           -> final 1.0
#
# score@k worked by hand (E[best of k] = sum x_(i) ((i/n)^k - ((i-1)/n)^k)):
#   humans, demo: 30 min, cut at 1800 s: {1/3, 0}, k=1 -> 1/6 = 0.166667
#                 2 h, cut at 7200 s: {1/3, 0.5} -> 0.416667
#                 8 h: {0.952381, 0.5}, k=1 -> 0.726190
#                 16 h, k=2: 0.5/4 + 0.952381*3/4 = 0.839286
#                 32 h, k=4: 0.5/16 + 0.952381*15/16 = 0.924107
#   bot, demo:    30 min: nothing (agents are compared at their own
#                 limits; 2-hour runs are not read at 30 min);
#                 2 h: {0.6, 0.1} -> 0.35
#                 8 h, k=4: 0.1/16 + 0.6*15/16 = 0.56875
#                 16 h, k=8: 0.1/256 + 0.6*255/256 = 0.598047
#   bot, mini (hidden: one random run): 2 h and beyond: {0.2, 1.0} -> 0.6
#   bot, over tasks: 2 h (0.35 + 0.6)/2 = 0.475; 8 h (0.56875 + 0.6)/2 =
#                 0.584375
#
# The interval is a bootstrap over runs of the expected best of k: humans
# at 16 h resample {0.952381, 0.5}: both 0.5 (1/4) gives 0.5, both 0.952381
# (1/4) gives 0.952381, one of each gives 0.839286: [0.5, 0.952381].
#   zeta, demo (one 30 min run): 0.25 at every budget
#
# score at time, humans on demo at t = 1920 s (a point of the grid):
#   step: p1 1/3, p2 0 -> 0.166667
#   log-linear: p1 1/3 (its next scoring is invalid); p2 between (0, 0)
#   and (3600 s, 0.5): 0.5 * ln(1920/60) / ln(3600/60) = 0.423235
#   -> mean 0.378284
set -u
BASELINER_HOME=$(mktemp -d); export BASELINER_HOME
out=$(mktemp -d)
trap 'rm -rf "$BASELINER_HOME" "$out"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
fx=$top_srcdir/tests/fixtures/report
B=$BASELINER

# The value of column $2 in the row of $1 whose first columns are $3.
col() {
	awk -F, -v c="$2" -v key="$3" '
	NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
	{
		n = split(key, k, ",")
		for (i = 1; i <= n; i++) if ($i != k[i]) next
		print $(idx[c]); exit
	}' "$1"
}
# Is |$1 - $2| <= $3?
near() {
	awk -v a="$1" -v b="$2" -v e="$3" 'BEGIN {
		d = a - b; if (d < 0) d = -d
		exit !(a != "" && d <= e) }'
}
check_k() {	# scope group per_run budget_s want_expected
	row="$1,$2,$3,$4"
	e=$(col "$out/r/score_at_k.csv" expected "$row")
	m=$(col "$out/r/score_at_k.csv" mean "$row")
	near "$e" "$5" 0.000001 || fail "score@k $row: expected $e, want $5"
	# The point estimate is the exact expectation, not a bootstrap mean.
	[ "$m" = "$e" ] || fail "score@k $row: mean $m is not expected $e"
}

# Import: sessions, then agent logs normalized by the sessions' scoring and
# by the task pack.
$B import-runs --tasks "$fx/tasks" "$fx/session-p1" "$fx/session-p2" \
    "$fx/agents.csv" "$fx/agents.jsonl" > "$out/import.txt" 2>&1 ||
	{ cat "$out/import.txt"; fail "import-runs"; }
grep -q "agents.csv: 3 runs, 7 scorings" "$out/import.txt" ||
	fail "import summary: $(cat "$out/import.txt")"
grep -q "1 run had no time_limit_s" "$out/import.txt" ||
	fail "no note about the inferred limit"
[ -f "$BASELINER_HOME/study.db" ] || fail "no study.db in BASELINER_HOME"

# Errors name the file and the line; a bad file changes nothing.
$B import-runs "$fx/bad.csv" > "$out/err.txt" 2>&1 && fail "bad.csv accepted"
grep -q "bad.csv:3: elapsed_s" "$out/err.txt" ||
	fail "bad.csv error: $(cat "$out/err.txt")"
printf 'run_id,task_id,agent,elapsed_s,score\nx,ghost,bot,0,1.0\n' \
    > "$out/ghost.csv"
$B import-runs "$out/ghost.csv" > "$out/err.txt" 2>&1 && fail "ghost accepted"
grep -q "ghost.csv:2: task 'ghost' has no normalization" "$out/err.txt" ||
	fail "ghost error: $(cat "$out/err.txt")"
$B import-runs --task-params ghost:1:2:up > /dev/null 2>&1 &&
	fail "a bad --task-params accepted"
$B import-runs > /dev/null 2>&1; [ $? -eq 2 ] || fail "no files: not usage"

# Re-import is idempotent.
$B import-runs "$fx/agents.csv" "$fx/session-p1" > "$out/again.txt" 2>&1 ||
	fail "re-import"
grep -q "(3 replaced)" "$out/again.txt" || fail "re-import: not replaced"

$B report -o "$out/r" --bootstrap 20000 > "$out/summary.txt" 2>&1 ||
	{ cat "$out/summary.txt"; fail "report"; }
for f in runs.csv score_at_time.csv score_at_k.csv score_vs_time.svg \
    score_at_k.svg; do
	[ -s "$out/r/$f" ] || fail "$f missing"
done

# runs.csv: 7 runs; the round trip of the exported sessions gives their
# final scores; the inferred limit.
[ "$(wc -l < "$out/r/runs.csv")" -eq 8 ] || fail "runs.csv: not 7 runs"
near "$(col "$out/r/runs.csv" score "demo,s-20261127-p1")" 0.952381 1e-6 ||
	fail "p1's score is not session.json's final"
near "$(col "$out/r/runs.csv" score "demo,s-20261128-p2")" 0.5 1e-6 ||
	fail "p2's score is not session.json's final"
[ "$(col "$out/r/runs.csv" valid "demo,s-20261127-p1")" = 5 ] ||
	fail "p1 should have 5 valid scorings of 7"
near "$(col "$out/r/runs.csv" score "mini,m1")" 0.2 1e-6 ||
	fail "mini counts the last score"
[ "$(col "$out/r/runs.csv" per_run_s "demo,z1")" = 1800 ] ||
	fail "z1's limit is not rounded up to 30 min"

# score@k, by hand above.
check_k demo human 28800 1800 0.166667
check_k demo human 28800 7200 0.416667
check_k demo human 28800 28800 0.726190
check_k demo human 28800 57600 0.839286
check_k demo human 28800 115200 0.924107
check_k demo bot 7200 7200 0.35
check_k demo bot 7200 28800 0.56875
check_k demo bot 7200 57600 0.598047
check_k mini bot 7200 28800 0.6
check_k all bot 7200 7200 0.475
check_k all bot 7200 28800 0.584375
check_k all human 28800 115200 0.924107
for row in demo,bot,7200,1800 mini,bot,7200,1800 all,bot,7200,1800; do
	[ -z "$(col "$out/r/score_at_k.csv" expected "$row")" ] ||
		fail "score@k $row: 2-hour agent runs read at 30 min"
	[ "$(col "$out/r/score_at_k.csv" rule "$row")" = \
	    runs_longer_than_budget ] || fail "score@k $row: rule"
done
[ "$(col "$out/r/score_at_k.csv" k "demo,human,28800,115200")" = 4 ] ||
	fail "humans at 32 h are not best of 4"
[ "$(col "$out/r/score_at_k.csv" rule "mini,bot,7200,28800")" = random ] ||
	fail "the hidden task is not drawn at random"
[ "$(col "$out/r/score_at_k.csv" rule "demo,human,28800,7200")" = \
    at_budget ] || fail "humans at 2 h are not cut at the budget"
[ "$(col "$out/r/score_at_k.csv" tasks "all,bot,7200,1800")" = \
    "demo;mini" ] || fail "the tasks of bot"
lo=$(col "$out/r/score_at_k.csv" lo "demo,human,28800,57600")
hi=$(col "$out/r/score_at_k.csv" hi "demo,human,28800,57600")
near "$lo" 0.5 1e-6 && near "$hi" 0.952381 1e-6 ||
	fail "95% interval of humans at 16 h: [$lo, $hi]"

# Score at time: t = 1920 s, by hand above.
t=demo,human,28800,1920.0
near "$(col "$out/r/score_at_time.csv" step_mean "$t")" 0.166667 1e-6 ||
	fail "step mean at 1920 s"
near "$(col "$out/r/score_at_time.csv" loglinear_mean "$t")" 0.378284 1e-6 ||
	fail "log-linear mean at 1920 s"

# Reproducible with a seed, and the seed matters.
$B report -o "$out/r2" --bootstrap 20000 > /dev/null || fail "report 2"
cmp -s "$out/r/score_at_k.csv" "$out/r2/score_at_k.csv" ||
	fail "the same seed gave other numbers"
$B report -o "$out/r3" --bootstrap 20000 --seed 7 > /dev/null ||
	fail "report 3"
cmp -s "$out/r/score_at_k.csv" "$out/r3/score_at_k.csv" &&
	fail "another seed gave the same draws"

# The terminal summary: a header with the budgets, aligned columns: names
# left, numbers and durations (and their headers) right, as a researcher
# reads a table of numbers.
grep -q "^group  *per run  *tasks  *30 min  *2 h  *8 h  *16 h  *32 h" \
    "$out/summary.txt" || fail "summary header: $(cat "$out/summary.txt")"
awk '/^group /{
	h = index($0, "30 min") + 6; t = index($0, "tasks") + 5
	r = index($0, "per run") + 7
	getline; if (index($0, "0.33]*") + 6 != h || substr($0, t - 1, 1) != "1" ||
	    index($0, "8 h") + 3 != r || index($0, "human") != 1) exit 1
	getline; if (index($0, "2 h") + 3 != r || substr($0, t - 1, 1) != "2")
		exit 1
	found = 1 }
END { exit !found }' "$out/summary.txt" ||
	fail "summary columns are not aligned: $(cat "$out/summary.txt")"
awk '/^task /{ h = index($0, "human (8 h)") + 11; getline
	if (index($0, "0.73 (2)") + 8 != h) exit 1; found = 1 }
END { exit !found }' "$out/summary.txt" ||
	fail "final scores are not right-aligned: $(cat "$out/summary.txt")"
grep -q "note: task mini counts its last score, hidden" "$out/summary.txt" ||
	fail "no note on the hidden task"

# SVG: well-formed XML. Our own check always: balanced elements, escaped
# text (the agent "zeta & <co>" must appear escaped); xmllint when present.
for f in "$out/r/score_vs_time.svg" "$out/r/score_at_k.svg"; do
	head -1 "$f" | grep -q '^<?xml version="1.0"' || fail "$f: no XML header"
	[ "$(tail -1 "$f")" = "</svg>" ] || fail "$f: does not end with </svg>"
	for e in svg g text title; do
		o=$(grep -o "<$e[ >]" "$f" | wc -l)
		c=$(grep -o "</$e>" "$f" | wc -l)
		[ "$o" -eq "$c" ] || fail "$f: $o <$e> but $c </$e>"
	done
	grep -o '&[^;]*;' "$f" | grep -qv '^&\(amp\|lt\|gt\|quot\|apos\);$' &&
		fail "$f: a bad entity"
	sed 's/&[a-z]*;//g' "$f" | grep -q '&' && fail "$f: a bare &"
	grep -q 'zeta &amp; &lt;co&gt;' "$f" || fail "$f: the name is not escaped"
	grep -q '<polyline' "$f" || fail "$f: no lines"
	if command -v xmllint > /dev/null; then
		xmllint --noout "$f" || fail "$f: xmllint"
	fi
done
# Laid out for a reader: texts inside the canvas, the legend beside the
# plot area, the reference line labelled in the legend, per-task panels.
for f in score_vs_time_tasks.svg score_at_k_tasks.svg; do
	[ -s "$out/r/$f" ] || fail "no $f"
done
python3 "$top_srcdir/tests/tools/svg_check.py" "$out"/r/*.svg ||
	fail "figure layout"
grep -q 'class="note"' "$out/r/score_at_k.svg" && fail "a note without cause"
grep -c 'stroke-width="1" stroke-opacity' "$out/r/score_vs_time.svg" |
    grep -q '^7$' ||
	fail "score_vs_time.svg: not one faint line per run"
grep -q 'fill-opacity="0.14"' "$out/r/score_at_k.svg" ||
	fail "score_at_k.svg: no interval bands"

# Human attempts are one series whatever their limits (a limit includes
# extra time granted): p1 (8 h) and p3 (8.5 h) are both counted as 8-hour
# attempts, the most common limit; at 8 h: (0.952381 + 1.0) / 2 = 0.976190.
printf 'run_id,task_id,agent,elapsed_s,score,time_limit_s,kind\n%s\n%s\n' \
    "h3,demo,p3,0,3.2,30600,human" "h3,demo,p3,30000,1.1,30600,human" \
    > "$out/ext.csv"
$B import-runs --study "$out/ext.db" "$fx/session-p1" "$out/ext.csv" \
    > /dev/null || fail "import of an extended human attempt"
$B report --study "$out/ext.db" -o "$out/ext" --bootstrap 20000 > /dev/null ||
	fail "report on extended attempts"
e=$(col "$out/ext/score_at_k.csv" expected "demo,human,28800,28800")
near "$e" 0.976190 1e-6 || fail "8-hour score@k with an extension: $e"
grep -q '^demo,human,30600,' "$out/ext/score_at_k.csv" &&
	fail "an extended human attempt made its own series"
[ "$(col "$out/ext/runs.csv" participant "demo,h3")" = p3 ] ||
	fail "a human's name in a score log is its participant"

# An agent's scorings after its run's limit count nowhere, and the report
# says how many it dropped: a 30-minute run scoring 0.4 at 20 min and 0.9
# at 40 min scores 0.4, in runs.csv and in score@k.
printf 'run_id,task_id,agent,elapsed_s,score,normalized,time_limit_s\n%s\n%s\n%s\n' \
    "o1,demo,late,0,,0,1800" "o1,demo,late,1200,,0.4,1800" \
    "o1,demo,late,2400,,0.9,1800" > "$out/late.csv"
$B import-runs --study "$out/late.db" "$out/late.csv" > /dev/null ||
	fail "import of a late scoring"
$B report --study "$out/late.db" -o "$out/late" > "$out/late.txt" ||
	fail "report on a late scoring"
near "$(col "$out/late/runs.csv" score "demo,o1")" 0.4 1e-9 ||
	fail "a scoring after the limit counted in runs.csv"
[ "$(col "$out/late/runs.csv" dropped_after_limit "demo,o1")" = 1 ] ||
	fail "runs.csv does not count the dropped scoring"
near "$(col "$out/late/score_at_k.csv" expected "demo,late,1800,1800")" \
    0.4 1e-9 || fail "a scoring after the limit counted in score@k"
grep -q "note: 1 scoring logged after an agent run's time limit (1 run) dropped" \
    "$out/late.txt" || fail "no note on the dropped scoring"
grep -q "1 scoring logged after" "$out/late/score_vs_time.txt" ||
	fail "the caption does not say a scoring was dropped"
for f in score_vs_time.txt score_at_k.txt; do
	[ -s "$out/r/$f" ] || fail "no caption $f beside the figure"
done
# ... nor in the study's exports: runs.jsonl and the run's eval log give
# 0.4, its last counted scoring at 1200 s, and no score event at 2400 s.
$B export-runs --study "$out/late.db" -o "$out/late.jsonl" > /dev/null ||
	fail "export-runs of a late scoring"
grep -q '"score_cont":0.4[0-9]*,.*"elapsed_s":1200.0,' "$out/late.jsonl" ||
	fail "a scoring after the limit counted in runs.jsonl: $(cat "$out/late.jsonl")"
$B export-runs --study "$out/late.db" --format inspect-json -o "$out/late-ev" \
    > /dev/null || fail "export-runs --format inspect-json of a late scoring"
python3 - "$out"/late-ev/*.json <<'PY' || fail "a scoring after the limit in the eval log"
import json, sys
s = json.load(open(sys.argv[1]))["samples"][0]
ev = [(e["working_start"], e["score"]["value"]) for e in s["events"]
      if e["event"] == "score"]
assert ev == [(0.0, 0.0), (1200.0, 0.4)], ev
assert s["scores"]["baseliner"]["value"] == 0.4, s["scores"]
PY
# score_at_time.csv at the limit: 0.4, the late 0.9 nowhere.
[ "$(col "$out/late/score_at_time.csv" step_mean "demo,late,1800,1800.0")" = 0.400000 ] ||
	fail "score_at_time.csv at the limit: $(grep '^demo,late' "$out/late/score_at_time.csv" | tail -n 2)"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $(c["step_mean"]) > 0.4 + 1e-9 || $(c["loglinear_mean"]) > 0.4 + 1e-9 { bad = 1 }
    END { exit bad }' "$out/late/score_at_time.csv" ||
	fail "score_at_time.csv goes above 0.4: the late 0.9 counted"

# A row given twice is dropped once, and import-runs says so.
printf 'run_id,task_id,agent,elapsed_s,score,normalized,time_limit_s\n%s\n%s\n%s\n' \
    "d1,demo,dup,0,,0,1800" "d1,demo,dup,600,,0.5,1800" \
    "d1,demo,dup,600,,0.5,1800" > "$out/dup.csv"
$B import-runs --study "$out/dup.db" "$out/dup.csv" > "$out/dup.txt" 2>&1 ||
	fail "import of a repeated row: $(cat "$out/dup.txt")"
grep -q "dup.csv: 1 run, 2 scorings; 1 repeated row dropped" "$out/dup.txt" ||
	fail "the repeated row is not reported: $(cat "$out/dup.txt")"
grep -q "study .*: 1 run imported; 1 repeated row dropped" "$out/dup.txt" ||
	fail "the study line does not count it: $(cat "$out/dup.txt")"

# An agent that calls itself "human" is not one of the humans: p1 alone
# is the humans at 8 h (0.952381), the agent its own series.
printf 'run_id,task_id,agent,elapsed_s,score,normalized,time_limit_s,kind\n%s\n%s\n' \
    "f1,demo,human,0,,0,1800,agent" "f1,demo,human,600,,1.5,1800,agent" \
    > "$out/fake.csv"
$B import-runs --study "$out/fake.db" "$fx/session-p1" "$out/fake.csv" \
    > /dev/null || fail "import of an agent named human"
$B report --study "$out/fake.db" -o "$out/fake" > "$out/fake.txt" ||
	fail "report with an agent named human"
near "$(col "$out/fake/score_at_k.csv" expected "demo,human,28800,28800")" \
    0.952381 1e-6 || fail "an agent named human joined the humans"
near "$(col "$out/fake/score_at_k.csv" expected "demo,human,1800,1800")" \
    1.5 1e-9 || fail "the agent named human lost its own series"
grep -q "human (agent, 30 min runs)" "$out/fake.txt" ||
	fail "the agent named human is not labelled as an agent"

# PDF: the same figures, drawn by librsvg, where this build has it; else
# a clear refusal.
if $B report -o "$out/pdf" --pdf > "$out/pdf.txt" 2>&1; then
	for f in score_vs_time score_at_k score_vs_time_tasks score_at_k_tasks; do
		[ "$(head -c 5 "$out/pdf/$f.pdf")" = "%PDF-" ] ||
			fail "$f.pdf is not a PDF"
		[ -s "$out/pdf/$f.svg" ] || fail "no $f.svg beside $f.pdf"
	done
else
	grep -q "built without librsvg" "$out/pdf.txt" ||
		fail "--pdf: $(cat "$out/pdf.txt")"
fi

# A long name: the legend grows to hold it, nothing is cut; a group with
# two times per run marks each score@k point with its own.
long="an agent with a very long name that a fixed legend column would cut (scaffold v2, 2026)"
printf 'run_id,task_id,agent,elapsed_s,score,normalized,time_limit_s\n%s\n%s\n%s\n' \
    "l1,demo,\"$long\",600,,0.3,1800" "l2,demo,\"$long\",3000,,0.7,7200" \
    "l3,demo,\"$long\",1000,,0.2,1800" > "$out/long.csv"
$B import-runs --study "$out/long.db" "$fx/session-p1" "$out/long.csv" \
    > /dev/null || fail "import of a long name"
$B report --study "$out/long.db" -o "$out/long" > /dev/null ||
	fail "report with a long name"
python3 "$top_srcdir/tests/tools/svg_check.py" "$out"/long/*.svg ||
	fail "figure layout with a long name"
grep -q 'class="note"' "$out/long/score_at_k.svg" ||
	fail "two times per run, but no point says its own"

# The y axis is set by the means, not by the faint runs: two 30-minute runs
# of one agent, one reaching 5.0 at 10 min and one staying at 0, have a
# mean of 2.5 from 10 min on, so the axis of score_vs_time.svg tops at
# 2.5 x 1.08 rounded up to a quarter, 2.75 (the faint run above it is
# cut), where it would reach 5.4 if every trace counted.
printf 'run_id,task_id,agent,elapsed_s,score,normalized,time_limit_s\n%s\n%s\n%s\n%s\n' \
    "h1,demo,hi,0,,0,1800" "h1,demo,hi,600,,5.0,1800" \
    "h2,demo,hi,0,,0,1800" "h2,demo,hi,900,,0,1800" > "$out/high.csv"
$B import-runs --study "$out/high.db" "$out/high.csv" > /dev/null ||
	fail "import of a high run"
$B report --study "$out/high.db" -o "$out/high" > /dev/null ||
	fail "report with a high run"
python3 - "$out/high/score_vs_time.svg" <<'PY' || fail "the y axis of score_vs_time.svg"
import sys, xml.etree.ElementTree as ET
NS = "{http://www.w3.org/2000/svg}"
ticks = []
for t in ET.parse(sys.argv[1]).getroot().iter(NS + "text"):
    try:
        ticks.append(float("".join(t.itertext())))
    except ValueError:
        pass
top = max(ticks)
# The highest tick is at or under the axis's top, 2.75, and shows the mean.
if not 2.5 <= top <= 2.75:
    sys.exit("FAIL: highest y tick %s, want 2.5 to 2.75 (the mean 2.5)" % top)
PY
python3 "$top_srcdir/tests/tools/svg_check.py" "$out"/high/*.svg ||
	fail "figure layout with a high run"

# The layout check finds what it looks for: the second series drawn as the
# first, a series without its time per run, methods text in a figure.
sed -e '/^<line .*stroke-width="3"/s/stroke="#e69f00"\(.*\)"9 5"/stroke="#0072b2"\1"2.5 4"/' \
    "$out/r/score_at_k.svg" > "$out/alike.svg"
python3 "$top_srcdir/tests/tools/svg_check.py" "$out/alike.svg" > "$out/alike.txt" &&
	fail "two series drawn alike passed the check"
grep -q "look alike" "$out/alike.txt" || fail "alike: $(cat "$out/alike.txt")"
sed -e 's/>bot (2 h runs)</>bot ( runs)</' \
    -e 's/>reference solution</>95% bootstrap interval</' \
    "$out/r/score_at_k.svg" > "$out/bad.svg"
python3 "$top_srcdir/tests/tools/svg_check.py" "$out/bad.svg" > "$out/bad.txt" &&
	fail "a legend without its time and methods text passed the check"
grep -q "without its time per run" "$out/bad.txt" &&
    grep -q "methods text" "$out/bad.txt" || fail "bad: $(cat "$out/bad.txt")"
# Per task, a group that did not run the task is not in its panel: mini
# was run by the bots only.
python3 - "$out/r/score_at_k_tasks.svg" <<'PY' || fail "score_at_k_tasks.svg's mini panel"
import sys, xml.etree.ElementTree as ET
NS = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
for panel in root.findall(NS + "svg"):
    texts = ["".join(t.itertext()) for t in panel.iter(NS + "text")]
    legend = ["".join(t.itertext()) for t in panel.iter(NS + "text")
              if t.get("class") == "legend"]
    if "mini" in texts and legend != ["bot (2 h runs)", "reference solution"]:
        sys.exit("FAIL: mini's legend is %r" % legend)
PY

# Usage and missing study.
$B report > /dev/null 2>&1; [ $? -eq 2 ] || fail "report without -o"
$B report -o "$out/x" --budgets 2,x > /dev/null 2>&1; [ $? -eq 2 ] ||
	fail "bad --budgets"
$B report --study "$out/none.db" -o "$out/x" 2> "$out/err.txt" &&
	fail "a missing study"
grep -q "no study" "$out/err.txt" || fail "missing study message"
exit 0
