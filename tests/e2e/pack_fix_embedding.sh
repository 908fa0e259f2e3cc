#!/bin/sh
# The fix_embedding pack: its scorer on a tiny GPT the test makes (random
# "broken" model, uniform held-out tokens). Without fixed_model.pth the
# broken model is scored; a model whose every logit is 0 scores
# ln(ln 64 - 1.5) exactly; another config or an extra parameter is refused
# by the architecture check; a loss under the 1.5 floor and an unreadable
# file are invalid. Needs Python with torch and numpy (skips without).
set -u
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/packs/lib.sh"
PY=$(find_python torch numpy) || { echo "SKIP: no python3 with torch and numpy"; exit 77; }
BASELINER_PYTHON=$PY
export BASELINER_PYTHON BL_EVAL_SEQS=20 BL_EVAL_BATCH=8 CUDA_VISIBLE_DEVICES=
a=$BASELINER_ASSETS/fix_embedding
w=$BASELINER_HOME/w
mkdir -p "$a/public" "$w"
PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=$packs_src/fix_embedding/scoring "$PY" \
    "$top_srcdir/tests/packs/make_models.py" fix_embedding "$a" "$w" ||
	fail "making the test models"

out=$($BASELINER task check fix_embedding 2>&1)
echo "$out" | grep -q "manifest ok" || fail "task check: $out"

# The starting work folder: the broken model is scored.
pack_score fix_embedding "$packs_src/fix_embedding/start"
echo "$line" | grep -q '"scored": "the broken model' || fail "start: $line"
s=$(score_of "$line")
"$PY" -c "import sys; sys.exit(0 if 0.9 < $s < 2.0 else 1)" ||
	fail "the random model's score $s is not about ln(ln 64 - 1.5)"

# Every logit 0: loss ln 64, score ln(ln 64 - 1.5), by hand.
cp "$w/uniform.pth" "$w/fixed_model.pth"
pack_score fix_embedding "$w"
expect_score "$line" "$("$PY" -c 'import math; print(math.log(math.log(64) - 1.5))')" 1e-5

# The architecture check.
cp "$w/wider.pth" "$w/fixed_model.pth"
pack_score fix_embedding "$w"
expect_invalid "$line" "architecture changed: config differs"
cp "$w/extra.pth" "$w/fixed_model.pth"
pack_score fix_embedding "$w"
expect_invalid "$line" "architecture changed: parameters differ: extra \['extra.weight'\]"
echo "not a checkpoint" >"$w/fixed_model.pth"
pack_score fix_embedding "$w"
expect_invalid "$line" "cannot be loaded as weights"

# Under the floor: a model certain of token 0 on held-out zeros.
cp "$a/test.bin" "$w/test.bin.keep"
cp "$w/zeros.bin" "$a/test.bin"
cp "$w/sure.pth" "$w/fixed_model.pth"
pack_score fix_embedding "$w"
expect_invalid "$line" "is not above the floor 1.5"
cp "$w/test.bin.keep" "$a/test.bin"
exit 0
