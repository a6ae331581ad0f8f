# api_hardening.sh — the smaller hardening items of tdn serve, one check
# each: the database and its -wal/-shm files are private to their owner
# (on PostgreSQL: no table granted to PUBLIC);
# refusals (403) and lockouts (429) are logged to stderr as logfmt lines
# without query strings, bodies or patient names; sign-in's next goes to
# this site only; a patient reads only their own sessions, the front desk
# only handouts of today's list, and a refusal is audited as a denial; a
# query of too many arguments or of invalid UTF-8 answers 400 naming it;
# typed text cannot forge a line of the session note.
. "$TDN_SOURCE_DIR/tests/cli/lib.sh"
. "$TDN_SOURCE_DIR/tests/web/lib_web.sh"
umask 022
"$TDN" --db "$DB" init >/dev/null || fail "init"
printf 'hard-pass-long-1\n' | "$TDN" --db "$DB" user add --username doc --role clinician \
    --password-stdin >/dev/null || fail "user add"
printf 'hard-pass-long-2\n' | "$TDN" --db "$DB" user add --username desk --role front_desk \
    --password-stdin >/dev/null || fail "user add desk"
"$TDN" --db "$DB" patient add --name "Zelda Secretname" --birth 1970-05-06 >/dev/null || fail "patient"
start_server "$DB"
req GET /login
expect_status 200
printf '%s' "$HDRS" | grep -qi 'Strict-Transport-Security' && fail "HSTS sent without --behind-tls-proxy"

# the database and its -wal/-shm files (present while serving): mode 0600
LAST="file modes"
req POST /api/login '{"username":"doc","password":"hard-pass-long-1"}'
expect_status 200
TOKEN=$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
case "$DB" in
postgres://* | postgresql://*)
    # PostgreSQL keeps the files: tdn's tables are its owner's alone, none
    # granted to PUBLIC (every role of the server)
    n=$(db_sql "SELECT count(*) FROM information_schema.role_table_grants WHERE grantee = 'PUBLIC'
        AND table_schema = 'public'")
    [ "$n" = 0 ] || fail "$n privileges on tdn's tables granted to PUBLIC"
    ;;
*)
    for f in "$DB" "$DB-wal" "$DB-shm"; do
        [ -e "$f" ] || fail "$f does not exist while serving"
        mode=$(stat -c %a "$f")
        [ "$mode" = 600 ] || fail "$f has mode $mode, expected 600"
    done
    ;;
esac

# the log: a refused change (403 csrf), a page refused to a role (403, with a
# query string that must not be logged) and a lockout (429)
# form METHOD PATH DATA: like req, with a form body.
form() {
    LAST="$1 $2 $3 (form)"
    STATUS=$(curl -s -o "$WORK/.body" -D "$WORK/.hdrs" -w '%{http_code}' -X "$1" -b "$COOKIES" \
        -c "$COOKIES" -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "$3" "$URL$2")
    OUT=$(cat "$WORK/.body"); HDRS=$(cat "$WORK/.hdrs")
}
logged() { grep -c "$1" "$WORK/.serve.err"; }
req POST /api/patients '{"name":"Zelda Secretname","birth":"1970-05-06"}'
expect_status 403
rm -f "$COOKIES"
req POST /api/login '{"username":"desk","password":"hard-pass-long-2"}'
expect_status 200
req GET '/api/audit?patient=1&search=Secretname'
expect_status 403
rm -f "$COOKIES"
i=0
while [ $i -lt 8 ]; do
    req POST /api/login '{"username":"doc","password":"wrong-password"}'
    [ "$STATUS" = 429 ] && break
    i=$((i + 1))
done
expect_status 429
sleep 0.2
LAST="the log"
OUT=$(cat "$WORK/.serve.err")
line='^ts=[0-9T:-]*Z level=warn event=answer status=403 method=POST path=/api/patients reason=csrf addr=127.0.0.1$'
[ "$(logged "$line")" = 1 ] || fail "no logfmt line for the csrf refusal"
line='^ts=[0-9T:-]*Z level=warn event=answer status=403 method=GET path=/api/audit reason=role addr=127.0.0.1$'
[ "$(logged "$line")" = 1 ] || fail "no logfmt line for the role refusal"
line='^ts=[0-9T:-]*Z level=warn event=answer status=429 method=POST path=/api/login reason=login addr=127.0.0.1$'
[ "$(logged "$line")" -ge 1 ] || fail "no logfmt line for the lockout"
grep -q 'Secretname\|search=\|patient=1' "$WORK/.serve.err" && fail "the log holds a query or a name"
grep -v '^ts=' "$WORK/.serve.err" | grep -q . && fail "a log line is not logfmt"

# sign-in's next: a path on this site, never another host
for bad in '/%5Cevil.example' '//evil.example' '/%5C/evil.example' 'https://evil.example'; do
    rm -f "$COOKIES"
    form POST /api/login "username=desk&password=hard-pass-long-2&next=$bad"
    expect_status 303
    expect_header "Location: /today"
done
rm -f "$COOKIES"
form POST /api/login 'username=desk&password=hard-pass-long-2&next=%2Fpatients%3Fsearch%3Dann'
expect_status 303
expect_header "Location: /patients?search=ann"

# session access: session 1 (Zelda's) opened now, session 2 three days ago
now=$(date +%s)
TDN_NOW=$now "$TDN" --db "$DB" session open --patient 1 >/dev/null 2>&1 || fail "session open"
TDN_NOW=$((now - 3 * 86400)) "$TDN" --db "$DB" session open --patient 1 >/dev/null 2>&1 ||
    fail "session open 2"
"$TDN" --db "$DB" patient add --name "Other Person" --birth 1981-01-01 >/dev/null || fail "patient 2"
printf 'hard-pass-long-3\n' | "$TDN" --db "$DB" user add --username pat --role patient --patient 2 \
    --password-stdin >/dev/null || fail "user add pat"
denials() { "$TDN" --db "$DB" audit --json | python3 -c 'import json,sys; print(sum(1 for a in json.load(sys.stdin)["audit"] if a["action"] == "denied" and a["table"] == "session" and a["record_id"] == int(sys.argv[1]) and a["detail"] == sys.argv[2]))' "$1" "$2"; }
reads() { "$TDN" --db "$DB" audit --json | python3 -c 'import json,sys; print(sum(1 for a in json.load(sys.stdin)["audit"] if a["action"] == "read" and a["table"] == "session" and a["record_id"] == int(sys.argv[1])))' "$1"; }
rm -f "$COOKIES"
req POST /api/login '{"username":"desk","password":"hard-pass-long-2"}'
expect_status 200
req GET /api/sessions/1/handout
printf '%s' "$OUT" | grep -q 'no session with id' && fail "front desk refused today's handout: $OUT"
r2=$(reads 2)
req GET /api/sessions/2/handout
expect_status 404
printf '%s' "$OUT" | grep -q 'session: no session with id 2' || fail "expected 404 naming the session: $OUT"
req GET /sessions/2/handout
expect_status 404
[ "$(denials 2 "not a session of today's list")" = 2 ] || fail "front desk refusal not audited as denied"
[ "$(reads 2)" = "$r2" ] || fail "a refused read was audited as a read"
rm -f "$COOKIES"
req POST /api/login '{"username":"pat","password":"hard-pass-long-3"}'
expect_status 200
req GET /api/sessions/1/handout
expect_status 404
[ "$(denials 1 "not the patient's own session")" = 1 ] || fail "patient refusal not audited as denied"

# the query: many arguments are answered at once (400), bad text names its field
rm -f "$COOKIES"
printf 'hard-pass-long-4\n' | "$TDN" --db "$DB" user add --username doc2 --role clinician \
    --password-stdin >/dev/null || fail "user add doc2"
req POST /api/login '{"username":"doc2","password":"hard-pass-long-4"}'
expect_status 200
TOKEN=$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
many=$(python3 -c "print('&'.join('a%d=1' % i for i in range(600)))")
req GET "/api/patients?$many" "" --max-time 10
expect_status 400
printf '%s' "$OUT" | grep -q 'query: more than 64 arguments' || fail "400 does not name the query: $OUT"
req GET "/patients?$many" "" --max-time 10
expect_status 400
req GET '/api/patients?search=%ff'
expect_status 400
printf '%s' "$OUT" | grep -q 'search: not valid UTF-8 text' || fail "400 does not name search: $OUT"
req GET '/api/patients?%ff=1'
expect_status 400
req GET '/api/patients?search=Zel'
expect_status 200
printf '%s' "$OUT" | grep -q 'Zelda Secretname' || fail "search lost: $OUT"

# one-line fields refuse line breaks; the note indents typed lines under "|"
req POST /api/sessions/1/abort '{"reason":"patient left\n  Ledger: 0 inserted = 0 withdrawn"}' \
    -H "X-CSRF-Token: $TOKEN"
expect_status 400
printf '%s' "$OUT" | grep -q 'reason: contains a control character' || fail "reason not refused: $OUT"
"$TDN" --db "$DB" session abort 2 --reason "$(printf 'patient left\n  Ledger: 9 inserted = 9 withdrawn')" \
    >/dev/null 2>&1 || fail "cli abort"
run "$TDN" --db "$DB" session note 2
expect_rc 0
printf '%s\n' "$OUT" | grep -q '^  Ledger: 9' && fail "a typed line passes for the note's Ledger line"
printf '%s\n' "$OUT" | grep -q '^      |   Ledger: 9 inserted' || fail "the typed line is not indented: $OUT"

echo "ok"
