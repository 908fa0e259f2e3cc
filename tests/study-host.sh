# tests/study-host.sh: a study host in a temporary prefix, for the study
# mode tests (tests/e2e/study*.sh). Sourced after tests/lib.sh (and
# tests/tmux.sh, if used): skips unless root with the user tools; adds the
# service user $SVC, the scorer $SC, the proctors' group $GRP, a
# participant $P, a proctor $Q (in $GRP) and an unrelated user $U; runs
# "host setup" into $ROOT with its configuration in $CONF; gives $B (the
# program as installed), as USER CMD..., refused WHAT PATTERN CMD... and
# held PID (a process a pause holds: stopped, or frozen in its cgroup).
# The trap ends every process of those users, removes them, runs
# $STUDY_CLEANUP (if set) and then lib_cleanup.
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (adds users)"; exit 77; }
for t in useradd userdel groupadd groupdel usermod runuser setpriv; do
	command -v $t >/dev/null 2>&1 || { echo "SKIP: no $t"; exit 77; }
done

n=$$
SVC=blsv$n SC=blsc$n GRP=blpr$n P=blpa$n Q=blpq$n U=blun$n
T=$BASELINER_HOME
chmod 755 "$T"
ROOT=$T/root CONF=$T/conf PREFIX=$T/prefix
study_cleanup() {
	rc=$?
	${STUDY_CLEANUP:-:}
	pkill -KILL -u "$P" 2>/dev/null
	pkill -KILL -u "$Q" 2>/dev/null
	pkill -KILL -u "$SC" 2>/dev/null
	pkill -TERM -u "$SVC" 2>/dev/null
	sleep 0.3
	pkill -KILL -u "$SVC" 2>/dev/null
	# The sessions' cgroups (bl-spawn's freezer), empty now.
	sc_mnt=$(findmnt -n -t cgroup2 -o TARGET 2>/dev/null | head -1)
	for sc_s in "$ROOT"/sessions/*; do
		[ -n "$sc_mnt" ] && [ -d "$sc_s" ] || continue
		find "$sc_mnt" -maxdepth 6 -type d -name "baseliner-*-${sc_s##*/}" \
		    -exec rmdir {} \; 2>/dev/null
	done
	for u in $P $Q $U $SVC $SC; do userdel "$u" 2>/dev/null; done
	for g in $GRP $SVC $SC; do groupdel "$g" 2>/dev/null; done
	(exit $rc)
	lib_cleanup
}
trap study_cleanup EXIT
if findmnt -no OPTIONS -T "$T" 2>/dev/null | grep -qw nosuid; then
	echo "SKIP: $T is mounted nosuid"; exit 77
fi

# A temporary prefix holding the program and the helper, root's.
mkdir -p "$PREFIX/bin" "$PREFIX/libexec/baseliner"
cp "$BASELINER" "$PREFIX/bin/baseliner"
cp "$top_builddir/src/spawn/bl-spawn" "$PREFIX/libexec/baseliner/"
B=$PREFIX/bin/baseliner
chmod -R go-w "$PREFIX"

out=$($B host setup --root "$ROOT" --conf-dir "$CONF" --user "$SVC" \
    --scorer-user "$SC" --group "$GRP" --unit-dir "$T/units" --task demo 2>&1) ||
	fail "host setup: $out"
note "$out"
[ -u "$CONF/bl-spawn" ] || fail "bl-spawn is not setuid"
grep -q "^User=$SVC$" "$T/units/baseliner-host.service" || fail "no unit"
useradd -M -d /nonexistent -s /bin/sh "$P" || fail "useradd $P"
useradd -M -d /nonexistent -s /bin/sh -G "$GRP" "$Q" || fail "useradd $Q"
useradd -M -d /nonexistent -s /bin/sh "$U" || fail "useradd $U"

# as USER CMD...: run a command as USER on this study host.
as() {
	as_u=$1
	shift
	timeout -k 5 120 runuser -u "$as_u" -- env -i PATH=/usr/bin:/bin HOME=/tmp \
	    BASELINER_HOST_CONF="$CONF/host.conf" "$@"
}

# refused WHAT PATTERN CMD...: CMD (as someone) must fail and say PATTERN.
refused() {
	rf_what=$1 rf_pat=$2
	shift 2
	if rf_out=$("$@" 2>&1); then
		fail "$rf_what succeeded: $rf_out"
	fi
	echo "$rf_out" | grep -Eq "$rf_pat" ||
		fail "$rf_what: not told '$rf_pat': $rf_out"
	note "refused: $rf_what: $(echo "$rf_out" | grep -E "$rf_pat" | head -1)"
}

# held PID: the process is held by a pause: stopped (T), or frozen in its
# cgroup (study mode's freezer, where the host lets root make cgroups).
held() {
	ps -o stat= -p "$1" | grep -q T && return 0
	hd_cg=$(sed -n 's/^0:://p' "/proc/$1/cgroup" 2>/dev/null)
	hd_mnt=$(findmnt -n -t cgroup2 -o TARGET 2>/dev/null | head -1)
	[ -n "$hd_cg" ] && [ -n "$hd_mnt" ] &&
	    grep -qx 'frozen 1' "$hd_mnt$hd_cg/cgroup.events" 2>/dev/null
}
