"""fetch_base.py: download deepseek-coder-1.3b-base (Hugging Face format)
into the folder of $BASELINER_ASSET. Needs network and huggingface_hub."""
import os

import huggingface_hub

huggingface_hub.snapshot_download(
    "deepseek-ai/deepseek-coder-1.3b-base",
    local_dir=os.path.dirname(os.environ["BASELINER_ASSET"]))
