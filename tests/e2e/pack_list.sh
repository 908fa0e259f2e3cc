#!/bin/sh
# RE-Bench's seven environments are all packs here: 'tasks' lists each
# with what it needs (and, on a host without it, what is missing), and
# each manifest checks.
set -u
. "$top_srcdir/tests/lib.sh"
list=$($BASELINER tasks 2>&1) || fail "tasks: $list"
for id in optimize_llm_foundry optimize_kernel fix_embedding scaling_law \
    restricted_mlm nanogpt_chat_rl rust_codecontests; do
	echo "$list" | grep -Eq "^$id +(ready|no) " || fail "tasks does not list $id: $list"
	echo "$list" | grep -A1 -E "^$id " | grep -q "needs: " ||
		fail "tasks does not say what $id needs: $list"
	out=$($BASELINER task check "$id" 2>&1)
	echo "$out" | grep -q "^$id .*: manifest ok" || fail "task check $id: $out"
done
exit 0
