# lib_web.sh — helpers for tdn's web API tests (sourced after tests/cli/lib.sh):
# start a real `tdn serve` on a free loopback port, make HTTP requests with
# curl, check status, body and headers. The server is stopped at exit.
: "${TDN:?}"
SERVER_PID=""
stop_server() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; fi
    SERVER_PID=""
    cleanup
}
trap stop_server EXIT

# start_server [DB [SERVE-OPTIONS...]]: serves DB (default $DB) and sets URL.
start_server() {
    db=${1:-$DB}; [ $# -gt 0 ] && shift
    # emptied here, not only by the redirection in the background child: a
    # previous server's "serving" line must not be read as this one's
    : >"$WORK/.serve"
    "$TDN" --db "$db" serve --listen 127.0.0.1:0 "$@" >"$WORK/.serve" 2>"$WORK/.serve.err" &
    SERVER_PID=$!
    i=0
    while ! grep -q '^tdn: serving ' "$WORK/.serve" 2>/dev/null; do
        i=$((i + 1))
        [ $i -gt 100 ] && { cat "$WORK/.serve.err" >&2; echo "FAIL: server did not start" >&2; exit 1; }
        sleep 0.05
    done
    URL=$(sed -n 's/^tdn: serving \(.*\)\/$/\1/p' "$WORK/.serve")
}

COOKIES="$WORK/.cookies"
# req METHOD PATH [JSON] [extra curl args...]: sets STATUS, OUT (body), HDRS.
req() {
    m=$1; p=$2; shift 2
    body=""
    if [ $# -gt 0 ]; then body=$1; shift; fi
    LAST="$m $p $body"
    if [ -n "$body" ]; then
        STATUS=$(curl -s -o "$WORK/.body" -D "$WORK/.hdrs" -w '%{http_code}' -X "$m" \
            -b "$COOKIES" -c "$COOKIES" -H 'Content-Type: application/json' --data-binary "$body" "$@" "$URL$p")
    else
        STATUS=$(curl -s -o "$WORK/.body" -D "$WORK/.hdrs" -w '%{http_code}' -X "$m" \
            -b "$COOKIES" -c "$COOKIES" "$@" "$URL$p")
    fi
    OUT=$(cat "$WORK/.body"); HDRS=$(cat "$WORK/.hdrs"); ERR=""
}
expect_status() { [ "$STATUS" = "$1" ] || fail "HTTP $STATUS, expected $1 ($LAST)"; }
expect_header() { printf '%s' "$HDRS" | tr -d '\r' | grep -qiF -- "$1" || fail "headers lack: $1 ($LAST)"; }
