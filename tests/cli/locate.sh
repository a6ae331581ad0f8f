#!/bin/sh
# CLI tests of the knowledge-base commands: locate, muscle, regions,
# conditions, --kb, and every error path (exit code and message).
. "$(dirname "$0")/lib.sh"

# The acceptance example: upper trapezius first or second, with reasons.
run "$TDN" locate temple:R posterior_neck:R
expect_rc 0
expect_out "upper_trapezius"
expect_out "essential zone"
run "$TDN" locate --json --limit 2 temple:R posterior_neck:R
expect_rc 0
printf '%s' "$OUT" | grep -q '"candidates"' || fail "json has candidates"
first_two=$(printf '%s' "$OUT" | grep '"muscle"' | head -2)
printf '%s' "$first_two" | grep -q upper_trapezius || fail "upper_trapezius in top 2: $first_two"
[ "$(printf '%s' "$OUT" | grep -c '"muscle"')" -eq 2 ] || fail "--limit 2 gives 2 candidates"
printf '%s' "$OUT" | grep -q '"side": "R"' || fail "side R kept"

run "$TDN" locate --condition plantar_fasciitis heel:L
expect_rc 0
expect_out "soleus"
# a condition by its ICD-10-CM code, its name or a common alias gives the same prior
run "$TDN" locate --json --condition plantar_fasciitis --limit 3 heel:L
want=$OUT
for name in M72.2 "Plantar fasciitis" plantar_heel_pain; do
    run "$TDN" locate --json --condition "$name" --limit 3 heel:L
    expect_rc 0
    [ "$OUT" = "$want" ] || fail "--condition '$name' differs from plantar_fasciitis"
done
run "$TDN" locate --condition tenis_elbow lateral_elbow:R
expect_rc 1
expect_err "did you mean 'tennis_elbow'?"

run "$TDN" locate tempel:R
expect_rc 1
expect_err "unknown region 'tempel' (did you mean 'temple'?)"
run "$TDN" locate temple:Q
expect_rc 1
expect_err "side"
run "$TDN" locate temple:R=12
expect_rc 1
expect_err "intensity"
run "$TDN" locate
expect_rc 1
expect_err "at least one pain region"
run "$TDN" locate --limit 0 temple:R
expect_rc 1
expect_err "--limit"
run "$TDN" locate --condition migrane temple:R
expect_rc 1
expect_err "did you mean 'migraine'"
run "$TDN" locate --bogus temple:R
expect_rc 1
expect_err "unknown option"

run "$TDN" muscle upper_trapezius
expect_rc 0
expect_out "essential zone:"
expect_out "lung"
# A muscle with one pattern per division shows them apart, never a raw '|'.
run "$TDN" muscle sternocleidomastoid
expect_rc 0
expect_out "sternal: orbit"
expect_out "; clavicular: forehead:B, ear_tmj"
printf '%s' "$OUT" | grep -q '|' && fail "raw | in muscle output"
run "$TDN" muscle --json sternocleidomastoid
expect_out '"label": "clavicular"'
run "$TDN" locate --json --limit 1 forehead:L ear_tmj:L
expect_out '"pattern": "clavicular"'
run "$TDN" locate forehead:L ear_tmj:L
expect_out "best matching pattern: clavicular"
run "$TDN" muscle --json subscapularis
expect_rc 0
expect_out '"palpable": false'
run "$TDN" muscle upper_trapezuis
expect_rc 1
expect_err "did you mean 'upper_trapezius'"
run "$TDN" muscle
expect_rc 1

run "$TDN" regions
expect_rc 0
expect_out "posterior_neck"
run "$TDN" regions --json
expect_rc 0
expect_out '"code": "heel"'
run "$TDN" regions extra
expect_rc 1

run "$TDN" conditions
expect_rc 0
expect_out "M72.2"
expect_out "tennis_elbow"

# --kb: an edited copy is used, and a bad row is reported as file:line: field.
kb="$WORK/kb"
mkdir -p "$kb"
cp "$TDN_SOURCE_DIR"/data/muscles.tsv "$TDN_SOURCE_DIR"/data/conditions.tsv "$kb/"
run "$TDN" --kb "$kb" locate heel:L
expect_rc 0
sed '3s/\tflat\t/\tgrip\t/; 3s/\tpincer\t/\tgrip\t/' "$TDN_SOURCE_DIR"/data/muscles.tsv > "$kb/muscles.tsv"
run "$TDN" --kb "$kb" locate heel:L
expect_rc 1
expect_err "muscles.tsv:3: palpation: 'grip' must be pincer or flat"
run "$TDN" --kb "$WORK/nowhere" locate heel:L
expect_rc 1
expect_err "--kb: cannot open directory"

# --palpated: + puts the muscle first, - moves it below every unpalpated
# candidate that explains as many drawn regions; without findings tdn says
# which trigger point sites to palpate first (in words).
run "$TDN" locate temple:R posterior_neck:R shoulder_top:R --limit 5
expect_rc 0
expect_out "Palpate first:"
expect_out "to tell Levator scapulae from Upper trapezius: palpate shoulder blade / top of the shoulder"
run "$TDN" locate --json temple:R posterior_neck:R shoulder_top:R --limit 5
[ "$(json_get 'j["candidates"][0]["muscle"]')" = levator_scapulae ] || fail "levator first"
[ "$(json_get 'len(j["palpate_first"])')" = 2 ] || fail "two hints"
run "$TDN" locate --json temple:R posterior_neck:R shoulder_top:R --limit 5 \
    --palpated levator_scapulae:R=-
expect_rc 0
[ "$(json_get 'j["candidates"][0]["muscle"]')" = upper_trapezius ] || fail "- moves levator down"
# lower trapezius explains posterior_neck and shoulder_top too (spillover)
[ "$(json_get '[c["muscle"] for c in j["candidates"]].index("levator_scapulae")')" = 3 ] ||
    fail "levator just below lower_trapezius"
[ "$(json_get 'j["candidates"][3]["palpated"]')" = "-" ] || fail "palpated -"
[ "$(json_get 'j["palpate_first"]')" = "[]" ] || fail "no hints with findings"
run "$TDN" locate --json temple:R posterior_neck:R shoulder_top:R --limit 5 \
    --palpated splenius_cervicis=+ --palpated levator_scapulae:L=-
[ "$(json_get 'j["candidates"][0]["muscle"]')" = splenius_cervicis ] || fail "+ first"
[ "$(json_get 'j["candidates"][1]["muscle"]')" = levator_scapulae ] || fail "- on the left only"
run "$TDN" locate temple:R --palpated upper_trapezus:R=+
expect_rc 1
expect_err "palpated: unknown muscle 'upper_trapezus' (did you mean 'upper_trapezius'?)"
run "$TDN" locate temple:R --palpated upper_trapezius:R=yes
expect_rc 1
expect_err "palpated: 'upper_trapezius:R=yes' is not MUSCLE[:SIDE]=+ or MUSCLE[:SIDE]=-"

run "$TDN" frobnicate
expect_rc 1
expect_err "unknown command"
run "$TDN" --help
expect_rc 0
pass
