/*
 * snapshot.c: the visible screen of a term as escape sequences (see
 * snapshot.h). Only term.h's read-out functions are used: rows come as
 * text with runs of one attribute, so each run is one SGR and its text.
 * Rows are placed with CUP, never by printing past the last column, so
 * autowrap cannot scroll the screen while it is drawn.
 */
#include "config.h"

#include <string.h>

#include "snapshot.h"

static void
snapshot_color(struct buf *out, uint32_t c, int base, int bright, int ext)
{
	uint32_t	v = c & 0xffffffu;

	switch (TERM_COLOR_TYPE(c)) {
	case TERM_COLOR_INDEXED:
		if (v < 8)
			buf_printf(out, ";%u", base + v);
		else if (v < 16)
			buf_printf(out, ";%u", bright + v - 8);
		else
			buf_printf(out, ";%d;5;%u", ext, v);
		break;
	case TERM_COLOR_RGB:
		buf_printf(out, ";%d;2;%u;%u;%u", ext, v >> 16,
		    (v >> 8) & 0xff, v & 0xff);
		break;
	}
}

static void
snapshot_sgr(struct buf *out, const struct term_attr *a)
{
	static const struct {
		uint16_t	flag;
		const char	*sgr;
	} flags[] = {
		{ TERM_ATTR_BOLD, ";1" }, { TERM_ATTR_DIM, ";2" },
		{ TERM_ATTR_ITALIC, ";3" }, { TERM_ATTR_UNDERLINE, ";4" },
		{ TERM_ATTR_BLINK, ";5" }, { TERM_ATTR_REVERSE, ";7" },
		{ TERM_ATTR_CONCEAL, ";8" }, { TERM_ATTR_STRIKE, ";9" },
		{ TERM_ATTR_OVERLINE, ";53" },
	};
	size_t	i;
	int	us;

	buf_addstr(out, "\033[0");
	us = TERM_ATTR_UL_STYLE(a->flags);
	for (i = 0; i < sizeof flags / sizeof flags[0]; i++) {
		if (~a->flags & flags[i].flag)
			continue;
		buf_addstr(out, flags[i].sgr);
		/* An underline's style: 4:2 double .. 4:5 dashed. */
		if (flags[i].flag == TERM_ATTR_UNDERLINE && us != 0)
			buf_printf(out, ":%d", us + 1);
	}
	snapshot_color(out, a->fg, 30, 90, 38);
	snapshot_color(out, a->bg, 40, 100, 48);
	/* The underline colour in the form with colons. */
	if (TERM_COLOR_TYPE(a->ul) == TERM_COLOR_INDEXED)
		buf_printf(out, ";58:5:%u", a->ul & 0xff);
	else if (TERM_COLOR_TYPE(a->ul) == TERM_COLOR_RGB)
		buf_printf(out, ";58:2::%u:%u:%u", (a->ul >> 16) & 0xff,
		    (a->ul >> 8) & 0xff, a->ul & 0xff);
	buf_addstr(out, "m");
}

void
term_snapshot(struct term *t, struct buf *out)
{
	struct term_line	 line;
	struct term_cursor	 cur;
	unsigned int		 i;
	int			 cols, rows, y;

	term_size(t, &cols, &rows);
	term_get_cursor(t, &cur);
	term_line_init(&line);
	/* Reset attributes and modes a previous segment may have left. */
	buf_addstr(out, "\033[0m\033[?25h\033[H\033[2J");
	for (y = 0; y < rows; y++) {
		term_get_row(t, y, &line);
		if (line.nruns == 0)
			continue;
		buf_printf(out, "\033[%d;1H", y + 1);
		for (i = 0; i < line.nruns; i++) {
			const struct term_run *r = &line.runs[i];

			snapshot_sgr(out, &r->attr);
			buf_add(out, line.text.data + r->off, r->len);
		}
	}
	buf_addstr(out, "\033[0m");
	buf_printf(out, "\033[%d;%dH", cur.y + 1, cur.x + 1);
	if (!cur.visible)
		buf_addstr(out, "\033[?25l");
	term_line_done(&line);
}
