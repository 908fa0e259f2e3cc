/*
 * snapshot.h: a screen written out as the escape sequences that draw it.
 *
 * A player that starts a terminal from nothing and feeds it the snapshot
 * shows the same visible screen: every cell's text and attributes, the
 * cursor's place and whether it is shown. The review page uses one at the
 * start of each segment of a long recording, so a segment plays without
 * the output before it.
 */
#ifndef BASELINER_SNAPSHOT_H
#define BASELINER_SNAPSHOT_H

#include "term.h"

void	term_snapshot(struct term *, struct buf *);

#endif
