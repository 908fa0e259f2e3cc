# bench/bigsession.sh: sourced by the benchmarks of export and of the review
# page. Needs $bl (the program) and a fresh $BASELINER_HOME; makes an ended
# demo session with an 8-hour timeline and sets $id and $db.
id=$($bl start demo --participant bench --detach)
db=$BASELINER_HOME/sessions/$id/session.db
while ! sqlite3 "$db" "SELECT state FROM session" | grep -q running; do
	sleep 0.2
done
$bl submit -s "$id" >/dev/null
while ! sqlite3 "$db" "SELECT state FROM session" | grep -q ended; do
	sleep 0.2
done

# An 8-hour timeline: 2 panes, 128,000 chunks of 4,000 bytes of text
# (about 512 MB), a scoring every 18 minutes, a checkpoint every 10.
sqlite3 "$db" <<'SQL'
BEGIN;
-- Only the synthetic recording, so its times run forward from the start.
DELETE FROM recording;
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 128000)
INSERT INTO recording (pane_id, wall_ms, elapsed, kind, data)
SELECT 1 + x % 2, 1795740000000 + x * 225, x * 0.225, 'o',
       CAST(substr(hex(randomblob(2000)), 1, 3998) || char(13, 10) AS BLOB)
FROM c;
INSERT INTO recording (pane_id, wall_ms, elapsed, kind, data)
VALUES (1, 1795740000000, 0, 'r', CAST('200x50' AS BLOB)),
       (2, 1795740000000, 0, 'r', CAST('200x50' AS BLOB));
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 27)
INSERT INTO score (requested_wall, requested_elapsed, finished_wall,
    finished_elapsed, status, raw, normalized, message, visible)
SELECT '2026-11-27T00:00:00.000Z', x * 1080.0, '2026-11-27T00:00:05.000Z',
       x * 1080.0 + 5, 'valid', 3.0 - x * 0.01, x * 0.03, '{}', 1 FROM c;
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 48)
INSERT INTO event (wall, elapsed, kind, data)
SELECT '2026-11-27T00:00:00.000Z', x * 600.0, 'note', '{"text":"n"}' FROM c;
COMMIT;
SQL

