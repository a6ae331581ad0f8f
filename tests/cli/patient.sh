#!/bin/sh
# CLI tests of the record store's first commands: init, user add|list,
# patient add|show|list, audit — and every error path (exit code, message
# naming the field, nothing written).
. "$(dirname "$0")/lib.sh"
export TDN_USER=drsmith TDN_NOW=1795400000   # 2026-11-23, a fixed clock

# No database yet: commands other than init refuse and create nothing. On
# PostgreSQL (the server makes databases, not tdn) a URL naming a database
# that does not exist is refused with libpq's message, and none is created.
case "$DB" in
postgres://* | postgresql://*)
    run "$TDN" --db "$(printf '%s' "$DB" | sed "s#/$PG_NAME#/${PG_NAME}_none#")" patient list
    expect_rc 2
    expect_err "--db: cannot connect to PostgreSQL: "
    expect_err "database \"${PG_NAME}_none\" does not exist"
    [ "$(psql "$PG_ADMIN" -XAtqc "SELECT count(*) FROM pg_database WHERE datname = '${PG_NAME}_none'")" = 0 ] ||
        fail "patient list must not create a database"
    ;;
*)
    run "$TDN" patient list
    expect_rc 1
    expect_err "--db: no database at tdn.db (create it with: tdn init)"
    [ ! -e tdn.db ] || fail "patient list must not create tdn.db"
    ;;
esac

run "$TDN" init
expect_rc 0
expect_out "schema version"
expect_out "tdn user add --username U --role"
[ "$(db_sql "SELECT count(*) FROM patient")" = 0 ] || fail "init creates the database"
run "$TDN" init --json
expect_rc 0
[ "$(json_get 'j["users"]')" = 0 ] || fail "no users yet"
run "$TDN" --db postgresql://127.0.0.1:1/tdn init
expect_rc 2
expect_err "--db: cannot connect to PostgreSQL"
run "$TDN" --db "$WORK/no/such/dir/x.db" init
expect_rc 2
expect_err "cannot open"

# Users: password from stdin only.
run_in "correct horse" "$TDN" user add --username admin1 --role admin --password-stdin
expect_rc 0
[ "$OUT" = 1 ] || fail "user id printed"
run "$TDN" init
expect_no_out "No users yet"
run_in "correct horse" "$TDN" user add --username admin1 --role admin --password-stdin
expect_rc 1
expect_err "username: 'admin1' is taken"
run_in "correct horse" "$TDN" user add --username x --role doctor --password-stdin
expect_rc 1
expect_err "role: 'doctor' is not a role"
run_in "short" "$TDN" user add --username x --role clinician --password-stdin
expect_rc 1
expect_err "password: at least 12 characters"
run_in "" "$TDN" user add --username x --role clinician --password-stdin
expect_rc 1
expect_err "password"
run "$TDN" user add --username x --role clinician
expect_rc 1
expect_err "--password-stdin"
run_in "correct horse" "$TDN" user add --role clinician --password-stdin
expect_rc 1
expect_err "--username: required"
run_in "correct horse" "$TDN" user add --username pat --role patient --password-stdin
expect_rc 1
expect_err "patient: a patient login needs the patient's id"
run "$TDN" user list --json
expect_rc 0
[ "$(json_get 'len(j["users"])')" = 1 ] || fail "one user"
expect_no_out "correct horse"
expect_no_out "argon2"
run "$TDN" user frob
expect_rc 1
expect_err "unknown subcommand 'frob'"

# Patients.
run "$TDN" patient add --name "Ann Lee" --birth 1980-02-29 --sex F
expect_rc 0
[ "$OUT" = 1 ] || fail "patient id printed: $OUT"
run "$TDN" patient add --json --name "Bob Annison" --birth=1975-12-01
expect_rc 0
[ "$(json_get 'j["id"]')" = 2 ] || fail "json id"
run "$TDN" patient show 1
expect_rc 0
expect_out "Patient 1: Ann Lee, born 1980-02-29, sex F"
run "$TDN" patient show --json 2
expect_rc 0
[ "$(json_get 'j["patient"]["name"]')" = "Bob Annison" ] || fail "chart json"
[ "$(json_get 'j["patient"]["sex"]')" = None ] || fail "no sex is null"
run "$TDN" patient list
expect_rc 0
expect_out "Ann Lee"
expect_out "Bob Annison"
run "$TDN" patient list --search lee --json
expect_rc 0
[ "$(json_get 'len(j["patients"])')" = 1 ] || fail "search finds one"
run "$TDN" patient list --search nobody
expect_rc 0
expect_out "No patients match"

# Patient login linked to a patient.
run_in "correct horse" "$TDN" user add --username ann --role patient --patient 1 --password-stdin
expect_rc 0

# Bad input: exit 1, the field named, nothing written.
rows() { db_sql "SELECT (SELECT count(*) FROM patient)||'/'||(SELECT count(*) FROM audit)"; }
before=$(rows)
run "$TDN" patient add --name Cy --birth 2023-02-30
expect_rc 1
expect_err "--birth: 2023-02-30 is not a date"
run "$TDN" patient add --name Cy --birth 2026-12-01
expect_rc 1
expect_err "--birth: 2026-12-01 is in the future"
run "$TDN" patient add --name Cy --birth 17/05/1980
expect_rc 1
expect_err "--birth: '17/05/1980' is not a date YYYY-MM-DD"
run "$TDN" patient add --name Cy --birth 1980-5-17
expect_rc 1
expect_err "--birth"
run "$TDN" patient add --name Cy --birth 1980-05-17 --sex Q
expect_rc 1
expect_err "--sex: 'Q' must be F, M or X"
run "$TDN" patient add --birth 1980-05-17
expect_rc 1
expect_err "--name: required"
run "$TDN" patient add --name "" --birth 1980-05-17
expect_rc 1
expect_err "--name"
run "$TDN" patient add --name Cy
expect_rc 1
expect_err "--birth: required"
run "$TDN" patient add --name Cy --name Dee --birth 1980-05-17
expect_rc 1
expect_err "--name: given twice"
run "$TDN" patient add --name Cy --birth 1980-05-17 --bogus
expect_rc 1
expect_err "unknown option '--bogus'"
run "$TDN" patient add --name Cy --birth
expect_rc 1
expect_err "--birth: needs a value"
[ "$(rows)" = "$before" ] || fail "bad input wrote something: $before -> $(rows)"
run "$TDN" patient show 99
expect_rc 1
expect_err "patient: no patient with id 99"
run "$TDN" patient show abc
expect_rc 1
expect_err "patient: 'abc' is not a record id"
run "$TDN" patient show 0
expect_rc 1
run "$TDN" patient show
expect_rc 1
expect_err "give a patient id"
run "$TDN" patient
expect_rc 1
expect_err "patient: give a subcommand: add, show, list"

# Audit: who did what to which record.
run "$TDN" audit --patient 1 --json
expect_rc 0
[ "$(json_get 'j["audit"][0]["action"]')" = create ] || fail "first is create"
[ "$(json_get 'j["audit"][0]["actor"]')" = drsmith ] || fail "actor from TDN_USER"
[ "$(json_get 'j["audit"][0]["at"]')" = 1795400000 ] || fail "time from the clock"
[ "$(json_get 'j["audit"][1]["table"]')" = chart ] || fail "chart read audited"
run "$TDN" audit
expect_rc 0
expect_out "drsmith"
expect_out "admin1"
run "$TDN" audit --patient 99
expect_rc 1
expect_err "patient: no patient with id 99"
# ... a page at a time: the newest --limit entries, then --before for older
run "$TDN" audit --limit 2 --json
expect_rc 0
[ "$(json_get 'len(j["audit"])')" = 2 ] || fail "--limit 2 gave another count"
older=$(json_get 'j["next_before"]')
[ "$older" = "$(json_get 'j["audit"][0]["id"]')" ] || fail "next_before is not the oldest shown"
run "$TDN" audit --limit 2 --before "$older" --json
expect_rc 0
[ "$(json_get 'j["audit"][1]["id"] < '"$older")" = True ] || fail "--before gave newer entries"
run "$TDN" audit --action create --json
[ "$(json_get 'len([a for a in j["audit"] if a["action"] != "create"])')" = 0 ] \
    || fail "--action create shows other actions"
run "$TDN" audit --limit 501
expect_rc 1
expect_err "--limit: from 1 to 500"
# The audit cannot be changed, even with SQL behind tdn's back.
db_sql "DELETE FROM audit" 2>/dev/null && fail "audit rows deleted"
db_sql "UPDATE audit SET actor='x'" 2>/dev/null && fail "audit rows changed"

# A database that is not one is a storage failure (exit 2).
echo "not a database at all, just some text that is long enough" > junk.db
run "$TDN" --db junk.db patient list
expect_rc 2
pass
