#!/bin/sh
# CLI tests of the coded ICD-10-CM diagnosis (issue 13): an episode records
# the side and site of its diagnosis (episode open --side --site), and the
# chart (patient show) and the session note give the code with that side
# (icd.laterality: M25.519 -> M25.511), site (icd.site: M79.12 head and neck,
# M25.53- wrist) and encounter (icd.encounter: whiplash S13.4XXA at the
# episode's first session, S13.4XXD at later ones). Bad input: exit 1, the
# field named, nothing written.
. "$(dirname "$0")/lib.sh"
export TDN_USER=drsmith
export TDN_NOW=1795430000
run "$TDN" init
expect_rc 0
P=$("$TDN" patient add --name "Ida Side" --birth 1970-03-01)

run "$TDN" episode open --patient "$P" --condition shoulder_pain --side R
expect_rc 0
run "$TDN" episode open --patient "$P" --condition carpal_tunnel_syndrome --side b
expect_rc 0
run "$TDN" episode open --patient "$P" --condition knee_pain --side B
expect_rc 0
run "$TDN" episode open --patient "$P" --condition myofascial_pain --side L --site posterior_neck
expect_rc 0
run "$TDN" episode open --patient "$P" --condition hand_pain --side L --site volar_wrist
expect_rc 0
run "$TDN" episode open --patient "$P" --condition sciatica
expect_rc 0
run "$TDN" episode open --json --patient "$P" --condition whiplash --side B
expect_rc 0
W=$(json_get 'j["id"]')

count() { db_sql "SELECT count(*) FROM episode"; }
bad_unchanged "--side: 'X' must be R, L or B" \
    "$TDN" episode open --patient "$P" --condition shoulder_pain --side X
bad_unchanged "--site: unknown region code 'volar_wrsit' (did you mean 'volar_wrist'?)" \
    "$TDN" episode open --patient "$P" --condition hand_pain --site volar_wrsit

run "$TDN" patient show "$P"
expect_rc 0
expect_out "shoulder_pain, right (ICD-10-CM M25.511)"
expect_out "carpal_tunnel_syndrome, both sides (ICD-10-CM G56.03)"
expect_out "knee_pain, both sides (ICD-10-CM M25.561, M25.562)"
expect_out "myofascial_pain, left, posterior_neck (ICD-10-CM M79.12)"
expect_out "hand_pain, left, volar_wrist (ICD-10-CM M25.532)"
expect_out "sciatica (ICD-10-CM M54.30)"
expect_out "whiplash, both sides (ICD-10-CM S13.4XXA (first session), S13.4XXD (later sessions))"
run "$TDN" patient show --json "$P"
expect_rc 0
[ "$(json_get 'j["episodes"][0]["side"]')" = R ] || fail "episode side in JSON"
[ "$(json_get 'j["episodes"][3]["site"]')" = posterior_neck ] || fail "episode site in JSON"

# The note codes the session's encounter: A at the first, D after.
S1=$("$TDN" session open --patient "$P" --episode "$W")
S2=$("$TDN" session open --patient "$P" --episode "$W")
run "$TDN" session note "$S1"
expect_rc 0
expect_out "ICD-10-CM S13.4XXA: Whiplash"
run "$TDN" session note "$S2"
expect_rc 0
expect_out "ICD-10-CM S13.4XXD: Whiplash"
expect_out ", both sides"

# The FHIR export codes each Condition as the chart does (fhir.condition):
# the side's code, and two Conditions where both sides have no bilateral code;
# the whiplash episode's Condition carries its first encounter's code; the
# encounters give every Condition of their episode as a reason.
run "$TDN" export fhir --patient "$P"
expect_rc 0
printf '%s' "$OUT" >b.json
j() { python3 -c "import json; b=json.load(open('b.json')); R=[e['resource'] for e in b['entry']]; print($1)"; }
[ "$(j 'sorted(c["code"]["coding"][0]["code"] for c in R if c["resourceType"] == "Condition" and "coding" in c["code"])')" = \
  "['G56.03', 'M25.511', 'M25.532', 'M25.561', 'M25.562', 'M54.30', 'M79.12', 'S13.4XXA']" ] ||
    fail "FHIR Conditions coded as the chart: $(j '[c["code"] for c in R if c["resourceType"] == "Condition"]')"
[ "$(j '[len(e["reasonReference"]) for e in R if e["resourceType"] == "Encounter"]')" = "[1, 1]" ] ||
    fail "each whiplash encounter refers to its one Condition"
pass
