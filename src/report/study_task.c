/*
 * study_task.c: where a study's tasks get their normalization: by hand
 * (--task-params TASK:Y_START:Y_REF:DIRECTION...) or from task packs
 * (task.yaml, read by task.c). An exported session brings its own (see
 * study_session.c).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "study.h"
#include "study_int.h"
#include "task.h"
#include "util.h"

void
study_task_done(struct study_task *t)
{
	free(t->id);
	free(t->source);
	memset(t, 0, sizeof *t);
}

void
study_task_copy(struct study_task *to, const struct study_task *from)
{
	*to = *from;
	to->id = from->id ? xstrdup(from->id) : NULL;
	to->source = from->source ? xstrdup(from->source) : NULL;
}

int
study_task_check(const struct study_task *t, const char *where,
    char **cause)
{
	const char	*why;
	int		 ok;

	if (!isfinite(t->y_start) || !isfinite(t->y_ref))
		return (set_cause(cause, "%s: y_start and y_ref must be "
		    "numbers", where));
	if (norm_params_check(t->y_start, t->y_ref, &why) != 0)
		return (set_cause(cause, "%s: task %s: y_ref %s", where,
		    t->id ? t->id : "?", why));
	ok = t->direction == NORM_LOWER ? t->y_ref < t->y_start :
	    t->y_ref > t->y_start;
	if (!ok)
		return (set_cause(cause, "%s: task %s is %s-is-better, so "
		    "the reference (y_ref %g) must score %s than the start "
		    "(y_start %g): are they swapped?", where, t->id ? t->id :
		    "?", norm_dir_name(t->direction), t->y_ref,
		    t->direction == NORM_LOWER ? "lower" : "higher",
		    t->y_start));
	return (0);
}

int
study_parse_task_param(const char *spec, struct study_task *t, char **cause)
{
	char		*copy, *field[7], *s;
	int		 n = 0, rc = -1;

	memset(t, 0, sizeof *t);
	copy = xstrdup(spec);
	for (s = copy; n < 7; n++) {
		field[n] = s;
		if ((s = strchr(s, ':')) == NULL) {
			n++;
			break;
		}
		*s++ = '\0';
	}
	if (s != NULL || n < 4 || n > 6) {
		set_cause(cause, "--task-params %s: expected "
		    "TASK:Y_START:Y_REF:lower|higher[:best|last|last_valid"
		    "[:visible|hidden]]", spec);
		goto out;
	}
	if (*field[0] == '\0') {
		set_cause(cause, "--task-params %s: no task id", spec);
		goto out;
	}
	if (study_strtod(field[1], &t->y_start) != 0 ||
	    study_strtod(field[2], &t->y_ref) != 0 ||
	    !isfinite(t->y_start) || !isfinite(t->y_ref)) {
		set_cause(cause, "--task-params %s: Y_START and Y_REF must be "
		    "numbers", spec);
		goto out;
	}
	if (t->y_start == t->y_ref) {
		set_cause(cause, "--task-params %s: Y_REF must differ from "
		    "Y_START", spec);
		goto out;
	}
	if (norm_dir_parse(field[3], &t->direction) != 0) {
		set_cause(cause, "--task-params %s: direction must be lower "
		    "or higher, not '%s'", spec, field[3]);
		goto out;
	}
	t->aggregation = NORM_BEST;
	if (n > 4 && norm_agg_parse(field[4], &t->aggregation) != 0) {
		set_cause(cause, "--task-params %s: aggregation must be best, "
		    "last or last_valid, not '%s'", spec, field[4]);
		goto out;
	}
	if (n > 5) {
		if (strcmp(field[5], "hidden") == 0)
			t->hidden = 1;
		else if (strcmp(field[5], "visible") != 0) {
			set_cause(cause, "--task-params %s: visibility must be "
			    "visible or hidden, not '%s'", spec, field[5]);
			goto out;
		}
	}
	t->id = xstrdup(field[0]);
	t->source = xasprintf("--task-params %s", spec);
	if (study_task_check(t, t->source, cause) != 0) {
		study_task_done(t);
		goto out;
	}
	rc = 0;
out:
	free(copy);
	return (rc);
}

static int
study_load_pack(struct study *st, const char *dir, char **cause)
{
	struct task		*pack;
	struct study_task	 t;
	int			 rc;

	if (task_load(dir, &pack, cause) != 0)
		return (-1);
	memset(&t, 0, sizeof t);
	t.id = pack->id;
	t.direction = pack->direction;
	t.y_start = pack->y_start;
	t.y_ref = pack->y_ref;
	t.aggregation = pack->aggregation;
	t.hidden = pack->hidden;
	t.source = pack->manifest;
	if ((rc = study_task_check(&t, pack->manifest, cause)) == 0)
		rc = study_put_task(st, &t, cause);
	task_destroy(pack);
	return (rc);
}

int
study_load_packs(struct study *st, const char *dir, size_t *count,
    char **cause)
{
	DIR		*d;
	struct dirent	*de;
	char		*manifest, *sub;
	int		 rc = 0;

	*count = 0;
	manifest = path_join(dir, "task.yaml");
	if (file_exists(manifest)) {
		free(manifest);
		if (study_load_pack(st, dir, cause) != 0)
			return (-1);
		*count = 1;
		return (0);
	}
	free(manifest);

	if ((d = opendir(dir)) == NULL)
		return (set_cause(cause, "%s: %s", dir, strerror(errno)));
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		sub = path_join(dir, de->d_name);
		manifest = path_join(sub, "task.yaml");
		if (file_exists(manifest)) {
			if ((rc = study_load_pack(st, sub, cause)) == 0)
				(*count)++;
		}
		free(manifest);
		free(sub);
	}
	closedir(d);
	if (rc == 0 && *count == 0)
		return (set_cause(cause, "%s: no task packs (folders with "
		    "task.yaml) here", dir));
	return (rc);
}
