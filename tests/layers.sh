#!/bin/sh
# The layering rules of src/LAYERS.md, checked in the sources. The build
# enforces them too (each layer's library sees only its own include paths,
# and src/forbid/ stops <curses.h> and <sqlite3.h> where they are not
# allowed); this test also catches includes by relative path, which would
# get around the include paths.
top=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top" || exit 99
fail=0
bad() { echo "layers: $*"; fail=1; }

# curses only in ui/.
for f in $(grep -rlE '#[[:space:]]*include[[:space:]]*<(n?curses|ncursesw/)' src gpu tests/unit 2>/dev/null |
    grep -v '^src/forbid/'); do
	bad "$f includes curses; only ui/ may"
done
# ui/ never reaches the store, the server or the terminal layer directly.
for f in $(grep -lE '#[[:space:]]*include[[:space:]]*"(store|server|server_int|pane|term|screen|session)\.h"' ui/*.c ui/*.h 2>/dev/null); do
	bad "$f includes a header below the client;" \
		    "ui/ talks to the session through ctl_client.h"
done
# No includes by path: each layer names headers it may see by name only.
for f in $(grep -rlE '#[[:space:]]*include[[:space:]]*"[^"]*/' src ui gpu 2>/dev/null |
    grep -v '^src/forbid/'); do
	bad "$f includes a header by path"
done
# sqlite3.h only in the store. Files still listed in LAYERS.md's
# "not yet" line are the known exceptions until they move onto the store.
pending=$(sed -n 's/^Not yet on the store: *//p' src/LAYERS.md)
for f in $(grep -rlE '#[[:space:]]*include[[:space:]]*<sqlite3\.h>' src ui gpu 2>/dev/null |
    grep -v '^src/forbid/' | grep -v '^src/store/'); do
	case " $pending " in *" $f "*) continue ;; esac
	bad "$f includes <sqlite3.h>; only src/store may"
done
# Every source file lives in a layer folder.
for f in src/*.c src/*.h; do
	[ -e "$f" ] && bad "$f is not in a layer folder (src/LAYERS.md)"
done
[ "$fail" -eq 0 ] && echo "layers: all rules hold"
exit "$fail"
