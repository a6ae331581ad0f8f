/* test_web_conflict.c — an edit conflict reaches the web as 409 Conflict:
 * saving a session that someone else saved since it was loaded is refused by
 * the store, and tdn_resp_err maps that refusal to 409, not 400. */
#include "session_store_fixture.h"

#include "web/http.h"

static void stale_save_answers_409(void **state)
{
    sx *x = *state;
    tdn_err err = {0};
    tdn_patient p = fixture_patient("Dee Conflict");
    int64_t pid = 0, sid = 0;
    assert_int_equal(tdn_store_patient_add(sf.s, &sf.act, &p, &pid, &err), TDN_OK);
    tdn_open_input in = {.has_consent = true};
    assert_int_equal(tdn_session_open(x->s, &x->rules, &in, sf.act.now, &err), TDN_OK);
    tdn_session row = {.patient_id = pid};
    assert_int_equal(tdn_store_needling_open(sf.s, &sf.act, &row, 0, x->s, &sid, &err), TDN_OK);
    static tdn_needling_record first, second;
    assert_int_equal(tdn_store_needling_load(sf.s, &sf.act, sid, &first, &err), TDN_OK);
    assert_int_equal(tdn_store_needling_load(sf.s, &sf.act, sid, &second, &err), TDN_OK);
    tdn_needling_change ch = {.detail = "abort"};
    *x->s = first.needling;
    assert_int_equal(tdn_session_abort(x->s, "first", sf.act.now + 5, NULL, &err), TDN_OK);
    assert_int_equal(tdn_store_needling_save(sf.s, &sf.act, &first, x->s, &ch, &err), TDN_OK);
    *x->s = second.needling;
    assert_int_equal(tdn_session_abort(x->s, "second", sf.act.now + 6, NULL, &err), TDN_OK);
    assert_int_equal(tdn_store_needling_save(sf.s, &sf.act, &second, x->s, &ch, &err), TDN_EINPUT);
    tdn_resp resp = {0};
    tdn_resp_err(&resp, &err);
    assert_int_equal(resp.status, 409);
    tdn_buf_free(&resp.body);
    /* an input error stays 400 */
    tdn_err bad = {0};
    tdn_err_set(&bad, TDN_EINPUT, "reason: must not be empty");
    tdn_resp resp2 = {0};
    tdn_resp_err(&resp2, &bad);
    assert_int_equal(resp2.status, 400);
    tdn_buf_free(&resp2.body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(stale_save_answers_409, sxs_setup, sxs_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
