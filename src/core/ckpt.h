/*
 * ckpt.h: checkpoints of the participant's work, as commits in the
 * session's own bare repository (checkpoints.git) whose work tree is the
 * session's work/ folder. The participant's own .git, if any, is left
 * alone; .gitignore is honoured; files over a size cap are left out and
 * reported by path, size and blob hash.
 */
#ifndef BASELINER_CKPT_H
#define BASELINER_CKPT_H

#include <stdint.h>

#include "util.h"

struct ckpt;

struct ckpt_skip {
	char		*path;
	uint64_t	 size;
	char		 hash[41];
};

struct ckpt_result {
	char		 commit[41];
	char		 parent[41];	/* "" for the first */
	int		 created;	/* 0: nothing changed, commit is HEAD */
	int		 files_changed;
	uint64_t	 bytes;		/* size of added or changed files */
	struct ckpt_skip *skipped;
	int		 nskipped;
};

#define CKPT_DEFAULT_CAP (50ULL * 1024 * 1024)
/* Commits say who in role only; the participant's id is in the database. */
#define CKPT_AUTHOR "participant"

/* Open (or make) the checkpoint repository: a new object that ckpt_close
 * closes (the repository) and frees. */
int	 ckpt_open(const char *gitdir, const char *workdir, struct ckpt **,
	     char **cause);
void	 ckpt_close(struct ckpt *);
void	 ckpt_set_cap(struct ckpt *, uint64_t);
/*
 * Commit the work tree. With force, a commit is made even when nothing
 * changed; otherwise an unchanged tree gives HEAD back with created = 0.
 */
int	 ckpt_commit(struct ckpt *, const char *author, const char *message,
	     int force, struct ckpt_result *, char **cause);
void	 ckpt_result_done(struct ckpt_result *);
/* Write a commit's files into a new (absent or empty) folder. */
int	 ckpt_restore(struct ckpt *, const char *commit, const char *dir,
	     char **cause);
/* Unified diff between two commits; to NULL means the work tree. */
int	 ckpt_diff(struct ckpt *, const char *from, const char *to,
	     struct buf *, char **cause);
/* What every checkpoint leaves out, written to the repository's
 * info/exclude: editors' swap (vim), backup (*~) and lock (emacs .#)
 * files. */
#define CKPT_IGNORED	".*.sw[a-p]\n*~\n.#*\n"
/* Attach a note to a commit (refs/notes/commits, which git log shows):
 * what its scoring gave. Replaces an earlier note of the commit. */
int	 ckpt_note(struct ckpt *, const char *commit, const char *text,
	     char **cause);
/* Does the commit exist? */
int	 ckpt_has(struct ckpt *, const char *commit);
/* Push refs/heads/main, fast-forward only, to url (a path is made a bare
 * repository first): a copy of the history its writer cannot rewrite. */
int	 ckpt_push(struct ckpt *, const char *url, char **cause);

#endif
