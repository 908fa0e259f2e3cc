#!/bin/sh
# Export of a whole session: every file is there and well-formed, the
# pane's cast replays to the screen the recording gives, the bundle clones
# with every scored commit, and --anonymize leaves no participant id and
# no planted secret anywhere.
set -u
BASELINER_HOME=$(mktemp -d); export BASELINER_HOME
# Shells that read no one's dotfiles (see tests/lib.sh).
: "${PYENV_ROOT:=$HOME/.pyenv}" "${RUSTUP_HOME:=$HOME/.rustup}"
: "${CARGO_HOME:=$HOME/.cargo}"
export PYENV_ROOT RUSTUP_HOME CARGO_HOME
HOME=$BASELINER_HOME/home; mkdir -p "$HOME"; export HOME
out=$(mktemp -d)
cleanup() {
	pkill -f "__server $BASELINER_HOME" 2>/dev/null
	pkill -f "__holder $BASELINER_HOME" 2>/dev/null	# and its shells
	rm -rf "$BASELINER_HOME" "$out"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
tools="$top_srcdir/tests/tools"
castscreen="$top_builddir/tests/tools/castscreen"
command -v python3 >/dev/null || { echo "no python3"; exit 77; }

# Wait up to $1 seconds for the shell command $2 to succeed.
wait_for() {
	n=0
	while ! sh -c "$2" >/dev/null 2>&1; do
		n=$((n + 1))
		[ "$n" -gt $(($1 * 10)) ] && return 1
		sleep 0.1
	done
}

who=zed42participant
id=$($BASELINER start demo --participant $who --detach) || fail "start"
dir=$BASELINER_HOME/sessions/$id
db=$dir/session.db
export BASELINER_SESSION=$id
wait_for 60 "sqlite3 $db \"SELECT state FROM session\" | grep -q running" ||
	fail "the clock never started"

# Type into the session's shell as the workbench does.
wait_for 20 "sqlite3 $db 'SELECT count(*) FROM pane' | grep -q 1" ||
	fail "no shell pane"
python3 "$tools/blctl.py" "$dir/control.sock" pane.input \
    '{"pane": 1, "text": "export OPENAI_API_KEY=sk-PLANTEDsecret0123456789abcdef; echo h\u00e9llo \u4e16\u754c; echo mallory@labhost9; echo I am zed42participant; printf \"\\033[1;31mred\\033[0m done\\n\"\r"}' \
    >/dev/null || fail "pane.input"
wait_for 20 "sqlite3 $db \"SELECT count(*) FROM recording WHERE kind = 'o' AND CAST(data AS TEXT) LIKE '%red%done%'\" | grep -qv '^0'" ||
	fail "the shell's output was not recorded"

$BASELINER note "token for later: ghp_PLANTEDabcdefghijklmnopqrstuvwxyz0123" ||
	fail "note"
cp "$top_srcdir/tasks/demo/solutions/reference/solution.c" "$dir/work/"
$BASELINER score >/dev/null || fail "score"
$BASELINER checkpoint -m "after the score" >/dev/null || fail "checkpoint"
$BASELINER submit >/dev/null || fail "submit"
wait_for 60 "sqlite3 $db \"SELECT state FROM session\" | grep -q ended" ||
	fail "the session did not end"

$BASELINER export -s "$id" -o "$out/plain" >/dev/null || fail "export"
e=$out/plain/$id
for f in session.json scores.csv scores.jsonl events.jsonl inspect.json \
    checkpoints.bundle pane-1.cast; do
	[ -s "$e/$f" ] || fail "$f missing or empty"
done
python3 -m json.tool "$e/session.json" >/dev/null || fail "session.json"
python3 -m json.tool "$e/inspect.json" >/dev/null || fail "inspect.json"
python3 - "$e" <<'PY' || fail "export contents"
import csv, json, sys
e = sys.argv[1]
s = json.load(open(e + "/session.json"))
assert s["participant"] == "zed42participant", s["participant"]
assert s["end_reason"] == "submitted"
assert s["scoring"]["direction"] == "lower"
rows = [json.loads(l) for l in open(e + "/scores.jsonl")]
assert len(rows) == 3, len(rows)            # start, the score, final
assert rows[0]["is_start"] and rows[0]["elapsed_s"] == 0
assert rows[-1]["is_final"]
assert all(r["status"] == "valid" for r in rows), [(r["status"], r.get("reason")) for r in rows]
assert s["final"]["score_id"] in [r["id"] for r in rows]
c = list(csv.DictReader(open(e + "/scores.csv")))
assert [int(r["id"]) for r in c] == [r["id"] for r in rows]
ev = [json.loads(l) for l in open(e + "/events.jsonl")]
kinds = [x["kind"] for x in ev]
for k in ("session_created", "clock_start", "note", "checkpoint",
          "score_finished", "session_ended"):
    assert k in kinds, k
seqs = [x["seq"] for x in ev if "seq" in x]
assert seqs == sorted(seqs)
log = json.load(open(e + "/inspect.json"))
sample = log["samples"][0]
scores = [x for x in sample["events"] if x["event"] == "score"]
assert len(scores) == 3 and not scores[-1]["intermediate"]
# human_cli's conventions: notes and the clock are info events from
# human_agent, the clock's with an action and the total time.
infos = [x for x in sample["events"] if x["event"] == "info"]
assert all(x["source"] == "human_agent" for x in infos)
assert any(isinstance(x["data"], str) for x in infos)
clock = [x["data"] for x in infos if isinstance(x["data"], dict)]
assert clock and clock[0]["action"] == "start", clock
assert clock[-1]["action"] == "stop", clock
assert all(x["total_time"].count(":") == 2 for x in clock)
assert len(sample["store"]["HumanAgentState:scorings"]) == 3
PY

# The cast plays, and replays to the screen the recording itself gives.
head -n 1 "$e/pane-1.cast" | grep -q '"version": *2' || fail "cast header"
"$castscreen" "$e/pane-1.cast" >"$out/cast.screen" || fail "castscreen"
"$castscreen" --db "$db" 1 >"$out/db.screen" || fail "castscreen --db"
cmp -s "$out/cast.screen" "$out/db.screen" || {
	diff "$out/db.screen" "$out/cast.screen"
	fail "the cast does not replay to the recorded screen"
}
grep -q "héllo 世界" "$out/cast.screen" || fail "UTF-8 lost in the cast"
if command -v asciinema >/dev/null && command -v script >/dev/null; then
	script -qec "asciinema cat $e/pane-1.cast" /dev/null >"$out/cat.out" ||
		fail "asciinema cat"
	grep -q "done" "$out/cat.out" || fail "asciinema cat shows nothing"
fi

# Every scored commit comes with the bundle.
git clone -q "$e/checkpoints.bundle" "$out/clone" || fail "git clone bundle"
for c in $(python3 -c "import json,sys; [print(json.loads(l)['commit']) for l in open(sys.argv[1])]" "$e/scores.jsonl"); do
	git -C "$out/clone" cat-file -e "$c^{commit}" || fail "commit $c missing"
done
cmp -s "$out/clone/solution.c" "$top_srcdir/tasks/demo/solutions/reference/solution.c" ||
	fail "the bundle's last commit is not the scored code"

# Anonymized: no participant id, no planted secret, typed input left out.
$BASELINER export -s "$id" -o "$out/anon" --anonymize >/dev/null ||
	fail "export --anonymize"
a=$out/anon/$id
grep -rq "$who" "$out/anon" && fail "participant id in the anonymized export"
grep -rq PLANTED "$out/anon" && fail "a planted secret in the anonymized export"
grep -q '"participant": "anon-' "$a/session.json" || fail "no anonymous id"
grep -q '"i",' "$a/pane-1.cast" && fail "typed input in the anonymized cast"
$BASELINER export -s "$id" -o "$out/anon2" --anonymize >/dev/null
cmp -s "$a/session.json" "$out/anon2/$id/session.json" ||
	fail "the anonymous id is not stable"
grep -q PLANTED "$e/pane-1.cast" || fail "the plain export lost the output"

# The anonymous id is a keyed hash: the same key, the same id; another key,
# another id; never the unkeyed hash of a public salt.
head -c 32 /dev/urandom > "$out/k1.key"
head -c 32 /dev/urandom > "$out/k2.key"
anon_id() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['participant'])" "$1"; }
cp "$out/k1.key" "$out/k1b.key"
for k in k1 k2 k1b; do
	$BASELINER export -s "$id" -o "$out/$k" --anonymize --study-key \
	    "$out/$k.key" --no-review >/dev/null || fail "export --study-key $k"
done
[ "$(anon_id "$out/k1/$id/session.json")" != "$(anon_id "$out/k2/$id/session.json")" ] ||
	fail "two study keys gave the same anonymous id"
[ "$(anon_id "$out/k1/$id/session.json")" = "$(anon_id "$out/k1b/$id/session.json")" ] ||
	fail "one study key gave two anonymous ids"
[ -f "$BASELINER_HOME/study.key" ] || fail "no study key made on first use"
[ "$(stat -c %a "$BASELINER_HOME/study.key")" = 600 ] ||
	fail "the study key is readable by others"
$BASELINER export -s "$id" -o "$out/nokey" --anonymize --study-key \
    "$out/none" --no-review >/dev/null 2>&1 && fail "a missing study key accepted"

# --strip-commands and --strip-prompts: no command line, no user@host.
grep -q "mallory@labhost9" "$e/pane-1.cast" || fail "the plain export lost user@host"
$BASELINER export -s "$id" -o "$out/strip" --strip-commands --strip-prompts \
    --no-review >/dev/null || fail "export --strip-commands --strip-prompts"
grep -rq "mallory@labhost9" "$out/strip" && fail "user@host left in the export"
grep -rq "$who" "$out/strip" && fail "--strip-* did not anonymize"
python3 - "$out/strip/$id/events.jsonl" "$a/events.jsonl" <<'PY' || fail "command lines"
import json, sys
strip = [json.loads(l) for l in open(sys.argv[1])]
anon = [json.loads(l) for l in open(sys.argv[2])]
cs = [e for e in strip if e["kind"] == "command"]
ca = [e for e in anon if e["kind"] == "command"]
assert len(cs) == len(ca)
assert all(e["data"]["cmdline"] is None for e in cs), cs
assert not ca or any(e["data"]["cmdline"] for e in ca)
PY
exit 0
