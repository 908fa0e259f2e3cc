/*
 * runs_jsonl.c: a study's runs as METR's runs.jsonl, the format of the
 * time-horizon data: one JSON object a line, one line a run, with
 * task_id, task_family, run_id, alias, model, score_cont, score_binarized,
 * human_minutes, time_limit, started_at ... Ours adds kind, participant,
 * score_raw, elapsed_s and time_limit_s, in exact seconds.
 *
 * score_cont is the run's normalized score unclipped: where the raw score
 * and the task's constants are known it is recomputed from the raw score
 * without the clip at 0 (a run worse than the start is negative), chosen by
 * the task's aggregation. score_binarized is 1 when the run matched or beat
 * the reference (score_cont >= 1). The runs are the report's (report.c), so
 * an agent's scorings after its limit are not in them. Reading the file
 * back (study_log.c) takes score_cont as each run's final normalized score
 * at elapsed_s, clipped again.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report.h"
#include "report_out.h"
#include "util.h"

/* The normalized score of scoring i, unclipped where the raw score allows. */
static double
runs_unclipped(const struct study_task *task, const struct study_score *s)
{
	if (isnan(s->normalized))
		return (NAN);
	if (task == NULL || isnan(s->raw) || task->y_ref == task->y_start)
		return (s->normalized);
	/* + 0.0 turns -0 (the start of a lower-is-better task) into 0. */
	return ((s->raw - task->y_start) / (task->y_ref - task->y_start) +
	    0.0);
}

/* Index of the scoring that counts among the first n, or -1 (score 0). */
static long
runs_pick(const struct study_task *task, const struct study_score *s,
    size_t n, enum norm_agg agg, double *value)
{
	long	pick = -1;
	size_t	i;
	double	v, best = 0;

	*value = 0;
	if (agg == NORM_LAST) {
		if (n == 0 || isnan(v = runs_unclipped(task, &s[n - 1])))
			return (-1);
		*value = v;
		return ((long)n - 1);
	}
	for (i = 0; i < n; i++) {
		if (isnan(v = runs_unclipped(task, &s[i])))
			continue;
		if (agg == NORM_LAST_VALID || pick == -1 || v > best) {
			pick = (long)i;
			best = v;
		}
	}
	if (pick >= 0)
		*value = best;
	return (pick);
}

void
report_runs_jsonl(const struct report *r, struct buf *b)
{
	const struct report_cell	*c;
	const struct study_run		*run;
	const struct study_task		*task;
	const struct analysis_run	*a;
	json_t				*o;
	char				*line;
	double				 score, elapsed;
	long				 pick;
	size_t				 i, j;
	int				 human;

	for (i = 0; i < r->ncells; i++) {
		c = &r->cells[i];
		task = report_task(r, c->task);
		for (j = 0; j < c->n; j++) {
			run = c->src[j];
			a = &c->runs[j];
			human = strcmp(run->kind, "human") == 0;
			pick = runs_pick(task, run->scores, a->n, c->agg,
			    &score);
			/* The time of the last scoring that counts. */
			elapsed = a->n > 0 ? a->t[a->n - 1] : 0;
			o = json_object();
			json_object_set_new(o, "task_id",
			    json_string(run->task_id));
			json_object_set_new(o, "task_family",
			    json_string(run->task_id));
			json_object_set_new(o, "run_id",
			    json_string(run->run_id));
			json_object_set_new(o, "alias", json_string(run->group));
			json_object_set_new(o, "model", json_string(run->group));
			json_object_set_new(o, "kind", json_string(run->kind));
			json_object_set_new(o, "participant", run->participant ?
			    json_string(run->participant) : json_null());
			json_object_set_new(o, "score_cont", json_real(score));
			json_object_set_new(o, "score_binarized",
			    json_integer(score >= 1));
			json_object_set_new(o, "score_raw", pick >= 0 &&
			    !isnan(run->scores[pick].raw) ?
			    json_real(run->scores[pick].raw) : json_null());
			json_object_set_new(o, "elapsed_s", json_real(elapsed));
			json_object_set_new(o, "time_limit_s",
			    json_real(run->limit));
			json_object_set_new(o, "human_minutes", human ?
			    json_real(elapsed / 60) : json_null());
			json_object_set_new(o, "fatal_error_from", json_null());
			json_object_set_new(o, "task_source",
			    json_string("baseliner"));
			json_object_set_new(o, "aggregation",
			    json_string(norm_agg_name(c->agg)));
			json_object_set_new(o, "gave_up_reason",
			    run->gave_up_reason ? json_string(
			    run->gave_up_reason) : json_null());
			json_object_set_new(o, "excluded",
			    json_boolean(run->excluded));
			json_object_set_new(o, "excluded_by", run->excluded_by ?
			    json_string(run->excluded_by) : json_null());
			json_object_set_new(o, "excluded_why",
			    run->excluded_why ? json_string(run->excluded_why) :
			    json_null());
			json_object_set_new(o, "participant_attributes",
			    run->attrs ? json_loads(run->attrs, 0, NULL) :
			    json_null());
			line = json_dumps(o, JSON_COMPACT |
			    JSON_REAL_PRECISION(17));
			buf_addstr(b, line);
			buf_addstr(b, "\n");
			free(line);
			json_decref(o);
		}
	}
}
