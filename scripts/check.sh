#!/bin/sh
# Run the whole test suite (make check) and end with one summary line,
# "N passed, N failed, N skipped", read from automake's test logs.
cd "$(dirname "$0")/.." || exit 1
make -j"$(nproc)" -k check VERBOSE=1 >check.out 2>&1
status=$?
grep -E '^(PASS|FAIL|SKIP|XFAIL|XPASS|ERROR):' check.out
if [ "$status" -ne 0 ]; then
	# Show what failed: the logs of failing tests, or the build error.
	for log in $(grep -lE '^(FAIL|ERROR)' $(find . -name '*.log' -path '*tests*') 2>/dev/null); do
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
