# api_consent.sh — e-consent against a real `tdn serve`: the patient reads
# the consent text (tdn's default, version 0, covers the risks), signs by
# typed full name and a ticked box (400 naming what is missing; 409 when
# the text changed since it was read); the chart shows who signed, from
# which login and which version; withdrawing blocks a new session (409)
# until consent is given again.
. "$TDN_SOURCE_DIR/tests/cli/lib.sh"
. "$TDN_SOURCE_DIR/tests/web/lib_web.sh"
"$TDN" --db "$DB" init >/dev/null || fail "init"
P=$("$TDN" --db "$DB" patient add --name "Ana Diaz" --birth 1980-02-03) || fail "patient add"
adduser() { printf '%s\n' "$3" | "$TDN" --db "$DB" user add --username "$1" --role "$2" \
    --password-stdin ${4:-} >/dev/null || fail "user add $1"; }
adduser drlee clinician clinician-pass-long
adduser ana patient patient-pass-long-1 "--patient $P"
start_server "$DB"
csrf() { printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])'; }
login() { rm -f "$COOKIES"; req POST /api/login "{\"username\":\"$1\",\"password\":\"$2\"}";
    expect_status 200; T=$(csrf); }

login ana patient-pass-long-1
req GET /api/my/consent
expect_status 200
[ "$(json_get 'j["version"]')" = 0 ] || fail "default text is version 0"
for w in "soreness for 24 to 48 hours" bruising pneumothorax infection nerve "needle breaking" \
    exercise "stop at any time"; do
    expect_out "$w"
done
req GET /my/consent
expect_status 200
expect_out 'id="consent-form"'
req POST /api/my/consent '{"by":"patient","name":"Ana Diaz","version":0}' -H "X-CSRF-Token: $T"
expect_status 400
expect_out '"error":"agree: tick the box'
req POST /api/my/consent '{"by":"patient","name":"  ","agree":true,"version":0}' -H "X-CSRF-Token: $T"
expect_status 400
expect_out '"error":"name: type your full name'
printf 'Our clinic consent text, second edition.\n' |
    TDN_USER=admin "$TDN" --db "$DB" consent text --set - >/dev/null || fail "text --set"
req POST /api/my/consent '{"by":"patient","name":"Ana Diaz","agree":true,"version":0}' \
    -H "X-CSRF-Token: $T"
expect_status 409
expect_out 'changed since you read it'
req POST /api/my/consent '{"by":"patient","name":"Ana Diaz","agree":true,"version":1}' \
    -H "X-CSRF-Token: $T"
expect_status 201

login drlee clinician-pass-long
req GET "/patients/$P"
expect_out 'signed “Ana Diaz” from login ana (text version 1)'
req GET "/api/patients/$P"
expect_out '"text_version":1'
req POST "/api/patients/$P/consent/withdraw" '{}' -H "X-CSRF-Token: $T"
expect_status 200
req POST "/api/patients/$P/consent/withdraw" '{}' -H "X-CSRF-Token: $T"
expect_status 409
req POST /api/sessions "{\"patient\":$P}" -H "X-CSRF-Token: $T"
expect_status 409
expect_out 'withdrew consent'
req GET "/patients/$P"
expect_out 'id="consent-withdrawn"'
# consent again: sessions open again
req POST "/api/patients/$P/consent" '{"by":"patient"}' -H "X-CSRF-Token: $T"
expect_status 201
req POST /api/sessions "{\"patient\":$P}" -H "X-CSRF-Token: $T"
expect_status 201
n=$(db_sql "SELECT count(*) FROM audit WHERE tbl = 'consent' AND detail LIKE 'withdrawn%'")
[ "$n" = 1 ] || fail "withdrawal audited once ($n)"
pass
