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

/*
 * A calibration for one GPU model: tasks/<id>/calibrations/<slug>.json,
 * one file a card ({"gpu": "NVIDIA H200", "y_start": ..., "y_ref": ...,
 * "driver": ..., "measured": ..., "how": ...}), so that "task calibrate
 * --write" adds or replaces its own card's file and never another's.
 */
struct task_calib {
	char		*gpu;		/* the card's name, as NVML gives it */
	char		*task_version;	/* may be NULL */
	double		 y_start;
	double		 y_ref;
	char		*driver;	/* may be NULL */
	char		*measured;	/* UTC date and time, may be NULL */
	char		*how;		/* may be NULL */
	char		*file;		/* absolute path */
};

/* The most a manifest may ask for (hardware.gpus, hardware.cpus). */
#define TASK_GPUS_MAX	1024
#define TASK_CPUS_MAX	65536

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
	char		*scorer_final;	/* the final scoring's, if different */

	/* A METR Task Standard family (task_standard: in task.yaml): the
	 * scorer is baseliner's driver, libexec/taskstd.py. */
	char		*ts_family;	/* absolute folder of the family */
	char		*ts_task;	/* the task's name in the family */
	double		 scorer_timeout;/* seconds */

	enum norm_dir	 direction;
	double		 y_start;
	double		 y_ref;
	enum norm_agg	 aggregation;
	int		 hidden;	/* scores hidden from the participant */
	char		*calibrated_on;	/* may be NULL */

	struct task_calib *calibs;	/* from calibrations/, by file name */
	int		 ncalibs;

	/* Lines of the calibration values, for "task calibrate --write". */
	int		 line_y_start;
	int		 line_y_ref;
	int		 line_calibrated_on;
	int		 line_id;
};

int	 task_load(const char *dir, struct task **, char **cause);
int	 task_parse(const char *path, const char *text, size_t len,
	     struct task *, char **cause);
void	 task_destroy(struct task *);
/* Find a pack by id on the search path. */
int	 task_find(const char *id, struct task **, char **cause);
/* The folders searched, in order; NULL-terminated, freed with
 * task_path_destroy. */
char	**task_path(void);
void	 task_path_destroy(char **);
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

/* The path of the Task Standard driver (taskstd.py). */
char	*task_driver_path(void);
/* "python3 DRIVER --family F --task T": the start of a driver command. */
char	*task_driver_command(const struct task *);

/* The pack's calibration for a GPU model (exact name), or NULL. */
const struct task_calib *task_calib_for(const struct task *, const char *gpu);
/* The file name of a card's calibration: "nvidia_h200.json". */
char	*task_calib_file(const char *gpu);
/* Read one calibration file into c (freed with task_calib_done). */
int	 task_calib_read(const char *path, struct task_calib *c, char **cause);
void	 task_calib_done(struct task_calib *);
/* The names of the cards the pack has calibrations for, comma-separated. */
char	*task_calib_list(const struct task *);

#endif
