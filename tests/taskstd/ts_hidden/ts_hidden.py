"""ts_hidden: the score of answer.txt is hidden from the participant until
the end; the last submission counts, NaN included."""
import math
import os

HOME = os.environ.get("BASELINER_AGENT_HOME", "/home/agent")


class TaskFamily:
    standard_version = "0.3.0"

    @staticmethod
    def get_tasks():
        return {"main": {}}

    @staticmethod
    def get_instructions(t):
        return "# Hidden\n\nPredict a number in `answer.txt`. Scores are hidden.\n"

    @staticmethod
    def intermediate_score(t):
        try:
            with open(os.path.join(HOME, "answer.txt")) as f:
                v = float(f.read())
        except Exception:
            return {"score": float("nan"), "message": {"recorded": False},
                    "details": {}}
        return {"score": v, "message": {"recorded": True},
                "details": {"secret_truth": 42}}

    @staticmethod
    def aggregate_scores(t, score_log):
        if not score_log:
            return 0.0
        last = score_log[-1]["score"]
        return 0.0 if last is None or math.isnan(last) else last
