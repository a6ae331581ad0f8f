# lib.sh — helpers for tdn's CLI tests (sourced). Each test runs the real
# binary ($TDN) in a private temporary directory ($WORK), removed at exit,
# on one database, $DB: the SQLite file $WORK/tdn.db (tdn's default) unless
# TDN_TEST_PG_STATE names a running tests/pg/cluster.sh cluster (or
# TDN_TEST_PG_URL a PostgreSQL maintenance database): then $DB is a fresh
# PostgreSQL database made for this test and dropped at exit, and $TDN runs
# with --db $DB. db_sql runs SQL on $DB through sqlite3 or psql.
set -u
: "${TDN:?TDN must point at the tdn binary}"
: "${TDN_SOURCE_DIR:?TDN_SOURCE_DIR must point at the source tree}"
# The tests' python3 is Debian's (scripts/deps.sh installs it), called
# directly: a version manager's shim first in PATH (pyenv's is a bash script)
# costs up to a second per call on a busy machine, and tests call it often.
if [ -x /usr/bin/python3 ]; then python3() { /usr/bin/python3 "$@"; }; fi
WORK=$(mktemp -d)
TESTNAME=$(basename "$0")
DB="$WORK/tdn.db"
PG_ADMIN=""
# cleanup: drops the test's PostgreSQL database and removes $WORK.
cleanup() {
    [ -n "$PG_ADMIN" ] && psql "$PG_ADMIN" -XAtq -c "DROP DATABASE IF EXISTS $PG_NAME WITH (FORCE)" >/dev/null 2>&1
    rm -rf "$WORK"
}
trap cleanup EXIT
cd "$WORK" || exit 2
if [ -n "${TDN_TEST_PG_STATE:-}" ] && [ -z "${TDN_TEST_PG_URL:-}" ]; then
    TDN_TEST_PG_URL=$(sh "$TDN_SOURCE_DIR/tests/pg/cluster.sh" url "$TDN_TEST_PG_STATE") || exit 1
fi
if [ -n "${TDN_TEST_PG_URL:-}" ]; then
    PG_ADMIN=$TDN_TEST_PG_URL
    PG_NAME=$(printf 'tdn_%s_%s' "${TESTNAME%.sh}" $$ | tr -c 'a-z0-9_\n' '_')
    psql "$PG_ADMIN" -XAtq -v ON_ERROR_STOP=1 -c "CREATE DATABASE $PG_NAME" >/dev/null ||
        { echo "FAIL [$TESTNAME]: cannot create a PostgreSQL database at $PG_ADMIN" >&2; exit 1; }
    # the same URL with the new database's name in place of the maintenance one
    DB=$(printf '%s' "$PG_ADMIN" | sed -E "s#^(postgres(ql)?://[^/?]*)(/[^?]*)?#\1/$PG_NAME#")
    mkdir "$WORK/.bin"
    printf '#!/bin/sh\nexec "%s" --db "%s" "$@"\n' "$TDN" "$DB" >"$WORK/.bin/tdn"
    chmod +x "$WORK/.bin/tdn"
    TDN="$WORK/.bin/tdn"
fi
# db_sql SQL: runs SQL on $DB, rows '|'-separated, as sqlite3 prints them.
db_sql() {
    case "$DB" in
        postgres://* | postgresql://*) printf '%s\n' "$1" | psql "$DB" -XAtq -v ON_ERROR_STOP=1 -f - ;;
        *) sqlite3 "$DB" "$1" ;;
    esac
}
# db_dump: the whole database as SQL text.
db_dump() {
    case "$DB" in
        postgres://* | postgresql://*) pg_dump "$DB" ;;
        *) sqlite3 "$DB" .dump ;;
    esac
}

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
