#!/bin/sh
# web.sh — `make bench` for the web server: wrk at 64 connections against a
# real `tdn serve` for two API reads (GET /api/locate and GET
# /api/patients/:id, signed in; the chart read is audited, so it commits too)
# and a write route (POST /api/patients: one durable, audited transaction per
# request), against nginx serving a static file of similar size and raw
# SQLite single-row commits with tdn's pragmas, in the same run. The five
# loads run in TDN_BENCH_ROUNDS rounds (3; TDN_BENCH_SECONDS each, 5), each
# ratio taken within one round (its runs are seconds apart, so a busy
# neighbour on a shared machine moves both sides); prints the median of
# req/s, CPU time per request (steadier than req/s) and each ratio, with
# every round's ratio and p99 latency. Then 60 s of mixed load (the three
# routes taken in turn, TDN_BENCH_MIXED_SECONDS) and the memory: VmHWM at
# start, after one sign-in (argon2id's memory cost) and during the loads
# alone (the peak reset after the sign-in), and VmRSS after the mixed load.
# usage: sh tests/bench/web.sh BUILD_DIR
set -eu
BUILD=${1:-build}
TDN=$(cd "$BUILD" && pwd)/tdn
DURATION=${TDN_BENCH_SECONDS:-5}
ROUNDS=${TDN_BENCH_ROUNDS:-3}
for tool in wrk nginx curl python3; do
    command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || {
        echo "web bench: $tool missing (scripts/deps.sh --bench)"; exit 0; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
W=$(mktemp -d)
SERVER=""; NGINX_PID=""
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
    [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null
    rm -rf "$W"
}
trap cleanup EXIT INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
. "$(dirname "$0")/lib_wrk.sh"

export TDN_USER=bench
"$TDN" --db "$W/b.db" init >/dev/null
printf 'bench-clinician\n' | "$TDN" --db "$W/b.db" user add --username bench --role clinician --password-stdin >/dev/null
"$TDN" --db "$W/b.db" serve --listen 127.0.0.1:0 ${TDN_BENCH_SERVE_ARGS:-} >"$W/serve.out" 2>"$W/serve.err" &
SERVER=$!
i=0
until grep -q 'serving' "$W/serve.out" 2>/dev/null; do i=$((i+1)); [ $i -gt 100 ] && { cat "$W/serve.err"; exit 1; }; sleep 0.05; done
URL=$(sed -n 's/^tdn: serving \(.*\)\/$/\1/p' "$W/serve.out")
kib() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$SERVER/status"; }
HWM_START=$(kib VmHWM)
sign_in_bench "$URL"
READ="$URL/api/locate?pains=temple:R=6,posterior_neck:R=4&limit=5"
curl -s -o "$W/www.json" -b "tdn_session=$COOKIE" "$READ"
PID=$(curl -s -b "tdn_session=$COOKIE" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' \
    -d '{"name":"Chart Patient","birth":"1970-01-01","sex":"F"}' "$URL/api/patients" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
CHART="$URL/api/patients/$PID"
HWM_SIGNIN=$(kib VmHWM)
# the peak from here on is the loads' own (writing 5 to clear_refs resets VmHWM)
echo 5 >"/proc/$SERVER/clear_refs" 2>/dev/null || true

# nginx: the same number of workers as tdn has cores to share, static file of the API's size
mkdir -p "$W/www" "$W/nginx"
cp "$W/www.json" "$W/www/static.json"
NPORT=$(free_port)
cat >"$W/nginx/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $W/nginx/nginx.pid;
error_log $W/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $W/nginx; proxy_temp_path $W/nginx; fastcgi_temp_path $W/nginx;
    uwsgi_temp_path $W/nginx; scgi_temp_path $W/nginx;
    server { listen 127.0.0.1:$NPORT; root $W/www; location / { default_type application/json; } }
}
CONF
"$NGINX" -c "$W/nginx/nginx.conf" -p "$W/nginx" 2>"$W/nginx/start.err" &
NGINX_PID=$!
sleep 0.5

# raw SQLite: one single-row INSERT commit at a time, tdn's pragmas, same disk
raw_commits() {
    python3 - "$W/raw.db" "$DURATION" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute('PRAGMA journal_mode = WAL'); db.execute('PRAGMA synchronous = FULL')
db.execute('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v REAL)')
n, t0 = 0, time.monotonic()
while time.monotonic() - t0 < float(sys.argv[2]) / 2:
    db.execute('INSERT INTO t (v) VALUES (?)', (n % 11,)); n += 1
print(n / (time.monotonic() - t0))
PY
}

# the server's CPU time (user + system, clock ticks) while wrk runs, per request
ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
served() { sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$1"; }
load() { # load OUT WRK-ARGS...: runs wrk, writes OUT and OUT.cpu (µs of CPU per request)
    out=$1; shift
    t0=$(ticks)
    wrk -t2 -c64 -d"${DURATION}s" --latency "$@" >"$out"
    t1=$(ticks)
    python3 -c "print(($t1 - $t0) * 1e6 / $(getconf CLK_TCK) / max(1, $(served "$out" | grep . || echo 0)))" >"$out.cpu"
}
audits_before=$(sqlite3 "$W/b.db" "SELECT count(*) FROM audit WHERE action = 'read' AND tbl = 'chart'" 2>/dev/null || echo 0)
chart_served=0
for r in $(seq "$ROUNDS"); do
    raw_commits >"$W/raw.$r"
    load "$W/read.$r" -H "Cookie: tdn_session=$COOKIE" "$READ"
    load "$W/chart.$r" -H "Cookie: tdn_session=$COOKIE" "$CHART"
    chart_served=$((chart_served + $(served "$W/chart.$r")))
    load "$W/write.$r" -s "$W/post.lua" "$URL/api/patients"
    wrk -t2 -c64 -d"${DURATION}s" --latency "http://127.0.0.1:$NPORT/static.json" >"$W/nginx.$r"
done
audits_after=$(sqlite3 "$W/b.db" "SELECT count(*) FROM audit WHERE action = 'read' AND tbl = 'chart'" 2>/dev/null || echo 0)
# mixed load: locate, chart read and patient add in turn on each connection
cat >"$W/mixed.lua" <<LUA
local n = 0
request = function()
  n = n + 1
  local k = n % 3
  if k == 0 then
    return wrk.format("POST", "/api/patients", {["Content-Type"] = "application/json",
      ["X-CSRF-Token"] = "$CSRF", ["Cookie"] = "tdn_session=$COOKIE"},
      '{"name":"Mixed Patient","birth":"1990-01-01","sex":"F"}')
  end
  local path = k == 1 and "${READ#"$URL"}" or "${CHART#"$URL"}"
  return wrk.format("GET", path, {["Cookie"] = "tdn_session=$COOKIE"})
end
LUA
MIXED=${TDN_BENCH_MIXED_SECONDS:-60}
wrk -t2 -c64 -d"${MIXED}s" --latency -s "$W/mixed.lua" "$URL" >"$W/mixed.txt"
RSS=$(kib VmHWM)
sleep 1
NOW_RSS=$(kib VmRSS)
# one line per figure: "name req/s-or-commits/s cpu p99 non2xx" for each round
for r in $(seq "$ROUNDS"); do
    for k in read chart write; do
        printf '%s %s %s %s %s %s\n' "$k" "$r" "$(rps "$W/$k.$r")" "$(cat "$W/$k.$r.cpu")" "$(p99 "$W/$k.$r")" "$(non2xx "$W/$k.$r")"
    done
    printf 'nginx %s %s 0 %s 0\n' "$r" "$(rps "$W/nginx.$r")" "$(p99 "$W/nginx.$r")"
    printf 'raw %s %s 0 - 0\n' "$r" "$(cat "$W/raw.$r")"
done >"$W/rounds"
python3 - "$W/rounds" "$ROUNDS" "$DURATION" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
fig = {}
for name, r, rate, cpu, p99, bad in rows:
    fig.setdefault(name, {})[int(r)] = (float(rate), float(cpu), p99, int(bad))
rounds = sorted(fig["read"])
med = lambda v: statistics.median(v)
def line(label, k):
    rates = [fig[k][r][0] for r in rounds]
    cpus = [fig[k][r][1] for r in rounds]
    p99s = "/".join(fig[k][r][2] for r in rounds)
    bad = sum(fig[k][r][3] for r in rounds)
    print("web: %-44s %8.0f req/s  CPU %4.0f us/req  p99 %s (non-2xx: %d)" % (label, med(rates), med(cpus), p99s, bad))
print("web: %s rounds of %ss per load; medians, each ratio within its round" % (sys.argv[2], sys.argv[3]))
line("API read  GET /api/locate (signed in)", "read")
line("API read  GET /api/patients/:id (audited)", "chart")
line("API write POST /api/patients (durable)", "write")
print("web: %-44s %8.0f req/s  p99 %s" % ("nginx static file, same size", med([fig["nginx"][r][0] for r in rounds]), "/".join(fig["nginx"][r][2] for r in rounds)))
print("web: %-44s %8.0f commits/s" % ("raw SQLite single-row commits (same pragmas)", med([fig["raw"][r][0] for r in rounds])))
def ratio(label, a, b, fmt):
    v = [fig[a][r][0] / fig[b][r][0] for r in rounds]
    print(("web: %s " + fmt + "  (rounds: %s)") % (label, med(v), " ".join(fmt % x for x in v)))
ratio("locate/nginx    ", "read", "nginx", "%.2f")
ratio("chart/nginx     ", "chart", "nginx", "%.2f")
ratio("write/raw-commit", "write", "raw", "%.2f")
ratio("write/nginx     ", "write", "nginx", "%.3f")
PY
printf 'web: mixed load (locate, chart, add in turn) %ss %8.0f req/s  p99 %-8s (non-2xx: %s)\n' "$MIXED" "$(rps "$W/mixed.txt")" "$(p99 "$W/mixed.txt")" "$(non2xx "$W/mixed.txt")"
python3 -c "print('web: tdn serve VmHWM %.1f MiB at start, %.1f MiB after one sign-in (argon2id), %.1f MiB during the loads alone; VmRSS after the mixed load %.1f MiB (goal <= 30)' % ($HWM_START / 1024, $HWM_SIGNIN / 1024, $RSS / 1024, $NOW_RSS / 1024))"
echo "web: chart reads answered by wrk $chart_served, audit rows 'read chart' written meanwhile $((audits_after - audits_before)) (up to 64 more per round: wrk drops its connections' last answers)"
echo "web: $(sqlite3 "$W/b.db" 'SELECT count(*) FROM patient' 2>/dev/null || echo '?') patients written, each one committed transaction"
echo "web: load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
