/*
 * inspect.c: Inspect AI eval logs (inspect.h).
 *
 * Writing. The log is complete as Inspect's EvalLog schema wants it: every
 * field it requires is present (null where it allows), so that Inspect
 * View, Vivaria's import-inspect and any tool built on the schema read it
 * as they read a human_cli log:
 *
 * - the eval: task = the task's id, solver "human_agent", model
 *   "none/none" (for an agent's run: solver "agent", model its name),
 *   config.working_limit = the session's limit, one sample;
 * - the sample: id = the session's id, epoch 1, input = the brief, the
 *   session's record under metadata.baseliner, total_time and
 *   working_time = the session's elapsed time (pauses excluded);
 * - the clock as human_cli writes it: an info event from "human_agent"
 *   with data {action: "start" | "stop", total_time: "H:MM:SS"} when the
 *   clock starts or resumes, and when it pauses or the session ends
 *   (Vivaria turns the stop-start gaps into pauses); our own event kind
 *   rides along in the event's metadata;
 * - notes: an info event from "human_agent" whose data is the text;
 * - every scoring: a score event at its working time, intermediate unless
 *   it is the final submission, valued by the normalized score (the string
 *   "NaN" when invalid) with raw score, status and message in its
 *   metadata; the same list in the store as HumanAgentState:scorings
 *   ({time, scores}), as the human agent keeps it;
 * - the sample's score: the normalized score that counts by the task's
 *   rule (0 when none does, its explanation saying so).
 *
 * Reading. Each sample is a run: of a human when the solver (or a plan
 * step) is human_agent, else of an agent named by the model. Its scorings
 * are the score events (time = working_start): a baseliner log gives the
 * normalized score, raw score and status in the score's metadata; another
 * log's numeric value is a raw score, normalized with the study's task
 * parameters; a value that is not a number is an invalid scoring. A log
 * without score events gives the store's scorings, else the sample's final
 * score at its working time. The time limit is the eval's working_limit,
 * else its time_limit. A .eval is read from memory with libzip.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "inspect.h"
#include "study_int.h"
#include "util.h"

/* GenerateConfig and EvalConfig: every field, all unset. */
static const char *const inspect_generate_fields[] = {
	"max_retries", "timeout", "attempt_timeout", "max_connections",
	"system_message", "max_tokens", "top_p", "temperature", "stop_seqs",
	"best_of", "frequency_penalty", "presence_penalty", "logit_bias",
	"seed", "top_k", "num_choices", "logprobs", "top_logprobs",
	"parallel_tool_calls", "internal_tools", "max_tool_output",
	"cache_prompt", "verbosity", "effort", "reasoning_effort",
	"reasoning_tokens", "reasoning_summary", "reasoning_history",
	"response_schema", "extra_headers", "extra_body", "modalities",
	"cache", "batch", NULL
};
static const char *const inspect_config_fields[] = {
	"limit", "sample_id", "sample_shuffle", "epochs", "epochs_reducer",
	"approval", "fail_on_error", "continue_on_fail", "retry_on_error",
	"message_limit", "token_limit", "time_limit", "working_limit",
	"cost_limit", "max_samples", "max_dataset_memory", "max_tasks",
	"max_subprocesses", "max_sandboxes", "sandbox_cleanup", "log_samples",
	"log_realtime", "log_images", "log_model_api", "log_buffer",
	"log_shared", "score_display", NULL
};

static json_t *
inspect_nulls(const char *const *names)
{
	json_t	*o = json_object();

	for (; *names != NULL; names++)
		json_object_set_new(o, *names, json_null());
	return (o);
}

/* A JSON value, or null when absent. */
static json_t *
inspect_or_null(json_t *v)
{
	return (v != NULL ? json_incref(v) : json_null());
}

/* human_cli's clock: H:MM:SS, whole seconds. */
static json_t *
inspect_clock_time(double s)
{
	long	t = s > 0 ? (long)s : 0;

	return (json_sprintf("%ld:%02ld:%02ld", t / 3600, (t / 60) % 60,
	    t % 60));
}

static json_t *
inspect_event(const char *event, json_t *wall, double working)
{
	json_t	*e = json_object();

	json_object_set_new(e, "uuid", json_null());
	json_object_set_new(e, "span_id", json_null());
	json_object_set_new(e, "timestamp", json_is_string(wall) ?
	    json_incref(wall) : json_string("1970-01-01T00:00:00+00:00"));
	json_object_set_new(e, "working_start", json_real(working));
	json_object_set_new(e, "metadata", json_null());
	json_object_set_new(e, "pending", json_null());
	json_object_set_new(e, "event", json_string(event));
	return (e);
}

/* A scoring as an Inspect Score. */
static json_t *
inspect_score(json_t *row)
{
	json_t		*sc, *norm = json_object_get(row, "normalized");
	const char	*status = json_string_value(json_object_get(row,
			    "status"));

	sc = json_object();
	json_object_set_new(sc, "value", json_is_number(norm) &&
	    status != NULL && strcmp(status, "valid") == 0 ?
	    json_incref(norm) : json_string("NaN"));
	json_object_set_new(sc, "answer", json_is_string(json_object_get(row,
	    "commit")) ? json_incref(json_object_get(row, "commit")) :
	    json_null());
	json_object_set_new(sc, "explanation", json_is_string(
	    json_object_get(row, "reason")) ? json_incref(json_object_get(row,
	    "reason")) : json_null());
	json_object_set_new(sc, "metadata", json_pack("{so so so so so so}",
	    "raw", inspect_or_null(json_object_get(row, "raw")),
	    "normalized", inspect_or_null(norm),
	    "status", inspect_or_null(json_object_get(row, "status")),
	    "elapsed_s", inspect_or_null(json_object_get(row, "elapsed_s")),
	    "score_id", inspect_or_null(json_object_get(row, "id")),
	    "message", inspect_or_null(json_object_get(row, "message"))));
	json_object_set_new(sc, "history", json_array());
	return (sc);
}

static double
inspect_number(json_t *v, double def)
{
	return (json_is_number(v) ? json_number_value(v) : def);
}

json_t *
inspect_log_session(json_t *session, json_t *scores, json_t *events,
    const char *brief)
{
	json_t		*evs, *row, *e, *sample, *fin, *log, *spec, *scorings;
	json_t		*store, *plan, *results, *final, *data, *wall;
	const char	*kind, *status, *action;
	double		 total, working, finalv = 0;
	size_t		 i;
	json_t		*limit = json_object_get(session, "limit_s");
	const char	*skind = json_string_value(json_object_get(session,
			    "kind"));
	int		 agent = skind != NULL && strcmp(skind, "agent") == 0;
	const char	*solver = agent ? "agent" : "human_agent";
	const char	*model = agent && json_is_string(json_object_get(
			    session, "participant")) ? json_string_value(
			    json_object_get(session, "participant")) :
			    "none/none";
	json_t		*start = json_object_get(session, "start");
	json_t		*end = json_object_get(session, "end");
	json_t		*id = json_object_get(session, "id");
	json_t		*task = json_object_get(session, "task");

	total = inspect_number(json_object_get(session, "elapsed_s"), 0);
	evs = json_array();
	json_array_foreach(events, i, row) {
		kind = json_string_value(json_object_get(row, "kind"));
		wall = json_object_get(row, "wall");
		working = inspect_number(json_object_get(row, "elapsed"), 0);
		if (kind == NULL)
			continue;
		action = NULL;
		if (strcmp(kind, "clock_start") == 0 ||
		    strcmp(kind, "clock_resume") == 0)
			action = "start";
		else if (strcmp(kind, "clock_pause") == 0 ||
		    strcmp(kind, "clock_expire") == 0 ||
		    strcmp(kind, "clock_stop") == 0 ||
		    strcmp(kind, "session_ended") == 0)
			action = "stop";
		if (action != NULL) {
			e = inspect_event("info", wall, working);
			json_object_set_new(e, "source",
			    json_string("human_agent"));
			json_object_set_new(e, "data", json_pack("{ss so}",
			    "action", action, "total_time",
			    inspect_clock_time(working)));
			json_object_set_new(e, "metadata", json_pack("{s{ss sO}}",
			    "baseliner", "kind", kind, "data",
			    json_object_get(row, "data")));
			json_array_append_new(evs, e);
		} else if (strcmp(kind, "note") == 0) {
			data = json_object_get(json_object_get(row, "data"),
			    "text");
			e = inspect_event("info", wall, working);
			json_object_set_new(e, "source",
			    json_string("human_agent"));
			json_object_set_new(e, "data", json_is_string(data) ?
			    json_incref(data) : json_string(""));
			json_array_append_new(evs, e);
		}
	}

	scorings = json_array();
	json_array_foreach(scores, i, row) {
		status = json_string_value(json_object_get(row, "status"));
		if (status == NULL || strcmp(status, "queued") == 0 ||
		    strcmp(status, "running") == 0)
			continue;
		working = inspect_number(json_object_get(row, "elapsed_s"),
		    inspect_number(json_object_get(row, "requested_elapsed"),
		    0));
		wall = json_object_get(row, "finished_wall");
		if (!json_is_string(wall))
			wall = json_object_get(row, "requested_wall");
		e = inspect_event("score", wall, working);
		json_object_set_new(e, "score", inspect_score(row));
		json_object_set_new(e, "target", json_null());
		json_object_set_new(e, "intermediate", json_boolean(
		    !json_is_true(json_object_get(row, "is_final"))));
		json_object_set_new(e, "model_usage", json_null());
		json_object_set_new(e, "role_usage", json_null());
		json_array_append_new(evs, e);
		json_array_append_new(scorings, json_pack("{sf s[o]}", "time",
		    working, "scores", inspect_score(row)));
	}

	fin = json_object_get(session, "final");
	if (json_is_object(fin) && json_is_number(json_object_get(fin,
	    "normalized")))
		finalv = json_number_value(json_object_get(fin, "normalized"));
	final = json_pack("{sf so so s{so sf ss so} s[]}", "value", finalv,
	    "answer", json_is_object(fin) ? inspect_or_null(json_object_get(
	    fin, "commit")) : json_null(),
	    "explanation", json_string(json_is_object(fin) ? "the normalized "
	    "score that counts by the task's rule" : "no scoring counts by the "
	    "task's rule (none is valid, or the last is not under 'last'): "
	    "the run scores as its start, 0"), "metadata", "raw",
	    json_is_object(fin) ?
	    inspect_or_null(json_object_get(fin, "raw")) : json_null(),
	    "normalized", finalv, "status", "valid",
	    "scoring", inspect_or_null(json_object_get(session, "scoring")),
	    "history");

	store = json_object();
	json_object_set_new(store, "HumanAgentState:instructions",
	    json_string(brief ? brief : ""));
	json_object_set_new(store, "HumanAgentState:scorings", scorings);
	json_object_set_new(store, "HumanAgentState:running_state",
	    json_false());
	json_object_set_new(store, "HumanAgentState:accumulated_time",
	    json_real(total));

	sample = json_object();
	json_object_set(sample, "id", id);
	json_object_set_new(sample, "epoch", json_integer(1));
	json_object_set_new(sample, "input", json_string(brief ? brief : ""));
	json_object_set_new(sample, "choices", json_null());
	json_object_set_new(sample, "target", json_string(""));
	json_object_set_new(sample, "sandbox", json_null());
	json_object_set_new(sample, "files", json_null());
	json_object_set_new(sample, "setup", json_null());
	json_object_set_new(sample, "messages", json_array());
	json_object_set_new(sample, "output", json_pack("{ss s[] ss so so so "
	    "so}", "model", model, "choices", "completion", "",
	    "usage", json_null(), "time", json_null(), "metadata",
	    json_null(), "error", json_null()));
	json_object_set_new(sample, "scores", json_pack("{so}", "baseliner",
	    final));
	json_object_set_new(sample, "metadata", json_pack("{sO}", "baseliner",
	    session));
	json_object_set_new(sample, "store", store);
	json_object_set_new(sample, "events", evs);
	json_object_set_new(sample, "timelines", json_null());
	json_object_set_new(sample, "model_usage", json_object());
	json_object_set_new(sample, "role_usage", json_object());
	json_object_set_new(sample, "started_at", json_is_string(start) ?
	    json_incref(start) : json_null());
	json_object_set_new(sample, "completed_at", json_is_string(end) ?
	    json_incref(end) : json_null());
	json_object_set_new(sample, "total_time", json_real(total));
	json_object_set_new(sample, "working_time", json_real(total));
	json_object_set_new(sample, "uuid", inspect_or_null(id));
	json_object_set_new(sample, "invalidation", json_null());
	json_object_set_new(sample, "error", json_null());
	json_object_set_new(sample, "error_retries", json_null());
	json_object_set_new(sample, "attachments", json_object());
	json_object_set_new(sample, "events_data", json_null());
	json_object_set_new(sample, "limit", json_null());

	spec = json_object();
	json_object_set_new(spec, "eval_set_id", json_null());
	json_object_set_new(spec, "eval_id", json_sprintf("baseliner-%s",
	    json_string_value(id) ? json_string_value(id) : "session"));
	json_object_set(spec, "run_id", id);
	json_object_set_new(spec, "created", json_is_string(start) ?
	    json_incref(start) : json_string(""));
	json_object_set(spec, "task", json_object_get(task, "id"));
	json_object_set(spec, "task_id", json_object_get(task, "id"));
	json_object_set_new(spec, "task_version", json_is_string(
	    json_object_get(task, "version")) || json_is_integer(
	    json_object_get(task, "version")) ? json_incref(json_object_get(
	    task, "version")) : json_integer(0));
	json_object_set_new(spec, "task_file", json_null());
	json_object_set_new(spec, "task_display_name", json_is_string(
	    json_object_get(task, "title")) ? json_incref(json_object_get(
	    task, "title")) : json_null());
	json_object_set_new(spec, "task_registry_name", json_null());
	json_object_set_new(spec, "task_attribs", json_object());
	json_object_set_new(spec, "task_args", json_object());
	json_object_set_new(spec, "task_args_passed", json_object());
	json_object_set_new(spec, "solver", json_string(solver));
	json_object_set_new(spec, "solver_args", json_null());
	json_object_set_new(spec, "solver_args_passed", json_null());
	json_object_set_new(spec, "tags", json_null());
	json_object_set_new(spec, "dataset", json_pack("{ss so si s[O] sb}",
	    "name", "baseliner", "location", json_null(), "samples", 1,
	    "sample_ids", id, "shuffled", 0));
	json_object_set_new(spec, "sandbox", json_null());
	json_object_set_new(spec, "model", json_string(model));
	json_object_set_new(spec, "model_generate_config",
	    inspect_nulls(inspect_generate_fields));
	json_object_set_new(spec, "model_base_url", json_null());
	json_object_set_new(spec, "model_args", json_object());
	json_object_set_new(spec, "model_roles", json_null());
	data = inspect_nulls(inspect_config_fields);
	json_object_set_new(data, "epochs", json_integer(1));
	if (json_is_number(limit))
		json_object_set_new(data, "working_limit", json_integer(
		    (json_int_t)ceil(json_number_value(limit))));
	json_object_set_new(spec, "config", data);
	json_object_set_new(spec, "revision", json_null());
	json_object_set_new(spec, "packages", json_pack("{ss}", "baseliner",
	    PACKAGE_VERSION));
	json_object_set_new(spec, "metadata", json_pack("{s{so so so}}",
	    "baseliner", "limit_s", inspect_or_null(limit), "kind",
	    inspect_or_null(json_object_get(session, "kind")), "participant",
	    inspect_or_null(json_object_get(session, "participant"))));
	json_object_set_new(spec, "scorers", json_null());
	json_object_set_new(spec, "metrics", json_null());

	plan = json_pack("{ss s[{ss s{} s{}}] so so}", "name", "plan",
	    "steps", "solver", solver, "params", "params_passed",
	    "finish", json_null(), "config",
	    inspect_nulls(inspect_generate_fields));
	results = json_pack("{si si so s[{ss ss so si si s{} s{s{ss sf s{} "
	    "so}} so}] so}", "total_samples", 1, "completed_samples", 1,
	    "early_stopping", json_null(), "scores", "name", "baseliner",
	    "scorer", "baseliner", "reducer", json_null(), "scored_samples", 1,
	    "unscored_samples", 0, "params", "metrics", "mean", "name", "mean",
	    "value", finalv, "params", "metadata", json_null(), "metadata",
	    json_null(), "metadata", json_null());
	log = json_object();
	json_object_set_new(log, "version", json_integer(2));
	json_object_set_new(log, "status", json_string("success"));
	json_object_set_new(log, "eval", spec);
	json_object_set_new(log, "plan", plan);
	json_object_set_new(log, "results", results);
	json_object_set_new(log, "stats", json_pack("{so so s{} s{}}",
	    "started_at", json_is_string(start) ? json_incref(start) :
	    json_string(""), "completed_at", json_is_string(end) ?
	    json_incref(end) : json_string(""), "model_usage", "role_usage"));
	json_object_set_new(log, "error", json_null());
	json_object_set_new(log, "invalidated", json_false());
	json_object_set_new(log, "tags", json_array());
	json_object_set_new(log, "metadata", json_object());
	json_object_set_new(log, "samples", json_pack("[o]", sample));
	return (log);
}

json_t *
inspect_log_run(const struct study_run *run, const struct study_task *task,
    size_t n, double final)
{
	json_t	*session, *scores, *events, *log, *attrs;
	size_t	 i;
	int	 human = strcmp(run->kind, "human") == 0;

	session = json_pack("{ss s{ss ss so} ss sf so so so so}",
	    "id", run->run_id, "task", "id", run->task_id, "version", "0",
	    "title", json_null(), "kind", run->kind, "limit_s", run->limit,
	    "elapsed_s", json_real(n > 0 ? run->scores[n - 1].elapsed : 0),
	    "start", json_null(), "end", json_null(),
	    "final", json_pack("{sf so}", "normalized", final, "raw",
	    json_null()));
	json_object_set_new(session, "participant", human ?
	    (run->participant ? json_string(run->participant) : json_null()) :
	    json_string(run->group));
	/* What the study records beyond the scores, as runs.jsonl has it. */
	attrs = run->attrs != NULL ? json_loads(run->attrs, 0, NULL) : NULL;
	json_object_set_new(session, "study", json_pack("{so sb so so so}",
	    "gave_up_reason", run->gave_up_reason ? json_string(
	    run->gave_up_reason) : json_null(), "excluded", run->excluded,
	    "excluded_by", run->excluded_by ? json_string(run->excluded_by) :
	    json_null(), "excluded_why", run->excluded_why ? json_string(
	    run->excluded_why) : json_null(), "participant_attributes",
	    attrs != NULL ? attrs : json_null()));
	json_object_set_new(session, "scoring", task == NULL ? json_null() :
	    json_pack("{ss sf sf ss ss}", "direction",
	    norm_dir_name(task->direction), "y_start", task->y_start, "y_ref",
	    task->y_ref, "aggregation", norm_agg_name(task->aggregation),
	    "visibility", task->hidden ? "hidden" : "visible"));
	scores = json_array();
	for (i = 0; i < n; i++) {
		json_array_append_new(scores, json_pack("{sI sf ss so so sb}",
		    "id", (json_int_t)i + 1, "elapsed_s",
		    run->scores[i].elapsed, "status", run->scores[i].status,
		    "raw", isnan(run->scores[i].raw) ? json_null() :
		    json_real(run->scores[i].raw), "normalized",
		    isnan(run->scores[i].normalized) ? json_null() :
		    json_real(run->scores[i].normalized), "is_final", 0));
	}
	events = json_array();
	log = inspect_log_session(session, scores, events, NULL);
	json_decref(session);
	json_decref(scores);
	json_decref(events);
	return (log);
}

static char *
inspect_dumps(json_t *j)
{
	return (json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(17)));
}

int
inspect_write_json(const char *path, json_t *log, char **cause)
{
	char	*text = inspect_dumps(log);
	int	 rc;

	rc = file_write(path, text, strlen(text), cause);
	free(text);
	return (rc);
}

/* Add one member to a zip being written; it owns text from now on. */
static int
inspect_zip_add(zip_t *z, const char *name, char *text, const char *path,
    char **cause)
{
	zip_source_t	*src;

	if ((src = zip_source_buffer(z, text, strlen(text), 1)) == NULL) {
		free(text);
		return (set_cause(cause, "%s: %s", path, zip_strerror(z)));
	}
	if (zip_file_add(z, name, src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) <
	    0) {
		zip_source_free(src);
		return (set_cause(cause, "%s: %s: %s", path, name,
		    zip_strerror(z)));
	}
	return (0);
}

int
inspect_write_eval(const char *path, json_t *log, char **cause)
{
	zip_t		*z;
	json_t		*header, *start, *samples, *s, *sum;
	char		*name;
	size_t		 i;
	int		 err, rc = -1;

	unlink(path);
	if ((z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err)) == NULL)
		return (set_cause(cause, "%s: cannot create the zip (libzip "
		    "error %d)", path, err));
	samples = json_object_get(log, "samples");
	header = json_copy(log);
	json_object_del(header, "samples");
	start = json_pack("{sO sO sO}", "version", json_object_get(log,
	    "version"), "eval", json_object_get(log, "eval"), "plan",
	    json_object_get(log, "plan"));
	sum = json_array();
	if (inspect_zip_add(z, "_journal/start.json", inspect_dumps(start),
	    path, cause) != 0)
		goto out;
	json_array_foreach(samples, i, s) {
		if (json_is_string(json_object_get(s, "id")))
			name = xasprintf("samples/%s_epoch_%lld.json",
			    json_string_value(json_object_get(s, "id")),
			    (long long)json_integer_value(json_object_get(s,
			    "epoch")));
		else
			name = xasprintf("samples/%lld_epoch_%lld.json",
			    (long long)json_integer_value(json_object_get(s,
			    "id")), (long long)json_integer_value(
			    json_object_get(s, "epoch")));
		rc = inspect_zip_add(z, name, inspect_dumps(s), path, cause);
		free(name);
		if (rc != 0)
			goto out;
		rc = -1;
		json_array_append_new(sum, json_pack("{sO sO sO sO s{} sO s{} "
		    "s{} sO sO sO sO sO so so so sb si}", "id",
		    json_object_get(s, "id"), "epoch", json_object_get(s,
		    "epoch"), "input", json_object_get(s, "input"), "target",
		    json_object_get(s, "target"), "metadata", "scores",
		    json_object_get(s, "scores"), "model_usage", "role_usage",
		    "started_at", json_object_get(s, "started_at"),
		    "completed_at", json_object_get(s, "completed_at"),
		    "total_time", json_object_get(s, "total_time"),
		    "working_time", json_object_get(s, "working_time"), "uuid",
		    json_object_get(s, "uuid"), "error", json_null(), "limit",
		    json_null(), "retries", json_null(), "completed", 1,
		    "message_count", 0));
	}
	if (inspect_zip_add(z, "summaries.json", inspect_dumps(sum), path,
	    cause) != 0 ||
	    inspect_zip_add(z, "header.json", inspect_dumps(header), path,
	    cause) != 0)
		goto out;
	if (zip_close(z) != 0) {
		set_cause(cause, "%s: %s", path, zip_strerror(z));
		zip_discard(z);
		z = NULL;
		goto done;
	}
	z = NULL;
	rc = 0;
out:
	if (z != NULL)
		zip_discard(z);
done:
	json_decref(header);
	json_decref(start);
	json_decref(sum);
	return (rc);
}

int
inspect_is_log(const char *name, const char *text, size_t len)
{
	const char	*dot = strrchr(name, '.');
	json_t		*j;
	int		 yes;

	if (len >= 4 && memcmp(text, "PK\003\004", 4) == 0)
		return (1);
	if (dot == NULL || strcmp(dot, ".json") != 0)
		return (0);
	/* A single JSON object with an "eval" member, not JSON lines. */
	if ((j = json_loadb(text, len, 0, NULL)) == NULL)
		return (0);
	yes = json_is_object(j) && json_is_object(json_object_get(j, "eval"));
	json_decref(j);
	return (yes);
}

/* What every sample of one log shares. */
struct inspect_reader {
	struct study_runs	*im;
	json_t			*spec;		/* the eval */
	json_t			*plan;
	int			 human;
	double			 limit;		/* NaN if none */
	struct study_task	*learned;	/* from baseliner's metadata */
	size_t			 nlearned;
};

static int
inspect_human(json_t *spec, json_t *plan)
{
	json_t		*step;
	const char	*solver;
	size_t		 i;

	solver = json_string_value(json_object_get(spec, "solver"));
	if (solver != NULL && strstr(solver, "human_agent") != NULL)
		return (1);
	json_array_foreach(json_object_get(plan, "steps"), i, step) {
		solver = json_string_value(json_object_get(step, "solver"));
		if (solver != NULL && strstr(solver, "human_agent") != NULL)
			return (1);
	}
	return (0);
}

/* One score (an Inspect Score object) at a working time. */
static int
inspect_add_score(struct inspect_reader *rd, struct study_pending *p,
    json_t *score, double t, const char *where, char **cause)
{
	json_t		*meta = json_object_get(score, "metadata");
	json_t		*v = json_object_get(score, "value");
	const char	*status;
	double		 raw = NAN, norm = NAN;

	if (json_is_object(meta) && json_object_get(meta, "status") != NULL) {
		/* baseliner's own: the scores and status are there. */
		status = json_string_value(json_object_get(meta, "status"));
		if (status == NULL || !study_status_ok(status))
			return (set_cause(cause, "%s: score status: expected "
			    "valid, invalid, error, timeout or cancelled",
			    where));
		raw = inspect_number(json_object_get(meta, "raw"), NAN);
		norm = inspect_number(json_object_get(meta, "normalized"),
		    NAN);
		if (strcmp(status, "valid") != 0)
			norm = NAN;
		else if (isnan(norm) && !isnan(raw) && p->params)
			norm = norm_score(raw, p->task.y_start,
			    p->task.y_ref);
		if (strcmp(status, "valid") == 0 && isnan(norm))
			return (set_cause(cause, "%s: a valid scoring without "
			    "a score", where));
		study_runs_score(rd->im, p, t, raw, norm, status);
		return (0);
	}
	if (json_is_number(v) && isfinite(json_number_value(v))) {
		raw = json_number_value(v);
		if (!p->params)
			return (set_cause(cause, "%s: task '%s' has no "
			    "normalization: give --task-params %s:Y_START:"
			    "Y_REF:lower|higher or --tasks DIR with its pack",
			    where, p->r.task_id, p->r.task_id));
		norm = norm_score(raw, p->task.y_start, p->task.y_ref);
		study_runs_score(rd->im, p, t, raw, norm, "valid");
	} else
		study_runs_score(rd->im, p, t, NAN, NAN, "invalid");
	return (0);
}

static int
inspect_sample(struct inspect_reader *rd, json_t *sample, const char *where,
    char **cause)
{
	struct study_pending	*p;
	json_t			*meta, *e, *sc, *v, *first;
	const char		*task, *model, *who, *key, *event;
	char			*run;
	double			 t, limit = rd->limit;
	size_t			 i, before;
	int			 rc = -1;

	task = json_string_value(json_object_get(rd->spec, "task"));
	model = json_string_value(json_object_get(rd->spec, "model"));
	if (task == NULL || *task == '\0')
		return (set_cause(cause, "%s: eval.task: expected a string",
		    where));
	meta = json_object_get(json_object_get(sample, "metadata"),
	    "baseliner");
	/* The run: baseliner's session id, else the sample's uuid/epoch. */
	if (json_is_string(json_object_get(meta, "id")))
		run = xstrdup(json_string_value(json_object_get(meta, "id")));
	else if (json_is_string(json_object_get(sample, "uuid")))
		run = xstrdup(json_string_value(json_object_get(sample,
		    "uuid")));
	else {
		v = json_object_get(sample, "id");
		run = json_is_string(v) ? xasprintf("%s:%s:%lld",
		    json_string_value(json_object_get(rd->spec, "run_id")) ?
		    json_string_value(json_object_get(rd->spec, "run_id")) :
		    "run", json_string_value(v), (long long)json_integer_value(
		    json_object_get(sample, "epoch"))) :
		    xasprintf("%s:%lld:%lld", json_string_value(
		    json_object_get(rd->spec, "run_id")) ? json_string_value(
		    json_object_get(rd->spec, "run_id")) : "run",
		    (long long)json_integer_value(v),
		    (long long)json_integer_value(json_object_get(sample,
		    "epoch")));
	}
	if (study_runs_find(rd->im, task, run) != NULL) {
		set_cause(cause, "%s: run %s of task %s appears twice", where,
		    run, task);
		goto out;
	}
	p = study_runs_add(rd->im, task, run, 0);
	/* baseliner's own log brings the task's parameters: it wins. */
	if (json_is_object(json_object_get(meta, "scoring"))) {
		study_task_done(&p->task);
		if (study_session_scoring(where, json_object_get(meta,
		    "scoring"), &p->task, cause) != 0)
			goto out;
		p->task.id = xstrdup(task);
		p->task.source = xasprintf("eval log %s", where);
		if (study_task_check(&p->task, where, cause) != 0)
			goto out;
		p->params = 1;
		for (i = 0; i < rd->nlearned; i++) {
			if (strcmp(rd->learned[i].id, task) == 0)
				break;
		}
		if (i == rd->nlearned) {
			rd->learned = xreallocarray(rd->learned,
			    rd->nlearned + 1, sizeof *rd->learned);
			study_task_copy(&rd->learned[rd->nlearned++],
			    &p->task);
		}
	}
	if (rd->human) {
		who = json_string_value(json_object_get(meta, "participant"));
		p->r.kind = xstrdup("human");
		p->r.group = xstrdup("human");
		p->r.participant = who ? xstrdup(who) : NULL;
	} else {
		p->r.kind = xstrdup("agent");
		p->r.group = xstrdup(model ? model : "agent");
	}
	if (json_is_number(json_object_get(meta, "limit_s")))
		limit = json_number_value(json_object_get(meta, "limit_s"));
	p->limit = limit > 0 ? limit : NAN;

	before = p->r.nscores;
	json_array_foreach(json_object_get(sample, "events"), i, e) {
		event = json_string_value(json_object_get(e, "event"));
		if (event == NULL || strcmp(event, "score") != 0)
			continue;
		t = inspect_number(json_object_get(e, "working_start"), NAN);
		if (!(t >= 0)) {
			set_cause(cause, "%s: score event %zu: working_start: "
			    "expected seconds", where, i);
			goto out;
		}
		if (inspect_add_score(rd, p, json_object_get(e, "score"), t,
		    where, cause) != 0)
			goto out;
	}
	if (p->r.nscores == before) {
		/* human_cli's own list, else the final score. */
		json_array_foreach(json_object_get(json_object_get(sample,
		    "store"), "HumanAgentState:scorings"), i, e) {
			t = inspect_number(json_object_get(e, "time"), NAN);
			sc = json_array_get(json_object_get(e, "scores"), 0);
			if (!(t >= 0) || !json_is_object(sc))
				continue;
			if (inspect_add_score(rd, p, sc, t, where, cause) != 0)
				goto out;
		}
	}
	if (p->r.nscores == before) {
		first = NULL;
		json_object_foreach(json_object_get(sample, "scores"), key,
		    sc) {
			first = sc;
			break;
		}
		if (first != NULL && inspect_add_score(rd, p, first,
		    inspect_number(json_object_get(sample, "working_time"),
		    inspect_number(json_object_get(sample, "total_time"), 0)),
		    where, cause) != 0)
			goto out;
	}
	if (p->r.nscores == before) {
		set_cause(cause, "%s: sample %s has no score", where, run);
		goto out;
	}
	rc = 0;
out:
	free(run);
	return (rc);
}

static int
inspect_reader_init(struct inspect_reader *rd, json_t *log, const char *name,
    char **cause)
{
	json_t	*config;

	rd->spec = json_object_get(log, "eval");
	rd->plan = json_object_get(log, "plan");
	if (!json_is_object(rd->spec))
		return (set_cause(cause, "%s: no eval in the log", name));
	rd->human = inspect_human(rd->spec, rd->plan);
	config = json_object_get(rd->spec, "config");
	rd->limit = inspect_number(json_object_get(config, "working_limit"),
	    inspect_number(json_object_get(config, "time_limit"), NAN));
	return (0);
}

/* A zip member as JSON, or NULL with a message. */
static json_t *
inspect_zip_json(zip_t *z, zip_int64_t idx, const char *name, char **cause)
{
	zip_stat_t	 zs;
	zip_file_t	*f;
	json_error_t	 err;
	json_t		*j;
	char		*buf;
	zip_int64_t	 n;

	if (zip_stat_index(z, idx, 0, &zs) != 0 ||
	    !(zs.valid & ZIP_STAT_SIZE) || zs.size > (zip_uint64_t)1 << 31) {
		set_cause(cause, "%s: %s: cannot read", name,
		    zip_get_name(z, idx, 0));
		return (NULL);
	}
	if ((f = zip_fopen_index(z, idx, 0)) == NULL) {
		set_cause(cause, "%s: %s", name, zip_strerror(z));
		return (NULL);
	}
	buf = xmalloc(zs.size + 1);
	n = zip_fread(f, buf, zs.size);
	zip_fclose(f);
	if (n < 0 || (zip_uint64_t)n != zs.size) {
		free(buf);
		set_cause(cause, "%s: %s: short read", name, zs.name);
		return (NULL);
	}
	if ((j = json_loadb(buf, zs.size, 0, &err)) == NULL)
		set_cause(cause, "%s: %s:%d: %s", name, zs.name, err.line,
		    err.text);
	free(buf);
	return (j);
}

static int
inspect_read_zip(struct study_runs *im, struct inspect_reader *out,
    const char *name, const char *text, size_t len, char **cause)
{
	struct inspect_reader	 rd;
	zip_error_t		 zerr;
	zip_source_t		*src;
	zip_t			*z = NULL;
	zip_int64_t		 i, n, hidx;
	json_t			*head = NULL, *sample;
	const char		*m;
	char			*where;
	int			 rc = -1;

	/* Cleared before the first way out: out reads it at every one. */
	memset(&rd, 0, sizeof rd);
	zip_error_init(&zerr);
	if ((src = zip_source_buffer_create(text, len, 0, &zerr)) == NULL ||
	    (z = zip_open_from_source(src, ZIP_RDONLY, &zerr)) == NULL) {
		set_cause(cause, "%s: not a readable .eval (zip): %s", name,
		    zip_error_strerror(&zerr));
		if (src != NULL)
			zip_source_free(src);
		zip_error_fini(&zerr);
		return (-1);
	}
	zip_error_fini(&zerr);
	if ((hidx = zip_name_locate(z, "header.json", 0)) < 0)
		hidx = zip_name_locate(z, "_journal/start.json", 0);
	if (hidx < 0) {
		set_cause(cause, "%s: no header.json in the .eval", name);
		goto out;
	}
	if ((head = inspect_zip_json(z, hidx, name, cause)) == NULL ||
	    inspect_reader_init(&rd, head, name, cause) != 0)
		goto out;
	rd.im = im;
	n = zip_get_num_entries(z, 0);
	for (i = 0; i < n; i++) {
		m = zip_get_name(z, i, 0);
		if (m == NULL || strncmp(m, "samples/", 8) != 0 ||
		    strlen(m) < 6 || strcmp(m + strlen(m) - 5, ".json") != 0)
			continue;
		if ((sample = inspect_zip_json(z, i, name, cause)) == NULL)
			goto out;
		where = xasprintf("%s: %s", name, m);
		rc = inspect_sample(&rd, sample, where, cause);
		free(where);
		json_decref(sample);
		if (rc != 0)
			goto out;
		rc = -1;
	}
	rc = 0;
out:
	out->learned = rd.learned;
	out->nlearned = rd.nlearned;
	json_decref(head);
	zip_discard(z);
	return (rc);
}

int
inspect_read(const char *name, const char *text, size_t len,
    const struct study_log_opts *opts, struct study_log *log, char **cause)
{
	struct study_runs	 im;
	struct inspect_reader	 rd;
	json_error_t		 err;
	json_t			*j = NULL, *sample;
	size_t			 i;
	char			*where;
	int			 rc = -1;

	memset(log, 0, sizeof *log);
	memset(&rd, 0, sizeof rd);
	study_runs_init(&im, name, opts ? opts->tasks : NULL,
	    opts ? opts->ntasks : 0);
	if (len >= 4 && memcmp(text, "PK\003\004", 4) == 0)
		rc = inspect_read_zip(&im, &rd, name, text, len, cause);
	else if ((j = json_loadb(text, len, 0, &err)) == NULL)
		set_cause(cause, "%s:%d: %s", name, err.line, err.text);
	else if (inspect_reader_init(&rd, j, name, cause) == 0) {
		rd.im = &im;
		rc = 0;
		json_array_foreach(json_object_get(j, "samples"), i, sample) {
			where = xasprintf("%s: sample %zu", name, i + 1);
			rc = inspect_sample(&rd, sample, where, cause);
			free(where);
			if (rc != 0)
				break;
		}
	}
	if (rc == 0 && im.nruns == 0)
		rc = set_cause(cause, "%s: no samples in the eval log", name);
	if (rc == 0) {
		study_runs_finish(&im, log);
		log->tasks = rd.learned;
		log->ntasks = rd.nlearned;
	} else {
		for (i = 0; i < rd.nlearned; i++)
			study_task_done(&rd.learned[i]);
		free(rd.learned);
	}
	json_decref(j);
	study_runs_done(&im);
	return (rc);
}
