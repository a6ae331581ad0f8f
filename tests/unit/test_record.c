/* test_record.c — the clinical record: value checks of core/record.h (dates,
 * measures, adverse events, plan of care) and the store's episodes,
 * consents, screenings, sessions, findings, measures, adverse events, pain
 * maps, diary, chart read and CSV export against a temporary database. Bad
 * input is refused with the field named and nothing written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/record.h"
#include "kb_fixture.h"
#include "store_fixture.h"

#define NOW 1795400000 /* 2026-11-23 */

static int setup(void **state)
{
    store_fixture *f = calloc(1, sizeof *f);
    if (!f || fixture_open(f)) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_close(*state);
    free(*state);
    return 0;
}

static void expect_msg(const tdn_err *err, const char *needle)
{
    if (!strstr(err->msg, needle)) fail_msg("'%s' lacks '%s'", err->msg, needle);
}

static void dates_must_exist_and_not_be_future(void **state)
{
    (void)state;
    tdn_err err = {0};
    int64_t day = 0;
    assert_int_equal(tdn_date_check("--birth", "1980-02-29", NOW, NULL, &day, &err), TDN_OK);
    assert_int_equal(day, 320630400);
    assert_int_equal(tdn_date_check("--birth", "2023-02-30", NOW, NULL, NULL, &err), TDN_EINPUT);
    assert_string_equal(err.msg, "--birth: 2023-02-30 is not a date");
    assert_int_equal(tdn_date_check("--birth", "1981-02-29", NOW, NULL, NULL, &err), TDN_EINPUT);
    assert_int_equal(tdn_date_check("--birth", "2026-13-01", NOW, NULL, NULL, &err), TDN_EINPUT);
    assert_int_equal(tdn_date_check("--birth", "1980-5-17", NOW, NULL, NULL, &err), TDN_EINPUT);
    assert_int_equal(tdn_date_check("--birth", "1980-05-17x", NOW, NULL, NULL, &err), TDN_EINPUT);
    assert_int_equal(tdn_date_check("--birth", "", NOW, NULL, NULL, &err), TDN_EINPUT);
    assert_int_equal(tdn_date_check("--birth", "1850-01-01", NOW, NULL, NULL, &err), TDN_EINPUT);
    assert_int_equal(tdn_date_check("--birth", "2026-11-23", NOW, NULL, NULL, &err), TDN_OK);
    assert_int_equal(tdn_date_check("--birth", "2026-11-24", NOW, NULL, NULL, &err), TDN_EINPUT);
    expect_msg(&err, "in the future");
    assert_int_equal(tdn_sex_check("--sex", "X", &err), TDN_OK);
    assert_int_equal(tdn_sex_check("--sex", "f", &err), TDN_EINPUT);
}

static void measures_are_checked_by_kind(void **state)
{
    (void)state;
    tdn_kb *kb;
    tdn_err err = {0};
    assert_int_equal(fixture_kb(&kb, &err), TDN_OK);
    double v = -1;
    const char *unit = NULL;
    assert_int_equal(tdn_measure_check(kb, "nprs", "temple", "7", NULL, &v, &unit, &err), TDN_OK);
    assert_true(v == 7 && strcmp(unit, "nprs") == 0);
    assert_int_equal(tdn_measure_check(kb, "nprs", "temple", "0", "", &v, &unit, &err), TDN_OK);
    assert_int_equal(tdn_measure_check(kb, "nprs", "temple", "11", NULL, &v, &unit, &err),
                     TDN_EINPUT);
    expect_msg(&err, "--value: 11 is out of range for nprs");
    assert_int_equal(tdn_measure_check(kb, "nprs", "temple", "6.5", NULL, &v, &unit, &err),
                     TDN_EINPUT);
    assert_int_equal(tdn_measure_check(kb, "nprs", "temple", "-1", NULL, &v, &unit, &err),
                     TDN_EINPUT);
    assert_int_equal(tdn_measure_check(kb, "nprs", "tempel", "5", NULL, &v, &unit, &err),
                     TDN_EINPUT);
    expect_msg(&err, "did you mean 'temple'");
    assert_int_equal(tdn_measure_check(kb, "ppt", "upper_trapezius", "3.5", NULL, &v, &unit, &err),
                     TDN_OK);
    assert_string_equal(unit, "kg/cm2");
    assert_int_equal(tdn_measure_check(kb, "ppt", "upper_trapezius", "20.5", NULL, &v, &unit, &err),
                     TDN_EINPUT);
    expect_msg(&err, "kg/cm");
    assert_int_equal(tdn_measure_check(kb, "ppt", "upper_trap", "3", NULL, &v, &unit, &err),
                     TDN_EINPUT);
    expect_msg(&err, "unknown muscle");
    assert_int_equal(
        tdn_measure_check(kb, "rom", "shoulder_internal_rotation", "45", "active", &v, &unit, &err),
        TDN_OK);
    assert_string_equal(unit, "deg");
    assert_int_equal(
        tdn_measure_check(kb, "rom", "shoulder_internal_rotation", "45", NULL, &v, &unit, &err),
        TDN_EINPUT);
    expect_msg(&err, "--motion: required");
    assert_int_equal(tdn_measure_check(kb, "rom", "shoulder_internal_rotation", "361", "passive",
                                       &v, &unit, &err),
                     TDN_EINPUT);
    assert_int_equal(tdn_measure_check(kb, "rom", "shoulder_spin", "40", "active", &v, &unit, &err),
                     TDN_EINPUT);
    assert_int_equal(
        tdn_measure_check(kb, "rom", "shoulder_internal_rotation", "40", "lazy", &v, &unit, &err),
        TDN_EINPUT);
    expect_msg(&err, "--motion");
    assert_int_equal(tdn_measure_check(kb, "nprs", "temple", "5", "active", &v, &unit, &err),
                     TDN_EINPUT);
    assert_int_equal(
        tdn_measure_check(kb, "psfs", "reaching overhead", "4.5", NULL, &v, &unit, &err), TDN_OK);
    const char *bad[] = {"", "abc", "nan", "inf", "1e999", "0x5", " 5", "5 "};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(tdn_measure_check(kb, "psfs", "walking", bad[i], NULL, &v, &unit, &err),
                         TDN_EINPUT);
    assert_int_equal(tdn_measure_check(kb, "vas", "temple", "5", NULL, &v, &unit, &err),
                     TDN_EINPUT);
    expect_msg(&err, "--kind");
    tdn_kb_free(kb);
}

static void ae_and_plan_words(void **state)
{
    (void)state;
    tdn_err err = {0};
    assert_int_equal(tdn_ae_kind_check("--kind", "pneumothorax", &err), TDN_OK);
    assert_int_equal(tdn_ae_kind_check("--kind", "needle_breakage", &err), TDN_OK);
    assert_int_equal(tdn_ae_kind_check("--kind", "brusing", &err), TDN_EINPUT);
    expect_msg(&err, "did you mean 'bruising'");
    assert_int_equal(tdn_ae_severity_check("--severity", "severe", &err), TDN_EINPUT);
    assert_int_equal(tdn_plan_check("--plan", "dry_needling,exercise,massage", &err), TDN_OK);
    assert_int_equal(tdn_plan_check("--plan", "dry_needling,,exercise", &err), TDN_EINPUT);
    assert_int_equal(tdn_plan_check("--plan", "exercise,", &err), TDN_EINPUT);
    assert_int_equal(tdn_plan_check("--plan", "yoga", &err), TDN_EINPUT);
}

/* A patient with an open session; returns the session id. */
static int64_t patient_and_session(store_fixture *f, int64_t *patient)
{
    tdn_err err = {0};
    tdn_patient p = fixture_patient("Ann Lee");
    assert_int_equal(tdn_store_patient_add(f->s, &f->act, &p, patient, &err), TDN_OK);
    tdn_session in = {.patient_id = *patient};
    int64_t sid = 0;
    assert_int_equal(tdn_store_session_open(f->s, &f->act, &in, &sid, &err), TDN_OK);
    return sid;
}

static void a_whole_chart_reads_back(void **state)
{
    store_fixture *f = *state;
    tdn_err err = {0};
    int64_t pid = 0, id = 0;
    int64_t sid = patient_and_session(f, &pid);
    tdn_consent c = {.patient_id = pid, .given_by = "patient"};
    assert_int_equal(tdn_store_consent_add(f->s, &f->act, &c, &id, &err), TDN_OK);
    assert_int_equal(tdn_store_screening_add(f->s, &f->act, pid, "{\"age\":40}", "caution",
                                             "[{\"rule\":\"screen.diabetes\"}]", &id, &err),
                     TDN_OK);
    tdn_episode e = {.patient_id = pid,
                     .condition = "headache",
                     .icd10 = "G44.209",
                     .goals = "desk work",
                     .plan = "dry_needling,exercise"};
    int64_t eid = 0;
    assert_int_equal(tdn_store_episode_open(f->s, &f->act, &e, &eid, &err), TDN_OK);
    tdn_session in = {.patient_id = pid, .episode_id = eid};
    int64_t sid2 = 0;
    assert_int_equal(tdn_store_session_open(f->s, &f->act, &in, &sid2, &err), TDN_OK);
    tdn_finding fd = {.session_id = sid,
                      .muscle = "upper_trapezius",
                      .side = "R",
                      .tp_type = "active",
                      .taut_band = true,
                      .ltr = true};
    assert_int_equal(tdn_store_finding_add(f->s, &f->act, &fd, &id, &err), TDN_OK);
    tdn_measure m = {.session_id = sid,
                     .phase = "pre",
                     .kind = "rom",
                     .site = "shoulder_internal_rotation",
                     .side = "R",
                     .value = 45.5,
                     .unit = "deg",
                     .motion = "passive"};
    assert_int_equal(tdn_store_measure_add(f->s, &f->act, &m, &id, &err), TDN_OK);
    tdn_adverse_event ae = {.session_id = sid2,
                            .kind = "syncope",
                            .severity = "moderate",
                            .action = "supine, legs raised",
                            .resolved = true};
    assert_int_equal(tdn_store_ae_add(f->s, &f->act, &ae, &id, &err), TDN_OK);
    tdn_pain_entry pe = {.episode_id = eid, .region = "temple", .side = "R", .intensity = 0};
    assert_int_equal(tdn_store_pain_add(f->s, &f->act, &pe, &id, &err), TDN_OK);
    pe = (tdn_pain_entry){
        .session_id = sid, .region = "posterior_neck", .side = "B", .intensity = -1};
    assert_int_equal(tdn_store_pain_add(f->s, &f->act, &pe, &id, &err), TDN_OK);
    tdn_diary_entry d = {.patient_id = pid,
                         .session_id = sid,
                         .day = "2026-11-24",
                         .pain = 3,
                         .soreness = 5,
                         .note = "stiff"};
    assert_int_equal(tdn_store_diary_add(f->s, &f->act, &d, &id, &err), TDN_OK);

    tdn_chart ch;
    assert_int_equal(tdn_store_chart_read(f->s, &f->act, pid, &ch, &err), TDN_OK);
    assert_string_equal(ch.patient.name, "Ann Lee");
    assert_int_equal(ch.n_consents, 1);
    assert_string_equal(ch.consents[0].given_by, "patient");
    assert_string_equal(ch.consents[0].recorded_by, "tester");
    assert_int_equal(ch.n_screenings, 1);
    assert_string_equal(ch.screenings[0].decision, "caution");
    assert_string_equal(ch.screenings[0].profile, "{\"age\":40}");
    assert_int_equal(ch.n_episodes, 1);
    assert_string_equal(ch.episodes[0].icd10, "G44.209");
    assert_string_equal(ch.episodes[0].plan, "dry_needling,exercise");
    assert_int_equal(ch.n_sessions, 2);
    assert_string_equal(ch.sessions[0].state, "open");
    assert_string_equal(ch.sessions[0].clinician, "tester");
    assert_int_equal(ch.sessions[1].episode_id, eid);
    assert_int_equal(ch.n_findings, 1);
    assert_true(ch.findings[0].taut_band && ch.findings[0].ltr && !ch.findings[0].spot);
    assert_int_equal(ch.n_measures, 1);
    assert_true(ch.measures[0].value == 45.5);
    assert_string_equal(ch.measures[0].motion, "passive");
    assert_int_equal(ch.n_aes, 1);
    assert_int_equal(ch.aes[0].session_id, sid2);
    assert_int_equal(ch.aes[0].onset, f->act.now);
    assert_true(ch.aes[0].resolved);
    assert_int_equal(ch.n_pains, 2);
    assert_int_equal(ch.pains[0].intensity, 0);
    assert_int_equal(ch.pains[1].intensity, -1);
    assert_int_equal(ch.n_diary, 1);
    assert_int_equal(ch.diary[0].soreness, 5);
    tdn_chart_free(&ch);
    /* every create and the chart read are in the audit, for this patient */
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM audit WHERE action = 'create'"), 12);
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM audit WHERE action = 'create' AND "
                                    "patient_id IS NULL"),
                     0);
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM audit WHERE action = 'read' AND tbl = "
                                    "'chart'"),
                     1);
    tdn_session got;
    assert_int_equal(tdn_store_session_get(f->s, &f->act, sid2, &got, &err), TDN_OK);
    assert_int_equal(got.episode_id, eid);
}

static void bad_record_input_writes_nothing(void **state)
{
    store_fixture *f = *state;
    tdn_err err = {0};
    int64_t pid = 0, pid2 = 0, id = 0;
    int64_t sid = patient_and_session(f, &pid);
    tdn_patient p2 = fixture_patient("Other");
    assert_int_equal(tdn_store_patient_add(f->s, &f->act, &p2, &pid2, &err), TDN_OK);
    tdn_episode e = {.patient_id = pid2, .condition = "headache", .icd10 = "G44.209"};
    int64_t eid2 = 0;
    assert_int_equal(tdn_store_episode_open(f->s, &f->act, &e, &eid2, &err), TDN_OK);
    long long before = fixture_rows(f);

    tdn_session in = {.patient_id = pid, .episode_id = eid2};
    assert_int_equal(tdn_store_session_open(f->s, &f->act, &in, &id, &err), TDN_EINPUT);
    expect_msg(&err, "--episode");
    in = (tdn_session){.patient_id = 999};
    assert_int_equal(tdn_store_session_open(f->s, &f->act, &in, &id, &err), TDN_EINPUT);
    expect_msg(&err, "patient: no patient with id 999");
    tdn_consent c = {.patient_id = pid, .given_by = "neighbour"};
    assert_int_equal(tdn_store_consent_add(f->s, &f->act, &c, &id, &err), TDN_EINPUT);
    c = (tdn_consent){.patient_id = 999, .given_by = "patient"};
    assert_int_equal(tdn_store_consent_add(f->s, &f->act, &c, &id, &err), TDN_EINPUT);
    assert_int_equal(tdn_store_screening_add(f->s, &f->act, pid, "{}", "maybe", NULL, &id, &err),
                     TDN_EINPUT);
    assert_int_equal(tdn_store_screening_add(f->s, &f->act, 999, "{}", "go", NULL, &id, &err),
                     TDN_EINPUT);
    tdn_finding fd = {
        .session_id = 999, .muscle = "upper_trapezius", .side = "R", .tp_type = "active"};
    assert_int_equal(tdn_store_finding_add(f->s, &f->act, &fd, &id, &err), TDN_EINPUT);
    expect_msg(&err, "session: no session with id 999");
    fd.session_id = sid;
    snprintf(fd.tp_type, sizeof fd.tp_type, "dormant");
    assert_int_equal(tdn_store_finding_add(f->s, &f->act, &fd, &id, &err), TDN_EINPUT);
    expect_msg(&err, "--type");
    tdn_measure m = {.session_id = sid,
                     .phase = "during",
                     .kind = "nprs",
                     .site = "temple",
                     .side = "B",
                     .value = 3,
                     .unit = "nprs"};
    assert_int_equal(tdn_store_measure_add(f->s, &f->act, &m, &id, &err), TDN_EINPUT);
    expect_msg(&err, "--phase");
    snprintf(m.phase, sizeof m.phase, "pre");
    snprintf(m.motion, sizeof m.motion, "active");
    assert_int_equal(tdn_store_measure_add(f->s, &f->act, &m, &id, &err), TDN_EINPUT);
    tdn_adverse_event ae = {.session_id = sid, .kind = "hiccups", .severity = "mild"};
    assert_int_equal(tdn_store_ae_add(f->s, &f->act, &ae, &id, &err), TDN_EINPUT);
    ae = (tdn_adverse_event){
        .session_id = sid, .kind = "bruising", .severity = "mild", .needle_number = 5};
    assert_int_equal(tdn_store_ae_add(f->s, &f->act, &ae, &id, &err), TDN_EINPUT);
    expect_msg(&err, "--needle: no needle #5");
    tdn_pain_entry pe = {.region = "temple", .side = "R", .intensity = 3};
    assert_int_equal(tdn_store_pain_add(f->s, &f->act, &pe, &id, &err), TDN_EINPUT);
    pe.session_id = sid;
    pe.intensity = 11;
    assert_int_equal(tdn_store_pain_add(f->s, &f->act, &pe, &id, &err), TDN_EINPUT);
    tdn_diary_entry d = {.patient_id = pid, .session_id = sid, .day = "2026-11-24", .pain = 11};
    assert_int_equal(tdn_store_diary_add(f->s, &f->act, &d, &id, &err), TDN_EINPUT);
    d.pain = 2;
    d.patient_id = pid2; /* someone else's session */
    assert_int_equal(tdn_store_diary_add(f->s, &f->act, &d, &id, &err), TDN_EINPUT);
    tdn_chart ch;
    assert_int_equal(tdn_store_chart_read(f->s, &f->act, 999, &ch, &err), TDN_EINPUT);
    assert_int_equal(fixture_rows(f), before);
}

/* A pain map is one clinical entry: a bad region anywhere in it (here the
 * last one, after good ones) stores none of it, and a good map stores all. */
static void a_pain_map_is_stored_whole_or_not_at_all(void **state)
{
    store_fixture *f = *state;
    tdn_err err = {0};
    int64_t pid = 0, ids[3] = {0};
    int64_t sid = patient_and_session(f, &pid);
    long long before = fixture_rows(f);
    tdn_pain_entry map[3] = {
        {.session_id = sid, .region = "temple", .side = "R", .intensity = 6},
        {.session_id = sid, .region = "posterior_neck", .side = "R", .intensity = 4},
        {.session_id = sid, .region = "jaw", .side = "Q", .intensity = 2},
    };
    assert_int_equal(tdn_store_pain_map_add(f->s, &f->act, map, 3, ids, &err), TDN_EINPUT);
    expect_msg(&err, "side");
    assert_int_equal(fixture_rows(f), before);
    map[2].session_id = 999; /* the third row's session does not exist */
    map[2].side[0] = 'L';
    assert_int_equal(tdn_store_pain_map_add(f->s, &f->act, map, 3, ids, &err), TDN_EINPUT);
    assert_int_equal(fixture_rows(f), before);
    assert_int_equal(tdn_store_pain_map_add(f->s, &f->act, map, 0, ids, &err), TDN_EINPUT);
    map[2].session_id = sid;
    assert_int_equal(tdn_store_pain_map_add(f->s, &f->act, map, 3, ids, &err), TDN_OK);
    assert_true(ids[0] > 0 && ids[1] == ids[0] + 1 && ids[2] == ids[1] + 1);
    tdn_chart ch;
    assert_int_equal(tdn_store_chart_read(f->s, &f->act, pid, &ch, &err), TDN_OK);
    assert_int_equal(ch.n_pains, 3);
    assert_string_equal(ch.pains[2].region, "jaw");
    tdn_chart_free(&ch);
}

static void closed_sessions_take_no_new_findings(void **state)
{
    store_fixture *f = *state;
    tdn_err err = {0};
    int64_t pid = 0, id = 0;
    int64_t sid = patient_and_session(f, &pid);
    char sql[128];
    snprintf(sql, sizeof sql, "UPDATE session SET state = 'closed' WHERE id = %lld",
             (long long)sid);
    assert_int_equal(fixture_exec(f, sql), SQLITE_OK);
    tdn_finding fd = {
        .session_id = sid, .muscle = "upper_trapezius", .side = "L", .tp_type = "latent"};
    assert_int_equal(tdn_store_finding_add(f->s, &f->act, &fd, &id, &err), TDN_EINPUT);
    expect_msg(&err, "closed");
    tdn_measure m = {.session_id = sid,
                     .phase = "post",
                     .kind = "nprs",
                     .site = "temple",
                     .side = "B",
                     .value = 2,
                     .unit = "nprs"};
    assert_int_equal(tdn_store_measure_add(f->s, &f->act, &m, &id, &err), TDN_EINPUT);
    snprintf(m.phase, sizeof m.phase, "followup"); /* follow-up comes later, by design */
    assert_int_equal(tdn_store_measure_add(f->s, &f->act, &m, &id, &err), TDN_OK);
    tdn_adverse_event ae = {.session_id = sid, .kind = "soreness", .severity = "mild"};
    assert_int_equal(tdn_store_ae_add(f->s, &f->act, &ae, &id, &err), TDN_OK);
}

typedef struct sink_log {
    int tables, rows, fail_at;
    char names[512];
} sink_log;

static int log_table(void *ctx, const char *name, int ncols, const char *const *cols, tdn_err *err)
{
    sink_log *l = ctx;
    (void)cols;
    assert_true(ncols > 0);
    size_t n = strlen(l->names);
    snprintf(l->names + n, sizeof l->names - n, "%s ", name);
    if (++l->tables == l->fail_at) return tdn_err_set(err, TDN_ESYS, "disk full");
    return TDN_OK;
}

static int log_row(void *ctx, int ncols, const char *const *values, tdn_err *err)
{
    (void)ncols, (void)values, (void)err;
    ((sink_log *)ctx)->rows++;
    return TDN_OK;
}

static void export_streams_every_table_and_audits(void **state)
{
    store_fixture *f = *state;
    tdn_err err = {0};
    int64_t pid = 0;
    patient_and_session(f, &pid);
    assert_int_equal(
        tdn_store_user_add(f->s, &f->act, "u1", "", "admin", "long-enough-pw", 0, NULL, &err),
        TDN_OK);
    sink_log l = {0};
    tdn_export_sink sink = {&l, log_table, log_row};
    assert_int_equal(tdn_store_export(f->s, &f->act, &sink, &err), TDN_OK);
    assert_non_null(strstr(l.names, "patient user consent"));
    assert_null(strstr(l.names, "auth_session"));
    /* every table of the schema is exported but login sessions and the
     * sign-in throttle: a migration that adds a table must add it to the
     * export too */
    assert_int_equal(l.tables,
                     fixture_int(f, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                                    "name NOT IN ('auth_session', 'login_throttle')"));
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        char name[80];
        snprintf(name, sizeof name, "%s ", (const char *)sqlite3_column_text(st, 0));
        if (strcmp(name, "auth_session ") != 0 && strcmp(name, "login_throttle ") != 0 &&
            !strstr(l.names, name))
            fail_msg("table %s is not exported", name);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM audit WHERE action = 'export'"), 1);
    /* a failing sink stops the export and leaves no audit row */
    sink_log l2 = {.fail_at = 3};
    sink.ctx = &l2;
    assert_int_equal(tdn_store_export(f->s, &f->act, &sink, &err), TDN_ESYS);
    expect_msg(&err, "disk full");
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM audit WHERE action = 'export'"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dates_must_exist_and_not_be_future),
        cmocka_unit_test(measures_are_checked_by_kind),
        cmocka_unit_test(ae_and_plan_words),
        cmocka_unit_test_setup_teardown(a_whole_chart_reads_back, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_record_input_writes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(a_pain_map_is_stored_whole_or_not_at_all, setup, teardown),
        cmocka_unit_test_setup_teardown(closed_sessions_take_no_new_findings, setup, teardown),
        cmocka_unit_test_setup_teardown(export_streams_every_table_and_audits, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
