/*
 * test_study.c: the study database and its imports: CSV and JSONL score
 * logs (aliases, quoting, NaN), normalization from each source, errors
 * with file and line, idempotent re-import, inferred time limits, task
 * packs, and an exported session read back with the same scores.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


#include "inspect.h"
#include "store.h"
#include "study.h"
#include "util.h"
#include "unit.h"

static char	*tmpdir;

static char *
write_tmp(const char *name, const char *text)
{
	char	*path, *cause = NULL;

	path = path_join(tmpdir, name);
	if (file_write(path, text, strlen(text), &cause) != 0) {
		fprintf(stderr, "%s\n", cause);
		exit(1);
	}
	return (path);
}

static struct study *
fresh_study(const char *name)
{
	struct study	*st = NULL;
	char		*path, *cause = NULL;

	path = path_join(tmpdir, name);
	unlink(path);
	if (study_open(path, &st, &cause) != 0) {
		fprintf(stderr, "%s\n", cause);
		exit(1);
	}
	free(path);
	return (st);
}

static const struct study_run *
find_run(const struct study_data *d, const char *task, const char *run)
{
	size_t	i;

	for (i = 0; i < d->nruns; i++) {
		if (strcmp(d->runs[i].task_id, task) == 0 &&
		    strcmp(d->runs[i].run_id, run) == 0)
			return (&d->runs[i]);
	}
	return (NULL);
}

/* Import and expect an error that contains want. */
static void
check_error(struct study *st, const char *name, const char *text,
    const char *want)
{
	struct study_import	 stats;
	char			*path, *cause = NULL;

	memset(&stats, 0, sizeof stats);
	path = write_tmp(name, text);
	CHECK(study_import_path(st, path, NULL, &stats, &cause) == -1);
	if (cause == NULL || strstr(cause, want) == NULL) {
		fprintf(stderr, "error \"%s\", want it to contain \"%s\"\n",
		    cause ? cause : "(none)", want);
		CHECK(0);
	}
	free(cause);
	free(path);
}

static void
test_task_params(void)
{
	struct study_task	 t;
	char			*cause = NULL;

	CHECK(study_parse_task_param("demo:3.2:1.1:lower", &t, &cause) == 0);
	CHECK_STR(t.id, "demo");
	CHECK(t.direction == NORM_LOWER && t.aggregation == NORM_BEST &&
	    !t.hidden);
	CHECK_NEAR(t.y_start, 3.2, 0);
	CHECK_NEAR(t.y_ref, 1.1, 0);
	study_task_done(&t);
	CHECK(study_parse_task_param("scaling_law:0.24:0.84:higher:last:"
	    "hidden", &t, &cause) == 0);
	CHECK(t.direction == NORM_HIGHER && t.aggregation == NORM_LAST &&
	    t.hidden);
	study_task_done(&t);

	CHECK(study_parse_task_param("demo:3.2:1.1", &t, &cause) == -1);
	free(cause);
	cause = NULL;
	CHECK(study_parse_task_param("demo:x:1.1:lower", &t, &cause) == -1);
	free(cause);
	cause = NULL;
	CHECK(study_parse_task_param("demo:1:1:lower", &t, &cause) == -1);
	free(cause);
	cause = NULL;
	CHECK(study_parse_task_param("demo:3:1:down", &t, &cause) == -1);
	CHECK(cause != NULL && strstr(cause, "'down'") != NULL);
	free(cause);
	cause = NULL;
	CHECK(study_parse_task_param("demo:3:1:lower:best:visible:x", &t,
	    &cause) == -1);
	free(cause);
}

static void
test_csv(void)
{
	struct study		*st = fresh_study("csv.db");
	struct study_task	 t;
	struct study_import	 stats;
	struct study_data	 d;
	const struct study_run	*r;
	char			*path, *cause = NULL;

	CHECK(study_parse_task_param("demo:3.2:1.1:lower", &t, &cause) == 0);
	CHECK(study_put_task(st, &t, &cause) == 0);
	study_task_done(&t);

	/*
	 * y_start 3.2, y_ref 1.1, lower is better: normalized is
	 * (y - 3.2) / (1.1 - 3.2) = (3.2 - y) / 2.1:
	 *   2.15 -> 1.05 / 2.1 = 0.5;  4.0 -> -0.381, clipped to 0;
	 *   0.05 -> 3.15 / 2.1 = 1.5 (no clip above); empty -> invalid.
	 * Aliases task, agent_name and elapsed; a quoted name with a comma;
	 * rows of r2 out of order; CRLF line ends.
	 */
	memset(&stats, 0, sizeof stats);
	path = write_tmp("a.csv",
	    "run_id,task,agent_name,elapsed,score,time_limit_s\r\n"
	    "r1,demo,\"gpt, v2\",0,3.2,7200\r\n"
	    "r1,demo,\"gpt, v2\",600,2.15,7200\r\n"
	    "r1,demo,\"gpt, v2\",1200,,7200\r\n"
	    "r1,demo,\"gpt, v2\",1800,4.0,\r\n"
	    "\r\n"
	    "r2,demo,claude,5000,0.05,\r\n"
	    "r2,demo,claude,10,NaN,\r\n");
	CHECK(study_import_path(st, path, NULL, &stats, &cause) == 0);
	if (cause != NULL)
		fprintf(stderr, "%s\n", cause);
	CHECK(stats.runs == 2 && stats.scores == 6 && stats.replaced == 0);
	CHECK(stats.inferred == 1);
	CHECK(study_load(st, &d, &cause) == 0);
	CHECK(d.nruns == 2);
	r = find_run(&d, "demo", "r1");
	CHECK(r != NULL);
	if (r != NULL) {
		CHECK_STR(r->group, "gpt, v2");
		CHECK_STR(r->kind, "agent");
		CHECK_NEAR(r->limit, 7200, 0);
		CHECK(!r->limit_inferred);
		CHECK(r->nscores == 4);
		CHECK_NEAR(r->scores[0].normalized, 0.0, 1e-12);
		CHECK_NEAR(r->scores[1].normalized, 0.5, 1e-12);
		CHECK_NEAR(r->scores[1].raw, 2.15, 0);
		CHECK(isnan(r->scores[2].normalized));
		CHECK(isnan(r->scores[2].raw));
		CHECK_STR(r->scores[2].status, "invalid");
		CHECK_NEAR(r->scores[3].normalized, 0.0, 0);	/* clipped */
		CHECK_NEAR(r->scores[3].raw, 4.0, 0);
	}
	r = find_run(&d, "demo", "r2");
	CHECK(r != NULL);
	if (r != NULL) {
		/* Sorted by elapsed; 5000 s rounds up to 3 half hours. */
		CHECK(r->nscores == 2);
		CHECK_NEAR(r->scores[0].elapsed, 10, 0);
		CHECK(isnan(r->scores[0].normalized));
		CHECK_NEAR(r->scores[1].normalized, 1.5, 1e-12);
		CHECK_NEAR(r->limit, 5400, 0);
		CHECK(r->limit_inferred);
	}
	study_data_done(&d);

	/* Importing the same file again replaces, and adds nothing. */
	memset(&stats, 0, sizeof stats);
	CHECK(study_import_path(st, path, NULL, &stats, &cause) == 0);
	CHECK(stats.runs == 2 && stats.replaced == 2);
	CHECK(study_load(st, &d, &cause) == 0);
	CHECK(d.nruns == 2);
	r = find_run(&d, "demo", "r1");
	CHECK(r != NULL && r->nscores == 4);
	study_data_done(&d);
	free(path);
	study_close(st);
}

static void
test_jsonl(void)
{
	struct study		*st = fresh_study("jsonl.db");
	struct study_import	 stats;
	struct study_data	 d;
	const struct study_run	*r;
	char			*path, *cause = NULL;

	/*
	 * No task parameters: rows carry "normalized" (a negative one is
	 * clipped to 0). NaN as Python writes it, null, numeric run ids,
	 * a human among agents, and a row status.
	 */
	memset(&stats, 0, sizeof stats);
	path = write_tmp("b.jsonl",
	    "{\"run_id\": 17, \"task_id\": \"kern\", \"agent\": \"a1\", "
	    "\"elapsed_s\": 0, \"score\": 1.5, \"normalized\": 0.0, "
	    "\"time_limit_s\": 1800}\n"
	    "{\"run_id\": 17, \"task_id\": \"kern\", \"agent\": \"a1\", "
	    "\"elapsed_s\": 60.5, \"score\": NaN, \"normalized\": NaN}\n"
	    "\n"
	    "{\"run_id\": 17, \"task_id\": \"kern\", \"agent\": \"a1\", "
	    "\"elapsed_s\": 90, \"score\": 1.1, \"normalized\": 0.4, "
	    "\"status\": \"timeout\"}\n"
	    "{\"run_id\": 17, \"task_id\": \"kern\", \"agent\": \"a1\", "
	    "\"elapsed_s\": 120, \"score\": 1.0, \"normalized\": 0.45}\n"
	    "{\"run_id\": \"h9\", \"task\": \"kern\", \"agent\": \"human\", "
	    "\"elapsed\": \"30\", \"score\": null, \"normalized\": null, "
	    "\"time_limit_s\": 28800}\n"
	    "{\"run_id\": \"h9\", \"task\": \"kern\", \"agent\": \"human\", "
	    "\"elapsed\": 900, \"score\": 2.0, \"normalized\": -0.2}\n"
	    "{\"run_id\": \"NaN \\\"q\\\" NaN\", \"task\": \"kern\", "
	    "\"agent\": \"NaNo\", \"elapsed_s\": 5, \"score\": NaN, "
	    "\"normalized\": 0.25}\n");
	CHECK(study_import_path(st, path, NULL, &stats, &cause) == 0);
	if (cause != NULL)
		fprintf(stderr, "%s\n", cause);
	CHECK(stats.runs == 3 && stats.scores == 7);
	CHECK(study_load(st, &d, &cause) == 0);
	r = find_run(&d, "kern", "17");
	CHECK(r != NULL);
	if (r != NULL) {
		CHECK_STR(r->group, "a1");
		CHECK_NEAR(r->limit, 1800, 0);
		CHECK(r->nscores == 4);
		CHECK(isnan(r->scores[1].normalized));
		/* status timeout: invalid whatever the number says */
		CHECK(isnan(r->scores[2].normalized));
		CHECK_STR(r->scores[2].status, "timeout");
		CHECK_NEAR(r->scores[3].normalized, 0.45, 0);
	}
	r = find_run(&d, "kern", "h9");
	CHECK(r != NULL);
	if (r != NULL) {
		CHECK_STR(r->group, "human");
		CHECK_STR(r->kind, "human");
		CHECK(r->nscores == 2);
		CHECK_NEAR(r->scores[0].elapsed, 30, 0);
		CHECK(isnan(r->scores[0].normalized));
		CHECK_NEAR(r->scores[1].normalized, 0.0, 0);
	}
	/* NaN inside strings is text, not a number to read as null. */
	r = find_run(&d, "kern", "NaN \"q\" NaN");
	CHECK(r != NULL);
	if (r != NULL) {
		CHECK_STR(r->group, "NaNo");
		CHECK(r->nscores == 1 && isnan(r->scores[0].raw));
		CHECK_NEAR(r->scores[0].normalized, 0.25, 0);
	}
	study_data_done(&d);
	free(path);
	study_close(st);
}

static void
test_errors(void)
{
	struct study		*st = fresh_study("err.db");
	struct study_data	 d;
	char			*cause = NULL;

	check_error(st, "e1.csv", "run_id,task_id,agent,score\n"
	    "r,demo,a,1\n", "e1.csv:1: no column elapsed_s in the header");
	check_error(st, "e2.csv", "run_id,task_id,agent,elapsed_s,score,"
	    "normalized\nr,demo,a,0,1,0\nr,demo,a,soon,1,0\n",
	    "e2.csv:3: elapsed_s");
	check_error(st, "e3.csv", "run_id,task_id,agent,elapsed_s,score,"
	    "normalized\nr,demo,a,0,1,0\nr,demo,a,5,fast,\n",
	    "e3.csv:3: score");
	/* No normalization anywhere: the error names the task. */
	check_error(st, "e4.csv", "run_id,task_id,agent,elapsed_s,score\n"
	    "r,nowhere,a,0,1.5\n", "e4.csv:2: task 'nowhere' has no "
	    "normalization");
	check_error(st, "e5.jsonl", "{\"run_id\": \"r\", \"task_id\": \"t\", "
	    "\"agent\": \"a\", \"elapsed_s\": 0, \"score\": null}\n"
	    "{\"run_id\": \"r\", \"task_id\": \"t\", \"agent\": \"b\", "
	    "\"elapsed_s\": 1, \"score\": null}\n", "e5.jsonl:2: run r of "
	    "task t was agent 'a' at line 1, now agent 'b'");
	check_error(st, "e6.jsonl", "{\"run_id\": \"r\", \"task_id\": "
	    "\"t\",\n", "e6.jsonl:1:");
	check_error(st, "e7.jsonl", "{\"run_id\": \"r\", \"task_id\": \"t\", "
	    "\"agent\": \"a\", \"score\": null}\n",
	    "e7.jsonl:1: elapsed_s: no time");
	check_error(st, "e8.csv", "run_id,task_id,agent,elapsed_s,score,"
	    "normalized,time_limit_s\nr,t,a,0,,,60\nr,t,a,1,,,120\n",
	    "e8.csv:3: time_limit_s");
	check_error(st, "e9.csv", "run_id,task_id,agent,elapsed_s,score\n"
	    "\"r,t,a,0,1\n", "e9.csv:2: unterminated quote");
	check_error(st, "e10.csv", "", "empty file");
	check_error(st, "nope", "", "empty file");
	/* A failed file leaves the study as it was. */
	CHECK(study_load(st, &d, &cause) == 0);
	CHECK(d.nruns == 0);
	study_data_done(&d);
	study_close(st);
}

/*
 * Inputs that were once misread silently; each check failed before the
 * reader learned to refuse or convert it.
 */
static void
test_misread(void)
{
	struct study		*st = fresh_study("misread.db");
	struct study_task	 t;
	struct study_import	 stats;
	struct study_log_opts	 opts;
	struct study_data	 d;
	const struct study_run	*r;
	char			*path, *cause = NULL;

	/* Swapped constants: lower-is-better with y_ref above y_start. */
	CHECK(study_parse_task_param("demo:1.1:3.2:lower", &t, &cause) == -1);
	CHECK(cause != NULL && strstr(cause, "swapped") != NULL);
	free(cause);
	cause = NULL;
	CHECK(study_parse_task_param("sl:0.84:0.24:higher", &t, &cause) == -1);
	free(cause);
	cause = NULL;

	/* A decimal comma: 1,000 is two fields, not 1.0. */
	check_error(st, "m1.csv", "run_id,task_id,agent,elapsed_s,score,"
	    "normalized\nr,t,a,0,1,000,0.5\n",
	    "m1.csv:2: 7 fields, the header has 6 (a decimal comma");
	/* One field short is as wrong, even an optional one. */
	check_error(st, "m2.csv", "run_id,task_id,agent,elapsed_s,score,"
	    "normalized\nr,t,a,0,1\n", "m2.csv:2: 5 fields, the header has 6");
	/* Infinity names its field, in CSV and in JSONL. */
	check_error(st, "m3.csv", "run_id,task_id,agent,elapsed_s,score,"
	    "normalized\nr,t,a,0,inf,0.5\n", "m3.csv:2: score: Infinity is "
	    "not a score");
	check_error(st, "m4.jsonl", "{\"run_id\": \"r\", \"task_id\": \"t\", "
	    "\"agent\": \"a\", \"elapsed_s\": Infinity, \"score\": null}\n",
	    "m4.jsonl:1: elapsed_s: Infinity is not a time");
	check_error(st, "m5.jsonl", "{\"run_id\": \"r\", \"task_id\": \"t\", "
	    "\"agent\": \"a\", \"elapsed_s\": 1, \"score\": null, "
	    "\"normalized\": -Infinity}\n",
	    "m5.jsonl:1: normalized: -Infinity is not a score");
	/* Two names for one field: which one? */
	check_error(st, "m6.csv", "run_id,task_id,agent,elapsed_s,elapsed_ms,"
	    "score\nr,t,a,1,1000,\n", "m6.csv:1: both elapsed_s and "
	    "elapsed_ms give elapsed_s");

	/*
	 * Time units: Vivaria's elapsedTime is milliseconds (90000 ms is
	 * 90 s), elapsed_min minutes, a bare elapsed is in --time-unit; the
	 * names of METR's (alias, score_cont), Vivaria's (runId, taskId) and
	 * Inspect's (model, working_time) exports are understood.
	 */
	path = write_tmp("units.jsonl",
	    "{\"runId\": 1, \"taskId\": \"t\", \"alias\": \"m\", "
	    "\"elapsedTime\": 90000, \"score\": null, "
	    "\"score_cont\": 0.5, \"time_limit_ms\": 1800000}\n"
	    "{\"run_id\": 2, \"task\": \"t\", \"model\": \"m\", "
	    "\"working_time\": 30.5, \"score\": null, "
	    "\"normalized\": 0.25}\n"
	    "{\"run_id\": 3, \"task\": \"t\", \"agent\": \"m\", "
	    "\"elapsed_min\": 2.5, \"score\": null, \"normalized\": 0.1, "
	    "\"time_limit_h\": 2}\n"
	    "{\"run_id\": 4, \"task\": \"t\", \"agent\": \"m\", "
	    "\"elapsed\": 3, \"score\": null, \"normalized\": 0.1}\n"
	    "{\"run_id\": 4, \"task\": \"t\", \"agent\": \"m\", "
	    "\"elapsed\": 3, \"score\": null, \"normalized\": 0.1}\n");
	memset(&opts, 0, sizeof opts);
	opts.time_unit = 60;
	memset(&stats, 0, sizeof stats);
	CHECK(study_import_path(st, path, &opts, &stats, &cause) == 0);
	if (cause != NULL)
		fprintf(stderr, "%s\n", cause);
	/* Run 4's row is there twice: one is dropped, and counted. */
	CHECK(stats.runs == 4 && stats.scores == 4 && stats.duplicates == 1);
	CHECK(study_load(st, &d, &cause) == 0);
	r = find_run(&d, "t", "1");
	CHECK(r != NULL && r->nscores == 1);
	if (r != NULL && r->nscores == 1) {
		CHECK_NEAR(r->scores[0].elapsed, 90, 1e-9);
		CHECK_NEAR(r->limit, 1800, 1e-9);
		CHECK_STR(r->group, "m");
	}
	r = find_run(&d, "t", "2");
	CHECK(r != NULL && r->nscores == 1 && r->scores[0].elapsed == 30.5);
	r = find_run(&d, "t", "3");
	CHECK(r != NULL && r->nscores == 1);
	if (r != NULL && r->nscores == 1) {
		CHECK_NEAR(r->scores[0].elapsed, 150, 1e-9);
		CHECK_NEAR(r->limit, 7200, 1e-9);
	}
	r = find_run(&d, "t", "4");	/* --time-unit min */
	CHECK(r != NULL && r->nscores == 1);
	if (r != NULL && r->nscores == 1)
		CHECK_NEAR(r->scores[0].elapsed, 180, 1e-9);
	study_data_done(&d);
	free(path);

	/* Importing it again: every run replaces one, and says so. */
	memset(&stats, 0, sizeof stats);
	path = path_join(tmpdir, "units.jsonl");
	CHECK(study_import_path(st, path, &opts, &stats, &cause) == 0);
	CHECK(stats.replaced == 4);
	free(path);
	study_close(st);
}

/*
 * An agent's Inspect eval log, as Inspect writes one (hand-made): two
 * epochs of one sample; score values are raw scores of the demo task
 * (y_start 3.2, y_ref 1.1, lower: normalized (3.2 - y) / 2.1), "I" is an
 * invalid scoring; the working limit is the runs' limit.
 */
/*
 * Vivaria's "viv query": a JSON array of runs, each with its score log
 * (elapsedTime in milliseconds) and usage limits (total_seconds: the
 * limit). Raw scores of demo: (3.2 - y) / 2.1.
 */
static void
test_vivaria(void)
{
	static const char rows[] =
	    "[{\"runId\": 7, \"taskId\": \"demo\", \"agentRepoName\": "
	    "\"modular\", \"usageLimits\": {\"total_seconds\": 1800, "
	    "\"tokens\": 1000}, \"scoreLog\": ["
	    "{\"elapsedTime\": 0, \"score\": 3.2, \"message\": {}},"
	    "{\"elapsedTime\": 90000, \"score\": 2.15},"
	    "{\"elapsedTime\": 120500, \"score\": NaN}]},"
	    "{\"runId\": 8, \"taskId\": \"demo\", \"agentRepoName\": "
	    "\"modular\", \"scoreLog\": []},"
	    /*
	     * Wall times only: started at 1000000 ms, paused 60 s from
	     * 1030000; scored at 1120000: 120 s - 60 s = 60 s of work.
	     */
	    "{\"runId\": 9, \"taskId\": \"demo\", \"agentRepoName\": "
	    "\"modular\", \"startedAt\": 1000000, \"pauses\": [{\"start\":"
	    " 1030000, \"end\": 1090000}], \"scoreLog\": [{\"scoredAt\": "
	    "1120000, \"score\": 2.15}]}]";
	struct study_task	 t;
	struct study_log_opts	 opts;
	struct study_log	 lg;
	char			*cause = NULL;

	CHECK(study_parse_task_param("demo:3.2:1.1:lower", &t, &cause) == 0);
	memset(&opts, 0, sizeof opts);
	opts.tasks = &t;
	opts.ntasks = 1;
	CHECK(study_log_parse("viv.json", rows, strlen(rows), &opts, &lg,
	    &cause) == 0);
	if (cause != NULL)
		fprintf(stderr, "%s\n", cause);
	/* Run 8 has no scorings: nothing to import for it. */
	CHECK(lg.nruns == 2);
	if (lg.nruns == 2) {
		CHECK_STR(lg.runs[1].run_id, "9");
		CHECK(lg.runs[1].nscores == 1);
		if (lg.runs[1].nscores == 1)
			CHECK_NEAR(lg.runs[1].scores[0].elapsed, 60, 1e-9);
		study_run_done(&lg.runs[1]);
		lg.nruns = 1;
	}
	if (lg.nruns == 1) {
		CHECK_STR(lg.runs[0].run_id, "7");
		CHECK_STR(lg.runs[0].group, "modular");
		CHECK_NEAR(lg.runs[0].limit, 1800, 0);
		CHECK(!lg.runs[0].limit_inferred);
		CHECK(lg.runs[0].nscores == 3);
		if (lg.runs[0].nscores == 3) {
			CHECK_NEAR(lg.runs[0].scores[1].elapsed, 90, 1e-9);
			CHECK_NEAR(lg.runs[0].scores[1].normalized, 0.5, 1e-12);
			CHECK_NEAR(lg.runs[0].scores[2].elapsed, 120.5, 1e-9);
			CHECK(isnan(lg.runs[0].scores[2].normalized));
		}
	}
	study_log_done(&lg);
	study_task_done(&t);
}

static void
test_inspect(void)
{
	static const char log[] =
	    "{\"version\": 2, \"status\": \"success\", \"eval\": {"
	    "\"run_id\": \"R\", \"task\": \"demo\", \"model\": "
	    "\"openai/gpt-x\", \"solver\": \"basic_agent\", \"config\": "
	    "{\"working_limit\": 1800}}, \"samples\": ["
	    "{\"id\": 1, \"epoch\": 1, \"events\": ["
	    "{\"event\": \"info\", \"working_start\": 1, \"data\": \"x\"},"
	    "{\"event\": \"score\", \"working_start\": 60.5, "
	    "\"intermediate\": true, \"score\": {\"value\": 2.15}},"
	    "{\"event\": \"score\", \"working_start\": 120, "
	    "\"intermediate\": true, \"score\": {\"value\": \"I\"}}]},"
	    "{\"id\": 1, \"epoch\": 2, \"working_time\": 900, "
	    "\"scores\": {\"s\": {\"value\": 0.05}}}]}";
	struct study_task	 t;
	struct study_log_opts	 opts;
	struct study_log	 lg;
	char			*cause = NULL;

	CHECK(inspect_is_log("a.json", log, strlen(log)));
	CHECK(!inspect_is_log("a.jsonl", log, strlen(log)));
	/* Without the task's parameters a raw value cannot be normalized. */
	CHECK(inspect_read("a.json", log, strlen(log), NULL, &lg, &cause) ==
	    -1);
	CHECK(cause != NULL && strstr(cause, "no normalization") != NULL);
	free(cause);
	cause = NULL;

	CHECK(study_parse_task_param("demo:3.2:1.1:lower", &t, &cause) == 0);
	memset(&opts, 0, sizeof opts);
	opts.tasks = &t;
	opts.ntasks = 1;
	CHECK(inspect_read("a.json", log, strlen(log), &opts, &lg, &cause) ==
	    0);
	if (cause != NULL)
		fprintf(stderr, "%s\n", cause);
	CHECK(lg.nruns == 2);
	if (lg.nruns == 2) {
		CHECK_STR(lg.runs[0].run_id, "R:1:1");
		CHECK_STR(lg.runs[0].kind, "agent");
		CHECK_STR(lg.runs[0].group, "openai/gpt-x");
		CHECK_NEAR(lg.runs[0].limit, 1800, 0);
		CHECK(lg.runs[0].nscores == 2);
		CHECK_NEAR(lg.runs[0].scores[0].elapsed, 60.5, 0);
		CHECK_NEAR(lg.runs[0].scores[0].normalized, 0.5, 1e-12);
		CHECK(isnan(lg.runs[0].scores[1].normalized));
		/* No score events: the final score at its working time. */
		CHECK_STR(lg.runs[1].run_id, "R:1:2");
		CHECK(lg.runs[1].nscores == 1);
		CHECK_NEAR(lg.runs[1].scores[0].elapsed, 900, 0);
		CHECK_NEAR(lg.runs[1].scores[0].normalized, 1.5, 1e-12);
	}
	study_log_done(&lg);

	/*
	 * A human_cli human's log (hand-made): solver human_agent, the
	 * scorings only in the human agent's store ({time, scores}), the
	 * clock as info events. A human run, its scorings at their times.
	 */
	{
		static const char hlog[] =
		    "{\"eval\": {\"run_id\": \"H\", \"task\": \"demo\", "
		    "\"model\": \"none/none\", \"solver\": \"human_agent\", "
		    "\"config\": {\"time_limit\": 28800}}, \"samples\": ["
		    "{\"id\": \"s\", \"epoch\": 1, \"uuid\": \"u-1\", "
		    "\"events\": [{\"event\": \"info\", \"working_start\": 0,"
		    " \"source\": \"human_agent\", \"data\": {\"action\": "
		    "\"start\", \"total_time\": \"0:00:00\"}}], "
		    "\"store\": {\"HumanAgentState:scorings\": ["
		    "{\"time\": 1800, \"scores\": [{\"value\": 2.15}]},"
		    "{\"time\": 3600.5, \"scores\": [{\"value\": \"I\"}]}]}}]}";

		CHECK(inspect_read("h.json", hlog, strlen(hlog), &opts, &lg,
		    &cause) == 0);
		CHECK(lg.nruns == 1);
		if (lg.nruns == 1) {
			CHECK_STR(lg.runs[0].run_id, "u-1");
			CHECK_STR(lg.runs[0].kind, "human");
			CHECK_STR(lg.runs[0].group, "human");
			CHECK_NEAR(lg.runs[0].limit, 28800, 0);
			CHECK(lg.runs[0].nscores == 2);
			if (lg.runs[0].nscores == 2) {
				CHECK_NEAR(lg.runs[0].scores[0].elapsed, 1800,
				    0);
				CHECK_NEAR(lg.runs[0].scores[0].normalized,
				    0.5, 1e-12);
				CHECK(isnan(lg.runs[0].scores[1].normalized));
			}
		}
		study_log_done(&lg);
	}
	/* Not a zip, not JSON: an error, not a crash. */
	CHECK(inspect_read("b.eval", "PK\003\004xx", 6, &opts, &lg,
	    &cause) == -1);
	free(cause);
	study_task_done(&t);
}

static void
test_session(void)
{
	struct study		*st = fresh_study("session.db");
	struct study_import	 stats;
	struct study_data	 d;
	struct study_task	 t;
	const struct study_run	*r;
	char			*cause = NULL;
	/* scores.jsonl of the fixture, as hand-written there. */
	static const double	 elapsed[] = { 0, 1800, 5400, 9000, 14400,
				     21600, 28800 };
	static const double	 norm[] = { 0, 0.3333333333333333, NAN, 0,
				     0.8571428571428571, NAN,
				     0.9523809523809523 };
	size_t			 i;

	memset(&stats, 0, sizeof stats);
	CHECK(study_import_path(st, SRCDIR "/tests/fixtures/report/session-p1",
	    NULL, &stats, &cause) == 0);
	if (cause != NULL)
		fprintf(stderr, "%s\n", cause);
	CHECK(stats.runs == 1 && stats.scores == 7 && stats.inferred == 0);
	CHECK(study_load(st, &d, &cause) == 0);
	r = find_run(&d, "demo", "s-20261127-p1");
	CHECK(r != NULL);
	if (r != NULL) {
		CHECK_STR(r->group, "human");
		CHECK_STR(r->kind, "human");
		CHECK_STR(r->participant, "p1");
		CHECK_NEAR(r->limit, 28800, 0);
		CHECK(r->nscores == 7);
		for (i = 0; i < 7 && i < r->nscores; i++) {
			CHECK_NEAR(r->scores[i].elapsed, elapsed[i], 0);
			if (isnan(norm[i]))
				CHECK(isnan(r->scores[i].normalized));
			else
				CHECK_NEAR(r->scores[i].normalized, norm[i],
				    0);
		}
		/* raw 3.5 is worse than the start: its normalized is 0. */
		CHECK_NEAR(r->scores[3].raw, 3.5, 0);
		CHECK_STR(r->scores[5].status, "error");
	}
	study_data_done(&d);

	/* The session taught the study the task's parameters. */
	CHECK(study_get_task(st, "demo", &t, &cause) == 1);
	CHECK(t.direction == NORM_LOWER);
	CHECK_NEAR(t.y_start, 3.2, 0);
	CHECK_NEAR(t.y_ref, 1.1, 0);
	study_task_done(&t);

	/* ... so an agent log with raw scores only normalizes with them. */
	{
		char	*path = write_tmp("after.csv", "run_id,task_id,agent,"
		    "elapsed_s,score\nx,demo,bot,100,2.15\n");

		memset(&stats, 0, sizeof stats);
		CHECK(study_import_path(st, path, NULL, &stats, &cause) == 0);
		CHECK(study_load(st, &d, &cause) == 0);
		r = find_run(&d, "demo", "x");
		CHECK(r != NULL && r->nscores == 1);
		if (r != NULL && r->nscores == 1)
			CHECK_NEAR(r->scores[0].normalized, 0.5, 1e-12);
		study_data_done(&d);
		free(path);
	}

	/* Again: replaced, not doubled. */
	memset(&stats, 0, sizeof stats);
	CHECK(study_import_path(st, SRCDIR "/tests/fixtures/report/session-p1",
	    NULL, &stats, &cause) == 0);
	CHECK(stats.replaced == 1);
	CHECK(study_load(st, &d, &cause) == 0);
	CHECK(d.nruns == 2);
	study_data_done(&d);

	/* A folder that is not a session says so. */
	CHECK(study_import_path(st, SRCDIR "/tests/fixtures/report", NULL, &stats,
	    &cause) == -1);
	CHECK(cause != NULL && strstr(cause, "session.json") != NULL);
	free(cause);
	study_close(st);
}

static void
test_packs(void)
{
	struct study		*st = fresh_study("packs.db");
	struct study_task	 t;
	char			*cause = NULL;
	size_t			 n;

	CHECK(study_load_packs(st, SRCDIR "/tests/fixtures/report/tasks", &n,
	    &cause) == 0);
	if (cause != NULL)
		fprintf(stderr, "%s\n", cause);
	CHECK(n == 1);
	CHECK(study_get_task(st, "mini", &t, &cause) == 1);
	CHECK(t.direction == NORM_HIGHER && t.aggregation == NORM_LAST &&
	    t.hidden);
	CHECK_NEAR(t.y_start, 0.2, 0);
	CHECK_NEAR(t.y_ref, 0.7, 0);
	study_task_done(&t);
	CHECK(study_get_task(st, "other", &t, &cause) == 0);
	CHECK(study_load_packs(st, SRCDIR "/tests/fixtures/report/"
	    "session-p1", &n, &cause) == -1);
	free(cause);
	study_close(st);
}

static void
test_version(void)
{
	struct study	*st;
	struct store	*db;
	char		*path, *cause = NULL;

	/* A study from a newer baseliner is refused, not migrated down. */
	st = fresh_study("newer.db");
	study_close(st);
	path = path_join(tmpdir, "newer.db");
	CHECK(store_open(path, STORE_STUDY, &db, NULL) == 0);
	CHECK(store_exec_script(db, "PRAGMA user_version = 99", NULL) == 0);
	store_close(db);
	/* Nor is a session's database taken for a study. */
	free(path);
	path = path_join(tmpdir, "a-session.db");
	unlink(path);
	CHECK(store_open(path, 0, &db, &cause) == 0);
	if (cause != NULL)
		fprintf(stderr, "%s\n", cause);
	free(cause);
	cause = NULL;
	store_close(db);
	CHECK(study_open(path, &st, &cause) == -1);
	CHECK(cause != NULL && strstr(cause, "not a study") != NULL);
	free(cause);
	cause = NULL;
	free(path);
	path = path_join(tmpdir, "newer.db");
	CHECK(study_open(path, &st, &cause) == -1);
	CHECK(cause != NULL && strstr(cause, "newer") != NULL);
	free(cause);
	free(path);
}

int
main(void)
{
	char	tmpl[] = "/tmp/test_study.XXXXXX";

	if ((tmpdir = mkdtemp(tmpl)) == NULL)
		return (1);
	RUN(test_task_params);
	RUN(test_csv);
	RUN(test_jsonl);
	RUN(test_errors);
	RUN(test_misread);
	RUN(test_vivaria);
	RUN(test_inspect);
	RUN(test_session);
	RUN(test_packs);
	RUN(test_version);
	rm_rf(tmpdir);
	UNIT_DONE();
}
