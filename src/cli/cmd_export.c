/*
 * cmd_export.c: "export" writes sessions out as trajectories (export.c)
 * and, from what it wrote, each session's review page (review.c).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "export.h"
#include "review.h"
#include "session.h"

extern const struct cmd_entry cmd_export_entry;

#define EXPORT_REVIEW		0x100	/* also write review/ */
#define EXPORT_REVIEW_ONLY	0x200	/* write review/ and nothing else */

/*
 * The review page alone: the export is written to a folder beside it,
 * the page made from it, and the rest removed.
 */
static int
export_review(const char *dir, const char *to, int flags, char **cause)
{
	char	*tmp, *from, *dst, *git, *work;
	int	 rc;

	git = path_join(dir, "checkpoints.git");
	work = path_join(dir, "work");
	if (!(flags & EXPORT_REVIEW_ONLY)) {
		rc = review_write(to, git, work, cause);
		free(git);
		free(work);
		return (rc);
	}
	tmp = xasprintf("%s.review-tmp", to);
	rm_rf(tmp);
	rc = export_session(dir, tmp, flags & EXPORT_SESSION_FLAGS, cause);
	if (rc == 0)
		rc = review_write(tmp, git, work, cause);
	if (rc == 0 && (rc = mkdir_p(to, 0755, cause)) == 0) {
		from = path_join(tmp, "review");
		dst = path_join(to, "review");
		rm_rf(dst);
		if (rename(from, dst) != 0)
			rc = set_cause(cause, "%s: %s", dst, strerror(errno));
		free(from);
		free(dst);
	}
	rm_rf(tmp);
	free(tmp);
	free(git);
	free(work);
	return (rc);
}

static int
export_one(const char *id, const char *out, int flags)
{
	char	*dir, *to, *cause = NULL, *sid, *sdir;

	if (session_resolve(id, &sid, &sdir, &cause) != 0) {
		cmd_error("export", "%s", cause);
		free(cause);
		return (1);
	}
	dir = sdir;
	to = path_join(out, sid);
	if ((!(flags & EXPORT_REVIEW_ONLY) && export_session(dir, to,
	    flags & EXPORT_SESSION_FLAGS, &cause) != 0) ||
	    ((flags & (EXPORT_REVIEW | EXPORT_REVIEW_ONLY)) &&
	    export_review(dir, to, flags, &cause) != 0)) {
		cmd_error("export", "%s: %s", sid, cause);
		free(cause);
		free(to);
		free(sid);
		free(dir);
		return (1);
	}
	printf("%s\n", to);
	free(to);
	free(sid);
	free(dir);
	return (0);
}

static int
exec_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "session", required_argument, NULL, 's' },
		{ "all", no_argument, NULL, 'a' },
		{ "output", required_argument, NULL, 'o' },
		{ "anonymize", no_argument, NULL, 'A' },
		{ "review", no_argument, NULL, 'R' },
		{ "no-review", no_argument, NULL, 'N' },
		{ "study-key", required_argument, NULL, 'K' },
		{ "strip-commands", no_argument, NULL, 'C' },
		{ "strip-prompts", no_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*id = NULL, *out = NULL, *key = NULL;
	char		*cause = NULL;
	json_t		*all, *s;
	size_t		 i;
	int		 ch, every = 0, flags = EXPORT_REVIEW, rc = 0;

	while ((ch = getopt_long(argc, argv, "s:ao:A", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			id = optarg;
			break;
		case 'a':
			every = 1;
			break;
		case 'o':
			out = optarg;
			break;
		case 'A':
			flags |= EXPORT_ANONYMIZE;
			break;
		case 'R':
			flags |= EXPORT_REVIEW_ONLY;
			break;
		case 'N':
			flags &= ~EXPORT_REVIEW;
			break;
		case 'K':
			key = optarg;
			break;
		case 'C':
			flags |= EXPORT_ANONYMIZE | EXPORT_STRIP_COMMANDS;
			break;
		case 'P':
			flags |= EXPORT_ANONYMIZE | EXPORT_STRIP_PROMPTS;
			break;
		default:
			cmd_usage(&cmd_export_entry, 1);
			return (2);
		}
	}
	if (key != NULL && export_study_key(key, &cause) != 0) {
		cmd_error("export", "%s", cause);
		free(cause);
		return (1);
	}
	if (out == NULL || optind != argc || (every && id != NULL)) {
		cmd_usage(&cmd_export_entry, 1);
		return (2);
	}
	if (!every)
		return (export_one(id, out, flags));
	all = session_list();
	if (json_array_size(all) == 0)
		rc = cmd_error("export", "no sessions in %s/sessions",
		    home_dir());
	json_array_foreach(all, i, s) {
		if (export_one(json_string_value(json_object_get(s, "id")), out,
		    flags) != 0)
			rc = 1;
	}
	json_decref(all);
	return (rc);
}

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.usage = "[-s ID | --all] -o DIR [--anonymize [--study-key FILE] "
	    "[--strip-commands] [--strip-prompts]] [--review | --no-review]",
	.summary = "write sessions out as trajectories for researchers",
	.help = "Writes DIR/ID/ for each session: session.json, scores.csv, "
	    "scores.jsonl,\nevents.jsonl (the timeline and the commands run in "
	    "the shells), pane-N.cast\n(asciicast v2 with markers at scores and "
	    "checkpoints), checkpoints.bundle\n(git clone reads it), "
	    "inspect.json and inspect.eval (Inspect AI eval logs) and "
	    "review/index.html,\n"
	    "a page to open in a browser from the file system: every pane's "
	    "replay, the\ntimeline (click to seek), the score plot and the "
	    "diff at each scoring.\n\n"
	    "  -s, --session ID  one session (default: the one meant here)\n"
	    "  -a, --all         every session on this host\n"
	    "  -o, --output DIR  where to write\n"
	    "  -A, --anonymize   replace the participant id with a keyed hash "
	    "(the study\n                    key), leave out typed input, mask "
	    "what looks like "
	    "a secret (tokens in\n                    environment assignments, "
	    "API keys) in output and notes; the review page\n"
	    "                    holds only what the anonymized export holds\n"
	    "      --study-key FILE  the key of the participant hash (default "
	    "$BASELINER_STUDY_KEY,\n                    else "
	    "$BASELINER_HOME/study.key, made on first use);\n"
	    "                    the same key gives the same ids on every host\n"
	    "      --strip-commands  anonymize, and leave the command lines "
	    "typed in the\n                    shells out of events.jsonl\n"
	    "      --strip-prompts   anonymize, and mask user@host (prompts, "
	    "addresses) in\n                    the recordings, command lines "
	    "and folders\n"
	    "      --review      write only DIR/ID/review/\n"
	    "      --no-review   leave the review page out\n",
	.exec = exec_export,
};
