/* test_intake.c — the intake questionnaire (data/intake.tsv, core/intake.h)
 * and its review (app/intake.h): the shipped questions load and each fills a
 * screening vocabulary word; bad rows name file, line and field; answers are
 * checked (every question, a place for a "yes" that needs one, no "not
 * sure" left when confirming); a submission is stored as given and never
 * changed; the confirmation records the screening and the confirmed answers
 * beside the patient's in one step; bad input stores nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "app/intake.h"
#include "app/kbfiles.h"
#include "store_fixture.h"

static tdn_intake_form form;
static tdn_kbfiles files;

static int group_setup(void **state)
{
    (void)state;
    tdn_err err = {0};
    if (tdn_kbfiles_load(&files, NULL, &err)) return -1;
    return tdn_intake_form_load(&form, files.files, files.n, &err) ? -1 : 0;
}

static int group_teardown(void **state)
{
    (void)state;
    tdn_kbfiles_free(&files);
    return 0;
}

static void shipped_questions_fill_the_vocabulary(void **state)
{
    (void)state;
    assert_true(form.n >= 16);
    const char *must[] = {"needle_fear", "bleeding",  "anticoagulant", "antiplatelet",  "pregnancy",
                          "diabetes",    "epilepsy",  "implant",       "metal_allergy", "lymph",
                          "skin",        "infection", "surgery",       "immune",        "cancer"};
    for (size_t i = 0; i < sizeof must / sizeof must[0]; i++)
        assert_true(tdn_intake_find(&form, must[i]) >= 0);
    for (int i = 0; i < form.n; i++) {
        assert_true(form.q[i].n_fills > 0);
        assert_true(strlen(form.q[i].source) > 10);
    }
}

static int load_text(const char *rows, tdn_err *err)
{
    static char text[2048];
    snprintf(text, sizeof text, "id\tquestion\thelp\tkind\tfills\tsource\n%s", rows);
    tdn_text_file f = {TDN_INTAKE_FILE, text, strlen(text)};
    tdn_intake_form *x = calloc(1, sizeof *x);
    int rc = tdn_intake_form_load(x, &f, 1, err);
    free(x);
    return rc;
}

static void bad_rows_name_line_and_field(void **state)
{
    (void)state;
    tdn_err err = {0};
    assert_int_equal(load_text("a\tQ?\t-\tyes_no\tcondition:diabetis\tsrc\n", &err), TDN_EINPUT);
    assert_string_equal(err.msg, "intake.tsv:2: fills: unknown condition 'diabetis' (did you mean "
                                 "'diabetes'?)");
    assert_int_equal(load_text("a\tQ?\t-\tmaybe\tcondition:diabetes\tsrc\n", &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "intake.tsv:2: kind:"));
    assert_int_equal(load_text("a\tQ?\t-\tyes_no\tpregnancy\tsrc\n", &err), TDN_EINPUT);
    assert_int_equal(load_text("a\tQ?\t-\tyes_no\tcondition:cancer\ts\n"
                               "a\tQ?\t-\tyes_no\tcondition:cancer\ts\n",
                               &err),
                     TDN_EINPUT);
    assert_non_null(strstr(err.msg, "intake.tsv:3: id: 'a' twice"));
    /* a vocabulary word the engine knows is one row */
    assert_int_equal(load_text("x\tQ?\t-\twhere\tlocal:lymphedema\ts\n", &err), TDN_OK);
}

static void all_no(tdn_intake_answers *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 0; i < form.n; i++)
        a->items[i].answer = TDN_IA_NO;
}

static void answers_are_checked(void **state)
{
    (void)state;
    tdn_intake_answers a;
    tdn_err err = {0};
    all_no(&a);
    assert_int_equal(tdn_intake_check(&form, &a, true, &err), TDN_OK);
    int lymph = tdn_intake_find(&form, "lymph"), diab = tdn_intake_find(&form, "diabetes");
    a.items[diab].answer = TDN_IA_NONE;
    assert_int_equal(tdn_intake_check(&form, &a, false, &err), TDN_EINPUT);
    assert_string_equal(err.msg, "answers.diabetes: please answer: Do you have diabetes?");
    a.items[diab].answer = TDN_IA_UNSURE;
    assert_int_equal(tdn_intake_check(&form, &a, false, &err), TDN_OK);
    assert_int_equal(tdn_intake_check(&form, &a, true, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "answers.diabetes: the patient was not sure"));
    a.items[diab].answer = TDN_IA_YES;
    a.items[lymph].answer = TDN_IA_YES;
    assert_int_equal(tdn_intake_check(&form, &a, true, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "answers.lymph: choose where, for: Do you have a swollen arm or leg"));
    a.items[lymph].has_where = true;
    a.items[lymph].where = (tdn_screen_site){(short)tdn_region_find("anterior_arm"), 'L'};
    assert_int_equal(tdn_intake_check(&form, &a, true, &err), TDN_OK);
    tdn_screen_profile p;
    memset(&p, 0, sizeof p);
    tdn_intake_to_profile(&form, &a, &p);
    assert_true(p.conditions & (1u << tdn_screen_vocab_find(TDN_VOCAB_CONDITION, "diabetes")));
    assert_int_equal(p.n_local, 1);
    assert_int_equal(p.local[0].kind, tdn_screen_vocab_find(TDN_VOCAB_LOCAL, "lymphedema"));
    tdn_intake_item it;
    assert_int_equal(tdn_intake_answer_parse(&form.q[tdn_intake_find(&form, "pregnancy")],
                                             "second_trimester", &it, &err),
                     TDN_OK);
    assert_int_equal(it.answer, TDN_IA_YES);
    assert_int_equal(tdn_intake_answer_parse(&form.q[diab], "maybe", &it, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "answers.diabetes: 'maybe' is not yes, no or unsure"));
}

static json_t *submission(const char *anticoagulant)
{
    json_t *answers = json_object();
    for (int i = 0; i < form.n; i++)
        json_object_set_new(answers, form.q[i].id, json_string("no"));
    json_object_set_new(answers, "anticoagulant", json_string(anticoagulant));
    return json_pack("{s:o,s:{},s:[s],s:[{s:s,s:i}]}", "answers", answers, "places", "pains",
                     "calf:R=6", "goals", "activity", "Walk the dog", "score", 4);
}

static void submit_then_confirm(void **state)
{
    (void)state;
    store_fixture f;
    assert_int_equal(fixture_open(&f), 0);
    tdn_err err = {0};
    tdn_patient p = {.name = "Ana Diaz", .birth = "1980-02-03"};
    int64_t pid = 0, id = 0;
    assert_int_equal(tdn_store_patient_add(f.s, &f.act, &p, &pid, &err), TDN_OK);
    tdn_kb *kb = NULL;
    tdn_screen_rules *rules = NULL;
    assert_int_equal(tdn_kb_load(&kb, files.files, files.n, &err), TDN_OK);
    assert_int_equal(tdn_screen_rules_load(&rules, files.files, files.n, &err), TDN_OK);
    json_t *bad = submission("perhaps");
    assert_int_equal(tdn_intake_submit(f.s, &f.act, &form, pid, bad, &id, &err), TDN_EINPUT);
    assert_int_equal(fixture_int(&f, "SELECT count(*) FROM intake"), 0);
    json_t *sub = submission("unsure");
    assert_int_equal(tdn_intake_submit(f.s, &f.act, &form, pid, sub, &id, &err), TDN_OK);
    /* the clinician must resolve the "not sure" */
    json_t *conf = json_object();
    assert_int_equal(tdn_intake_confirm(f.s, &f.act, &form, rules, kb, pid, conf, NULL, &err),
                     TDN_EINPUT);
    assert_non_null(strstr(err.msg, "answers.anticoagulant"));
    assert_int_equal(fixture_int(&f, "SELECT count(*) FROM screening"), 0);
    json_decref(conf);
    conf = json_pack("{s:{s:s}}", "answers", "anticoagulant", "yes");
    json_t *res = NULL;
    assert_int_equal(tdn_intake_confirm(f.s, &f.act, &form, rules, kb, pid, conf, &res, &err),
                     TDN_OK);
    assert_int_equal(fixture_int(&f, "SELECT count(*) FROM screening WHERE reasons LIKE "
                                     "'%bleeding.anticoagulant%' AND profile LIKE '%calf:R%'"),
                     1); /* the engine decided; the pain map is the plan */
    assert_int_equal(fixture_int(&f, "SELECT count(*) FROM intake WHERE status = 'reviewed' AND "
                                     "screening_id = (SELECT id FROM screening) AND answers LIKE "
                                     "'%\"anticoagulant\":\"unsure\"%' AND confirmed LIKE "
                                     "'%\"anticoagulant\":\"yes\"%'"),
                     1);
    /* never twice; the patient's answers never change */
    assert_int_equal(tdn_intake_confirm(f.s, &f.act, &form, rules, kb, pid, conf, NULL, &err),
                     TDN_EINPUT);
    assert_non_null(strstr(err.msg, "refused"));
    assert_int_not_equal(fixture_exec(&f, "UPDATE intake SET answers = '{}'"), 0);
    json_decref(res);
    json_decref(conf);
    json_decref(sub);
    json_decref(bad);
    tdn_screen_rules_free(rules);
    tdn_kb_free(kb);
    fixture_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_questions_fill_the_vocabulary),
        cmocka_unit_test(bad_rows_name_line_and_field),
        cmocka_unit_test(answers_are_checked),
        cmocka_unit_test(submit_then_confirm),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
