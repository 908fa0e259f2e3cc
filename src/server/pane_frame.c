/*
 * pane_frame.c: encoding a pane's screen as JSON (pane_frame.h). Attributes
 * are interned with a small open-addressing hash, since a screen of
 * colourful output has thousands of runs but a handful of attributes.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pane_frame.h"
#include "util.h"

void
pane_frame_attrs_init(struct pane_frame_attrs *pa)
{
	memset(pa, 0, sizeof *pa);
}

void
pane_frame_attrs_done(struct pane_frame_attrs *pa)
{
	free(pa->list);
	free(pa->slots);
}

static unsigned int
pane_frame_attr_hash(const struct term_attr *a)
{
	return ((a->fg * 2654435761u) ^ (a->bg * 40503u) ^ a->flags ^
	    (a->ul * 97u));
}

int
pane_frame_attrs_index(struct pane_frame_attrs *pa, const struct term_attr *a)
{
	unsigned int	h, i;
	int		k;

	if (pa->n * 2 >= pa->nslots) {
		free(pa->slots);
		pa->nslots = pa->nslots == 0 ? 64 : pa->nslots * 2;
		pa->slots = xcalloc(pa->nslots, sizeof *pa->slots);
		for (k = 0; k < pa->n; k++) {
			h = pane_frame_attr_hash(&pa->list[k]) & (pa->nslots - 1);
			while (pa->slots[h] != 0)
				h = (h + 1) & (pa->nslots - 1);
			pa->slots[h] = k + 1;
		}
		pa->list = xreallocarray(pa->list, pa->nslots / 2,
		    sizeof *pa->list);
	}
	h = pane_frame_attr_hash(a) & (pa->nslots - 1);
	for (i = h; pa->slots[i] != 0; i = (i + 1) & (pa->nslots - 1)) {
		k = pa->slots[i] - 1;
		if (pa->list[k].fg == a->fg && pa->list[k].bg == a->bg &&
		    pa->list[k].ul == a->ul && pa->list[k].flags == a->flags)
			return (k);
	}
	pa->list[pa->n] = *a;
	pa->slots[i] = ++pa->n;
	return (pa->n - 1);
}

static json_t *
pane_frame_color_json(uint32_t c)
{
	char	s[8];

	switch (TERM_COLOR_TYPE(c)) {
	case TERM_COLOR_INDEXED:
		return (json_integer(c & 0xff));
	case TERM_COLOR_RGB:
		snprintf(s, sizeof s, "#%06x", c & 0xffffff);
		return (json_string(s));
	}
	return (json_integer(-1));
}

json_t *
pane_frame_attrs_json(struct pane_frame_attrs *pa)
{
	static const struct {
		int		 flag;
		const char	*name;
	} flags[] = {
		{ TERM_ATTR_BOLD, "b" }, { TERM_ATTR_ITALIC, "i" },
		{ TERM_ATTR_UNDERLINE, "u" }, { TERM_ATTR_REVERSE, "r" },
		{ TERM_ATTR_STRIKE, "s" }, { TERM_ATTR_BLINK, "blink" },
		{ TERM_ATTR_DIM, "dim" }, { TERM_ATTR_CONCEAL, "conceal" },
		{ TERM_ATTR_OVERLINE, "o" }
	};
	int		 us;
	json_t		*a, *o;
	unsigned int	 j;
	int		 i;

	a = json_array();
	for (i = 0; i < pa->n; i++) {
		o = json_object();
		json_object_set_new(o, "fg", pane_frame_color_json(pa->list[i].fg));
		json_object_set_new(o, "bg", pane_frame_color_json(pa->list[i].bg));
		for (j = 0; j < nitems(flags); j++) {
			if (pa->list[i].flags & flags[j].flag)
				json_object_set_new(o, flags[j].name,
				    json_integer(1));
		}
		if (pa->list[i].ul != TERM_COLOR_DEFAULT)
			json_object_set_new(o, "uc",
			    pane_frame_color_json(pa->list[i].ul));
		us = TERM_ATTR_UL_STYLE(pa->list[i].flags);
		if ((pa->list[i].flags & TERM_ATTR_UNDERLINE) && us != 0)
			json_object_set_new(o, "us", json_integer(us));
		json_array_append_new(a, o);
	}
	return (a);
}

/* {"y": y, "runs": [["text", attr], ...]}, merging runs of one attr. */
json_t *
pane_frame_line_json(struct term_line *l, int y, struct pane_frame_attrs *pa)
{
	json_t		*runs, *line;
	unsigned int	 i, j;
	int		 k;
	size_t		 len;

	runs = json_array();
	for (i = 0; i < l->nruns; i = j) {
		k = pane_frame_attrs_index(pa, &l->runs[i].attr);
		len = l->runs[i].len;
		for (j = i + 1; j < l->nruns &&
		    l->runs[j].attr.fg == l->runs[i].attr.fg &&
		    l->runs[j].attr.bg == l->runs[i].attr.bg &&
		    l->runs[j].attr.ul == l->runs[i].attr.ul &&
		    l->runs[j].attr.flags == l->runs[i].attr.flags; j++)
			len += l->runs[j].len;
		json_array_append_new(runs, json_pack("[oi]",
		    json_stringn_nocheck(l->text.data + l->runs[i].off, len),
		    k));
	}
	line = json_pack("{sisO}", "y", y, "runs", runs);
	json_decref(runs);
	return (line);
}

json_t *
pane_frame_json(struct term *t, int id, int full)
{
	static const char *const shapes[] = { "block", "block", "underline",
	    "bar" };
	struct term_cursor	 cur;
	struct term_line	 l;
	struct pane_frame_attrs	 pa;
	json_t			*frame, *lines;
	int			 cols, rows, y, y0, y1;

	term_size(t, &cols, &rows);
	term_get_cursor(t, &cur);
	term_dirty(t, &y0, &y1);
	if (full) {
		y0 = 0;
		y1 = rows;
	}
	pane_frame_attrs_init(&pa);
	term_line_init(&l);
	lines = json_array();
	for (y = y0; y < y1; y++) {
		term_get_row(t, y, &l);
		json_array_append_new(lines, pane_frame_line_json(&l, y, &pa));
	}
	term_line_done(&l);
	frame = json_pack("{ss si si si sb sb si s{si si sb ss sb} ss}",
	    "ev", "pane.frame", "pane", id, "cols", cols, "rows", rows,
	    "full", full, "alt", term_altscreen(t), "mouse",
	    term_mouse_mode(t), "cursor", "x", cur.x, "y", cur.y, "visible",
	    cur.visible, "shape", shapes[cur.shape & 3], "blink", cur.blink,
	    "title", term_title(t));
	json_object_set_new(frame, "attrs", pane_frame_attrs_json(&pa));
	json_object_set_new(frame, "lines", lines);
	pane_frame_attrs_done(&pa);
	return (frame);
}
