/*
 * keys.h: key codes, their names, and the binding tables of the workbench.
 * No curses here: the terminal's keys are translated to key codes by
 * input.c, and everything below is pure so that it can be tested.
 *
 * A key code is a Unicode character (C-a is 0x01, Enter 0x0d, Escape 0x1b,
 * BSpace 0x7f) or a special key past the end of Unicode, with modifier
 * bits on top. KEYC_CTRL and KEYC_SHIFT are only set on special keys:
 * control characters and capitals are characters of their own.
 */
#ifndef BASELINER_UI_KEYS_H
#define BASELINER_UI_KEYS_H

#include <stddef.h>
#include <stdint.h>

typedef uint32_t key_code;

#define KEYC_NONE	0xffffffffu
#define KEYC_META	0x80000000u
#define KEYC_CTRL	0x40000000u
#define KEYC_SHIFT	0x20000000u
#define KEYC_MODS	(KEYC_META | KEYC_CTRL | KEYC_SHIFT)
#define KEYC_BASE	0x00110000u

enum {
	KEYC_UP = KEYC_BASE,
	KEYC_DOWN,
	KEYC_LEFT,
	KEYC_RIGHT,
	KEYC_HOME,
	KEYC_END,
	KEYC_PPAGE,
	KEYC_NPAGE,
	KEYC_IC,
	KEYC_DC,
	KEYC_BTAB,
	KEYC_F1,
	KEYC_F12 = KEYC_F1 + 11,
	KEYC_LAST
};

#define KEYC_IS_SPECIAL(k) (((k) & ~KEYC_MODS) >= KEYC_BASE)

/* "C-b", "M-Up", "F5", "Enter", "x"; into buf, which it returns. */
const char	*keys_name(key_code, char *buf, size_t len);
/* The reverse of keys_name (also "^B", "PageUp"); KEYC_NONE if unknown. */
key_code	 keys_parse(const char *);
/*
 * How a key reaches a pane (src/term/PROTOCOL-panes.md): the name of a special
 * key or a character, and the modifiers ("CSM" subset). Returns 0, or -1
 * for a plain character, which is better sent as text.
 */
int		 keys_pane_input(key_code, char *name, size_t len,
		     char *mods);

/* The two tables: after the prefix, and without it ("bind -n"). */
enum keys_table { KEYS_PREFIX, KEYS_ROOT };

struct keys_binding {
	key_code	 key;
	enum keys_table	 table;
	char		*action;
};

struct keys {
	key_code		 prefix;
	struct keys_binding	*list;
	size_t			 n;
	/* Says whether an action name exists; NULL: any name. */
	int			(*valid)(const char *);
};

void		 keys_init(struct keys *, int (*valid)(const char *));
void		 keys_done(struct keys *);
/* The built-in defaults, which data/keys.conf repeats. */
void		 keys_defaults(struct keys *);
/* One line of a config file; 0, or -1 with *cause. */
int		 keys_line(struct keys *, const char *line, char **cause);
/* A whole file: 0; 1 if it does not exist; -1 with "path:line: why". */
int		 keys_load(struct keys *, const char *path, char **cause);
int		 keys_bind(struct keys *, enum keys_table, key_code,
		     const char *action);
void		 keys_unbind(struct keys *, enum keys_table, key_code);
/* The action bound to a key, or NULL. */
const char	*keys_lookup(const struct keys *, enum keys_table, key_code);
/* The first key bound to an action in a table, or KEYC_NONE. */
key_code	 keys_find(const struct keys *, enum keys_table, const char *);

#endif
