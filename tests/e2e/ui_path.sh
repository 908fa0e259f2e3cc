#!/bin/sh
# Panes can run baseliner: started from the build tree, where baseliner is
# not on PATH, a pane's PATH starts with the folder of the running program,
# after the login profile has run (Debian's /etc/profile sets PATH afresh),
# for bash and for sh; and the brief's own `baseliner score` works there.
set -u
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

bindir=$(cd "$(dirname "$BASELINER")" && pwd -P)
# Off the test's own PATH, so that only the workbench can put it there.
PATH=$(printf '%s\n' "$PATH" | tr ':' '\n' | grep -vxF -e "$bindir" \
    -e "$(dirname "$BASELINER")" | paste -sd: -)
export PATH
command -v baseliner >/dev/null 2>&1 &&
    { echo "SKIP: a baseliner is on PATH ($(command -v baseliner))"; exit 77; }

# The participant's profile is read, as a login shell's is.
cat >"$HOME/.profile" <<'PROFILE'
PATH="$HOME/mybin:$PATH"
PROFILE_READ=yes
PROFILE

for sh in /bin/bash /bin/sh; do
	note "SHELL=$sh"
	SHELL=$sh
	export SHELL
	start_session demo
	attach wb 80 24
	see "left"
	# Markers the typed line lacks ($((...))), and no long paths on the
	# screen to wrap: the build folder may be deep.
	tm send-keys -t wb "[ \"\$(command -v baseliner)\" = '$bindir/baseliner' ] && echo found-\$((6*7))" Enter
	see "found-42"
	tm send-keys -t wb "[ \"\${PATH%%:*}\" = '$bindir' ] && echo first-\$((6*7))" Enter
	see "first-42"
	tm send-keys -t wb '[ "$PROFILE_READ" = yes ] && echo profile-$((6*7))' Enter
	see "profile-42"
	tm send-keys -t wb 'case :$PATH: in *:$HOME/mybin:*) echo kept-$((6*7));; esac' Enter
	see "kept-42"
	tm kill-session -t wb
done

# The brief's own instruction, in a pane of a bash session.
SHELL=/bin/bash
export SHELL
start_session demo
attach wb 80 24
see "left"
tm send-keys -t wb 'baseliner score; echo "score-exit=$?"' Enter
see "score-exit=0" 120
exit 0
