"""ts_best: answer.txt holds a number; the higher the better; the best
valid score counts. Scores are logged to the protected score log the way
RE-Bench's families do (header at start, one CSV row a scoring)."""
import csv
import datetime
import math
import os

HOME = os.environ.get("BASELINER_AGENT_HOME", "/home/agent")
PROTECTED = os.environ.get("BASELINER_PROTECTED", "/protected")


class TaskFamily:
    standard_version = "0.3.0"

    @staticmethod
    def get_tasks():
        return {"main": {"target": 10}, "easy": {"target": 1}}

    @staticmethod
    def get_instructions(t):
        return ("# Best of\n\nWrite a number into `answer.txt` in your home "
                "folder and score it.\nThe higher the better, up to %d. "
                "Your best score counts.\n" % t["target"])

    @staticmethod
    def get_permissions(t):
        return []

    @staticmethod
    def start(t):
        with open(os.path.join(PROTECTED, "score.log"), "w") as f:
            f.write("timestamp,score,message,details\n")
        with open(os.path.join(HOME, "answer.txt"), "w") as f:
            f.write("1\n")
        with open("start.marker", "w") as f:   # in the root folder
            f.write("started\n")

    @staticmethod
    def intermediate_score(t):
        try:
            with open(os.path.join(HOME, "answer.txt")) as f:
                v = float(f.read().strip())
            score = min(v, t["target"])
            msg = {"answer": v}
        except Exception as e:
            score, msg = float("nan"), {"error": str(e)}
        det = {"target": t["target"], "root_marker": os.path.exists(
            "start.marker")}
        with open(os.path.join(PROTECTED, "score.log"), "a") as f:
            csv.writer(f).writerow([datetime.datetime.now().isoformat(),
                                    score, msg, det])
        print("scored the answer")
        return {"score": score, "message": msg, "details": det}

    @staticmethod
    def teardown(t):
        with open(os.path.join(PROTECTED, "teardown.txt"), "w") as f:
            f.write("torn down\n")

    @staticmethod
    def aggregate_scores(t, score_log):
        valid = [e["score"] for e in score_log
                 if e["score"] is not None and not math.isnan(e["score"])]
        with open(os.path.join(PROTECTED, "aggregated.txt"), "w") as f:
            f.write("%d entries\n" % len(score_log))
        return max(valid) if valid else 0.0
