#!/bin/sh
# Several GPUs on one host, on a machine without any: tests/tools/
# fake_nvml.so stands in for the driver's NVML with two GPUs. Two sessions
# of a one-GPU pack get a GPU each (sessions shows which), a third is
# refused with the reason, each scorer sees only its own GPU and each score
# row carries its own GPU's state; a two-GPU pack gets both, its shells and
# scorer see 0,1 and its rows carry both; a GPU busy while its session is
# paused is reported for that session only. The real run on a lent
# multi-GPU machine is tests/gpu/ (bench/RESULTS.md).
set -u
. "$top_srcdir/tests/lib.sh"
fake=$top_builddir/tests/tools/fake_nvml.so
[ -f "$fake" ] || fail "no $fake (make check builds it)"
BASELINER_NVML=$fake FAKE_NVML_GPUS=2 FAKE_NVML_BUSY=$BASELINER_HOME/busy
export BASELINER_NVML FAKE_NVML_GPUS FAKE_NVML_BUSY
: >"$FAKE_NVML_BUSY"

packs=$BASELINER_HOME/packs
for n in 1 2; do
	mkdir -p "$packs/gpu$n/start" "$packs/gpu$n/scoring"
	cat >"$packs/gpu$n/task.yaml" <<EOT
id: gpu$n
version: "1"
title: A task that needs $n GPU(s) (tests)
time_limit: 8h
hardware:
  gpus: $n
scorer:
  command: sh score.sh
  timeout: 10
score:
  direction: higher
  y_start: 0
  y_ref: 10
  aggregation: best
  visibility: visible
EOT
	printf '# GPUs\n\nNothing to do.\n' >"$packs/gpu$n/brief.md"
	printf 'x\n' >"$packs/gpu$n/start/README"
	cat >"$packs/gpu$n/scoring/score.sh" <<'EOT'
#!/bin/sh
echo "{\"score\": 1, \"details\": {\"cvd\": \"$CUDA_VISIBLE_DEVICES\"}}"
EOT
done
BASELINER_TASKS=$packs
export BASELINER_TASKS

PARTICIPANT=a start_session gpu1
A=$SID ADB=$DB
PARTICIPANT=b start_session gpu1
B=$SID BDB=$DB
[ "$(sqlite3 "$ADB" 'SELECT gpus FROM session')" = 0 ] || fail "a did not get GPU 0"
[ "$(sqlite3 "$BDB" 'SELECT gpus FROM session')" = 1 ] || fail "b did not get GPU 1"
$BASELINER sessions | grep "$A" | grep -q ' 0 ' || { $BASELINER sessions; fail "sessions does not show GPU 0 for a"; }
$BASELINER sessions | grep "$B" | grep -q ' 1 ' || { $BASELINER sessions; fail "sessions does not show GPU 1 for b"; }
out=$($BASELINER start gpu1 --participant c --detach 2>&1) &&
	fail "a third one-GPU session started: $out"
echo "$out" | grep -q "needs 1 GPU; 0 of this host's 2 are free" ||
	fail "the refusal does not say why: $out"

# Each scorer sees its own GPU; each row carries its own GPU's state.
$BASELINER score -s "$A" >/dev/null || fail "score a"
$BASELINER score -s "$B" >/dev/null || fail "score b"
[ "$(sqlite3 "$ADB" "SELECT json_extract(details, '\$.cvd') FROM score ORDER BY id DESC LIMIT 1")" = 0 ] ||
	fail "a's scorer did not see CUDA_VISIBLE_DEVICES=0"
[ "$(sqlite3 "$BDB" "SELECT json_extract(details, '\$.cvd') FROM score ORDER BY id DESC LIMIT 1")" = 1 ] ||
	fail "b's scorer did not see CUDA_VISIBLE_DEVICES=1"
g=$(sqlite3 "$ADB" "SELECT gpu_state FROM score ORDER BY id DESC LIMIT 1")
[ "$(sqlite3 :memory: "SELECT json_array_length('$g')")" = 1 ] &&
    [ "$(sqlite3 :memory: "SELECT json_extract('$g', '\$[0].index')")" = 0 ] ||
	fail "a's score row does not carry GPU 0 alone: $g"
g=$(sqlite3 "$BDB" "SELECT gpu_state FROM score ORDER BY id DESC LIMIT 1")
[ "$(sqlite3 :memory: "SELECT json_extract('$g', '\$[0].index')")" = 1 ] ||
	fail "b's score row does not carry GPU 1: $g"

# The proctor's stream carries each session's GPUs, pushed by its server.
timeout 15 $BASELINER status --all --json --follow >"$BASELINER_HOME/follow" 2>&1
grep -q "\"ev\":\"gpu\",.*\"session\":\"$B\"" "$BASELINER_HOME/follow" ||
	grep -q "\"session\":\"$B\".*\"ev\":\"gpu\"" "$BASELINER_HOME/follow" ||
	{ head -c 2000 "$BASELINER_HOME/follow"; fail "no gpu line for b in the follow stream"; }
grep -q '"ev":"host".*"disk_free_pct":' "$BASELINER_HOME/follow" ||
	fail "the stream's host line does not say how full the disk is"

# GPU 1 busy: b's pause is reported, a's is not.
sleep 600 &
busy=$!

echo "1 $busy 97" >"$FAKE_NVML_BUSY"
$BASELINER pause -s "$A" --reason "break" >/dev/null || fail "pause a"
$BASELINER pause -s "$B" --reason "break" >/dev/null || fail "pause b"
wait_for 20 "[ \"\$(sqlite3 '$BDB' \"SELECT count(*) FROM event WHERE kind = 'gpu_busy_while_paused'\")\" -ge 1 ]" ||
	fail "b's busy GPU while paused was not reported"
sleep 2
[ "$(sqlite3 "$ADB" "SELECT count(*) FROM event WHERE kind = 'gpu_busy_while_paused'")" = 0 ] ||
	fail "a was blamed for GPU 1"
kill $busy
: >"$FAKE_NVML_BUSY"
$BASELINER submit -s "$A" >/dev/null 2>&1
$BASELINER resume -s "$B" >/dev/null
$BASELINER submit -s "$B" >/dev/null
SID=$A DB=$ADB wait_state ended
SID=$B DB=$BDB wait_state ended

# A task that needs two gets both; its shells and scorer see 0,1.
PARTICIPANT=d start_session gpu2
[ "$(q 'SELECT gpus FROM session')" = "0,1" ] || fail "the two-GPU session did not get 0,1"
[ "$(q 'SELECT gpu_count FROM session')" = 2 ] || fail "gpu_count is not 2"
python3 "$top_srcdir/tests/tools/blctl.py" "$SESSION_DIR/control.sock" attach '{"cols": 80, "rows": 24}' >/dev/null
wait_for 20 "[ \"\$(q 'SELECT count(*) FROM pane')\" -ge 1 ]" || fail "no pane"
python3 "$top_srcdir/tests/tools/blctl.py" "$SESSION_DIR/control.sock" pane.input \
    '{"pane": 1, "text": "echo CVD=[$CUDA_VISIBLE_DEVICES]\r"}' >/dev/null || fail "pane.input"
wait_for 20 "q \"SELECT count(*) FROM recording WHERE kind = 'o' AND CAST(data AS TEXT) LIKE '%CVD=[0,1]%'\" | grep -qv '^0'" ||
	fail "the shell does not see CUDA_VISIBLE_DEVICES=0,1"
$BASELINER score >/dev/null || fail "score d"
[ "$(q "SELECT json_extract(details, '\$.cvd') FROM score ORDER BY id DESC LIMIT 1")" = "0,1" ] ||
	fail "the two-GPU scorer did not see 0,1"
g=$(q "SELECT gpu_state FROM score ORDER BY id DESC LIMIT 1")
[ "$(sqlite3 :memory: "SELECT json_array_length('$g')")" = 2 ] ||
	fail "the score row does not carry both GPUs: $g"
st=$($BASELINER status --json)
[ "$(json_get "$st" '$.gpu[1].index')" = 1 ] || fail "status does not show both GPUs: $st"
exit 0
