/* test_invite.c — patient portal invitations (app/invite.h, store.h): the
 * code's shape and alphabet, the login created without a password, one use
 * only, expiry, a newer invitation replacing the older, a bad password using
 * nothing up, unknown patients refused with nothing written, and the audit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "app/invite.h"
#include "app/password.h"
#include "store_fixture.h"

#define GOOD_PW "quiet-harbour-lantern-7"

static int setup(void **state)
{
    static store_fixture f;
    if (fixture_open(&f)) return -1;
    tdn_err err = {0};
    tdn_patient p = {.name = "Ana Diaz", .birth = "1980-02-03", .sex = "F"};
    if (tdn_store_patient_add(f.s, &f.act, &p, NULL, &err)) return -1;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture_close(*state);
    return 0;
}

static void code_has_the_documented_shape(void **state)
{
    (void)state;
    char a[TDN_INVITE_CODE_MAX + 1], b[TDN_INVITE_CODE_MAX + 1];
    tdn_invite_code_new(a);
    tdn_invite_code_new(b);
    assert_int_equal(strlen(a), 14);
    assert_int_equal(a[4], '-');
    assert_int_equal(a[9], '-');
    assert_string_not_equal(a, b);
    for (const char *p = a; *p; p++)
        assert_null(strchr("01OI", *p));
    char h1[65], h2[65];
    tdn_err err = {0};
    assert_int_equal(tdn_invite_code_hash(a, h1, &err), TDN_OK);
    char typed[32]; /* as a patient may type it: lower case, spaces */
    snprintf(typed, sizeof typed, " %c%c%c%c %c%c%c%c%c%c%c%c", a[0] | 32, a[1] | 32, a[2], a[3],
             a[5], a[6], a[7], a[8], a[10], a[11], a[12], a[13]);
    assert_int_equal(tdn_invite_code_hash(typed, h2, &err), TDN_OK);
    assert_string_equal(h1, h2);
    assert_int_equal(tdn_invite_code_hash("ABCD-EFGH-JKL", h2, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "code:"));
    assert_int_equal(tdn_invite_code_hash("ABCD-EFGH-JKL0", h2, &err), TDN_EINPUT);
}

static void invite_creates_a_login_without_password(void **state)
{
    store_fixture *f = *state;
    tdn_err err = {0};
    char code[TDN_INVITE_CODE_MAX + 1];
    tdn_invitation inv;
    assert_int_equal(tdn_invite_create(f->s, &f->act, 1, 0, code, &inv, &err), TDN_OK);
    assert_string_equal(inv.username, "patient1");
    assert_int_equal(inv.expires, f->act.now + TDN_INVITE_HOURS_DEFAULT * 3600);
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM \"user\" WHERE role = 'patient' AND "
                                    "patient_id = 1 AND password_hash = ''"),
                     1);
    /* only the hash is kept */
    char hash[65];
    assert_int_equal(tdn_invite_code_hash(code, hash, &err), TDN_OK);
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM invitation WHERE length(code_hash) = 64 "
                                    "AND code_hash NOT LIKE '%-%'"),
                     1);
    tdn_invite_state st;
    assert_int_equal(tdn_store_invite_state(f->s, hash, f->act.now, &st, &err), TDN_OK);
    assert_int_equal(st, TDN_INVITE_VALID);
    /* nobody signs in to the new login before the code is used */
    tdn_login l;
    assert_int_equal(tdn_store_login_fetch(f->s, "127.0.0.1", "patient1", f->act.now, &l, &err),
                     TDN_OK);
    assert_true(l.found);
    assert_false(tdn_password_verify(l.hash, ""));
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM audit WHERE action = 'create' AND tbl "
                                    "IN ('user', 'invitation') AND patient_id = 1"),
                     2);
}

static void code_works_once(void **state)
{
    store_fixture *f = *state;
    tdn_err err = {0};
    char code[TDN_INVITE_CODE_MAX + 1];
    tdn_invitation inv;
    assert_int_equal(tdn_invite_create(f->s, &f->act, 1, 1, code, &inv, &err), TDN_OK);
    tdn_act later = {"web", f->act.now + 600};
    tdn_invite_state st;
    tdn_user u;
    assert_int_equal(tdn_invite_redeem(f->s, &later, code, GOOD_PW, &st, &u, &err), TDN_OK);
    assert_int_equal(st, TDN_INVITE_VALID);
    assert_string_equal(u.username, "patient1");
    assert_int_equal(u.patient_id, 1);
    tdn_login l;
    assert_int_equal(tdn_store_login_fetch(f->s, "127.0.0.1", "patient1", later.now, &l, &err),
                     TDN_OK);
    assert_true(tdn_password_verify(l.hash, GOOD_PW));
    /* again: refused, the password stays */
    assert_int_equal(tdn_invite_redeem(f->s, &later, code, "another-long-phrase", &st, &u, &err),
                     TDN_OK);
    assert_int_equal(st, TDN_INVITE_USED);
    assert_string_equal(u.username, "");
    assert_int_equal(tdn_store_login_fetch(f->s, "127.0.0.1", "patient1", later.now, &l, &err),
                     TDN_OK);
    assert_true(tdn_password_verify(l.hash, GOOD_PW));
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM audit WHERE action = 'invite_failed'"),
                     1);
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM audit WHERE action = 'use' AND "
                                    "actor = 'patient1'"),
                     1);
    assert_non_null(strstr(tdn_invite_state_words(TDN_INVITE_USED), "already been used"));
}

static void expired_and_unknown_codes_are_refused(void **state)
{
    store_fixture *f = *state;
    tdn_err err = {0};
    char code[TDN_INVITE_CODE_MAX + 1];
    tdn_invitation inv;
    assert_int_equal(tdn_invite_create(f->s, &f->act, 1, 2, code, &inv, &err), TDN_OK);
    tdn_act late = {"web", f->act.now + 2 * 3600}; /* the expiry instant itself is too late */
    tdn_invite_state st;
    tdn_user u;
    assert_int_equal(tdn_invite_redeem(f->s, &late, code, GOOD_PW, &st, &u, &err), TDN_OK);
    assert_int_equal(st, TDN_INVITE_EXPIRED);
    assert_non_null(strstr(tdn_invite_state_words(st), "expired"));
    char other[TDN_INVITE_CODE_MAX + 1];
    tdn_invite_code_new(other);
    assert_int_equal(tdn_invite_redeem(f->s, &f->act, other, GOOD_PW, &st, &u, &err), TDN_OK);
    assert_int_equal(st, TDN_INVITE_UNKNOWN);
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM \"user\" WHERE password_hash = ''"), 1);
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM audit WHERE action = 'invite_failed'"),
                     2);
}

static void bad_password_uses_nothing_up(void **state)
{
    store_fixture *f = *state;
    tdn_err err = {0};
    char code[TDN_INVITE_CODE_MAX + 1];
    tdn_invitation inv;
    assert_int_equal(tdn_invite_create(f->s, &f->act, 1, 0, code, &inv, &err), TDN_OK);
    tdn_invite_state st;
    tdn_user u;
    assert_int_equal(tdn_invite_redeem(f->s, &f->act, code, "short", &st, &u, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "password:"));
    assert_int_equal(tdn_invite_redeem(f->s, &f->act, code, "unbelievable", &st, &u, &err),
                     TDN_EINPUT); /* on the common list */
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM invitation WHERE used_at = 0"), 1);
    assert_int_equal(tdn_invite_redeem(f->s, &f->act, code, GOOD_PW, &st, &u, &err), TDN_OK);
    assert_int_equal(st, TDN_INVITE_VALID);
}

static void newer_invitation_replaces_older(void **state)
{
    store_fixture *f = *state;
    tdn_err err = {0};
    char first[TDN_INVITE_CODE_MAX + 1], second[TDN_INVITE_CODE_MAX + 1];
    tdn_invitation a, b;
    assert_int_equal(tdn_invite_create(f->s, &f->act, 1, 0, first, &a, &err), TDN_OK);
    assert_int_equal(tdn_invite_create(f->s, &f->act, 1, 0, second, &b, &err), TDN_OK);
    assert_int_equal(a.user_id, b.user_id); /* one login per patient */
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM \"user\""), 1);
    tdn_invite_state st;
    tdn_user u;
    assert_int_equal(tdn_invite_redeem(f->s, &f->act, first, GOOD_PW, &st, &u, &err), TDN_OK);
    assert_int_equal(st, TDN_INVITE_USED);
    assert_int_equal(tdn_invite_redeem(f->s, &f->act, second, GOOD_PW, &st, &u, &err), TDN_OK);
    assert_int_equal(st, TDN_INVITE_VALID);
}

static void store_refuses_a_non_hash_password(void **state)
{
    store_fixture *f = *state;
    tdn_err err = {0};
    char code[TDN_INVITE_CODE_MAX + 1], hash[65];
    tdn_invitation inv;
    assert_int_equal(tdn_invite_create(f->s, &f->act, 1, 0, code, &inv, &err), TDN_OK);
    assert_int_equal(tdn_invite_code_hash(code, hash, &err), TDN_OK);
    tdn_invite_state st;
    tdn_user u;
    assert_int_equal(tdn_store_invite_redeem(f->s, &f->act, hash, NULL, &st, &u, &err), TDN_EINPUT);
    assert_int_equal(tdn_store_invite_redeem(f->s, &f->act, hash, "plain text", &st, &u, &err),
                     TDN_EINPUT);
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM invitation WHERE used_at = 0"), 1);
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM \"user\" WHERE password_hash = ''"), 1);
}

static void bad_input_writes_nothing(void **state)
{
    store_fixture *f = *state;
    tdn_err err = {0};
    char code[TDN_INVITE_CODE_MAX + 1];
    tdn_invitation inv;
    long long before = fixture_int(f, "SELECT count(*) FROM audit");
    assert_int_equal(tdn_invite_create(f->s, &f->act, 99, 0, code, &inv, &err), TDN_EINPUT);
    assert_string_equal(err.msg, "patient: no patient with id 99");
    assert_string_equal(code, "");
    assert_int_equal(
        tdn_invite_create(f->s, &f->act, 1, TDN_INVITE_HOURS_MAX + 1, code, &inv, &err),
        TDN_EINPUT);
    assert_non_null(strstr(err.msg, "hours:"));
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM invitation"), 0);
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM \"user\""), 0);
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM audit"), before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(code_has_the_documented_shape),
        cmocka_unit_test_setup_teardown(invite_creates_a_login_without_password, setup, teardown),
        cmocka_unit_test_setup_teardown(code_works_once, setup, teardown),
        cmocka_unit_test_setup_teardown(expired_and_unknown_codes_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_password_uses_nothing_up, setup, teardown),
        cmocka_unit_test_setup_teardown(newer_invitation_replaces_older, setup, teardown),
        cmocka_unit_test_setup_teardown(store_refuses_a_non_hash_password, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_input_writes_nothing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
