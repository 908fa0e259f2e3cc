/*
 * review.h: the review page of an exported session, review/index.html: one
 * page a reviewer opens from the file system, with no server and no
 * network, to scrub through an attempt: the replay of every pane, the
 * session's timeline on the work clock (clicking an entry seeks every
 * replay there), the score-over-time plot, the diff of the code at each
 * scoring, the session's facts and what `verify` says of the export's
 * tamper-evident record (chain.jsonl).
 *
 * It is made from the exported files (session.json, scores.jsonl,
 * events.jsonl, pane-N.cast), so an anonymized export gives an anonymized
 * page, plus the session's checkpoint repository for the diffs. Each
 * pane's cast is cut into segments of about REVIEW_SEGMENT_BYTES of
 * output; a segment starts with a snapshot of the screen (snapshot.h), so
 * the player loads only the segment it shows and an 8-hour session opens
 * as fast as a short one. Data files are scripts (in data/), since a page
 * opened from file:// may not fetch() its neighbours.
 */
#ifndef BASELINER_REVIEW_H
#define BASELINER_REVIEW_H

/* Bytes of output a segment holds, by default; tests make it smaller with
 * BASELINER_REVIEW_SEGMENT_BYTES. */
#define REVIEW_SEGMENT_BYTES	(2u << 20)

/*
 * Where the page's own files (index.html, review.js, review.css) and the
 * player (asciinema-player, from the npm registry at build time, with its
 * LICENSE) are: $BASELINER_REVIEW_ASSETS (both in one folder, the player in
 * player/), else the source and build trees this binary was built in,
 * else the installed $(pkgdatadir)/review. *player is NULL where the
 * player was not built (npm missing at build time); the page then says so.
 */
int	 review_assets(char **page, char **player, char **cause);

/*
 * Write <export_dir>/review/ from the files already exported there. gitdir
 * and workdir are the session's checkpoint repository and work folder,
 * for the diffs (gitdir NULL: no diffs).
 */
int	 review_write(const char *export_dir, const char *gitdir,
	     const char *workdir, char **cause);

#endif
