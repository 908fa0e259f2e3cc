/* test_pty.c: children on ptys: output, exit status, resize, hang-up. */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <uv.h>

#include "pty.h"
#include "unit.h"
#include "util.h"

struct run {
	struct pty	*pty;
	struct buf	 out;
	int		 status;
	int		 exited;
	int		 resize_at;	/* resize once this much was read */
	double		 hangup_armed;	/* hang up once "armed" is read */
};

static void
read_cb(struct pty *pty, const char *data, size_t len, void *arg)
{
	struct run	*r = arg;

	buf_add(&r->out, data, len);
	if (r->resize_at > 0 && r->out.len >= (size_t)r->resize_at) {
		r->resize_at = 0;
		CHECK(pty_resize(pty, 123, 45, NULL) == 0);
		pty_write(pty, "go\n", 3);
	}
	if (r->hangup_armed > 0 && strstr(buf_cstr(&r->out), "armed")) {
		pty_hangup(pty, r->hangup_armed);
		r->hangup_armed = 0;
	}
}

static void
exit_cb(struct pty *pty, int status, void *arg)
{
	struct run	*r = arg;

	r->status = status;
	r->exited = 1;
	pty_destroy(pty);
}

static const struct pty_hooks hooks = { .read = read_cb, .exit = exit_cb };

static void
timeout_cb(uv_timer_t *t)
{
	fprintf(stderr, "timed out\n");
	abort();
}

/* Run argv on a pty until it exits; input is written first. r is zeroed
 * by the caller. */
static void
run(struct run *r, char *const *argv, const char *input, double hangup)
{
	uv_loop_t	 loop;
	uv_timer_t	 timer;
	struct pty_spawn sp;
	char		*cause = NULL;

	uv_loop_init(&loop);
	uv_timer_init(&loop, &timer);
	uv_timer_start(&timer, timeout_cb, 10000, 0);
	uv_unref((uv_handle_t *)&timer);

	memset(&sp, 0, sizeof sp);
	sp.argv = argv;
	sp.cwd = "/";
	sp.cols = 100;
	sp.rows = 30;
	sp.hooks = &hooks;
	sp.arg = r;
	if (pty_spawn(&loop, &sp, &r->pty, &cause) != 0) {
		fprintf(stderr, "spawn: %s\n", cause);
		CHECK(0);
		return;
	}
	if (input != NULL)
		pty_write(r->pty, input, strlen(input));
	if (hangup >= 0)
		pty_hangup(r->pty, hangup);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_close((uv_handle_t *)&timer, NULL);
	uv_run(&loop, UV_RUN_DEFAULT);
	CHECK(uv_loop_close(&loop) == 0);
}

static void
test_output_and_status(void)
{
	char *const	 argv[] = { "sh", "-c", "echo hi; exit 3", NULL };
	struct run	 r = { 0 };

	run(&r, argv, NULL, -1);
	CHECK(r.exited);
	CHECK(r.status == 3);
	CHECK(r.out.data != NULL && strstr(r.out.data, "hi\r\n") != NULL);
	buf_done(&r.out);
}

static void
test_signal_status(void)
{
	char *const	 argv[] = { "sh", "-c", "kill -TERM $$", NULL };
	struct run	 r = { 0 };

	run(&r, argv, NULL, -1);
	CHECK(r.status == 128 + SIGTERM);
	buf_done(&r.out);
}

static void
test_size_and_resize(void)
{
	char *const	 argv[] = { "sh", "-c",
	    "stty size; echo ready; read x; stty size", NULL };
	struct run	 r = { 0 };

	/* Resize once the first size and "ready" are read. */
	r.resize_at = (int)strlen("30 100\r\nready\r\n");
	run(&r, argv, NULL, -1);
	CHECK(r.status == 0);
	CHECK(strstr(buf_cstr(&r.out), "30 100\r\n") != NULL);
	CHECK(strstr(buf_cstr(&r.out), "45 123\r\n") != NULL);
	buf_done(&r.out);
}

static void
test_input(void)
{
	char *const	 argv[] = { "sh", "-c", "read x; echo got:$x", NULL };
	struct run	 r = { 0 };

	run(&r, argv, "abc\n", -1);
	CHECK(r.status == 0);
	CHECK(strstr(buf_cstr(&r.out), "got:abc") != NULL);
	buf_done(&r.out);
}

static void
test_hangup(void)
{
	char *const	 argv[] = { "sh", "-c", "echo armed; exec sleep 100",
	    NULL };
	char *const	 stubborn[] = { "sh", "-c",
	    "trap '' HUP; echo armed; sleep 100", NULL };
	struct run	 r = { 0 };
	double		 t0;

	/* Hung up once it runs (a hang-up in the instant between fork and
	 * exec was lost now and then under valgrind's slow parent). */
	r.hangup_armed = 5;
	run(&r, argv, NULL, -1);
	CHECK(r.status == 128 + SIGHUP);
	buf_done(&r.out);

	/* One that ignores SIGHUP gets SIGKILL after the grace. */
	memset(&r, 0, sizeof r);
	t0 = mono_now();
	r.hangup_armed = 0.3;
	run(&r, stubborn, NULL, -1);
	CHECK(r.status == 128 + SIGKILL);
	CHECK(mono_now() - t0 >= 0.3 && mono_now() - t0 < 5);
	buf_done(&r.out);
}

/* A child libuv spawned alongside is still reaped by libuv. */
static int	uv_exited = -1;

static void
spawned_exit_cb(uv_process_t *proc, int64_t status, int sig)
{
	uv_exited = (int)status;
	uv_close((uv_handle_t *)proc, NULL);
}

static void
pty_exit_noop_cb(struct pty *pty, int status, void *arg)
{
	*(int *)arg = status;
	pty_destroy(pty);
}

static void
read_noop_cb(struct pty *pty, const char *d, size_t n, void *arg)
{
}

static void
test_coexists_with_uv_spawn(void)
{
	static const struct pty_hooks h = { .read = read_noop_cb,
	    .exit = pty_exit_noop_cb };
	uv_loop_t		 loop;
	uv_process_t		 proc;
	uv_process_options_t	 o;
	struct pty_spawn	 sp;
	struct pty		*pty;
	char *const		 pargv[] = { "sh", "-c", "sleep 0.2; exit 7",
	    NULL };
	char			*uargv[] = { "sh", "-c", "sleep 0.1; exit 5",
	    NULL };
	int			 pst = -1;

	uv_loop_init(&loop);
	memset(&sp, 0, sizeof sp);
	sp.argv = pargv;
	sp.cols = 80;
	sp.rows = 24;
	sp.hooks = &h;
	sp.arg = &pst;
	CHECK(pty_spawn(&loop, &sp, &pty, NULL) == 0);
	memset(&o, 0, sizeof o);
	o.file = "sh";
	o.args = uargv;
	o.exit_cb = spawned_exit_cb;
	CHECK(uv_spawn(&loop, &proc, &o) == 0);
	uv_run(&loop, UV_RUN_DEFAULT);
	CHECK(uv_exited == 5);
	CHECK(pst == 7);
	CHECK(uv_loop_close(&loop) == 0);
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	RUN(test_output_and_status);
	RUN(test_signal_status);
	RUN(test_size_and_resize);
	RUN(test_input);
	RUN(test_hangup);
	RUN(test_coexists_with_uv_spawn);
	UNIT_DONE();
}
