# api_record.sh — the record API against a real `tdn serve`: patients,
# consent, episodes, pain maps and the diary; every bad field answers 400
# naming it; the front desk gets no clinical record; a patient reaches only
# their own diary; the admin manages users; chart reads are audited.
. "$TDN_SOURCE_DIR/tests/cli/lib.sh"
. "$TDN_SOURCE_DIR/tests/web/lib_web.sh"
"$TDN" --db "$DB" init >/dev/null || fail "init"
LAST=""
adduser() { printf '%s\n' "$3" | "$TDN" --db "$DB" user add --username "$1" --role "$2" --password-stdin ${4:-} >/dev/null || fail "user add $1"; }
adduser doc clinician clinician-pass
adduser desk front_desk desk-pass-one
adduser boss admin admin-pass-1
start_server "$DB"
login() { rm -f "$COOKIES"; req POST /api/login "{\"username\":\"$1\",\"password\":\"$2\"}"; expect_status 200; TOKEN=$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])'); }
post() { req POST "$1" "$2" -H "X-CSRF-Token: $TOKEN"; }
id_of() { printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }

login desk desk-pass-one
post /api/patients '{"name":"Ann Example","birth":"1980-02-30"}'
expect_status 400
expect_out '"error":"birth:'
post /api/patients '{"name":"Ann Example","birth":"1980-02-03","sex":"Q"}'
expect_status 400
expect_out '"error":"sex:'
post /api/patients '{"name":"Ann Example","birth":"1980-02-03","age":3}'
expect_status 400
expect_out '"error":"age: unknown field'
post /api/patients '{"name":5,"birth":"1980-02-03"}'
expect_status 400
expect_out '"error":"name: must be text"'
post /api/patients '[1,2]'
expect_status 400
expect_out '"error":"body: must be a JSON object"'
post /api/patients '{"name":"Ann <b>Example</b>","birth":"1980-02-03","sex":"F"}'
expect_status 201
P=$(id_of)
req GET '/api/patients?search=example'
expect_status 200
expect_out '"name":"Ann <b>Example</b>"'
post "/api/patients/$P/consent" '{"by":"patient"}'
expect_status 403

login doc clinician-pass
post "/api/patients/$P/consent" '{"by":"friend"}'
expect_status 400
expect_out '"error":"by:'
post "/api/patients/$P/consent" '{"by":"patient"}'
expect_status 201
# judging a profile without storing it: a 10-year-old without a guardian's consent
post /api/screen '{"profile":{"age":10,"consent":{"patient":true}}}'
expect_status 200
expect_out '"decision":"no_go"'
expect_out 'guardian'
# screening through the engine: a good profile is judged and stored, a bad one names its field
post "/api/patients/$P/screenings" '{"profile":{"conditions":["anticoagulant"],"planned_regions":["upper_chest:R"],"consent":{"patient":true}}}'
expect_status 201
expect_out '"decision":"caution"'
post "/api/patients/$P/screenings" '{"profile":{"local":[{"condition":"infection","region":"calfs:R"}]}}'
expect_status 400
expect_out "\"error\":\"profile: local[0].region: unknown region 'calfs'"
post "/api/patients/$P/screenings" '{"profile":"age 44"}'
expect_status 400
expect_out '"error":"profile: must be a JSON object"'
post "/api/patients/$P/episodes" '{"condition":"tension_type_headach"}'
expect_status 400
expect_out "did you mean 'tension_type_headache'"
post "/api/patients/$P/episodes" '{"condition":"tension_type_headache","goal":"work without headache"}'
expect_status 201
E=$(id_of)
post "/api/patients/$P/pain" "{\"episode\":$E,\"pains\":[\"temple:R=6\",\"nowhere:R\"]}"
expect_status 400
expect_out "region: unknown region 'nowhere'"
post "/api/patients/$P/pain" "{\"episode\":$E,\"pains\":[\"temple:R=6\",\"posterior_neck:R=4\"]}"
expect_status 201
# a pain map goes only to the patient in the URL: not to another patient's episode
post /api/patients '{"name":"Other Patient","birth":"1970-01-01"}'
P_OTHER=$(id_of)
post "/api/patients/$P_OTHER/pain" "{\"episode\":$E,\"pains\":[\"temple:R=6\"]}"
expect_status 400
expect_out "episode: episode $E is not patient $P_OTHER's"
post "/api/patients/$P/pain" "{\"episode\":$E,\"pains\":[\"temple:R=6\",\"temple:R=2\"]}"
expect_status 400
expect_out "region: temple:R given twice"
post "/api/patients/999/consent" '{"by":"patient"}'
[ "$STATUS" = 404 ] || [ "$STATUS" = 400 ] || fail "unknown patient gave HTTP $STATUS"
req GET "/api/patients/$P"
expect_status 200
expect_out '"pain_map":[{'
expect_out '"region":"temple"'
expect_out '"episodes":[{'

# a needling session: validation names the field, close is refused (409)
# while a needle is in, the handout exists once a needle went in
post /api/sessions "{\"patient\":$P,\"episode\":$E}"
expect_status 201
expect_out '"state":"screened"'
S=$(id_of)
post "/api/sessions/$S/needles" '{"muscle":"upper_trapezius","side":"X","technique":"deep"}'
expect_status 400
expect_out '"error":"side:'
post "/api/sessions/$S/needles" '{"muscle":"upper_trapezoid","side":"R","technique":"deep"}'
expect_status 400
expect_out 'upper_trapezius'
post "/api/sessions/$S/needles" '{"muscle":"upper_trapezius","side":"R","technique":"deep","length_mm":30}'
expect_status 201
expect_out '"needle":1'
expect_out '"kind":"deep_dwell"'
post "/api/sessions/$S/needles/1/ltr" ''
expect_status 200
expect_out '"ltr_count":1'
post "/api/sessions/$S/close" ''
expect_status 409
expect_out 'still in'
post "/api/sessions/$S/needles/7/out" ''
[ "$STATUS" = 400 ] || [ "$STATUS" = 404 ] || fail "withdrawing an unknown needle gave HTTP $STATUS"
post "/api/sessions/$S/needles/1/out" ''
expect_status 200
post "/api/sessions/$S/needles/1/out" ''
expect_status 409
expect_out 'is out, not in'
# an adverse event names its needle by number (#1), as the needle URLs do
post "/api/sessions/$S/aes" '{"kind":"bruising","severity":"mild","needle":1}'
expect_status 201
post "/api/sessions/$S/aes" '{"kind":"bruising","severity":"mild","needle":7}'
expect_status 400
expect_out 'no needle #7'
post "/api/sessions/$S/close" ''
expect_status 200
expect_out '"code":"20560"'
post "/api/sessions/$S/close" ''
expect_status 409
req GET "/api/sessions/$S/handout"
expect_status 200
expect_out '"sections":['
req GET "/api/sessions/$S/note"
expect_status 200
expect_out '20560'

# the front desk sees visits, not the clinical record
login desk desk-pass-one
req GET "/api/patients/$P"
expect_status 200
expect_no_out '"pain_map"'
expect_no_out '"episodes"'
expect_out '"consent_on_record":true'
req GET "/api/patients/$P/diary"
expect_status 403

# a patient login: only their own diary
login boss admin-pass-1
post /api/users "{\"username\":\"ann\",\"role\":\"patient\",\"password\":\"ann-pass-one1\",\"patient\":$P}"
expect_status 201
post /api/users '{"username":"x","role":"wizard","password":"12345678"}'
expect_status 400
expect_out '"error":"role:'
req GET /api/users
expect_status 200
expect_out '"username":"ann"'
expect_no_out 'argon2'
login ann ann-pass-one1
post /api/my/diary '{"day":"2020-01-01","pain":11,"soreness":2}'
expect_status 400
expect_out '"error":"pain: must be a whole number from 0 to 10"'
post /api/my/diary '{"day":"2020-01-01","pain":3,"soreness":2,"note":"stiff"}'
expect_status 201
req GET /api/my/diary
expect_status 200
expect_out '"pain":3'
req GET "/api/patients/$P"
expect_status 403
req GET "/api/patients/$P/diary"
expect_status 403
req GET '/api/patients'
expect_status 403
req GET "/api/sessions/$S/handout"
expect_status 200
req GET "/api/sessions/$S"
expect_status 403

login boss admin-pass-1
req GET "/api/audit?patient=$P"
expect_status 200
expect_out '"actor":"desk"'
expect_out '"action":"read"'
pass
