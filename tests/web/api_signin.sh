# api_signin.sh — sign-in under attack against a real `tdn serve` (issue 17):
# a flood of failed sign-ins from many addresses does not stop a clinician
# reading a chart (every read answers 200) nor the right password from a
# clean address; unknown names and known ones get the same answers, wrong
# password (401) and throttled (429) alike; the address that guessed waits,
# the real user elsewhere signs in; repeated failures are audited as one row
# a minute with a count; signing out everywhere and an admin ending a user's
# sessions; new passwords of eight spaces or common ones are refused.
# Other addresses: the loopback 127.0.0.0/8 with curl --interface.
. "$TDN_SOURCE_DIR/tests/cli/lib.sh"
. "$TDN_SOURCE_DIR/tests/web/lib_web.sh"
"$TDN" --db "$DB" init >/dev/null || fail "init"
"$TDN" --db "$DB" patient add --name "Ann Example" --birth 1980-02-03 >/dev/null || fail "patient"
adduser() { printf '%s\n' "$3" | "$TDN" --db "$DB" user add --username "$1" --role "$2" --password-stdin >/dev/null || fail "user add $1"; }
adduser doc clinician clinician-pass
adduser boss admin admin-pass-1
adduser victim clinician victim-pass-1
start_server "$DB"
csrf_of() { printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])'; }
# try NAME PASSWORD [curl args]: one sign-in without the cookie jar; sets STATUS and OUT
try() {
    tn=$1; tp=$2; shift 2
    STATUS=$(curl -s -o "$WORK/.try" -w '%{http_code}' -H 'Content-Type: application/json' \
        --data-binary "{\"username\":\"$tn\",\"password\":\"$tp\"}" "$@" "$URL/api/login")
    OUT=$(cat "$WORK/.try"); ERR=""; LAST="login $tn $*"
}
digitless() { printf '%s' "$1" | tr -d '0-9'; }

# the same 401 for a wrong password and for a name that is no user
try victim wrong-guess-1; expect_status 401; known=$OUT
try nobody wrong-guess-1; expect_status 401
[ "$OUT" = "$known" ] || fail "unknown name answered '$OUT', known name '$known'"

# five failures: this address now waits for this name, known or not, with
# the same 429 — and the right password is refused from here too
for i in 2 3 4 5; do try victim "wrong-guess-$i"; try nobody "wrong-guess-$i"; done
try victim victim-pass-1; expect_status 429
expect_out 'too many sign-in attempts from this address; wait'
known=$OUT
try nobody anything-at-all; expect_status 429
[ "$(digitless "$OUT")" = "$(digitless "$known")" ] || fail "throttled answers differ: '$OUT' / '$known'"
# ... but the real user at another address signs in
try victim victim-pass-1 --interface 127.0.0.2
expect_status 200
n=$(db_sql "SELECT locked_until FROM \"user\" WHERE username = 'victim'")
[ "$n" = 0 ] || fail "the account was locked"
# ten attempts from here gave at most one audit row for the pair (with a count later)
n=$(db_sql "SELECT count(*) FROM audit WHERE action = 'login_failed' AND actor = 'victim' AND detail LIKE '%127.0.0.1%'")
[ "$n" = 1 ] || fail "$n login_failed rows for 6 attempts in a minute, expected 1"

# a flood of failed sign-ins from 16 addresses while a clinician reads a
# chart: every read answers 200 (sign-ins beyond the two argon2id checks at
# a time are answered 503 "busy" at once rather than holding a server thread)
rm -f "$COOKIES"
req POST /api/login '{"username":"doc","password":"clinician-pass"}'
expect_status 200
FLOOD=""
for k in $(seq 10 25); do
    ( for j in 1 2 3 4 5 6; do
        curl -s -o /dev/null -w '%{http_code}\n' --interface "127.0.0.$k" -H 'Content-Type: application/json' \
            --data-binary "{\"username\":\"doc\",\"password\":\"flood-$j\"}" "$URL/api/login"
      done >"$WORK/flood.$k" ) &
    FLOOD="$FLOOD $!"
done
reads=0
while [ "$(cat "$WORK"/flood.* 2>/dev/null | wc -l)" -lt 96 ] && [ $reads -lt 400 ]; do
    req GET /api/patients/1
    expect_status 200
    reads=$((reads + 1))
done
for p in $FLOOD; do wait "$p"; done
bad=$(cat "$WORK"/flood.* | grep -cv '^401$\|^429$\|^503$')
[ "$bad" = 0 ] || fail "flood sign-ins answered other than 401/429/503: $(sort "$WORK"/flood.* | uniq -c)"
echo "$reads chart reads answered 200 during the flood"

# a flood from one address: after 20 failures it waits (429, no check),
# and the right password from a clean address signs in meanwhile
( for j in $(seq 1 30); do
    curl -s -o /dev/null -w '%{http_code}\n' --interface 127.0.0.4 -H 'Content-Type: application/json' \
        --data-binary "{\"username\":\"name$j\",\"password\":\"flood\"}" "$URL/api/login"
  done >"$WORK/one" ) &
FLOOD=$!
while ! grep -q 429 "$WORK/one" 2>/dev/null && [ "$(wc -l <"$WORK/one")" -lt 30 ]; do sleep 0.1; done
try doc clinician-pass --interface 127.0.0.3
expect_status 200
wait "$FLOOD"
[ "$(grep -c '^401$' "$WORK/one")/$(grep -c '^429$' "$WORK/one")" = 20/10 ] \
    || fail "one address's flood: $(sort "$WORK/one" | uniq -c), expected 20 x 401 then 10 x 429"

# sign out everywhere: two sessions of doc, one request ends both
rm -f "$COOKIES" "$WORK/jar2"
req POST /api/login '{"username":"doc","password":"clinician-pass"}'
TOKEN=$(csrf_of)
curl -s -o /dev/null -c "$WORK/jar2" -H 'Content-Type: application/json' \
    --data-binary '{"username":"doc","password":"clinician-pass"}' "$URL/api/login"
req GET /account
expect_status 200
expect_out 'action="/logout-all"'
req POST /api/logout-all '{}' -H "X-CSRF-Token: $TOKEN"
expect_status 200
expect_out '"signed_out":true'
n=$(db_sql "SELECT count(*) FROM auth_session a JOIN \"user\" u ON u.id = a.user_id WHERE u.username = 'doc'")
[ "$n" = 0 ] || fail "$n sessions of doc left after signing out everywhere"
req GET /api/me
expect_status 401
req GET /api/me '' -b "$WORK/jar2"
expect_status 401

# an admin ends a user's sessions
curl -s -o /dev/null -c "$WORK/jar2" -H 'Content-Type: application/json' \
    --data-binary '{"username":"doc","password":"clinician-pass"}' "$URL/api/login"
rm -f "$COOKIES"
req POST /api/login '{"username":"boss","password":"admin-pass-1"}'
TOKEN=$(csrf_of)
doc_id=$(db_sql "SELECT id FROM \"user\" WHERE username = 'doc'")
req GET /admin/users
expect_out "/api/users/$doc_id/logout-all"
req POST "/api/users/$doc_id/logout-all" '{}' -H "X-CSRF-Token: $TOKEN"
expect_status 200
expect_out '"sessions":1'
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/jar2" "$URL/api/me")
expect_status 401
req GET /api/me
expect_status 200

# new passwords: eight spaces, short, common -> 400 naming the password
req POST /api/users '{"username":"x1","role":"clinician","password":"        "}' -H "X-CSRF-Token: $TOKEN"
expect_status 400
expect_out '"error":"password: at least 12 characters"'
req POST /api/users '{"username":"x1","role":"clinician","password":"            "}' -H "X-CSRF-Token: $TOKEN"
expect_status 400
expect_out '"error":"password: not only spaces"'
req POST /api/users '{"username":"x1","role":"clinician","password":"Unbelievable"}' -H "X-CSRF-Token: $TOKEN"
expect_status 400
expect_out 'common'

# the audit, a page at a time
req GET '/api/audit?limit=2&action=login_failed'
expect_status 200
[ "$(printf '%s' "$OUT" | python3 -c 'import json,sys; j=json.load(sys.stdin); print(len(j["audit"]), j["next_before"] is not None)')" = "2 True" ] \
    || fail "audit page: $OUT"
req GET "/audit?limit=20"
expect_status 200
expect_out 'id="audit-older"'
pass
