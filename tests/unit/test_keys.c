/*
 * test_keys.c: key names both ways, how keys reach a pane, the config
 * syntax, and that data/keys.conf says exactly what the built-in bindings
 * are, and that every binding names an action that exists.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keys.h"
#include "unit.h"
#include "util.h"

/* The actions of ui/actions.c, without linking curses' side of the ui. */
extern int	action_valid(const char *);

static void
test_names(void)
{
	static const char *const names[] = {
		"C-b", "C-a", "M-x", "Up", "C-Up", "M-Left", "S-Down",
		"C-M-Right", "F1", "F12", "C-F5", "Tab", "BTab", "Enter",
		"Escape", "BSpace", "Space", "PgUp", "PgDn", "Home", "End",
		"IC", "DC", "x", "X", "%", "\"", "[", "?", "\u00e9", "M-\u00e9",
		"\u4e2d", "M-a", "C-Space"
	};
	char	buf[32];
	size_t	i;

	for (i = 0; i < nitems(names); i++) {
		key_code k = keys_parse(names[i]);

		CHECK(k != KEYC_NONE);
		if (k == KEYC_NONE) {
			fprintf(stderr, "  %s\n", names[i]);
			continue;
		}
		/* The name it prints parses back to the same key. */
		CHECK(keys_parse(keys_name(k, buf, sizeof buf)) == k);
	}
	CHECK(keys_parse("C-b") == 0x02);
	CHECK(keys_parse("^B") == 0x02);
	CHECK(keys_parse("C-a") == 0x01);
	CHECK(keys_parse("M-x") == (KEYC_META | 'x'));
	CHECK(keys_parse("C-Up") == (KEYC_CTRL | KEYC_UP));
	CHECK(keys_parse("S-a") == 'A');
	CHECK(keys_parse("Enter") == '\r');
	CHECK(keys_parse("PageUp") == KEYC_PPAGE);
	CHECK(keys_parse("F13") == KEYC_NONE);
	CHECK(keys_parse("") == KEYC_NONE);
	CHECK(keys_parse("ab") == KEYC_NONE);
	CHECK(keys_parse("Q-x") == KEYC_NONE);
	CHECK(keys_parse("C-1") == KEYC_NONE);
	CHECK(keys_parse("\xff") == KEYC_NONE);
	CHECK_STR(keys_name(0x02, buf, sizeof buf), "C-b");
	CHECK_STR(keys_name(KEYC_CTRL | KEYC_LEFT, buf, sizeof buf), "C-Left");
	CHECK_STR(keys_name(KEYC_F1 + 4, buf, sizeof buf), "F5");
	CHECK_STR(keys_name('\t', buf, sizeof buf), "Tab");
}

static void
test_pane_input(void)
{
	char	name[32], mods[8];

	/* Plain characters go as text. */
	CHECK(keys_pane_input('a', name, sizeof name, mods) == -1);
	CHECK(keys_pane_input(0x4e2d, name, sizeof name, mods) == -1);
	CHECK(keys_pane_input(KEYC_UP, name, sizeof name, mods) == 0);
	CHECK_STR(name, "up");
	CHECK_STR(mods, "");
	CHECK(keys_pane_input(KEYC_UP | KEYC_CTRL, name, sizeof name,
	    mods) == 0);
	CHECK_STR(name, "up");
	CHECK_STR(mods, "C");
	CHECK(keys_pane_input(KEYC_F1 + 11, name, sizeof name, mods) == 0);
	CHECK_STR(name, "f12");
	CHECK(keys_pane_input(KEYC_BTAB, name, sizeof name, mods) == 0);
	CHECK_STR(name, "tab");
	CHECK_STR(mods, "S");
	CHECK(keys_pane_input(0x1b, name, sizeof name, mods) == 0);
	CHECK_STR(name, "escape");
	CHECK(keys_pane_input(0x03, name, sizeof name, mods) == 0);
	CHECK_STR(name, "c");
	CHECK_STR(mods, "C");
	CHECK(keys_pane_input(KEYC_META | 'x', name, sizeof name, mods) == 0);
	CHECK_STR(name, "x");
	CHECK_STR(mods, "M");
	CHECK(keys_pane_input('\r', name, sizeof name, mods) == 0);
	CHECK_STR(name, "enter");
	/* Space: text alone, by name with a modifier; NUL is C-Space. */
	CHECK(keys_pane_input(' ', name, sizeof name, mods) == -1);
	CHECK(keys_pane_input(KEYC_META | ' ', name, sizeof name, mods) == 0);
	CHECK_STR(name, "space");
	CHECK_STR(mods, "M");
	CHECK(keys_pane_input(0, name, sizeof name, mods) == 0);
	CHECK_STR(name, " ");
	CHECK_STR(mods, "C");
}

static void
test_config(void)
{
	struct keys	 k;
	char		*cause = NULL;

	keys_init(&k, action_valid);
	keys_defaults(&k);
	CHECK(k.prefix == 0x02);
	CHECK_STR(keys_lookup(&k, KEYS_PREFIX, 's'), "score");
	CHECK_STR(keys_lookup(&k, KEYS_PREFIX, '"'), "split-below");
	CHECK(keys_lookup(&k, KEYS_ROOT, 's') == NULL);
	CHECK(keys_line(&k, "prefix C-a", &cause) == 0);
	CHECK(k.prefix == 0x01);
	CHECK(keys_line(&k, "bind -n M-Left select-left  # comment", &cause)
	    == 0);
	CHECK_STR(keys_lookup(&k, KEYS_ROOT, KEYC_META | KEYC_LEFT),
	    "select-left");
	CHECK(keys_line(&k, "bind '#' score", &cause) == 0);
	CHECK_STR(keys_lookup(&k, KEYS_PREFIX, '#'), "score");
	CHECK(keys_line(&k, "bind s checkpoint", &cause) == 0);
	CHECK_STR(keys_lookup(&k, KEYS_PREFIX, 's'), "checkpoint");
	CHECK(keys_find(&k, KEYS_PREFIX, "checkpoint") != KEYC_NONE);
	CHECK(keys_line(&k, "unbind s", &cause) == 0);
	CHECK(keys_lookup(&k, KEYS_PREFIX, 's') == NULL);
	CHECK(keys_line(&k, "   ", &cause) == 0);
	CHECK(keys_line(&k, "# only a comment", &cause) == 0);

	CHECK(keys_line(&k, "bind s no-such-action", &cause) == -1);
	CHECK(cause != NULL && strstr(cause, "no-such-action") != NULL);
	free(cause);
	cause = NULL;
	CHECK(keys_line(&k, "bind Nope score", &cause) == -1);
	free(cause);
	cause = NULL;
	CHECK(keys_line(&k, "bind s", &cause) == -1);
	free(cause);
	cause = NULL;
	CHECK(keys_line(&k, "frobnicate s score", &cause) == -1);
	free(cause);
	cause = NULL;
	CHECK(keys_line(&k, "bind 'x score", &cause) == -1);
	free(cause);
	cause = NULL;
	CHECK(keys_line(&k, "unbind -a", &cause) == 0);
	CHECK(k.n == 0);
	keys_done(&k);

	/* A file: a missing one is no error; a bad line names itself. */
	keys_init(&k, action_valid);
	CHECK(keys_load(&k, "/nonexistent/baseliner/config", &cause) == 1);
	{
		char	 path[] = "/tmp/test_keys.XXXXXX";
		int	 fd = mkstemp(path);
		FILE	*f = fdopen(fd, "w");

		fputs("prefix C-a\n\nbind x score\nbind y nothing\n", f);
		fclose(f);
		CHECK(keys_load(&k, path, &cause) == -1);
		CHECK(cause != NULL && strstr(cause, ":4: ") != NULL);
		free(cause);
		cause = NULL;
		unlink(path);
	}
	keys_done(&k);
}

/* data/keys.conf is the built-in table, and the other way round. */
static void
test_keys_conf(void)
{
	struct keys	 builtin, file;
	char		*cause = NULL;
	size_t		 i;

	keys_init(&builtin, action_valid);
	keys_defaults(&builtin);
	keys_init(&file, action_valid);
	CHECK(keys_line(&file, "unbind -a", &cause) == 0);
	CHECK(keys_load(&file, SRCDIR "/data/keys.conf", &cause) == 0);
	if (cause != NULL)
		fprintf(stderr, "%s\n", cause);
	free(cause);
	CHECK(file.n == builtin.n);
	CHECK(file.prefix == builtin.prefix);
	for (i = 0; i < builtin.n; i++) {
		const char *a = keys_lookup(&file, builtin.list[i].table,
		    builtin.list[i].key);

		CHECK(a != NULL && strcmp(a, builtin.list[i].action) == 0);
		CHECK(action_valid(builtin.list[i].action));
	}
	/* Every binding's key is distinct. */
	for (i = 0; i < builtin.n; i++) {
		size_t j;

		for (j = i + 1; j < builtin.n; j++)
			CHECK(builtin.list[i].key != builtin.list[j].key ||
			    builtin.list[i].table != builtin.list[j].table);
	}
	keys_done(&builtin);
	keys_done(&file);
}

int
main(void)
{
	RUN(test_names);
	RUN(test_pane_input);
	RUN(test_config);
	RUN(test_keys_conf);
	UNIT_DONE();
}
