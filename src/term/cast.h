/*
 * cast.h: a pane's recording (the `recording` table) as an asciicast v2
 * file, the format asciinema plays.
 *
 * The header's size is the pane's first size; events are [t, "o", data]
 * for output, "i" for input, "r" for resizes ("COLSxROWS") and "m" for
 * markers, t in seconds since the pane opened (wall time, so a replay
 * runs at the speed it happened). Data is always valid UTF-8: a sequence
 * split across two recorded chunks is carried to the next chunk of the
 * same kind, and bytes that are not UTF-8 become U+FFFD.
 *
 * markers (may be NULL) is an array of objects with "label" and either
 * "wall_ms" or "elapsed" (session clock seconds, mapped onto the
 * recording's own timeline).
 */
#ifndef BASELINER_CAST_H
#define BASELINER_CAST_H

#include <stdio.h>

#include <jansson.h>

struct store;

int	cast_write(struct store *, int pane, FILE *, json_t *markers, char **);

#endif
