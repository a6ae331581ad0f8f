/* cmd_demo.c — `tdn demo`: fills the store with a made-up demo clinic so the
 * web app has something to show: an admin, a clinician, a front-desk user
 * and a patient login with printed passwords, and several made-up patients
 * with episodes, consent, screenings and several sessions each with pre/post
 * measures (so the outcome plots have data): three closed needling sessions
 * (CPT, note, handout) and one open for today; five past patients (the
 * Reports page's history: two sessions needling one side with PPT on both
 * sides, a split-body set, then follow-ups 6 and 26 weeks on) and a few mild
 * adverse events so the safety report has rates to show. Running it again on a demo
 * store only prints the logins again; it refuses a store that holds a
 * clinic it did not create. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/localtime.h"
#include "app/needling.h"
#include "app/screening.h"
#include "app/settings.h"
#include "cli/cli.h"
#include "core/record.h"
#include "store/store.h"

#define DAY 86400

typedef struct demo_login {
    const char *user, *display, *role, *password;
} demo_login;

static const demo_login logins[] = {
    {"admin", "Ada Admin (demo)", "admin", "demo-admin-pass"},
    {"drlee", "Dr Robin Lee (demo)", "clinician", "demo-clinician-pass"},
    {"desk", "Sam Front (demo)", "front_desk", "demo-desk-pass"},
    {"casey", "Casey Demo", "patient", "demo-patient-pass"},
};

typedef struct demo_patient {
    const char *name, *birth, *sex, *condition, *goal, *region, *side, *muscle, *motion, *activity;
    double nprs_pre, ppt_pre;
    /* history (the Reports page): first seen weeks_ago weeks ago, two
       closed sessions a week apart with PPT on both sides (the untreated
       side gains other_gain kg/cm2), follow-ups 6 and, from 30 weeks back,
       26 weeks after the start with NPRS lasting points better */
    int weeks_ago;
    double other_gain, lasting;
} demo_patient;

static const demo_patient patients[] = {
    {"Casey Demo", "1984-05-12", "F", "tension_type_headache", "work a full day without headache",
     "temple", "R", "upper_trapezius", "cervical_lateral_flexion", "a full day at the computer", 7,
     2.1, 0, 0, 0},
    {"Jordan Sample", "1971-09-30", "M", "neck_pain", "turn the head to reverse the car",
     "posterior_neck", "L", "levator_scapulae", "cervical_rotation", "reversing the car", 6, 2.4, 0,
     0, 0},
    {"Riley Testperson", "1990-01-22", "X", "lateral_epicondylalgia", "carry shopping bags",
     "lateral_elbow", "R", "extensor_carpi_radialis_brevis", "wrist_extension",
     "carrying shopping bags", 5, 2.8, 0, 0, 0},
    {"Avery History", "1979-03-14", "F", "neck_pain", "sleep through the night", "posterior_neck",
     "R", "upper_trapezius", "cervical_rotation", "sleeping on the side", 7, 1.9, 40, 0.1, 4},
    {"Blake History", "1966-11-02", "M", "neck_pain", "look over the shoulder when driving",
     "posterior_neck", "L", "upper_trapezius", "cervical_rotation", "checking the blind spot", 6,
     2.2, 34, 0.3, 3},
    {"Cameron History", "1988-07-19", "X", "tension_type_headache", "a week without headache",
     "temple", "R", "upper_trapezius", "cervical_lateral_flexion", "reading for an hour", 8, 1.7,
     24, 0.0, 5},
    {"Dana History", "1993-02-27", "F", "neck_pain", "lift the child", "posterior_neck", "R",
     "levator_scapulae", "cervical_rotation", "lifting the child", 5, 2.5, 20, 0.4, 1},
    {"Emery History", "1958-12-05", "M", "tension_type_headache", "work without headache", "temple",
     "L", "upper_trapezius", "cervical_lateral_flexion", "a day at the desk", 7, 2.0, 16, 0.2, 2},
};

static int current_patients(void)
{
    int n = 0;
    for (size_t i = 0; i < sizeof patients / sizeof patients[0]; i++)
        n += !patients[i].weeks_ago;
    return n;
}

static int print_logins(const char *db)
{
    printf("\ntdn demo clinic in %s — made-up people, made-up passwords:\n", db);
    for (size_t i = 0; i < sizeof logins / sizeof logins[0]; i++)
        printf("  %-11s user %-6s password %s\n", logins[i].role, logins[i].user,
               logins[i].password);
    fflush(stdout);
    return 0;
}

/* NPRS, PPT, ROM and PSFS at phase; a history patient's PPT also on the
 * untreated side (other). */
static int add_measures(tdn_store *s, const tdn_kb *kb, const tdn_act *act, const demo_patient *p,
                        int64_t sid, const char *phase, double nprs, double ppt, double other,
                        tdn_err *err)
{
    bool post = strcmp(phase, "post") == 0;
    tdn_measure m[] = {
        {.session_id = sid, .kind = "nprs", .value = nprs, .unit = "nprs"},
        {.session_id = sid, .kind = "ppt", .value = ppt, .unit = "kg/cm2"},
        {.session_id = sid,
         .kind = "rom",
         .value = 50 + 4 * (10 - nprs) + (post ? 6 : 0),
         .unit = "deg",
         .motion = "active"},
        {.session_id = sid, .kind = "psfs", .value = 10 - nprs + (post ? 1 : 0), .unit = "psfs"},
        {.session_id = sid, .kind = "ppt", .value = other, .unit = "kg/cm2"},
    };
    const char *sites[] = {p->region, p->muscle, p->motion, p->activity, p->muscle};
    size_t n = sizeof m / sizeof m[0] - (p->weeks_ago ? 0 : 1);
    for (size_t j = 0; j < n; j++) {
        snprintf(m[j].phase, sizeof m[j].phase, "%s", phase);
        snprintf(m[j].site, sizeof m[j].site, "%s", sites[j]);
        const char *other_side = p->side[0] == 'R' ? "L" : "R";
        snprintf(m[j].side, sizeof m[j].side, "%s", j == 3 ? "B" : j == 4 ? other_side : p->side);
        char value[32];
        const char *unit = NULL;
        snprintf(value, sizeof value, "%g", m[j].value);
        if (tdn_measure_check(kb, m[j].kind, m[j].site, value, m[j].motion[0] ? m[j].motion : NULL,
                              &m[j].value, &unit, err))
            return err->status; /* the same check as `tdn measure add` */
        snprintf(m[j].unit, sizeof m[j].unit, "%s", unit);
        if (tdn_store_measure_add(s, act, &m[j], NULL, err)) return err->status;
    }
    return TDN_OK;
}

static int add_finding(tdn_store *s, const tdn_act *act, const demo_patient *p, int64_t sid, int k,
                       double pain, tdn_err *err)
{
    tdn_finding f = {.session_id = sid,
                     .tp_type = "active",
                     .taut_band = true,
                     .spot = true,
                     .ltr = k < 2,
                     .referred = true};
    snprintf(f.muscle, sizeof f.muscle, "%s", p->muscle);
    snprintf(f.side, sizeof f.side, "%s", p->side);
    if (tdn_store_finding_add(s, act, &f, NULL, err)) return err->status;
    tdn_pain_entry pe = {.session_id = sid, .intensity = (int)pain};
    snprintf(pe.region, sizeof pe.region, "%s", p->region);
    snprintf(pe.side, sizeof pe.side, "%s", p->side);
    return tdn_store_pain_add(s, act, &pe, NULL, err);
}

/* One closed needling session at t: pre measures, the muscle needled deep
 * (two LTRs, 10 minutes), withdrawn, post measures, closed (CPT, note,
 * handout). The last session of each patient stays open for a live demo. */
static int demo_session(tdn_store *s, const tdn_kb *kb, const tdn_needling_rules *rules,
                        const demo_patient *p, int64_t pid, int64_t eid, int k, int64_t t,
                        bool close, tdn_err *err)
{
    tdn_act act = {.actor = "drlee", .now = t};
    tdn_session in = {.patient_id = pid, .episode_id = eid};
    tdn_needling_record *rec = calloc(1, sizeof *rec);
    int64_t sid = 0;
    int rc = rec ? TDN_OK : tdn_err_set(err, TDN_ESYS, "demo: out of memory");
    if (!rc) rc = tdn_needling_open(s, &act, rules, &in, &sid, NULL, err);
    double pre = p->nprs_pre - k, post = pre - 2 < 0 ? 0 : pre - 2;
    double ppt = p->ppt_pre + 0.3 * k;
    if (!rc) rc = add_measures(s, kb, &act, p, sid, "pre", pre, ppt, ppt - 0.2, err);
    if (!rc) rc = add_finding(s, &act, p, sid, k, pre, err);
    tdn_needling_event ev = {.kind = TDN_EV_INSERT};
    ev.insert = (tdn_insert){.muscle = p->muscle,
                             .side = p->side[0],
                             .technique = TDN_TECH_DEEP,
                             .guide_tube = true,
                             .palpation = "flat",
                             .gauge_mm = 0.25,
                             .length_mm = 30};
    if (!close) goto done;
    if (!rc) rc = tdn_needling_apply(s, &act, kb, rules, sid, &ev, rec, NULL, err);
    for (int i = 0; !rc && i < 2; i++) {
        act.now = t + 60 * (i + 1);
        tdn_needling_event ltr = {.kind = TDN_EV_LTR, .needle = 1};
        rc = tdn_needling_apply(s, &act, kb, rules, sid, &ltr, rec, NULL, err);
    }
    act.now = t + 600;
    tdn_needling_event out = {.kind = TDN_EV_WITHDRAW, .needle = 1};
    if (!rc) rc = tdn_needling_apply(s, &act, kb, rules, sid, &out, rec, NULL, err);
    if (!rc)
        rc = add_measures(s, kb, &act, p, sid, "post", post, ppt + 0.6, ppt - 0.2 + p->other_gain,
                          err);
    tdn_billing bill;
    act.now = t + 900;
    if (!rc) rc = tdn_needling_close(s, &act, kb, rules, sid, rec, &bill, err);
done:
    free(rec);
    return rc;
}

/* A follow-up visit at t: measures only, no needle, closed. */
static int follow_up(tdn_store *s, const tdn_kb *kb, const tdn_needling_rules *rules,
                     const demo_patient *p, int64_t pid, int64_t eid, int64_t t, tdn_err *err)
{
    tdn_act act = {.actor = "drlee", .now = t};
    tdn_session in = {.patient_id = pid, .episode_id = eid};
    tdn_needling_record *rec = calloc(1, sizeof *rec);
    int64_t sid = 0;
    tdn_billing bill;
    double nprs = p->nprs_pre - p->lasting, ppt = p->ppt_pre + 0.2 * p->lasting;
    int rc = rec ? TDN_OK : tdn_err_set(err, TDN_ESYS, "demo: out of memory");
    if (!rc) rc = tdn_needling_open(s, &act, rules, &in, &sid, NULL, err);
    if (!rc) rc = add_measures(s, kb, &act, p, sid, "followup", nprs, ppt, ppt - 0.2, err);
    act.now = t + 900;
    if (!rc) rc = tdn_needling_close(s, &act, kb, rules, sid, rec, &bill, err);
    free(rec);
    return rc;
}

static int add_sessions(tdn_store *s, const tdn_kb *kb, const tdn_needling_rules *rules,
                        const demo_patient *p, int64_t now, int64_t pid, int64_t eid, tdn_err *err)
{
    int64_t start = now - (int64_t)p->weeks_ago * 7 * DAY - 3600;
    for (int k = 0; p->weeks_ago && k < 2; k++)
        if (demo_session(s, kb, rules, p, pid, eid, k, start + k * 7 * DAY, true, err))
            return err->status;
    if (p->weeks_ago && follow_up(s, kb, rules, p, pid, eid, start + 6 * 7 * DAY, err))
        return err->status;
    if (p->weeks_ago >= 30 && follow_up(s, kb, rules, p, pid, eid, start + 26 * 7 * DAY, err))
        return err->status;
    for (int k = 0; !p->weeks_ago && k < 4; k++) {
        int64_t t = now - (int64_t)(21 - 7 * k) * DAY - 3600;
        if (demo_session(s, kb, rules, p, pid, eid, k, t, k < 3, err)) return err->status;
    }
    return TDN_OK;
}

static int add_patient(tdn_store *s, const tdn_act *act, const tdn_kb *kb,
                       const tdn_screen_rules *screen, const tdn_needling_rules *rules,
                       const demo_patient *p, int64_t *pid, tdn_err *err)
{
    /* registered, consented and screened the day before the first session */
    int days = p->weeks_ago ? p->weeks_ago * 7 + 1 : 22; /* a screening holds 30 days */
    const tdn_act early = {.actor = act->actor, .now = act->now - (int64_t)days * DAY};
    tdn_patient row = {0};
    snprintf(row.name, sizeof row.name, "%s", p->name);
    snprintf(row.birth, sizeof row.birth, "%s", p->birth);
    snprintf(row.sex, sizeof row.sex, "%s", p->sex);
    if (tdn_store_patient_add(s, &early, &row, pid, err)) return err->status;
    tdn_consent c = {.patient_id = *pid, .given_by = "patient"};
    if (tdn_store_consent_add(s, &early, &c, NULL, err)) return err->status;
    char profile[256];
    int mi = tdn_kb_muscle_find(kb, p->muscle);
    const char *site = mi >= 0 ? tdn_region_at(kb->muscles[mi].tp_sites[0])->code : p->region;
    snprintf(profile, sizeof profile,
             "{\"planned_regions\":[\"%s:%s\"],\"consent\":{\"patient\":true}}", site, p->side);
    if (tdn_screening_record(s, &early, screen, kb, *pid, profile, strlen(profile), NULL, NULL,
                             err))
        return err->status;
    tdn_episode e = {.patient_id = *pid};
    int ci = tdn_kb_condition_find(kb, p->condition);
    snprintf(e.condition, sizeof e.condition, "%s", p->condition);
    snprintf(e.icd10, sizeof e.icd10, "%s", ci >= 0 ? kb->conditions[ci].icd10 : "-");
    snprintf(e.goals, sizeof e.goals, "%s", p->goal);
    snprintf(e.plan, sizeof e.plan, "dry_needling,exercise,stretching");
    int64_t eid = 0;
    if (tdn_store_episode_open(s, &early, &e, &eid, err)) return err->status;
    return add_sessions(s, kb, rules, p, act->now, *pid, eid, err);
}

static int add_diary(tdn_store *s, const tdn_act *act, int64_t pid, tdn_err *err)
{
    for (int d = 6; d >= 1; d--) {
        tdn_diary_entry e = {.patient_id = pid, .pain = d / 2 + 1, .soreness = d > 4 ? 4 : d - 1};
        snprintf(e.note, sizeof e.note, "%s", d > 4 ? "sore after the session" : "");
        char day[16]; /* the clinic's date */
        tdn_local_date(act->now - (int64_t)d * DAY, day);
        snprintf(e.day, sizeof e.day, "%.10s", day);
        tdn_act pa = {.actor = "casey", .now = act->now - (int64_t)d * DAY};
        if (tdn_store_diary_add(s, &pa, &e, NULL, err)) return err->status;
    }
    return TDN_OK;
}

/* Made-up adverse events for the safety report: bruising after every third
 * closed session, and soreness after one. */
static int add_adverse_events(tdn_store *s, const tdn_act *act, tdn_err *err)
{
    tdn_day_entry *d = NULL;
    size_t n = 0;
    if (tdn_store_session_list(s, act, 0, INT64_MAX, &d, &n, err)) return err->status;
    int rc = TDN_OK, closed = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        if (strcmp(d[i].session.state, "closed") != 0 || closed++ % 3 != 0) continue;
        tdn_adverse_event ae = {.session_id = d[i].session.id, .resolved = true};
        snprintf(ae.kind, sizeof ae.kind, "%s", closed == 4 ? "soreness" : "bruising");
        snprintf(ae.severity, sizeof ae.severity, "mild");
        snprintf(ae.action, sizeof ae.action, "reassured; resolved within 48 hours");
        rc = tdn_store_ae_add(s, act, &ae, NULL, err);
    }
    free(d);
    return rc;
}

int tdn_demo_book(tdn_store *s, const tdn_act *act, const tdn_kbfiles *files,
                  const int64_t *patients, int n, tdn_err *err); /* demo_book.c */

static int create_clinic(tdn_store *s, const tdn_act *act, const tdn_kb *kb,
                         const tdn_screen_rules *screen, const tdn_needling_rules *rules,
                         const tdn_kbfiles *files, tdn_err *err)
{
    int64_t first = 0, pids[sizeof patients / sizeof patients[0]];
    int current = 0;
    for (size_t i = 0; i < sizeof patients / sizeof patients[0]; i++) {
        int64_t pid = 0;
        if (add_patient(s, act, kb, screen, rules, &patients[i], &pid, err)) return err->status;
        if (i == 0) first = pid;
        if (!patients[i].weeks_ago) pids[current++] = pid; /* today's book: current patients */
    }
    for (size_t i = 0; i < sizeof logins / sizeof logins[0]; i++) {
        const demo_login *l = &logins[i];
        bool patient = strcmp(l->role, "patient") == 0;
        if (tdn_store_user_add(s, act, l->user, l->display, l->role, l->password,
                               patient ? first : 0, NULL, err))
            return err->status;
    }
    /* the signature of the demo clinician's notes and a made-up letterhead
       (555-01xx numbers are reserved for fiction) */
    if (tdn_store_user_set_name(s, act, "drlee", logins[1].display, "PT, DPT", err) ||
        tdn_setting_set(s, act, "clinic_name", "Demo Physio Clinic", err) ||
        tdn_setting_set(s, act, "clinic_address", "1 Example Street, Springfield", err) ||
        tdn_setting_set(s, act, "clinic_phone", "+1 555 0100", err) ||
        tdn_demo_book(s, act, files, pids, current, err))
        return err->status;
    if (add_diary(s, act, first, err)) return err->status;
    return add_adverse_events(s, act, err);
}

int tdn_cmd_demo(tdn_cli *cli, int argc, char **argv)
{
    if (argc > 1)
        return tdn_cli_usage_error("demo: unexpected '%s' (use tdn --db FILE demo)", argv[1]);
    const tdn_kb *kb = tdn_cli_kb(cli);
    if (!kb) return cli->kb_status;
    tdn_store *s = tdn_cli_store(cli, true);
    if (!s) return cli->store_status;
    tdn_err err = {0};
    int64_t users = 0;
    if (tdn_store_user_count(s, &users, &err)) return tdn_cli_fail(&err);
    tdn_user admin;
    if (users > 0) {
        if (tdn_store_user_get(s, "admin", &admin, &err) ||
            strcmp(admin.display, logins[0].display) != 0)
            return tdn_cli_usage_error("demo: %s already holds a clinic that is not the demo; "
                                       "give a new --db",
                                       cli->db_shown);
        printf("tdn: reusing the demo clinic already in %s\n", cli->db_shown);
        return print_logins(cli->db_shown);
    }
    const tdn_kbfiles *files = tdn_cli_kbfiles(cli);
    tdn_needling_rules *rules = calloc(1, sizeof *rules);
    tdn_act act = {.actor = "demo", .now = tdn_cli_act(cli)->now};
    tdn_screen_rules *screen = NULL;
    int rc = rules ? tdn_needling_rules_load(rules, files->files, files->n, &err)
                   : tdn_err_set(&err, TDN_ESYS, "demo: out of memory");
    if (!rc) rc = tdn_screen_rules_load(&screen, files->files, files->n, &err);
    if (!rc) rc = create_clinic(s, &act, kb, screen, rules, files, &err);
    tdn_screen_rules_free(screen);
    free(rules);
    if (rc) return tdn_cli_fail(&err);
    printf("tdn: created a demo clinic: %d made-up patients with 3 closed sessions and 1 open "
           "each, %d past patients with sessions and follow-ups for the Reports page, a day of "
           "appointments and a new patient whose intake waits for review\n",
           current_patients(), (int)(sizeof patients / sizeof patients[0]) - current_patients());
    return print_logins(cli->db_shown);
}
