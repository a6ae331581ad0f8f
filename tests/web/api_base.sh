# api_base.sh — the web server's framework against a real `tdn serve`:
# every non-public route refuses a stranger (401 for the API, a redirect to
# the login page for pages), security headers on every answer, assets
# cached for good under the build id, clear JSON errors for unknown paths.
. "$TDN_SOURCE_DIR/tests/cli/lib.sh"
. "$TDN_SOURCE_DIR/tests/web/lib_web.sh"
start_server

"$TDN" serve --list-routes >"$WORK/routes" || fail "--list-routes failed"
n=0
while read -r method pattern roles flags; do
    path=$(printf '%s' "$pattern" | sed 's/:[a-z_]*/1/g; s/\*[a-z_]*/x/g')
    case "$flags" in public*) continue ;; esac
    body=""
    [ "$method" != GET ] && body='{}'
    req "$method" "$path" "$body"
    case "$flags" in
    *page*)
        expect_status 303
        expect_header "Location: /login?next=" ;;
    *)
        expect_status 401
        # the FHIR API answers errors as OperationOutcome
        case "$path" in
        /fhir/*) expect_out '"diagnostics":"session: sign in first"' ;;
        *) expect_out '"error":"session: sign in first"' ;;
        esac ;;
    esac
    n=$((n + 1))
done <"$WORK/routes"
[ "$n" -ge 5 ] || fail "only $n protected routes listed"

req GET /login
expect_status 200
expect_header "Content-Security-Policy: default-src 'none'; script-src 'self'"
expect_header "frame-ancestors 'none'"
expect_header "X-Content-Type-Options: nosniff"
expect_header "Cache-Control: no-store"
expect_out '<label for="username">'

css=$(printf '%s' "$OUT" | grep -o '/assets/[0-9a-f]*/app.css')
[ -n "$css" ] || fail "login page links no app.css under a build id"
req GET "$css"
expect_status 200
expect_header "Cache-Control: public, max-age=31536000, immutable"
expect_header "Content-Type: text/css"
req GET "$(printf '%s' "$css" | sed 's/app.css/app.js/')"
expect_status 200
expect_header "Content-Type: text/javascript"
req GET /assets/0/nope.js
expect_status 404

req GET /api/nothing-here
expect_status 404
expect_out '"error":"path: no such API route"'
req DELETE /login
expect_status 405

# the login page's next= is never echoed as an off-site or script URL
req GET '/login?next=//evil.example/'
expect_no_out 'evil.example'
req GET '/login?next=/x%22%3E%3Cscript%3E'
expect_no_out '<script>'
pass
