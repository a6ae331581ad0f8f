#!/bin/sh
# CLI tests of the needling session (issue 5): a full deep session and a full
# superficial session checked against the expected note, CPT code and
# handout; the acceptance path (upper trapezius and levator scapulae on the
# right, deep, one needle left in: close refused naming it, withdraw, close,
# note with CPT 20560 and a handout); thorax safety, overrides, e-stim, a
# broken needle; events out of order exit 1 and change nothing.
. "$(dirname "$0")/lib.sh"
export TDN_USER=drsmith
BASE=1795430000 # 2026-11-23 10:33:20 UTC
at() { TDN_NOW=$((BASE + $1)); export TDN_NOW; }
at 0

# What a refused event must leave alone: the session row and everything in it
# (the audit grows by the read, so it is not part of the fingerprint).
fingerprint() {
    db_sql "SELECT state, rev, coalesce(cpt,'') FROM session WHERE id = $1;
      SELECT number || state || ltr_count || redirections || rounds || dwell_s
        FROM needle WHERE session_id = $1 ORDER BY number;
      SELECT count(*) FROM adverse_event WHERE session_id = $1;
      SELECT count(*) FROM session_override WHERE session_id = $1;"
}
# refused EXPECTED-MESSAGE SESSION CMD...: exit 1, the message, nothing changed.
refused() {
    want=$1
    sid=$2
    shift 2
    before=$(fingerprint "$sid")
    run "$@"
    expect_rc 1
    expect_err "$want"
    [ "$(fingerprint "$sid")" = "$before" ] || fail "a refused event changed session $sid"
}
# screened_patient NAME: a patient with consent and a `go` screening; prints the id.
screened_patient() {
    pid=$("$TDN" patient add --name "$1" --birth 1980-05-01) || exit 2
    "$TDN" consent record --patient "$pid" --by patient >/dev/null || exit 2
    printf '{"age":46,"planned_regions":["posterior_neck:R","calf:L"],"consent":{"patient":true}}' |
        "$TDN" screening record --patient "$pid" - >/dev/null || exit 2
    echo "$pid"
}

run "$TDN" init
expect_rc 0

# ---- the acceptance path: deep, right upper trapezius and levator scapulae ----
P=$(screened_patient "Ada Lovelace")
run "$TDN" episode open --patient "$P" --condition neck_pain --plan "exercise,stretching"
expect_rc 0
E=$OUT
run "$TDN" session open --json --patient "$P" --episode "$E"
expect_rc 0
[ "$(json_get 'j["state"]')" = screened ] || fail "session opens screened"
S=$(json_get 'j["id"]')
run "$TDN" painmap add --session "$S" temple:R=5 posterior_neck:R=6
expect_rc 0
run "$TDN" finding add --session "$S" --muscle upper_trapezius --side R --type active --taut-band --spot --referred
expect_rc 0
run "$TDN" measure add --session "$S" --phase pre --kind nprs --site posterior_neck --side R --value 6
expect_rc 0

at 60
run "$TDN" needle in --session "$S" --muscle upper_trapezius --side R --technique deep --guide-tube --palpation pincer --gauge 0.25 --length 40
expect_rc 0
expect_out "needle 1 in: upper_trapezius R deep"
expect_out "WARNING: hazard lung (upper_trapezius R): pneumothorax risk, needle length 40 mm"
at 90
run "$TDN" needle in --json --session "$S" --muscle levator_scapulae --side R --technique deep --guide-tube --palpation flat --gauge 0.25 --length 40
expect_rc 0
[ "$(json_get 'j["needle"]["number"]')" = 2 ] || fail "second needle is #2"
[ "$(json_get 'j["ledger"]["in"]')" = 2 ] || fail "two needles in"
expect_out "hazard lung (levator_scapulae R)"
at 100
run "$TDN" needle ltr --session "$S" --needle 1
expect_rc 0
run "$TDN" needle ltr --session "$S" --needle 1
expect_out "LTRs 2, redirections 0"
run "$TDN" needle redirect --session "$S" --needle 1
expect_out "LTRs 2, redirections 1"

# Timers: deep needles are due at 15 minutes in situ (protocol.deep_dwell_max).
at 700
run "$TDN" session due --json "$S"
expect_rc 0
[ "$(json_get 'j["due"][0]["remaining_s"]')" = 260 ] || fail "needle 1 due in 260 s"
[ "$(json_get 'j["due"][0]["rule"]')" = protocol.deep_dwell_max ] || fail "deep dwell rule"
[ "$(json_get 'j["due"][0]["due"]')" = False ] || fail "not yet due"
at 960
run "$TDN" session due "$S"
expect_out "DUE  #1 upper_trapezius R deep: 15 min in situ reached, withdraw now (over by 0:00)"
expect_out "#2 levator_scapulae R deep: in situ, withdraw in 0:30 (15 min limit)"

run "$TDN" needle out --session "$S" --needle 1
expect_rc 0
expect_out "ledger 1 in, 1 out, 0 broken of 2 inserted"
# One needle left in: close is refused and names it; nothing changes.
at 1000
refused "close: refused, 1 needle still in" "$S" "$TDN" session close "$S"
expect_err "#2 levator_scapulae R in since 10:34:50 UTC (15 min)"
refused "abort: refused, 1 needle still in" "$S" "$TDN" session abort "$S" --reason "patient felt faint"
# Out of order: a needle that is out, a needle that does not exist.
refused "withdraw: refused, needle #1 (upper_trapezius R) is out, not in" "$S" "$TDN" needle out --session "$S" --needle 1
refused "ltr: refused, needle #1 (upper_trapezius R) is out" "$S" "$TDN" needle ltr --session "$S" --needle 1
refused "needle: no needle #7 in this session" "$S" "$TDN" needle out --session "$S" --needle 7
refused "reinsert: refused, needle #1 is deep" "$S" "$TDN" needle reinsert --session "$S" --needle 1
refused "muscle: unknown muscle 'upper_trapezuis' (did you mean 'upper_trapezius'?)" "$S" "$TDN" needle in --session "$S" --muscle upper_trapezuis --side R --technique deep
run "$TDN" session show "$S"
expect_out "session $S: needling; ledger 2 inserted = 1 out + 0 broken + 1 in"
expect_out "STILL IN"

at 1020
run "$TDN" needle out --session "$S" --needle 2
expect_rc 0
expect_out "session $S: needles_out"
run "$TDN" measure add --session "$S" --phase post --kind nprs --site posterior_neck --side R --value 3
expect_rc 0
at 1080
run "$TDN" session close "$S"
expect_rc 0
expect_out "session $S closed: CPT 20560 (Needle insertion(s) without injection(s); 1 or 2 muscle(s); 2 distinct muscles, 2 needles)"
expect_out "tdn handout $S"
# Closed: no more events, not twice.
refused "close: refused, the session is already closed" "$S" "$TDN" session close "$S"
refused "insert: refused, the session is already closed" "$S" "$TDN" needle in --session "$S" --muscle upper_trapezius --side R --technique deep
refused "withdraw: refused, the session is already closed" "$S" "$TDN" needle out --session "$S" --needle 2

run "$TDN" session note "$S"
expect_rc 0
expect_out "SESSION NOTE 2026-11-23, opened 10:33:20 UTC, closed 10:51:20 UTC"
expect_out "Screening of 2026-11-23: go"
expect_out "Pain map: Temple, right 5/10; Back of the neck, right 6/10"
expect_out "Upper trapezius, right: active trigger point, taut band, hyperirritable spot, referred pain reproduced"
expect_out "Pain (NPRS), back of the neck, right: pre 6/10 post 3/10 (change -3)"
expect_out "Needling: 2 needles in 2 muscles"
expect_out "#1 deep, guide tube, pincer palpation, needle 0.25 x 40 mm; in 10:34:20 UTC, out 10:49:20 UTC; dwell 15 min 0 s; LTRs 2, redirections 1"
expect_out "#2 deep, guide tube, flat palpation, needle 0.25 x 40 mm"
expect_out "hazards: lung, spinal accessory nerve (longest needle 40 mm)"
expect_no_out "upper_trapezius"
expect_no_out "posterior_neck"
expect_out "Ledger: 2 inserted = 2 withdrawn + 0 broken + 0 still in"
expect_out "Adverse events: none"
expect_out "Plan of care: exercise, stretching"
expect_out "CPT 20560: Needle insertion(s) without injection(s); 1 or 2 muscle(s) (2 distinct muscles)"
expect_no_out "billing.cpt"
expect_out "ICD-10-CM M54.2: Neck pain"
expect_no_out "DRAFT"
run "$TDN" session note --json "$S"
[ "$(json_get 'j["final"]')" = True ] || fail "the closed note is final"

run "$TDN" handout "$S"
expect_rc 0
expect_out "After your dry needling session on 2026-11-23"
expect_out "  - Right upper trapezius (top of the shoulder, back of the neck)"
expect_out "  - Right levator scapulae (back of the neck, shoulder blade)"
expect_out "Deep dry needling"
expect_out "Drink plenty of water"
expect_out "warm shower"
expect_out "light stretching and gentle movement within your new, easier range"
expect_out "loose, comfortable clothing"
expect_out "No intense exercise, heavy lifting"
expect_out "24 to 48 hours"
expect_out "fever"
expect_out "short of breath"
expect_out "pneumothorax"
expect_no_out "Superficial dry needling"
run "$TDN" handout --json "$S"
[ "$(json_get 'j["kind"]["lung"]')" = True ] || fail "lung-field session"
[ "$(json_get 'j["sections"][-1]["id"]')" = urgent ] || fail "urgent care last"
run "$TDN" handout --html "$S"
expect_out '<section class="handout-urgent">'
run "$TDN" audit --patient "$P"
expect_out "closed, CPT 20560"
expect_out "needle in #1 upper_trapezius R deep"

# ---- a full superficial session: 30 s, withdraw, reassess, 2 min ----------
at 2000
# a screening_valid_days that is not a number (a hand edit) is ignored on
# both backends: the session opens under the protocol's default
db_sql "UPDATE setting SET value = 'thirty' WHERE key = 'screening_valid_days'"
run "$TDN" session open --patient "$P"
expect_rc 0
S2=$OUT
db_sql "UPDATE setting SET value = '30' WHERE key = 'screening_valid_days'"
run "$TDN" needle in --session "$S2" --muscle gastrocnemius --side L --technique superficial --guide-tube --palpation pincer --gauge 0.16 --length 30
expect_rc 0
expect_out "WARNING: hazard nerve:tibial (gastrocnemius L)"
expect_no_out "hazard lung"
at 2010
run "$TDN" session due --json "$S2"
[ "$(json_get 'j["due"][0]["kind"]')" = superficial_first ] || fail "first round timer"
[ "$(json_get 'j["due"][0]["remaining_s"]')" = 20 ] || fail "20 s left of 30"
refused "protocol.superficial_no_ltr" "$S2" "$TDN" needle ltr --session "$S2" --needle 1
refused "redirect: refused, needle #1 is superficial" "$S2" "$TDN" needle redirect --session "$S2" --needle 1
at 2030
run "$TDN" session due "$S2"
expect_out "DUE  #1 gastrocnemius L superficial: round 1 done, withdraw and reassess; still sensitive: reinsert for round 2 (over by 0:00)"
run "$TDN" needle out --session "$S2" --needle 1
expect_out "round 1"
at 2045
run "$TDN" needle reinsert --session "$S2" --needle 1
expect_rc 0
expect_out "needle 1 reinserted: gastrocnemius L superficial, round 2"
run "$TDN" session due --json "$S2"
[ "$(json_get 'j["due"][0]["kind"]')" = superficial_second ] || fail "second round timer"
[ "$(json_get 'j["due"][0]["remaining_s"]')" = 120 ] || fail "2 minutes"
run "$TDN" session due "$S2"
expect_out "#1 gastrocnemius L superficial: round 2, withdraw and reassess in 2:00"
at 2165
run "$TDN" needle out --session "$S2" --needle 1
run "$TDN" session close --json "$S2"
expect_rc 0
[ "$(json_get 'j["cpt"]["code"]')" = 20560 ] || fail "one muscle: 20560"
run "$TDN" session note "$S2"
expect_out "#1 superficial, guide tube, pincer palpation, needle 0.16 x 30 mm"
expect_out "dwell 2 min 30 s; 2 rounds"
expect_out "CPT 20560"
run "$TDN" handout "$S2"
expect_out "Left gastrocnemius (calf, back of the knee)"
expect_out "Superficial dry needling"
expect_out "24 to 48 hours"
expect_no_out "Deep dry needling"
expect_no_out "pneumothorax"

# ---- thorax: both sides of the lung field need an override (safety.bilateral_lung)
at 3000
run "$TDN" session open --patient "$P"
S3=$OUT
run "$TDN" needle in --session "$S3" --muscle upper_trapezius --side R --technique deep --length 25
expect_rc 0
refused "insert: refused (safety.bilateral_lung)" "$S3" "$TDN" needle in --session "$S3" --muscle upper_trapezius --side L --technique deep --length 25
run "$TDN" needle in --session "$S3" --muscle upper_trapezius --side L --technique deep --length 25 --override "bilateral spasm, needled flat over the ribs"
expect_rc 0
expect_out "WARNING: override of safety.bilateral_lung recorded"
run "$TDN" needle in --session "$S3" --muscle infraspinatus --side R --technique deep
expect_rc 0
expect_out "WARNING: protocol.unplanned_region: no trigger point site of infraspinatus R is among the regions the screening assessed"
# e-stim through a needle, and a broken needle (needs an incident note)
run "$TDN" needle estim --session "$S3" --needle 3 --freq 2 --pulse 250 --duration 600 --intensity "strong but comfortable"
expect_rc 0
run "$TDN" session due "$S3"
expect_out "#3 infraspinatus R deep: e-stim ends in 10:00"
refused "freq: frequency in Hz from 0.5 to 250" "$S3" "$TDN" needle estim --session "$S3" --needle 3 --freq 900 --pulse 250 --duration 600 --intensity x
refused "--incident: required" "$S3" "$TDN" needle broken --session "$S3" --needle 3 --severity mild
run "$TDN" needle broken --session "$S3" --needle 3 --severity moderate --incident "shaft broke at the hub, fragment removed with forceps"
expect_rc 0
expect_out "ledger 2 in, 0 out, 1 broken of 3 inserted"
at 3100
run "$TDN" needle out --session "$S3" --needle 1
run "$TDN" needle out --session "$S3" --needle 2
run "$TDN" session close "$S3"
expect_rc 0
expect_out "CPT 20560"
expect_out "2 distinct muscles, 3 needles"
run "$TDN" session note "$S3"
expect_out "Needled over the lung field on both sides at needle #2: \"bilateral spasm, needled flat over the ribs\""
expect_no_out "safety.bilateral_lung"
expect_out "Needle breakage (moderate)"
expect_out "BROKEN"
expect_out "e-stim 2 Hz, 250 us, 600 s, intensity: strong but comfortable"
expect_out "Ledger: 3 inserted = 2 withdrawn + 1 broken + 0 still in"
run "$TDN" handout "$S3"
expect_out "Electrical stimulation"

# ---- three distinct muscles: 20561 ---------------------------------------------
at 4000
run "$TDN" session open --patient "$P"
S4=$OUT
for m in upper_trapezius levator_scapulae splenius_capitis; do
    run "$TDN" needle in --session "$S4" --muscle $m --side R --technique superficial
    expect_rc 0
done
for n in 1 2 3; do run "$TDN" needle out --session "$S4" --needle $n; done
run "$TDN" session close --json "$S4"
[ "$(json_get 'j["cpt"]["code"]')" = 20561 ] || fail "three muscles: 20561"
[ "$(json_get 'j["distinct_muscles"]')" = 3 ] || fail "3 distinct muscles"

# ---- no screening on record: needling needs an override (protocol.screening) ---
run "$TDN" patient add --name "Bob Unscreened" --birth 1975-03-03
P2=$OUT
run "$TDN" session open --patient "$P2"
expect_rc 0
S5=$OUT
expect_err "session $S5 is open but not screened: no consent on record"
refused "insert: refused (protocol.screening)" "$S5" "$TDN" needle in --session "$S5" --muscle gastrocnemius --side R --technique deep
refused "reason: required" "$S5" "$TDN" session abort "$S5"
run "$TDN" session abort "$S5" --reason "no consent form signed; rebooked"
expect_rc 0
refused "insert: refused, the session is already aborted" "$S5" "$TDN" needle in --session "$S5" --muscle gastrocnemius --side R --technique deep --override x
run "$TDN" session note "$S5"
expect_out "Aborted: no consent form signed; rebooked"
run "$TDN" handout "$S5"
expect_rc 1
expect_err "no needle was inserted"

# ---- regions the screening blocked refuse needling (protocol.blocked_region) ----
run "$TDN" patient add --name "Eve Expecting" --birth 1990-01-01
P3=$OUT
run "$TDN" consent record --patient "$P3" --by patient
printf '{"age":36,"pregnancy":"second_trimester","planned_regions":["lumbar:B","posterior_neck:R"],"consent":{"patient":true}}' >eve.json
run "$TDN" screening record --patient "$P3" eve.json
expect_rc 0
run "$TDN" session open --json --patient "$P3"
[ "$(json_get 'j["state"]')" = screened ] || fail "a caution screening opens screened"
[ "$(json_get '"lumbar:B" in j["blocked"]')" = True ] || fail "pregnancy blocks lumbar:B"
S6=$(json_get 'j["id"]')
refused "insert: refused (protocol.blocked_region): the screening blocked lumbar:L, a trigger point site of iliocostalis_lumborum" "$S6" "$TDN" needle in --session "$S6" --muscle iliocostalis_lumborum --side L --technique deep
run "$TDN" needle in --session "$S6" --muscle upper_trapezius --side R --technique superficial
expect_rc 0
expect_no_out "unplanned_region"
# pregnancy.estim: e-stim is allowed, and the caution comes with it
run "$TDN" needle estim --session "$S6" --needle 1 --freq 2 --pulse 250 --duration 300 --intensity "mild"
expect_rc 0
expect_out "WARNING: pregnancy.estim: Pregnant: avoid strong electrical stimulation"
run "$TDN" needle out --session "$S6" --needle 1
run "$TDN" session close "$S6"
expect_rc 0

# A local contraindication blocks every muscle with a trigger point site there
# (gastrocnemius also has one behind the knee); lymphoedema blocks the limb.
run "$TDN" patient add --name "Lou Limb" --birth 1960-05-05
P4=$OUT
run "$TDN" consent record --patient "$P4" --by patient
printf '{"age":66,"local":[{"condition":"infection","region":"calf:R"},{"condition":"lymphedema","region":"volar_forearm:L"}],"planned_regions":["calf:R","calf:L","posterior_neck:R"],"consent":{"patient":true}}' >lou.json
run "$TDN" screening record --patient "$P4" lou.json
expect_rc 0
run "$TDN" session open --json --patient "$P4"
S7=$(json_get 'j["id"]')
refused "the screening blocked calf:R, a trigger point site of gastrocnemius" "$S7" "$TDN" needle in --session "$S7" --muscle gastrocnemius --side R --technique deep
refused "the screening blocked thenar:L, a trigger point site of opponens_pollicis" "$S7" "$TDN" needle in --session "$S7" --muscle opponens_pollicis --side L --technique superficial
run "$TDN" needle in --session "$S7" --muscle gastrocnemius --side L --technique deep
expect_rc 0
run "$TDN" needle in --session "$S7" --muscle gastrocnemius --side R --technique deep --override "needled at the posterior knee, 10 cm from the infected calf"
expect_rc 0
run "$TDN" needle out --session "$S7" --needle 1
run "$TDN" needle out --session "$S7" --needle 2
run "$TDN" session close "$S7"
expect_rc 0
run "$TDN" session note "$S7"
expect_out "needled at the posterior knee, 10 cm from the infected calf"

# ---- estim.pacemaker: needling at caution, e-stim through the needles refused ----
P5=$("$TDN" patient add --name "Otto Paced" --birth 1948-02-02) || fail "patient add"
"$TDN" consent record --patient "$P5" --by patient >/dev/null || fail "consent"
printf '{"age":78,"conditions":["pacemaker"],"planned_regions":["calf:L"],"consent":{"patient":true}}' |
    "$TDN" screening record --patient "$P5" - >/dev/null || fail "screening"
run "$TDN" session open --json --patient "$P5"
expect_rc 0
[ "$(json_get 'j["state"]')" = screened ] || fail "a pacemaker leaves manual needling open"
S8=$(json_get 'j["id"]')
run "$TDN" needle in --session "$S8" --muscle gastrocnemius --side L --technique deep
expect_rc 0
refused "estim: refused: the screening forbids electrical stimulation for this patient (estim.pacemaker)" "$S8" "$TDN" needle estim --session "$S8" --needle 1 --freq 2 --pulse 250 --duration 600 --intensity mild
run "$TDN" needle out --session "$S8" --needle 1
expect_rc 0

# ---- bad usage --------------------------------------------------------------
run "$TDN" needle in --session "$S4" --muscle upper_trapezius --side X --technique deep
expect_rc 1
expect_err "--side: 'X' must be L or R"
run "$TDN" needle out --session 999 --needle 1
expect_rc 1
expect_err "session: no session with id 999"
run "$TDN" needle out --session abc --needle 1
expect_rc 1
expect_err "--session: 'abc' is not a record id"
run "$TDN" session due
expect_rc 1
expect_err "session due: give the session id"
pass
