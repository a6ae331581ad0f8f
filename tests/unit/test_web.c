/* test_web.c — the web layer's pure parts: typed field validation (every
 * problem names the field), HTML escaping of every %s in tdn_html, and the
 * body chart covering every region code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "web/routes.h"

static const tdn_field fields[] = {
    {"name", TDN_F_STR, true, 1, 20, 0},
    {"age", TDN_F_INT, false, 0, 130, 0},
    {"value", TDN_F_NUM, false, 0, 10, 0},
    {"birth", TDN_F_DATE, false, 0, 0, 0},
    {"kind", TDN_F_ENUM, false, 0, 0, "pre|post"},
    {"id", TDN_F_ID, false, 0, 0, 0},
    {"ok", TDN_F_BOOL, false, 0, 0, 0},
    {0},
};

static void expect_bad(const char *json, const char *msg)
{
    json_t *o = json_loads(json, 0, NULL);
    assert_non_null(o);
    tdn_err err = {0};
    assert_int_equal(tdn_fields_check(fields, o, false, &err), TDN_EINPUT);
    if (!strstr(err.msg, msg)) fail_msg("'%s' lacks '%s'", err.msg, msg);
    json_decref(o);
}

static void fields_name_the_problem(void **state)
{
    (void)state;
    expect_bad("{}", "name: required");
    expect_bad("{\"name\":\"\"}", "name: must not be empty");
    expect_bad("{\"name\":\"a\",\"age\":131}", "age: must be a whole number from 0 to 130");
    expect_bad("{\"name\":\"a\",\"age\":\"3\"}", "age:");
    expect_bad("{\"name\":\"a\",\"value\":10.5}", "value: must be a number from 0 to 10");
    expect_bad("{\"name\":\"a\",\"birth\":\"2023-02-29\"}", "birth: '2023-02-29' is not a date");
    expect_bad("{\"name\":\"a\",\"kind\":\"during\"}", "kind: 'during' is not one of pre/post");
    expect_bad("{\"name\":\"a\",\"id\":0}", "id: must be a record id");
    expect_bad("{\"name\":\"a\",\"ok\":1}", "ok: must be true or false");
    expect_bad("{\"name\":\"a\",\"extra\":1}", "extra: unknown field");
    expect_bad("{\"name\":\"a\\u0001\"}", "name: contains a control character");
    expect_bad("{\"name\":\"aaaaaaaaaaaaaaaaaaaaa\"}", "name: longer than 20");
}

static void fields_accept_good_and_coerce_text(void **state)
{
    (void)state;
    json_t *o = json_pack("{s:s,s:s,s:s,s:s}", "name", "Ann", "age", "42", "birth", "2024-02-29",
                          "ok", "on");
    tdn_err err = {0};
    assert_int_equal(tdn_fields_check(fields, o, true, &err), TDN_OK);
    assert_int_equal(json_integer_value(json_object_get(o, "age")), 42);
    assert_true(json_is_true(json_object_get(o, "ok")));
    json_decref(o);
}

static void html_escapes_every_string(void **state)
{
    (void)state;
    tdn_buf b = {0};
    tdn_html(&b, "<p title=\"%s\">%s %d %.1f %lld%%</p>", "\"x\"", "<b>&'", 7, 1.25, 5LL);
    assert_string_equal(tdn_buf_str(&b),
                        "<p title=\"&quot;x&quot;\">&lt;b&gt;&amp;&#39; 7 1.2 5%</p>");
    tdn_buf_free(&b);
}

static void sign_in_next_stays_on_this_site(void **state)
{
    (void)state;
    assert_true(tdn_safe_next("/today"));
    assert_true(tdn_safe_next("/patients?search=ann"));
    assert_false(tdn_safe_next(NULL));
    assert_false(tdn_safe_next(""));
    assert_false(tdn_safe_next("today"));
    assert_false(tdn_safe_next("//evil.example"));
    assert_false(tdn_safe_next("/\\evil.example"));
    assert_false(tdn_safe_next("/\t/evil.example"));
    assert_false(tdn_safe_next("/x\r\nSet-Cookie: a=b"));
    assert_false(tdn_safe_next("https://evil.example"));
}

static void bodychart_covers_every_region(void **state)
{
    (void)state;
    tdn_err err = {0};
    if (tdn_bodychart_check(&err)) fail_msg("%s", err.msg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fields_name_the_problem),
        cmocka_unit_test(fields_accept_good_and_coerce_text),
        cmocka_unit_test(html_escapes_every_string),
        cmocka_unit_test(bodychart_covers_every_region),
        cmocka_unit_test(sign_in_next_stays_on_this_site),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
