/*
 * cmd_host.c: "host setup" makes a host ready for studies (host.h), "host
 * run" keeps its session servers up, and the two internal steps bl-spawn
 * runs as the service user (__host-create, __host-serve).
 *
 * Layout made by host setup (ROOT is --root, CONF is --conf-dir):
 *   CONF/host.conf        root 0644: the configuration (host.h)
 *   CONF/bl-spawn         root 4755: the privileged helper
 *   ROOT/                 service user 0755
 *   ROOT/host.key, .pub   the host's ed25519 key (service user, 0600/0644)
 *   ROOT/sessions/        service user, group proctor, 2751: a session's
 *                         folder inherits the proctors' group, so they read
 *                         its store; others may only pass through to their
 *                         work folder and the control socket
 *   ROOT/archive/ID.git   each session's checkpoints, pushed by its server
 *                         after every commit (fast-forward only)
 *   ROOT/tasks/           root 0755: the task packs, whose scoring/,
 *                         solutions/ and family/ (a Task Standard family)
 *                         are root:scorer 0750 (the scorer and the service
 *                         read them, participants do not)
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chain.h"
#include "cmd.h"
#include "ctl_client.h"
#include "host.h"
#include "session.h"
#include "store.h"
#include "task.h"

extern const struct cmd_entry cmd_host_entry, cmd_start_entry;

static int
host_run_cmd(char *const argv[])
{
	pid_t	pid;
	int	status;

	fflush(NULL);
	if ((pid = fork()) == -1)
		return (-1);
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		return (-1);
	return (WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1);
}

static int
host_user(const char *name, const char *home)
{
	char	*argv[] = { "useradd", "--system", "--user-group",
	    "--no-create-home", "--home-dir", (char *)home, "--shell",
	    "/usr/sbin/nologin", (char *)name, NULL };

	if (getpwnam(name) != NULL)
		return (0);
	if (host_run_cmd(argv) != 0)
		return (cmd_error("host", "useradd %s failed", name));
	printf("user %s added\n", name);
	return (0);
}

static int
host_group(const char *name)
{
	char	*argv[] = { "groupadd", "--system", (char *)name, NULL };

	if (getgrnam(name) != NULL)
		return (0);
	if (host_run_cmd(argv) != 0)
		return (cmd_error("host", "groupadd %s failed", name));
	printf("group %s added\n", name);
	return (0);
}

static int
host_dir(const char *path, uid_t uid, gid_t gid, mode_t mode)
{
	char	*cause = NULL;

	if (mkdir_p(path, 0755, &cause) != 0) {
		cmd_error("host", "%s", cause);
		free(cause);
		return (-1);
	}
	if (chown(path, uid, gid) != 0 || chmod(path, mode) != 0)
		return (cmd_error("host", "%s: %s", path, strerror(errno)));
	return (0);
}

/* Everything under path to uid:gid, modes masked (dirs and files). */
static void
host_own_tree(const char *path, uid_t uid, gid_t gid, mode_t mask)
{
	struct stat	 st;
	struct dirent	*de;
	DIR		*d;
	char		*p;

	if (lstat(path, &st) != 0 || S_ISLNK(st.st_mode))
		return;
	(void)!lchown(path, uid, gid);
	chmod(path, st.st_mode & mask & 07777);
	if (!S_ISDIR(st.st_mode) || (d = opendir(path)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") ==
		    0)
			continue;
		p = path_join(path, de->d_name);
		host_own_tree(p, uid, gid, mask);
		free(p);
	}
	closedir(d);
}

/* Copy each task pack into ROOT/tasks, its hidden parts the scorer's. */
static int
host_tasks(const char *root, const char *only, gid_t scorer_gid)
{
	struct dirent	*de;
	DIR		*d;
	char		**path, *to, *from, *p, *cause = NULL, *tasks;
	size_t		 i;
	int		 n = 0;

	tasks = path_join(root, "tasks");
	if (host_dir(tasks, 0, 0, 0755) != 0) {
		free(tasks);
		return (-1);
	}
	path = task_path();
	for (i = 0; path[i] != NULL; i++) {
		if (strcmp(path[i], tasks) == 0 ||
		    (d = opendir(path[i])) == NULL)
			continue;
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.' || (only != NULL &&
			    strcmp(only, de->d_name) != 0))
				continue;
			from = path_join(path[i], de->d_name);
			p = path_join(from, "task.yaml");
			to = path_join(tasks, de->d_name);
			if (!file_exists(p) || (n > 0 && dir_exists(to) &&
			    strcmp(to, from) == 0)) {
				free(p);
				free(from);
				free(to);
				continue;
			}
			free(p);
			rm_rf(to);
			if (copy_tree(from, to, &cause) != 0) {
				cmd_error("host", "%s: %s", de->d_name, cause);
				free(cause);
				cause = NULL;
			} else {
				host_own_tree(to, 0, 0, 0755);
				p = path_join(to, "scoring");
				host_own_tree(p, 0, scorer_gid, 0750);
				free(p);
				p = path_join(to, "solutions");
				host_own_tree(p, 0, scorer_gid, 0750);
				free(p);
				/* A Task Standard family (task import's
				 * family/): its code is its scorer. */
				p = path_join(to, "family");
				host_own_tree(p, 0, scorer_gid, 0750);
				free(p);
				n++;
			}
			free(from);
			free(to);
		}
		closedir(d);
		if (n > 0)
			break;	/* the first folder of packs on the path */
	}
	task_path_destroy(path);
	printf("%d task pack%s in %s\n", n, n == 1 ? "" : "s", tasks);
	free(tasks);
	return (0);
}

/* bl-spawn: beside this program in a build tree, else installed. */
static char *
host_find_spawn(void)
{
	char	*p, *dir;

	if ((dir = self_dir()) != NULL) {
		p = path_join(dir, "src/spawn/bl-spawn");
		if (access(p, X_OK) != 0) {
			free(p);
			p = path_join(dir, "../libexec/baseliner/bl-spawn");
		}
		free(dir);
		if (access(p, X_OK) == 0)
			return (p);
		free(p);
	}
	p = path_join(PKGLIBEXECDIR, "bl-spawn");
	if (access(p, X_OK) == 0)
		return (p);
	free(p);
	return (NULL);
}

static int
host_setup(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "conf-dir", required_argument, NULL, 'c' },
		{ "user", required_argument, NULL, 'u' },
		{ "scorer-user", required_argument, NULL, 's' },
		{ "group", required_argument, NULL, 'g' },
		{ "unit-dir", required_argument, NULL, 'U' },
		{ "task", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*root = "/var/lib/baseliner";
	const char	*confdir = SYSCONFDIR "/baseliner";
	const char	*user = "baseliner", *scorer = "baseliner-scorer";
	const char	*group = "baseliner-proctor", *unitdir = NULL;
	const char	*only = NULL;
	struct passwd	*pw;
	struct group	*gr;
	char		*p, *spawn, *self, *conf, *text, *cause = NULL, *data;
	size_t		 len;
	uid_t		 uid;
	gid_t		 gid, sgid, pgid;
	int		 ch;
	char		*usermod[5];

	while ((ch = getopt_long(argc, argv, "r:c:u:s:g:U:t:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'r': root = optarg; break;
		case 'c': confdir = optarg; break;
		case 'u': user = optarg; break;
		case 's': scorer = optarg; break;
		case 'g': group = optarg; break;
		case 'U': unitdir = optarg; break;
		case 't': only = optarg; break;
		default:
			cmd_usage(&cmd_host_entry, 1);
			return (2);
		}
	}
	if (optind != argc) {
		cmd_usage(&cmd_host_entry, 1);
		return (2);
	}
	if (geteuid() != 0)
		return (cmd_error("host", "setup needs root (it adds users, "
		    "and installs a setuid helper)"));
	if (*root != '/' || *confdir != '/')
		return (cmd_error("host", "--root and --conf-dir must be "
		    "absolute"));
	if ((spawn = host_find_spawn()) == NULL)
		return (cmd_error("host", "bl-spawn not found (is baseliner "
		    "installed?)"));
	if (host_group(group) != 0 || host_user(user, root) != 0 ||
	    host_user(scorer, "/nonexistent") != 0)
		return (1);
	pw = getpwnam(user);
	uid = pw->pw_uid;
	gid = pw->pw_gid;
	pw = getpwnam(scorer);
	sgid = pw->pw_gid;
	gr = getgrnam(group);
	pgid = gr->gr_gid;
	/* The service shares each scoring's scratch folder with the scorer. */
	usermod[0] = "usermod";
	usermod[1] = "-aG";
	usermod[2] = (char *)scorer;
	usermod[3] = (char *)user;
	usermod[4] = NULL;
	if (host_run_cmd(usermod) != 0)
		return (cmd_error("host", "usermod -aG %s %s failed", scorer,
		    user));

	if (host_dir(root, uid, gid, 0755) != 0)
		return (1);
	p = path_join(root, "sessions");
	if (host_dir(p, uid, pgid, 02751) != 0)
		return (1);
	free(p);
	/* Each session's checkpoints pushed as they are made: the service's,
	 * readable by the proctors. */
	p = path_join(root, "archive");
	if (host_dir(p, uid, pgid, 02750) != 0)
		return (1);
	free(p);
	if (host_tasks(root, only, sgid) != 0)
		return (1);
	if (chain_key_init(root, &cause) != 0) {
		cmd_error("host", "host key: %s", cause);
		free(cause);
		return (1);
	}
	p = path_join(root, "host.key");
	(void)!chown(p, uid, gid);
	free(p);
	p = path_join(root, "host.pub");
	(void)!chown(p, uid, gid);
	free(p);

	if (host_dir(confdir, 0, 0, 0755) != 0)
		return (1);
	self = self_path();
	conf = path_join(confdir, "host.conf");
	p = path_join(confdir, "bl-spawn");
	text = xasprintf("# baseliner study host (baseliner host setup)\n"
	    "root=%s\nuser=%s\nscorer=%s\ngroup=%s\nspawn=%s\nbaseliner=%s\n",
	    root, user, scorer, group, p, self ? self : "baseliner");
	if (file_write(conf, text, strlen(text), &cause) != 0 ||
	    chmod(conf, 0644) != 0) {
		cmd_error("host", "%s", cause ? cause : strerror(errno));
		return (1);
	}
	free(text);
	unlink(p);
	if (file_read(spawn, &data, &len, &cause) != 0 ||
	    file_write(p, data, len, &cause) != 0) {
		cmd_error("host", "%s", cause);
		return (1);
	}
	free(data);
	if (chown(p, 0, 0) != 0 || chmod(p, 04755) != 0)
		return (cmd_error("host", "%s: %s", p, strerror(errno)));
	printf("helper %s (setuid root), configuration %s\n", p, conf);
	free(p);

	if (unitdir == NULL && dir_exists("/etc/systemd/system"))
		unitdir = "/etc/systemd/system";
	if (unitdir != NULL && strcmp(unitdir, "none") != 0) {
		if (mkdir_p(unitdir, 0755, &cause) != 0) {
			cmd_error("host", "%s", cause);
			return (1);
		}
		p = path_join(unitdir, "baseliner-host.service");
		text = xasprintf("[Unit]\nDescription=baseliner study host: "
		    "keeps the session servers up\nAfter=local-fs.target\n\n"
		    "[Service]\nUser=%s\nEnvironment=BASELINER_HOST_CONF=%s\n"
		    "ExecStart=%s host run\nRestart=always\nRestartSec=2\n\n"
		    "[Install]\nWantedBy=multi-user.target\n", user, conf,
		    self ? self : "baseliner");
		if (file_write(p, text, strlen(text), &cause) != 0) {
			cmd_error("host", "%s", cause);
			return (1);
		}
		printf("systemd unit %s (systemctl enable --now "
		    "baseliner-host)\n", p);
		free(text);
		free(p);
	}
	printf("host ready: sessions in %s/sessions; without systemd run "
	    "'baseliner host run' as %s\n", root, user);
	free(conf);
	free(self);
	free(spawn);
	return (0);
}

/* Start the server of every live session whose server is down. */
static int
host_run_once(void)
{
	json_t		*all, *s;
	const char	*id, *state;
	char		*dir, *cause = NULL;
	size_t		 i;
	int		 fd, n = 0;

	all = session_list();
	json_array_foreach(all, i, s) {
		id = json_string_value(json_object_get(s, "id"));
		state = json_string_value(json_object_get(s, "state"));
		if (id == NULL || state == NULL || strcmp(state, "ended") == 0)
			continue;
		dir = session_dir(id);
		if (ctl_client_connect(dir, &fd) == 0)
			close(fd);
		else if (ctl_client_spawn_server(dir, 1, &cause) != 0) {
			fprintf(stderr, "baseliner host run: %s: %s\n", id,
			    cause);
			free(cause);
			cause = NULL;
		} else {
			fprintf(stderr, "baseliner host run: %s: server "
			    "started again\n", id);
			n++;
		}
		free(dir);
	}
	json_decref(all);
	return (n);
}

static int
host_run(int argc, char **argv)
{
	const struct host_conf	*h = host_study();
	int			 once = argc > 1 && strcmp(argv[1], "--once") ==
				     0;

	if (h == NULL)
		return (cmd_error("host", "this host is not set up for studies "
		    "(%s)", host_conf_path()));
	if (getuid() != h->uid)
		return (cmd_error("host", "run as the service user %s (its "
		    "servers must not run as anyone else)", h->user));
	umask(027);
	for (;;) {
		host_run_once();
		if (once)
			return (0);
		sleep(5);
	}
}

static int
exec_host(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "setup") == 0) {
		optind = 1;
		return (host_setup(argc - 1, argv + 1));
	}
	if (argc >= 2 && strcmp(argv[1], "run") == 0)
		return (host_run(argc - 1, argv + 1));
	cmd_usage(&cmd_host_entry, 1);
	return (2);
}

int
cmd_host_internal(int argc, char **argv)
{
	const struct host_conf	*h = host_study();
	char			*cause = NULL, *dir, *end;
	long			 owner;

	if (h == NULL || getuid() != h->uid)
		return (cmd_error(argv[1], "only bl-spawn runs this, as the "
		    "service user"));
	umask(027);
	if (strcmp(argv[1], "__host-serve") == 0) {
		if (argc != 4)
			return (2);
		dir = session_dir(argv[2]);
		if (ctl_client_spawn_server(dir, strcmp(argv[3], "restarted") == 0,
		    &cause) != 0) {
			cmd_error("start", "%s", cause);
			free(cause);
			free(dir);
			return (1);
		}
		free(dir);
		return (0);
	}
	if (argc < 5 || strcmp(argv[2], "--owner") != 0 ||
	    strcmp(argv[4], "--") != 0)
		return (2);
	owner = strtol(argv[3], &end, 10);
	if (*end != '\0' || owner <= 0)
		return (2);
	cmd_start_owner = owner;
	/* argv[4] ("--") stands in for the command's name. */
	argv[4] = "start";
	optind = 1;
	return (cmd_start_entry.exec(argc - 4, argv + 4));
}

const struct cmd_entry cmd_host_entry = {
	.name = "host",
	.usage = "setup [--root DIR] [--conf-dir DIR] [--user U] "
	    "[--scorer-user U] [--group G] [--unit-dir DIR|none] [--task ID] | "
	    "run [--once]",
	.summary = "set up this host for studies (as root); keep its servers up",
	.help = "host setup (as root, on an installed baseliner) makes this "
	    "host a study host:\nthe service user that owns sessions, "
	    "servers and stores, the scorer's own\nuser, the proctors' group, "
	    "the host folder with the task packs (scoring/\nand solutions/ "
	    "hidden from participants) and the host's signing key, the\n"
	    "setuid helper bl-spawn beside host.conf, and a systemd unit that "
	    "runs\n'baseliner host run'. Safe to run again. See "
	    "baseliner-study(7).\n\n"
	    "  --root DIR        the host folder (default /var/lib/baseliner)\n"
	    "  --conf-dir DIR    host.conf and bl-spawn (default "
	    SYSCONFDIR "/baseliner)\n"
	    "  --user U          the service user (default baseliner)\n"
	    "  --scorer-user U   the scorer's user (default baseliner-scorer)\n"
	    "  --group G         the proctors (default baseliner-proctor)\n"
	    "  --unit-dir DIR    where the systemd unit goes (default "
	    "/etc/systemd/system\n                    if there is one; none: "
	    "no unit)\n"
	    "  --task ID         install only this task pack\n\n"
	    "host run (as the service user, in the foreground: what the unit "
	    "runs) starts\nagain the server of every live session whose "
	    "server is down, every 5 s;\n--once: one pass.\n",
	.exec = exec_host,
};
