# api_reports.sh — the practice-based evidence reports over HTTP (issue 11)
# on the demo clinic: GET /api/reports/safety|outcomes|split-body answer the
# CLI's --json exactly, filters change the figures, the CSV routes are
# downloads (text/csv, Content-Disposition: attachment) with the CLI's
# header line, a bad filter is 400 naming the field and audits nothing, an
# empty result says "no sessions match", each read is audited without a
# patient, and the Reports page is for clinicians and admins only (front
# desk and patients: 403, and no menu item).
# The demo's figures: 3 patients x 3 treatments + 5 past patients x 2 = 19
# treatments; the split-body differences per patient are 0.6 minus the
# untreated side's gain (0.1, 0.3, 0, 0.4, 0.2) = 0.5, 0.3, 0.6, 0.2, 0.4:
#   python3 -c "from scipy import stats; d=[.5,.3,.6,.2,.4]; import statistics as s;
#     h=stats.t.ppf(.975,4)*s.stdev(d)/5**.5; print(s.mean(d)-h, s.mean(d)+h,
#     stats.wilcoxon(d, correction=False, method='approx').pvalue)"
#   -> 0.203676 0.596324 0.043114
. "$TDN_SOURCE_DIR/tests/cli/lib.sh"
. "$TDN_SOURCE_DIR/tests/web/lib_web.sh"
"$TDN" --db "$DB" demo >/dev/null || fail "demo"
near() { python3 -c "import sys; sys.exit(0 if abs(($1) - ($2)) < 1e-3 else 1)" || fail "$3: $1, expected $2"; }
cli_json() { TDN_USER=drlee "$TDN" --db "$DB" report "$@" --json; }
same_json() { # same_json NAME CLI-JSON: OUT is the same JSON (numbers to 1e-8, relative)
    printf '%s' "$2" >"$WORK/cli.json"
    printf '%s' "$OUT" | python3 -c "
import json, math, sys
def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and math.isclose(a, b, rel_tol=1e-8, abs_tol=1e-12)
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b
sys.exit(0 if same(json.load(sys.stdin), json.load(open('$WORK/cli.json'))) else 1)" ||
        fail "$1: the API's JSON differs from the CLI's: $OUT"
}
audits() { db_sql "SELECT count(*) FROM audit WHERE action = 'report'"; }
start_server "$DB"
login() { rm -f "$COOKIES"; req POST /api/login "{\"username\":\"$1\",\"password\":\"$2\"}"; expect_status 200; }

login drlee demo-clinician-pass
before=$(audits)
req GET /api/reports/safety
expect_status 200
[ "$(json_get 'j["sessions"]')" = 19 ] || fail "19 treatments: $OUT"
same_json safety "$(cli_json safety)"
req GET /api/reports/outcomes
expect_status 200
[ "$(json_get 'j["episodes"]')" = 8 ] || fail "8 episodes: $OUT"
[ "$(json_get '[m["n"] for m in j["measures"] if m["kind"] == "nprs" and m["window"] == "followup_6m"]')" = "[2]" ] ||
    fail "two 6-month follow-ups"
same_json outcomes "$(cli_json outcomes)"
req GET /api/reports/split-body
expect_status 200
[ "$(json_get '[(m["kind"], m["patients"], m["listed"]) for m in j["measures"]]')" = "[('ppt', 5, True)]" ] ||
    fail "split-body: five patients: $OUT"
near "$(json_get 'j["measures"][0]["mean_difference"]')" 0.4 "split mean"
near "$(json_get 'j["measures"][0]["ci95"][0]')" 0.203676 "split CI low"
near "$(json_get 'j["measures"][0]["ci95"][1]')" 0.596324 "split CI high"
near "$(json_get 'j["measures"][0]["wilcoxon_p"]')" 0.043114 "split p"
[ "$(json_get 'j["design"]')" = "observational, not randomised" ] || fail "design named"
same_json split "$(cli_json split-body)"
[ "$(audits)" = $((before + 6)) ] || fail "each report read (three by the API, three by the CLI) is audited"
[ "$(db_sql "SELECT count(*) FROM audit WHERE action = 'report' AND patient_id IS NOT NULL")" = 0 ] ||
    fail "a report read names a patient"

# filters: the levator scapulae was needled for two patients (3 + 2 treatments)
req GET '/api/reports/safety?muscle=levator_scapulae&clinician=drlee&protocol=deep'
expect_status 200
[ "$(json_get 'j["sessions"]')" = 5 ] || fail "muscle filter: $OUT"
same_json "safety by muscle" "$(cli_json safety --muscle levator_scapulae --clinician drlee --protocol deep)"
req GET '/api/reports/outcomes?condition=tension_type_headache'
expect_status 200
[ "$(json_get 'j["episodes"]')" = 3 ] || fail "condition filter: $OUT"
req GET '/api/reports/safety?protocol=superficial'
expect_status 200
[ "$(json_get 'j["message"]')" = "no sessions match" ] || fail "empty: $OUT"

# bad filters: 400 naming the field, nothing audited
before=$(audits)
for q in "from=2026-02-30 from" "to=2020-01-01&from=2021-01-01 to" "condition=nope condition" \
    "muscle=upper_trapezoid muscle" "clinician=nobody clinician" "protocol=deepest protocol"; do
    req GET "/api/reports/outcomes?${q% *}"
    expect_status 400
    [ "$(json_get 'j["error"].split(":")[0]')" = "${q#* }" ] || fail "${q% *}: names ${q#* }: $OUT"
done
req GET '/reports/safety.csv?from=2026-13-01'
expect_status 400
expect_out "from:"
[ "$(audits)" = "$before" ] || fail "a refused report was audited"

# CSV downloads
for r in safety outcomes split-body; do
    req GET "/reports/$r.csv?clinician=drlee"
    expect_status 200
    expect_header "Content-Type: text/csv; charset=utf-8"
    expect_header "Content-Disposition: attachment; filename=\"tdn-$r-report.csv\""
    cli_head=$(TDN_USER=drlee "$TDN" --db "$DB" report "$r" --csv | head -1)
    [ "$(printf '%s\n' "$OUT" | head -1)" = "$cli_head" ] || fail "$r.csv header: $OUT"
done
req GET /reports/split-body.csv
[ "$(printf '%s\n' "$OUT" | sed -n 2p | cut -d, -f1-3)" = "ppt,5,yes" ] || fail "split CSV row: $OUT"

# the page: tables, plots, CSV buttons; a bad filter names the field in words
req GET /reports
expect_status 200
expect_out '<a href="/reports" aria-current="page">Reports</a>'
expect_out 'id="safety-table"'
expect_out 'class="plot whiskers"'
expect_out 'href="/reports/safety.csv"'
expect_out 'observational, not randomised'
req GET '/reports?to=2020-01-01&from=2021-01-01'
expect_status 400
expect_out 'id="report-error">To date: 2020-01-01 is before from (2021-01-01)</p>'
req GET '/reports?clinician=drlee&muscle=levator_scapulae'
expect_status 200
expect_out 'href="/reports/safety.csv?muscle=levator_scapulae&amp;clinician=drlee"'
expect_out '<option value="levator_scapulae" selected>'
req GET '/reports?protocol=superficial'
expect_status 200
expect_out 'no sessions match these filters'
printf '%s' "$OUT" | grep -q 'id="csv-safety"' && fail "a CSV button for an empty report"

# front desk and patients: no menu item, 403
login desk demo-desk-pass
req GET /today
expect_status 200
printf '%s' "$OUT" | grep -q 'href="/reports"' && fail "front desk has a Reports menu item"
for p in /reports /reports/safety.csv /api/reports/safety /api/reports/outcomes /api/reports/split-body; do
    req GET "$p"
    expect_status 403
done
login casey demo-patient-pass
req GET /api/reports/outcomes
expect_status 403
login admin demo-admin-pass
req GET /api/reports/split-body
expect_status 200
pass
