#!/bin/sh
# export --anonymize of a live session while a pane prints (issue 9, item
# 7): each export reads a pane's recording in one snapshot, so it neither
# fails nor reads out of bounds (the ASan build) however the recording grows
# under it, every cast is well-formed, and the participant id appears in
# none of them.
set -u
. "$top_srcdir/tests/lib.sh"
tools="$top_srcdir/tests/tools"
out=$BASELINER_HOME/out
make_lab_pack "$BASELINER_HOME/packs"
BASELINER_TASKS=$BASELINER_HOME/packs
export BASELINER_TASKS
PARTICIPANT=zed42live
start_session lab

wait_for 20 "[ \"\$(q 'SELECT count(*) FROM pane')\" -ge 1 ]" || fail "no shell pane"
# The shell prints the participant id (which the typed line does not
# hold) for as long as the test runs.
python3 "$tools/blctl.py" "$SESSION_DIR/control.sock" pane.input \
    '{"pane": 1, "text": "a=zed42; b=live; i=0; while :; do i=$((i+1)); echo \"line $i $a$b $(date +%N)\"; [ $((i % 200)) = 0 ] && sleep 0.05; done\r"}' \
    >/dev/null || fail "pane.input"
wait_for 20 "[ \"\$(q \"SELECT count(*) FROM recording WHERE kind = 'o'\")\" -ge 3 ]" ||
	fail "the pane's output is not recorded"

first=$(q "SELECT count(*) FROM recording")
n=0
while [ "$n" -lt 6 ]; do
	n=$((n + 1))
	before=$(q "SELECT count(*) FROM recording")
	$BASELINER export -o "$out/$n" --anonymize >"$BASELINER_HOME/export.err" 2>&1 ||
		fail "export $n while the pane prints: $(cat "$BASELINER_HOME/export.err")"
	after=$(q "SELECT count(*) FROM recording")
	note "export $n: recording rows $before -> $after during it"
	cast=$(find "$out/$n" -name 'pane-1.cast' | head -n 1)
	[ -s "$cast" ] || fail "export $n: no pane-1.cast"
	python3 - "$cast" <<'PY' || fail "export $n: a malformed cast"
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
head = json.loads(lines[0])
assert head["version"] == 2, head
t = 0
for l in lines[1:]:
    ev = json.loads(l)
    assert len(ev) == 3 and ev[1] in "oirm", ev
    assert ev[0] >= t, (ev[0], t)
    t = ev[0]
assert any(json.loads(l)[1] == "o" for l in lines[1:])
PY
	grep -rq zed42live "$out/$n" && fail "export $n: the participant id is in the anonymized export: $(grep -rl zed42live "$out/$n"); $(grep -rho ".\{30\}zed42live.\{10\}" "$out/$n" | head -3)"
done
[ "$(q "SELECT count(*) FROM recording")" -gt "$first" ] ||
	fail "the recording did not grow during the exports"
echo "ok: $n anonymized exports while the pane printed"
