/*
 * ctl_cmds.h: the command handlers that ctl_table (ctl_table.c) names, by
 * module. Each has the signature of struct ctl_entry's fn (ctl.h); none is
 * called but through the table, after ctl_permit has let the caller in.
 */
#ifndef BASELINER_CTL_CMDS_H
#define BASELINER_CTL_CMDS_H

#include "ctl.h"

#define CTL_CMD(name)	int name(struct server *, struct client *,	\
			    json_t *, json_t **, char **)

/* srv_session.c: the clock, scores, checkpoints, pauses, the end. */
CTL_CMD(srv_cmd_status);
CTL_CMD(srv_cmd_subscribe);
CTL_CMD(srv_cmd_scores);
CTL_CMD(srv_cmd_score);
CTL_CMD(srv_cmd_score_cancel);
CTL_CMD(srv_cmd_score_output);
CTL_CMD(srv_cmd_checkpoint);
CTL_CMD(srv_cmd_checkpoints);
CTL_CMD(srv_cmd_diff);
CTL_CMD(srv_cmd_restore);
CTL_CMD(srv_cmd_note);
CTL_CMD(srv_cmd_pause);
CTL_CMD(srv_cmd_resume);
CTL_CMD(srv_cmd_submit);
CTL_CMD(srv_cmd_stop);
CTL_CMD(srv_cmd_extend);
CTL_CMD(srv_cmd_message);
CTL_CMD(srv_cmd_message_ack);
CTL_CMD(srv_cmd_alert);

/* srv_pane.c: the shells. */
CTL_CMD(srv_pane_cmd_attach);
CTL_CMD(srv_pane_cmd_layout_set);
CTL_CMD(srv_pane_cmd_list);
CTL_CMD(srv_pane_cmd_new);
CTL_CMD(srv_pane_cmd_close);
CTL_CMD(srv_pane_cmd_resize);
CTL_CMD(srv_pane_cmd_input);
CTL_CMD(srv_pane_cmd_scrollback);

#endif
