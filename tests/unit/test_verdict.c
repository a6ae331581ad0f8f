/* test_verdict.c — app/verdict: the screening verdict the runner and the
 * body chart show, read from the stored screening: its decision, its
 * reasons in words (the advice text, info notes kept apart by level), the
 * regions it blocks (no_go reasons with a region, the profile's local
 * infection; not an implant), and why it is not valid now, judged as opening
 * a session judges it (protocol.screening, protocol.screening_valid_days). */
#include "session_store_fixture.h"

#include "app/needling.h"
#include "app/verdict.h"

static const char profile[] = "{\"age\":40,\"local\":[{\"condition\":\"infection\","
                              "\"region\":\"calf:R\"},{\"condition\":\"implant\","
                              "\"region\":\"calf:L\"}]}";
static const char reasons[] =
    "[{\"rule\":\"pregnancy.region\",\"level\":\"no_go\",\"detail\":\"Not over the "
    "lumbar region.\",\"region\":\"lumbar:B\"},{\"rule\":\"bleeding.antiplatelet\",\"level\":"
    "\"caution\",\"detail\":\"Antiplatelet medication: press after withdrawal.\"},{\"rule\":"
    "\"hazard_nerve\",\"level\":\"info\",\"detail\":\"Nerves near.\"}]";

static void verdict_latest_protocol_screening_valid_days(void **state)
{
    sx *x = *state;
    tdn_err err = {0};
    static tdn_needling_rules rules;
    assert_int_equal(tdn_needling_rules_load(&rules, x->files.files, x->files.n, &err), TDN_OK);
    tdn_patient p = {.name = "Ada Test", .birth = "1980-01-02"};
    int64_t pid = 0;
    assert_int_equal(tdn_store_patient_add(sf.s, &sf.act, &p, &pid, &err), TDN_OK);
    static tdn_verdict v;
    assert_int_equal(tdn_verdict_latest(sf.s, &rules.protocol, pid, sf.act.now, &v, &err), TDN_OK);
    assert_int_equal(v.screening_id, 0);
    assert_string_equal(v.invalid, "no consent on record");
    tdn_consent con = {.patient_id = pid, .given_by = "patient"};
    assert_int_equal(tdn_store_consent_add(sf.s, &sf.act, &con, NULL, &err), TDN_OK);
    assert_int_equal(tdn_verdict_latest(sf.s, &rules.protocol, pid, sf.act.now, &v, &err), TDN_OK);
    assert_string_equal(v.invalid, "no screening on record");

    int64_t sid = 0;
    assert_int_equal(
        tdn_store_screening_add(sf.s, &sf.act, pid, profile, "caution", reasons, &sid, &err), 0);
    int64_t later = sf.act.now + 10 * 86400;
    assert_int_equal(tdn_verdict_latest(sf.s, &rules.protocol, pid, later, &v, &err), TDN_OK);
    assert_int_equal(v.screening_id, sid);
    assert_string_equal(v.decision, "caution");
    assert_string_equal(v.invalid, ""); /* 10 days < 30 */
    assert_int_equal(v.n_reasons, 3);
    assert_string_equal(v.reasons[1].level, "caution");
    assert_string_equal(v.reasons[1].detail, "Antiplatelet medication: press after withdrawal.");
    assert_string_equal(v.reasons[2].level, "info");
    assert_int_equal(v.n_blocked, 2); /* the no_go reason and the infection, not the implant */
    assert_int_equal(v.blocked[0].region, tdn_region_find("lumbar"));
    assert_int_equal(v.blocked[0].side, 'B');
    assert_int_equal(v.blocked[1].region, tdn_region_find("calf"));
    assert_int_equal(v.blocked[1].side, 'R');

    fixture_int(&sf, "UPDATE setting SET value = '7' WHERE key = 'screening_valid_days'");
    assert_int_equal(tdn_verdict_latest(sf.s, &rules.protocol, pid, later, &v, &err), TDN_OK);
    assert_non_null(strstr(v.invalid, "valid for 7 days")); /* the clinic's setting */
    assert_string_equal(v.decision, "caution");             /* still shown */

    /* the same verdict from the chart's screening record */
    tdn_chart c = {0};
    assert_int_equal(tdn_store_chart_read(sf.s, &sf.act, pid, &c, &err), TDN_OK);
    assert_int_equal(c.n_screenings, 1);
    static tdn_verdict of;
    tdn_verdict_of(&c.screenings[0], &of);
    tdn_chart_free(&c);
    assert_int_equal(of.screening_id, sid);
    assert_string_equal(of.invalid, "");
    assert_int_equal(of.n_reasons, 3);
    assert_int_equal(of.n_blocked, 2);
    assert_int_equal(of.blocked[1].region, tdn_region_find("calf"));
}

static void verdict_no_go_is_not_valid(void **state)
{
    sx *x = *state;
    tdn_err err = {0};
    static tdn_needling_rules rules;
    assert_int_equal(tdn_needling_rules_load(&rules, x->files.files, x->files.n, &err), TDN_OK);
    tdn_patient p = {.name = "Bo Test", .birth = "1990-01-02"};
    int64_t pid = 0;
    assert_int_equal(tdn_store_patient_add(sf.s, &sf.act, &p, &pid, &err), TDN_OK);
    tdn_consent con = {.patient_id = pid, .given_by = "patient"};
    assert_int_equal(tdn_store_consent_add(sf.s, &sf.act, &con, NULL, &err), TDN_OK);
    assert_int_equal(
        tdn_store_screening_add(sf.s, &sf.act, pid, "{\"age\":36}", "no_go", NULL, NULL, &err), 0);
    static tdn_verdict v;
    assert_int_equal(tdn_verdict_latest(sf.s, &rules.protocol, pid, sf.act.now, &v, &err), TDN_OK);
    assert_string_equal(v.decision, "no_go");
    assert_string_equal(v.invalid, "the latest screening is no_go");
    assert_int_equal(v.n_reasons, 0);
    assert_int_equal(v.n_blocked, 0);
}

/* estim.pacemaker forbids e-stim; pregnancy.estim only cautions: read from the
 * stored reasons, which are all the session has of the screening later */
static void estim_reasons_estim_pacemaker(void **state)
{
    (void)state;
    tdn_estim_screening es;
    tdn_screening_estim(
        "[{\"rule\":\"pregnancy.estim\",\"level\":\"caution\",\"detail\":\"keep it mild\","
        "\"estim\":true},{\"rule\":\"epilepsy\",\"level\":\"caution\",\"detail\":\"x\"},"
        "{\"rule\":\"estim.pacemaker\",\"level\":\"no_go\",\"detail\":\"never\","
        "\"estim\":true},{\"rule\":\"phobia.needle\",\"level\":\"no_go\",\"detail\":\"y\"}]",
        &es);
    assert_string_equal(es.forbidden, "estim.pacemaker");
    assert_int_equal(es.n_cautions, 1);
    assert_string_equal(es.cautions[0], "pregnancy.estim: keep it mild");
    tdn_screening_estim("[{\"rule\":\"phobia.needle\",\"level\":\"no_go\"}]", &es);
    assert_string_equal(es.forbidden, "");
    assert_int_equal(es.n_cautions, 0);
    tdn_screening_estim(NULL, &es);
    assert_string_equal(es.forbidden, "");
    tdn_screening_estim("not json", &es);
    assert_string_equal(es.forbidden, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(verdict_latest_protocol_screening_valid_days, sxs_setup,
                                        sxs_teardown),
        cmocka_unit_test_setup_teardown(verdict_no_go_is_not_valid, sxs_setup, sxs_teardown),
        cmocka_unit_test(estim_reasons_estim_pacemaker),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
