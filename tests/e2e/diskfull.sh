#!/bin/sh
# A full disk (issue 9, item 4). The session lives on a small tmpfs that
# the test mounts itself; the scorer fills it and then prints its result.
# The result cannot be written: the server keeps it (and its event) in
# memory, `baseliner score` still gives the result with a warning, the
# status says what is wrong, and once there is room again the row arrives
# valid with its numbers, the event is chained, the heartbeat goes on and
# server.log says what happened. Needs root to mount (skips otherwise).
set -u
. "$top_srcdir/tests/lib.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP: mounting a tmpfs needs root"; exit 77; }
MNT=$(mktemp -d "${TMPDIR:-/tmp}/bl-full.XXXXXX")
if ! mount -t tmpfs -o size=24m,mode=0700 tmpfs "$MNT" 2>/dev/null; then
	rmdir "$MNT"
	echo "SKIP: cannot mount a tmpfs here"
	exit 77
fi
# At the end: detach the mount first (lazily: the servers still hold it),
# then the usual cleanup ends them by the home's name, and the memory goes
# with the last of them.
rm -rf "$BASELINER_HOME"
BASELINER_HOME=$MNT/home
mkdir -p "$BASELINER_HOME"
trap 'df_rc=$?; umount -l "$MNT" 2>/dev/null; rmdir "$MNT" 2>/dev/null; (exit $df_rc); lib_cleanup' EXIT

FILL=$MNT/fill
make_lab_pack "$BASELINER_HOME/packs" 30
{
	echo '#!/bin/sh'
	echo '# Measure, then (asked to) fill the disk, then say the result.'
	echo "if [ -e \"\$BASELINER_WORKDIR/fill\" ]; then"
	echo "	dd if=/dev/zero of='$FILL' bs=64k 2>/dev/null"
	echo "	dd if=/dev/zero of='$FILL.4k' bs=4k 2>/dev/null"
	echo "fi"
	echo "echo '{\"score\": 7.5}'"
} >"$BASELINER_HOME/packs/lab/scoring/score.sh"
BASELINER_TASKS=$BASELINER_HOME/packs
export BASELINER_TASKS
start_session lab

# A log that needs new room for the next commit, as on a disk that filled
# up in a long session (a fresh session's log has room to spare).
q "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null || fail "checkpoint"
touch "$WORK/fill"
# (Its stderr cannot go to a file on the full disk.)
out=$($BASELINER score 2>&1)
rc=$?
note "score (exit $rc): $out"
[ "$(df -P "$MNT" | awk 'NR == 2 { print $4 }')" -lt 4 ] ||
	fail "the scorer did not fill the disk: $(df -P "$MNT")"
[ "$rc" = 0 ] || fail "score exited $rc while the disk was full: $out"
echo "$out" | grep -q "valid" || fail "score did not print the result: $out"
echo "$out" | grep -q "7.5" || fail "score did not print the number: $out"
echo "$out" | grep -q "not stored yet" ||
	fail "no warning that the result is not stored: $out"
id=$(q "SELECT max(id) FROM score")
note "while full, the row says: $(q "SELECT status FROM score WHERE id = $id")"

# The participant is told.
wait_for 10 "$BASELINER status | grep -q '^DATABASE'" ||
	fail "status does not say the database is full: $($BASELINER status 2>&1)"
$BASELINER status | grep '^DATABASE' | grep -Eqi "full|disk" ||
	fail "status does not say why: $($BASELINER status | grep '^DATABASE')"
beat=$(q "SELECT heartbeat_wall FROM session")

# Room again: everything kept arrives, in one piece.
rm -f "$FILL" "$FILL.4k"
wait_score "$id" valid 30
[ "$(q "SELECT raw = 7.5 AND finished_wall IS NOT NULL FROM score WHERE id = $id")" = 1 ] ||
	fail "the stored row lost its numbers: $(q "SELECT * FROM score WHERE id = $id")"
wait_for 10 "[ \"\$(q \"SELECT count(*) FROM event WHERE kind = 'score_finished' AND json_extract(data, '\$.id') = $id\")\" = 1 ]" ||
	fail "the score_finished event was not stored: $(q "SELECT seq, kind, data FROM event ORDER BY seq DESC LIMIT 5")"
wait_for 10 "[ \"\$(q 'SELECT heartbeat_wall FROM session')\" != '$beat' ]" ||
	fail "the heartbeat did not resume"
wait_for 10 "! $BASELINER status | grep -q '^DATABASE'" ||
	fail "status still reports trouble: $($BASELINER status 2>&1)"
wait_for 10 "grep -q 'writable again' '$SESSION_DIR/server.log'" ||
	fail "server.log does not say what happened: $(tail -n 5 "$SESSION_DIR/server.log")"
grep 'writable again' "$SESSION_DIR/server.log" | grep -Eqi "full|disk" ||
	fail "server.log does not say what was wrong: $(grep 'writable again' "$SESSION_DIR/server.log")"

# The session goes on: the next score is stored at once.
rm -f "$WORK/fill"
$BASELINER score >/dev/null 2>&1 || fail "the next score failed"
[ "$(q "SELECT count(*) FROM score WHERE status = 'valid'")" -ge 2 ] ||
	fail "the next score was not stored: $(q "SELECT id, status, reason FROM score")"
echo "ok: a result finished on a full disk was kept and stored"
