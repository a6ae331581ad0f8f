# lib.sh — helpers for tdn's CLI tests (sourced). Each test runs the real
# binary ($TDN) in a private temporary directory ($WORK), removed at exit.
set -u
: "${TDN:?TDN must point at the tdn binary}"
: "${TDN_SOURCE_DIR:?TDN_SOURCE_DIR must point at the source tree}"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 2
TESTNAME=$(basename "$0")

fail() {
    echo "FAIL [$TESTNAME]: $*" >&2
    echo "--- last command: $LAST" >&2
    echo "--- stdout:" >&2; printf '%s\n' "$OUT" >&2
    echo "--- stderr:" >&2; printf '%s\n' "$ERR" >&2
    exit 1
}

# run CMD...: runs it with no stdin, keeps OUT, ERR and RC.
run() {
    LAST="$*"
    "$@" >"$WORK/.out" 2>"$WORK/.err" </dev/null
    RC=$?
    OUT=$(cat "$WORK/.out"); ERR=$(cat "$WORK/.err")
}
# run_in INPUT CMD...: the same with INPUT on stdin.
run_in() {
    input=$1; shift
    LAST="$* <<< $input"
    printf '%s' "$input" | "$@" >"$WORK/.out" 2>"$WORK/.err"
    RC=$?
    OUT=$(cat "$WORK/.out"); ERR=$(cat "$WORK/.err")
}
expect_rc() { [ "$RC" -eq "$1" ] || fail "exit code $RC, expected $1"; }
expect_out() { printf '%s' "$OUT" | grep -qF -- "$1" || fail "stdout lacks: $1"; }
expect_err() { printf '%s' "$ERR" | grep -qF -- "$1" || fail "stderr lacks: $1"; }
expect_no_out() { printf '%s' "$OUT" | grep -qF -- "$1" && fail "stdout has: $1"; return 0; }
# json_get EXPR: evaluates a jq-like python expression on OUT (as `j`).
json_get() { printf '%s' "$OUT" | python3 -c "import json,sys; j=json.load(sys.stdin); print($1)"; }
# bad_unchanged WANT CMD...: CMD exits 1 with WANT on stderr and leaves
# `count` (a function the test defines over the tables it guards) unchanged.
bad_unchanged() {
    want=$1; shift
    unchanged_before=$(count)
    run "$@"
    expect_rc 1
    expect_err "$want"
    [ "$(count)" = "$unchanged_before" ] || fail "refused input wrote something"
}
pass() { echo "PASS [$TESTNAME]"; exit 0; }
