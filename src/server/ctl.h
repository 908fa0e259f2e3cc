/*
 * ctl.h: the control commands served on control.sock, and who may run
 * them. Every command the server knows is one entry of ctl_table
 * (ctl_table.c), an allow-list: an entry names the roles that may run it,
 * whether it is refused once the session has ended, and the sentence a
 * caller in another role is told. A command not in the table does not
 * exist; a role not named is refused. The same table is written up for
 * people in baseliner(1), ROLES, and for client authors in
 * src/server/PROTOCOL-control.md; tests/unit/test_dispatch.c checks all three
 * agree and tries every command in every role.
 *
 * Roles come from the kernel (SO_PEERCRED), never from what a client says:
 *   viewer       a client that asked to be read-only (attach --read-only);
 *                it keeps no other role on that connection
 *   participant  the session's owner uid
 *   proctor      root, or a member of group baseliner-proctor
 * A connection can hold participant and proctor at once (root running its
 * own session). In personal mode (the default: one user, their own
 * sessions) the owner also counts as the proctor of their own session for
 * the commands whose allow_personal says so (stop); in study mode
 * (issue 10) only a real proctor does.
 *
 * fn() fills *result (a new JSON object, or NULL for {}) and returns 0, or
 * returns -1 with *cause set. A command may also answer later: it returns 1
 * and keeps the request id (server_defer, server.h) to answer with
 * server_reply_later().
 */
#ifndef BASELINER_CTL_H
#define BASELINER_CTL_H

#include <sys/types.h>

#include <jansson.h>

struct server;
struct client;

#define CTL_VIEWER	0x1
#define CTL_PARTICIPANT	0x2
#define CTL_PROCTOR	0x4
#define CTL_ANYONE	(CTL_VIEWER | CTL_PARTICIPANT | CTL_PROCTOR)
#define CTL_ACTORS	(CTL_PARTICIPANT | CTL_PROCTOR)	/* not read-only */

/* What one command is and who may run it. */
struct ctl_entry {
	const char	*name;
	const char	*summary;	/* one line, for the docs' tables */
	int		 allow;		/* CTL_* roles that may run it */
	int		 allow_personal; /* ... and also in personal mode */
	int		 live;		/* refused once the session has ended */
	const char	*refusal;	/* told to a role not allowed */
	int		(*fn)(struct server *, struct client *, json_t *args,
			    json_t **result, char **cause);
};

/* Every command, NULL-terminated; ctl_table.c. */
extern const struct ctl_entry ctl_table[];

const struct ctl_entry *ctl_lookup(const char *);
/* The roles of a connection from uid: the owner is the participant, a
 * proctor uid (root, group baseliner-proctor) a proctor; a read-only
 * client is a viewer only. 0: neither, the connection is refused. */
int	 ctl_roles(uid_t uid, uid_t owner, int proctor_uid, int read_only);
/* May a caller holding roles run e? 0, or -1 with *cause set to what the
 * caller is told. personal: personal mode; ended: the session has ended
 * (or is ending) in session id. */
int	 ctl_permit(const struct ctl_entry *e, int roles, int personal,
	     int ended, const char *id, char **cause);
/* "viewer", "participant", "proctor", "participant+proctor". */
const char *ctl_role_name(int roles);
/* Is uid root or a member of group baseliner-proctor? */
int	 ctl_uid_is_proctor(uid_t);

/* Argument helpers: 0 if present and of the type, else -1 and *cause. */
int	 ctl_arg_string(json_t *, const char *, const char **, char **);
int	 ctl_arg_int(json_t *, const char *, long long *, char **);
int	 ctl_arg_bool(json_t *, const char *, int *);

#endif
