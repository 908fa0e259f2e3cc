/*
 * brief.c: Markdown to styled, wrapped lines. cmark parses; a walk over
 * its tree turns inline text into words carrying a style, and each block
 * (paragraph, heading, list item, code block) is wrapped to the width with
 * its own indent. Code blocks are not wrapped but cut, as a pager would.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "utf8.h"
#include "util.h"
#include "brief.h"

struct builder {
	struct brief	*b;
	int		 width;
	int		 indent;	/* of the current block */
	struct brief_line cur;
	int		 col;		/* columns used on cur */
	int		 pending_space;
	const char	*bullet;	/* first line of a list item */
	int		 start_runs;	/* runs of cur that are its indent */
};

static void
line_add(struct brief_line *l, const char *text, size_t len, int style)
{
	if (l->n > 0 && l->runs[l->n - 1].style == style) {
		struct brief_run *r = &l->runs[l->n - 1];
		size_t old = strlen(r->text);

		r->text = xrealloc(r->text, old + len + 1);
		memcpy(r->text + old, text, len);
		r->text[old + len] = '\0';
		return;
	}
	l->runs = xreallocarray(l->runs, l->n + 1, sizeof *l->runs);
	l->runs[l->n].text = xstrndup(text, len);
	l->runs[l->n].style = style;
	l->n++;
}

static void
flush_line(struct builder *bd)
{
	struct brief	*b = bd->b;

	b->lines = xreallocarray(b->lines, b->n + 1, sizeof *b->lines);
	b->lines[b->n++] = bd->cur;
	memset(&bd->cur, 0, sizeof bd->cur);
	bd->col = 0;
	bd->pending_space = 0;
}

static void
start_line(struct builder *bd)
{
	char	pad[64];
	int	n = bd->indent < (int)sizeof pad - 1 ? bd->indent :
		    (int)sizeof pad - 1;

	if (bd->col > 0)
		return;
	if (bd->bullet != NULL && n >= 2) {
		/* "  • " or " 1. ": the marker ends one column before the text. */
		int mw = utf8_text_width(bd->bullet,
		    strlen(bd->bullet));

		memset(pad, ' ', n);
		if (n - mw - 1 > 0)
			line_add(&bd->cur, pad, n - mw - 1, 0);
		line_add(&bd->cur, bd->bullet, strlen(bd->bullet), BRIEF_BOLD);
		line_add(&bd->cur, " ", 1, 0);
		bd->bullet = NULL;
	} else if (n > 0) {
		memset(pad, ' ', n);
		line_add(&bd->cur, pad, n, 0);
	}
	bd->col = n;
	bd->start_runs = bd->cur.n;
}

/*
 * Text glued to the word before it (the period after a code span, the
 * comma after a link: another node of the tree, so another call of
 * add_words) that does not fit: the last word of the line goes to the next
 * line with it, rather than the period alone. 0 if the line has no space
 * to break at.
 */
static int
wrap_glued(struct builder *bd)
{
	struct brief_line	 tail, *l = &bd->cur;
	struct brief_run	*r;
	char			*sp = NULL;
	int			 k, i;

	for (k = l->n - 1; k >= bd->start_runs; k--) {
		if ((sp = strrchr(l->runs[k].text, ' ')) != NULL)
			break;
	}
	if (sp == NULL)
		return (0);
	memset(&tail, 0, sizeof tail);
	r = &l->runs[k];
	if (sp[1] != '\0')
		line_add(&tail, sp + 1, strlen(sp + 1), r->style);
	*sp = '\0';
	for (i = k + 1; i < l->n; i++) {
		line_add(&tail, l->runs[i].text, strlen(l->runs[i].text),
		    l->runs[i].style);
		free(l->runs[i].text);
	}
	l->n = k + 1;
	if (*r->text == '\0') {
		free(r->text);
		l->n = k;
	}
	flush_line(bd);
	start_line(bd);
	for (i = 0; i < tail.n; i++) {
		line_add(&bd->cur, tail.runs[i].text, strlen(tail.runs[i].text),
		    tail.runs[i].style);
		bd->col += utf8_text_width(tail.runs[i].text,
		    strlen(tail.runs[i].text));
		free(tail.runs[i].text);
	}
	free(tail.runs);
	return (1);
}

static void
blank_line(struct builder *bd)
{
	if (bd->col > 0)
		flush_line(bd);
	if (bd->b->n > 0 && bd->b->lines[bd->b->n - 1].n > 0)
		flush_line(bd);
}

/* Add text word by word, wrapping at the width. */
static void
add_words(struct builder *bd, const char *s, int style)
{
	const char	*w;
	size_t		 len;
	int		 ww;

	while (*s != '\0') {
		if (*s == ' ' || *s == '\n' || *s == '\t') {
			bd->pending_space = 1;
			s++;
			continue;
		}
		w = s;
		while (*s != '\0' && *s != ' ' && *s != '\n' && *s != '\t')
			s++;
		len = s - w;
		ww = utf8_text_width(w, len);
		start_line(bd);
		if (bd->col + bd->pending_space + ww > bd->width &&
		    bd->col > bd->indent && !bd->pending_space &&
		    wrap_glued(bd)) {
			/* Moved with the word it is glued to. */
		} else if (bd->col + bd->pending_space + ww > bd->width &&
		    bd->col > bd->indent) {
			flush_line(bd);
			start_line(bd);
		} else if (bd->pending_space && bd->col > bd->indent) {
			line_add(&bd->cur, " ", 1, style & ~BRIEF_CODE);
			bd->col++;
		}
		bd->pending_space = 0;
		line_add(&bd->cur, w, len, style);
		bd->col += ww;
	}
}

static void
add_code_block(struct builder *bd, const char *s)
{
	const char	*nl;
	size_t		 len;

	while (*s != '\0') {
		nl = strchr(s, '\n');
		len = nl ? (size_t)(nl - s) : strlen(s);
		start_line(bd);
		line_add(&bd->cur, "  ", 2, BRIEF_BLOCK);
		line_add(&bd->cur, s, len, BRIEF_BLOCK);
		flush_line(bd);
		s += len + (nl != NULL);
	}
}

void
brief_layout(struct brief *b, const char *md, int width)
{
	struct builder		 bd;
	cmark_node		*doc, *node;
	cmark_iter		*it;
	cmark_event_type	 ev;
	int			 style = 0, depth = 0;
	char			 num[16];

	memset(b, 0, sizeof *b);
	b->width = width < 10 ? 10 : width;
	memset(&bd, 0, sizeof bd);
	bd.b = b;
	bd.width = b->width;
	doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		node = cmark_iter_get_node(it);
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_HEADING:
			if (ev == CMARK_EVENT_ENTER) {
				blank_line(&bd);
				style |= BRIEF_HEADING | BRIEF_BOLD;
			} else {
				style &= ~(BRIEF_HEADING | BRIEF_BOLD);
				flush_line(&bd);
			}
			break;
		case CMARK_NODE_PARAGRAPH:
			if (ev == CMARK_EVENT_ENTER) {
				if (cmark_node_parent(node) == NULL ||
				    cmark_node_get_type(cmark_node_parent(
				    node)) != CMARK_NODE_ITEM ||
				    cmark_node_previous(node) != NULL)
					blank_line(&bd);
			} else if (bd.col > 0)
				flush_line(&bd);
			break;
		case CMARK_NODE_LIST:
			if (ev == CMARK_EVENT_ENTER) {
				if (depth == 0)
					blank_line(&bd);
				depth++;
			} else
				depth--;
			break;
		case CMARK_NODE_ITEM:
			if (ev == CMARK_EVENT_ENTER) {
				if (bd.col > 0)
					flush_line(&bd);
				bd.indent = 3 * depth;
				if (cmark_node_get_list_type(cmark_node_parent(
				    node)) == CMARK_ORDERED_LIST) {
					int n = cmark_node_get_list_start(
					    cmark_node_parent(node));
					cmark_node *p = node;
					while ((p = cmark_node_previous(p)))
						n++;
					snprintf(num, sizeof num, "%d.", n % 10);
					bd.bullet = num;
				} else
					bd.bullet = "\xe2\x80\xa2";
			} else {
				if (bd.col > 0)
					flush_line(&bd);
				bd.indent = depth > 1 ? 3 * (depth - 1) : 0;
			}
			break;
		case CMARK_NODE_CODE_BLOCK:
			blank_line(&bd);
			add_code_block(&bd, cmark_node_get_literal(node));
			break;
		case CMARK_NODE_THEMATIC_BREAK:
			blank_line(&bd);
			start_line(&bd);
			for (int i = bd.col; i < bd.width; i++)
				line_add(&bd.cur, "\xe2\x94\x80", 3, 0);
			flush_line(&bd);
			break;
		case CMARK_NODE_TEXT:
			add_words(&bd, cmark_node_get_literal(node), style);
			break;
		case CMARK_NODE_CODE:
			add_words(&bd, cmark_node_get_literal(node),
			    style | BRIEF_CODE);
			break;
		case CMARK_NODE_SOFTBREAK:
			bd.pending_space = 1;
			break;
		case CMARK_NODE_LINEBREAK:
			flush_line(&bd);
			break;
		case CMARK_NODE_EMPH:
			style = ev == CMARK_EVENT_ENTER ? style | BRIEF_ITALIC :
			    style & ~BRIEF_ITALIC;
			break;
		case CMARK_NODE_STRONG:
			style = ev == CMARK_EVENT_ENTER ? style | BRIEF_BOLD :
			    style & ~BRIEF_BOLD;
			break;
		case CMARK_NODE_LINK:
			style = ev == CMARK_EVENT_ENTER ? style | BRIEF_LINK :
			    style & ~BRIEF_LINK;
			break;
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE:
			if (cmark_node_get_literal(node) != NULL)
				add_words(&bd, cmark_node_get_literal(node),
				    style);
			break;
		default:
			break;
		}
	}
	if (bd.col > 0)
		flush_line(&bd);
	free(bd.cur.runs);
	cmark_iter_free(it);
	cmark_node_free(doc);
}

void
brief_done(struct brief *b)
{
	int	i, j;

	for (i = 0; i < b->n; i++) {
		for (j = 0; j < b->lines[i].n; j++)
			free(b->lines[i].runs[j].text);
		free(b->lines[i].runs);
	}
	free(b->lines);
	memset(b, 0, sizeof *b);
}

char *
brief_line_text(const struct brief_line *l)
{
	struct buf	b;
	int		i;

	buf_init(&b);
	for (i = 0; i < l->n; i++)
		buf_addstr(&b, l->runs[i].text);
	return (buf_cstr(&b));
}
