/*
 * report_out.h: the report's outputs, each formatted from the model
 * (report.h) into a buffer: CSV tables (report_csv.c) and SVG figures with
 * their captions (report_svg.c). Nothing here computes a statistic.
 */
#ifndef BASELINER_REPORT_OUT_H
#define BASELINER_REPORT_OUT_H

#include "report.h"
#include "util.h"

void	report_csv_field(struct buf *, const char *);
void	report_runs_csv(const struct report *, struct buf *);
void	report_time_csv(const struct report *, struct buf *);
void	report_k_csv(const struct report *, struct buf *);
/* Every run as a line of METR's runs.jsonl (runs_jsonl.c). */
void	report_runs_jsonl(const struct report *, struct buf *);

/* Figures: the SVG, and the caption that says how it was made. */
char	*report_svg_time(const struct report *);
char	*report_svg_k(const struct report *);
/* The same, one panel per task. */
char	*report_svg_time_tasks(const struct report *);
char	*report_svg_k_tasks(const struct report *);
void	 report_caption_time(const struct report *, struct buf *);
void	 report_caption_k(const struct report *, struct buf *);

#endif
