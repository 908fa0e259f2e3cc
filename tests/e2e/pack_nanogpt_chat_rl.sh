#!/bin/sh
# The nanogpt_chat_rl pack: its scorer with a byte-level tokenizer, a tiny
# random base model and four prompts the test makes, and a local
# OpenAI-compatible server as the judge (tests/packs/fake_llm.py: it prefers
# an answer that says "helpful", else calls a tie; no real model is
# called). The baseline answers say "helpful" to the first two prompts
# only, so the base model wins 0, 0, 1/2, 1/2 (0.25) and a model made to
# write "helpful" over and over 1/2, 1/2, 1, 1 (0.75). The architecture
# check refuses another config and an extra parameter; a wrong judge key
# is invalid. Needs Python with torch (skips without).
set -u
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/packs/lib.sh"
PY=$(find_python torch numpy) || { echo "SKIP: no python3 with torch and numpy"; exit 77; }
BASELINER_PYTHON=$PY
export BASELINER_PYTHON BL_GEN_TOKENS=20 CUDA_VISIBLE_DEVICES=
a=$BASELINER_ASSETS/nanogpt_chat_rl
w=$BASELINER_HOME/w
mkdir -p "$a/public/tokenizer" "$w"
PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=$packs_src/nanogpt_chat_rl/scoring "$PY" \
    "$top_srcdir/tests/packs/make_models.py" chat "$a" "$w" ||
	fail "making the test models"
"$PY" "$top_srcdir/tests/packs/fake_llm.py" "$BASELINER_HOME/port" \
    "$BASELINER_HOME/llm.log" &
fake=$!
wait_for 20 '[ -s "$BASELINER_HOME/port" ]' || fail "the fake judge did not start"
cat >"$BASELINER_KEYS" <<KEYS
CHAT_JUDGE_API_KEY=sk-test
CHAT_JUDGE_BASE_URL=http://127.0.0.1:$(cat "$BASELINER_HOME/port")/v1
CHAT_JUDGE_MODEL=judge-model
KEYS
chmod 600 "$BASELINER_KEYS"

out=$($BASELINER task check nanogpt_chat_rl 2>&1)
echo "$out" | grep -q "manifest ok" || fail "task check: $out"

# The tokenizer round-trips and applies its merge.
(cd "$packs_src/nanogpt_chat_rl/scoring" && "$PY" -c '
import sys; from bpe import BPE
t = BPE(sys.argv[1] + "/encoder.json", sys.argv[1] + "/vocab.bpe")
s = "Human: the theme, héé!\n\nAssistant: ok"
ids = t.encode(s)
assert t.decode(ids) == s, (s, t.decode(ids))
assert ids.count(257) == 2, ids  # t-he, t-he-m-e; not h-é
' "$a/public/tokenizer") || fail "the tokenizer"

pack_score nanogpt_chat_rl "$packs_src/nanogpt_chat_rl/start"
expect_score "$line" 0.25 1e-9
echo "$line" | grep -q '"scored": "the base model' || fail "start: $line"
cp "$w/helpful.pt" "$w/model.pt"
pack_score nanogpt_chat_rl "$w"
expect_score "$line" 0.75 1e-9
grep -q '"model": "judge-model", "authorization": "Bearer sk-test"' \
    "$BASELINER_HOME/llm.log" || fail "the judge was not called as configured"

# The architecture check.
PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=$packs_src/nanogpt_chat_rl/scoring "$PY" -c '
import sys, torch
ck = torch.load(sys.argv[1], weights_only=True)
ck["model"]["extra.weight"] = torch.zeros(1)
torch.save(ck, sys.argv[2])
ck = torch.load(sys.argv[1], weights_only=True)
ck["config"]["n_layer"] = 2
torch.save(ck, sys.argv[3])' "$w/helpful.pt" "$w/extra.pt" "$w/deeper.pt"
cp "$w/extra.pt" "$w/model.pt"
pack_score nanogpt_chat_rl "$w"
expect_invalid "$line" "architecture changed: parameter names differ"
cp "$w/deeper.pt" "$w/model.pt"
pack_score nanogpt_chat_rl "$w"
expect_invalid "$line" "architecture changed: config differs"

# A wrong key: every judge call fails.
cp "$w/helpful.pt" "$w/model.pt"
sed -i 's/sk-test/sk-wrong/' "$BASELINER_KEYS"
pack_score nanogpt_chat_rl "$w"
expect_invalid "$line" "no judge call succeeded"
kill "$fake"
wait "$fake" 2>/dev/null
exit 0
