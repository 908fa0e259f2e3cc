/*
 * study.h: the study, where a researcher gathers runs to compare: exported
 * human sessions and agent (or other human) score logs, each run a list of
 * scorings with elapsed time, raw and normalized score.
 *
 * Two halves. Reading (study_log_parse, study_session_read) turns bytes or
 * an exported session into runs without touching any database: a pure
 * function of its input and the task table it is given. Storing (study.c)
 * keeps runs and tasks in one SQLite file (default $BASELINER_HOME/study.db),
 * separate from the sessions'; study_import_path joins the two.
 *
 * Runs are keyed by (task, run id); importing a run again replaces it, so
 * imports are idempotent. Tasks carry the normalization (direction, y_start,
 * y_ref), the aggregation (best or last) and the visibility of the score.
 */
#ifndef BASELINER_STUDY_H
#define BASELINER_STUDY_H

#include <stddef.h>

#include "norm.h"

#define STUDY_HALF_HOUR 1800.0

struct study;

struct study_task {
	char		*id;
	enum norm_dir	 direction;
	double		 y_start;
	double		 y_ref;
	enum norm_agg	 aggregation;
	int		 hidden;
	char		*source;	/* where the values came from */
};

struct study_score {
	double		 elapsed;	/* seconds on the run's clock */
	double		 raw;		/* NaN if none */
	double		 normalized;	/* NaN if invalid */
	char		*status;	/* valid, invalid, error, ... */
};

struct study_run {
	char		*task_id;
	char		*run_id;
	char		*group;		/* agent name, or "human" */
	char		*kind;		/* agent or human */
	char		*participant;	/* humans; may be NULL */
	char		*source;	/* the file it came from */
	double		 limit;		/* time per run, seconds */
	int		 limit_inferred;/* from the last scoring */
	struct study_score *scores;	/* sorted by elapsed */
	size_t		 nscores;
	/* The study's marks and the participant's attributes (loaded). */
	char		*gave_up_reason;/* NULL: did not give up */
	int		 excluded;	/* after review */
	char		*excluded_by;
	char		*excluded_why;
	char		*attrs;		/* JSON object, or NULL */
};

/* A mark on a run: each part set only when given (NULL, set_excluded). */
struct study_mark {
	const char	*gave_up_reason;
	int		 set_excluded;
	int		 excluded;
	const char	*excluded_by;
	const char	*excluded_why;
};

struct study_data {
	struct study_task *tasks;
	size_t		 ntasks;
	struct study_run *runs;		/* by task, group, limit, id */
	size_t		 nruns;
	int		 excluded_omit;	/* excluded runs left out, not 0 */
};

/*
 * What one input (a score log or a session) holds once read: its runs,
 * whole and sorted, and the tasks it taught (a session's own scoring
 * parameters), which the study learns if it does not know them yet.
 */
struct study_log {
	struct study_run *runs;
	size_t		 nruns;
	struct study_task *tasks;
	size_t		 ntasks;
	size_t		 rows;		/* scorings read */
	size_t		 duplicates;	/* rows repeated exactly, dropped */
	size_t		 inferred;	/* runs without a time limit */
};

/* What a reader knows beyond its input. */
struct study_log_opts {
	const struct study_task *tasks;	/* normalizations known so far */
	size_t		 ntasks;
	double		 time_unit;	/* seconds per unit of a bare
					   "elapsed" or "time_limit"; 0: 1 */
};

/* What an import did, for the command to report. */
struct study_import {
	size_t		 runs;
	size_t		 scores;
	size_t		 replaced;	/* runs already there */
	size_t		 inferred;	/* runs without a time limit */
	size_t		 duplicates;	/* rows repeated exactly, dropped */
};

/* The database (study.c). */
char	*study_default_path(void);
/* Open the study database: a new object study_close closes and frees. */
int	 study_open(const char *, struct study **, char **);
void	 study_close(struct study *);
/* Insert or replace a task's parameters. */
int	 study_put_task(struct study *, const struct study_task *, char **);
/* 1 and fill the task if known, 0 if not, -1 on error. */
int	 study_get_task(struct study *, const char *, struct study_task *,
	     char **);
/* Every task the study knows, by id. */
int	 study_get_tasks(struct study *, struct study_task **, size_t *,
	     char **);
/* Store a run, replacing one with the same task and run id; 1 if it did. */
int	 study_put_run(struct study *, const struct study_run *, char **);
/* A participant's attributes, a JSON object as text. */
int	 study_put_participant(struct study *, const char *, const char *,
	     char **);
/* Mark a run (give-up, exclusion); kept when the run is imported again. */
int	 study_mark_run(struct study *, const char *, const char *,
	     const struct study_mark *, char **);
/* A study setting: "excluded" is "zero" (the paper's) or "omit". */
int	 study_set(struct study *, const char *, const char *, char **);
/* Store what an input held, all or nothing, and count it in stats. */
int	 study_put_log(struct study *, const struct study_log *,
	     struct study_import *, char **);
int	 study_load(struct study *, struct study_data *, char **);
void	 study_data_done(struct study_data *);

/* Tasks (study_task.c). */
void	 study_task_done(struct study_task *);
void	 study_task_copy(struct study_task *, const struct study_task *);
/* "TASK:Y_START:Y_REF:lower|higher[:best|last|last_valid[:visible|hidden]]" */
int	 study_parse_task_param(const char *, struct study_task *, char **);
/*
 * Are the task's constants consistent? y_ref must be better than y_start in
 * the task's direction (lower: y_ref < y_start), or they are swapped.
 */
int	 study_task_check(const struct study_task *, const char *, char **);
/* Every task pack under a folder (or the folder itself): count found. */
int	 study_load_packs(struct study *, const char *, size_t *, char **);

/*
 * Reading (study_log.c, study_session.c). A score log, CSV or JSONL, from
 * memory: name is what messages call it and whether it ends in .csv or
 * .jsonl decides the format (else the first byte does); opts may be NULL
 * (no tasks known, seconds). Nothing else is read or written, so this is
 * the entry point to fuzz.
 */
int	 study_log_parse(const char *name, const char *, size_t,
	     const struct study_log_opts *, struct study_log *, char **);
/* An exported session folder (session.json and scores.jsonl). */
int	 study_session_read(const char *dir, const struct study_task *,
	     size_t, struct study_log *, char **);
void	 study_log_done(struct study_log *);
void	 study_run_done(struct study_run *);

/* Participants' attributes from a CSV file (study_import.c). */
int	 study_import_participants(struct study *, const char *, size_t *,
	     char **);
/* Read a file (CSV or JSONL) or an exported session folder and store it. */
int	 study_import_path(struct study *, const char *,
	     const struct study_log_opts *, struct study_import *, char **);

#endif
