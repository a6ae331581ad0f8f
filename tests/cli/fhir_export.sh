#!/bin/sh
# CLI tests of `tdn export fhir` (issue 12): the transaction Bundle of one
# patient (entries, urn:uuid fullUrls, PUT requests, stable ids, SNOMED CT
# only where data/muscle_snomed.tsv has a code, laterality), the bulk NDJSON
# of the clinic with --since, the exit codes of bad input (1) and unwritable
# targets (2) with nothing half written, and the audit of every export.
# The outside validators run in tests/fhir/validate.sh.
. "$(dirname "$0")/lib.sh"
run "$TDN" init
expect_rc 0
(. "$TDN_SOURCE_DIR/tests/fhir/build_record.sh") || fail "building the record"
export TDN_USER=drsmith TDN_NOW=1795430000

run "$TDN" export fhir --patient 1
expect_rc 0
printf '%s' "$OUT" >p1.json
j() { python3 -c "import json,sys; b=json.load(open('$1')); R=[e['resource'] for e in b['entry']]; print($2)"; }
[ "$(j p1.json 'b["type"]')" = transaction ] || fail "a transaction Bundle"
[ "$(j p1.json 'all(e["fullUrl"].startswith("urn:uuid:") and e["request"]["method"] == "PUT" and e["request"]["url"] == e["resource"]["resourceType"] + "/" + e["resource"]["id"] for e in b["entry"])')" = True ] ||
    fail "every entry: urn:uuid fullUrl, PUT Type/id"
[ "$(j p1.json 'sorted(set(r["resourceType"] for r in R))')" = "['AdverseEvent', 'BodyStructure', 'Condition', 'Consent', 'Encounter', 'Observation', 'Patient', 'Practitioner', 'Procedure']" ] ||
    fail "every kind of resource of patient 1"
# upper trapezius has a sourced SNOMED CT code (DICOM CID 6116), levator scapulae none: text only
[ "$(j p1.json '[r["location"].get("coding", [{}])[0].get("code") for r in R if r["resourceType"] == "BodyStructure"]')" = "['31764008', None, '35259002', None]" ] ||
    fail "SNOMED CT codes only for the muscles of muscle_snomed.tsv"
[ "$(j p1.json '[r["locationQualifier"][0]["coding"][0]["code"] for r in R if r["resourceType"] == "BodyStructure"]')" = "['419161000', '419161000', '419465000', '419161000']" ] ||
    fail "laterality left 419161000, right 419465000"
[ "$(j p1.json '[r["code"]["coding"][0]["code"] for r in R if r["id"].startswith("measure-") and r["code"]["coding"][0]["system"] == "http://loinc.org"]')" = "['72514-3', '72514-3']" ] ||
    fail "NPRS as LOINC 72514-3 and no other LOINC code"
[ "$(j p1.json '[(r["status"], r["code"]["coding"][0]["code"] if "coding" in r["code"] else None) for r in R if r["resourceType"] == "Procedure"]')" = "[('completed', '20561'), ('stopped', None)]" ] ||
    fail "the closed session's Procedure with its CPT, the aborted one stopped"
j p1.json '[r["note"][0]["text"] for r in R if r["resourceType"] == "Procedure"][0]' >ledger.txt
grep -q "3 needles in, 2 out, 1 broken; 2 local twitch responses" ledger.txt || fail "the needle ledger in the Procedure's note: $(cat ledger.txt)"
grep -q "2 LTR, 1 redirection$" ledger.txt || fail "needle 1's line counts one redirection in the singular: $(cat ledger.txt)"
[ "$(j p1.json '[r["severity"]["coding"][0]["code"] for r in R if r["resourceType"] == "AdverseEvent"]')" = "['moderate', 'mild', 'severe', 'severe']" ] ||
    fail "AE severity mapped from tdn's mild, moderate, significant, serious"
[ "$(j p1.json '[r["seriousness"]["coding"][0]["code"] for r in R if r["resourceType"] == "AdverseEvent"]')" = "['non-serious', 'non-serious', 'non-serious', 'serious']" ] ||
    fail "only tdn's serious tier (hospital admission, lasting disability, death) is FHIR-serious"
# The same record exported again gives the same ids and fullUrls.
run "$TDN" export fhir --patient 1 --out again.json
expect_rc 0
[ "$(j p1.json '[e["fullUrl"] for e in b["entry"]]')" = "$(j again.json '[e["fullUrl"] for e in b["entry"]]')" ] ||
    fail "fullUrls are stable between exports"
[ "$(stat -c %a again.json)" = 600 ] || fail "the file holds patient data: mode 600"

# Bad input: exit 1, nothing written.
run "$TDN" export fhir --patient 99 --out p99.json
expect_rc 1
expect_err "patient: no patient with id 99"
[ ! -e p99.json ] || fail "an unknown patient wrote a file"
run "$TDN" export fhir --patient 1 --all x
expect_rc 1
expect_err "give --patient ID or --all DIR"
run "$TDN" export fhir --all x --since 2026-13-01
expect_rc 1
expect_err "--since"
mkdir full && touch full/keep
run "$TDN" export fhir --all full
expect_rc 1
expect_err "exists and is not an empty directory"
[ "$(ls full)" = keep ] || fail "a non-empty DIR was touched"

# Unwritable targets: exit 2, nothing half written beside them.
mkdir ro && chmod 500 ro
if [ ! -w ro ]; then
    run "$TDN" export fhir --patient 1 --out ro/p1.json
    expect_rc 2
    expect_err "--out: cannot write ro/p1.json"
    run "$TDN" export fhir --all ro/all
    expect_rc 2
    expect_err "DIR: cannot create ro/all"
    [ -z "$(ls -A ro)" ] || fail "an unwritable target left files: $(ls -A ro)"
fi
run "$TDN" export fhir --patient 1 --out no/such/dir/p1.json
expect_rc 2
expect_err "--out: cannot write no/such/dir/p1.json"
run "$TDN" export fhir --all no/such/dir/all
expect_rc 2
expect_err "DIR: cannot create no/such/dir/all"
[ -z "$(ls -d ./*.tmp-* 2>/dev/null)" ] || fail "a temporary file was left: $(ls -d ./*.tmp-*)"

# The bulk export: one NDJSON per type, counts as written, no temporary left.
run "$TDN" export fhir --json --all bulk
expect_rc 0
[ "$(json_get 'j["counts"]["Patient"], j["counts"]["Encounter"], j["counts"]["Practitioner"]')" = "2 3 1" ] ||
    fail "bulk counts: $OUT"
[ "$(wc -l <bulk/Encounter.ndjson)" = 3 ] || fail "three Encounter lines"
[ -z "$(ls -d bulk.tmp-* 2>/dev/null)" ] || fail "the temporary directory was left"
# --since: only what was recorded on or after that day.
TDN_NOW=1795600000 "$TDN" patient add --name "Lee Later" --birth 1990-01-01 >/dev/null
run env TDN_NOW=1795600000 "$TDN" export fhir --json --all later --since 2026-11-25
expect_rc 0
[ "$(json_get 'j["counts"]')" = "{'Patient': 1}" ] || fail "--since keeps only the new patient: $OUT"
grep -q '"Lee Later"' later/Patient.ndjson || fail "the new patient in Patient.ndjson"

# A withdrawn consent is exported as no longer in force.
[ "$(j p1.json '[r["status"] for r in R if r["resourceType"] == "Consent"]')" = "['active']" ] || fail "the consent in force is active"
run "$TDN" consent withdraw --patient 1
expect_rc 0
run "$TDN" export fhir --patient 1 --out withdrawn.json
expect_rc 0
[ "$(j withdrawn.json '[r["status"] for r in R if r["resourceType"] == "Consent"]')" = "['inactive']" ] || fail "a withdrawn consent is inactive"

# Every export is audited.
run "$TDN" audit --action export --json
expect_rc 0
[ "$(json_get 'sum(1 for a in j["audit"] if a["table"] == "fhir" and a["patient_id"] == 1)')" -ge 2 ] ||
    fail "the patient exports are audited"
expect_out "fhir bulk, 2 patients"
expect_out "fhir bulk since, 3 patients"
pass
