# api_invite.sh — portal invitations against a real `tdn serve`: the desk
# invites (201 with the user name and a code), the patient uses the code once
# to choose a password and is signed in to the portal; a reused, expired or
# unknown code is a 401 in a patient's words; a weak password is a 400 that
# uses nothing up; a patient may not invite; the desk's printable page shows
# the code; the CLI's `tdn invite` makes codes the web accepts.
. "$TDN_SOURCE_DIR/tests/cli/lib.sh"
. "$TDN_SOURCE_DIR/tests/web/lib_web.sh"
"$TDN" --db "$DB" init >/dev/null || fail "init"
P=$("$TDN" --db "$DB" patient add --name "Ana Diaz" --birth 1980-02-03) || fail "patient add"
P2=$("$TDN" --db "$DB" patient add --name "Ben Ode" --birth 1975-06-01) || fail "patient add"
printf 'desk-pass-long-enough\n' | "$TDN" --db "$DB" user add --username desk --role front_desk \
    --password-stdin >/dev/null || fail "user add"
start_server "$DB"
csrf() { printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])'; }
field() { printf '%s' "$OUT" | python3 -c "import json,sys; print(json.load(sys.stdin)[\"$1\"])"; }

req POST /api/login '{"username":"desk","password":"desk-pass-long-enough"}'
expect_status 200
T=$(csrf)
req POST "/api/patients/$P/invitation" '{}' -H "X-CSRF-Token: $T"
expect_status 201
CODE=$(field code)
[ "$(field username)" = "patient$P" ] || fail "user name $(field username)"
printf '%s' "$CODE" | grep -Eq '^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$' ||
    fail "code shape: $CODE"
req POST /api/patients/999/invitation '{}' -H "X-CSRF-Token: $T"
expect_status 404
req POST "/api/patients/$P/invitation" '{"hours":0}' -H "X-CSRF-Token: $T"
expect_status 400
expect_out '"error":"hours:'
# the printable page, from the chart's form (a new code replaces the first)
req GET "/patients/$P2"
expect_status 200
expect_out 'action="/patients/'"$P2"'/invitation"'
req POST "/patients/$P2/invitation" "" --data-urlencode "csrf=$T"
expect_status 200
expect_out 'id="invite-code"'
expect_out "patient$P2"
req POST /api/logout '{}' -H "X-CSRF-Token: $T"

rm -f "$COOKIES"
req GET /welcome
expect_status 200
expect_out 'id="welcome"'
req POST /api/login/invitation "{\"code\":\"$CODE\",\"password\":\"short\"}"
expect_status 400
expect_out '"error":"password:'
req POST /api/login/invitation '{"code":"ABCD","password":"lantern-harbour-quiet"}'
expect_status 400
expect_out '"error":"code:'
LOWER=$(printf '%s' "$CODE" | tr 'A-Z' 'a-z')
req POST /api/login/invitation "{\"code\":\"$LOWER\",\"password\":\"lantern-harbour-quiet\"}"
expect_status 200
expect_out '"role":"patient"'
expect_out '"home":"/diary"'
req GET /diary
expect_status 200
req POST /api/logout '{}' -H "X-CSRF-Token: $(csrf)"
rm -f "$COOKIES"
req POST /api/login/invitation "{\"code\":\"$CODE\",\"password\":\"another-quiet-phrase\"}"
expect_status 401
expect_out 'already been used'
req POST /api/login "{\"username\":\"patient$P\",\"password\":\"lantern-harbour-quiet\"}"
expect_status 200
T=$(csrf)
req POST "/api/patients/$P/invitation" '{}' -H "X-CSRF-Token: $T"
expect_status 403
rm -f "$COOKIES"
req POST /api/login/invitation '{"code":"ABCD-EFGH-JKLM","password":"lantern-harbour-quiet"}'
expect_status 401
expect_out 'do not recognise this sign-in code'
# an expired code: made by the CLI an hour long at a past instant
run env TDN_NOW=1700000000 "$TDN" --db "$DB" invite --patient "$P2" --hours 1 --json
expect_rc 0
CODE=$(json_get 'j["code"]')
[ "$(json_get 'j["expires"]')" = 1700003600 ] || fail "expires"
run "$TDN" --db "$DB" invite --patient 999
expect_rc 1
expect_err "tdn: --patient: no patient with id 999"
run "$TDN" --db "$DB" invite --patient "$P2" --hours 721
expect_rc 1
expect_err "--hours:"
req POST /api/login/invitation "{\"code\":\"$CODE\",\"password\":\"lantern-harbour-quiet\"}"
expect_status 401
expect_out 'has expired'
n=$(db_sql "SELECT count(*) FROM audit WHERE action = 'invite_failed'")
[ "$n" = 3 ] || fail "invite_failed audit rows: $n"
pass
