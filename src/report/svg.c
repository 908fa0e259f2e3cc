/*
 * svg.c: a small plotting library that writes SVG.
 *
 * The plot keeps what it was given (ranges, ticks, series, bands, lines) and
 * renders the document in one pass at the end. Geometry: a plot area of
 * fixed size on the left and the legend in a column to its right, so a
 * legend never hides a line. The legend column is as wide as its longest
 * label (text widths are estimated at 0.6 em a character, generous for
 * DejaVu Sans) and the canvas grows to hold every entry, so a legend is
 * never cut. A reference line is labelled in the legend, clear of the
 * data. Series are told apart by colour and by dash pattern. Data
 * coordinates map to the area linearly, or by logarithm on a log x axis;
 * points outside the ranges are clamped to the border rather than drawn
 * outside it.
 *
 * Colours are the Okabe-Ito palette (distinguishable with the common forms
 * of colour blindness), with near-black first so that the human baseline
 * stands out against the agents.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svg.h"

#define SVG_AREA_W	640	/* the plot area */
#define SVG_AREA_H	400
#define SVG_LEFT	78	/* room for y tick labels and the y label */
#define SVG_TOP_SUB	86	/* title and two lines of subtitle */
#define SVG_TOP		50	/* title alone */
#define SVG_BOTTOM	64	/* x tick labels and the x label */
#define SVG_LEGEND_ROW	22
#define SVG_FONT	"DejaVu Sans, Helvetica, Arial, sans-serif"

/* Dash patterns, so that series differ by more than colour. */
static const char *const svg_dashes[] = { NULL, "9 5", "2.5 4", "12 4 3 4" };

struct svg_tick {
	double	 at;
	char	*label;
};

struct svg_series {
	char		*label;
	char		*colour;
	enum svg_style	 style;
	double		*x;
	double		*y;		/* for bands: lo */
	double		*hi;		/* bands only */
	size_t		 n;
	int		 band;
	int		 dash;		/* index into svg_dashes */
};

/* A short label beside one point (a marker's time per run). */
struct svg_note {
	double	 x;
	double	 y;
	char	*text;
	char	*colour;
};

struct svg_hline {
	double	 y;
	char	*label;
};

struct svg_plot {
	char		*title;
	char		*subtitle;
	char		*xlabel;
	char		*ylabel;
	double		 xmin, xmax, ymin, ymax;
	int		 xlog;
	double		 faint;		/* faint lines' opacity */
	struct svg_tick	*xticks;
	size_t		 nxticks;
	struct svg_tick	*yticks;
	size_t		 nyticks;
	struct svg_series *series;
	size_t		 nseries;
	struct svg_hline *hlines;
	size_t		 nhlines;
	struct svg_note	*notes;
	size_t		 nnotes;
	/* The geometry, set at render. */
	double		 width, height, top;
};

static const char *const svg_palette[] = {
	"#1b1b1b",	/* near black */
	"#e69f00",	/* orange */
	"#0072b2",	/* blue */
	"#009e73",	/* bluish green */
	"#d55e00",	/* vermillion */
	"#cc79a7",	/* reddish purple */
	"#56b4e9",	/* sky blue */
	"#b8a000",	/* yellow, darkened to read on white */
};

const char *
svg_colour(size_t i)
{
	return (svg_palette[i % nitems(svg_palette)]);
}

void
svg_escape(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&':
			buf_addstr(b, "&amp;");
			break;
		case '<':
			buf_addstr(b, "&lt;");
			break;
		case '>':
			buf_addstr(b, "&gt;");
			break;
		case '"':
			buf_addstr(b, "&quot;");
			break;
		case '\'':
			buf_addstr(b, "&apos;");
			break;
		default:
			/* Control characters are not allowed in XML 1.0. */
			if ((unsigned char)*s < 0x20 && *s != '\t' &&
			    *s != '\n')
				buf_addstr(b, "?");
			else
				buf_add(b, s, 1);
			break;
		}
	}
}

struct svg_plot *
svg_plot_create(const char *title, const char *subtitle, const char *xlabel,
    const char *ylabel)
{
	struct svg_plot	*p;

	p = xcalloc(1, sizeof *p);
	p->title = xstrdup(title ? title : "");
	p->subtitle = xstrdup(subtitle ? subtitle : "");
	p->xlabel = xstrdup(xlabel ? xlabel : "");
	p->ylabel = xstrdup(ylabel ? ylabel : "");
	p->xmin = 0;
	p->xmax = 1;
	p->ymin = 0;
	p->ymax = 1;
	p->faint = 0.3;
	return (p);
}

void
svg_plot_destroy(struct svg_plot *p)
{
	size_t	i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nxticks; i++)
		free(p->xticks[i].label);
	for (i = 0; i < p->nyticks; i++)
		free(p->yticks[i].label);
	for (i = 0; i < p->nseries; i++) {
		free(p->series[i].label);
		free(p->series[i].colour);
		free(p->series[i].x);
		free(p->series[i].y);
		free(p->series[i].hi);
	}
	for (i = 0; i < p->nhlines; i++)
		free(p->hlines[i].label);
	for (i = 0; i < p->nnotes; i++) {
		free(p->notes[i].text);
		free(p->notes[i].colour);
	}
	free(p->notes);
	free(p->xticks);
	free(p->yticks);
	free(p->series);
	free(p->hlines);
	free(p->title);
	free(p->subtitle);
	free(p->xlabel);
	free(p->ylabel);
	free(p);
}

void
svg_plot_xrange(struct svg_plot *p, double min, double max, int log)
{
	p->xlog = log;
	if (log && !(min > 0))
		min = 1e-9;
	if (!(max > min))
		max = log ? min * 10 : min + 1;
	p->xmin = min;
	p->xmax = max;
}

void
svg_plot_yrange(struct svg_plot *p, double min, double max)
{
	if (!(max > min))
		max = min + 1;
	p->ymin = min;
	p->ymax = max;
}

static void
svg_tick_add(struct svg_tick **v, size_t *n, double at, const char *label)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[*n].at = at;
	(*v)[*n].label = xstrdup(label);
	(*n)++;
}

void
svg_plot_xtick(struct svg_plot *p, double at, const char *label)
{
	svg_tick_add(&p->xticks, &p->nxticks, at, label);
}

void
svg_plot_yticks_auto(struct svg_plot *p)
{
	static const double	 steps[] = { 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2,
				     2.5, 5, 10 };
	double			 span, step = steps[0], y;
	char			 label[32];
	size_t			 i;

	span = p->ymax - p->ymin;
	for (i = 0; i < nitems(steps); i++) {
		step = steps[i];
		if (span / step <= 8)
			break;
	}
	for (y = ceil(p->ymin / step - 1e-9) * step; y <= p->ymax + 1e-9;
	    y += step) {
		snprintf(label, sizeof label, step < 0.1 ? "%.2f" :
		    step < 1 ? (fmod(step, 0.1) > 1e-9 ? "%.2f" : "%.1f") :
		    "%.0f", fabs(y) < 1e-12 ? 0.0 : y);
		svg_tick_add(&p->yticks, &p->nyticks, y, label);
	}
}

static struct svg_series *
svg_series_add(struct svg_plot *p, const char *label, const char *colour,
    const double *x, const double *y, size_t n)
{
	struct svg_series	*s;

	p->series = xreallocarray(p->series, p->nseries + 1,
	    sizeof *p->series);
	s = &p->series[p->nseries++];
	memset(s, 0, sizeof *s);
	s->label = xstrdup(label ? label : "");
	s->colour = xstrdup(colour);
	s->n = n;
	s->x = xreallocarray(NULL, n, sizeof *s->x);
	s->y = xreallocarray(NULL, n, sizeof *s->y);
	memcpy(s->x, x, n * sizeof *x);
	memcpy(s->y, y, n * sizeof *y);
	return (s);
}

void
svg_plot_series(struct svg_plot *p, const char *label, const char *colour,
    enum svg_style style, const double *x, const double *y, size_t n)
{
	svg_series_add(p, label, colour, x, y, n)->style = style;
}

void
svg_plot_dash_last(struct svg_plot *p)
{
	if (p->nseries > 0)
		p->series[p->nseries - 1].dash = 1;
}

void
svg_plot_dash(struct svg_plot *p, size_t style)
{
	if (p->nseries > 0)
		p->series[p->nseries - 1].dash = (int)(style %
		    nitems(svg_dashes));
}

void
svg_plot_note(struct svg_plot *p, double x, double y, const char *text,
    const char *colour)
{
	p->notes = xreallocarray(p->notes, p->nnotes + 1, sizeof *p->notes);
	p->notes[p->nnotes].x = x;
	p->notes[p->nnotes].y = y;
	p->notes[p->nnotes].text = xstrdup(text);
	p->notes[p->nnotes].colour = xstrdup(colour);
	p->nnotes++;
}

double
svg_text_width(const char *s, double size)
{
	size_t	n = 0;

	/* Characters, not bytes: UTF-8 continuation bytes do not count. */
	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return ((double)n * 0.6 * size);
}

void
svg_plot_faint_opacity(struct svg_plot *p, double opacity)
{
	p->faint = opacity;
}

void
svg_plot_band(struct svg_plot *p, const char *colour, const double *x,
    const double *lo, const double *hi, size_t n)
{
	struct svg_series	*s;

	s = svg_series_add(p, NULL, colour, x, lo, n);
	s->band = 1;
	s->hi = xreallocarray(NULL, n, sizeof *s->hi);
	memcpy(s->hi, hi, n * sizeof *hi);
}

void
svg_plot_hline(struct svg_plot *p, double y, const char *label)
{
	p->hlines = xreallocarray(p->hlines, p->nhlines + 1,
	    sizeof *p->hlines);
	p->hlines[p->nhlines].y = y;
	p->hlines[p->nhlines].label = xstrdup(label ? label : "");
	p->nhlines++;
}

/* Data to canvas coordinates, clamped to the plot area. */
static double
svg_px(const struct svg_plot *p, double x)
{
	double	f, w = SVG_AREA_W;

	if (p->xlog)
		f = (log(x > p->xmin ? x : p->xmin) - log(p->xmin)) /
		    (log(p->xmax) - log(p->xmin));
	else
		f = (x - p->xmin) / (p->xmax - p->xmin);
	if (!(f >= 0))
		f = 0;
	if (f > 1)
		f = 1;
	return (SVG_LEFT + f * w);
}

static double
svg_py(const struct svg_plot *p, double y)
{
	double	f, h = SVG_AREA_H;

	f = (y - p->ymin) / (p->ymax - p->ymin);
	if (!(f >= 0))
		f = 0;
	if (f > 1)
		f = 1;
	return (p->top + (1 - f) * h);
}

static void
svg_text(struct buf *b, double x, double y, const char *anchor,
    const char *attrs, const char *text)
{
	buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" %s>",
	    x, y, anchor, attrs);
	svg_escape(b, text);
	buf_addstr(b, "</text>\n");
}

/* One polyline, broken at NaNs so that missing values are gaps. */
static void
svg_polyline(struct buf *b, const struct svg_plot *p,
    const struct svg_series *s, const char *attrs)
{
	size_t	i;
	double	prev = NAN;
	int	open = 0;

	for (i = 0; i < s->n; i++) {
		if (isnan(s->y[i]) || isnan(s->x[i])) {
			if (open)
				buf_addstr(b, "\"/>\n");
			open = 0;
			continue;
		}
		if (!open) {
			buf_printf(b, "<polyline fill=\"none\" %s points=\"",
			    attrs);
			open = 1;
		} else if (s->style == SVG_FAINT_STEP)
			buf_printf(b, "%.1f,%.1f ", svg_px(p, s->x[i]),
			    svg_py(p, prev));
		buf_printf(b, "%.1f,%.1f ", svg_px(p, s->x[i]),
		    svg_py(p, s->y[i]));
		prev = s->y[i];
	}
	if (open)
		buf_addstr(b, "\"/>\n");
}

static void
svg_line(struct buf *b, const struct svg_plot *p, const struct svg_series *s)
{
	char	*attrs;

	if (s->style == SVG_FAINT_STEP) {
		attrs = xasprintf("stroke=\"%s\" stroke-width=\"1\" "
		    "stroke-opacity=\"%.3g\"", s->colour, p->faint);
		svg_polyline(b, p, s, attrs);
		free(attrs);
		return;
	}
	/* A white casing keeps the line readable over faint ones. */
	svg_polyline(b, p, s, "stroke=\"#ffffff\" stroke-width=\"5.5\" "
	    "stroke-opacity=\"0.85\" stroke-linejoin=\"round\" "
	    "stroke-linecap=\"round\"");
	attrs = xasprintf("stroke=\"%s\" stroke-width=\"2.75\" "
	    "stroke-linejoin=\"round\" stroke-linecap=\"round\"%s%s%s",
	    s->colour, svg_dashes[s->dash] ? " stroke-dasharray=\"" : "",
	    svg_dashes[s->dash] ? svg_dashes[s->dash] : "",
	    svg_dashes[s->dash] ? "\"" : "");
	svg_polyline(b, p, s, attrs);
	free(attrs);
}

static void
svg_band(struct buf *b, const struct svg_plot *p, const struct svg_series *s)
{
	struct svg_series	 e;
	char			*attrs;
	size_t			 i;

	if (s->n == 0)
		return;
	buf_printf(b, "<polygon fill=\"%s\" fill-opacity=\"0.14\" "
	    "stroke=\"none\" points=\"", s->colour);
	for (i = 0; i < s->n; i++) {
		if (!isnan(s->hi[i]))
			buf_printf(b, "%.1f,%.1f ", svg_px(p, s->x[i]),
			    svg_py(p, s->hi[i]));
	}
	for (i = s->n; i > 0; i--) {
		if (!isnan(s->y[i - 1]))
			buf_printf(b, "%.1f,%.1f ", svg_px(p, s->x[i - 1]),
			    svg_py(p, s->y[i - 1]));
	}
	buf_addstr(b, "\"/>\n");
	/*
	 * Its edges, thin and dotted, so that where bands overlap each one
	 * can still be followed.
	 */
	attrs = xasprintf("stroke=\"%s\" stroke-opacity=\"0.6\" "
	    "stroke-width=\"1\" stroke-dasharray=\"1.5 2.5\"", s->colour);
	for (i = 0; i < 2; i++) {
		e = *s;
		e.style = SVG_LINE;
		if (i == 1)
			e.y = s->hi;
		svg_polyline(b, p, &e, attrs);
	}
	free(attrs);
}

/* The legend's entries: labelled lines and reference lines. */
static size_t
svg_legend_rows(const struct svg_plot *p, double *width)
{
	const struct svg_series	*s;
	size_t			 i, n = 0;
	double			 w;

	*width = 0;
	for (i = 0; i < p->nseries; i++) {
		s = &p->series[i];
		if (s->band || s->style == SVG_FAINT_STEP || *s->label == '\0')
			continue;
		n++;
		if ((w = svg_text_width(s->label, 13)) > *width)
			*width = w;
	}
	for (i = 0; i < p->nhlines; i++) {
		n++;
		if ((w = svg_text_width(p->hlines[i].label, 13)) > *width)
			*width = w;
	}
	return (n);
}

char *
svg_plot_render(struct svg_plot *p)
{
	struct buf			 b;
	const struct svg_series		*s;
	double				 x0, x1, y0, y1, ly, px, py, lw;
	size_t				 i, j, rows;
	char				*out, *line, *next, *cur;

	/* The canvas: the area, the legend column as wide as it needs. */
	p->top = *p->subtitle != '\0' ? SVG_TOP_SUB : SVG_TOP;
	rows = svg_legend_rows(p, &lw);
	p->width = SVG_LEFT + SVG_AREA_W + 16 + 40 + lw + 24;
	if (p->width < SVG_LEFT + SVG_AREA_W + 120)
		p->width = SVG_LEFT + SVG_AREA_W + 120;
	if (svg_text_width(p->title, 18) + SVG_LEFT + 16 > p->width)
		p->width = svg_text_width(p->title, 18) + SVG_LEFT + 16;
	p->height = p->top + SVG_AREA_H + SVG_BOTTOM;
	if (p->top + 8 + SVG_LEGEND_ROW * (double)rows + 8 > p->height)
		p->height = p->top + 8 + SVG_LEGEND_ROW * (double)rows + 8;
	p->width = ceil(p->width);
	p->height = ceil(p->height);
	x0 = SVG_LEFT;
	x1 = SVG_LEFT + SVG_AREA_W;
	y0 = p->top;
	y1 = p->top + SVG_AREA_H;

	buf_init(&b);
	buf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
	    "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"%s\" "
	    "font-size=\"13\">\n", p->width, p->height, p->width, p->height,
	    SVG_FONT);
	buf_addstr(&b, "<title>");
	svg_escape(&b, p->title);
	buf_addstr(&b, "</title>\n");
	buf_printf(&b, "<rect width=\"%.0f\" height=\"%.0f\" "
	    "fill=\"#ffffff\"/>\n", p->width, p->height);
	svg_text(&b, x0, 28, "start", "font-size=\"18\" font-weight=\"bold\" "
	    "fill=\"#1b1b1b\"", p->title);
	/* The subtitle: one text line per line of it. */
	line = xstrdup(p->subtitle);
	for (i = 0, next = line; *p->subtitle != '\0' && next != NULL; i++) {
		cur = strsep(&next, "\n");
		svg_text(&b, x0, 48 + 16 * (double)i, "start",
		    "font-size=\"12.5\" fill=\"#555555\"", cur);
	}
	free(line);

	/* Grid. */
	buf_printf(&b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
	    "height=\"%.1f\" fill=\"#fafafa\"/>\n", x0, y0, x1 - x0, y1 - y0);
	buf_addstr(&b, "<g stroke=\"#e3e3e3\" stroke-width=\"1\">\n");
	for (i = 0; i < p->nxticks; i++) {
		px = svg_px(p, p->xticks[i].at);
		buf_printf(&b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\"/>\n", px, y0, px, y1);
	}
	for (i = 0; i < p->nyticks; i++) {
		py = svg_py(p, p->yticks[i].at);
		buf_printf(&b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\"/>\n", x0, py, x1, py);
	}
	buf_addstr(&b, "</g>\n");

	/* Data, back to front: bands, faint lines, lines, markers. */
	for (i = 0; i < p->nseries; i++) {
		if (p->series[i].band)
			svg_band(&b, p, &p->series[i]);
	}
	for (i = 0; i < p->nseries; i++) {
		s = &p->series[i];
		if (!s->band && s->style == SVG_FAINT_STEP)
			svg_line(&b, p, s);
	}
	for (i = 0; i < p->nhlines; i++) {
		py = svg_py(p, p->hlines[i].y);
		buf_printf(&b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\" stroke=\"#777777\" stroke-width=\"1.2\" "
		    "stroke-dasharray=\"6 4\"/>\n", x0, py, x1, py);
	}
	for (i = 0; i < p->nseries; i++) {
		s = &p->series[i];
		if (!s->band && s->style != SVG_FAINT_STEP)
			svg_line(&b, p, s);
	}
	for (i = 0; i < p->nseries; i++) {
		s = &p->series[i];
		if (s->band || s->style != SVG_MARKERS)
			continue;
		for (j = 0; j < s->n; j++) {
			if (isnan(s->y[j]))
				continue;
			buf_printf(&b, "<circle cx=\"%.1f\" cy=\"%.1f\" "
			    "r=\"4\" fill=\"%s\" stroke=\"#ffffff\" "
			    "stroke-width=\"1.5\"/>\n", svg_px(p, s->x[j]),
			    svg_py(p, s->y[j]), s->colour);
		}
	}

	/* Axes, ticks and their labels. */
	buf_printf(&b, "<g stroke=\"#333333\" stroke-width=\"1.2\">\n"
	    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n"
	    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
	    x0, y1, x1, y1, x0, y0, x0, y1);
	for (i = 0; i < p->nxticks; i++) {
		px = svg_px(p, p->xticks[i].at);
		buf_printf(&b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\"/>\n", px, y1, px, y1 + 5);
	}
	for (i = 0; i < p->nyticks; i++) {
		py = svg_py(p, p->yticks[i].at);
		buf_printf(&b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\"/>\n", x0 - 5, py, x0, py);
	}
	buf_addstr(&b, "</g>\n<g fill=\"#333333\">\n");
	for (i = 0; i < p->nxticks; i++)
		svg_text(&b, svg_px(p, p->xticks[i].at), y1 + 20, "middle",
		    "", p->xticks[i].label);
	for (i = 0; i < p->nyticks; i++)
		svg_text(&b, x0 - 9, svg_py(p, p->yticks[i].at) + 4.5, "end",
		    "", p->yticks[i].label);
	buf_addstr(&b, "</g>\n");
	/* Notes beside points, cased in white to read over lines. */
	for (i = 0; i < p->nnotes; i++) {
		if (isnan(p->notes[i].y))
			continue;
		svg_text(&b, svg_px(p, p->notes[i].x), svg_py(p,
		    p->notes[i].y) - 9, "middle", "font-size=\"10.5\" "
		    "stroke=\"#ffffff\" stroke-width=\"3\" "
		    "paint-order=\"stroke\" class=\"note\"", p->notes[i].text);
	}
	svg_text(&b, (x0 + x1) / 2, y1 + SVG_BOTTOM - 16, "middle",
	    "font-size=\"14\" fill=\"#1b1b1b\"", p->xlabel);
	buf_printf(&b, "<text x=\"0\" y=\"0\" text-anchor=\"middle\" "
	    "font-size=\"14\" fill=\"#1b1b1b\" "
	    "transform=\"translate(22 %.1f) rotate(-90)\">", (y0 + y1) / 2);
	svg_escape(&b, p->ylabel);
	buf_addstr(&b, "</text>\n");

	/* The legend: a swatch and a label per labelled series. */
	ly = y0 + 8;
	for (i = 0; i < p->nseries; i++) {
		s = &p->series[i];
		if (s->band || s->style == SVG_FAINT_STEP || *s->label == '\0')
			continue;
		buf_printf(&b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\" stroke=\"%s\" stroke-width=\"3\" "
		    "stroke-linecap=\"round\"%s%s%s/>\n", x1 + 16, ly, x1 + 48,
		    ly, s->colour, svg_dashes[s->dash] ?
		    " stroke-dasharray=\"" : "", svg_dashes[s->dash] ?
		    svg_dashes[s->dash] : "", svg_dashes[s->dash] ? "\"" : "");
		if (s->style == SVG_MARKERS)
			buf_printf(&b, "<circle cx=\"%.1f\" cy=\"%.1f\" "
			    "r=\"4\" fill=\"%s\" stroke=\"#ffffff\" "
			    "stroke-width=\"1.5\"/>\n", x1 + 32, ly, s->colour);
		svg_text(&b, x1 + 56, ly + 4.5, "start", "fill=\"#1b1b1b\" "
		    "class=\"legend\"", s->label);
		ly += SVG_LEGEND_ROW;
	}
	for (i = 0; i < p->nhlines; i++) {
		buf_printf(&b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\" stroke=\"#777777\" stroke-width=\"1.2\" "
		    "stroke-dasharray=\"6 4\"/>\n", x1 + 16, ly, x1 + 48, ly);
		svg_text(&b, x1 + 56, ly + 4.5, "start", "fill=\"#555555\" "
		    "class=\"legend\"", p->hlines[i].label);
		ly += SVG_LEGEND_ROW;
	}

	buf_addstr(&b, "</svg>\n");
	out = xstrdup(buf_cstr(&b));
	buf_done(&b);
	return (out);
}

char *
svg_compose(const char *title, char *const *docs, size_t n, size_t cols)
{
	struct buf	 b, body;
	const char	*d, *w, *h, *svg;
	double		 cw = 0, ch = 0, dw, dh, width, height, top = 44;
	size_t		 i, rows;

	if (cols == 0)
		cols = 1;
	rows = (n + cols - 1) / cols;
	for (i = 0; i < n; i++) {
		w = strstr(docs[i], "width=\"");
		h = strstr(docs[i], "height=\"");
		dw = w ? strtod(w + 7, NULL) : 0;
		dh = h ? strtod(h + 8, NULL) : 0;
		if (dw > cw)
			cw = dw;
		if (dh > ch)
			ch = dh;
	}
	width = cw * (double)(n < cols ? (n ? n : 1) : cols);
	height = top + ch * (double)rows;
	buf_init(&body);
	for (i = 0; i < n; i++) {
		d = docs[i];
		/* Each panel a nested <svg> at its place, without its prolog. */
		if ((svg = strstr(d, "<svg ")) == NULL)
			continue;
		buf_printf(&body, "<svg x=\"%.0f\" y=\"%.0f\" ",
		    cw * (double)(i % cols), top + ch * (double)(i / cols));
		buf_addstr(&body, svg + 5);
	}
	buf_init(&b);
	buf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
	    "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"%s\" "
	    "font-size=\"13\">\n<title>", width, height, width, height,
	    SVG_FONT);
	svg_escape(&b, title);
	buf_printf(&b, "</title>\n<rect width=\"%.0f\" height=\"%.0f\" "
	    "fill=\"#ffffff\"/>\n", width, height);
	svg_text(&b, SVG_LEFT, 30, "start", "font-size=\"20\" "
	    "font-weight=\"bold\" fill=\"#1b1b1b\"", title);
	buf_add(&b, body.data ? body.data : "", body.len);
	buf_addstr(&b, "</svg>\n");
	buf_done(&body);
	svg = xstrdup(buf_cstr(&b));
	buf_done(&b);
	return ((char *)svg);
}
