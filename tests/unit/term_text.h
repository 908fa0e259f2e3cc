/*
 * term_text.h: what the terminal's unit tests (test_term, test_reflow)
 * read and write as plain strings: text into a term, a screen row's text
 * and a scrollback line's text, each in a static buffer that the next
 * call overwrites.
 */
#ifndef BASELINER_TEST_TERM_TEXT_H
#define BASELINER_TEST_TERM_TEXT_H

#include <stdio.h>
#include <string.h>

#include "term.h"

static inline void
put(struct term *t, const char *s)
{
	term_write(t, s, strlen(s));
}

/* Row y's text. */
static inline const char *
row(struct term *t, int y)
{
	static char		 s[4096];
	struct term_line	 l;

	term_line_init(&l);
	term_get_row(t, y, &l);
	snprintf(s, sizeof s, "%.*s", (int)l.text.len,
	    l.text.data ? l.text.data : "");
	term_line_done(&l);
	return (s);
}

/* Scrollback line n's text (0 the newest), or "(none)". */
static inline const char *
hist(struct term *t, int n)
{
	static char		 s[4096];
	struct term_line	 l;

	term_line_init(&l);
	if (term_get_history(t, n, &l) != 0)
		snprintf(s, sizeof s, "(none)");
	else
		snprintf(s, sizeof s, "%.*s", (int)l.text.len,
		    l.text.data ? l.text.data : "");
	term_line_done(&l);
	return (s);
}

#endif
