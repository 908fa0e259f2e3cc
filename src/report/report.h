/*
 * report.h: the report's model, the comparison of humans and agents as the
 * RE-Bench paper made it, computed from a study's runs and nothing else (no
 * files, no terminal): the writers (report_csv.c, report_svg.c) and the
 * command (cmd_report.c) only format what is here.
 *
 * - A series is a group of runs compared as one: every human attempt, or
 *   one agent at one time per run. Its key is (kind, group[, limit]), so
 *   an agent named "human" never joins the humans.
 * - A cell is the runs of one task in one series.
 * - Averages over tasks are means of per-task values, over the tasks the
 *   series has, which the outputs name.
 *
 * An agent's scorings after its run's time limit never count: they are
 * dropped here, counted per run, and every output reads the trimmed runs.
 * A run excluded after review scores 0 (its scorings do not count, as the
 * paper scored cheating attempts) or is left out, as the study says.
 */
#ifndef BASELINER_REPORT_H
#define BASELINER_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "analysis.h"
#include "study.h"

struct report_opts {
	uint64_t	 seed;
	size_t		 nboot;
	const double	*budgets;	/* seconds, ascending */
	size_t		 nbudgets;
	const char	*by;		/* a participant attribute: humans
					   grouped by its value; NULL: one */
};

struct report_series {
	const char	*group;
	const char	*kind;
	int		 human;
	double		 limit;		/* time per run */
	char		*label;		/* "bot (2 h runs)", "human (8 h)" */
	size_t		 gindex;	/* which (kind, group), for colour */
};

/* score@k of one cell, or of a series averaged over its tasks. */
struct report_k {
	unsigned	 k;
	int		 at_budget;	/* runs cut at the budget (humans) */
	int		 usable;	/* 0: runs longer than the budget */
	double		 expected;	/* the point estimate */
	double		 lo;		/* 95% bootstrap interval over runs */
	double		 hi;
	double		 boot_mean;	/* mean of the replicates */
	size_t		 ntasks;
	size_t		 nhidden;	/* tasks drawn at random */
	char		*tasks;		/* "a;b;c" (averages) */
	int		 shown;		/* the group's best time per run */
};

struct report_cell {
	const char		*task;
	size_t			 series;
	struct analysis_run	*runs;
	const struct study_run	**src;
	size_t			*dropped;	/* per run: after the limit */
	size_t			 n;
	enum norm_agg		 agg;
	int			 hidden;	/* drawn at random */
	struct report_k		*k;		/* [budget] */
	double			*step;		/* [grid point of series] */
	double			*loglin;
};

struct report {
	struct study_data	 d;
	struct report_opts	 o;
	double			*budgets;

	struct report_series	*series;
	size_t			 nseries;
	struct report_cell	*cells;		/* by task, series */
	size_t			 ncells;
	const char		**tasks;
	size_t			 ntasks;
	struct report_k		*k;		/* [series][budget] */
	size_t			 dropped;	/* scorings after a limit */
	size_t			 dropped_runs;
	size_t			 excluded;	/* runs excluded after review */
	size_t			 gave_up;	/* runs given up */
	/* Per series: the grid of times and the mean curves over tasks. */
	double			**grid;
	size_t			*ngrid;
	double			**step;
	double			**loglin;
	double			*tv;
};

/* Build the model; takes the study's data over. */
void	 report_build(struct report *, struct study_data *,
	     const struct report_opts *);
void	 report_done(struct report *);
const struct study_task *report_task(const struct report *, const char *);
/* The cell of a task in a series, or NULL. */
const struct report_cell *report_cell(const struct report *, const char *,
	     size_t);
/* "30 min", "2 h" */
char	*report_duration(double);
/* How runs were drawn: best_of_k, at_budget, random, mixed... */
const char *report_rule(size_t nhidden, size_t ntasks, int at_budget);

#endif
