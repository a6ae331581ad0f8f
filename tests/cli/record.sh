#!/bin/sh
# CLI tests of the clinical record: episode, consent, screening, session,
# finding, measure, ae, export csv — the whole path a new user takes (create a
# patient, open a session, add findings, measures and an adverse event, read
# them back and in the audit) and every error path: exit 1, the field named,
# nothing written.
. "$(dirname "$0")/lib.sh"
export TDN_USER=drsmith TDN_NOW=1795400000

run "$TDN" init
expect_rc 0
P=$("$TDN" patient add --name "Ann Lee" --birth 1980-02-29 --sex F)
P2=$("$TDN" patient add --name "Bob Annison" --birth 1975-12-01)

# Episode: condition by KB id or ICD-10-CM code, goals, plan of care.
run "$TDN" episode open --patient "$P" --condition tension_type_headache \
    --goal "desk work 2 h without headache" --plan dry_needling,exercise,stretching,massage
expect_rc 0
E=$OUT
run "$TDN" episode open --json --patient "$P2" --condition M72.2
expect_rc 0
E2=$(json_get 'j["id"]')

# Consent and screening.
run "$TDN" consent record --patient "$P" --by patient
expect_rc 0
printf '%s\n' '{"age": 46, "conditions": ["diabetes"], "planned_regions": ["shoulder_top:R"],
  "consent": {"patient": true}}' > profile.json
run "$TDN" screening record --patient "$P" profile.json
expect_rc 0
echo '{"age": 30}' > noage.json
# The record completes a profile: the age from the birth date (Bob is 50),
# the consent on record when the profile does not give it.
run_in '{"consent": {"patient": true, "guardian": true}}' \
    "$TDN" screening record --json --patient "$P2" -
expect_rc 0
[ "$(json_get 'j["decision"]')" = go ] || fail "screening decision"
P3=$("$TDN" patient add --name "Cal Young" --birth 2016-06-01)
run_in '{"planned_regions": ["calf:R"]}' "$TDN" screening record --json --patient "$P3" -
expect_rc 0
# age.under_12: Cal is 10 and nobody has consented on record yet
[ "$(json_get 'j["decision"]')" = no_go ] || fail "10-year-old without consent"
"$TDN" consent record --patient "$P3" --by patient >/dev/null
"$TDN" consent record --patient "$P3" --by guardian >/dev/null
run_in '{"planned_regions": ["calf:R"]}' "$TDN" screening record --json --patient "$P3" -
[ "$(json_get 'j["decision"]')" = caution ] || fail "10-year-old with both consents on record"
run "$TDN" screening record --patient "$P3" noage.json
expect_rc 1
expect_err "profile: age: 30 does not match the patient's birth date 2016-06-01 (10 today)"

# Session, findings, measures, adverse event.
run "$TDN" session open --patient "$P" --episode "$E"
expect_rc 0
S=$OUT
run "$TDN" finding add --session "$S" --muscle upper_trapezius --side R --type active \
    --taut-band --ltr --spot --referred
expect_rc 0
run "$TDN" finding add --json --session "$S" --muscle levator_scapulae --side r --type latent
expect_rc 0
run "$TDN" measure add --session "$S" --phase pre --kind nprs --site posterior_neck --side R --value 7
expect_rc 0
run "$TDN" measure add --session "$S" --phase pre --kind ppt --site upper_trapezius --side R --value 2.5
expect_rc 0
run "$TDN" measure add --session "$S" --phase pre --kind rom --site cervical_rotation --side L \
    --motion active --value 55
expect_rc 0
run "$TDN" measure add --session "$S" --phase post --kind psfs --site "reading at a desk" --value 6
expect_rc 0
# A side may ride on the site as in a pain map; PSFS activities keep their colons.
run "$TDN" measure add --session "$S" --phase post --kind nprs --site posterior_neck:R --value 3
expect_rc 0
run "$TDN" measure add --session "$S" --phase post --kind psfs --site "work: typing" --value 7
expect_rc 0
run "$TDN" ae add --session "$S" --kind bruising --severity mild --action "pressure for 1 min" --resolved
expect_rc 0
A=$OUT

# Read back: the chart, in text and JSON.
run "$TDN" patient show "$P"
expect_rc 0
expect_out "episode $E: tension_type_headache (ICD-10-CM G44.209)"
expect_out "plan of care: dry_needling,exercise,stretching,massage"
expect_out "consent by patient"
expect_out "screening 1: caution"
expect_out "caution: hazard_pneumothorax (shoulder_top:R)"
# consent and a caution screening on record: the session starts screened (issue 5)
expect_out "session $S: screened"
expect_out "finding 1: upper_trapezius R, active trigger point, taut band, hyperirritable spot, LTR, referred pain reproduced"
expect_out "levator_scapulae R, latent"
expect_out "pre      nprs posterior_neck:R = 7/10"
expect_out "post     nprs posterior_neck:R = 3/10"
expect_out "psfs work: typing = 7/10"
expect_out "work: typing"
expect_out "= 2.5 kg/cm2"
expect_out "cervical_rotation:L = 55 deg active"
expect_out "adverse event $A: bruising, mild, resolved; action: pressure for 1 min"
run "$TDN" patient show --json "$P"
expect_rc 0
[ "$(json_get 'len(j["measures"])')" = 6 ] || fail "6 measures"
[ "$(json_get 'j["measures"][1]["unit"]')" = "kg/cm2" ] || fail "ppt unit"
[ "$(json_get 'j["findings"][0]["taut_band"]')" = True ] || fail "taut band"
[ "$(json_get 'j["adverse_events"][0]["resolved"]')" = True ] || fail "ae resolved"
[ "$(json_get 'j["screenings"][0]["profile"]["age"]')" = 46 ] || fail "profile kept"
[ "$(json_get 'j["sessions"][0]["clinician"]')" = drsmith ] || fail "clinician"
[ "$(json_get 'j["episodes"][0]["goals"]')" = "desk work 2 h without headache" ] || fail "goals"

# A pain map goes whole or not at all; the diary comes from the web app.
before=$(db_sql "SELECT count(*) FROM pain_map")
bad_map() { run "$@"; expect_rc 1; }
bad_map "$TDN" painmap add --episode "$E" temple:R=6 tempel:R
expect_err "region: unknown region 'tempel' (did you mean 'temple'?)"
bad_map "$TDN" painmap add --episode "$E" temple:R=11
expect_err "intensity"
bad_map "$TDN" painmap add --episode 99 temple:R=6
expect_err "episode: no episode with id 99"
bad_map "$TDN" painmap add temple:R=6
expect_err "give --session ID or --episode ID"
bad_map "$TDN" painmap add --episode "$E"
expect_err "region: give at least one pain region"
[ "$(db_sql "SELECT count(*) FROM pain_map")" = "$before" ] || fail "bad maps wrote rows"
run "$TDN" painmap add --json --episode "$E" temple:R=6
expect_rc 0
[ "$(json_get 'len(j["ids"])')" = 1 ] || fail "painmap ids"
db_sql "INSERT INTO diary (patient_id, session_id, day, pain, soreness, note, created)
  VALUES ($P, $S, '2026-11-24', 3, 5, 'stiff in the morning', 1795400000)"
run "$TDN" patient show "$P"
expect_out "pain map: temple:R=6 (episode $E)"
expect_out "diary 2026-11-24: pain 3, soreness 5: stiff in the morning"

# ... and in the audit.
run "$TDN" audit --patient "$P" --json
expect_rc 0
for t in episode consent screening session finding measure adverse_event chart; do
    [ "$(json_get "len([a for a in j['audit'] if a['table'] == '$t'])")" -ge 1 ] \
        || fail "audit lacks $t"
done
[ "$(json_get "len([a for a in j['audit'] if a['patient_id'] != $P])")" = 0 ] \
    || fail "audit --patient shows only that patient"

# Bad input: exit 1, the field named, nothing written.
rows() { db_sql "SELECT (SELECT count(*) FROM audit)||'/'||(SELECT count(*) FROM measure)"; }
before=$(rows)
bad() { # bad EXPECTED-STDERR CMD...
    msg=$1; shift
    run "$@"
    expect_rc 1
    expect_err "$msg"
}
bad "--condition: unknown condition 'migrane' (did you mean 'migraine'?)" \
    "$TDN" episode open --patient "$P" --condition migrane
bad "patient: no patient with id 99" "$TDN" episode open --patient 99 --condition migraine
bad "--plan: 'yoga' must be one of dry_needling, exercise" "$TDN" episode open --patient "$P" --condition migraine --plan yoga
bad "--condition: required" "$TDN" episode open --patient "$P"
bad "--by: 'neighbour' must be one of patient, guardian" "$TDN" consent record --patient "$P" --by neighbour
bad "--by: required" "$TDN" consent record --patient "$P"
bad "patient: no patient with id 99" "$TDN" consent record --patient 99 --by patient
bad "profile: not JSON" "$TDN" screening record --patient "$P" -
echo '{"pets": 2}' > extra.json
bad "profile: pets: unknown key" "$TDN" screening record --patient "$P" extra.json

bad "profile: cannot read" "$TDN" screening record --patient "$P" nowhere.json
bad "patient: no patient with id 99" "$TDN" screening record --patient 99 profile.json
bad "--episode: episode $E2 is not patient $P's" "$TDN" session open --patient "$P" --episode "$E2"
bad "episode: no episode with id 99" "$TDN" session open --patient "$P" --episode 99
bad "--patient: required" "$TDN" session open
bad "--muscle: unknown muscle 'upper_trapezuis' (did you mean 'upper_trapezius'?)" \
    "$TDN" finding add --session "$S" --muscle upper_trapezuis --side R --type active
bad "--side: 'B' must be L or R" "$TDN" finding add --session "$S" --muscle upper_trapezius --side B --type active
bad "--type: 'dormant' must be one of active, latent" \
    "$TDN" finding add --session "$S" --muscle upper_trapezius --side R --type dormant
bad "session: no session with id 99" \
    "$TDN" finding add --session 99 --muscle upper_trapezius --side R --type active
bad "--taut-band takes no value" \
    "$TDN" finding add --session "$S" --muscle upper_trapezius --side R --type active --taut-band=yes
bad "--value: 11 is out of range for nprs (a whole number from 0 to 10)" \
    "$TDN" measure add --session "$S" --phase pre --kind nprs --site temple --value 11
bad "--value: 25 is out of range for ppt (more than 0, up to 20 kg/cm" \
    "$TDN" measure add --session "$S" --phase pre --kind ppt --site upper_trapezius --value 25
bad "--value: 400 is out of range for rom (from 0 to 360 degrees)" \
    "$TDN" measure add --session "$S" --phase pre --kind rom --site knee_flexion --motion passive --value 400
bad "--motion: required for rom" \
    "$TDN" measure add --session "$S" --phase pre --kind rom --site knee_flexion --value 40
bad "--motion: only for rom" \
    "$TDN" measure add --session "$S" --phase pre --kind nprs --site temple --motion active --value 4
bad "--site: unknown region 'tempel' for nprs (did you mean 'temple'?)" \
    "$TDN" measure add --session "$S" --phase pre --kind nprs --site tempel --value 4
bad "--site: unknown muscle" "$TDN" measure add --session "$S" --phase pre --kind ppt --site elbow --value 4
bad "--site: unknown joint motion 'knee_flexon' for rom (did you mean 'knee_flexion'?)" \
    "$TDN" measure add --session "$S" --phase pre --kind rom --site knee_flexon --motion active --value 4
bad "--value: 'seven' is not a number" \
    "$TDN" measure add --session "$S" --phase pre --kind psfs --site walking --value seven
bad "--phase: 'during' must be one of pre, post, followup" \
    "$TDN" measure add --session "$S" --phase during --kind nprs --site temple --value 4
bad "--kind: 'vas' must be nprs, ppt, rom or psfs" \
    "$TDN" measure add --session "$S" --phase pre --kind vas --site temple --value 4
bad "--side: 'Q' must be L, R or B" \
    "$TDN" measure add --session "$S" --phase pre --kind nprs --site temple --side Q --value 4
bad "--side: 'L' disagrees with the side in --site 'temple:R'" \
    "$TDN" measure add --session "$S" --phase pre --kind nprs --site temple:R --side L --value 4
bad "--side: 'X' must be L, R or B" \
    "$TDN" measure add --session "$S" --phase pre --kind nprs --site temple:X --value 4
bad "session: no session with id 99" \
    "$TDN" measure add --session 99 --phase pre --kind nprs --site temple --value 4
bad "--kind: unknown value 'brusing' (did you mean 'bruising'?)" \
    "$TDN" ae add --session "$S" --kind brusing --severity mild
bad "--severity: 'severe' must be one of mild, moderate, significant, serious" \
    "$TDN" ae add --session "$S" --kind syncope --severity severe
bad "--needle: no needle #7 in session $S" \
    "$TDN" ae add --session "$S" --kind bruising --severity mild --needle 7
bad "session: no session with id 99" "$TDN" ae add --session 99 --kind bruising --severity mild
bad "--session: 'x' is not a record id" "$TDN" ae add --session x --kind bruising --severity mild
bad "ae: unknown subcommand 'remove'" "$TDN" ae remove 1
[ "$(rows)" = "$before" ] || fail "bad input wrote something: $before -> $(rows)"

# Export: one CSV per table with a header, RFC 4180 quoting, audited.
"$TDN" patient add --name 'Cy "the comma", Jr.' --birth 1990-01-01 >/dev/null
"$TDN" patient add --name '=HYPERLINK("http://x")' --birth 1991-01-01 >/dev/null
run "$TDN" export csv out
expect_rc 0
expect_out "exported 22 tables"
for t in patient user consent screening episode session pain_map finding needle measure \
         adverse_event diary setting audit session_override session_note note_addendum \
         invitation appointment intake consent_text; do
    [ -f "out/$t.csv" ] || fail "no out/$t.csv"
done
[ ! -f out/auth_session.csv ] || fail "login sessions are not exported"
head -1 out/invitation.csv | grep -q code_hash && fail "invitation codes' hashes are not exported"
head -1 out/patient.csv | grep -q '^id,name,birth,sex,created' || fail "patient header"
grep -q '"Cy ""the comma"", Jr."' out/patient.csv || fail "RFC 4180 quoting"
python3 - <<'PY' || fail "CSV does not parse back"
import csv
rows = list(csv.reader(open("out/patient.csv", newline="")))
assert rows[0][:2] == ["id", "name"], rows[0]
assert rows[-2][1] == 'Cy "the comma", Jr.', rows[-2]
assert rows[-1][1] == "'=HYPERLINK(\"http://x\")", rows[-1]  # a formula stays text
pm = list(csv.DictReader(open("out/pain_map.csv", newline="")))
assert all(not r["intensity"].startswith("'") for r in pm), pm  # numbers stay numbers
m = list(csv.DictReader(open("out/measure.csv", newline="")))
assert len(m) == 6 and m[1]["unit"] == "kg/cm2", m
PY
grep -q password out/user.csv && fail "password hashes exported"
[ "$(stat -c %a out/patient.csv)" = 600 ] || fail "export files are private"
run "$TDN" audit --json
[ "$(json_get "len([a for a in j['audit'] if a['action'] == 'export'])")" = 1 ] || fail "export audited"
touch notadir
run "$TDN" export csv notadir
expect_rc 1
expect_err "DIR: notadir is not a directory"
run "$TDN" export csv
expect_rc 1
run "$TDN" export json out
expect_rc 1
expect_err "export: unknown subcommand 'json'"
pass
