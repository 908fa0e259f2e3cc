/*
 * clock.c: work time. elapsed = base + (now - since) while running, base
 * while stopped. A warning is due when the time left first drops to or
 * below its threshold; each is given once, and an extension that lifts the
 * time left back above a threshold arms that warning again.
 */
#include "config.h"

#include "clock.h"

const double clock_warn_at[CLOCK_NWARN] = { 3600, 900, 300 };

void
clock_init(struct clock *c, double elapsed, double limit)
{
	int	i;

	c->base = elapsed;
	c->since = 0;
	c->running = 0;
	c->limit = limit;
	c->warned = 0;
	/* Warnings already past at (re)start are not given again. */
	for (i = 0; i < CLOCK_NWARN; i++) {
		if (limit - elapsed <= clock_warn_at[i])
			c->warned |= 1u << i;
	}
}

void
clock_run(struct clock *c, double now)
{
	if (c->running)
		return;
	c->since = now;
	c->running = 1;
}

void
clock_stop(struct clock *c, double now)
{
	if (!c->running)
		return;
	c->base += now - c->since;
	c->running = 0;
}

double
clock_elapsed(const struct clock *c, double now)
{
	double	e = c->base;

	if (c->running && now > c->since)
		e += now - c->since;
	return (e);
}

double
clock_remaining(const struct clock *c, double now)
{
	double	r = c->limit - clock_elapsed(c, now);

	return (r > 0 ? r : 0);
}

int
clock_expired(const struct clock *c, double now)
{
	return (clock_elapsed(c, now) >= c->limit);
}

void
clock_extend(struct clock *c, double seconds, double now)
{
	double	left;
	int	i;

	c->limit += seconds;
	left = c->limit - clock_elapsed(c, now);
	for (i = 0; i < CLOCK_NWARN; i++) {
		if (left > clock_warn_at[i])
			c->warned &= ~(1u << i);
	}
}

int
clock_warning_due(struct clock *c, double now)
{
	double	left = c->limit - clock_elapsed(c, now);
	int	i, due = -1;

	for (i = 0; i < CLOCK_NWARN; i++) {
		if (left <= clock_warn_at[i] && !(c->warned & (1u << i))) {
			c->warned |= 1u << i;
			due = i;	/* the smallest threshold crossed */
		}
	}
	return (due);
}
