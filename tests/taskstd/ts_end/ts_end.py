"""ts_end: no intermediate scoring; the submission is scored once."""


class TaskFamily:
    standard_version = "0.2.3"

    @staticmethod
    def get_tasks():
        return {"main": {"answer": "42"}}

    @staticmethod
    def get_instructions(t):
        return ("# End\n\nPut the answer in `submission.txt` and submit.\n")

    @staticmethod
    def score(t, submission):
        return 1.0 if submission.strip() == t["answer"] else 0.0
