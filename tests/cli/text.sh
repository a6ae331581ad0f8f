#!/bin/sh
# CLI tests of the text a user types: a patient name is one line of real
# characters (not blank, no line breaks or control characters), every option
# value is valid UTF-8 (else JSON output silently lost the record), and
# unicode, quotes and apostrophes go through unchanged to text, JSON and CSV.
# Refused text writes nothing.
. "$(dirname "$0")/lib.sh"
export TDN_USER=drsmith TDN_NOW=1795400000
run "$TDN" init
expect_rc 0
count() { db_sql "SELECT (SELECT count(*) FROM patient) || '/' || (SELECT count(*) FROM episode) || '/' || (SELECT count(*) FROM audit)"; }
bad() { bad_unchanged "$@"; }
bad "--name: must not be blank" "$TDN" patient add --name "   " --birth 1980-01-01
bad "--name: contains a control character" "$TDN" patient add --name "$(printf 'Ada\nLovelace')" --birth 1980-01-01
bad "--name: contains a control character" "$TDN" patient add --name "$(printf 'Ada\tLovelace')" --birth 1980-01-01
bad "--name: not valid UTF-8 text" "$TDN" patient add --name "$(printf 'Ad\377a')" --birth 1980-01-01

NAME="Zoë O'Brien-Ñúñez \"Jr\" 日本"
run "$TDN" patient add --name "$NAME" --birth 1980-01-01 --json
expect_rc 0
P=$(json_get 'j["id"]')
bad "--goal: not valid UTF-8 text" "$TDN" episode open --patient "$P" --condition neck_pain --goal "$(printf 'walk \377')"
bad "--goal: contains a control character" "$TDN" episode open --patient "$P" --condition neck_pain --goal "$(printf 'walk \033[31m')"
# Line breaks are fine in free text.
run "$TDN" episode open --patient "$P" --condition neck_pain --goal "$(printf 'walk 5 km\nsleep through')"
expect_rc 0

run "$TDN" patient list --json
expect_rc 0
[ "$(json_get 'j["patients"][0]["name"]')" = "$NAME" ] || fail "name round trip in JSON"
run "$TDN" patient show --json "$P"
[ "$(json_get 'j["patient"]["name"]')" = "$NAME" ] || fail "patient show --json has the name"
run "$TDN" patient list --search "Ñúñez"
expect_out "$NAME"
run "$TDN" export csv out
expect_rc 0
grep -qF "\"Zoë O'Brien-Ñúñez \"\"Jr\"\" 日本\"" out/patient.csv || fail "CSV quotes the name"
pass
