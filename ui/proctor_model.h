/*
 * proctor_model.h: what the proctor's dashboard knows, built from the
 * follow streams of its hosts (`status --all --json --follow`, one JSON
 * object a line, see src/cli/cmd_follow.c). Pure: no curses, no processes,
 * no clock of its own (every call is given "now", in seconds on a
 * monotonic clock), so it is tested by feeding it lines.
 *
 * A row is one session of one host. Times the stream gives in work-clock
 * seconds are kept with the moment they arrived, so a running session's
 * clock is counted forward between the stream's (rare) clock lines.
 */
#ifndef BASELINER_PROCTOR_MODEL_H
#define BASELINER_PROCTOR_MODEL_H

#include <stddef.h>

#define PM_ALERT_PAUSED		0x01	/* paused longer than N minutes */
#define PM_ALERT_IDLE		0x02	/* nothing happened for N minutes */
#define PM_ALERT_FAILING	0x04	/* N failed scorings in a row */
#define PM_ALERT_GPU_PAUSED	0x08	/* the GPU busy while paused */
#define PM_ALERT_NEAR_END	0x10	/* less than N minutes left */
#define PM_ALERT_RESTART	0x20	/* the server restarted or is down */
#define PM_ALERT_DISK		0x40	/* the host's disk nearly full */

struct pm_alerts {			/* thresholds; 0 turns one off */
	double	paused_min;
	double	idle_min;
	int	failed_scorings;
	double	near_end_min;
	double	disk_free_pct;
	int	gpu_paused;
	int	restart;
};

enum pm_host_state { PM_HOST_CONNECTING, PM_HOST_UP, PM_HOST_UNREACHABLE };

struct pm_host {
	char			*name;
	enum pm_host_state	 state;
	double			 since;		/* state entered */
	double			 last_line;	/* last line read */
	double			 disk_free_pct;	/* -1: unknown */
	char			*error;		/* last non-JSON line */
};

struct pm_row {
	struct pm_host	*host;
	char		*id;
	char		*participant;
	char		*task;
	char		 state[16];
	int		 server;	/* a server answers for it */
	double		 elapsed;	/* work clock at elapsed_at */
	double		 elapsed_at;
	double		 limit;
	double		 best;		/* best normalized, NAN if none */
	double		 prev_best;	/* best before the last rise */
	double		 last_score_elapsed; /* NAN if none */
	char		 last_status[16];
	int		 scorings;
	int		 failed_streak;
	char		*pause_reason;
	char		*pause_by;
	double		 paused_at;	/* monotonic, when the pause began */
	int		 unacked;	/* messages not yet acknowledged */
	int		 gpu_busy_paused;
	int		 gpu_util;	/* the busiest GPU's %, -1: none */
	int		 restarts;
	double		 restart_at;
	double		 active_at;	/* last event that was not the clock */
	char		*end_reason;
	unsigned int	 alerts;
	unsigned int	 alerts_seen;	/* those already announced */
	unsigned int	 alerts_recorded; /* those sent to its timeline */
};

enum pm_sort {
	PM_SORT_HOST, PM_SORT_PARTICIPANT, PM_SORT_TASK, PM_SORT_STATE,
	PM_SORT_LEFT, PM_SORT_BEST, PM_SORT_LAST_SCORE, PM_SORT_IDLE,
	PM_SORT_ALERTS, PM_SORT_COUNT
};

struct pm {
	struct pm_host	**hosts;
	size_t		  nhosts;
	struct pm_row	**rows;
	size_t		  nrows;
	struct pm_alerts  alerts;
	/* Alerts that fired since the caller last took them (text lines). */
	char		**fired;
	size_t		  nfired;
};

struct pm	*pm_create(void);
void		 pm_destroy(struct pm *);
struct pm_host	*pm_host_add(struct pm *, const char *name);
void		 pm_host_state(struct pm_host *, enum pm_host_state, double now,
		     const char *error);
/* One line of a host's stream; returns 1 if it changed something. */
int		 pm_feed(struct pm *, struct pm_host *, const char *line,
		     double now);
/* Recompute the alerts; new ones are added to fired. */
void		 pm_check_alerts(struct pm *, double now);
/* A row's clock now, and its time left (limit - elapsed). */
double		 pm_elapsed(const struct pm_row *, double now);
double		 pm_left(const struct pm_row *, double now);
/* Seconds since the row last did anything. */
double		 pm_idle(const struct pm_row *, double now);
/* Alert names, comma separated, into buf. */
void		 pm_alert_names(unsigned int, char *buf, size_t len);
/* Rows matching the filter ("host=X", "task=X", "state=X", "alert", or
 * text found in the host, id, participant or task; NULL: all), sorted.
 * Returns a new array of borrowed rows. */
struct pm_row	**pm_view(struct pm *, const char *filter, enum pm_sort,
		     int reverse, double now, size_t *n);
const char	*pm_sort_name(enum pm_sort);
/* Read alert thresholds from a config file ("paused_minutes 20" ...);
 * -1 with *cause (file:line) on a bad line. */
int		 pm_alerts_load(struct pm_alerts *, const char *path,
		     char **cause);
void		 pm_alerts_default(struct pm_alerts *);

#endif
