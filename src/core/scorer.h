/*
 * scorer.h: running a task's scorer. The scorer is a shell command run in
 * its own process group (a new session) in the task's scoring folder, with a
 * timeout (TERM to the group, then KILL), its output captured up to a cap,
 * and the last line it wrote on its result channel (fd 3, named by
 * BASELINER_RESULT_FD), or if it wrote nothing there its last line of
 * stdout, parsed as the result:
 *
 *	{"score": 0.83, "message": {...}, "details": {...}}
 *
 * "score" null or "NaN" is an invalid result. A scorer that failed to
 * score (rather than finding the work wrong) may say so with "error": a
 * string, the reason; the result is then an error. Whatever happens the caller
 * gets one struct scorer_result, never a crash.
 */
#ifndef BASELINER_SCORER_H
#define BASELINER_SCORER_H

#include <sys/types.h>

#include <jansson.h>
#include <stdint.h>
#include <uv.h>

enum scorer_status {
	SCORER_VALID,
	SCORER_INVALID,		/* the scorer said the result is invalid */
	SCORER_ERROR,		/* crash, garbage, no result, flood */
	SCORER_TIMEOUT,
	SCORER_CANCELLED
};

struct scorer_result {
	enum scorer_status	 status;
	char			*reason;	/* why, when not valid */
	double			 raw;		/* NaN unless valid */
	json_t			*message;	/* object, never NULL */
	json_t			*details;	/* object, never NULL */
	char			*tail;		/* last part of all output */
	uint64_t		 output_bytes;
	int			 exit_status;	/* -1 if killed by a signal */
	int			 term_signal;
	double			 seconds;
};

struct scorer_spec {
	const char	*command;	/* /bin/sh -c COMMAND */
	const char	*cwd;
	char		**env;		/* NULL-terminated */
	double		 timeout;	/* seconds */
	double		 grace;		/* TERM to KILL, seconds */
	uint64_t	 output_cap;	/* kill past this many bytes */
	size_t		 tail_cap;	/* bytes of output kept */
	const char	*cgroup;	/* name of a cgroup of its own, or NULL */
	/* Study mode: run as the scorer user through the helper
	 * ("HELPER scorer ID /bin/sh -c COMMAND"), and signal its group
	 * through it too ("HELPER kill PGID SIG"). NULL: directly. */
	const char	*helper;
	const char	*helper_id;
};

/* The longest result line accepted. */
#define SCORER_LINE_MAX	(1024 * 1024)
/* A score further from 0 is refused (an error): normalized it would not be
 * finite, and no benchmark's measure comes near it. */
#define SCORER_SCORE_MAX	1e15

struct scorer_run;
typedef void (*scorer_done_cb)(struct scorer_run *, struct scorer_result *,
    void *);

int	 scorer_start(uv_loop_t *, const struct scorer_spec *, scorer_done_cb,
	     void *, struct scorer_run **, char **cause);
void	 scorer_cancel(struct scorer_run *);
/* The last line the scorer printed so far (for progress), or "". */
const char *scorer_last_line(struct scorer_run *);
long	 scorer_pid(struct scorer_run *);

/* Kill what is left in the cgroup of that name (a scoring of a server
 * that died) and remove it; 0 if there is none left. */
int	 scorer_cgroup_end(const char *name);
/* Subreaper fallback: kill and reap every child of this process, with
 * what they started, except those spared; returns how many. */
int	 scorer_sweep(void);
/* Make this process the subreaper that scorer_sweep relies on. */
int	 scorer_subreaper(void);
void	 scorer_spare(pid_t, int spare);

/* Parse the scorer's stdout into r (status, raw, message, details,
 * reason); exit_status/term_signal must already be set. Pure. */
void	 scorer_parse(const char *out, size_t len, struct scorer_result *r);
const char *scorer_status_name(enum scorer_status);
void	 scorer_result_done(struct scorer_result *);

#endif
