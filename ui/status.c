/*
 * status.c: the status bar, the bottom rows. The first row says what this
 * is and how things stand: task, participant, clock state, elapsed time,
 * the scorer, checkpoints, the best score. The second carries, in order of
 * urgency, a proctor's unacknowledged message, a passing notice, or the
 * GPUs and a reminder of the keys. On the right, the time left in two-row
 * block figures, green, then yellow under an hour, red under 15 minutes,
 * and white on red under 5.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_int.h"

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

void
status_draw(struct ui *u)
{
	struct layout_rect	 r = u->ls.status;
	json_t			*s = json_object_get(u->status, "session");
	json_t			*msgs = json_object_get(u->status, "messages");
	json_t			*best = json_object_get(u->scores, "best");
	const char		*title, *st;
	char			 line[512], k[32], *left, *el;
	struct buf		 b;
	short			 bar = draw_wb(WB_STATUS), tc;
	int			 x, right, bigw, y;
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
		draw_fill(r.y, right, r.w - right, A_NORMAL, 0);
		draw_fill(r.y + 1, right, r.w - right, A_NORMAL, 0);
		draw_text(r.y, right + 1, "left", 4, A_BOLD, tc);
		status_big(r.y, r.w - bigw, left, tc);
	} else {
		snprintf(line, sizeof line, " %s left ", left);
		right = r.w - draw_text_width(line);
		if (right < 0)
			right = 0;
		draw_text(r.y, right, line, r.w - right, A_BOLD | A_REVERSE,
		    tc);
	}
	free(left);

	/* First row: what this is and how things stand. */
	title = json_field_str(s, "task_title");
	if (*title == '\0')
		title = json_field_str(json_object_get(s, "task"), "title");
	if (strcmp(u->state, "paused") == 0)
		st = "\u275a\u275a PAUSED";
	else if (strcmp(u->state, "running") == 0)
		st = "\u25cf running";
	else
		st = u->state;
	el = fmt_duration(isfinite(u->elapsed) ? u->elapsed : 0);
	buf_init(&b);
	buf_printf(&b, " %s \u2502 %s \u2502 %s%s \u2502 %s in \u2502 ", title,
	    json_field_str(s, "participant"), st, u->read_only ? " (read-only)" : "",
	    el);
	free(el);
	if (u->running_since > 0)
		buf_printf(&b, "scoring #%lld %.0fs", u->running_id,
		    mono_now() - u->running_since);
	else
		buf_addstr(&b, "scorer idle");
	if (u->queue > 0)
		buf_printf(&b, " +%d queued", u->queue);
	buf_printf(&b, " \u2502 %lld checkpoints ", (long long)
	    json_integer_value(json_object_get(u->status, "checkpoints")));
	if (json_is_number(json_object_get(best, "normalized")))
		buf_printf(&b, "\u2502 best %.3f ", json_field_num(best, "normalized"));
	x = draw_text(r.y, r.x, buf_cstr(&b), right - 1, A_BOLD, bar);
	(void)x;
	buf_done(&b);
	if (r.h < 2)
		return;

	/* Second row: a message, a notice, or the GPUs and the keys. */
	keys_name(u->keys.prefix, k, sizeof k);
	if (json_array_size(msgs) > 0) {
		json_t	*m = json_array_get(msgs, json_array_size(msgs) - 1);

		snprintf(line, sizeof line, " MESSAGE from %s: %s   (%s m "
		    "acknowledges) ", *json_field_str(m, "sender") ? json_field_str(m,
		    "sender") : "the proctor", json_field_str(m, "text"), k);
		draw_fill(r.y + 1, r.x, right - 1, A_NORMAL,
		    draw_wb(WB_MESSAGE));
		draw_text(r.y + 1, r.x, line, right - 1, A_BOLD,
		    draw_wb(WB_MESSAGE));
		return;
	}
	if (u->notice[0] != '\0') {
		snprintf(line, sizeof line, " %s   (%s m acknowledges) ",
		    u->notice, k);
		draw_fill(r.y + 1, r.x, right - 1, A_NORMAL,
		    draw_wb(WB_MESSAGE));
		draw_text(r.y + 1, r.x, line, right - 1, A_BOLD,
		    draw_wb(WB_MESSAGE));
		return;
	}
	if (u->flash_until > mono_now()) {
		draw_text(r.y + 1, r.x + 1, u->flash, right - 2, A_BOLD, bar);
		return;
	}
	buf_init(&b);
	buf_addstr(&b, " ");
	if (json_object_get(u->status, "gpu") != NULL)
		status_gpus(json_object_get(u->status, "gpu"), &b);
	buf_printf(&b, "\u2502 %s ? keys%s  %s s score  %s n note  %s p pause  "
	    "%s d detach", k, u->tmux_prefix ? " (C-b is tmux's)" :
	    "", k, k, k, k);
	draw_text(r.y + 1, r.x, buf_cstr(&b), right - 1, A_NORMAL, bar);
	buf_done(&b);
}
