/* test_kbjson.c — the locate answer written as text (app/kbjson.h) is valid
 * JSON with the documented fields and types, its strings escaped so that
 * they read back as they were, and the same as tdn_json_candidates gives;
 * tdn_buf_put_json_str escapes quotes, backslashes and control characters
 * and keeps UTF-8 as it is. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <jansson.h>
#include <string.h>

#include "app/kbjson.h"
#include "kb_fixture.h"

/* s written by tdn_buf_put_json_str reads back (jansson) as s. */
static void assert_round_trip(const char *s)
{
    tdn_buf b = {0};
    tdn_buf_put(&b, "[");
    tdn_buf_put_json_str(&b, s);
    tdn_buf_put(&b, "]");
    json_error_t e;
    json_t *v = json_loads(tdn_buf_str(&b), 0, &e);
    assert_non_null(v);
    assert_string_equal(json_string_value(json_array_get(v, 0)), s);
    json_decref(v);
    tdn_buf_free(&b);
}

static void json_strings_read_back_as_written(void **state)
{
    (void)state;
    assert_round_trip("");
    assert_round_trip("plain text");
    assert_round_trip("quote \" backslash \\ slash /");
    assert_round_trip("line\nbreak\ttab\rreturn\bback\fform \x01\x1f");
    assert_round_trip("M\xc3\xbcller \xe2\x80\x94 \xf0\x9f\x92\x89");
    tdn_buf b = {0};
    tdn_buf_put_json_str(&b, "a\"b\\c\n\x01");
    assert_string_equal(tdn_buf_str(&b), "\"a\\\"b\\\\c\\n\\u0001\"");
    tdn_buf_free(&b);
}

/* A muscle whose name needs escaping, ranked with others. */
static const char muscles[] = FIXTURE_MUSCLE_HEADER
    "quoted\tThe \"quoted\" \\ muscle\thead_neck\tshoulder_top\tposterior_neck,temple\t"
    "occiput\tpincer\ty\ty\tlung\t-\ttest\n"
    "plain\tPlain\thead_neck\tposterior_neck\tvertex\t-\tflat\tn\ty\t-\t-\ttest\n";

static void locate_text_has_the_documented_shape(void **state)
{
    (void)state;
    tdn_kb *kb = NULL;
    tdn_err err = {0};
    assert_int_equal(fixture_kb_muscles(&kb, muscles, &err), TDN_OK);
    tdn_pain pains[2];
    assert_int_equal(tdn_pain_parse("temple:R=6", &pains[0], &err), TDN_OK);
    assert_int_equal(tdn_pain_parse("vertex:L=3", &pains[1], &err), TDN_OK);
    tdn_candidate out[8];
    int n = 0;
    assert_int_equal(tdn_locate(kb, pains, 2, -1, out, 8, &n, &err), TDN_OK);
    assert_true(n >= 2);
    tdn_buf b = {0};
    tdn_json_candidates_text(kb, out, n, pains, 2, true, &b);
    json_error_t e;
    json_t *v = json_loads(tdn_buf_str(&b), 0, &e);
    assert_non_null(v);
    json_t *list = json_object_get(v, "candidates");
    assert_int_equal(json_array_size(list), (size_t)n);
    bool saw_quoted = false;
    for (int i = 0; i < n; i++) {
        json_t *c = json_array_get(list, (size_t)i);
        const tdn_muscle *m = &kb->muscles[out[i].muscle];
        assert_string_equal(json_string_value(json_object_get(c, "muscle")), m->id);
        assert_string_equal(json_string_value(json_object_get(c, "name")), m->name);
        saw_quoted |= strcmp(m->id, "quoted") == 0;
        assert_true(json_is_real(json_object_get(c, "score")));
        assert_true(json_is_real(json_object_get(c, "coverage")));
        assert_true(json_is_real(json_object_get(c, "specificity")));
        assert_true(json_is_null(json_object_get(c, "pattern")));
        assert_true(json_array_size(json_object_get(c, "reasons")) > 0);
        json_t *ex = json_object_get(c, "explains");
        assert_true(json_is_array(json_object_get(ex, "essential")));
        assert_true(json_is_array(json_object_get(ex, "spillover")));
        assert_true(json_is_array(json_object_get(ex, "unexplained")));
        assert_int_equal(json_array_size(json_object_get(c, "tp_sites")), (size_t)m->n_tp);
        assert_int_equal(json_array_size(json_object_get(c, "hazards")), (size_t)m->n_hazards);
        assert_true(json_is_boolean(json_object_get(c, "palpable")));
        assert_true(json_boolean_value(json_object_get(c, "palpable")) == m->palpable);
    }
    assert_true(saw_quoted);
    json_t *tree = tdn_json_candidates(kb, out, n, pains, 2, true);
    assert_true(json_equal(tree, v));
    json_decref(tree);
    json_decref(v);
    tdn_buf_free(&b);
    tdn_kb_free(kb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_strings_read_back_as_written),
        cmocka_unit_test(locate_text_has_the_documented_shape),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
