#!/bin/sh
# CLI tests of `tdn painmap add`: the pain map that the session note's S section
# shows, recorded for a session or an episode (the note uses the session's
# own map, else its episode's). Bad regions, sides, intensities and ids exit 1
# naming the field and store nothing.
. "$(dirname "$0")/lib.sh"
export TDN_USER=drsmith TDN_NOW=1795430000
run "$TDN" init
expect_rc 0
P=$("$TDN" patient add --name "Ada Lovelace" --birth 1980-05-01)
"$TDN" consent record --patient "$P" --by patient >/dev/null || exit 2
printf '{"age":46,"consent":{"patient":true}}' | "$TDN" screening record --patient "$P" - >/dev/null || exit 2
E=$("$TDN" episode open --patient "$P" --condition neck_pain)
S1=$("$TDN" session open --patient "$P" --episode "$E")
S2=$("$TDN" session open --patient "$P" --episode "$E")

count() { db_sql "SELECT count(*) FROM pain_map"; }
bad() { bad_unchanged "$@"; }
bad "did you mean 'temple'" "$TDN" painmap add --session "$S1" temple:R tempel:R
bad "temple:R given twice" "$TDN" painmap add --session "$S1" temple:R=3 temple:R=5
bad "session: no session with id 99" "$TDN" painmap add --session 99 temple:R
bad "episode: no episode with id 99" "$TDN" painmap add --episode 99 temple:R
bad "painmap add: give --session ID or --episode ID" "$TDN" painmap add temple:R
bad "painmap add: give --session ID or --episode ID" "$TDN" painmap add --session "$S1" --episode "$E" temple:R
bad "region: give at least one" "$TDN" painmap add --session "$S1"
run "$TDN" painmap add --session "$S1" temple:R=11
expect_rc 1
[ "$(count)" = 0 ] || fail "an intensity of 11 was stored"

run "$TDN" painmap add --json --episode "$E" posterior_neck:R=5
expect_rc 0
[ "$(json_get 'len(j["ids"])')" = 1 ] || fail "one id"
run "$TDN" painmap add --session "$S1" temple:R=6 posterior_neck:R=7
expect_rc 0
[ "$(count)" = 3 ] || fail "three regions stored"

run "$TDN" session note "$S1"
expect_out "Pain map: Temple, right 6/10; Back of the neck, right 7/10"
run "$TDN" session note "$S2"
expect_out "Pain map: Back of the neck, right 5/10"
run "$TDN" patient show "$P"
expect_out "pain map: temple:R=6 (session $S1)"
pass
