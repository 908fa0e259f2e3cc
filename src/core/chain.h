/*
 * chain.h: the session's tamper-evident record. Every event carries a
 * link of a hash chain: SHA-256 over its predecessor's link and the digest
 * of its body, the body being the event as stored plus a digest of each
 * row it names (the score row a score_finished seals, the checkpoint row
 * and commit a checkpoint names, the session row at session_created). The
 * host signs each link with its ed25519 key, so the head of the chain is
 * always signed, and an export carries the bodies, the rows and the
 * signatures to be checked off the host with the host's public key.
 */
#ifndef BASELINER_CHAIN_H
#define BASELINER_CHAIN_H

#include <stdint.h>
#include <jansson.h>

#include "store.h"

#define CHAIN_HEX	65	/* SHA-256 as hex, with its NUL */
#define CHAIN_PUB_HEX	65	/* ed25519 public key as hex */
#define CHAIN_SIG_HEX	129	/* ed25519 signature as hex */

/* The host's signing key: $BASELINER_HOME/host.key (secret, 0600) and
 * host.pub (hex). chain_key_init creates the pair if it is missing and the
 * folder is writable. Returns 0, or -1 (then events go unsigned). */
int	 chain_key_init(const char *home, char **cause);
/* This host's public key as hex, or NULL if it has none. */
const char *chain_key_pub(void);
/* Read HOME/host.pub (or a file/hex string) into hex; -1 if none. */
int	 chain_pub_read(const char *path_or_hex, char out[CHAIN_PUB_HEX]);

/* Append an event and link it (steals data). Returns its seq or -1. */
int64_t	 chain_event(struct store *, int64_t wall_ms, double elapsed,
	     const char *kind, const char *actor, json_t *data, char **cause);

/*
 * Verify a session's chain from its database (live or ended) or an export
 * folder. want_pub: the public key that must have signed (hex), or NULL to
 * take this host's key if it has one, else the key the record names.
 * head: the signed head the record must reach (head.json: beside the store,
 * or in the export), or NULL; a head file that is missing, unsigned,
 * another session's or not reached is a problem (a cut record).
 * Returns 0 when everything holds, 1 when something does not (each problem
 * is in the report's "problems", the first break in "broken_at"), -1 when
 * it could not be read.
 */
int	 chain_verify_store(struct store *, const char *gitdir,
	     const char *head, const char *want_pub, json_t **report,
	     char **cause);
int	 chain_verify_export(const char *dir, const char *want_pub,
	     json_t **report, char **cause);

/*
 * The chain's signed head: a signed statement of how far the record went,
 * kept in head.json beside the session's store (the service's in study
 * mode, where the participant can write neither) and carried by each
 * export. A copy of the store or an export with rows cut from its end is
 * still a valid chain, every link signed; only a head the record must
 * reach shows the cut. The head is signed over
 *   "baseliner-head-1\n" SESSION "\n" SEQ "\n" HASH "\n" WALL_MS
 * so it names its session and cannot be moved to another.
 *
 * chain_head_write: write path with st's last linked event if it is past
 * *seq (then *seq is updated). Returns 0, or -1 with a cause.
 */
int	 chain_head_write(struct store *, const char *session,
	     const char *path, int64_t *seq, char **cause);

/* Write DIR/chain.jsonl for an export: each event's link, signature, body
 * and the rows it names. redact: leave out the bodies and rows that hold
 * what --anonymize hides (only their digests stay, the chain still
 * verifies). */
int	 chain_export(struct store *, const char *dir, int redact,
	     char **cause);

#endif
