#!/bin/sh
# pg.sh — `make bench` on PostgreSQL: starts a throwaway cluster
# (tests/pg/cluster.sh: fsync and synchronous_commit on), runs bench_pg
# (committed actions/s through tdn's store against raw single-row INSERT
# commits on the same server), then the web write throughput: wrk at 64
# connections on POST /api/patients (one durable, audited transaction per
# request) against one `tdn serve`, then split over two `tdn serve` on the
# same database (32 each, at once), in the same run. Prints req/s, the
# two-server/one-server ratio and the load average. Stops the cluster.
# usage: sh tests/bench/pg.sh BUILD_DIR
set -eu
BUILD=${1:-build}
BUILD=$(cd "$BUILD" && pwd)
SRC=$(cd "$(dirname "$0")/../.." && pwd)
TDN=$BUILD/tdn
DURATION=${TDN_BENCH_SECONDS:-8}
for tool in wrk curl python3 psql; do
    command -v "$tool" >/dev/null 2>&1 || { echo "pg bench: $tool missing (scripts/deps.sh --bench)"; exit 0; }
done
W=$(mktemp -d)
PIDS=""
cleanup() {
    for p in $PIDS; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
    sh "$SRC/tests/pg/cluster.sh" stop "$W/state" >/dev/null 2>&1 || true
    rm -rf "$W"
}
trap cleanup EXIT INT TERM
sh "$SRC/tests/pg/cluster.sh" start "$W/state" >/dev/null || { echo "pg bench: the cluster did not start"; exit 1; }
ADMIN=$(sh "$SRC/tests/pg/cluster.sh" url "$W/state")
db_url() { # db_url NAME: a new database on the cluster
    psql "$ADMIN" -XAtq -v ON_ERROR_STOP=1 -c "CREATE DATABASE $1" >/dev/null
    printf '%s' "$ADMIN" | sed -E "s#^(postgres(ql)?://[^/?]*)(/[^?]*)?#\1/$1#"
}

"$BUILD/bench_pg" "$(db_url bench_store)"

DB=$(db_url bench_web)
export TDN_USER=bench
"$TDN" --db "$DB" init >/dev/null
printf 'bench-clinician\n' | "$TDN" --db "$DB" user add --username bench --role clinician --password-stdin >/dev/null
serve() { # serve NAME: starts a server; its URL in $W/NAME.url
    "$TDN" --db "$DB" serve --listen 127.0.0.1:0 --per-address 256 >"$W/$1.out" 2>"$W/$1.err" &
    PIDS="$PIDS $!"
    i=0
    until grep -q 'serving' "$W/$1.out" 2>/dev/null; do
        i=$((i + 1)); [ $i -gt 200 ] && { cat "$W/$1.err"; exit 1; }; sleep 0.05
    done
    sed -n 's/^tdn: serving \(.*\)\/$/\1/p' "$W/$1.out" >"$W/$1.url"
}
serve a
serve b
A=$(cat "$W/a.url"); B=$(cat "$W/b.url")
. "$SRC/tests/bench/lib_wrk.sh"
sign_in_bench "$A"
wrk -t2 -c64 -d"${DURATION}s" -s "$W/post.lua" "$A/api/patients" >"$W/one.txt"
wrk -t1 -c32 -d"${DURATION}s" -s "$W/post.lua" "$A/api/patients" >"$W/two_a.txt" &
WA=$!
wrk -t1 -c32 -d"${DURATION}s" -s "$W/post.lua" "$B/api/patients" >"$W/two_b.txt"
wait "$WA"
ONE=$(rps "$W/one.txt"); TA=$(rps "$W/two_a.txt"); TB=$(rps "$W/two_b.txt")
printf 'pg web: POST /api/patients, one server, 64 connections      %6.0f req/s (non-2xx: %s)\n' "$ONE" "$(non2xx "$W/one.txt")"
printf 'pg web: POST /api/patients, two servers, 32 connections each %6.0f req/s (%.0f + %.0f; non-2xx: %s + %s)\n' \
    "$(python3 -c "print($TA + $TB)")" "$TA" "$TB" "$(non2xx "$W/two_a.txt")" "$(non2xx "$W/two_b.txt")"
python3 -c "print('pg web: two servers / one server %.2f' % (($TA + $TB) / $ONE))"
echo "pg web: $(psql "$DB" -XAtqc 'SELECT count(*) FROM patient') patients written, each one committed transaction"
echo "pg web: load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
