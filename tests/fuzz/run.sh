#!/bin/sh
# tests/fuzz/run.sh [SECONDS] [JOBS]: the long fuzzing campaign, with
# libFuzzer (clang -fsanitize=fuzzer) and AddressSanitizer + UBSan.
#
# Builds the four fuzzers of tests/fuzz (term, ctl, task, import) into
# $BUILD (default build-fuzz/ in the source tree), then runs JOBS processes
# (default: the number of CPUs) for SECONDS each (default 600): most of
# them fuzz_term, one each of the others when there are 4 or more. Each
# works on a copy of its corpus, so tests/fuzz/corpus is never changed
# here; crashes, hangs (an input that runs over 10 s) and leaks are
# written to $OUT (default $BUILD/out), as fuzz-NAME-crash-... files. At
# the end it prints the CPU time fuzzed and the findings, one line each.
#
# Environment:
#   FUZZ_MAX_LEN    the longest input tried (default 4096)
#   FUZZ_JOBS_TERM  how many of the jobs fuzz term_write (default: all but
#                   3 when JOBS >= 4, else all)
#   VTERM_SRC       a libvterm 0.1.4 source tree (Debian: apt-get source
#                   libvterm): built into the fuzzers with the same
#                   sanitizers, so libvterm's own out-of-bounds reads and
#                   writes are seen, not only crashes
#   BUILD_ONLY=1    build, then stop
#   RUN_ONLY=1      run the fuzzers already in $BUILD/bin (a tree made by
#                   BUILD_ONLY on another machine: $BUILD/bin holds the
#                   binaries, $BUILD/lib the libraries they need and the
#                   loader they were linked with, $BUILD/corpus the
#                   corpora)
set -eu
secs=${1:-600}
jobs=${2:-$(nproc 2>/dev/null || echo 2)}
here=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$here/build-fuzz}
OUT=${OUT:-$BUILD/out}
CC=${CC:-clang}
FUZZERS="term ctl task import"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"

build() {
	command -v "$CC" >/dev/null 2>&1 ||
		{ echo "run.sh: $CC not found (apt-get install clang)" >&2; exit 77; }
	rm -rf "$BUILD"
	mkdir -p "$BUILD/bin" "$BUILD/lib" "$BUILD/corpus"
	# A copy of the distributed tree, configured for clang.
	(cd "$here" && [ -f Makefile ] || { echo "run.sh: configure the tree first" >&2; exit 1; }
	 cd "$here" && make -s distdir distdir="$BUILD/src" >/dev/null)
	(cd "$BUILD/src" && ./configure -q CC="$CC" \
	    CFLAGS="-g -O1 -fno-omit-frame-pointer $SAN -fsanitize=fuzzer-no-link" \
	    LDFLAGS="$SAN" &&
	 make -s -j"$(nproc 2>/dev/null || echo 2)" libbase.a libstore.a libgpu.a \
	    libcore.a libterm.a libreport.a libclient.a libserver.a libcli.a \
	    >/dev/null)
	# The libraries configure found, as the Makefile links them.
	deps=$(cd "$BUILD/src" && printf 'print-deps:\n\t@echo $(DEPS_LIBS)\n' |
	    make -s -f Makefile -f - print-deps)
	vterm_libs=
	if [ -n "${VTERM_SRC:-}" ]; then
		mkdir -p "$BUILD/vterm"
		for f in "$VTERM_SRC"/src/*.c; do
			"$CC" -g -O1 -fno-omit-frame-pointer $SAN \
			    -fsanitize=fuzzer-no-link -std=c99 \
			    -I"$VTERM_SRC/include" -c "$f" \
			    -o "$BUILD/vterm/$(basename "$f" .c).o"
		done
		ar rcs "$BUILD/vterm/libvterm.a" "$BUILD"/vterm/*.o
		vterm_libs=$BUILD/vterm/libvterm.a
		deps=$(echo "$deps" | sed 's/-lvterm//')
	fi
	s=$BUILD/src
	inc="-I$s -I$s/src/base -I$s/src/store -I$s/src/core -I$s/src/term \
	    -I$s/src/report -I$s/src/server -I$s/src/client -I$s/src/cli -I$s/gpu \
	    -I$s/tests/fuzz $(pkg-config --cflags jansson yaml-0.1 libuv sqlite3 \
	    libgit2 vterm)"
	libs="$s/libcli.a $s/libserver.a $s/libclient.a $s/libreport.a \
	    $s/libterm.a $s/libcore.a $s/libgpu.a $s/libstore.a $s/libbase.a \
	    $vterm_libs $deps -lpthread"
	for f in $FUZZERS; do
		# shellcheck disable=SC2086
		# --as-needed: only the libraries a fuzzer uses travel with it
		# (the figures' librsvg and its ICU data are 40 MB of the rest).
		"$CC" -g -O1 -fno-omit-frame-pointer $SAN -fsanitize=fuzzer \
		    -DFUZZ_NAME="\"$f\"" $inc "$s/tests/fuzz/fuzz_$f.c" \
		    -Wl,--as-needed $libs \
		    -o "$BUILD/bin/fuzz_$f"
		cp -r "$here/tests/fuzz/corpus/$f" "$BUILD/corpus/$f"
	done
	# What the binaries load, and the loader itself, for a machine
	# without these packages (RUN_ONLY there).
	for f in $FUZZERS; do
		ldd "$BUILD/bin/fuzz_$f" | awk '/=> \//{print $3} /^\t\/.*ld-linux/{print $1}'
	done | sort -u | while read -r lib; do
		cp -L "$lib" "$BUILD/lib/"
	done
	cp "$0" "$BUILD/run.sh"
	echo "run.sh: built $FUZZERS in $BUILD/bin"
}

[ "${RUN_ONLY:-}" = 1 ] || build
[ "${BUILD_ONLY:-}" = 1 ] && exit 0

mkdir -p "$OUT"
work=$(mktemp -d "${TMPDIR:-/tmp}/fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
loader=$(ls "$BUILD"/lib/ld-linux* 2>/dev/null | head -n 1 || true)

# Which fuzzer each job runs.
nterm=${FUZZ_JOBS_TERM:-$jobs}
[ -z "${FUZZ_JOBS_TERM:-}" ] && [ "$jobs" -ge 4 ] && nterm=$((jobs - 3))
i=0
pids=
while [ "$i" -lt "$jobs" ]; do
	if [ "$i" -lt "$nterm" ]; then
		f=term
	else
		set -- ctl task import
		shift $(((i - nterm) % 3))
		f=$1
	fi
	mkdir -p "$work/$f"
	[ -d "$work/$f/corpus" ] || cp -r "$BUILD/corpus/$f" "$work/$f/corpus"
	bin=$BUILD/bin/fuzz_$f
	if [ -n "$loader" ] && [ "${RUN_ONLY:-}" = 1 ]; then
		set -- "$loader" --library-path "$BUILD/lib" "$bin"
	else
		set -- "$bin"
	fi
	"$@" "$work/$f/corpus" -max_total_time="$secs" -timeout=10 \
	    -rss_limit_mb=4096 -max_len="${FUZZ_MAX_LEN:-4096}" \
	    -print_final_stats=1 \
	    -artifact_prefix="$OUT/fuzz-$f-" -seed=$((1000 + i)) \
	    >"$OUT/fuzz-$i-$f.log" 2>&1 &
	pids="$pids $!"
	i=$((i + 1))
done
fail=0
for p in $pids; do
	wait "$p" || fail=$((fail + 1))
done

# CPU time of the children (the shell's `times`: second line, user and
# system), and what each job did.
times >"$work/times"	# here, not in $(...): a subshell has no children
cpu=$(sed -n 2p "$work/times" | awk '{
	n = split($1 " " $2, t, " ");
	s = 0;
	for (i = 1; i <= n; i++) {
		split(t[i], ms, "m");
		sub("s", "", ms[2]);
		s += ms[1] * 60 + ms[2];
	}
	printf "%.0f", s
}')
for f in $FUZZERS; do
	runs=0
	for l in "$OUT"/fuzz-*-"$f".log; do
		[ -f "$l" ] || continue
		n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$l")
		runs=$((runs + ${n:-0}))
	done
	found=$(ls "$OUT" | grep -c "^fuzz-$f-\(crash\|leak\|timeout\|oom\)" || true)
	echo "fuzz_$f: $runs inputs run, $found findings"
done
echo "CPU: ${cpu:-?} s over $jobs jobs of $secs s; $fail jobs ended with a finding"
[ "$fail" -eq 0 ]
