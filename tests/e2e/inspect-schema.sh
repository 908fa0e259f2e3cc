#!/bin/sh
# The eval logs baseliner writes, validated as JSON against a schema. Inspect
# AI's own schema (log-schema.json in Inspect's repository) is not kept in
# this tree: this test writes a schema of its own, in its own words, of the
# fields baseliner emits and their types as Inspect reads them, and runs
# tests/tools/inspect_check.py with it (python3-jsonschema: a skip without
# it) on every kind of log baseliner writes: a session's export (a human's:
# clock start/stop, a note, a pause, valid and invalid scorings, the final
# one) in .json and .eval form, and export-runs of a study's runs, agents'
# and humans', in both forms. Logs broken on purpose (a required field
# gone, a number turned string, an unknown clock action, a score value
# Inspect cannot read) fail it, and our own check where it looks. With
# BASELINER_INSPECT_SCHEMA=FILE set (a lab's copy of Inspect's schema) the
# same logs must also pass that schema with zero errors.
set -u
. "$top_srcdir/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3"; exit 77; }
python3 -c 'import jsonschema' 2>/dev/null ||
	{ echo "SKIP: no python3-jsonschema"; exit 77; }
check=$top_srcdir/tests/tools/inspect_check.py
t=$BASELINER_HOME/t
mkdir -p "$t"
lab_schema=${BASELINER_INSPECT_SCHEMA:-}
unset BASELINER_INSPECT_SCHEMA

# --- the logs: a session's export, and a study's runs ---------------------
make_lab_pack "$BASELINER_HOME/packs"
BASELINER_TASKS=$BASELINER_HOME/packs
export BASELINER_TASKS
start_session lab
echo score=6 >"$WORK/mode"
$BASELINER score >/dev/null || fail "score"
$BASELINER note "tried six" >/dev/null || fail "note"
$BASELINER pause --reason lunch >/dev/null || fail "pause"
$BASELINER resume >/dev/null || fail "resume"
echo null >"$WORK/mode"
$BASELINER score >/dev/null
$BASELINER submit >/dev/null || fail "submit"
wait_state ended 60
$BASELINER export -s "$SID" -o "$t/x" >/dev/null || fail "export"
fx=$top_srcdir/tests/fixtures/report
$BASELINER import-runs --study "$t/a.db" --tasks "$fx/tasks" \
    "$fx/session-p1" "$fx/session-p2" "$fx/agents.csv" "$fx/agents.jsonl" \
    >"$t/imp.txt" 2>&1 || fail "import-runs: $(cat "$t/imp.txt")"
$BASELINER export-runs --study "$t/a.db" --format inspect -o "$t/ev" \
    >/dev/null || fail "export-runs --format inspect"
$BASELINER export-runs --study "$t/a.db" --format inspect-json -o "$t/ej" \
    >/dev/null || fail "export-runs --format inspect-json"
logs="$t/x/$SID/inspect.json $t/x/$SID/inspect.eval $(ls "$t"/ev/*.eval "$t"/ej/*.json)"
[ "$(echo $logs | wc -w)" -ge 10 ] || fail "too few logs: $logs"

# --- our schema -------------------------------------------------------------
cat >"$t/schema.json" <<'JSON'
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "An eval log as baseliner writes it, as Inspect AI reads it",
  "type": "object",
  "required": ["version", "status", "eval", "plan", "results", "stats",
    "error", "invalidated", "tags", "metadata", "samples"],
  "properties": {
    "version": {"type": "integer", "minimum": 1},
    "status": {"enum": ["started", "success", "cancelled", "error"]},
    "eval": {"$ref": "#/$defs/run"},
    "plan": {
      "type": "object",
      "required": ["name", "steps", "finish", "config"],
      "properties": {
        "steps": {"type": "array", "minItems": 1, "items": {
          "type": "object", "required": ["solver", "params"],
          "properties": {"solver": {"type": "string"},
                         "params": {"type": "object"}}}},
        "config": {"type": "object"}
      }
    },
    "results": {
      "type": "object",
      "required": ["total_samples", "completed_samples", "scores"],
      "properties": {
        "total_samples": {"type": "integer", "minimum": 0},
        "completed_samples": {"type": "integer", "minimum": 0},
        "scores": {"type": "array", "items": {
          "type": "object", "required": ["name", "scorer", "metrics"],
          "properties": {"metrics": {"type": "object",
            "additionalProperties": {"type": "object",
              "required": ["name", "value"],
              "properties": {"value": {"type": "number"}}}}}}}
      }
    },
    "stats": {
      "type": "object",
      "required": ["started_at", "completed_at", "model_usage"],
      "properties": {"started_at": {"type": "string"},
                     "completed_at": {"type": "string"},
                     "model_usage": {"type": "object"}}
    },
    "error": {"type": "null"},
    "invalidated": {"type": "boolean"},
    "tags": {"type": "array", "items": {"type": "string"}},
    "metadata": {"type": ["object", "null"]},
    "samples": {"type": "array", "minItems": 1,
                "items": {"$ref": "#/$defs/sample"}}
  },
  "$defs": {
    "maybe_text": {"type": ["string", "null"]},
    "run": {
      "type": "object",
      "required": ["eval_id", "run_id", "created", "task", "task_id",
        "task_version", "task_attribs", "task_args", "task_args_passed",
        "solver", "dataset", "model", "model_generate_config", "model_args",
        "config", "packages"],
      "properties": {
        "eval_id": {"type": "string", "minLength": 1},
        "run_id": {"type": "string", "minLength": 1},
        "created": {"type": "string"},
        "task": {"type": "string", "minLength": 1},
        "task_id": {"type": "string", "minLength": 1},
        "task_version": {"type": ["integer", "string"]},
        "task_attribs": {"type": "object"},
        "task_args": {"type": "object"},
        "task_args_passed": {"type": "object"},
        "solver": {"enum": ["human_agent", "agent"]},
        "dataset": {"type": "object",
          "required": ["name", "samples", "sample_ids", "shuffled"],
          "properties": {"samples": {"type": "integer"},
                         "sample_ids": {"type": "array"},
                         "shuffled": {"type": "boolean"}}},
        "model": {"type": "string", "minLength": 1},
        "model_generate_config": {"type": "object"},
        "model_args": {"type": "object"},
        "config": {"type": "object", "required": ["epochs", "working_limit"],
          "properties": {"epochs": {"type": "integer", "minimum": 1},
                         "working_limit": {"type": ["integer", "null"]}}},
        "packages": {"type": "object", "required": ["baseliner"],
                     "additionalProperties": {"type": "string"}}
      }
    },
    "score": {
      "type": "object",
      "required": ["value", "answer", "explanation", "metadata", "history"],
      "properties": {
        "value": {"anyOf": [{"type": "number"}, {"const": "NaN"}]},
        "answer": {"$ref": "#/$defs/maybe_text"},
        "explanation": {"$ref": "#/$defs/maybe_text"},
        "metadata": {"type": ["object", "null"]},
        "history": {"type": "array"}
      }
    },
    "event_fields": {
      "type": "object",
      "required": ["uuid", "span_id", "timestamp", "working_start",
                   "metadata", "pending", "event"],
      "properties": {
        "uuid": {"$ref": "#/$defs/maybe_text"},
        "span_id": {"$ref": "#/$defs/maybe_text"},
        "timestamp": {"type": "string", "minLength": 1},
        "working_start": {"type": "number", "minimum": 0},
        "metadata": {"type": ["object", "null"]},
        "pending": {"type": ["boolean", "null"]}
      }
    },
    "clock": {
      "type": "object", "required": ["action", "total_time"],
      "properties": {
        "action": {"enum": ["start", "stop"]},
        "total_time": {"type": "string",
                       "pattern": "^[0-9]+:[0-5][0-9]:[0-5][0-9]$"}
      }
    },
    "info_event": {"allOf": [{"$ref": "#/$defs/event_fields"}, {
      "required": ["source", "data"],
      "properties": {
        "event": {"const": "info"},
        "source": {"$ref": "#/$defs/maybe_text"},
        "data": {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/clock"}]}
      }}]},
    "score_event": {"allOf": [{"$ref": "#/$defs/event_fields"}, {
      "required": ["score", "target", "intermediate"],
      "properties": {
        "event": {"const": "score"},
        "score": {"$ref": "#/$defs/score"},
        "intermediate": {"type": "boolean"}
      }}]},
    "sample": {
      "type": "object",
      "required": ["id", "epoch", "input", "target", "messages", "output",
        "scores", "metadata", "store", "events", "model_usage",
        "attachments", "total_time", "working_time", "uuid"],
      "properties": {
        "id": {"type": ["string", "integer"]},
        "epoch": {"type": "integer", "minimum": 1},
        "input": {"type": ["string", "array"]},
        "target": {"type": ["string", "array"]},
        "messages": {"type": "array"},
        "output": {"type": "object",
                   "required": ["model", "choices", "completion"]},
        "scores": {"type": "object", "minProperties": 1,
                   "additionalProperties": {"$ref": "#/$defs/score"}},
        "metadata": {"type": "object"},
        "store": {"type": "object",
          "required": ["HumanAgentState:scorings"],
          "properties": {"HumanAgentState:scorings": {"type": "array",
            "items": {"type": "object", "required": ["time", "scores"],
              "properties": {"time": {"type": "number"},
                "scores": {"type": "array",
                           "items": {"$ref": "#/$defs/score"}}}}}}},
        "events": {"type": "array", "items": {"oneOf": [
          {"$ref": "#/$defs/info_event"}, {"$ref": "#/$defs/score_event"}]}},
        "model_usage": {"type": "object"},
        "attachments": {"type": "object"},
        "total_time": {"type": ["number", "null"]},
        "working_time": {"type": ["number", "null"]},
        "uuid": {"$ref": "#/$defs/maybe_text"}
      }
    }
  }
}
JSON

# --- every log passes: our schema, then through the environment ------------
# shellcheck disable=SC2086
python3 "$check" --schema "$t/schema.json" $logs >"$t/ok.txt" 2>&1 ||
	fail "our schema: $(grep -v ' 0 errors' "$t/ok.txt")"
[ "$(grep -c ' 0 errors against the schema' "$t/ok.txt")" -eq "$(echo $logs | wc -w)" ] ||
	fail "not every log was checked against the schema: $(cat "$t/ok.txt")"
note "$(echo $logs | wc -w) logs: 0 errors against our schema and our own check"
# The session's log holds what the schema's branches describe: clock
# events, a note, an invalid scoring, the final one.
python3 - "$t/x/$SID/inspect.json" <<'PY' || fail "the session's log lacks a kind of event"
import json, sys
ev = json.load(open(sys.argv[1]))["samples"][0]["events"]
acts = [e["data"].get("action") for e in ev
        if e["event"] == "info" and isinstance(e["data"], dict)]
assert acts.count("start") == 2 and acts.count("stop") == 2, acts
assert any(e["event"] == "info" and e["data"] == "tried six" for e in ev)
sc = [e for e in ev if e["event"] == "score"]
assert [e["score"]["value"] for e in sc] == [0.1, 0.6, "NaN", "NaN"], sc
assert [e["intermediate"] for e in sc] == [True, True, True, False]
PY
BASELINER_INSPECT_SCHEMA=$t/schema.json python3 "$check" "$t/x/$SID/inspect.eval" \
    >"$t/env.txt" 2>&1 || fail "BASELINER_INSPECT_SCHEMA: $(cat "$t/env.txt")"
grep -q "0 errors against the schema $t/schema.json" "$t/env.txt" ||
	fail "BASELINER_INSPECT_SCHEMA was not used: $(cat "$t/env.txt")"

# --- broken logs fail --------------------------------------------------------
# break NAME PYTHON: a copy of the session's log changed by the statement
# (on the parsed log, "log"), written to $t/NAME.json.
break_log() {
	python3 - "$t/x/$SID/inspect.json" "$t/$1.json" "$2" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
ev = log["samples"][0]["events"]
exec(sys.argv[3])
json.dump(log, open(sys.argv[2], "w"))
PY
}
# expect_bad NAME WHAT PATTERN: the schema finds it (the line names PATTERN).
expect_bad() {
	if python3 "$check" --schema "$t/schema.json" "$t/$1.json" >"$t/bad.txt" 2>&1; then
		fail "$1: $2 passed: $(cat "$t/bad.txt")"
	fi
	grep -q "$3" "$t/bad.txt" || fail "$1: $2: no error at '$3': $(cat "$t/bad.txt")"
}
break_log notask 'del log["eval"]["task"]'
expect_bad notask "an eval without its task" "eval: 'task' is a required property"
grep -q "eval: no task" "$t/bad.txt" || fail "notask: our own check missed it: $(cat "$t/bad.txt")"
break_log strtime 'next(e for e in ev if e["event"] == "score")["working_start"] = "0:01"'
expect_bad strtime "a working_start as text" "samples/0/events/[0-9]*/working_start"
grep -q "working_start not a number" "$t/bad.txt" || fail "strtime: our own check missed it"
break_log action 'next(e for e in ev if e["event"] == "info" and isinstance(e["data"], dict))["data"]["action"] = "pause"'
expect_bad action "a clock action Inspect does not know" "samples/0/events/0"
break_log value 'next(e for e in ev if e["event"] == "score")["score"]["value"] = "fast"'
expect_bad value "a score value that is not a number" "samples/0/events/[0-9]*/score/value"
break_log nosamples 'log["samples"] = []'
expect_bad nosamples "a log without samples" "samples: \[\] should be non-empty"

# --- the tool's own edges: no schema file, no jsonschema --------------------
python3 "$check" --schema "$t/none.json" "$t/x/$SID/inspect.json" >"$t/e.txt" 2>&1
[ $? -eq 2 ] || fail "a missing schema file is not exit 2: $(cat "$t/e.txt")"
grep -q "cannot read the schema" "$t/e.txt" || fail "missing schema: $(cat "$t/e.txt")"
mkdir -p "$t/nojs"
echo 'raise ImportError("hidden by the test")' >"$t/nojs/jsonschema.py"
PYTHONPATH=$t/nojs python3 "$check" --schema "$t/schema.json" \
    "$t/x/$SID/inspect.json" >"$t/e.txt" 2>&1
[ $? -eq 77 ] || fail "without jsonschema the check does not skip: $(cat "$t/e.txt")"
grep -q "^SKIP: .*python3-jsonschema" "$t/e.txt" || fail "skip: $(cat "$t/e.txt")"

# --- a lab's copy of Inspect's schema, when one is given --------------------
if [ -n "$lab_schema" ]; then
	# shellcheck disable=SC2086
	python3 "$check" --schema "$lab_schema" $logs >"$t/lab.txt" 2>&1 ||
		fail "against $lab_schema: $(grep -v ' 0 errors' "$t/lab.txt")"
	note "$(echo $logs | wc -w) logs: 0 errors against $lab_schema"
else
	note "BASELINER_INSPECT_SCHEMA not set: Inspect's own schema not checked"
fi
echo PASS
exit 0
