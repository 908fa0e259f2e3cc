#!/bin/sh
# The rust_codecontests pack: its scorer on three problems the test makes
# (one the model answers right, one it answers wrong at temperature 0 and
# right above, one it answers with Rust that does not compile), with a local
# OpenAI-compatible server standing in for the model (tests/packs/
# fake_llm.py: no real model is called). The starting scaffold solves 1/3,
# the reference (samples, keeps what passes the public tests) 2/3; the relay
# puts the fixed model and the host's key on every request whatever the
# scaffold sends; hidden tests never reach the scaffold; a wrong key, a
# missing scaffold and missing problems are invalid with their reason.
set -u
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/packs/lib.sh"
PY=$(find_python json) || { echo "SKIP: no python3"; exit 77; }
command -v rustc >/dev/null 2>&1 || { echo "SKIP: no rustc"; exit 77; }
BASELINER_PYTHON=$PY
export BASELINER_PYTHON BL_RUST_WORKERS=2
a=$BASELINER_ASSETS/rust_codecontests
mkdir -p "$a"
"$PY" - "$a/test.jsonl" <<'PYEOF'
import json, sys
def p(name, what, op, cases):
    tests = [{"input": "%d %d\n" % c, "output": "%d\n" % op(*c)} for c in cases]
    return {"name": name, "description": "%s: read two integers a b and "
            "print a %s b." % (name, what), "public_tests": tests[:1],
            "private_tests": tests[1:2], "generated_tests": tests[2:],
            "time_limit": 1, "memory_limit": 256 << 20}
with open(sys.argv[1], "w") as f:
    for q in (p("ADD_TWO", "+", lambda x, y: x + y, [(1, 2), (5, 7), (-3, 9)]),
              p("MUL_TWO", "*", lambda x, y: x * y, [(2, 3), (4, 5), (6, -7)]),
              p("BROKEN", "/", lambda x, y: x // y, [(8, 2), (9, 3), (1, 1)])):
        f.write(json.dumps(q) + "\n")
PYEOF

"$PY" "$top_srcdir/tests/packs/fake_llm.py" "$BASELINER_HOME/port" \
    "$BASELINER_HOME/llm.log" &
fake=$!
wait_for 20 '[ -s "$BASELINER_HOME/port" ]' || fail "the fake model server did not start"
port=$(cat "$BASELINER_HOME/port")
cat >"$BASELINER_KEYS" <<KEYS
RUST_LLM_API_KEY=sk-test
RUST_LLM_BASE_URL=http://127.0.0.1:$port/v1
RUST_LLM_MODEL=fixed-model
KEYS
chmod 600 "$BASELINER_KEYS"

out=$($BASELINER task check rust_codecontests 2>&1)
echo "$out" | grep -q "manifest ok" || fail "task check: $out"
out=$($BASELINER task prepare rust_codecontests 2>&1)
echo "$out" | grep -q "RUST_LLM_API_KEY *set" || fail "prepare does not see the key: $out"

pack_score rust_codecontests "$packs_src/rust_codecontests/start"
expect_score "$line" "$("$PY" -c 'print(1/3)')" 1e-9
echo "$line" | grep -q '"ADD_TWO": "solved"' || fail "ADD_TWO: $line"
echo "$line" | grep -q '"MUL_TWO": "wrong answer on test 0"' || fail "MUL_TWO: $line"
echo "$line" | grep -q '"BROKEN": "does not compile"' || fail "BROKEN: $line"
pack_score rust_codecontests "$packs_src/rust_codecontests/solutions/reference"
expect_score "$line" "$("$PY" -c 'print(2/3)')" 1e-9

# Every request reached the model with the fixed model and the host's key.
grep -q '"model": "model"' "$BASELINER_HOME/llm.log" &&
	fail "a request reached the model with the scaffold's model name"
n=$(grep -c '"model": "fixed-model", "authorization": "Bearer sk-test"' "$BASELINER_HOME/llm.log")
[ "$n" -ge 5 ] || fail "expected the fixed model and key on every request: $(cat "$BASELINER_HOME/llm.log")"

# The scaffold sees no hidden tests and not the key.
w=$BASELINER_HOME/w
mkdir -p "$w"
cat >"$w/solve.py" <<PYEOF
import json, os, sys
p = json.load(sys.stdin)
with open("$w/seen-" + p["name"], "w") as f:
    json.dump({"keys": sorted(p), "env": sorted(os.environ)}, f)
print("fn main() {}")
PYEOF
BASELINER_RESULT_FD=3
export BASELINER_RESULT_FD
pack_score rust_codecontests "$w" 3>/dev/null
unset BASELINER_RESULT_FD
expect_score "$line" 0 0
grep -q private_tests "$w/seen-ADD_TWO" && fail "the scaffold saw hidden tests"
grep -q generated_tests "$w/seen-ADD_TWO" && fail "the scaffold saw hidden tests"
grep -q public_tests "$w/seen-ADD_TWO" || fail "the scaffold did not get the public tests"
grep -q 'RUST_LLM\|BASELINER_KEYS\|BASELINER_RESULT_FD' "$w/seen-ADD_TWO" &&
	fail "the scaffold's environment names the keys or the result channel"

# Invalid: a wrong key (every call fails), no scaffold, no problems.
sed -i 's/sk-test/sk-wrong/' "$BASELINER_KEYS"
pack_score rust_codecontests "$packs_src/rust_codecontests/start"
expect_invalid "$line" "every model call failed"
rm "$w/solve.py"
pack_score rust_codecontests "$w"
expect_invalid "$line" "solve.py is missing"
rm "$a/test.jsonl"
pack_score rust_codecontests "$packs_src/rust_codecontests/start"
expect_invalid "$line" "held-out problems unreadable"
kill "$fake"
wait "$fake" 2>/dev/null
exit 0
