/*
 * study_int.h: what the study's readers share, and nothing outside them
 * uses: a field's value whatever format it came in (study_value.c), the CSV
 * record reader (study_csv.c), JSON lines (study_json.c) and the assembly
 * of scorings into runs (study_runs.c).
 */
#ifndef BASELINER_STUDY_INT_H
#define BASELINER_STUDY_INT_H

#include <stddef.h>

#include <jansson.h>

#include "study.h"
#include "util.h"

/* A field as read: absent, null (or empty), text or number. */
enum study_vtype { SV_ABSENT, SV_NULL, SV_TEXT, SV_NUMBER };

struct study_value {
	enum study_vtype type;
	const char	*text;
	double		 number;
};

/* A number, all of the string; 0 on success. */
int	 study_strtod(const char *, double *);
/*
 * A number from a value: 0 with *out set (NaN for absent, null, empty or
 * "NaN"), -1 if the value is text that is not a number.
 */
int	 study_value_number(const struct study_value *, double *);
/* Text from a value (numbers are written out); NULL if absent or empty. */
char	*study_value_text(const struct study_value *);
/* valid, invalid, error, timeout or cancelled. */
int	 study_status_ok(const char *);

/*
 * CSV as RFC 4180 writes it, one record at a time. study_csv_next returns
 * the number of fields, 0 at the end, -1 on an error; field i is then
 * study_csv_field (trimmed of spaces) and line the record's first line.
 */
struct study_csv {
	const char	*name;
	const char	*p;
	const char	*end;
	struct buf	 fields;
	size_t		*offs;
	size_t		 noffs;
	int		 line;
	int		 nextline;
};
void	 study_csv_init(struct study_csv *, const char *, const char *,
	     size_t);
int	 study_csv_next(struct study_csv *, char **);
char	*study_csv_field(struct study_csv *, size_t);
void	 study_csv_done(struct study_csv *);

/* A JSON value as a study value; -1 for objects and arrays. */
int	 study_json_value(json_t *, struct study_value *);
/* Calls fn for each line of a JSONL text with its object. */
int	 study_jsonl_each(const char *, const char *, size_t,
	     int (*)(void *, int, json_t *, char **), void *, char **);
/* The same for a JSON array of objects (element numbers as lines). */
int	 study_json_rows(const char *, const char *, size_t,
	     int (*)(void *, int, json_t *, char **), void *, char **);
/* A non-empty string member of a JSON object, or an error naming it. */
int	 study_json_string(const char *, json_t *, const char *,
	     const char *, const char **, char **);

/*
 * A session's "scoring" object (direction, y_start, y_ref, aggregation,
 * visibility) as a task's parameters, id and source left to the caller.
 */
int	 study_session_scoring(const char *, json_t *, struct study_task *,
	     char **);

/* A run being assembled from scorings. */
struct study_pending {
	struct study_run r;
	size_t		 size;
	const char	*agent;		/* as first given */
	double		 limit;		/* NaN until a row says */
	int		 line;		/* first row */
	int		 params;	/* 1 if task is set */
	struct study_task task;
};

struct study_runs {
	const char	*name;		/* for messages */
	const struct study_task *tasks;	/* known normalizations */
	size_t		 ntasks;
	struct study_pending *runs;
	size_t		 nruns;
	size_t		 last;		/* the last row's run */
	size_t		 rows;
};

void	 study_runs_init(struct study_runs *, const char *,
	     const struct study_task *, size_t);
/* The run with this key, or NULL. */
struct study_pending *study_runs_find(struct study_runs *, const char *,
	     const char *);
/* A new run with this key; its task's parameters if the table has them. */
struct study_pending *study_runs_add(struct study_runs *, const char *,
	     const char *, int);
void	 study_runs_score(struct study_runs *, struct study_pending *,
	     double, double, double, const char *);
/* Sort, give limits, and move the runs into a log. */
void	 study_runs_finish(struct study_runs *, struct study_log *);
void	 study_runs_done(struct study_runs *);

#endif
