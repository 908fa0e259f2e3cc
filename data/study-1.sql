-- The study database, version 1: tasks (how to normalize), runs and their
-- scorings, filled by "baseliner study import" (src/study.c).
CREATE TABLE task (
 id TEXT PRIMARY KEY,
 direction TEXT NOT NULL CHECK (direction IN ('lower', 'higher')),
 y_start REAL NOT NULL,
 y_ref REAL NOT NULL,
 aggregation TEXT NOT NULL CHECK (aggregation IN ('best', 'last')),
 visibility TEXT NOT NULL CHECK (visibility IN ('visible', 'hidden')),
 source TEXT NOT NULL);
CREATE TABLE run (
 task_id TEXT NOT NULL,
 run_id TEXT NOT NULL,
 grp TEXT NOT NULL,			-- agent name or human
 kind TEXT NOT NULL CHECK (kind IN ('agent', 'human')),
 participant TEXT,
 limit_s REAL NOT NULL,
 limit_inferred INTEGER NOT NULL DEFAULT 0,
 source TEXT NOT NULL,
 imported_wall TEXT NOT NULL,
 PRIMARY KEY (task_id, run_id));
CREATE TABLE score (
 task_id TEXT NOT NULL,
 run_id TEXT NOT NULL,
 seq INTEGER NOT NULL,			-- order by elapsed
 elapsed_s REAL NOT NULL,
 raw REAL,				-- NULL: none
 normalized REAL,			-- NULL: invalid
 status TEXT NOT NULL,
 PRIMARY KEY (task_id, run_id, seq),
 FOREIGN KEY (task_id, run_id) REFERENCES run (task_id, run_id)
  ON DELETE CASCADE);
