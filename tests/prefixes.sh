#!/bin/sh
# Every public symbol carries its module's prefix (src/LAYERS.md, "Names").
# The layer libraries are read with nm: each global function or variable
# defined in an object file must start with a prefix that file may use:
# its own name (srv_pane.c: srv_pane_), the name of another file of its
# layer's folder (a module of several files: study_csv.c's study_, from
# study.c; gpu_nvml.c's gpu_, from gpu.h), or the prefix the table below gives it (holder_client.c is the
# holder's). src/base/util.c is the one exception: its
# small vocabulary (xmalloc, buf_, log_, path_, wall_, ...) is everyone's,
# as tmux's and OpenBSD's are.
top=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
build=${top_builddir:-$top}
cd "$build" || exit 99
command -v nm >/dev/null 2>&1 || { echo "prefixes: no nm"; exit 77; }
ls lib*.a >/dev/null 2>&1 || { echo "prefixes: no layer libraries built"; exit 77; }

# file (object name without lib*_a- and .o): prefixes beyond its folder's.
allowed() {
	case "$1" in
	holder_client) echo holder_ ;;
	snapshot) echo term_ ;;
	prefix_ref) echo gpu_ ;;
	runs_jsonl) echo report_ ;;
	schema_sql) echo store_ ;;
	actions) echo action_ ;;
	proctor_model) echo pm_ ;;
	proctor) echo cmd_ ;;	# a command's entry (cmd.h)
	esac
}
# The folder of a layer's library (src/LAYERS.md).
folder() {
	case "$1" in
	ui|gpu)	echo "$top/$1" ;;
	*)	echo "$top/src/$1" ;;
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
	layer=${obj%%_a-*}
	layer=${layer#lib}
	[ "$f" = util ] && continue
	ok=0
	for p in "${f}_" $(allowed "$f") $(cd "$(folder "$layer")" 2>/dev/null &&
	    ls *.c *.h | sed 's/\.[ch]$/_/' | sort -u); do
		case "$sym" in "$p"*) ok=1; break ;; esac
	done
	[ "$sym" = "$f" ] && ok=1
	if [ "$ok" -eq 0 ]; then
		echo "prefixes: $sym (in $f.o) does not start with ${f}_" \
		    "or another module's prefix of its layer"
		echo x
	fi
done > prefixes.out
grep -v '^x$' prefixes.out
grep -q '^x$' prefixes.out && fail=1
rm -f prefixes.out
[ "$fail" -eq 0 ] && echo "prefixes: every public symbol has its module's prefix"
exit "$fail"
