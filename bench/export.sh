#!/bin/sh
# Export of an 8-hour session with 500 MB of terminal recordings.
# Prints the export's time and the bytes it wrote, and, as the anchor
# measured in the same run, the time to copy the session's database file
# (cp), with their ratio.
#
#   sh bench/export.sh [BUILD_DIR]      (default: the source tree)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top}
bl=$build/baseliner
BASELINER_HOME=$(mktemp -d); export BASELINER_HOME
BASELINER_TASKS=$top/tasks; export BASELINER_TASKS
out=$(mktemp -d)
trap 'pkill -f "__server $BASELINER_HOME" 2>/dev/null; rm -rf "$BASELINER_HOME" "$out"' EXIT

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

size=$(stat -c %s "$db")
t0=$(date +%s.%N)
cp "$db" "$out/copy.db"
t1=$(date +%s.%N)
$bl export -s "$id" -o "$out/export" >/dev/null
t2=$(date +%s.%N)
written=$(du -sb "$out/export" | cut -f1)
awk -v db="$size" -v w="$written" -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
	printf "database: %.0f MB of which recordings about 512 MB\n", db / 1e6
	printf "export:   %.2f s, wrote %.0f MB\n", c - b, w / 1e6
	printf "anchor:   cp of the database %.2f s\n", b - a
	printf "ratio:    export / cp = %.1f\n", (c - b) / (b - a)
}'
