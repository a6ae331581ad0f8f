/* test_needle_store.c — the needling session in the SQLite store: the open
 * context (latest screening and consent, clinic validity setting), a session
 * opened screened, every needle field surviving save and load, overrides and
 * adverse events appended, the revision check that refuses a stale save, and
 * the audit rows. */
#include "session_store_fixture.h"

#include "app/needling.h"
#include "app/settings.h"

static int64_t add_patient(void)
{
    tdn_patient p = {.name = "Ada Test", .birth = "1980-01-02"};
    int64_t id = 0;
    tdn_err err = {0};
    assert_int_equal(tdn_store_patient_add(sf.s, &sf.act, &p, &id, &err), TDN_OK);
    return id;
}

static void context_latest_screening_and_consent(void **state)
{
    (void)state;
    int64_t pid = add_patient();
    tdn_err err = {0};
    tdn_needling_context c;
    assert_int_equal(tdn_store_needling_context(sf.s, pid, &c, &err), TDN_OK);
    assert_false(c.has_screening);
    assert_false(c.has_consent);
    tdn_needling_context_free(&c);
    tdn_protocol_rules kb = {.screening_valid_days = 14}, rules;
    assert_int_equal(tdn_setting_protocol_rules(sf.s, &kb, &rules, &err), TDN_OK);
    assert_int_equal(rules.screening_valid_days, 30); /* the store's default clinic setting */
    /* a hand edit that setting it refuses (1-3650 days) leaves the knowledge base's */
    fixture_int(&sf, "UPDATE setting SET value = '5000' WHERE key = 'screening_valid_days'");
    assert_int_equal(tdn_setting_protocol_rules(sf.s, &kb, &rules, &err), TDN_OK);
    assert_int_equal(rules.screening_valid_days, 14);
    fixture_int(&sf, "UPDATE setting SET value = '30' WHERE key = 'screening_valid_days'");
    tdn_consent con = {.patient_id = pid, .given_by = "patient"};
    assert_int_equal(tdn_store_consent_add(sf.s, &sf.act, &con, NULL, &err), TDN_OK);
    tdn_act later = {"tester", sf.act.now + 100};
    assert_int_equal(
        tdn_store_screening_add(sf.s, &sf.act, pid, "{\"age\":40}", "no_go", NULL, NULL, &err),
        TDN_OK);
    assert_int_equal(
        tdn_store_screening_add(sf.s, &later, pid, "{\"age\":41}", "caution", NULL, NULL, &err),
        TDN_OK);
    assert_int_equal(tdn_store_needling_context(sf.s, pid, &c, &err), TDN_OK);
    assert_true(c.has_screening && c.has_consent);
    assert_string_equal(c.decision, "caution");
    assert_string_equal(c.profile, "{\"age\":41}");
    assert_int_equal(c.screened_at, later.now);
    tdn_needling_context_free(&c);
    assert_int_equal(tdn_store_needling_context(sf.s, 999, &c, &err), TDN_EINPUT);
}

static void assert_needles_equal(const tdn_needle *a, const tdn_needle *b)
{
    assert_int_equal(a->number, b->number);
    assert_string_equal(a->muscle, b->muscle);
    assert_int_equal(a->side, b->side);
    assert_int_equal(a->technique, b->technique);
    assert_int_equal(a->guide_tube, b->guide_tube);
    assert_string_equal(a->palpation, b->palpation);
    assert_true(a->gauge_mm == b->gauge_mm);
    assert_int_equal(a->length_mm, b->length_mm);
    assert_int_equal(a->ltr_count, b->ltr_count);
    assert_int_equal(a->redirections, b->redirections);
    assert_int_equal(a->rounds, b->rounds);
    assert_int_equal(a->inserted_at, b->inserted_at);
    assert_int_equal(a->round_at, b->round_at);
    if (a->state != TDN_NEEDLE_IN) assert_int_equal(a->withdrawn_at, b->withdrawn_at);
    assert_int_equal(a->dwell_s, b->dwell_s);
    assert_int_equal(a->state, b->state);
    assert_int_equal(a->estim.used, b->estim.used);
    if (a->estim.used) {
        assert_true(a->estim.freq_hz == b->estim.freq_hz);
        assert_int_equal(a->estim.pulse_us, b->estim.pulse_us);
        assert_int_equal(a->estim.duration_s, b->estim.duration_s);
        assert_string_equal(a->estim.intensity, b->estim.intensity);
        assert_int_equal(a->estim.started_at, b->estim.started_at);
    }
}

/* Applies events to a loaded record, saves, reloads: what core holds is stored. */
static void save_and_load_roundtrip(void **state)
{
    sx *x = *state;
    tdn_err err = {0};
    int64_t pid = add_patient();
    tdn_pain blocked[] = {{tdn_region_find("calf"), 'R', -1}};
    tdn_pain planned[] = {{tdn_region_find("posterior_neck"), 'R', -1},
                          {tdn_region_find("scapula"), 'B', -1}};
    tdn_open_input in = {.has_consent = true,
                         .blocked = blocked,
                         .n_blocked = 1,
                         .planned = planned,
                         .n_planned = 2};
    assert_int_equal(tdn_session_open(x->s, &x->rules, &in, sf.act.now, &err), TDN_OK);
    tdn_session row = {.patient_id = pid};
    int64_t sid = 0;
    assert_int_equal(tdn_store_needling_open(sf.s, &sf.act, &row, 0, x->s, &sid, &err), TDN_OK);
    static tdn_needling_record rec, again;
    assert_int_equal(tdn_store_needling_load(sf.s, &sf.act, sid, &rec, &err), TDN_OK);
    assert_int_equal(rec.needling.state, TDN_SESSION_OPEN);
    assert_string_equal(rec.needling.unscreened, "no screening on record");
    assert_int_equal(rec.needling.n_blocked, 1);
    assert_int_equal(rec.needling.blocked[0].side, 'R');
    assert_int_equal(rec.needling.n_planned, 2);
    assert_int_equal(rec.needling.planned[1].region, tdn_region_find("scapula"));
    assert_int_equal(rec.needling.planned[1].side, 'B');
    assert_int_equal(rec.session.patient_id, pid);

    memcpy(x->s, &rec.needling, sizeof *x->s);
    int64_t t = sf.act.now + 60;
    tdn_insert ins = {.muscle = "upper_trapezius",
                      .side = 'R',
                      .technique = TDN_TECH_DEEP,
                      .guide_tube = true,
                      .palpation = "pincer",
                      .gauge_mm = 0.3,
                      .length_mm = 40,
                      .override = "paper screening seen"};
    tdn_insert_result res;
    assert_int_equal(tdn_session_insert(x->s, x->kb, &x->rules, &ins, t, &res, &err), TDN_OK);
    ins = (tdn_insert){.muscle = "infraspinatus", .side = 'L', .technique = TDN_TECH_SUPERFICIAL};
    assert_int_equal(tdn_session_insert(x->s, x->kb, &x->rules, &ins, t + 5, &res, &err), TDN_OK);
    assert_int_equal(tdn_session_ltr(x->s, 1, t + 10, &err), TDN_OK);
    assert_int_equal(tdn_session_redirect(x->s, 1, t + 11, &err), TDN_OK);
    tdn_estim_input e = {.freq_hz = 2.5, .pulse_us = 250, .duration_s = 600, .intensity = "ok"};
    assert_int_equal(tdn_session_estim(x->s, 1, &e, t + 12, &err), TDN_OK);
    assert_int_equal(tdn_session_withdraw(x->s, 2, t + 35, &err), TDN_OK);
    assert_int_equal(tdn_session_reinsert(x->s, 2, t + 60, &err), TDN_OK);
    assert_int_equal(tdn_session_ae(x->s, "bruising", "mild", "small", 1, t + 70, &err), TDN_OK);
    tdn_needling_change ch = {.detail = "test events"};
    assert_int_equal(tdn_store_needling_save(sf.s, &sf.act, &rec, x->s, &ch, &err), TDN_OK);

    assert_int_equal(tdn_store_needling_load(sf.s, &sf.act, sid, &again, &err), TDN_OK);
    assert_int_equal(again.rev, rec.rev + 1);
    assert_int_equal(again.needling.state, TDN_SESSION_NEEDLING);
    assert_int_equal(again.needling.n_needles, 2);
    for (int i = 0; i < 2; i++)
        assert_needles_equal(&x->s->needles[i], &again.needling.needles[i]);
    assert_int_equal(again.needling.n_overrides, 1);
    assert_string_equal(again.needling.overrides[0].rule, "protocol.screening");
    assert_string_equal(again.needling.overrides[0].reason, "paper screening seen");
    assert_int_equal(again.needling.n_aes, 1);
    assert_int_equal(again.needling.aes[0].needle, 1);
    assert_int_equal(again.needling.aes[0].at, t + 70);

    /* a stale record (rev already used) is refused and writes nothing */
    long long needles = fixture_int(&sf, "SELECT count(*) FROM needle");
    assert_int_equal(tdn_session_withdraw(x->s, 1, t + 100, &err), TDN_OK);
    err = (tdn_err){0};
    assert_int_equal(tdn_store_needling_save(sf.s, &sf.act, &rec, x->s, &ch, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "changed by someone else"));
    assert_int_equal(fixture_int(&sf, "SELECT state = 'in' FROM needle WHERE number = 1"), 1);
    assert_int_equal(fixture_int(&sf, "SELECT count(*) FROM needle"), needles);

    /* close with the derived texts */
    assert_int_equal(tdn_session_withdraw(x->s, 2, t + 100, &err), TDN_OK);
    assert_int_equal(tdn_session_close(x->s, t + 120, NULL, &err), TDN_OK);
    ch = (tdn_needling_change){"closed", "20560", "the note", "the handout"};
    assert_int_equal(tdn_store_needling_save(sf.s, &sf.act, &again, x->s, &ch, &err), TDN_OK);
    assert_int_equal(tdn_store_needling_load(sf.s, &sf.act, sid, &rec, &err), TDN_OK);
    assert_int_equal(rec.needling.state, TDN_SESSION_CLOSED);
    assert_int_equal(rec.needling.ended_at, t + 120);
    assert_string_equal(rec.session.cpt, "20560");
    char *note, *handout;
    assert_int_equal(tdn_store_needling_texts(sf.s, sid, &note, &handout, &err), TDN_OK);
    assert_string_equal(note, "the note");
    assert_string_equal(handout, "the handout");
    free(note);
    free(handout);
    assert_int_equal(fixture_int(&sf, "SELECT count(*) FROM audit WHERE tbl = 'session' AND "
                                      "action = 'change' AND detail = 'closed'"),
                     1);
    assert_int_equal(tdn_store_needling_load(sf.s, &sf.act, 4242, &rec, &err), TDN_EINPUT);
}

/* Loads the needling rules and adds a patient who consented; returns the id. */
static int64_t consented_patient(sx *x, tdn_needling_rules *rules)
{
    tdn_err err = {0};
    assert_int_equal(tdn_needling_rules_load(rules, x->files.files, x->files.n, &err), TDN_OK);
    int64_t pid = add_patient();
    tdn_consent con = {.patient_id = pid, .given_by = "patient"};
    assert_int_equal(tdn_store_consent_add(sf.s, &sf.act, &con, NULL, &err), TDN_OK);
    return pid;
}

/* app/needling + store: the muscles a screening blocked (the "muscles" of its
 * no_go reasons, bleeding.anticoagulant_noncompressible) are kept with the
 * session and refused after a reload (protocol.blocked_muscle). */
static void app_open_keeps_blocked_muscles_protocol_blocked_muscle(void **state)
{
    sx *x = *state;
    tdn_err err = {0};
    static tdn_needling_rules rules;
    int64_t pid = consented_patient(x, &rules);
    const char *reasons = "[{\"rule\":\"bleeding.anticoagulant_noncompressible\",\"level\":"
                          "\"no_go\",\"detail\":\"d\",\"muscles\":[\"infraspinatus\","
                          "\"levator_scapulae\"]},{\"rule\":\"x\",\"level\":\"caution\","
                          "\"detail\":\"d\",\"muscles\":[\"gastrocnemius\"]}]";
    assert_int_equal(
        tdn_store_screening_add(sf.s, &sf.act, pid, "{\"age\":40}", "caution", reasons, NULL, &err),
        0);
    tdn_session in = {.patient_id = pid};
    int64_t sid = 0;
    static tdn_needling n;
    assert_int_equal(tdn_needling_open(sf.s, &sf.act, &rules, &in, &sid, &n, &err), 0);
    assert_int_equal(n.n_blocked_muscles, 2); /* no_go reasons only */
    assert_int_equal(fixture_int(&sf, "SELECT blocked_muscles = 'infraspinatus,levator_scapulae' "
                                      "FROM session"),
                     1);
    static tdn_needling_record rec;
    tdn_needling_event ev = {.kind = TDN_EV_INSERT,
                             .insert = {.muscle = "infraspinatus", .side = 'L', .technique = 1}};
    assert_int_equal(tdn_needling_apply(sf.s, &sf.act, x->kb, &rules, sid, &ev, &rec, NULL, &err),
                     TDN_EINPUT);
    assert_non_null(strstr(err.msg, "protocol.blocked_muscle"));
    assert_int_equal(fixture_int(&sf, "SELECT count(*) FROM needle"), 0);
    ev.insert.muscle = "gastrocnemius";
    err = (tdn_err){0};
    assert_int_equal(tdn_needling_apply(sf.s, &sf.act, x->kb, &rules, sid, &ev, &rec, NULL, &err),
                     TDN_OK);
    assert_int_equal(rec.needling.n_blocked_muscles, 2);
    assert_string_equal(rec.needling.blocked_muscles[1], "levator_scapulae");
}

/* app/needling: open blocks the regions of local contraindications in the
 * profile (protocol.blocked_region) and uses the clinic's validity setting
 * (protocol.screening_valid_days); apply and close save through the store. */
static void app_open_apply_close_protocol_blocked_region(void **state)
{
    sx *x = *state;
    tdn_err err = {0};
    static tdn_needling_rules rules;
    int64_t pid = consented_patient(x, &rules);
    const char *profile = "{\"age\":40,\"local\":[{\"condition\":\"infection\","
                          "\"region\":\"calf:R\"},{\"condition\":\"implant\","
                          "\"region\":\"calf:L\"}]}";
    tdn_act ten_days_later = {"tester", sf.act.now + 10 * 86400};
    const char *reasons = "[{\"rule\":\"pregnancy.region\",\"level\":\"no_go\","
                          "\"detail\":\"d\",\"region\":\"lumbar:B\"},{\"rule\":"
                          "\"hazard_pneumothorax\",\"level\":\"caution\",\"detail\":"
                          "\"d\",\"region\":\"posterior_neck:R\"}]";
    assert_int_equal(
        tdn_store_screening_add(sf.s, &sf.act, pid, profile, "caution", reasons, NULL, &err), 0);
    tdn_session in = {.patient_id = pid};
    int64_t sid = 0;
    static tdn_needling n;
    assert_int_equal(tdn_needling_open(sf.s, &ten_days_later, &rules, &in, &sid, &n, &err), 0);
    assert_int_equal(n.state, TDN_SESSION_SCREENED); /* 10 days < 30 */
    assert_int_equal(n.n_blocked, 2); /* the no_go reason and the infection, not the implant */
    assert_int_equal(n.blocked[0].region, tdn_region_find("lumbar"));
    assert_int_equal(n.blocked[0].side, 'B');
    assert_int_equal(n.blocked[1].region, tdn_region_find("calf"));
    assert_int_equal(n.n_planned, 0); /* the profile planned none */
    fixture_int(&sf, "UPDATE setting SET value = '7' WHERE key = 'screening_valid_days'");
    int64_t stale = 0;
    assert_int_equal(tdn_needling_open(sf.s, &ten_days_later, &rules, &in, &stale, &n, &err), 0);
    assert_int_equal(n.state, TDN_SESSION_OPEN); /* the clinic's 7 days */
    assert_non_null(strstr(n.unscreened, "valid for 7 days"));

    static tdn_needling_record rec;
    tdn_needling_event ev = {.kind = TDN_EV_INSERT,
                             .insert = {.muscle = "gastrocnemius", .side = 'R', .technique = 1}};
    err = (tdn_err){0};
    assert_int_equal(
        tdn_needling_apply(sf.s, &ten_days_later, x->kb, &rules, sid, &ev, &rec, NULL, &err),
        TDN_EINPUT);
    assert_non_null(strstr(err.msg, "protocol.blocked_region"));
    assert_int_equal(fixture_int(&sf, "SELECT count(*) FROM needle"), 0);
    ev.insert.side = 'L';
    assert_int_equal(
        tdn_needling_apply(sf.s, &ten_days_later, x->kb, &rules, sid, &ev, &rec, NULL, &err),
        TDN_OK);
    assert_int_equal(rec.needling.n_needles, 1);
    tdn_billing bill;
    assert_int_equal(
        tdn_needling_close(sf.s, &ten_days_later, x->kb, &rules, sid, &rec, &bill, &err),
        TDN_EINPUT);
    assert_non_null(strstr(err.msg, "#1 gastrocnemius L in since"));
    ev = (tdn_needling_event){.kind = TDN_EV_WITHDRAW, .needle = 1};
    assert_int_equal(
        tdn_needling_apply(sf.s, &ten_days_later, x->kb, &rules, sid, &ev, &rec, NULL, &err),
        TDN_OK);
    assert_int_equal(
        tdn_needling_close(sf.s, &ten_days_later, x->kb, &rules, sid, &rec, &bill, &err), 0);
    assert_string_equal(bill.cpt->code, "20560");
    assert_int_equal(fixture_int(&sf, "SELECT handout LIKE '%Left gastrocnemius%' FROM session "
                                      "WHERE cpt = '20560'"),
                     1);
    /* soreness reported the next day is recorded against the closed session */
    ev = (tdn_needling_event){
        .kind = TDN_EV_AE, .ae_kind = "soreness", .severity = "mild", .text = "sore next day"};
    tdn_act next_day = {"tester", ten_days_later.now + 86400};
    assert_int_equal(tdn_needling_apply(sf.s, &next_day, x->kb, &rules, sid, &ev, &rec, NULL, &err),
                     TDN_OK);
    assert_int_equal(fixture_int(&sf, "SELECT count(*) FROM adverse_event WHERE kind = 'soreness' "
                                      "AND onset = recorded_at AND note = 'sore next day'"),
                     1);
    tdn_buf b = {0};
    bool final = false;
    assert_int_equal(
        tdn_needling_note(sf.s, &ten_days_later, x->kb, &rules, &rec, &b, &final, &err), 0);
    assert_true(final);
    assert_non_null(strstr(tdn_buf_str(&b), "CPT 20560"));
    tdn_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(context_latest_screening_and_consent, sxs_setup,
                                        sxs_teardown),
        cmocka_unit_test_setup_teardown(save_and_load_roundtrip, sxs_setup, sxs_teardown),
        cmocka_unit_test_setup_teardown(app_open_keeps_blocked_muscles_protocol_blocked_muscle,
                                        sxs_setup, sxs_teardown),
        cmocka_unit_test_setup_teardown(app_open_apply_close_protocol_blocked_region, sxs_setup,
                                        sxs_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
