/* test_screen_profile.c — the screening profile JSON parser (app/screen_json):
 * a full profile parses into the right facts; every bad input is refused with
 * a message naming the field path and, for unknown values, the closest valid
 * one; the normalised profile JSON round-trips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "app/screen_json.h"
#include "core/body.h"

static int parse(const char *text, tdn_screen_profile *p, tdn_err *err)
{
    return tdn_screen_profile_parse(text, strlen(text), p, err);
}

static void full_profile_parses(void **state)
{
    (void)state;
    tdn_screen_profile p;
    tdn_err err = {0};
    const char *text = "{\"age\": 34, \"pregnancy\": \"first_trimester\","
                       " \"conditions\": [\"anticoagulant\", \"diabetes\", \"anticoagulant\"],"
                       " \"local\": [{\"condition\": \"infection\", \"region\": \"calf:R\"},"
                       "             {\"region\": \"lumbar\", \"condition\": \"implant\"}],"
                       " \"planned_regions\": [\"lumbar:B\", \"calf:r\", \"lumbar\"],"
                       " \"consent\": {\"patient\": true, \"guardian\": false}}";
    if (parse(text, &p, &err)) fail_msg("%s", err.msg);
    assert_int_equal(p.age, 34);
    assert_int_equal(p.pregnancy, tdn_screen_vocab_find(TDN_VOCAB_PREGNANCY, "first_trimester"));
    unsigned want = (1u << tdn_screen_vocab_find(TDN_VOCAB_CONDITION, "anticoagulant")) |
                    (1u << tdn_screen_vocab_find(TDN_VOCAB_CONDITION, "diabetes"));
    assert_int_equal(p.conditions, want);
    assert_int_equal(p.n_local, 2);
    assert_int_equal(p.local[0].kind, tdn_screen_vocab_find(TDN_VOCAB_LOCAL, "infection"));
    assert_int_equal(p.local[0].site.region, tdn_region_find("calf"));
    assert_int_equal(p.local[0].site.side, 'R');
    assert_int_equal(p.local[1].site.side, 'B');
    assert_int_equal(p.n_planned, 2); /* lumbar:B twice counts once */
    assert_int_equal(p.planned[1].side, 'R');
    assert_int_equal(p.consent_patient, TDN_SCREEN_CONSENT_GIVEN);
    assert_int_equal(p.consent_guardian, TDN_SCREEN_CONSENT_NOT_GIVEN);

    json_t *j = tdn_screen_profile_json(&p);
    assert_non_null(j);
    char *dumped = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    tdn_screen_profile q;
    int rc = parse(dumped, &q, &err);
    free(dumped);
    assert_int_equal(rc, TDN_OK);
    assert_memory_equal(&p, &q, sizeof p);
}

static void defaults_are_none_and_not_stated(void **state)
{
    (void)state;
    tdn_screen_profile p;
    tdn_err err = {0};
    assert_int_equal(parse("{\"age\": 0}", &p, &err), TDN_OK);
    assert_int_equal(p.pregnancy, 0);
    assert_int_equal(p.conditions, 0);
    assert_int_equal(p.consent_patient, TDN_SCREEN_CONSENT_NOT_STATED);
    assert_int_equal(p.consent_guardian, TDN_SCREEN_CONSENT_NOT_STATED);
    assert_int_equal(parse("{\"age\": 130, \"consent\": {\"guardian\": null}}", &p, &err), TDN_OK);
    assert_int_equal(p.age, 130);
}

typedef struct bad {
    const char *json;
    const char *message; /* exact */
} bad;

static const bad bads[] = {
    {"", "profile: invalid JSON at line 1, column 0: '[' or '{' expected near end of file"},
    {"{\"age\": 3", "profile: invalid JSON at line 1, column 9: '}' expected near end of file"},
    {"{\"age\": 30} x",
     "profile: invalid JSON at line 1, column 13: end of file expected near 'x'"},
    {"[]", "profile: must be a JSON object, not an array"},
    {"{}", "age: required (whole years, 0 to 130)"},
    {"{\"age\": \"34\"}", "age: must be a whole number, not a string"},
    {"{\"age\": 34.5}", "age: must be a whole number of years, not 34.5"},
    {"{\"age\": -1}", "age: -1 is not a possible age (0 to 130)"},
    {"{\"age\": 131}", "age: 131 is not a possible age (0 to 130)"},
    {"{\"age\": 99999999999999999999}", NULL}, /* too big an integer: invalid JSON */
    {"{\"age\": 30, \"age\": 31}", NULL},      /* duplicate key: invalid JSON */
    {"{\"agee\": 30}", "agee: unknown key (did you mean 'age'?)"},
    {"{\"age\": 30, \"planned\": []}", "planned: unknown key (did you mean 'planned_regions'?)"},
    {"{\"age\": 30, \"pregnancy\": \"second\"}",
     "pregnancy: unknown pregnancy status 'second' (did you mean 'second_trimester'?)"},
    {"{\"age\": 30, \"pregnancy\": true}", "pregnancy: must be a string, not a boolean"},
    {"{\"age\": 30, \"conditions\": \"diabetes\"}",
     "conditions: must be an array of strings, not a string"},
    {"{\"age\": 30, \"conditions\": [\"diabetes\", \"anticoagulants\"]}",
     "conditions[1]: unknown condition 'anticoagulants' (did you mean 'anticoagulant'?)"},
    {"{\"age\": 30, \"conditions\": [7]}", "conditions[0]: must be a string, not a whole number"},
    {"{\"age\": 30, \"local\": {}}", "local: must be an array, not an object"},
    {"{\"age\": 30, \"local\": [\"calf\"]}",
     "local[0]: must be an object like {\"condition\": \"infection\", \"region\": \"calf:R\"}, "
     "not a string"},
    {"{\"age\": 30, \"local\": [{\"condition\": \"infection\", \"region\": \"calf\", \"side\": "
     "\"R\"}]}",
     "local[0].side: unknown key (did you mean 'region'?)"},
    {"{\"age\": 30, \"local\": [{\"region\": \"calf\"}]}", "local[0].condition: required"},
    {"{\"age\": 30, \"local\": [{\"condition\": \"infection\"}]}", "local[0].region: required"},
    {"{\"age\": 30, \"local\": [{\"condition\": \"infection\", \"region\": \"calf\"}, "
     "{\"condition\": \"infection\", \"region\": \"calfs\"}]}",
     "local[1].region: unknown region 'calfs' (did you mean 'calf'?)"},
    {"{\"age\": 30, \"local\": [{\"condition\": \"lymphoedema\", \"region\": \"calf\"}]}",
     "local[0].condition: unknown local condition 'lymphoedema' (did you mean 'lymphedema'?)"},
    {"{\"age\": 30, \"planned_regions\": [\"calf:X\"]}",
     "planned_regions[0]: unknown side 'X' in 'calf:X' (use L, R or B)"},
    {"{\"age\": 30, \"planned_regions\": [\"calf:\"]}",
     "planned_regions[0]: unknown side '' in 'calf:' (use L, R or B)"},
    {"{\"age\": 30, \"planned_regions\": [\"\"]}", NULL},
    {"{\"age\": 30, \"planned_regions\": [\"tempel:R\"]}",
     "planned_regions[0]: unknown region 'tempel' (did you mean 'temple'?)"},
    {"{\"age\": 30, \"planned_regions\": [{\"region\": \"calf\"}]}",
     "planned_regions[0]: must be a string like 'calf:R', not an object"},
    {"{\"age\": 30, \"planned_regions\": null}",
     "planned_regions: must be an array of strings, not null"},
    {"{\"age\": 30, \"consent\": true}",
     "consent: must be an object like {\"patient\": true}, not a boolean"},
    {"{\"age\": 30, \"consent\": {\"patient\": \"yes\"}}",
     "consent.patient: must be true, false or null, not a string"},
    {"{\"age\": 30, \"consent\": {\"parent\": true}}",
     "consent.parent: unknown key (did you mean 'patient'?)"},
};

static void bad_profiles_name_the_field(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
        tdn_screen_profile p;
        tdn_err err = {0};
        int rc = parse(bads[i].json, &p, &err);
        if (rc != TDN_EINPUT) fail_msg("%s: accepted", bads[i].json);
        if (bads[i].message && strcmp(err.msg, bads[i].message) != 0)
            fail_msg("%s:\n  got  '%s'\n  want '%s'", bads[i].json, err.msg, bads[i].message);
        if (!bads[i].message && strchr(err.msg, ':') == NULL)
            fail_msg("%s: '%s' names no field", bads[i].json, err.msg);
    }
}

static void too_many_regions_are_refused(void **state)
{
    (void)state;
    char text[4096] = "{\"age\": 30, \"planned_regions\": [";
    for (int i = 0; i <= TDN_SCREEN_MAX_SITES; i++)
        strcat(text, i ? ", \"calf\"" : "\"calf\"");
    strcat(text, "]}");
    tdn_screen_profile p;
    tdn_err err = {0};
    assert_int_equal(parse(text, &p, &err), TDN_EINPUT);
    assert_string_equal(err.msg, "planned_regions: at most 32 regions");
}

static void embedded_nul_is_refused(void **state)
{
    (void)state;
    const char text[] = "{\"age\": 30, \"conditions\": [\"diab\\u0000etes\"]}";
    tdn_screen_profile p;
    tdn_err err = {0};
    assert_int_equal(tdn_screen_profile_parse(text, sizeof text - 1, &p, &err), TDN_EINPUT);
    const char raw[] = "{\"age\": 30}\0garbage";
    assert_int_equal(tdn_screen_profile_parse(raw, sizeof raw - 1, &p, &err), TDN_EINPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_profile_parses),
        cmocka_unit_test(defaults_are_none_and_not_stated),
        cmocka_unit_test(bad_profiles_name_the_field),
        cmocka_unit_test(too_many_regions_are_refused),
        cmocka_unit_test(embedded_nul_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
