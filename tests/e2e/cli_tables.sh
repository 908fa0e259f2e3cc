#!/bin/sh
# The command line's tables, read as a person would: `start` without
# --participant where USER is unset (a container's root) takes the login
# name from the password database; `sessions` lists sessions in the order
# they started and agrees with `status` on an ended session's time left.
set -u
. "$top_srcdir/tests/lib.sh"
make_lab_pack "$BASELINER_HOME/packs"
# Three packs whose ids sort against the order the sessions start in.
for id in kx cx ax; do
	mkdir -p "$BASELINER_HOME/packs/$id"
	cp -r "$BASELINER_HOME/packs/lab/." "$BASELINER_HOME/packs/$id/"
	sed -i "s/^id: lab/id: $id/" "$BASELINER_HOME/packs/$id/task.yaml"
done
BASELINER_TASKS=$BASELINER_HOME/packs
export BASELINER_TASKS
o=$BASELINER_HOME/out

# No USER, no LOGNAME, no --participant: the password database's name.
me=$(id -un)
SID=$(env -u USER -u LOGNAME $BASELINER start kx --detach 2>"$o") ||
	fail "start without USER and --participant: $(cat "$o")"
DB=$BASELINER_HOME/sessions/$SID/session.db
[ "$(q 'SELECT participant FROM session')" = "$me" ] ||
	fail "participant '$(q 'SELECT participant FROM session')', expected '$me'"
SID1=$SID
# An empty USER is as good as none.
SID=$(USER= LOGNAME= $BASELINER start cx --detach 2>"$o") ||
	fail "start with an empty USER: $(cat "$o")"
DB=$BASELINER_HOME/sessions/$SID/session.db
[ "$(q 'SELECT participant FROM session')" = "$me" ] ||
	fail "participant '$(q 'SELECT participant FROM session')' with USER empty"
SID2=$SID
# --participant still names someone else.
SID3=$($BASELINER start ax --participant other --detach) || fail "start ax"
DB=$BASELINER_HOME/sessions/$SID3/session.db
[ "$(q 'SELECT participant FROM session')" = other ] || fail "--participant other"
$BASELINER start --help 2>&1 | grep -q "default: your login name" ||
	fail "start --help does not give --participant's default"

# sessions: in the order they started (kx, cx, ax), not by id.
$BASELINER sessions >"$o" || fail "sessions"
order=$(awk 'NR > 1 { print $1 }' "$o" | tr '\n' ' ')
[ "$order" = "$SID1 $SID2 $SID3 " ] ||
	fail "sessions not in start order: $order (expected $SID1 $SID2 $SID3)"
[ "$(json_get "$($BASELINER sessions --json)" '$[0].id')" = "$SID1" ] ||
	fail "sessions --json not in start order"

# An ended session: sessions and status agree it has no time left.
$BASELINER submit -s "$SID2" >/dev/null || fail "submit"
DB=$BASELINER_HOME/sessions/$SID2/session.db
wait_state ended 60
$BASELINER sessions >"$o" || fail "sessions"
left=$(awk -v id="$SID2" '$1 == id { print $5 }' "$o")
[ "$left" = "-" ] || { cat "$o"; fail "sessions: an ended session has '$left' left"; }
$BASELINER status -s "$SID2" >"$o" || fail "status"
grep -Eq '^time left +-$' "$o" || { cat "$o"; fail "status: time left of an ended session"; }
# A running one has its clock in both.
$BASELINER sessions | awk -v id="$SID1" '$1 == id { print $5 }' | grep -Eq '^[0-9]+:[0-9]{2}:[0-9]{2}$' ||
	fail "sessions: a running session's time left"
exit 0
