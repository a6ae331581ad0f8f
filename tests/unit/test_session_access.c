/* test_session_access.c — who may read a needling session in the store
 * (tdn_store_needling_load_as): a patient only their own, the front desk only
 * a session of today's list. A refusal loads nothing, answers like a session
 * that does not exist, and is audited as "denied" with its reason, never as
 * a read. */
#include "session_store_fixture.h"

#include "app/needling.h"

static int64_t add_patient(const char *name)
{
    tdn_patient p = fixture_patient(name);
    int64_t id = 0;
    tdn_err err = {0};
    assert_int_equal(tdn_store_patient_add(sf.s, &sf.act, &p, &id, &err), TDN_OK);
    return id;
}

static int64_t open_session(sx *x, int64_t pid)
{
    tdn_err err = {0};
    tdn_open_input in = {.has_consent = true};
    assert_int_equal(tdn_session_open(x->s, &x->rules, &in, sf.act.now, &err), TDN_OK);
    tdn_session row = {.patient_id = pid};
    int64_t sid = 0;
    assert_int_equal(tdn_store_needling_open(sf.s, &sf.act, &row, 0, x->s, &sid, &err), TDN_OK);
    return sid;
}

static long long audits(const char *action, int64_t sid)
{
    char sql[200];
    snprintf(
        sql, sizeof sql,
        "SELECT count(*) FROM audit WHERE action = '%s' AND tbl = 'session' AND record_id = %lld",
        action, (long long)sid);
    return fixture_int(&sf, sql);
}

static void check_refused(int64_t sid, const tdn_session_reader *r, const char *why)
{
    static tdn_needling_record rec;
    tdn_err err = {0};
    long long reads = audits("read", sid), denials = audits("denied", sid);
    assert_int_equal(tdn_store_needling_load_as(sf.s, &sf.act, sid, r, &rec, &err), TDN_EINPUT);
    char want[64];
    snprintf(want, sizeof want, "session: no session with id %lld", (long long)sid);
    assert_string_equal(err.msg, want);
    assert_int_equal(rec.session.id, 0); /* nothing of the session is handed out */
    assert_int_equal(rec.session.patient_id, 0);
    assert_int_equal(audits("read", sid), reads);
    assert_int_equal(audits("denied", sid), denials + 1);
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM audit WHERE action = 'denied' AND record_id = %lld AND detail = "
             "'%s'",
             (long long)sid, why);
    assert_true(fixture_int(&sf, sql) >= 1);
}

static void check_allowed(int64_t sid, const tdn_session_reader *r)
{
    static tdn_needling_record rec;
    tdn_err err = {0};
    long long reads = audits("read", sid);
    assert_int_equal(tdn_store_needling_load_as(sf.s, &sf.act, sid, r, &rec, &err), TDN_OK);
    assert_int_equal(rec.session.id, sid);
    assert_int_equal(audits("read", sid), reads + 1);
}

static void patient_reads_only_their_own(void **state)
{
    int64_t ann = add_patient("Ann Own"), bob = add_patient("Bob Other");
    int64_t sid = open_session(*state, ann);
    check_allowed(sid, &(tdn_session_reader){.patient_id = ann});
    check_refused(sid, &(tdn_session_reader){.patient_id = bob}, "not the patient''s own session");
    check_allowed(sid, &(tdn_session_reader){0}); /* clinicians: no limit */
}

static void front_desk_reads_only_todays_list(void **state)
{
    int64_t sid = open_session(*state, add_patient("Cy Today"));
    int64_t t = sf.act.now;
    check_allowed(sid, &(tdn_session_reader){.opened_from = t - 3600, .opened_to = t + 3600});
    check_refused(sid, &(tdn_session_reader){.opened_from = t + 1, .opened_to = t + 86400},
                  "not a session of today''s list");
    check_refused(sid, &(tdn_session_reader){.opened_from = t - 86400, .opened_to = t},
                  "not a session of today''s list");
}

static void missing_session_is_not_audited_as_denied(void **state)
{
    (void)state;
    static tdn_needling_record rec;
    tdn_err err = {0};
    tdn_session_reader r = {.patient_id = 1};
    assert_int_equal(tdn_store_needling_load_as(sf.s, &sf.act, 999, &r, &rec, &err), TDN_EINPUT);
    assert_int_equal(audits("denied", 999), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(patient_reads_only_their_own, sxs_setup, sxs_teardown),
        cmocka_unit_test_setup_teardown(front_desk_reads_only_todays_list, sxs_setup, sxs_teardown),
        cmocka_unit_test_setup_teardown(missing_session_is_not_audited_as_denied, sxs_setup,
                                        sxs_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
