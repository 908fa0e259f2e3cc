#!/bin/sh
# compile-cu.sh: every .cu file of the prefix_sum task (start, reference,
# the deliberately wrong ones) compiles with nvcc for Hopper, as the harness
# would compile it. Needs nvcc, not a GPU; skips (77) without nvcc.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
nvcc=${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}
if [ ! -x "$nvcc" ]; then
	echo "no nvcc: skipping"
	exit 77
fi
work=${TMPDIR:-/tmp}/bl-compile-cu.$$
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
failed=0
for f in "$top"/tasks/prefix_sum/start/solution.cu \
    "$top"/tasks/prefix_sum/solutions/reference/solution.cu \
    "$top"/tests/gpu/wrong/*.cu; do
	if "$nvcc" -O3 -std=c++17 -Xcompiler -fPIC \
	    -gencode=arch=compute_90a,code=sm_90a -c "$f" -o "$work/x.o" \
	    >"$work/log" 2>&1; then
		echo "ok   $f"
	else
		cat "$work/log"
		echo "FAIL $f"
		failed=1
	fi
done
exit $failed
