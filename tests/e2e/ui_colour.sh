#!/bin/sh
# Colours in the workbench, read back from an outer tmux with capture-pane -e
# (issue 15, item 3):
# - a pane showing more distinct (fg, bg) pairs than the client's old cache
#   of 1,024 draws every one of them (the cells past the 1,024th were drawn
#   in the default colours until re-attach);
# - on a terminal of few pairs (TERM=screen: 8 colours, 64 pairs) a screen
#   of new pairs reuses those the screen before used, instead of drawing
#   in the default colours once the terminal's pairs have all been made;
# - under TERM=tmux-direct (24-bit colour terminfo, from ncurses-term) a
#   true-colour cell reaches the terminal as 24-bit colour, not as the
#   nearest of 256; under TERM=tmux-256color it is still mapped down.
set -u
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3"; exit 77; }
infocmp tmux-direct >/dev/null 2>&1 || { echo "SKIP: no tmux-direct terminfo (ncurses-term)"; exit 77; }

# pairs.sh ROWS COLS FIRST MOD BASE: ROWS lines of COLS cells 'x', cell k
# (counted from FIRST) in fg BASE + k % MOD on bg BASE + k / MOD, so every
# cell's pair differs; each line ends with '|'.
cat >"$BASELINER_HOME/pairs.sh" <<'SH'
rows=$1 cols=$2 k=$3 mod=$4 base=$5 y=0
clear
while [ $y -lt $rows ]; do
	x=0 line=
	while [ $x -lt $cols ]; do
		line="$line$(printf '\033[38;5;%d;48;5;%dmx' $((base + k % mod)) $((base + k / mod)))"
		k=$((k + 1)) x=$((x + 1))
	done
	printf '%s\033[0m|\n' "$line"
	y=$((y + 1))
done
printf 'PAIRS-DONE %d\n' $k
SH
# check.py CAPTURE ROWS COLS FIRST MOD BASE: the cells' colours, replayed
# from capture-pane's SGR changes, against what pairs.sh printed.
cat >"$BASELINER_HOME/check.py" <<'PY'
import re, sys
path, nrows, ncols, first, mod, base = sys.argv[1], *map(int, sys.argv[2:])
fg = bg = None
rows = []
for line in open(path, encoding="utf-8", errors="replace"):
    cells = []
    for m in re.finditer(r"\x1b\[([0-9;]*)m|(.)", line.rstrip("\n")):
        if m.group(2) is not None:
            if m.group(2) == "|":
                break
            cells.append((m.group(2), fg, bg))
            continue
        p = [int(v) if v else 0 for v in m.group(1).split(";")]
        i = 0
        while i < len(p):
            v = p[i]
            if v == 0:
                fg = bg = None
            elif v in (38, 48) and i + 2 < len(p) and p[i + 1] == 5:
                if v == 38:
                    fg = p[i + 2]
                else:
                    bg = p[i + 2]
                i += 2
            elif 30 <= v <= 37 or 90 <= v <= 97:
                fg = v - 30 if v < 90 else v - 82
            elif 40 <= v <= 47 or 100 <= v <= 107:
                bg = v - 40 if v < 100 else v - 92
            elif v == 39:
                fg = None
            elif v == 49:
                bg = None
            i += 1
    if len(cells) == ncols and all(c[0] == "x" for c in cells):
        rows.append(cells)
if len(rows) != nrows:
    sys.exit("found %d rows of %d cells, not %d" % (len(rows), ncols, nrows))
bad = 0
for y, cells in enumerate(rows):
    for x, (_, f, b) in enumerate(cells):
        k = first + ncols * y + x
        want = (base + k % mod, base + k // mod)
        if (f, b) != want:
            if bad < 5:
                print("cell %d: fg %s bg %s, printed %d %d" % (k, f, b, *want))
            bad += 1
print("# %d of %d cells in other colours than printed" % (bad, nrows * ncols))
sys.exit(1 if bad else 0)
PY
printf '\033[38;2;255;128;1;48;2;1;2;250mRGBCELL\033[0m\n' >"$BASELINER_HOME/rgb.txt"

# wb_attach NAME TERM [COLORTERM]: the workbench in tmux window NAME
# (200x50) under TERM.
wb_attach() {
	tm kill-session -t "$1" 2>/dev/null
	tm new-session -d -s "$1" -x 200 -y 50 \
	    "TERM=$2 COLORTERM=${3:-} BASELINER_HOME=$BASELINER_HOME HOME=$HOME SHELL=/bin/bash $BASELINER attach -s $SID; echo CLIENT-EXITED-\$?; sleep 600"
}
# pairs WINDOW ROWS COLS FIRST MOD BASE: print the pairs in the focused
# pane and check every cell's colours on the outer screen.
pairs() {
	tm send-keys -t "$1" "sh $BASELINER_HOME/pairs.sh $2 $3 $4 $5 $6" Enter
	see "PAIRS-DONE $(($4 + $2 * $3))" 30 "$1"
	sleep 1
	tm capture-pane -t "$1" -p -e >"$BASELINER_HOME/cap.txt"
	python3 "$BASELINER_HOME/check.py" "$BASELINER_HOME/cap.txt" "$2" "$3" \
	    "$4" "$5" "$6" || fail "colour pairs not drawn as printed ($*)"
}

start_session demo

wb_attach wb tmux-256color
see "running" 30
# 40 x 40 = 1,600 pairs on the screen at once.
pairs wb 40 40 0 216 16
# True colour is mapped down under a 256-colour terminfo...
tm send-keys -t wb "clear; cat $BASELINER_HOME/rgb.txt" Enter
see "RGBCELL" 20
sleep 1
tm capture-pane -t wb -p -e | grep RGBCELL | grep -q '38;2;255;128;1' &&
    fail "24-bit colour sent to a 256-colour terminal"

# ... and drawn as 24-bit where the terminal takes it: a direct-colour
# terminfo, or COLORTERM=truecolor where TERM's family has one.
for how in "tmux-direct" "tmux-256color truecolor"; do
	wb_attach wd $how
	see "RGBCELL" 30 wd
	sleep 1
	line=$(tm capture-pane -t wd -p -e | grep RGBCELL)
	printf '%s\n' "$line" | grep -q '38;2;255;128;1' ||
	    { printf '%s\n' "$line" | cat -v; fail "true-colour fg not drawn as 24-bit ($how)"; }
	printf '%s\n' "$line" | grep -q '48;2;1;2;250' ||
	    { printf '%s\n' "$line" | cat -v; fail "true-colour bg not drawn as 24-bit ($how)"; }
	tm kill-session -t wd
done

# A terminal of 64 pairs (the workbench keeps 19 for itself): 30 pairs,
# then 30 others, then the first 30 again.
wb_attach w8 screen
see "running" 30 w8
pairs w8 3 10 0 8 0
pairs w8 3 10 30 8 0
pairs w8 3 10 0 8 0
exit 0
