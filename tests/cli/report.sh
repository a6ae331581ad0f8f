#!/bin/sh
# CLI test of the practice-based evidence reports (issue 11) on a known clinic
# built through the CLI: 5 patients with a migraine episode, 4 sessions each
# (20 treatments, 2 needles each, right upper trapezius only), NPRS 6 -> 3 at
# the temple each session, PPT on both sides (right 2 -> 3, left 2 -> 2 + k/10
# for patient k), bruising in 3 sessions. Every figure is checked; reference
# values from scipy (Debian python3-scipy):
#   python3 -c "from scipy import stats; r=stats.binomtest(K,N).proportion_ci(0.95,
#     method='wilson'); print(r.low, r.high)"   3/20 -> 5.2369 %, 36.0419 %;
#     0/20 -> 16.1125 %; 3/40 needles -> 25.836, 198.642 per 1,000; 20/20 -> 83.8875 %;
#     5/5 -> 56.5518 %;  1-0.05**(1/20) -> 13.9108 %
#   d=[0.9,0.8,0.7,0.6,0.5]: mean 0.7, t CI 0.503676-0.896324 (stats.t.ppf(0.975,4)),
#     stats.wilcoxon(d, correction=False, method='approx') -> p 0.043114
. "$(dirname "$0")/lib.sh"
export TDN_USER=drsmith
export TDN_NOW=1795430000
run "$TDN" init
expect_rc 0
near() { python3 -c "import sys; sys.exit(0 if abs(($1) - ($2)) < 1e-3 else 1)" || fail "$3: $1, expected $2"; }

for k in 1 2 3 4 5; do
    P=$("$TDN" patient add --name "Patient $k" --birth 1980-05-0$k) || exit 2
    "$TDN" consent record --patient "$P" --by patient >/dev/null || exit 2
    printf '{"age":46,"consent":{"patient":true}}' | "$TDN" screening record --patient "$P" - >/dev/null || exit 2
    E=$("$TDN" episode open --patient "$P" --condition migraine) || exit 2
    for v in 1 2 3 4; do
        S=$("$TDN" session open --patient "$P" --episode "$E") || exit 2
        for i in 1 2; do
            "$TDN" needle in --session "$S" --muscle upper_trapezius --side R --technique deep >/dev/null || exit 2
        done
        m() { "$TDN" measure add --session "$S" "$@" >/dev/null || exit 2; }
        m --phase pre --kind nprs --site temple:R --value 6
        m --phase post --kind nprs --site temple:R --value 3
        m --phase pre --kind ppt --site upper_trapezius:R --value 2
        m --phase pre --kind ppt --site upper_trapezius:L --value 2
        m --phase post --kind ppt --site upper_trapezius:R --value 3
        m --phase post --kind ppt --site upper_trapezius:L --value "2.$k"
        if [ "$v" = 1 ] && [ "$k" -le 3 ]; then
            "$TDN" ae add --session "$S" --kind bruising --severity mild --needle 1 >/dev/null || exit 2
        fi
    done
done

run "$TDN" report safety --json
expect_rc 0
[ "$(json_get '(j["sessions"], j["needles"])')" = "(20, 40)" ] || fail "20 treatments, 40 needles: $OUT"
[ "$(json_get '[(e["kind"], e["severity"], e["count"]) for e in j["events"] if e["count"]]')" = "[('bruising', 'mild', 3)]" ] ||
    fail "bruising in 3 sessions"
near "$(json_get '[e for e in j["events"] if e["kind"] == "bruising"][0]["per_100_sessions"]')" 15 "bruising per 100"
near "$(json_get '[e for e in j["events"] if e["kind"] == "bruising"][0]["ci95"][0]')" 5.2369 "bruising CI low"
near "$(json_get '[e for e in j["events"] if e["kind"] == "bruising"][0]["ci95"][1]')" 36.0419 "bruising CI high"
near "$(json_get '[e for e in j["events"] if e["kind"] == "bruising"][0]["per_1000_needles"]')" 75 "bruising per 1,000 needles"
near "$(json_get '[e for e in j["events"] if e["kind"] == "bruising"][0]["ci95_per_1000_needles"][1]')" 198.642 "per 1,000 CI"
[ "$(json_get '[e for e in j["events"] if e["kind"] == "bruising"][0]["published"]["percent"]')" = 7.55 ] || fail "Brady's bruising"
[ "$(json_get '[e for e in j["events"] if e["kind"] == "bleeding"][0]["count"]')" = 0 ] || fail "bleeding row of zero"
near "$(json_get '[e for e in j["events"] if e["kind"] == "bleeding"][0]["ci95"][1]')" 16.1125 "zero row CI"
near "$(json_get 'j["any_adverse_event"]["percent"]')" 15 "any AE"
[ "$(json_get 'j["significant_or_serious"]["count"]')" = 0 ] || fail "no significant AE"
near "$(json_get 'j["significant_or_serious"]["upper95_exact"]')" 13.9108 "exact upper bound"
near "$(json_get 'j["significant_or_serious"]["upper95_rule_of_three"]')" 15 "rule of three"

run "$TDN" report safety
expect_rc 0
expect_out "Safety report: 20 treatments"
expect_out "bruising               mild               3      3  15.00 [5.24, 36.04]"
run "$TDN" report safety --csv
expect_out "bruising,mild,3,75.0000,3,15.0000,5.2369,36.0419,,,7.55,yes"

run "$TDN" report outcomes --json
expect_rc 0
[ "$(json_get 'j["episodes"]')" = 5 ] || fail "5 episodes"
[ "$(json_get '[(m["window"], m["kind"], m["n"], m["median_change"], m["responders"]) for m in j["measures"] if m["kind"] == "nprs"]')" = \
  "[('immediate', 'nprs', 20, -3.0, 20), ('latest', 'nprs', 5, -3.0, 5)]" ] || fail "NPRS windows: $OUT"
near "$(json_get '[m for m in j["measures"] if m["kind"] == "nprs"][0]["ci95"][0]')" 83.8875 "immediate responders CI"
near "$(json_get '[m for m in j["measures"] if m["kind"] == "nprs"][1]["ci95"][0]')" 56.5518 "latest responders CI"
[ "$(json_get '[m["responders"] for m in j["measures"] if m["kind"] == "ppt"]')" = "[None, None]" ] || fail "PPT: change only"
run "$TDN" report outcomes
expect_out "none recorded"
expect_out "Farrar"

run "$TDN" report split-body --json
expect_rc 0
[ "$(json_get 'j["design"]')" = "observational, not randomised" ] || fail "design stated"
[ "$(json_get '[(m["kind"], m["patients"], m["listed"]) for m in j["measures"]]')" = "[('ppt', 5, True)]" ] || fail "split-body: $OUT"
near "$(json_get 'j["measures"][0]["mean_difference"]')" 0.7 "split mean"
near "$(json_get 'j["measures"][0]["ci95"][0]')" 0.503676 "split CI low"
near "$(json_get 'j["measures"][0]["ci95"][1]')" 0.896324 "split CI high"
near "$(json_get 'j["measures"][0]["wilcoxon_p"]')" 0.043114 "Wilcoxon p"
run "$TDN" report split-body
expect_out "observational, not randomised"

# Bad filters: exit 1 naming the option, nothing written; empty: no sessions match.
before=$(db_sql "SELECT count(*) FROM audit")
run "$TDN" report safety --from 2026-12-01 --to 2026-11-01
expect_rc 1
expect_err "--to: 2026-11-01 is before from (2026-12-01)"
run "$TDN" report outcomes --condition migrane
expect_rc 1
expect_err "--condition: unknown condition 'migrane' (did you mean 'migraine'?)"
run "$TDN" report safety --clinician nobody
expect_rc 1
expect_err "--clinician: no clinician 'nobody'"
run "$TDN" report safety --protocol medium
expect_rc 1
expect_err "--protocol: 'medium' must be deep or superficial"
[ "$(db_sql "SELECT count(*) FROM audit")" = "$before" ] || fail "a refused report was audited"
run "$TDN" report safety --to 2020-01-01
expect_rc 0
expect_out "no sessions match"
run "$TDN" report outcomes --protocol superficial --json
[ "$(json_get 'j["message"]')" = "no sessions match" ] || fail "empty outcomes"
[ "$(db_sql "SELECT count(*) FROM audit WHERE action = 'report' AND patient_id IS NULL")" -ge 8 ] ||
    fail "each report read is audited without a patient"
pass
