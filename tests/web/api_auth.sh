# api_auth.sh — sign-in against a real `tdn serve`: wrong password 401,
# throttling after 5 failures (429 from that address only), the session cookie's flags, CSRF required
# on every state change (403 without, wrong or from another session), roles
# (403), logout, idle expiry, and the audit of logins.
. "$TDN_SOURCE_DIR/tests/cli/lib.sh"
. "$TDN_SOURCE_DIR/tests/web/lib_web.sh"
"$TDN" --db "$DB" init >/dev/null || fail "init"
printf 'clinician-pass\n' | "$TDN" --db "$DB" user add --username doc --role clinician --password-stdin >/dev/null || fail "user add doc"
printf 'desk-pass-one\n' | "$TDN" --db "$DB" user add --username desk --role front_desk --password-stdin >/dev/null || fail "user add desk"
printf 'victim-pass-1\n' | "$TDN" --db "$DB" user add --username victim --role clinician --password-stdin >/dev/null || fail "user add victim"
start_server "$DB"

login() { req POST /api/login "{\"username\":\"$1\",\"password\":\"$2\"}"; }
csrf_of() { printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])'; }

login doc wrong-pass
expect_status 401
expect_out 'login: username or password is wrong'
req POST /api/login '{"username":"doc"}'
expect_status 400
expect_out '"error":"password: required"'
req POST /api/login '{"username":"doc","password":"x",}'
expect_status 400
expect_out '"error":"body: invalid JSON'

# throttling, not lockout: after 5 failures this address waits before trying
# the name again, even with the right password; the real user, elsewhere,
# signs in (tests/web/api_signin.sh has the rest)
for i in 1 2 3 4 5; do login victim nope-nope; done
expect_status 401
login victim victim-pass-1
expect_status 429
expect_out 'too many sign-in attempts from this address; wait'
req POST /api/login '{"username":"victim","password":"victim-pass-1"}' --interface 127.0.0.2
expect_status 200

login doc clinician-pass
expect_status 200
expect_header 'Set-Cookie: tdn_session='
expect_header 'HttpOnly; SameSite=Strict; Path=/'
TOKEN=$(csrf_of)
req GET /api/me
expect_status 200
expect_out '"role":"clinician"'
req GET '/api/locate?pains=temple:R=6,posterior_neck:R'
expect_status 200
expect_out '"muscle":"upper_trapezius"'

# CSRF: missing, wrong -> 403; right -> the action happens
req POST /api/logout '{}'
expect_status 403
expect_out '"error":"csrf: missing or wrong X-CSRF-Token header"'
req POST /api/logout '{}' -H "X-CSRF-Token: 0000$TOKEN"
expect_status 403
req POST /api/logout '{}' -H "X-CSRF-Token: $TOKEN"
expect_status 200
expect_header 'Max-Age=0'
req GET /api/me
expect_status 401
login doc clinician-pass
TOKEN=$(csrf_of)

# a change sent from another site is refused, even with the token; bodies are limited
req POST /api/logout '{}' -H "X-CSRF-Token: $TOKEN" -H "Origin: http://evil.example"
expect_status 403
expect_out '"error":"origin:'
python3 -c 'print("{\"x\":\"" + "a" * (1100 * 1024) + "\"}")' >"$WORK/big.json"
STATUS=$(curl -s -o "$WORK/.body" -w '%{http_code}' -b "$COOKIES" -H 'Content-Type: application/json' \
    -H "X-CSRF-Token: $TOKEN" --data-binary @"$WORK/big.json" "$URL/api/patients")
OUT=$(cat "$WORK/.body"); LAST="POST 1.1 MB"
expect_status 413
expect_out '"error":"body: larger than'
req POST /api/logout '{}' -H "X-CSRF-Token: $TOKEN" -H "Origin: null" -H "Sec-Fetch-Site: cross-site"
expect_status 403
req POST /api/logout '{}' -H "X-CSRF-Token: $TOKEN" -H "Origin: null"
expect_status 403
expect_out '"error":"origin:'
req POST /api/logout '{}' -H "X-CSRF-Token: $TOKEN" -H "Origin: $URL"
expect_status 200
login doc clinician-pass
TOKEN=$(csrf_of)
# Chromium's own form post: the browser says same-origin; an opaque Origin does not matter then
req POST /logout '' --data-urlencode "csrf=$TOKEN" -H "Origin: null" -H "Sec-Fetch-Site: same-origin"
expect_status 303
req GET /api/me
expect_status 401
login doc clinician-pass
TOKEN=$(csrf_of)

# without JavaScript: the login form posts form data and is redirected; the
# sign-out form carries the CSRF token as a hidden field
rm -f "$COOKIES"
req POST /api/login '' --data-urlencode 'username=doc' --data-urlencode 'password=clinician-pass' \
    --data-urlencode 'next=/patients'
expect_status 303
expect_header 'Location: /patients'
expect_header 'Set-Cookie: tdn_session='
req GET /today
expect_status 200
expect_out 'name="csrf" value="'
FORM_TOKEN=$(printf '%s' "$OUT" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')
req POST /logout '' --data-urlencode "csrf=0000"
expect_status 403
req POST /logout '' --data-urlencode "csrf=$FORM_TOKEN"
expect_status 303
expect_header 'Location: /login'
req GET /today
expect_status 303
login doc clinician-pass
TOKEN=$(csrf_of)

# role: front desk may not run locate (clinical)
login desk desk-pass-one
expect_status 200
req GET '/api/locate?pains=temple:R'
expect_status 403
expect_out '"error":"role:'
req GET /bodychart
expect_status 403

# idle expiry: a session not seen for longer than the idle limit is ended
login doc clinician-pass
req GET /api/me
expect_status 200
hash=$(awk '$6 == "tdn_session" {printf "%s", $7}' "$COOKIES" | sha256sum | cut -d' ' -f1)
[ "$(db_sql "SELECT count(*) FROM auth_session WHERE token_hash = '$hash'")" = 1 ] \
    || fail "the session is not stored under the SHA-256 of its cookie"
db_sql "UPDATE auth_session SET last_seen = last_seen - 31*60" || fail "db_sql"
req GET /api/me
expect_status 401
hash=$(awk '$6 == "tdn_session" {printf "%s", $7}' "$COOKIES" | sha256sum | cut -d' ' -f1)
n=$(db_sql "SELECT count(*) FROM auth_session WHERE token_hash = '$hash'")
[ "$n" = 0 ] || fail "the expired session is still in auth_session"

# the token is stored hashed: the cookie value is not in the database
login doc clinician-pass
cookie=$(awk '$6 == "tdn_session" {print $7}' "$COOKIES")
[ -n "$cookie" ] || fail "no cookie saved"
db_dump | grep -q "$cookie" && fail "cookie token stored in clear"

run "$TDN" --db "$DB" audit --json
printf '%s' "$OUT" | grep -q '"login_failed"\|login_failed' || fail "failed logins not audited"
pass
