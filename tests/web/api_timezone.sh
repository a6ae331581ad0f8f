# api_timezone.sh — the web app on the clinic's clock: today's list is the
# clinic's local day (at 22:00 PST in Los Angeles it is already tomorrow in
# UTC), its times carry the zone's label, the chart's dates and the audit
# page follow the zone; the server takes the zone at start.
. "$TDN_SOURCE_DIR/tests/cli/lib.sh"
. "$TDN_SOURCE_DIR/tests/web/lib_web.sh"
"$TDN" --db "$DB" init >/dev/null || fail "init"
LAST=""
"$TDN" --db "$DB" setting set timezone America/Los_Angeles >/dev/null 2>&1 || fail "setting"
printf 'clinician-pass\n' | "$TDN" --db "$DB" user add --username doc --role clinician --password-stdin >/dev/null || fail "user"
printf 'admin-pass-1\n' | "$TDN" --db "$DB" user add --username boss --role admin --password-stdin >/dev/null || fail "user"
cli() { TDN_USER=doc "$TDN" --db "$DB" "$@"; }
export TDN_NOW=1795380000 # 2026-11-22 20:40 UTC = 12:40 PST on the 22nd
P=$(cli patient add --name "Early Bird" --birth 1980-01-01) || fail "patient"
cli consent record --patient "$P" --by patient >/dev/null || fail "consent"
printf '{"age":46,"consent":{"patient":true}}' | cli screening record --patient "$P" - >/dev/null || fail "screening"
# 2026-11-23 17:00 UTC = 09:00 PST on the 23rd: today in Los Angeles.
TDN_NOW=1795453200 cli session open --patient "$P" >/dev/null || fail "session 1"
# 2026-11-24 05:30 UTC = 21:30 PST on the 23rd: still today in Los Angeles,
# though the UTC date is the 24th.
TDN_NOW=1795498200 cli session open --patient "$P" >/dev/null || fail "session 2"
# 2026-11-23 07:30 UTC = 23:30 PST on the 22nd: yesterday in Los Angeles,
# though the UTC date is the 23rd.
TDN_NOW=1795419000 cli session open --patient "$P" >/dev/null || fail "session 3"

export TDN_NOW=1795500000 # 2026-11-24 06:00 UTC = 22:00 PST on the 23rd
start_server "$DB"
login() { rm -f "$COOKIES"; req POST /api/login "{\"username\":\"$1\",\"password\":\"$2\"}"; expect_status 200; }
login doc clinician-pass
req GET /today
expect_status 200
expect_out '<span class="hint" id="today-date">2026-11-23</span>'
expect_out '<td>09:00 PST</td>'
expect_out '<td>21:30 PST</td>'
TODAY_TABLE=$(printf '%s' "$OUT" | sed -n 's/.*id="today-table"\(.*\)<\/table>.*id="unfinished-table".*/\1/p')
[ "$(printf '%s' "$TODAY_TABLE" | grep -o '<td>[0-9][0-9]:[0-9][0-9] PST</td>' | wc -l)" -eq 2 ] ||
    fail "today's list should hold the two sessions of the 23rd in Los Angeles"
printf '%s' "$TODAY_TABLE" | grep -qF '23:30 PST' && fail "yesterday's session on today's list"
# yesterday's session is not closed: it stays in sight, dated, below today's
expect_out 'Still open from earlier days'
expect_out '<td>2026-11-22 23:30 PST</td>'
req GET "/patients/$P"
expect_status 200
expect_out '<td>2026-11-22</td><td>Screened</td>' # session 3, 23:30 PST
expect_out '<td>2026-11-23</td><td>Screened</td>'
printf '%s' "$OUT" | grep -qF '<td>2026-11-24</td>' && fail "a session dated by its UTC day"
login boss admin-pass-1
req GET /audit
expect_status 200
expect_out '2026-11-23 22:00:00 PST'
pass
