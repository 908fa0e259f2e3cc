/*
 * hjson.h: a small JSON writer for the harness's result line.
 *
 * The harness runs on GPU machines that have the CUDA toolkit but not
 * necessarily jansson, so it writes its one JSON object itself. Values are
 * appended in order into a struct buf; commas and escaping are handled
 * here. Keys are given for members of objects and NULL for array items.
 * Non-finite numbers are written as null (JSON has no NaN).
 */
#ifndef BASELINER_HJSON_H
#define BASELINER_HJSON_H

#ifdef __cplusplus
extern "C" {
#endif

#include "util.h"

#define HJSON_DEPTH 16

struct hjson {
	struct buf	b;
	int		depth;
	int		count[HJSON_DEPTH];	/* items written at each level */
	char		closer[HJSON_DEPTH];	/* '}' or ']' */
};

void	 hjson_init(struct hjson *);
void	 hjson_done(struct hjson *);
void	 hjson_object(struct hjson *, const char *key);
void	 hjson_array(struct hjson *, const char *key);
void	 hjson_end(struct hjson *);	/* closes the innermost object/array */
void	 hjson_str(struct hjson *, const char *key, const char *);
void	 hjson_num(struct hjson *, const char *key, double);
void	 hjson_int(struct hjson *, const char *key, long long);
void	 hjson_bool(struct hjson *, const char *key, int);
void	 hjson_null(struct hjson *, const char *key);
/* The text so far (complete once every level is closed). */
const char *hjson_text(struct hjson *);

#ifdef __cplusplus
}
#endif

#endif
