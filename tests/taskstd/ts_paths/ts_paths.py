"""ts_paths: a family that knows only the standard's own paths, as METR's
families do: start() writes the agent's files into /home/agent and the
target and the score log into /protected; intermediate_score() reads
them back from there; aggregate_scores() reads the protected log. No
environment variable of baseliner's is read: it runs only where the host
gives it /home/agent and /protected."""
import csv
import json
import math
import os


class TaskFamily:
    standard_version = "0.3.0"

    @staticmethod
    def get_tasks():
        return {"main": {"target": 8}}

    @staticmethod
    def get_instructions(t):
        return ("# Paths\n\nPut a whole number in /home/agent/guess.txt; "
                "the nearer to a hidden target, the better.\n")

    @staticmethod
    def start(t):
        with open("/protected/target.json", "w") as f:
            json.dump({"target": t["target"]}, f)
        with open("/protected/score.log", "w") as f:
            f.write("timestamp,score,message,details\n")
        with open("/home/agent/guess.txt", "w") as f:
            f.write("0\n")
        os.makedirs("/home/agent/notes", exist_ok=True)
        with open("/home/agent/notes/README", "w") as f:
            f.write("written by start() at /home/agent/notes/README\n")
        print("start: wrote /home/agent/guess.txt and /protected/target.json")

    @staticmethod
    def intermediate_score(t):
        with open("/protected/target.json") as f:
            target = json.load(f)["target"]
        try:
            with open("/home/agent/guess.txt") as f:
                guess = int(f.read().strip())
            score = 10.0 - abs(guess - target)
            msg = {"guess": guess}
        except ValueError as e:
            score, msg = float("nan"), {"error": str(e)}
        with open("/protected/score.log", "a") as f:
            csv.writer(f).writerow(["-", score, json.dumps(msg), "{}"])
        print("scored /home/agent/guess.txt")
        return {"score": score, "message": msg,
                "details": {"target": target}}

    @staticmethod
    def aggregate_scores(t, score_log):
        with open("/protected/score.log") as f:
            rows = list(csv.DictReader(f))
        with open("/protected/aggregated.txt", "w") as f:
            f.write("%d log entries, %d rows in /protected/score.log\n" %
                    (len(score_log), len(rows)))
        valid = [e["score"] for e in score_log if e["score"] is not None
                 and not math.isnan(e["score"])]
        return max(valid) if valid else 0.0

    @staticmethod
    def teardown(t):
        with open("/protected/teardown.txt", "w") as f:
            f.write("torn down\n")
