/*
 * cast.c: asciicast v2 from a pane's recording (see cast.h).
 *
 * Two passes over the pane's rows, in id order: the first reads only the
 * times (cheap), to place markers given in session-clock seconds on the
 * recording's wall-time line and to find the first size; the second
 * streams the data out, one row at a time, merging the sorted markers in.
 * Times never go backwards in the output, even if the wall clock did.
 *
 * UTF-8 is checked as the Unicode standard defines well-formed sequences
 * (no overlongs, no surrogates, nothing past U+10FFFF); an ill-formed
 * sequence becomes U+FFFD as the standard recommends, one for each maximal
 * prefix of a valid sequence and one for each other bad byte. An incomplete sequence at the end of a chunk
 * waits for the next chunk of the same kind.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>


#include "cast.h"
#include "store.h"
#include "utf8.h"
#include "util.h"

struct cast_marker {
	double	 t;
	char	*label;
};

struct cast_row {
	int64_t	 wall;
	double	 elapsed;
};

/* Bytes of an incomplete UTF-8 sequence kept for the next chunk. */
struct cast_carry {
	unsigned char	b[4];
	size_t		n;
};

static void
cast_escape_byte(struct buf *out, unsigned char c)
{
	char	s[8];

	switch (c) {
	case '"':
		buf_add(out, "\\\"", 2);
		return;
	case '\\':
		buf_add(out, "\\\\", 2);
		return;
	case '\n':
		buf_add(out, "\\n", 2);
		return;
	case '\r':
		buf_add(out, "\\r", 2);
		return;
	case '\t':
		buf_add(out, "\\t", 2);
		return;
	case '\b':
		buf_add(out, "\\b", 2);
		return;
	case '\f':
		buf_add(out, "\\f", 2);
		return;
	}
	if (c < 0x20 || c == 0x7f) {
		snprintf(s, sizeof s, "\\u%04x", c);
		buf_add(out, s, 6);
	} else
		buf_add(out, &c, 1);
}

/*
 * Append data as the inside of a JSON string, valid UTF-8. With last set,
 * a sequence left incomplete at the end is replaced instead of carried.
 */
static void
cast_utf8(struct cast_carry *cc, const unsigned char *data, size_t len,
    int last, struct buf *out)
{
	struct buf		 in;
	const unsigned char	*p, *e;
	uint32_t		 cp;
	int			 n;

	buf_init(&in);
	if (cc->n > 0) {
		buf_add(&in, cc->b, cc->n);
		if (len > 0)
			buf_add(&in, data, len);
		data = (const unsigned char *)in.data;
		len = in.len;
		cc->n = 0;
	}
	p = data;
	e = data + len;
	while (p < e) {
		if (*p < 0x80) {
			cast_escape_byte(out, *p++);
			continue;
		}
		if ((n = utf8_decode((const char *)p, e - p, &cp)) > 0) {
			buf_add(out, p, n);
			p += n;
		} else if (p - n == e && !last) {
			/* A start cut off by the end of the chunk. */
			memcpy(cc->b, p, -n);
			cc->n = -n;
			p = e;
		} else {
			/* One U+FFFD for the maximal ill-formed part. */
			buf_add(out, "\xef\xbf\xbd", 3);
			p -= n;
		}
	}
	buf_done(&in);
}

static int
cast_marker_cmp(const void *a, const void *b)
{
	const struct cast_marker	*ma = a, *mb = b;

	return (ma->t < mb->t ? -1 : ma->t > mb->t);
}

/* Where on the recording's timeline session-clock time e falls. */
static double
cast_elapsed_to_t(struct cast_row *rows, size_t n, int64_t t0, double e)
{
	size_t	lo = 0, hi = n, mid;
	double	t;

	if (n == 0)
		return (0);
	/* The last row with elapsed <= e. */
	while (hi - lo > 1) {
		mid = (lo + hi) / 2;
		if (rows[mid].elapsed <= e)
			lo = mid;
		else
			hi = mid;
	}
	t = (double)(rows[lo].wall - t0) / 1000.0;
	if (e > rows[lo].elapsed)
		t += e - rows[lo].elapsed;
	if (lo + 1 < n && t > (double)(rows[lo + 1].wall - t0) / 1000.0)
		t = (double)(rows[lo + 1].wall - t0) / 1000.0;
	return (t < 0 ? 0 : t);
}

static void
cast_emit(FILE *out, double t, const char *kind, struct buf *text)
{
	fprintf(out, "[%.6f, \"%s\", \"", t, kind);
	fwrite(text->data, 1, text->len, out);
	fputs("\"]\n", out);
}

int
cast_write(struct store *st, int pane, FILE *out, json_t *markers,
    char **cause)
{
	struct store_cursor	*c = NULL;
	struct cast_row		*rows = NULL;
	struct cast_marker	*ms = NULL;
	struct cast_carry	 carry_o = { .n = 0 }, carry_i = { .n = 0 };
	struct buf		 text;
	json_t			*header, *m, *v;
	const char		*kind, *label;
	const unsigned char	*data;
	const void		*p;
	size_t			 nrows = 0, sizerows = 0, nms = 0, im = 0, i;
	size_t			 len;
	int64_t			 t0 = -1, wall;
	double			 t, last_t = 0;
	int			 width = 0, height = 0, rc, first_r = 1;
	char			*s;

	/*
	 * Two passes over the rows, in one read transaction so that both see
	 * the same rows while the server goes on recording.
	 */
	if (store_begin(st, cause) != 0)
		return (-1);

	/* Pass 1: times, and the first size. */
	c = store_select(st, cause, "SELECT wall_ms, elapsed, kind, data "
	    "FROM recording WHERE pane_id = ? ORDER BY id", store_int(pane));
	if (c == NULL) {
		rc = -1;
		goto out;
	}
	while ((rc = store_next(c, cause)) == 1) {
		if (nrows == sizerows) {
			sizerows = sizerows ? sizerows * 2 : 256;
			rows = xreallocarray(rows, sizerows, sizeof *rows);
		}
		rows[nrows].wall = store_col_int(c, 0);
		rows[nrows].elapsed = store_col_real(c, 1);
		if (t0 == -1)
			t0 = rows[nrows].wall;
		nrows++;
		kind = store_col_text(c, 2);
		if (width == 0 && kind != NULL && kind[0] == 'r') {
			p = store_col_blob(c, 3, &len);
			s = xstrndup(p != NULL ? p : "", len);
			if (sscanf(s, "%dx%d", &width, &height) != 2)
				width = height = 0;
			free(s);
		}
	}
	store_cursor_end(c);
	c = NULL;
	if (rc != 0)
		goto out;
	if (nrows == 0) {
		rc = set_cause(cause, "pane %d has no recording", pane);
		goto out;
	}
	if (width <= 0 || height <= 0) {
		width = 80;
		height = 24;
	}

	/* Markers, placed and sorted. */
	if (json_is_array(markers)) {
		ms = xcalloc(json_array_size(markers) + 1, sizeof *ms);
		json_array_foreach(markers, i, m) {
			v = json_object_get(m, "label");
			label = json_is_string(v) ? json_string_value(v) : "";
			if (json_is_number(v = json_object_get(m, "wall_ms")))
				t = (json_number_value(v) - (double)t0) /
				    1000.0;
			else if (json_is_number(v = json_object_get(m,
			    "elapsed")))
				t = cast_elapsed_to_t(rows, nrows, t0,
				    json_number_value(v));
			else
				continue;
			ms[nms].t = t < 0 ? 0 : t;
			ms[nms].label = xstrdup(label);
			nms++;
		}
		qsort(ms, nms, sizeof *ms, cast_marker_cmp);
	}

	header = json_pack("{sisisisIs{ssss}ss}", "version", 2, "width", width,
	    "height", height, "timestamp", (json_int_t)(t0 / 1000), "env",
	    "TERM", "xterm-256color", "SHELL", "/bin/bash", "title", "");
	s = xasprintf("pane %d", pane);
	json_object_set_new(header, "title", json_string(s));
	free(s);
	/* The exact start (the timestamp is whole seconds), so a reader can
	 * place session events on this recording's timeline. */
	json_object_set_new(header, "start_ms", json_integer(t0));
	s = json_dumps(header, JSON_COMPACT);
	json_decref(header);
	fprintf(out, "%s\n", s);
	free(s);

	/* Pass 2: the events. */
	c = store_select(st, cause, "SELECT wall_ms, kind, data FROM "
	    "recording WHERE pane_id = ? ORDER BY id", store_int(pane));
	if (c == NULL) {
		rc = -1;
		goto out;
	}
	buf_init(&text);
	while ((rc = store_next(c, cause)) == 1) {
		wall = store_col_int(c, 0);
		kind = store_col_text(c, 1);
		data = store_col_blob(c, 2, &len);
		t = (double)(wall - t0) / 1000.0;
		if (t < last_t)
			t = last_t;
		for (; im < nms && ms[im].t <= t; im++) {
			text.len = 0;
			cast_utf8(&(struct cast_carry){ .n = 0 },
			    (const unsigned char *)ms[im].label,
			    strlen(ms[im].label), 1, &text);
			cast_emit(out, ms[im].t < last_t ? last_t : ms[im].t,
			    "m", &text);
		}
		last_t = t;
		if (kind == NULL || data == NULL)
			continue;
		text.len = 0;
		switch (kind[0]) {
		case 'o':
			cast_utf8(&carry_o, data, (size_t)len, 0, &text);
			break;
		case 'i':
			cast_utf8(&carry_i, data, (size_t)len, 0, &text);
			break;
		case 'r':
			if (first_r) {
				/* The header has it already. */
				first_r = 0;
				continue;
			}
			cast_utf8(&(struct cast_carry){ .n = 0 }, data,
			    (size_t)len, 1, &text);
			break;
		default:
			continue;
		}
		if (text.len > 0)
			cast_emit(out, t, kind[0] == 'o' ? "o" : kind[0] == 'i' ?
			    "i" : "r", &text);
	}
	/* What is still carried at the end was never completed. */
	text.len = 0;
	cast_utf8(&carry_o, NULL, 0, 1, &text);
	if (text.len > 0)
		cast_emit(out, last_t, "o", &text);
	text.len = 0;
	cast_utf8(&carry_i, NULL, 0, 1, &text);
	if (text.len > 0)
		cast_emit(out, last_t, "i", &text);
	for (; im < nms; im++) {
		text.len = 0;
		cast_utf8(&(struct cast_carry){ .n = 0 },
		    (const unsigned char *)ms[im].label, strlen(ms[im].label),
		    1, &text);
		cast_emit(out, ms[im].t < last_t ? last_t : ms[im].t, "m",
		    &text);
	}
	buf_done(&text);
	if (rc == 0 && (fflush(out) != 0 || ferror(out)))
		rc = set_cause(cause, "cannot write the cast");
out:
	store_cursor_end(c);
	store_commit(st, NULL);	/* the end of a read */
	for (i = 0; i < nms; i++)
		free(ms[i].label);
	free(ms);
	free(rows);
	return (rc);
}
