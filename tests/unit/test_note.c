/* test_note.c — the session note as a clinical document: core's lock rules
 * (note.edit, note.sign, note.addendum), the screening in words in the note,
 * the clinician's section and the signature line; the store's sign and lock
 * (a signed note refuses every edit, also through raw SQL, and takes only
 * addenda; every write audited; refusals write nothing); the handout that
 * follows the screening (blood thinner lines) and names patient and clinic. */
#include "session_store_fixture.h"

#include "core/note.h"

/* Rule note.edit: the clinician's text changes only while unsigned. */
static void rule_note_edit(void **state)
{
    (void)state;
    tdn_err err = {0};
    assert_int_equal(tdn_note_check_edit(false, &err), TDN_OK);
    assert_int_equal(tdn_note_check_edit(true, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "refused"));
    assert_non_null(strstr(err.msg, "addendum"));
}

/* Rule note.sign: once, after the session closed or was aborted, by someone. */
static void rule_note_sign(void **state)
{
    (void)state;
    tdn_err err = {0};
    int open_states[] = {TDN_SESSION_OPEN, TDN_SESSION_SCREENED, TDN_SESSION_NEEDLING,
                         TDN_SESSION_NEEDLES_OUT};
    for (size_t i = 0; i < sizeof open_states / sizeof *open_states; i++) {
        assert_int_equal(tdn_note_check_sign(open_states[i], false, "Dr A", &err), TDN_EINPUT);
        assert_non_null(strstr(err.msg, "refused"));
    }
    assert_int_equal(tdn_note_check_sign(TDN_SESSION_CLOSED, false, "Dr A", &err), TDN_OK);
    assert_int_equal(tdn_note_check_sign(TDN_SESSION_ABORTED, false, "Dr A", &err), TDN_OK);
    assert_int_equal(tdn_note_check_sign(TDN_SESSION_CLOSED, true, "Dr A", &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "already signed"));
    assert_int_equal(tdn_note_check_sign(TDN_SESSION_CLOSED, false, "", &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "signer"));
}

/* Rule note.addendum: only on a signed note, never empty. */
static void rule_note_addendum(void **state)
{
    (void)state;
    tdn_err err = {0};
    assert_int_equal(tdn_note_check_addendum(false, "x", &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "not signed"));
    assert_int_equal(tdn_note_check_addendum(true, " \n\t", &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "text"));
    assert_int_equal(tdn_note_check_addendum(true, "Phoned: better.", &err), TDN_OK);
}

static void screening_in_words(void **state)
{
    sx *x = *state;
    sx_open_screened(x);
    x->s->blocked[0] = (tdn_pain){tdn_region_find("calf"), 'R', -1};
    x->s->n_blocked = 1;
    assert_int_equal(sx_insert(x, "upper_trapezius", 'R', TDN_TECH_DEEP, T0 + 10), 1);
    tdn_note_reason why[] = {{"caution", "Antiplatelet medication: apply pressure."},
                             {"no_go", "Local infection in the calf."}};
    tdn_note_input ni = {.screen_decision = "caution",
                         .screened_at = T0 - 86400,
                         .screen_reasons = why,
                         .n_screen_reasons = 2,
                         .clinician = "Dr Jane Lee, PT, DPT",
                         .session_id = 7};
    tdn_billing bill = tdn_billing_derive(&x->billing, x->s);
    tdn_buf b = {0};
    tdn_session_note(x->kb, x->s, &bill, &ni, &b);
    const char *note = tdn_buf_str(&b);
    assert_non_null(strstr(note, "Session 7, clinician Dr Jane Lee, PT, DPT\n"));
    assert_non_null(strstr(note, "Screening of 2026-11-22: go with caution\n"));
    assert_non_null(strstr(note, "  - caution: Antiplatelet medication: apply pressure.\n"));
    assert_non_null(strstr(note, "  - do not needle: Local infection in the calf.\n"));
    assert_non_null(strstr(note, "Blocked regions (not to be needled): Calf (right)\n"));
    assert_null(strstr(note, "no_go"));
    assert_null(strstr(note, "billing."));
    tdn_buf_free(&b);
}

static void clinician_section_and_signature(void **state)
{
    (void)state;
    tdn_buf b = {0};
    tdn_note_soap t = {.subjective = "Neck pain.\nWorse driving.", .assessment = "Improving"};
    tdn_note_clinician(&t, &b);
    assert_string_equal(tdn_buf_str(&b), "\nCLINICIAN'S NOTES\n"
                                         "  Subjective: Neck pain.\n    Worse driving.\n"
                                         "  Objective: not written\n"
                                         "  Assessment: Improving\n"
                                         "  Plan: not written\n");
    tdn_buf_free(&b);
    tdn_tz cet = {0};
    tdn_tz_add(&cet, 0, 3600, "CET");
    tdn_note_signature("Dr Jane Lee, PT, DPT", T0, &cet, &b);
    assert_string_equal(tdn_buf_str(&b),
                        "\nSigned electronically by Dr Jane Lee, PT, DPT on 2026-11-23 at "
                        "11:33:20 CET\n");
    tdn_buf_free(&b);
    tdn_note_signature(NULL, 0, NULL, &b);
    assert_string_equal(tdn_buf_str(&b), "\nNot signed.\n");
    tdn_buf_free(&b);
    tdn_note_addendum_text("Dr A", T0, "Phoned.\nBetter.", &cet, &b);
    assert_string_equal(tdn_buf_str(&b), "\nAddendum of 2026-11-23 11:33:20 CET, signed by Dr A:\n"
                                         "    Phoned.\n    Better.\n");
    tdn_buf_free(&b);
}

static int64_t open_session(void)
{
    tdn_err err = {0};
    tdn_patient p = fixture_patient("Ada Test");
    int64_t pid = 0, sid = 0;
    assert_int_equal(tdn_store_patient_add(sf.s, &sf.act, &p, &pid, &err), TDN_OK);
    tdn_session in = {.patient_id = pid};
    assert_int_equal(tdn_store_session_open(sf.s, &sf.act, &in, &sid, &err), TDN_OK);
    return sid;
}

static long long audit_of(const char *action)
{
    char sql[160];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM audit WHERE tbl = 'session_note' AND action = '%s'", action);
    return fixture_int(&sf, sql);
}

static void store_sign_and_lock(void **state)
{
    (void)state;
    int64_t sid = open_session();
    tdn_err err = {0};
    tdn_note_text t = {.subjective = "Neck pain", .plan = "Review in a week"};
    assert_int_equal(tdn_store_note_edit(sf.s, &sf.act, sid, &t, &err), TDN_OK);
    tdn_note_text t2 = {.assessment = "Improving"}; /* NULL fields are kept */
    assert_int_equal(tdn_store_note_edit(sf.s, &sf.act, sid, &t2, &err), TDN_OK);
    assert_int_equal(audit_of("change"), 2);
    /* open session: signing and addenda refused, nothing written */
    long long rows = fixture_rows(&sf);
    assert_int_equal(tdn_store_note_sign(sf.s, &sf.act, sid, "Dr A", "NOTE", &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "close it before signing"));
    assert_int_equal(tdn_store_note_addendum(sf.s, &sf.act, sid, "Dr A", "x", NULL, &err),
                     TDN_EINPUT);
    assert_int_equal(fixture_rows(&sf), rows);
    assert_int_equal(fixture_int(&sf, "SELECT count(*) FROM session_note WHERE signed_at "
                                      "IS NOT NULL"),
                     0);
    assert_int_equal(fixture_exec(&sf, "UPDATE session SET state = 'closed'"), SQLITE_OK);
    assert_int_equal(tdn_store_note_sign(sf.s, &sf.act, sid, "Dr A, PT", "THE NOTE", &err), TDN_OK);
    assert_int_equal(audit_of("sign"), 1);
    /* signed: edits and a second signature refused, nothing changes */
    tdn_note_text t3 = {.plan = "changed"};
    assert_int_equal(tdn_store_note_edit(sf.s, &sf.act, sid, &t3, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "refused"));
    assert_int_equal(tdn_store_note_sign(sf.s, &sf.act, sid, "Dr B", "OTHER", &err), TDN_EINPUT);
    assert_int_equal(audit_of("change"), 2);
    /* the file itself refuses a change of a signed note (triggers) */
    assert_int_not_equal(fixture_exec(&sf, "UPDATE session_note SET plan = 'raw'"), SQLITE_OK);
    assert_int_not_equal(fixture_exec(&sf, "DELETE FROM session_note"), SQLITE_OK);
    int64_t aid = 0;
    assert_int_equal(tdn_store_note_addendum(sf.s, &sf.act, sid, "Dr A, PT", "Phoned", &aid, &err),
                     TDN_OK);
    assert_true(aid > 0);
    assert_int_not_equal(fixture_exec(&sf, "UPDATE note_addendum SET text = 'raw'"), SQLITE_OK);
    assert_int_equal(audit_of("addendum"), 1);
    tdn_note_record nr;
    assert_int_equal(tdn_store_note_get(sf.s, &sf.act, sid, &nr, &err), TDN_OK);
    assert_string_equal(nr.subjective, "Neck pain");
    assert_string_equal(nr.assessment, "Improving");
    assert_string_equal(nr.plan, "Review in a week");
    assert_string_equal(nr.signer, "Dr A, PT");
    assert_string_equal(nr.signed_text, "THE NOTE");
    assert_int_equal(nr.signed_at, sf.act.now);
    assert_int_equal(nr.n_addenda, 1);
    assert_string_equal(nr.addenda[0].text, "Phoned");
    assert_string_equal(nr.addenda[0].author_name, "Dr A, PT");
    tdn_note_record_free(&nr);
    assert_int_equal(audit_of("read"), 1);
    assert_int_equal(tdn_store_note_get(sf.s, &sf.act, 999, &nr, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "no session with id 999"));
}

static void store_user_credentials(void **state)
{
    (void)state;
    tdn_err err = {0};
    assert_int_equal(tdn_store_user_add(sf.s, &sf.act, "jlee", "Jane Lee", "clinician",
                                        "long-password", 0, NULL, &err),
                     TDN_OK);
    assert_int_equal(tdn_store_user_set_name(sf.s, &sf.act, "jlee", "Dr Jane Lee", "PT, DPT", &err),
                     TDN_OK);
    tdn_user u;
    assert_int_equal(tdn_store_user_get(sf.s, "jlee", &u, &err), TDN_OK);
    assert_string_equal(u.display, "Dr Jane Lee");
    assert_string_equal(u.credentials, "PT, DPT");
    assert_int_equal(tdn_store_user_set_name(sf.s, &sf.act, "nobody", "X", "", &err), TDN_EINPUT);
    assert_int_equal(tdn_store_user_set_name(sf.s, &sf.act, "jlee", "", "", &err), TDN_EINPUT);
    assert_int_equal(tdn_store_user_get(sf.s, "jlee", &u, &err), TDN_OK);
    assert_string_equal(u.display, "Dr Jane Lee");
}

/* The letterhead form's settings are stored together or not at all. */
static void store_settings_all_or_none(void **state)
{
    (void)state;
    tdn_err err = {0};
    tdn_setting kv[2] = {{"clinic_name", "Harbour Physio"}, {"clinic_phone", ""}};
    assert_int_equal(tdn_store_setting_set_many(sf.s, &sf.act, kv, 2, &err), TDN_EINPUT);
    assert_int_equal(fixture_int(&sf, "SELECT count(*) FROM setting WHERE key LIKE 'clinic_%'"), 0);
    snprintf(kv[1].value, sizeof kv[1].value, "+1 555 0100");
    assert_int_equal(tdn_store_setting_set_many(sf.s, &sf.act, kv, 2, &err), TDN_OK);
    assert_int_equal(fixture_int(&sf, "SELECT count(*) FROM setting WHERE key LIKE 'clinic_%'"), 2);
    assert_int_equal(fixture_int(&sf, "SELECT count(*) FROM audit WHERE tbl = 'setting' AND "
                                      "detail LIKE 'clinic_%'"),
                     2);
}

static int count_lines_with(const tdn_handout *h, const char *text)
{
    int n = 0;
    for (int i = 0; i < h->n_sections; i++)
        for (int j = 0; j < h->sections[i].n_lines; j++)
            n += strstr(h->sections[i].lines[j], text) != NULL;
    return n;
}

/* The handout follows the screening: blood-thinner lines only for a patient
 * whose screening lists anticoagulant, antiplatelet or a bleeding disorder. */
static void handout_follows_screening(void **state)
{
    sx *x = *state;
    sx_open_screened(x);
    assert_int_equal(sx_insert(x, "infraspinatus", 'R', TDN_TECH_DEEP, T0 + 10), 1);
    tdn_handout *h = calloc(1, sizeof *h);
    tdn_err err = {0};
    const char *none[] = {"diabetes"};
    tdn_handout_for who = {"Ada Test", "Harbour Physio", "", "", none, 1};
    assert_int_equal(tdn_aftercare_handout_for(x->aftercare, x->kb, x->s, NULL, &who, h, &err),
                     TDN_OK);
    assert_int_equal(count_lines_with(h, "blood thinner"), 0);
    const char *thin[] = {"diabetes", "antiplatelet"};
    who = (tdn_handout_for){"Ada Test", "Harbour Physio", "1 Quay St", "+1 555 0100", thin, 2};
    assert_int_equal(tdn_aftercare_handout_for(x->aftercare, x->kb, x->s, NULL, &who, h, &err),
                     TDN_OK);
    assert_int_equal(count_lines_with(h, "press on it firmly"), 1);
    assert_int_equal(count_lines_with(h, "keeps bleeding"), 1);
    tdn_buf b = {0};
    tdn_handout_text(h, &b);
    assert_non_null(strstr(tdn_buf_str(&b), "Harbour Physio\n1 Quay St\nPhone: +1 555 0100\n"));
    assert_non_null(strstr(tdn_buf_str(&b), "For Ada Test\n"));
    assert_non_null(strstr(tdn_buf_str(&b), "When to call the clinic: +1 555 0100\n"));
    tdn_buf_free(&b);
    tdn_handout_html(h, &b);
    assert_non_null(strstr(tdn_buf_str(&b), "<p class=\"handout-for\">For Ada Test</p>"));
    tdn_buf_free(&b);
    free(h);
}

static void aftercare_condition_syntax(void **state)
{
    (void)state;
    static const char *bad[] = {"condition:", "condition:Anticoagulant", "condition:a|",
                                "condition:a|deep", "conditions:a"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char text[600];
        snprintf(text, sizeof text,
                 "id\twhen\tsection\ttext\tsource\n"
                 "aftercare.lung\tlung\turgent\tx\ts\n"
                 "aftercare.x\t%s\tdo\tx\ts\n",
                 bad[i]);
        tdn_text_file f = {"aftercare.tsv", text, strlen(text)};
        tdn_aftercare_rules *a = calloc(1, sizeof *a);
        tdn_err err = {0};
        assert_int_equal(tdn_aftercare_load(a, &f, 1, &err), TDN_EINPUT);
        assert_non_null(strstr(err.msg, "aftercare.tsv:3: when"));
        free(a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rule_note_edit),
        cmocka_unit_test(rule_note_sign),
        cmocka_unit_test(rule_note_addendum),
        cmocka_unit_test_setup_teardown(screening_in_words, sxs_setup, sxs_teardown),
        cmocka_unit_test(clinician_section_and_signature),
        cmocka_unit_test_setup_teardown(store_sign_and_lock, sxs_setup, sxs_teardown),
        cmocka_unit_test_setup_teardown(store_user_credentials, sxs_setup, sxs_teardown),
        cmocka_unit_test_setup_teardown(store_settings_all_or_none, sxs_setup, sxs_teardown),
        cmocka_unit_test_setup_teardown(handout_follows_screening, sxs_setup, sxs_teardown),
        cmocka_unit_test(aftercare_condition_syntax),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
