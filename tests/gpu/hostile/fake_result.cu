// fake_result.cu: appended to the starting solution by run-gpu-tests.sh. A
// destructor that prints a result line of its own, far better than the
// truth, after the harness printed its own: the score must come from the
// harness's private channel, never from the last line of output.
#include <cstdio>

__attribute__((destructor)) static void fake_result(void)
{
	std::printf("{\"score\": -9.0, \"message\": {\"ms\": 0.0001}}\n");
	std::fflush(stdout);
}
