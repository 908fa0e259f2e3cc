#!/bin/sh
# Checkpoints as a participant reads them: diff and restore take the
# numbers `checkpoints` shows (through the CLI and through the server, as
# the workbench asks), editors' swap, backup and lock files are left out,
# and plain git log
# of the checkpoints tells the story: each scoring's commit says which
# score it was taken for, and a note says what it gave.
set -u
. "$top_srcdir/tests/lib.sh"
start_session demo

touch "$WORK/.solution.c.swp" "$WORK/solution.c~" "$WORK/.#solution.c"
echo '/* second */' >>"$WORK/solution.c"
$BASELINER checkpoint -m "second" >/dev/null || fail "checkpoint"
files=$(git --git-dir="$GITDIR" ls-tree --name-only main)
echo "$files" | grep -q 'swp\|~\|\.#' && fail "editor files were checkpointed: $files"
echo "$files" | grep -qx solution.c || fail "solution.c missing: $files"

# By number, through the CLI.
n=$($BASELINER checkpoints | awk '$5 == "second" || $NF == "second" { print $1 }' | tail -n 1)
[ -n "$n" ] || { $BASELINER checkpoints; fail "no checkpoint named second"; }
$BASELINER diff 1 "$n" | grep -q '^+/\* second \*/' || fail "diff 1 $n"
$BASELINER restore 1 "$BASELINER_HOME/r1" >/dev/null || fail "restore 1"
grep -q 'second' "$BASELINER_HOME/r1/solution.c" && fail "restore 1 gave the later code"
out=$($BASELINER diff 999 2>&1) && fail "diff 999 succeeded"
echo "$out" | grep -q "no checkpoint 999" || fail "diff 999 said: $out"
# Through the server.
r=$(python3 "$top_srcdir/tests/tools/blctl.py" "$SESSION_DIR/control.sock" diff \
    "{\"from\": \"1\", \"to\": \"$n\"}")
echo "$r" | grep -q 'second' || fail "the server's diff 1 $n: $r"

# git log tells the story: the score a commit was taken for, its result
# (a scoring of unchanged code notes the commit it finds).
echo '/* third */' >>"$WORK/solution.c"
$BASELINER score >/dev/null || fail "score"
log=$(git --git-dir="$GITDIR" log --format='%s%n%N' main)
echo "$log" | grep -q '^score: for score 2$' || fail "no commit for score 2: $log"
wait_for 10 "git --git-dir='$GITDIR' log --format=%N main | grep -q '^score 2: valid, normalized'" ||
	fail "no note of score 2's result: $(git --git-dir="$GITDIR" log --format='%s%n%N' main)"
git --git-dir="$GITDIR" log --format=%N main | grep -q '^score 1: valid' ||
	fail "no note on the starting checkpoint's score"
git --git-dir="$GITDIR" fsck --no-progress >/dev/null 2>&1 || fail "git fsck"
exit 0
