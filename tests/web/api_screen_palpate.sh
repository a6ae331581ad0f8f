# api_screen_palpate.sh — issue 13 B against a real `tdn serve`: a patient on
# anticoagulants has the muscles that cannot be compressed blocked (AHPCSA
# BN 121 §3.1.5: the runner names them and refuses them without an override,
# compressible ones are needled); a pregnant patient's runner warns at the
# electrical stimulation form (pregnancy.estim); /api/locate takes palpation
# findings (palpated=...) and without them says which sites to palpate
# first; the runner's finding form offers those hints, and an active
# trigger point recorded in the session puts its muscle first.
. "$TDN_SOURCE_DIR/tests/cli/lib.sh"
. "$TDN_SOURCE_DIR/tests/web/lib_web.sh"
"$TDN" --db "$DB" init >/dev/null || fail "init"
LAST=""
printf '%s\n' "needling-clinician-77" | "$TDN" --db "$DB" user add --username doc --role clinician --password-stdin >/dev/null || fail "user add"
start_server "$DB"
rm -f "$COOKIES"
req POST /api/login '{"username":"doc","password":"needling-clinician-77"}'
expect_status 200
TOKEN=$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
post() { req POST "$1" "$2" -H "X-CSRF-Token: $TOKEN"; }
id_of() { printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }

post /api/patients '{"name":"Warfarin Patient","birth":"1950-02-03","sex":"M"}'
expect_status 201
P=$(id_of)
post "/api/patients/$P/consent" '{"by":"patient"}'
expect_status 201
post "/api/patients/$P/screenings" '{"profile":{"conditions":["anticoagulant"],"planned_regions":["calf:R","posterior_neck:R"],"consent":{"patient":true}}}'
expect_status 201
expect_out '"decision":"caution"'
expect_out '"blocked_muscles":['
expect_out '"tibialis_posterior"'
post "/api/patients/$P/episodes" '{"condition":"neck_pain"}'
expect_status 201
E=$(id_of)
post "/api/patients/$P/pain" "{\"episode\":$E,\"pains\":[\"temple:R=6\",\"posterior_neck:R=5\",\"shoulder_top:R=4\"]}"
expect_status 201
post /api/sessions "{\"patient\":$P,\"episode\":$E}"
expect_status 201
S=$(id_of)
req GET "/sessions/$S"
expect_status 200
expect_out 'id="sv-blocked-muscles"'
expect_out 'Tibialis posterior'
expect_out 'Tibialis posterior — blocked by the screening'
# the finding form offers which sites to palpate first
expect_out 'id="f-palpate-first"'
expect_out 'to tell Levator scapulae from Upper trapezius: palpate shoulder blade / top of the shoulder'
# protocol.blocked_muscle: refused without an override, the compressible calf muscle is needled
post "/api/sessions/$S/needles" '{"muscle":"tibialis_posterior","side":"R","technique":"deep"}'
expect_status 409
expect_out 'protocol.blocked_muscle'
post "/api/sessions/$S/needles" '{"muscle":"gastrocnemius","side":"R","technique":"deep"}'
expect_status 201
# an active trigger point recorded in the session puts its muscle first in the runner's list
post "/api/sessions/$S/findings" '{"muscle":"splenius_cervicis","side":"R","type":"active"}'
expect_status 201
req GET "/sessions/$S"
expect_status 200
printf '%s' "$OUT" | grep -o '<optgroup label="Suggested by the pain map"><option value="[a-z_]*"' |
    grep -q 'splenius_cervicis' || fail "the active finding's muscle is suggested first"

# a muscle palpated without finding (type none) moves down in the runner's list
post "/api/sessions/$S/findings" '{"muscle":"upper_trapezius","side":"R","type":"nothing"}'
expect_status 400
expect_out '"error":"type:'
post "/api/sessions/$S/findings" '{"muscle":"splenius_cervicis","side":"R","type":"none"}'
expect_status 201
req GET "/sessions/$S"
expect_status 200
printf '%s' "$OUT" | grep -o '<optgroup label="Suggested by the pain map"><option value="[a-z_]*"' |
    grep -q 'splenius_cervicis' || fail "active and none on one muscle: the positive wins"
post "/api/sessions/$S/findings" '{"muscle":"levator_scapulae","side":"R","type":"none"}'
expect_status 201
req GET "/api/patients/$P"
expect_status 200
req GET "/sessions/$S"
printf '%s' "$OUT" | grep -o 'Suggested by the pain map.*</optgroup>' | grep -o 'value="[a-z_]*"' | head -3 |
    grep -q levator_scapulae && fail "levator palpated without finding left the top three"
req GET "/patients/$P"
expect_status 200
expect_out 'none found'

# locate with palpation findings through the API
req GET '/api/locate?pains=temple:R,posterior_neck:R,shoulder_top:R&limit=5'
expect_status 200
expect_out '"palpate_first":["to tell Levator scapulae from Upper trapezius'
req GET '/api/locate?pains=temple:R,posterior_neck:R,shoulder_top:R&limit=5&palpated=levator_scapulae:R=-,upper_trapezius:R=%2B'
expect_status 200
[ "$(json_get 'j["candidates"][0]["muscle"]')" = upper_trapezius ] || fail "+ first"
[ "$(json_get 'j["candidates"][0]["palpated"]')" = "+" ] || fail "+ marked"
[ "$(json_get 'j["palpate_first"]')" = "[]" ] || fail "no hints with findings"
req GET '/api/locate?pains=temple:R&palpated=upper_trapezoid=-'
expect_status 400
expect_out "palpated: unknown muscle 'upper_trapezoid'"

# pregnancy: the e-stim form carries the caution and no preset strong intensity
post /api/patients '{"name":"Pregnant Patient","birth":"1990-02-03","sex":"F"}'
expect_status 201
Q=$(id_of)
post "/api/patients/$Q/consent" '{"by":"patient"}'
expect_status 201
post "/api/patients/$Q/screenings" '{"profile":{"pregnancy":"second_trimester","planned_regions":["anterior_hip:R","shoulder_top:L"],"consent":{"patient":true}}}'
expect_status 201
expect_out '"rule":"pregnancy.estim"'
expect_out '"blocked_regions":["anterior_hip:R"]'
post /api/sessions "{\"patient\":$Q}"
expect_status 201
S2=$(id_of)
req GET "/sessions/$S2"
expect_status 200
expect_out 'Electrical stimulation (see the caution)'
expect_out 'class="danger-box es-caution"'
expect_out 'avoid strong electrical stimulation'
expect_no_out 'value="strong but comfortable"'
expect_out '<span class="badge caution">e-stim caution</span>'
# e-stim goes through, with the caution in its warnings
post "/api/sessions/$S2/needles" '{"muscle":"upper_trapezius","side":"L","technique":"superficial"}'
expect_status 201
post "/api/sessions/$S2/needles/1/estim" '{"freq_hz":2,"pulse_us":250,"duration_s":300,"intensity":"mild"}'
expect_status 200
expect_out '"warnings":["pregnancy.estim: Pregnant: avoid strong electrical stimulation'

# estim.pacemaker: the runner says e-stim is not for this patient and the
# server refuses it, while the needles go in
post /api/patients '{"name":"Paced Patient","birth":"1948-02-03","sex":"M"}'
expect_status 201
R=$(id_of)
post "/api/patients/$R/consent" '{"by":"patient"}'
expect_status 201
post "/api/patients/$R/screenings" '{"profile":{"conditions":["pacemaker"],"planned_regions":["temple:R"],"consent":{"patient":true}}}'
expect_status 201
expect_out '"decision":"caution"'
expect_out '"rule":"estim.pacemaker"'
post /api/sessions "{\"patient\":$R}"
expect_status 201
S3=$(id_of)
req GET "/sessions/$S3"
expect_status 200
expect_out 'Electrical stimulation (not for this patient)'
expect_out 'disabled>E-stim refused by the screening'
expect_out 'near the planned regions (1 note)</summary>'
expect_out '<span class="badge no_go">no e-stim</span>'
req GET "/patients/$R"
expect_status 200
expect_out '<li data-rule="estim.pacemaker"><span class="badge no_go">no e-stim</span>'
post "/api/sessions/$S3/needles" '{"muscle":"temporalis","side":"R","technique":"deep"}'
expect_status 201
post "/api/sessions/$S3/needles/1/estim" '{"freq_hz":2,"pulse_us":250,"duration_s":300,"intensity":"mild"}'
expect_status 409
expect_out 'estim: refused: the screening forbids electrical stimulation for this patient (estim.pacemaker)'
req GET "/api/sessions/$S3"
expect_status 200
expect_out '"estim":null'
pass
