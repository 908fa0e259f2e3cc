#!/bin/sh
# The command line's tables, read as a person would: `start` without
# --participant where USER is unset (a container's root) takes the login
# name from the password database; `sessions` lists sessions in the order
# they started and agrees with `status` on an ended session's time left;
# `scores` shows no value as "-" (no message, a cancelled scoring, which
# said "cancelled cancelled"); scores.csv keeps a scorer's 0.1 as 0.1 in
# its JSON fields.
set -u
. "$top_srcdir/tests/lib.sh"
make_lab_pack "$BASELINER_HOME/packs"
# A mode whose message and details carry reals.
sed -i 's/^ok)\(.*\)$/ok)\1\nfloaty)\techo '"'"'{"score": 0.1, "message": {"lr": 0.1}, "details": {"loss": 0.7, "w": [0.1, 0.2]}}'"'"' ;;/' \
    "$BASELINER_HOME/packs/lab/scoring/score.sh"
grep -q '^floaty)' "$BASELINER_HOME/packs/lab/scoring/score.sh" || fail "no floaty mode"
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
# Durations aligned: elapsed and left end under their headings.
$BASELINER sessions >"$o" || fail "sessions"
awk 'NR == 1 { e = index($0, "elapsed") + 6; l = index($0, "left") + 3; next }
    { if (substr($0, e, 1) !~ /[0-9]/ || substr($0, e + 1, 1) != " " ||
	substr($0, l, 1) !~ /[0-9-]/ || substr($0, l + 1, 1) != " ") bad = 1 }
    END { exit bad }' "$o" || { cat "$o"; fail "sessions: durations not right-aligned"; }
# A running one has its clock in both.
$BASELINER sessions | awk -v id="$SID1" '$1 == id { print $5 }' | grep -Eq '^[0-9]+:[0-9]{2}:[0-9]{2}$' ||
	fail "sessions: a running session's time left"

# scores: "-" where there is no value.
start_session lab --participant p1
echo score=3 >"$WORK/mode"
$BASELINER score >/dev/null || fail "score 3"
echo hang >"$WORK/mode"
$BASELINER score --no-wait >/dev/null || fail "score --no-wait"
wait_score 3 running 30
$BASELINER cancel >/dev/null || fail "cancel"
wait_score 3 cancelled 30
echo floaty >"$WORK/mode"
$BASELINER score >/dev/null || fail "score floaty"
$BASELINER scores >"$o" || fail "scores"
grep -q "cancelled *- *- *cancelled" "$o" && { cat "$o"; fail "scores: 'cancelled cancelled'"; }
awk '$1 == 3' "$o" | grep -Eq 'cancelled +- +- +-$' || { cat "$o"; fail "scores: a cancelled scoring's row"; }
awk '$1 == 2' "$o" | grep -Eq 'valid +3\.0000 +0\.300\*? +-$' || { cat "$o"; fail "scores: no '-' for a missing message"; }
# Numbers aligned: raw and normalized end under their headings on every row.
awk 'NR == 1 { r = index($0, "raw") + 2; n = index($0, "normalized") + 9 }
    $3 == "valid" || $3 == "cancelled" {
	if (substr($0, r, 1) !~ /[0-9-]/ || substr($0, n, 1) !~ /[0-9-]/) bad = 1
    } END { exit bad }' "$o" || { cat "$o"; fail "scores: numbers not aligned under their headings"; }

# scores.csv: the scorer's 0.1 in message and details is 0.1.
$BASELINER export -o "$BASELINER_HOME/exp" >/dev/null 2>&1 || fail "export"
csv=$(find "$BASELINER_HOME/exp" -name scores.csv | head -n 1)
[ -f "$csv" ] || fail "no scores.csv"
grep -q '""lr"":0.1}' "$csv" || { cat "$csv"; fail "scores.csv: message's 0.1"; }
grep -q '""w"":\[0.1,0.2\]' "$csv" || { cat "$csv"; fail "scores.csv: details' 0.1"; }
grep -q '0000000' "$csv" && { cat "$csv"; fail "scores.csv: float noise"; }
exit 0
