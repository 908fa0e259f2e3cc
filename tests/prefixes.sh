#!/bin/sh
# Every public symbol carries its module's prefix (src/LAYERS.md, "Names").
# The layer libraries are read with nm: each global function or variable
# defined in an object file must start with a prefix that file may use,
# which is its own name (srv_pane.c: srv_pane_) or the prefix of the
# module the file belongs to (term_input.c is the terminal's: term_). The
# table below is that list. src/base/util.c is the one exception: its
# small vocabulary (xmalloc, buf_, log_, path_, wall_, ...) is everyone's,
# as tmux's and OpenBSD's are.
build=${top_builddir:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$build" || exit 99
command -v nm >/dev/null 2>&1 || { echo "prefixes: no nm"; exit 77; }
ls lib*.a >/dev/null 2>&1 || { echo "prefixes: no layer libraries built"; exit 77; }

# file (object name without lib*_a- and .o): the prefixes beyond its own.
allowed() {
	case "$1" in
	term_*|snapshot) echo term_ ;;
	holder_client) echo holder_ ;;
	gpu_*|prefix_ref) echo gpu_ ;;
	study_*) echo study_ ;;
	report_*|runs_jsonl) echo report_ ;;
	schema_sql) echo store_ ;;
	ctl_*)	echo ctl_ ;;
	cmd_*|proctor) echo cmd_ ;;
	actions) echo action_ ;;
	pane_view|sidebar) echo ui_ ;;
	proctor_model) echo pm_ ;;
	esac
}

fail=0
for lib in lib*.a; do
	nm -A -g --defined-only "$lib" 2>/dev/null |
	    awk '$2 ~ /^[TDBRCGS]$/ { n = split($1, a, ":"); print a[n - 1], $3 }'
done | while read -r obj sym; do
	case "$sym" in __*|_*) continue ;; esac	# the toolchain's (ASan)
	f=${obj%.o}
	f=${f#lib*_a-}
	ok=0
	[ "$f" = util ] && continue
	for p in "${f}_" $(allowed "$f"); do
		case "$sym" in "$p"*) ok=1; break ;; esac
	done
	[ "$sym" = "$f" ] && ok=1
	if [ "$ok" -eq 0 ]; then
		echo "prefixes: $sym (in $f.o) does not start with ${f}_ or its module's prefix"
		echo x
	fi
done > prefixes.out
grep -v '^x$' prefixes.out
grep -q '^x$' prefixes.out && fail=1
rm -f prefixes.out
[ "$fail" -eq 0 ] && echo "prefixes: every public symbol has its module's prefix"
exit "$fail"
