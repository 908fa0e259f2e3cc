#!/usr/bin/env python3
"""inspect_check.py: check eval logs written by baseliner against Inspect AI's
EvalLog JSON schema.

Usage: inspect_check.py [--schema FILE] LOG...

LOG is a .json eval log, or a .eval zip (its header.json, _journal/start.json
and samples/*.json are put together into one EvalLog, as Inspect reads it).
Our own check always runs: the fields Inspect's schema requires of an
EvalLog, its eval, sample, info and score events, present and typed, in our
own words (Inspect's schema text is not kept in this tree). With --schema
FILE (or $BASELINER_INSPECT_SCHEMA=FILE, say Inspect's log-schema.json that
a lab provides) every log is also validated against that JSON schema with
python3-jsonschema. Every error is printed; the exit status is 1 if any,
2 if the schema cannot be read, and 77 (a skip, for make check) if a
schema was named but python3-jsonschema is not installed.
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


def schema_errors(validator, log):
    """Every error of the log against the schema, one line each. An error
    of an anyOf names the branch that came closest (the deepest error under
    it), not the whole value, which can be the whole log."""
    out = []
    for e in validator.iter_errors(log):
        # Down the anyOf/oneOf branches to the deepest error; at equal
        # depth, a branch that is the wrong kind of thing (an event's
        # "event" that differs, "not of type null") says least.
        while e.context:
            e = max(e.context, key=lambda c: (
                len(c.absolute_path),
                {"const": 0, "type": 1}.get(c.validator, 2)))
        where = "/".join(map(str, e.absolute_path)) or "(the log)"
        msg = e.message if len(e.message) <= 300 else e.message[:300] + "..."
        out.append(f"{where}: {msg}")
    return out


def plural(n):
    return f"{n} error{'s' if n != 1 else ''}"


def main():
    args = sys.argv[1:]
    schema_path = os.environ.get("BASELINER_INSPECT_SCHEMA")
    if args[:1] == ["--schema"]:
        schema_path, args = args[1], args[2:]
    if not args:
        print("usage: inspect_check.py [--schema FILE] LOG...", file=sys.stderr)
        return 2
    validator = None
    if schema_path:
        try:
            import jsonschema
        except ImportError:
            print(f"SKIP: {schema_path} needs python3-jsonschema to check "
                  "against, and it is not installed")
            return 77
        try:
            with open(schema_path) as f:
                schema = json.load(f)
        except (OSError, ValueError) as e:
            print(f"{schema_path}: cannot read the schema: {e}",
                  file=sys.stderr)
            return 2
        cls = jsonschema.validators.validator_for(
            schema, default=jsonschema.Draft202012Validator)
        try:
            cls.check_schema(schema)
        except jsonschema.exceptions.SchemaError as e:
            print(f"{schema_path}: not a JSON schema: {e.message}",
                  file=sys.stderr)
            return 2
        validator = cls(schema)
    bad = 0
    for path in args:
        log = load(path)
        errors = own_check(path, log)
        for e in errors[:50]:
            print(f"{path}: {e}")
        print(f"{path}: {plural(len(errors))} against our own check")
        bad += len(errors) > 0
        if validator is not None:
            errors = schema_errors(validator, log)
            for e in errors[:50]:
                print(f"{path}: {e}")
            print(f"{path}: {plural(len(errors))} against the schema "
                  f"{schema_path}")
            bad += len(errors) > 0
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
