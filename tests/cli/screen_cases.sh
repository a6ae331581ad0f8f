#!/bin/sh
# Table-driven CLI cases of `tdn screen --json` with the real KB, written by a
# second reviewer from DESIGN.md §6 and the issue text before reading the
# rules: every consent combination, the age boundaries 11/12/17/18, each
# condition alone, pregnancy regions, local contraindications by side, the
# lung field, and multi-factor clinical profiles. Each row names the rule it
# checks and gives the exact reasons (level:rule[@region], most severe first),
# the blocked and the allowed regions.
. "$(dirname "$0")/lib.sh"

summary='j["decision"] + "|" + " ".join(r["level"] + ":" + r["rule"] + ("@" + r["region"] if "region" in r else "") for r in j["reasons"]) + "|" + " ".join(j["blocked_regions"]) + "|" + " ".join(j["allowed_regions"])'
n=0
while IFS='|' read -r rule decision reasons blocked allowed note profile; do
    case $rule in '#'* | '') continue ;; esac
    run_in "$profile" "$TDN" screen --json -
    expect_rc 0
    got=$(json_get "$summary")
    want="$decision|$reasons|$blocked|$allowed"
    [ "$got" = "$want" ] || fail "[$rule] $note
  profile: $profile
  got:  $got
  want: $want"
    n=$((n + 1))
done <<'TABLE'
# rule|decision|reasons|blocked|allowed|what|profile
age.under_12|no_go|no_go:age.under_12|||done-criterion: child, patient only|{"age":10,"consent":{"patient":true}}
age.under_12_consented|caution|caution:age.under_12_consented|||child both consents -> caution (age rule)|{"age":10,"consent":{"patient":true,"guardian":true}}
consent.patient_refused|no_go|no_go:consent.patient_refused|||child guardian only, no patient assent|{"age":10,"consent":{"patient":false,"guardian":true}}
consent.patient_missing|no_go|no_go:consent.patient_missing no_go:age.under_12|||child no consent key|{"age":10}
age.under_12|no_go|no_go:age.under_12|||age 11 boundary patient only|{"age":11,"consent":{"patient":true,"guardian":false}}
age.under_12_consented|caution|caution:age.under_12_consented|||age 11 both|{"age":11,"consent":{"patient":true,"guardian":true}}
age.minor_guardian|no_go|no_go:age.minor_guardian|||age 12 boundary patient only -> guardian required|{"age":12,"consent":{"patient":true}}
age.minor_guardian|go||||age 12 both -> go (12-17 rule satisfied)|{"age":12,"consent":{"patient":true,"guardian":true}}
age.minor_guardian|no_go|no_go:age.minor_guardian|||age 17 patient only|{"age":17,"consent":{"patient":true}}
age.minor_guardian|go||||age 17 both|{"age":17,"consent":{"patient":true,"guardian":true}}
age.minor_guardian|go||||age 18 patient only|{"age":18,"consent":{"patient":true}}
consent.patient_missing|no_go|no_go:consent.patient_missing|||adult no consent key|{"age":34}
consent.patient_refused|no_go|no_go:consent.patient_refused|||adult patient false|{"age":34,"consent":{"patient":false}}
consent.patient_refused|no_go|no_go:consent.patient_refused|||adult guardian only|{"age":34,"consent":{"patient":false,"guardian":true}}
-|go||||adult plain go, no regions|{"age":34,"consent":{"patient":true}}
phobia.needle|no_go|no_go:phobia.needle|||needle phobia|{"age":34,"conditions":["needle_phobia"],"consent":{"patient":true}}
bleeding.disorder|caution|no_go:bleeding.disorder_noncompressible caution:bleeding.disorder|||bleeding disorder|{"age":34,"conditions":["bleeding_disorder"],"consent":{"patient":true}}
bleeding.anticoagulant|caution|no_go:bleeding.anticoagulant_noncompressible caution:bleeding.anticoagulant|||anticoagulant advice compress|{"age":34,"conditions":["anticoagulant"],"consent":{"patient":true}}
bleeding.antiplatelet|caution|caution:bleeding.antiplatelet|||antiplatelet|{"age":34,"conditions":["antiplatelet"],"consent":{"patient":true}}
immune.compromised|caution|caution:immune.compromised|||immunocompromised|{"age":34,"conditions":["immunocompromised"],"consent":{"patient":true}}
immune.autoimmune|caution|caution:immune.autoimmune|||autoimmune|{"age":34,"conditions":["autoimmune"],"consent":{"patient":true}}
diabetes|caution|caution:diabetes|||diabetes|{"age":34,"conditions":["diabetes"],"consent":{"patient":true}}
epilepsy|caution|caution:epilepsy|||epilepsy|{"age":34,"conditions":["epilepsy"],"consent":{"patient":true}}
allergy.metal|caution|caution:allergy.metal|||metal allergy|{"age":34,"conditions":["metal_allergy"],"consent":{"patient":true}}
cognitive.impairment|caution|caution:cognitive.impairment|||cognitive impairment|{"age":70,"conditions":["cognitive_impairment"],"consent":{"patient":true}}
vascular.disease|caution|caution:vascular.disease|||vascular disease|{"age":70,"conditions":["vascular_disease"],"consent":{"patient":true}}
cancer|caution|caution:cancer|||cancer|{"age":60,"conditions":["cancer"],"consent":{"patient":true}}
surgery.recent|caution|caution:surgery.recent|||recent surgery (general)|{"age":50,"conditions":["recent_surgery"],"consent":{"patient":true}}
pregnancy|caution|caution:pregnancy caution:pregnancy.estim|||first trimester|{"age":30,"pregnancy":"first_trimester","consent":{"patient":true}}
pregnancy|caution|caution:pregnancy caution:pregnancy.estim|||second trimester|{"age":30,"pregnancy":"second_trimester","consent":{"patient":true}}
pregnancy|go||||pregnancy none|{"age":30,"pregnancy":"none","consent":{"patient":true}}
hazard_pneumothorax|caution|caution:pregnancy caution:pregnancy.shoulder_top@shoulder_top:B caution:pregnancy.estim caution:hazard_pneumothorax@shoulder_top:B caution:hazard_pneumothorax_bilateral||posterior_neck:B shoulder_top:B|third trimester neck pain, shoulder_top lung|{"age":31,"pregnancy":"third_trimester","planned_regions":["posterior_neck:B","shoulder_top:B"],"consent":{"patient":true}}
pregnancy.region|no_go|no_go:pregnancy.region@lumbar:B caution:pregnancy caution:pregnancy.estim|lumbar:B||pregnant planned lumbar only: every planned region blocked, no_go|{"age":31,"pregnancy":"second_trimester","planned_regions":["lumbar:B"],"consent":{"patient":true}}
pregnancy.region|caution|no_go:pregnancy.region@lumbar:B caution:pregnancy caution:pregnancy.estim|lumbar:B|calf:R|pregnant lumbar+calf: lumbar blocked, calf allowed: caution|{"age":31,"pregnancy":"second_trimester","planned_regions":["lumbar:B","calf:R"],"consent":{"patient":true}}
pregnancy.region|no_go|no_go:pregnancy.region@sacrum:B no_go:pregnancy.region@lower_abdomen:B caution:pregnancy caution:pregnancy.estim|sacrum:B lower_abdomen:B||pregnant sacrum+lower_abdomen+groin|{"age":31,"pregnancy":"third_trimester","planned_regions":["sacrum:B","lower_abdomen:B"],"consent":{"patient":true}}
bleeding.anticoagulant|caution|no_go:bleeding.anticoagulant_noncompressible caution:bleeding.anticoagulant caution:diabetes caution:hazard_pneumothorax@upper_chest:L||calf:R upper_chest:L|elderly warfarin diabetes calf+upper chest|{"age":78,"conditions":["anticoagulant","diabetes"],"planned_regions":["calf:R","upper_chest:L"],"consent":{"patient":true}}
age.minor_guardian|go|||anterior_thigh:R calf:R|15yo athlete both consents thigh calf|{"age":15,"planned_regions":["anterior_thigh:R","calf:R"],"consent":{"patient":true,"guardian":true}}
age.minor_guardian|no_go|no_go:age.minor_guardian|anterior_thigh:R||15yo athlete alone|{"age":15,"planned_regions":["anterior_thigh:R"],"consent":{"patient":true}}
local.lymphedema|caution|no_go:local.lymphedema@anterior_arm:L caution:immune.compromised caution:cancer|anterior_arm:L|posterior_neck:B|chemo immunocompromised lymphedema arm L planned arm L + neck|{"age":55,"conditions":["immunocompromised","cancer"],"local":[{"condition":"lymphedema","region":"anterior_arm:L"}],"planned_regions":["anterior_arm:L","posterior_neck:B"],"consent":{"patient":true}}
local.lymphedema|caution|caution:immune.compromised||anterior_arm:R|lymphedema arm L not planned; planned R arm|{"age":55,"conditions":["immunocompromised"],"local":[{"condition":"lymphedema","region":"anterior_arm:L"}],"planned_regions":["anterior_arm:R"],"consent":{"patient":true}}
epilepsy|caution|caution:epilepsy||posterior_neck:B|epilepsy controlled, neck|{"age":40,"conditions":["epilepsy"],"planned_regions":["posterior_neck:B"],"consent":{"patient":true}}
local.infection|no_go|no_go:local.infection@calf:R|calf:R||local infection in planned calf:R|{"age":40,"local":[{"condition":"infection","region":"calf:R"}],"planned_regions":["calf:R"],"consent":{"patient":true}}
local.infection|go|||calf:R|infection calf:L, planned calf:R|{"age":40,"local":[{"condition":"infection","region":"calf:L"}],"planned_regions":["calf:R"],"consent":{"patient":true}}
local.infection|no_go|no_go:local.infection@calf:R|calf:R||infection calf:B covers planned calf:R|{"age":40,"local":[{"condition":"infection","region":"calf:B"}],"planned_regions":["calf:R"],"consent":{"patient":true}}
local.infection|no_go|no_go:local.infection@calf:B|calf:B||infection calf:R, planned calf (default B)|{"age":40,"local":[{"condition":"infection","region":"calf:R"}],"planned_regions":["calf"],"consent":{"patient":true}}
local.skin_lesion|no_go|no_go:local.skin_lesion@lumbar:B|lumbar:B||skin lesion planned|{"age":40,"local":[{"condition":"skin_lesion","region":"lumbar"}],"planned_regions":["lumbar:B"],"consent":{"patient":true}}
local.recent_surgery|caution|caution:local.recent_surgery@anterior_knee:R||anterior_knee:R|local recent surgery in planned knee|{"age":60,"local":[{"condition":"recent_surgery","region":"anterior_knee:R"}],"planned_regions":["anterior_knee:R"],"consent":{"patient":true}}
local.implant|caution|caution:local.implant@upper_chest:L caution:hazard_pneumothorax@upper_chest:L||upper_chest:L|implant (pacemaker) upper chest L planned|{"age":70,"local":[{"condition":"implant","region":"upper_chest:L"}],"planned_regions":["upper_chest:L"],"consent":{"patient":true}}
local.implant|go|||calf:L|implant not in planned regions|{"age":70,"local":[{"condition":"implant","region":"lateral_hip:R"}],"planned_regions":["calf:L"],"consent":{"patient":true}}
hazard_pneumothorax|caution|caution:hazard_pneumothorax@lateral_chest:R||lateral_chest:R|lung: lateral_chest|{"age":40,"planned_regions":["lateral_chest:R"],"consent":{"patient":true}}
hazard_pneumothorax|caution|caution:hazard_pneumothorax@interscapular:B caution:hazard_pneumothorax_bilateral||interscapular:B|lung: interscapular|{"age":40,"planned_regions":["interscapular:B"],"consent":{"patient":true}}
hazard_pneumothorax|go|||calf:R|no lung: calf|{"age":40,"planned_regions":["calf:R"],"consent":{"patient":true}}
hazard_pneumothorax|go|||lateral_elbow:R|no lung: lateral_elbow|{"age":40,"planned_regions":["lateral_elbow:R"],"consent":{"patient":true}}
hazard_pneumothorax|caution|caution:hazard_pneumothorax@lateral_neck:R||lateral_neck:R|lung: lateral_neck (scalenes)|{"age":40,"planned_regions":["lateral_neck:R"],"consent":{"patient":true}}
phobia.needle|no_go|no_go:phobia.needle no_go:bleeding.disorder_noncompressible no_go:bleeding.anticoagulant_noncompressible caution:bleeding.disorder caution:bleeding.anticoagulant caution:bleeding.antiplatelet caution:immune.compromised caution:immune.autoimmune caution:diabetes caution:epilepsy caution:allergy.metal caution:cognitive.impairment caution:communication.unable caution:vascular.disease caution:cancer caution:surgery.recent|||everything at once|{"age":50,"pregnancy":"none","conditions":["bleeding_disorder","anticoagulant","antiplatelet","immunocompromised","autoimmune","diabetes","epilepsy","needle_phobia","metal_allergy","cognitive_impairment","vascular_disease","cancer","recent_surgery","unable_to_communicate"],"consent":{"patient":true}}
age.minor_guardian|no_go|no_go:age.minor_guardian caution:pregnancy caution:pregnancy.estim|||16yo pregnant no guardian|{"age":16,"pregnancy":"first_trimester","consent":{"patient":true}}
bleeding.anticoagulant|caution|no_go:bleeding.anticoagulant_noncompressible caution:bleeding.anticoagulant||buttock:R|anticoag planned buttock (sciatic)|{"age":65,"conditions":["anticoagulant"],"planned_regions":["buttock:R"],"consent":{"patient":true}}
-|go||||empty arrays|{"age":30,"conditions":[],"local":[],"planned_regions":[],"consent":{"patient":true}}
diabetes|caution|caution:diabetes|||duplicate condition listed once|{"age":30,"conditions":["diabetes","diabetes"],"consent":{"patient":true}}
bleeding.anticoagulant_noncompressible|caution|no_go:bleeding.anticoagulant_noncompressible caution:bleeding.anticoagulant||calf:R anterior_hip:L|warfarin, calf + front of hip: muscles blocked, regions allowed (AHPCSA BN121 3.1.5)|{"age":70,"conditions":["anticoagulant"],"planned_regions":["calf:R","anterior_hip:L"],"consent":{"patient":true}}
bleeding.disorder_noncompressible|caution|no_go:bleeding.disorder_noncompressible caution:bleeding.disorder|||haemophilia: non-compressible muscles blocked (AHPCSA BN121 3.1.5)|{"age":30,"conditions":["bleeding_disorder"],"consent":{"patient":true}}
epilepsy.uncontrolled|no_go|no_go:epilepsy.uncontrolled|||uncontrolled epilepsy: no needling (Advantage Health)|{"age":40,"conditions":["epilepsy_uncontrolled"],"consent":{"patient":true}}
allergy.stainless_steel|no_go|no_go:allergy.stainless_steel|||confirmed nickel allergy: no needling (Advantage Health)|{"age":40,"conditions":["stainless_steel_allergy"],"consent":{"patient":true}}
estim.pacemaker|caution|no_go:estim.pacemaker caution:vascular.disease||calf:L|pacemaker: e-stim refused, manual needling of the calf at caution|{"age":72,"conditions":["pacemaker","vascular_disease"],"planned_regions":["calf:L"],"consent":{"patient":true}}
pregnancy.region|caution|no_go:pregnancy.region@anterior_hip:R caution:pregnancy caution:pregnancy.estim|anterior_hip:R|calf:R|pregnant, front of hip (iliacus) blocked (Myopain Seminars)|{"age":29,"pregnancy":"second_trimester","planned_regions":["anterior_hip:R","calf:R"],"consent":{"patient":true}}
pregnancy.shoulder_top|caution|caution:pregnancy caution:pregnancy.shoulder_top@shoulder_top:L caution:pregnancy.estim caution:hazard_pneumothorax@shoulder_top:L||shoulder_top:L|pregnant, top of the shoulder (GB21) caution (Goldfields)|{"age":29,"pregnancy":"first_trimester","planned_regions":["shoulder_top:L"],"consent":{"patient":true}}
local.lymph_node_removal|caution|caution:local.lymph_node_removal@anterior_arm:L caution:local.lymph_node_removal@dorsal_forearm:L||anterior_arm:L dorsal_forearm:L anterior_arm:R|axillary dissection L: left arm caution, right arm not (AHPCSA BN121 3.2.4)|{"age":58,"local":[{"condition":"lymph_node_removal","region":"axilla:L"}],"planned_regions":["anterior_arm:L","dorsal_forearm:L","anterior_arm:R"],"consent":{"patient":true}}
TABLE
[ "$n" -ge 55 ] || fail "only $n cases ran"

# The advice a clinician acts on, as the issue words it.
detail() { json_get "[r['detail'] for r in j['reasons'] if r['rule'] == '$1'][0]"; }
run_in '{"age":10,"consent":{"patient":true}}' "$TDN" screen --json -
detail age.under_12 | grep -q "guardian's consent is not recorded" || fail "age.under_12 guardian"
run_in '{"age":78,"conditions":["anticoagulant"],"planned_regions":["calf:R"],"consent":{"patient":true}}' \
    "$TDN" screen --json -
detail bleeding.anticoagulant | grep -q "needle only muscles that can be compressed" ||
    fail "bleeding.anticoagulant: compressible"
detail bleeding.anticoagulant | grep -q "pressure after withdrawal" ||
    fail "bleeding.anticoagulant: pressure"
detail bleeding.anticoagulant_noncompressible | grep -q "at the planned regions: tibialis_posterior" ||
    fail "bleeding.anticoagulant_noncompressible: names tibialis_posterior"
json_get "' '.join(j['blocked_muscles'])" | grep -qw iliopsoas || fail "blocked_muscles: iliopsoas"
json_get "' '.join(j['blocked_muscles'])" | grep -qw gastrocnemius && fail "blocked_muscles: gastrocnemius"
run_in '{"age":78,"conditions":["antiplatelet"],"planned_regions":["lateral_elbow:R"],"consent":{"patient":true}}' \
    "$TDN" screen --json -
detail bleeding.antiplatelet | grep -q "(take extra care): none\.$" || fail "bleeding.antiplatelet: none"
run_in '{"age":30,"pregnancy":"third_trimester","consent":{"patient":true}}' "$TDN" screen --json -
detail pregnancy | grep -q "abdomen, lumbar, sacral or pelvic" || fail "pregnancy: regions"
detail pregnancy | grep -q "side-lying" || fail "pregnancy: position"
run_in '{"age":30,"planned_regions":["chest:L"],"consent":{"patient":true}}' "$TDN" screen --json -
detail hazard_pneumothorax | grep -q "depth to the pleura" || fail "hazard_pneumothorax: depth"
detail hazard_pneumothorax | grep -q "directed away from the lung" || fail "hazard_pneumothorax: direction"
run_in '{"age":70,"local":[{"condition":"implant","region":"upper_chest:L"}],"planned_regions":["upper_chest:L"],"consent":{"patient":true}}' \
    "$TDN" screen --json -
detail local.implant | grep -q "no electrical stimulation" || fail "local.implant: pacemaker"
pass
