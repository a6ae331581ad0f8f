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
n=0
for r in admin clinician; do
    rm -f "$COOKIES"
    req POST /api/login "{\"username\":\"u_$r\",\"password\":\"junk-pass-$r\"}"
    expect_status 200
    TOKEN=$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
    while read -r method pattern roles flags; do
        [ "$method" = GET ] && continue
        case ",$roles," in *",$r,"*) ;; *) continue ;; esac
        case "$pattern" in */logout | */login | */logout-all) continue ;; esac
        path=$(printf '%s' "$pattern" | sed 's/:[a-z_]*/1/g; s/\*[a-z_]*/x/g')
        for f in "$WORK"/junk*; do
            STATUS=$(curl -s -o "$WORK/.body" -w '%{http_code}' -X "$method" -b "$COOKIES" \
                -H 'Content-Type: application/json' -H "X-CSRF-Token: $TOKEN" \
                --data-binary @"$f" "$URL$path")
            OUT=$(cat "$WORK/.body"); LAST="$method $path < $(basename "$f")"
            case "$STATUS" in
            4??) printf '%s' "$OUT" | grep -Eq '^\{"error":"[][a-z_0-9.]+: ' || fail "4xx without a field-named JSON error" ;;
            2??) ;;
            *) fail "HTTP $STATUS" ;;
            esac
            n=$((n + 1))
        done
    done <"$WORK/routes"
done
req GET /api/me
expect_status 200
[ "$n" -ge 300 ] || fail "only $n junk requests sent"
echo "$n junk requests answered"
pass
