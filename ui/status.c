/*
 * status.c: the status bar, the bottom rows. The first row says what this
 * is and how things stand: task, participant, clock state, elapsed time,
 * the scorer, checkpoints, the best score. The second carries, in order of
 * urgency, a proctor's unacknowledged message, a passing notice, or the
 * GPUs and a reminder of the keys. On the right, the time left in two-row
 * block figures, green, then yellow under an hour, red under 15 minutes,
 * and white on red under 5.
 *
 * Where the first row is short (80 columns), its fields give way by rank:
 * the time left stays, then the elapsed time, the scorer, the best score,
 * the checkpoints and the clock's state (shortened before they go), the
 * participant; the task's title takes what is left, cut with an ellipsis.
 * The keys on the second row give way the same way.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_int.h"

/* A field of the first row, or a key of the second: kept by rank. */
struct status_field {
	char	full[160];
	char	short_[64];	/* "": none, it goes */
	int	rank;		/* 0 is kept longest */
	int	use;		/* 2 full, 1 short, 0 dropped */
};

/* Digits three cells wide and two high; the colon two wide. */
static const char *const status_digits[11][2] = {
	{ "\u2588\u2580\u2588", "\u2588\u2584\u2588" },	/* 0 */
	{ "\u2580\u2588 ", "\u2584\u2588\u2584" },	/* 1 */
	{ "\u2580\u2580\u2588", "\u2588\u2584\u2584" },	/* 2 */
	{ "\u2580\u2580\u2588", "\u2584\u2584\u2588" },	/* 3 */
	{ "\u2588 \u2588", "\u2580\u2580\u2588" },	/* 4 */
	{ "\u2588\u2580\u2580", "\u2584\u2584\u2588" },	/* 5 */
	{ "\u2588\u2580\u2580", "\u2588\u2584\u2588" },	/* 6 */
	{ "\u2580\u2580\u2588", "  \u2588" },		/* 7 */
	{ "\u2588\u2584\u2588", "\u2588\u2584\u2588" },	/* 8 */
	{ "\u2588\u2580\u2588", "\u2584\u2584\u2588" },	/* 9 */
	{ "\u2584", "\u2580" },				/* : */
};

int
status_time_colour(double left)
{
	if (left <= 300)
		return (WB_TIME_LAST);
	if (left <= 900)
		return (WB_TIME_QUARTER);
	if (left <= 3600)
		return (WB_TIME_HOUR);
	return (WB_TIME_OK);
}

/* The width of text in block figures. */
static int
status_big_width(const char *text)
{
	const char	*p;
	int		 w = 0;

	for (p = text; *p != '\0'; p++)
		w += *p == ':' ? 2 : 4;
	return (w);
}

static void
status_big(int y, int x, const char *text, short pair)
{
	const char	*p;
	int		 d;

	for (p = text; *p != '\0'; p++) {
		if (*p == ':')
			d = 10;
		else if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else
			continue;
		draw_text(y, x, status_digits[d][0], 3, A_BOLD, pair);
		draw_text(y + 1, x, status_digits[d][1], 3, A_BOLD, pair);
		x += d == 10 ? 2 : 4;
	}
}

/* The GPUs, from the telemetry the server samples: what is known only. */
static void
status_gpus(json_t *gpu, struct buf *b)
{
	const double	 gib = 1024.0 * 1024.0 * 1024.0;
	json_t		*g;
	size_t		 i;

	if (json_is_object(gpu))
		gpu = json_object_get(gpu, "gpus");
	json_array_foreach(gpu, i, g) {
		buf_printf(b, "GPU%lld", (long long)json_integer_value(
		    json_object_get(g, "index")));
		if (json_is_integer(json_object_get(g, "util_gpu_pct")))
			buf_printf(b, " %lld%%", (long long)json_integer_value(
			    json_object_get(g, "util_gpu_pct")));
		if (json_is_integer(json_object_get(g, "mem_used_bytes")))
			buf_printf(b, " %.1f/%.0fG", json_field_num(g,
			    "mem_used_bytes") / gib, json_field_num(g,
			    "mem_total_bytes") / gib);
		if (json_is_integer(json_object_get(g, "temp_c")))
			buf_printf(b, " %lldC", (long long)json_integer_value(
			    json_object_get(g, "temp_c")));
		if (json_is_number(json_object_get(g, "power_w")))
			buf_printf(b, " %.0fW", json_field_num(g, "power_w"));
		buf_addstr(b, "  ");
	}
}

/* The width of the fields in use, each with sep before it. */
static int
status_fields_width(const struct status_field *f, int n, int sep)
{
	int	i, w = 0, any = 0;

	for (i = 0; i < n; i++) {
		if (f[i].use == 0)
			continue;
		w += (any ? sep : 0) + draw_text_width(f[i].use == 2 ?
		    f[i].full : f[i].short_);
		any = 1;
	}
	return (w);
}

/* Shorten, then drop, the fields of the highest rank until w fit. */
static void
status_fields_fit(struct status_field *f, int n, int sep, int w)
{
	int	i, worst;

	for (i = 0; i < n; i++)
		f[i].use = 2;
	while (status_fields_width(f, n, sep) > w) {
		worst = -1;
		for (i = 0; i < n; i++) {
			if (f[i].use > 0 && (worst == -1 ||
			    f[i].rank > f[worst].rank))
				worst = i;
		}
		if (worst == -1)
			break;
		if (f[worst].use == 2 && f[worst].short_[0] != '\0')
			f[worst].use = 1;
		else
			f[worst].use = 0;
	}
}

/* Draw text in w cells at most, cut with an ellipsis; the cells used. */
static int
status_text_cut(int y, int x, const char *text, int w, attr_t a, short pair)
{
	if (w <= 0)
		return (0);
	if (draw_text_width(text) <= w)
		return (draw_text(y, x, text, w, a, pair));
	x += draw_text(y, x, text, w - 1, a, pair);
	draw_text(y, x, "\u2026", 1, a, pair);
	return (w);
}

/*
 * The first row: the title, then the fields that fit in w cells by rank.
 * The title is last in rank: it takes what the others leave, if that is
 * enough to say something.
 */
static void
status_first_row(struct ui *u, int y, int x, int w, short bar)
{
	json_t			*s = json_object_get(u->status, "session");
	json_t			*best = json_object_get(u->scores, "best");
	struct status_field	 f[6];
	const char		*title, *sep = " \u2502 ", *agg, *word;
	char			*el;
	long long		 ck;
	int			 n = 0, i, used, tw, any = 0, paused;

	memset(f, 0, sizeof f);
	f[n].rank = 5;
	snprintf(f[n++].full, sizeof f[0].full, "%s", json_field_str(s,
	    "participant"));
	paused = strcmp(u->state, "paused") == 0;
	f[n].rank = 4;
	if (paused || strcmp(u->state, "running") == 0) {
		snprintf(f[n].full, sizeof f[n].full, "%s%s", paused ?
		    "\u275a\u275a PAUSED" : "\u25cf running", u->read_only ?
		    " (read-only)" : "");
		snprintf(f[n].short_, sizeof f[n].short_, "%s%s", paused ?
		    "\u275a\u275a PAUSED" : "\u25cf", u->read_only ? " (ro)" :
		    "");
	} else
		snprintf(f[n].full, sizeof f[n].full, "%s%s", u->state,
		    u->read_only ? " (read-only)" : "");
	n++;
	el = fmt_duration(isfinite(u->elapsed) ? u->elapsed : 0);
	f[n].rank = 0;
	snprintf(f[n].full, sizeof f[n].full, "%s in", el);
	snprintf(f[n++].short_, sizeof f[0].short_, "%s", el);
	free(el);
	f[n].rank = 1;
	if (u->running_since > 0) {
		snprintf(f[n].full, sizeof f[n].full, "scoring #%lld %.0fs",
		    u->running_id, mono_now() - u->running_since);
		snprintf(f[n].short_, sizeof f[n].short_, "#%lld %.0fs",
		    u->running_id, mono_now() - u->running_since);
	} else {
		snprintf(f[n].full, sizeof f[n].full, "scorer idle");
		snprintf(f[n].short_, sizeof f[n].short_, "idle");
	}
	if (u->queue > 0) {
		used = (int)strlen(f[n].full);
		snprintf(f[n].full + used, sizeof f[n].full - used,
		    " +%d queued", u->queue);
		used = (int)strlen(f[n].short_);
		snprintf(f[n].short_ + used, sizeof f[n].short_ - used, "+%d",
		    u->queue);
	}
	n++;
	ck = json_integer_value(json_object_get(u->status, "checkpoints"));
	f[n].rank = 3;
	snprintf(f[n].full, sizeof f[n].full, "%lld checkpoint%s", ck,
	    plural(ck));
	snprintf(f[n++].short_, sizeof f[0].short_, "%lld ckpt", ck);
	if (json_is_number(json_object_get(best, "normalized"))) {
		/* "best" only where the best counts (last, last_valid: the
		 * score that counts is not the best one). */
		agg = json_string_value(json_object_get(u->scores,
		    "aggregation"));
		word = agg == NULL || strcmp(agg, "best") == 0 ? "best" :
		    "counts";
		f[n].rank = 2;
		snprintf(f[n].full, sizeof f[n].full, "%s %.3f", word,
		    json_field_num(best, "normalized"));
		snprintf(f[n++].short_, sizeof f[0].short_, "%s %.2f", word,
		    json_field_num(best, "normalized"));
	}

	/* One cell of margin on either side. */
	w -= 2;
	x++;
	status_fields_fit(f, n, 3, w);
	title = json_field_str(s, "task_title");
	if (*title == '\0')
		title = json_field_str(json_object_get(s, "task"), "title");
	used = status_fields_width(f, n, 3);
	tw = w - used - (used > 0 ? 3 : 0);
	if (*title != '\0' && tw >= 8) {
		x += status_text_cut(y, x, title, tw, A_BOLD, bar);
		any = 1;
	}
	for (i = 0; i < n; i++) {
		if (f[i].use == 0)
			continue;
		if (any)
			x += draw_text(y, x, sep, 3, A_BOLD, bar);
		x += draw_text(y, x, f[i].use == 2 ? f[i].full : f[i].short_,
		    w, A_BOLD, bar);
		any = 1;
	}
}

/* The keys of the second row that fit in w cells, after text. */
static void
status_keys(struct ui *u, struct buf *b, int w)
{
	static const struct {
		const char	*key, *what;
		int		 rank, narrow;	/* narrow: without a sidebar */
	} hints[] = {
		{ "?", "keys", 0, 0 },
		{ "s", "score", 1, 0 },
		{ "b", "brief", 2, 1 },
		{ "t", "scores", 3, 1 },
		{ "n", "note", 5, 0 },
		{ "p", "pause", 6, 0 },
		{ "d", "detach", 4, 0 },
	};
	struct status_field	 f[nitems(hints)];
	char			 k[32];
	size_t			 i;
	int			 n = 0, any = 0;

	keys_name(u->keys.prefix, k, sizeof k);
	memset(f, 0, sizeof f);
	for (i = 0; i < nitems(hints); i++) {
		if (hints[i].narrow && u->ls.sidebar_x >= 0)
			continue;
		snprintf(f[n].full, sizeof f[n].full, "%s %s %s%s", k,
		    hints[i].key, hints[i].what, i == 0 && u->tmux_prefix ?
		    " (C-b is tmux's)" : "");
		f[n++].rank = hints[i].rank;
	}
	status_fields_fit(f, n, 2, w - draw_text_width(buf_cstr(b)) - 3);
	buf_addstr(b, "\u2502 ");
	for (i = 0; i < (size_t)n; i++) {
		if (f[i].use == 0)
			continue;
		if (any)
			buf_addstr(b, "  ");
		buf_addstr(b, f[i].full);
		any = 1;
	}
}

void
status_draw(struct ui *u)
{
	struct layout_rect	 r = u->ls.status;
	json_t			*msgs = json_object_get(u->status, "messages");
	char			 line[512], k[32], *left;
	struct buf		 b;
	short			 bar = draw_wb(WB_STATUS), tc;
	int			 right, right2, bigw, y;
	double			 remaining = isfinite(u->remaining) ?
				     u->remaining : 0;

	if (r.w < 1 || r.h < 1)
		return;
	for (y = 0; y < r.h; y++)
		draw_fill(r.y + y, r.x, r.w, A_NORMAL, bar);
	tc = draw_wb(status_time_colour(remaining));
	left = fmt_duration(remaining);

	/* The time left: large when there is room, else reversed text. */
	bigw = status_big_width(left);
	if (r.h > 1 && r.w >= 60 + bigw + 6) {
		right = r.w - bigw - 6;
		right2 = right;
		draw_fill(r.y, right, r.w - right, A_NORMAL, 0);
		draw_fill(r.y + 1, right, r.w - right, A_NORMAL, 0);
		draw_text(r.y, right + 1, "left", 4, A_BOLD, tc);
		status_big(r.y, r.w - bigw, left, tc);
	} else {
		snprintf(line, sizeof line, " %s left ", left);
		right = r.w - draw_text_width(line);
		if (right < 0)
			right = 0;
		right2 = r.w + 1;
		draw_text(r.y, right, line, r.w - right, A_BOLD | A_REVERSE,
		    tc);
	}
	free(left);

	/* First row: what this is and how things stand. */
	status_first_row(u, r.y, r.x, right, bar);
	if (r.h < 2)
		return;

	/* Second row: a message, a notice, or the GPUs and the keys. */
	keys_name(u->keys.prefix, k, sizeof k);
	if (json_array_size(msgs) > 0) {
		json_t	*m = json_array_get(msgs, json_array_size(msgs) - 1);

		snprintf(line, sizeof line, " MESSAGE from %s: %s   (%s m "
		    "acknowledges) ", *json_field_str(m, "sender") ? json_field_str(m,
		    "sender") : "the proctor", json_field_str(m, "text"), k);
		draw_fill(r.y + 1, r.x, right2 - 1, A_NORMAL,
		    draw_wb(WB_MESSAGE));
		draw_text(r.y + 1, r.x, line, right2 - 1, A_BOLD,
		    draw_wb(WB_MESSAGE));
		return;
	}
	if (u->notice[0] != '\0') {
		snprintf(line, sizeof line, " %s   (%s m acknowledges) ",
		    u->notice, k);
		draw_fill(r.y + 1, r.x, right2 - 1, A_NORMAL,
		    draw_wb(WB_MESSAGE));
		draw_text(r.y + 1, r.x, line, right2 - 1, A_BOLD,
		    draw_wb(WB_MESSAGE));
		return;
	}
	if (u->flash_until > mono_now()) {
		draw_text(r.y + 1, r.x + 1, u->flash, right2 - 2, A_BOLD, bar);
		return;
	}
	buf_init(&b);
	buf_addstr(&b, " ");
	if (json_object_get(u->status, "gpu") != NULL)
		status_gpus(json_object_get(u->status, "gpu"), &b);
	status_keys(u, &b, right2 - 1);
	draw_text(r.y + 1, r.x, buf_cstr(&b), right2 - 1, A_NORMAL, bar);
	buf_done(&b);
}
