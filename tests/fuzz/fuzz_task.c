/*
 * fuzz_task.c: the task manifest loader (task_parse: YAML through libyaml,
 * then every key checked).
 *
 * What must hold: a manifest is taken or refused with a sentence, and one
 * that is taken has the numbers normalization divides by finite and
 * apart (a task whose y_ref equals y_start would make every normalized
 * score infinite).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "norm.h"
#include "task.h"
#include "util.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct task	*t;
	const char	*why;
	char		*cause = NULL;

	t = xcalloc(1, sizeof *t);
	t->dir = xstrdup("/nonexistent/fuzz");
	t->manifest = xstrdup("/nonexistent/fuzz/task.yaml");
	if (task_parse(t->manifest, (const char *)data, size, t, &cause) != 0)
		FUZZ_ASSERT(cause != NULL);
	else {
		FUZZ_ASSERT(t->id != NULL);
		FUZZ_ASSERT(norm_params_check(t->y_start, t->y_ref, &why) == 0);
	}
	free(cause);
	task_destroy(t);
	return (0);
}
