/*
 * brief.h: the task's brief.md, parsed with cmark and laid out as styled
 * lines for a given width (headings, emphasis, inline code, lists, code
 * blocks). No curses: the drawing maps styles to attributes.
 */
#ifndef BASELINER_UI_BRIEF_H
#define BASELINER_UI_BRIEF_H

#define BRIEF_BOLD	0x01
#define BRIEF_ITALIC	0x02
#define BRIEF_CODE	0x04
#define BRIEF_HEADING	0x08
#define BRIEF_BLOCK	0x10	/* a code block line */
#define BRIEF_LINK	0x20

struct brief_run {
	char	*text;
	int	 style;
};

struct brief_line {
	struct brief_run *runs;
	int		  n;
};

struct brief {
	struct brief_line *lines;
	int		   n;
	int		   width;
};

/* Lay out markdown text for width columns. */
void	brief_layout(struct brief *, const char *markdown, int width);
void	brief_done(struct brief *);
/* A line's plain text (for tests); malloc'd. */
char	*brief_line_text(const struct brief_line *);

#endif
