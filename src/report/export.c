/*
 * export.c: writing a session out as a trajectory. Everything is read from
 * the session's database (opened read-only, so a live session can be
 * exported while its server writes) and its checkpoint repository.
 *
 * The bundle is made with libgit2's pack builder: a v2 bundle is a header
 * naming refs/heads/main, a blank line, then a pack holding every object
 * reachable from it, so every scored commit comes along.
 *
 * --anonymize replaces the participant id with a stable hash, leaves out
 * typed input (passwords typed at a prompt that does not echo would
 * otherwise be in it), and masks what looks like a secret in the output
 * and the notes: values of environment assignments whose names say KEY,
 * TOKEN, SECRET, PASSWORD or CREDENTIAL, and API keys of the common forms.
 * Masking keeps the length, so the recording's timing and the screen's
 * layout are unchanged; the terminal stream is scrubbed as one piece per
 * pane, so a secret split across two chunks is still caught.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <unistd.h>

#include <git2.h>
#include <sodium.h>

#include "cast.h"
#include "chain.h"
#include "export.h"
#include "inspect.h"
#include "json_field.h"
#include "session.h"
#include "store.h"
#include "util.h"

static const char *const secret_patterns[] = {
	/* NAME=value where NAME says it is secret: the value. */
	"[A-Za-z0-9_]*(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL)[A-Za-z0-9_]*"
	    "[ \t]*[=:][ \t]*[\"']?([^\"' \t\r\n;&|]{4,})",
	"(sk-[A-Za-z0-9_-]{16,})",			/* OpenAI-style */
	"(sk-ant-[A-Za-z0-9_-]{16,})",
	"(ghp_[A-Za-z0-9]{20,})",			/* GitHub */
	"(github_pat_[A-Za-z0-9_]{20,})",
	"(hf_[A-Za-z0-9]{20,})",			/* Hugging Face */
	"(AKIA[0-9A-Z]{16})",				/* AWS */
	"(xox[abprs]-[A-Za-z0-9-]{10,})",		/* Slack */
	NULL
};

int
export_scrub(char *s, size_t len)
{
	regex_t		 re;
	regmatch_t	 m[3];
	char		*copy, *p;
	size_t		 i, off;
	int		 n = 0, g;

	/* regexec needs a string: work on a copy with NULs made visible. */
	copy = xmalloc(len + 1);
	for (i = 0; i < len; i++)
		copy[i] = s[i] == '\0' ? ' ' : s[i];
	copy[len] = '\0';
	for (i = 0; secret_patterns[i] != NULL; i++) {
		if (regcomp(&re, secret_patterns[i], REG_EXTENDED) != 0)
			continue;
		for (p = copy; *p != '\0' && regexec(&re, p, 3, m,
		    p == copy ? 0 : REG_NOTBOL) == 0; p += m[0].rm_eo) {
			g = m[2].rm_so != -1 ? 2 : 1;
			off = p - copy;
			memset(s + off + m[g].rm_so, '*', m[g].rm_eo -
			    m[g].rm_so);
			memset(copy + off + m[g].rm_so, '*', m[g].rm_eo -
			    m[g].rm_so);
			n++;
			if (m[0].rm_eo == 0)
				break;
		}
		regfree(&re);
	}
	free(copy);
	return (n);
}

static unsigned char	export_key[crypto_generichash_KEYBYTES];
static int		export_have_key;

int
export_study_key(const char *path, char **cause)
{
	unsigned char	 fresh[32];
	char		*def = NULL, *text = NULL;
	size_t		 len;
	int		 fd, rc = -1;

	if (path == NULL && export_have_key)
		return (0);
	if (sodium_init() < 0)
		return (set_cause(cause, "libsodium cannot start"));
	if (path == NULL && (path = getenv("BASELINER_STUDY_KEY")) == NULL)
		path = def = path_join(home_dir(), "study.key");
	if (!file_exists(path)) {
		if (def == NULL) {
			set_cause(cause, "%s: no such study key", path);
			goto out;
		}
		/* The first anonymized export on this host makes one. */
		randombytes_buf(fresh, sizeof fresh);
		if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1 ||
		    write(fd, fresh, sizeof fresh) != (ssize_t)sizeof fresh) {
			set_cause(cause, "%s: %s", path, strerror(errno));
			if (fd != -1)
				close(fd);
			goto out;
		}
		close(fd);
	}
	if (file_read(path, &text, &len, cause) != 0)
		goto out;
	if (len < 16) {
		set_cause(cause, "%s: a study key needs at least 16 bytes",
		    path);
		goto out;
	}
	/* Any length of key file, one key of the hash's size. */
	crypto_generichash(export_key, sizeof export_key,
	    (const unsigned char *)text, len, NULL, 0);
	export_have_key = 1;
	rc = 0;
out:
	if (text != NULL)
		sodium_memzero(text, len);
	free(text);
	free(def);
	return (rc);
}

char *
export_anon_id(const char *participant)
{
	unsigned char	h[16];
	char		hex[2 * sizeof h + 1];

	if (export_study_key(NULL, NULL) != 0)
		return (NULL);
	crypto_generichash(h, sizeof h, (const unsigned char *)participant,
	    strlen(participant), export_key, sizeof export_key);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	return (xasprintf("anon-%.12s", hex));
}

int
export_mask_prompts(char *s, size_t len)
{
	size_t	i, a, b;
	int	n = 0;

#define EXPORT_NAMECH(c) (isalnum((unsigned char)(c)) || (c) == '_' || \
	(c) == '-' || (c) == '.')
	for (i = 0; i < len; i++) {
		if (s[i] != '@')
			continue;
		for (a = i; a > 0 && EXPORT_NAMECH(s[a - 1]); a--)
			/* nothing */;
		for (b = i + 1; b < len && EXPORT_NAMECH(s[b]); b++)
			/* nothing */;
		if (a == i || b == i + 1)
			continue;
		memset(s + a, '*', b - a);
		n++;
		i = b;
	}
#undef EXPORT_NAMECH
	return (n);
}

static int
write_json(const char *dir, const char *name, json_t *j, char **cause)
{
	char	*path = path_join(dir, name);
	int	 rc;

	rc = json_dump_file(j, path, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
	if (rc != 0)
		set_cause(cause, "%s: cannot write", path);
	free(path);
	return (rc == 0 ? 0 : -1);
}

static int
write_jsonl(const char *dir, const char *name, json_t *rows, char **cause)
{
	char	*path = path_join(dir, name), *line;
	FILE	*f;
	json_t	*row;
	size_t	 i;

	if ((f = fopen(path, "w")) == NULL) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		free(path);
		return (-1);
	}
	json_array_foreach(rows, i, row) {
		line = json_dumps(row, JSON_COMPACT | JSON_REAL_PRECISION(10));
		fprintf(f, "%s\n", line);
		free(line);
	}
	free(path);
	return (fclose(f) == 0 ? 0 : set_cause(cause, "%s: write failed",
	    name));
}

static void
csv_field(FILE *f, const char *s)
{
	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\n\r") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void
csv_value(FILE *f, json_t *v)
{
	char	*text;

	if (v == NULL || json_is_null(v))
		return;
	if (json_is_string(v))
		csv_field(f, json_string_value(v));
	else if (json_is_integer(v))
		fprintf(f, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		fprintf(f, "%.10g", json_real_value(v));
	else if (json_is_boolean(v))
		fputs(json_is_true(v) ? "true" : "false", f);
	else {
		/* 0.1 in a scorer's message stays 0.1 (json_dumps wrote
		 * 0.10000000000000001). */
		text = json_field_text_short(v);
		csv_field(f, text);
		free(text);
	}
}

static int
write_scores_csv(const char *dir, json_t *rows, char **cause)
{
	static const char *const cols[] = { "id", "requested_wall",
	    "elapsed_s", "finished_wall", "finished_elapsed", "status",
	    "reason", "raw", "normalized", "message", "details", "commit",
	    "is_start", "is_final", "visible" };
	char	*path = path_join(dir, "scores.csv");
	FILE	*f;
	json_t	*row;
	size_t	 i, c;

	if ((f = fopen(path, "w")) == NULL) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		free(path);
		return (-1);
	}
	free(path);
	for (c = 0; c < nitems(cols); c++)
		fprintf(f, "%s%s", c ? "," : "", cols[c]);
	fputc('\n', f);
	json_array_foreach(rows, i, row) {
		for (c = 0; c < nitems(cols); c++) {
			if (c)
				fputc(',', f);
			csv_value(f, json_object_get(row, cols[c]));
		}
		fputc('\n', f);
	}
	return (fclose(f) == 0 ? 0 : set_cause(cause, "scores.csv: write "
	    "failed"));
}

/* The score rows as researchers get them (everything, hidden or not). */
static json_t *
export_scores(struct store *st)
{
	json_t	*all, *rows, *row;
	size_t	 i;

	all = session_scores_json(st, 1);
	rows = json_incref(json_object_get(all, "scores"));
	json_decref(all);
	json_array_foreach(rows, i, row) {
		json_object_set(row, "elapsed_s", json_object_get(row,
		    "requested_elapsed"));
		json_object_set_new(row, "is_start", json_boolean(
		    json_integer_value(json_object_get(row, "is_start"))));
		json_object_set_new(row, "is_final", json_boolean(
		    json_integer_value(json_object_get(row, "is_final"))));
		json_object_set_new(row, "visible", json_boolean(
		    json_integer_value(json_object_get(row, "visible"))));
	}
	return (rows);
}

static json_t *
export_session_json(struct store *st, json_t *info, json_t *scores,
    const char *participant)
{
	json_t		*j, *row, *fin = json_null();
	size_t		 i;
	const char	*dir = json_string_value(json_object_get(info,
			    "direction"));

	json_array_foreach(scores, i, row) {
		if (json_is_true(json_object_get(row, "best")))
			fin = json_pack("{sO sO sO sO}", "raw",
			    json_object_get(row, "raw"), "normalized",
			    json_object_get(row, "normalized"), "score_id",
			    json_object_get(row, "id"), "commit",
			    json_object_get(row, "commit"));
	}
	j = json_pack("{sO s{sO sO sO} ss ss s{sO sO sO sO} sO sO sO sO sO "
	    "s{ss sO sO sO sO} so sO}",
	    "id", json_object_get(info, "id"),
	    "task", "id", json_object_get(info, "task_id"), "version",
	    json_object_get(info, "task_version"), "title",
	    json_object_get(info, "task_title"),
	    "participant", participant,
	    "kind", "human",
	    "hardware", "host", json_object_get(info, "host"), "gpu_model",
	    json_object_get(info, "gpu_model"), "gpu_count",
	    json_object_get(info, "gpu_count"), "gpus",
	    json_object_get(info, "gpus"),
	    "limit_s", json_object_get(info, "limit_s"),
	    "start", json_object_get(info, "start_wall"),
	    "end", json_object_get(info, "end_wall"),
	    "end_reason", json_object_get(info, "end_reason"),
	    "elapsed_s", json_object_get(info, "end_elapsed") != NULL &&
	    !json_is_null(json_object_get(info, "end_elapsed")) ?
	    json_object_get(info, "end_elapsed") :
	    json_object_get(info, "elapsed_s"),
	    "scoring", "direction", dir ? dir : "lower", "y_start",
	    json_object_get(info, "y_start"), "y_ref",
	    json_object_get(info, "y_ref"), "aggregation",
	    json_object_get(info, "aggregation"), "visibility",
	    json_object_get(info, "visibility"),
	    "final", fin,
	    "calibration", json_object_get(info, "calibration"));
	json_object_set_new(j, "state", json_incref(json_object_get(info,
	    "state")));
	/* The calibration this session normalized with (per card), for the
	 * report; a Task Standard family's own final score beside ours. */
	{
		const char	*cd = json_string_value(json_object_get(info,
				    "calibration_detail"));
		json_t		*v = cd ? json_loads(cd, 0, NULL) : NULL;

		json_object_set_new(j, "calibration_detail", v ? v :
		    json_null());
	}
	if (json_is_string(json_object_get(info, "family"))) {
		const char	*o = json_string_value(json_object_get(info,
				    "family_score_output"));
		json_t		*v = o ? json_loads(o, 0, NULL) : NULL;

		json_object_set_new(j, "task_standard", json_pack(
		    "{sO sO sO so}", "family", json_object_get(info, "family"),
		    "final_score", json_object_get(info, "family_score") ?
		    json_object_get(info, "family_score") : json_null(),
		    "final_status", json_object_get(info,
		    "family_score_status") ? json_object_get(info,
		    "family_score_status") : json_null(),
		    "final_output", v ? v : o ? json_string(o) : json_null()));
	}
	json_object_set_new(j, "pauses", store_query_json(st, NULL,
	    "SELECT start_wall, end_wall, elapsed, reason, by FROM pause "
	    "ORDER BY id"));
	return (j);
}

/* The timeline: events, plus the commands run in the shells. */
static void	mask_word(char *, size_t, const char *);

/* A string field of o with secrets masked and the participant's id, where
 * it was typed or shown, hidden. */
static void
export_scrub_field(json_t *o, const char *key, const char *who)
{
	char	*text;

	if (!json_is_string(json_object_get(o, key)))
		return;
	text = xstrdup(json_string_value(json_object_get(o, key)));
	export_scrub(text, strlen(text));
	if (who != NULL)
		mask_word(text, strlen(text), who);
	json_object_set_new(o, key, json_string(text));
	free(text);
}

static json_t *
export_events(struct store *st, int flags, const char *who)
{
	int	 anonymize = (flags & EXPORT_ANONYMIZE) != 0;
	json_t	*rows, *cmds, *row, *data;
	size_t	 i;
	char	*text;

	rows = store_query_json(st, NULL, "SELECT seq, wall, elapsed, kind, "
	    "actor, data FROM event ORDER BY seq");
	if (rows == NULL)
		rows = json_array();
	json_array_foreach(rows, i, row) {
		data = json_loads(json_string_value(json_object_get(row,
		    "data")), 0, NULL);
		if (anonymize && data != NULL) {
			json_object_del(data, "participant");
			export_scrub_field(data, "text", who);
		}
		json_object_set_new(row, "data", data ? data : json_object());
	}
	cmds = store_query_json(st, NULL, "SELECT id, pane_id, start_wall, "
	    "start_elapsed, end_wall, end_elapsed, cwd, cmdline, exit_status "
	    "FROM command ORDER BY id");
	json_array_foreach(cmds, i, row) {
		if (anonymize && (flags & EXPORT_STRIP_COMMANDS))
			json_object_set_new(row, "cmdline", json_null());
		else if (anonymize) {
			export_scrub_field(row, "cmdline", who);
			if (flags & EXPORT_STRIP_PROMPTS) {
				text = xstrdup(json_string_value(
				    json_object_get(row, "cmdline")));
				export_mask_prompts(text, strlen(text));
				json_object_set_new(row, "cmdline",
				    json_string(text));
				free(text);
			}
		}
		if (anonymize)
			export_scrub_field(row, "cwd", who);
		if (anonymize && (flags & EXPORT_STRIP_PROMPTS) &&
		    json_is_string(json_object_get(row, "cwd"))) {
			text = xstrdup(json_string_value(json_object_get(row,
			    "cwd")));
			export_mask_prompts(text, strlen(text));
			json_object_set_new(row, "cwd", json_string(text));
			free(text);
		}
		json_array_append_new(rows, json_pack("{ss sO sO ss ss sO}",
		    "kind", "command", "wall", json_object_get(row,
		    "start_wall"), "elapsed", json_object_get(row,
		    "start_elapsed"), "actor", "participant", "source",
		    "shell", "data", row));
	}
	json_decref(cmds);
	return (rows);
}

struct pack_out {
	FILE	*f;
};

static int
pack_cb(void *data, size_t len, void *arg)
{
	struct pack_out	*p = arg;

	return (fwrite(data, 1, len, p->f) == len ? 0 : -1);
}

static int
export_bundle(const char *session_dir, const char *out, char **cause)
{
	git_repository	*repo = NULL;
	git_packbuilder	*pb = NULL;
	git_revwalk	*walk = NULL;
	git_oid		 head;
	struct pack_out	 p = { NULL };
	char		*git, *path, hex[GIT_OID_HEXSZ + 1];
	const git_error	*e;
	int		 rc = -1;

	git_libgit2_init();
	git = path_join(session_dir, "checkpoints.git");
	path = path_join(out, "checkpoints.bundle");
	if (git_repository_open_bare(&repo, git) != 0 ||
	    git_reference_name_to_id(&head, repo, "refs/heads/main") != 0 ||
	    git_packbuilder_new(&pb, repo) != 0 ||
	    git_revwalk_new(&walk, repo) != 0 ||
	    git_revwalk_push(walk, &head) != 0 ||
	    git_packbuilder_insert_walk(pb, walk) != 0) {
		e = git_error_last();
		set_cause(cause, "bundle: %s", e ? e->message : "libgit2");
		goto out;
	}
	if ((p.f = fopen(path, "wb")) == NULL) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		goto out;
	}
	git_oid_tostr(hex, sizeof hex, &head);
	fprintf(p.f, "# v2 git bundle\n%s refs/heads/main\n%s HEAD\n\n", hex,
	    hex);
	if (git_packbuilder_foreach(pb, pack_cb, &p) != 0) {
		set_cause(cause, "bundle: writing the pack failed");
		goto out;
	}
	rc = 0;
out:
	if (p.f != NULL && fclose(p.f) != 0 && rc == 0)
		rc = set_cause(cause, "%s: write failed", path);
	git_revwalk_free(walk);
	git_packbuilder_free(pb);
	git_repository_free(repo);
	git_libgit2_shutdown();
	free(git);
	free(path);
	return (rc);
}

/*
 * A copy of one pane's recording in a private in-memory store, scrubbed:
 * output chunks are joined, masked as one stream and cut again at the
 * same places; input is left out.
 */
static void
mask_word(char *s, size_t len, const char *word)
{
	size_t	n = strlen(word), i;

	if (n == 0 || n > len)
		return;
	for (i = 0; i + n <= len; i++) {
		if (memcmp(s + i, word, n) == 0)
			memset(s + i, '*', n);
	}
}

/*
 * A copy of one pane's recording with the output scrubbed and typing left
 * out. The server may be recording this pane while we read: the rows are
 * read in one pass inside one read transaction, so they are one snapshot,
 * and the output is scrubbed as one text (a secret cut across two records
 * is still found).
 */
static struct store *
export_scrubbed_pane(struct store *st, int pane, const char *who,
    int prompts, char **cause)
{
	struct export_rec {
		int64_t		 wall;
		double		 elapsed;
		char		 kind;
		size_t		 off, len;	/* into out or other */
	}			*recs = NULL;
	struct store		*mem = NULL;
	struct store_cursor	*c;
	struct buf		 out, other, *b;
	const char		*kind;
	const void		*data;
	size_t			 n = 0, size = 0, len, i;
	int			 rc;

	if (store_begin(st, cause) != 0)
		return (NULL);
	c = store_select(st, cause, "SELECT wall_ms, elapsed, kind, data "
	    "FROM recording WHERE pane_id = ? ORDER BY id", store_int(pane));
	if (c == NULL) {
		store_rollback(st);
		return (NULL);
	}
	buf_init(&out);
	buf_init(&other);
	while ((rc = store_next(c, cause)) == 1) {
		kind = store_col_text(c, 2);
		if (kind == NULL || *kind == 'i')
			continue;
		if (n == size) {
			size = size ? size * 2 : 256;
			recs = xreallocarray(recs, size, sizeof *recs);
		}
		data = store_col_blob(c, 3, &len);
		b = *kind == 'o' ? &out : &other;
		recs[n].wall = store_col_int(c, 0);
		recs[n].elapsed = store_col_real(c, 1);
		recs[n].kind = *kind;
		recs[n].off = b->len;
		recs[n].len = len;
		if (len > 0)
			buf_add(b, data, len);
		n++;
	}
	store_cursor_end(c);
	store_commit(st, NULL);	/* the end of a read: nothing to fail */
	if (rc != 0)
		goto out;

	if (out.len > 0) {
		export_scrub(out.data, out.len);
		mask_word(out.data, out.len, who);
		if (prompts)
			export_mask_prompts(out.data, out.len);
	}
	if (store_open(":memory:", 0, &mem, cause) != 0)
		goto out;
	if (store_begin(mem, cause) != 0)
		goto fail;
	for (i = 0; i < n; i++) {
		b = recs[i].kind == 'o' ? &out : &other;
		if (store_record(mem, pane, recs[i].wall, recs[i].elapsed,
		    recs[i].kind, b->data != NULL ? b->data + recs[i].off : "",
		    recs[i].len, cause) != 0) {
			store_rollback(mem);
			goto fail;
		}
	}
	if (store_commit(mem, cause) != 0)
		goto fail;
	goto out;
fail:
	store_close(mem);
	mem = NULL;
out:
	buf_done(&out);
	buf_done(&other);
	free(recs);
	return (mem);
}

static int
export_casts(struct store *st, const char *out, json_t *scores,
    const char *anon_who, int prompts, char **cause)
{
	json_t		*panes, *pane, *marks, *cks, *row;
	struct store	*src;
	char		*path, *label;
	FILE		*f;
	size_t		 i, j;
	int		 id, rc = 0;

	panes = store_query_json(st, NULL, "SELECT DISTINCT pane_id FROM "
	    "recording ORDER BY pane_id");
	if (panes == NULL)
		return (0);
	/* Markers at every score and checkpoint. */
	marks = json_array();
	json_array_foreach(scores, j, row) {
		label = xasprintf("score %lld: %s",
		    (long long)json_integer_value(json_object_get(row, "id")),
		    json_string_value(json_object_get(row, "status")));
		json_array_append_new(marks, json_pack("{sO ss}", "elapsed",
		    json_object_get(row, "finished_elapsed") != NULL &&
		    !json_is_null(json_object_get(row, "finished_elapsed")) ?
		    json_object_get(row, "finished_elapsed") :
		    json_object_get(row, "requested_elapsed"), "label", label));
		free(label);
	}
	cks = store_query_json(st, NULL, "SELECT id, elapsed, trigger FROM "
	    "checkpoint ORDER BY id");
	json_array_foreach(cks, j, row) {
		label = xasprintf("checkpoint %lld (%s)",
		    (long long)json_integer_value(json_object_get(row, "id")),
		    json_string_value(json_object_get(row, "trigger")));
		json_array_append_new(marks, json_pack("{sO ss}", "elapsed",
		    json_object_get(row, "elapsed"), "label", label));
		free(label);
	}
	json_decref(cks);
	json_array_foreach(panes, i, pane) {
		id = (int)json_integer_value(json_object_get(pane, "pane_id"));
		src = anon_who ? export_scrubbed_pane(st, id, anon_who,
		    prompts, cause) :
		    st;
		if (src == NULL) {
			rc = -1;
			break;
		}
		path = xasprintf("%s/pane-%d.cast", out, id);
		if ((f = fopen(path, "w")) == NULL) {
			rc = set_cause(cause, "%s: %s", path, strerror(errno));
		} else {
			rc = cast_write(src, id, f, marks, cause);
			if (fclose(f) != 0 && rc == 0)
				rc = set_cause(cause, "%s: write failed", path);
		}
		free(path);
		if (anon_who)
			store_close(src);
		if (rc != 0)
			break;
	}
	json_decref(marks);
	json_decref(panes);
	return (rc);
}

int
export_session(const char *dir, const char *out, int flags, char **cause)
{
	struct store	*st = NULL;
	json_t		*info = NULL, *scores = NULL, *session = NULL;
	json_t		*events = NULL, *log = NULL;
	char		*db, *participant = NULL, *brief = NULL, *bp;
	char		*ipath = NULL, *epath = NULL;
	int		 anon = (flags & EXPORT_ANONYMIZE) != 0, rc = -1;
	char		*head = NULL, *hp;
	size_t		 head_len = 0;

	/* The chain's signed head (chain.h), read before the store: the
	 * store only grows, so the chain exported reaches it. */
	hp = path_join(dir, "head.json");
	if (file_exists(hp) && file_read(hp, &head, &head_len, cause) != 0) {
		free(hp);
		return (-1);
	}
	free(hp);
	db = path_join(dir, "session.db");
	if (store_open(db, STORE_READONLY, &st, cause) != 0) {
		free(db);
		free(head);
		return (-1);
	}
	free(db);
	if ((info = session_info_json(st)) == NULL) {
		set_cause(cause, "%s: no session in the database", dir);
		goto out;
	}
	if (mkdir_p(out, 0755, cause) != 0)
		goto out;
	participant = anon ? export_anon_id(json_string_value(
	    json_object_get(info, "participant"))) :
	    xstrdup(json_string_value(json_object_get(info, "participant")));
	if (participant == NULL) {
		set_cause(cause, "no study key for anonymous ids (see "
		    "BASELINER_STUDY_KEY)");
		goto out;
	}
	scores = export_scores(st);
	session = export_session_json(st, info, scores, participant);
	events = export_events(st, flags, anon ? json_string_value(
	    json_object_get(info, "participant")) : NULL);
	/* A Task Standard family's instructions are the session's own. */
	bp = xasprintf("%s/sessions/%s/brief.md", home_dir(),
	    json_string_value(json_object_get(info, "id")));
	if (!file_exists(bp)) {
		free(bp);
		bp = xasprintf("%s/brief.md", json_string_value(
		    json_object_get(info, "task_dir")));
	}
	if (file_read(bp, &brief, NULL, NULL) != 0)
		brief = NULL;
	free(bp);
	log = inspect_log_session(session, scores, events, brief);
	ipath = path_join(out, "inspect.json");
	epath = path_join(out, "inspect.eval");
	if (write_json(out, "session.json", session, cause) != 0 ||
	    write_jsonl(out, "scores.jsonl", scores, cause) != 0 ||
	    write_scores_csv(out, scores, cause) != 0 ||
	    write_jsonl(out, "events.jsonl", events, cause) != 0 ||
	    inspect_write_json(ipath, log, cause) != 0 ||
	    inspect_write_eval(epath, log, cause) != 0 ||
	    export_casts(st, out, scores, anon ? json_string_value(
	    json_object_get(info, "participant")) : NULL,
	    (flags & EXPORT_STRIP_PROMPTS) != 0, cause) != 0 ||
	    export_bundle(dir, out, cause) != 0 ||
	    chain_export(st, out, anon, cause) != 0)
		goto out;
	if (head != NULL) {
		hp = path_join(out, "head.json");
		rc = file_write(hp, head, head_len, cause);
		free(hp);
		if (rc != 0)
			goto out;
	}
	rc = 0;
out:
	free(head);
	json_decref(info);
	json_decref(scores);
	json_decref(session);
	json_decref(events);
	json_decref(log);
	free(participant);
	free(ipath);
	free(epath);
	free(brief);
	store_close(st);
	return (rc);
}
