/*
 * grid.c: applying the server's frames to the client's copy of a pane.
 * A frame's runs cover a row from column 0; cells past the last run are
 * blank with default colours. Text is split into characters by UTF-8 and
 * measured with utf8_width (the same in every locale), so a wide character
 * takes two cells and combining marks join the character before them.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "utf8.h"
#include "util.h"
#include "grid.h"

void
grid_init(struct grid *g)
{
	memset(g, 0, sizeof *g);
	g->cursor_visible = 1;
}

void
grid_done(struct grid *g)
{
	free(g->cells);
	g->cells = NULL;
}

static void
cell_blank(struct grid_cell *c)
{
	memset(c, 0, sizeof *c);
	c->width = 1;
	c->fg = c->bg = c->ul = -1;
}

void
grid_resize(struct grid *g, int cols, int rows)
{
	struct grid_cell	*cells;
	int			 x, y;

	if (cols < 1)
		cols = 1;
	if (rows < 1)
		rows = 1;
	if (cols == g->cols && rows == g->rows && g->cells != NULL)
		return;
	cells = xcalloc((size_t)cols * rows, sizeof *cells);
	for (y = 0; y < rows; y++) {
		for (x = 0; x < cols; x++) {
			if (y < g->rows && x < g->cols && g->cells != NULL)
				cells[y * cols + x] = g->cells[y * g->cols + x];
			else
				cell_blank(&cells[y * cols + x]);
		}
	}
	/* A wide character cut in half by the new width is blanked. */
	for (y = 0; y < rows; y++) {
		if (cells[y * cols + cols - 1].width == 2)
			cell_blank(&cells[y * cols + cols - 1]);
	}
	free(g->cells);
	g->cells = cells;
	g->cols = cols;
	g->rows = rows;
	g->dirty = 1;
}

struct grid_cell *
grid_cell(struct grid *g, int x, int y)
{
	if (x < 0 || y < 0 || x >= g->cols || y >= g->rows || g->cells == NULL)
		return (NULL);
	return (&g->cells[y * g->cols + x]);
}

int32_t
grid_colour(json_t *v)
{
	const char	*s;
	unsigned	 r, gr, b;

	if (json_is_integer(v))
		return ((int32_t)json_integer_value(v));
	if ((s = json_string_value(v)) != NULL &&
	    sscanf(s, "#%02x%02x%02x", &r, &gr, &b) == 3)
		return (GRID_RGB(r, gr, b));
	return (-1);
}

static void
attr_resolve(json_t *a, struct grid_cell *c)
{
	json_int_t	us;

	c->fg = grid_colour(json_object_get(a, "fg"));
	c->bg = grid_colour(json_object_get(a, "bg"));
	c->ul = grid_colour(json_object_get(a, "uc"));
	c->flags = 0;
	if (json_object_get(a, "b"))
		c->flags |= GRID_BOLD;
	if (json_object_get(a, "i"))
		c->flags |= GRID_ITALIC;
	if (json_object_get(a, "u"))
		c->flags |= GRID_UNDERLINE;
	if (json_object_get(a, "r"))
		c->flags |= GRID_REVERSE;
	if (json_object_get(a, "s"))
		c->flags |= GRID_STRIKE;
	if (json_object_get(a, "blink"))
		c->flags |= GRID_BLINK;
	if (json_object_get(a, "dim"))
		c->flags |= GRID_DIM;
	if (json_object_get(a, "conceal"))
		c->flags |= GRID_CONCEAL;
	if (json_object_get(a, "o"))
		c->flags |= GRID_OVERLINE;
	us = json_integer_value(json_object_get(a, "us"));
	if ((c->flags & GRID_UNDERLINE) && us > 0 && us <= 4)
		c->flags |= (uint16_t)(us << GRID_UL_SHIFT);
}

void
grid_set_line(struct grid_cell *row, int cols, json_t *runs, json_t *attrs)
{
	struct grid_cell	 pen, *last = NULL;
	json_t			*run;
	const char		*p, *end;
	uint32_t		 cp;
	size_t			 i;
	int			 n, bad;
	int			 x = 0, w;

	for (i = 0; i < (size_t)cols; i++)
		cell_blank(&row[i]);
	json_array_foreach(runs, i, run) {
		cell_blank(&pen);
		attr_resolve(json_array_get(attrs, json_integer_value(
		    json_array_get(run, 1))), &pen);
		p = json_string_value(json_array_get(run, 0));
		if (p == NULL)
			continue;
		end = p + json_string_length(json_array_get(run, 0));
		while (p < end && x <= cols) {
			if ((bad = (n = utf8_decode(p, end - p, &cp)) < 0))
				n = -n;
			w = utf8_width(cp);
			if (w == 0 && last != NULL) {
				/* A combining mark joins the last character. */
				size_t len = strlen(last->ch);
				if (len + n < sizeof last->ch) {
					memcpy(last->ch + len, p, n);
					last->ch[len + n] = '\0';
				}
				p += n;
				continue;
			}
			if (w < 0)
				w = 1;
			if (x + w > cols)
				break;
			row[x] = pen;
			row[x].width = (int8_t)w;
			if (bad)
				memcpy(row[x].ch, "\xef\xbf\xbd", 4);
			else {
				memcpy(row[x].ch, p, (size_t)n < sizeof
				    row[x].ch ? (size_t)n : sizeof row[x].ch - 1);
				row[x].ch[(size_t)n < sizeof row[x].ch ?
				    (size_t)n : sizeof row[x].ch - 1] = '\0';
			}
			if (row[x].ch[0] == ' ' && row[x].ch[1] == '\0')
				row[x].ch[0] = '\0';
			last = &row[x];
			if (w == 2) {
				row[x + 1] = pen;
				row[x + 1].width = 0;
			}
			x += w;
			p += n;
		}
	}
}

void
grid_apply(struct grid *g, json_t *f)
{
	json_t		*lines, *line, *cur, *attrs;
	const char	*title;
	size_t		 i;
	json_int_t	 y, cols, rows;

	/* The server keeps panes within 1000 x 500; never trust it to. */
	cols = json_integer_value(json_object_get(f, "cols"));
	rows = json_integer_value(json_object_get(f, "rows"));
	if (cols < 1 || cols > GRID_MAX_COLS || rows < 1 ||
	    rows > GRID_MAX_ROWS) {
		if (g->cells != NULL)
			return;
		cols = 80;
		rows = 24;
	}
	grid_resize(g, (int)cols, (int)rows);
	attrs = json_object_get(f, "attrs");
	if (json_is_true(json_object_get(f, "full")))
		for (y = 0; y < g->rows; y++)
			grid_set_line(&g->cells[y * g->cols], g->cols, NULL,
			    attrs);
	lines = json_object_get(f, "lines");
	json_array_foreach(lines, i, line) {
		y = json_integer_value(json_object_get(line, "y"));
		if (!json_is_integer(json_object_get(line, "y")) || y < 0 ||
		    y >= g->rows)
			continue;
		grid_set_line(&g->cells[y * g->cols], g->cols,
		    json_object_get(line, "runs"), attrs);
	}
	if ((cur = json_object_get(f, "cursor")) != NULL) {
		g->cx = (int)json_integer_value(json_object_get(cur, "x"));
		g->cy = (int)json_integer_value(json_object_get(cur, "y"));
		g->cursor_visible = json_is_true(json_object_get(cur,
		    "visible"));
	}
	g->mouse = (int)json_integer_value(json_object_get(f, "mouse"));
	g->alt = json_is_true(json_object_get(f, "alt"));
	if ((title = json_string_value(json_object_get(f, "title"))) != NULL)
		snprintf(g->title, sizeof g->title, "%s", title);
	g->dirty = 1;
}

char *
grid_row_text(struct grid_cell *row, int cols)
{
	struct buf	b;
	int		x, end = 0;

	buf_init(&b);
	for (x = 0; x < cols; x++) {
		if (row[x].width == 0)
			continue;
		buf_addstr(&b, row[x].ch[0] ? row[x].ch : " ");
		if (row[x].ch[0])
			end = (int)b.len;
	}
	buf_cstr(&b)[end] = '\0';
	return (b.data);
}
