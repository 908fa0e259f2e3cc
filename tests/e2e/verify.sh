#!/bin/sh
# The tamper-evident record: verify passes on an honest session, a plain
# export and an anonymized one, and fails, naming where, on each kind of
# tampering: a score row changed or inserted, an event changed, inserted
# or removed, a signature moved, the session row changed, a checkpoint row
# changed, checkpoint history rewritten and pruned, an export's score or
# chain edited, and an export checked against another host's key.
set -u
. "$top_srcdir/tests/lib.sh"

start_session demo
cp "$top_srcdir/tasks/demo/solutions/reference/solution.c" "$WORK/"
$BASELINER score >/dev/null || fail "score"
$BASELINER note "a note" || fail "note"
# A server killed mid-scoring: the next command starts another, which
# finishes the interrupted score row and seals it.
$BASELINER score --no-wait >/dev/null || fail "second score"
kill -9 "$(server_pid)"
$BASELINER status >/dev/null || fail "status after the kill"
wait_for 30 "q \"SELECT count(*) FROM event WHERE kind = 'server_restarted'\" | grep -qx 1" ||
	fail "no server_restarted event"
$BASELINER checkpoint -m "after the score" >/dev/null || fail "checkpoint"
$BASELINER submit >/dev/null || fail "submit"
wait_state ended
wait_for 30 "! servers_of $BASELINER_HOME" || fail "the server did not exit"

out=$($BASELINER verify) || fail "verify of an honest session: $out"
echo "$out" | grep -q '^ok$' || fail "no ok: $out"
echo "$out" | grep -q "this host's key" || fail "not checked against host.pub: $out"
[ "$(stat -c %a "$BASELINER_HOME/host.key")" = 600 ] || fail "host.key is not 0600"

exp=$BASELINER_HOME/exp
$BASELINER export -s "$SID" -o "$exp/plain" >/dev/null 2>"$BASELINER_HOME/err" || fail "export: $(cat "$BASELINER_HOME/err")"
$BASELINER export -s "$SID" -o "$exp/anon" --anonymize >/dev/null || fail "export -A"
E=$exp/plain/$SID
[ -s "$E/chain.jsonl" ] || fail "no chain.jsonl in the export"
key=$BASELINER_HOME/host.pub
out=$($BASELINER verify --key "$key" "$E") || fail "verify of the export: $out"
echo "$out" | grep -q "the key given" || fail "$out"
out=$($BASELINER verify --key "$key" "$exp/anon/$SID") || fail "verify of the anonymized export: $out"
grep -q p1 "$exp/anon/$SID/chain.jsonl" && fail "the participant id is in the anonymized chain"

# tampered COPY SQL EXPECT: a copy of the session folder, changed by SQL,
# must fail verify with EXPECT (a grep -E pattern) in what it says.
n=0
tampered() {
	n=$((n + 1))
	t=$BASELINER_HOME/t$n
	cp -r "$SESSION_DIR" "$t"
	sqlite3 "$t/session.db" "$1" || fail "sql: $1"
	expect_fail "$t" "$2"
}
expect_fail() {
	if out=$($BASELINER verify "$1" 2>&1); then
		fail "verify passed on $1 ($2): $out"
	fi
	echo "$out" | grep -Eq "$2" || fail "verify of $1 did not say '$2': $out"
	note "refused: $(echo "$out" | grep -E "$2" | head -1)"
}

tampered "UPDATE score SET raw = 0.001, normalized = 9 WHERE id = 2" \
	"score 2 differs from what seq [0-9]+ sealed"
tampered "INSERT INTO score (requested_wall, requested_elapsed, status, raw, normalized, visible) VALUES ('2026-01-01T00:00:00.000Z', 1, 'valid', 0.001, 9, 1)" \
	"score [0-9]+ is sealed by no event"
tampered "UPDATE event SET data = '{\"seconds\":36000,\"limit\":64800}' WHERE seq = (SELECT min(seq) FROM event WHERE kind = 'note')" \
	"seq [0-9]+ \\(note\\): the chain breaks here"
tampered "INSERT INTO event (wall, elapsed, kind, actor, data) VALUES ('2026-01-01T00:00:00.000Z', 5, 'clock_extend', 'proctor:0', '{\"seconds\":36000}')" \
	"is not linked: it was written outside the session server"
tampered "DELETE FROM event WHERE seq = 5" \
	"events between them were removed"
tampered "UPDATE event SET sig = (SELECT sig FROM event WHERE seq = 1) WHERE seq = 3" \
	"seq 3 .*the signature does not match"
tampered "UPDATE session SET y_start = 100, calibration = 'manifest'" \
	"session 0 differs"
tampered "UPDATE checkpoint SET message = 'rewritten' WHERE id = 2" \
	"checkpoint 2 differs"
tampered "UPDATE event SET kind = 'note' WHERE kind = 'session_ended'" \
	"the chain breaks here"

# Rows cut from the end: every link left is signed, and only the signed
# head beside the store (head.json) shows the cut; without the head, or
# with it edited, the record is not taken as whole either.
last=$(q "SELECT max(seq) FROM event")
[ "$(json_get "$(cat "$SESSION_DIR/head.json")" '$.seq')" = "$last" ] ||
	fail "head.json is not at the last event ($last): $(cat "$SESSION_DIR/head.json")"
tampered "DELETE FROM event WHERE seq > $last - 2" \
	"the record ends at seq $((last - 2)), but its signed head \\(head.json\\) is seq $last: events $((last - 1)) to $last were cut"
n=$((n + 1))
t=$BASELINER_HOME/t$n
cp -r "$SESSION_DIR" "$t"
rm "$t/head.json"
expect_fail "$t" "no signed head \\(head.json\\)"
n=$((n + 1))
t=$BASELINER_HOME/t$n
cp -r "$SESSION_DIR" "$t"
sed -i "s/\"seq\":$last/\"seq\":$((last + 5))/" "$t/head.json"
expect_fail "$t" "head.json: the signature does not match"

# History rewritten and the old objects pruned: git fsck is clean, the
# record is not.
n=$((n + 1))
t=$BASELINER_HOME/t$n
cp -r "$SESSION_DIR" "$t"
first=$(sqlite3 "$t/session.db" "SELECT commit_id FROM checkpoint WHERE id = 1")
git --git-dir="$t/checkpoints.git" update-ref refs/heads/main "$first" ||
	fail "update-ref"
git --git-dir="$t/checkpoints.git" reflog expire --expire=now --all
git --git-dir="$t/checkpoints.git" gc -q --prune=now
git --git-dir="$t/checkpoints.git" fsck >"$t.fsck" 2>&1 || fail "fsck: $(cat "$t.fsck")"
expect_fail "$t" "checkpoint [0-9]+: commit [0-9a-f]+ is not in the repository"

# Exports: an edited score, an edited chain line, another key.
cp -r "$E" "$exp/e1"
sed -i 's/"normalized":[0-9][0-9.e-]*/"normalized":9.5/' "$exp/e1/scores.jsonl"
expect_fail "$exp/e1" "score [0-9]+'s normalized differs from the sealed row"
cp -r "$E" "$exp/e2"
sed -i 's/a note/a different note/' "$exp/e2/chain.jsonl"
expect_fail "$exp/e2" "\\(note\\): the chain breaks here"
cp -r "$E" "$exp/e3"
sed -i '/"kind":"checkpoint"/d' "$exp/e3/chain.jsonl"
expect_fail "$exp/e3" "events between them were removed"
# An export cut at its end (its last chain line, and the score it sealed
# from scores.jsonl), or without its head.
cp -r "$E" "$exp/e4"
sed -i '$d' "$exp/e4/chain.jsonl"
expect_fail "$exp/e4" "the record ends at seq $((last - 1)), but its signed head \\(head.json\\) is seq $last: events $last to $last were cut"
cp -r "$E" "$exp/e5"
rm "$exp/e5/head.json"
expect_fail "$exp/e5" "no signed head"
other=0000000000000000000000000000000000000000000000000000000000000001
if out=$($BASELINER verify --key $other "$E" 2>&1); then
	fail "an export verified against another key: $out"
fi
echo "$out" | grep -q "signed by another key" || fail "$out"
exit 0
