#!/bin/sh
# The review page of an 8-hour session with 500 MB of terminal recordings
# (bench/bigsession.sh): the time to write the page (export --review),
# against copying the session's database (cp); then, in headless Chromium,
# the time until the page is drawn and until a seek reaches its moment in
# each pane, at five points of the session, against Chromium opening an
# empty page from the file system, all in the same run.
#
#   sh bench/review.sh [BUILD_DIR]      (default: the source tree)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top}
bl=$build/baseliner
BASELINER_HOME=$(mktemp -d); export BASELINER_HOME
BASELINER_TASKS=$top/tasks; export BASELINER_TASKS
out=$(mktemp -d)
trap 'pkill -f "__server $BASELINER_HOME" 2>/dev/null; pkill -f "__holder $BASELINER_HOME" 2>/dev/null; rm -rf "$BASELINER_HOME" "$out"' EXIT

. "$top/bench/bigsession.sh"

t0=$(date +%s.%N)
cp "$db" "$out/copy.db"
t1=$(date +%s.%N)
$bl export -s "$id" -o "$out/export" --review >/dev/null
t2=$(date +%s.%N)
page=$out/export/$id/review
awk -v w="$(du -sb "$page" | cut -f1)" -v a="$t0" -v b="$t1" -v c="$t2" \
    -v n="$(ls "$page/data/pane-1" | grep -c '^seg-')" 'BEGIN {
	printf "review page: %.2f s, wrote %.0f MB, %d segments in pane 1\n", c - b, w / 1e6, n
	printf "anchor:      cp of the database %.2f s\n", b - a
	printf "ratio:       page / cp = %.1f\n", (c - b) / (b - a)
}'
node "$top/bench/review-open.mjs" "$page/index.html"
