# env.sh: where finetune.sh finds its inputs. The scorer sets these itself;
# for your own runs they default to the pack's assets in $BL_DATA.
: "${BL_DATA:=data}"
: "${BASE_MODEL:=$BL_DATA/deepseek-coder-1.3b-base}"
: "${TRAIN_DATA:=$BL_DATA/train_data.jsonl}"
: "${LLM_FOUNDRY:=/opt/llm-foundry}"
export BASE_MODEL TRAIN_DATA LLM_FOUNDRY
