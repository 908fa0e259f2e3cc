/*
 * session.h: sessions on this host: their folders under
 * $BASELINER_HOME/sessions, creating one, finding the one a command means,
 * listing them, and reading a session's state straight from its database
 * (used by the server and, for ended sessions, by commands directly).
 */
#ifndef BASELINER_SESSION_H
#define BASELINER_SESSION_H

#include <sys/types.h>

#include <jansson.h>

#include "store.h"
#include "task.h"

struct session_opts {
	const char	*participant;
	double		 hours;		/* 0: the task's limit */
	const char	*gpus;		/* "0,1", NULL: the task's count */
	double		 y_start, y_ref;/* NaN: from calibration or manifest */
	const char	*calibration_by;/* who set y_start/y_ref: "proctor:UID" */
	int		 owner_set;	/* study mode: the session's owner is */
	uid_t		 owner;		/* owner, not the caller */
};

char	*session_dir(const char *id);
/* id NULL: $BASELINER_SESSION, else this user's only live session. */
int	 session_resolve(const char *id, char **id_out, char **dir_out,
	     char **cause);
int	 session_create(struct task *, const struct session_opts *,
	     char **id_out, char **cause);
json_t	*session_list(void);
/* A checkpoint number ("3", as `checkpoints` shows it) as its commit; any
 * other reference as it is. NULL and *cause if no such checkpoint. */
char	*session_ckpt_ref(struct store *, const char *ref, char **cause);
/* Does a server run for the session folder dir (it holds server.lock)? */
int	 session_server_alive(const char *dir);

/* Reading a session's database. role: CTL_* bits (ctl.h). */
json_t	*session_info_json(struct store *);
json_t	*session_scores_json(struct store *, int show_hidden);
json_t	*session_checkpoints_json(struct store *);
/* GPU indexes held by live sessions other than except_id ("0,2"). */
char	*session_gpus_held(const char *except_id);

/*
 * The y_start and y_ref a new session on a GPU model uses (gpu NULL: no
 * GPU): this host's own calibration for that card ("task calibrate"), then
 * the pack's calibration for it, then the manifest's values, but only for
 * packs with no calibrations per card. -1 with a cause that says how to
 * make one when the pack has calibrations and none for this card. source
 * is a sentence, detail the JSON stored as session.calibration_detail.
 */
int	 session_calibration(const struct task *, const char *gpu,
	     double *y_start, double *y_ref, char **source, json_t **detail,
	     char **cause);
/* Where "task calibrate" keeps this host's calibration for a card. */
char	*session_calibration_path(const char *task_id, const char *gpu);

#endif
