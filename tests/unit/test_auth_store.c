/* test_auth_store.c — web sign-in sessions in the store (auth_session):
 * create, read with its user, touch, end; starting and ending are audited;
 * malformed token hashes are refused; ending twice is harmless. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "store_fixture.h"

#define H1 "1111111111111111111111111111111111111111111111111111111111111111"
#define C1 "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"

static int setup(void **state)
{
    static store_fixture f;
    if (fixture_open(&f)) return -1;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture_close(*state);
    return 0;
}

static void session_lifecycle(void **state)
{
    store_fixture *f = *state;
    tdn_err err = {0};
    int64_t uid = 0;
    assert_int_equal(tdn_store_user_add(f->s, &f->act, "doc", "Dr Doc", "clinician",
                                        "long-enough-pw", 0, &uid, &err),
                     TDN_OK);
    tdn_auth_session a = {.token_hash = H1, .user_id = uid, .csrf = C1, .expires = 1700009999};
    assert_int_equal(tdn_store_auth_create(f->s, &f->act, &a, &err), TDN_OK);
    tdn_auth_session got;
    tdn_user u;
    assert_int_equal(tdn_store_auth_user(f->s, H1, &got, &u, &err), TDN_OK);
    assert_string_equal(u.username, "doc");
    assert_string_equal(u.role, "clinician");
    assert_string_equal(got.csrf, C1);
    assert_int_equal(got.last_seen, f->act.now);
    assert_int_equal(tdn_store_auth_touch(f->s, H1, f->act.now + 60, &err), TDN_OK);
    assert_int_equal(tdn_store_auth_get(f->s, H1, &got, &err), TDN_OK);
    assert_int_equal(got.last_seen, f->act.now + 60);
    assert_int_equal(tdn_store_auth_end(f->s, &f->act, H1, &err), TDN_OK);
    assert_int_equal(tdn_store_auth_user(f->s, H1, &got, &u, &err), TDN_EINPUT);
    assert_string_equal(err.msg, "session: not found");
    assert_int_equal(tdn_store_auth_end(f->s, &f->act, H1, &err), TDN_OK); /* twice: harmless */
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM audit WHERE tbl = 'auth_session' AND "
                                    "action IN ('login', 'logout')"),
                     2);
}

static void malformed_hashes_are_refused(void **state)
{
    store_fixture *f = *state;
    tdn_err err = {0};
    tdn_auth_session a = {.token_hash = "abc", .user_id = 1, .csrf = C1, .expires = 1};
    assert_int_equal(tdn_store_auth_create(f->s, &f->act, &a, &err), TDN_EINPUT);
    tdn_auth_session got;
    tdn_user u;
    assert_int_equal(tdn_store_auth_user(f->s, "' OR 1=1 --", &got, &u, &err), TDN_EINPUT);
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM auth_session"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(session_lifecycle, setup, teardown),
        cmocka_unit_test_setup_teardown(malformed_hashes_are_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
