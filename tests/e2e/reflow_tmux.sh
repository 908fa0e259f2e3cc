#!/bin/sh
# Reflow against tmux (issue 15, item 1): the same output in a tmux pane
# and in the pane's screen model (tests/tools/termdump), resized through
# the same widths, reads the same, scrollback and screen, row for row: long
# lines, lines ending exactly at the margin, wide characters at the wrap,
# blank lines. The screen is full, so both keep its bottom row where it
# is. (Where a screen has blank rows below its text, the workbench lets
# text grow into them; tmux pushes its top into the scrollback instead.)
set -u
command -v tmux >/dev/null 2>&1 || { echo "SKIP: no tmux"; exit 77; }
termdump="$top_builddir/tests/tools/termdump"
[ -x "$termdump" ] || { echo "FAIL: no $termdump"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/reflow-tmux.XXXXXX")
sock="reflow$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# 40 lines of 5 to 200 characters (several of exactly 80, some with wide
# characters, one blank), CR LF between them.
awk 'BEGIN {
	split("5 40 79 80 81 100 150 160 200 0 80", len, " ")
	for (i = 0; i < 40; i++) {
		n = len[1 + (i * 7) % 11]
		s = sprintf("%02d", i)
		for (j = 2; j < n; j++)
			s = s sprintf("%c", 97 + (j * 7 + i) % 26)
		if (n == 0)
			s = ""
		if (i % 5 == 3 && n > 30)
			s = substr(s, 1, 30) "\344\270\255\346\226\207\345\255\227" \
			    "\344\270\255\346\226\207" substr(s, 31)
		printf "%s\r\n", s
	}
}' >"$tmp/in.txt"

rows=12
# One session that outlives the others, so the server never exits between
# them (tests/tmux.sh says why).
tmux -L "$sock" -f /dev/null new-session -d -s keep 'exec sleep 600' ||
	fail "tmux did not start"
tmux -L "$sock" set -g status off >/dev/null
tmux -L "$sock" set -g history-limit 10000 >/dev/null
n=0
# settled: capture session c$n until two captures 0.2 s apart agree (tmux
# reads the pane's output and applies a resize on its own time).
settled() {
	i=0
	tmux -L "$sock" capture-pane -t "c$n" -p -S - -E - >"$tmp/a"
	while :; do
		sleep 0.2
		tmux -L "$sock" capture-pane -t "c$n" -p -S - -E - >"$tmp/b"
		cmp -s "$tmp/a" "$tmp/b" && grep -q "^$1" "$tmp/b" && break
		mv "$tmp/b" "$tmp/a"
		i=$((i + 1))
		[ "$i" -lt 100 ] || fail "tmux's pane never settled"
	done
	sed 's/ *$//' "$tmp/b"
}
# compare WIDTH...: both resized from 80 through WIDTH..., then compared.
compare() {
	n=$((n + 1))
	tmux -L "$sock" new-session -d -s "c$n" -x 80 -y "$rows" \
	    "stty -onlcr; cat '$tmp/in.txt'; exec sleep 600" ||
		fail "tmux did not start a session"
	settled 38 >/dev/null
	for w in "$@"; do
		tmux -L "$sock" resize-window -t "c$n" -x "$w" -y "$rows"
	done
	settled 00 >"$tmp/tmux.txt"
	tmux -L "$sock" kill-session -t "c$n"
	"$termdump" "$tmp/in.txt" 80 "$rows" "$@" >"$tmp/mine.txt" ||
		fail "termdump $*"
	diff -u "$tmp/tmux.txt" "$tmp/mine.txt" >"$tmp/diff" ||
		{ head -n 40 "$tmp/diff"; fail "80 -> $*: not as tmux"; }
	echo "ok 80 -> $* ($(wc -l <"$tmp/mine.txt") rows)"
}

compare 30
compare 30 100
compare 30 100 80
compare 45 63 80
compare 7 80
compare 200 81 79
exit 0
