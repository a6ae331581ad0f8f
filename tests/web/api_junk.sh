# api_junk.sh — bad input never crashes the server: every state-changing
# route gets malformed, mistyped, oversized and hostile bodies as an admin
# and as a clinician; every answer must be a 4xx with a JSON error naming a
# field (never a 5xx), and the server must still answer afterwards. Under
# ASan/UBSan this also checks memory safety of parsing and validation.
. "$TDN_SOURCE_DIR/tests/cli/lib.sh"
. "$TDN_SOURCE_DIR/tests/web/lib_web.sh"
"$TDN" --db "$DB" init >/dev/null || fail "init"
"$TDN" --db "$DB" patient add --name "Junk Test" --birth 1990-01-01 >/dev/null || fail "patient"
for r in admin clinician; do
    printf 'junk-pass-%s\n' "$r" | "$TDN" --db "$DB" user add --username "u_$r" --role "$r" \
        --password-stdin >/dev/null || fail "user add $r"
done
start_server "$DB"
"$TDN" serve --list-routes >"$WORK/routes" || fail "--list-routes"
python3 - "$WORK" <<'PY'
import sys, os
w = sys.argv[1]
bodies = [b'', b'null', b'{"x":', b'\xff\xfe\x00{', b'{"name":"a\\u0000b"}', b'[' * 5000 + b']' * 5000,
          b'{"age":1e999}', b'{"muscle":123456789012345678901234567890}', b'"just text"',
          b'{"pains":["temple:R=99999999999999999999"],"session":1}',
          b'{"pains":"' + b'temple:R,' * 200 + b'","episode":1}',
          b'{"profile":{"age":-5,"local":[{"condition":"infection","region":"' + b'x' * 300 + b'"}]}}',
          b'{"profile":{"age":40,"conditions":"anticoagulant"}}',
          b'{"muscle":"upper_trapezius","side":"R","technique":"deep","gauge_mm":"0.3","length_mm":1e9}',
          b'{"day":"2020-13-45","pain":5,"soreness":5}', b'{"by":["patient"]}',
          b'{"username":"x","role":"admin","password":"' + b'p' * 5000 + b'"}']
for i, b in enumerate(bodies):
    open(os.path.join(w, 'junk%02d' % i), 'wb').write(b)
PY
# Each role's junk goes out from one python3 over one keep-alive
# connection (a curl per request made this the suite's slowest test).
for r in admin clinician; do
    rm -f "$COOKIES"
    req POST /api/login "{\"username\":\"u_$r\",\"password\":\"junk-pass-$r\"}"
    expect_status 200
    TOKEN=$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
    SID=$(awk '$6 == "tdn_session" { print $7 }' "$COOKIES")
    [ -n "$SID" ] || fail "no session cookie after sign-in as $r"
    python3 - "$URL" "$r" "$SID" "$TOKEN" "$WORK" >"$WORK/sent.$r" 2>&1 <<'PY' ||
import glob, http.client, re, sys, urllib.parse
url, role, sid, token, work = sys.argv[1:6]
u = urllib.parse.urlsplit(url)
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
field_error = re.compile(rb'^\{"error":"[][a-z_0-9.]+: ')
bodies = sorted(glob.glob(work + '/junk[0-9]*'))
n = 0
for line in open(work + "/routes"):
    method, pattern, roles = (line.split() + ['', '', ''])[:3]
    if method == 'GET' or role not in roles.split(','):
        continue
    if pattern.endswith(('/logout', '/login', '/logout-all')):
        continue
    path = re.sub(r'\*[a-z_]*', 'x', re.sub(r':[a-z_]*', '1', pattern))
    for f in bodies:
        body = open(f, 'rb').read()
        conn.request(method, path, body, {'Content-Type': 'application/json', 'X-CSRF-Token': token,
                                          'Cookie': 'tdn_session=' + sid})
        resp = conn.getresponse()
        out = resp.read()
        what = '%s %s < %s' % (method, path, f.rsplit('/', 1)[1])
        if 400 <= resp.status < 500:
            if not field_error.match(out):
                sys.exit('4xx without a field-named JSON error (%s): %r' % (what, out[:200]))
        elif not 200 <= resp.status < 300:
            sys.exit('HTTP %d (%s): %r' % (resp.status, what, out[:200]))
        if resp.will_close:
            conn.close()
        n += 1
print(n)
PY
        fail "$r: $(cat "$WORK/sent.$r")"
    n=$(cat "$WORK/sent.$r")
    [ "$n" -ge 150 ] || fail "only $n junk requests sent as $r"
    echo "$n junk requests answered as $r"
done
req GET /api/me
expect_status 200
pass
