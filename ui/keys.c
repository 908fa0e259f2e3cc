/*
 * keys.c: key names and the binding tables. Bindings come from three
 * places, each overriding the one before: the built-in table below (which
 * data/keys.conf repeats word for word, a unit test checks it), the
 * installed keys.conf, and the user's config file. A config file has one
 * command a line, as tmux's does:
 *
 *	prefix C-a			the prefix key
 *	bind [-n] KEY ACTION		-n: without the prefix
 *	unbind [-n] KEY | unbind -a	-a: every binding
 *	# a comment
 *
 * KEY is a name as keys_name() writes it; quote it ('"', "'") when it is
 * a quote, a # or a space.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "keys.h"
#include "utf8.h"
#include "util.h"

/* The built-in bindings: data/keys.conf says the same. */
static const struct {
	const char	*key;
	const char	*action;
	int		 root;
} keys_default_table[] = {
	{ .key = "C-b", .action = "send-prefix" },
	{ .key = "s", .action = "score" },
	{ .key = "X", .action = "cancel-score" },
	{ .key = "o", .action = "output" },
	{ .key = "v", .action = "scores" },
	{ .key = "c", .action = "checkpoint" },
	{ .key = "C", .action = "checkpoints" },
	{ .key = "n", .action = "note" },
	{ .key = "p", .action = "pause" },
	{ .key = "r", .action = "resume" },
	{ .key = "S", .action = "submit" },
	{ .key = "m", .action = "ack-message" },
	{ .key = "%", .action = "split-right" },
	{ .key = "\"", .action = "split-below" },
	{ .key = "x", .action = "close-pane" },
	{ .key = "z", .action = "zoom-pane" },
	{ .key = "Tab", .action = "next-pane" },
	{ .key = "BTab", .action = "previous-pane" },
	{ .key = "Up", .action = "select-up" },
	{ .key = "Down", .action = "select-down" },
	{ .key = "Left", .action = "select-left" },
	{ .key = "Right", .action = "select-right" },
	{ .key = "C-Up", .action = "resize-up" },
	{ .key = "C-Down", .action = "resize-down" },
	{ .key = "C-Left", .action = "resize-left" },
	{ .key = "C-Right", .action = "resize-right" },
	{ .key = "[", .action = "copy-mode" },
	{ .key = "]", .action = "paste" },
	{ .key = "b", .action = "toggle-brief" },
	{ .key = "t", .action = "toggle-scores" },
	{ .key = "PgUp", .action = "brief-up" },
	{ .key = "PgDn", .action = "brief-down" },
	{ .key = "R", .action = "redraw" },
	{ .key = "d", .action = "detach" },
	{ .key = "?", .action = "help" },
};

/* Names of special keys, and of characters that have one. */
static const struct {
	const char	*name;
	key_code	 key;
	const char	*pane;		/* its name in pane.input, or NULL */
} keys_names[] = {
	{ .name = "Up", .key = KEYC_UP, .pane = "up" },
	{ .name = "Down", .key = KEYC_DOWN, .pane = "down" },
	{ .name = "Left", .key = KEYC_LEFT, .pane = "left" },
	{ .name = "Right", .key = KEYC_RIGHT, .pane = "right" },
	{ .name = "Home", .key = KEYC_HOME, .pane = "home" },
	{ .name = "End", .key = KEYC_END, .pane = "end" },
	{ .name = "PgUp", .key = KEYC_PPAGE, .pane = "pageup" },
	{ .name = "PgDn", .key = KEYC_NPAGE, .pane = "pagedown" },
	{ .name = "PageUp", .key = KEYC_PPAGE, .pane = "pageup" },
	{ .name = "PageDown", .key = KEYC_NPAGE, .pane = "pagedown" },
	{ .name = "IC", .key = KEYC_IC, .pane = "insert" },
	{ .name = "DC", .key = KEYC_DC, .pane = "delete" },
	{ .name = "BTab", .key = KEYC_BTAB, .pane = "tab" },
	{ .name = "Tab", .key = '\t', .pane = "tab" },
	{ .name = "Enter", .key = '\r', .pane = "enter" },
	{ .name = "Escape", .key = 0x1b, .pane = "escape" },
	{ .name = "BSpace", .key = 0x7f, .pane = "backspace" },
	{ .name = "Space", .key = ' ', .pane = "space" },
};

const char *
keys_name(key_code key, char *buf, size_t len)
{
	key_code	 base = key & ~KEYC_MODS;
	char		 name[16];
	size_t		 i;
	int		 n;

	if (key == KEYC_NONE) {
		snprintf(buf, len, "None");
		return (buf);
	}
	name[0] = '\0';
	for (i = 0; i < nitems(keys_names); i++) {
		if (keys_names[i].key == base) {
			snprintf(name, sizeof name, "%s", keys_names[i].name);
			break;
		}
	}
	if (name[0] == '\0') {
		if (base >= KEYC_F1 && base <= KEYC_F12)
			snprintf(name, sizeof name, "F%u", base - KEYC_F1 + 1);
		else if (base < 0x20)
			snprintf(name, sizeof name, "C-%c", (int)(base ==
			    0 ? ' ' : base + 'a' - 1));
		else if (base < 0x80)
			snprintf(name, sizeof name, "%c", (int)base);
		else if (base < KEYC_BASE) {
			/* A character: as UTF-8. */
			name[utf8_encode(base, name)] = '\0';
		} else
			snprintf(name, sizeof name, "Unknown");
	}
	n = snprintf(buf, len, "%s%s%s%s", key & KEYC_CTRL ? "C-" : "",
	    key & KEYC_META ? "M-" : "", key & KEYC_SHIFT ? "S-" : "", name);
	(void)n;
	return (buf);
}

key_code
keys_parse(const char *s)
{
	key_code	 mods = 0, base;
	size_t		 i, len;
	int		 ctrl = 0;
	const unsigned char *u;

	if (s == NULL || *s == '\0')
		return (KEYC_NONE);
	if (s[0] == '^' && s[1] != '\0' && s[2] == '\0') {
		ctrl = 1;
		s++;
		goto character;
	}
	while (s[0] != '\0' && s[1] == '-' && s[2] != '\0') {
		switch (s[0]) {
		case 'C':
		case 'c':
			ctrl = 1;
			break;
		case 'M':
		case 'm':
			mods |= KEYC_META;
			break;
		case 'S':
		case 's':
			mods |= KEYC_SHIFT;
			break;
		default:
			return (KEYC_NONE);
		}
		s += 2;
	}
	for (i = 0; i < nitems(keys_names); i++) {
		if (strcasecmp(keys_names[i].name, s) == 0) {
			base = keys_names[i].key;
			goto found;
		}
	}
	if ((s[0] == 'F' || s[0] == 'f') && s[1] >= '1' && s[1] <= '9') {
		char	*end;
		long	 f = strtol(s + 1, &end, 10);

		if (*end == '\0' && f >= 1 && f <= 12) {
			base = KEYC_F1 + (key_code)f - 1;
			goto found;
		}
		if (s[1] == '\0')
			goto character;
		return (KEYC_NONE);
	}
character:
	/* One character, in UTF-8. */
	u = (const unsigned char *)s;
	len = strlen(s);
	if (u[0] < 0x80 && len == 1)
		base = u[0];
	else if ((u[0] & 0xe0) == 0xc0 && len == 2)
		base = ((key_code)(u[0] & 0x1f) << 6) | (u[1] & 0x3f);
	else if ((u[0] & 0xf0) == 0xe0 && len == 3)
		base = ((key_code)(u[0] & 0x0f) << 12) |
		    ((key_code)(u[1] & 0x3f) << 6) | (u[2] & 0x3f);
	else if ((u[0] & 0xf8) == 0xf0 && len == 4)
		base = ((key_code)(u[0] & 0x07) << 18) |
		    ((key_code)(u[1] & 0x3f) << 12) |
		    ((key_code)(u[2] & 0x3f) << 6) | (u[3] & 0x3f);
	else
		return (KEYC_NONE);
	if (base == 0 || base >= KEYC_BASE)
		return (KEYC_NONE);
found:
	if (ctrl) {
		if (base >= KEYC_BASE)
			mods |= KEYC_CTRL;
		else if (base >= 'a' && base <= 'z')
			base = base - 'a' + 1;
		else if (base >= '@' && base <= '_')
			base = base - '@';
		else if (base == ' ')
			base = 0;
		else if (base == '?')
			base = 0x7f;
		else
			return (KEYC_NONE);
	}
	/* Shift on a character is the character itself (S-a is A). */
	if ((mods & KEYC_SHIFT) && base < KEYC_BASE) {
		if (base >= 'a' && base <= 'z')
			base = base - 'a' + 'A';
		mods &= ~KEYC_SHIFT;
	}
	return (base | mods);
}

int
keys_pane_input(key_code key, char *name, size_t len, char *mods)
{
	key_code	base = key & ~KEYC_MODS;
	size_t		i;
	char		*m = mods;

	if (key & KEYC_CTRL)
		*m++ = 'C';
	if (key & KEYC_SHIFT)
		*m++ = 'S';
	if (key & KEYC_META)
		*m++ = 'M';
	*m = '\0';
	if (base == KEYC_BTAB && strchr(mods, 'S') == NULL) {
		*m++ = 'S';
		*m = '\0';
	}
	/* Space goes as text, but with a modifier by name (M-Space is
	 * ESC SP). */
	for (i = 0; i < nitems(keys_names); i++) {
		if (keys_names[i].key == base && keys_names[i].pane != NULL &&
		    (base != ' ' || *mods != '\0')) {
			snprintf(name, len, "%s", keys_names[i].pane);
			return (0);
		}
	}
	if (base >= KEYC_F1 && base <= KEYC_F12) {
		snprintf(name, len, "f%u", base - KEYC_F1 + 1);
		return (0);
	}
	if (base < 0x20 || base == 0x7f) {
		/* C-a and friends: the letter with Ctrl. */
		if (base == 0)
			snprintf(name, len, " ");
		else if (base < 0x20)
			snprintf(name, len, "%c", (int)(base + 'a' - 1));
		if (strchr(mods, 'C') == NULL) {
			memmove(mods + 1, mods, strlen(mods) + 1);
			mods[0] = 'C';
		}
		return (0);
	}
	if (base >= KEYC_BASE)
		return (-1);
	if ((key & KEYC_MODS) == 0)
		return (-1);
	keys_name(base, name, len);
	return (0);
}

void
keys_init(struct keys *k, int (*valid)(const char *))
{
	memset(k, 0, sizeof *k);
	k->prefix = 0x02;	/* C-b */
	k->valid = valid;
}

void
keys_done(struct keys *k)
{
	size_t	i;

	for (i = 0; i < k->n; i++)
		free(k->list[i].action);
	free(k->list);
	k->list = NULL;
	k->n = 0;
}

void
keys_unbind(struct keys *k, enum keys_table t, key_code key)
{
	size_t	i;

	for (i = 0; i < k->n; i++) {
		if (k->list[i].table == t && k->list[i].key == key) {
			free(k->list[i].action);
			memmove(&k->list[i], &k->list[i + 1],
			    (k->n - i - 1) * sizeof k->list[0]);
			k->n--;
			return;
		}
	}
}

int
keys_bind(struct keys *k, enum keys_table t, key_code key, const char *action)
{
	if (key == KEYC_NONE || (k->valid != NULL && !k->valid(action)))
		return (-1);
	keys_unbind(k, t, key);
	k->list = xreallocarray(k->list, k->n + 1, sizeof *k->list);
	k->list[k->n].key = key;
	k->list[k->n].table = t;
	k->list[k->n].action = xstrdup(action);
	k->n++;
	return (0);
}

void
keys_defaults(struct keys *k)
{
	size_t	i;

	for (i = 0; i < nitems(keys_default_table); i++)
		keys_bind(k, keys_default_table[i].root ? KEYS_ROOT :
		    KEYS_PREFIX, keys_parse(keys_default_table[i].key),
		    keys_default_table[i].action);
}

const char *
keys_lookup(const struct keys *k, enum keys_table t, key_code key)
{
	size_t	i;

	for (i = 0; i < k->n; i++) {
		if (k->list[i].table == t && k->list[i].key == key)
			return (k->list[i].action);
	}
	return (NULL);
}

key_code
keys_find(const struct keys *k, enum keys_table t, const char *action)
{
	size_t	i;

	for (i = 0; i < k->n; i++) {
		if (k->list[i].table == t && strcmp(k->list[i].action,
		    action) == 0)
			return (k->list[i].key);
	}
	return (KEYC_NONE);
}

/* Split a line into words, honouring quotes and # comments. */
static int
keys_words(const char *line, char words[4][64], char **cause)
{
	const char	*p = line;
	int		 n = 0;
	size_t		 len;
	char		 q;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (*p == '\0' || *p == '#')
			return (n);
		if (n == 4)
			return (set_cause(cause, "too many words"));
		len = 0;
		if (*p == '\'' || *p == '"') {
			q = *p++;
			while (*p != '\0' && *p != q) {
				if (len < 63)
					words[n][len++] = *p;
				p++;
			}
			if (*p != q)
				return (set_cause(cause, "unterminated quote"));
			p++;
		} else {
			while (*p != '\0' && *p != ' ' && *p != '\t' &&
			    *p != '\r' && *p != '\n') {
				if (len < 63)
					words[n][len++] = *p;
				p++;
			}
		}
		words[n][len] = '\0';
		n++;
	}
}

int
keys_line(struct keys *k, const char *line, char **cause)
{
	char		 w[4][64];
	int		 n, i = 1;
	enum keys_table	 t = KEYS_PREFIX;
	key_code	 key;

	if ((n = keys_words(line, w, cause)) < 0)
		return (-1);
	if (n == 0)
		return (0);
	if (strcmp(w[0], "prefix") == 0) {
		if (n != 2)
			return (set_cause(cause, "usage: prefix KEY"));
		if ((key = keys_parse(w[1])) == KEYC_NONE)
			return (set_cause(cause, "unknown key '%s'", w[1]));
		k->prefix = key;
		return (0);
	}
	if (strcmp(w[0], "bind") != 0 && strcmp(w[0], "unbind") != 0)
		return (set_cause(cause, "unknown command '%s' (prefix, bind, "
		    "unbind)", w[0]));
	if (n > 1 && strcmp(w[1], "-n") == 0) {
		t = KEYS_ROOT;
		i = 2;
	}
	if (strcmp(w[0], "unbind") == 0) {
		if (n == 2 && strcmp(w[1], "-a") == 0) {
			keys_done(k);
			return (0);
		}
		if (n != i + 1)
			return (set_cause(cause, "usage: unbind [-n] KEY | "
			    "unbind -a"));
		if ((key = keys_parse(w[i])) == KEYC_NONE)
			return (set_cause(cause, "unknown key '%s'", w[i]));
		keys_unbind(k, t, key);
		return (0);
	}
	if (n != i + 2)
		return (set_cause(cause, "usage: bind [-n] KEY ACTION"));
	if ((key = keys_parse(w[i])) == KEYC_NONE)
		return (set_cause(cause, "unknown key '%s'", w[i]));
	if (keys_bind(k, t, key, w[i + 1]) != 0)
		return (set_cause(cause, "unknown action '%s'", w[i + 1]));
	return (0);
}

int
keys_load(struct keys *k, const char *path, char **cause)
{
	FILE	*f;
	char	 line[1024], *why = NULL;
	int	 lineno = 0;

	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return (1);
		return (set_cause(cause, "%s: %s", path, strerror(errno)));
	}
	while (fgets(line, sizeof line, f) != NULL) {
		lineno++;
		if (keys_line(k, line, &why) != 0) {
			set_cause(cause, "%s:%d: %s", path, lineno, why);
			free(why);
			fclose(f);
			return (-1);
		}
	}
	fclose(f);
	return (0);
}
