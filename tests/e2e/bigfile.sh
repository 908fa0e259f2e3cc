#!/bin/sh
# A 2 GB file in the work folder and a .gitignore'd one: the checkpoint
# succeeds, the big file is recorded (path, size, git blob hash) as left
# out and is not in the commit, the ignored file is not committed, and
# 'checkpoints' says what was left out. Scoring goes on.
set -u
. "$top_srcdir/tests/lib.sh"
make_lab_pack "$BASELINER_HOME/packs" 60
BASELINER_TASKS=$BASELINER_HOME/packs
export BASELINER_TASKS
start_session lab

truncate -s 2G "$WORK/weights.bin" 2>/dev/null || { echo "SKIP: no sparse files"; exit 77; }
printf '*.log\ncache/\n' >"$WORK/.gitignore"
echo "training noise" >"$WORK/train.log"
mkdir -p "$WORK/cache" "$WORK/src"
echo "cached" >"$WORK/cache/blob"
echo "int main;" >"$WORK/src/model.c"
echo "small but kept" >"$WORK/small.bin"

out=$($BASELINER checkpoint -m "with a big file" 2>&1) || fail "checkpoint: $out"
cid=$(q "SELECT max(id) FROM checkpoint")
commit=$(q "SELECT commit_id FROM checkpoint WHERE id = $cid")
[ "$(q "SELECT trigger FROM checkpoint WHERE id = $cid")" = manual ] || fail "no manual checkpoint"
row=$(q "SELECT path, size, hash FROM checkpoint_skipped WHERE checkpoint_id = $cid")
# git hash-object of 2 GiB of zeros (SHA-1 object format).
[ "$row" = "weights.bin|2147483648|77e9132b46cb9535f286f18974872f40049d1a89" ] ||
	fail "checkpoint_skipped: '$row'"
tree=$(git --git-dir="$GITDIR" ls-tree -r --name-only "$commit") || fail "ls-tree $commit"
note "tree: $(echo $tree)"
for f in .gitignore src/model.c small.bin README; do
	echo "$tree" | grep -qxF "$f" || fail "$f is not in the commit: $tree"
done
for f in weights.bin train.log cache/blob; do
	echo "$tree" | grep -qxF "$f" && fail "$f was committed"
done
[ "$(q "SELECT json_extract(data, '\$.skipped') FROM event WHERE kind = 'checkpoint' ORDER BY seq DESC LIMIT 1")" = 1 ] ||
	fail "the checkpoint event does not count the left-out file"
git --git-dir="$GITDIR" count-objects -v | awk '$1 == "size-pack:" || $1 == "size:" { s += $2 } END { exit !(s < 10240) }' ||
	fail "the repository grew by the big file: $(git --git-dir="$GITDIR" count-objects -vH)"

out=$($BASELINER checkpoints 2>&1) || fail "checkpoints: $out"
note "$out"
echo "$out" | grep -q "left out" || fail "checkpoints does not say what was left out: $out"
echo "$out" | grep -q "weights.bin" || fail "checkpoints does not name the file: $out"
js=$($BASELINER checkpoints --json) || fail "checkpoints --json"
echo "$js" | grep -q "77e9132b46cb9535f286f18974872f40049d1a89" || fail "checkpoints --json has no hash: $js"

# Scoring checkpoints the same tree; a file that grows past the cap
# after being committed small is taken out again.
$BASELINER score >/dev/null || fail "score with a big file"
[ "$(q "SELECT status FROM score ORDER BY id DESC LIMIT 1")" = valid ] || fail "score not valid"
truncate -s 60M "$WORK/small.bin"
$BASELINER checkpoint -m grown >/dev/null || fail "checkpoint after growing"
c2=$(q "SELECT commit_id FROM checkpoint ORDER BY id DESC LIMIT 1")
git --git-dir="$GITDIR" ls-tree -r --name-only "$c2" | grep -qx small.bin &&
	fail "a file grown past the cap is still committed"
[ "$(q "SELECT group_concat(path, ',') FROM (SELECT path FROM checkpoint_skipped WHERE checkpoint_id = (SELECT max(id) FROM checkpoint) ORDER BY path)")" = "small.bin,weights.bin" ] ||
	fail "skipped after growing: $(q "SELECT * FROM checkpoint_skipped")"
git --git-dir="$GITDIR" fsck --no-progress >/dev/null 2>&1 || fail "git fsck"
echo "PASS"
exit 0
