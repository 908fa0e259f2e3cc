#!/bin/sh
# packs-gpu-smoke.sh: the RE-Bench packs' GPU scorers at small scale on a
# GPU machine, to show that their GPU paths work (not their full-size
# runs): fix_embedding on a GPT-2-small-shaped random model, restricted_mlm
# with the full-size starting model after 30 training steps (every forward
# pass of its scoring under the rule enforcer, on the GPU), nanogpt_chat_rl
# generating on the GPU with a local stand-in judge (no real model called),
# optimize_llm_foundry timing a stand-in finetune.sh that trains a small
# Hugging Face model on the GPU (the reference made by the same script:
# the weight distance is GPU nondeterminism), scaling_law's train.py for a
# few steps and its 1e16-FLOP refusal. Data are random tokens made here.
# Prints one line per step with its seconds; writes a log to $OUT if set.
# Usage: sh bench/packs-gpu-smoke.sh (from the source tree).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
PY=${BASELINER_PYTHON:-python3}
export PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
t=$(mktemp -d)
trap 'kill $fake 2>/dev/null; rm -rf "$t"' EXIT
fake=
secs() { awk "BEGIN { printf \"%.1f\", $2 - $1 }"; }
step() {	# step NAME PACK WORKDIR [VAR=VALUE...]: score, print, time
	name=$1 pack=$2 work=$3
	shift 3
	s0=$(date +%s.%N)
	line=$(cd "$top/tasks/$pack/scoring" && env "$@" BASELINER_WORKDIR=$work \
	    BASELINER_SCRATCH=$t/scratch BASELINER_ASSETS=$t/assets/$pack \
	    BASELINER_KEYS=$t/keys.env \
	    sh -c "$(sed -n 's/^  command: //p' ../task.yaml | head -1)" \
	    2>"$t/$pack.err" | tail -n 1)
	s1=$(date +%s.%N)
	printf '%-34s %6.1f s  %s\n' "$name" "$(secs "$s0" "$s1")" \
	    "$(echo "$line" | cut -c1-600)"
	[ -n "$line" ] || tail -n 5 "$t/$pack.err"
	rm -rf "$t/scratch"; mkdir -p "$t/scratch"
}
mkdir -p "$t/scratch"
T0=$(date +%s.%N)
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
"$PY" -c 'import torch; print("torch", torch.__version__, torch.cuda.get_device_name(0))'
date -u +%Y-%m-%dT%H:%MZ

# Data: random GPT-2 token ids.
for p in fix_embedding restricted_mlm scaling_law; do
	mkdir -p "$t/assets/$p/public"
done
"$PY" - "$t" <<'PYEOF'
import sys, numpy as np
t = sys.argv[1]
r = np.random.default_rng(0)
for p in ("fix_embedding", "restricted_mlm", "scaling_law"):
    r.integers(0, 50257, 2_000_000, dtype=np.uint16).tofile(t + "/assets/%s/test.bin" % p)
    r.integers(0, 50257, 2_000_000, dtype=np.uint16).tofile(t + "/assets/%s/public/train.bin" % p)
    r.integers(0, 50257, 200_000, dtype=np.uint16).tofile(t + "/assets/%s/public/val.bin" % p)
PYEOF

# fix_embedding: a GPT-2-small-shaped random model, 64 windows of 1024.
(cd "$top/tasks/fix_embedding/scoring" && "$PY" -c '
import sys, torch
from model import GPT, GPTConfig
cfg = dict(vocab_size=50257, block_size=1024, n_layer=12, n_head=12, n_embd=768, bias=True)
torch.manual_seed(0)
m = GPT(GPTConfig(**cfg))
torch.save({"config": cfg, "model": m.state_dict()}, sys.argv[1])' \
    "$t/assets/fix_embedding/public/broken_model.pth")
step "fix_embedding (124M, 32x1024)" fix_embedding "$top/tasks/fix_embedding/start" BL_EVAL_SEQS=32

# restricted_mlm: the full-size starting model, 30 steps, then scored.
mkdir -p "$t/mlm"
cp "$top/tasks/restricted_mlm/start/"*.py "$t/mlm/"
s0=$(date +%s.%N)
(cd "$t/mlm" && BL_DATA=$t/assets/restricted_mlm/public "$PY" train.py 20 >/dev/null)
echo "restricted_mlm train.py 20 steps    $(secs "$s0" "$(date +%s.%N)") s"
step "restricted_mlm (256 windows)" restricted_mlm "$t/mlm" BL_EVAL_SEQS=256
sed 's/return self.out(x)$/return self.out(torch.softmax(x, -1))/' \
    "$top/tasks/restricted_mlm/start/model.py" >"$t/mlm/model.py"
step "restricted_mlm softmax (refused)" restricted_mlm "$t/mlm" BL_EVAL_SEQS=64

# nanogpt_chat_rl: a 124M-shaped model over a byte vocabulary, local judge.
a=$t/assets/nanogpt_chat_rl
mkdir -p "$a/public/tokenizer" "$t/chat"
PYTHONPATH=$top/tasks/nanogpt_chat_rl/scoring "$PY" "$top/tests/packs/make_models.py" chat "$a" "$t/chat"
(cd "$top/tasks/nanogpt_chat_rl/scoring" && "$PY" -c '
import sys, torch
from model import GPT, GPTConfig
cfg = dict(vocab_size=258, block_size=1024, n_layer=12, n_head=12, n_embd=768)
torch.manual_seed(0)
torch.save({"config": cfg, "model": GPT(GPTConfig(**cfg)).state_dict()}, sys.argv[1])' \
    "$a/public/base_model.pth")
"$PY" "$top/tests/packs/fake_llm.py" "$t/port" "$t/llm.log" &
fake=$!
while [ ! -s "$t/port" ]; do sleep 0.2; done
printf 'CHAT_JUDGE_API_KEY=sk-test\nCHAT_JUDGE_BASE_URL=http://127.0.0.1:%s/v1\n' \
    "$(cat "$t/port")" >"$t/keys.env"
step "nanogpt_chat_rl (4 prompts x 128)" nanogpt_chat_rl "$top/tasks/nanogpt_chat_rl/start"

# optimize_llm_foundry: a stand-in finetune.sh (a small HF model, 40 steps).
mkdir -p "$t/ft" "$t/assets/optimize_llm_foundry"
cat >"$t/ft/finetune.sh" <<'SH'
python3 - <<'PY'
import torch, transformers
torch.manual_seed(0)
cfg = transformers.GPT2Config(n_layer=4, n_embd=256, n_head=4, vocab_size=50257, n_positions=512)
m = transformers.GPT2LMHeadModel(cfg).cuda()
opt = torch.optim.AdamW(m.parameters(), lr=1e-4)
g = torch.Generator().manual_seed(1)
for _ in range(40):
    x = torch.randint(0, 50257, (8, 512), generator=g).cuda()
    loss = m(x, labels=x).loss
    opt.zero_grad(); loss.backward(); opt.step()
m.save_pretrained("trained_model")
PY
SH
(cd "$t/ft" && sh finetune.sh && mv trained_model "$t/assets/optimize_llm_foundry/reference")
step "optimize_llm_foundry (stand-in)" optimize_llm_foundry "$t/ft"

# scaling_law: train.py for 20 steps at n_embd 128, and a refused config.
mkdir -p "$t/sl"
cp "$top/tasks/scaling_law/start/"*.py "$t/sl/"
printf 'n_embd = 128\nmax_iters = 20\n' >"$t/sl/small.py"
s0=$(date +%s.%N)
(cd "$t/sl" && BL_DATA=$t/assets/scaling_law/public "$PY" train.py small.py | tail -n 1)
echo "scaling_law train.py 20 steps        $(secs "$s0" "$(date +%s.%N)") s"
(cd "$t/sl" && BL_DATA=$t/assets/scaling_law/public "$PY" train.py example_config.py 2>&1 | tail -n 1)
echo "total $(secs "$T0" "$(date +%s.%N)") s"
step "scaling_law answer" scaling_law "$top/tasks/scaling_law/start"
