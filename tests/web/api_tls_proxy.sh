# api_tls_proxy.sh — `tdn serve --behind-tls-proxy` (browsers reach tdn over
# HTTPS through a TLS-terminating reverse proxy): the sign-in cookie is Secure
# and every answer carries Strict-Transport-Security. `--tls`, the option's
# former name, is still accepted.
. "$TDN_SOURCE_DIR/tests/cli/lib.sh"
. "$TDN_SOURCE_DIR/tests/web/lib_web.sh"
"$TDN" --db "$DB" init >/dev/null || fail "init"
printf 'proxy-pass-1\n' | "$TDN" --db "$DB" user add --username doc --role clinician \
    --password-stdin >/dev/null || fail "user add"
run "$TDN" --db "$DB" serve --tls --list-routes
expect_rc 0
start_server "$DB" --behind-tls-proxy
req GET /login
expect_status 200
expect_header "Strict-Transport-Security: max-age=31536000"
req POST /api/login '{"username":"doc","password":"proxy-pass-1"}'
expect_status 200
expect_header "Strict-Transport-Security: max-age=31536000"
printf '%s' "$HDRS" | tr -d '\r' | grep -i '^Set-Cookie: tdn_session=' | grep -q '; Secure' ||
    fail "the session cookie is not Secure behind a TLS proxy"
echo "ok"
