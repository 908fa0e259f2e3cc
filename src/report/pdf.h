/*
 * pdf.h: figures as PDF, through librsvg and cairo when built with them.
 */
#ifndef BASELINER_PDF_H
#define BASELINER_PDF_H

/* 1 if this build can write PDF. */
int	pdf_available(void);
/* Write the SVG document svg as a PDF at path. */
int	pdf_from_svg(const char *svg, const char *path, char **cause);
/* Release the font libraries' caches, once no more PDF will be written. */
void	pdf_done(void);

#endif
