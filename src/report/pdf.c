/*
 * pdf.c: a figure's SVG as a PDF, drawn by librsvg onto a cairo PDF
 * surface of the SVG's own size (in points, one per pixel), so that the PDF
 * holds the same vector drawing and text as the SVG. Built only where
 * librsvg and cairo's PDF backend are found; pdf_available() says whether.
 */
#include "config.h"

#include <string.h>

#ifdef HAVE_RSVG
#include <dlfcn.h>

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <librsvg/rsvg.h>
#endif

#include "pdf.h"
#include "util.h"

int
pdf_available(void)
{
#ifdef HAVE_RSVG
	return (1);
#else
	return (0);
#endif
}

int
pdf_from_svg(const char *svg, const char *path, char **cause)
{
#ifdef HAVE_RSVG
	RsvgHandle		*h;
	RsvgRectangle		 vp;
	GError			*err = NULL;
	cairo_surface_t		*surf;
	cairo_t			*cr;
	gdouble			 w, hgt;
	int			 rc = -1;

	h = rsvg_handle_new_from_data((const guint8 *)svg, strlen(svg), &err);
	if (h == NULL) {
		set_cause(cause, "%s: %s", path, err ? err->message :
		    "librsvg cannot read the figure");
		if (err != NULL)
			g_error_free(err);
		return (-1);
	}
	if (!rsvg_handle_get_intrinsic_size_in_pixels(h, &w, &hgt)) {
		w = 960;
		hgt = 560;
	}
	surf = cairo_pdf_surface_create(path, w, hgt);
	cr = cairo_create(surf);
	vp.x = 0;
	vp.y = 0;
	vp.width = w;
	vp.height = hgt;
	if (!rsvg_handle_render_document(h, cr, &vp, &err)) {
		set_cause(cause, "%s: %s", path, err ? err->message :
		    "librsvg cannot draw the figure");
		if (err != NULL)
			g_error_free(err);
	} else
		rc = 0;
	cairo_destroy(cr);
	cairo_surface_finish(surf);
	if (rc == 0 && cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS)
		rc = set_cause(cause, "%s: %s", path, cairo_status_to_string(
		    cairo_surface_status(surf)));
	cairo_surface_destroy(surf);
	g_object_unref(h);
	return (rc);
#else
	(void)svg;
	return (set_cause(cause, "%s: this baseliner was built without "
	    "librsvg, so it writes no PDF (the SVG is there)", path));
#endif
}

void
pdf_done(void)
{
#ifdef HAVE_RSVG
	void	(*set_default)(void *);

	/*
	 * Text is laid out by pango on fontconfig, which keep their fonts for
	 * the life of the process: give them back, so that a leak checker
	 * sees only what is ours. pango comes with librsvg; its function is
	 * found at run time rather than linked, since only its library, not
	 * its headers, is there.
	 */
	*(void **)&set_default = dlsym(RTLD_DEFAULT,
	    "pango_cairo_font_map_set_default");
	if (set_default == NULL)
		return;
	set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
#endif
}
