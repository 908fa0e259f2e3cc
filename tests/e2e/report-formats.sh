#!/bin/sh
# The agents' formats both ways: the study of tests/fixtures/report goes
# out as METR's runs.jsonl and comes back with the same score per run;
# runs.jsonl keeps an unclipped score (a run worse than the start is
# negative there) and exact seconds.
set -u
BASELINER_HOME=$(mktemp -d); export BASELINER_HOME
out=$(mktemp -d)
trap 'rm -rf "$BASELINER_HOME" "$out"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
command -v python3 > /dev/null || { echo "no python3"; exit 77; }
fx=$top_srcdir/tests/fixtures/report
B=$BASELINER

# A run worse than the start (whose log lacks the starting score): raw 3.5
# on demo is -0.142857 unclipped.
printf 'run_id,task_id,agent,elapsed_s,score,time_limit_s\n%s\n' \
    "w1,demo,bot,4321.125,3.5,7200" > "$out/worse.csv"
$B import-runs --study "$out/a.db" --tasks "$fx/tasks" "$fx/session-p1" \
    "$fx/session-p2" "$fx/agents.csv" "$fx/agents.jsonl" "$out/worse.csv" \
    > /dev/null || fail "import"
$B report --study "$out/a.db" -o "$out/ra" > /dev/null || fail "report a"
$B export-runs --study "$out/a.db" -o "$out/runs.jsonl" > "$out/x.txt" ||
	fail "export-runs: $(cat "$out/x.txt")"
grep -q "8 runs" "$out/x.txt" || fail "export-runs: $(cat "$out/x.txt")"
$B export-runs --study "$out/a.db" --format nope -o "$out/n" 2> /dev/null
[ $? -eq 2 ] || fail "a bad --format is not a usage error"

python3 - "$out/runs.jsonl" <<'PY' || exit 1
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
by = {(r["task_id"], r["run_id"]): r for r in rows}
need = ("task_id", "task_family", "run_id", "alias", "score_cont",
        "score_binarized", "human_minutes")
for r in rows:
    for k in need:
        assert k in r, (k, r)
w = by[("demo", "w1")]
# Unclipped: (3.5 - 3.2) / (1.1 - 3.2), the last scoring's exact time.
assert abs(w["score_cont"] - (3.5 - 3.2) / (1.1 - 3.2)) < 1e-12, w
assert w["elapsed_s"] == 4321.125 and w["score_raw"] == 3.5, w
assert by[("demo", "s-20261127-p1")]["kind"] == "human"
assert abs(by[("demo", "s-20261127-p1")]["human_minutes"] - 480) < 1e-9
assert by[("mini", "m1")]["aggregation"] == "last"
assert abs(by[("mini", "m1")]["score_cont"] - 0.2) < 1e-12
PY

# Back in: the same score per run as the original study.
$B import-runs --study "$out/b.db" "$out/runs.jsonl" > "$out/imp.txt" 2>&1 ||
	fail "import of runs.jsonl: $(cat "$out/imp.txt")"
$B report --study "$out/b.db" -o "$out/rb" > /dev/null || fail "report b"
cut -d, -f1,2,4,6,11 "$out/ra/runs.csv" | sort > "$out/a.txt"
cut -d, -f1,2,4,6,11 "$out/rb/runs.csv" | sort > "$out/b.txt"
cmp -s "$out/a.txt" "$out/b.txt" ||
	fail "runs.jsonl round trip: $(diff "$out/a.txt" "$out/b.txt")"

# The same through Inspect: every run as an .eval log (agents' too), which
# checks as an eval log, and comes back with the same score, kind and limit.
$B export-runs --study "$out/a.db" --format inspect -o "$out/evals" \
    > "$out/e.txt" || fail "export-runs --format inspect: $(cat "$out/e.txt")"
[ "$(ls "$out/evals" | grep -c '\.eval$')" -eq 8 ] ||
	fail "not one .eval a run: $(ls "$out/evals")"
python3 "$top_srcdir/tests/tools/inspect_check.py" "$out"/evals/*.eval \
    > "$out/check.txt" || fail "eval logs: $(cat "$out/check.txt")"
$B import-runs --study "$out/c.db" "$out"/evals/*.eval > "$out/imp.txt" 2>&1 ||
	fail "import of the .eval logs: $(cat "$out/imp.txt")"
$B report --study "$out/c.db" -o "$out/rc" > /dev/null || fail "report c"
cut -d, -f1,2,4,6,11 "$out/rc/runs.csv" | sort > "$out/c.txt"
cmp -s "$out/a.txt" "$out/c.txt" ||
	fail ".eval round trip: $(diff "$out/a.txt" "$out/c.txt")"

# .eval files laid out as Inspect writes them, not as baseliner does: an
# agent's finished eval (header.json, one sample file an epoch, Inspect's
# summaries and reductions), and a human_cli eval still running (only
# _journal/start.json and the sample, no header yet). Raw values of demo
# (3.2 -> 1.1, lower): 2.15 is 0.5, "I" invalid; epoch 2 has no score
# events, so its final score 2.57 (0.3) counts at its working time.
python3 - "$out/agent.eval" "$out/running.eval" <<'PY' || fail "making .eval files"
import json, sys, zipfile
spec = {"run_id": "R9", "task": "demo", "model": "openai/gpt-x",
        "solver": "basic_agent", "config": {"working_limit": 1800}}
def ev(t, v, inter=True):
    return {"event": "score", "working_start": t, "intermediate": inter,
            "score": {"value": v}}
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("header.json", json.dumps({"version": 2, "status": "success",
               "eval": spec, "results": {"total_samples": 1}}))
    z.writestr("samples/1_epoch_1.json", json.dumps({"id": 1, "epoch": 1,
               "events": [ev(60, 2.15), ev(120, "I")]}))
    z.writestr("samples/1_epoch_2.json", json.dumps({"id": 1, "epoch": 2,
               "working_time": 900, "scores": {"s": {"value": 2.57}}}))
    z.writestr("summaries.json", "[]")
    z.writestr("reductions.json", "[]")
human = dict(spec, run_id="H9", model="none/none", solver="human_agent")
with zipfile.ZipFile(sys.argv[2], "w") as z:
    z.writestr("_journal/start.json", json.dumps({"version": 2,
               "eval": human}))
    z.writestr("samples/s_epoch_1.json", json.dumps({"id": "s", "epoch": 1,
               "uuid": "hu-1", "store": {"HumanAgentState:scorings": [
                   {"time": 1800, "scores": [{"value": 2.15}]}]}}))
PY
$B import-runs --study "$out/i.db" --task-params demo:3.2:1.1:lower \
    "$out/agent.eval" "$out/running.eval" > "$out/i.txt" 2>&1 ||
	fail "import of Inspect's .eval: $(cat "$out/i.txt")"
got=$(sqlite3 -separator ' ' "$out/i.db" "SELECT r.run_id, r.kind, r.grp,
    r.limit_s, group_concat(s.elapsed_s || '=' || ifnull(s.normalized, 'x'), ' ')
    FROM run r JOIN score s USING (task_id, run_id) GROUP BY r.run_id
    ORDER BY r.run_id")
want="R9:1:1 agent openai/gpt-x 1800.0 60.0=0.5 120.0=x
R9:1:2 agent openai/gpt-x 1800.0 900.0=0.3
hu-1 human human 1800.0 1800.0=0.5"
[ "$got" = "$want" ] || fail "Inspect's .eval read as
$got
want
$want"
exit 0
