#!/bin/sh
# CLI tests of the note as a clinical document: `tdn note edit` saves the
# clinician's S/O/A/P text while unsigned; `tdn note sign` is refused before
# the session closes and signs under the user's full name and credentials
# (`tdn user set`); after signing every edit is refused and only addenda are
# added, each signed and dated on the clinic's clock; `tdn note show` prints
# the clinic's letterhead; the handout names patient, clinic and phone and,
# for a patient on a blood thinner, gives the pressure and bruising advice.
. "$(dirname "$0")/lib.sh"
export TDN_USER=jlee
export TDN_NOW=1795430000 # 2026-11-23 10:33:20 UTC = 11:33:20 CET
run "$TDN" init
"$TDN" setting set timezone Europe/Madrid >/dev/null 2>&1 || exit 2
printf 'long-password\n' | "$TDN" user add --username jlee --role clinician --display "Jane Lee" --password-stdin >/dev/null || exit 2
run "$TDN" user set jlee --display "Dr Jane Lee" --credentials "PT, DPT"
expect_rc 0
expect_out "jlee: Dr Jane Lee, PT, DPT"
run "$TDN" user set nobody --display "X"
expect_rc 1
expect_err "username: no user 'nobody'"
run "$TDN" user set jlee
expect_rc 1
expect_err "--display: required"
P=$("$TDN" patient add --name "Ada Lovelace" --birth 1980-05-01)
"$TDN" consent record --patient "$P" --by patient >/dev/null || exit 2
printf '{"age":46,"conditions":["anticoagulant"],"consent":{"patient":true}}' | "$TDN" screening record --patient "$P" - >/dev/null || exit 2
S=$("$TDN" session open --patient "$P")
"$TDN" needle in --session "$S" --muscle infraspinatus --side R --technique deep >/dev/null || exit 2

run "$TDN" note edit "$S" --subjective "Neck pain since Monday." --assessment "Active TrP"
expect_rc 0
run "$TDN" note edit "$S"
expect_rc 1
expect_err "give --subjective, --objective, --assessment or --plan"
run "$TDN" note sign "$S"
expect_rc 1
expect_err "note: refused: the session is needling; close it before signing its note"
run "$TDN" note addendum "$S" --text "early"
expect_rc 1
expect_err "addendum: refused: the note is not signed yet"
run "$TDN" note show "$S"
expect_out "DRAFT: the session is not closed"
expect_out "  Subjective: Neck pain since Monday."
expect_out "Not signed."

"$TDN" needle out --session "$S" --needle 1 >/dev/null || exit 2
"$TDN" session close "$S" >/dev/null || exit 2
run "$TDN" note edit "$S" --plan "Review in a week.
Home stretches."
expect_rc 0
"$TDN" setting set clinic_name "Harbour Physio" >/dev/null || exit 2
run "$TDN" setting set clinic_phone "call us"
expect_rc 1
expect_err "clinic_phone: 'call us' is not a phone number"
run "$TDN" handout "$S"
expect_out "When to call the clinic"
expect_no_out "When to call the clinic:"
expect_no_out "Phone:"
"$TDN" setting set clinic_phone "+34 600 000 000" >/dev/null || exit 2

export TDN_NOW=1795433600 # an hour later: 12:33:20 CET
run "$TDN" note sign "$S"
expect_rc 0
expect_out "note of session $S signed by Dr Jane Lee, PT, DPT"
run "$TDN" note sign "$S"
expect_rc 1
expect_err "note: refused: the note is already signed"
run "$TDN" note edit "$S" --plan "changed"
expect_rc 1
expect_err "note: refused: the note is signed and can no longer be edited; add an addendum instead"
run "$TDN" note addendum "$S"
expect_rc 1
expect_err "--text: required"
export TDN_NOW=1795520000 # the next day, 12:33:20 CET
run "$TDN" note addendum "$S" --text "Phoned: soreness settled."
expect_rc 0

run "$TDN" note show "$S"
expect_rc 0
expect_out "Harbour Physio"
expect_out "Phone: +34 600 000 000"
expect_out "Session $S, clinician Dr Jane Lee, PT, DPT"
expect_out "Screening of 2026-11-23: go with caution"
expect_out "  - caution: Anticoagulant medication"
expect_out "  Plan: Review in a week."
expect_out "    Home stretches."
expect_out "Signed electronically by Dr Jane Lee, PT, DPT on 2026-11-23 at 12:33:20 CET"
expect_out "Addendum of 2026-11-24 12:33:20 CET, signed by Dr Jane Lee, PT, DPT:"
expect_out "    Phoned: soreness settled."
expect_no_out "changed"
expect_no_out "UTC"
expect_no_out "bleeding.anticoagulant"
expect_no_out "Not signed."
run "$TDN" note show --json "$S"
[ "$(json_get 'j["signed"]')" = True ] || fail "JSON signed"
[ "$(json_get 'j["signer"]')" = "Dr Jane Lee, PT, DPT" ] || fail "JSON signer"

run "$TDN" handout "$S"
expect_out "Harbour Physio"
expect_out "For Ada Lovelace"
expect_out "When to call the clinic: +34 600 000 000"
expect_out "press on it firmly"
expect_out "keeps bleeding although you press on it"
run "$TDN" audit
expect_out "sign"
expect_out "addendum"
pass
