/*
 * srv_pane.c: the shell panes of the session server: the pane module and
 * its control commands. The protocol is written up for client authors in
 * src/term/PROTOCOL-panes.md; in short:
 *
 *   attach       {cols, rows, read_only}   -> {panes: [...], layout}
 *   layout.set   {layout}                                      (write)
 *   pane.new     {cols, rows}              -> {pane}           (write)
 *   pane.close   {pane}                                        (write)
 *   pane.resize  {pane, cols, rows}                            (write)
 *   pane.input   {pane, text | key + mods | paste | mouse}     (write)
 *   pane.scrollback {pane, from, count}    -> {lines, attrs, total}
 *   pane.list    {}                        -> {panes}
 *   events: pane.frame, pane.exit, pane.bell
 *
 * Frames. A pane's screen only marks damage (term.c); pane_frame.c encodes
 * it as JSON, this file decides when and to whom. The first change
 * after a frame starts one shared 10 ms timer; when it fires, every pane
 * with changes is copied out once (its dirty rows, cursor, modes) and the
 * same JSON goes to every attached client, so a burst of output costs one
 * frame per tick. A pane typed into in the last PANE_HOT_MS is framed at
 * the next turn of the loop instead, so its echo never waits for a tick
 * that a flooding pane keeps busy, and meanwhile the other panes read one
 * batch a tick, so a flood does not take the CPU the echo needs. A client
 * that has just attached, or has caught up after falling behind, gets full
 * frames instead.
 *
 * Flow control. A client whose unsent output (server_client_backlog) passes
 * PANE_BACKLOG_HIGH gets no more frames until it drains below
 * PANE_BACKLOG_LOW, then one full frame of each pane: the screen state is
 * what matters, not every step of it. A pane never waits for a client: the
 * panes read on whatever the clients do, so a view that stops reading (a
 * closed laptop with the link still up, a frozen proctor view) costs the
 * programs in the panes nothing; it is skipped, and dropped by the server
 * if even its events pile up past CLIENT_BACKLOG_MAX. Reading itself is
 * bounded per loop turn (pty.c), so one flooding pane never stalls
 * another, nor the rest of the server.
 *
 * Layout. The client's layout tree is opaque here; layout.set keeps it in
 * memory and appends a "layout" event with it and the pane ids, which also
 * reaches every other subscribed client. A restarted server reads the last
 * such event, opens as many shells, and renumbers the layout: every member
 * named "pane" whose value is an old pane id gets the new id.
 *
 * Recording: every pane hands its batch to the store's writer thread once
 * a second (store.h); at the session's end and when the server stops, the
 * loop waits until all of it is committed.
 */
#include "config.h"

#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <uv.h>

#include "ctl_cmds.h"
#include "holder.h"
#include "scorer.h"
#include "host.h"
#include "pane.h"
#include "pane_frame.h"
#include "proctree.h"
#include "queue.h"
#include "server.h"
#include "store.h"
#include "term.h"
#include "util.h"

#define PANE_FRAME_MS		10
#define PANE_HOT_MS		250	/* a pane typed into answers at once */
#define PANE_POLL_MS		50	/* while a client is held back */
#define PANE_FLUSH_MS		1000
#define PANE_BACKLOG_HIGH	(1024 * 1024)
#define PANE_BACKLOG_LOW	(128 * 1024)
#define PANE_CLOSE_GRACE	3.0
#define PANE_MAX_COLS		1000
#define PANE_MAX_ROWS		500

struct pane_client {
	struct client			*c;
	int				 full;	/* full frames next tick */
	int				 held;	/* over the backlog mark */
	TAILQ_ENTRY(pane_client)	 entry;
};

struct pane_entry {
	struct pane_state		*ps;
	struct pane			*pane;
	int				 id;
	int				 fresh;	/* never framed: full to all */
	int				 bell;
	uint64_t			 hot_until;	/* uv_now: typed into */
	TAILQ_ENTRY(pane_entry)		 entry;
};

struct pane_state {
	struct server			*srv;
	TAILQ_HEAD(, pane_entry)	 panes;
	TAILQ_HEAD(, pane_client)	 clients;
	uv_timer_t			 frame_timer;
	uv_timer_t			 hot_timer;
	uv_timer_t			 flush_timer;
	uint64_t			 last_frame;	/* uv_now of the last tick */
	uint64_t			 hot_until;	/* latest of the panes' */
	int				 handles;
	json_t				*layout;
	int				 next_id;
	int				 cols;	/* for new panes */
	int				 rows;
	uint64_t			 active_at; /* uv_now of the last
						       input or output */
};

static void	pane_schedule(struct pane_state *, unsigned int);
static const struct holder_hooks pane_holder_hooks;

static struct pane_state *
pane_state(struct server *s)
{
	return (server_get_data(s, SRV_MOD_PANE));
}

static double
pane_clock_cb(void *arg)
{
	return (server_elapsed(arg));
}

static struct pane_entry *
pane_find(struct pane_state *ps, int id)
{
	struct pane_entry	*pe;

	TAILQ_FOREACH(pe, &ps->panes, entry) {
		if (pe->id == id)
			return (pe);
	}
	return (NULL);
}

static json_t *
pane_frame(struct pane_entry *pe, int full)
{
	return (pane_frame_json(pane_term(pe->pane), pe->id, full));
}

static void
pane_send_all(struct pane_state *ps, json_t *ev)
{
	struct pane_client	*pc, *next;

	TAILQ_FOREACH_SAFE(pc, &ps->clients, entry, next)
		server_send(pc->c, json_incref(ev));
	json_decref(ev);
}

/*
 * One pane's frame to every client that is not held back (a full one to
 * those that need it), its bell, and its damage cleared.
 */
static void
pane_emit(struct pane_state *ps, struct pane_entry *pe)
{
	struct pane_client	*pc, *next;
	json_t			*inc = NULL, *full = NULL, *bell;
	int			 y0, y1, changed;

	changed = term_dirty(pane_term(pe->pane), &y0, &y1);
	TAILQ_FOREACH_SAFE(pc, &ps->clients, entry, next) {
		if (pc->held)
			continue;
		if (pc->full || pe->fresh) {
			if (full == NULL)
				full = pane_frame(pe, 1);
			server_send(pc->c, json_incref(full));
		} else if (changed) {
			if (inc == NULL)
				inc = pane_frame(pe, 0);
			server_send(pc->c, json_incref(inc));
		}
	}
	json_decref(inc);
	json_decref(full);
	if (pe->bell) {
		bell = json_pack("{sssi}", "ev", "pane.bell", "pane", pe->id);
		pane_send_all(ps, bell);
		pe->bell = 0;
	}
	term_clear_dirty(pane_term(pe->pane));
	pe->fresh = 0;
}

static void
pane_frame_cb(uv_timer_t *timer)
{
	struct pane_state	*ps = timer->data;
	struct pane_client	*pc;
	struct pane_entry	*pe;
	size_t			 backlog;
	int			 held = 0;

	ps->last_frame = uv_now(server_loop(ps->srv));

	TAILQ_FOREACH(pc, &ps->clients, entry) {
		backlog = server_client_backlog(pc->c);
		if (pc->held && backlog < PANE_BACKLOG_LOW) {
			pc->held = 0;
			pc->full = 1;
		} else if (!pc->held && backlog > PANE_BACKLOG_HIGH)
			pc->held = 1;
		if (pc->held)
			held++;
	}

	TAILQ_FOREACH(pe, &ps->panes, entry) {
		pane_emit(ps, pe);
		/* Paused for a hot pane's sake: one more batch this tick. */
		if (pane_paused(pe->pane))
			pane_resume(pe->pane);
	}
	TAILQ_FOREACH(pc, &ps->clients, entry) {
		if (!pc->held)
			pc->full = 0;
	}
	if (held > 0)
		pane_schedule(ps, PANE_POLL_MS);
}

/*
 * Frames go out at most once a tick. After a quiet tick the next one goes
 * at the next turn of the loop, so a keystroke's echo is not held back
 * for a tick; a burst still costs one frame per tick.
 */
static void
pane_schedule(struct pane_state *ps, unsigned int ms)
{
	uint64_t	now = uv_now(server_loop(ps->srv));

	if (uv_is_active((uv_handle_t *)&ps->frame_timer))
		return;
	if (ms == PANE_FRAME_MS && now - ps->last_frame >= PANE_FRAME_MS)
		ms = 0;
	uv_timer_start(&ps->frame_timer, pane_frame_cb, ms, 0);
}

static void
pane_flush_all(struct pane_state *ps)
{
	struct pane_entry	*pe;
	char			*cause = NULL;

	TAILQ_FOREACH(pe, &ps->panes, entry) {
		if (pane_flush(pe->pane, &cause) != 0) {
			log_warn("pane %d: recording: %s", pe->id, cause);
			free(cause);
			cause = NULL;
		}
	}
}

static void
pane_flush_cb(uv_timer_t *timer)
{
	pane_flush_all(timer->data);
}

/*
 * A pane typed into in the last PANE_HOT_MS is "hot": its changes (the
 * echo, a shell's answer) go out at the next turn of the loop, on their
 * own, instead of waiting for the shared tick that a flooding pane keeps
 * busy. Only hot panes are framed then; the rest wait for the tick.
 */
static void
pane_hot_cb(uv_timer_t *timer)
{
	struct pane_state	*ps = timer->data;
	struct pane_entry	*pe;
	uint64_t		 now = uv_now(server_loop(ps->srv));
	int			 y0, y1;

	TAILQ_FOREACH(pe, &ps->panes, entry) {
		if (pe->hot_until > now && term_dirty(pane_term(pe->pane),
		    &y0, &y1))
			pane_emit(ps, pe);
	}
}

/*
 * While a pane is hot, the others read one batch a tick (pane_frame_cb
 * resumes them, their first change pauses them again): a flood elsewhere
 * goes on at a few MB a second instead of taking a whole CPU, so the
 * keystroke's round trip through the shell and the client never waits for
 * one. Once the typing stops they read freely again.
 */
static void
pane_changed_cb(struct pane *p, void *arg)
{
	struct pane_entry	*pe = arg;
	struct pane_state	*ps = pe->ps;
	uint64_t		 now = uv_now(server_loop(ps->srv));

	ps->active_at = now;
	if (pe->hot_until > now &&
	    !uv_is_active((uv_handle_t *)&ps->hot_timer))
		uv_timer_start(&ps->hot_timer, pane_hot_cb, 0, 0);
	else if (ps->hot_until > now && pe->hot_until <= now)
		pane_pause(p);
	pane_schedule(ps, PANE_FRAME_MS);
}

static void
pane_bell_cb(struct pane *p, void *arg)
{
	struct pane_entry	*pe = arg;

	pe->bell = 1;
	pane_schedule(pe->ps, PANE_FRAME_MS);
}

static void
pane_exit_cb(struct pane *p, int status, void *arg)
{
	struct pane_entry	*pe = arg;
	struct pane_state	*ps = pe->ps;

	pane_send_all(ps, json_pack("{sssisi}", "ev", "pane.exit", "pane",
	    pe->id, "status", status));
	server_event(ps->srv, "pane_closed", NULL, json_pack("{sisi}",
	    "pane", pe->id, "status", status));
	TAILQ_REMOVE(&ps->panes, pe, entry);
	pane_destroy(pe->pane);
	free(pe);
}

static const struct pane_hooks pane_module_hooks = {
	.changed = pane_changed_cb,
	.bell = pane_bell_cb,
	.exit = pane_exit_cb
};

static struct pane_entry *
pane_new(struct pane_state *ps, int cols, int rows, const char *actor,
    char **cause)
{
	struct server		*s = ps->srv;
	struct pane_entry	*pe;
	struct pane_open	 po;
	char			**env, *shell[4], *bindir, *rcfile;
	int			 rc;

	pe = xcalloc(1, sizeof *pe);
	pe->ps = ps;
	pe->id = ps->next_id;
	pe->fresh = 1;
	env = server_child_env(s);
	memset(&po, 0, sizeof po);
	po.loop = server_loop(s);
	po.store = server_store(s);
	po.id = pe->id;
	po.cwd = server_workdir(s);
	po.env = env;
	if (server_study(s)) {
		/* The participant's own login shell, through bl-spawn. */
		shell[0] = host_study()->spawn;
		shell[1] = "shell";
		shell[2] = (char *)server_id(s);
		shell[3] = NULL;
		po.argv = shell;
	}
	po.cols = cols;
	po.rows = rows;
	po.clock = pane_clock_cb;
	po.clock_arg = s;
	po.hooks = &pane_module_hooks;
	po.arg = pe;
	if (server_holder(s) != NULL && holder_lost(server_holder(s))) {
		server_holder_renew(s);
		if (!holder_lost(server_holder(s)))
			holder_set_hooks(server_holder(s), &pane_holder_hooks,
			    ps);
	}
	po.holder = server_holder(s);
	/* `baseliner score` in a pane runs this program, even from the
	 * source tree (not on PATH). */
	bindir = self_dir();
	rcfile = path_join(server_session_dir(s), "shell.rc");
	po.bindir = bindir;
	po.rcfile = rcfile;
	rc = pane_open(&po, &pe->pane, cause);
	free(rcfile);
	free(bindir);
	server_env_destroy(env);
	if (rc != 0) {
		free(pe);
		return (NULL);
	}
	ps->next_id++;
	TAILQ_INSERT_TAIL(&ps->panes, pe, entry);
	server_event(s, "pane_opened", actor, json_pack("{sisssisi}",
	    "pane", pe->id, "command", pane_command(pe->pane), "cols", cols,
	    "rows", rows));
	pane_schedule(ps, PANE_FRAME_MS);
	return (pe);
}

static json_t *
pane_list_json(struct pane_state *ps)
{
	struct pane_entry	*pe;
	json_t			*a;
	int			 cols, rows;

	a = json_array();
	TAILQ_FOREACH(pe, &ps->panes, entry) {
		pane_size(pe->pane, &cols, &rows);
		json_array_append_new(a, json_pack("{sisisisssb}", "id", pe->id,
		    "cols", cols, "rows", rows, "title",
		    term_title(pane_term(pe->pane)), "alive",
		    pane_alive(pe->pane)));
	}
	return (a);
}

/* Replace "pane": OLD with "pane": NEW everywhere in a layout tree, and
 * the focused ("active") and zoomed ("zoomed") pane the client keeps. */
static void
pane_renumber(json_t *j, json_t *map)
{
	const char	*key;
	json_t		*v, *to;
	size_t		 i;
	char		 k[32];

	if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			pane_renumber(v, map);
		return;
	}
	if (!json_is_object(j))
		return;
	json_object_foreach(j, key, v) {
		if ((strcmp(key, "pane") == 0 || strcmp(key, "active") == 0 ||
		    strcmp(key, "zoomed") == 0) && json_is_integer(v)) {
			snprintf(k, sizeof k, "%lld",
			    (long long)json_integer_value(v));
			if ((to = json_object_get(map, k)) != NULL)
				json_integer_set(v, json_integer_value(to));
		} else
			pane_renumber(v, map);
	}
}

/* Open the shells a previous server had, from its last layout event. */
static void
pane_restore(struct pane_state *ps)
{
	struct store		*st = server_store(ps->srv);
	struct pane_entry	*pe;
	json_t			*data, *ids, *v, *map;
	char			*text, *cause = NULL, k[32];
	size_t			 i;

	text = store_query_text(st, "SELECT data FROM event WHERE kind = "
	    "'layout' ORDER BY seq DESC LIMIT 1");
	if (text == NULL)
		return;
	data = json_loads(text, 0, NULL);
	free(text);
	ids = json_object_get(data, "panes");
	if (!json_is_array(ids) || json_array_size(ids) == 0) {
		json_decref(data);
		return;
	}
	map = json_object();
	json_array_foreach(ids, i, v) {
		if ((pe = pane_new(ps, ps->cols, ps->rows, NULL,
		    &cause)) == NULL) {
			log_warn("panes: cannot reopen a shell: %s", cause);
			free(cause);
			cause = NULL;
			continue;
		}
		snprintf(k, sizeof k, "%lld", (long long)json_integer_value(v));
		json_object_set_new(map, k, json_integer(pe->id));
	}
	ps->layout = json_incref(json_object_get(data, "layout"));
	if (ps->layout != NULL)
		pane_renumber(ps->layout, map);
	log_info("panes: reopened %zu shell(s) of the last layout",
	    json_object_size(map));
	json_decref(map);
	json_decref(data);
}

static void
pane_holder_exit_cb(int id, int status, void *arg)
{
	struct pane_state	*ps = arg;
	struct pane_entry	*pe;

	if ((pe = pane_find(ps, id)) != NULL)
		pane_exited(pe->pane, status);
}

static void
pane_holder_lost_cb(void *arg)
{
	struct pane_state	*ps = arg;
	struct pane_entry	*pe, *next;

	/* Their shells may now be our children (the holder was): the
	 * sweep of what scorers orphan must leave them be. */
	TAILQ_FOREACH_SAFE(pe, &ps->panes, entry, next) {
		if (pane_pid(pe->pane) > 0)
			scorer_spare(pane_pid(pe->pane), 1);
		pane_orphaned(pe->pane);
	}
}

static const struct holder_hooks pane_holder_hooks = {
	.exit = pane_holder_exit_cb,
	.lost = pane_holder_lost_cb
};

/*
 * Take over the shells the holder kept through the last server's death,
 * with their ids, so the last layout stands as it was. Returns how many.
 */
static int
pane_take_over(struct pane_state *ps)
{
	struct server		*s = ps->srv;
	struct holder		*h = server_holder(s);
	struct holder_pane	*hp;
	struct pane_entry	*pe;
	struct pane_open	 po;
	json_t			*data;
	char			*text, *cause = NULL;
	int			 n, i, taken = 0;

	if (h == NULL)
		return (0);
	holder_set_hooks(h, &pane_holder_hooks, ps);
	n = holder_take_panes(h, &hp);
	for (i = 0; i < n; i++) {
		pe = xcalloc(1, sizeof *pe);
		pe->ps = ps;
		pe->id = hp[i].id;
		pe->fresh = 1;
		memset(&po, 0, sizeof po);
		po.loop = server_loop(s);
		po.store = server_store(s);
		po.id = pe->id;
		po.clock = pane_clock_cb;
		po.clock_arg = s;
		po.hooks = &pane_module_hooks;
		po.arg = pe;
		po.holder = h;
		if (pane_adopt(&po, &hp[i], &pe->pane, &cause) != 0) {
			log_warn("pane %d: %s", pe->id, cause);
			free(cause);
			cause = NULL;
			free(pe);
			continue;
		}
		TAILQ_INSERT_TAIL(&ps->panes, pe, entry);
		if (pe->id >= ps->next_id)
			ps->next_id = pe->id + 1;
		taken++;
	}
	holder_panes_destroy(hp, n);
	if (taken == 0)
		return (0);
	text = store_query_text(server_store(s), "SELECT data FROM event "
	    "WHERE kind = 'layout' ORDER BY seq DESC LIMIT 1");
	if (text != NULL && (data = json_loads(text, 0, NULL)) != NULL) {
		ps->layout = json_incref(json_object_get(data, "layout"));
		json_decref(data);
	}
	free(text);
	log_info("panes: took over %d shell(s) from the holder", taken);
	pane_schedule(ps, PANE_FRAME_MS);
	return (taken);
}

static int
pane_init(struct server *s, char **cause)
{
	struct pane_state	*ps;
	int64_t			 max;

	ps = xcalloc(1, sizeof *ps);
	ps->srv = s;
	TAILQ_INIT(&ps->panes);
	TAILQ_INIT(&ps->clients);
	ps->cols = 80;
	ps->rows = 24;
	max = store_query_int(server_store(s),
	    "SELECT COALESCE(MAX(id), 0) FROM pane");
	ps->next_id = (int)(max > 0 ? max : 0) + 1;
	uv_timer_init(server_loop(s), &ps->frame_timer);
	uv_timer_init(server_loop(s), &ps->hot_timer);
	uv_timer_init(server_loop(s), &ps->flush_timer);
	ps->frame_timer.data = ps->hot_timer.data = ps->flush_timer.data = ps;
	ps->handles = 3;
	uv_timer_start(&ps->flush_timer, pane_flush_cb, PANE_FLUSH_MS,
	    PANE_FLUSH_MS);
	server_set_data(s, SRV_MOD_PANE, ps);

	if (server_ended(s))
		return (0);
	if (pane_take_over(ps) == 0)
		pane_restore(ps);
	if (TAILQ_EMPTY(&ps->panes) &&
	    pane_new(ps, ps->cols, ps->rows, NULL, cause) == NULL)
		return (-1);
	return (0);
}

static void
pane_client_gone(struct server *s, struct client *c)
{
	struct pane_state	*ps = pane_state(s);
	struct pane_client	*pc = server_client_get_data(c, SRV_MOD_PANE);

	if (ps == NULL || pc == NULL)
		return;
	TAILQ_REMOVE(&ps->clients, pc, entry);
	server_client_set_data(c, SRV_MOD_PANE, NULL);
	free(pc);
}

static void
pane_session_ended(struct server *s)
{
	struct pane_state	*ps = pane_state(s);
	struct pane_entry	*pe;

	if (ps == NULL)
		return;
	pane_flush_all(ps);
	store_sync(server_store(s), 0);
	TAILQ_FOREACH(pe, &ps->panes, entry)
		pane_hangup(pe->pane, PANE_CLOSE_GRACE);
}

static void
pane_state_close_cb(uv_handle_t *h)
{
	struct pane_state	*ps = h->data;

	if (--ps->handles == 0)
		free(ps);
}

static void
pane_done(struct server *s)
{
	struct pane_state	*ps = pane_state(s);
	struct pane_entry	*pe;
	struct pane_client	*pc;

	if (ps == NULL)
		return;
	pane_flush_all(ps);
	/* A server that stops while the session goes on leaves its shells
	 * to the holder, for the next server; at the end they go. */
	while ((pe = TAILQ_FIRST(&ps->panes)) != NULL) {
		TAILQ_REMOVE(&ps->panes, pe, entry);
		if (server_ended(s) || server_holder(s) == NULL)
			pane_destroy(pe->pane);
		else
			pane_detach(pe->pane);
		free(pe);
	}
	if (server_ended(s) && server_holder(s) != NULL)
		holder_quit(server_holder(s));
	while ((pc = TAILQ_FIRST(&ps->clients)) != NULL) {
		TAILQ_REMOVE(&ps->clients, pc, entry);
		server_client_set_data(pc->c, SRV_MOD_PANE, NULL);
		free(pc);
	}
	json_decref(ps->layout);
	ps->layout = NULL;
	server_set_data(s, SRV_MOD_PANE, NULL);
	uv_close((uv_handle_t *)&ps->frame_timer, pane_state_close_cb);
	uv_close((uv_handle_t *)&ps->hot_timer, pane_state_close_cb);
	uv_close((uv_handle_t *)&ps->flush_timer, pane_state_close_cb);
}

const struct server_module srv_pane_module = {
	.id = SRV_MOD_PANE,
	.name = "pane",
	.init = pane_init,
	.client_gone = pane_client_gone,
	.session_ended = pane_session_ended,
	.done = pane_done
};

/* Commands. */

static int
pane_arg_size(json_t *args, int *cols, int *rows, char **cause)
{
	long long	c, r;

	if (ctl_arg_int(args, "cols", &c, cause) != 0 ||
	    ctl_arg_int(args, "rows", &r, cause) != 0)
		return (-1);
	if (c < 1 || c > PANE_MAX_COLS || r < 1 || r > PANE_MAX_ROWS)
		return (set_cause(cause, "bad pane size %lldx%lld", c, r));
	*cols = (int)c;
	*rows = (int)r;
	return (0);
}

static struct pane_entry *
pane_arg_pane(struct server *s, json_t *args, char **cause)
{
	struct pane_state	*ps = pane_state(s);
	struct pane_entry	*pe;
	long long		 id;

	if (ctl_arg_int(args, "pane", &id, cause) != 0)
		return (NULL);
	if (ps == NULL || (pe = pane_find(ps, (int)id)) == NULL) {
		set_cause(cause, "no pane %lld", id);
		return (NULL);
	}
	return (pe);
}

int
srv_pane_cmd_attach(struct server *s, struct client *c, json_t *args,
    json_t **result, char **cause)
{
	struct pane_state	*ps = pane_state(s);
	struct pane_client	*pc;
	int			 cols, rows, ro = 0;

	if (ps == NULL)
		return (set_cause(cause, "no panes in this server"));
	if (pane_arg_size(args, &cols, &rows, NULL) == 0) {
		ps->cols = cols;
		ps->rows = rows;
	}
	ctl_arg_bool(args, "read_only", &ro);
	ro = ro || server_client_read_only(c);
	if ((pc = server_client_get_data(c, SRV_MOD_PANE)) == NULL) {
		pc = xcalloc(1, sizeof *pc);
		pc->c = c;
		TAILQ_INSERT_TAIL(&ps->clients, pc, entry);
		server_client_set_data(c, SRV_MOD_PANE, pc);
	}
	pc->full = 1;
	pc->held = 0;
	server_client_subscribe(c, ro);
	if (TAILQ_EMPTY(&ps->panes) && !server_ended(s) &&
	    pane_new(ps, ps->cols, ps->rows, server_client_actor(c), cause) == NULL)
		return (-1);
	*result = json_pack("{soso}", "panes", pane_list_json(ps),
	    "layout", ps->layout != NULL ? json_incref(ps->layout) :
	    json_null());
	/* The full frames follow the reply, on the next tick. */
	pane_schedule(ps, PANE_FRAME_MS);
	return (0);
}

int
srv_pane_cmd_list(struct server *s, struct client *c, json_t *args,
    json_t **result, char **cause)
{
	struct pane_state	*ps = pane_state(s);

	if (ps == NULL)
		return (set_cause(cause, "no panes in this server"));
	*result = json_pack("{so}", "panes", pane_list_json(ps));
	return (0);
}

int
srv_pane_cmd_layout_set(struct server *s, struct client *c, json_t *args,
    json_t **result, char **cause)
{
	struct pane_state	*ps = pane_state(s);
	struct pane_entry	*pe;
	json_t			*layout, *ids;

	if (ps == NULL)
		return (set_cause(cause, "no panes in this server"));
	if ((layout = json_object_get(args, "layout")) == NULL)
		return (set_cause(cause, "missing argument \"layout\""));
	if (ps->layout != NULL && json_equal(ps->layout, layout))
		return (0);
	json_decref(ps->layout);
	ps->layout = json_deep_copy(layout);
	ids = json_array();
	TAILQ_FOREACH(pe, &ps->panes, entry)
		json_array_append_new(ids, json_integer(pe->id));
	server_event(s, "layout", server_client_actor(c), json_pack("{sOso}",
	    "layout", ps->layout, "panes", ids));
	return (0);
}

int
srv_pane_cmd_new(struct server *s, struct client *c, json_t *args,
    json_t **result, char **cause)
{
	struct pane_state	*ps = pane_state(s);
	struct pane_entry	*pe;
	int			 cols = ps != NULL ? ps->cols : 80;
	int			 rows = ps != NULL ? ps->rows : 24;

	if (ps == NULL)
		return (set_cause(cause, "no panes in this server"));
	if (json_object_get(args, "cols") != NULL &&
	    pane_arg_size(args, &cols, &rows, cause) != 0)
		return (-1);
	if ((pe = pane_new(ps, cols, rows, server_client_actor(c), cause)) == NULL)
		return (-1);
	*result = json_pack("{si}", "pane", pe->id);
	return (0);
}

int
srv_pane_cmd_close(struct server *s, struct client *c, json_t *args,
    json_t **result, char **cause)
{
	struct pane_entry	*pe;

	if ((pe = pane_arg_pane(s, args, cause)) == NULL)
		return (-1);
	pane_hangup(pe->pane, PANE_CLOSE_GRACE);
	return (0);
}

int
srv_pane_cmd_resize(struct server *s, struct client *c, json_t *args,
    json_t **result, char **cause)
{
	struct pane_entry	*pe;
	int			 cols, rows;

	if ((pe = pane_arg_pane(s, args, cause)) == NULL ||
	    pane_arg_size(args, &cols, &rows, cause) != 0)
		return (-1);
	return (pane_resize(pe->pane, cols, rows, cause));
}

/*
 * A pause stops what runs in the panes, and the resume continues it.
 * Study mode: every process of the participant's uid under the session's
 * holder (the panes' jobs, and what left their terminal sessions with
 * setsid), through bl-spawn since they are the participant's; pane.input
 * is refused meanwhile. Personal mode: every process of each pane's
 * terminal session (its process groups, foreground and background), which
 * are this uid's own; a process that made a session of its own (setsid)
 * runs on, as does everything else of the user's.
 */
void
srv_pane_signal_all(struct server *s, int sig)
{
	struct pane_state	*ps = pane_state(s);
	struct pane_entry	*pe;
	const char		*spawn;
	char			 pid_s[32], sn[16];
	pid_t			 pid;
	int			 status, left;

	if (ps == NULL)
		return;
	snprintf(sn, sizeof sn, "%d", sig);
	TAILQ_FOREACH(pe, &ps->panes, entry) {
		if (pe->pane == NULL || !pane_alive(pe->pane))
			continue;
		if (pane_pid(pe->pane) <= 1)
			continue;
		if (!server_study(s) || host_study() == NULL) {
			if (proctree_signal(PROCTREE_SESSION, pane_pid(pe->pane),
			    getuid(), sig, &left) >= 0 && left > 0)
				log_warn("pane %d: %d processes still run after "
				    "SIGSTOP", pe->id, left);
			continue;
		}
		spawn = host_study()->spawn;
		snprintf(pid_s, sizeof pid_s, "%ld", (long)pane_pid(pe->pane));
		if ((pid = fork()) == 0) {
			execl(spawn, spawn, "pause", pid_s, sn, (char *)NULL);
			_exit(127);
		}
		if (pid > 0 && waitpid(pid, &status, 0) == pid &&
		    (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
			log_warn("pane %d: bl-spawn pause %s %s failed", pe->id,
			    pid_s, sn);
	}
}

int
srv_pane_cmd_input(struct server *s, struct client *c, json_t *args,
    json_t **result, char **cause)
{
	struct pane_entry	*pe;
	json_t			*v, *m;
	const char		*mods;
	long long		 x, y, button;
	int			 pressed = 0, imods;

	if ((pe = pane_arg_pane(s, args, cause)) == NULL)
		return (-1);
	pe->ps->active_at = uv_now(server_loop(s));
	if (server_study(s) && server_paused(s))
		return (set_cause(cause, "the clock is paused: the shells are "
		    "stopped and typing is refused until it resumes"));
	pe->hot_until = pe->ps->hot_until = uv_now(server_loop(s)) +
	    PANE_HOT_MS;
	if ((v = json_object_get(args, "mods")) != NULL && json_is_string(v))
		mods = json_string_value(v);
	else
		mods = "";
	imods = term_parse_mods(mods);
	if ((v = json_object_get(args, "text")) != NULL) {
		if (!json_is_string(v))
			return (set_cause(cause, "\"text\" is not a string"));
		pane_input(pe->pane, json_string_value(v),
		    json_string_length(v));
	} else if ((v = json_object_get(args, "key")) != NULL) {
		if (!json_is_string(v) ||
		    pane_key(pe->pane, json_string_value(v), imods) != 0)
			return (set_cause(cause, "unknown key %s",
			    json_is_string(v) ? json_string_value(v) : "?"));
	} else if ((v = json_object_get(args, "paste")) != NULL) {
		if (!json_is_string(v))
			return (set_cause(cause, "\"paste\" is not a string"));
		pane_paste(pe->pane, json_string_value(v),
		    json_string_length(v));
	} else if ((m = json_object_get(args, "mouse")) != NULL) {
		if (ctl_arg_int(m, "x", &x, cause) != 0 ||
		    ctl_arg_int(m, "y", &y, cause) != 0)
			return (-1);
		if (ctl_arg_int(m, "button", &button, NULL) != 0)
			button = 0;
		ctl_arg_bool(m, "pressed", &pressed);
		if ((v = json_object_get(m, "mods")) != NULL &&
		    json_is_string(v))
			imods = term_parse_mods(json_string_value(v));
		pane_mouse(pe->pane, (int)x, (int)y, (int)button, pressed,
		    imods);
	} else
		return (set_cause(cause, "pane.input needs text, key, paste "
		    "or mouse"));
	return (0);
}

int
srv_pane_cmd_scrollback(struct server *s, struct client *c, json_t *args,
    json_t **result, char **cause)
{
	struct pane_entry	*pe;
	struct term		*t;
	struct term_line	 l;
	struct pane_frame_attrs	 pa;
	json_t			*lines;
	long long		 from = 0, count = 100;
	int			 n, total;

	if ((pe = pane_arg_pane(s, args, cause)) == NULL)
		return (-1);
	if (json_object_get(args, "from") != NULL &&
	    ctl_arg_int(args, "from", &from, cause) != 0)
		return (-1);
	if (json_object_get(args, "count") != NULL &&
	    ctl_arg_int(args, "count", &count, cause) != 0)
		return (-1);
	if (from < 0 || count < 0)
		return (set_cause(cause, "bad scrollback range"));
	if (count > 10000)
		count = 10000;
	t = pane_term(pe->pane);
	total = term_history_size(t);
	if (from > total)
		from = total;
	if (from + count > total)
		count = total - from;

	/* Oldest first: offsets from+count-1 down to from. */
	pane_frame_attrs_init(&pa);
	term_line_init(&l);
	lines = json_array();
	for (n = (int)(from + count - 1); n >= (int)from; n--) {
		if (term_get_history(t, n, &l) != 0)
			continue;
		json_array_append_new(lines, pane_frame_line_json(&l, -(n + 1),
		    &pa));
	}
	term_line_done(&l);
	*result = json_pack("{sosisi}", "lines", lines, "total", total,
	    "from", (int)from);
	json_object_set_new(*result, "attrs", pane_frame_attrs_json(&pa));
	pane_frame_attrs_done(&pa);
	return (0);
}

/* Seconds since anything was typed into or printed by a pane; -1 if
 * nothing has been (the proctor's idle time). */
double
srv_pane_idle(struct server *s)
{
	struct pane_state	*ps = pane_state(s);

	if (ps == NULL || ps->active_at == 0)
		return (-1);
	return ((uv_now(server_loop(s)) - ps->active_at) / 1000.0);
}
