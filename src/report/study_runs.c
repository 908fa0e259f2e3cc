/*
 * study_runs.c: scorings assembled into runs. Rows arrive in any order and
 * are grouped by (task, run id); each run keeps the task's normalization
 * it was given when it first appeared. At the end every run is sorted by
 * elapsed time (equal times in the order read) and a run whose input gave
 * no time limit gets its last scoring's elapsed time rounded up to a
 * multiple of 30 minutes (runs are usually 30 min, 2 h or 8 h), marked as
 * inferred.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "study_int.h"

void
study_runs_init(struct study_runs *sr, const char *name,
    const struct study_task *tasks, size_t ntasks)
{
	memset(sr, 0, sizeof *sr);
	sr->name = name;
	sr->tasks = tasks;
	sr->ntasks = ntasks;
}

struct study_pending *
study_runs_find(struct study_runs *sr, const char *task, const char *run)
{
	struct study_pending	*p;
	size_t			 i;

	if (sr->nruns > 0) {
		p = &sr->runs[sr->last];
		if (strcmp(p->r.task_id, task) == 0 &&
		    strcmp(p->r.run_id, run) == 0)
			return (p);
	}
	for (i = 0; i < sr->nruns; i++) {
		p = &sr->runs[i];
		if (strcmp(p->r.task_id, task) == 0 &&
		    strcmp(p->r.run_id, run) == 0) {
			sr->last = i;
			return (p);
		}
	}
	return (NULL);
}

struct study_pending *
study_runs_add(struct study_runs *sr, const char *task, const char *run,
    int line)
{
	struct study_pending	*p;
	size_t			 i;

	sr->runs = xreallocarray(sr->runs, sr->nruns + 1, sizeof *sr->runs);
	sr->last = sr->nruns++;
	p = &sr->runs[sr->last];
	memset(p, 0, sizeof *p);
	p->r.task_id = xstrdup(task);
	p->r.run_id = xstrdup(run);
	p->r.source = xstrdup(sr->name);
	p->limit = NAN;
	p->line = line;
	for (i = 0; i < sr->ntasks; i++) {
		if (strcmp(sr->tasks[i].id, task) == 0) {
			study_task_copy(&p->task, &sr->tasks[i]);
			p->params = 1;
			break;
		}
	}
	return (p);
}

void
study_runs_score(struct study_runs *sr, struct study_pending *p,
    double elapsed, double raw, double normalized, const char *status)
{
	struct study_score	*s;

	if (p->r.nscores == p->size) {
		p->size = p->size ? p->size * 2 : 16;
		p->r.scores = xreallocarray(p->r.scores, p->size,
		    sizeof *p->r.scores);
	}
	s = &p->r.scores[p->r.nscores++];
	s->elapsed = elapsed;
	s->raw = raw;
	/* The paper clips at 0 below, whoever normalized. */
	s->normalized = normalized < 0 ? 0.0 : normalized;
	s->status = xstrdup(status);
	sr->rows++;
}

static void
study_sort_scores(struct study_run *r)
{
	struct study_score	 tmp;
	size_t			 i, j;

	/*
	 * By elapsed time, equal times in file order: qsort is not stable,
	 * and an insertion sort is linear on logs that are already sorted,
	 * which is nearly all of them.
	 */
	for (i = 1; i < r->nscores; i++) {
		tmp = r->scores[i];
		for (j = i; j > 0 && r->scores[j - 1].elapsed > tmp.elapsed;
		    j--)
			r->scores[j] = r->scores[j - 1];
		r->scores[j] = tmp;
	}
}

/* A run's time limit when the log gives none. */
static double
study_infer_limit(const struct study_run *r)
{
	double	last = 0;

	if (r->nscores > 0)
		last = r->scores[r->nscores - 1].elapsed;
	if (last <= 0)
		return (STUDY_HALF_HOUR);
	return (ceil(last / STUDY_HALF_HOUR - 1e-9) * STUDY_HALF_HOUR);
}

/*
 * Drop rows repeated exactly (same time, status, raw and normalized score):
 * a log concatenated twice, or a row written again on a retry. Scorings at
 * the same time that differ are kept. The scores are sorted by time.
 */
static size_t
study_dedup(struct study_run *r)
{
	struct study_score	*a, *b;
	size_t			 i, j, k, out = 0, dropped = 0;

	for (i = 0; i < r->nscores; i++) {
		a = &r->scores[i];
		for (j = out; j > 0; j--) {
			b = &r->scores[j - 1];
			if (b->elapsed != a->elapsed)
				break;
			if (strcmp(a->status, b->status) == 0 &&
			    (a->raw == b->raw || (isnan(a->raw) &&
			    isnan(b->raw))) && (a->normalized ==
			    b->normalized || (isnan(a->normalized) &&
			    isnan(b->normalized))))
				break;
		}
		if (j > 0 && r->scores[j - 1].elapsed == a->elapsed) {
			free(a->status);
			dropped++;
			continue;
		}
		k = out++;
		if (k != i)
			r->scores[k] = *a;
	}
	r->nscores = out;
	return (dropped);
}

void
study_runs_finish(struct study_runs *sr, struct study_log *log)
{
	struct study_pending	*p;
	size_t			 i;

	log->runs = xreallocarray(log->runs, log->nruns + sr->nruns + 1,
	    sizeof *log->runs);
	for (i = 0; i < sr->nruns; i++) {
		p = &sr->runs[i];
		study_sort_scores(&p->r);
		log->duplicates += study_dedup(&p->r);
		if (isnan(p->limit)) {
			p->r.limit = study_infer_limit(&p->r);
			p->r.limit_inferred = 1;
			log->inferred++;
		} else
			p->r.limit = p->limit;
		log->runs[log->nruns++] = p->r;
		memset(&p->r, 0, sizeof p->r);
	}
	log->rows += sr->rows;
}

void
study_runs_done(struct study_runs *sr)
{
	size_t	i;

	for (i = 0; i < sr->nruns; i++) {
		study_run_done(&sr->runs[i].r);
		study_task_done(&sr->runs[i].task);
	}
	free(sr->runs);
	memset(sr, 0, sizeof *sr);
}

void
study_run_done(struct study_run *r)
{
	size_t	i;

	for (i = 0; i < r->nscores; i++)
		free(r->scores[i].status);
	free(r->scores);
	free(r->task_id);
	free(r->run_id);
	free(r->group);
	free(r->kind);
	free(r->participant);
	free(r->source);
	free(r->gave_up_reason);
	free(r->excluded_by);
	free(r->excluded_why);
	free(r->attrs);
	memset(r, 0, sizeof *r);
}

void
study_log_done(struct study_log *log)
{
	size_t	i;

	for (i = 0; i < log->nruns; i++)
		study_run_done(&log->runs[i]);
	for (i = 0; i < log->ntasks; i++)
		study_task_done(&log->tasks[i]);
	free(log->runs);
	free(log->tasks);
	memset(log, 0, sizeof *log);
}
