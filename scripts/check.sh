#!/bin/sh
# Run the whole test suite and end with one summary line, "N passed,
# N failed, N skipped", counted from automake's results:
#   1. make check in this build (the README builds it with AddressSanitizer);
#   2. the unit tests once more under valgrind, from a second build without
#      AddressSanitizer: the distribution's files (make distdir) built in
#      build-valgrind/ (skipped if valgrind is missing).
cd "$(dirname "$0")/.." || exit 1
jobs=$(nproc 2>/dev/null || echo 2)
# Build in parallel, test one at a time: the end-to-end tests drive real
# servers, shells and tmux, and are timed by deadlines.
make -j"$jobs" >check.out 2>&1 &&
    make -j"$jobs" check TESTS= >>check.out 2>&1
# Each test has its own deadline (TEST_TIMEOUT in Makefile.am); these bound
# the whole run too, so a slow machine still gets its summary line.
timeout -k 30 "${CHECK_TIMEOUT:-3600}" make -k check >>check.out 2>&1
status=$?
if command -v valgrind >/dev/null 2>&1 && [ "${VALGRIND:-yes}" != no ]; then
	rm -rf build-valgrind
	(make distdir distdir=build-valgrind >/dev/null &&
	    cd build-valgrind && ./configure -q &&
	    make -j"$jobs" >/dev/null 2>&1 &&
	    timeout -k 30 "${VALGRIND_TIMEOUT:-1200}" make -k check-valgrind) \
	    >check-valgrind.out 2>&1 || status=1
	sed -n 's/^\(PASS\|FAIL\|SKIP\|ERROR\|XPASS\|XFAIL\): /\1: valgrind /p' \
	    check-valgrind.out >>check.out
	grep -qE '^(PASS|FAIL|SKIP|ERROR)' check-valgrind.out ||
	    { echo "FAIL: valgrind build"; tail -n 30 check-valgrind.out; } >>check.out
fi
grep -E '^(PASS|FAIL|SKIP|XFAIL|XPASS|ERROR):' check.out
if [ "$status" -ne 0 ]; then
	# Show what failed: the logs of failing tests, or the build error.
	for log in $(grep -lE '^(FAIL|ERROR)' $(find . build-valgrind -name '*.log' \
	    -path '*tests*' 2>/dev/null) 2>/dev/null); do
		echo "=== $log"
		tail -n 40 "$log"
	done
	grep -qE '^(PASS|FAIL|SKIP)' check.out || tail -n 40 check.out
fi
pass=$(grep -cE '^(PASS|XFAIL):' check.out)
fail=$(grep -cE '^(FAIL|XPASS|ERROR):' check.out)
skip=$(grep -cE '^SKIP:' check.out)
[ "$status" -ne 0 ] && [ "$fail" -eq 0 ] && fail=1
echo "$pass passed, $fail failed, $skip skipped"
exit "$status"
