/*
 * test_scorer.c: the result-line parser, and real scorer processes on a
 * libuv loop: a timeout, a flood, a child left behind, a crash.
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "scorer.h"
#include "unit.h"

static struct scorer_result
parse(const char *out, int exit_status)
{
	struct scorer_result	r;

	memset(&r, 0, sizeof r);
	r.exit_status = exit_status;
	scorer_parse(out, strlen(out), &r);
	return (r);
}

static void
test_parse(void)
{
	struct scorer_result	r;

	r = parse("building...\n{\"score\": 1.5, \"message\": {\"ms\": 4}}\n", 0);
	CHECK(r.status == SCORER_VALID);
	CHECK_NEAR(r.raw, 1.5, 0);
	CHECK(json_integer_value(json_object_get(r.message, "ms")) == 4);
	scorer_result_done(&r);

	r = parse("{\"score\": null, \"message\": {\"reason\": \"wrong at 7\"}}", 1);
	CHECK(r.status == SCORER_INVALID);
	CHECK_STR(r.reason, "wrong at 7");
	CHECK(isnan(r.raw));
	scorer_result_done(&r);

	r = parse("{\"score\": null, \"error\": \"the family threw\"}", 3);
	CHECK(r.status == SCORER_ERROR);
	CHECK_STR(r.reason, "the family threw");
	scorer_result_done(&r);

	r = parse("{\"score\": \"NaN\"}\n\n  \n", 0);
	CHECK(r.status == SCORER_INVALID);
	scorer_result_done(&r);

	r = parse("", 0);
	CHECK(r.status == SCORER_ERROR);
	CHECK_STR(r.reason, "the scorer printed no result line");
	scorer_result_done(&r);

	r = parse("Traceback...\n", 1);
	CHECK(r.status == SCORER_ERROR);
	CHECK(strstr(r.reason, "exited with status 1") != NULL);
	CHECK(strstr(r.reason, "not a JSON object: Traceback...") != NULL);
	scorer_result_done(&r);

	/* The longest result line is read whole; a longer one is named. */
	{
		size_t	 n = SCORER_LINE_MAX + 10, i;
		char	*big = malloc(n + 1);
		char	 head[] = "{\"score\": 2, \"details\": {\"p\": \"";

		memcpy(big, head, strlen(head));
		for (i = strlen(head); i < SCORER_LINE_MAX - 3; i++)
			big[i] = 'a';
		memcpy(big + i, "\"}}", 4);
		r = parse(big, 0);
		CHECK(r.status == SCORER_VALID);
		scorer_result_done(&r);
		for (i = strlen(head); i < n - 3; i++)
			big[i] = 'a';
		memcpy(big + i, "\"}}", 4);
		r = parse(big, 0);
		CHECK(r.status == SCORER_ERROR);
		CHECK(strstr(r.reason, "longer than 1 MiB") != NULL);
		scorer_result_done(&r);
		free(big);
	}

	r = parse("{\"score\": \"fast\"}", 0);
	CHECK(r.status == SCORER_ERROR);
	CHECK_STR(r.reason, "\"score\" is not a number");
	scorer_result_done(&r);

	r = parse("{\"message\": \"hi\"}", 0);
	CHECK(r.status == SCORER_ERROR);
	CHECK_STR(r.reason, "the result has no \"score\"");
	scorer_result_done(&r);

	r = parse("{\"score\": 2.0}", 2);
	CHECK(r.status == SCORER_ERROR);
	CHECK(strstr(r.reason, "after printing a score") != NULL);
	scorer_result_done(&r);

	/* A message that is a string is kept as {"text": ...}. */
	r = parse("{\"score\": 3, \"message\": \"ok\", \"details\": [1]}", 0);
	CHECK(r.status == SCORER_VALID);
	CHECK_STR(json_string_value(json_object_get(r.message, "text")), "ok");
	CHECK(json_is_array(json_object_get(r.details, "text")));
	scorer_result_done(&r);

	/* Integers past 64 bits do not break the line. */
	r = parse("{\"score\": 1, \"details\": {\"seed\": 18446744073709551615}}",
	    0);
	CHECK(r.status == SCORER_VALID);
	scorer_result_done(&r);
}

/* Gone, or a zombie nobody has reaped yet (no init in a container). */
static int
alive(int pid)
{
	char	path[64], state = '?';
	FILE	*f;

	if (kill(pid, 0) == -1)
		return (0);
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	if ((f = fopen(path, "r")) == NULL)
		return (0);
	if (fscanf(f, "%*d %*s %c", &state) != 1)
		state = '?';
	fclose(f);
	return (state != 'Z');
}

struct run_out {
	struct scorer_result	r;
	int			done;
};

static void
done_cb(struct scorer_run *run, struct scorer_result *r, void *arg)
{
	struct run_out	*o = arg;

	o->r = *r;
	o->r.reason = r->reason ? strdup(r->reason) : NULL;
	o->r.message = json_incref(r->message);
	o->r.details = json_incref(r->details);
	o->r.tail = strdup(r->tail ? r->tail : "");
	o->done = 1;
}

static struct scorer_result
run(const char *command, double timeout, uint64_t cap)
{
	struct scorer_spec	 spec;
	struct scorer_run	*sr;
	struct run_out		 o;
	uv_loop_t		 loop;
	char			*env[] = { "PATH=/usr/bin:/bin", NULL };

	memset(&spec, 0, sizeof spec);
	memset(&o, 0, sizeof o);
	spec.command = command;
	spec.cwd = "/tmp";
	spec.env = env;
	spec.timeout = timeout;
	spec.grace = 0.5;
	spec.output_cap = cap;
	uv_loop_init(&loop);
	if (scorer_start(&loop, &spec, done_cb, &o, &sr, NULL) != 0) {
		o.r.status = SCORER_ERROR;
		o.done = 1;
	}
	while (!o.done)
		uv_run(&loop, UV_RUN_ONCE);
	uv_run(&loop, UV_RUN_DEFAULT);
	CHECK(uv_loop_close(&loop) == 0);	/* every handle closed */
	return (o.r);
}

static void
test_run(void)
{
	struct scorer_result	r;
	char			cmd[256], pidfile[] = "/tmp/bl-test-XXXXXX";
	FILE			*f;
	int			pid = 0, fd;

	r = run("echo working >&2; echo '{\"score\": 0.5}'", 10, 0);
	CHECK(r.status == SCORER_VALID);
	CHECK(strstr(r.tail, "working") != NULL);
	scorer_result_done(&r);

	r = run("sleep 30", 0.3, 0);
	CHECK(r.status == SCORER_TIMEOUT);
	CHECK(r.seconds < 10);
	scorer_result_done(&r);

	/* A flood is stopped at the cap. */
	r = run("yes xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 30,
	    4 << 20);
	CHECK(r.status == SCORER_ERROR);
	CHECK(strstr(r.reason, "MiB of output") != NULL);
	CHECK(r.output_bytes >= (4 << 20));
	scorer_result_done(&r);

	/* A child left behind, holding stdout, is killed with its group. */
	fd = mkstemp(pidfile);
	close(fd);
	snprintf(cmd, sizeof cmd, "sleep 300 & echo $! > %s; "
	    "echo '{\"score\": 1}'", pidfile);
	r = run(cmd, 20, 0);
	CHECK(r.status == SCORER_VALID);
	CHECK(r.seconds < 10);
	scorer_result_done(&r);
	if ((f = fopen(pidfile, "r")) != NULL) {
		CHECK(fscanf(f, "%d", &pid) == 1);
		fclose(f);
	}
	unlink(pidfile);
	usleep(100000);
	CHECK(pid > 0 && !alive(pid));

	/* A crash by signal. */
	r = run("kill -SEGV $$", 10, 0);
	CHECK(r.status == SCORER_ERROR);
	CHECK(r.term_signal == SIGSEGV);
	CHECK(strstr(r.reason, "signal 11") != NULL);
	scorer_result_done(&r);
}

int
main(void)
{
	RUN(test_parse);
	RUN(test_run);
	UNIT_DONE();
}
