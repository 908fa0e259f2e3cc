/*
 * termdump: the pane's screen model (term.h) fed a file, resized through
 * widths, and printed: the scrollback oldest first, then the screen, one
 * row a line, trailing blanks trimmed (as tmux's capture-pane -S - prints a
 * pane). tests/e2e/reflow_tmux.sh compares it with tmux.
 *
 *	termdump FILE COLS ROWS [WIDTH...]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "term.h"

static const struct term_hooks termdump_hooks;

static void
termdump_row(struct term_line *l)
{
	int	n = (int)l->text.len;

	while (n > 0 && l->text.data[n - 1] == ' ')
		n--;
	printf("%.*s\n", n, n > 0 ? l->text.data : "");
}

int
main(int argc, char **argv)
{
	struct term		*t;
	struct term_line	 l;
	FILE			*f;
	char			 buf[65536];
	size_t			 n;
	int			 i, cols, rows;

	if (argc < 4 || (f = fopen(argv[1], "rb")) == NULL) {
		fprintf(stderr, "usage: termdump FILE COLS ROWS [WIDTH...]\n");
		return (2);
	}
	rows = atoi(argv[3]);
	t = term_create(atoi(argv[2]), rows, 10000, &termdump_hooks, NULL);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		term_write(t, buf, n);
	fclose(f);
	for (i = 4; i < argc; i++)
		term_resize(t, atoi(argv[i]), rows);
	term_line_init(&l);
	for (i = term_history_size(t) - 1; i >= 0; i--) {
		term_get_history(t, i, &l);
		termdump_row(&l);
	}
	term_size(t, &cols, &rows);
	for (i = 0; i < rows; i++) {
		term_get_row(t, i, &l);
		termdump_row(&l);
	}
	term_line_done(&l);
	term_destroy(t);
	return (0);
}
