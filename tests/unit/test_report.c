/* test_report.c — the safety report (issue 11): migration 008's `serious`
 * tier carries old adverse events forward, the store's SQL aggregates honour
 * every filter and audit the read without a patient, core turns the counts
 * into rates beside the published survey, and the app's filters refuse bad
 * input naming the field. Rows are written with raw SQL to know every count. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>

#include "app/embedded.h"
#include "app/kbfiles.h"
#include "app/report.h"
#include "store_fixture.h"

#define near(a, b) assert_true(fabs((a) - (b)) <= 1e-9)

/* An adverse event stored by a tdn before `serious` existed survives the
 * migration, and the new tier is accepted while unknown ones stay refused. */
static void serious_tier_migrates_old_events(void **state)
{
    (void)state;
    store_fixture f = {0};
    snprintf(f.dir, sizeof f.dir, "/tmp/tdn-mig-XXXXXX");
    assert_non_null(mkdtemp(f.dir));
    snprintf(f.path, sizeof f.path, "%s/old.db", f.dir);
    tdn_err err = {0};
    assert_int_equal(tdn_store_open_version(&f.s, f.path, 1, &err), TDN_OK);
    tdn_store_close(f.s);
    assert_int_equal(fixture_exec(&f, "INSERT INTO patient VALUES (1, 'A', '1980-01-01', NULL, 1);"
                                      "INSERT INTO session (id, patient_id, clinician, opened_at) "
                                      "VALUES (1, 1, 'drlee', 10);"
                                      "INSERT INTO adverse_event (id, session_id, kind, severity, "
                                      "onset, recorded_at) VALUES (7, 1, 'syncope', "
                                      "'significant', 11, 11);"),
                     SQLITE_OK);
    assert_int_not_equal(fixture_exec(&f,
                                      "INSERT INTO adverse_event (session_id, kind, severity, "
                                      "onset, recorded_at) VALUES (1, 'other', 'serious', 1, 1)"),
                         SQLITE_OK);
    assert_int_equal(tdn_store_open(&f.s, f.path, &err), TDN_OK);
    assert_int_equal(tdn_store_schema_version(f.s), tdn_store_schema_latest());
    assert_int_equal(fixture_int(&f, "SELECT count(*) FROM adverse_event WHERE id = 7 AND kind = "
                                     "'syncope' AND severity = 'significant' AND onset = 11"),
                     1);
    assert_int_equal(fixture_exec(&f, "INSERT INTO adverse_event (session_id, kind, severity, "
                                      "onset, recorded_at) VALUES (1, 'pneumothorax', 'serious', "
                                      "12, 12)"),
                     SQLITE_OK);
    assert_int_not_equal(fixture_exec(&f,
                                      "INSERT INTO adverse_event (session_id, kind, severity, "
                                      "onset, recorded_at) VALUES (1, 'other', 'severe', 1, 1)"),
                         SQLITE_OK);
    assert_int_equal(fixture_int(&f, "SELECT count(*) FROM pragma_foreign_key_list("
                                     "'adverse_event') WHERE \"table\" = 'session'"),
                     1); /* still tied to its session */
    fixture_close(&f);
}

/* Sessions 1-4 (day 1..4 x 86400) by drlee/drkim; session 5 has no needle. */
static const char *const clinic_sql =
    "INSERT INTO patient VALUES (1, 'A', '1980-01-01', NULL, 1);"
    "INSERT INTO episode (id, patient_id, condition, icd10, opened) VALUES "
    "(1, 1, 'migraine', 'G43.909', 1), (2, 1, 'tension_type_headache', 'G44.209', 1);"
    "INSERT INTO session (id, patient_id, episode_id, clinician, opened_at) VALUES "
    "(1, 1, 1, 'drlee', 86400), (2, 1, 1, 'drlee', 172800), (3, 1, 2, 'drkim', 259200), "
    "(4, 1, NULL, 'drkim', 345600), (5, 1, 1, 'drlee', 86400);"
    "INSERT INTO needle (session_id, number, muscle, side, technique, inserted_at) VALUES "
    "(1, 1, 'upper_trapezius', 'R', 'deep', 1), (1, 2, 'upper_trapezius', 'L', 'deep', 1), "
    "(2, 1, 'sternocleidomastoid', 'R', 'superficial', 1), "
    "(3, 1, 'upper_trapezius', 'R', 'superficial', 1), (3, 2, 'sternocleidomastoid', 'R', "
    "'deep', 1), (3, 3, 'sternocleidomastoid', 'L', 'deep', 1), "
    "(4, 1, 'upper_trapezius', 'R', 'deep', 1);"
    "INSERT INTO adverse_event (session_id, kind, severity, onset, recorded_at) VALUES "
    "(1, 'bruising', 'mild', 1, 1), (1, 'bruising', 'mild', 1, 1), (2, 'bruising', 'mild', 1, 1), "
    "(3, 'syncope', 'significant', 1, 1), (4, 'pneumothorax', 'serious', 1, 1), "
    "(5, 'bleeding', 'mild', 1, 1);";

static int count_of(const tdn_safety_counts *c, const char *kind, const char *severity,
                    int64_t *events)
{
    for (size_t i = 0; i < c->n_rows; i++)
        if (!strcmp(c->rows[i].kind, kind) && !strcmp(c->rows[i].severity, severity)) {
            if (events) *events = c->rows[i].events;
            return (int)c->rows[i].sessions;
        }
    return 0;
}

static void safety_counts_honour_filters(void **state)
{
    (void)state;
    store_fixture f = {0};
    assert_int_equal(fixture_open(&f), 0);
    assert_int_equal(fixture_exec(&f, clinic_sql), SQLITE_OK);
    tdn_err err = {0};
    tdn_safety_counts c;
    tdn_report_filter all = {.from = -1, .to = -1};
    long long audits = fixture_int(&f, "SELECT count(*) FROM audit");
    assert_int_equal(tdn_store_report_safety(f.s, &f.act, &all, &c, &err), TDN_OK);
    assert_int_equal(c.sessions, 4); /* session 5 had no needle: not a treatment */
    assert_int_equal(c.needles, 7);
    assert_int_equal(c.sessions_any, 4);
    assert_int_equal(c.sessions_mild, 2);
    assert_int_equal(c.sessions_serious, 2);
    int64_t ev = 0;
    assert_int_equal(count_of(&c, "bruising", "mild", &ev), 2);
    assert_int_equal(ev, 3);
    assert_int_equal(count_of(&c, "bleeding", "mild", NULL), 0);
    assert_int_equal(c.n_rows, 3);
    tdn_safety_counts_free(&c);
    assert_int_equal(fixture_int(&f, "SELECT count(*) FROM audit"), audits + 1);
    assert_int_equal(fixture_int(&f, "SELECT count(*) FROM audit WHERE action = 'report' AND "
                                     "detail = 'safety' AND patient_id IS NULL"),
                     1);

    tdn_report_filter by_date = {.from = 172800, .to = 345600};
    assert_int_equal(tdn_store_report_safety(f.s, &f.act, &by_date, &c, &err), TDN_OK);
    assert_int_equal(c.sessions, 2); /* sessions 2 and 3 */
    assert_int_equal(c.needles, 4);
    tdn_safety_counts_free(&c);

    tdn_report_filter by_cond = {.from = -1, .to = -1, .condition = "migraine"};
    assert_int_equal(tdn_store_report_safety(f.s, &f.act, &by_cond, &c, &err), TDN_OK);
    assert_int_equal(c.sessions, 2);
    assert_int_equal(c.sessions_serious, 0);
    tdn_safety_counts_free(&c);

    tdn_report_filter by_muscle = {.from = -1, .to = -1, .muscle = "sternocleidomastoid"};
    assert_int_equal(tdn_store_report_safety(f.s, &f.act, &by_muscle, &c, &err), TDN_OK);
    assert_int_equal(c.sessions, 2); /* 2 and 3; every needle of those sessions counts */
    assert_int_equal(c.needles, 4);
    tdn_safety_counts_free(&c);

    tdn_report_filter by_who = {.from = -1, .to = -1, .clinician = "drkim", .protocol = "deep"};
    assert_int_equal(tdn_store_report_safety(f.s, &f.act, &by_who, &c, &err), TDN_OK);
    assert_int_equal(c.sessions, 2);
    assert_int_equal(count_of(&c, "pneumothorax", "serious", NULL), 1);
    tdn_safety_counts_free(&c);

    tdn_report_filter none = {.from = -1, .to = -1, .clinician = "nobody"};
    assert_int_equal(tdn_store_report_safety(f.s, &f.act, &none, &c, &err), TDN_OK);
    assert_int_equal(c.sessions, 0);
    assert_int_equal(c.n_rows, 0);
    tdn_safety_counts_free(&c);
    fixture_close(&f);
}

static void load_published(tdn_published_rates *p)
{
    tdn_kbfiles files = {0};
    tdn_err err = {0};
    assert_int_equal(tdn_kbfiles_load(&files, NULL, &err), TDN_OK);
    assert_int_equal(tdn_published_load(p, files.files, files.n, &err), TDN_OK);
    tdn_kbfiles_free(&files);
}

/* 200 treatments, 400 needles: bruising in 16 sessions (20 events), syncope
 * (no published figure) in 1, nothing significant; Brady's other kinds get
 * rows of zero. Wilson values: scipy binomtest(K, N).proportion_ci(0.95,
 * method='wilson'): 16/200 -> 4.984058588975997 %, 12.598948826714395 %;
 * 0/200 -> upper 1.8845326377266574 %; 20/400 -> 3.259742983714726 %, 7.5963635063719614 %. */
static void safety_rates_beside_published(void **state)
{
    (void)state;
    static tdn_published_rates pub;
    load_published(&pub);
    assert_int_equal(pub.n, 10);
    const tdn_published *b = tdn_published_find(&pub, "bruising", "mild");
    assert_non_null(b);
    near(b->percent, 7.55);
    assert_non_null(strstr(b->source, "J Man Manip Ther 2014;22(3):134-140"));
    tdn_ae_count rows[] = {{"bruising", "mild", 16, 20}, {"syncope", "moderate", 1, 1}};
    tdn_safety_counts c = {.sessions = 200,
                           .needles = 400,
                           .sessions_any = 17,
                           .sessions_mild = 16,
                           .sessions_serious = 0,
                           .rows = rows,
                           .n_rows = 2};
    tdn_safety_report r;
    tdn_err err = {0};
    assert_int_equal(tdn_safety_report_make(&c, &pub, &r, &err), TDN_OK);
    assert_int_equal(r.n_rows, 2 + 7); /* Brady's 8 kinds, bruising counted already */
    const tdn_safety_row *w = &r.rows[0];
    assert_string_equal(w->kind, "bruising");
    near(w->per_session.percent, 8.0);
    near(w->per_session.lo, 4.984058588975997);
    near(w->per_session.hi, 12.598948826714395);
    near(w->per_1000_needles, 50.0);
    near(w->needle_lo, 32.59742983714726);
    near(w->needle_hi, 75.963635063719614);
    assert_true(w->per_session.published == b && w->per_session.overlaps);
    assert_true(w->per_session.upper_exact < 0); /* only for a count of zero */
    assert_null(r.rows[1].per_session.published);
    const tdn_safety_row *z = &r.rows[2]; /* bleeding: none here, Brady 4.65 % */
    assert_string_equal(z->kind, "bleeding");
    assert_int_equal(z->per_session.count, 0);
    near(z->per_session.upper_exact, 100 * (1 - pow(0.05, 1.0 / 200)));
    near(z->per_session.upper_rule3, 1.5);
    near(z->per_session.hi, 1.8845326377266574);
    assert_false(z->per_session.overlaps); /* Brady's 4.65 % lies above [0, 1.88] */
    assert_int_equal(r.serious.count, 0);
    near(r.serious.upper_rule3, 1.5);
    assert_true(r.serious.overlaps); /* both intervals start at 0 */
    near(r.mild.percent, 8.0);
    assert_false(r.mild.overlaps); /* Brady's 19.18 % is above 12.58 % */
    for (size_t i = 0; i < r.n_rows; i++)
        assert_true(r.rows[i].per_session.lo >= 0 && r.rows[i].per_session.hi <= 100);
    tdn_safety_report_free(&r);
}

static void empty_report_has_no_rates(void **state)
{
    (void)state;
    static tdn_published_rates pub;
    load_published(&pub);
    tdn_safety_counts c = {0};
    tdn_safety_report r;
    tdn_err err = {0};
    assert_int_equal(tdn_safety_report_make(&c, &pub, &r, &err), TDN_OK);
    assert_int_equal(r.sessions, 0);
    assert_int_equal(r.n_rows, 0);
    tdn_buf b = {0};
    tdn_safety_text(&b, &r);
    assert_string_equal(tdn_buf_str(&b), "no sessions match\n");
    tdn_buf_free(&b);
    json_t *j = tdn_safety_json(&r);
    assert_string_equal(json_string_value(json_object_get(j, "message")), "no sessions match");
    assert_true(json_is_null(json_object_get(j, "any_adverse_event")));
    json_decref(j);
    tdn_safety_report_free(&r);
}

/* Bad filters name the field and change nothing stored. */
static void filters_refuse_bad_input(void **state)
{
    (void)state;
    store_fixture f = {0};
    assert_int_equal(fixture_open(&f), 0);
    tdn_kbfiles files = {0};
    tdn_kb *kb = NULL;
    tdn_err err = {0};
    assert_int_equal(tdn_kb_open(&kb, &files, NULL, &err), TDN_OK);
    assert_int_equal(tdn_store_user_add(f.s, &f.act, "drlee", "Dr Lee", "clinician",
                                        "correct horse battery", 0, NULL, &err),
                     TDN_OK);
    long long rows = fixture_rows(&f);
    struct {
        tdn_report_args a;
        const char *msg;
    } bad[] = {
        {{.from = "2026-02-01", .to = "2026-01-01"}, "to: 2026-01-01 is before from (2026-02-01)"},
        {{.from = "2026-02-30"}, "from: 2026-02-30 is not a date"},
        {{.to = "yesterday"}, "to: 'yesterday' is not a date YYYY-MM-DD"},
        {{.condition = "migrane"},
         "condition: unknown condition 'migrane' (did you mean 'migraine'?)"},
        {{.muscle = "upper_trapezus"}, "muscle: unknown muscle 'upper_trapezus'"},
        {{.clinician = "drno"}, "clinician: no clinician 'drno'"},
        {{.protocol = "medium"}, "protocol: 'medium' must be deep or superficial"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tdn_report_filter flt;
        assert_int_equal(tdn_report_filter_make(f.s, kb, &bad[i].a, &flt, &err), TDN_EINPUT);
        if (!strstr(err.msg, bad[i].msg)) print_error("%zu: %s\n", i, err.msg);
        assert_non_null(strstr(err.msg, bad[i].msg));
    }
    assert_int_equal(fixture_rows(&f), rows);
    tdn_report_args ok = {.from = "2026-01-01",
                          .to = "2026-01-01",
                          .condition = "migraine",
                          .muscle = "upper_trapezius",
                          .clinician = "drlee",
                          .protocol = "deep"};
    tdn_report_filter flt;
    assert_int_equal(tdn_report_filter_make(f.s, kb, &ok, &flt, &err), TDN_OK);
    assert_int_equal(flt.to - flt.from, 86400); /* to is inclusive: the whole day (TZ=UTC) */
    assert_string_equal(flt.clinician, "drlee");
    tdn_kb_free(kb);
    tdn_kbfiles_free(&files);
    fixture_close(&f);
}

/* Measures on clinic_sql's episodes: episode 1 (migraine: sessions 1 and the
 * needle-less follow-up 5), episode 2 (tension-type headache: session 3). */
static const char *const measures_sql =
    "INSERT INTO measure (session_id, phase, kind, site, side, value, unit, recorded_at) VALUES "
    "(1, 'pre', 'nprs', 'temple', 'R', 6, 'nprs', 86500), "
    "(1, 'post', 'nprs', 'temple', 'R', 4, 'nprs', 86600), "
    "(1, 'pre', 'psfs', 'walking', 'B', 3, 'psfs', 86500), "
    "(1, 'post', 'psfs', 'walking', 'B', 5, 'psfs', 86600), "
    "(1, 'pre', 'psfs', 'reading', 'B', 4, 'psfs', 86500), "
    "(1, 'post', 'psfs', 'reading', 'B', 4, 'psfs', 86600), "
    "(5, 'followup', 'nprs', 'temple', 'R', 2, 'nprs', 2678500), "
    "(3, 'pre', 'nprs', 'posterior_neck', 'R', 5, 'nprs', 259300), "
    "(3, 'post', 'nprs', 'posterior_neck', 'R', 4, 'nprs', 259400), "
    "(3, 'pre', 'ppt', 'upper_trapezius', 'R', 2.0, 'kg/cm2', 259300), "
    "(3, 'post', 'ppt', 'upper_trapezius', 'R', 2.5, 'kg/cm2', 259400);";

static const tdn_outcome_stat *stat_of(const tdn_outcome_report *r, int window, const char *kind)
{
    for (int i = 0; i < r->n; i++)
        if (r->stats[i].window == window && !strcmp(r->stats[i].kind, kind)) return &r->stats[i];
    return NULL;
}

/* Opens clinic_sql with measures_sql's measures, and the knowledge base. */
static void open_measured_clinic(store_fixture *f, tdn_kbfiles *files)
{
    tdn_err err = {0};
    assert_int_equal(fixture_open(f), 0);
    assert_int_equal(fixture_exec(f, clinic_sql), SQLITE_OK);
    assert_int_equal(fixture_exec(f, measures_sql), SQLITE_OK);
    assert_int_equal(tdn_kbfiles_load(files, NULL, &err), TDN_OK);
}

/* Changes and responders by window; quartiles from numpy.percentile, Wilson
 * from scipy binomtest(1, 2) -> 9.453120573423075 %, 90.54687942657694 %. */
static void outcomes_by_window(void **state)
{
    (void)state;
    store_fixture f = {0};
    tdn_kbfiles files = {0};
    tdn_err err = {0};
    open_measured_clinic(&f, &files);
    static tdn_outcome_report r;
    static tdn_thresholds th;
    tdn_report_filter all = {.from = -1, .to = -1};
    assert_int_equal(tdn_report_outcomes(f.s, &f.act, files.files, files.n, &all, &r, &th, &err),
                     TDN_OK);
    assert_int_equal(r.episodes, 2);
    const tdn_outcome_stat *st = stat_of(&r, TDN_WIN_IMMEDIATE, "nprs");
    assert_non_null(st);
    assert_int_equal(st->n, 2); /* -2 (6 -> 4, 33 %: responder) and -1 */
    near(st->median, -1.5);
    near(st->q1, -1.75);
    near(st->q3, -1.25);
    assert_int_equal(st->responders, 1);
    near(st->lo, 9.453120573423075);
    near(st->hi, 90.54687942657694);
    st = stat_of(&r, TDN_WIN_IMMEDIATE, "psfs"); /* the average of 3 -> 5 and 4 -> 4 */
    assert_int_equal(st->n, 1);
    near(st->median, 1.0);
    assert_int_equal(st->responders, 0); /* below Stratford's 2 points */
    assert_string_equal(st->point->kind, "mdc");
    st = stat_of(&r, TDN_WIN_IMMEDIATE, "ppt");
    assert_false(st->judged); /* change only, and the data says why (Walton 2011) */
    assert_non_null(st->none);
    assert_non_null(strstr(st->none->source, "Walton"));
    near(st->median, 0.5);
    st = stat_of(&r, TDN_WIN_LATEST, "nprs"); /* 6 -> 2 at the follow-up, 5 -> 4 */
    assert_int_equal(st->n, 2);
    near(st->median, -2.5);
    near(st->q1, -3.25);
    near(st->q3, -1.75);
    assert_int_equal(st->responders, 1);
    st = stat_of(&r, TDN_WIN_4W, "nprs"); /* the follow-up came 30 days later */
    assert_int_equal(st->n, 1);
    near(st->median, -4.0);
    assert_int_equal(st->responders, 1);
    assert_null(stat_of(&r, TDN_WIN_4W, "psfs"));
    assert_null(stat_of(&r, TDN_WIN_6M, "nprs"));
    assert_int_equal(fixture_int(&f, "SELECT count(*) FROM audit WHERE action = 'report' AND "
                                     "detail = 'outcomes' AND patient_id IS NULL"),
                     1);

    tdn_report_filter mig = {.from = -1, .to = -1, .condition = "migraine"};
    assert_int_equal(tdn_report_outcomes(f.s, &f.act, files.files, files.n, &mig, &r, &th, &err),
                     TDN_OK);
    assert_int_equal(r.episodes, 1);
    assert_int_equal(stat_of(&r, TDN_WIN_IMMEDIATE, "nprs")->n, 1);
    assert_null(stat_of(&r, TDN_WIN_IMMEDIATE, "ppt"));
    json_t *j = tdn_outcomes_json(&r);
    json_t *m0 = json_array_get(json_object_get(j, "measures"), 0);
    assert_string_equal(json_string_value(json_object_get(m0, "kind")), "nprs");
    assert_int_equal(json_integer_value(json_object_get(m0, "responders")), 1);
    assert_non_null(strstr(json_string_value(json_object_get(m0, "source")), "Farrar"));
    json_decref(j);
    tdn_kbfiles_free(&files);
    fixture_close(&f);
}

/* The immediate window (pre -> post within one treatment) counts only the
 * treatments the filter picks; the lasting windows take the whole episode
 * of a picked treatment, baseline to follow-up. */
static void immediate_window_honours_filters(void **state)
{
    (void)state;
    store_fixture f = {0};
    tdn_kbfiles files = {0};
    tdn_err err = {0};
    open_measured_clinic(&f, &files);
    static tdn_outcome_report r;
    static tdn_thresholds th;
    /* day 2 picks session 2 alone (episode 1, nothing measured in it) */
    tdn_report_filter day2 = {.from = 172800, .to = 259200};
    assert_int_equal(tdn_report_outcomes(f.s, &f.act, files.files, files.n, &day2, &r, &th, &err),
                     TDN_OK);
    assert_int_equal(r.episodes, 1);
    assert_null(stat_of(&r, TDN_WIN_IMMEDIATE, "nprs"));         /* not session 1's 6 -> 4 */
    assert_int_equal(stat_of(&r, TDN_WIN_LATEST, "nprs")->n, 1); /* episode 1: 6 -> 2 */
    /* superficial picks sessions 2 and 3: session 1 (deep) is not immediate */
    tdn_report_filter sup = {.from = -1, .to = -1, .protocol = "superficial"};
    assert_int_equal(tdn_report_outcomes(f.s, &f.act, files.files, files.n, &sup, &r, &th, &err),
                     TDN_OK);
    const tdn_outcome_stat *st = stat_of(&r, TDN_WIN_IMMEDIATE, "nprs");
    assert_int_equal(st->n, 1); /* session 3: 5 -> 4 */
    near(st->median, -1.0);
    assert_int_equal(stat_of(&r, TDN_WIN_LATEST, "nprs")->n, 2);
    tdn_kbfiles_free(&files);
    fixture_close(&f);
}

/* The store's pairs where a faster query could go wrong: two pre values at
 * one time (the lower id is first), two post values at one time (the higher
 * id is last), several sites and both sides averaged per session, a
 * follow-up 10 days on (latest, not 4 weeks) and one 30 days on with a tie. */
static const char *const ties_sql =
    "INSERT INTO patient VALUES (1, 'A', '1980-01-01', NULL, 1);"
    "INSERT INTO episode (id, patient_id, condition, icd10, opened) VALUES "
    "(1, 1, 'migraine', 'G43.909', 1), (2, 1, 'migraine', 'G43.909', 1);"
    "INSERT INTO session (id, patient_id, episode_id, clinician, opened_at) VALUES "
    "(1, 1, 1, 'drlee', 1000), (2, 1, 1, 'drlee', 865000), (3, 1, 2, 'drlee', 1000);"
    "INSERT INTO needle (session_id, number, muscle, side, technique, inserted_at) VALUES "
    "(1, 1, 'upper_trapezius', 'R', 'deep', 1), (3, 1, 'upper_trapezius', 'R', 'deep', 1);"
    "INSERT INTO measure (id, session_id, phase, kind, site, side, value, unit, recorded_at) "
    "VALUES (10, 1, 'pre', 'nprs', 'temple', 'R', 6, 'nprs', 1000), "
    "(11, 1, 'pre', 'nprs', 'temple', 'R', 7, 'nprs', 1000), "
    "(12, 1, 'post', 'nprs', 'temple', 'R', 4, 'nprs', 1100), "
    "(13, 1, 'post', 'nprs', 'temple', 'R', 3, 'nprs', 1100), "
    "(9, 1, 'pre', 'nprs', 'temple', 'R', 8, 'nprs', 1001), "
    "(14, 1, 'pre', 'nprs', 'posterior_neck', 'R', 5, 'nprs', 1000), "
    "(15, 1, 'post', 'nprs', 'posterior_neck', 'R', 5, 'nprs', 1100), "
    "(16, 1, 'pre', 'ppt', 'upper_trapezius', 'L', 2, 'kg/cm2', 1000), "
    "(17, 1, 'post', 'ppt', 'upper_trapezius', 'L', 3, 'kg/cm2', 1100), "
    "(18, 1, 'pre', 'ppt', 'upper_trapezius', 'R', 2, 'kg/cm2', 1000), "
    "(19, 1, 'post', 'ppt', 'upper_trapezius', 'R', 2.5, 'kg/cm2', 1100), "
    "(20, 2, 'followup', 'nprs', 'temple', 'R', 2, 'nprs', 865000), "
    "(21, 3, 'pre', 'psfs', 'walking', 'B', 3, 'psfs', 1000), "
    "(23, 3, 'followup', 'psfs', 'walking', 'B', 6, 'psfs', 2593000), "
    "(22, 3, 'followup', 'psfs', 'walking', 'B', 5, 'psfs', 2593000);";

static const tdn_outcome_pair *pair_of(const tdn_outcome_counts *c, int w, int64_t unit,
                                       const char *kind)
{
    for (size_t i = 0; i < c->n[w]; i++)
        if (c->pairs[w][i].unit == unit && !strcmp(c->pairs[w][i].kind, kind))
            return &c->pairs[w][i];
    return NULL;
}

/* Opens a store holding sql's rows and reads its outcome pairs, unfiltered. */
static void store_outcomes_of(store_fixture *f, const char *sql, tdn_outcome_counts *c)
{
    tdn_report_filter all = {.from = -1, .to = -1};
    tdn_err err = {0};
    assert_int_equal(fixture_open(f), 0);
    assert_int_equal(fixture_exec(f, sql), SQLITE_OK);
    assert_int_equal(tdn_store_report_outcomes(f->s, &f->act, &all, c, &err), TDN_OK);
}

static void outcome_pairs_break_ties_by_id(void **state)
{
    (void)state;
    store_fixture f = {0};
    static tdn_outcome_counts c;
    store_outcomes_of(&f, ties_sql, &c);
    assert_int_equal(c.episodes, 2);
    /* session 1: temple 6 -> 3 and neck 5 -> 5; PPT both sides 2 -> 3, 2 -> 2.5 */
    assert_int_equal(c.n[TDN_WIN_IMMEDIATE], 2);
    const tdn_outcome_pair *p = pair_of(&c, TDN_WIN_IMMEDIATE, 1, "nprs");
    assert_non_null(p);
    near(p->baseline, 5.5);
    near(p->latest, 4.0);
    p = pair_of(&c, TDN_WIN_IMMEDIATE, 1, "ppt");
    near(p->baseline, 2.0);
    near(p->latest, 2.75);
    /* episode 1 at its latest: temple 6 -> 2 (the follow-up), neck 5 -> 5 */
    p = pair_of(&c, TDN_WIN_LATEST, 1, "nprs");
    near(p->baseline, 5.5);
    near(p->latest, 3.5);
    /* episode 2: PSFS 3 -> 6 (the later id of the tied follow-ups), 30 days on */
    p = pair_of(&c, TDN_WIN_LATEST, 2, "psfs");
    near(p->baseline, 3.0);
    near(p->latest, 6.0);
    assert_null(pair_of(&c, TDN_WIN_4W, 1, "nprs")); /* 10 days is not 4 weeks */
    assert_int_equal(c.n[TDN_WIN_4W], 1);
    p = pair_of(&c, TDN_WIN_4W, 2, "psfs");
    near(p->latest, 6.0);
    assert_int_equal(c.n[TDN_WIN_6M], 0);
    tdn_outcome_counts_free(&c);
    fixture_close(&f);
}

/* The immediate window averages each session's sites per measure, whatever
 * order the site rows come in: three sessions of one episode whose measures
 * were recorded interleaved (ids out of session order), one site or three. */
static const char *const interleaved_sql =
    "INSERT INTO patient VALUES (1, 'A', '1980-01-01', NULL, 1);"
    "INSERT INTO episode (id, patient_id, condition, icd10, opened) VALUES "
    "(1, 1, 'migraine', 'G43.909', 1);"
    "INSERT INTO session (id, patient_id, episode_id, clinician, opened_at) VALUES "
    "(3, 1, 1, 'drlee', 1000), (5, 1, 1, 'drlee', 2000), (7, 1, 1, 'drlee', 3000);"
    "INSERT INTO needle (session_id, number, muscle, side, technique, inserted_at) VALUES "
    "(3, 1, 'upper_trapezius', 'R', 'deep', 1), (5, 1, 'upper_trapezius', 'R', 'deep', 1), "
    "(7, 1, 'upper_trapezius', 'R', 'deep', 1);"
    "INSERT INTO measure (id, session_id, phase, kind, site, side, value, unit, recorded_at) "
    "VALUES (1, 7, 'pre', 'nprs', 'temple', 'R', 5, 'nprs', 3000), "
    "(2, 3, 'pre', 'nprs', 'temple', 'R', 6, 'nprs', 1000), "
    "(3, 5, 'pre', 'nprs', 'temple', 'R', 8, 'nprs', 2000), "
    "(4, 7, 'pre', 'nprs', 'posterior_neck', 'R', 3, 'nprs', 3000), "
    "(5, 3, 'pre', 'nprs', 'posterior_neck', 'R', 4, 'nprs', 1000), "
    "(6, 7, 'pre', 'nprs', 'jaw', 'L', 7, 'nprs', 3000), "
    "(7, 3, 'pre', 'ppt', 'upper_trapezius', 'R', 2, 'kg/cm2', 1000), "
    "(8, 7, 'post', 'nprs', 'jaw', 'L', 6, 'nprs', 3100), "
    "(9, 3, 'post', 'ppt', 'upper_trapezius', 'R', 3, 'kg/cm2', 1100), "
    "(10, 5, 'post', 'nprs', 'temple', 'R', 2, 'nprs', 2100), "
    "(11, 7, 'post', 'nprs', 'posterior_neck', 'R', 1, 'nprs', 3100), "
    "(12, 3, 'post', 'nprs', 'posterior_neck', 'R', 4, 'nprs', 1100), "
    "(13, 7, 'post', 'nprs', 'temple', 'R', 5, 'nprs', 3100), "
    "(14, 3, 'post', 'nprs', 'temple', 'R', 4, 'nprs', 1100);";

static void immediate_pairs_average_each_session(void **state)
{
    (void)state;
    store_fixture f = {0};
    static tdn_outcome_counts c;
    store_outcomes_of(&f, interleaved_sql, &c);
    assert_int_equal(c.n[TDN_WIN_IMMEDIATE], 4);
    const tdn_outcome_pair *p = pair_of(&c, TDN_WIN_IMMEDIATE, 3, "nprs"); /* 6 -> 4, 4 -> 4 */
    assert_non_null(p);
    near(p->baseline, 5.0);
    near(p->latest, 4.0);
    p = pair_of(&c, TDN_WIN_IMMEDIATE, 3, "ppt");
    assert_non_null(p);
    near(p->baseline, 2.0);
    near(p->latest, 3.0);
    p = pair_of(&c, TDN_WIN_IMMEDIATE, 5, "nprs");
    assert_non_null(p);
    near(p->baseline, 8.0);
    near(p->latest, 2.0);
    p = pair_of(&c, TDN_WIN_IMMEDIATE, 7, "nprs"); /* 5 -> 5, 3 -> 1, 7 -> 6 */
    assert_non_null(p);
    near(p->baseline, 5.0);
    near(p->latest, 4.0);
    /* the episode: first pre 6, 4 (session 3) and 7 (jaw, session 7); last post
     * 5, 1, 6 (session 7) */
    assert_int_equal(c.n[TDN_WIN_LATEST], 2);
    p = pair_of(&c, TDN_WIN_LATEST, 1, "nprs");
    assert_non_null(p);
    near(p->baseline, 17.0 / 3);
    near(p->latest, 4.0);
    tdn_outcome_counts_free(&c);
    fixture_close(&f);
}

/* Six patients, each with one session that needled the right upper trapezius
 * only and measured PPT on both sides before and after: treated minus
 * untreated changes 0.5, 0.3, 0.8, -0.1, 0.4, 0.6. A seventh patient's
 * session needled both sides and does not count. Reference:
 * python3 -c "import numpy as np; from scipy import stats;
 *   d=np.array([0.5,0.3,0.8,-0.1,0.4,0.6]); m=d.mean(); s=d.std(ddof=1);
 *   t=stats.t.ppf(0.975,5); print(m, m-t*s/np.sqrt(6), m+t*s/np.sqrt(6));
 *   print(stats.wilcoxon(d, correction=False, method='approx'))"
 * -> 0.4166666666666667 0.09548677894154917 0.7378465543917843, p 0.046399461870904594 */
static void split_body_within_patients(void **state)
{
    (void)state;
    store_fixture f = {0};
    assert_int_equal(fixture_open(&f), 0);
    static const double treated[] = {0.5, 0.3, 0.8, 0.1, 0.4, 0.6, 1.0};
    static const double untreated[] = {0, 0, 0, 0.2, 0, 0, 0};
    char sql[1024];
    for (int i = 1; i <= 7; i++) {
        snprintf(sql, sizeof sql,
                 "INSERT INTO patient VALUES (%d, 'P', '1980-01-01', NULL, 1);"
                 "INSERT INTO session (id, patient_id, clinician, opened_at) VALUES (%d, %d, "
                 "'drlee', 100);"
                 "INSERT INTO needle (session_id, number, muscle, side, technique, inserted_at) "
                 "VALUES (%d, 1, 'upper_trapezius', 'R', 'deep', 100);"
                 "INSERT INTO measure (session_id, phase, kind, site, side, value, unit, "
                 "recorded_at) VALUES (%d, 'pre', 'ppt', 'upper_trapezius', 'R', 2, 'kg/cm2', 1), "
                 "(%d, 'post', 'ppt', 'upper_trapezius', 'R', %.17g, 'kg/cm2', 2), "
                 "(%d, 'pre', 'ppt', 'upper_trapezius', 'L', 2, 'kg/cm2', 1), "
                 "(%d, 'post', 'ppt', 'upper_trapezius', 'L', %.17g, 'kg/cm2', 2);",
                 i, i, i, i, i, i, 2 + treated[i - 1], i, i, 2 + untreated[i - 1]);
        assert_int_equal(fixture_exec(&f, sql), SQLITE_OK);
    }
    assert_int_equal(fixture_exec(&f, "INSERT INTO needle (session_id, number, muscle, side, "
                                      "technique, inserted_at) VALUES (7, 2, 'upper_trapezius', "
                                      "'L', 'deep', 100)"),
                     SQLITE_OK);
    static tdn_split_report r;
    tdn_err err = {0};
    tdn_report_filter all = {.from = -1, .to = -1};
    assert_int_equal(tdn_report_split(f.s, &f.act, &all, &r, &err), TDN_OK);
    assert_int_equal(r.n, 1);
    const tdn_split_stat *st = &r.stats[0];
    assert_string_equal(st->kind, "ppt");
    assert_int_equal(st->patients, 6);
    assert_true(st->listed);
    near(st->mean, 0.4166666666666667);
    near(st->lo, 0.09548677894154917);
    near(st->hi, 0.7378465543917843);
    near(st->p, 0.046399461870904594);
    tdn_buf b = {0};
    tdn_split_text(&b, &r);
    assert_non_null(strstr(tdn_buf_str(&b), "observational, not randomised"));
    tdn_buf_free(&b);
    /* with five of them left out by date, one patient is too few to list */
    assert_int_equal(fixture_exec(&f, "UPDATE session SET opened_at = 5000 WHERE id = 1"),
                     SQLITE_OK);
    tdn_report_filter late = {.from = 1000, .to = -1};
    assert_int_equal(tdn_report_split(f.s, &f.act, &late, &r, &err), TDN_OK);
    assert_int_equal(r.stats[0].patients, 1);
    assert_false(r.stats[0].listed);
    json_t *j = tdn_split_json(&r);
    assert_true(json_is_null(
        json_object_get(json_array_get(json_object_get(j, "measures"), 0), "mean_difference")));
    assert_string_equal(json_string_value(json_object_get(j, "design")),
                        "observational, not randomised");
    json_decref(j);
    fixture_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(serious_tier_migrates_old_events),
        cmocka_unit_test(safety_counts_honour_filters),
        cmocka_unit_test(safety_rates_beside_published),
        cmocka_unit_test(empty_report_has_no_rates),
        cmocka_unit_test(filters_refuse_bad_input),
        cmocka_unit_test(outcomes_by_window),
        cmocka_unit_test(immediate_window_honours_filters),
        cmocka_unit_test(split_body_within_patients),
        cmocka_unit_test(outcome_pairs_break_ties_by_id),
        cmocka_unit_test(immediate_pairs_average_each_session),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
