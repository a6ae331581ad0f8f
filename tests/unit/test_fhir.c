/* test_fhir.c — the pieces of the FHIR mapping that the outside validators
 * (tests/fhir) cannot see: data/muscle_snomed.tsv loads, names only muscles
 * of the knowledge base, and a bad row is refused naming file, line and
 * field; references made for a transaction Bundle are stable urn:uuids;
 * times carry the clinic's offset; API tokens have their shape and junk
 * never gets a hash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "app/fhir.h"
#include "app/kbfiles.h"
#include "app/token.h"

static tdn_kb *kb;
static tdn_kbfiles files;

static int setup(void **state)
{
    (void)state;
    tdn_err err = {0};
    if (tdn_kb_open(&kb, &files, NULL, &err)) fail_msg("%s", err.msg);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tdn_kb_free(kb);
    tdn_kbfiles_free(&files);
    return 0;
}

static void snomed_map_loads_sourced_codes(void **state)
{
    (void)state;
    tdn_fhir_map m;
    tdn_err err = {0};
    if (tdn_fhir_map_load(&m, kb, files.files, files.n, &err)) fail_msg("%s", err.msg);
    assert_true(m.n_snomed >= 15);
    const tdn_fhir_snomed *t = tdn_fhir_snomed_of(&m, "upper_trapezius");
    assert_non_null(t);
    assert_string_equal(t->code, "31764008");                /* DICOM CID 6116: Trapezius muscle */
    assert_null(tdn_fhir_snomed_of(&m, "levator_scapulae")); /* no sourced code: text only */
    tdn_fhir_map_free(&m);
}

static int load_text(const char *text, tdn_err *err)
{
    tdn_text_file f = {"muscle_snomed.tsv", text, strlen(text)};
    tdn_fhir_map m;
    int rc = tdn_fhir_map_load(&m, kb, &f, 1, err);
    if (!rc) tdn_fhir_map_free(&m);
    return rc;
}

static void snomed_map_refuses_bad_rows(void **state)
{
    (void)state;
    const char *head = "muscle\tsnomed\tdisplay\tsource\n";
    char text[400];
    tdn_err err = {0};
    snprintf(text, sizeof text, "%sdeltoidd\t35259002\tDeltoid muscle\tx\n", head);
    assert_int_equal(load_text(text, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "muscle_snomed.tsv:2: muscle: 'deltoidd' is not a muscle"));
    snprintf(text, sizeof text, "%sdeltoid\t3525900X\tDeltoid muscle\tx\n", head);
    assert_int_equal(load_text(text, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "muscle_snomed.tsv:2: snomed: '3525900X' is not a SNOMED"));
    snprintf(text, sizeof text, "%sdeltoid\t35259002\tD\tx\ndeltoid\t35259002\tD\tx\n", head);
    assert_int_equal(load_text(text, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, ":3: muscle: 'deltoid' given twice"));
    assert_int_equal(load_text("muscle\tcode\tdisplay\tsource\n", &err), TDN_EINPUT);
}

static void bundle_references_are_stable_uuids(void **state)
{
    (void)state;
    char a[TDN_FHIR_REF_MAX], b[TDN_FHIR_REF_MAX], c[TDN_FHIR_REF_MAX];
    tdn_fhir_ref_uuid("Patient", "1", a);
    tdn_fhir_ref_uuid("Patient", "1", b);
    tdn_fhir_ref_uuid("Encounter", "1", c);
    assert_string_equal(a, b);
    assert_string_not_equal(a, c);
    assert_int_equal(strlen(a), strlen("urn:uuid:") + 36);
    assert_int_equal(strncmp(a, "urn:uuid:", 9), 0);
    assert_int_equal(a[9 + 14], '8'); /* version 8 */
    assert_non_null(strchr("89ab", a[9 + 19]));
    tdn_fhir_ref_relative("Patient", "1", a);
    assert_string_equal(a, "Patient/1");
}

static void times_carry_the_clinic_offset(void **state)
{
    (void)state;
    char t[32];
    setenv("TZ", "Europe/Madrid", 1);
    tzset();
    tdn_fhir_time(1795430000, t); /* 2026-11-23 10:33:20 UTC */
    assert_string_equal(t, "2026-11-23T11:33:20+01:00");
    setenv("TZ", "UTC", 1);
    tzset();
    tdn_fhir_time(1795430000, t);
    assert_string_equal(t, "2026-11-23T10:33:20+00:00");
}

static void tokens_have_their_shape(void **state)
{
    (void)state;
    char tok[TDN_TOKEN_LEN + 1], hash[TDN_TOKEN_HASH_LEN + 1], again[TDN_TOKEN_HASH_LEN + 1];
    char other[TDN_TOKEN_LEN + 1], ohash[TDN_TOKEN_HASH_LEN + 1];
    tdn_token_new(tok, hash);
    tdn_token_new(other, ohash);
    assert_int_equal(strlen(tok), TDN_TOKEN_LEN);
    assert_int_equal(strncmp(tok, "tdn_", 4), 0);
    assert_string_not_equal(tok, other);
    assert_true(tdn_token_hash(tok, again));
    assert_string_equal(hash, again);
    assert_string_not_equal(hash, ohash);
    assert_null(strstr(hash, tok + 4)); /* the hash is not the token */
    tok[10] = 'G';
    assert_false(tdn_token_hash(tok, again));
    assert_string_equal(again, "");
    assert_false(tdn_token_hash("tdn_short", again));
    assert_false(tdn_token_hash(NULL, again));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(snomed_map_loads_sourced_codes),
        cmocka_unit_test(snomed_map_refuses_bad_rows),
        cmocka_unit_test(bundle_references_are_stable_uuids),
        cmocka_unit_test(times_carry_the_clinic_offset),
        cmocka_unit_test(tokens_have_their_shape),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
