# api_hardening.sh — the smaller hardening items of tdn serve, one check
# each: the database and its -wal/-shm files are private to their owner.
. "$TDN_SOURCE_DIR/tests/cli/lib.sh"
. "$TDN_SOURCE_DIR/tests/web/lib_web.sh"
DB="$WORK/t.db"
umask 022
"$TDN" --db "$DB" init >/dev/null || fail "init"
printf 'hard-pass-1\n' | "$TDN" --db "$DB" user add --username doc --role clinician \
    --password-stdin >/dev/null || fail "user add"
start_server "$DB"

# the database and its -wal/-shm files (present while serving): mode 0600
LAST="file modes"
req POST /api/login '{"username":"doc","password":"hard-pass-1"}'
expect_status 200
TOKEN=$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
for f in "$DB" "$DB-wal" "$DB-shm"; do
    [ -e "$f" ] || fail "$f does not exist while serving"
    mode=$(stat -c %a "$f")
    [ "$mode" = 600 ] || fail "$f has mode $mode, expected 600"
done

echo "ok"
