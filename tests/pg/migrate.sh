#!/bin/sh
# migrate.sh — `tdn migrate` between SQLite and PostgreSQL on the test
# cluster (TDN_TEST_PG_STATE): the demo clinic goes to PostgreSQL and back
# into a new SQLite file, and every table comes back row for row (reals
# included); the row counts printed match both sides; ids are kept and new
# records on PostgreSQL get ids after them; a non-empty target is refused
# unless --append; an append of a record whose id (or username) the target
# has already is refused clearly and changes nothing, one of new records
# goes in; a missing source is refused.
. "$TDN_SOURCE_DIR/tests/cli/lib.sh"
[ -n "$PG_ADMIN" ] || { echo "FAIL [$TESTNAME]: needs TDN_TEST_PG_STATE (the PostgreSQL cluster)" >&2; exit 1; }
REAL=$(sed -n 's/^exec "\([^"]*\)".*/\1/p' "$TDN")   # the binary behind lib.sh's --db wrapper
export TDN_USER=admin TDN_NOW=1795400000
PG=$DB
TABLES="patient user auth_session api_token invitation consent consent_text screening intake episode
session appointment pain_map finding needle measure adverse_event diary session_override
session_note note_addendum setting login_throttle audit"
# rows BACKEND-DB TABLE: the table's rows in key order, as text
rows() {
    q="SELECT * FROM \"$2\" ORDER BY 1, 2"
    case "$1" in
        postgresql://*) psql "$1" -XAtq -c "$q" ;;
        *) sqlite3 "$1" "$q" ;;
    esac
}

run "$REAL" --db demo.db demo
expect_rc 0
run "$REAL" migrate --from nowhere.db --to "$PG"
expect_rc 1
expect_err "--from: no database at nowhere.db"

run "$REAL" migrate --from demo.db --to "$PG"
expect_rc 0
expect_out "patient"
for t in $TABLES; do
    n=$(sqlite3 demo.db "SELECT count(*) FROM \"$t\"")
    printed=$(printf '%s\n' "$OUT" | awk -v t="$t" '$1 == t {print $2}')
    [ "$printed" = "$n" ] || fail "$t: printed $printed rows, the source has $n"
    [ "$t" = audit ] && n=$((n + 1))   # and the copy's own row
    [ "$(psql "$PG" -XAtqc "SELECT count(*) FROM \"$t\"")" = "$n" ] || fail "$t: not $n rows on PostgreSQL"
done
[ "$(psql "$PG" -XAtqc "SELECT count(*) FROM audit WHERE action = 'import' AND tbl = 'store'")" = 1 ] ||
    fail "the copy is not audited once"
n=$(sqlite3 demo.db "SELECT count(*) FROM patient")
[ "$n" -ge 1 ] || fail "the demo has no patients"

# Back into a new SQLite file: every table as the original (the audit gains the two copies).
run "$REAL" migrate --from "$PG" --to back.db --json
expect_rc 0
[ "$(json_get 'j["tables"]["patient"]')" = "$n" ] || fail "JSON report"
for t in $TABLES; do
    [ "$t" = audit ] && continue
    [ "$(rows demo.db "$t")" = "$(rows back.db "$t")" ] || fail "$t differs after the round trip"
done
max=$(sqlite3 demo.db "SELECT max(id) FROM audit")
[ "$(sqlite3 demo.db "SELECT * FROM audit")" = "$(sqlite3 back.db "SELECT * FROM audit WHERE id <= $max")" ] ||
    fail "the audit differs after the round trip"
[ "$(sqlite3 back.db "SELECT count(*) FROM audit WHERE id > $max AND action = 'import'")" = 2 ] ||
    fail "the round trip's two copies are not in the audit"

# New records on PostgreSQL continue after the copied ids.
run "$REAL" --db "$PG" patient add --name "Ana New" --birth 1990-02-03
expect_rc 0
[ "$(psql "$PG" -XAtqc "SELECT max(id) FROM patient")" = $((n + 1)) ] || fail "new id is not $((n + 1))"

# A target with records is refused and left alone, with --append a clash rolls back.
count() { psql "$PG" -XAtqc "SELECT (SELECT count(*) FROM patient) || '/' || (SELECT count(*) FROM audit)"; }
before=$(count)
run "$REAL" migrate --from demo.db --to "$PG"
expect_rc 1
expect_err "--to: the target already holds records"
[ "$(count)" = "$before" ] || fail "a refused migrate wrote"
run "$REAL" migrate --from demo.db --to "$PG" --append
expect_rc 1
expect_err "--append: patient id 1 is in both stores; tdn migrate keeps ids"
expect_err "(it cannot merge two clinics into one)"
[ "$(count)" = "$before" ] || fail "a refused append wrote"
# an append whose records are all new to the target goes in, ids kept
B=$(printf '%s' "$PG" | sed "s#/$PG_NAME#/${PG_NAME}_b#")
psql "$PG_ADMIN" -XAtq -v ON_ERROR_STOP=1 -c "CREATE DATABASE ${PG_NAME}_b" >/dev/null || fail "createdb"
run "$REAL" --db "$B" init
expect_rc 0
psql "$B" -XAtq -v ON_ERROR_STOP=1 -c "INSERT INTO patient (id, name, birth, created)
    VALUES (1000, 'Kept Patient', '1970-01-01', 1)" >/dev/null || fail "patient 1000"
run "$REAL" migrate --from demo.db --to "$B" --append
expect_rc 0
[ "$(psql "$B" -XAtqc "SELECT count(*) FROM patient WHERE id <= $n")" = "$n" ] &&
    [ "$(psql "$B" -XAtqc "SELECT name FROM patient WHERE id = 1000")" = "Kept Patient" ] ||
    fail "the append did not add the clinic beside the target's patient"
# a user whose username the target has (under another id) is refused too,
# and the rows copied before it are rolled back
psql "$PG_ADMIN" -XAtqc "DROP DATABASE ${PG_NAME}_b WITH (FORCE)" -c "CREATE DATABASE ${PG_NAME}_b" >/dev/null ||
    fail "createdb again"
run "$REAL" --db "$B" init
run_in "admin-pass-long-1" "$REAL" --db "$B" user add --username admin --role admin --password-stdin
expect_rc 0
psql "$B" -XAtq -v ON_ERROR_STOP=1 -c "UPDATE \"user\" SET id = 1000" >/dev/null || fail "user id 1000"
run "$REAL" migrate --from demo.db --to "$B" --append
expect_rc 1
expect_err "--append: user username admin is in both stores"
[ "$(psql "$B" -XAtqc "SELECT count(*) FROM patient")" = 0 ] || fail "a refused append left patients"
psql "$PG_ADMIN" -XAtqc "DROP DATABASE ${PG_NAME}_b WITH (FORCE)" >/dev/null
run "$REAL" migrate --from back.db --to back.db
expect_rc 1
expect_err "--to: the same store as --from"
pass
