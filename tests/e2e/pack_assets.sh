#!/bin/sh
# Assets and keys through the real binary: 'tasks' and 'task check' say
# which assets and keys a pack lacks and a session cannot start without
# them; 'task prepare --from DIR' copies the assets and checks their
# SHA-256 (a wrong file is refused; a build command makes its asset), and
# names a missing key and a keys file others can read; a session of the
# prepared pack gives its scorer BASELINER_ASSETS and BASELINER_KEYS, and
# its shells BL_DATA (the assets' public/ folder).
set -u
. "$top_srcdir/tests/lib.sh"
packs=$BASELINER_HOME/packs
BASELINER_TASKS=$packs
BASELINER_KEYS=$BASELINER_HOME/keys.env
export BASELINER_TASKS BASELINER_KEYS
src=$BASELINER_HOME/src
mkdir -p "$packs/ap/start" "$packs/ap/scoring" "$src/public"
echo data >"$src/public/d.bin"
sum=$(sha256sum "$src/public/d.bin" | cut -c1-64)
echo x >"$packs/ap/start/f"
echo "# ap" >"$packs/ap/brief.md"
printf '%s\n' \
    'printf '"'"'{"score": 1, "message": {"assets": "%s", "keys": "%s"}}\n'"'"' \' \
    '    "$BASELINER_ASSETS" "$BASELINER_KEYS"' \
    >"$packs/ap/scoring/score.sh"
{
	printf 'id: ap\nversion: "1"\ntitle: Assets pack\n'
	printf 'hardware:\n  commands: [sh]\n'
	printf 'scorer:\n  command: sh score.sh\n  timeout: 20\n'
	printf 'score:\n  direction: higher\n  y_start: 0\n  y_ref: 2\n'
	printf 'assets:\n  - name: data\n    path: public/d.bin\n    size: 5\n'
	printf '    sha256: %s\n' "$sum"
	printf '  - name: made\n    path: made.txt\n'
	printf '    build: echo made >"$BASELINER_ASSET"\n'
	printf 'keys:\n  - name: AP_KEY\n    what: a key\n'
	printf '  - name: AP_URL\n    default: http://127.0.0.1:9/v1\n'
} >"$packs/ap/task.yaml"

out=$($BASELINER tasks 2>&1)
echo "$out" | grep -q "needs: no GPU, commands: sh, 2 assets, keys: AP_KEY AP_URL" ||
	fail "tasks does not say what ap needs: $out"
echo "$out" | grep -q "2 of 2 assets missing" || fail "tasks: $out"
echo "$out" | grep -q "key AP_KEY missing" || fail "tasks: $out"
$BASELINER start ap --participant p1 --detach >/dev/null 2>&1 &&
	fail "a session started without the pack's assets"

# A wrong file is refused by its checksum.
mkdir -p "$BASELINER_HOME/wrongdir/public"
echo dat4 >"$BASELINER_HOME/wrongdir/public/d.bin"
out=$($BASELINER task prepare ap --from "$BASELINER_HOME/wrongdir" 2>&1) &&
	fail "prepare accepted a wrong file: $out"
echo "$out" | grep -q "data *MISSING: SHA-256 " || fail "prepare: $out"
echo "$out" | grep -q "made *ok" || fail "the build command did not make its asset: $out"
echo "$out" | grep -q "AP_KEY *MISSING" || fail "prepare does not name the key: $out"

printf 'AP_KEY=secret\n' >"$BASELINER_KEYS"
chmod 644 "$BASELINER_KEYS"
out=$($BASELINER task prepare ap --from "$src" 2>&1) &&
	fail "prepare accepted a keys file others can read: $out"
echo "$out" | grep -q "readable by others" || fail "prepare: $out"
echo "$out" | grep -q "data *ok, 5 bytes, sha256 $(echo "$sum" | cut -c1-12)" ||
	fail "prepare did not copy and check the asset: $out"
chmod 600 "$BASELINER_KEYS"
out=$($BASELINER task prepare ap 2>&1) || fail "prepare: $out"
echo "$out" | grep -q "all assets and keys in place" || fail "prepare: $out"
echo "$out" | grep -q "AP_URL *set (the default)" || fail "prepare: $out"
out=$($BASELINER task check ap 2>&1) || fail "check after prepare: $out"

start_session ap
msg=$(q "SELECT message FROM score WHERE is_start = 1")
note "$msg"
echo "$msg" | grep -q "\"assets\": *\"$BASELINER_HOME/assets/ap\"" ||
	fail "the scorer's BASELINER_ASSETS: $msg"
echo "$msg" | grep -q "\"keys\": *\"$BASELINER_KEYS\"" ||
	fail "the scorer's BASELINER_KEYS: $msg"
# The participant's shells find the public assets in BL_DATA.
# (They are children of the holder of the shells, src/term/holder.c.)
srv=$(pgrep -f "__holder $BASELINER_HOME" | head -n 1)
[ -n "$srv" ] || fail "no holder process"
found=
for c in $(pgrep -P "$srv"); do
	tr '\0' '\n' <"/proc/$c/environ" 2>/dev/null |
	    grep -qx "BL_DATA=$BASELINER_HOME/assets/ap/public" && found=$c
done
[ -n "$found" ] || fail "no shell of the session has BL_DATA"
exit 0
