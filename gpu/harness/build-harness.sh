#!/bin/sh
# build-harness.sh: build bl-prefix-harness without configure, for GPU
# machines that have the CUDA toolkit but not baseliner's other dependencies
# (libuv, libgit2, ...). The harness needs only libc, dlopen and CUDA.
#
#	sh gpu/harness/build-harness.sh OUTDIR [NVCC]
#
# Leaves OUTDIR/bl-prefix-harness. The normal build (make, with configure
# --with-cuda) makes the same program from the same sources.
set -eu
out=${1:?usage: build-harness.sh OUTDIR [NVCC]}
nvcc=${2:-${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}}
top=$(cd "$(dirname "$0")/../.." && pwd)
cc=${CC:-cc}
mkdir -p "$out"
cat >"$out/config.h" <<EOT
#define _GNU_SOURCE 1
#define PACKAGE_VERSION "standalone"
EOT
inc="-I$out -I$top/src/base -I$top/gpu -I$top/gpu/harness"
for f in src/base/util.c gpu/gpu_nvml.c gpu/prefix_ref.c gpu/harness/hjson.c; do
	o="$out/$(basename "$f" .c).o"
	$cc -std=gnu99 -O2 -Wall -Wextra -Wno-unused-parameter $inc -c \
	    "$top/$f" -o "$o"
done
# One binary for the common data-centre cards; the driver picks its own.
gen="-gencode=arch=compute_80,code=sm_80 -gencode=arch=compute_90,code=sm_90"
nvopt="-O3 -std=c++17 $gen $inc -Xcompiler -Wall"
"$nvcc" $nvopt -c "$top/gpu/harness/prefix_gpu.cu" -o "$out/prefix_gpu.o"
"$nvcc" $nvopt -DNVCC_PATH="\"$nvcc\"" \
    -c "$top/gpu/harness/prefix_harness.cu" -o "$out/prefix_harness.o"
"$nvcc" -o "$out/bl-prefix-harness" "$out/prefix_harness.o" \
    "$out/prefix_gpu.o" "$out/util.o" "$out/gpu_nvml.o" \
    "$out/prefix_ref.o" "$out/hjson.o" -ldl -lpthread
echo "built $out/bl-prefix-harness"
