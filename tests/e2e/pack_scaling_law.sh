#!/bin/sh
# The scaling_law pack: its scorer on answers whose scores are worked out by
# hand (the starting answer: 1 - (4.4 - 3.6356) = 0.2356, since its
# prediction lies above the curve; the reference: 0.84), an answer over the
# FLOP budget and broken answers are invalid with their reason, the message
# never shows the hidden score, and the manifest checks.
set -u
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/packs/lib.sh"
PY=$(find_python json) || { echo "SKIP: no python3"; exit 77; }
BASELINER_PYTHON=$PY
export BASELINER_PYTHON
w=$BASELINER_HOME/w
mkdir -p "$w"

out=$($BASELINER task check scaling_law 2>&1)
echo "$out" | grep -q "manifest ok" || fail "task check: $out"

pack_score scaling_law "$packs_src/scaling_law/start"
expect_score "$line" 0.2356 1e-9
echo "$line" | grep -q '"message": {"is_valid": true, "frac_flops_used": 0.755}' ||
	fail "the message shows more than validity and budget: $line"
pack_score scaling_law "$packs_src/scaling_law/solutions/reference"
expect_score "$line" 0.84 1e-9
# The result also goes to the server's private channel when there is one.
(cd "$packs_src/scaling_law/scoring" && BASELINER_RESULT_FD=3 \
    BASELINER_WORKDIR="$packs_src/scaling_law/start" "$PY" score.py \
    3>"$BASELINER_HOME/fd3" >/dev/null)
grep -q '"score": 0.2355' "$BASELINER_HOME/fd3" ||
	fail "no result on the channel: $(cat "$BASELINER_HOME/fd3")"

# On the curve between two sweep points, by hand: ln-steps interpolation
# between 28117 (3.7021) and 50000 (3.6401) at 40000 steps.
echo '{"n_embd": 500, "max_iters": 40000, "loss_prediction": 3.7}' >"$w/answer.json"
pack_score scaling_law "$w"
want=$("$PY" -c 'import math
t = (math.log(40000) - math.log(28117)) / (math.log(50000) - math.log(28117))
l = 3.7021 + t * (3.6401 - 3.7021)
print(1 - ((l - 3.6356) + abs(3.7 - l)))')
expect_score "$line" "$want" 1e-5
# The optimum with a perfect prediction scores 1; beyond the sweep it is flat.
echo '{"n_embd": 554, "max_iters": 88914, "loss_prediction": 3.6356}' >"$w/answer.json"
pack_score scaling_law "$w"
expect_score "$line" 1 1e-6
echo '{"n_embd": 64, "max_iters": 100, "loss_prediction": 11}' >"$w/answer.json"
pack_score scaling_law "$w"
expect_score "$line" "$("$PY" -c 'print(1 - (11 - 3.6356))')" 1e-9

# Over 1.1 x 5e17 FLOPs: invalid, and the message says so.
echo '{"n_embd": 768, "max_iters": 50000, "loss_prediction": 3.64}' >"$w/answer.json"
pack_score scaling_law "$w"
expect_invalid "$line" '"is_valid": false'
# Broken answers.
echo '{"n_embd": 512, "max_iters": 1e4, "loss_prediction": 3.7}' >"$w/answer.json"
pack_score scaling_law "$w"
expect_invalid "$line" "max_iters must be a positive whole number"
echo '{"n_embd": 512, "max_iters": 10000}' >"$w/answer.json"
pack_score scaling_law "$w"
expect_invalid "$line" "loss_prediction must be a number"
echo '{"n_embd": 512,' >"$w/answer.json"
pack_score scaling_law "$w"
expect_invalid "$line" "not valid JSON"
rm "$w/answer.json"
pack_score scaling_law "$w"
expect_invalid "$line" "answer.json is missing"
exit 0
