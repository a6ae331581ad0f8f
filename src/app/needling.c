/* needling.c — the needling session against the store (see needling.h). */
#include "app/needling.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/localtime.h"
#include "app/verdict.h"
#include "core/note.h"
#include "core/screen.h"

int tdn_needling_rules_load(tdn_needling_rules *r, const tdn_text_file *files, size_t n,
                            tdn_err *err)
{
    int rc = tdn_protocol_rules_load(&r->protocol, files, n, err);
    if (!rc) rc = tdn_billing_load(&r->billing, files, n, err);
    if (!rc) rc = tdn_aftercare_load(&r->aftercare, files, n, err);
    return rc;
}

/* ---- open ------------------------------------------------------------------ */

int tdn_needling_open(tdn_store *s, const tdn_act *act, const tdn_needling_rules *r,
                      const tdn_session *in, int64_t *id, tdn_needling *out, tdn_err *err)
{
    tdn_needling_context ctx;
    int rc = tdn_store_needling_context(s, in->patient_id, &ctx, err);
    if (rc) return rc;
    tdn_pain blocked[TDN_SESSION_MAX_BLOCKED], planned[TDN_SESSION_MAX_PLANNED];
    int n_blocked = 0, n_planned = 0;
    tdn_screening_regions(ctx.profile, ctx.reasons, blocked, &n_blocked, planned, &n_planned);
    tdn_needling_context_free(&ctx);
    tdn_protocol_rules rules = r->protocol;
    if (ctx.valid_days) rules.screening_valid_days = ctx.valid_days; /* the clinic's setting */
    tdn_open_input oi = {.has_screening = ctx.has_screening,
                         .decision = tdn_decision_parse(ctx.decision),
                         .screened_at = ctx.screened_at,
                         .blocked = blocked,
                         .n_blocked = n_blocked,
                         .planned = planned,
                         .n_planned = n_planned,
                         .has_consent = ctx.has_consent,
                         .consented_at = ctx.consented_at};
    tdn_needling *n = calloc(1, sizeof *n);
    if (!n) return tdn_err_set(err, TDN_ESYS, "out of memory");
    rc = tdn_session_open(n, &rules, &oi, act->now, err);
    if (!rc) rc = tdn_store_needling_open(s, act, in, ctx.screening_id, n, id, err);
    if (!rc && out) memcpy(out, n, sizeof *n);
    free(n);
    return rc;
}

/* ---- the note -------------------------------------------------------------- */

#define NOTE_MAX 64

/* The record data of the note, drawn from the patient's chart. */
typedef struct note_data {
    tdn_chart chart;
    tdn_pain pains[NOTE_MAX];
    tdn_note_finding findings[NOTE_MAX];
    tdn_note_measure measures[NOTE_MAX];
    char sites[NOTE_MAX][80];
    char condition[96];
    tdn_note_input in;
} note_data;

static const char *unit_text(const char *unit)
{
    if (strcmp(unit, "nprs") == 0 || strcmp(unit, "psfs") == 0) return "/10";
    if (strcmp(unit, "deg") == 0) return " deg";
    if (strcmp(unit, "kg/cm2") == 0) return " kg/cm2";
    return "";
}

/* The session's own pain map, else its episode's. */
static void note_pains(note_data *d, const tdn_session *row)
{
    for (int pass = 0; pass < 2 && d->in.n_pains == 0; pass++)
        for (size_t i = 0; i < d->chart.n_pains && d->in.n_pains < NOTE_MAX; i++) {
            const tdn_pain_entry *p = &d->chart.pains[i];
            bool mine = pass == 0 ? p->session_id == row->id
                                  : row->episode_id && p->episode_id == row->episode_id;
            int region = tdn_region_find(p->region);
            if (!mine || region < 0) continue;
            d->pains[d->in.n_pains++] =
                (tdn_pain){region, p->side[0] ? p->side[0] : 'B', p->intensity};
        }
    d->in.pains = d->pains;
}

static void note_findings_measures(note_data *d, int64_t sid)
{
    for (size_t i = 0; i < d->chart.n_findings && d->in.n_findings < NOTE_MAX; i++) {
        const tdn_finding *f = &d->chart.findings[i];
        if (f->session_id != sid) continue;
        d->findings[d->in.n_findings++] = (tdn_note_finding){
            f->muscle, f->side[0], strcmp(f->tp_type, "active") == 0, f->taut_band, f->spot,
            f->ltr,    f->referred};
    }
    for (size_t i = 0; i < d->chart.n_measures && d->in.n_measures < NOTE_MAX; i++) {
        const tdn_measure *m = &d->chart.measures[i];
        if (m->session_id != sid) continue;
        char *site = d->sites[d->in.n_measures];
        bool sided = m->side[0] && strcmp(m->kind, "psfs") != 0; /* an activity has no side */
        snprintf(site, sizeof d->sites[0], "%s%s%s%s%s", m->site, sided ? ":" : "",
                 sided ? m->side : "", m->motion[0] ? " " : "", m->motion);
        d->measures[d->in.n_measures++] =
            (tdn_note_measure){m->kind, site, m->phase, m->value, unit_text(m->unit)};
    }
    d->in.findings = d->findings;
    d->in.measures = d->measures;
}

static void note_episode(note_data *d, const tdn_kb *kb, const tdn_session *row)
{
    for (size_t i = 0; i < d->chart.n_episodes; i++) {
        const tdn_episode *e = &d->chart.episodes[i];
        if (e->id != row->episode_id) continue;
        int ci = tdn_kb_condition_find(kb, e->condition);
        snprintf(d->condition, sizeof d->condition, "%s",
                 ci >= 0 ? kb->conditions[ci].name : e->condition);
        d->in.condition = d->condition;
        d->in.icd10 = e->icd10;
        d->in.plan = e->plan[0] ? e->plan : NULL;
        d->in.goals = e->goals[0] ? e->goals : NULL;
    }
}

void tdn_needling_tz(const tdn_needling *n, int64_t now, tdn_tz *z)
{
    int64_t to = n->ended_at > now ? n->ended_at : now;
    tdn_tz_around(z, n->opened_at ? n->opened_at : now, to);
}

/* Appends the note of session row with needling state n to b. */
static int build_note(tdn_store *s, const tdn_act *act, const tdn_kb *kb,
                      const tdn_needling_rules *r, const tdn_session *row, const tdn_needling *n,
                      tdn_buf *b, tdn_err *err)
{
    note_data *d = calloc(1, sizeof *d);
    if (!d) return tdn_err_set(err, TDN_ESYS, "out of memory");
    int rc = tdn_store_chart_read(s, act, row->patient_id, &d->chart, err);
    if (!rc) {
        note_pains(d, row);
        note_findings_measures(d, row->id);
        note_episode(d, kb, row);
        d->in.patient_name = d->chart.patient.name;
        d->in.patient_birth = d->chart.patient.birth;
        d->in.patient_id = row->patient_id;
        d->in.session_id = row->id;
        d->in.clinician = row->clinician;
        tdn_tz zone;
        tdn_needling_tz(n, act->now, &zone);
        d->in.zone = &zone;
        tdn_billing bill = tdn_billing_derive(&r->billing, n);
        tdn_session_note(kb, n, &bill, &d->in, b);
        tdn_chart_free(&d->chart);
        if (b->oom) rc = tdn_err_set(err, TDN_ESYS, "out of memory");
    }
    free(d);
    return rc;
}

/* ---- events ---------------------------------------------------------------- */

static int apply_one(const tdn_kb *kb, const tdn_needling_rules *r, tdn_needling *n,
                     const tdn_needling_event *ev, int64_t now, tdn_insert_result *res,
                     tdn_err *err)
{
    switch (ev->kind) {
    case TDN_EV_INSERT:
        return tdn_session_insert(n, kb, &r->protocol, &ev->insert, now, res, err);
    case TDN_EV_LTR:
        return tdn_session_ltr(n, ev->needle, now, err);
    case TDN_EV_REDIRECT:
        return tdn_session_redirect(n, ev->needle, now, err);
    case TDN_EV_WITHDRAW:
        return tdn_session_withdraw(n, ev->needle, now, err);
    case TDN_EV_REINSERT:
        return tdn_session_reinsert(n, ev->needle, now, err);
    case TDN_EV_ESTIM:
        return tdn_session_estim(n, ev->needle, &ev->estim, now, err);
    case TDN_EV_BROKEN:
        return tdn_session_broken(n, ev->needle, ev->severity, ev->text, now, err);
    case TDN_EV_AE:
        return tdn_session_ae(n, ev->ae_kind, ev->severity, ev->text, ev->needle, now, err);
    case TDN_EV_ABORT: {
        tdn_tz zone;
        tdn_needling_tz(n, now, &zone);
        return tdn_session_abort(n, ev->text, now, &zone, err);
    }
    }
    return tdn_err_set(err, TDN_EINPUT, "event: unknown kind %d", ev->kind);
}

/* The audit detail of an event: "needle in #3 upper_trapezius R deep". */
static void event_detail(const tdn_needling_event *ev, const tdn_needling *n, int needle, char *out,
                         size_t cap)
{
    static const char *const names[] = {
        "",         "needle in", "LTR",           "redirect",      "needle out",
        "reinsert", "e-stim",    "needle broken", "adverse event", "aborted"};
    const tdn_needle *nd = tdn_session_needle(n, needle);
    const char *name =
        ev->kind >= TDN_EV_INSERT && ev->kind <= TDN_EV_ABORT ? names[ev->kind] : "?";
    if (ev->kind == TDN_EV_ABORT)
        snprintf(out, cap, "aborted: %.200s", ev->text ? ev->text : "");
    else if (ev->kind == TDN_EV_AE)
        snprintf(out, cap, "adverse event %s (%s)", ev->ae_kind, ev->severity);
    else if (nd)
        snprintf(out, cap, "%s #%d %s %c %s", name, nd->number, nd->muscle, nd->side,
                 tdn_technique_name(nd->technique));
    else
        snprintf(out, cap, "%s", name);
}

/* Loads session_id into before and a copy into after. */
static int load_pair(tdn_store *s, const tdn_act *act, int64_t session_id,
                     tdn_needling_record **before, tdn_needling_record *after, tdn_err *err)
{
    *before = calloc(1, sizeof **before);
    if (!*before) return tdn_err_set(err, TDN_ESYS, "out of memory");
    int rc = tdn_store_needling_load(s, act, session_id, *before, err);
    if (!rc) memcpy(after, *before, sizeof *after);
    return rc;
}

int tdn_needling_apply(tdn_store *s, const tdn_act *act, const tdn_kb *kb,
                       const tdn_needling_rules *r, int64_t session_id,
                       const tdn_needling_event *ev, tdn_needling_record *after,
                       tdn_insert_result *res, tdn_err *err)
{
    tdn_needling_record *before = NULL;
    tdn_insert_result local;
    if (!res) res = &local;
    memset(res, 0, sizeof *res);
    int rc = load_pair(s, act, session_id, &before, after, err);
    if (!rc) rc = apply_one(kb, r, &after->needling, ev, act->now, res, err);
    char detail[256] = "";
    if (!rc) {
        event_detail(ev, &after->needling, ev->kind == TDN_EV_INSERT ? res->needle : ev->needle,
                     detail, sizeof detail);
        if (after->needling.n_overrides > before->needling.n_overrides)
            strncat(detail, " (override)", sizeof detail - strlen(detail) - 1);
        tdn_needling_change ch = {.detail = detail};
        tdn_buf note = {0};
        if (ev->kind == TDN_EV_ABORT) /* an aborted session's note is final too */
            rc = build_note(s, act, kb, r, &after->session, &after->needling, &note, err);
        ch.note = ev->kind == TDN_EV_ABORT ? tdn_buf_str(&note) : NULL;
        if (!rc) rc = tdn_store_needling_save(s, act, before, &after->needling, &ch, err);
        tdn_buf_free(&note);
    }
    if (!rc) after->rev = before->rev + 1;
    free(before);
    return rc;
}

/* ---- close and note --------------------------------------------------------- */

/* The note and (when a needle went in) the handout text of a closing session. */
static int close_texts(tdn_store *s, const tdn_act *act, const tdn_kb *kb,
                       const tdn_needling_rules *r, const tdn_needling_record *rec, tdn_buf *note,
                       tdn_buf *handout, tdn_err *err)
{
    int rc = build_note(s, act, kb, r, &rec->session, &rec->needling, note, err);
    if (rc || rec->needling.n_needles == 0) return rc;
    tdn_handout *h = calloc(1, sizeof *h);
    if (!h) return tdn_err_set(err, TDN_ESYS, "out of memory");
    tdn_tz zone;
    tdn_needling_tz(&rec->needling, act->now, &zone);
    rc = tdn_aftercare_handout(&r->aftercare, kb, &rec->needling, &zone, h, err);
    if (!rc) tdn_handout_text(h, handout);
    free(h);
    return rc;
}

int tdn_needling_close(tdn_store *s, const tdn_act *act, const tdn_kb *kb,
                       const tdn_needling_rules *r, int64_t session_id, tdn_needling_record *after,
                       tdn_billing *bill, tdn_err *err)
{
    tdn_needling_record *before = NULL;
    int rc = load_pair(s, act, session_id, &before, after, err);
    tdn_tz zone;
    tdn_needling_tz(&after->needling, act->now, &zone);
    if (!rc) rc = tdn_session_close(&after->needling, act->now, &zone, err);
    tdn_buf note = {0}, handout = {0};
    if (!rc) {
        *bill = tdn_billing_derive(&r->billing, &after->needling);
        rc = close_texts(s, act, kb, r, after, &note, &handout, err);
    }
    if (!rc) {
        char detail[64];
        snprintf(detail, sizeof detail, "closed, CPT %s", bill->cpt ? bill->cpt->code : "none");
        tdn_needling_change ch = {detail, bill->cpt ? bill->cpt->code : "", tdn_buf_str(&note),
                                  tdn_buf_str(&handout)};
        rc = tdn_store_needling_save(s, act, before, &after->needling, &ch, err);
    }
    if (!rc) {
        after->rev = before->rev + 1;
        snprintf(after->session.cpt, sizeof after->session.cpt, "%s",
                 bill->cpt ? bill->cpt->code : "");
    }
    tdn_buf_free(&note);
    tdn_buf_free(&handout);
    free(before);
    return rc;
}

int tdn_needling_note(tdn_store *s, const tdn_act *act, const tdn_kb *kb,
                      const tdn_needling_rules *r, const tdn_needling_record *rec, tdn_buf *b,
                      bool *final, tdn_err *err)
{
    int st = rec->needling.state;
    bool ended = st == TDN_SESSION_CLOSED || st == TDN_SESSION_ABORTED;
    char *note = NULL, *handout = NULL;
    int rc = ended ? tdn_store_needling_texts(s, rec->session.id, &note, &handout, err) : TDN_OK;
    bool stored = !rc && note && *note;
    if (stored) {
        tdn_buf_put(b, note);
    } else if (!rc) {
        if (!ended)
            tdn_buf_put(b, "DRAFT: the session is not closed; the note is final at close\n");
        rc = build_note(s, act, kb, r, &rec->session, &rec->needling, b, err);
    }
    if (final) *final = ended;
    free(note);
    free(handout);
    return rc;
}
