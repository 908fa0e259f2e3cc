"""ts_secret: needs TS_SECRET_TOKEN from the host; install and scoring
check that they see it, and that nothing else of the host's environment
came with it."""
import hashlib
import os

HOME = os.environ.get("BASELINER_AGENT_HOME", "/home/agent")


def digest():
    return hashlib.sha256(os.environ["TS_SECRET_TOKEN"].encode()).hexdigest()


class TaskFamily:
    standard_version = "0.3.0"
    required_environment_variables = ["TS_SECRET_TOKEN"]

    @staticmethod
    def get_tasks():
        return {"main": {}}

    @staticmethod
    def install():
        with open("installed.digest", "w") as f:
            f.write(digest())

    @staticmethod
    def get_instructions(t):
        return "# Secret\n\nNothing to do; score.\n"

    @staticmethod
    def intermediate_score(t):
        with open("installed.digest") as f:
            same = f.read() == digest()
        leaked = "TS_PARTICIPANT_ONLY" in os.environ
        return {"score": 1.0 if same and not leaked else 0.0,
                "message": {"secret_seen": same,
                            "participant_env_seen": leaked},
                "details": {}}

    @staticmethod
    def aggregate_scores(t, score_log):
        return max([e["score"] for e in score_log] or [0.0])
