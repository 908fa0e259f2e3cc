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
	tm send-keys -t wb 'echo "at=$(command -v baseliner)."' Enter
	see "at=$bindir/baseliner."
	tm send-keys -t wb 'echo "first=${PATH%%:*}; profile=$PROFILE_READ"' Enter
	see "first=$bindir; profile=yes"
	tm send-keys -t wb 'case :$PATH: in *:$HOME/mybin:*) echo kept-mybin;; esac' Enter
	see "kept-mybin"
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
