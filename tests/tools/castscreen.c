/*
 * castscreen: replay terminal output into libvterm and print the final
 * screen, one line per row, trailing blanks trimmed. Two sources:
 *
 *	castscreen FILE.cast		an asciicast v2 file ("o" and "r")
 *	castscreen --db DB PANE		a pane's recording in a session database
 *
 * Tests compare the two, so an exported cast is known to replay to exactly
 * the screen the participant had.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <vterm.h>

#include "store.h"
#include "utf8.h"

static VTerm		*vt;
static VTermScreen	*screen;
static int		 rows = 24, cols = 80;

static void
term_open(int r, int c)
{
	rows = r;
	cols = c;
	vt = vterm_new(rows, cols);
	vterm_set_utf8(vt, 1);
	screen = vterm_obtain_screen(vt);
	vterm_screen_enable_altscreen(screen, 1);
	vterm_screen_reset(screen, 1);
}

static void
term_resize(const char *spec)
{
	int	c, r;

	if (sscanf(spec, "%dx%d", &c, &r) == 2 && c > 0 && r > 0) {
		rows = r;
		cols = c;
		vterm_set_size(vt, rows, cols);
	}
}

static void
term_print(void)
{
	VTermScreenCell	cell;
	VTermPos	pos;
	char		line[4096];
	int		len, end, i;

	for (pos.row = 0; pos.row < rows; pos.row++) {
		len = end = 0;
		for (pos.col = 0; pos.col < cols; pos.col++) {
			vterm_screen_get_cell(screen, pos, &cell);
			if (cell.chars[0] == (uint32_t)-1)
				continue;	/* right half of a wide char */
			if (cell.chars[0] == 0) {
				line[len++] = ' ';
				continue;
			}
			for (i = 0; i < VTERM_MAX_CHARS_PER_CELL &&
			    cell.chars[i] != 0 && len < (int)sizeof line - 8;
			    i++) {
				len += utf8_encode(cell.chars[i], line + len);
			}
			end = len;
		}
		printf("%.*s\n", end, line);
	}
}

static int
from_cast(const char *path)
{
	FILE		*f;
	char		*line = NULL;
	size_t		 size = 0;
	json_t		*j;
	const char	*kind;
	int		 first = 1;

	if ((f = fopen(path, "r")) == NULL) {
		perror(path);
		return (1);
	}
	while (getline(&line, &size, f) != -1) {
		if ((j = json_loads(line, 0, NULL)) == NULL) {
			fprintf(stderr, "%s: not JSON: %s", path, line);
			return (1);
		}
		if (first) {
			term_open((int)json_integer_value(json_object_get(j,
			    "height")), (int)json_integer_value(
			    json_object_get(j, "width")));
			first = 0;
		} else if (json_is_array(j)) {
			kind = json_string_value(json_array_get(j, 1));
			if (kind != NULL && strcmp(kind, "o") == 0)
				vterm_input_write(vt, json_string_value(
				    json_array_get(j, 2)), json_string_length(
				    json_array_get(j, 2)));
			else if (kind != NULL && strcmp(kind, "r") == 0)
				term_resize(json_string_value(json_array_get(j,
				    2)));
		}
		json_decref(j);
	}
	free(line);
	fclose(f);
	return (0);
}

static int
from_db(const char *path, int pane)
{
	struct store		*st;
	struct store_cursor	*q;
	const char		*kind;
	const void		*data;
	char			*cause = NULL;
	size_t			 len;
	int			 opened = 0;

	if (store_open(path, STORE_READONLY, &st, &cause) != 0 ||
	    (q = store_select(st, &cause, "SELECT kind, data FROM recording "
	    "WHERE pane_id = ? AND kind IN ('o', 'r') ORDER BY id",
	    store_int(pane))) == NULL) {
		fprintf(stderr, "%s: %s\n", path, cause);
		return (1);
	}
	while (store_next(q, NULL) == 1) {
		kind = store_col_text(q, 0);
		data = store_col_blob(q, 1, &len);
		if (*kind == 'r') {
			char spec[64];
			snprintf(spec, sizeof spec, "%.*s", (int)len,
			    data != NULL ? (const char *)data : "");
			if (!opened) {
				int c = 80, r = 24;
				sscanf(spec, "%dx%d", &c, &r);
				term_open(r, c);
				opened = 1;
			} else
				term_resize(spec);
			continue;
		}
		if (!opened) {
			term_open(24, 80);
			opened = 1;
		}
		if (len > 0)
			vterm_input_write(vt, data, len);
	}
	store_cursor_end(q);
	store_close(st);
	if (!opened)
		term_open(24, 80);
	return (0);
}

int
main(int argc, char **argv)
{
	int	rc;

	if (argc == 4 && strcmp(argv[1], "--db") == 0)
		rc = from_db(argv[2], atoi(argv[3]));
	else if (argc == 2)
		rc = from_cast(argv[1]);
	else {
		fprintf(stderr, "usage: castscreen FILE.cast | --db DB PANE\n");
		return (2);
	}
	if (rc == 0) {
		term_print();
		vterm_free(vt);
	}
	return (rc);
}
