/*
 * ctl_client.c: talking to a session server from a command. The server is
 * started by running this same program ("baseliner __server DIR") in a new
 * session, twice forked so it is nobody's child; it reports on a pipe that
 * it is listening (or why it could not start) before the command goes on.
 *
 * Many commands may find the server gone at once (100 `baseliner score`
 * after a crash): the starts are taken in turn under start.lock, so the
 * first starts the server and the others, once they hold the lock, find
 * it listening. One that still finds another server holding server.lock
 * (one that is starting outside this path, or stopping) waits for it,
 * retrying for up to CTL_CLIENT_START_WAIT seconds.
 */
#include "config.h"

#include <sys/file.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl_client.h"
#include "host.h"
#include "session.h"

#define CTL_CLIENT_START_WAIT	60	/* seconds to wait for a server starting */
#define CTL_CLIENT_BUSY	"another server already runs this session"

int
ctl_client_connect(const char *dir, int *fd_out)
{
	struct sockaddr_un	 sa;
	char			*path;
	int			 fd;

	path = path_join(dir, "control.sock");
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa.sun_path) {
		free(path);
		errno = ENAMETOOLONG;
		return (-1);
	}
	strcpy(sa.sun_path, path);
	free(path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return (-1);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == -1) {
		close(fd);
		return (-1);
	}
	*fd_out = fd;
	return (0);
}

int
ctl_client_spawn_server(const char *dir, int restarted, char **cause)
{
	struct buf	 msg;
	char		*exe, tmp[512], fdarg[16];
	pid_t		 pid;
	ssize_t		 n;
	int		 p[2], status, devnull;

	if (pipe2(p, O_CLOEXEC) != 0)
		return (set_cause(cause, "pipe: %s", strerror(errno)));
	if ((exe = self_path()) == NULL)
		exe = xstrdup("baseliner");
	fflush(NULL);
	if ((pid = fork()) == -1) {
		free(exe);
		return (set_cause(cause, "fork: %s", strerror(errno)));
	}
	if (pid == 0) {
		setsid();
		if (fork() != 0)
			_exit(0);
		close(p[0]);
		/* The ready pipe must survive exec. */
		fcntl(p[1], F_SETFD, 0);
		snprintf(fdarg, sizeof fdarg, "%d", p[1]);
		if ((devnull = open("/dev/null", O_RDWR)) != -1) {
			dup2(devnull, 0);
			dup2(devnull, 1);
			dup2(devnull, 2);
			if (devnull > 2)
				close(devnull);
		}
		signal(SIGHUP, SIG_IGN);
		execl(exe, "baseliner", "__server", dir, fdarg,
		    restarted ? "restarted" : "new", (char *)NULL);
		_exit(127);
	}
	free(exe);
	close(p[1]);
	waitpid(pid, &status, 0);
	buf_init(&msg);
	while ((n = read(p[0], tmp, sizeof tmp)) > 0 ||
	    (n == -1 && errno == EINTR)) {
		if (n > 0)
			buf_add(&msg, tmp, n);
	}
	close(p[0]);
	if (msg.len >= 3 && strncmp(msg.data, "ok\n", 3) == 0) {
		buf_done(&msg);
		return (0);
	}
	if (msg.len >= strlen(CTL_CLIENT_BUSY) &&
	    strncmp(msg.data, CTL_CLIENT_BUSY, strlen(CTL_CLIENT_BUSY)) == 0) {
		buf_done(&msg);
		set_cause(cause, "%s", CTL_CLIENT_BUSY);
		return (1);
	}
	if (msg.len > 0 && msg.data[msg.len - 1] == '\n')
		msg.data[--msg.len] = '\0';
	set_cause(cause, "the session server did not start: %s", msg.len ?
	    msg.data : "it exited (see server.log)");
	buf_done(&msg);
	return (-1);
}

/*
 * Start the server of dir, or wait for the one that is starting; 0 once
 * one listens (*fd connected), -1 with a cause.
 */
static int
ctl_client_start(const char *dir, const char *id, int *fd, char **cause)
{
	char	*path;
	double	 deadline = mono_now() + CTL_CLIENT_START_WAIT;
	int	 lockfd, rc;

	path = path_join(dir, "start.lock");
	if ((lockfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1)
		lockfd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	for (;;) {
		/* Whoever held the lock before us may have started it. */
		while (lockfd != -1 && flock(lockfd, LOCK_EX) == -1 &&
		    errno == EINTR)
			;
		if (ctl_client_connect(dir, fd) == 0) {
			rc = 0;
			break;
		}
		free(*cause);
		*cause = NULL;
		rc = ctl_client_spawn_server(dir, 1, cause);
		if (lockfd != -1)
			flock(lockfd, LOCK_UN);
		if (rc == 0) {
			if (ctl_client_connect(dir, fd) == 0)
				break;
			rc = set_cause(cause, "cannot reach session %s: %s",
			    id, strerror(errno));
			break;
		}
		if (rc < 0 || mono_now() > deadline) {
			rc = -1;
			break;
		}
		/* Another server holds the session: starting or stopping. */
		usleep(50 * 1000);
	}
	if (lockfd != -1)
		close(lockfd);
	return (rc);
}

/*
 * Study mode: "bl-spawn serve ID" starts the server as the service user,
 * then the client connects to it in DIR.
 */
static int
ctl_client_serve_study(const char *id, const char *dir, int *fd_out,
    char **cause)
{
	const char	*spawn = host_study()->spawn;
	pid_t		 pid;
	int		 status;

	fflush(NULL);
	if ((pid = fork()) == -1)
		return (set_cause(cause, "fork: %s", strerror(errno)));
	if (pid == 0) {
		execl(spawn, spawn, "serve", id, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return (set_cause(cause, "the server of session %s did not "
		    "start again (see above)", id));
	if (ctl_client_connect(dir, fd_out) != 0)
		return (set_cause(cause, "cannot reach session %s: %s", id,
		    strerror(errno)));
	return (0);
}

int
ctl_client_open(const char *want, int start, struct ctl_client **out,
    char **cause)
{
	struct ctl_client	*c;
	struct store	*st;
	char		*id, *dir, *db, *state = NULL;
	int		 fd;

	if (session_resolve(want, &id, &dir, cause) != 0)
		return (-1);
	if (ctl_client_connect(dir, &fd) != 0) {
		db = path_join(dir, "session.db");
		if (host_study() != NULL && access(db, R_OK) != 0) {
			/* A participant on a study host: the helper starts
			 * the server as the service user, if it may run. */
			free(db);
			if (!start) {
				set_cause(cause, "session %s has no server "
				    "running", id);
				goto fail;
			}
			if (ctl_client_serve_study(id, dir, &fd, cause) != 0)
				goto fail;
			goto done;
		}
		if (store_open(db, STORE_READONLY, &st, cause) != 0) {
			free(db);
			goto fail;
		}
		free(db);
		state = store_query_text(st, "SELECT state FROM session");
		store_close(st);
		if (state != NULL && strcmp(state, "ended") == 0) {
			set_cause(cause, "session %s has ended", id);
			goto fail;
		}
		if (!start) {
			set_cause(cause, "session %s has no server running",
			    id);
			goto fail;
		}
		if (host_study() != NULL && getuid() != host_study()->uid) {
			if (ctl_client_serve_study(id, dir, &fd, cause) != 0)
				goto fail;
		} else if (ctl_client_start(dir, id, &fd, cause) != 0)
			goto fail;
	}
done:
	free(state);
	c = xcalloc(1, sizeof *c);
	c->fd = fd;
	c->id = id;
	c->dir = dir;
	buf_init(&c->in);
	*out = c;
	return (0);
fail:
	free(state);
	free(id);
	free(dir);
	return (-1);
}

void
ctl_client_close(struct ctl_client *c)
{
	if (c == NULL)
		return;
	close(c->fd);
	buf_done(&c->in);
	free(c->id);
	free(c->dir);
	free(c);
}

long long
ctl_client_send(struct ctl_client *c, const char *cmd, json_t *args,
    char **cause)
{
	json_t		*req;
	char		*text;
	size_t		 len, off = 0;
	ssize_t		 n;
	long long	 id = ++c->next_id;

	req = json_pack("{sI ss sO}", "id", (json_int_t)id, "cmd", cmd, "args",
	    args != NULL ? args : json_object());
	if (args == NULL)
		json_decref(json_object_get(req, "args"));
	text = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	len = strlen(text);
	text = xrealloc(text, len + 2);
	text[len++] = '\n';
	while (off < len) {
		n = send(c->fd, text + off, len - off, MSG_NOSIGNAL);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			free(text);
			set_cause(cause, "session %s: %s", c->id,
			    strerror(errno));
			return (-1);
		}
		off += n;
	}
	free(text);
	return (id);
}

int
ctl_client_read(struct ctl_client *c, int timeout_ms, json_t **out,
    char **cause)
{
	struct pollfd	 pfd;
	char		 tmp[65536], *nl;
	ssize_t		 n;
	json_error_t	 jerr;

	for (;;) {
		if (c->in.len > 0 &&
		    (nl = memchr(c->in.data, '\n', c->in.len)) != NULL) {
			*nl = '\0';
			*out = json_loads(c->in.data, 0, &jerr);
			buf_drain(&c->in, nl - c->in.data + 1);
			if (*out == NULL)
				return (set_cause(cause, "bad reply from the "
				    "server: %s", jerr.text));
			return (0);
		}
		pfd.fd = c->fd;
		pfd.events = POLLIN;
		n = poll(&pfd, 1, timeout_ms);
		if (n == 0)
			return (1);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return (set_cause(cause, "poll: %s", strerror(errno)));
		}
		n = read(c->fd, tmp, sizeof tmp);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return (set_cause(cause, "the session server for %s "
			    "closed the connection", c->id));
		buf_add(&c->in, tmp, n);
	}
}

/*
 * How long a call waits in silence: a reply may take long (a scoring that
 * is waited for), but a server that says nothing for this long is asked
 * for its status, and one that does not answer that either within as
 * long has failed the call. $BASELINER_CALL_TIMEOUT (seconds) sets it.
 */
static int
ctl_client_silence_ms(void)
{
	const char	*env = getenv("BASELINER_CALL_TIMEOUT");
	double		 v;

	if (env != NULL && (v = strtod(env, NULL)) > 0 && v < 86400)
		return ((int)(v * 1000));
	return (CTL_CLIENT_SILENCE_MS);
}

int
ctl_client_call(struct ctl_client *c, const char *cmd, json_t *args,
    json_t **result, char **cause)
{
	json_t		*msg;
	long long	 id, mid, ping = 0;
	int		 rc, silence = ctl_client_silence_ms();

	if ((id = ctl_client_send(c, cmd, args, cause)) < 0)
		return (-1);
	for (;;) {
		if ((rc = ctl_client_read(c, silence, &msg, cause)) == 1) {
			if (ping != 0)
				return (set_cause(cause, "the session server "
				    "for %s did not answer for %.0f s (%s)",
				    c->id, 2 * silence / 1000.0, cmd));
			if ((ping = ctl_client_send(c, "status", NULL, cause)) < 0)
				return (-1);
			continue;
		}
		if (rc != 0)
			return (-1);
		if (json_object_get(msg, "ev") != NULL) {
			if (c->event_cb != NULL)
				c->event_cb(msg, c->event_arg);
			json_decref(msg);
			continue;
		}
		mid = json_integer_value(json_object_get(msg, "id"));
		if (ping != 0 && mid == ping) {
			/* Alive: go on waiting. */
			ping = 0;
			json_decref(msg);
			continue;
		}
		if (mid != id) {
			json_decref(msg);
			continue;
		}
		if (!json_is_true(json_object_get(msg, "ok"))) {
			set_cause(cause, "%s", json_string_value(
			    json_object_get(msg, "error")) ?
			    json_string_value(json_object_get(msg, "error")) :
			    "failed");
			json_decref(msg);
			return (-1);
		}
		if (result != NULL)
			*result = json_incref(json_object_get(msg, "result"));
		json_decref(msg);
		return (0);
	}
}
