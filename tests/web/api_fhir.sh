#!/bin/sh
# api_fhir.sh — the read-only FHIR API of issue 12 against a real `tdn
# serve`: metadata, Patient read and search, $everything, as
# application/fhir+json; API tokens (Authorization: Bearer) act as their user
# with that user's role, only on /fhir/; a bad, expired or revoked token is
# 401; errors are OperationOutcome; reads are audited. When the validators
# are installed (tests/fhir/node_modules) the answers are validated too.
. "$TDN_SOURCE_DIR/tests/cli/lib.sh"
. "$TDN_SOURCE_DIR/tests/web/lib_web.sh"
export TDN_USER=drsmith TDN_NOW=1795430000
"$TDN" init >/dev/null || fail "init"
(. "$TDN_SOURCE_DIR/tests/fhir/build_record.sh") || fail "building the record"
printf 'front-desk-pass-2026\n' | "$TDN" user add --username desk --role front_desk --password-stdin >/dev/null ||
    fail "user add desk"
TOK=$("$TDN" token add --user drsmith --expires 30 2>/dev/null) || fail "token add"
DESK=$("$TDN" token add --user desk --expires 30 2>/dev/null) || fail "token add desk"
OLD=$("$TDN" token add --user drsmith --expires 1 2>/dev/null) || fail "token add old"
REV=$("$TDN" token add --json --user drsmith --expires 30 2>/dev/null) || fail "token add rev"
REV_ID=$(printf '%s' "$REV" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
REV=$(printf '%s' "$REV" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
"$TDN" token revoke "$REV_ID" >/dev/null || fail "token revoke"
[ "$(db_sql "SELECT count(*) FROM api_token WHERE token_hash LIKE 'tdn_%' OR token_hash = '$TOK'")" = 0 ] ||
    fail "a token is stored as it is"
start_server "$DB"
bearer() { req GET "$1" "" -H "Authorization: Bearer $2"; }
CHECK="$TDN_SOURCE_DIR/tests/fhir/validate.mjs"
validate_out() {
    command -v node >/dev/null && [ -d "$TDN_SOURCE_DIR/tests/fhir/node_modules/fhir" ] || return 0
    printf '%s' "$OUT" >"$WORK/answer.json"
    node "$CHECK" "$WORK/answer.json" >"$WORK/check.txt" || fail "validators: $(cat "$WORK/check.txt")"
}

req GET /fhir/metadata
expect_status 200
expect_header "Content-Type: application/fhir+json"
expect_out '"resourceType":"CapabilityStatement"'
validate_out

bearer /fhir/Patient/1 "$TOK"
expect_status 200
expect_header "Content-Type: application/fhir+json"
expect_out '"birthDate":"1980-05-01"'
validate_out
bearer "/fhir/Patient?name=lovelace&birthdate=1980-05-01" "$TOK"
expect_status 200
[ "$(json_get 'j["type"], j["total"], j["entry"][0]["resource"]["id"]')" = "searchset 1 1" ] || fail "search: $OUT"
validate_out
bearer "/fhir/Patient?birthdate=1999-01-01" "$TOK"
expect_status 200
[ "$(json_get 'j["total"]')" = 0 ] || fail "no patient born then"
bearer '/fhir/Patient/1/$everything' "$TOK"
expect_status 200
[ "$(json_get 'sorted(set(e["resource"]["resourceType"] for e in j["entry"]))')" = "['AdverseEvent', 'BodyStructure', 'Condition', 'Consent', 'Encounter', 'Observation', 'Patient', 'Practitioner', 'Procedure']" ] ||
    fail "\$everything holds the whole record"
validate_out

# Errors are OperationOutcome with the status of the problem.
bearer /fhir/Patient/99 "$TOK"
expect_status 404
expect_header "Content-Type: application/fhir+json"
expect_out '"resourceType":"OperationOutcome"'
expect_out "no patient with id 99"
validate_out
bearer "/fhir/Patient?birthdate=1980-13-01" "$TOK"
expect_status 400
expect_out '"code":"invalid"'
bearer /fhir/Observation/1 "$TOK"
expect_status 404
expect_out '"resourceType":"OperationOutcome"'

# Tokens: none, junk, expired, revoked → 401; a front-desk token meets the role check.
req GET /fhir/Patient/1
expect_status 401
expect_out '"code":"login"'
bearer /fhir/Patient/1 "tdn_$(printf '%064d' 0)"
expect_status 401
bearer /fhir/Patient/1 "not a token"
expect_status 401
bearer /fhir/Patient/1 "$REV"
expect_status 401
expect_out '"resourceType":"OperationOutcome"'
bearer /fhir/Patient/1 "$DESK"
expect_status 403
expect_out '"code":"forbidden"'
# A token opens /fhir/ only, not the rest of the API.
bearer /api/patients/1 "$TOK"
expect_status 401
# Expired: the server's clock two days on (stop_server would remove $WORK).
kill "$SERVER_PID" && wait "$SERVER_PID"
SERVER_PID=""
export TDN_NOW=$((TDN_NOW + 2 * 86400))
start_server "$DB"
bearer /fhir/Patient/1 "$OLD"
expect_status 401
bearer /fhir/Patient/1 "$TOK"
expect_status 200

# Every read is audited as the token's user.
n=$(db_sql "SELECT count(*) FROM audit WHERE actor = 'drsmith' AND ((action = 'read' AND tbl = 'patient') OR (action = 'export' AND tbl = 'fhir' AND detail = 'fhir api \$everything'))")
[ "$n" -ge 3 ] || fail "FHIR reads audited as drsmith: $n"
pass
