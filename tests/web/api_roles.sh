# api_roles.sh — roles and CSRF on every route of the table, against a real
# `tdn serve`: each role gets 403 "role:" on every route it is not listed
# for, and every state-changing route it may use answers 403 "csrf:"
# without the X-CSRF-Token header (before any input is looked at).
. "$TDN_SOURCE_DIR/tests/cli/lib.sh"
. "$TDN_SOURCE_DIR/tests/web/lib_web.sh"
"$TDN" --db "$DB" init >/dev/null || fail "init"
P=$("$TDN" --db "$DB" patient add --name "Role Test" --birth 1990-01-01) || fail "patient add"
for r in admin clinician front_desk patient; do
    extra=""
    [ "$r" = patient ] && extra="--patient $P"
    printf 'role-pass-%s\n' "$r" | "$TDN" --db "$DB" user add --username "u_$r" --role "$r" \
        --password-stdin $extra >/dev/null || fail "user add $r"
done
start_server "$DB"
"$TDN" serve --list-routes >"$WORK/routes" || fail "--list-routes"
LAST=""
checked=0
for r in admin clinician front_desk patient; do
    rm -f "$COOKIES"
    req POST /api/login "{\"username\":\"u_$r\",\"password\":\"role-pass-$r\"}"
    expect_status 200
    TOKEN=$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
    while read -r method pattern roles flags; do
        case "$flags" in public*) continue ;; esac
        path=$(printf '%s' "$pattern" | sed 's/:[a-z_]*/1/g; s/\*[a-z_]*/x/g')
        [ "$path" = /logout ] || [ "$path" = /api/logout ] && continue
        case ",$roles," in
        *",$r,"*)
            [ "$method" = GET ] && continue
            req "$method" "$path" '{}'
            expect_status 403
            expect_out '"error":"csrf:' ;;
        *)
            if [ "$method" = GET ]; then req GET "$path"; else req "$method" "$path" '{}' -H "X-CSRF-Token: $TOKEN"; fi
            expect_status 403
            case "$flags,$path" in *page*) ;; *,/fhir/*) expect_out '"diagnostics":"role:' ;;
            *) expect_out '"error":"role:' ;; esac ;;
        esac
        checked=$((checked + 1))
    done <"$WORK/routes"
done
[ "$checked" -ge 100 ] || fail "only $checked role/route pairs checked"
echo "checked $checked role/route pairs"
pass
