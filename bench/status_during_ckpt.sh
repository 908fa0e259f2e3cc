#!/bin/sh
# How fast the session server answers while it commits a large
# checkpoint: `baseliner status` over and over while `baseliner
# checkpoint` commits MB megabytes of new files (default 450, in files of
# 10 MB of random bytes, under the 50 MB cap), and the same number of
# status calls with nothing else running, for comparison.
#
#	sh bench/status_during_ckpt.sh BUILDDIR [MB]
#
# Prints the checkpoint's time and the median, 95th percentile and
# maximum of the status calls in each phase (client start, socket and
# reply included), in ms. Beside them (with python3), one connection that
# asks for status every 5 ms over the socket itself: the server's own
# answer time, without a client's start. Not part of make check.
set -u
build=$(cd "${1:?usage: status_during_ckpt.sh BUILDDIR [MB]}" && pwd)
mb=${2:-450}
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
BASELINER=$build/baseliner
export top_srcdir BASELINER
. "$top_srcdir/tests/lib.sh"

now() { date +%s%N; }
# stats: "median p95 max" of the numbers on stdin (ms).
stats() {
	sort -n | awk '{ v[NR] = $1 } END {
		p = int(NR * 0.95 + 0.999); if (p < 1) p = 1; if (p > NR) p = NR
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "n=%d median %.1f p95 %.1f max %.1f\n", NR, m, v[p], v[NR] }'
}
# status_once: one `baseliner status`, its time in ms.
status_once() {
	so0=$(now)
	$BASELINER status >/dev/null || fail "status"
	so1=$(now)
	echo "$(( (so1 - so0) / 1000 ))" | awk '{ printf "%.2f\n", $1 / 1000 }'
}

# sock_status OUT STOP: status requests over one connection until STOP
# exists, each one's time in ms into OUT.
sock_status() {
	python3 - "$SESSION_DIR/control.sock" "$1" "$2" <<'EOF'
import json, os, socket, sys, time
path, out, stop = sys.argv[1:4]
s = socket.socket(socket.AF_UNIX)
s.connect(path)
f = s.makefile("rb")
lat, i = [], 0
while not os.path.exists(stop):
    i += 1
    t0 = time.monotonic()
    s.sendall((json.dumps({"id": i, "cmd": "status"}) + "\n").encode())
    while json.loads(f.readline()).get("id") != i:
        pass
    lat.append((time.monotonic() - t0) * 1000)
    time.sleep(0.005)
open(out, "w").write("".join("%.3f\n" % x for x in lat))
EOF
}
have_py=0
command -v python3 >/dev/null 2>&1 && have_py=1

make_lab_pack "$BASELINER_HOME/packs" 60
BASELINER_TASKS=$BASELINER_HOME/packs
export BASELINER_TASKS
start_session lab

i=0
while [ $((i * 10)) -lt "$mb" ]; do
	head -c 10485760 /dev/urandom >"$WORK/big$i.bin"
	i=$((i + 1))
done
sync

lat=$BASELINER_HOME/during.txt
: >"$lat"
t0=$(now)
$BASELINER checkpoint -m big >"$BASELINER_HOME/ckpt.out" 2>&1 &
ck=$!
[ $have_py = 1 ] && { sock_status "$BASELINER_HOME/sock_during.txt" \
    "$BASELINER_HOME/stop1" & py=$!; }
# Until the checkpoint's client returns, status as fast as it answers.
while kill -0 $ck 2>/dev/null; do
	status_once >>"$lat"
done
touch "$BASELINER_HOME/stop1"
[ $have_py = 1 ] && wait $py
wait $ck || fail "checkpoint: $(cat "$BASELINER_HOME/ckpt.out")"
t1=$(now)
n=$(wc -l <"$lat")
[ "$(q "SELECT count(*) FROM checkpoint WHERE message = 'big'")" = 1 ] ||
	fail "the checkpoint was not recorded"

[ $have_py = 1 ] && { sock_status "$BASELINER_HOME/sock_idle.txt" \
    "$BASELINER_HOME/stop2" & py=$!; }
idle=$BASELINER_HOME/idle.txt
: >"$idle"
j=0
while [ $j -lt "$n" ] || [ $j -lt 20 ]; do
	status_once >>"$idle"
	j=$((j + 1))
done

touch "$BASELINER_HOME/stop2"
[ $have_py = 1 ] && wait $py
echo "checkpoint of $i files, $((i * 10)) MB: $(( (t1 - t0) / 1000000 )) ms"
echo "status during the checkpoint (ms): $(stats <"$lat")"
echo "status idle (ms):                  $(stats <"$idle")"
if [ $have_py = 1 ]; then
	echo "socket status during (ms):         $(stats <"$BASELINER_HOME/sock_during.txt")"
	echo "socket status idle (ms):           $(stats <"$BASELINER_HOME/sock_idle.txt")"
fi
