/* test_aftercare.c — the aftercare handout per session type (deep, superficial,
 * e-stim, lung field: the pneumothorax warning aftercare.pneumothorax), its
 * HTML form, aftercare.tsv validation, and the SOAP session note. */
#include "session_fixture.h"

#include <stdio.h>

#include "core/note.h"

static tdn_handout handout;

/* True when section id of the handout has a line containing text. */
static bool has(const char *section, const char *text)
{
    for (int i = 0; i < handout.n_sections; i++) {
        if (strcmp(handout.sections[i].id, section) != 0) continue;
        for (int j = 0; j < handout.sections[i].n_lines; j++)
            if (strstr(handout.sections[i].lines[j], text)) return true;
    }
    return false;
}

static void build(sx *x)
{
    tdn_err err = {0};
    int rc = tdn_aftercare_handout(x->aftercare, x->kb, x->s, NULL, &handout, &err);
    if (rc) print_error("%s\n", err.msg);
    assert_int_equal(rc, TDN_OK);
}

static void always_lines(void)
{
    assert_true(has("do", "Drink plenty of water"));
    assert_true(has("do", "warm shower"));
    assert_true(has("do", "light stretching and gentle movement within your new"));
    assert_true(has("do", "loose"));
    assert_true(has("avoid", "No intense exercise, heavy lifting"));
    assert_true(has("expect", "24 to 48 hours"));
    assert_true(has("call", "fever"));
    assert_true(has("call", "redness"));
}

/* Deep needling near the lung: regions, deep line, pneumothorax warning. */
static void deep_lung_session_warns_aftercare_pneumothorax(void **state)
{
    sx *x = *state;
    sx_open_screened(x);
    sx_insert(x, "upper_trapezius", 'R', TDN_TECH_DEEP, T0);
    sx_insert(x, "upper_trapezius", 'R', TDN_TECH_DEEP, T0 + 5);
    sx_insert(x, "levator_scapulae", 'R', TDN_TECH_DEEP, T0 + 9);
    build(x);
    assert_non_null(strstr(handout.title, "2026-11-23"));
    assert_string_equal(handout.sections[0].id, "did");
    assert_true(has("did", "Right upper trapezius (top of the shoulder, back of the neck)"));
    assert_true(has("did", "Right levator scapulae (back of the neck, shoulder blade)"));
    assert_int_equal(handout.sections[0].n_lines, 2 + 1); /* 2 muscles (not 3 needles), deep */
    assert_true(has("did", "Deep dry needling"));
    assert_false(has("did", "Superficial"));
    assert_false(has("did", "Electrical"));
    always_lines();
    assert_true(handout.lung && handout.deep && !handout.superficial && !handout.estim);
    assert_true(has("urgent", "short of breath"));
    assert_true(has("urgent", "chest pain"));
    assert_true(has("urgent", "pneumothorax"));
    assert_string_equal(handout.sections[handout.n_sections - 1].id, "urgent");
}

/* Superficial, away from the thorax: no deep line, no pneumothorax warning. */
static void superficial_calf_session_no_lung_warning(void **state)
{
    sx *x = *state;
    sx_open_screened(x);
    sx_insert(x, "gastrocnemius", 'L', TDN_TECH_SUPERFICIAL, T0);
    build(x);
    assert_true(has("did", "Left gastrocnemius (calf)"));
    assert_true(has("did", "Superficial dry needling"));
    assert_false(has("did", "Deep dry needling"));
    always_lines();
    assert_false(handout.lung);
    assert_false(has("urgent", "pneumothorax"));
    for (int i = 0; i < handout.n_sections; i++)
        assert_string_not_equal(handout.sections[i].id, "urgent");
}

static void estim_session_mentions_estim(void **state)
{
    sx *x = *state;
    tdn_err err = {0};
    sx_open_screened(x);
    int n = sx_insert(x, "gastrocnemius", 'R', TDN_TECH_DEEP, T0);
    tdn_estim_input e = {.freq_hz = 2, .pulse_us = 250, .duration_s = 600, .intensity = "mild"};
    assert_int_equal(tdn_session_estim(x->s, n, &e, T0 + 10, &err), TDN_OK);
    build(x);
    assert_true(has("did", "Electrical stimulation"));
    assert_true(has("expect", "tired"));
    assert_true(has("did", "Deep dry needling"));
}

static void no_needle_no_handout(void **state)
{
    sx *x = *state;
    tdn_err err = {0};
    sx_open_screened(x);
    assert_int_equal(tdn_aftercare_handout(x->aftercare, x->kb, x->s, NULL, &handout, &err),
                     TDN_EINPUT);
    assert_non_null(strstr(err.msg, "no needle"));
}

static void text_and_html_forms(void **state)
{
    sx *x = *state;
    sx_open_screened(x);
    sx_insert(x, "infraspinatus", 'R', TDN_TECH_DEEP, T0);
    build(x);
    snprintf(handout.sections[0].lines[0], TDN_AFTERCARE_TEXT, "We treated <you> & \"them\":");
    tdn_buf b = {0};
    tdn_handout_text(&handout, &b);
    assert_non_null(strstr(tdn_buf_str(&b), "\nWhat we did today\n  - We treated <you>"));
    tdn_buf_reset(&b);
    tdn_handout_html(&handout, &b);
    const char *html = tdn_buf_str(&b);
    assert_non_null(strstr(html, "<article class=\"handout\">\n<h1>After your dry needling"));
    assert_non_null(strstr(html, "<section class=\"handout-did\">"));
    assert_non_null(strstr(html, "<li>We treated &lt;you&gt; &amp; &quot;them&quot;:</li>"));
    assert_null(strstr(html, "<you>"));
    tdn_buf_free(&b);
}

static void loader_errors(void **state)
{
    (void)state;
    const char *head = "id\twhen\tsection\ttext\tsource\n";
    const char *lung = "aftercare.ptx\tlung\turgent\tbreathless: urgent care\ts\n";
    struct {
        const char *rows;
        const char *want;
    } cases[] = {
        {"aftercare.a\talways\tdo\tDrink\ts\n", "pneumothorax warning"},
        {"aftercare.a\tsometimes\tdo\tDrink\ts\n", "aftercare.tsv:2: when"},
        {"aftercare.a\talways\tmaybe\tDrink\ts\n", "section"},
        {"aftercare.a\talways\tdo\tDrink\ts\naftercare.a\talways\tdo\tEat\ts\n", "given twice"},
        {"hydrate\talways\tdo\tDrink\ts\n", "id"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        char text[1024];
        bool with_lung = c > 0;
        int len = snprintf(text, sizeof text, "%s%s%s", head, cases[c].rows, with_lung ? lung : "");
        tdn_text_file f = {"aftercare.tsv", text, (size_t)len};
        static tdn_aftercare_rules a;
        tdn_err err = {0};
        int rc = tdn_aftercare_load(&a, &f, 1, &err);
        if (!strstr(err.msg, cases[c].want)) print_error("%s lacks %s\n", err.msg, cases[c].want);
        assert_int_equal(rc, TDN_EINPUT);
        assert_non_null(strstr(err.msg, cases[c].want));
    }
}

/* The SOAP note of a deep session: S, O, A/P with needling, ledger, CPT, ICD. */
static void note_of_a_deep_session(void **state)
{
    sx *x = *state;
    tdn_err err = {0};
    sx_open_screened(x);
    tdn_insert in = {.muscle = "upper_trapezius",
                     .side = 'R',
                     .technique = TDN_TECH_DEEP,
                     .guide_tube = true,
                     .palpation = "pincer",
                     .gauge_mm = 0.25,
                     .length_mm = 40};
    tdn_insert_result res;
    assert_int_equal(tdn_session_insert(x->s, x->kb, &x->rules, &in, T0 + 60, &res, &err), 0);
    in.muscle = "levator_scapulae";
    in.palpation = "flat";
    assert_int_equal(tdn_session_insert(x->s, x->kb, &x->rules, &in, T0 + 120, &res, &err), 0);
    assert_int_equal(tdn_session_ltr(x->s, 1, T0 + 70, &err), 0);
    assert_int_equal(tdn_session_ltr(x->s, 1, T0 + 80, &err), 0);
    assert_int_equal(tdn_session_redirect(x->s, 1, T0 + 90, &err), 0);
    assert_int_equal(tdn_session_withdraw(x->s, 1, T0 + 660, &err), 0);
    assert_int_equal(tdn_session_ae(x->s, "bruising", "mild", "small bruise", 2, T0 + 700, &err),
                     0);
    assert_int_equal(tdn_session_withdraw(x->s, 2, T0 + 720, &err), 0);
    assert_int_equal(tdn_session_close(x->s, T0 + 780, NULL, &err), 0);
    tdn_pain pains[] = {{tdn_region_find("posterior_neck"), 'R', 6},
                        {tdn_region_find("temple"), 'R', -1}};
    tdn_note_finding f[] = {{"upper_trapezius", 'R', true, true, true, false, true, false}};
    tdn_note_measure m[] = {{"nprs", "posterior_neck:R", "pre", 6, "/10"},
                            {"rom", "cervical_rotation_L", "pre", 55, " deg"},
                            {"nprs", "posterior_neck:R", "post", 3, "/10"}};
    tdn_note_input ni = {.pains = pains,
                         .n_pains = 2,
                         .findings = f,
                         .n_findings = 1,
                         .measures = m,
                         .n_measures = 3,
                         .condition = "Neck pain",
                         .icd10 = "M54.2",
                         .plan = "home stretching; review in 1 week"};
    tdn_billing bill = tdn_billing_derive(&x->billing, x->s);
    tdn_buf b = {0};
    tdn_session_note(x->kb, x->s, &bill, &ni, &b);
    const char *note = tdn_buf_str(&b);
    const char *want[] = {
        "SESSION NOTE 2026-11-23",
        "Screening: consent and a valid screening on record",
        "Pain map: Back of the neck, right 6/10; Temple, right\n",
        "Upper trapezius, right: active trigger point, taut band, hyperirritable spot, referred pain",
        "Pain (NPRS), back of the neck, right: pre 6/10 post 3/10 (change -3)",
        "Range of motion, cervical rotation L: pre 55 deg\n",
        "Needling: 2 needles in 2 muscles",
        "    Upper trapezius, right\n",
        "#1 deep, guide tube, pincer palpation, needle 0.25 x 40 mm",
        "dwell 10 min 0 s; LTRs 2, redirections 1",
        "#2 deep, guide tube, flat palpation",
        "hazards: lung, spinal accessory nerve (longest needle 40 mm)",
        "Ledger: 2 inserted = 2 withdrawn + 0 broken + 0 still in",
        "Bruising (mild)",
        "needle #2: small bruise",
        "Plan of care: home stretching; review in 1 week",
        "CPT 20560: Needle insertion(s) without injection(s); 1 or 2 muscle(s) (2 distinct "
        "muscles)\n",
        "ICD-10-CM M54.2: Neck pain",
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        if (!strstr(note, want[i])) print_error("note lacks: %s\n---\n%s\n", want[i], note);
        assert_non_null(strstr(note, want[i]));
    }
    assert_null(strstr(note, "Overrides"));
    assert_null(strstr(note, "billing.")); /* words, never rule ids */
    tdn_buf_free(&b);
}

/* An unscreened session needled under override: the note says so. */
static void note_shows_overrides_and_unscreened(void **state)
{
    sx *x = *state;
    tdn_err err = {0};
    tdn_open_input oi = {.has_consent = true};
    assert_int_equal(tdn_session_open(x->s, &x->rules, &oi, T0, &err), 0);
    tdn_insert in = {.muscle = "gastrocnemius",
                     .side = 'L',
                     .technique = TDN_TECH_SUPERFICIAL,
                     .override = "screened verbally, form to follow"};
    tdn_insert_result res;
    assert_int_equal(tdn_session_insert(x->s, x->kb, &x->rules, &in, T0 + 5, &res, &err), 0);
    tdn_note_input ni = {0};
    tdn_billing bill = tdn_billing_derive(&x->billing, x->s);
    tdn_buf b = {0};
    tdn_session_note(x->kb, x->s, &bill, &ni, &b);
    const char *note = tdn_buf_str(&b);
    assert_non_null(strstr(note, "NOT screened at opening: no screening on record"));
    assert_non_null(
        strstr(note, "Needled without a valid screening at needle #1: \"screened verbally"));
    assert_null(strstr(note, "protocol."));
    assert_non_null(strstr(note, "STILL IN"));
    assert_non_null(strstr(note, "1 round"));
    assert_non_null(strstr(note, "ICD-10-CM: no episode diagnosis recorded"));
    tdn_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(deep_lung_session_warns_aftercare_pneumothorax),
        cmocka_unit_test(superficial_calf_session_no_lung_warning),
        cmocka_unit_test(estim_session_mentions_estim),
        cmocka_unit_test(no_needle_no_handout),
        cmocka_unit_test(text_and_html_forms),
        cmocka_unit_test(loader_errors),
        cmocka_unit_test(note_of_a_deep_session),
        cmocka_unit_test(note_shows_overrides_and_unscreened),
    };
    return cmocka_run_group_tests(tests, sx_setup, sx_teardown);
}
