# api_intake.sh — the patient's intake against a real `tdn serve`: the
# patient reads the questions and sends answers ("not sure" allowed; an
# unanswered question is a 400 naming it); the front desk sees only that an
# intake is pending or done, never the answers; a clinician reads it (404
# for an unknown patient), must resolve every "not sure" (400), and records
# the screening from it (201, then 409); the chart shows what the patient
# said beside what the clinician recorded.
. "$TDN_SOURCE_DIR/tests/cli/lib.sh"
. "$TDN_SOURCE_DIR/tests/web/lib_web.sh"
"$TDN" --db "$DB" init >/dev/null || fail "init"
P=$("$TDN" --db "$DB" patient add --name "Ana Diaz" --birth 1980-02-03) || fail "patient add"
adduser() { printf '%s\n' "$3" | "$TDN" --db "$DB" user add --username "$1" --role "$2" \
    --password-stdin ${4:-} >/dev/null || fail "user add $1"; }
adduser desk front_desk desk-pass-long-enough
adduser drlee clinician clinician-pass-long
adduser ana patient patient-pass-long-1 "--patient $P"
TDN_USER=desk TDN_NOW=$(date +%s) "$TDN" --db "$DB" appointment add --patient "$P" \
    --clinician drlee --at "$(date -u +%Y-%m-%d) 10:00" >/dev/null || fail "appointment"
start_server "$DB"
csrf() { printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])'; }
login() { rm -f "$COOKIES"; req POST /api/login "{\"username\":\"$1\",\"password\":\"$2\"}";
    expect_status 200; T=$(csrf); }
answers() { printf '%s' "$OUT" | python3 -c '
import json,sys
q=json.load(sys.stdin)["questions"]
a={x["id"]:"no" for x in q}
a["anticoagulant"]="unsure"; a["lymph"]="yes"
print(json.dumps({"intake":{"answers":a,"places":{"lymph":"anterior_arm:L"},
  "pains":["shoulder_top:R=6"],"goals":[{"activity":"Lift my grandchild","score":3}]}}))'; }

login ana patient-pass-long-1
req GET /api/my/intake
expect_status 200
[ "$(json_get 'j["intake"]')" = None ] || fail "no intake yet"
[ "$(json_get 'len(j["questions"]) >= 16')" = True ] || fail "questions"
BODY=$(answers)
SHORT=$(printf '%s' "$BODY" | python3 -c 'import json,sys; b=json.load(sys.stdin); del b["intake"]["answers"]["diabetes"]; print(json.dumps(b))')
req POST /api/my/intake "$SHORT" -H "X-CSRF-Token: $T"
expect_status 400
expect_out '"error":"answers.diabetes: please answer: Do you have diabetes?"'
req POST /api/my/intake "$BODY" -H "X-CSRF-Token: $T"
expect_status 201
req GET /my/intake
expect_status 200
expect_out 'id="intake-sent"'
req GET "/api/patients/$P/intake"
expect_status 403

login desk desk-pass-long-enough
req GET "/api/patients/$P/intake"
expect_status 403
req GET "/patients/$P"
expect_no_out 'The patient said'
expect_no_out 'Lift my grandchild'
req GET /today
expect_out '<td>pending review</td>'

login drlee clinician-pass-long
req GET /api/patients/999/intake
expect_status 404
req GET "/api/patients/$P/intake"
expect_status 200
[ "$(json_get 'j["intake"]["status"]')" = pending ] || fail "pending"
req GET "/patients/$P"
expect_out 'id="intake-review"'
expect_out 'resolve: ask'
req POST "/api/patients/$P/intake/confirm" '{"confirmation":{}}' -H "X-CSRF-Token: $T"
expect_status 400
expect_out 'answers.anticoagulant: the patient was not sure'
req POST "/api/patients/$P/intake/confirm" '{"confirmation":{"answers":{"anticoagulant":"yes"}}}' \
    -H "X-CSRF-Token: $T"
expect_status 201
expect_out 'bleeding.anticoagulant'
req POST "/api/patients/$P/intake/confirm" '{"confirmation":{"answers":{"anticoagulant":"yes"}}}' \
    -H "X-CSRF-Token: $T"
expect_status 409
req GET "/api/patients/$P"
expect_out '"local":[{"condition":"lymphedema","region":"anterior_arm:L"}]'
req GET "/patients/$P"
expect_out 'The clinician recorded'
expect_out 'id="verdict"'
req GET /today
expect_out '<td>done</td>'
pass
