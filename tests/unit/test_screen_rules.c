/* test_screen_rules.c — loading data/screening_rules.tsv: a minimal valid
 * file loads; every kind of bad row is refused with "file:line: field:
 * problem"; a file that leaves a condition or local condition unscreened is
 * refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/body.h"
#include "core/buf.h"
#include "core/screen.h"

#define HEADER "id\ttrigger\tlevel\tscope\tadvice\tsource\n"

/* A valid file: one rule per condition and local condition (lines 2..20),
 * with extra rows inserted after the header. Skips condition `skip`. */
static void build(tdn_buf *b, const char *extra, const char *skip)
{
    tdn_buf_put(b, HEADER);
    tdn_buf_put(b, extra);
    for (int i = 0; i < tdn_screen_vocab_count(TDN_VOCAB_CONDITION); i++) {
        const char *c = tdn_screen_vocab_name(TDN_VOCAB_CONDITION, i);
        if (skip && strcmp(skip, c) == 0) continue;
        tdn_buf_printf(b, "c.%s\tcondition=%s\tcaution\tpatient\tadvice\tsrc\n", c, c);
    }
    for (int i = 0; i < tdn_screen_vocab_count(TDN_VOCAB_LOCAL); i++) {
        const char *k = tdn_screen_vocab_name(TDN_VOCAB_LOCAL, i);
        if (skip && strcmp(skip, k) == 0) continue;
        tdn_buf_printf(b, "l.%s\t-\tno_go\tlocal:%s\tat {local}\tsrc\n", k, k);
    }
}

static int load(const char *extra, const char *skip, tdn_screen_rules **rs, tdn_err *err)
{
    tdn_buf b = {0};
    build(&b, extra, skip);
    tdn_text_file f = {TDN_SCREEN_RULES_FILE, tdn_buf_str(&b), b.len};
    int rc = tdn_screen_rules_load(rs, &f, 1, err);
    tdn_buf_free(&b);
    return rc;
}

static void minimal_file_loads(void **state)
{
    (void)state;
    tdn_screen_rules *rs = NULL;
    tdn_err err = {0};
    int rc = load("a.b\tage<12 & consent.guardian!=given\tno_go\tpatient\tage {age}\tsrc\n"
                  "h.lung\t-\tcaution\thazard:lung\t{muscles} at {region}\tsrc\n"
                  "h.n\t-\tinfo\thazard:nerve:sciatic\t{muscles}\tsrc\n"
                  "r.p\tpregnancy!=none\tno_go\tregions:lumbar, sacrum\t{region}\tsrc\n"
                  "l.limb\t-\tno_go\tlocal:lymphedema+limb\t{local} {region}\tsrc\n"
                  "h.both\t-\tcaution\thazard:lung+bilateral\tboth sides, age {age}\tsrc\n"
                  "m.deep\tcondition=anticoagulant\tno_go\tmuscles:noncompressible\t"
                  "{noncompressible}\tsrc\n"
                  "e.preg\tpregnancy!=none\tcaution\testim\tmild, age {age}\tsrc\n",
                  NULL, &rs, &err);
    if (rc) fail_msg("%s", err.msg);
    assert_int_equal(rs->n, 8 + 17 + 6);
    assert_int_equal(tdn_screen_rule_find(rs, "m.deep")->scope, TDN_SCOPE_MUSCLES);
    assert_int_equal(tdn_screen_rule_find(rs, "e.preg")->scope, TDN_SCOPE_ESTIM);
    const tdn_screen_rule *both = tdn_screen_rule_find(rs, "h.both");
    assert_int_equal(both->scope, TDN_SCOPE_HAZARD);
    assert_true(both->hazard_bilateral);
    assert_string_equal(both->hazard, "lung");
    assert_false(tdn_screen_rule_find(rs, "h.lung")->hazard_bilateral);
    const tdn_screen_rule *limb = tdn_screen_rule_find(rs, "l.limb");
    assert_int_equal(limb->scope, TDN_SCOPE_LOCAL);
    assert_true(limb->local_limb);
    assert_string_equal(limb->scope_text, "local:lymphedema+limb");
    assert_false(tdn_screen_rule_find(rs, "l.lymphedema")->local_limb);
    const tdn_screen_rule *r = tdn_screen_rule_find(rs, "a.b");
    assert_non_null(r);
    assert_int_equal(r->n_atoms, 2);
    assert_int_equal(r->level, TDN_SCREEN_NO_GO);
    assert_string_equal(tdn_screen_rule_find(rs, "h.lung")->hazard, "lung");
    assert_string_equal(tdn_screen_rule_find(rs, "h.n")->hazard, "nerve:sciatic");
    assert_int_equal(tdn_screen_rule_find(rs, "r.p")->n_regions, 2);
    assert_null(tdn_screen_rule_find(rs, "nope"));
    tdn_screen_rules_free(rs);
}

typedef struct bad_row {
    const char *row;
    const char *message;
} bad_row;

static const bad_row bad_rows[] = {
    {"Bad Id\t-\tinfo\tpatient\tx\tsrc\n", "screening_rules.tsv:2: id: 'Bad Id' is not a rule id"},
    {"x\tagee<12\tinfo\tpatient\tx\tsrc\n",
     "screening_rules.tsv:2: trigger: unknown fact 'agee' (did you mean 'age'?)"},
    {"x\tage<twelve\tinfo\tpatient\tx\tsrc\n",
     "screening_rules.tsv:2: trigger: age needs a whole number, not 'twelve'"},
    {"x\tage\tinfo\tpatient\tx\tsrc\n",
     "screening_rules.tsv:2: trigger: 'age' is not FACT OP VALUE"},
    {"x\tcondition=diabetis\tinfo\tpatient\tx\tsrc\n",
     "screening_rules.tsv:2: trigger: unknown condition 'diabetis' (did you mean 'diabetes'?)"},
    {"x\tcondition<diabetes\tinfo\tpatient\tx\tsrc\n",
     "screening_rules.tsv:2: trigger: condition takes only = or !="},
    {"x\tconsent.patient=yes\tinfo\tpatient\tx\tsrc\n",
     "screening_rules.tsv:2: trigger: unknown consent.patient 'yes'"},
    {"x\tage>1&age>2&age>3&age>4&age>5\tinfo\tpatient\tx\tsrc\n",
     "screening_rules.tsv:2: trigger: more than 4 conditions"},
    {"x\t-\tsevere\tpatient\tx\tsrc\n",
     "screening_rules.tsv:2: level: 'severe' must be no_go, caution or info"},
    {"x\t-\tinfo\teverywhere\tx\tsrc\n", "screening_rules.tsv:2: scope: 'everywhere' is not"},
    {"x\t-\tinfo\tlocal:burn\tx\tsrc\n",
     "screening_rules.tsv:2: scope: unknown local condition 'burn'"},
    {"x\t-\tinfo\tlocal:burn+limb\tx\tsrc\n",
     "screening_rules.tsv:2: scope: unknown local condition 'burn'"},
    {"x\t-\tinfo\thazard:lung+both\tx\tsrc\n", "screening_rules.tsv:2: scope: 'lung+both' is not"},
    {"x\t-\tinfo\thazard:lung+bilateral\tat {region}\tsrc\n",
     "screening_rules.tsv:2: advice: {region} cannot be used in this scope"},
    {"x\t-\tinfo\tlocal:infection+arm\tx\tsrc\n",
     "screening_rules.tsv:2: scope: unknown local condition 'infection+arm'"},
    {"x\t-\tinfo\tregions:lumbar,calfs\tx\tsrc\n",
     "screening_rules.tsv:2: scope: unknown region code 'calfs' (did you mean 'calf'?)"},
    {"x\t-\tinfo\thazard:heart\tx\tsrc\n", "screening_rules.tsv:2: scope: 'heart' is not lung"},
    {"x\t-\tinfo\tpatient\tsee {muscle}\tsrc\n",
     "screening_rules.tsv:2: advice: unknown placeholder '{muscle}'"},
    {"x\t-\tinfo\tpatient\tat {region}\tsrc\n",
     "screening_rules.tsv:2: advice: {region} cannot be used in this scope"},
    {"x\t-\tinfo\thazard:lung\tat {local}\tsrc\n",
     "screening_rules.tsv:2: advice: {local} cannot be used in this scope"},
    {"x\t-\tno_go\tmuscles:deep\tx\tsrc\n", "screening_rules.tsv:2: scope: 'muscles:deep' is not"},
    {"x\t-\tno_go\tmuscles:noncompressible\tat {region}\tsrc\n",
     "screening_rules.tsv:2: advice: {region} cannot be used in this scope"},
    {"x\t-\tcaution\testim\t{muscles}\tsrc\n",
     "screening_rules.tsv:2: advice: {muscles} cannot be used in this scope"},
    {"x\t-\tinfo\tpatient\tx\t-\n", "screening_rules.tsv:2: source: every rule needs a source"},
    {"x\t-\tinfo\tpatient\tx\n", "screening_rules.tsv:2: source: missing column"},
    {"x\t-\tinfo\tpatient\t\tsrc\n", "screening_rules.tsv:2: advice: empty"},
    {"x\t-\tinfo\tpatient\tx\tsrc\n# comment\nx\t-\tinfo\tpatient\tx\tsrc\n",
     "screening_rules.tsv:4: id: duplicate id 'x'"},
};

static void bad_rows_are_refused(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_rows / sizeof bad_rows[0]; i++) {
        tdn_screen_rules *rs = (tdn_screen_rules *)1;
        tdn_err err = {0};
        int rc = load(bad_rows[i].row, NULL, &rs, &err);
        if (rc != TDN_EINPUT || !strstr(err.msg, bad_rows[i].message))
            fail_msg("row %zu: rc %d, '%s' lacks '%s'", i, rc, err.msg, bad_rows[i].message);
        assert_null(rs);
    }
}

static void uncovered_vocabulary_is_refused(void **state)
{
    (void)state;
    tdn_screen_rules *rs = NULL;
    tdn_err err = {0};
    assert_int_equal(load("", "epilepsy", &rs, &err), TDN_EINPUT);
    assert_string_equal(err.msg, "screening_rules.tsv: trigger: no rule for condition=epilepsy");
    assert_int_equal(load("", "implant", &rs, &err), TDN_EINPUT);
    assert_string_equal(err.msg, "screening_rules.tsv: scope: no rule for local:implant");
}

static void header_and_missing_file_are_refused(void **state)
{
    (void)state;
    tdn_screen_rules *rs = NULL;
    tdn_err err = {0};
    const char *text = "id\ttrigger\tlevel\tscope\tadvice\n";
    tdn_text_file f = {TDN_SCREEN_RULES_FILE, text, strlen(text)};
    assert_int_equal(tdn_screen_rules_load(&rs, &f, 1, &err), TDN_EINPUT);
    assert_string_equal(err.msg, "screening_rules.tsv:1: header: column 6 must be 'source'");
    tdn_text_file other = {"muscles.tsv", text, strlen(text)};
    assert_int_equal(tdn_screen_rules_load(&rs, &other, 1, &err), TDN_EINPUT);
    assert_string_equal(err.msg, "screening rules: screening_rules.tsv is missing");
    const char *empty = HEADER;
    tdn_text_file e = {TDN_SCREEN_RULES_FILE, empty, strlen(empty)};
    assert_int_equal(tdn_screen_rules_load(&rs, &e, 1, &err), TDN_EINPUT);
    assert_string_equal(err.msg, "screening_rules.tsv: no rules");
}

/* The limbs of tdn_region_limb and tdn_screen_site_same_limb (local.lymphedema+limb). */
static void limbs_and_sides(void **state)
{
    (void)state;
    static const struct {
        const char *code;
        int limb;
    } limbs[] = {{"fingers", TDN_LIMB_UPPER},
                 {"anterior_arm", TDN_LIMB_UPPER},
                 {"lateral_shoulder", TDN_LIMB_UPPER},
                 {"axilla", TDN_LIMB_UPPER},
                 {"shoulder_top", TDN_LIMB_NONE},
                 {"scapula", TDN_LIMB_NONE},
                 {"upper_chest", TDN_LIMB_NONE},
                 {"lumbar", TDN_LIMB_NONE},
                 {"posterior_neck", TDN_LIMB_NONE},
                 {"buttock", TDN_LIMB_LOWER},
                 {"groin", TDN_LIMB_LOWER},
                 {"posterior_thigh", TDN_LIMB_LOWER},
                 {"calf", TDN_LIMB_LOWER},
                 {"lesser_toes", TDN_LIMB_LOWER}};
    for (size_t i = 0; i < sizeof limbs / sizeof limbs[0]; i++)
        if (tdn_region_limb(tdn_region_find(limbs[i].code)) != limbs[i].limb)
            fail_msg("%s: limb %d", limbs[i].code, tdn_region_limb(tdn_region_find(limbs[i].code)));
    assert_int_equal(tdn_region_limb(-1), TDN_LIMB_NONE);
    short calf = (short)tdn_region_find("calf"), heel = (short)tdn_region_find("heel");
    short palm = (short)tdn_region_find("palm"), chest = (short)tdn_region_find("chest");
    assert_true(
        tdn_screen_site_same_limb((tdn_screen_site){calf, 'R'}, (tdn_screen_site){heel, 'R'}));
    assert_true(
        tdn_screen_site_same_limb((tdn_screen_site){calf, 'B'}, (tdn_screen_site){heel, 'L'}));
    assert_true(
        tdn_screen_site_same_limb((tdn_screen_site){calf, 'L'}, (tdn_screen_site){heel, 'B'}));
    assert_false(
        tdn_screen_site_same_limb((tdn_screen_site){calf, 'R'}, (tdn_screen_site){heel, 'L'}));
    assert_false(
        tdn_screen_site_same_limb((tdn_screen_site){calf, 'R'}, (tdn_screen_site){palm, 'R'}));
    assert_false(
        tdn_screen_site_same_limb((tdn_screen_site){chest, 'L'}, (tdn_screen_site){chest, 'L'}));
}

static void vocabularies_suggest_the_closest_name(void **state)
{
    (void)state;
    assert_string_equal(tdn_screen_vocab_closest(TDN_VOCAB_CONDITION, "anticoagulants"),
                        "anticoagulant");
    assert_string_equal(tdn_screen_vocab_closest(TDN_VOCAB_LOCAL, "lymphoedema"), "lymphedema");
    assert_string_equal(tdn_screen_vocab_closest(TDN_VOCAB_PREGNANCY, "second"),
                        "second_trimester");
    assert_int_equal(tdn_screen_vocab_find(TDN_VOCAB_CONSENT, "given"), TDN_SCREEN_CONSENT_GIVEN);
    assert_null(tdn_screen_vocab_name(TDN_VOCAB_LOCAL, 99));
    assert_null(tdn_screen_level_name(7));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(minimal_file_loads),
        cmocka_unit_test(bad_rows_are_refused),
        cmocka_unit_test(uncovered_vocabulary_is_refused),
        cmocka_unit_test(header_and_missing_file_are_refused),
        cmocka_unit_test(limbs_and_sides),
        cmocka_unit_test(vocabularies_suggest_the_closest_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
