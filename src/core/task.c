/*
 * task.c: the task manifest. task.yaml is loaded with libyaml's document
 * API (yaml_parser_load), whose nodes keep their lines, then checked field
 * by field, so that every error names the file, the line and the field:
 * "tasks/demo/task.yaml:12: score.y_ref: expected a number, got 'fast'".
 * A field nobody reads is refused as unknown (naming the field a typo
 * most likely meant), and so is a field given twice.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <jansson.h>
#include <yaml.h>

#include "gpu.h"
#include "norm.h"
#include "task.h"

/*
 * The manifest's tree is libyaml's own document (yaml_parser_load): nodes
 * in one array, each with its start mark, so every error can name its
 * line. Mappings are read only through ymap_get, which notes each key it
 * was asked for; once the fields are checked, a key nobody asked for is an
 * unknown field (with the nearest known name, for a typo) and a key given
 * twice a duplicate, both refused.
 */
#define Y_SCALAR	YAML_SCALAR_NODE
#define Y_MAP		YAML_MAPPING_NODE
#define Y_SEQ		YAML_SEQUENCE_NODE

/* A key ymap_get was asked for in one mapping (found or not). */
struct yasked {
	yaml_node_t	*map;
	const char	*key;
};

/* The context for checking one manifest: where errors point, and the
 * document with what was read of it. */
struct tcheck {
	const char	*path;
	char		**cause;
	yaml_document_t	 doc;
	unsigned char	*used;		/* by node index: a key that was read */
	struct yasked	*asked;
	size_t		 nasked;
};

static int
yline(yaml_node_t *y)
{
	return ((int)y->start_mark.line + 1);
}

static const char *
yvalue(yaml_node_t *y)
{
	return ((const char *)y->data.scalar.value);
}

static int
ycount(yaml_node_t *y)
{
	if (y->type == YAML_SEQUENCE_NODE)
		return ((int)(y->data.sequence.items.top -
		    y->data.sequence.items.start));
	if (y->type == YAML_MAPPING_NODE)
		return ((int)(y->data.mapping.pairs.top -
		    y->data.mapping.pairs.start));
	return (0);
}

static yaml_node_t *
yitem(struct tcheck *tc, yaml_node_t *seq, int i)
{
	return (yaml_document_get_node(&tc->doc,
	    seq->data.sequence.items.start[i]));
}

/* The line of the key under which node y is a value (or its own line). */
static int
ykey_line(struct tcheck *tc, yaml_node_t *y)
{
	yaml_node_t		*n;
	yaml_node_pair_t	*p;

	for (n = tc->doc.nodes.start; n < tc->doc.nodes.top; n++) {
		if (n->type != YAML_MAPPING_NODE)
			continue;
		for (p = n->data.mapping.pairs.start;
		    p < n->data.mapping.pairs.top; p++) {
			if (yaml_document_get_node(&tc->doc, p->value) == y)
				return (yline(yaml_document_get_node(&tc->doc,
				    p->key)));
		}
	}
	return (yline(y));
}

static int
yaml_fail(yaml_parser_t *p, const char *path, char **cause)
{
	return (set_cause(cause, "%s:%zu: syntax error: %s%s%s", path,
	    p->problem_mark.line + 1, p->problem ? p->problem : "bad YAML",
	    p->context ? " " : "", p->context ? p->context : ""));
}

/* Load the one document of the manifest into tc->doc; its root, or NULL. */
static yaml_node_t *
yaml_load(struct tcheck *tc, const char *text, size_t len)
{
	yaml_parser_t	 p;
	yaml_document_t	 more;
	yaml_node_t	*root, *extra;
	size_t		 n;

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	if (!yaml_parser_load(&p, &tc->doc)) {
		yaml_fail(&p, tc->path, tc->cause);
		yaml_parser_delete(&p);
		return (NULL);
	}
	if ((root = yaml_document_get_root_node(&tc->doc)) == NULL) {
		set_cause(tc->cause, "%s:1: the manifest is empty", tc->path);
		yaml_parser_delete(&p);
		return (NULL);
	}
	if (!yaml_parser_load(&p, &more)) {
		yaml_fail(&p, tc->path, tc->cause);
		yaml_parser_delete(&p);
		return (NULL);
	}
	if ((extra = yaml_document_get_root_node(&more)) != NULL) {
		set_cause(tc->cause, "%s:%d: only one document is allowed",
		    tc->path, yline(extra));
		root = NULL;
	}
	yaml_document_delete(&more);
	yaml_parser_delete(&p);
	n = tc->doc.nodes.top - tc->doc.nodes.start;
	tc->used = xcalloc(n + 1, 1);
	return (root);
}

static void
tcheck_done(struct tcheck *tc)
{
	yaml_document_delete(&tc->doc);
	free(tc->used);
	free(tc->asked);
}

static yaml_node_t *
ymap_get(struct tcheck *tc, yaml_node_t *map, const char *key)
{
	yaml_node_pair_t	*p;
	yaml_node_t		*k;

	if (map == NULL || map->type != YAML_MAPPING_NODE)
		return (NULL);
	tc->asked = xreallocarray(tc->asked, tc->nasked + 1,
	    sizeof *tc->asked);
	tc->asked[tc->nasked].map = map;
	tc->asked[tc->nasked++].key = key;
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	    p++) {
		k = yaml_document_get_node(&tc->doc, p->key);
		if (k != NULL && k->type == YAML_SCALAR_NODE &&
		    strcmp(yvalue(k), key) == 0) {
			tc->used[p->key] = 1;
			return (yaml_document_get_node(&tc->doc, p->value));
		}
	}
	return (NULL);
}

/* Edit distance, for naming the field a typo meant. */
static size_t
ydistance(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b), i, j, prev, cur, old;
	size_t	row[64];

	if (lb >= nitems(row))
		return ((size_t)-1);
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			old = row[j];
			cur = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < cur)
				cur = row[j] + 1;
			if (row[j - 1] + 1 < cur)
				cur = row[j - 1] + 1;
			row[j] = cur;
			prev = old;
		}
	}
	return (row[lb]);
}

/*
 * After the fields are checked: every mapping's keys are words, none is
 * given twice, and none is unknown (nobody asked for it).
 */
static int
ycheck_keys(struct tcheck *tc)
{
	yaml_node_t		*n, *k, *k2;
	yaml_node_pair_t	*p, *q;
	const char		*best;
	size_t			 i, d, bestd;

	for (n = tc->doc.nodes.start; n < tc->doc.nodes.top; n++) {
		if (n->type != YAML_MAPPING_NODE)
			continue;
		for (p = n->data.mapping.pairs.start;
		    p < n->data.mapping.pairs.top; p++) {
			k = yaml_document_get_node(&tc->doc, p->key);
			if (k->type != YAML_SCALAR_NODE)
				return (set_cause(tc->cause, "%s:%d: keys must "
				    "be plain words", tc->path, yline(k)));
			for (q = n->data.mapping.pairs.start; q < p; q++) {
				k2 = yaml_document_get_node(&tc->doc, q->key);
				if (k2->type == YAML_SCALAR_NODE &&
				    strcmp(yvalue(k), yvalue(k2)) == 0)
					return (set_cause(tc->cause, "%s:%d: "
					    "%s: given twice (first at line "
					    "%d)", tc->path, yline(k),
					    yvalue(k), yline(k2)));
			}
		}
	}
	for (n = tc->doc.nodes.start; n < tc->doc.nodes.top; n++) {
		if (n->type != YAML_MAPPING_NODE)
			continue;
		for (p = n->data.mapping.pairs.start;
		    p < n->data.mapping.pairs.top; p++) {
			if (tc->used[p->key])
				continue;
			k = yaml_document_get_node(&tc->doc, p->key);
			best = NULL;
			bestd = (size_t)-1;
			for (i = 0; i < tc->nasked; i++) {
				if (tc->asked[i].map != n)
					continue;
				d = ydistance(yvalue(k), tc->asked[i].key);
				if (d < bestd) {
					bestd = d;
					best = tc->asked[i].key;
				}
			}
			if (best != NULL && bestd <= 2 &&
			    bestd < strlen(yvalue(k)))
				return (set_cause(tc->cause, "%s:%d: %s: unknown "
				    "field; did you mean '%s'?", tc->path,
				    yline(k), yvalue(k), best));
			return (set_cause(tc->cause, "%s:%d: %s: unknown field",
			    tc->path, yline(k), yvalue(k)));
		}
	}
	return (0);
}

static int
tc_missing(struct tcheck *tc, yaml_node_t *parent, const char *field)
{
	return (set_cause(tc->cause, "%s:%d: %s: missing field", tc->path,
	    ykey_line(tc, parent), field));
}

static int
tc_type(struct tcheck *tc, yaml_node_t *y, const char *field,
    const char *want)
{
	if (y->type == Y_SCALAR)
		return (set_cause(tc->cause, "%s:%d: %s: expected %s, got "
		    "'%s'", tc->path, yline(y), field, want, yvalue(y)));
	return (set_cause(tc->cause, "%s:%d: %s: expected %s, got a %s",
	    tc->path, yline(y), field, want, y->type == Y_MAP ? "mapping" :
	    "list"));
}

/* A required (or, with def != NULL, optional) string field. */
static int
tc_string(struct tcheck *tc, yaml_node_t *map, const char *key,
    const char *field, const char *def, char **out)
{
	yaml_node_t	*y = ymap_get(tc, map, key);

	if (y == NULL) {
		if (def == NULL)
			return (tc_missing(tc, map, field));
		*out = *def != '\0' ? xstrdup(def) : NULL;
		return (0);
	}
	if (y->type != Y_SCALAR)
		return (tc_type(tc, y, field, "a string"));
	if (*yvalue(y) == '\0' && def == NULL)
		return (set_cause(tc->cause, "%s:%d: %s: must not be empty",
		    tc->path, yline(y), field));
	*out = xstrdup(yvalue(y));
	return (0);
}

static int
tc_number(struct tcheck *tc, yaml_node_t *map, const char *key,
    const char *field, const double *def, double *out, int *line)
{
	yaml_node_t	*y = ymap_get(tc, map, key);
	char		*end;

	if (y == NULL) {
		if (def == NULL)
			return (tc_missing(tc, map, field));
		*out = *def;
		return (0);
	}
	if (y->type != Y_SCALAR)
		return (tc_type(tc, y, field, "a number"));
	errno = 0;
	*out = strtod(yvalue(y), &end);
	if (*yvalue(y) == '\0' || *end != '\0' || errno != 0 || !isfinite(*out))
		return (tc_type(tc, y, field, "a number"));
	if (line != NULL)
		*line = yline(y);
	return (0);
}

/*
 * A count (GPUs, CPUs): a whole number from 0 to max, 0 when the key is
 * absent. The bound is checked before the conversion to int, which for a
 * number past INT_MAX would be undefined.
 */
static int
tc_count(struct tcheck *tc, yaml_node_t *map, const char *key,
    const char *field, int max, int *out)
{
	double	 v, zero = 0;
	int	 line = 0;

	if (tc_number(tc, map, key, field, &zero, &v, &line) != 0)
		return (-1);
	if (v < 0 || v > max || v != floor(v)) {
		set_cause(tc->cause, "%s:%d: %s: expected a whole number "
		    "from 0 to %d", tc->path, line, field, max);
		return (-1);
	}
	*out = (int)v;
	return (0);
}

static int
tc_choice(struct tcheck *tc, yaml_node_t *map, const char *key,
    const char *field, const char *def, const char *const *choices,
    int *out)
{
	yaml_node_t	*y = ymap_get(tc, map, key);
	const char	*v;
	int		 i;

	if (y == NULL && def == NULL)
		return (tc_missing(tc, map, field));
	if (y != NULL && y->type != Y_SCALAR)
		return (tc_type(tc, y, field, "a word"));
	v = y != NULL ? yvalue(y) : def;
	for (i = 0; choices[i] != NULL; i++) {
		if (strcmp(v, choices[i]) == 0) {
			*out = i;
			return (0);
		}
	}
	/* "expected a or b", "expected a, b or c" */
	if (i == 2)
		return (set_cause(tc->cause, "%s:%d: %s: expected %s or %s, "
		    "got '%s'", tc->path, yline(y), field, choices[0],
		    choices[1], v));
	return (set_cause(tc->cause, "%s:%d: %s: expected %s, %s or %s, got "
	    "'%s'", tc->path, yline(y), field, choices[0], choices[1],
	    choices[2], v));
}

static int
tc_map(struct tcheck *tc, yaml_node_t *map, const char *key,
    yaml_node_t **out, int required)
{
	yaml_node_t	*y = ymap_get(tc, map, key);

	*out = y;
	if (y == NULL)
		return (required ? tc_missing(tc, map, key) : 0);
	if (y->type != Y_MAP)
		return (tc_type(tc, y, key, "a mapping"));
	return (0);
}

int
task_parse_duration(const char *s, double *out)
{
	char	*end;
	double	 v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno != 0 || !isfinite(v) || v <= 0)
		return (-1);
	if (strcmp(end, "h") == 0)
		v *= 3600;
	else if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0)
		v *= 60;
	else if (strcmp(end, "s") != 0)
		return (-1);
	*out = v;
	return (0);
}

/* An optional list of words (program or module names). */
static int
tc_words(struct tcheck *tc, yaml_node_t *map, const char *key,
    const char *field, char ***out, int *n)
{
	yaml_node_t	*y = ymap_get(tc, map, key);
	int		 i;

	if (y == NULL)
		return (0);
	if (y->type != Y_SEQ)
		return (tc_type(tc, y, field, "a list"));
	*out = xcalloc(ycount(y) + 1, sizeof **out);
	for (i = 0; i < ycount(y); i++) {
		if (yitem(tc, y, i)->type != Y_SCALAR)
			return (tc_type(tc, yitem(tc, y, i), field, "a name"));
		(*out)[(*n)++] = xstrdup(yvalue(yitem(tc, y, i)));
	}
	return (0);
}

/* A relative path that stays inside its folder (no "..", not absolute). */
static int
safe_relpath(const char *p)
{
	const char	*s = p, *e;
	size_t		 n;

	if (*p == '\0' || *p == '/')
		return (0);
	while (*s != '\0') {
		e = strchr(s, '/');
		n = e != NULL ? (size_t)(e - s) : strlen(s);
		if (n == 2 && strncmp(s, "..", 2) == 0)
			return (0);
		s += n;
		if (*s == '/')
			s++;
	}
	return (1);
}

static int
tc_assets(struct tcheck *tc, yaml_node_t *root, struct task *t)
{
	yaml_node_t		*seq = ymap_get(tc, root, "assets"), *y;
	struct task_asset	*a;
	double			 zero = 0;
	int			 i;

	if (seq == NULL)
		return (0);
	if (seq->type != Y_SEQ)
		return (tc_type(tc, seq, "assets", "a list"));
	t->assets = xcalloc(ycount(seq), sizeof *t->assets);
	for (i = 0; i < ycount(seq); i++) {
		y = yitem(tc, seq, i);
		if (y->type != Y_MAP)
			return (tc_type(tc, y, "assets", "a mapping"));
		a = &t->assets[t->nassets++];
		if (tc_string(tc, y, "name", "assets.name", NULL,
		    &a->name) != 0 ||
		    tc_string(tc, y, "path", "assets.path", NULL,
		    &a->path) != 0 ||
		    tc_number(tc, y, "size", "assets.size", &zero, &a->size,
		    NULL) != 0 ||
		    tc_string(tc, y, "sha256", "assets.sha256", "",
		    &a->sha256) != 0 ||
		    tc_string(tc, y, "source", "assets.source", "",
		    &a->source) != 0 ||
		    tc_string(tc, y, "build", "assets.build", "",
		    &a->build) != 0 ||
		    tc_string(tc, y, "what", "assets.what", "", &a->what) != 0)
			return (-1);
		if (!safe_relpath(a->path))
			return (set_cause(tc->cause, "%s:%d: assets.path: "
			    "expected a relative path inside the assets "
			    "folder, got '%s'", tc->path,
			    yline(ymap_get(tc, y, "path")), a->path));
		if (a->sha256 != NULL && (strlen(a->sha256) != 64 ||
		    strspn(a->sha256, "0123456789abcdef") != 64))
			return (set_cause(tc->cause, "%s:%d: assets.sha256: "
			    "expected 64 lower-case hex digits", tc->path,
			    yline(ymap_get(tc, y, "sha256"))));
	}
	return (0);
}

static int
tc_keys(struct tcheck *tc, yaml_node_t *root, struct task *t)
{
	yaml_node_t	*seq = ymap_get(tc, root, "keys"), *y;
	struct task_key	*k;
	int		 i;

	if (seq == NULL)
		return (0);
	if (seq->type != Y_SEQ)
		return (tc_type(tc, seq, "keys", "a list"));
	t->keys = xcalloc(ycount(seq), sizeof *t->keys);
	for (i = 0; i < ycount(seq); i++) {
		y = yitem(tc, seq, i);
		if (y->type != Y_MAP)
			return (tc_type(tc, y, "keys", "a mapping"));
		k = &t->keys[t->nkeys++];
		if (tc_string(tc, y, "name", "keys.name", NULL, &k->name) != 0 ||
		    tc_string(tc, y, "what", "keys.what", "", &k->what) != 0 ||
		    tc_string(tc, y, "default", "keys.default", "",
		    &k->def) != 0)
			return (-1);
		if (strspn(k->name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
		    strlen(k->name))
			return (set_cause(tc->cause, "%s:%d: keys.name: use "
			    "upper-case letters, digits and '_', got '%s'",
			    tc->path, yline(ymap_get(tc, y, "name")), k->name));
	}
	return (0);
}

static const char *const dir_names[] = { "lower", "higher", NULL };
/* In the order of enum norm_agg. tc_choice words at most three. */
static const char *const agg_names[] = { "best", "last", "last_valid",
    NULL };
static const char *const vis_names[] = { "visible", "hidden", NULL };

int
task_parse(const char *path, const char *text, size_t len, struct task *t,
    char **cause)
{
	struct tcheck	 tc0, *tc = &tc0;
	yaml_node_t	*root, *hw, *sc, *score, *y, *cmds, *ts;
	char		*limit = NULL;
	const char	*why;
	double		 timeout, zero = 0, deftimeout = 600;
	int		 i, choice, rc = -1;

	memset(tc, 0, sizeof *tc);
	tc->path = path;
	tc->cause = cause;
	if ((root = yaml_load(tc, text, len)) == NULL)
		goto out;
	if (root->type != Y_MAP) {
		set_cause(cause, "%s:%d: the manifest must be a mapping of "
		    "fields", path, yline(root));
		goto out;
	}
	if (tc_string(tc, root, "id", "id", NULL, &t->id) != 0 ||
	    tc_string(tc, root, "version", "version", NULL,
	    &t->version) != 0 ||
	    tc_string(tc, root, "title", "title", NULL, &t->title) != 0 ||
	    tc_string(tc, root, "time_limit", "time_limit", "8h",
	    &limit) != 0)
		goto out;
	t->line_id = yline(ymap_get(tc, root, "id"));
	if (strspn(t->id, "abcdefghijklmnopqrstuvwxyz0123456789_-") !=
	    strlen(t->id)) {
		set_cause(cause, "%s:%d: id: use lower-case letters, digits, "
		    "'_' and '-', got '%s'", path, yline(ymap_get(tc, root, "id")),
		    t->id);
		goto out;
	}
	if (task_parse_duration(limit, &t->time_limit) != 0) {
		y = ymap_get(tc, root, "time_limit");
		set_cause(cause, "%s:%d: time_limit: expected a duration like "
		    "8h, 90m or 3600s, got '%s'", path, yline(y), limit);
		goto out;
	}

	if (tc_map(tc, root, "hardware", &hw, 0) != 0)
		goto out;
	if (tc_count(tc, hw, "gpus", "hardware.gpus", TASK_GPUS_MAX,
	    &t->gpus) != 0)
		goto out;
	if (tc_string(tc, hw, "gpu_model", "hardware.gpu_model", "",
	    &t->gpu_model) != 0)
		goto out;
	if (tc_count(tc, hw, "cpus", "hardware.cpus", TASK_CPUS_MAX,
	    &t->cpus) != 0 || tc_number(tc, hw, "memory_gb",
	    "hardware.memory_gb", &zero, &t->memory_gb, NULL) != 0 ||
	    tc_number(tc, hw, "disk_gb", "hardware.disk_gb", &zero,
	    &t->disk_gb, NULL) != 0 ||
	    tc_words(tc, hw, "python", "hardware.python", &t->modules,
	    &t->nmodules) != 0)
		goto out;
	for (i = 0; i < t->nmodules; i++) {
		if (strspn(t->modules[i], "abcdefghijklmnopqrstuvwxyzABCDEFGHI"
		    "JKLMNOPQRSTUVWXYZ0123456789_.") != strlen(t->modules[i])) {
			set_cause(cause, "%s:%d: hardware.python: expected "
			    "module names, got '%s'", path, yline(ymap_get(tc, hw,
			    "python")), t->modules[i]);
			goto out;
		}
	}
	if ((cmds = ymap_get(tc, hw, "commands")) != NULL) {
		if (cmds->type != Y_SEQ) {
			tc_type(tc, cmds, "hardware.commands", "a list");
			goto out;
		}
		t->commands = xcalloc(ycount(cmds) + 1, sizeof *t->commands);
		for (i = 0; i < ycount(cmds); i++) {
			if (yitem(tc, cmds, i)->type != Y_SCALAR) {
				tc_type(tc, yitem(tc, cmds, i),
				    "hardware.commands", "a program name");
				goto out;
			}
			t->commands[t->ncommands++] =
			    xstrdup(yvalue(yitem(tc, cmds, i)));
		}
	}

	if (tc_map(tc, root, "task_standard", &ts, 0) != 0)
		goto out;
	if (ts != NULL && (tc_string(tc, ts, "family", "task_standard.family",
	    NULL, &t->ts_family) != 0 || tc_string(tc, ts, "task",
	    "task_standard.task", "main", &t->ts_task) != 0))
		goto out;
	if (ts != NULL && ymap_get(tc, root, "scorer") != NULL) {
		set_cause(cause, "%s:%d: scorer: a Task Standard pack is scored "
		    "by its family (task_standard), not by a scorer of its own",
		    path, ykey_line(tc, ymap_get(tc, root, "scorer")));
		goto out;
	}
	if (ts != NULL) {
		sc = NULL;
		if (tc_number(tc, ts, "timeout", "task_standard.timeout",
		    &deftimeout, &timeout, NULL) != 0)
			goto out;
	} else if (tc_map(tc, root, "scorer", &sc, 1) != 0 ||
	    tc_string(tc, sc, "command", "scorer.command", NULL,
	    &t->scorer) != 0 ||
	    tc_number(tc, sc, "timeout", "scorer.timeout", &deftimeout,
	    &timeout, NULL) != 0)
		goto out;
	if (timeout <= 0) {
		set_cause(cause, "%s:%d: %s.timeout: must be positive",
		    path, yline(ymap_get(tc, sc ? sc : ts, "timeout")), sc ?
		    "scorer" : "task_standard");
		goto out;
	}
	t->scorer_timeout = timeout;

	if (tc_map(tc, root, "score", &score, 1) != 0 ||
	    tc_choice(tc, score, "direction", "score.direction", NULL,
	    dir_names, &choice) != 0)
		goto out;
	t->direction = choice == 0 ? NORM_LOWER : NORM_HIGHER;
	if (tc_number(tc, score, "y_start", "score.y_start", NULL,
	    &t->y_start, &t->line_y_start) != 0 ||
	    tc_number(tc, score, "y_ref", "score.y_ref", NULL, &t->y_ref,
	    &t->line_y_ref) != 0)
		goto out;
	if (norm_params_check(t->y_start, t->y_ref, &why) != 0) {
		set_cause(cause, "%s:%d: score.y_ref: %s", path,
		    t->line_y_ref, why);
		goto out;
	}
	if (tc_choice(tc, score, "aggregation", "score.aggregation", "best",
	    agg_names, &choice) != 0)
		goto out;
	t->aggregation = choice == 0 ? NORM_BEST : choice == 1 ? NORM_LAST :
	    NORM_LAST_VALID;
	if (tc_choice(tc, score, "visibility", "score.visibility", "visible",
	    vis_names, &choice) != 0)
		goto out;
	t->hidden = choice == 1;
	if (tc_string(tc, score, "calibrated_on", "score.calibrated_on", "",
	    &t->calibrated_on) != 0)
		goto out;
	if ((y = ymap_get(tc, score, "calibrated_on")) != NULL)
		t->line_calibrated_on = yline(y);
	if (tc_assets(tc, root, t) != 0 || tc_keys(tc, root, t) != 0)
		goto out;
	/* Only now is it known which keys were fields. */
	if (ycheck_keys(tc) != 0)
		goto out;
	rc = 0;
out:
	free(limit);
	tcheck_done(tc);
	return (rc);
}

void
task_calib_done(struct task_calib *c)
{
	free(c->gpu);
	free(c->task_version);
	free(c->driver);
	free(c->measured);
	free(c->how);
	free(c->file);
	memset(c, 0, sizeof *c);
}

static char *
calib_str(json_t *j, const char *key)
{
	const char	*v = json_string_value(json_object_get(j, key));

	return (v != NULL && *v != '\0' ? xstrdup(v) : NULL);
}

int
task_calib_read(const char *path, struct task_calib *c, char **cause)
{
	json_error_t	 jerr;
	json_t		*j, *ys, *yr;

	memset(c, 0, sizeof *c);
	if ((j = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr)) == NULL)
		return (set_cause(cause, "%s:%d: %s", path, jerr.line,
		    jerr.text));
	ys = json_object_get(j, "y_start");
	yr = json_object_get(j, "y_ref");
	if (!json_is_object(j) || !json_is_string(json_object_get(j, "gpu")) ||
	    !json_is_number(ys) || !json_is_number(yr)) {
		json_decref(j);
		return (set_cause(cause, "%s: a calibration needs \"gpu\" (a "
		    "string), \"y_start\" and \"y_ref\" (numbers)", path));
	}
	if (json_number_value(ys) == json_number_value(yr) ||
	    !isfinite(json_number_value(ys)) ||
	    !isfinite(json_number_value(yr))) {
		json_decref(j);
		return (set_cause(cause, "%s: y_start and y_ref must be "
		    "different numbers", path));
	}
	c->gpu = calib_str(j, "gpu");
	c->task_version = calib_str(j, "task_version");
	c->y_start = json_number_value(ys);
	c->y_ref = json_number_value(yr);
	c->driver = calib_str(j, "driver");
	c->measured = calib_str(j, "measured");
	c->how = calib_str(j, "how");
	c->file = xstrdup(path);
	json_decref(j);
	if (c->gpu == NULL) {
		task_calib_done(c);
		return (set_cause(cause, "%s: \"gpu\" is empty", path));
	}
	return (0);
}

static int
calib_name_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* Every .json file in the pack's calibrations folder, by name. */
static int
task_load_calibs(struct task *t, char **cause)
{
	DIR		*d;
	struct dirent	*de;
	char		*dir, **names = NULL, *p;
	size_t		 len;
	int		 n = 0, i, j, rc = 0;

	dir = path_join(t->dir, "calibrations");
	if ((d = opendir(dir)) == NULL) {
		free(dir);
		return (0);
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 6 ||
		    strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, calib_name_cmp);
	t->calibs = xcalloc(n + 1, sizeof *t->calibs);
	for (i = 0; i < n && rc == 0; i++) {
		p = path_join(dir, names[i]);
		if (task_calib_read(p, &t->calibs[t->ncalibs], cause) != 0)
			rc = -1;
		else {
			for (j = 0; j < t->ncalibs; j++) {
				if (strcmp(t->calibs[j].gpu,
				    t->calibs[t->ncalibs].gpu) == 0)
					break;
			}
			if (j < t->ncalibs) {
				rc = set_cause(cause, "%s: a second calibration "
				    "for %s (the first is %s)", p,
				    t->calibs[j].gpu, t->calibs[j].file);
				task_calib_done(&t->calibs[t->ncalibs]);
			} else
				t->ncalibs++;
		}
		free(p);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(dir);
	return (rc);
}

const struct task_calib *
task_calib_for(const struct task *t, const char *gpu)
{
	int	i;

	if (gpu == NULL)
		return (NULL);
	for (i = 0; i < t->ncalibs; i++) {
		if (strcmp(t->calibs[i].gpu, gpu) == 0)
			return (&t->calibs[i]);
	}
	return (NULL);
}

char *
task_calib_file(const char *gpu)
{
	struct buf	 b;
	const char	*p;
	int		 sep = 0;

	buf_init(&b);
	for (p = gpu; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) {
			if (sep && b.len > 0)
				buf_addstr(&b, "_");
			buf_printf(&b, "%c", *p);
			sep = 0;
		} else if (*p >= 'A' && *p <= 'Z') {
			if (sep && b.len > 0)
				buf_addstr(&b, "_");
			buf_printf(&b, "%c", *p - 'A' + 'a');
			sep = 0;
		} else
			sep = 1;
	}
	if (b.len == 0)
		buf_addstr(&b, "gpu");
	buf_addstr(&b, ".json");
	return (buf_cstr(&b));
}

char *
task_calib_list(const struct task *t)
{
	struct buf	b;
	int		i;

	buf_init(&b);
	for (i = 0; i < t->ncalibs; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", t->calibs[i].gpu);
	return (buf_cstr(&b));
}

void
task_destroy(struct task *t)
{
	int	i;

	if (t == NULL)
		return;
	for (i = 0; i < t->ncalibs; i++)
		task_calib_done(&t->calibs[i]);
	free(t->calibs);
	free(t->dir);
	free(t->manifest);
	free(t->id);
	free(t->version);
	free(t->title);
	free(t->gpu_model);
	for (i = 0; i < t->ncommands; i++)
		free(t->commands[i]);
	free(t->commands);
	for (i = 0; i < t->nmodules; i++)
		free(t->modules[i]);
	free(t->modules);
	for (i = 0; i < t->nassets; i++) {
		free(t->assets[i].name);
		free(t->assets[i].path);
		free(t->assets[i].sha256);
		free(t->assets[i].source);
		free(t->assets[i].build);
		free(t->assets[i].what);
	}
	free(t->assets);
	for (i = 0; i < t->nkeys; i++) {
		free(t->keys[i].name);
		free(t->keys[i].what);
		free(t->keys[i].def);
	}
	free(t->keys);
	free(t->scorer);
	free(t->scorer_final);
	free(t->ts_family);
	free(t->ts_task);
	free(t->calibrated_on);
	free(t);
}

int
task_load(const char *dir, struct task **out, char **cause)
{
	struct task	*t;
	char		*text, *abs;
	size_t		 len;

	t = xcalloc(1, sizeof *t);
	if ((abs = realpath(dir, NULL)) == NULL) {
		free(t);
		return (set_cause(cause, "%s: %s", dir, strerror(errno)));
	}
	t->dir = abs;
	t->manifest = path_join(abs, "task.yaml");
	if (file_read(t->manifest, &text, &len, cause) != 0) {
		task_destroy(t);
		return (-1);
	}
	if (task_parse(t->manifest, text, len, t, cause) != 0) {
		free(text);
		task_destroy(t);
		return (-1);
	}
	free(text);
	if (t->ts_family != NULL) {
		char *fam = *t->ts_family == '/' ? xstrdup(t->ts_family) :
		    path_join(abs, t->ts_family), *cmd;

		free(t->ts_family);
		t->ts_family = fam;
		cmd = task_driver_command(t);
		t->scorer = xasprintf("%s intermediate_score", cmd);
		t->scorer_final = xasprintf("%s final", cmd);
		free(cmd);
		/* Each family call has the timeout; a final scoring makes two
		 * and the driver's own work around them. */
		t->scorer_timeout = 2 * t->scorer_timeout + 60;
	}
	if (task_load_calibs(t, cause) != 0) {
		task_destroy(t);
		return (-1);
	}
	*out = t;
	return (0);
}

char *
task_driver_path(void)
{
	const char	*env = getenv("BASELINER_LIBEXEC");
	char		*p;

	if (env != NULL && *env != '\0') {
		p = path_join(env, "taskstd.py");
		if (file_exists(p))
			return (p);
		free(p);
	}
	p = xstrdup(PKGLIBEXECDIR "/taskstd.py");
	if (file_exists(p))
		return (p);
	free(p);
	return (xstrdup(SRCDIR "/libexec/taskstd.py"));
}

char *
task_driver_command(const struct task *t)
{
	char	*d, *f, *k, *cmd;

	d = task_driver_path();
	cmd = sh_quote(d);
	free(d);
	d = cmd;
	f = sh_quote(t->ts_family);
	k = sh_quote(t->ts_task);
	cmd = xasprintf("python3 %s --family %s --task %s --timeout %.0f", d,
	    f, k, t->scorer_timeout);
	free(d);
	free(f);
	free(k);
	return (cmd);
}

char **
task_path(void)
{
	char		**v = NULL, *copy, *s, *next;
	const char	 *env;
	int		  n = 0;

	if ((env = getenv("BASELINER_TASKS")) != NULL) {
		copy = xstrdup(env);
		for (s = copy; s != NULL; s = next) {
			if ((next = strchr(s, ':')) != NULL)
				*next++ = '\0';
			if (*s == '\0')
				continue;
			v = xreallocarray(v, n + 2, sizeof *v);
			v[n++] = xstrdup(s);
		}
		free(copy);
	}
	v = xreallocarray(v, n + 3, sizeof *v);
	v[n++] = xstrdup(PKGDATADIR "/tasks");
	v[n++] = xstrdup("tasks");
	v[n] = NULL;
	return (v);
}

void
task_path_destroy(char **v)
{
	int	i;

	for (i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

int
task_find(const char *id, struct task **out, char **cause)
{
	char	**path, *dir, *manifest;
	int	  i, rc = -1;

	if (strchr(id, '/') != NULL)
		return (task_load(id, out, cause));
	path = task_path();
	for (i = 0; path[i] != NULL; i++) {
		dir = path_join(path[i], id);
		manifest = path_join(dir, "task.yaml");
		if (file_exists(manifest)) {
			rc = task_load(dir, out, cause);
			if (rc == 0 && task_check_folder(*out, id, cause) != 0) {
				task_destroy(*out);
				*out = NULL;
				rc = -1;
			}
			free(manifest);
			free(dir);
			task_path_destroy(path);
			return (rc);
		}
		free(manifest);
		free(dir);
	}
	task_path_destroy(path);
	return (set_cause(cause, "unknown task '%s' (see 'baseliner tasks')",
	    id));
}

int
task_check_folder(const struct task *t, const char *folder, char **cause)
{
	if (strcmp(folder, t->id) == 0)
		return (0);
	return (set_cause(cause, "%s:%d: id: '%s' is not the name of the "
	    "pack's folder '%s' (packs are found by their folder)",
	    t->manifest, t->line_id, t->id, folder));
}

char *
task_assets_dir(const struct task *t)
{
	const char	*s = getenv("BASELINER_ASSETS");
	char		*base, *dir;

	base = s != NULL && *s != '\0' ? xstrdup(s) : path_join(home_dir(),
	    "assets");
	dir = path_join(base, t->id);
	free(base);
	return (dir);
}

char *
task_keys_path(void)
{
	const char	*s = getenv("BASELINER_KEYS");

	if (s != NULL && *s != '\0')
		return (xstrdup(s));
	return (path_join(home_dir(), "keys.env"));
}

char *
task_key_value(const struct task_key *k)
{
	char	*path, *text, *line, *next, *v = NULL;
	size_t	 len, n = strlen(k->name);

	path = task_keys_path();
	if (file_read(path, &text, &len, NULL) == 0) {
		for (line = text; line != NULL; line = next) {
			if ((next = strchr(line, '\n')) != NULL)
				*next++ = '\0';
			line += strspn(line, " \t");
			if (strncmp(line, k->name, n) == 0 && line[n] == '=' &&
			    line[n + 1] != '\0') {
				free(v);
				v = xstrdup(line + n + 1);
			}
		}
		free(text);
	}
	free(path);
	if (v == NULL && k->def != NULL)
		v = xstrdup(k->def);
	return (v);
}

/* The Python modules of the list that the scorer's Python cannot import. */
static void
task_missing_modules(const struct task *t, struct buf *out)
{
	struct buf	 cmd;
	const char	*py = getenv("BASELINER_PYTHON");
	char		 line[512];
	FILE		*f;
	int		 i;

	if (t->nmodules == 0)
		return;
	buf_init(&cmd);
	buf_printf(&cmd, "'%s' -c 'import importlib.util as u, sys\n"
	    "for m in sys.argv[1:]:\n"
	    "  try:\n    ok = u.find_spec(m) is not None\n"
	    "  except Exception:\n    ok = False\n"
	    "  print(m if not ok else \"\")' ", py != NULL && *py != '\0' &&
	    strchr(py, '\'') == NULL ? py : "python3");
	for (i = 0; i < t->nmodules; i++)
		buf_printf(&cmd, " %s", t->modules[i]);
	buf_addstr(&cmd, " 2>/dev/null");
	if ((f = popen(buf_cstr(&cmd), "r")) == NULL) {
		buf_addstr(out, "python3");
		buf_done(&cmd);
		return;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (*line != '\0')
			buf_printf(out, "%s%s", out->len ? ", " : "", line);
	}
	if (pclose(f) != 0 && out->len == 0)
		buf_addstr(out, "python3");
	buf_done(&cmd);
}

/* CPUs, memory, disk, Python modules, assets and keys. */
static int
task_check_resources(const struct task *t, struct buf *why, int n0)
{
	struct statvfs	 sv;
	struct buf	 mods;
	char		*dir, *p, *v;
	long		 ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	double		 mem, disk;
	int		 i, n = 0, nmiss = 0;

#define SEP ((n0 + n++) ? "; " : "")
	if (t->cpus > 0 && ncpu > 0 && ncpu < t->cpus)
		buf_printf(why, "%sneeds %d CPUs, this host has %ld", SEP,
		    t->cpus, ncpu);
	mem = (double)sysconf(_SC_PHYS_PAGES) * sysconf(_SC_PAGESIZE) / 1e9;
	/* Hosts report a little less than their nominal memory. */
	if (t->memory_gb > 0 && mem > 0 && mem < 0.9 * t->memory_gb)
		buf_printf(why, "%sneeds %.0f GB of memory, this host has "
		    "%.0f", SEP, t->memory_gb, mem);
	buf_init(&mods);
	task_missing_modules(t, &mods);
	if (mods.len > 0)
		buf_printf(why, "%sPython module%s missing: %s", SEP,
		    strchr(buf_cstr(&mods), ',') ? "s" : "", buf_cstr(&mods));
	buf_done(&mods);
	dir = task_assets_dir(t);
	for (i = 0; i < t->nassets; i++) {
		p = path_join(dir, t->assets[i].path);
		if (!file_exists(p))
			nmiss++;
		free(p);
	}
	if (nmiss > 0)
		buf_printf(why, "%s%d of %d assets missing in %s (run 'baseliner "
		    "task prepare %s')", SEP, nmiss, t->nassets, dir, t->id);
	if (t->disk_gb > 0) {
		p = xstrdup(dir);
		while (!dir_exists(p) && strrchr(p, '/') != NULL &&
		    strrchr(p, '/') != p)
			*strrchr(p, '/') = '\0';
		disk = statvfs(p, &sv) == 0 ? (double)sv.f_bavail *
		    sv.f_frsize / 1e9 : -1;
		if (disk >= 0 && disk < t->disk_gb && nmiss > 0)
			buf_printf(why, "%sneeds %.0f GB of disk for its "
			    "assets, %s has %.0f free", SEP, t->disk_gb, p,
			    disk);
		free(p);
	}
	free(dir);
	for (i = 0; i < t->nkeys; i++) {
		if ((v = task_key_value(&t->keys[i])) == NULL) {
			p = task_keys_path();
			buf_printf(why, "%skey %s missing from %s", SEP,
			    t->keys[i].name, p);
			free(p);
		}
		free(v);
	}
#undef SEP
	return (n);
}

int
task_check_host(const struct task *t, struct buf *why)
{
	static const char *const parts[] = { "brief.md", "start", "scoring" };
	char	*p;
	int	 i, n = 0, have;

	if (t->ts_family != NULL) {
		char *base = xstrdup(t->ts_family), *py;

		while (strlen(base) > 1 && base[strlen(base) - 1] == '/')
			base[strlen(base) - 1] = '\0';
		py = xasprintf("%s/%s.py", t->ts_family, strrchr(base, '/') ?
		    strrchr(base, '/') + 1 : base);
		if (!file_exists(py))
			buf_printf(why, "%sthe family's %s is missing", n++ ?
			    "; " : "", py);
		free(py);
		free(base);
		if ((p = find_in_path("python3")) == NULL)
			buf_printf(why, "%s'python3' not found on PATH (it runs "
			    "the Task Standard family)", n++ ? "; " : "");
		free(p);
	}
	for (i = 0; i < (int)nitems(parts); i++) {
		if (t->ts_family != NULL)
			break;	/* the family gives the brief and the start */
		p = path_join(t->dir, parts[i]);
		if (i == 0 ? !file_exists(p) : !dir_exists(p)) {
			buf_printf(why, "%s%s missing from the pack", n++ ?
			    "; " : "", parts[i]);
		}
		free(p);
	}
	for (i = 0; i < t->ncommands; i++) {
		if ((p = find_in_path(t->commands[i])) == NULL)
			buf_printf(why, "%s'%s' not found on PATH", n++ ?
			    "; " : "", t->commands[i]);
		free(p);
	}
	if (t->gpus > 0) {
		have = 0;
		if (gpu_init(&p) == 0)
			have = gpu_count();
		else
			free(p);
		if (have < t->gpus)
			buf_printf(why, "%sneeds %d GPU%s, this host has %d",
			    n++ ? "; " : "", t->gpus, t->gpus == 1 ? "" : "s",
			    have);
		else if (t->gpu_model != NULL) {
			struct gpu_sample g;

			if (gpu_read(0, &g, NULL) == 0 &&
			    (g.valid & GPU_V_NAME) &&
			    strstr(g.name, t->gpu_model) == NULL)
				buf_printf(why, "%sneeds a GPU like %s, this "
				    "host has %s", n++ ? "; " : "",
				    t->gpu_model, g.name);
		}
	}
	n += task_check_resources(t, why, n);
	return (n);
}
