#!/bin/sh
# harness-no-gpu.sh: bl-prefix-harness where no GPU can be used (no driver,
# or CUDA_VISIBLE_DEVICES=-1 hiding the GPUs) ends with exit 1, a clear
# message on stderr and, as its last line of stdout, an invalid result whose
# reason starts "no GPU". Skips (77) where the harness was not built.
set -u
h=${top_builddir:-.}/gpu/bl-prefix-harness
if [ ! -x "$h" ]; then
	echo "no harness built (configure found no nvcc): skipping"
	exit 77
fi
work=${TMPDIR:-/tmp}/bl-harness-no-gpu.$$
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
printf 'extern "C" void prefix_sum() {}\n' >"$work/solution.cu"
CUDA_VISIBLE_DEVICES=-1 BASELINER_WORKDIR=$work "$h" >"$work/out" 2>"$work/err"
rc=$?
fail=0
if [ $rc -ne 1 ]; then echo "FAIL: exit $rc, want 1"; fail=1; fi
last=$(tail -n 1 "$work/out")
case $last in
'{"score":null,"message":{"reason":"no GPU: '*) echo "ok   $last" ;;
*) echo "FAIL: last line: $last"; fail=1 ;;
esac
if ! grep -q "bl-prefix-harness: no GPU: " "$work/err"; then
	echo "FAIL: stderr says:"; cat "$work/err"; fail=1
fi
exit $fail
