# tests/packs/lib.sh: what the RE-Bench pack tests share, sourced after
# tests/lib.sh. pack_score PACK WORKDIR runs the pack's scorer the way the
# session server does (the manifest's scorer.command with /bin/sh -c in
# scoring/, with BASELINER_WORKDIR, BASELINER_SCRATCH, BASELINER_ASSETS and
# BASELINER_KEYS set) and leaves its last output line in $line;
# expect_score LINE VALUE TOLERANCE and expect_invalid LINE WORDS check it.

packs_src=$top_srcdir/tasks
BASELINER_ASSETS=$BASELINER_HOME/assets
BASELINER_KEYS=$BASELINER_HOME/keys.env
export BASELINER_ASSETS BASELINER_KEYS
# Nothing is written into the packs (no __pycache__ in scoring/).
PYTHONDONTWRITEBYTECODE=1
export PYTHONDONTWRITEBYTECODE

# A Python that imports every module named (python3, else Debian's).
find_python() {
	for fp_py in "${BASELINER_PYTHON:-}" python3 /usr/bin/python3; do
		[ -n "$fp_py" ] || continue
		fp_ok=1
		for fp_m in "$@"; do
			"$fp_py" -c "import $fp_m" 2>/dev/null || fp_ok=0
		done
		if [ $fp_ok = 1 ]; then
			echo "$fp_py"
			return 0
		fi
	done
	return 1
}

pack_score() {
	ps_cmd=$(sed -n 's/^  command: //p' "$packs_src/$1/task.yaml" | head -1)
	ps_scratch=$BASELINER_HOME/scratch
	rm -rf "$ps_scratch"
	mkdir -p "$ps_scratch"
	line=$(cd "$packs_src/$1/scoring" && PYTHONDONTWRITEBYTECODE=1 BASELINER_WORKDIR=$2 \
	    BASELINER_SCRATCH=$ps_scratch BASELINER_ASSETS=$BASELINER_ASSETS/$1 \
	    /bin/sh -c "$ps_cmd" 2>"$BASELINER_HOME/stderr" | tail -n 1)
	note "$1 $(basename "$2"): $line"
}

# The raw score of a result line, "null" for none.
score_of() {
	"$PY" -c 'import json,sys; s=json.loads(sys.argv[1])["score"]; print("null" if s is None else repr(s))' "$1"
}

expect_score() {
	es_s=$(score_of "$1") || fail "not a result line: $1"
	"$PY" -c 'import sys; sys.exit(0 if abs(float(sys.argv[1]) - float(sys.argv[2])) <= float(sys.argv[3]) else 1)' \
	    "$es_s" "$2" "$3" 2>/dev/null ||
	    fail "score $es_s, expected $2 +- $3: $1 (stderr: $(tail -n 5 "$BASELINER_HOME/stderr"))"
}

expect_invalid() {
	ei_s=$(score_of "$1") || fail "not a result line: $1"
	[ "$ei_s" = null ] || fail "expected an invalid score, got $ei_s: $1"
	echo "$1" | grep -q "$2" || fail "expected '$2' in: $1"
}
