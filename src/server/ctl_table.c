/*
 * ctl_table.c: every command of the session server and who may run it
 * (see ctl.h for the roles). This table is the allow-list the server
 * dispatches through: a command is looked up here, ctl_permit decides with
 * the caller's roles, and only then does its handler run. Reading commands
 * are everyone's; commands that change the session or its shells are the
 * participant's, the clock's limit, messages and stopping are a proctor's.
 *
 * The state a command needs is checked by its handler, not here: a pause
 * that a proctor set is lifted only by a proctor (srv_state.c), a score is
 * not asked for while paused, and so on.
 *
 * Keep baseliner(1), ROLES, and src/server/PROTOCOL-control.md in step with this
 * table: tests/unit/test_dispatch.c fails when they differ.
 */
#include "host.h"
#include "config.h"

#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_cmds.h"
#include "util.h"

#define READONLY	"this client is read-only"

const struct ctl_entry ctl_table[] = {
	{ .name = "status",
	  .summary = "the clock, state, scorer, checkpoints, messages",
	  .allow = CTL_ANYONE,
	  .fn = srv_cmd_status },
	{ .name = "subscribe",
	  .summary = "receive the session's events",
	  .allow = CTL_ANYONE,
	  .fn = srv_cmd_subscribe },
	{ .name = "scores",
	  .summary = "the scores (hidden ones to proctors until the end)",
	  .allow = CTL_ANYONE,
	  .fn = srv_cmd_scores },
	{ .name = "score.output",
	  .summary = "a scorer's output tail",
	  .allow = CTL_ANYONE,
	  .fn = srv_cmd_score_output },
	{ .name = "checkpoints",
	  .summary = "the checkpoints",
	  .allow = CTL_ANYONE,
	  .fn = srv_cmd_checkpoints },
	{ .name = "diff",
	  .summary = "a diff between checkpoints or the work folder",
	  .allow = CTL_ANYONE,
	  .fn = srv_cmd_diff },
	{ .name = "score",
	  .summary = "queue a scoring",
	  .allow = CTL_ACTORS, .live = 1,
	  .refusal = READONLY,
	  .fn = srv_cmd_score },
	{ .name = "score.cancel",
	  .summary = "cancel a running or queued scoring",
	  .allow = CTL_ACTORS, .live = 1,
	  .refusal = READONLY,
	  .fn = srv_cmd_score_cancel },
	{ .name = "checkpoint",
	  .summary = "commit a checkpoint of the work folder",
	  .allow = CTL_ACTORS, .live = 1,
	  .refusal = READONLY,
	  .fn = srv_cmd_checkpoint },
	{ .name = "restore",
	  .summary = "write a checkpoint's tree into a folder",
	  .allow = CTL_ACTORS,
	  .refusal = READONLY,
	  .fn = srv_cmd_restore },
	{ .name = "note",
	  .summary = "add a note to the timeline",
	  .allow = CTL_ACTORS, .live = 1,
	  .refusal = READONLY,
	  .fn = srv_cmd_note },
	{ .name = "pause",
	  .summary = "pause the clock, with a reason",
	  .allow = CTL_ACTORS, .live = 1,
	  .refusal = READONLY,
	  .fn = srv_cmd_pause },
	{ .name = "resume",
	  .summary = "resume the clock (a proctor's pause: proctors only)",
	  .allow = CTL_ACTORS, .live = 1,
	  .refusal = READONLY,
	  .fn = srv_cmd_resume },
	{ .name = "submit",
	  .summary = "end the session: the participant is done",
	  .allow = CTL_PARTICIPANT, .live = 1,
	  .refusal = "only the participant submits; a proctor ends a session "
	      "with stop",
	  .fn = srv_cmd_submit },
	{ .name = "stop",
	  .summary = "end the session: stopped by a proctor",
	  .allow = CTL_PROCTOR, .allow_personal = CTL_PARTICIPANT, .live = 1,
	  .refusal = "only a proctor stops a session; the participant ends it "
	      "with submit",
	  .fn = srv_cmd_stop },
	{ .name = "extend",
	  .summary = "change the time limit",
	  .allow = CTL_PROCTOR, .live = 1,
	  .refusal = "only a proctor changes the time limit",
	  .fn = srv_cmd_extend },
	{ .name = "message",
	  .summary = "send the participant a message",
	  .allow = CTL_PROCTOR, .live = 1,
	  .refusal = "only a proctor sends messages",
	  .fn = srv_cmd_message },
	{ .name = "alert",
	  .summary = "record an alert a proctor's dashboard raised",
	  .allow = CTL_PROCTOR,
	  .refusal = "only a proctor's dashboard records alerts",
	  .fn = srv_cmd_alert },
	{ .name = "message.ack",
	  .summary = "acknowledge a proctor's message",
	  .allow = CTL_PARTICIPANT, .live = 1,
	  .refusal = "only the participant acknowledges a message",
	  .fn = srv_cmd_message_ack },
	{ .name = "attach",
	  .summary = "subscribe to the panes' frames (read_only: a viewer)",
	  .allow = CTL_ANYONE,
	  .fn = srv_pane_cmd_attach },
	{ .name = "pane.list",
	  .summary = "the panes",
	  .allow = CTL_ANYONE,
	  .fn = srv_pane_cmd_list },
	{ .name = "pane.scrollback",
	  .summary = "lines of a pane's scrollback",
	  .allow = CTL_ANYONE,
	  .fn = srv_pane_cmd_scrollback },
	{ .name = "layout.set",
	  .summary = "store the workbench's layout",
	  .allow = CTL_PARTICIPANT, .live = 1,
	  .refusal = "only the participant arranges the panes",
	  .fn = srv_pane_cmd_layout_set },
	{ .name = "pane.new",
	  .summary = "open a shell",
	  .allow = CTL_PARTICIPANT, .live = 1,
	  .refusal = "only the participant works in the session's shells",
	  .fn = srv_pane_cmd_new },
	{ .name = "pane.close",
	  .summary = "close a shell",
	  .allow = CTL_PARTICIPANT, .live = 1,
	  .refusal = "only the participant works in the session's shells",
	  .fn = srv_pane_cmd_close },
	{ .name = "pane.resize",
	  .summary = "resize a pane",
	  .allow = CTL_PARTICIPANT, .live = 1,
	  .refusal = "only the participant works in the session's shells",
	  .fn = srv_pane_cmd_resize },
	{ .name = "pane.input",
	  .summary = "type, paste or click into a pane",
	  .allow = CTL_PARTICIPANT, .live = 1,
	  .refusal = "only the participant works in the session's shells",
	  .fn = srv_pane_cmd_input },
	{ .name = NULL }
};

const struct ctl_entry *
ctl_lookup(const char *name)
{
	const struct ctl_entry	*e;

	for (e = ctl_table; e->name != NULL; e++) {
		if (strcmp(e->name, name) == 0)
			return (e);
	}
	return (NULL);
}

int
ctl_roles(uid_t uid, uid_t owner, int proctor_uid, int read_only)
{
	int	roles = 0;

	if (uid == owner)
		roles |= CTL_PARTICIPANT;
	if (proctor_uid)
		roles |= CTL_PROCTOR;
	/* A read-only client is a viewer and nothing more, whoever it is. */
	if (roles != 0 && read_only)
		roles = CTL_VIEWER;
	return (roles);
}

int
ctl_permit(const struct ctl_entry *e, int roles, int personal, int ended,
    const char *id, char **cause)
{
	int	allow = e->allow;

	if (personal)
		allow |= e->allow_personal;
	if ((roles & allow) == 0) {
		/* A viewer is told it is read-only, whatever else it is. */
		if (roles == CTL_VIEWER || e->refusal == NULL)
			return (set_cause(cause, "%s", READONLY));
		return (set_cause(cause, "%s", e->refusal));
	}
	if (e->live && ended)
		return (set_cause(cause, "session %s has ended", id));
	return (0);
}

const char *
ctl_role_name(int roles)
{
	if (roles == CTL_VIEWER)
		return ("viewer");
	if ((roles & CTL_PARTICIPANT) && (roles & CTL_PROCTOR))
		return ("participant+proctor");
	if (roles & CTL_PROCTOR)
		return ("proctor");
	if (roles & CTL_PARTICIPANT)
		return ("participant");
	return ("none");
}

int
ctl_uid_is_proctor(uid_t uid)
{
	struct group	*g;
	struct passwd	*pw;
	char		**m;

	if (uid == 0)
		return (1);
	/* A study host names its proctors' group in host.conf. */
	if ((g = getgrnam(host_study() != NULL ? host_study()->group :
	    "baseliner-proctor")) == NULL)
		return (0);
	if ((pw = getpwuid(uid)) == NULL)
		return (0);
	if (pw->pw_gid == g->gr_gid)
		return (1);
	for (m = g->gr_mem; *m != NULL; m++) {
		if (strcmp(*m, pw->pw_name) == 0)
			return (1);
	}
	return (0);
}
