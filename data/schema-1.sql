-- baseliner session database, version 1.
-- Times: *_wall is UTC ISO-8601 with milliseconds; *_elapsed is seconds on
-- the session clock (work time, pauses excluded).

CREATE TABLE session (
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
	aggregation	TEXT NOT NULL CHECK (aggregation IN ('best', 'last')),
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
	heartbeat_wall	TEXT
);

CREATE TABLE event (
	seq		INTEGER PRIMARY KEY AUTOINCREMENT,
	wall		TEXT NOT NULL,
	elapsed		REAL NOT NULL,
	kind		TEXT NOT NULL,
	actor		TEXT NOT NULL DEFAULT 'system',	-- participant, proctor:UID, system
	data		TEXT NOT NULL DEFAULT '{}'	-- JSON
);
CREATE INDEX event_kind ON event(kind);

CREATE TABLE checkpoint (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	commit_id	TEXT NOT NULL,
	parent_id	TEXT,
	wall		TEXT NOT NULL,
	elapsed		REAL NOT NULL,
	trigger		TEXT NOT NULL CHECK (trigger IN ('start', 'manual',
			    'auto', 'score', 'final')),
	message		TEXT NOT NULL DEFAULT '',
	files_changed	INTEGER NOT NULL DEFAULT 0,
	bytes		INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE checkpoint_skipped (
	checkpoint_id	INTEGER NOT NULL REFERENCES checkpoint(id),
	path		TEXT NOT NULL,
	size		INTEGER NOT NULL,
	hash		TEXT NOT NULL			-- git blob id of the file
);

CREATE TABLE score (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	requested_wall	TEXT NOT NULL,
	requested_elapsed REAL NOT NULL,
	started_wall	TEXT,
	finished_wall	TEXT,
	finished_elapsed REAL,
	status		TEXT NOT NULL CHECK (status IN ('queued', 'running',
			    'valid', 'invalid', 'error', 'timeout', 'cancelled')),
	reason		TEXT,				-- why, when not valid
	raw		REAL,
	normalized	REAL,
	message		TEXT,				-- JSON, shown to the participant
	details		TEXT,				-- JSON, hidden from them
	output_tail	TEXT,
	output_bytes	INTEGER NOT NULL DEFAULT 0,
	exit_status	INTEGER,
	scorer_pid	INTEGER,			-- its process group, while it runs
	checkpoint_id	INTEGER REFERENCES checkpoint(id),
	commit_id	TEXT,
	gpu_state	TEXT,				-- JSON snapshot at scoring time
	visible		INTEGER NOT NULL DEFAULT 1,
	is_start	INTEGER NOT NULL DEFAULT 0,	-- the untouched start files
	is_final	INTEGER NOT NULL DEFAULT 0,
	requested_by	TEXT NOT NULL DEFAULT 'participant'
);

CREATE TABLE pause (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	start_wall	TEXT NOT NULL,
	end_wall	TEXT,
	elapsed		REAL NOT NULL,			-- clock value during it
	reason		TEXT NOT NULL,
	by		TEXT NOT NULL
);

CREATE TABLE note (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	wall		TEXT NOT NULL,
	elapsed		REAL NOT NULL,
	text		TEXT NOT NULL
);

CREATE TABLE message (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	wall		TEXT NOT NULL,
	elapsed		REAL NOT NULL,
	sender		TEXT NOT NULL,
	text		TEXT NOT NULL,
	acked_wall	TEXT
);

CREATE TABLE pane (
	id		INTEGER PRIMARY KEY,		-- pane number in the session
	opened_wall	TEXT NOT NULL,
	closed_wall	TEXT,
	command		TEXT NOT NULL,
	cols		INTEGER NOT NULL,
	rows		INTEGER NOT NULL
);

-- Terminal recording: output ('o'), input ('i') and resizes ('r', data
-- "COLSxROWS") of each pane, in order, with the time they happened.
CREATE TABLE recording (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	pane_id		INTEGER NOT NULL,
	wall_ms		INTEGER NOT NULL,
	elapsed		REAL NOT NULL,
	kind		TEXT NOT NULL CHECK (kind IN ('o', 'i', 'r')),
	data		BLOB NOT NULL
);
CREATE INDEX recording_pane ON recording(pane_id, id);

-- Commands run in the shells, from the shell's prompt marks (OSC 133).
CREATE TABLE command (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	pane_id		INTEGER NOT NULL,
	start_wall	TEXT NOT NULL,
	start_elapsed	REAL NOT NULL,
	end_wall	TEXT,
	end_elapsed	REAL,
	cwd		TEXT,
	cmdline		TEXT NOT NULL,
	exit_status	INTEGER
);
