/*
 * pdf.c: a figure's SVG as a PDF, drawn by librsvg onto a cairo PDF
 * surface of the SVG's own size (in points, one per pixel), so that the PDF
 * holds the same vector drawing and text as the SVG. Built only where
 * librsvg and cairo's PDF backend are found; pdf_available() says whether.
 *
 * librsvg is loaded when the first PDF is asked for (dlopen), not linked:
 * it brings cairo, pango, glib, ICU, X11 and some forty more libraries,
 * and every baseliner command, `status` included, paid for loading them
 * at its start (bench/RESULTS.md). Its headers give the functions' types;
 * the functions themselves are looked up once, here. A build or a host
 * without it writes no PDF and says why.
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

#ifdef HAVE_RSVG
#define PDF_LIBRARY	"librsvg-2.so.2"

/* The functions used, each found by name, as a pointer of its own type. */
#define PDF_FNS(X) \
	X(rsvg_handle_new_from_data) \
	X(rsvg_handle_get_intrinsic_size_in_pixels) \
	X(rsvg_handle_render_document) \
	X(cairo_pdf_surface_create) \
	X(cairo_create) \
	X(cairo_destroy) \
	X(cairo_surface_finish) \
	X(cairo_surface_status) \
	X(cairo_surface_destroy) \
	X(cairo_status_to_string) \
	X(cairo_debug_reset_static_data) \
	X(g_error_free) \
	X(g_object_unref) \
	X(FcFini)
#define PDF_FN(name)	static __typeof__(name) *p_##name;
PDF_FNS(PDF_FN)
#undef PDF_FN

static int	 pdf_loaded;	/* 0 not tried, 1 loaded, -1 failed */
static char	*pdf_why;	/* why it failed */

/* Load librsvg (and with it cairo, glib, fontconfig) once; 0 or -1. */
static int
pdf_load(void)
{
	void	*h;

	if (pdf_loaded != 0)
		return (pdf_loaded > 0 ? 0 : -1);
	pdf_loaded = -1;
	/* Global, so that its own libraries' symbols are found by name. */
	if ((h = dlopen(PDF_LIBRARY, RTLD_NOW | RTLD_GLOBAL)) == NULL) {
		pdf_why = xstrdup(dlerror());
		return (-1);
	}
#define PDF_SYM(name) do {						\
	*(void **)&p_##name = dlsym(RTLD_DEFAULT, #name);		\
	if (p_##name == NULL) {						\
		pdf_why = xasprintf("%s: no %s", PDF_LIBRARY, #name);	\
		return (-1);						\
	}								\
} while (0);
	PDF_FNS(PDF_SYM)
#undef PDF_SYM
	pdf_loaded = 1;
	return (0);
}
#endif

int
pdf_available(void)
{
#ifdef HAVE_RSVG
	return (pdf_load() == 0);
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

	if (pdf_load() != 0)
		return (set_cause(cause, "%s: librsvg cannot be loaded (%s), so "
		    "no PDF is written (the SVG is there)", path, pdf_why));
	h = p_rsvg_handle_new_from_data((const guint8 *)svg, strlen(svg),
	    &err);
	if (h == NULL) {
		set_cause(cause, "%s: %s", path, err ? err->message :
		    "librsvg cannot read the figure");
		if (err != NULL)
			p_g_error_free(err);
		return (-1);
	}
	if (!p_rsvg_handle_get_intrinsic_size_in_pixels(h, &w, &hgt)) {
		w = 960;
		hgt = 560;
	}
	surf = p_cairo_pdf_surface_create(path, w, hgt);
	cr = p_cairo_create(surf);
	vp.x = 0;
	vp.y = 0;
	vp.width = w;
	vp.height = hgt;
	if (!p_rsvg_handle_render_document(h, cr, &vp, &err)) {
		set_cause(cause, "%s: %s", path, err ? err->message :
		    "librsvg cannot draw the figure");
		if (err != NULL)
			p_g_error_free(err);
	} else
		rc = 0;
	p_cairo_destroy(cr);
	p_cairo_surface_finish(surf);
	if (rc == 0 && p_cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS)
		rc = set_cause(cause, "%s: %s", path, p_cairo_status_to_string(
		    p_cairo_surface_status(surf)));
	p_cairo_surface_destroy(surf);
	p_g_object_unref(h);
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

	if (pdf_loaded <= 0)
		return;
	/*
	 * Text is laid out by pango on fontconfig, which keep their fonts for
	 * the life of the process: give them back, so that a leak checker
	 * sees only what is ours. pango comes with librsvg; its function is
	 * found at run time like the others, since only its library, not its
	 * headers, is there.
	 */
	*(void **)&set_default = dlsym(RTLD_DEFAULT,
	    "pango_cairo_font_map_set_default");
	if (set_default == NULL)
		return;
	set_default(NULL);
	p_cairo_debug_reset_static_data();
	p_FcFini();
#endif
}
