/*
 * host.c: reading study mode's host.conf (see host.h).
 */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "util.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif

const char *
host_conf_path(void)
{
	const char	*e = getenv("BASELINER_HOST_CONF");

	if (e != NULL && *e != '\0')
		return (e);
	return (SYSCONFDIR "/baseliner/host.conf");
}

void
host_conf_done(struct host_conf *h)
{
	free(h->path);
	free(h->root);
	free(h->user);
	free(h->scorer);
	free(h->group);
	free(h->spawn);
	free(h->baseliner);
	memset(h, 0, sizeof *h);
}

int
host_conf_read(const char *path, struct host_conf *h, char **cause)
{
	struct passwd	*pw;
	struct group	*gr;
	char		*data, *line, *save = NULL, *eq, **slot;
	size_t		 len;

	memset(h, 0, sizeof *h);
	if (file_read(path, &data, &len, cause) != 0)
		return (-1);
	h->path = xstrdup(path);
	for (line = strtok_r(data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (*line == '#' || (eq = strchr(line, '=')) == NULL)
			continue;
		*eq++ = '\0';
		slot = strcmp(line, "root") == 0 ? &h->root :
		    strcmp(line, "user") == 0 ? &h->user :
		    strcmp(line, "scorer") == 0 ? &h->scorer :
		    strcmp(line, "group") == 0 ? &h->group :
		    strcmp(line, "spawn") == 0 ? &h->spawn :
		    strcmp(line, "baseliner") == 0 ? &h->baseliner : NULL;
		if (slot != NULL) {
			free(*slot);
			*slot = xstrdup(eq);
		}
	}
	free(data);
	if (h->root == NULL || h->user == NULL || h->scorer == NULL ||
	    h->group == NULL || h->spawn == NULL) {
		host_conf_done(h);
		return (set_cause(cause, "%s: root, user, scorer, group and "
		    "spawn must all be set", path));
	}
	if ((pw = getpwnam(h->user)) == NULL) {
		set_cause(cause, "%s: no user %s", path, h->user);
		host_conf_done(h);
		return (-1);
	}
	h->uid = pw->pw_uid;
	h->gid = pw->pw_gid;
	if ((pw = getpwnam(h->scorer)) == NULL) {
		set_cause(cause, "%s: no user %s", path, h->scorer);
		host_conf_done(h);
		return (-1);
	}
	h->scorer_uid = pw->pw_uid;
	h->scorer_gid = pw->pw_gid;
	if ((gr = getgrnam(h->group)) == NULL) {
		set_cause(cause, "%s: no group %s", path, h->group);
		host_conf_done(h);
		return (-1);
	}
	h->proctor_gid = gr->gr_gid;
	return (0);
}

const struct host_conf *
host_study(void)
{
	static struct host_conf	h;
	static int		done, ok;
	char			*cause = NULL;

	if (done)
		return (ok ? &h : NULL);
	done = 1;
	if (!file_exists(host_conf_path()))
		return (NULL);
	if (host_conf_read(host_conf_path(), &h, &cause) != 0) {
		fprintf(stderr, "baseliner: %s (running in personal mode)\n",
		    cause);
		free(cause);
		return (NULL);
	}
	ok = 1;
	return (&h);
}
