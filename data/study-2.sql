-- The study database, version 2: aggregation last_valid (the last valid
-- score counts; "last" is the last submission, an invalid one scoring 0).
-- SQLite cannot change a CHECK constraint in place: the table is rebuilt.
CREATE TABLE task2 (
 id TEXT PRIMARY KEY,
 direction TEXT NOT NULL CHECK (direction IN ('lower', 'higher')),
 y_start REAL NOT NULL,
 y_ref REAL NOT NULL,
 aggregation TEXT NOT NULL
  CHECK (aggregation IN ('best', 'last', 'last_valid')),
 visibility TEXT NOT NULL CHECK (visibility IN ('visible', 'hidden')),
 source TEXT NOT NULL);
INSERT INTO task2 SELECT id, direction, y_start, y_ref, aggregation,
 visibility, source FROM task;
DROP TABLE task;
ALTER TABLE task2 RENAME TO task;
