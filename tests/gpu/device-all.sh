#!/bin/sh
# device-all.sh: every GPU check of the project, for the lent GPU machine,
# in two calls of at most 10 minutes each (a skip, exit 77, without a GPU):
#
#   sh tests/gpu/device-all.sh gpu    the kernel tasks' scorers, wrong
#       solutions and calibrations (tests/gpu/parity-gpu.sh, which runs
#       tests/gpu/run-gpu-tests.sh for prefix_sum), then the RE-Bench packs'
#       GPU paths at small scale (bench/packs-gpu-smoke.sh) in the time left;
#   sh tests/gpu/device-all.sh fuzz [SECONDS] [JOBS]   the long fuzzing
#       campaign on the machine's CPUs, from binaries built here with
#       `BUILD=fuzzbin BUILD_ONLY=1 sh tests/fuzz/run.sh` (carried as the
#       ignored folder fuzzbin/: binaries, corpora and the libraries they
#       load), so no GPU work runs beside it and disturbs its timings.
#
#   sh tests/gpu/device-all.sh all    both in one call, for when machines
#       are scarce: the fuzzers on all CPUs but four (taskset) for an hour
#       of CPU, and on the other four the kernel tasks' checks and
#       calibrations (no variants), then the packs' smoke in the time left.
#
# With $OUT set, every table and log goes there. Time: LIMIT (570 s) for
# the whole gpu part; the parity part gets PARITY_BUDGET (300 s) for its
# optional variants.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${OUT:-${TMPDIR:-/tmp}/bl-device.$$}
mkdir -p "$out"
t0=$(date +%s)
left() { echo $((${LIMIT:-570} - ($(date +%s) - t0))); }

# parity BUDGET: the kernel tasks' checks (skip, 77, without a GPU); rc is 1
# if one failed.
need_gpu() {
	if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L >/dev/null 2>&1
	then
		echo "no GPU here (nvidia-smi finds none): skipping"
		exit 77
	fi
}
parity() {
	need_gpu
	rc=0
	OUT=$out BUDGET=$1 $PIN sh "$top/tests/gpu/parity-gpu.sh" 2>&1 |
	    tee "$out/parity.log"
	grep -q '; 0 failed$' "$out/parity.log" || rc=1
}

PIN=
case ${1:-gpu} in
gpu)
	parity "${PARITY_BUDGET:-300}"
	echo "== packs smoke, $(left) s left"
	if [ "$(left)" -gt 60 ]; then
		timeout "$(($(left) - 15))" sh "$top/bench/packs-gpu-smoke.sh" \
		    2>&1 | tee "$out/packs-smoke.log"
	fi
	exit $rc
	;;
all)
	PIN="taskset -c 0-3"
	n=$(nproc)
	need_gpu
	[ "$n" -ge 8 ] || { echo "all needs 8 CPUs or more (has $n)"; exit 77; }
	# An hour of CPU over the fuzzers' cores, within the call.
	secs=$(((3660 + n - 5) / (n - 4)))
	[ "$secs" -gt "$(($(left) - 30))" ] && secs=$(($(left) - 30))
	echo "== fuzzing $secs s on CPUs 4-$((n - 1)); the GPU checks on 0-3"
	mkdir -p "$out/fuzz"
	OUT=$out/fuzz taskset -c "4-$((n - 1))" sh "$0" fuzz "$secs" "$((n - 4))" \
	    >"$out/fuzz.txt" 2>&1 &
	fz=$!
	parity 0
	echo "== packs smoke, $(left) s left"
	timeout "$(($(left) - 15))" taskset -c 0-3 sh "$top/bench/packs-gpu-smoke.sh" \
	    2>&1 | tee "$out/packs-smoke.log"
	wait "$fz" || rc=1
	cat "$out/fuzz.txt"
	# The device tool brings back 8 files: the tables stay, the rest (the
	# logs' archives, the fuzzers' logs and any finding) go into one.
	(cd "$out" && tar czf logs.tar.gz ./*.tgz fuzz && rm -rf ./*.tgz fuzz)
	exit $rc
	;;
fuzz)
	b=$top/fuzzbin
	[ -x "$b/bin/fuzz_term" ] ||
		{ echo "no fuzzbin/ (build it with BUILD_ONLY=1): skipping"; exit 77; }
	secs=${2:-270}
	jobs=${3:-$(nproc)}
	RUN_ONLY=1 BUILD=$b OUT=$out sh "$b/run.sh" "$secs" "$jobs" \
	    2>&1 | tee "$out/fuzz-summary.txt"
	rc=$?
	# The logs, one archive (a findings' inputs stay as files beside it).
	(cd "$out" && tar czf fuzz-logs.tgz fuzz-*.log && rm -f fuzz-*.log)
	exit $rc
	;;
*)
	echo "usage: sh tests/gpu/device-all.sh gpu | all | fuzz [SECONDS] [JOBS]" >&2
	exit 2
	;;
esac
