/*
 * study_import.c: import-runs' one step per input: read a file or an
 * exported session with the study's tasks at hand (study_log.c,
 * study_session.c), then store what it held in one transaction (study.c).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "inspect.h"
#include "study.h"
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
	study_log_free(&log);
	for (i = 0; i < ntasks; i++)
		study_task_clear(&tasks[i]);
	free(tasks);
	free(text);
	return (rc);
}
