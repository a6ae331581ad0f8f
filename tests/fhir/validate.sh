#!/bin/sh
# The FHIR R4 export checked by validators from outside tdn (validate.mjs:
# npm fhir with errorOnUnexpected, the R4 JSON schema, FHIRPath invariants,
# US Core required elements), for a record with every kind of entry built
# through the CLI and for the demo clinic: each patient's transaction Bundle
# and the bulk NDJSON. selfcheck.mjs first proves the validators fail on
# broken resources. Needs node and `npm ci --prefix tests/fhir` (make check
# does it); exit 77 (skipped) without them.
. "$TDN_SOURCE_DIR/tests/cli/lib.sh"
HERE="$TDN_SOURCE_DIR/tests/fhir"
command -v node >/dev/null && [ -d "$HERE/node_modules/fhir" ] || {
    echo "SKIP: node or tests/fhir/node_modules missing (npm ci --prefix tests/fhir)"
    exit 77
}
validate() {
    run node "$HERE/validate.mjs" "$@"
    echo "$OUT"
    expect_rc 0
    expect_out "problems: 0"
}

# A record with every kind of entry.
run "$TDN" init
expect_rc 0
(. "$HERE/build_record.sh") || fail "building the record"
run "$TDN" export fhir --patient 1 --out p1.json
expect_rc 0
run "$TDN" export fhir --patient 2 --out p2.json
expect_rc 0
run "$TDN" export fhir --all rec-all
expect_rc 0
run node "$HERE/selfcheck.mjs" p1.json
echo "$OUT"
expect_rc 0
validate p1.json p2.json rec-all
for type in Patient Practitioner Encounter Condition Procedure Observation AdverseEvent Consent BodyStructure; do
    expect_out "\"$type\":"
done

# The demo clinic: every patient, and the whole clinic in bulk.
run "$TDN" --db demo.db demo
expect_rc 0
files=""
for id in $(sqlite3 demo.db "SELECT id FROM patient ORDER BY id"); do
    run "$TDN" --db demo.db export fhir --patient "$id" --out "demo-$id.json"
    expect_rc 0
    files="$files demo-$id.json"
done
[ -n "$files" ] || fail "the demo clinic has no patients"
run "$TDN" --db demo.db export fhir --all demo-all
expect_rc 0
echo "$OUT"
validate $files demo-all
pass
