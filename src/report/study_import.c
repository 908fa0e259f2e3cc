/*
 * study_import.c: import-runs' one step per input: read a file or an
 * exported session with the study's tasks at hand (study_log.c,
 * study_session.c), then store what it held in one transaction (study.c).
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "inspect.h"
#include "study.h"
#include "study_int.h"
#include "util.h"

int
study_import_path(struct study *st, const char *path,
    const struct study_log_opts *given, struct study_import *stats,
    char **cause)
{
	struct study_task	*tasks = NULL;
	struct study_log_opts	 opts;
	struct study_log	 log;
	size_t			 ntasks = 0, len, i;
	char			*sj, *text = NULL;
	int			 is_session, rc = -1;

	memset(&log, 0, sizeof log);
	if (dir_exists(path)) {
		sj = path_join(path, "session.json");
		is_session = file_exists(sj);
		free(sj);
		if (!is_session)
			return (set_cause(cause, "%s: a folder without "
			    "session.json (not an exported session)", path));
	} else {
		is_session = 0;
		if (file_read(path, &text, &len, cause) != 0)
			return (-1);
	}
	if (study_get_tasks(st, &tasks, &ntasks, cause) != 0)
		goto out;
	if (is_session)
		rc = study_session_read(path, tasks, ntasks, &log, cause);
	else {
		memset(&opts, 0, sizeof opts);
		if (given != NULL)
			opts = *given;
		opts.tasks = tasks;
		opts.ntasks = ntasks;
		if (inspect_is_log(path, text, len))
			rc = inspect_read(path, text, len, &opts, &log, cause);
		else
			rc = study_log_parse(path, text, len, &opts, &log,
			    cause);
	}
	if (rc == 0)
		rc = study_put_log(st, &log, stats, cause);
out:
	study_log_done(&log);
	for (i = 0; i < ntasks; i++)
		study_task_done(&tasks[i]);
	free(tasks);
	free(text);
	return (rc);
}

/*
 * Participants' attributes from a CSV file: a "participant" (or "id")
 * column and any others, each kept under its header's name: a number as a
 * number, anything else as text, an empty cell left out. Every row is read
 * before any is stored.
 */
int
study_import_participants(struct study *st, const char *path, size_t *count,
    char **cause)
{
	struct study_csv	 csv;
	json_t			*rows, *attrs, *row;
	char			*text = NULL, **names = NULL, *cell, *id;
	size_t			 len, ncols = 0, i;
	double			 v;
	int			 n, idcol = -1, rc = -1;

	*count = 0;
	rows = json_array();
	if (file_read(path, &text, &len, cause) != 0) {
		json_decref(rows);
		return (-1);
	}
	study_csv_init(&csv, path, text, len);
	if ((n = study_csv_next(&csv, cause)) <= 0) {
		if (n == 0)
			set_cause(cause, "%s: empty file", path);
		goto out;
	}
	ncols = csv.noffs;
	names = xcalloc(ncols, sizeof *names);
	for (i = 0; i < ncols; i++) {
		names[i] = xstrdup(study_csv_field(&csv, i));
		if (idcol == -1 && (strcmp(names[i], "participant") == 0 ||
		    strcmp(names[i], "id") == 0))
			idcol = (int)i;
	}
	if (idcol == -1) {
		set_cause(cause, "%s:1: no column participant (or id)", path);
		goto out;
	}
	while ((n = study_csv_next(&csv, cause)) > 0) {
		if (csv.noffs == 1 && *study_csv_field(&csv, 0) == '\0')
			continue;
		if (csv.noffs != ncols) {
			set_cause(cause, "%s:%d: %zu fields, the header has %zu",
			    path, csv.line, csv.noffs, ncols);
			goto out;
		}
		id = study_csv_field(&csv, idcol);
		if (*id == '\0') {
			set_cause(cause, "%s:%d: no participant", path,
			    csv.line);
			goto out;
		}
		attrs = json_object();
		for (i = 0; i < ncols; i++) {
			cell = study_csv_field(&csv, i);
			if ((int)i == idcol || *cell == '\0')
				continue;
			json_object_set_new(attrs, names[i],
			    study_strtod(cell, &v) == 0 && isfinite(v) ?
			    json_real(v) : json_string(cell));
		}
		json_array_append_new(rows, json_pack("{ss so}", "id", id,
		    "attrs", attrs));
	}
	if (n < 0)
		goto out;
	json_array_foreach(rows, i, row) {
		cell = json_dumps(json_object_get(row, "attrs"), JSON_COMPACT |
		    JSON_SORT_KEYS);
		n = study_put_participant(st, json_string_value(
		    json_object_get(row, "id")), cell, cause);
		free(cell);
		if (n != 0)
			goto out;
		(*count)++;
	}
	rc = 0;
out:
	for (i = 0; names != NULL && i < ncols; i++)
		free(names[i]);
	free(names);
	study_csv_done(&csv);
	json_decref(rows);
	free(text);
	return (rc);
}
