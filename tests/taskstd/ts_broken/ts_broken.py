"""ts_broken: misbehaves on purpose. The family folder's `mode` file picks
a method that throws (install, instructions, start, aggregate); the agent's
`mode` file picks how intermediate_score fails (raise, hang, notjson,
flood, none, nan, print, ok)."""
import os
import sys
import time

HOME = os.environ.get("BASELINER_AGENT_HOME", "/home/agent")
HERE = os.path.dirname(os.path.abspath(__file__))


def family_mode():
    try:
        with open(os.path.join(HERE, "mode")) as f:
            return f.read().strip()
    except OSError:
        return "ok"


def boom(where):
    raise RuntimeError("ts_broken fails in %s on purpose" % where)


class TaskFamily:
    standard_version = "0.3.0"

    @staticmethod
    def get_tasks():
        return {"main": {}}

    @staticmethod
    def install():
        if family_mode() == "install":
            boom("install")

    @staticmethod
    def get_instructions(t):
        if family_mode() == "instructions":
            boom("get_instructions")
        return "# Broken\n\nA family that misbehaves.\n"

    @staticmethod
    def start(t):
        if family_mode() == "start":
            boom("start")

    @staticmethod
    def intermediate_score(t):
        try:
            with open(os.path.join(HOME, "mode")) as f:
                mode = f.read().strip()
        except OSError:
            mode = "ok"
        if mode == "raise":
            boom("intermediate_score")
        if mode == "hang":
            time.sleep(3600)
        if mode == "notjson":
            return {"score": 1.0, "message": {"when": object()}}
        if mode == "flood":
            sys.stdout.write("x" * (3 << 20))
        if mode == "exit":
            os._exit(7)
        if mode == "none":
            return None
        if mode == "nan":
            return {"score": float("nan"), "message": {"why": "nan"},
                    "details": {}}
        if mode == "print":
            print("SEP_not_the_separator")
        return {"score": 5.0, "message": {"ok": True}, "details": {}}

    @staticmethod
    def aggregate_scores(t, score_log):
        if family_mode() == "aggregate":
            boom("aggregate_scores")
        return 5.0
