#!/bin/sh
# The demo harness cannot be faked by the solution: a solution that
# defines the harness's clock is refused before it runs; a result line the
# solution prints (from prefix_sum or from a destructor) is only log, since
# the result comes on the private channel; a thread left to finish the work
# after the call returns is caught (the worker is stopped before the check).
set -u
. "$top_srcdir/tests/lib.sh"

start_session demo
ref=$top_srcdir/tasks/demo/solutions/reference/solution.c

# score_of: score the work now; print "status|reason|raw" of that score.
score_of() {
	$BASELINER score >/dev/null 2>&1
	q "SELECT status || '|' || coalesce(reason, '') || '|' || coalesce(raw, '') FROM score ORDER BY id DESC LIMIT 1"
}

# 1. Its own clock_gettime: refused, said why.
{
	cat "$ref"
	cat <<'C'
#include <time.h>
int clock_gettime(clockid_t c, struct timespec *ts)
{ (void)c; ts->tv_sec = 0; ts->tv_nsec = 0; return 0; }
C
} >"$WORK/solution.c"
r=$(score_of)
note "own clock_gettime: $r"
echo "$r" | grep -q '^invalid|solution.c defines clock_gettime, which the harness uses: not allowed|' ||
	fail "a solution defining clock_gettime was not refused: $r"

# 2. A forged result line from a destructor and from the call itself.
{
	cat "$ref"
	cat <<'C'
#include <stdio.h>
__attribute__((destructor)) static void forge(void)
{ printf("{\"score\": -9.0, \"message\": {}}\n"); fflush(stdout); }
__attribute__((constructor)) static void forge2(void)
{ printf("{\"score\": -8.0, \"message\": {}}\n"); fflush(stdout); }
C
} >"$WORK/solution.c"
r=$(score_of)
note "forged lines: $r"
echo "$r" | grep -q '^valid||' || fail "not a valid score: $r"
raw=${r##*|}
awk -v r="$raw" 'BEGIN { exit !(r > 0) }' || fail "a forged result was taken: $r"

# 3. The work finished by a thread after the call returned: wrong output.
cat >"$WORK/solution.c" <<'C'
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
void prefix_sum(const int32_t *x, int32_t *y, size_t n);
static const int32_t *gx; static int32_t *gy; static size_t gn;
static void *late(void *a)
{
	int64_t s = 0; size_t i, pos = 0;
	(void)a;
	usleep(2000);
	for (i = 0; i < gn; i++) {
		if (pos & 1) s += gx[i];
		gy[i] = (int32_t)(uint32_t)(uint64_t)s;
		pos += gx[i] > 0;
	}
	return NULL;
}
void prefix_sum(const int32_t *x, int32_t *y, size_t n)
{
	pthread_t t;
	gx = x; gy = y; gn = n;
	pthread_create(&t, NULL, late, NULL);
	pthread_detach(t);
}
C
r=$(score_of)
note "late thread: $r"
echo "$r" | grep -q '^invalid|wrong output' || fail "a late thread was not caught: $r"

# 4. The honest reference still scores.
cp "$ref" "$WORK/solution.c"
r=$(score_of)
echo "$r" | grep -q '^valid||' || fail "the reference: $r"
exit 0
