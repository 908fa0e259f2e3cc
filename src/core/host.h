/*
 * host.h: study mode's host configuration. A host set up for studies by
 * "baseliner host setup" has a root-owned folder holding host.conf and the
 * privileged helper bl-spawn; host.conf says, as key=value lines:
 *
 *	root=/var/lib/baseliner      sessions, tasks, host key (the service's)
 *	user=baseliner               the service user: servers, stores
 *	scorer=baseliner-scorer      the scorer's own user
 *	group=baseliner-proctor      the proctors
 *	spawn=/etc/baseliner/bl-spawn the helper
 *	baseliner=/usr/local/bin/baseliner
 *
 * Commands find it at $BASELINER_HOST_CONF or SYSCONFDIR/baseliner/host.conf;
 * where there is none, baseliner runs in personal mode. (The helper reads
 * only the host.conf beside itself, never the environment.)
 */
#ifndef BASELINER_HOST_H
#define BASELINER_HOST_H

#include <sys/types.h>

struct host_conf {
	char	*path;
	char	*root, *user, *scorer, *group, *spawn, *baseliner;
	uid_t	 uid, scorer_uid;
	gid_t	 gid, scorer_gid, proctor_gid;
};

/* This host's configuration, or NULL in personal mode (loaded once). */
const struct host_conf *host_study(void);
/* Read one file; -1 with cause. */
int	 host_conf_read(const char *path, struct host_conf *, char **cause);
void	 host_conf_done(struct host_conf *);
/* Where commands look for host.conf. */
const char *host_conf_path(void);

#endif
