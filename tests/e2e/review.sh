#!/bin/sh
# The review page of an exported session, in a real Chromium: a demo
# session with commands, notes, a pause, three scorings of changed code and
# output long enough for several replay segments is exported; the page
# lists every scoring and note, clicking a scoring seeks every pane's
# replay to its moment (in a segment that starts from a snapshot) and shows
# that scoring's diff, nothing is requested outside the file system and
# nothing reaches the console as an error. The anonymized page holds no
# participant id. A screenshot is kept as review-shot.png in the build.
set -u
. "$top_srcdir/tests/lib.sh"
tools=$top_srcdir/tests/tools
browser=$top_srcdir/tests/browser
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
command -v node >/dev/null || { echo "SKIP: no node"; exit 77; }
chromium=${CHROMIUM:-$(command -v chromium || true)}
[ -n "$chromium" ] || { echo "SKIP: no chromium (scripts/deps.sh installs it)"; exit 77; }
[ -d "$browser/node_modules/playwright-core" ] ||
	{ echo "SKIP: no playwright-core (scripts/deps.sh: npm ci in tests/browser)"; exit 77; }
[ -f "$top_builddir/review-player/asciinema-player.min.js" ] ||
	{ echo "SKIP: the player was not built (npm missing at build time)"; exit 77; }
out=$(mktemp -d)
CLEANUP=$out; [ -n "${KEEP:-}" ] && CLEANUP=

who=reviewer7participant
PARTICIPANT=$who start_session demo
input() {
	python3 "$tools/blctl.py" "$SESSION_DIR/control.sock" pane.input \
	    "{\"pane\": 1, \"text\": \"$1\\r\"}" >/dev/null || fail "pane.input"
}
wait_for 20 "[ \"\$(q 'SELECT count(*) FROM pane')\" -ge 1 ]" || fail "no pane"
# Some screens of coloured output: several segments of 4 KB each.
# In batches, so that the recording has many chunks to cut between.
cat >"$WORK/rows.sh" <<'EOT'
i=1
while [ $i -le 300 ]; do
	printf '\033[3%dmrow %d of the review test\033[0m\n' $((i % 8)) $i
	[ $((i % 20)) -eq 0 ] && sleep 0.05
	i=$((i + 1))
done
EOT
input 'sh rows.sh'
wait_for 30 "q \"SELECT count(*) FROM recording WHERE CAST(data AS TEXT) LIKE '%row 300 of%'\" | grep -qv '^0'" ||
	fail "the output was not recorded"
$BASELINER note "looked at the harness first" >/dev/null || fail "note"
cp "$top_srcdir/tasks/demo/solutions/reference/solution.c" "$WORK/" || fail "cp"
$BASELINER score >/dev/null || fail "score 2"
input 'echo between scorings'
printf '\n/* tuned:\tthe second try */\n' >>"$WORK/solution.c"
$BASELINER pause --reason "coffee break" >/dev/null || fail "pause"
$BASELINER resume >/dev/null || fail "resume"
$BASELINER note "second try after the break" >/dev/null || fail "note 2"
$BASELINER score >/dev/null || fail "score 3"
$BASELINER submit >/dev/null || fail "submit"
wait_state ended

BASELINER_REVIEW_SEGMENT_BYTES=4096 $BASELINER export -s "$SID" -o "$out/plain" >/dev/null ||
	fail "export"
r=$out/plain/$SID/review
for f in index.html review.js review.css data/session.js data/pane-1/index.js \
    data/pane-1/seg-0.js player/asciinema-player.min.js player/LICENSE; do
	[ -s "$r/$f" ] || fail "review/$f missing"
done
segs=$(ls "$r/data/pane-1" | grep -c '^seg-')
[ "$segs" -ge 3 ] || fail "only $segs replay segments of 4 KB"
note "pane 1 in $segs segments"

nscores=$(q "SELECT count(*) FROM score WHERE status NOT IN ('queued', 'running')")
cat >"$out/expect.json" <<EOT
{"scorings": $nscores, "verify": true, "notes": ["looked at the harness first", "second try after the break"]}
EOT
(cd "$browser" && CHROMIUM=$chromium node review.mjs "$r/index.html" \
    "$top_builddir/review-shot.png" "$out/expect.json") || fail "the page in Chromium"

# The page alone, anonymized: no participant id anywhere in it.
$BASELINER export -s "$SID" -o "$out/anon" --anonymize --review >/dev/null ||
	fail "export --anonymize --review"
a=$out/anon/$SID
[ -s "$a/review/index.html" ] || fail "no anonymized review page"
[ -e "$a/session.json" ] && fail "--review wrote more than the page"
grep -rq "$who" "$a" && fail "participant id in the anonymized page"
grep -rq "$who" "$r/data/session.js" || fail "the plain page lost the participant id"
(cd "$browser" && CHROMIUM=$chromium node review.mjs "$a/review/index.html" \
    "$out/anon.png" "$out/expect.json") || fail "the anonymized page in Chromium"
exit 0
