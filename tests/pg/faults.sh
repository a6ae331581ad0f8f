#!/bin/sh
# faults.sh — tdn on PostgreSQL when things go wrong (issue 14): a wrong
# URL, an unreachable server and a bad password exit 2 with libpq's message
# and never print the URL's password; PostgreSQL restarted under a running
# `tdn serve` answers 503 while it is down and serves again after, the same
# tdn process; a database whose schema is newer than this tdn is refused
# with a clear message, on PostgreSQL and on SQLite. The shared cluster
# (TDN_TEST_PG_STATE) holds this test's database; the password and restart
# cases run on a private cluster of their own, so that stopping it and
# changing its authentication touch no other test.
REAL_TDN=$TDN
. "$TDN_SOURCE_DIR/tests/cli/lib.sh"
. "$TDN_SOURCE_DIR/tests/web/lib_web.sh"
CLUSTER="$TDN_SOURCE_DIR/tests/pg/cluster.sh"
PRIVATE="$WORK/private"
finish() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    [ -d "$PRIVATE" ] && sh "$CLUSTER" stop "$PRIVATE" >/dev/null 2>&1
    cleanup
}
trap finish EXIT

# no_secret WORD: neither stdout nor stderr of the last command has WORD.
no_secret() {
    printf '%s\n%s' "$OUT" "$ERR" | grep -qF -- "$1" && fail "the password $1 was printed"
    return 0
}
# refused_2 WANT SECRET CMD...: CMD exits 2 naming WANT (libpq's words) and
# prints SECRET nowhere.
refused_2() {
    want=$1 secret=$2; shift 2
    run "$@"
    expect_rc 2
    expect_err "--db: cannot connect to PostgreSQL: "
    expect_err "$want"
    no_secret "$secret"
}

# ---- a wrong URL, an unreachable server ---------------------------------
SOCK=$(printf '%s' "$DB" | sed -n 's/.*[?&]host=\([^&]*\).*/\1/p')
[ -d "$SOCK" ] || fail "no socket directory in $DB"
refused_2 'invalid URI query parameter: "colour"' wrong-url-secret-31 \
    "$REAL_TDN" --db "postgresql://tdn:wrong-url-secret-31@/postgres?host=$SOCK&colour=blue" patient list
refused_2 'database "no_such_clinic" does not exist' missing-db-secret-32 \
    "$REAL_TDN" --db "postgresql://tdn:missing-db-secret-32@/no_such_clinic?host=$SOCK" patient list
refused_2 "Connection refused" unreachable-secret-33 \
    "$REAL_TDN" --db "postgresql://tdn:unreachable-secret-33@127.0.0.1:1/tdn" patient list
refused_2 "Connection refused" unreachable-secret-34 \
    "$REAL_TDN" --db "postgresql://127.0.0.1:1/tdn?user=tdn&password=unreachable-secret-34" init
# tdn serve refuses before listening, the same way
refused_2 "Connection refused" unreachable-secret-35 \
    "$REAL_TDN" --db "postgresql://tdn:unreachable-secret-35@127.0.0.1:1/tdn" serve --listen 127.0.0.1:0

# ---- a private cluster: a role signing in with a password ----------------
sh "$CLUSTER" start "$PRIVATE" >/dev/null || fail "the private cluster did not start"
ADMIN2=$(sh "$CLUSTER" url "$PRIVATE") || fail "no private cluster URL"
DIR2=$(cat "$PRIVATE/dir")
psql "$ADMIN2" -XAtq -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE clinic_pw LOGIN PASSWORD 'right-pass-secret-4096'" \
    -c "CREATE DATABASE clinic OWNER clinic_pw" >/dev/null || fail "role and database"
# the role signs in with a password on the socket (everyone else: trust)
HBA="$DIR2/data/pg_hba.conf"
{ echo "local all clinic_pw scram-sha-256"; cat "$HBA"; } >"$WORK/hba" && cat "$WORK/hba" >"$HBA" ||
    fail "pg_hba.conf"
psql "$ADMIN2" -XAtqc "SELECT pg_reload_conf()" >/dev/null || fail "reload"
GOOD="postgresql://clinic_pw:right-pass-secret-4096@/clinic?host=$DIR2"
BAD="postgresql://clinic_pw:wrong-pass-secret-8192@/clinic?host=$DIR2"
refused_2 'password authentication failed for user "clinic_pw"' wrong-pass-secret-8192 \
    "$REAL_TDN" --db "$BAD" init
refused_2 'password authentication failed for user "clinic_pw"' wrong-pass-secret-8192 \
    "$REAL_TDN" --db "$BAD" serve --listen 127.0.0.1:0
run "$REAL_TDN" --db "$GOOD" init
expect_rc 0
expect_out "tdn: record store postgresql://clinic_pw:***@/clinic?host=$DIR2 is ready"
no_secret right-pass-secret-4096
run "$REAL_TDN" --db "postgresql:///clinic?host=$DIR2&password=right-pass-secret-4096&user=clinic_pw" init --json
expect_rc 0
[ "$(json_get 'j["db"]')" = "postgresql:///clinic?host=$DIR2&password=***&user=clinic_pw" ] || fail "db shown"
no_secret right-pass-secret-4096
run_in "fault-doc-pass-1" "$REAL_TDN" --db "$GOOD" user add --username doc --role clinician --password-stdin
expect_rc 0

# ---- PostgreSQL restarted under tdn serve: 503, then served again --------
TDN=$REAL_TDN
start_server "$GOOD"
PID=$SERVER_PID
req POST /api/login '{"username":"doc","password":"fault-doc-pass-1"}'
expect_status 200
CSRF=$(json_get "j['csrf']")
req POST /api/patients '{"name":"Before Restart","birth":"1980-01-01"}' -H "X-CSRF-Token: $CSRF"
expect_status 201
sh "$CLUSTER" pause "$PRIVATE" || fail "the private cluster did not stop"
req GET /api/patients
expect_status 503
req POST /api/patients '{"name":"While Down","birth":"1980-01-01"}' -H "X-CSRF-Token: $CSRF"
expect_status 503
req GET /api/patients
expect_status 503
sh "$CLUSTER" resume "$PRIVATE" || fail "the private cluster did not start again"
kill -0 "$PID" 2>/dev/null || fail "tdn serve exited while PostgreSQL was down"
req GET /api/patients
expect_status 200
req POST /api/patients '{"name":"After Restart","birth":"1980-01-01"}' -H "X-CSRF-Token: $CSRF"
expect_status 201
[ "$SERVER_PID" = "$PID" ] || fail "the server was restarted"
kill "$SERVER_PID" && wait "$SERVER_PID" 2>/dev/null
SERVER_PID=""
OUT=$(cat "$WORK/.serve"); ERR=$(cat "$WORK/.serve.err")
no_secret right-pass-secret-4096
[ "$(psql "postgresql:///clinic?host=$DIR2&user=tdn" -XAtqc "SELECT string_agg(name, ',' ORDER BY id) FROM patient")" = \
    "Before Restart,After Restart" ] || fail "patients after the restart: none lost, none made while down"

# ---- a schema from a newer tdn: refused, on both backends ----------------
# newer DB: the schema version one past what this tdn knows, on DB
newer() {
    run "$REAL_TDN" --db "$1" init
    expect_rc 0
    case "$1" in
        postgres://* | postgresql://*)
            psql "$1" -XAtqc "INSERT INTO tdn_schema (version) SELECT max(version) + 1 FROM tdn_schema" ;;
        *) sqlite3 "$1" "PRAGMA user_version = $(($(sqlite3 "$1" 'PRAGMA user_version') + 1))" ;;
    esac || fail "raising the schema version of $1"
    for cmd in "patient list" "init" "serve --listen 127.0.0.1:0"; do
        # shellcheck disable=SC2086 # cmd is words
        run "$REAL_TDN" --db "$1" $cmd
        expect_rc 2
        expect_err "newer than this tdn knows"
        expect_err "use a newer tdn"
    done
}
newer "$DB"
newer "$WORK/newer.db"
pass
