#!/usr/bin/env python3
"""make.py: writes the recordings tests/e2e/fidelity.sh plays, each the
output a kind of program sends (for an 80x24 pane), ending with the text
"fidelity-end" the test waits for. Run it here to write them again.

colours.seq  16 colours (fg, bg, bright), bold, underline, reverse, italic,
             dim, strike, 256 and 24-bit colours, a background-erased line
cjk.seq      CJK and full-width text, a wide character wrapping at the
             last column, combining marks, half of a wide one overwritten
emoji.seq    single-codepoint emoji beside text, one wrapping
vim.seq      alternate screen, a full redraw by cursor addressing, a
             reversed status line, then edits in place (ICH, DL, IL, DCH, EL)
less.seq     alternate screen, a page, a scroll region scrolled up by
             newlines and down by reverse index, DL and IL in a region
sequences.seq  the sequences of issue 15, item 2: DEC special graphics
             (y and z are <= and >=) in G0 and through SO; the character
             set saved by DECSC; APC, PM and SOS consumed; SGR 58 with
             semicolons (not blink); many combining marks; mode 47
             switching screens; a cursor hidden at DECSC shown at DECRC

Two more are real programs' output, recorded (not written here) in an 80x24
tmux pane with TERM=xterm-256color through `tmux pipe-pane -o`:
vim-recorded.seq   vim 9.0 -u NONE -c 'syntax on' -c 'set number ruler
                   laststatus=2' on a small C file: o and text, dd, :set
                   nonumber and number again, 20G
less-recorded.seq  less 590 -R on 200 numbered lines: Space, j j j, k k,
                   /line 5, b, y y y
Each ends with "\e7\e[1;69Hfidelity-end\e8" (the marker, cursor kept) and
"\e[>4;0m\e[?1004l\e[?2004l" (vim's key and focus modes off again, so that
C-c still reaches the test's shell as ^C).
"""
E = '\x1b'
CLR = E + '[H' + E + '[2J'


def w(name, s):
    with open(name, 'wb') as f:
        f.write(s.encode('utf-8'))


def colours():
    s = CLR + 'fg:'
    for i in range(8):
        s += E + '[3%dm c%d' % (i, i)
    s += E + '[0m\r\nbright:'
    for i in range(8):
        s += E + '[9%dm c%d' % (i, i)
    s += E + '[0m\r\nbg:'
    for i in range(8):
        s += E + '[4%dm b%d' % (i, i)
    s += E + '[0m\r\nbrightbg:'
    for i in range(8):
        s += E + '[10%dm b%d' % (i, i)
    s += E + '[0m\r\n'
    s += E + '[1mbold' + E + '[0m ' + E + '[4munderline' + E + '[0m ' + \
        E + '[7mreverse' + E + '[0m ' + E + '[3mitalic' + E + '[0m '
    s += E + '[1;4;31mbold-under-red' + E + '[22;24m plain-red' + E + \
        '[39m default ' + E + '[2mdim' + E + '[0m ' + E + '[9mstrike' + \
        E + '[0m\r\n'
    s += '256:'
    for i in range(16, 256, 12):
        s += E + '[38;5;%dm#' % i
    s += E + '[0m\r\n256bg:'
    for i in range(16, 256, 12):
        s += E + '[48;5;%dm ' % i
    s += E + '[0m\r\nrgb:'
    for i in range(0, 256, 32):
        s += E + '[38;2;%d;%d;%dmR' % (i, 255 - i, 128)
    s += E + '[0m\r\nrgbbg:'
    for i in range(0, 256, 32):
        s += E + '[48;2;%d;64;%dm ' % (i, 255 - i)
    s += E + '[0m\r\n'
    s += E + '[44m' + E + '[Kbackground-erased line' + E + '[0m\r\n'
    s += E + '[32mgreen then ' + E + '[0;1mbold after reset' + E + '[0m\r\n'
    w('colours.seq', s + 'fidelity-end')


def cjk():
    s = CLR
    s += '漢字とかな混じりの文: 日本語のテキスト\r\n'
    s += '中文字符测试，全角标点。한국어 텍스트\r\n'
    s += 'x' * 79 + '字' + 'after wrap\r\n'
    s += 'e\u0301 a\u0300 n\u0303 combining marks\r\n'
    s += 'ｆｕｌｌ ｗｉｄｔｈ ＡＢＣ and half ｱｲｳ\r\n'
    s += E + '[10;10H上書き' + E + '[10;11Hx overwrite half of a wide char\r\n'
    w('cjk.seq', s + 'fidelity-end')


def emoji():
    s = CLR
    s += 'faces: \U0001F600\U0001F601\U0001F602 end\r\n'
    s += 'objects: \U0001F680 rocket \U0001F4BB laptop \U0001F525 fire\r\n'
    s += 'symbols: \u2705 check \u274C cross \u2B50 star\r\n'
    s += 'narrow: \u2603 \u2764 \u263A (text presentation)\r\n'
    s += 'x' * 79 + '\U0001F600' + 'wrapped\r\n'
    w('emoji.seq', s + 'fidelity-end')


def vim():
    s = E + '[?1049h' + E + '[22;0;0t' + E + '[?1h' + E + '=' + CLR
    s += E + '[?25l'
    lines = ['#include <stdio.h>', '', 'int', 'main(void)', '{',
             '\tprintf("hello\\n");', '\treturn 0;', '}']
    for i, l in enumerate(lines):
        s += E + '[%d;1H' % (i + 1) + E + '[33m%3d ' % (i + 1) + E + '[0m' + \
            l.replace('\t', '        ')
    for r in range(len(lines) + 1, 22):
        s += E + '[%d;1H' % r + E + '[94m~' + E + '[0m'
    s += E + '[22;1H' + E + '[7m main.c [+]' + ' ' * 60 + '6,9 All ' + \
        E + '[27m'
    s += E + '[23;1H-- INSERT --'
    s += E + '[6;14H' + E + '[4@abcd'
    s += E + '[7;1H' + E + '[M'
    s += E + '[3;1H' + E + '[L' + E + '[33m  3 ' + E + '[0m/* inserted */'
    s += E + '[8;5H' + E + '[2P'
    s += E + '[5;6H' + E + '[K'
    s += E + '[6;9H' + E + '[?25h'
    w('vim.seq', s + 'fidelity-end')


def less():
    s = E + '[?1049h' + E + '[?1h' + E + '=' + CLR
    for i in range(1, 22):
        s += 'line %02d of the file\r\n' % i
    s += E + '[7m(END)' + E + '[27m' + E + '[K'
    s += E + '[1;21r' + E + '[21;1H'
    for i in range(22, 25):
        s += '\nline %02d scrolled in\r' % i
    s += E + '[r'
    s += E + '[1;21r' + E + '[1;1H' + E + 'M' + 'line 03 back' + E + 'M' + \
        'line 02 back' + E + '[r'
    s += E + '[5;15r' + E + '[10;1H' + E + '[2M' + E + '[12;1H' + E + '[1L' + \
        'inserted in region' + E + '[r'
    s += E + '[23;1H' + E + '[K:'
    s += E + '[24;1H'
    w('less.seq', s + 'fidelity-end')


def sequences():
    s = CLR
    s += 'g0: ' + E + '(0lqkxyz~' + E + '(B yz\r\n'
    s += 'so: ' + E + ')0\x0emqjxyz\x0f yz\r\n'
    s += 'saved: ' + E + '(0' + E + '7' + E + '(Bqq' + E + '8qq' + \
        E + '(B q\r\n'
    s += 'apc: a' + E + '_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA' + E + '\\b' + \
        ' pm: c' + E + '^private' + E + '\\d sos: e' + E + 'Xstring' + \
        E + '\\f\r\n'
    s += 'sgr58: ' + E + '[4;58;5;196munderlined, not blinking' + E + \
        '[0m\r\n'
    s += 'marks: e' + '\u0301\u0302\u0303\u0304\u0305\u0306' + ' end\r\n'
    s += 'primary kept' + E + '[?47h' + E + '[H' + E + '[2Jon the alternate' + \
        E + '[?47l' + E + '[8H'
    s += E + '[?25l' + E + '7' + E + '[?25h' + E + '8' + 'cursor shown\r\n'
    w('sequences.seq', s + 'fidelity-end')


colours()
cjk()
emoji()
vim()
less()
sequences()
