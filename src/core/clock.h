/*
 * clock.h: the session clock. It counts work time: seconds while running,
 * nothing while paused. Within one server it advances on the monotonic
 * clock; across restarts it resumes from the elapsed value the server last
 * stored. Pure arithmetic: callers pass "now" in, so tests need no sleep.
 */
#ifndef BASELINER_CLOCK_H
#define BASELINER_CLOCK_H

/* Warnings at these many seconds left, largest first. */
/* An extension (either way) is at most a week: more is a typo or worse
 * (1.7e306 minutes made the limit infinite, and the session expired after
 * any restart). */
#define CLOCK_EXTEND_MAX	(7 * 24 * 3600.0)
#define CLOCK_NWARN 3
extern const double clock_warn_at[CLOCK_NWARN];	/* 3600, 900, 300 */

struct clock {
	double	base;		/* elapsed before the current stretch */
	double	since;		/* monotonic start of the current stretch */
	int	running;
	double	limit;		/* seconds, extensions included */
	unsigned warned;	/* bit i: warning clock_warn_at[i] given */
};

void	clock_init(struct clock *, double elapsed, double limit);
void	clock_run(struct clock *, double now);
void	clock_stop(struct clock *, double now);
double	clock_elapsed(const struct clock *, double now);
double	clock_remaining(const struct clock *, double now);
int	clock_expired(const struct clock *, double now);
void	clock_extend(struct clock *, double seconds, double now);
/* Warnings newly due at now: returns the index of one, or -1; marks it. */
int	clock_warning_due(struct clock *, double now);

#endif
