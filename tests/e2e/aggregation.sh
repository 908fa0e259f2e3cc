#!/bin/sh
# Which scoring counts, through whole sessions of the lab pack (tests/lib.sh:
# higher is better, y_start 0, y_ref 10, so normalized = raw / 10), once for
# each aggregation a pack may choose. Each session scores its start (raw 1),
# then 6 and 4 (valid), then is submitted with an answer that scores
# invalid, the final scoring. By hand:
#   best        the best valid one: 6, normalized 0.6
#   last_valid  the last valid one, the second: 4, normalized 0.4
#   last        the last scoring, which is invalid: nothing counts, and the
#               run scores as its start, 0 (Scaling Law's rule, the paper's
#               "only the last submission counts")
# Checked where the session says it (scores --json's mark, the scores
# table's legend), in its export (session.json's final) and, after
# import-runs, in the report's runs.csv; then the same log imported with
# normalized scores only, the rule given by --task-params.
set -u
. "$top_srcdir/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3"; exit 77; }

run_one() {	# AGGREGATION WANT_NORMALIZED WANT_SCORE_ID_RAW
	agg=$1
	packs=$BASELINER_HOME/packs-$agg
	make_lab_pack "$packs"
	sed "s/^  aggregation: best\$/  aggregation: $agg/" \
	    "$packs/lab/task.yaml" >"$packs/lab/task.yaml.new" &&
	    mv "$packs/lab/task.yaml.new" "$packs/lab/task.yaml"
	grep -q "aggregation: $agg\$" "$packs/lab/task.yaml" ||
		fail "$agg: the pack was not changed"
	BASELINER_TASKS=$packs
	export BASELINER_TASKS
	out=$($BASELINER task check lab 2>&1) || fail "$agg: task check: $out"
	start_session lab
	[ "$(q "SELECT aggregation FROM session")" = "$agg" ] ||
		fail "$agg: the session stored $(q "SELECT aggregation FROM session")"
	for m in score=6 score=4; do
		echo "$m" >"$WORK/mode"
		$BASELINER score >/dev/null || fail "$agg: score $m"
	done
	echo null >"$WORK/mode"
	$BASELINER submit >/dev/null || fail "$agg: submit"
	wait_state ended 60
	[ "$(q "SELECT group_concat(status || ':' || ifnull(raw, '-'), ' ') FROM score ORDER BY id")" = \
	    "valid:1.0 valid:6.0 valid:4.0 invalid:-" ] ||
		fail "$agg: scorings $(q "SELECT id, status, raw, is_final FROM score")"

	# The session: the marked scoring, and the table's legend.
	js=$($BASELINER scores -s "$SID" --json) || fail "$agg: scores --json"
	[ "$(json_get "$js" '$.aggregation')" = "$agg" ] ||
		fail "$agg: scores --json says $(json_get "$js" '$.aggregation')"
	got=$(json_get "$js" '$.best.raw')
	[ "$got" = "$3" ] || fail "$agg: the score that counts has raw '$got', want '$3': $js"
	table=$($BASELINER scores -s "$SID") || fail "$agg: scores"
	note "$agg: $(echo "$table" | tail -n 2 | tr '\n' ' ')"
	case $agg in
	last)	echo "$table" | grep -q "none counts: the last scoring is not valid; the run scores as its start, 0" ||
			fail "last: the table does not say nothing counts: $table"
		echo "$table" | grep -q '[0-9]\*' && fail "last: a scoring is marked: $table" ;;
	*)	echo "$table" | grep -Eq "^ +[0-9]+ .* ${3}0* +[0-9.]+\*" ||
			fail "$agg: the mark is not on raw $3: $table" ;;
	esac

	# The export, then the report of a study made from it.
	$BASELINER export -s "$SID" -o "$BASELINER_HOME/x-$agg" >/dev/null ||
		fail "$agg: export"
	e=$BASELINER_HOME/x-$agg/$SID
	$BASELINER import-runs --study "$BASELINER_HOME/$agg.db" "$e" \
	    >"$BASELINER_HOME/imp.txt" 2>&1 ||
		fail "$agg: import-runs: $(cat "$BASELINER_HOME/imp.txt")"
	$BASELINER report --study "$BASELINER_HOME/$agg.db" \
	    -o "$BASELINER_HOME/r-$agg" >/dev/null 2>&1 || fail "$agg: report"
	python3 - "$e/session.json" "$BASELINER_HOME/r-$agg/runs.csv" "$2" \
	    "$3" "$SID" <<'PY' || fail "$agg: the export or the report"
import csv, json, sys
sj, runs, want, raw, sid = sys.argv[1:6]
fin = json.load(open(sj))["final"]
if raw == "":
    if fin is not None:
        sys.exit("FAIL: session.json final %r, want null" % (fin,))
elif fin is None or abs(fin["raw"] - float(raw)) > 1e-9:
    sys.exit("FAIL: session.json final %r, want raw %s" % (fin, raw))
rows = [r for r in csv.DictReader(open(runs)) if r["run_id"] == sid]
if len(rows) != 1:
    sys.exit("FAIL: %d rows of the run in runs.csv" % len(rows))
col = "score" if "score" in rows[0] else "final"
got = float(rows[0][col])
if abs(got - float(want)) > 1e-9:
    sys.exit("FAIL: runs.csv %s %s, want %s: %r" % (col, got, want, rows[0]))
print("# runs.csv %s %s" % (col, got))
PY
}

run_one best 0.6 6.0
run_one last_valid 0.4 4.0
run_one last 0 ""

# The same run imported with normalized scores only (no raw score, no
# pack): the task's rule comes from --task-params, and decides the same.
printf 'run_id,task_id,agent,elapsed_s,score,normalized,time_limit_s\n%s\n%s\n%s\n%s\n' \
    "n1,sl,bot,0,,0.1,7200" "n1,sl,bot,600,,0.6,7200" \
    "n1,sl,bot,1200,,0.4,7200" "n1,sl,bot,1800,,NaN,7200" \
    >"$BASELINER_HOME/norm.csv"
for spec in best:0.6 last_valid:0.4 last:0; do
	agg=${spec%%:*}
	want=${spec#*:}
	db=$BASELINER_HOME/norm-$agg.db
	$BASELINER import-runs --study "$db" --task-params "sl:0:1:higher:$agg" \
	    "$BASELINER_HOME/norm.csv" >"$BASELINER_HOME/imp.txt" 2>&1 ||
		fail "normalized only, $agg: import-runs: $(cat "$BASELINER_HOME/imp.txt")"
	$BASELINER report --study "$db" -o "$BASELINER_HOME/rn-$agg" \
	    >/dev/null 2>&1 || fail "normalized only, $agg: report"
	got=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	    $(c["run_id"]) == "n1" { print $(c["score"]) }' \
	    "$BASELINER_HOME/rn-$agg/runs.csv")
	awk -v a="$got" -v b="$want" 'BEGIN { d = a - b; exit !(a != "" && d * d < 1e-18) }' ||
		fail "normalized only, $agg: runs.csv score '$got', want $want"
	note "normalized only, $agg: $got"
done
echo PASS
exit 0
