/*
 * utf8.h: UTF-8 as the Unicode standard defines it well-formed (no
 * overlongs, no surrogates, nothing past U+10FFFF), and the one function
 * that makes text from outside valid before it goes anywhere that needs
 * valid text (JSON, the store, the screen).
 *
 * Everything that enters from outside (a scorer's output, a window title,
 * a working directory, a file's contents, an argument) goes through
 * utf8_sanitize or utf8_sanitize_buf at the edge: each ill-formed part
 * (a maximal subpart, as Unicode's "U+FFFD substitution of maximal
 * subparts" counts them) becomes one U+FFFD, and so does a NUL byte, which
 * would end a C string early.
 */
#ifndef BASELINER_UTF8_H
#define BASELINER_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define UTF8_REPLACEMENT	0xfffdu

/*
 * Decode one character from s (len > 0 bytes): its length, with the code
 * point in *cp; or the negative length of the ill-formed part to skip
 * (-1 .. -3), with *cp set to UTF8_REPLACEMENT.
 */
int		 utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encode cp (surrogates and values past U+10FFFF as U+FFFD) into out (at
 * least 4 bytes); returns the length. */
int		 utf8_encode(uint32_t cp, char *out);

/*
 * Display width in terminal cells, the same in every locale (from
 * utf8proc's Unicode tables, not wcwidth): 2 for wide characters (East
 * Asian wide and fullwidth, emoji), 0 for combining marks and other
 * zero-width characters, -1 for control characters, else 1.
 */
int		 utf8_width(uint32_t cp);
/* The cells len bytes of UTF-8 text take: controls count 0, and each
 * ill-formed part 1 (it shows as one U+FFFD). */
int		 utf8_text_width(const char *s, size_t len);
/* The longest prefix of s that fits in cols columns (combining marks stay
 * with their character): its length in bytes. */
size_t		 utf8_cut_width(const char *s, size_t len, int cols);

/* 1 if len bytes of s are well-formed UTF-8 with no NUL. */
int		 utf8_valid(const char *s, size_t len);
/* The longest prefix of at most max bytes that does not end inside a
 * character: where to cut text to a byte budget. */
size_t		 utf8_cut(const char *s, size_t len, size_t max);

/* Append s, made valid (see above), to out. */
void		 utf8_sanitize_buf(struct buf *out, const char *s, size_t len);
/* s made valid, NUL-terminated, malloc'd; s may be NULL (gives ""). */
char		*utf8_sanitize(const char *s, size_t len);
/* The same for a NUL-terminated string. */
char		*utf8_sanitize_str(const char *s);

#endif
