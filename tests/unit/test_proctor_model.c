/*
 * test_proctor_model.c: the dashboard's model fed the lines a host's
 * follow stream gives: rows from status lines, the best score and the
 * failing streak from score_finished, pauses, messages, a server that
 * goes down, the clock counted forward, alerts fired once, sorting and
 * filters, and the alert thresholds file.
 */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "proctor_model.h"
#include "unit.h"

static const char *st_alice =
    "{\"ev\":\"status\",\"session\":\"s-a\",\"status\":{\"server\":true,"
    "\"session\":{\"id\":\"s-a\",\"participant\":\"alice\",\"task_id\":"
    "\"demo\",\"state\":\"running\",\"elapsed\":100.0,\"limit\":3600.0},"
    "\"messages\":[{\"id\":1}],\"scores\":[{\"id\":1,\"status\":\"valid\","
    "\"normalized\":0.0,\"finished_elapsed\":0},{\"id\":2,\"status\":"
    "\"valid\",\"normalized\":0.4,\"finished_elapsed\":50}]}}";
static const char *st_bob =
    "{\"ev\":\"status\",\"session\":\"s-b\",\"status\":{\"server\":true,"
    "\"session\":{\"id\":\"s-b\",\"participant\":\"bob\",\"task_id\":"
    "\"kernel\",\"state\":\"paused\",\"paused_reason\":\"lunch\","
    "\"elapsed\":3000.0,\"limit\":3600.0},\"messages\":[],\"scores\":[]}}";

static struct pm_row *
row(struct pm *pm, const char *id)
{
	size_t	i;

	for (i = 0; i < pm->nrows; i++) {
		if (strcmp(pm->rows[i]->id, id) == 0)
			return (pm->rows[i]);
	}
	return (NULL);
}

static void
test_rows(void)
{
	struct pm	*pm = pm_create();
	struct pm_host	*h = pm_host_add(pm, "gpu1");
	struct pm_row	*a, *b;

	CHECK(pm_feed(pm, h, st_alice, 10) == 1);
	CHECK(pm_feed(pm, h, st_bob, 10) == 1);
	CHECK(h->state == PM_HOST_UP);
	CHECK(pm->nrows == 2);
	a = row(pm, "s-a");
	b = row(pm, "s-b");
	CHECK(a != NULL && b != NULL);
	CHECK_STR(a->participant, "alice");
	CHECK_NEAR(a->best, 0.4, 1e-12);
	CHECK(a->scorings == 2 && a->unacked == 1);
	/* The clock runs on between the stream's lines; a pause stops it. */
	CHECK_NEAR(pm_elapsed(a, 70), 160, 1e-9);
	CHECK_NEAR(pm_elapsed(b, 70), 3000, 1e-9);
	CHECK_NEAR(pm_left(a, 70), 3440, 1e-9);
	CHECK_STR(b->pause_reason, "lunch");
	/* Events move the rows on. */
	pm_feed(pm, h, "{\"ev\":\"score_finished\",\"session\":\"s-a\","
	    "\"elapsed\":200,\"data\":{\"id\":3,\"status\":\"error\"}}", 20);
	pm_feed(pm, h, "{\"ev\":\"score_finished\",\"session\":\"s-a\","
	    "\"elapsed\":210,\"data\":{\"id\":4,\"status\":\"valid\","
	    "\"normalized\":0.7}}", 21);
	CHECK_NEAR(a->best, 0.7, 1e-12);
	CHECK_NEAR(a->prev_best, 0.4, 1e-12);
	CHECK(a->failed_streak == 0 && a->scorings == 4);
	CHECK_STR(a->last_status, "valid");
	pm_feed(pm, h, "{\"ev\":\"message_ack\",\"session\":\"s-a\","
	    "\"data\":{\"id\":1}}", 22);
	CHECK(a->unacked == 0);
	pm_feed(pm, h, "{\"ev\":\"clock_pause\",\"session\":\"s-a\",\"actor\":"
	    "\"proctor:0\",\"elapsed\":220,\"data\":{\"reason\":\"fire "
	    "drill\"}}", 23);
	CHECK_STR(a->state, "paused");
	CHECK_STR(a->pause_reason, "fire drill");
	CHECK_STR(a->pause_by, "proctor:0");
	/* The clock says how long the panes have been quiet. */
	pm_feed(pm, h, "{\"ev\":\"clock\",\"session\":\"s-a\",\"elapsed\":"
	    "230,\"remaining\":3370,\"state\":\"paused\",\"idle\":"
	    "600}", 700);
	CHECK_NEAR(pm_idle(a, 700), 600, 1e-9);
	CHECK(a->gpu_util == -1);
	pm_feed(pm, h, "{\"ev\":\"gpu\",\"session\":\"s-a\",\"gpus\":"
	    "[{\"index\":0,\"util_gpu_pct\":35},{\"index\":1,"
	    "\"util_gpu_pct\":88}]}", 23);
	CHECK(a->gpu_util == 88);
	pm_feed(pm, h, "{\"ev\":\"down\",\"session\":\"s-b\"}", 24);
	CHECK(!b->server && b->restarts == 1);
	/* Not JSON: what ssh said, kept as the host's error. */
	CHECK(pm_feed(pm, h, "ssh: connect to host gpu1 port 22: refused",
	    25) == 0);
	CHECK_STR(h->error, "ssh: connect to host gpu1 port 22: refused");
	pm_destroy(pm);
}

static void
test_alerts(void)
{
	struct pm	*pm = pm_create();
	struct pm_host	*h = pm_host_add(pm, "gpu1");
	struct pm_row	*a;
	char		 names[64];

	pm->alerts.paused_min = 1;
	pm->alerts.idle_min = 0;
	pm->alerts.near_end_min = 0;
	pm->alerts.failed_scorings = 2;
	pm_feed(pm, h, st_alice, 0);
	a = row(pm, "s-a");
	pm_check_alerts(pm, 1);
	CHECK(a->alerts == 0 && pm->nfired == 0);
	pm_feed(pm, h, "{\"ev\":\"clock_pause\",\"session\":\"s-a\","
	    "\"data\":{\"reason\":\"x\"}}", 10);
	pm_check_alerts(pm, 30);
	CHECK(!(a->alerts & PM_ALERT_PAUSED));
	pm_check_alerts(pm, 71);
	CHECK(a->alerts & PM_ALERT_PAUSED);
	CHECK(pm->nfired == 1);
	pm_check_alerts(pm, 72);		/* announced once */
	CHECK(pm->nfired == 1);
	pm_feed(pm, h, "{\"ev\":\"score_finished\",\"session\":\"s-a\","
	    "\"data\":{\"status\":\"timeout\"}}", 73);
	pm_feed(pm, h, "{\"ev\":\"score_finished\",\"session\":\"s-a\","
	    "\"data\":{\"status\":\"invalid\"}}", 74);
	pm_check_alerts(pm, 75);
	CHECK(a->alerts & PM_ALERT_FAILING);
	pm_alert_names(a->alerts, names, sizeof names);
	CHECK_STR(names, "paused,failing");
	pm_feed(pm, h, "{\"ev\":\"host\",\"disk_free_pct\":2.5}", 76);
	pm_check_alerts(pm, 77);
	CHECK(a->alerts & PM_ALERT_DISK);
	pm_destroy(pm);
}

static void
test_view(void)
{
	struct pm	*pm = pm_create();
	struct pm_host	*h1 = pm_host_add(pm, "gpu1");
	struct pm_host	*h2 = pm_host_add(pm, "gpu2");
	struct pm_row	**v;
	size_t		 n;

	pm_feed(pm, h1, st_alice, 0);
	pm_feed(pm, h2, st_bob, 0);
	v = pm_view(pm, NULL, PM_SORT_PARTICIPANT, 0, 1, &n);
	CHECK(n == 2 && strcmp(v[0]->participant, "alice") == 0);
	free(v);
	v = pm_view(pm, NULL, PM_SORT_PARTICIPANT, 1, 1, &n);
	CHECK(n == 2 && strcmp(v[0]->participant, "bob") == 0);
	free(v);
	v = pm_view(pm, NULL, PM_SORT_LEFT, 0, 1, &n);
	CHECK(n == 2 && strcmp(v[0]->participant, "bob") == 0);
	free(v);
	v = pm_view(pm, NULL, PM_SORT_BEST, 0, 1, &n);	/* no score last */
	CHECK(n == 2 && strcmp(v[0]->participant, "alice") == 0);
	free(v);
	v = pm_view(pm, "host=gpu2", PM_SORT_HOST, 0, 1, &n);
	CHECK(n == 1 && strcmp(v[0]->participant, "bob") == 0);
	free(v);
	v = pm_view(pm, "state=paused", PM_SORT_HOST, 0, 1, &n);
	CHECK(n == 1 && strcmp(v[0]->participant, "bob") == 0);
	free(v);
	v = pm_view(pm, "task=demo", PM_SORT_HOST, 0, 1, &n);
	CHECK(n == 1 && strcmp(v[0]->participant, "alice") == 0);
	free(v);
	v = pm_view(pm, "ali", PM_SORT_HOST, 0, 1, &n);
	CHECK(n == 1);
	free(v);
	v = pm_view(pm, "alert", PM_SORT_HOST, 0, 1, &n);
	CHECK(n == 0);
	free(v);
	pm_destroy(pm);
}

static void
test_config(void)
{
	struct pm_alerts	 a;
	char			 path[] = "/tmp/pm-conf.XXXXXX", *cause = NULL;
	FILE			*f;
	int			 fd;

	pm_alerts_default(&a);
	CHECK((fd = mkstemp(path)) != -1);
	f = fdopen(fd, "w");
	fputs("# thresholds\npaused_minutes 5\nfailed_scorings 4\n\n"
	    "gpu_busy_while_paused 0\n", f);
	fclose(f);
	CHECK(pm_alerts_load(&a, path, &cause) == 0);
	CHECK_NEAR(a.paused_min, 5, 0);
	CHECK(a.failed_scorings == 4 && a.gpu_paused == 0);
	CHECK_NEAR(a.idle_min, 30, 0);
	f = fopen(path, "w");
	fputs("paused_minutes 5\npaused_mintues 3\n", f);
	fclose(f);
	CHECK(pm_alerts_load(&a, path, &cause) == -1);
	CHECK(cause != NULL && strstr(cause, ":2: unknown setting "
	    "'paused_mintues'") != NULL);
	free(cause);
	cause = NULL;
	f = fopen(path, "w");
	fputs("idle_minutes soon\n", f);
	fclose(f);
	CHECK(pm_alerts_load(&a, path, &cause) == -1);
	CHECK(cause != NULL && strstr(cause, ":1: idle_minutes") != NULL);
	free(cause);
	unlink(path);
}

int
main(void)
{
	RUN(test_rows);
	RUN(test_alerts);
	RUN(test_view);
	RUN(test_config);
	UNIT_DONE();
}
