#!/bin/sh
# The optimize_llm_foundry pack: its scorer with stand-ins for LLM Foundry
# (finetune.sh scripts the test writes, which sleep and copy weights the
# test made) and a reference of two zero tensors. The weight distance is
# the sum over tensors of the L2 norm of their difference, lm_head left
# out: [3, 4] and [0.25] are at 5 + 0.25 = 5.25, valid; [0.5] at 5.5,
# invalid (the limit is 5.3). A valid run scores ln(its seconds); a failing script, one that
# leaves no trained_model/ and a missing finetune.sh are invalid. The
# script runs in a copy of the work folder without earlier outputs. Needs
# Python with torch (skips without).
set -u
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/packs/lib.sh"
PY=$(find_python torch) || { echo "SKIP: no python3 with torch"; exit 77; }
BASELINER_PYTHON=$PY
export BASELINER_PYTHON CUDA_VISIBLE_DEVICES=
a=$BASELINER_ASSETS/optimize_llm_foundry
w=$BASELINER_HOME/w
mkdir -p "$a/reference" "$w"
"$PY" "$top_srcdir/tests/packs/make_models.py" foundry "$a" "$w" ||
	fail "making the test weights"

out=$($BASELINER task check optimize_llm_foundry 2>&1)
echo "$out" | grep -q "manifest ok" || fail "task check: $out"

# finetune WEIGHTS: a finetune.sh that takes a second and leaves WEIGHTS.
finetune() {
	cat >"$w/finetune.sh" <<SH
set -e
test -d trained_model && { echo "an old trained_model/ was copied" >&2; exit 3; }
test "\$BASE_MODEL" = "$a/public/deepseek-coder-1.3b-base"
test "\$LLM_FOUNDRY" = /opt/llm-foundry
test -z "\${BASELINER_KEYS:-}"
sleep 1
mkdir trained_model
cp "$w/$1" trained_model/pytorch_model.bin
SH
}
mkdir -p "$w/trained_model"	# left over from an earlier run
finetune d525.bin
pack_score optimize_llm_foundry "$w"
s=$(score_of "$line")
[ "$s" != null ] || fail "a run at distance 5.25 is invalid: $line"
"$PY" -c '
import json, math, sys
r = json.loads(sys.argv[1])
assert r["details"]["weight_distance"] == 5.25, r
assert abs(r["score"] - math.log(r["details"]["seconds"])) < 1e-9, r
assert r["details"]["seconds"] >= 1.0, r' "$line" || fail "distance or time: $line"

finetune d550.bin
pack_score optimize_llm_foundry "$w"
expect_invalid "$line" "the weights moved 5.500 from the reference's, more than 5.3"

printf 'echo broken >&2\nexit 7\n' >"$w/finetune.sh"
pack_score optimize_llm_foundry "$w"
expect_invalid "$line" "finetune.sh failed (exit 7)"
printf 'true\n' >"$w/finetune.sh"
pack_score optimize_llm_foundry "$w"
expect_invalid "$line" "finetune.sh left no trained_model/"
rm "$w/finetune.sh"
pack_score optimize_llm_foundry "$w"
expect_invalid "$line" "finetune.sh is missing"
exit 0
