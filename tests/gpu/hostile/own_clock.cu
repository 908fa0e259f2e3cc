// own_clock.cu: appended to the starting solution by run-gpu-tests.sh. A
// solution that brings its own clock_gettime, so that every interval the
// harness measures would read 0: the harness must refuse it before it runs.
#include <time.h>

extern "C" int clock_gettime(clockid_t id, struct timespec *ts)
{
	(void)id;
	ts->tv_sec = 0;
	ts->tv_nsec = 0;
	return 0;
}
