#!/bin/sh
# The restricted_mlm pack: its scorer on held-out windows of tokens 0..9
# the test makes, with the task's sizes shrunk (vocabulary 64, windows of
# 16: the starting model.py and the reference's edited to match, since the
# full output layer takes minutes on a CPU). The untrained starting model
# scores about ln(ln 64 - 1.5); its weights set to logits 0 on tokens 0..9 and -100
# elsewhere score ln(ln 10 - 1.5) exactly. The rule enforcer refuses
# softmax, division, layer norm, an exp reached through torch.ops and
# .item() in the forward pass, naming each; a wrong output shape, weights
# that do not load and a missing model.py are invalid. Needs Python with
# torch and numpy (skips without).
set -u
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/packs/lib.sh"
PY=$(find_python torch numpy) || { echo "SKIP: no python3 with torch and numpy"; exit 77; }
BASELINER_PYTHON=$PY
export BASELINER_PYTHON BL_EVAL_SEQS=16 BL_EVAL_BATCH=8 CUDA_VISIBLE_DEVICES=
export BL_MLM_VOCAB=64 BL_MLM_SEQ=16
a=$BASELINER_ASSETS/restricted_mlm
w=$BASELINER_HOME/w
mkdir -p "$a" "$w"
# small NAME: the pack's model.py of NAME with the test's sizes.
small() {
	sed 's/^VOCAB, MASK_ID, SEQ_LEN = 50257, 50257, 128$/VOCAB, MASK_ID, SEQ_LEN = 64, 64, 16/' \
	    "$packs_src/restricted_mlm/$1/model.py"
}
mkdir -p "$w/start" "$w/reference"
small start >"$w/start/model.py"
small solutions/reference >"$w/reference/model.py"
grep -q "= 64, 64, 16" "$w/start/model.py" "$w/reference/model.py" ||
	fail "could not shrink the models"
cp "$w/start/model.py" "$w/model.py"
PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=$packs_src/restricted_mlm/scoring "$PY" \
    "$top_srcdir/tests/packs/make_models.py" restricted_mlm "$a" "$w" ||
	fail "making the test data"

out=$($BASELINER task check restricted_mlm 2>&1)
echo "$out" | grep -q "manifest ok" || fail "task check: $out"

pack_score restricted_mlm "$w/start"
expect_score "$line" "$("$PY" -c 'import math; print(math.log(math.log(64) - 1.5))')" 0.1
echo "$line" | grep -q '"trained": false' || fail "start: $line"
pack_score restricted_mlm "$w/reference"
s=$(score_of "$line")
[ "$s" != null ] || fail "the reference model breaks the rules: $line"

cp "$w/uniform10.pt" "$w/model.pt"
pack_score restricted_mlm "$w"
expect_score "$line" "$("$PY" -c 'import math; print(math.log(math.log(10) - 1.5))')" 1e-4

# Rule-breaking forward passes, each named.
breaks() {
	"$PY" -c 'import sys; s = open(sys.argv[1]).read()
print(s.replace("return self.out(x)\n", "return self.out(%s)\n" % sys.argv[2]), end="")' \
	    "$w/start/model.py" "$1" >"$w/model.py"
	grep -qF "self.out($1)" "$w/model.py" || fail "could not edit model.py for $2"
	pack_score restricted_mlm "$w"
	expect_invalid "$line" "forbidden operation in the forward pass: $2"
}
breaks "torch.softmax(x, -1)" "aten._softmax"
breaks "x / 2" "aten.div"
breaks "torch.nn.functional.layer_norm(x, x.shape[-1:])" "aten.native_layer_norm"
breaks "torch.ops.aten.exp(x)" "aten.exp"
breaks "x * x.sum().item()" "item"
breaks "torch.tanh(x)" "aten.tanh"
breaks "x - x.mean()" "aten.mean"

# Code that loosens the rules at import.
{ echo 'import rules'; echo 'rules.ALLOWED_ATEN = rules.ALLOWED_ATEN | {"div"}'
  cat "$w/start/model.py"; } >"$w/model.py"
pack_score restricted_mlm "$w"
expect_invalid "$line" "model.py changed the rule enforcer"

# Other invalid submissions.
sed 's/^        return self.out(x)$/        return self.out(x)[:, :8]/' \
    "$w/start/model.py" >"$w/model.py"
pack_score restricted_mlm "$w"
expect_invalid "$line" "the model must return logits of shape"
cp "$w/reference/model.py" "$w/model.py"
pack_score restricted_mlm "$w"
expect_invalid "$line" "model.pt does not load into build_model()"
rm "$w/model.py"
pack_score restricted_mlm "$w"
expect_invalid "$line" "model.py is missing"
exit 0
