/*
 * test_svg.c: the report's SVG plots (src/report/svg.c): the output is
 * well-formed XML (every element closed, in order), text is escaped,
 * points that are not numbers draw nothing, and panels compose.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "svg.h"
#include "util.h"
#include "unit.h"

/*
 * A small well-formedness check: elements nest and close in order,
 * attribute values are quoted, and no raw '<' or '&' stands in text.
 * Returns 0 if well-formed.
 */
static int
xml_check(const char *s)
{
	char		 stack[64][32];
	int		 depth = 0, n;
	const char	*p = s, *e, *q;

	while ((p = strpbrk(p, "<&")) != NULL) {
		if (*p == '&') {
			if (strncmp(p, "&lt;", 4) != 0 && strncmp(p, "&gt;",
			    4) != 0 && strncmp(p, "&amp;", 5) != 0 &&
			    strncmp(p, "&quot;", 6) != 0 && strncmp(p,
			    "&#39;", 5) != 0 && strncmp(p, "&apos;", 6) != 0)
				return (-1);
			p++;
			continue;
		}
		if (strncmp(p, "<?", 2) == 0 || strncmp(p, "<!--", 4) == 0) {
			if ((p = strstr(p, p[1] == '?' ? "?>" : "-->")) ==
			    NULL)
				return (-1);
			continue;
		}
		if ((e = strchr(p, '>')) == NULL)
			return (-1);
		/* No '<' inside a tag (it would be an unescaped one). */
		for (q = p + 1; q < e; q++) {
			if (*q == '<')
				return (-1);
		}
		if (p[1] == '/') {
			n = (int)strcspn(p + 2, " >");
			if (depth == 0 || strncmp(stack[depth - 1], p + 2,
			    n) != 0 || stack[depth - 1][n] != '\0')
				return (-1);
			depth--;
		} else if (e[-1] != '/') {
			n = (int)strcspn(p + 1, " >\n");
			if (depth == 64 || n >= 32)
				return (-1);
			memcpy(stack[depth], p + 1, n);
			stack[depth++][n] = '\0';
		}
		p = e + 1;
	}
	return (depth == 0 ? 0 : -1);
}

static void
test_xml_check(void)
{
	/* The checker itself can say no. */
	CHECK(xml_check("<a><b/></a>") == 0);
	CHECK(xml_check("<a><b></a>") == -1);
	CHECK(xml_check("<a>x < y</a>") == -1);
	CHECK(xml_check("<a>x & y</a>") == -1);
	CHECK(xml_check("<a>x &amp; y</a>") == 0);
}

static void
test_plot(void)
{
	struct svg_plot	*p;
	double		 x[] = { 0, 1, 2, 3 }, y[] = { 0.1, NAN, 0.5, 0.9 };
	double		 lo[] = { 0, 0, 0.2, 0.5 }, hi[] = { 0.3, 0.4, 0.7, 1 };
	char		*svg;

	p = svg_plot_create("Score <over> time & more", "a \"subtitle\"",
	    "hours", "score");
	svg_plot_xrange(p, 0, 3, 0);
	svg_plot_yrange(p, 0, 1);
	svg_plot_yticks_auto(p);
	svg_plot_xtick(p, 1, "1 h");
	svg_plot_band(p, svg_colour(1), x, lo, hi, 4);
	svg_plot_series(p, "human <expert>", svg_colour(0), SVG_MARKERS, x, y,
	    4);
	svg_plot_series(p, NULL, svg_colour(2), SVG_FAINT_STEP, x, y, 4);
	svg_plot_hline(p, 0.5, "reference");
	svg_plot_note(p, 2, 0.5, "note & co", svg_colour(0));
	svg = svg_plot_render(p);
	CHECK(svg != NULL);
	CHECK(strstr(svg, "<svg") != NULL);
	CHECK(xml_check(svg) == 0);
	CHECK(strstr(svg, "Score &lt;over&gt; time &amp; more") != NULL);
	CHECK(strstr(svg, "human &lt;expert&gt;") != NULL);
	CHECK(strstr(svg, "reference") != NULL);
	/* No NaN reaches a coordinate. */
	CHECK(strstr(svg, "nan") == NULL && strstr(svg, "NaN") == NULL);
	CHECK(strstr(svg, "inf") == NULL);
	free(svg);
	svg_plot_destroy(p);
}

static void
test_log_axis_and_compose(void)
{
	struct svg_plot	*p;
	double		 x[] = { 0.5, 2, 8, 32 }, y[] = { 0, 0.25, 0.5, 1 };
	char		*panels[2], *all;
	int		 i;

	for (i = 0; i < 2; i++) {
		p = svg_plot_create(i ? "right" : "left", NULL, "k", "score");
		svg_plot_xrange(p, 0.5, 32, 1);
		svg_plot_yrange(p, 0, 1);
		svg_plot_series(p, "s", svg_colour(i), SVG_LINE, x, y, 4);
		svg_plot_dash_last(p);
		panels[i] = svg_plot_render(p);
		CHECK(xml_check(panels[i]) == 0);
		svg_plot_destroy(p);
	}
	all = svg_compose("Both & all", panels, 2, 2);
	CHECK(all != NULL && xml_check(all) == 0);
	CHECK(strstr(all, "left") != NULL && strstr(all, "right") != NULL);
	CHECK(strstr(all, "Both &amp; all") != NULL);
	free(all);
	free(panels[0]);
	free(panels[1]);
}

static void
test_escape_and_width(void)
{
	struct buf	b;

	buf_init(&b);
	svg_escape(&b, "<a href=\"x\">'&'</a>");
	CHECK(strchr(buf_cstr(&b), '<') == NULL);
	CHECK(strchr(buf_cstr(&b), '"') == NULL);
	CHECK(xml_check(buf_cstr(&b)) == 0);
	buf_done(&b);
	CHECK(svg_text_width("", 12) == 0);
	CHECK(svg_text_width("wide text", 12) > svg_text_width("w", 12));
	CHECK(svg_text_width("abc", 24) > svg_text_width("abc", 12));
	CHECK(strcmp(svg_colour(0), svg_colour(1)) != 0);
}

int
main(void)
{
	RUN(test_xml_check);
	RUN(test_plot);
	RUN(test_log_axis_and_compose);
	RUN(test_escape_and_width);
	UNIT_DONE();
}
