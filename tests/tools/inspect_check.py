#!/usr/bin/env python3
"""inspect_check.py: check eval logs written by baseliner against Inspect AI's
EvalLog JSON schema.

Usage: inspect_check.py [--schema FILE] LOG...

LOG is a .json eval log, or a .eval zip (its header.json, _journal/start.json
and samples/*.json are put together into one EvalLog, as Inspect reads it).
With --schema (or $BASELINER_INSPECT_SCHEMA), every log is validated with
python3-jsonschema and every error is printed; the exit status is 1 if any.
Without a schema the check is our own: the fields Inspect's schema requires
of an EvalLog, its eval, sample, info and score events, present and typed.
"""
import json
import os
import sys
import zipfile


def load(path):
    if path.endswith(".eval"):
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            for need in ("header.json", "_journal/start.json", "summaries.json"):
                if need not in names:
                    raise SystemExit(f"{path}: no {need} in the zip")
            log = json.loads(z.read("header.json"))
            start = json.loads(z.read("_journal/start.json"))
            if start.get("eval") != log.get("eval"):
                raise SystemExit(f"{path}: start.json and header.json differ")
            log["samples"] = [json.loads(z.read(n)) for n in names
                              if n.startswith("samples/") and n.endswith(".json")]
            return log
    with open(path) as f:
        return json.load(f)


# Our own reading of what the schema requires, for when it is not at hand.
REQUIRED = {
    "log": ["version", "status", "eval", "plan", "results", "stats", "samples"],
    "eval": ["eval_id", "run_id", "created", "task", "task_id", "task_version",
             "task_attribs", "task_args", "task_args_passed", "dataset", "model",
             "model_generate_config", "model_args", "config", "packages"],
    "sample": ["id", "epoch", "input", "target", "messages", "output", "metadata",
               "store", "events", "model_usage", "role_usage", "attachments",
               "total_time", "working_time"],
    "info": ["timestamp", "working_start", "event", "source", "data"],
    "score": ["timestamp", "working_start", "event", "score", "intermediate"],
}


def own_check(path, log):
    errors = []

    def need(obj, kind, where):
        for k in REQUIRED[kind]:
            if k not in obj:
                errors.append(f"{where}: no {k}")
    need(log, "log", "log")
    need(log.get("eval", {}), "eval", "eval")
    for s in log.get("samples") or []:
        need(s, "sample", f"sample {s.get('id')}")
        for i, e in enumerate(s.get("events", [])):
            if e.get("event") in ("info", "score"):
                need(e, e["event"], f"sample {s.get('id')} event {i}")
                if not isinstance(e.get("working_start"), (int, float)):
                    errors.append(f"event {i}: working_start not a number")
    return errors


def main():
    args = sys.argv[1:]
    schema_path = os.environ.get("BASELINER_INSPECT_SCHEMA")
    if args[:1] == ["--schema"]:
        schema_path, args = args[1], args[2:]
    schema = None
    if schema_path:
        import jsonschema
        with open(schema_path) as f:
            schema = json.load(f)
        validator = jsonschema.Draft202012Validator(schema)
    bad = 0
    for path in args:
        log = load(path)
        if schema is not None:
            errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                      for e in validator.iter_errors(log)]
        else:
            errors = own_check(path, log)
        for e in errors[:50]:
            print(f"{path}: {e}")
        print(f"{path}: {len(errors)} error{'s' if len(errors) != 1 else ''}"
              f" against {'the schema' if schema is not None else 'our own check'}")
        bad += len(errors) > 0
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
