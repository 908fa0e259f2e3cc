#!/bin/sh
# score.sh: the prefix_sum task's scorer. The session server runs it in this
# folder with BASELINER_WORKDIR (the participant's files), BASELINER_SCRATCH
# (an empty folder for this scoring), BASELINER_LIBEXEC (where
# bl-prefix-harness is installed) and CUDA_VISIBLE_DEVICES. The harness
# prints the result line; this script only finds it.
#
# Options after "sh score.sh" pass through (e.g. --busy=wait, --n 1000).
# By default the score is marked in details when another process computes
# on the GPU; a task copy may set --busy=fail or --busy=wait here.
here=$(cd "$(dirname "$0")" && pwd)
for h in "${BASELINER_LIBEXEC:-}/bl-prefix-harness" \
    "$here/../../../gpu/bl-prefix-harness" \
    "${top_builddir:-}/gpu/bl-prefix-harness"; do
	if [ -x "$h" ]; then
		exec "$h" --busy=mark "$@"
	fi
done
echo "score.sh: bl-prefix-harness not found (BASELINER_LIBEXEC=${BASELINER_LIBEXEC:-unset}); was baseliner built with nvcc?" >&2
echo '{"score": null, "message": {"reason": "scorer not installed: bl-prefix-harness not found (build baseliner with --with-cuda)"}}'
exit 1
