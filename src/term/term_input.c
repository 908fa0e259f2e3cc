/*
 * term_input.c: what the participant types, pastes and clicks in a pane,
 * turned into the bytes its program expects.
 *
 * Keys and mouse events go through libvterm's keyboard and mouse encoders,
 * so that the modes the program set (application cursor keys, bracketed
 * paste, mouse reporting and its encoding) are honoured; what they produce
 * comes out through term_output, for the pty. Control characters are sent
 * the way xterm sends them, where libvterm 0.1.4 would not.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "term_int.h"
#include "util.h"

int
term_parse_mods(const char *s)
{
	int	mods = 0;

	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case 'C':
			mods |= TERM_MOD_CTRL;
			break;
		case 'S':
			mods |= TERM_MOD_SHIFT;
			break;
		case 'M':
		case 'A':
			mods |= TERM_MOD_ALT;
			break;
		}
	}
	return (mods);
}

static const struct {
	const char	*name;
	VTermKey	 key;
} term_keys[] = {
	{ "up", VTERM_KEY_UP },
	{ "down", VTERM_KEY_DOWN },
	{ "left", VTERM_KEY_LEFT },
	{ "right", VTERM_KEY_RIGHT },
	{ "home", VTERM_KEY_HOME },
	{ "end", VTERM_KEY_END },
	{ "pageup", VTERM_KEY_PAGEUP },
	{ "pagedown", VTERM_KEY_PAGEDOWN },
	{ "insert", VTERM_KEY_INS },
	{ "delete", VTERM_KEY_DEL },
	{ "backspace", VTERM_KEY_BACKSPACE },
	{ "tab", VTERM_KEY_TAB },
	{ "enter", VTERM_KEY_ENTER },
	{ "escape", VTERM_KEY_ESCAPE },
};

/*
 * Control characters the way xterm sends them without modifyOtherKeys:
 * libvterm 0.1.4 sends CSI u for C-i, C-m, C-[ and C-digits, which no
 * shell reads.
 */
static int
term_legacy_ctrl(uint32_t c)
{
	if (c >= 'a' && c <= 'z')
		return ((int)(c & 0x1f));
	switch (c) {
	case '@': case ' ': case '2':
		return (0);
	case '[': case '3':
		return (0x1b);
	case '\\': case '4':
		return (0x1c);
	case ']': case '5':
		return (0x1d);
	case '^': case '6': case '~':
		return (0x1e);
	case '_': case '7': case '/':
		return (0x1f);
	case '?': case '8':
		return (0x7f);
	}
	return (-1);
}

void
term_unichar(struct term *t, uint32_t c, int mods)
{
	char	out[2];
	int	ctl;

	if ((mods & TERM_MOD_CTRL) && c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	if ((mods & TERM_MOD_CTRL) && !(mods & TERM_MOD_SHIFT) &&
	    (ctl = term_legacy_ctrl(c)) != -1) {
		if (mods & TERM_MOD_ALT) {
			out[0] = '\033';
			out[1] = (char)ctl;
			term_output(t, out, 2);
		} else {
			out[0] = (char)ctl;
			term_output(t, out, 1);
		}
		return;
	}
	vterm_keyboard_unichar(t->vt, c, (VTermModifier)mods);
}

int
term_key(struct term *t, const char *name, int mods)
{
	const unsigned char	*p;
	unsigned int		 i;
	int			 n;

	for (i = 0; i < nitems(term_keys); i++) {
		if (strcmp(name, term_keys[i].name) == 0) {
			vterm_keyboard_key(t->vt, term_keys[i].key,
			    (VTermModifier)mods);
			return (0);
		}
	}
	if ((name[0] == 'f' || name[0] == 'F') && name[1] >= '1' &&
	    name[1] <= '9') {
		n = atoi(name + 1);
		if (n >= 1 && n <= 12) {
			vterm_keyboard_key(t->vt, VTERM_KEY_FUNCTION(n),
			    (VTermModifier)mods);
			return (0);
		}
	}
	if (strcmp(name, "space") == 0) {
		term_unichar(t, ' ', mods);
		return (0);
	}
	/* A single character. */
	p = (const unsigned char *)name;
	if (*p == '\0')
		return (-1);
	n = *p < 0x80 ? 1 : *p < 0xe0 ? 2 : *p < 0xf0 ? 3 : 4;
	if ((int)strnlen(name, 5) != n)
		return (-1);
	term_unichar(t, screen_utf8_next(&p), mods);
	return (0);
}

void
term_paste(struct term *t, const char *text, size_t len)
{
	const char	*p, *e = text + len;

	vterm_keyboard_start_paste(t->vt);
	/* Newlines are sent as Enter (CR), as a terminal pastes them. */
	while (text < e) {
		p = memchr(text, '\n', e - text);
		if (p == NULL) {
			term_output(t, text, e - text);
			break;
		}
		if (p > text)
			term_output(t, text, p - text);
		term_output(t, "\r", 1);
		text = p + 1;
	}
	vterm_keyboard_end_paste(t->vt);
}

void
term_mouse(struct term *t, int x, int y, int button, int pressed, int mods)
{
	/* libvterm 0.1.4 reports buttons even when no mode asked for them. */
	if (t->mouse == 0 || x < 0 || y < 0 || x >= t->cols || y >= t->rows)
		return;
	vterm_mouse_move(t->vt, y, x, (VTermModifier)mods);
	if (button >= 1 && button <= 5)
		vterm_mouse_button(t->vt, button, pressed != 0,
		    (VTermModifier)mods);
}
