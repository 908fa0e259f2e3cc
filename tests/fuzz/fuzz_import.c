/*
 * fuzz_import.c: the run importer's reader (study_log_parse: a score log,
 * CSV or JSONL, turned into runs), the part of `baseliner report
 * import-runs` that reads bytes from outside.
 *
 * The first byte says whether the input is named .csv, .jsonl or
 * neither (then the reader decides by the first byte of the text), and
 * whether bare times are in minutes. What
 * must hold: the log is taken or refused with a sentence, and every score
 * of a run taken is a number or NaN, never an infinity.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "norm.h"
#include "study.h"
#include "util.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char	*names[] = { "runs.csv", "runs.jsonl", "runs" };
	struct study_task	 tasks[2];
	struct study_log	 log;
	struct study_log_opts	 opts;
	char			*cause = NULL, *lo = xstrdup("kernel"),
				*hi = xstrdup("scaling_law");
	size_t			 r, k;
	int			 rc;

	if (size == 0) {
		free(lo);
		free(hi);
		return (0);
	}
	memset(tasks, 0, sizeof tasks);
	tasks[0].id = lo;
	tasks[0].direction = NORM_LOWER;
	tasks[0].y_start = 1.5535;
	tasks[0].y_ref = 0.47;
	tasks[0].aggregation = NORM_BEST;
	tasks[1].id = hi;
	tasks[1].direction = NORM_HIGHER;
	tasks[1].y_start = 0.24;
	tasks[1].y_ref = 0.84;
	tasks[1].aggregation = NORM_LAST;
	memset(&opts, 0, sizeof opts);
	opts.tasks = tasks;
	opts.ntasks = 2;
	opts.time_unit = (data[0] & 4) ? 60 : 0;
	rc = study_log_parse(names[data[0] % 3], (const char *)data + 1,
	    size - 1, &opts, &log, &cause);
	if (rc != 0)
		FUZZ_ASSERT(cause != NULL);
	else {
		for (r = 0; r < log.nruns; r++) {
			FUZZ_ASSERT(log.runs[r].nscores == 0 ||
			    log.runs[r].scores != NULL);
			for (k = 0; k < log.runs[r].nscores; k++) {
				FUZZ_ASSERT(!isinf(log.runs[r].scores[k].raw));
				FUZZ_ASSERT(isfinite(
				    log.runs[r].scores[k].elapsed));
			}
		}
	}
	free(cause);
	if (rc == 0)
		study_log_done(&log);
	free(lo);
	free(hi);
	return (0);
}
