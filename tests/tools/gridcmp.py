#!/usr/bin/env python3
"""gridcmp.py: compare two screens captured with `tmux capture-pane -e -p`
cell by cell: the character and its attributes (bold, dim, italic,
underline, blink, reverse, hidden, strike, overline, foreground and
background colour). Colours 16-255 of the 256-colour palette compare as the
RGB values of xterm's palette, so a palette colour and the same 24-bit
colour are equal; so do the bright colours 8-15, which a direct-colour
terminal (tmux-direct, where the workbench is drawn here) has no index for:
the workbench draws them in xterm's RGB. 0-7 compare as their index (their
RGB is the terminal's choice). What cannot be seen is not compared: the
foreground colour, bold, dim, italic and blink of a blank that is not
reversed, underlined, struck or overlined (tmux itself keeps a written
space's colour and drops a cleared one's); and since capture-pane leaves
out a line's trailing spaces, reversed ones too, unless they have a
background, trailing spaces without one compare as plain blanks.

usage: gridcmp.py A B ROWS COLS [ALLOW]
A is cropped to ROWS x COLS from its top left (the workbench's pane there).
tmux writes a cell of DEC special graphics as its ASCII byte between SO and
SI; it is compared as the character tmux draws for it (y and z as <= and
>=), which is what the workbench's pane holds and draws.

ALLOW: lines "ROW COL FIELD" (0-based; * for any, or a range as 3-7;
FIELD text or attr) of differences that are known and explained, each
after a comment that says why; they are reported as allowed, not counted.
Prints one line a difference; exit 1 if any is not allowed.
"""
import re
import sys
import unicodedata

SGR = re.compile(r'\x1b\[([0-9;:]*)m')

# DEC special graphics, as tmux draws them on a UTF-8 terminal.
DEC = dict(zip('`afgjklmnopqrstuvwxyz{|}~',
               '\u25c6\u2592\u00b0\u00b1\u2518\u2510\u250c\u2514'
               '\u253c\u23ba\u23bb\u2500\u23bc\u23bd\u251c\u2524'
               '\u2534\u252c\u2502\u2264\u2265\u03c0\u2260\u00a3'
               '\u00b7'))


def palette(n):
    """xterm's RGB for a 256-colour index 16-255."""
    if n < 232:
        n -= 16
        lv = [0, 95, 135, 175, 215, 255]
        return (lv[n // 36], lv[(n // 6) % 6], lv[n % 6])
    g = 8 + (n - 232) * 10
    return (g, g, g)


BRIGHT = [(127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
          (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255)]


def pal(n):
    """A palette index as compared: 0-7 as the index, others as RGB."""
    if n < 8:
        return ('p', n)
    if n < 16:
        return ('rgb',) + BRIGHT[n - 8]
    return ('rgb',) + palette(n)


def colour(params, i):
    """A 38/48/58 colour at params[i]; (value, params used)."""
    p = params[i]
    if ':' in p:
        sub = p.split(':')
        if len(sub) > 1 and sub[1] == '5':
            return pal(int(sub[2])), 1
        if len(sub) > 1 and sub[1] == '2':
            v = [int(x) for x in sub[-3:]]
            return ('rgb', v[0], v[1], v[2]), 1
        return None, 1
    if i + 1 < len(params) and params[i + 1] == '5':
        return pal(int(params[i + 2])), 3
    if i + 1 < len(params) and params[i + 1] == '2':
        v = [int(x) for x in params[i + 2:i + 5]]
        return ('rgb', v[0], v[1], v[2]), 5
    return None, 1


def apply(st, text):
    params = text.split(';') if text else ['0']
    i = 0
    while i < len(params):
        p = params[i] or '0'
        base = p.split(':')[0]
        n = int(base) if base.isdigit() else -1
        used = 1
        if n == 0:
            st.clear()
        elif n in (1, 2, 3, 5, 7, 8, 9, 53):
            st[{1: 'bold', 2: 'dim', 3: 'italic', 5: 'blink', 7: 'reverse',
                8: 'hidden', 9: 'strike', 53: 'overline'}[n]] = 1
        elif n == 4:
            style = p.split(':')[1] if ':' in p else '1'
            if style == '0':
                st.pop('underline', None)
            else:
                st['underline'] = style
        elif n == 21:
            st['underline'] = '2'
        elif n == 22:
            st.pop('bold', None)
            st.pop('dim', None)
        elif n in (23, 24, 25, 27, 28, 29, 55):
            st.pop({23: 'italic', 24: 'underline', 25: 'blink',
                    27: 'reverse', 28: 'hidden', 29: 'strike',
                    55: 'overline'}[n], None)
        elif 30 <= n <= 37:
            st['fg'] = ('p', n - 30)
        elif 90 <= n <= 97:
            st['fg'] = pal(n - 90 + 8)
        elif 40 <= n <= 47:
            st['bg'] = ('p', n - 40)
        elif 100 <= n <= 107:
            st['bg'] = pal(n - 100 + 8)
        elif n == 39:
            st.pop('fg', None)
        elif n == 49:
            st.pop('bg', None)
        elif n == 59:
            st.pop('ul', None)
        elif n in (38, 48, 58):
            c, used = colour(params, i)
            key = {38: 'fg', 48: 'bg', 58: 'ul'}[n]
            if c is not None:
                st[key] = c
        i += used


def seen(ch, st):
    """The attributes of a cell that show."""
    if ch == ' ' and not any(k in st for k in ('reverse', 'underline',
                                                'strike', 'overline')):
        return tuple(sorted((k, v) for k, v in st.items() if k == 'bg'))
    return tuple(sorted(st.items()))


def width(ch):
    if unicodedata.combining(ch[0]):
        return 0
    return 2 if unicodedata.east_asian_width(ch[0]) in ('W', 'F') else 1


def grid(path, rows, cols):
    text = open(path, encoding='utf-8', errors='replace').read()
    lines = text.split('\n')
    out = []
    # capture-pane -e carries the attributes from one line to the next.
    st = {}
    acs = False
    for y in range(rows):
        line = lines[y] if y < len(lines) else ''
        row = []
        pos = 0
        while pos < len(line):
            m = SGR.match(line, pos)
            if m:
                apply(st, m.group(1))
                pos = m.end()
                continue
            ch = line[pos]
            pos += 1
            if line[pos - 1] == '\x1b':
                continue
            if ch in '\x0e\x0f':
                acs = ch == '\x0e'
                continue
            if acs:
                ch = DEC.get(ch, ch)
            w = width(ch)
            if w == 0 and row:
                row[-1] = (row[-1][0] + ch, row[-1][1])
                continue
            row.append((ch, seen(ch, st)))
            if w == 2:
                row.append(('', seen(ch, st)))
        row = [(c, a) if c != ' ' else (c, seen(c, dict(a)))
               for c, a in row][:cols]
        end = len(row)
        while end > 0 and row[end - 1][0] == ' ' and \
                'bg' not in dict(row[end - 1][1]):
            end -= 1
        row = row[:end]
        while len(row) < cols:
            row.append((' ', ()))
        out.append(row)
    return out


def within(spec, v):
    if spec == '*':
        return True
    lo, _, hi = spec.partition('-')
    return int(lo) <= v <= int(hi or lo)


def main():
    a, b, rows, cols = sys.argv[1], sys.argv[2], int(sys.argv[3]), \
        int(sys.argv[4])
    allow = []
    if len(sys.argv) > 5:
        for line in open(sys.argv[5]):
            w = line.split('#')[0].split()
            if len(w) >= 3:
                allow.append(w[:3])
    ga, gb = grid(a, rows, cols), grid(b, rows, cols)
    bad = 0
    for y in range(rows):
        for x in range(cols):
            ca, cb = ga[y][x], gb[y][x]
            for field, va, vb in (('text', ca[0], cb[0]),
                                  ('attr', ca[1], cb[1])):
                # A blank with only a background: the same on either side
                # whether or not the capture wrote its other attributes.
                if va == vb:
                    continue
                ok = any(within(r, y) and within(c, x) and
                         (f == '*' or f == field) for r, c, f in allow)
                print('%s %d %d %s: workbench %r, tmux %r' % (
                    'allowed' if ok else 'DIFF', y, x, field, va, vb))
                if not ok:
                    bad += 1
    sys.exit(1 if bad else 0)


main()
