-- baseliner session database, version 3: calibration per card and the
-- final score of a METR Task Standard family.

-- The calibration whose y_start and y_ref this session normalizes with, as
-- JSON: {"source": "pack"|"host"|"manifest"|"override", "gpu", "driver",
-- "measured", "how", "file", "y_start", "y_ref"} (absent fields unknown).
ALTER TABLE session ADD COLUMN calibration_detail TEXT;

-- Task Standard packs: the family's own final score (aggregate_scores, or
-- score for families without intermediate scoring), kept beside
-- baseliner's own aggregation of the score rows. Status: 'valid',
-- 'invalid' (NaN), 'none' (the family returned None), 'error' (its code
-- failed: the output holds its traceback).
ALTER TABLE session ADD COLUMN family_score REAL;
ALTER TABLE session ADD COLUMN family_score_status TEXT;
ALTER TABLE session ADD COLUMN family_score_output TEXT;

-- The Task Standard family and task a session runs ("family/task"), NULL
-- for baseliner's own packs.
ALTER TABLE session ADD COLUMN family TEXT;
