/*
 * chain.c: the hash chain over a session's events and the host's
 * signatures on it (see chain.h for the model).
 *
 * An event's body is a compact JSON array:
 *   ["baseliner-event-1", seq, wall, elapsed, kind, actor, data, named]
 * with data the event's JSON text as stored and named the JSON text of
 * the rows it seals ({"score": {"id": N, "sha256": H}}, the same for a
 * checkpoint with its "commit", or {"session": {"sha256": H}}), or null.
 * Its link is SHA-256 of the predecessor's link (hex, "" for the first),
 * a newline and the hex SHA-256 of the body; the host signs the link's
 * hex text with ed25519. A row's digest is SHA-256 over its columns in a
 * fixed order, each as its name, a NUL, a type letter and the value
 * (integers in decimal, reals as %.17g, text and blobs with their length),
 * so it is computed the same from the database and from an export.
 *
 * A row is sealed by the last event that names it; every finished score
 * row, every checkpoint row and the session row must be sealed and equal
 * to their seal. Rows that change later (a score still queued or running)
 * are sealed when they reach their end.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>
#include <sodium.h>

#include "chain.h"
#include "util.h"

#define CHAIN_TAG	"baseliner-event-1"

static const char *const chain_score_cols[] = {
	"id", "requested_wall", "requested_elapsed", "started_wall",
	"finished_wall", "finished_elapsed", "status", "reason", "raw",
	"normalized", "message", "details", "output_tail", "output_bytes",
	"exit_status", "checkpoint_id", "commit_id", "gpu_state", "visible",
	"is_start", "is_final", "requested_by", NULL
};
static const char *const chain_ckpt_cols[] = {
	"id", "commit_id", "parent_id", "wall", "elapsed", "trigger",
	"message", "files_changed", "bytes", NULL
};
static const char *const chain_session_cols[] = {
	"id", "task_id", "task_version", "task_title", "task_dir",
	"participant", "owner_uid", "host", "gpu_model", "gpu_count", "gpus",
	"direction", "aggregation", "visibility", "y_start", "y_ref",
	"calibration", "created_wall", NULL
};

static struct {
	int		ready;
	int		have;
	unsigned char	sk[crypto_sign_SECRETKEYBYTES];
	char		pub[CHAIN_PUB_HEX];
} chain_key;

static int
chain_sodium(void)
{
	static int done;

	if (!done && sodium_init() < 0)
		return (-1);
	done = 1;
	return (0);
}

static void
chain_sha256_hex(const void *p, size_t len, char out[CHAIN_HEX])
{
	unsigned char	h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, p, len);
	sodium_bin2hex(out, CHAIN_HEX, h, sizeof h);
}

static void
chain_link(const char *prev, const char *digest, char out[CHAIN_HEX])
{
	char	*s;

	s = xasprintf("%s\n%s", prev, digest);
	chain_sha256_hex(s, strlen(s), out);
	free(s);
}

/* Keys. */

int
chain_key_init(const char *home, char **cause)
{
	unsigned char	 pk[crypto_sign_PUBLICKEYBYTES];
	char		*kp, *pp, *data = NULL, hex[CHAIN_PUB_HEX + 1];
	size_t		 len;
	int		 fd, rc = -1;

	if (chain_key.ready)
		return (chain_key.have ? 0 : -1);
	chain_key.ready = 1;
	if (chain_sodium() != 0)
		return (set_cause(cause, "libsodium did not start"));
	kp = path_join(home, "host.key");
	pp = path_join(home, "host.pub");
	errno = 0;
	if (access(kp, F_OK) == 0 && file_read(kp, &data, &len, cause) != 0)
		goto out;
	if (data != NULL) {
		if (len != sizeof chain_key.sk) {
			set_cause(cause, "%s: not an ed25519 key", kp);
			goto out;
		}
		memcpy(chain_key.sk, data, len);
	} else if (access(kp, F_OK) != 0 && errno == ENOENT) {
		if (mkdir_p(home, 0755, cause) != 0)
			goto out;
		crypto_sign_keypair(pk, chain_key.sk);
		fd = open(kp, O_WRONLY | O_CREAT | O_EXCL, 0600);
		if (fd == -1 || write(fd, chain_key.sk, sizeof chain_key.sk) !=
		    (ssize_t)sizeof chain_key.sk) {
			set_cause(cause, "%s: %s", kp, strerror(errno));
			if (fd != -1)
				close(fd);
			goto out;
		}
		close(fd);
		sodium_bin2hex(hex, CHAIN_PUB_HEX, pk, sizeof pk);
		hex[CHAIN_PUB_HEX - 1] = '\n';
		hex[CHAIN_PUB_HEX] = '\0';
		if (file_write(pp, hex, strlen(hex), cause) != 0)
			goto out;
		chmod(pp, 0644);
	} else {
		set_cause(cause, "%s: %s", kp, strerror(errno));
		goto out;
	}
	crypto_sign_ed25519_sk_to_pk(pk, chain_key.sk);
	sodium_bin2hex(chain_key.pub, sizeof chain_key.pub, pk, sizeof pk);
	chain_key.have = 1;
	rc = 0;
out:
	if (data != NULL) {
		sodium_memzero(data, len);
		free(data);
	}
	free(kp);
	free(pp);
	return (rc);
}

const char *
chain_key_pub(void)
{
	return (chain_key.have ? chain_key.pub : NULL);
}

static int
chain_is_hex(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		if (strchr("0123456789abcdef", s[i]) == NULL || s[i] == '\0')
			return (0);
	}
	return (s[len] == '\0' || s[len] == '\n');
}

int
chain_pub_read(const char *what, char out[CHAIN_PUB_HEX])
{
	char	*data = NULL;
	size_t	 len;
	int	 rc = -1;

	if (chain_is_hex(what, CHAIN_PUB_HEX - 1) && strlen(what) ==
	    CHAIN_PUB_HEX - 1) {
		memcpy(out, what, CHAIN_PUB_HEX);
		return (0);
	}
	if (file_read(what, &data, &len, NULL) != 0)
		return (-1);
	if (len >= CHAIN_PUB_HEX - 1 && chain_is_hex(data, CHAIN_PUB_HEX - 1)) {
		memcpy(out, data, CHAIN_PUB_HEX - 1);
		out[CHAIN_PUB_HEX - 1] = '\0';
		rc = 0;
	}
	free(data);
	return (rc);
}

/* Sign msg with the host key, as hex in sighex; "" without a key. */
static void
chain_sign(const char *msg, char sighex[CHAIN_SIG_HEX])
{
	unsigned char	sig[crypto_sign_BYTES];

	*sighex = '\0';
	if (!chain_key.have)
		return;
	crypto_sign_detached(sig, NULL, (const unsigned char *)msg,
	    strlen(msg), chain_key.sk);
	sodium_bin2hex(sighex, CHAIN_SIG_HEX, sig, sizeof sig);
}

static int
chain_sig_ok(const char *pub, const char *link, const char *sig)
{
	unsigned char	pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char	sb[crypto_sign_BYTES];
	size_t		n;

	if (chain_sodium() != 0 || pub == NULL || sig == NULL)
		return (0);
	if (sodium_hex2bin(pk, sizeof pk, pub, strlen(pub), NULL, &n, NULL) !=
	    0 || n != sizeof pk)
		return (0);
	if (sodium_hex2bin(sb, sizeof sb, sig, strlen(sig), NULL, &n, NULL) !=
	    0 || n != sizeof sb)
		return (0);
	return (crypto_sign_verify_detached(sb, (const unsigned char *)link,
	    strlen(link), pk) == 0);
}

/* Rows. */

static void
chain_put(crypto_hash_sha256_state *h, const void *p, size_t len)
{
	crypto_hash_sha256_update(h, p, len);
}

/* A row's digest from its JSON (the database's or an export's). */
static void
chain_row_digest(json_t *row, const char *const *cols, char out[CHAIN_HEX])
{
	crypto_hash_sha256_state	 h;
	unsigned char			 d[crypto_hash_sha256_BYTES];
	char				 num[64];
	json_t				*v;
	size_t				 i;

	crypto_hash_sha256_init(&h);
	for (i = 0; cols[i] != NULL; i++) {
		chain_put(&h, cols[i], strlen(cols[i]) + 1);
		v = json_object_get(row, cols[i]);
		if (json_is_integer(v)) {
			snprintf(num, sizeof num, "i%lld",
			    (long long)json_integer_value(v));
			chain_put(&h, num, strlen(num) + 1);
		} else if (json_is_real(v)) {
			snprintf(num, sizeof num, "r%.17g", json_real_value(v));
			chain_put(&h, num, strlen(num) + 1);
		} else if (json_is_string(v)) {
			snprintf(num, sizeof num, "s%zu:",
			    json_string_length(v));
			chain_put(&h, num, strlen(num));
			chain_put(&h, json_string_value(v),
			    json_string_length(v));
		} else
			chain_put(&h, "n", 2);
	}
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(out, CHAIN_HEX, d, sizeof d);
}

static char *
chain_buf_done(struct buf *b)
{
	char	*s = xstrdup(buf_cstr(b));

	buf_done(b);
	return (s);
}

static char *
chain_cols_sql(const char *const *cols)
{
	struct buf	b;
	size_t		i;

	buf_init(&b);
	for (i = 0; cols[i] != NULL; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", cols[i]);
	return (chain_buf_done(&b));
}

/* A row of TABLE by id (NULL id: the only row), as JSON, or NULL. */
static json_t *
chain_row(struct store *st, const char *table, const char *const *cols,
    int64_t id)
{
	json_t	*rows, *row;
	char	*sql, *list;

	list = chain_cols_sql(cols);
	if (id >= 0) {
		sql = xasprintf("SELECT %s FROM %s WHERE id = ?", list, table);
		rows = store_query_json(st, NULL, sql, store_int(id));
	} else {
		sql = xasprintf("SELECT %s FROM %s LIMIT 1", list, table);
		rows = store_query_json(st, NULL, sql);
	}
	free(sql);
	free(list);
	row = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	return (row);
}

static const char *const *
chain_cols_of(const char *what)
{
	if (strcmp(what, "score") == 0)
		return (chain_score_cols);
	if (strcmp(what, "checkpoint") == 0)
		return (chain_ckpt_cols);
	return (chain_session_cols);
}

/* What an event of this kind seals: "score", "checkpoint", "session". */
static const char *
chain_seals(const char *kind)
{
	if (strcmp(kind, "score_finished") == 0)
		return ("score");
	if (strcmp(kind, "checkpoint") == 0)
		return ("checkpoint");
	if (strcmp(kind, "session_created") == 0)
		return ("session");
	return (NULL);
}

/* The named text of a new event: the rows it seals, with digests. */
static char *
chain_named(struct store *st, const char *kind, json_t *data)
{
	const char	*what = chain_seals(kind);
	json_t		*row, *named, *id;
	char		 d[CHAIN_HEX], *text;

	if (what == NULL)
		return (NULL);
	id = json_object_get(data, "id");
	if (strcmp(what, "session") != 0 && !json_is_integer(id))
		return (NULL);
	row = chain_row(st, what, chain_cols_of(what), strcmp(what,
	    "session") == 0 ? -1 : json_integer_value(id));
	if (row == NULL)
		return (NULL);
	chain_row_digest(row, chain_cols_of(what), d);
	if (strcmp(what, "checkpoint") == 0)
		named = json_pack("{s{sO sO ss}}", what, "id", id, "commit",
		    json_object_get(row, "commit_id"), "sha256", d);
	else if (strcmp(what, "score") == 0)
		named = json_pack("{s{sO ss}}", what, "id", id, "sha256", d);
	else
		named = json_pack("{s{ss}}", what, "sha256", d);
	json_decref(row);
	text = json_dumps(named, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(named);
	return (text);
}

/* The body of an event from its stored fields, as text (malloc'd). */
static char *
chain_body(json_t *ev)
{
	json_t	*a, *named = json_object_get(ev, "named");
	char	*text;

	a = json_pack("[s O O O O O O O]", CHAIN_TAG,
	    json_object_get(ev, "seq"), json_object_get(ev, "wall"),
	    json_object_get(ev, "elapsed"), json_object_get(ev, "kind"),
	    json_object_get(ev, "actor"), json_object_get(ev, "data"),
	    named != NULL ? named : json_null());
	if (a == NULL)
		return (NULL);
	text = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return (text);
}

/* Appending. */

int64_t
chain_event(struct store *st, int64_t wall, double elapsed, const char *kind,
    const char *actor, json_t *data, char **cause)
{
	char		 digest[CHAIN_HEX], link[CHAIN_HEX];
	char		 sighex[CHAIN_SIG_HEX], *prev, *named, *body;
	char		*why = NULL;
	json_t		*rows;
	int64_t		 seq;

	if (chain_sodium() != 0) {
		json_decref(data);
		return (set_cause(cause, "libsodium did not start"));
	}
	if (!chain_key.ready && chain_key_init(home_dir(), &why) != 0) {
		log_warn("events go unsigned: %s", why);
		free(why);
	}
	if (store_exec(st, cause, "SAVEPOINT chain") != 0) {
		json_decref(data);
		return (-1);
	}
	named = chain_named(st, kind, data);
	if ((seq = store_event(st, wall, elapsed, kind, actor, data,
	    cause)) < 0)
		goto fail;
	if (named != NULL && store_exec(st, cause, "UPDATE event SET named = "
	    "? WHERE seq = ?", store_text(named), store_int(seq)) != 0)
		goto fail;
	prev = store_query_text(st, "SELECT hash FROM event WHERE seq < ? "
	    "AND hash IS NOT NULL ORDER BY seq DESC LIMIT 1", store_int(seq));
	rows = store_query_json(st, cause, "SELECT seq, wall, elapsed, kind, "
	    "actor, data, named FROM event WHERE seq = ?", store_int(seq));
	body = rows != NULL ? chain_body(json_array_get(rows, 0)) : NULL;
	json_decref(rows);
	if (body == NULL) {
		free(prev);
		set_cause(cause, "event %lld: cannot make its body",
		    (long long)seq);
		goto fail;
	}
	chain_sha256_hex(body, strlen(body), digest);
	chain_link(prev != NULL ? prev : "", digest, link);
	free(prev);
	free(body);
	chain_sign(link, sighex);
	if (store_exec(st, cause, "UPDATE event SET hash = ?, sig = ?, "
	    "signer = ? WHERE seq = ?", store_text(link),
	    store_text(*sighex ? sighex : NULL),
	    store_text(chain_key.have ? chain_key.pub : NULL),
	    store_int(seq)) != 0)
		goto fail;
	free(named);
	if (store_exec(st, cause, "RELEASE chain") != 0)
		return (-1);
	return (seq);
fail:
	free(named);
	store_exec(st, NULL, "ROLLBACK TO chain");
	store_exec(st, NULL, "RELEASE chain");
	return (-1);
}

/* The signed head. */

static char *
chain_head_msg(const char *session, int64_t seq, const char *hash,
    int64_t wall)
{
	return (xasprintf("baseliner-head-1\n%s\n%lld\n%s\n%lld", session,
	    (long long)seq, hash, (long long)wall));
}

int
chain_head_write(struct store *st, const char *session, const char *path,
    int64_t *seq, char **cause)
{
	char		 sighex[CHAIN_SIG_HEX], *hash, *msg, *text;
	int64_t		 last, wall = wall_ms();
	json_t		*head;
	int		 rc;

	last = store_query_int(st, "SELECT COALESCE(max(seq), 0) FROM event "
	    "WHERE hash IS NOT NULL");
	if (last <= 0 || last <= *seq)
		return (0);
	hash = store_query_text(st, "SELECT hash FROM event WHERE seq = ?",
	    store_int(last));
	if (hash == NULL)
		return (set_cause(cause, "event %lld: no link", (long long)last));
	if (!chain_key.ready && chain_key_init(home_dir(), NULL) != 0)
		log_warn("the chain's head goes unsigned: no host key");
	head = json_pack("{ss sI ss sI}", "session", session, "seq",
	    (json_int_t)last, "hash", hash, "wall", (json_int_t)wall);
	if (chain_key.have) {
		msg = chain_head_msg(session, last, hash, wall);
		chain_sign(msg, sighex);
		free(msg);
		json_object_set_new(head, "signer", json_string(chain_key.pub));
		json_object_set_new(head, "sig", json_string(sighex));
	}
	free(hash);
	text = json_dumps(head, JSON_COMPACT);
	json_decref(head);
	rc = file_write(path, text, strlen(text), cause);
	free(text);
	if (rc == 0)
		*seq = last;
	return (rc);
}

/* Verifying. */

struct chain_check {
	json_t		*problems;
	const char	*want_pub;	/* NULL: whatever signed */
	char		 signer[CHAIN_PUB_HEX];
	int64_t		 events, linked, unlinked, signed_n, broken_at;
	json_t		*head;
	json_t		*sealed;	/* "score:ID" -> named entry */
	int64_t		 want_seq;	/* the signed head to reach, or 0 */
	char		 want_hash[CHAIN_HEX];
	char		*want_session;
};

static void
chain_problem(struct chain_check *c, int64_t seq, const char *fmt, ...)
    printflike(3, 4);

static void
chain_problem(struct chain_check *c, int64_t seq, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		msg = NULL;
	va_end(ap);
	json_array_append_new(c->problems, json_pack("{sI ss}", "seq",
	    (json_int_t)seq, "problem", msg ? msg : "?"));
	free(msg);
	if (seq > 0 && (c->broken_at == 0 || seq < c->broken_at))
		c->broken_at = seq;
}

static void
chain_check_init(struct chain_check *c, const char *want_pub)
{
	memset(c, 0, sizeof *c);
	c->problems = json_array();
	c->sealed = json_object();
	c->want_pub = want_pub;
}

/*
 * One event: ev holds seq, kind, hash, sig, signer, named and either the
 * body's fields or "digest" (an export that withheld the body). prev is
 * the last link seen (stored, so one change is reported once).
 */
static void
chain_check_event(struct chain_check *c, json_t *ev, char *prev, int64_t
    *last_seq)
{
	const char	*hash = json_string_value(json_object_get(ev, "hash"));
	const char	*sig = json_string_value(json_object_get(ev, "sig"));
	const char	*signer = json_string_value(json_object_get(ev,
			    "signer"));
	const char	*kind = json_string_value(json_object_get(ev, "kind"));
	const char	*dg = json_string_value(json_object_get(ev, "digest"));
	int64_t		 seq = json_integer_value(json_object_get(ev, "seq"));
	char		 digest[CHAIN_HEX], link[CHAIN_HEX], key[64], *body;
	json_t		*named;
	const char	*what;

	c->events++;
	if (kind == NULL)
		kind = "?";
	if (seq != *last_seq + 1 && *last_seq != 0)
		chain_problem(c, seq, "seq %lld follows %lld: events between "
		    "them were removed", (long long)seq, (long long)*last_seq);
	*last_seq = seq;
	if (hash == NULL) {
		if (c->linked > 0)
			chain_problem(c, seq, "seq %lld (%s) is not linked: it "
			    "was written outside the session server",
			    (long long)seq, kind);
		else
			c->unlinked++;
		return;
	}
	c->linked++;
	if (dg != NULL)
		snprintf(digest, sizeof digest, "%s", dg);
	else {
		if ((body = chain_body(ev)) == NULL) {
			chain_problem(c, seq, "seq %lld: its fields are not "
			    "readable", (long long)seq);
			return;
		}
		chain_sha256_hex(body, strlen(body), digest);
		free(body);
	}
	chain_link(prev, digest, link);
	if (strcmp(link, hash) != 0)
		chain_problem(c, seq, "seq %lld (%s): the chain breaks here: "
		    "the event, a row it names, or what came before it was "
		    "changed", (long long)seq, kind);
	if (seq == c->want_seq && strcmp(hash, c->want_hash) != 0)
		chain_problem(c, seq, "seq %lld (%s) is not the one the signed "
		    "head (head.json) names: the record was rewritten from "
		    "here", (long long)seq, kind);
	if (sig == NULL || signer == NULL)
		chain_problem(c, seq, "seq %lld (%s): not signed",
		    (long long)seq, kind);
	else if (!chain_sig_ok(signer, hash, sig))
		chain_problem(c, seq, "seq %lld (%s): the signature does not "
		    "match (the link was rewritten)", (long long)seq, kind);
	else if (c->want_pub != NULL && strcmp(signer, c->want_pub) != 0)
		chain_problem(c, seq, "seq %lld (%s): signed by another key "
		    "(%.16s...) than the host's (%.16s...)", (long long)seq,
		    kind, signer, c->want_pub);
	else {
		c->signed_n++;
		snprintf(c->signer, sizeof c->signer, "%s", signer);
	}
	snprintf(prev, CHAIN_HEX, "%s", hash);
	json_decref(c->head);
	c->head = json_pack("{sI ss ss}", "seq", (json_int_t)seq, "kind",
	    kind, "hash", hash);

	/* The rows it seals: the last seal of each row counts. */
	named = json_is_string(json_object_get(ev, "named")) ?
	    json_loads(json_string_value(json_object_get(ev, "named")), 0,
	    NULL) : NULL;
	if (named != NULL && (what = chain_seals(kind)) != NULL) {
		json_t *n = json_object_get(named, what);

		if (strcmp(what, "session") == 0)
			snprintf(key, sizeof key, "session");
		else
			snprintf(key, sizeof key, "%s:%lld", what, (long long)
			    json_integer_value(json_object_get(n, "id")));
		if (n != NULL)
			json_object_set_new(c->sealed, key, json_pack("{sO sI}",
			    "named", n, "seq", (json_int_t)seq));
	}
	json_decref(named);
}

/* A row against its seal; row NULL: the seal names a row that is gone. */
static void
chain_check_row(struct chain_check *c, const char *what, json_t *row,
    int64_t id)
{
	char		 key[64], d[CHAIN_HEX];
	json_t		*seal;
	const char	*want;
	int64_t		 seq;

	if (strcmp(what, "session") == 0)
		snprintf(key, sizeof key, "session");
	else
		snprintf(key, sizeof key, "%s:%lld", what, (long long)id);
	seal = json_object_get(c->sealed, key);
	if (seal == NULL) {
		chain_problem(c, 0, "%s %lld is sealed by no event: it was "
		    "inserted or finished outside the session server", what,
		    (long long)id);
		return;
	}
	json_object_set_new(seal, "seen", json_true());
	want = json_string_value(json_object_get(json_object_get(seal,
	    "named"), "sha256"));
	seq = json_integer_value(json_object_get(seal, "seq"));
	chain_row_digest(row, chain_cols_of(what), d);
	if (want == NULL || strcmp(d, want) != 0)
		chain_problem(c, seq, "%s %lld differs from what seq %lld "
		    "sealed: the row was changed", what, (long long)id,
		    (long long)seq);
}

static int
chain_terminal(const char *status)
{
	return (status != NULL && strcmp(status, "queued") != 0 &&
	    strcmp(status, "running") != 0);
}

static void
chain_check_unseen(struct chain_check *c)
{
	const char	*key;
	json_t		*seal;

	json_object_foreach(c->sealed, key, seal) {
		if (strncmp(key, "score:", 6) == 0 &&
		    json_object_get(seal, "seen") == NULL)
			/* A sealed score that is not finished or gone. */
			chain_problem(c, json_integer_value(json_object_get(
			    seal, "seq")), "%s sealed by seq %lld is missing "
			    "or no longer finished", key, (long long)
			    json_integer_value(json_object_get(seal, "seq")));
		else if (strncmp(key, "checkpoint:", 11) == 0 &&
		    json_object_get(seal, "seen") == NULL)
			chain_problem(c, json_integer_value(json_object_get(
			    seal, "seq")), "%s sealed by seq %lld is missing",
			    key, (long long)json_integer_value(
			    json_object_get(seal, "seq")));
	}
}

static json_t *
chain_report(struct chain_check *c)
{
	json_t	*r;
	int	 host = c->want_pub != NULL;

	r = json_pack("{sb sI sI sI sI sO so}", "ok",
	    json_array_size(c->problems) == 0, "events", (json_int_t)c->events,
	    "linked", (json_int_t)c->linked, "unlinked_before_chain",
	    (json_int_t)c->unlinked, "signed", (json_int_t)c->signed_n,
	    "problems", c->problems, "head", c->head ? json_incref(c->head) :
	    json_null());
	if (*c->signer != '\0') {
		json_object_set_new(r, "signer", json_string(c->signer));
		json_object_set_new(r, "signer_checked", json_boolean(host));
	}
	if (c->broken_at > 0)
		json_object_set_new(r, "broken_at", json_integer(c->broken_at));
	return (r);
}

static void
chain_check_done(struct chain_check *c)
{
	free(c->want_session);
	json_decref(c->problems);
	json_decref(c->sealed);
	json_decref(c->head);
}

/* Each checkpoint's commit is in the repository with its parent. */
static void
chain_check_git(struct chain_check *c, const char *gitdir, json_t *rows)
{
	git_repository	*repo;
	git_commit	*cm;
	git_oid		 oid;
	json_t		*row;
	const char	*id, *parent;
	char		 got[GIT_OID_HEXSZ + 1];
	size_t		 i;

	git_libgit2_init();
	if (git_repository_open_bare(&repo, gitdir) != 0) {
		chain_problem(c, 0, "%s: not a git repository", gitdir);
		git_libgit2_shutdown();
		return;
	}
	json_array_foreach(rows, i, row) {
		id = json_string_value(json_object_get(row, "commit_id"));
		parent = json_string_value(json_object_get(row, "parent_id"));
		if (id == NULL || git_oid_fromstr(&oid, id) != 0 ||
		    git_commit_lookup(&cm, repo, &oid) != 0) {
			chain_problem(c, 0, "checkpoint %lld: commit %.12s is "
			    "not in the repository (history was rewritten or "
			    "pruned)", (long long)json_integer_value(
			    json_object_get(row, "id")), id ? id : "?");
			continue;
		}
		if (parent != NULL && (git_commit_parentcount(cm) < 1 ||
		    strcmp(git_oid_tostr(got, sizeof got,
		    git_commit_parent_id(cm, 0)), parent) != 0))
			chain_problem(c, 0, "checkpoint %lld: commit %.12s does "
			    "not have its recorded parent %.12s",
			    (long long)json_integer_value(json_object_get(row,
			    "id")), id, parent);
		git_commit_free(cm);
	}
	git_repository_free(repo);
	git_libgit2_shutdown();
}

/*
 * The head a record must reach: path's signature checked (by the key the
 * chain is to be signed with, if one is wanted), then kept in c for the
 * walk. A missing or bad head is a problem: without it a cut at the end
 * looks like the end.
 */
static void
chain_head_load(struct chain_check *c, const char *path)
{
	json_t		*h;
	const char	*session, *hash, *signer, *sig;
	char		*msg;
	int64_t		 seq, wall;

	if ((h = json_load_file(path, 0, NULL)) == NULL) {
		chain_problem(c, 0, "no signed head (head.json): rows cut from "
		    "the end of the record could not be seen");
		return;
	}
	session = json_string_value(json_object_get(h, "session"));
	hash = json_string_value(json_object_get(h, "hash"));
	signer = json_string_value(json_object_get(h, "signer"));
	sig = json_string_value(json_object_get(h, "sig"));
	seq = json_integer_value(json_object_get(h, "seq"));
	wall = json_integer_value(json_object_get(h, "wall"));
	if (session == NULL || hash == NULL || seq <= 0 ||
	    strlen(hash) != CHAIN_HEX - 1) {
		chain_problem(c, 0, "head.json is not a chain's head");
		json_decref(h);
		return;
	}
	msg = chain_head_msg(session, seq, hash, wall);
	if (signer == NULL || sig == NULL)
		chain_problem(c, 0, "head.json is not signed");
	else if (!chain_sig_ok(signer, msg, sig))
		chain_problem(c, 0, "head.json: the signature does not match "
		    "(the head was rewritten)");
	else if (c->want_pub != NULL && strcmp(signer, c->want_pub) != 0)
		chain_problem(c, 0, "head.json is signed by another key "
		    "(%.16s...) than the host's (%.16s...)", signer,
		    c->want_pub);
	else {
		c->want_seq = seq;
		snprintf(c->want_hash, sizeof c->want_hash, "%s", hash);
		c->want_session = xstrdup(session);
	}
	free(msg);
	json_decref(h);
}

/* After the walk: the record reached its head, and is its session's. */
static void
chain_head_done(struct chain_check *c, int64_t last, const char *session)
{
	if (c->want_seq == 0)
		return;
	if (session != NULL && strcmp(session, c->want_session) != 0)
		chain_problem(c, 0, "head.json is session %s's, not this one's "
		    "(%s)", c->want_session, session);
	if (last < c->want_seq)
		chain_problem(c, last + 1, "the record ends at seq %lld, but "
		    "its signed head (head.json) is seq %lld: events %lld to "
		    "%lld were cut", (long long)last, (long long)c->want_seq,
		    (long long)last + 1, (long long)c->want_seq);
}

int
chain_verify_store(struct store *st, const char *gitdir, const char *head,
    const char *want_pub, json_t **report, char **cause)
{
	struct chain_check	 c;
	char			 prev[CHAIN_HEX] = "", *list, *sql;
	json_t			*evs, *ev, *rows, *row;
	int64_t			 last = 0;
	size_t			 i;

	*report = NULL;
	evs = store_query_json(st, cause, "SELECT seq, wall, elapsed, kind, "
	    "actor, data, named, hash, sig, signer FROM event ORDER BY seq");
	if (evs == NULL)
		return (-1);
	chain_check_init(&c, want_pub);
	if (head != NULL)
		chain_head_load(&c, head);
	json_array_foreach(evs, i, ev)
		chain_check_event(&c, ev, prev, &last);
	json_decref(evs);

	if ((row = chain_row(st, "session", chain_session_cols, -1)) != NULL) {
		chain_check_row(&c, "session", row, 0);
		chain_head_done(&c, last, json_string_value(json_object_get(row,
		    "id")));
		json_decref(row);
	} else
		chain_head_done(&c, last, NULL);
	list = chain_cols_sql(chain_score_cols);
	sql = xasprintf("SELECT %s FROM score ORDER BY id", list);
	rows = store_query_json(st, NULL, sql);
	free(sql);
	free(list);
	json_array_foreach(rows, i, row) {
		if (chain_terminal(json_string_value(json_object_get(row,
		    "status"))))
			chain_check_row(&c, "score", row, json_integer_value(
			    json_object_get(row, "id")));
	}
	json_decref(rows);
	list = chain_cols_sql(chain_ckpt_cols);
	sql = xasprintf("SELECT %s FROM checkpoint ORDER BY id", list);
	rows = store_query_json(st, NULL, sql);
	free(sql);
	free(list);
	json_array_foreach(rows, i, row)
		chain_check_row(&c, "checkpoint", row, json_integer_value(
		    json_object_get(row, "id")));
	chain_check_unseen(&c);
	if (gitdir != NULL && rows != NULL)
		chain_check_git(&c, gitdir, rows);
	json_decref(rows);
	*report = chain_report(&c);
	chain_check_done(&c);
	return (json_is_true(json_object_get(*report, "ok")) ? 0 : 1);
}

/* Exports. */

/* A row for JSON: text that is not UTF-8 goes as {"hex": ...}. */
static json_t *
chain_row_out(json_t *row)
{
	const char	*k;
	json_t		*v, *out = json_object();
	char		*hex;
	size_t		 n;

	json_object_foreach(row, k, v) {
		json_t *copy = json_is_string(v) ? json_stringn(
		    json_string_value(v), json_string_length(v)) : NULL;

		if (json_is_string(v) && copy == NULL) {
			n = json_string_length(v);
			hex = xmalloc(2 * n + 1);
			sodium_bin2hex(hex, 2 * n + 1, (const unsigned char *)
			    json_string_value(v), n);
			json_object_set_new(out, k, json_pack("{ss}", "hex",
			    hex));
			free(hex);
		} else
			json_object_set_new(out, k, copy != NULL ? copy :
			    json_incref(v));
	}
	return (out);
}

static json_t *
chain_row_in(json_t *row)
{
	const char	*k, *hex;
	json_t		*v, *out = json_object();
	char		*bin;
	size_t		 n;

	json_object_foreach(row, k, v) {
		if (json_is_object(v) && (hex = json_string_value(
		    json_object_get(v, "hex"))) != NULL) {
			bin = xmalloc(strlen(hex) / 2 + 1);
			if (sodium_hex2bin((unsigned char *)bin, strlen(hex) /
			    2 + 1, hex, strlen(hex), NULL, &n, NULL) != 0)
				n = 0;
			json_object_set_new(out, k, json_stringn_nocheck(bin,
			    n));
			free(bin);
		} else
			json_object_set(out, k, v);
	}
	return (out);
}

static int
chain_redacted_kind(const char *kind)
{
	return (strcmp(kind, "note") == 0 || strcmp(kind, "message") == 0 ||
	    strcmp(kind, "session_created") == 0 ||
	    strcmp(kind, "score_finished") == 0);
}

int
chain_export(struct store *st, const char *dir, int redact, char **cause)
{
	json_t		*evs, *ev, *out, *named, *n, *row, *rows;
	const char	*kind, *what;
	char		*path, *line, *body, digest[CHAIN_HEX];
	FILE		*f;
	size_t		 i;
	int		 rc = 0;

	evs = store_query_json(st, cause, "SELECT seq, wall, elapsed, kind, "
	    "actor, data, named, hash, sig, signer FROM event ORDER BY seq");
	if (evs == NULL)
		return (-1);
	path = path_join(dir, "chain.jsonl");
	if ((f = fopen(path, "w")) == NULL) {
		rc = set_cause(cause, "%s: %s", path, strerror(errno));
		goto out;
	}
	json_array_foreach(evs, i, ev) {
		kind = json_string_value(json_object_get(ev, "kind"));
		if (redact && chain_redacted_kind(kind)) {
			body = chain_body(ev);
			chain_sha256_hex(body, strlen(body), digest);
			free(body);
			out = json_pack("{sO sO sO ss sO sO sO}", "seq",
			    json_object_get(ev, "seq"), "kind",
			    json_object_get(ev, "kind"), "named",
			    json_object_get(ev, "named"), "digest", digest,
			    "hash", json_object_get(ev, "hash"), "sig",
			    json_object_get(ev, "sig"), "signer",
			    json_object_get(ev, "signer"));
		} else {
			out = json_deep_copy(ev);
			rows = json_object();
			named = json_is_string(json_object_get(ev, "named")) ?
			    json_loads(json_string_value(json_object_get(ev,
			    "named")), 0, NULL) : NULL;
			what = chain_seals(kind);
			if (named != NULL && what != NULL &&
			    (n = json_object_get(named, what)) != NULL) {
				row = chain_row(st, what, chain_cols_of(what),
				    strcmp(what, "session") == 0 ? -1 :
				    json_integer_value(json_object_get(n,
				    "id")));
				if (row != NULL)
					json_object_set_new(rows, what,
					    chain_row_out(row));
				json_decref(row);
			}
			json_decref(named);
			json_object_set_new(out, "rows", rows);
		}
		line = json_dumps(out, JSON_COMPACT);
		json_decref(out);
		if (line == NULL || fprintf(f, "%s\n", line) < 0)
			rc = set_cause(cause, "%s: write failed", path);
		free(line);
		if (rc != 0)
			break;
	}
	if (fclose(f) != 0 && rc == 0)
		rc = set_cause(cause, "%s: write failed", path);
out:
	free(path);
	json_decref(evs);
	return (rc);
}

static json_t *
chain_read_jsonl(const char *path, char **cause)
{
	char	*data, *line, *save = NULL;
	json_t	*all, *v;
	size_t	 len;

	if (file_read(path, &data, &len, cause) != 0)
		return (NULL);
	all = json_array();
	for (line = strtok_r(data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if ((v = json_loads(line, 0, NULL)) == NULL) {
			set_cause(cause, "%s: a line is not JSON", path);
			json_decref(all);
			free(data);
			return (NULL);
		}
		json_array_append_new(all, v);
	}
	free(data);
	return (all);
}

/* Equal, numbers to the 10 significant digits an export writes. */
static int
chain_json_close(json_t *a, json_t *b)
{
	const char	*k;
	json_t		*v;
	double		 x, y;
	size_t		 i;

	if (json_is_number(a) && json_is_number(b)) {
		x = json_number_value(a);
		y = json_number_value(b);
		return (fabs(x - y) <= 1e-8 * fmax(1.0, fmax(fabs(x),
		    fabs(y))));
	}
	if (json_is_object(a) && json_is_object(b)) {
		if (json_object_size(a) != json_object_size(b))
			return (0);
		json_object_foreach(a, k, v) {
			if (!chain_json_close(v, json_object_get(b, k)))
				return (0);
		}
		return (1);
	}
	if (json_is_array(a) && json_is_array(b)) {
		if (json_array_size(a) != json_array_size(b))
			return (0);
		json_array_foreach(a, i, v) {
			if (!chain_json_close(v, json_array_get(b, i)))
				return (0);
		}
		return (1);
	}
	return (a != NULL && b != NULL && json_equal(a, b));
}

/* scores.jsonl against the rows the chain sealed. */
static void
chain_check_export_scores(struct chain_check *c, json_t *scores,
    json_t *sealed_rows)
{
	static const char *const same[] = { "status", "raw", "normalized",
	    "requested_elapsed", NULL };
	json_t		*s, *row, *a, *b;
	char		 key[64];
	size_t		 i, j;
	int64_t		 id;

	json_array_foreach(scores, i, s) {
		id = json_integer_value(json_object_get(s, "id"));
		if (!chain_terminal(json_string_value(json_object_get(s,
		    "status"))))
			continue;
		snprintf(key, sizeof key, "score:%lld", (long long)id);
		if (json_object_get(c->sealed, key) == NULL) {
			chain_problem(c, 0, "scores.jsonl: score %lld is sealed "
			    "by no event", (long long)id);
			continue;
		}
		if ((row = json_object_get(sealed_rows, key)) == NULL)
			continue;	/* withheld by --anonymize */
		for (j = 0; same[j] != NULL; j++) {
			a = json_object_get(s, same[j]);
			b = json_object_get(row, same[j]);
			if (!chain_json_close(a ? a : json_null(), b ? b :
			    json_null()))
				chain_problem(c, 0, "scores.jsonl: score %lld's "
				    "%s differs from the sealed row",
				    (long long)id, same[j]);
		}
	}
}

/* events.jsonl against the chain's bodies. */
static void
chain_check_export_events(struct chain_check *c, json_t *events,
    json_t *chain)
{
	json_t		*e, *ch, *byseq, *d;
	char		 key[32];
	size_t		 i;

	byseq = json_object();
	json_array_foreach(chain, i, ch) {
		snprintf(key, sizeof key, "%lld", (long long)
		    json_integer_value(json_object_get(ch, "seq")));
		json_object_set(byseq, key, ch);
	}
	json_array_foreach(events, i, e) {
		if (!json_is_integer(json_object_get(e, "seq")))
			continue;	/* shell commands, not events */
		snprintf(key, sizeof key, "%lld", (long long)
		    json_integer_value(json_object_get(e, "seq")));
		if ((ch = json_object_get(byseq, key)) == NULL) {
			chain_problem(c, json_integer_value(json_object_get(e,
			    "seq")), "events.jsonl: seq %s is not in the "
			    "chain", key);
			continue;
		}
		if (!json_equal(json_object_get(e, "kind"),
		    json_object_get(ch, "kind")))
			chain_problem(c, json_integer_value(json_object_get(e,
			    "seq")), "events.jsonl: seq %s's kind differs "
			    "from the chain", key);
		if (json_object_get(ch, "digest") != NULL)
			continue;
		d = json_loads(json_string_value(json_object_get(ch, "data")),
		    0, NULL);
		if (!json_equal(json_object_get(e, "actor"),
		    json_object_get(ch, "actor")) ||
		    !json_equal(json_object_get(e, "wall"),
		    json_object_get(ch, "wall")) || d == NULL ||
		    !chain_json_close(d, json_object_get(e, "data")))
			chain_problem(c, json_integer_value(json_object_get(e,
			    "seq")), "events.jsonl: seq %s differs from the "
			    "chain", key);
		json_decref(d);
	}
	json_decref(byseq);
}

int
chain_verify_export(const char *dir, const char *want_pub, json_t **report,
    char **cause)
{
	struct chain_check	 c;
	char			 prev[CHAIN_HEX] = "", *path, key[64];
	json_t			*chain, *ev, *rows, *r, *sealed_rows, *events;
	json_t			*scores;
	const char		*what;
	int64_t			 last = 0;
	size_t			 i;

	*report = NULL;
	path = path_join(dir, "chain.jsonl");
	chain = chain_read_jsonl(path, cause);
	free(path);
	if (chain == NULL)
		return (-1);
	chain_check_init(&c, want_pub);
	path = path_join(dir, "head.json");
	chain_head_load(&c, path);
	free(path);
	json_array_foreach(chain, i, ev)
		chain_check_event(&c, ev, prev, &last);
	/* The rows that came with their seals. */
	sealed_rows = json_object();
	json_array_foreach(chain, i, ev) {
		rows = json_object_get(ev, "rows");
		what = chain_seals(json_string_value(json_object_get(ev,
		    "kind")));
		if (what == NULL || (r = json_object_get(rows, what)) == NULL)
			continue;
		r = chain_row_in(r);
		if (strcmp(what, "session") == 0)
			snprintf(key, sizeof key, "session");
		else
			snprintf(key, sizeof key, "%s:%lld", what, (long long)
			    json_integer_value(json_object_get(r, "id")));
		json_object_set_new(sealed_rows, key, r);
	}
	json_object_foreach(sealed_rows, what, r) {
		const char *colon = strchr(what, ':');
		char kind[32];

		snprintf(kind, sizeof kind, "%.*s", colon ? (int)(colon -
		    what) : (int)strlen(what), what);
		chain_check_row(&c, kind, r, colon ? strtoll(colon + 1, NULL,
		    10) : 0);
	}
	r = json_object_get(sealed_rows, "session");
	chain_head_done(&c, last, r != NULL ? json_string_value(
	    json_object_get(r, "id")) : NULL);
	path = path_join(dir, "events.jsonl");
	if ((events = chain_read_jsonl(path, NULL)) != NULL)
		chain_check_export_events(&c, events, chain);
	else
		chain_problem(&c, 0, "events.jsonl is missing or not JSON");
	free(path);
	path = path_join(dir, "scores.jsonl");
	if ((scores = chain_read_jsonl(path, NULL)) != NULL)
		chain_check_export_scores(&c, scores, sealed_rows);
	else
		chain_problem(&c, 0, "scores.jsonl is missing or not JSON");
	free(path);
	json_decref(events);
	json_decref(scores);
	json_decref(sealed_rows);
	json_decref(chain);
	*report = chain_report(&c);
	chain_check_done(&c);
	return (json_is_true(json_object_get(*report, "ok")) ? 0 : 1);
}
