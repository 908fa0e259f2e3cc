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

/*
 * An asset: a file the pack needs beyond its own files (a dataset, model
 * weights, token shards), kept in the host's assets folder
 * ($BASELINER_ASSETS, default $BASELINER_HOME/assets) under TASK/PATH,
 * with its size and SHA-256 when known, and where "task prepare" gets it:
 * a URL (source), or a command run in the pack's scoring/ folder with
 * BASELINER_ASSET set to the file to make (build).
 */
struct task_asset {
	char		*name;
	char		*path;		/* relative to the task's assets folder */
	double		 size;		/* bytes; 0 if not stated */
	char		*sha256;	/* may be NULL */
	char		*source;	/* may be NULL */
	char		*build;		/* may be NULL */
	char		*what;		/* may be NULL */
};

/*
 * A key: a value of the host configuration file ($BASELINER_KEYS, default
 * $BASELINER_HOME/keys.env, NAME=value lines, readable by the scorer's
 * user only), such as a judge's API key or endpoint; one with a default
 * is never missing.
 */
struct task_key {
	char		*name;
	char		*what;		/* may be NULL */
	char		*def;		/* may be NULL */
};

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
	int		 cpus;		/* 0: not stated */
	double		 memory_gb;	/* 0: not stated */
	double		 disk_gb;	/* free disk under the assets folder */
	char		**modules;	/* Python modules the scorer imports */
	int		 nmodules;

	struct task_asset *assets;	/* files beyond the pack (assets:) */
	int		 nassets;
	struct task_key	*keys;		/* host configuration values (keys:) */
	int		 nkeys;

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
/* The host's assets folder of a task; free the result. */
char	*task_assets_dir(const struct task *);
/* The host configuration file of keys; free the result. */
char	*task_keys_path(void);
/* The value of a key in the host configuration file, else its default. */
char	*task_key_value(const struct task_key *);

#endif
