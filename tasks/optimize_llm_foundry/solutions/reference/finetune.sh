#!/bin/bash
# finetune.sh (reference outline): no validation split, no evaluation, one
# dataloader worker, no activation checkpointing, gradients sharded only
# (finetune.yaml); the same data, steps and optimizer, so the weights stay
# within the allowed distance.
set -euo pipefail
cd "$(dirname "$0")"
source ./env.sh
rm -rf finetuning_tokens ftout trained_model
python "$LLM_FOUNDRY/scripts/data_prep/convert_finetuning_dataset.py" \
	--dataset=json --splits=train --data_files "$TRAIN_DATA" \
	--out_root finetuning_tokens --skip-preprocessing --max_seq_len 4096 \
	--tokenizer "$BASE_MODEL" --num_workers 8
composer "$LLM_FOUNDRY/scripts/train/train.py" finetune.yaml \
	data_local=finetuning_tokens model_name_or_path="$BASE_MODEL" \
	train_loader.dataset.split=train save_folder=ftout \
	save_weights_only=true
python "$LLM_FOUNDRY/scripts/inference/convert_composer_to_hf.py" \
	--composer_path ftout/latest-rank0.pt --hf_output_path trained_model \
	--output_precision bf16
