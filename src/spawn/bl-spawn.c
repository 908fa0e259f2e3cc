/*
 * bl-spawn.c: study mode's privileged helper, the only part of baseliner
 * that runs as root. It is installed setuid root beside a root-owned
 * host.conf by "baseliner host setup" and reads that file only (found from
 * /proc/self/exe, never from the environment). It parses nothing a
 * participant wrote: its requests are fixed verbs whose arguments are a
 * session id (letters, digits, '-', '_', '.'), a process group and a
 * signal number; anything the participant passes to "start" goes on,
 * unread, to baseliner running as the service user.
 *
 *   start ARGS...     any user but root and the service's: create a session
 *                     owned by the caller (baseliner __host-create, run as
 *                     the service user, with the caller's uid), give its
 *                     work folder to the caller, start its server as the
 *                     service user. Needs root for the chown and to know
 *                     the caller's uid while becoming the service user.
 *   serve ID          any user: start the session's server again, as the
 *                     service user (a command found it down).
 *   shell ID          the service user only: become the owner of the
 *                     session's work folder and run their login shell there
 *                     (a pane), in the session's cgroup where one can be
 *                     made. Needs root to become the participant, and for
 *                     the cgroup (its files are root's: nothing leaves it).
 *                     For a Task Standard session, in a mount namespace
 *                     where /home/agent is the work folder (agent_home).
 *   scorer ID CMD...  the service user only: become the scorer user and run
 *                     CMD. Needs root to become that user.
 *   pause SHELL SIG   the service user only: freeze (STOP) or thaw (CONT)
 *                     the session's cgroup, the one pane shell SHELL is in;
 *                     without one, STOP or CONT every process of the
 *                     participant's uid under the session's holder (the
 *                     shell's parent): the panes' jobs and what left their
 *                     terminal sessions (setsid). Needs root: the cgroup's
 *                     files are root's, the processes the participant's.
 *   kill PGID SIG     the service user only: signal a process group that
 *                     belongs to neither root nor the service (a scorer's,
 *                     a pane's); SIG one of HUP INT KILL TERM STOP CONT.
 *                     Needs root because those are other users' processes.
 *
 * Every path leaves root for good (setgroups, setgid, setuid, and a check
 * that setuid(0) now fails) before it executes anything.
 */
#define _GNU_SOURCE
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "proctree.h"

struct conf {
	char	root[PATH_MAX], user[64], scorer[64], group[64];
	char	baseliner[PATH_MAX], path[PATH_MAX];
	uid_t	uid, scorer_uid;
	gid_t	gid, scorer_gid;
	int	no_freezer;	/* freezer=no: a pause scans /proc */
};

static struct conf	conf;
static uid_t		work_owner;

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "bl-spawn: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(1);
}

/*
 * Root's and not writable by anyone else, and so is every folder above it
 * (a sticky one, like /tmp, may be writable: no one renames what is not
 * theirs there).
 */
static void
trusted(const char *path)
{
	struct stat	st;
	char		up[PATH_MAX], *slash;

	if (stat(path, &st) != 0)
		die("%s: %s", path, strerror(errno));
	if (st.st_uid != 0 || (st.st_mode & 022) != 0)
		die("%s must be root's and writable by root only", path);
	if (strlen(path) >= sizeof up)
		die("path too long");
	memcpy(up, path, strlen(path) + 1);
	while ((slash = strrchr(up, '/')) != NULL) {
		*slash = '\0';
		if (stat(*up != '\0' ? up : "/", &st) != 0)
			die("%s: %s", up, strerror(errno));
		if (st.st_uid != 0 || ((st.st_mode & 022) != 0 &&
		    (st.st_mode & S_ISVTX) == 0))
			die("%s must be root's and writable by root only",
			    *up != '\0' ? up : "/");
	}
}

static void
copy(char *dst, size_t len, const char *src)
{
	if (strlen(src) >= len)
		die("host.conf: a value is too long");
	memcpy(dst, src, strlen(src) + 1);
}

static void
load_conf(void)
{
	struct passwd	*pw;
	char		 exe[PATH_MAX], dir[PATH_MAX], line[PATH_MAX + 32];
	char		*eq, *nl;
	ssize_t		 n;
	FILE		*f;

	if ((n = readlink("/proc/self/exe", exe, sizeof exe - 1)) <= 0)
		die("cannot find myself");
	exe[n] = '\0';
	copy(dir, sizeof dir, exe);
	*strrchr(dir, '/') = '\0';
	trusted(dir);
	if ((size_t)snprintf(conf.path, sizeof conf.path, "%s/host.conf",
	    dir) >= sizeof conf.path)
		die("path too long");
	trusted(conf.path);
	if ((f = fopen(conf.path, "r")) == NULL)
		die("%s: %s", conf.path, strerror(errno));
	while (fgets(line, sizeof line, f) != NULL) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl = '\0';
		if (*line == '#' || (eq = strchr(line, '=')) == NULL)
			continue;
		*eq++ = '\0';
		if (strcmp(line, "root") == 0)
			copy(conf.root, sizeof conf.root, eq);
		else if (strcmp(line, "user") == 0)
			copy(conf.user, sizeof conf.user, eq);
		else if (strcmp(line, "scorer") == 0)
			copy(conf.scorer, sizeof conf.scorer, eq);
		else if (strcmp(line, "group") == 0)
			copy(conf.group, sizeof conf.group, eq);
		else if (strcmp(line, "baseliner") == 0)
			copy(conf.baseliner, sizeof conf.baseliner, eq);
		else if (strcmp(line, "freezer") == 0)
			conf.no_freezer = strcmp(eq, "no") == 0;
	}
	fclose(f);
	if (*conf.root != '/' || *conf.user == '\0' || *conf.scorer == '\0' ||
	    *conf.baseliner != '/')
		die("%s: root, user, scorer and baseliner must be set",
		    conf.path);
	trusted(conf.baseliner);
	if ((pw = getpwnam(conf.user)) == NULL || pw->pw_uid == 0)
		die("no service user %s", conf.user);
	conf.uid = pw->pw_uid;
	conf.gid = pw->pw_gid;
	if ((pw = getpwnam(conf.scorer)) == NULL || pw->pw_uid == 0 ||
	    pw->pw_uid == conf.uid)
		die("no scorer user %s", conf.scorer);
	conf.scorer_uid = pw->pw_uid;
	conf.scorer_gid = pw->pw_gid;
}

static const char *
session_id(const char *id)
{
	const char	*p;

	if (*id == '\0' || *id == '.' || strlen(id) > 128)
		die("bad session id");
	for (p = id; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		    *p == '.'))
			die("bad session id");
	}
	return (id);
}

static void
session_path(char *out, size_t len, const char *id, const char *rest)
{
	if ((size_t)snprintf(out, len, "%s/sessions/%s%s%s", conf.root,
	    session_id(id), rest ? "/" : "", rest ? rest : "") >= len)
		die("path too long");
}

/*
 * The freezer. Each session's shells run in a cgroup v2 of their own,
 * "baseliner-INODE-ID" (the session folder's), made by the shell request below the cgroup the holder
 * runs in (where the host lets root make one). What the panes start stays
 * in it, setsid or not: its files are root's, so the participant can move
 * no process out, and a pause freezes it whole and at once. Where there
 * is none (no cgroup2 mount, a read-only one), or host.conf says
 * "freezer=no", a pause scans /proc instead (proctree.c). The folder of an ended session, empty, goes the next time
 * a shell is made beside it. Only kernel files are read here.
 */
#define CG_PREFIX	"baseliner-"
#define CG_FREEZE_MS	5000

/* Remove the empty session cgroups in dir (ended sessions'). */
static void
cg_tidy(const char *dir)
{
	struct dirent	*de;
	DIR		*d;
	char		 path[PATH_MAX];

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, CG_PREFIX, strlen(CG_PREFIX)) != 0 ||
		    (size_t)snprintf(path, sizeof path, "%s/%s", dir,
		    de->d_name) >= sizeof path)
			continue;
		(void)rmdir(path);	/* EBUSY while it holds a process */
	}
	closedir(d);
}

/* Move this process (a pane's shell to be) into session id's cgroup. */
static void
cg_join(const char *id)
{
	struct stat	st;
	char		self[PATH_MAX], dir[PATH_MAX], pid[32];
	int		tries;

	/* The session folder's inode too: two hosts' roots on one machine
	 * (tests) may start sessions of the same id in the same second. */
	session_path(dir, sizeof dir, id, NULL);
	if (stat(dir, &st) != 0 ||
	    cgroup_of(getpid(), self, sizeof self) != 0 ||
	    (size_t)snprintf(dir, sizeof dir, "%s/" CG_PREFIX "%lu-%s", self,
	    (unsigned long)st.st_ino, session_id(id)) >= sizeof dir)
		return;
	cg_tidy(self);
	snprintf(pid, sizeof pid, "%ld", (long)getpid());
	/* Twice: a shell of another session may tidy it away in between. */
	for (tries = 0; tries < 2; tries++) {
		if (mkdir(dir, 0755) != 0 && errno != EEXIST)
			return;
		if (cgroup_write(dir, "cgroup.procs", pid) == 0)
			return;
	}
}

/*
 * Freeze (or thaw) the session cgroup that process shell is in; 0 when
 * done (frozen: every process in it is), -1 where it is in none.
 */
static int
cg_freeze(pid_t shell, int on)
{
	struct timespec	 nap = { 0, 10 * 1000 * 1000 };
	char		 dir[PATH_MAX], path[PATH_MAX + 16], buf[512];
	const char	*base;
	ssize_t		 n;
	int		 fd, waited;

	if (cgroup_of(shell, dir, sizeof dir) != 0 ||
	    (base = strrchr(dir, '/')) == NULL ||
	    strncmp(base + 1, CG_PREFIX, strlen(CG_PREFIX)) != 0)
		return (-1);
	if (cgroup_write(dir, "cgroup.freeze", on ? "1" : "0") != 0)
		return (-1);
	if (!on)
		return (0);
	snprintf(path, sizeof path, "%s/cgroup.events", dir);
	for (waited = 0; waited < CG_FREEZE_MS; waited += 10) {
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
			return (-1);
		n = read(fd, buf, sizeof buf - 1);
		close(fd);
		buf[n > 0 ? n : 0] = '\0';
		if (strstr(buf, "frozen 1") != NULL)
			return (0);
		nanosleep(&nap, NULL);
	}
	die("%s: not every process froze in %d ms", dir, CG_FREEZE_MS);
}

/* Leave root for good: become uid/gid with name's groups. */
static void
become(const char *name, uid_t uid, gid_t gid)
{
	if (initgroups(name, gid) != 0 || setgid(gid) != 0 ||
	    setuid(uid) != 0)
		die("cannot become %s: %s", name, strerror(errno));
	if (setuid(0) == 0 || getuid() != uid || geteuid() != uid)
		die("still root");
}

/* A clean environment for the service user's baseliner. */
static void
service_env(void)
{
	char	buf[PATH_MAX + 32];

	clearenv();
	setenv("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", 1);
	setenv("HOME", conf.root, 1);
	setenv("BASELINER_HOME", conf.root, 1);
	setenv("BASELINER_HOST_CONF", conf.path, 1);
	snprintf(buf, sizeof buf, "%s/tasks", conf.root);
	setenv("BASELINER_TASKS", buf, 1);
	setenv("LANG", "C.UTF-8", 1);
}

static int
chown_cb(const char *path, const struct stat *st, int type, struct FTW *f)
{
	(void)f;
	if (type == FTW_SL || type == FTW_SLN)
		return (lchown(path, work_owner, conf.gid) == 0 ? 0 : -1);
	if (lchown(path, work_owner, conf.gid) != 0)
		return (-1);
	if (type == FTW_D || type == FTW_DP)
		return (chmod(path, (st->st_mode & 0770) | 02070));
	return (chmod(path, (st->st_mode & 0770) | 060));
}

static void
verb_start(int argc, char **argv)
{
	char		 id[160], work[PATH_MAX], uidarg[32];
	char		**args;
	uid_t		 caller = getuid();
	pid_t		 pid;
	ssize_t		 n;
	size_t		 got = 0;
	int		 p[2], status, i;

	if (caller == 0)
		die("root does not take a study session: start it as the "
		    "participant");
	if (caller == conf.uid || caller == conf.scorer_uid)
		die("the service users do not take study sessions");
	if (pipe(p) != 0)
		die("pipe: %s", strerror(errno));
	snprintf(uidarg, sizeof uidarg, "%u", (unsigned)caller);
	args = calloc(argc + 6, sizeof *args);
	if (args == NULL)
		die("out of memory");
	args[0] = "baseliner";
	args[1] = "__host-create";
	args[2] = "--owner";
	args[3] = uidarg;
	args[4] = "--";
	for (i = 0; i < argc; i++)
		args[5 + i] = argv[i];
	if ((pid = fork()) == -1)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		close(p[0]);
		if (dup2(p[1], 1) == -1)
			_exit(127);
		if (p[1] != 1)
			close(p[1]);
		service_env();
		become(conf.user, conf.uid, conf.gid);
		execv(conf.baseliner, args);
		_exit(127);
	}
	close(p[1]);
	while (got < sizeof id - 1 && (n = read(p[0], id + got,
	    sizeof id - 1 - got)) > 0)
		got += n;
	close(p[0]);
	id[got] = '\0';
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		exit(1);	/* it said why on stderr */
	if (got == 0 || id[got - 1] != '\n')
		die("no session id came back");
	id[got - 1] = '\0';
	session_path(work, sizeof work, id, "work");
	work_owner = caller;
	if (nftw(work, chown_cb, 32, FTW_PHYS) != 0)
		die("%s: cannot give it to uid %u", work, (unsigned)caller);
	session_path(work, sizeof work, id, NULL);
	if ((pid = fork()) == -1)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		service_env();
		become(conf.user, conf.uid, conf.gid);
		execl(conf.baseliner, "baseliner", "__host-serve", id, "new",
		    (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		exit(1);
	printf("%s\n", id);
	exit(0);
}

static void
verb_serve(const char *id)
{
	char	db[PATH_MAX];

	session_path(db, sizeof db, id, "session.db");
	if (access(db, F_OK) != 0)
		die("no session %s", id);
	service_env();
	become(conf.user, conf.uid, conf.gid);
	execl(conf.baseliner, "baseliner", "__host-serve", id, "restarted",
	    (char *)NULL);
	die("%s: %s", conf.baseliner, strerror(errno));
}

static void
only_service(void)
{
	if (getuid() != conf.uid)
		die("only the service user %s may ask this", conf.user);
}

/*
 * A Task Standard session (its folder holds the service's protected/,
 * which only the driver's start makes): the family's instructions name
 * /home/agent, so the pane's shell runs in a mount namespace of its own
 * in which /home/agent is the session's work folder. /home there is a
 * tmpfs holding the host's /home entries, each bound back (recursively)
 * from the real /home, and agent, bound to the work folder; the host's
 * mounts and its / are not touched (the namespace's / is private), and the
 * namespace ends with the last process of the panes. 0, or -1 with why
 * (the shell then runs unmapped, and says so).
 */
static int
agent_home(const char *work, char *why, size_t len)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	char		 src[PATH_MAX], dst[PATH_MAX], link[PATH_MAX];
	ssize_t		 n;
	int		 fd, ff, made;

	if (unshare(CLONE_NEWNS) != 0) {
		snprintf(why, len, "unshare(CLONE_NEWNS): %s", strerror(errno));
		return (-1);
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
		snprintf(why, len, "a private /: %s", strerror(errno));
		return (-1);
	}
	/* The real /home, before the tmpfs covers it. */
	if ((fd = open("/home", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		snprintf(why, len, "/home: %s", strerror(errno));
		return (-1);
	}
	if (mount("tmpfs", "/home", "tmpfs", MS_NOSUID | MS_NODEV,
	    "mode=0755") != 0) {
		snprintf(why, len, "a tmpfs on /home: %s", strerror(errno));
		close(fd);
		return (-1);
	}
	if ((d = fdopendir(fd)) == NULL) {
		snprintf(why, len, "/home: %s", strerror(errno));
		close(fd);
		goto undo;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    strcmp(de->d_name, "agent") == 0)
			continue;
		if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		snprintf(dst, sizeof dst, "/home/%s", de->d_name);
		if (S_ISLNK(st.st_mode)) {
			n = readlinkat(fd, de->d_name, link, sizeof link - 1);
			if (n >= 0) {
				link[n] = '\0';
				(void)!symlink(link, dst);
			}
			continue;
		}
		if (S_ISDIR(st.st_mode))
			made = mkdir(dst, 0755) == 0;
		else
			made = (ff = open(dst, O_WRONLY | O_CREAT | O_CLOEXEC,
			    0644)) != -1 && close(ff) == 0;
		snprintf(src, sizeof src, "/proc/self/fd/%d/%s", fd,
		    de->d_name);
		if (!made || mount(src, dst, NULL, MS_BIND | MS_REC,
		    NULL) != 0) {
			snprintf(why, len, "binding /home/%s again: %s",
			    de->d_name, strerror(errno));
			closedir(d);
			goto undo;
		}
	}
	closedir(d);
	if (mkdir("/home/agent", 0755) != 0 ||
	    mount(work, "/home/agent", NULL, MS_BIND | MS_REC, NULL) != 0) {
		snprintf(why, len, "binding /home/agent: %s", strerror(errno));
		goto undo;
	}
	return (0);
undo:
	(void)umount2("/home", MNT_DETACH);
	return (-1);
}

static void
verb_shell(const char *id)
{
	struct passwd	*pw;
	struct stat	 st;
	char		 work[PATH_MAX], login[PATH_MAX + 2];
	char		 prot[PATH_MAX], why[PATH_MAX + 128];
	const char	*base;
	int		 mapped = 0;

	only_service();
	session_path(work, sizeof work, id, "work");
	if (lstat(work, &st) != 0 || !S_ISDIR(st.st_mode))
		die("%s: not a folder", work);
	if (st.st_uid == 0 || st.st_uid == conf.uid ||
	    st.st_uid == conf.scorer_uid)
		die("%s belongs to no participant", work);
	if ((pw = getpwuid(st.st_uid)) == NULL)
		die("uid %u has no name", (unsigned)st.st_uid);
	if (isatty(0))
		(void)!fchown(0, pw->pw_uid, (gid_t)-1);
	if (!conf.no_freezer)
		cg_join(id);
	/* A Task Standard session: protected/ is there, the service's. */
	session_path(prot, sizeof prot, id, "protected");
	if (lstat(prot, &st) == 0 && S_ISDIR(st.st_mode) &&
	    st.st_uid == conf.uid) {
		if (agent_home(work, why, sizeof why) == 0)
			mapped = 1;
		else
			fprintf(stderr, "baseliner: /home/agent is not mapped "
			    "for this shell (%s); your home folder for the "
			    "task is %s\n", why, work);
	}
	become(pw->pw_name, pw->pw_uid, pw->pw_gid);
	umask(007);	/* the service reads the work for checkpoints */
	if (chdir(mapped ? "/home/agent" : work) != 0)
		die("%s: %s", work, strerror(errno));
	setenv("HOME", pw->pw_dir, 1);
	setenv("USER", pw->pw_name, 1);
	setenv("LOGNAME", pw->pw_name, 1);
	setenv("SHELL", pw->pw_shell && *pw->pw_shell ? pw->pw_shell :
	    "/bin/sh", 1);
	base = strrchr(getenv("SHELL"), '/');
	snprintf(login, sizeof login, "-%s", base ? base + 1 :
	    getenv("SHELL"));
	execl(getenv("SHELL"), login, (char *)NULL);
	die("%s: %s", getenv("SHELL"), strerror(errno));
}

static void
verb_scorer(const char *id, char **argv)
{
	only_service();
	(void)session_id(id);
	become(conf.scorer, conf.scorer_uid, conf.scorer_gid);
	umask(007);
	execv(argv[0], argv);
	die("%s: %s", argv[0], strerror(errno));
}

static void
verb_kill(const char *pgs, const char *sigs)
{
	static const int ok[] = { SIGHUP, SIGINT, SIGKILL, SIGTERM, SIGSTOP,
	    SIGCONT };
	struct stat	 st;
	char		 proc[64], *end;
	long		 pg, sig;
	size_t		 i;

	only_service();
	pg = strtol(pgs, &end, 10);
	if (*end != '\0' || pg <= 1)
		die("bad process group");
	sig = strtol(sigs, &end, 10);
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		if (ok[i] == sig)
			break;
	}
	if (*end != '\0' || i == sizeof ok / sizeof ok[0])
		die("bad signal");
	snprintf(proc, sizeof proc, "/proc/%ld", pg);
	if (stat(proc, &st) != 0)
		exit(0);	/* gone already */
	if (st.st_uid == 0 || st.st_uid == conf.uid)
		die("process group %ld is not a participant's or the "
		    "scorer's", pg);
	if (kill(-(pid_t)pg, (int)sig) != 0 && kill((pid_t)pg, (int)sig) != 0)
		exit(errno == ESRCH ? 0 : 1);
	exit(0);
}

/*
 * A pause: STOP (or CONT) everything the participant runs from a session's
 * panes. shell is one pane's shell: its parent must be the session's
 * holder, a process of the service user, and the participant is the
 * shell's real uid (neither root's nor a service user's). The session's
 * cgroup, if the shell is in one, is frozen or thawed whole; else every
 * process of that uid under the holder is signalled: the panes' shells, their jobs,
 * and what left the pane's terminal session with setsid (the holder is a
 * child subreaper, so an orphan comes back under it). The participant's
 * other processes (their login, the workbench they attach with) run on.
 * Stopping repeats until none of them runs (proctree.c).
 */
static void
verb_pause(const char *shells, const char *sigs)
{
	pid_t	 shell, holder, up;
	uid_t	 uid, huid;
	long	 v, sig;
	char	*end;
	int	 n, left;

	only_service();
	v = strtol(shells, &end, 10);
	if (*end != '\0' || v <= 1)
		die("bad process");
	shell = (pid_t)v;
	sig = strtol(sigs, &end, 10);
	if (*end != '\0' || (sig != SIGSTOP && sig != SIGCONT))
		die("bad signal");
	if (proctree_status(shell, &uid, &holder) != 0)
		exit(0);	/* gone already */
	if (uid == 0 || uid == conf.uid || uid == conf.scorer_uid)
		die("process %ld is not a participant's", v);
	if (proctree_status(holder, &huid, &up) != 0 || huid != conf.uid)
		die("process %ld is not a pane's shell (its parent is not the "
		    "service's)", v);
	/* The session's cgroup, where it has one: all of it, at once. */
	if (!conf.no_freezer && cg_freeze(shell, sig == SIGSTOP) == 0)
		exit(0);
	n = proctree_signal(PROCTREE_UNDER, holder, uid, (int)sig, &left);
	if (n < 0)
		die("/proc: %s", strerror(errno));
	if (left > 0)
		die("%d of %d processes of uid %u still run", left, n,
		    (unsigned)uid);
	exit(0);
}

int
main(int argc, char **argv)
{
	if (argc < 2)
		die("usage: bl-spawn start ARGS | serve ID | shell ID | "
		    "scorer ID CMD... | kill PGID SIG | pause SHELL SIG");
	load_conf();
	if (strcmp(argv[1], "start") == 0)
		verb_start(argc - 2, argv + 2);
	else if (strcmp(argv[1], "serve") == 0 && argc == 3)
		verb_serve(argv[2]);
	else if (strcmp(argv[1], "shell") == 0 && argc == 3)
		verb_shell(argv[2]);
	else if (strcmp(argv[1], "scorer") == 0 && argc >= 4)
		verb_scorer(argv[2], argv + 3);
	else if (strcmp(argv[1], "kill") == 0 && argc == 4)
		verb_kill(argv[2], argv[3]);
	else if (strcmp(argv[1], "pause") == 0 && argc == 4)
		verb_pause(argv[2], argv[3]);
	die("unknown request %s", argv[1]);
}
