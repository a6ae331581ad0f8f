# api_appointment.sh — the appointment book against a real `tdn serve`:
# the desk books (201), an overlap for the same clinician is a 409 naming
# the other appointment, moves and state changes, the day list as JSON, the
# book and Today pages (consent on file or missing, no clinical record), and
# a clinician opening the session from an appointment (the desk may not).
. "$TDN_SOURCE_DIR/tests/cli/lib.sh"
. "$TDN_SOURCE_DIR/tests/web/lib_web.sh"
"$TDN" --db "$DB" init >/dev/null || fail "init"
P=$("$TDN" --db "$DB" patient add --name "Ana Diaz" --birth 1980-02-03) || fail "patient add"
P2=$("$TDN" --db "$DB" patient add --name "Ben Ode" --birth 1975-06-01) || fail "patient add"
printf 'desk-pass-long-enough\n' | "$TDN" --db "$DB" user add --username desk --role front_desk \
    --password-stdin >/dev/null || fail "user add"
printf 'clinician-pass-long\n' | "$TDN" --db "$DB" user add --username drlee --role clinician \
    --display "Dr Jane Lee" --password-stdin >/dev/null || fail "user add"
TDN_USER=drlee "$TDN" --db "$DB" consent record --patient "$P2" --by patient >/dev/null || fail consent
start_server "$DB"
csrf() { printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])'; }
TODAY=$(date -u +%Y-%m-%d) # the server keeps the default time zone, UTC

req POST /api/login '{"username":"desk","password":"desk-pass-long-enough"}'
expect_status 200
T=$(csrf)
req POST /api/appointments "{\"patient\":$P,\"clinician\":\"drlee\",\"starts\":\"${TODAY}T09:00\"}" \
    -H "X-CSRF-Token: $T"
expect_status 201
A1=$(json_get 'j["id"]')
req POST /api/appointments "{\"patient\":$P2,\"clinician\":\"drlee\",\"starts\":\"${TODAY}T09:15\",\"minutes\":20}" \
    -H "X-CSRF-Token: $T"
expect_status 409
expect_out "overlaps appointment $A1 (Ana Diaz with drlee"
req POST /api/appointments "{\"patient\":$P2,\"clinician\":\"drlee\",\"starts\":\"${TODAY}T09:30\",\"minutes\":2}" \
    -H "X-CSRF-Token: $T"
expect_status 400
expect_out '"error":"minutes:'
req POST /api/appointments "{\"patient\":$P2,\"clinician\":\"drlee\",\"starts\":\"tomorrow\"}" \
    -H "X-CSRF-Token: $T"
expect_status 400
expect_out '"error":"starts:'
req POST /api/appointments "{\"patient\":$P2,\"clinician\":\"drlee\",\"starts\":\"${TODAY}T09:30\"}" \
    -H "X-CSRF-Token: $T"
expect_status 201
A2=$(json_get 'j["id"]')
req POST "/api/appointments/$A2/move" "{\"starts\":\"${TODAY}T08:45\"}" -H "X-CSRF-Token: $T"
expect_status 409
expect_out "overlaps appointment $A1"
req POST "/api/appointments/$A2/move" "{\"starts\":\"${TODAY}T10:00\"}" -H "X-CSRF-Token: $T"
expect_status 200
req POST "/api/appointments/$A2/status" '{"status":"checked_in"}' -H "X-CSRF-Token: $T"
expect_status 200
req POST "/api/appointments/$A2/status" '{"status":"checked_in"}' -H "X-CSRF-Token: $T"
expect_status 409
req POST /api/appointments/999/status '{"status":"cancelled"}' -H "X-CSRF-Token: $T"
expect_status 404
req GET "/api/appointments?date=$TODAY"
expect_status 200
[ "$(json_get 'len(j["appointments"])')" = 2 ] || fail "two appointments today"
[ "$(json_get 'j["appointments"][1]["status"]')" = checked_in ] || fail "status"
[ "$(json_get 'j["appointments"][1]["minutes"]')" = 30 ] || fail "a move keeps the length"
[ "$(json_get 'j["appointments"][0]["consent_on_file"]')" = False ] || fail "consent missing"
[ "$(json_get 'j["appointments"][1]["consent_on_file"]')" = True ] || fail "consent on file"
req GET "/book?date=$TODAY"
expect_status 200
expect_out 'id="book-drlee"'
expect_out 'Ana Diaz'
req GET "/book?week=$TODAY"
expect_status 200
expect_out 'id="book-week"'
req GET /today
expect_status 200
expect_out 'id="today-appt-table"'
expect_out '<th>Status</th><th>Intake</th><th>Consent</th><th></th>'
expect_out '<td>missing</td>'
expect_out '<td>on file</td>'
expect_no_out 'Open session'
req POST "/api/appointments/$A1/session" '{}' -H "X-CSRF-Token: $T"
expect_status 403
req POST /api/logout '{}' -H "X-CSRF-Token: $T"

rm -f "$COOKIES"
req POST /api/login '{"username":"drlee","password":"clinician-pass-long"}'
T=$(csrf)
req GET /today
expect_out 'Open session'
req POST "/api/appointments/$A2/session" '{}' -H "X-CSRF-Token: $T"
expect_status 201
S=$(json_get 'j["id"]')
req POST "/api/appointments/$A2/session" '{}' -H "X-CSRF-Token: $T"
expect_status 409
expect_out "session $S is open for it already"
req GET "/api/appointments?date=$TODAY"
[ "$(json_get 'j["appointments"][1]["session"]')" = "$S" ] || fail "linked session"
req GET /today
expect_out "href=\"/sessions/$S\""
pass
