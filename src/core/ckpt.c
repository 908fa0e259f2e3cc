/*
 * ckpt.c: checkpoints with libgit2. The repository is bare on disk, so the
 * participant can never disturb it from the work tree, and is opened with
 * the work tree attached (git_repository_set_workdir) so its own index at
 * checkpoints.git/index keeps the stat cache: a checkpoint re-reads only
 * files whose size or time changed, which keeps 10,000 unchanged files
 * cheap. Commits go on refs/heads/main.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <git2.h>

#include "ckpt.h"
#include "utf8.h"

struct skip_cache {
	char		*path;
	uint64_t	 size;
	int64_t		 mtime;
	char		 hash[41];
};

struct ckpt {
	git_repository		*repo;
	char			*workdir;
	uint64_t		 cap;

	/* Hashes of large files, so a 2 GB file is read once, not at every
	 * checkpoint. */
	struct skip_cache	*cache;
	int			 ncache;

	/* Filled by the add callback during one commit. */
	struct ckpt_result	*res;
};

static int
ckpt_git_fail(char **cause, const char *what)
{
	const git_error	*e = git_error_last();

	return (set_cause(cause, "checkpoint: %s: %s", what,
	    e != NULL && e->message != NULL ? e->message : "libgit2 error"));
}

static int
ckpt_exclude(const char *gitdir, char **cause)
{
	char	*dir, *path, *have = NULL;
	int	 rc = 0;

	dir = path_join(gitdir, "info");
	path = path_join(dir, "exclude");
	if (file_read(path, &have, NULL, NULL) != 0 || strstr(have,
	    CKPT_IGNORED) == NULL) {
		if (mkdir_p(dir, 0755, cause) != 0 || file_write(path,
		    "# baseliner: editors' swap, backup and lock files\n"
		    CKPT_IGNORED, strlen("# baseliner: editors' swap, backup "
		    "and lock files\n" CKPT_IGNORED), cause) != 0)
			rc = -1;
	}
	free(have);
	free(path);
	free(dir);
	return (rc);
}

int
ckpt_open(const char *gitdir, const char *workdir, struct ckpt **out,
    char **cause)
{
	git_repository_init_options	 opts;
	struct ckpt			*c;
	git_config			*cfg;

	git_libgit2_init();
	git_repository_init_options_init(&opts,
	    GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	c = xcalloc(1, sizeof *c);
	c->cap = CKPT_DEFAULT_CAP;
	c->workdir = xstrdup(workdir);
	if (git_repository_open_bare(&c->repo, gitdir) != 0) {
		opts.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH;
		opts.initial_head = "main";
		opts.description = "baseliner session checkpoints";
		if (git_repository_init_ext(&c->repo, gitdir, &opts) != 0) {
			ckpt_git_fail(cause, gitdir);
			free(c->workdir);
			free(c);
			return (-1);
		}
		/* Large work trees: no automatic gc in the middle of a score. */
		if (git_repository_config(&cfg, c->repo) == 0) {
			git_config_set_int32(cfg, "gc.auto", 0);
			git_config_free(cfg);
		}
	}
	if (git_repository_set_workdir(c->repo, workdir, 0) != 0) {
		ckpt_git_fail(cause, workdir);
		ckpt_close(c);
		return (-1);
	}
	/* Editors' swap, backup and lock files are not work: left out by the
	 * repository's info/exclude. (libgit2 1.5 does not let a "!name" in
	 * the work tree's .gitignore bring one back, as git would.) */
	if (ckpt_exclude(gitdir, cause) != 0) {
		ckpt_close(c);
		return (-1);
	}
	*out = c;
	return (0);
}

int
ckpt_note(struct ckpt *c, const char *commit, const char *text,
    char **cause)
{
	git_signature	*sig = NULL;
	git_oid		 oid, note;
	int		 rc = -1;

	if (git_oid_fromstr(&oid, commit) != 0)
		return (set_cause(cause, "checkpoint: not a commit: %s",
		    commit));
	if (git_signature_now(&sig, "baseliner", "baseliner@localhost") != 0)
		return (ckpt_git_fail(cause, "note signature"));
	/* One note a commit: a later scoring of the same code adds to it. */
	if (git_note_create(&note, c->repo, NULL, sig, sig, &oid, text, 1) !=
	    0)
		ckpt_git_fail(cause, "note");
	else
		rc = 0;
	git_signature_free(sig);
	return (rc);
}

void
ckpt_close(struct ckpt *c)
{
	int	i;

	if (c == NULL)
		return;
	for (i = 0; i < c->ncache; i++)
		free(c->cache[i].path);
	free(c->cache);
	git_repository_free(c->repo);
	free(c->workdir);
	free(c);
	git_libgit2_shutdown();
}

void
ckpt_set_cap(struct ckpt *c, uint64_t cap)
{
	c->cap = cap;
}

void
ckpt_result_done(struct ckpt_result *r)
{
	int	i;

	for (i = 0; i < r->nskipped; i++)
		free(r->skipped[i].path);
	free(r->skipped);
	r->skipped = NULL;
	r->nskipped = 0;
}

static void
ckpt_skip_hash(struct ckpt *c, const char *path, const char *full,
    const struct stat *st, char *hash)
{
	git_oid	oid;
	int	i;

	for (i = 0; i < c->ncache; i++) {
		if (strcmp(c->cache[i].path, path) == 0 &&
		    c->cache[i].size == (uint64_t)st->st_size &&
		    c->cache[i].mtime == (int64_t)st->st_mtime) {
			memcpy(hash, c->cache[i].hash, 41);
			return;
		}
	}
	if (git_odb_hashfile(&oid, full, GIT_OBJECT_BLOB) != 0) {
		snprintf(hash, 41, "unreadable");
		return;
	}
	git_oid_tostr(hash, 41, &oid);
	c->cache = xreallocarray(c->cache, c->ncache + 1, sizeof *c->cache);
	c->cache[c->ncache].path = xstrdup(path);
	c->cache[c->ncache].size = st->st_size;
	c->cache[c->ncache].mtime = st->st_mtime;
	memcpy(c->cache[c->ncache].hash, hash, 41);
	c->ncache++;
}

/* git_index_add_all callback: 0 adds the file, 1 leaves it out. */
static int
ckpt_add_cb(const char *path, const char *matched, void *arg)
{
	struct ckpt		*c = arg;
	struct ckpt_result	*r = c->res;
	struct ckpt_skip	*s;
	struct stat		 st;
	char			*full;

	full = path_join(c->workdir, path);
	if (stat(full, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size <= c->cap) {
		free(full);
		return (0);
	}
	r->skipped = xreallocarray(r->skipped, r->nskipped + 1,
	    sizeof *r->skipped);
	s = &r->skipped[r->nskipped++];
	s->path = xstrdup(path);
	s->size = st.st_size;
	ckpt_skip_hash(c, path, full, &st, s->hash);
	free(full);
	return (1);
}

static int
ckpt_head(struct ckpt *c, git_commit **out)
{
	git_reference	*ref;
	int		 rc;

	*out = NULL;
	if (git_reference_lookup(&ref, c->repo, "refs/heads/main") != 0)
		return (0);
	rc = git_commit_lookup(out, c->repo, git_reference_target(ref));
	git_reference_free(ref);
	return (rc);
}

static void
ckpt_count_changes(struct ckpt *c, git_tree *old, git_tree *new,
    struct ckpt_result *r)
{
	git_diff		*diff;
	git_odb			*odb = NULL;
	const git_diff_delta	*d;
	git_object_t		 type;
	size_t			 i, n, len;

	if (git_diff_tree_to_tree(&diff, c->repo, old, new, NULL) != 0)
		return;
	/* A tree-to-tree diff loads no blobs, so its sizes are 0: the size
	 * of each new blob comes from the object database's header. */
	if (git_repository_odb(&odb, c->repo) != 0)
		odb = NULL;
	n = git_diff_num_deltas(diff);
	r->files_changed = (int)n;
	for (i = 0; i < n; i++) {
		d = git_diff_get_delta(diff, i);
		if (d->status == GIT_DELTA_DELETED)
			continue;
		if (d->new_file.size == 0 && odb != NULL &&
		    git_odb_read_header(&len, &type, odb,
		    &d->new_file.id) == 0)
			r->bytes += len;
		else
			r->bytes += d->new_file.size;
	}
	git_odb_free(odb);
	git_diff_free(diff);
}

int
ckpt_commit(struct ckpt *c, const char *author, const char *message,
    int force, struct ckpt_result *r, char **cause)
{
	git_index	*index = NULL;
	git_strarray	 all = { NULL, 0 };
	git_oid		 tree_oid, commit_oid;
	git_tree	*tree = NULL, *old_tree = NULL;
	git_commit	*head = NULL;
	git_signature	*sig = NULL;
	char		*email;
	int		 rc = -1;

	memset(r, 0, sizeof *r);
	c->res = r;
	if (git_repository_index(&index, c->repo) != 0) {
		ckpt_git_fail(cause, "index");
		goto out;
	}
	/* Adds new and changed files (honouring .gitignore); update_all
	 * then drops the ones deleted from the work tree. */
	if (git_index_add_all(index, &all, GIT_INDEX_ADD_DEFAULT,
	    ckpt_add_cb, c) != 0 ||
	    git_index_update_all(index, &all, NULL, NULL) != 0) {
		ckpt_git_fail(cause, "reading the work tree");
		goto out;
	}
	/* A large file that was committed while small is taken out again. */
	for (int i = 0; i < r->nskipped; i++)
		git_index_remove_bypath(index, r->skipped[i].path);
	if (git_index_write(index) != 0 ||
	    git_index_write_tree(&tree_oid, index) != 0) {
		ckpt_git_fail(cause, "writing the tree");
		goto out;
	}
	if (ckpt_head(c, &head) != 0) {
		ckpt_git_fail(cause, "reading main");
		goto out;
	}
	if (head != NULL) {
		git_oid_tostr(r->parent, sizeof r->parent, git_commit_id(head));
		if (!force && git_oid_equal(&tree_oid,
		    git_commit_tree_id(head))) {
			memcpy(r->commit, r->parent, sizeof r->commit);
			r->created = 0;
			rc = 0;
			goto out;
		}
		if (git_commit_tree(&old_tree, head) != 0) {
			ckpt_git_fail(cause, "reading the last tree");
			goto out;
		}
	}
	if (git_tree_lookup(&tree, c->repo, &tree_oid) != 0) {
		ckpt_git_fail(cause, "reading the new tree");
		goto out;
	}
	email = xasprintf("%s@baseliner", author);
	if (git_signature_now(&sig, author, email) != 0) {
		free(email);
		ckpt_git_fail(cause, "signature");
		goto out;
	}
	free(email);
	if (git_commit_create_v(&commit_oid, c->repo, "refs/heads/main", sig,
	    sig, NULL, message, tree, head != NULL ? 1 : 0, head) != 0) {
		ckpt_git_fail(cause, "commit");
		goto out;
	}
	git_oid_tostr(r->commit, sizeof r->commit, &commit_oid);
	r->created = 1;
	ckpt_count_changes(c, old_tree, tree, r);
	rc = 0;
out:
	if (rc != 0)
		ckpt_result_done(r);
	c->res = NULL;
	git_signature_free(sig);
	git_tree_free(tree);
	git_tree_free(old_tree);
	git_commit_free(head);
	git_index_free(index);
	return (rc);
}

static int
ckpt_lookup_tree(struct ckpt *c, const char *spec, git_tree **tree,
    char **cause)
{
	git_object	*obj;

	if (git_revparse_single(&obj, c->repo, spec) != 0)
		return (set_cause(cause, "no checkpoint '%s'", spec));
	if (git_object_peel((git_object **)tree, obj, GIT_OBJECT_TREE) != 0) {
		git_object_free(obj);
		return (set_cause(cause, "'%s' is not a checkpoint", spec));
	}
	git_object_free(obj);
	return (0);
}

int
ckpt_push(struct ckpt *c, const char *url, char **cause)
{
	static char		*refs[] = { "refs/heads/main:refs/heads/main" };
	git_strarray		 specs = { refs, 1 };
	git_push_options	 opts;
	git_repository		*bare;
	git_remote		*remote;
	int			 rc;

	/* A local archive is made bare on the first push. */
	if (*url == '/' && !dir_exists(url)) {
		if (git_repository_init(&bare, url, 1) != 0)
			return (ckpt_git_fail(cause, url));
		git_repository_free(bare);
	}
	if (git_remote_create_anonymous(&remote, c->repo, url) != 0)
		return (ckpt_git_fail(cause, url));
	git_push_options_init(&opts, GIT_PUSH_OPTIONS_VERSION);
	/* Not forced: the archive takes fast-forwards only. */
	rc = git_remote_push(remote, &specs, &opts);
	git_remote_free(remote);
	if (rc != 0)
		return (ckpt_git_fail(cause, "push"));
	return (0);
}

int
ckpt_has(struct ckpt *c, const char *commit)
{
	git_object	*obj;

	if (git_revparse_single(&obj, c->repo, commit) != 0)
		return (0);
	git_object_free(obj);
	return (1);
}

static int
dir_is_empty(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	int		 empty = 1;

	if ((d = opendir(dir)) == NULL)
		return (errno == ENOENT);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			empty = 0;
	}
	closedir(d);
	return (empty);
}

int
ckpt_restore(struct ckpt *c, const char *commit, const char *dir,
    char **cause)
{
	git_checkout_options	 opts;
	git_tree		*tree;
	int			 rc;

	git_checkout_options_init(&opts, GIT_CHECKOUT_OPTIONS_VERSION);
	if (!dir_is_empty(dir))
		return (set_cause(cause, "%s: exists and is not empty; restore "
		    "writes to a new folder", dir));
	if (ckpt_lookup_tree(c, commit, &tree, cause) != 0)
		return (-1);
	if (mkdir_p(dir, 0755, cause) != 0) {
		git_tree_free(tree);
		return (-1);
	}
	opts.checkout_strategy = GIT_CHECKOUT_FORCE |
	    GIT_CHECKOUT_DONT_UPDATE_INDEX;
	opts.target_directory = dir;
	rc = git_checkout_tree(c->repo, (git_object *)tree, &opts);
	git_tree_free(tree);
	if (rc != 0)
		return (ckpt_git_fail(cause, "restore"));
	return (0);
}

static int
ckpt_diff_line_cb(const git_diff_delta *d, const git_diff_hunk *h,
    const git_diff_line *l, void *arg)
{
	struct buf	*b = arg;

	if (l->origin == GIT_DIFF_LINE_CONTEXT ||
	    l->origin == GIT_DIFF_LINE_ADDITION ||
	    l->origin == GIT_DIFF_LINE_DELETION)
		buf_add(b, &l->origin, 1);
	buf_add(b, l->content, l->content_len);
	return (0);
}

int
ckpt_diff(struct ckpt *c, const char *from, const char *to, struct buf *b,
    char **cause)
{
	git_diff_options	 opts;
	git_tree		*a = NULL, *z = NULL;
	git_diff		*diff = NULL;
	struct buf		 valid;
	int			 rc = -1;

	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	if (ckpt_lookup_tree(c, from, &a, cause) != 0)
		return (-1);
	opts.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_SHOW_UNTRACKED_CONTENT;
	if (to != NULL) {
		if (ckpt_lookup_tree(c, to, &z, cause) != 0)
			goto out;
		rc = git_diff_tree_to_tree(&diff, c->repo, a, z, &opts);
	} else
		rc = git_diff_tree_to_workdir(&diff, c->repo, a, &opts);
	if (rc != 0) {
		ckpt_git_fail(cause, "diff");
		rc = -1;
		goto out;
	}
	if (git_diff_print(diff, GIT_DIFF_FORMAT_PATCH, ckpt_diff_line_cb,
	    b) != 0) {
		ckpt_git_fail(cause, "diff");
		goto out;
	}
	/* Files hold any bytes (Latin-1, binary): the diff is text. */
	if (!utf8_valid(b->data, b->len)) {
		buf_init(&valid);
		utf8_sanitize_buf(&valid, b->data, b->len);
		buf_done(b);
		*b = valid;
	}
	rc = 0;
out:
	git_diff_free(diff);
	git_tree_free(a);
	git_tree_free(z);
	return (rc);
}
