/*
 * utf8.c: well-formed UTF-8 (see utf8.h).
 *
 * The decoder follows the table of well-formed byte sequences in the
 * Unicode standard (chapter 3, table 3-7): the first byte fixes the length
 * and the range allowed for the second byte, which is what rules out
 * overlong forms, surrogates and code points past U+10FFFF. An ill-formed
 * sequence is reported with the length of its maximal subpart (the lead
 * byte and the continuation bytes that were still possible), so that a
 * cut character costs one U+FFFD, not one per byte.
 *
 * Widths come from utf8proc rather than wcwidth(3): wcwidth answers for the
 * process's locale, so a client in another locale than the server, or in
 * "C", would measure a line differently from the server that laid it out.
 */
#include "config.h"

#include <string.h>

#include <utf8proc.h>

#include "utf8.h"
#include "util.h"

/* The length a lead byte announces and the range of its second byte. */
static int
utf8_lead(unsigned char c, unsigned char *lo, unsigned char *hi)
{
	*lo = 0x80;
	*hi = 0xbf;
	if (c < 0x80)
		return (1);
	if (c < 0xc2)
		return (0);
	if (c < 0xe0)
		return (2);
	if (c < 0xf0) {
		if (c == 0xe0)
			*lo = 0xa0;
		else if (c == 0xed)
			*hi = 0x9f;
		return (3);
	}
	if (c < 0xf5) {
		if (c == 0xf0)
			*lo = 0x90;
		else if (c == 0xf4)
			*hi = 0x8f;
		return (4);
	}
	return (0);
}

int
utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char	*p = (const unsigned char *)s;
	unsigned char		 lo, hi;
	uint32_t		 c;
	int			 n, i;

	n = utf8_lead(p[0], &lo, &hi);
	if (n == 1) {
		*cp = p[0];
		return (1);
	}
	*cp = UTF8_REPLACEMENT;
	if (n == 0)
		return (-1);
	c = p[0] & (0xff >> (n + 1));
	for (i = 1; i < n; i++) {
		if ((size_t)i >= len || p[i] < lo || p[i] > hi)
			return (-i);
		c = (c << 6) | (p[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*cp = c;
	return (n);
}

int
utf8_encode(uint32_t cp, char *out)
{
	unsigned char	*o = (unsigned char *)out;

	if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		cp = UTF8_REPLACEMENT;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return (1);
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return (2);
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return (3);
	}
	o[0] = (unsigned char)(0xf0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return (4);
}

int
utf8_width(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return (-1);
	if (cp > 0x10ffff)
		return (1);
	return (utf8proc_charwidth((utf8proc_int32_t)cp));
}

int
utf8_text_width(const char *s, size_t len)
{
	uint32_t	cp;
	int		n, w = 0, cw;

	while (len > 0) {
		if ((n = utf8_decode(s, len, &cp)) < 0) {
			n = -n;
			cw = 1;
		} else
			cw = utf8_width(cp);
		w += cw > 0 ? cw : 0;
		s += n;
		len -= n;
	}
	return (w);
}

size_t
utf8_cut_width(const char *s, size_t len, int cols)
{
	uint32_t	cp;
	size_t		off = 0;
	int		n, w = 0, cw;

	while (off < len) {
		if ((n = utf8_decode(s + off, len - off, &cp)) < 0) {
			n = -n;
			cw = 1;
		} else
			cw = utf8_width(cp);
		if (cw > 0 && w + cw > cols)
			break;
		w += cw > 0 ? cw : 0;
		off += n;
	}
	return (off);
}

int
utf8_valid(const char *s, size_t len)
{
	uint32_t	cp;
	size_t		i = 0;
	int		n;

	while (i < len) {
		/* ASCII runs are the common case. */
		if ((unsigned char)s[i] < 0x80) {
			if (s[i] == '\0')
				return (0);
			i++;
			continue;
		}
		if ((n = utf8_decode(s + i, len - i, &cp)) < 0)
			return (0);
		i += (size_t)n;
	}
	return (1);
}

size_t
utf8_cut(const char *s, size_t len, size_t max)
{
	size_t	n;
	int	back;

	if (len <= max)
		return (len);
	/*
	 * s[max] is the first byte left out: step back over continuation
	 * bytes (at most three) to the start of the character it is in.
	 */
	n = max;
	for (back = 0; back < 3 && n > 0 &&
	    ((unsigned char)s[n] & 0xc0) == 0x80; back++)
		n--;
	if (((unsigned char)s[n] & 0xc0) == 0x80)
		return (max);	/* not UTF-8 here anyway */
	return (n);
}

void
utf8_sanitize_buf(struct buf *out, const char *s, size_t len)
{
	static const char	 repl[] = "\xef\xbf\xbd";
	uint32_t		 cp;
	size_t			 i = 0, run;
	int			 n;

	while (i < len) {
		run = i;
		while (run < len && (unsigned char)s[run] < 0x80 &&
		    s[run] != '\0')
			run++;
		if (run > i) {
			buf_add(out, s + i, run - i);
			i = run;
			continue;
		}
		if (s[i] == '\0') {
			buf_add(out, repl, 3);
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (n < 0) {
			buf_add(out, repl, 3);
			i += (size_t)-n;
		} else {
			buf_add(out, s + i, (size_t)n);
			i += (size_t)n;
		}
	}
}

char *
utf8_sanitize(const char *s, size_t len)
{
	struct buf	b;

	if (s == NULL)
		return (xstrdup(""));
	if (utf8_valid(s, len))
		return (xstrndup(s, len));
	buf_init(&b);
	utf8_sanitize_buf(&b, s, len);
	buf_add(&b, "", 1);
	return (b.data);
}

char *
utf8_sanitize_str(const char *s)
{
	return (utf8_sanitize(s, s != NULL ? strlen(s) : 0));
}
