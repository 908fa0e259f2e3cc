/*
 * fuzz_term.c: term_write, the screen model behind the guard.
 *
 * The input is what a program prints. Its first byte picks how the rest
 * is cut into writes (as a pty cuts it) and whether the screen is resized
 * between them. Now and then (every 16th write, if the first byte says
 * so) and at the end the screen is read out as a client would, and what
 * must hold is checked: the cursor is on the screen,
 * every row's runs add up to its text and cover at most the width.
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "term.h"
#include "utf8.h"

static void
fuzz_output_cb(struct term *t, const char *p, size_t n, void *arg)
{
}

static const struct term_hooks fuzz_hooks = {
	.output = fuzz_output_cb
};

static void
fuzz_check(struct term *t, struct term_line *l)
{
	struct term_cursor	c;
	unsigned int		i;
	uint32_t		off;
	int			cols, rows, y, cells;

	term_size(t, &cols, &rows);
	term_get_cursor(t, &c);
	FUZZ_ASSERT(c.x >= 0 && c.x < cols && c.y >= 0 && c.y < rows);
	for (y = 0; y < rows; y++) {
		term_get_row(t, y, l);
		off = 0;
		cells = 0;
		for (i = 0; i < l->nruns; i++) {
			FUZZ_ASSERT(l->runs[i].off == off);
			off += l->runs[i].len;
			cells += l->runs[i].cells;
		}
		FUZZ_ASSERT(off == l->text.len);
		FUZZ_ASSERT(cells <= cols);
		FUZZ_ASSERT(utf8_valid(l->text.data, l->text.len));
	}
	FUZZ_ASSERT(utf8_valid(term_title(t), strlen(term_title(t))));
	if (term_history_size(t) > 0)
		FUZZ_ASSERT(term_get_history(t, 0, l) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct term		*t;
	struct term_line	 l;
	size_t			 i = 1, n, cut;
	unsigned int		 mode;

	if (size == 0)
		return (0);
	mode = data[0];
	t = term_create(40, 12, 50, &fuzz_hooks, NULL);
	term_line_init(&l);
	/* Cut into writes of 1..2^k bytes, k from the first byte. */
	cut = (size_t)1 << (mode & 7);
	for (n = 0; i < size; n++) {
		size_t len = size - i;

		if (len > cut)
			len = 1 + (data[i] + n) % cut;
		term_write(t, (const char *)data + i, len);
		i += len;
		if ((mode & 0x18) == 0x18 && n % 7 == 3)
			term_resize(t, 1 + (data[i - 1] % 90),
			    1 + (data[i - 1] % 30));
		if ((mode & 0x20) && n % 16 == 0)
			fuzz_check(t, &l);
	}
	fuzz_check(t, &l);
	term_line_done(&l);
	term_destroy(t);
	return (0);
}
