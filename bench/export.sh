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
trap 'pkill -f "__server $BASELINER_HOME" 2>/dev/null; pkill -f "__holder $BASELINER_HOME" 2>/dev/null; rm -rf "$BASELINER_HOME" "$out"' EXIT

. "$top/bench/bigsession.sh"

size=$(stat -c %s "$db")
t0=$(date +%s.%N)
cp "$db" "$out/copy.db"
t1=$(date +%s.%N)
$bl export -s "$id" -o "$out/export" --no-review >/dev/null
t2=$(date +%s.%N)
written=$(du -sb "$out/export" | cut -f1)
awk -v db="$size" -v w="$written" -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
	printf "database: %.0f MB of which recordings about 512 MB\n", db / 1e6
	printf "export:   %.2f s, wrote %.0f MB\n", c - b, w / 1e6
	printf "anchor:   cp of the database %.2f s\n", b - a
	printf "ratio:    export / cp = %.1f\n", (c - b) / (b - a)
}'
