#!/bin/sh
# CLI tests of what the session note tells a reader who has nothing else: the
# patient, the session and the clinician it belongs to; the episode's goals;
# each adverse event with the action taken and whether it resolved; a needle
# size given in part written as such (no "?"); a PSFS activity without a side.
. "$(dirname "$0")/lib.sh"
export TDN_USER=drsmith
export TDN_NOW=1795430000 # 2026-11-23 10:33:20 UTC
run "$TDN" init
expect_rc 0
P=$("$TDN" patient add --name "Ada Lovelace" --birth 1980-05-01)
"$TDN" consent record --patient "$P" --by patient >/dev/null || exit 2
printf '{"age":46,"consent":{"patient":true}}' | "$TDN" screening record --patient "$P" - >/dev/null || exit 2
E=$("$TDN" episode open --patient "$P" --condition neck_pain --goal "Turn the head to reverse the car" --plan exercise)
S=$("$TDN" session open --patient "$P" --episode "$E")
run "$TDN" measure add --session "$S" --phase pre --kind psfs --site "reversing the car" --value 3
expect_rc 0
run "$TDN" needle in --session "$S" --muscle levator_scapulae --side R --technique deep --length 40
expect_rc 0
run "$TDN" needle in --session "$S" --muscle upper_trapezius --side R --technique deep --gauge 0.30
expect_rc 0
run "$TDN" ae add --session "$S" --kind syncope --severity moderate --action "supine, legs raised" --resolved
expect_rc 0
run "$TDN" ae add --session "$S" --kind bruising --severity mild --needle 1
expect_rc 0
run "$TDN" needle out --session "$S" --needle 1
run "$TDN" needle out --session "$S" --needle 2
run "$TDN" session close "$S"
expect_rc 0

run "$TDN" session note "$S"
expect_rc 0
expect_out "Patient: Ada Lovelace (id $P), born 1980-05-01"
expect_out "Session $S, clinician drsmith"
expect_out "Goals: Turn the head to reverse the car"
expect_out "Plan of care: exercise"
expect_out "Syncope (moderate) at 10:33:20 UTC; action: supine, legs raised; resolved"
expect_out "Bruising (mild) at 10:33:20 UTC, needle #1; not resolved"
expect_out "#1 deep, no guide tube, needle 40 mm long (gauge not recorded);"
expect_out "#2 deep, no guide tube, needle 0.30 mm (length not recorded);"
expect_no_out "?"
expect_out "Function (PSFS), reversing the car: pre 3/10"
expect_no_out "reversing the car:B"

run "$TDN" session show --json "$S"
expect_rc 0
[ "$(json_get 'j["adverse_events"][0]["action"]')" = "supine, legs raised" ] || fail "JSON AE action"
[ "$(json_get 'j["adverse_events"][0]["resolved"]')" = True ] || fail "JSON AE resolved"
pass
