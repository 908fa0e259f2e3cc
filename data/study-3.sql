-- The study database, version 3: what a study records beyond the scores.
-- A participant's attributes (expertise, recruitment source, the AI-tools
-- condition, consent, pay rate, ...) as one JSON object; a run's marks,
-- kept apart from the run so that importing it again keeps them: a
-- give-up with its reason, an exclusion after review with who decided
-- and why; and the study's settings (how excluded runs count).
CREATE TABLE participant (
 id TEXT PRIMARY KEY,
 attrs TEXT NOT NULL DEFAULT '{}');
CREATE TABLE mark (
 task_id TEXT NOT NULL,
 run_id TEXT NOT NULL,
 gave_up_reason TEXT,
 excluded INTEGER NOT NULL DEFAULT 0,
 excluded_by TEXT,
 excluded_why TEXT,
 excluded_wall TEXT,
 PRIMARY KEY (task_id, run_id));
CREATE TABLE setting (
 key TEXT PRIMARY KEY,
 value TEXT NOT NULL);
