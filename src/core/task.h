/*
 * task.h: task packs. A pack is a folder tasks/<id>/ with task.yaml (the
 * manifest), brief.md, start/, scoring/ and solutions/. Packs are found on
 * $BASELINER_TASKS (colon-separated), then the installed pkgdatadir/tasks,
 * then ./tasks of a source tree.
 */
#ifndef BASELINER_TASK_H
#define BASELINER_TASK_H

#include "norm.h"
#include "util.h"

struct task {
	char		*dir;		/* absolute folder of the pack */
	char		*manifest;	/* dir/task.yaml */
	char		*id;
	char		*version;
	char		*title;
	double		 time_limit;	/* seconds */

	int		 gpus;
	char		*gpu_model;	/* may be NULL */
	char		**commands;	/* programs needed on PATH */
	int		 ncommands;

	char		*scorer;	/* run with /bin/sh -c in dir/scoring */
	double		 scorer_timeout;/* seconds */

	enum norm_dir	 direction;
	double		 y_start;
	double		 y_ref;
	enum norm_agg	 aggregation;
	int		 hidden;	/* scores hidden from the participant */
	char		*calibrated_on;	/* may be NULL */

	/* Lines of the calibration values, for "task calibrate --write". */
	int		 line_y_start;
	int		 line_y_ref;
	int		 line_calibrated_on;
	int		 line_id;
};

int	 task_load(const char *dir, struct task **, char **cause);
int	 task_parse(const char *path, const char *text, size_t len,
	     struct task *, char **cause);
void	 task_free(struct task *);
/* Find a pack by id on the search path. */
int	 task_find(const char *id, struct task **, char **cause);
/* The folders searched, in order; NULL-terminated, free with task_path_free. */
char	**task_path(void);
void	 task_path_free(char **);
/* What this host lacks to run the task; appends sentences, returns count. */
int	 task_check_host(const struct task *, struct buf *);
/* Packs are found by folder name: is the id that name? */
int	 task_check_folder(const struct task *, const char *folder,
	     char **cause);
int	 task_parse_duration(const char *, double *);

#endif
