# build_record.sh — sourced by the FHIR tests: builds, through the CLI, a
# record with every kind of entry tdn exports (consent by patient and by
# guardian, a screening with reasons, an episode with an ICD-10-CM code and
# one without, sessions closed, aborted and still open, needles on muscles
# with and without a SNOMED CT code on both sides, LTRs, a redirection, a
# broken needle, findings, every kind of measure, adverse events).
# Needs $TDN and a store (tdn init done); sets P (patient) and P2 (minor);
# the sessions' clinician drsmith is a user.
export TDN_USER="${TDN_USER:-drsmith}"
export TDN_NOW="${TDN_NOW:-1795430000}"
t() { "$TDN" "$@" >/dev/null || { echo "FAIL: tdn $*" >&2; exit 1; }; }
printf 'needle-ledger-2026\n' | "$TDN" user add --username drsmith --role clinician \
    --display "Jane Smith" --password-stdin >/dev/null || exit 1
"$TDN" user set drsmith --display "Jane Smith" --credentials "PT, DPT" >/dev/null || exit 1
P=$("$TDN" patient add --name "Ada King Lovelace" --birth 1980-05-01 --sex F) || exit 1
P2=$("$TDN" patient add --name "Kit Young" --birth 2012-03-04) || exit 1
t consent record --patient "$P" --by patient
t consent record --patient "$P2" --by guardian
printf '{"age":46,"conditions":["anticoagulant"],"consent":{"patient":true}}' |
    "$TDN" screening record --patient "$P" - >/dev/null || exit 1
E=$("$TDN" episode open --patient "$P" --condition neck_pain --goal "Turn the head to drive") || exit 1
S1=$("$TDN" session open --patient "$P" --episode "$E") || exit 1
t finding add --session "$S1" --muscle upper_trapezius --side L --type active --taut-band --spot --ltr --referred
t finding add --session "$S1" --muscle levator_scapulae --side R --type latent --taut-band
t measure add --session "$S1" --phase pre --kind nprs --site shoulder_top:L --value 7
t measure add --session "$S1" --phase pre --kind ppt --site upper_trapezius:L --value 2.5
t measure add --session "$S1" --phase pre --kind rom --site cervical_rotation:L --value 55 --motion active
t measure add --session "$S1" --phase pre --kind psfs --site "reversing the car" --value 3
t needle in --session "$S1" --muscle upper_trapezius --side L --technique deep
t needle ltr --session "$S1" --needle 1
t needle ltr --session "$S1" --needle 1
t needle redirect --session "$S1" --needle 1
t needle in --session "$S1" --muscle levator_scapulae --side L --technique deep
t needle in --session "$S1" --muscle deltoid --side R --technique superficial
t needle out --session "$S1" --needle 1
t needle out --session "$S1" --needle 3
t needle broken --session "$S1" --needle 2 --incident "tip left in the muscle, removed with forceps" --severity moderate
t ae add --session "$S1" --kind soreness --severity mild --action "heat" --resolved
t measure add --session "$S1" --phase post --kind nprs --site shoulder_top:L --value 3
t session close "$S1"
S2=$("$TDN" session open --patient "$P" --episode "$E") || exit 1
t needle in --session "$S2" --muscle gastrocnemius --side L --technique deep
t needle out --session "$S2" --needle 1
t session abort "$S2" --reason "patient felt faint"
t ae add --session "$S2" --kind syncope --severity significant --action "supine, legs raised"
t ae add --session "$S2" --kind other --severity serious --action "admitted to hospital for observation"
E2=$("$TDN" episode open --patient "$P2" --condition myofascial_pain) || exit 1
S3=$("$TDN" session open --patient "$P2" --episode "$E2" 2>/dev/null) || exit 1
t measure add --session "$S3" --phase followup --kind nprs --site lumbar:B --value 4
