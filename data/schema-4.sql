-- baseliner session database, version 4: aggregation last_valid (the last
-- valid score counts; "last" is the last scoring, an invalid last one
-- scoring as the starting solution, 0). SQLite cannot change a CHECK
-- constraint in place, so the session table is rebuilt with the same
-- columns in the same order (version 1's, then version 3's) and its one
-- row copied. No other table refers to it. Readers of version 3 read
-- version 4 unchanged (src/store/store.c: read_min).
CREATE TABLE session4 (
	id		TEXT PRIMARY KEY,
	task_id		TEXT NOT NULL,
	task_version	TEXT NOT NULL,
	task_title	TEXT NOT NULL,
	task_dir	TEXT NOT NULL,
	participant	TEXT NOT NULL,
	owner_uid	INTEGER NOT NULL,
	host		TEXT NOT NULL,
	gpu_model	TEXT,
	gpu_count	INTEGER NOT NULL DEFAULT 0,
	gpus		TEXT NOT NULL DEFAULT '',	-- "0,1": CUDA_VISIBLE_DEVICES
	limit_s		REAL NOT NULL,			-- time limit incl. extensions
	direction	TEXT NOT NULL CHECK (direction IN ('lower', 'higher')),
	aggregation	TEXT NOT NULL
			    CHECK (aggregation IN ('best', 'last', 'last_valid')),
	visibility	TEXT NOT NULL CHECK (visibility IN ('visible', 'hidden')),
	y_start		REAL NOT NULL,
	y_ref		REAL NOT NULL,
	calibration	TEXT NOT NULL,			-- where y_start/y_ref came from
	state		TEXT NOT NULL CHECK (state IN ('starting', 'running',
			    'paused', 'ended')),
	created_wall	TEXT NOT NULL,
	start_wall	TEXT,				-- the clock started
	end_wall	TEXT,
	end_elapsed	REAL,
	end_reason	TEXT,				-- expired, submitted, stopped
	-- The clock, as last stored by the server (about once a second):
	-- elapsed seconds at heartbeat_wall. A restarted server resumes here.
	elapsed_s	REAL NOT NULL DEFAULT 0,
	heartbeat_wall	TEXT,
	-- Version 3: see data/schema-3.sql.
	calibration_detail TEXT,
	family_score	REAL,
	family_score_status TEXT,
	family_score_output TEXT,
	family		TEXT
);
INSERT INTO session4 SELECT id, task_id, task_version, task_title, task_dir,
    participant, owner_uid, host, gpu_model, gpu_count, gpus, limit_s,
    direction, aggregation, visibility, y_start, y_ref, calibration, state,
    created_wall, start_wall, end_wall, end_elapsed, end_reason, elapsed_s,
    heartbeat_wall, calibration_detail, family_score, family_score_status,
    family_score_output, family FROM session;
DROP TABLE session;
ALTER TABLE session4 RENAME TO session;
