/*
 * pane_frame.h: a pane's screen as the JSON the workbench draws, the
 * "pane.frame" event of src/term/PROTOCOL-panes.md: rows as runs of text
 * that share an attribute, the attributes interned in one table per frame
 * (or per scrollback answer), the cursor, the modes and the title. Pure:
 * it reads a term and returns JSON; when frames are sent, to whom and how
 * often is srv_pane.c's business. tests/unit/test_pane_frame.c.
 */
#ifndef BASELINER_PANE_FRAME_H
#define BASELINER_PANE_FRAME_H

#include <jansson.h>

#include "term.h"

/* An attribute table for one frame or answer: each attr once. */
struct pane_frame_attrs {
	struct term_attr	*list;
	int			 n;
	int			*slots;		/* open addressing: index + 1,
						   0 empty */
	int			 nslots;
};

void	 pane_frame_attrs_init(struct pane_frame_attrs *);
void	 pane_frame_attrs_done(struct pane_frame_attrs *);
/* The index of a in the table, added if new. */
int	 pane_frame_attrs_index(struct pane_frame_attrs *,
	     const struct term_attr *);
/* [{"fg": .., "bg": .., "b": 1, ...}, ...], in index order. */
json_t	*pane_frame_attrs_json(struct pane_frame_attrs *);
/* {"y": y, "runs": [["text", attr], ...]}, runs of one attr merged. */
json_t	*pane_frame_line_json(struct term_line *, int y,
	     struct pane_frame_attrs *);
/* The "pane.frame" event of pane id: every row if full, else the dirty
 * ones (term_dirty). */
json_t	*pane_frame_json(struct term *, int id, int full);

#endif
