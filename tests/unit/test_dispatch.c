/*
 * test_dispatch.c: the server's allow-list of commands (ctl_table.c). The
 * documented tables are the specification: baseliner(1)'s ROLES table and
 * src/server/PROTOCOL-control.md are parsed, must list exactly the commands of
 * ctl_table with the same roles, and every command is then tried in every
 * role, mode (personal, study) and state (live, ended) through
 * ctl_permit, the function the server's dispatch calls.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "util.h"
#include "unit.h"

#define MAXCMD	64

/* One documented line: the command and its cells. */
struct doc_row {
	char	name[64];
	char	viewer[16], participant[16], proctor[16], when[16];
};

struct doc {
	struct doc_row	rows[MAXCMD];
	int		n;
};

static char *
slurp(const char *rel)
{
	char	*path, *text, *cause = NULL;
	size_t	 len;

	path = xasprintf("%s/%s", SRCDIR, rel);
	if (file_read(path, &text, &len, &cause) != 0) {
		fprintf(stderr, "%s\n", cause);
		free(cause);
		text = NULL;
	}
	free(path);
	return (text);
}

static void
cell(char *dst, size_t len, const char *src, size_t n)
{
	while (n > 0 && (*src == ' ' || *src == '`')) {
		src++;
		n--;
	}
	while (n > 0 && (src[n - 1] == ' ' || src[n - 1] == '`'))
		n--;
	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static int
doc_add(struct doc *d, char **cells, size_t *lens)
{
	struct doc_row	*r;

	if (d->n == MAXCMD)
		return (-1);
	r = &d->rows[d->n++];
	cell(r->name, sizeof r->name, cells[0], lens[0]);
	cell(r->viewer, sizeof r->viewer, cells[1], lens[1]);
	cell(r->participant, sizeof r->participant, cells[2], lens[2]);
	cell(r->proctor, sizeof r->proctor, cells[3], lens[3]);
	cell(r->when, sizeof r->when, cells[4], lens[4]);
	return (0);
}

/* Split line at sep into up to 6 cells; the count. */
static int
split(char *line, char sep, char **cells, size_t *lens)
{
	int	 n = 0;
	char	*p = line, *q;

	while (n < 6) {
		q = strchr(p, sep);
		cells[n] = p;
		lens[n] = q != NULL ? (size_t)(q - p) : strlen(p);
		n++;
		if (q == NULL)
			break;
		p = q + 1;
	}
	return (n);
}

/* The tbl table of the ROLES section: tab-separated, after a header. */
static int
doc_man(struct doc *d)
{
	char	*text, *p, *end, *line, *save = NULL, *cells[6];
	size_t	 lens[6];
	int	 header = 1;

	if ((text = slurp("man/baseliner.1")) == NULL)
		return (-1);
	if ((p = strstr(text, "\n.SH ROLES")) == NULL ||
	    (p = strstr(p, "\n.TS\n")) == NULL ||
	    (end = strstr(p, "\n.TE\n")) == NULL) {
		free(text);
		return (-1);
	}
	*end = '\0';
	p = strchr(p + 5, '\n');	/* past the format line */
	for (line = strtok_r(p, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (*line == '.')
			continue;
		if (header) {	/* "command viewer participant ..." */
			header = 0;
			continue;
		}
		if (split(line, '\t', cells, lens) < 5 || doc_add(d, cells,
		    lens) != 0) {
			free(text);
			return (-1);
		}
	}
	free(text);
	return (0);
}

/* The markdown table of src/server/PROTOCOL-control.md: rows "| `cmd` | ...". */
static int
doc_protocol(struct doc *d)
{
	char	*text, *line, *save = NULL, *cells[6];
	size_t	 lens[6];

	if ((text = slurp("src/server/PROTOCOL-control.md")) == NULL)
		return (-1);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "| `", 3) != 0)
			continue;
		if (split(line + 1, '|', cells, lens) < 5 || doc_add(d, cells,
		    lens) != 0) {
			free(text);
			return (-1);
		}
	}
	free(text);
	return (0);
}

static const struct doc_row *
doc_find(const struct doc *d, const char *name)
{
	int	i;

	for (i = 0; i < d->n; i++) {
		if (strcmp(d->rows[i].name, name) == 0)
			return (&d->rows[i]);
	}
	return (NULL);
}

/* Both documents list exactly the table's commands, once each. */
static void
check_same_commands(const struct doc *d, const char *which)
{
	const struct ctl_entry	*e;
	int			 n = 0, i, j;

	for (e = ctl_table; e->name != NULL; e++) {
		n++;
		if (doc_find(d, e->name) == NULL) {
			fprintf(stderr, "%s does not list '%s'\n", which,
			    e->name);
			CHECK(0);
		}
	}
	for (i = 0; i < d->n; i++) {
		if (ctl_lookup(d->rows[i].name) == NULL) {
			fprintf(stderr, "%s lists '%s', which the server does "
			    "not have\n", which, d->rows[i].name);
			CHECK(0);
		}
		for (j = 0; j < i; j++)
			CHECK(strcmp(d->rows[i].name, d->rows[j].name) != 0);
	}
	CHECK(d->n == n);
}

/* "yes", "own" (personal mode only) or "no": allowed in this mode? */
static int
doc_allows(const char *v, int personal)
{
	if (strcmp(v, "yes") == 0)
		return (1);
	if (strcmp(v, "own") == 0)
		return (personal);
	CHECK_STR(v, "no");
	return (0);
}

static const struct {
	const char	*name;
	int		 roles;
} roles[] = {
	{ "viewer", CTL_VIEWER },
	{ "participant", CTL_PARTICIPANT },
	{ "proctor", CTL_PROCTOR },
	{ "participant+proctor", CTL_PARTICIPANT | CTL_PROCTOR },
};

/* Every command x every role x mode x state, against one document. */
static void
check_against(const struct doc *d, const char *which)
{
	const struct ctl_entry	*e;
	const struct doc_row	*r;
	char			*cause;
	size_t			 i;
	int			 personal, ended, want, got, live;

	for (e = ctl_table; e->name != NULL; e++) {
		if ((r = doc_find(d, e->name)) == NULL)
			continue;
		CHECK(strcmp(r->when, "live") == 0 ||
		    strcmp(r->when, "always") == 0);
		live = strcmp(r->when, "live") == 0;
		for (i = 0; i < nitems(roles); i++)
		for (personal = 0; personal <= 1; personal++)
		for (ended = 0; ended <= 1; ended++) {
			switch (roles[i].roles) {
			case CTL_VIEWER:
				want = doc_allows(r->viewer, personal);
				break;
			case CTL_PARTICIPANT:
				want = doc_allows(r->participant, personal);
				break;
			case CTL_PROCTOR:
				want = doc_allows(r->proctor, personal);
				break;
			default:
				want = doc_allows(r->participant, personal) ||
				    doc_allows(r->proctor, personal);
				break;
			}
			cause = NULL;
			got = ctl_permit(e, roles[i].roles, personal, ended,
			    "S1", &cause) == 0;
			if (got != (want && !(live && ended))) {
				fprintf(stderr, "%s: '%s' for a %s (%s mode, "
				    "%s): %s\n", which, e->name, roles[i].name,
				    personal ? "personal" : "study", ended ?
				    "ended" : "live", got ? "allowed" : cause);
				CHECK(0);
			}
			/* What a refused caller is told. */
			if (!got && !want && roles[i].roles == CTL_VIEWER)
				CHECK_STR(cause, "this client is read-only");
			else if (!got && !want)
				CHECK(cause != NULL && strncmp(cause, "only ",
				    5) == 0);
			else if (!got)
				CHECK_STR(cause, "session S1 has ended");
			free(cause);
		}
	}
}

static void
test_man_page(void)
{
	struct doc	d;

	memset(&d, 0, sizeof d);
	CHECK(doc_man(&d) == 0);
	CHECK(d.n > 0);
	check_same_commands(&d, "baseliner.1 ROLES");
	check_against(&d, "baseliner.1 ROLES");
}

static void
test_protocol_doc(void)
{
	struct doc	d;

	memset(&d, 0, sizeof d);
	CHECK(doc_protocol(&d) == 0);
	CHECK(d.n > 0);
	check_same_commands(&d, "PROTOCOL-control.md");
	check_against(&d, "PROTOCOL-control.md");
}

/* The table itself: unique names, a handler, a summary each. */
static void
test_table(void)
{
	const struct ctl_entry	*e, *f;

	for (e = ctl_table; e->name != NULL; e++) {
		CHECK(e->fn != NULL);
		CHECK(e->summary != NULL && *e->summary != '\0');
		CHECK((e->allow & ~CTL_ANYONE) == 0 && e->allow != 0);
		CHECK(ctl_lookup(e->name) == e);
		for (f = ctl_table; f != e; f++)
			CHECK(strcmp(e->name, f->name) != 0);
	}
	CHECK(ctl_lookup("no.such.command") == NULL);
	CHECK(ctl_lookup("") == NULL);
}

/* What issue 8 decided, whatever the documents say. */
static void
test_decisions(void)
{
	char	*cause = NULL;

	/* restore writes a tree: not for a read-only client. */
	CHECK(ctl_permit(ctl_lookup("restore"), CTL_VIEWER, 1, 0, "S", &cause)
	    == -1);
	CHECK_STR(cause, "this client is read-only");
	free(cause);
	cause = NULL;
	/* stop is a proctor's; the owner's own in personal mode only. */
	CHECK(ctl_permit(ctl_lookup("stop"), CTL_PARTICIPANT, 0, 0, "S",
	    &cause) == -1);
	CHECK(cause != NULL && strstr(cause, "proctor") != NULL);
	free(cause);
	CHECK(ctl_permit(ctl_lookup("stop"), CTL_PARTICIPANT, 1, 0, "S",
	    NULL) == 0);
	CHECK(ctl_permit(ctl_lookup("stop"), CTL_PROCTOR, 0, 0, "S", NULL) ==
	    0);
	CHECK(ctl_permit(ctl_lookup("extend"), CTL_PARTICIPANT, 1, 0, "S",
	    NULL) == -1);
	CHECK(ctl_permit(ctl_lookup("pane.input"), CTL_PROCTOR, 1, 0, "S",
	    NULL) == -1);
	CHECK(ctl_permit(ctl_lookup("status"), CTL_VIEWER, 0, 1, "S", NULL) ==
	    0);
}

static void
test_roles(void)
{
	CHECK(ctl_roles(1000, 1000, 0, 0) == CTL_PARTICIPANT);
	CHECK(ctl_roles(0, 1000, 1, 0) == CTL_PROCTOR);
	CHECK(ctl_roles(0, 0, 1, 0) == (CTL_PARTICIPANT | CTL_PROCTOR));
	CHECK(ctl_roles(1001, 1000, 0, 0) == 0);
	CHECK(ctl_roles(1001, 1000, 0, 1) == 0);
	CHECK(ctl_roles(1000, 1000, 0, 1) == CTL_VIEWER);
	CHECK(ctl_roles(0, 1000, 1, 1) == CTL_VIEWER);
	CHECK(ctl_uid_is_proctor(0) == 1);
	CHECK_STR(ctl_role_name(CTL_VIEWER), "viewer");
	CHECK_STR(ctl_role_name(CTL_PARTICIPANT), "participant");
	CHECK_STR(ctl_role_name(CTL_PROCTOR), "proctor");
	CHECK_STR(ctl_role_name(CTL_PARTICIPANT | CTL_PROCTOR),
	    "participant+proctor");
}

int
main(void)
{
	RUN(test_table);
	RUN(test_roles);
	RUN(test_decisions);
	RUN(test_man_page);
	RUN(test_protocol_doc);
	UNIT_DONE();
}
