/* sqlite_chart.c — reading a patient's whole chart from the SQLite store
 * (store.h): patient, consents, screenings, episodes, sessions, pain maps,
 * findings, measures, adverse events and diary, in one read transaction,
 * then its audit row. */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"

static bool consent_row(tdn_db_stmt *st, void *el)
{
    tdn_consent *c = el;
    c->id = tdn_db_int64(st, 0);
    c->patient_id = tdn_db_int64(st, 1);
    tdn_sq_text(st, 2, c->given_by, sizeof c->given_by);
    c->given_at = tdn_db_int64(st, 3);
    tdn_sq_text(st, 4, c->recorded_by, sizeof c->recorded_by);
    tdn_sq_text(st, 5, c->signed_name, sizeof c->signed_name);
    tdn_sq_text(st, 6, c->account, sizeof c->account);
    c->text_version = tdn_db_int64(st, 7);
    c->withdrawn_at = tdn_db_int64(st, 8);
    return true;
}

static bool screening_row(tdn_db_stmt *st, void *el)
{
    tdn_screening *x = el;
    x->id = tdn_db_int64(st, 0);
    x->patient_id = tdn_db_int64(st, 1);
    x->profile = tdn_sq_strdup(st, 2);
    tdn_sq_text(st, 3, x->decision, sizeof x->decision);
    x->reasons = tdn_sq_strdup(st, 4);
    x->created = tdn_db_int64(st, 5);
    tdn_sq_text(st, 6, x->recorded_by, sizeof x->recorded_by);
    return x->profile && x->reasons;
}

static void screening_free(void *el)
{
    tdn_screening *x = el;
    free(x->profile);
    free(x->reasons);
}

static bool episode_row(tdn_db_stmt *st, void *el)
{
    tdn_episode *e = el;
    e->id = tdn_db_int64(st, 0);
    e->patient_id = tdn_db_int64(st, 1);
    tdn_sq_text(st, 2, e->condition, sizeof e->condition);
    tdn_sq_text(st, 3, e->icd10, sizeof e->icd10);
    tdn_sq_text(st, 4, e->goals, sizeof e->goals);
    tdn_sq_text(st, 5, e->plan, sizeof e->plan);
    e->opened = tdn_db_int64(st, 6);
    e->closed = tdn_db_int64(st, 7);
    tdn_sq_text(st, 8, e->side, sizeof e->side);
    tdn_sq_text(st, 9, e->site, sizeof e->site);
    return true;
}

static bool pain_row(tdn_db_stmt *st, void *el)
{
    tdn_pain_entry *p = el;
    p->id = tdn_db_int64(st, 0);
    p->session_id = tdn_db_int64(st, 1);
    p->episode_id = tdn_db_int64(st, 2);
    tdn_sq_text(st, 3, p->region, sizeof p->region);
    tdn_sq_text(st, 4, p->side, sizeof p->side);
    p->intensity = tdn_db_int(st, 5);
    p->recorded_at = tdn_db_int64(st, 6);
    return true;
}

static bool finding_row(tdn_db_stmt *st, void *el)
{
    tdn_finding *f = el;
    f->id = tdn_db_int64(st, 0);
    f->session_id = tdn_db_int64(st, 1);
    tdn_sq_text(st, 2, f->muscle, sizeof f->muscle);
    tdn_sq_text(st, 3, f->side, sizeof f->side);
    tdn_sq_text(st, 4, f->tp_type, sizeof f->tp_type);
    f->taut_band = tdn_db_int(st, 5);
    f->spot = tdn_db_int(st, 6);
    f->ltr = tdn_db_int(st, 7);
    f->referred = tdn_db_int(st, 8);
    f->recorded_at = tdn_db_int64(st, 9);
    return true;
}

static bool measure_row(tdn_db_stmt *st, void *el)
{
    tdn_measure *m = el;
    m->id = tdn_db_int64(st, 0);
    m->session_id = tdn_db_int64(st, 1);
    tdn_sq_text(st, 2, m->phase, sizeof m->phase);
    tdn_sq_text(st, 3, m->kind, sizeof m->kind);
    tdn_sq_text(st, 4, m->site, sizeof m->site);
    tdn_sq_text(st, 5, m->side, sizeof m->side);
    m->value = tdn_db_double(st, 6);
    tdn_sq_text(st, 7, m->unit, sizeof m->unit);
    tdn_sq_text(st, 8, m->motion, sizeof m->motion);
    m->recorded_at = tdn_db_int64(st, 9);
    return true;
}

static bool ae_row(tdn_db_stmt *st, void *el)
{
    tdn_adverse_event *a = el;
    a->id = tdn_db_int64(st, 0);
    a->session_id = tdn_db_int64(st, 1);
    a->needle_id = tdn_db_int64(st, 2);
    tdn_sq_text(st, 3, a->kind, sizeof a->kind);
    tdn_sq_text(st, 4, a->severity, sizeof a->severity);
    a->onset = tdn_db_int64(st, 5);
    tdn_sq_text(st, 6, a->action, sizeof a->action);
    a->resolved = tdn_db_int(st, 7);
    tdn_sq_text(st, 8, a->note, sizeof a->note);
    a->recorded_at = tdn_db_int64(st, 9);
    return true;
}

static bool diary_row(tdn_db_stmt *st, void *el)
{
    tdn_diary_entry *d = el;
    d->id = tdn_db_int64(st, 0);
    d->patient_id = tdn_db_int64(st, 1);
    d->session_id = tdn_db_int64(st, 2);
    tdn_sq_text(st, 3, d->day, sizeof d->day);
    d->pain = tdn_db_int(st, 4);
    d->soreness = tdn_db_int(st, 5);
    tdn_sq_text(st, 6, d->note, sizeof d->note);
    d->created = tdn_db_int64(st, 7);
    return true;
}

/* Rows of the patient's sessions, as a join (the index on session_id, no
 * temporary table of session ids as "IN (SELECT ...)" would build per read). */
#define OF_SESSIONS(table)                                                                         \
    " FROM " table " x JOIN session s ON s.id = x.session_id WHERE s.patient_id = ?1 ORDER BY "    \
    "x.id"

/* One list of the chart: SQL reading it, row reader, destination. */
typedef struct chart_part {
    const char *sql;
    tdn_sq_row_fn row;
    void (*free_el)(void *);
    void **out;
    size_t *n;
    size_t elsize;
} chart_part;

static int read_parts(tdn_store *s, tdn_chart *c, tdn_err *err)
{
    int64_t pid = c->patient.id;
    const chart_part parts[] = {
        {"SELECT id, patient_id, given_by, given_at, recorded_by, signed_name, account, "
         "text_version, withdrawn_at FROM consent "
         "WHERE patient_id = ?1 ORDER BY id",
         consent_row, NULL, (void **)&c->consents, &c->n_consents, sizeof *c->consents},
        {"SELECT id, patient_id, profile, decision, reasons, created, recorded_by FROM screening "
         "WHERE patient_id = ?1 ORDER BY id",
         screening_row, screening_free, (void **)&c->screenings, &c->n_screenings,
         sizeof *c->screenings},
        {"SELECT id, patient_id, condition, icd10, goals, plan, opened, coalesce(closed, 0), "
         "side, site FROM episode WHERE patient_id = ?1 ORDER BY id",
         episode_row, NULL, (void **)&c->episodes, &c->n_episodes, sizeof *c->episodes},
        {"SELECT id, patient_id, coalesce(episode_id, 0), clinician, state, opened_at, "
         "coalesce(closed_at, 0), coalesce(screening_id, 0), coalesce(cpt, '') FROM session "
         "WHERE patient_id = ?1 ORDER BY id",
         tdn_sq_session_row, NULL, (void **)&c->sessions, &c->n_sessions, sizeof *c->sessions},
        /* a pain map of one of the sessions, or of one of the episodes (and
         * then of no other patient's session) */
        {"SELECT x.id, coalesce(x.session_id, 0), coalesce(x.episode_id, 0), x.region, x.side, "
         "coalesce(x.intensity, -1), x.recorded_at FROM pain_map x JOIN session s "
         "ON s.id = x.session_id WHERE s.patient_id = ?1 UNION ALL "
         "SELECT x.id, coalesce(x.session_id, 0), x.episode_id, x.region, x.side, "
         "coalesce(x.intensity, -1), x.recorded_at FROM pain_map x JOIN episode e "
         "ON e.id = x.episode_id WHERE e.patient_id = ?1 AND (x.session_id IS NULL OR NOT EXISTS "
         "(SELECT 1 FROM session s WHERE s.id = x.session_id AND s.patient_id = ?1)) "
         "ORDER BY 1",
         pain_row, NULL, (void **)&c->pains, &c->n_pains, sizeof *c->pains},
        {"SELECT x.id, x.session_id, x.muscle, x.side, x.tp_type, x.taut_band, x.spot, x.ltr, "
         "x.referred, x.recorded_at" OF_SESSIONS("finding"),
         finding_row, NULL, (void **)&c->findings, &c->n_findings, sizeof *c->findings},
        {"SELECT x.id, x.session_id, x.phase, x.kind, x.site, x.side, x.value, x.unit, "
         "coalesce(x.motion, ''), x.recorded_at" OF_SESSIONS("measure"),
         measure_row, NULL, (void **)&c->measures, &c->n_measures, sizeof *c->measures},
        {"SELECT x.id, x.session_id, coalesce(x.needle_id, 0), x.kind, x.severity, x.onset, "
         "x.action, x.resolved, x.note, x.recorded_at" OF_SESSIONS("adverse_event"),
         ae_row, NULL, (void **)&c->aes, &c->n_aes, sizeof *c->aes},
        {"SELECT id, patient_id, coalesce(session_id, 0), day, pain, soreness, note, created "
         "FROM diary WHERE patient_id = ?1 ORDER BY day, id",
         diary_row, NULL, (void **)&c->diary, &c->n_diary, sizeof *c->diary},
    };
    int rc = TDN_OK;
    for (size_t i = 0; !rc && i < sizeof parts / sizeof parts[0]; i++) {
        const chart_part *p = &parts[i];
        rc = tdn_sq_list(s, tdn_sq_prepare_cached(s, err, p->sql, "i", pid), p->row, p->free_el,
                         p->out, p->n, p->elsize, err);
    }
    return rc;
}

int tdn_sq_chart_load(tdn_store *s, int64_t patient_id, tdn_chart *c, tdn_err *err)
{
    tdn_patient *rows = NULL;
    size_t n = 0;
    int rc = tdn_sq_list(s,
                         tdn_sq_prepare_cached(s, err,
                                               "SELECT id, name, birth, coalesce(sex, ''), created "
                                               "FROM patient WHERE id = ?1",
                                               "i", patient_id),
                         tdn_sq_patient_row, NULL, (void **)&rows, &n, sizeof *rows, err);
    if (!rc && n == 0)
        rc =
            tdn_err_set(err, TDN_EINPUT, "patient: no patient with id %lld", (long long)patient_id);
    if (!rc) c->patient = rows[0];
    free(rows);
    if (!rc) rc = read_parts(s, c, err);
    return rc;
}

typedef struct chart_read {
    int64_t patient_id;
    tdn_chart *out;
} chart_read;

static int load_chart(tdn_store *on, void *ctx, tdn_err *err)
{
    chart_read *r = ctx;
    return tdn_sq_chart_load(on, r->patient_id, r->out, err);
}

/* An audited read (tdn_sq_read_audited): in tdn serve the chart is read
 * by the group's connection inside the batch that commits its audit row,
 * and handed out only once that row is committed. */
int tdn_store_chart_read(tdn_store *s, const tdn_act *act, int64_t patient_id, tdn_chart *out,
                         tdn_err *err)
{
    memset(out, 0, sizeof *out);
    chart_read r = {patient_id, out};
    int rc = tdn_sq_read_audited(s, load_chart, &r, act, "read", "chart", patient_id, patient_id,
                                 "", err);
    if (rc) tdn_chart_free(out);
    return rc;
}

void tdn_chart_free(tdn_chart *c)
{
    for (size_t i = 0; i < c->n_screenings; i++)
        screening_free(&c->screenings[i]);
    free(c->consents);
    free(c->screenings);
    free(c->episodes);
    free(c->sessions);
    free(c->pains);
    free(c->findings);
    free(c->measures);
    free(c->aes);
    free(c->diary);
    memset(c, 0, sizeof *c);
}
