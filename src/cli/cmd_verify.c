/*
 * cmd_verify.c: "verify" checks a session's tamper-evident record (chain.c)
 * in its database, or in an export folder, and says where it breaks.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "cmd.h"
#include "session.h"
#include "store.h"

extern const struct cmd_entry cmd_verify_entry;

static void
verify_print(const char *what, json_t *r, int host_key)
{
	json_t		*p, *head = json_object_get(r, "head");
	const char	*signer = json_string_value(json_object_get(r,
			    "signer"));
	size_t		 i;

	printf("%s: %lld event%s, %lld linked, %lld signed", what,
	    (long long)json_integer_value(json_object_get(r, "events")),
	    plural(json_integer_value(json_object_get(r, "events"))),
	    (long long)json_integer_value(json_object_get(r, "linked")),
	    (long long)json_integer_value(json_object_get(r, "signed")));
	if (json_integer_value(json_object_get(r, "unlinked_before_chain")))
		printf(", %lld from before the chain (not checked)",
		    (long long)json_integer_value(json_object_get(r,
		    "unlinked_before_chain")));
	printf("\n");
	if (json_is_object(head))
		printf("head: seq %lld (%s) %s\n", (long long)
		    json_integer_value(json_object_get(head, "seq")),
		    json_string_value(json_object_get(head, "kind")),
		    json_string_value(json_object_get(head, "hash")));
	if (signer != NULL)
		printf("signed by ed25519 key %s (%s)\n", signer,
		    json_is_true(json_object_get(r, "signer_checked")) ?
		    (host_key ? "this host's key" : "the key given") :
		    "not checked against a known key: pass --key");
	json_array_foreach(json_object_get(r, "problems"), i, p)
		printf("problem: %s\n", json_string_value(json_object_get(p,
		    "problem")));
	if (json_is_true(json_object_get(r, "ok")))
		printf("ok\n");
	else if (json_is_integer(json_object_get(r, "broken_at")))
		printf("FAILED: the record breaks at seq %lld\n", (long long)
		    json_integer_value(json_object_get(r, "broken_at")));
	else
		printf("FAILED\n");
}

static int
exec_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "session", required_argument, NULL, 's' },
		{ "key", required_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*id = NULL, *key = NULL;
	char		 pub[CHAIN_PUB_HEX], *dir = NULL, *sid = NULL;
	char		*cause = NULL, *p, *what;
	struct store	*st = NULL;
	json_t		*report = NULL;
	int		 ch, json = 0, rc, host_key = 0, have_key = 0;

	while ((ch = getopt_long(argc, argv, "s:k:j", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			id = optarg;
			break;
		case 'k':
			key = optarg;
			break;
		case 'j':
			json = 1;
			break;
		default:
			cmd_usage(&cmd_verify_entry, 1);
			return (2);
		}
	}
	if (optind < argc - 1 || (id != NULL && optind < argc)) {
		cmd_usage(&cmd_verify_entry, 1);
		return (2);
	}
	if (key != NULL) {
		if (chain_pub_read(key, pub) != 0)
			return (cmd_error("verify", "%s: not an ed25519 public "
			    "key (64 hex digits, or a file holding them)",
			    key));
		have_key = 1;
	}
	if (optind < argc) {
		dir = xstrdup(argv[optind]);
		what = xstrdup(dir);
	} else {
		if (session_resolve(id, &sid, &dir, &cause) != 0) {
			cmd_error("verify", "%s", cause);
			free(cause);
			return (1);
		}
		what = xasprintf("session %s", sid);
	}
	p = path_join(dir, "chain.jsonl");
	if (file_exists(p)) {
		rc = chain_verify_export(dir, have_key ? pub : NULL, &report,
		    &cause);
	} else {
		free(p);
		if (!have_key) {
			p = path_join(home_dir(), "host.pub");
			if (chain_pub_read(p, pub) == 0)
				have_key = host_key = 1;
			free(p);
		}
		p = path_join(dir, "session.db");
		if (store_open(p, STORE_READONLY, &st, &cause) != 0)
			rc = -1;
		else {
			char *git = path_join(dir, "checkpoints.git");
			char *head = path_join(dir, "head.json");

			rc = chain_verify_store(st, git, head, have_key ? pub :
			    NULL, &report, &cause);
			free(git);
			free(head);
			store_close(st);
		}
	}
	free(p);
	if (rc < 0) {
		cmd_error("verify", "%s: %s", what, cause ? cause : "unreadable");
		free(cause);
	} else if (json)
		cmd_print_json(report);
	else
		verify_print(what, report, host_key);
	json_decref(report);
	free(what);
	free(dir);
	free(sid);
	return (rc == 0 ? 0 : 1);
}

const struct cmd_entry cmd_verify_entry = {
	.name = "verify",
	.usage = "[-s ID | DIR] [--key KEY] [--json]",
	.summary = "check a session's tamper-evident record or an export's",
	.help = "Every event of a session is linked to the one before it by a "
	    "hash over its\nfields and the score, checkpoint and session rows "
	    "it seals, and the link is\nsigned with the host's ed25519 key "
	    "(host.pub beside the sessions). verify\nrecomputes the chain, "
	    "checks each signature, each sealed row and each\ncheckpoint's "
	    "commit, that the record reaches its signed head (head.json:\n"
	    "rows cut from the end are named), and names the first event "
	    "where the record\nbreaks.\n"
	    "Exit status: 0 intact, 1 broken or unreadable.\n\n"
	    "  -s, --session ID  a session on this host (default: the one "
	    "meant here)\n"
	    "  DIR               a session folder or an export's folder "
	    "(chain.jsonl)\n"
	    "  -k, --key KEY     the public key that must have signed: 64 "
	    "hex digits or a\n                    file holding them (default "
	    "for a session on this host:\n                    this host's "
	    "host.pub; an export is only checked against\n"
	    "                    its own signer without it)\n"
	    "  -j, --json        the report as JSON\n",
	.exec = exec_verify,
};
