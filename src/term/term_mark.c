/*
 * term_mark.c: prompt marks (OSC 133) in a pane's output.
 *
 * A shell set up by pane.c prints ESC ] 133 ; A before its prompt, B after
 * it, C when a command starts and D;status when it is done. libvterm 0.1.4
 * loses the start of an OSC string split across two writes, which happens
 * all the time with a pty, so the guard (term_scan.c) finds the marks in
 * the raw bytes itself, carrying a partial one across writes, and hands
 * one over only after libvterm was fed up to its end: the screen is then
 * exactly as it was when the shell wrote the mark.
 *
 * The command line is the text between the cursor at 'B' (end of the
 * prompt) and the cursor at 'C' (command starts). Rows are tracked in
 * absolute numbers (lines ever scrolled off plus the screen row) so the
 * text can be found even after the Enter that ran it scrolled the screen.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "term_int.h"
#include "utf8.h"
#include "util.h"

/* Append the text of line l from cell col on. */
static void
term_line_text_from(struct term_line *l, int col, struct buf *out)
{
	const struct term_run	*r;
	const unsigned char	*p, *e;
	unsigned int		 i;
	int			 x = 0;

	for (i = 0; i < l->nruns; i++) {
		r = &l->runs[i];
		if (x >= col) {
			buf_add(out, l->text.data + r->off, r->len);
			x += r->cells;
			continue;
		}
		if (r->flags & TERM_RUN_CLUSTER) {
			x += r->cells;
			continue;
		}
		p = (const unsigned char *)l->text.data + r->off;
		e = p + r->len;
		while (p < e) {
			const unsigned char *start = p;

			(void)screen_utf8_next(&p);
			if (x >= col)
				buf_add(out, start, p - start);
			x += (r->flags & TERM_RUN_WIDE) ? 2 : 1;
		}
	}
}

/* Text of absolute row arow, from cell col; 0 if still available. */
static int
term_abs_row_text(struct term *t, int64_t arow, int col, struct buf *out)
{
	struct term_line	 l;
	int64_t			 back;
	int			 rc = 0;

	term_line_init(&l);
	if (arow >= t->sb_total)
		term_get_row(t, (int)(arow - t->sb_total), &l);
	else {
		back = t->sb_total - 1 - arow;
		if (back > t->sb_count ||
		    term_get_history(t, (int)back, &l) != 0)
			rc = -1;
	}
	if (rc == 0)
		term_line_text_from(&l, col, out);
	term_line_done(&l);
	return (rc);
}

static char *
term_command_line(struct term *t)
{
	VTermPos	 pos;
	struct buf	 b;
	int64_t		 crow, row;
	char		*s;

	vterm_state_get_cursorpos(t->state, &pos);
	crow = t->sb_total + pos.row;
	buf_init(&b);
	if (t->have_b && crow >= t->b_row && crow - t->b_row < 100) {
		/* Normally the Enter moved the cursor down a row. */
		if (crow == t->b_row)
			crow++;
		for (row = t->b_row; row < crow; row++)
			term_abs_row_text(t, row, row == t->b_row ?
			    t->b_col : 0, &b);
	}
	while (b.len > 0 && (b.data[b.len - 1] == ' ' ||
	    b.data[b.len - 1] == '\n'))
		b.len--;
	s = xstrdup(buf_cstr(&b));
	buf_done(&b);
	return (s);
}

void
term_mark_osc(struct term *t, const char *body, size_t len)
{
	struct term_mark	 m;
	VTermPos		 pos;
	char			*params;

	/* body is "133;X[;params]". */
	if (len < 5)
		return;
	memset(&m, 0, sizeof m);
	m.kind = body[4];
	m.status = -1;
	params = len > 6 && body[5] == ';' ? xstrndup(body + 6, len - 6) :
	    NULL;
	switch (m.kind) {
	case 'A':
		break;
	case 'B':
		vterm_state_get_cursorpos(t->state, &pos);
		t->have_b = 1;
		t->b_row = t->sb_total + pos.row;
		t->b_col = pos.col;
		break;
	case 'C':
		free(t->cmdline);
		t->cmdline = term_command_line(t);
		t->have_b = 0;
		t->running = 1;
		m.cmdline = t->cmdline;
		break;
	case 'D':
		if (!t->running) {
			free(params);
			return;
		}
		t->running = 0;
		m.cmdline = t->cmdline;
		if (params != NULL && params[0] >= '0' && params[0] <= '9')
			m.status = atoi(params);
		break;
	default:
		free(params);
		return;
	}
	free(params);
	if (t->hooks->mark != NULL)
		t->hooks->mark(t, &m, t->arg);
}
