# api_words.sh — the admin sets the clinic's time zone from the web app
# (POST /api/settings/timezone): a zone of the tz database is stored and
# audited, a misspelt one is refused naming the field with the closest zone
# and changes nothing, other roles are refused; Today asks an admin (only)
# until a zone is chosen. The pages keep codes out of what people read.
. "$TDN_SOURCE_DIR/tests/cli/lib.sh"
. "$TDN_SOURCE_DIR/tests/web/lib_web.sh"
"$TDN" --db "$DB" init >/dev/null || fail "init"
printf 'admin-pass-1\n' | "$TDN" --db "$DB" user add --username boss --role admin --password-stdin >/dev/null || fail "user"
printf 'clinician-pass\n' | "$TDN" --db "$DB" user add --username doc --role clinician --password-stdin >/dev/null || fail "user"
P=$(TDN_USER=doc "$TDN" --db "$DB" patient add --name "Sam Male" --birth 1970-05-05 --sex M) || fail "patient"
start_server "$DB"
login() { rm -f "$COOKIES"; req POST /api/login "{\"username\":\"$1\",\"password\":\"$2\"}"; expect_status 200; }
csrf() { CSRF=$(printf '%s' "$OUT" | sed -n 's/.*"csrf": *"\([^"]*\)".*/\1/p'); }

login doc clinician-pass
csrf
req GET /today
expect_no_out 'id="tz-prompt"' # a clinician is not asked
req POST /api/settings/timezone '{"timezone":"Europe/Madrid"}' -H "X-CSRF-Token: $CSRF"
expect_status 403
req GET "/patients/$P"
expect_status 200
expect_out 'Bleeding disorder'
expect_no_out 'id="sc-preg"' # no pregnancy question for a male patient
expect_no_out '>bleeding_disorder<'
expect_no_out 'dry_needling,exercise,stretching'
expect_no_out 'REGION:SIDE'
expect_out '<a href="/today">Today</a>'

login boss admin-pass-1
csrf
req GET /today
expect_status 200
expect_out 'id="tz-prompt"'
expect_out '<a href="/today" aria-current="page">Today</a>'
req POST /api/settings/timezone '{"timezone":"Europe/Madird"}' -H "X-CSRF-Token: $CSRF"
expect_status 400
expect_out 'timezone:'
expect_out 'Europe/Madrid'
[ "$("$TDN" --db "$DB" setting show --json | grep -c 'Europe')" = 0 ] || fail "a refused zone was stored"
req POST /api/settings/timezone '{"timezone":"Europe/Madrid"}' -H "X-CSRF-Token: $CSRF"
expect_status 200
expect_out '"timezone":"Europe/Madrid"'
"$TDN" --db "$DB" setting show | grep -q 'Europe/Madrid' || fail "the zone was not stored"
"$TDN" --db "$DB" audit | grep -q 'timezone' || fail "the change is not audited"
req GET /today
expect_no_out 'id="tz-prompt"'
pass
