#!/bin/bash
# finetune.sh: fine-tune the base model on train_data.jsonl with LLM Foundry
# on 4 GPUs and leave the result, in Hugging Face format, in trained_model/.
# Reads BASE_MODEL, TRAIN_DATA and LLM_FOUNDRY (the llm-foundry checkout)
# from the environment (env.sh sets them for your own runs; the scorer sets
# them when it times this script).
set -euo pipefail
cd "$(dirname "$0")"
source ./env.sh

rm -rf finetuning_tokens ftout trained_model
python -c "import streaming; streaming.base.util.clean_stale_shared_memory()"

# Tokenize the training data.
python "$LLM_FOUNDRY/scripts/data_prep/convert_finetuning_dataset.py" \
	--dataset=json --splits=train --data_files "$TRAIN_DATA" \
	--out_root finetuning_tokens --skip-preprocessing --max_seq_len 4096 \
	--tokenizer "$BASE_MODEL"
cp -r finetuning_tokens/train finetuning_tokens/valid

# Train.
composer "$LLM_FOUNDRY/scripts/train/train.py" finetune.yaml \
	data_local=finetuning_tokens model_name_or_path="$BASE_MODEL" \
	train_loader.dataset.split=train eval_loader.dataset.split=valid \
	eval_interval=0 save_folder=ftout

# Convert to Hugging Face format.
python "$LLM_FOUNDRY/scripts/inference/convert_composer_to_hf.py" \
	--composer_path ftout/latest-rank0.pt --hf_output_path trained_model \
	--output_precision bf16
find . -type d -name "tokenizer-save-dir-*" -exec rm -r {} +
