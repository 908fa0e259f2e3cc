# tests/tmux.sh: driving the workbench as a person would, for the ui_*.sh
# tests. Sourced after tests/lib.sh: a private tmux server, shells that read
# no one's dotfiles, and the helpers below. The session to attach to is $SID.
command -v tmux >/dev/null 2>&1 || { echo "SKIP: no tmux"; exit 77; }

export TMUX_TMPDIR="$BASELINER_HOME/tmux"
mkdir -p "$TMUX_TMPDIR" "$BASELINER_HOME/home/.config/baseliner"
HOME=$BASELINER_HOME/home
SHELL=/bin/bash
export HOME SHELL
unset TMUX XDG_CONFIG_HOME BASELINER_PREFIX

tm() { tmux -f /dev/null "$@"; }
# A session that outlives every attach below: killing the last session makes
# the tmux server exit, and a new-session sent while it is exiting fails with
# "server exited unexpectedly" (seen in CI).
tm new-session -d -s keep -x 80 -y 24 'sleep 3600' ||
    fail "tmux could not start its server"
# screen [NAME]: what tmux window NAME (default wb) shows.
screen() { tm capture-pane -t "${1:-wb}" -p; }
# see TEXT [SECONDS [NAME]]: wait until the screen shows TEXT.
see() {
	wait_for "${2:-20}" "tmux -f /dev/null capture-pane -t ${3:-wb} -p | grep -qF -- '$1'" ||
	    { screen "${3:-wb}"; fail "the screen never showed: $1"; }
}
# gone TEXT [SECONDS [NAME]]: wait until the screen no longer shows TEXT.
gone() {
	wait_for "${2:-10}" "! tmux -f /dev/null capture-pane -t ${3:-wb} -p | grep -qF -- '$1'" ||
	    { screen "${3:-wb}"; fail "the screen still shows: $1"; }
}
# attach NAME COLS ROWS [ARGS]: the workbench in tmux window NAME; when the
# client exits the window shows CLIENT-EXITED-STATUS. TMUX is emptied, as
# if this were the participant's own terminal (inside tmux the prefix is
# C-a); set ATTACH_TMUX=1 to keep it.
attach() {
	tm kill-session -t "$1" 2>/dev/null
	if [ "${ATTACH_TMUX:-0}" = 1 ]; then at_tmux=; else at_tmux="TMUX= "; fi
	tm new-session -d -s "$1" -x "$2" -y "$3" \
	    "${at_tmux}BASELINER_HOME=$BASELINER_HOME HOME=$HOME SHELL=/bin/bash $BASELINER attach -s $SID ${4:-}; echo CLIENT-EXITED-\$?; sleep 600"
}
trap 'ui_rc=$?; tmux -f /dev/null kill-server 2>/dev/null; (exit $ui_rc); lib_cleanup' EXIT
