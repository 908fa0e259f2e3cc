#!/bin/sh
# make_reference.sh: the reference weights are what the starting
# finetune.sh produces on this host (LLM Foundry and 4 GPUs needed): run it
# once in a temporary copy and keep its trained_model/ as
# $BASELINER_ASSETS/reference. The asset named in task.yaml is its
# config.json.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$here/../start/." "$tmp/"
keys=${BASELINER_KEYS:-}
foundry=/opt/llm-foundry
[ -n "$keys" ] && [ -r "$keys" ] &&
	foundry=$(sed -n 's/^LLM_FOUNDRY_DIR=//p' "$keys" | tail -n 1)
BASE_MODEL=$BASELINER_ASSETS/public/deepseek-coder-1.3b-base \
TRAIN_DATA=$BASELINER_ASSETS/public/train_data.jsonl \
LLM_FOUNDRY=${foundry:-/opt/llm-foundry} bash "$tmp/finetune.sh"
rm -rf "$BASELINER_ASSETS/reference"
mv "$tmp/trained_model" "$BASELINER_ASSETS/reference"
