/* test_task.c: the manifest parser, good and broken manifests. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <string.h>
#include <unistd.h>

#include "session.h"
#include "task.h"
#include "util.h"
#include "unit.h"

static const char good[] =
    "id: demo\n"
    "version: \"2\"\n"
    "title: A task\n"
    "time_limit: 90m\n"
    "hardware:\n"
    "  gpus: 1\n"
    "  commands: [cc, sh]\n"
    "scorer:\n"
    "  command: sh score.sh\n"
    "  timeout: 30\n"
    "score:\n"
    "  direction: higher\n"
    "  y_start: 0.24\n"
    "  y_ref: 0.84\n"
    "  aggregation: last\n"
    "  visibility: hidden\n";

static char *
parse_error(const char *text)
{
	struct task	*t = calloc(1, sizeof *t);
	char		*cause = NULL;

	if (task_parse("t/task.yaml", text, strlen(text), t, &cause) == 0)
		cause = strdup("(parsed)");
	t->dir = t->manifest = NULL;
	task_destroy(t);
	return (cause);
}

static void
test_good(void)
{
	struct task	*t = calloc(1, sizeof *t);
	char		*cause = NULL;

	CHECK(task_parse("t/task.yaml", good, sizeof good - 1, t, &cause) == 0);
	CHECK_STR(t->id, "demo");
	CHECK_STR(t->version, "2");
	CHECK_NEAR(t->time_limit, 5400, 0);
	CHECK(t->gpus == 1);
	CHECK(t->ncommands == 2);
	CHECK_STR(t->commands[1], "sh");
	CHECK_STR(t->scorer, "sh score.sh");
	CHECK_NEAR(t->scorer_timeout, 30, 0);
	CHECK(t->direction == NORM_HIGHER);
	CHECK(t->aggregation == NORM_LAST);
	CHECK(t->hidden == 1);
	CHECK_NEAR(t->y_start, 0.24, 1e-12);
	CHECK(t->line_y_start == 13 && t->line_y_ref == 14);
	task_destroy(t);
}

static void
test_defaults(void)
{
	struct task	*t = calloc(1, sizeof *t);
	const char	*m = "id: x\nversion: 1\ntitle: X\nscorer:\n  command: "
			    "true\nscore:\n  direction: lower\n  y_start: 2\n"
			    "  y_ref: 1\n";

	CHECK(task_parse("t", m, strlen(m), t, NULL) == 0);
	CHECK_NEAR(t->time_limit, 8 * 3600, 0);
	CHECK_NEAR(t->scorer_timeout, 600, 0);
	CHECK(t->gpus == 0 && t->ncommands == 0);
	CHECK(t->aggregation == NORM_BEST && t->hidden == 0);
	task_destroy(t);
}

/* Each aggregation a pack may choose, and one it may not. */
static void
test_aggregation(void)
{
	static const char *const words[] = { "best", "last", "last_valid" };
	static const enum norm_agg aggs[] = { NORM_BEST, NORM_LAST,
	    NORM_LAST_VALID };
	struct task	*t;
	char		*m, *e;
	size_t		 i;

	for (i = 0; i < 3; i++) {
		t = calloc(1, sizeof *t);
		m = xasprintf("id: x\nversion: 1\ntitle: X\nscorer:\n  "
		    "command: true\nscore:\n  direction: higher\n  y_start: "
		    "0\n  y_ref: 1\n  aggregation: %s\n", words[i]);
		CHECK(task_parse("t", m, strlen(m), t, NULL) == 0);
		CHECK(t->aggregation == aggs[i]);
		CHECK_STR(norm_agg_name(t->aggregation), words[i]);
		free(m);
		task_destroy(t);
	}
	e = parse_error("id: x\nversion: 1\ntitle: X\nscorer:\n  command: "
	    "true\nscore:\n  direction: higher\n  y_start: 0\n  y_ref: 1\n"
	    "  aggregation: first\n");
	CHECK_STR(e, "t/task.yaml:10: score.aggregation: expected best, last "
	    "or last_valid, got 'first'");
	free(e);
}

static void
test_errors(void)
{
	char	*e;

	/* Each error names the file, the line and the field. */
	e = parse_error("id: demo\nversion: 1\ntitle: [unclosed\n");
	CHECK(strncmp(e, "t/task.yaml:", 12) == 0 && strstr(e, "syntax") != NULL);
	free(e);
	e = parse_error("id: demo\nversion: 1\ntitle: T\nscorer:\n  command: x\n"
	    "score:\n  direction: lower\n  y_start: 1\n");
	CHECK_STR(e, "t/task.yaml:6: score.y_ref: missing field");
	free(e);
	e = parse_error("id: demo\nversion: 1\ntitle: T\nscorer:\n  command: x\n"
	    "score:\n  direction: lower\n  y_start: fast\n  y_ref: 1\n");
	CHECK_STR(e, "t/task.yaml:8: score.y_start: expected a number, got "
	    "'fast'");
	free(e);
	e = parse_error("id: demo\nversion: 1\ntitle: T\nscorer:\n  command: x\n"
	    "score:\n  direction: up\n  y_start: 2\n  y_ref: 1\n");
	CHECK_STR(e, "t/task.yaml:7: score.direction: expected lower or "
	    "higher, got 'up'");
	free(e);
	e = parse_error("id: demo\nversion: 1\ntitle: T\ntime_limit: 8\n");
	CHECK_STR(e, "t/task.yaml:4: time_limit: expected a duration like 8h, "
	    "90m or 3600s, got '8'");
	free(e);
	e = parse_error("version: 1\ntitle: T\nid: Demo Task\n");
	CHECK(strstr(e, "t/task.yaml:3: id:") != NULL);
	free(e);
	e = parse_error("id: d\nversion: 1\ntitle: T\nhardware: 3\n");
	CHECK_STR(e, "t/task.yaml:4: hardware: expected a mapping, got '3'");
	free(e);
	e = parse_error("- a\n- b\n");
	CHECK(strstr(e, "t/task.yaml:1: the manifest must be a mapping") != NULL);
	free(e);
	e = parse_error("");
	CHECK(e != NULL && strstr(e, "empty") != NULL);
	free(e);
	e = parse_error("id: d\nversion: 1\ntitle: T\nscorer:\n  command: x\n"
	    "  timeout: -3\nscore:\n  direction: lower\n  y_start: 2\n"
	    "  y_ref: 1\n");
	CHECK_STR(e, "t/task.yaml:6: scorer.timeout: must be positive");
	free(e);
	e = parse_error("id: d\nversion: 1\ntitle: T\nscorer:\n  command: x\n"
	    "score:\n  direction: lower\n  y_start: 1\n  y_ref: 1\n");
	CHECK_STR(e, "t/task.yaml:9: score.y_ref: must differ from y_start");
	free(e);
	/* Apart by less than normalization can divide by (issue 9). */
	e = parse_error("id: d\nversion: 1\ntitle: T\nscorer:\n  command: x\n"
	    "score:\n  direction: lower\n  y_start: 1\n  y_ref: 0.9999999999999\n");
	CHECK(e != NULL && strstr(e, "t/task.yaml:9: score.y_ref: too close") ==
	    e);
	free(e);
	e = parse_error("id: d\nversion: 1\ntitle: T\nscorer:\n  command: x\n"
	    "score:\n  direction: higher\n  y_start: 0\n  y_ref: 1e300\n");
	CHECK(e != NULL && strstr(e, "within 1e15") != NULL);
	free(e);
}

static const char resources[] =
    "id: d\nversion: 1\ntitle: T\n"
    "hardware:\n  gpus: 4\n  cpus: 52\n  memory_gb: 400\n  disk_gb: 30\n"
    "  python: [torch, numpy]\n"
    "scorer:\n  command: x\n"
    "score:\n  direction: lower\n  y_start: 2\n  y_ref: 1\n"
    "assets:\n"
    "  - name: val\n    path: data/val.bin\n    size: 8\n"
    "    sha256: 8d969eef6ecad3c29a3a629280e686cf0c3f5d5a86aff3ca12020c923adc6c92\n"
    "  - name: w\n    path: w.pt\n    build: sh make.sh\n"
    "keys:\n  - name: JUDGE_API_KEY\n    what: the key\n"
    "  - name: JUDGE_BASE_URL\n    default: http://x/v1\n";

/* Hardware beyond GPUs, assets and keys (the RE-Bench packs use them). */
static void
test_resources(void)
{
	struct task	*t = calloc(1, sizeof *t);
	char		*cause = NULL, *e, *bad;

	CHECK(task_parse("t", resources, sizeof resources - 1, t,
	    &cause) == 0);
	CHECK(t->gpus == 4 && t->cpus == 52);
	CHECK_NEAR(t->memory_gb, 400, 0);
	CHECK_NEAR(t->disk_gb, 30, 0);
	CHECK(t->nmodules == 2);
	CHECK_STR(t->modules[1], "numpy");
	CHECK(t->nassets == 2);
	CHECK_STR(t->assets[0].path, "data/val.bin");
	CHECK_NEAR(t->assets[0].size, 8, 0);
	CHECK(t->assets[0].sha256 != NULL && t->assets[1].sha256 == NULL);
	CHECK_STR(t->assets[1].build, "sh make.sh");
	CHECK(t->nkeys == 2);
	CHECK_STR(t->keys[0].name, "JUDGE_API_KEY");
	CHECK(t->keys[0].def == NULL);
	CHECK_STR(t->keys[1].def, "http://x/v1");
	task_destroy(t);

	/* An asset outside its folder, a bad digest, a bad key name. */
	bad = strdup(resources);
	memcpy(strstr(bad, "data/val.bin"), "../val.bin00", 12);
	e = parse_error(bad);
	CHECK(e != NULL && strstr(e, "t/task.yaml:18: assets.path:") != NULL);
	free(e);
	free(bad);
	bad = strdup(resources);
	*strstr(bad, "8d969") = 'X';
	e = parse_error(bad);
	CHECK(e != NULL && strstr(e, "t/task.yaml:20: assets.sha256:") != NULL);
	free(e);
	free(bad);
	bad = strdup(resources);
	memcpy(strstr(bad, "JUDGE_API_KEY"), "judge", 5);
	e = parse_error(bad);
	CHECK(e != NULL && strstr(e, "t/task.yaml:25: keys.name:") != NULL);
	free(e);
	free(bad);
	e = parse_error("id: d\nversion: 1\ntitle: T\nhardware:\n"
	    "  python: [\"os; rm\"]\nscorer:\n  command: x\n");
	CHECK(e != NULL && strstr(e, "t/task.yaml:5: hardware.python:") !=
	    NULL);
	free(e);
}

static void
test_durations(void)
{
	double	d;

	CHECK(task_parse_duration("8h", &d) == 0 && d == 28800);
	CHECK(task_parse_duration("7.5h", &d) == 0 && d == 27000);
	CHECK(task_parse_duration("90m", &d) == 0 && d == 5400);
	CHECK(task_parse_duration("3600s", &d) == 0 && d == 3600);
	CHECK(task_parse_duration("0h", &d) == -1);
	CHECK(task_parse_duration("h", &d) == -1);
	CHECK(task_parse_duration("8 hours", &d) == -1);
}

static void
put(const char *dir, const char *name, const char *text)
{
	char	*p = path_join(dir, name);

	CHECK(file_write(p, text, strlen(text), NULL) == 0);
	free(p);
}

/* Calibrations per card: the pack's files, the host's own, the refusal. */
static void
test_calibrations(void)
{
	char			 tmp[] = "/tmp/bl-test-task.XXXXXX";
	char			*pack, *cal, *home, *src = NULL, *cause = NULL;
	char			*f;
	struct task		*t = NULL;
	const struct task_calib	*c;
	json_t			*d = NULL;
	double			 ys, yr;

	CHECK(mkdtemp(tmp) != NULL);
	pack = path_join(tmp, "gpu_task");
	cal = path_join(pack, "calibrations");
	home = path_join(tmp, "home");
	CHECK(mkdir_p(cal, 0755, NULL) == 0);
	put(pack, "task.yaml", "id: gpu_task\nversion: \"1\"\ntitle: t\n"
	    "hardware:\n  gpus: 1\nscorer:\n  command: true\nscore:\n"
	    "  direction: lower\n  y_start: 1\n  y_ref: 0\n");
	put(cal, "nvidia_h100_80gb_hbm3.json", "{\"gpu\": \"NVIDIA H100 "
	    "80GB HBM3\", \"y_start\": 0.73, \"y_ref\": -1.24, \"driver\": "
	    "\"580.159.04\", \"measured\": \"2026-11-27T04:53Z\"}");
	put(cal, "nvidia_h200.json", "{\"gpu\": \"NVIDIA H200\", "
	    "\"y_start\": 0.5, \"y_ref\": -1.4}");
	put(cal, "README", "not a calibration");
	CHECK(task_load(pack, &t, &cause) == 0);
	CHECK(t != NULL && t->ncalibs == 2);
	CHECK((c = task_calib_for(t, "NVIDIA H200")) != NULL &&
	    c->y_start == 0.5 && c->driver == NULL);
	CHECK(task_calib_for(t, "NVIDIA H200 NVL") == NULL);
	CHECK(task_calib_for(t, NULL) == NULL);
	f = task_calib_file("NVIDIA H100 80GB HBM3");
	CHECK_STR(f, "nvidia_h100_80gb_hbm3.json");
	free(f);
	f = task_calib_file("  ");
	CHECK_STR(f, "gpu.json");
	free(f);

	setenv("BASELINER_HOME", home, 1);
	/* The pack's calibration for the card. */
	CHECK(session_calibration(t, "NVIDIA H100 80GB HBM3", &ys, &yr, &src,
	    &d, &cause) == 0);
	CHECK(ys == 0.73 && yr == -1.24);
	CHECK_STR(json_string_value(json_object_get(d, "source")), "pack");
	CHECK_STR(json_string_value(json_object_get(d, "driver")),
	    "580.159.04");
	CHECK(strstr(src, "NVIDIA H100 80GB HBM3") != NULL);
	free(src);
	json_decref(d);
	/* A card without one: refused, with how to make one. */
	CHECK(session_calibration(t, "NVIDIA A100-SXM4-80GB", &ys, &yr, &src,
	    &d, &cause) == -1);
	CHECK(cause != NULL && strstr(cause, "task calibrate gpu_task") !=
	    NULL && strstr(cause, "NVIDIA H200") != NULL);
	free(cause);
	cause = NULL;
	/* This host's own calibration for the card comes first. */
	f = session_calibration_path("gpu_task", "NVIDIA A100-SXM4-80GB");
	CHECK(strstr(f, "/calibration/gpu_task/nvidia_a100_sxm4_80gb.json") !=
	    NULL);
	*strrchr(f, '/') = '\0';
	CHECK(mkdir_p(f, 0755, NULL) == 0);
	put(f, "nvidia_a100_sxm4_80gb.json", "{\"gpu\": \"NVIDIA "
	    "A100-SXM4-80GB\", \"task_version\": \"1\", \"y_start\": 2, "
	    "\"y_ref\": 1}");
	free(f);
	CHECK(session_calibration(t, "NVIDIA A100-SXM4-80GB", &ys, &yr, &src,
	    &d, &cause) == 0);
	CHECK(ys == 2 && yr == 1);
	CHECK_STR(json_string_value(json_object_get(d, "source")), "host");
	free(src);
	json_decref(d);
	task_destroy(t);
	t = NULL;

	/* Two files for one card: refused at load. */
	put(cal, "again.json", "{\"gpu\": \"NVIDIA H200\", \"y_start\": 1, "
	    "\"y_ref\": 2}");
	CHECK(task_load(pack, &t, &cause) == -1);
	CHECK(cause != NULL && strstr(cause, "a second calibration for "
	    "NVIDIA H200") != NULL);
	free(cause);
	cause = NULL;
	f = path_join(cal, "again.json");
	unlink(f);
	free(f);
	put(cal, "bad.json", "{\"gpu\": \"X\", \"y_start\": \"fast\"}");
	CHECK(task_load(pack, &t, &cause) == -1);
	CHECK(cause != NULL && strstr(cause, "bad.json") != NULL);
	free(cause);
	rm_rf(tmp);
	unsetenv("BASELINER_HOME");
	free(pack);
	free(cal);
	free(home);
}

/* Fields nobody reads and fields given twice are refused, by line. */
static void
test_unknown_and_twice(void)
{
	static const char base[] = "id: d\nversion: 1\ntitle: T\n"
	    "scorer:\n  command: x\nscore:\n  direction: lower\n"
	    "  y_start: 2\n  y_ref: 1\n";
	char	*e, *text;

	/* A typo names the field it most likely meant. */
	text = xasprintf("%sscorrer:\n  command: y\n", base);
	e = parse_error(text);
	CHECK_STR(e, "t/task.yaml:10: scorrer: unknown field; did you mean "
	    "'scorer'?");
	free(e);
	free(text);
	text = xasprintf("%shardware:\n  gpu: 1\n", base);
	e = parse_error(text);
	CHECK_STR(e, "t/task.yaml:11: gpu: unknown field; did you mean "
	    "'gpus'?");
	free(e);
	free(text);
	/* Counts are whole numbers in range, checked before they become
	 * ints (6.7e62 GPUs was undefined behaviour, found by fuzz_task). */
	text = xasprintf("%shardware:\n  gpus: 666666666666666666666\n", base);
	e = parse_error(text);
	CHECK_STR(e, "t/task.yaml:11: hardware.gpus: expected a whole number "
	    "from 0 to 1024");
	free(e);
	free(text);
	text = xasprintf("%shardware:\n  gpus: 1\n  cpus: 2.5\n", base);
	e = parse_error(text);
	CHECK_STR(e, "t/task.yaml:12: hardware.cpus: expected a whole number "
	    "from 0 to 65536");
	free(e);
	free(text);
	text = xasprintf("%scolour: blue\n", base);
	e = parse_error(text);
	CHECK_STR(e, "t/task.yaml:10: colour: unknown field");
	free(e);
	free(text);
	/* Twice, at any depth. */
	text = xasprintf("%stitle: U\n", base);
	e = parse_error(text);
	CHECK_STR(e, "t/task.yaml:10: title: given twice (first at line 3)");
	free(e);
	free(text);
	e = parse_error("id: d\nversion: 1\ntitle: T\nscorer:\n  command: x\n"
	    "  command: y\nscore:\n  direction: lower\n  y_start: 2\n"
	    "  y_ref: 1\n");
	CHECK_STR(e, "t/task.yaml:6: command: given twice (first at line 5)");
	free(e);
	/* One document only; keys are words. */
	text = xasprintf("%s---\nid: other\n", base);
	e = parse_error(text);
	CHECK(e != NULL && strstr(e, "only one document") != NULL);
	free(e);
	free(text);
	text = xasprintf("%s[a, b]: c\n", base);
	e = parse_error(text);
	CHECK(e != NULL && strstr(e, "t/task.yaml:10: keys must be plain "
	    "words") != NULL);
	free(e);
	free(text);
	/* The base itself is fine. */
	e = parse_error(base);
	CHECK_STR(e, "(parsed)");
	free(e);
}

int
main(void)
{
	RUN(test_good);
	RUN(test_defaults);
	RUN(test_aggregation);
	RUN(test_errors);
	RUN(test_resources);
	RUN(test_durations);
	RUN(test_calibrations);
	RUN(test_unknown_and_twice);
	UNIT_DONE();
}
