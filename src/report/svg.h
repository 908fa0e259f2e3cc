/*
 * svg.h: line plots as standalone SVG files, for the report. A plot is
 * described first (ranges, ticks, series, bands, reference lines) and drawn
 * at the end, in layers: grid, bands, faint lines, lines, markers, axes,
 * labels and a legend beside the plot area, so nothing covers the data.
 * All text is escaped; the output is well-formed XML.
 */
#ifndef BASELINER_SVG_H
#define BASELINER_SVG_H

#include <stddef.h>

#include "util.h"

enum svg_style {
	SVG_LINE,		/* a thick line, in the legend */
	SVG_MARKERS,		/* a thick line with a dot at each point */
	SVG_FAINT_STEP		/* a thin, light step line, no legend */
};

struct svg_plot;

struct svg_plot	*svg_plot_create(const char *title, const char *subtitle,
		     const char *xlabel, const char *ylabel);
void		 svg_plot_destroy(struct svg_plot *);
/* The x axis is logarithmic when log is set (then min must be > 0). */
void		 svg_plot_xrange(struct svg_plot *, double, double, int);
void		 svg_plot_yrange(struct svg_plot *, double, double);
void		 svg_plot_xtick(struct svg_plot *, double, const char *);
/* Ticks at a readable step (0.1, 0.2, 0.25, 0.5, 1 ...) over the y range. */
void		 svg_plot_yticks_auto(struct svg_plot *);
void		 svg_plot_series(struct svg_plot *, const char *label,
		     const char *colour, enum svg_style, const double *x,
		     const double *y, size_t);
/* Draw the series added last with dashes (a second line of one colour). */
void		 svg_plot_dash_last(struct svg_plot *);
/* Draw the series added last with dash pattern style (0: solid, 1-3). */
void		 svg_plot_dash(struct svg_plot *, size_t);
/* A short label just above the point (x, y), in colour. */
void		 svg_plot_note(struct svg_plot *, double, double, const char *,
		     const char *);
/* The estimated width of text in pixels at a font size. */
double		 svg_text_width(const char *, double);
/* Opacity of SVG_FAINT_STEP lines (default 0.3): lower for many runs. */
void		 svg_plot_faint_opacity(struct svg_plot *, double);
/* A shaded band between lo and hi, behind the lines. */
void		 svg_plot_band(struct svg_plot *, const char *colour,
		     const double *x, const double *lo, const double *hi,
		     size_t);
/* A dashed horizontal line, labelled in the legend (clear of the data). */
void		 svg_plot_hline(struct svg_plot *, double, const char *);
/* The whole document, malloc'd. */
char		*svg_plot_render(struct svg_plot *);
/*
 * Panels: rendered documents side by side, cols to a row, under a title;
 * each keeps its own size, legend and labels.
 */
char		*svg_compose(const char *, char *const *, size_t, size_t);

/* The i-th colour of a palette readable by colour-blind people. */
const char	*svg_colour(size_t);
/* Append s escaped for XML text and attribute values. */
void		 svg_escape(struct buf *, const char *);

#endif
