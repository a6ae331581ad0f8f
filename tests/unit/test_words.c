/* test_words.c — words instead of codes: every screening vocabulary code has
 * a label a person reads; the pages' text helpers turn codes inside advice
 * into words and drop the API's "field:" from messages; the outcome
 * thresholds (data/outcome_thresholds.tsv) load with their sources and a bad
 * row is refused naming file, line and field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "app/kbfiles.h"
#include "core/outcome.h"
#include "core/screen.h"
#include "web/pages.h"

static void every_screening_code_has_words(void **state)
{
    (void)state;
    int vocabs[] = {TDN_VOCAB_CONDITION, TDN_VOCAB_LOCAL, TDN_VOCAB_PREGNANCY, TDN_VOCAB_CONSENT};
    for (size_t v = 0; v < 4; v++)
        for (int i = 0; i < tdn_screen_vocab_count(vocabs[v]); i++) {
            const char *label = tdn_screen_vocab_label(vocabs[v], i);
            assert_non_null(label);
            if (strchr(label, '_')) fail_msg("label '%s' is a code", label);
        }
    assert_string_equal(tdn_screen_vocab_label(TDN_VOCAB_CONDITION, 0), "Bleeding disorder");
    assert_string_equal(tdn_screen_vocab_label(TDN_VOCAB_PREGNANCY, 1), "First trimester");
    assert_null(tdn_screen_vocab_label(TDN_VOCAB_CONDITION, 99));
}

static void words_text(const tdn_kb *kb, const char *in, const char *want)
{
    tdn_buf b = {0};
    tdn_words_text(kb, &b, in);
    if (strcmp(tdn_buf_str(&b), want) != 0)
        fail_msg("'%s' -> '%s', want '%s'", in, tdn_buf_str(&b), want);
    tdn_buf_free(&b);
}

static void codes_in_advice_become_words(void **state)
{
    (void)state;
    tdn_kb *kb;
    tdn_kbfiles files;
    tdn_err err = {0};
    if (tdn_kb_open(&kb, &files, NULL, &err)) fail_msg("%s", err.msg);
    words_text(kb,
               "Nerves near the trigger points at posterior_neck:R: upper_trapezius "
               "(nerve:spinal_accessory).",
               "Nerves near the trigger points at back of the neck, right: upper trapezius "
               "(spinal accessory nerve).");
    words_text(
        kb, "Infection at calf:L; shoulder_top is near vessel:carotid_artery & <b>",
        "Infection at calf, left; top of the shoulder is near carotid artery &amp; &lt;b&gt;");
    words_text(kb, "Lung field: pneumothorax risk.", "Lung field: pneumothorax risk.");
    /* a code that starts the text keeps its capital; a joint motion and a
     * muscle keep their side; a plain snake_case code is spaced */
    words_text(kb, "posterior_neck:B hurts", "Back of the neck, both sides hurts");
    words_text(kb, "cervical_lateral_flexion:R, active", "cervical lateral flexion, right, active");
    words_text(kb, "at upper_trapezius:L; dry_needling", "at upper trapezius, left; dry needling");
    tdn_kb_free(kb);
    tdn_kbfiles_free(&files);
}

static void messages_lose_the_field(void **state)
{
    (void)state;
    assert_string_equal(tdn_words_message("login: wrong user name or password"),
                        "wrong user name or password");
    assert_string_equal(tdn_words_message("role: not for a front_desk"), "not for a front_desk");
    assert_string_equal(tdn_words_message("Already closed."), "Already closed.");
    assert_string_equal(tdn_words_message("profile: "), "profile: ");
}

static void thresholds_load_with_sources(void **state)
{
    (void)state;
    tdn_kbfiles files;
    tdn_err err = {0};
    assert_int_equal(tdn_kbfiles_load(&files, NULL, &err), TDN_OK);
    tdn_thresholds th;
    if (tdn_thresholds_load(&th, files.files, files.n, &err)) fail_msg("%s", err.msg);
    const tdn_threshold *t = tdn_threshold_find(&th, "nprs", "mcid");
    assert_non_null(t); /* Farrar 2001: 2 points on the 0-10 NPRS */
    assert_true(t->value == 2);
    assert_non_null(strstr(t->source, "Farrar"));
    assert_null(tdn_threshold_find(&th, "nprs", "mdc"));
    tdn_kbfiles_free(&files);

    static const char bad[] = "measure\tthreshold\tunit\tkind\tsource\n"
                              "nprs\t-1\tpoints\tmcid\tsomeone somewhere 2001\n";
    tdn_text_file f = {TDN_OUTCOME_FILE, bad, sizeof bad - 1};
    assert_int_equal(tdn_thresholds_load(&th, &f, 1, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "outcome_thresholds.tsv:2: threshold:"));
    assert_int_equal(th.n, 0);
    static const char twice[] = "measure\tthreshold\tunit\tkind\tsource\n"
                                "nprs\t2\tpoints\tmcid\tsomeone somewhere 2001\n"
                                "nprs\t3\tpoints\tmcid\tsomeone somewhere 2002\n";
    f = (tdn_text_file){TDN_OUTCOME_FILE, twice, sizeof twice - 1};
    assert_int_equal(tdn_thresholds_load(&th, &f, 1, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, ":3: measure:"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_screening_code_has_words),
        cmocka_unit_test(codes_in_advice_become_words),
        cmocka_unit_test(messages_lose_the_field),
        cmocka_unit_test(thresholds_load_with_sources),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
