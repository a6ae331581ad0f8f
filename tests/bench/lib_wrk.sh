# lib_wrk.sh — helpers shared by the web benches (sourced, needs $W, a
# private directory): reading wrk's output, and a signed-in clinician with
# the wrk script of the write route. Not a bench itself (scripts/bench.sh
# skips lib_*.sh).
rps() { sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$1"; }
p99() { sed -n 's/^ *99% *\([0-9.]*[a-z]*\).*/\1/p' "$1"; }
non2xx() { sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$1" | grep . || echo 0; }

# sign_in_bench URL: signs the `bench` clinician (password bench-clinician)
# in at URL, sets CSRF and COOKIE, and writes $W/post.lua: wrk's POST
# /api/patients with that sign-in (one new patient per request).
sign_in_bench() {
    LOGIN=$(curl -s -c "$W/c" -H 'Content-Type: application/json' \
        -d '{"username":"bench","password":"bench-clinician"}' "$1/api/login")
    CSRF=$(printf '%s' "$LOGIN" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
    COOKIE=$(awk '$6 == "tdn_session" {print $7}' "$W/c")
    cat >"$W/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"name":"Bench Patient","birth":"1980-01-01","sex":"X"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-CSRF-Token"] = "$CSRF"
wrk.headers["Cookie"] = "tdn_session=$COOKIE"
LUA
}
