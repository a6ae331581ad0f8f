#!/bin/sh
# CLI tests of `tdn screen`: the acceptance example, human and JSON output,
# exit codes (0 for any decision, 1 for bad input) and every error path with
# the field it names.
. "$(dirname "$0")/lib.sh"

# Acceptance: a 10-year-old without a guardian's consent is a no-go, and the
# reason is about the guardian's consent (rule age.under_12).
run_in '{"age":10,"consent":{"patient":true}}' "$TDN" screen --json -
expect_rc 0
[ "$(json_get 'j["decision"]')" = no_go ] || fail "decision no_go"
[ "$(json_get 'j["reasons"][0]["rule"]')" = age.under_12 ] || fail "rule age.under_12"
[ "$(json_get 'j["reasons"][0]["level"]')" = no_go ] || fail "level no_go"
json_get 'j["reasons"][0]["detail"]' | grep -q guardian || fail "detail about guardian consent"

# Both consents: caution, the child must understand (age.under_12_consented).
run_in '{"age":10,"consent":{"patient":true,"guardian":true}}' "$TDN" screen --json -
expect_rc 0
[ "$(json_get 'j["decision"]')" = caution ] || fail "decision caution"
expect_out "age.under_12_consented"
expect_out "fully understand"

# 12-17 without a guardian (age.minor_guardian); an adult with consent is a go.
run_in '{"age":15,"consent":{"patient":true}}' "$TDN" screen -
expect_rc 0
[ "$(printf '%s\n' "$OUT" | head -1)" = "NO-GO" ] || fail "first line NO-GO"
expect_out "age.minor_guardian"
run_in '{"age":34,"consent":{"patient":true}}' "$TDN" screen -
expect_rc 0
[ "$(printf '%s\n' "$OUT" | head -1)" = "GO" ] || fail "first line GO"

# A profile file; a one-sided infection blocks that side only; the lung field
# (upper trapezius at shoulder_top) is a caution; anticoagulant advice names
# muscles that cannot be compressed; reasons are most severe first.
cat > "$WORK/p.json" <<'JSON'
{"age": 52, "conditions": ["anticoagulant"],
 "local": [{"condition": "infection", "region": "calf:R"}],
 "planned_regions": ["calf:R", "calf:L", "shoulder_top:R", "buttock:L"],
 "consent": {"patient": true}}
JSON
run "$TDN" screen "$WORK/p.json"
expect_rc 0
[ "$(printf '%s\n' "$OUT" | head -1)" = "CAUTION" ] || fail "first line CAUTION"
printf '%s\n' "$OUT" | sed -n 2p | grep -q "no_go *bleeding.anticoagulant_noncompressible:" ||
    fail "most severe reason first"
printf '%s\n' "$OUT" | sed -n 3p | grep -q "no_go *local.infection \[calf:R\]" ||
    fail "region no_go next"
# bleeding.anticoagulant_noncompressible (AHPCSA BN 121 §3.1.5): muscles that
# cannot be compressed are blocked, compressible ones are not
printf '%s\n' "$OUT" | grep "^blocked muscles:" | grep -q "tibialis_posterior" ||
    fail "tibialis_posterior cannot be compressed"
printf '%s\n' "$OUT" | grep "^blocked muscles:" | grep -q "gastrocnemius" &&
    fail "gastrocnemius can be compressed"
expect_out "hazard_pneumothorax [shoulder_top:R]"
expect_out "upper_trapezius"
expect_out "piriformis"
expect_out "blocked regions: calf:R"
expect_out "allowed regions: calf:L, shoulder_top:R, buttock:L"
run "$TDN" screen --json "$WORK/p.json"
expect_rc 0
[ "$(json_get 'j["decision"]')" = caution ] || fail "json decision caution"
[ "$(json_get 'j["blocked_regions"]')" = "['calf:R']" ] || fail "blocked calf:R"
[ "$(json_get '[r["level"] for r in j["reasons"]]')" = "['no_go', 'no_go', 'caution', 'caution']" ] ||
    fail "levels ordered most severe first"
[ "$(json_get 'j["reasons"][1]["region"]')" = "calf:R" ] || fail "region on region rules"
[ "$(json_get 'j["reasons"][0]["muscles"] == j["blocked_muscles"]')" = True ] || fail "muscles on muscle rules"
json_get '[a["rule"] for a in j["advice"]]' | grep -q hazard_nerve || fail "nerve advice"

# Pregnancy blocks the lumbar region; everything blocked makes a no-go.
run_in '{"age":30,"pregnancy":"second_trimester","planned_regions":["lumbar"],"consent":{"patient":true}}' \
    "$TDN" screen --json -
expect_rc 0
[ "$(json_get 'j["decision"]')" = no_go ] || fail "pregnancy lumbar no_go"
expect_out "pregnancy.region"

# hazard_pneumothorax with the real KB: every region over the lung field is a
# caution; regions away from it (or the neck above the apex) are not.
for r in upper_chest:R chest:L lateral_chest:L shoulder_top:R interscapular:B thoracic_spine \
    scapula:L axilla:R lateral_neck:R sternum; do
    run_in "{\"age\":40,\"consent\":{\"patient\":true},\"planned_regions\":[\"$r\"]}" \
        "$TDN" screen --json -
    [ "$(json_get 'j["decision"]')" = caution ] || fail "$r: caution"
    json_get '[x["rule"] for x in j["reasons"]]' | grep -q hazard_pneumothorax ||
        fail "$r: hazard_pneumothorax"
done
for r in calf:L lumbar:B dorsal_forearm:R posterior_neck:B buttock:R temple:L; do
    run_in "{\"age\":40,\"consent\":{\"patient\":true},\"planned_regions\":[\"$r\"]}" \
        "$TDN" screen --json -
    [ "$(json_get 'j["decision"]')" = go ] || fail "$r: go"
done

# local.lymphedema with the real KB blocks the limb on its side only.
run_in '{"age":60,"consent":{"patient":true},"local":[{"condition":"lymphedema","region":"axilla:L"}],"planned_regions":["dorsal_forearm:L","dorsal_forearm:R"]}' \
    "$TDN" screen --json -
[ "$(json_get 'j["blocked_regions"]')" = "['dorsal_forearm:L']" ] || fail "lymphoedema limb"

# Error paths: exit 1, message names the field (and the closest value).
check_error() { # JSON MESSAGE
    run_in "$1" "$TDN" screen --json -
    expect_rc 1
    expect_err "tdn: $2"
    [ -z "$OUT" ] || fail "no output on error"
}
check_error '{"age":' "profile: invalid JSON"
check_error 'not json' "profile: invalid JSON"
check_error '' "profile: invalid JSON"
check_error '[1]' "profile: must be a JSON object"
check_error '{"age":30,"smoker":true}' "smoker: unknown key"
check_error '{"agee":30}' "agee: unknown key (did you mean 'age'?)"
check_error '{"age":30,"conditions":["diabetis"]}' \
    "conditions[0]: unknown condition 'diabetis' (did you mean 'diabetes'?)"
check_error '{"age":30,"local":[{"condition":"infection","region":"calf"},{"condition":"infection","region":"calfs"}]}' \
    "local[1].region: unknown region 'calfs' (did you mean 'calf'?)"
check_error '{"age":30,"local":[{"condition":"rash","region":"calf"}]}' \
    "local[0].condition: unknown local condition 'rash'"
check_error '{"age":30,"planned_regions":["calf:Q"]}' "planned_regions[0]: unknown side 'Q'"
check_error '{"age":30,"pregnancy":"yes"}' "pregnancy: unknown pregnancy status 'yes'"
check_error '{"age":"thirty"}' "age: must be a whole number, not a string"
check_error '{"age":30,"conditions":"diabetes"}' "conditions: must be an array"
check_error '{"age":30,"consent":{"patient":"yes"}}' "consent.patient: must be true, false or null"
check_error '{"age":-3}' "age: -3 is not a possible age"
check_error '{"age":200}' "age: 200 is not a possible age"
check_error '{"age":30.5}' "age: must be a whole number of years"
check_error '{"consent":{"patient":true}}' "age: required"
check_error '{"age":null}' "age: must be a whole number, not null"
check_error '{"age":30,"age":40}' "age: given more than once"
check_error '{"age":30,"consent":{"patient":false},"consent":{"patient":true}}' \
    "consent: given more than once"
check_error '{"age":30,"consent":true}' "consent: must be an object"
check_error '{"age":30,"consent":{"patient":true,"parent":true}}' "consent.parent: unknown key"
check_error '{"age":30,"conditions":["anticoagulent"]}' \
    "conditions[0]: unknown condition 'anticoagulent' (did you mean 'anticoagulant'?)"
check_error '{"age":30,"planned_regions":["calff:R"]}' \
    "planned_regions[0]: unknown region 'calff' (did you mean 'calf'?)"
check_error '{"age":30,"planned_regions":[3]}' "planned_regions[0]: must be a string"
check_error '{"age":30,"local":[{"condition":"infection"}]}' "local[0].region: required"
check_error '{"age":30,"local":[{"condition":"infection","region":"calf:X"}]}' \
    "local[0].region: unknown side 'X'"
check_error '{"age":30,"local":[{"condition":"infection","region":"calf","note":"x"}]}' \
    "local[0].note: unknown key"
check_error '{"age":30,"local":[{"condition":"diabetes","region":"calf"}]}' \
    "local[0].condition: unknown local condition 'diabetes'"
check_error '{"age":30,"pregnancy":true}' "pregnancy: must be a string"

run "$TDN" screen "$WORK/missing.json"
expect_rc 1
expect_err "screen: cannot read"
run "$TDN" screen
expect_rc 1
expect_err "give a profile file"
run "$TDN" screen --bogus -
expect_rc 1
expect_err "unknown option"
run "$TDN" screen a.json b.json
expect_rc 1

# The rules with their sources: every rule cites one.
run "$TDN" screen --rules --json
expect_rc 0
[ "$(json_get 'len(j["rules"])')" -ge 25 ] || fail "at least 25 rules"
[ "$(json_get 'all(len(r["source"]) > 10 for r in j["rules"])')" = True ] || fail "sources"
[ "$(json_get '[r["level"] for r in j["rules"] if r["id"] == "hazard_pneumothorax"]')" = "['caution']" ] ||
    fail "hazard_pneumothorax is a caution"
run "$TDN" screen --rules
expect_rc 0
expect_out "phobia.needle"
expect_out "source: "
run "$TDN" screen --rules p.json
expect_rc 1
expect_err "--rules takes no profile"

# A bad rules file in --kb is reported as file:line: field: problem.
kb="$WORK/kb"
mkdir -p "$kb"
sed '3s/\tno_go\t/\tsevere\t/' "$TDN_SOURCE_DIR"/data/screening_rules.tsv > "$kb/screening_rules.tsv"
run_in '{"age":30,"consent":{"patient":true}}' "$TDN" --kb "$kb" screen -
expect_rc 1
expect_err "screening_rules.tsv:3: level: 'severe' must be no_go, caution or info"
# The words a profile uses, with what a person reads (issue 13: uncontrolled
# epilepsy, a confirmed stainless steel allergy, lymph node removal).
run "$TDN" screen --words
expect_rc 0
expect_out "epilepsy_uncontrolled"
expect_out "Uncontrolled epilepsy"
expect_out "stainless_steel_allergy"
expect_out "lymph_node_removal"
run "$TDN" screen --json --words
[ "$(json_get '[w["label"] for w in j["local"] if w["word"] == "lymph_node_removal"][0]')" = "Lymph node removal" ] ||
    fail "--words --json labels"
run "$TDN" screen --words p.json
expect_rc 1
pass
