/*
 * review.c: the review page of an exported session (see review.h).
 *
 * Layout of <export>/review/:
 *
 *	index.html review.js review.css	the page (copied from the assets)
 *	player/				asciinema-player and its LICENSE
 *	data/session.js			BL.session = {...}: facts, scores,
 *					timeline, panes, diffs
 *	data/pane-N/index.js		the player's segmented-recording index
 *	data/pane-N/seg-K.js		one segment: a snapshot and events
 *
 * Every data file is a script calling BL.put(name, value); review.js
 * answers the player's fetch() of a segment by loading that script, so
 * nothing is fetched and the page works from file://.
 *
 * Segments follow the player's segmented format: segment K starts at the
 * time of its first event (0 for the first), holds the events up to the
 * next segment's start, and begins from a snapshot of the screen as the
 * output before it left it, made by replaying the cast through our own
 * screen model (term.h). A cut is made only between events of different
 * times, as the format wants starts strictly increasing.
 */
#include "config.h"

#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "chain.h"
#include "ckpt.h"
#include "review.h"
#include "snapshot.h"
#include "term.h"
#include "utf8.h"
#include "util.h"

#define REVIEW_DIFF_MAX		(256u << 10)	/* bytes of one diff shown */

static const char *const review_page_files[] = {
	"index.html", "review.js", "review.css", NULL
};
static const char *const review_player_files[] = {
	"asciinema-player.min.js", "asciinema-player.css", "LICENSE", NULL
};

static int
review_has(const char *dir, const char *const *files)
{
	char	*p;
	int	 ok = 1;

	for (; ok && *files != NULL; files++) {
		p = path_join(dir, *files);
		ok = file_exists(p);
		free(p);
	}
	return (ok);
}

int
review_assets(char **page, char **player, char **cause)
{
	const char	*env = getenv("BASELINER_REVIEW_ASSETS");
	char		*p;

	*page = *player = NULL;
	if (env != NULL && *env != '\0') {
		if (!review_has(env, review_page_files))
			return (set_cause(cause, "BASELINER_REVIEW_ASSETS=%s: "
			    "no index.html, review.js and review.css there",
			    env));
		*page = xstrdup(env);
		p = path_join(env, "player");
		if (review_has(p, review_player_files))
			*player = p;
		else
			free(p);
		return (0);
	}
	/* A binary run from its build tree uses that tree's files. */
	if (review_has(SRCDIR "/data/review", review_page_files)) {
		*page = xstrdup(SRCDIR "/data/review");
		if (review_has(BUILDDIR "/review-player", review_player_files))
			*player = xstrdup(BUILDDIR "/review-player");
		return (0);
	}
	if (review_has(PKGDATADIR "/review", review_page_files)) {
		*page = xstrdup(PKGDATADIR "/review");
		if (review_has(PKGDATADIR "/review/player",
		    review_player_files))
			*player = xstrdup(PKGDATADIR "/review/player");
		return (0);
	}
	return (set_cause(cause, "the review page's files are not installed "
	    "(looked in %s/data/review and %s/review)", SRCDIR, PKGDATADIR));
}

static int
review_copy(const char *from, const char *to, const char *const *files,
    char **cause)
{
	char	*src, *dst, *data;
	size_t	 len;
	int	 rc = 0;

	if (mkdir_p(to, 0755, cause) != 0)
		return (-1);
	for (; rc == 0 && *files != NULL; files++) {
		src = path_join(from, *files);
		dst = path_join(to, *files);
		if ((rc = file_read(src, &data, &len, cause)) == 0) {
			rc = file_write(dst, data, len, cause);
			free(data);
		}
		free(src);
		free(dst);
	}
	return (rc);
}

/* Write data/<name>.js: BL.put("<name>.json", value). */
static int
review_put(const char *datadir, const char *name, json_t *value,
    char **cause)
{
	char	*path, *json, *slash;
	FILE	*f;
	int	 rc = 0;

	path = xasprintf("%s/%s.js", datadir, name);
	if ((slash = strrchr(path, '/')) != NULL) {
		*slash = '\0';
		if (mkdir_p(path, 0755, cause) != 0) {
			free(path);
			return (-1);
		}
		*slash = '/';
	}
	json = json_dumps(value, JSON_COMPACT | JSON_ENSURE_ASCII);
	if (json == NULL) {
		free(path);
		return (set_cause(cause, "%s: cannot encode as JSON", name));
	}
	if ((f = fopen(path, "w")) == NULL)
		rc = set_cause(cause, "%s: %s", path, strerror(errno));
	else {
		fprintf(f, "BL.put(\"%s.json\", %s);\n", name, json);
		if (fclose(f) != 0)
			rc = set_cause(cause, "%s: write failed", path);
	}
	free(json);
	free(path);
	return (rc);
}

/* One pane's cast being cut into segments. */
struct review_cut {
	const char	*datadir;
	int		 pane;
	struct term	*term;
	json_t		*segments;	/* the index's [{start, url}] */
	json_t		*events;	/* the open segment's */
	json_t		*snapshot;	/* the open segment's */
	size_t		 bytes;		/* of output in the open segment */
	double		 start;		/* the open segment's */
	double		 last;		/* time of the last event kept */
	int		 cols, rows;
};

static int
review_cut_close(struct review_cut *c, char **cause)
{
	json_t	*seg;
	char	*name;
	int	 rc, k = (int)json_array_size(c->segments);

	if (json_array_size(c->events) == 0)	/* an empty recording */
		json_array_append_new(c->events, json_pack("[f s s]", c->start,
		    "o", ""));
	name = xasprintf("pane-%d/seg-%d", c->pane, k);
	seg = json_pack("{sO sO}", "snapshot", c->snapshot, "events",
	    c->events);
	rc = review_put(c->datadir, name, seg, cause);
	json_decref(seg);
	free(name);
	name = xasprintf("seg-%d.json", k);
	json_array_append_new(c->segments, json_pack("{sf ss}", "start",
	    c->start, "url", name));
	free(name);
	json_decref(c->events);
	json_decref(c->snapshot);
	c->events = c->snapshot = NULL;
	return (rc);
}

static void
review_cut_open(struct review_cut *c, double start)
{
	struct buf	init;

	buf_init(&init);
	if (start > 0)
		term_snapshot(c->term, &init);
	c->snapshot = json_pack("{si si ss#}", "cols", c->cols, "rows",
	    c->rows, "init", init.len ? init.data : "", init.len);
	buf_done(&init);
	c->events = json_array();
	c->bytes = 0;
	c->start = start;
}

/*
 * Cut pane-N.cast into segments; fill *meta with what the page needs to
 * know of the pane (its start on the wall clock, size, duration).
 */
static int
review_pane(const char *export_dir, const char *datadir, int pane,
    json_t **meta, char **cause)
{
	struct review_cut	 c;
	json_t			*hdr, *ev, *index;
	char			*path, *name, *line = NULL;
	const char		*kind, *data;
	size_t			 cap = 0, len;
	ssize_t			 n;
	double			 t;
	int64_t			 start_ms;
	FILE			*f;
	int			 rc = -1, w, h, lineno = 1;
	int			 first_cols, first_rows;
	const char		*env;
	size_t			 seg_bytes;

	*meta = NULL;
	path = xasprintf("%s/pane-%d.cast", export_dir, pane);
	if ((f = fopen(path, "r")) == NULL) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		free(path);
		return (-1);
	}
	memset(&c, 0, sizeof c);
	if ((n = getline(&line, &cap, f)) <= 0 ||
	    (hdr = json_loads(line, 0, NULL)) == NULL) {
		set_cause(cause, "%s:1: not an asciicast header", path);
		goto out;
	}
	c.cols = (int)json_integer_value(json_object_get(hdr, "width"));
	c.rows = (int)json_integer_value(json_object_get(hdr, "height"));
	start_ms = json_is_integer(json_object_get(hdr, "start_ms")) ?
	    json_integer_value(json_object_get(hdr, "start_ms")) :
	    json_integer_value(json_object_get(hdr, "timestamp")) * 1000;
	json_decref(hdr);
	if (c.cols <= 0 || c.rows <= 0 || c.cols > 10000 || c.rows > 10000) {
		set_cause(cause, "%s:1: no terminal size", path);
		goto out;
	}
	env = getenv("BASELINER_REVIEW_SEGMENT_BYTES");
	if (env == NULL || (seg_bytes = strtoul(env, NULL, 10)) == 0)
		seg_bytes = REVIEW_SEGMENT_BYTES;
	first_cols = c.cols;
	first_rows = c.rows;
	c.datadir = datadir;
	c.pane = pane;
	c.term = term_create(c.cols, c.rows, 0, &(struct term_hooks){ 0 },
	    NULL);
	c.segments = json_array();
	review_cut_open(&c, 0);
	while ((n = getline(&line, &cap, f)) > 0) {
		lineno++;
		if ((ev = json_loads(line, 0, NULL)) == NULL ||
		    !json_is_number(json_array_get(ev, 0)) ||
		    (kind = json_string_value(json_array_get(ev, 1))) == NULL ||
		    (data = json_string_value(json_array_get(ev, 2))) == NULL) {
			json_decref(ev);
			set_cause(cause, "%s:%d: not an asciicast event", path,
			    lineno);
			goto out;
		}
		t = json_number_value(json_array_get(ev, 0));
		if (t < c.last)
			t = c.last;
		if (strcmp(kind, "o") != 0 && strcmp(kind, "r") != 0) {
			json_decref(ev);	/* input and markers: not played */
			continue;
		}
		if (c.bytes >= seg_bytes && t > c.last) {
			if (review_cut_close(&c, cause) != 0) {
				json_decref(ev);
				goto out;
			}
			review_cut_open(&c, t);
		}
		len = json_string_length(json_array_get(ev, 2));
		if (*kind == 'o')
			term_write(c.term, data, len);
		else if (sscanf(data, "%dx%d", &w, &h) == 2 && w > 0 &&
		    h > 0 && w <= 10000 && h <= 10000) {
			term_resize(c.term, w, h);
			c.cols = w;
			c.rows = h;
		}
		json_array_append_new(c.events, json_pack("[f s s#]", t, kind,
		    data, len));
		c.bytes += len;
		c.last = t;
		json_decref(ev);
	}
	if (review_cut_close(&c, cause) != 0)
		goto out;
	index = json_pack("{si sf s{si si} sO}", "version", 1, "duration",
	    c.last, "term", "cols", first_cols, "rows", first_rows,
	    "segments", c.segments);
	name = xasprintf("pane-%d/index", pane);
	rc = review_put(datadir, name, index, cause);
	free(name);
	json_decref(index);
	if (rc != 0)
		goto out;
	*meta = json_pack("{si sI sf si si si}", "id", pane, "start_ms",
	    (json_int_t)start_ms, "duration", c.last, "cols", first_cols,
	    "rows", first_rows, "segments",
	    (int)json_array_size(c.segments));
	rc = 0;
out:
	if (c.term != NULL)
		term_destroy(c.term);
	json_decref(c.events);
	json_decref(c.snapshot);
	json_decref(c.segments);
	free(line);
	fclose(f);
	free(path);
	return (rc);
}

/* A JSON Lines file as an array (missing: empty). */
static json_t *
review_jsonl(const char *dir, const char *name)
{
	json_t	*rows = json_array(), *row;
	char	*path, *data, *p, *nl;
	size_t	 len;

	path = path_join(dir, name);
	if (file_read(path, &data, &len, NULL) == 0) {
		for (p = data; *p != '\0'; p = nl + 1) {
			if ((nl = strchr(p, '\n')) == NULL)
				nl = p + strlen(p) - 1;
			else
				*nl = '\0';
			if ((row = json_loads(p, 0, NULL)) != NULL)
				json_array_append_new(rows, row);
			if (nl[1] == '\0')
				break;
		}
		free(data);
	}
	free(path);
	return (rows);
}

/*
 * The diff of the code each scoring scored against the one scored before
 * it (the first against nothing: it is the starting code), by score id.
 */
static json_t *
review_diffs(json_t *scores, const char *gitdir, const char *workdir)
{
	struct ckpt	*ck;
	struct buf	 b;
	json_t		*diffs = json_object(), *row;
	const char	*commit, *prev = NULL;
	char		 key[32];
	size_t		 i;

	if (gitdir == NULL || ckpt_open(gitdir, workdir, &ck, NULL) != 0)
		return (diffs);
	json_array_foreach(scores, i, row) {
		commit = json_string_value(json_object_get(row, "commit"));
		if (commit == NULL || !ckpt_has(ck, commit))
			continue;
		snprintf(key, sizeof key, "%lld",
		    (long long)json_integer_value(json_object_get(row, "id")));
		buf_init(&b);
		if (prev == NULL)
			json_object_set_new(diffs, key, json_pack("{ss sn}",
			    "to", commit, "from"));
		else if (ckpt_diff(ck, prev, commit, &b, NULL) == 0) {
			int	 cut = b.len > REVIEW_DIFF_MAX;
			char	*patch;

			/* Files need not be UTF-8 (a Latin-1 source). */
			patch = utf8_sanitize(b.data, cut ? utf8_cut(b.data,
			    b.len, REVIEW_DIFF_MAX) : b.len);
			json_object_set_new(diffs, key, json_pack("{ss ss ss sb}",
			    "from", prev, "to", commit, "patch", patch, "cut",
			    cut));
			free(patch);
		}
		buf_done(&b);
		prev = commit;
	}
	ckpt_close(ck);
	return (diffs);
}

int
review_write(const char *export_dir, const char *gitdir, const char *workdir,
    char **cause)
{
	json_t		*session = NULL, *panes, *meta, *all = NULL;
	json_t		*report = NULL;
	char		*out, *datadir, *pagedir = NULL, *playerdir = NULL;
	char		*path, *pd;
	glob_t		 g;
	size_t		 i;
	int		 rc = -1, pane;

	if (review_assets(&pagedir, &playerdir, cause) != 0)
		return (-1);
	out = path_join(export_dir, "review");
	datadir = path_join(out, "data");
	rm_rf(datadir);
	if (review_copy(pagedir, out, review_page_files, cause) != 0)
		goto out;
	if (playerdir != NULL) {
		pd = path_join(out, "player");
		rc = review_copy(playerdir, pd, review_player_files, cause);
		free(pd);
		if (rc != 0)
			goto out;
		rc = -1;
	}
	path = path_join(export_dir, "session.json");
	session = json_load_file(path, 0, NULL);
	free(path);
	if (session == NULL) {
		set_cause(cause, "%s: no session.json to make a review page "
		    "from", export_dir);
		goto out;
	}
	all = json_pack("{sO so so si}", "session", session, "scores",
	    review_jsonl(export_dir, "scores.jsonl"), "events",
	    review_jsonl(export_dir, "events.jsonl"), "player",
	    playerdir != NULL);
	panes = json_array();
	json_object_set_new(all, "panes", panes);
	path = path_join(export_dir, "pane-*.cast");
	if (glob(path, 0, NULL, &g) == 0) {
		for (i = 0; i < g.gl_pathc; i++) {
			const char *base = strrchr(g.gl_pathv[i], '/') + 1;

			if (sscanf(base, "pane-%d.cast", &pane) != 1)
				continue;
			if (review_pane(export_dir, datadir, pane, &meta,
			    cause) != 0) {
				globfree(&g);
				free(path);
				goto out;
			}
			json_array_append_new(panes, meta);
		}
		globfree(&g);
	}
	free(path);
	json_object_set_new(all, "diffs", review_diffs(json_object_get(all,
	    "scores"), gitdir, workdir));
	/* The export's tamper-evident record, checked as verify does it
	 * (against the key that signed it: off the host there is no other). */
	path = path_join(export_dir, "chain.jsonl");
	if (file_exists(path) && chain_verify_export(export_dir, NULL, &report,
	    NULL) >= 0 && report != NULL)
		json_object_set_new(all, "verify", report);
	free(path);
	rc = review_put(datadir, "session", all, cause);
out:
	json_decref(session);
	json_decref(all);
	free(out);
	free(datadir);
	free(pagedir);
	free(playerdir);
	return (rc);
}
