#!/bin/sh
# score.sh: the optimize_kernel task's scorer command. The session server
# runs it in this folder with BASELINER_WORKDIR and CUDA_VISIBLE_DEVICES;
# score.py prints the result line. Options pass through (e.g. --reps 5).
here=$(cd "$(dirname "$0")" && pwd)
exec python3 "$here/score.py" "$@"
