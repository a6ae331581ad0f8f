/* note.c — the session note as a clinical document, from the store to core's
 * formatting (see needling.h): the chart's data, the screening in words, the
 * clinician's full name and credentials, the clinician's own text, the
 * sign-off and addenda; and the handout for its patient and clinic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/words.h"
#include "app/episode_code.h"
#include "app/localtime.h"
#include "app/needling.h"
#include "app/settings.h"
#include "core/body.h"
#include "core/note.h"

#define NOTE_MAX 64

/* The record data of the note, drawn from the patient's chart. */
typedef struct note_data {
    tdn_chart chart;
    tdn_pain pains[NOTE_MAX];
    tdn_note_finding findings[NOTE_MAX];
    tdn_note_measure measures[NOTE_MAX];
    char sites[NOTE_MAX][80];
    char condition[160];
    char icd10[TDN_ICD_CODED_MAX]; /* the episode's code for this session */
    char clinician[TDN_SIGNER_MAX + 1];
    json_t *reasons; /* the screening's reasons (owned) */
    tdn_note_reason why[NOTE_MAX];
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
        d->findings[d->in.n_findings++] =
            (tdn_note_finding){.muscle = f->muscle,
                               .side = f->side[0],
                               .active = strcmp(f->tp_type, "active") == 0,
                               .none = strcmp(f->tp_type, "none") == 0,
                               .taut_band = f->taut_band,
                               .spot = f->spot,
                               .ltr = f->ltr,
                               .referred = f->referred};
    }
    for (size_t i = 0; i < d->chart.n_measures && d->in.n_measures < NOTE_MAX; i++) {
        const tdn_measure *m = &d->chart.measures[i];
        if (m->session_id != sid) continue;
        char *site = d->sites[d->in.n_measures];
        bool sided = m->side[0] && strcmp(m->kind, "psfs") != 0; /* an activity has no side */
        snprintf(site, sizeof d->sites[0], "%s%s%s%s%s", m->site, sided ? ":" : "",
                 sided ? m->side : "", m->motion[0] ? ", " : "", m->motion);
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
        int site = e->site[0] ? tdn_region_find(e->site) : -1;
        snprintf(d->condition, sizeof d->condition, "%s%s%s%s%s",
                 ci >= 0 ? kb->conditions[ci].name : e->condition, e->side[0] ? ", " : "",
                 tdn_side_words(e->side[0]), site >= 0 ? ", " : "",
                 site >= 0 ? tdn_region_at(site)->name : "");
        d->in.condition = d->condition;
        tdn_episode_code(kb, e, tdn_session_is_episode_first(&d->chart, row), d->icd10,
                         sizeof d->icd10);
        d->in.icd10 = d->icd10;
        d->in.plan = e->plan[0] ? e->plan : NULL;
        d->in.goals = e->goals[0] ? e->goals : NULL;
    }
}

int tdn_signer_name(tdn_store *s, const char *username, char *out, size_t cap, tdn_err *err)
{
    tdn_user u;
    tdn_err ignored = {0};
    if (!username || tdn_store_user_get(s, username, &u, &ignored) != TDN_OK) {
        snprintf(out, cap, "%s", username ? username : ""); /* a CLI actor without a login */
        return TDN_OK;
    }
    int n = snprintf(out, cap, "%s%s%s", u.display[0] ? u.display : u.username,
                     u.credentials[0] ? ", " : "", u.credentials);
    if (n < 0 || (size_t)n >= cap) return tdn_err_set(err, TDN_ESYS, "signer: name too long");
    return TDN_OK;
}

/* The screening of the chart with this id (NULL when none). */
static const tdn_screening *find_screening(const tdn_chart *c, int64_t id)
{
    for (size_t i = 0; id && i < c->n_screenings; i++)
        if (c->screenings[i].id == id) return &c->screenings[i];
    return NULL;
}

/* The session's screening: its decision, date and reasons in words. */
static void note_screening(note_data *d, const tdn_session *row)
{
    const tdn_screening *sc = find_screening(&d->chart, row->screening_id);
    if (!sc) return;
    d->in.screen_decision = sc->decision;
    d->in.screened_at = sc->created;
    d->reasons = sc->reasons ? json_loads(sc->reasons, 0, NULL) : NULL;
    size_t i;
    json_t *v;
    json_array_foreach(d->reasons, i, v)
    {
        const char *detail = json_string_value(json_object_get(v, "detail"));
        if (!detail || d->in.n_screen_reasons >= NOTE_MAX) continue;
        d->why[d->in.n_screen_reasons++] =
            (tdn_note_reason){json_string_value(json_object_get(v, "level")), detail};
    }
    d->in.screen_reasons = d->why;
}

int tdn_needling_note_build(tdn_store *s, const tdn_act *act, const tdn_kb *kb,
                            const tdn_needling_rules *r, const tdn_session *row,
                            const tdn_needling *n, tdn_buf *b, tdn_err *err)
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
        rc = tdn_signer_name(s, row->clinician, d->clinician, sizeof d->clinician, err);
        d->in.clinician = d->clinician;
        note_screening(d, row);
        tdn_tz zone;
        tdn_needling_tz(n, act->now, &zone);
        d->in.zone = &zone;
        tdn_billing bill = tdn_billing_derive(&r->billing, n);
        if (!rc) tdn_session_note(kb, n, &bill, &d->in, b);
        tdn_chart_free(&d->chart);
        if (!rc && b->oom) rc = tdn_err_set(err, TDN_ESYS, "out of memory");
    }
    json_decref(d->reasons);
    free(d);
    return rc;
}

/* The note record and the needling record of session_id. */
static int load_both(tdn_store *s, const tdn_act *act, int64_t session_id,
                     tdn_needling_record **rec, tdn_note_record *nr, tdn_err *err)
{
    *rec = calloc(1, sizeof **rec);
    if (!*rec) return tdn_err_set(err, TDN_ESYS, "out of memory");
    int rc = tdn_store_needling_load(s, act, session_id, *rec, err);
    if (!rc) rc = tdn_store_note_get(s, act, session_id, nr, err);
    return rc;
}

/* The generated part: the note saved at close (on the clinic's clock of that
 * time), else a draft built from the chart as it is now. */
static int generated_part(tdn_store *s, const tdn_act *act, const tdn_kb *kb,
                          const tdn_needling_rules *r, const tdn_needling_record *rec, tdn_buf *b,
                          tdn_err *err)
{
    int st = rec->needling.state;
    bool ended = st == TDN_SESSION_CLOSED || st == TDN_SESSION_ABORTED;
    char *note = NULL, *handout = NULL;
    int rc = ended ? tdn_store_needling_texts(s, rec->session.id, &note, &handout, err) : TDN_OK;
    if (!rc && note && *note) {
        tdn_buf_put(b, note);
    } else if (!rc) {
        if (!ended)
            tdn_buf_put(b, "DRAFT: the session is not closed; its note is signed after close\n");
        rc = tdn_needling_note_build(s, act, kb, r, &rec->session, &rec->needling, b, err);
    }
    free(note);
    free(handout);
    return rc;
}

static tdn_note_soap soap_of(const tdn_note_record *nr)
{
    return (tdn_note_soap){nr->subjective, nr->objective, nr->assessment, nr->plan};
}

int tdn_needling_note(tdn_store *s, const tdn_act *act, const tdn_kb *kb,
                      const tdn_needling_rules *r, const tdn_needling_record *rec, tdn_buf *b,
                      bool *final, tdn_err *err)
{
    tdn_note_record nr;
    int rc = tdn_store_note_get(s, act, rec->session.id, &nr, err);
    if (rc) return rc;
    if (nr.signed_at) {
        tdn_buf_put(b, nr.signed_text);
        tdn_tz zone;
        for (size_t i = 0; i < nr.n_addenda; i++) {
            const tdn_note_addendum *a = &nr.addenda[i];
            tdn_tz_around(&zone, a->created, a->created);
            tdn_note_addendum_text(a->author_name, a->created, a->text, &zone, b);
        }
    } else {
        rc = generated_part(s, act, kb, r, rec, b, err);
        tdn_note_soap t = soap_of(&nr);
        if (!rc) tdn_note_clinician(&t, b);
        if (!rc) tdn_note_signature(NULL, 0, NULL, b);
    }
    int st = rec->needling.state;
    if (final) *final = st == TDN_SESSION_CLOSED || st == TDN_SESSION_ABORTED;
    tdn_note_record_free(&nr);
    if (!rc && b->oom) rc = tdn_err_set(err, TDN_ESYS, "out of memory");
    return rc;
}

int tdn_needling_note_sign(tdn_store *s, const tdn_act *act, const tdn_kb *kb,
                           const tdn_needling_rules *r, int64_t session_id, tdn_err *err)
{
    tdn_needling_record *rec = NULL;
    tdn_note_record nr;
    memset(&nr, 0, sizeof nr);
    char signer[TDN_SIGNER_MAX + 1];
    int rc = load_both(s, act, session_id, &rec, &nr, err);
    if (!rc) rc = tdn_signer_name(s, act->actor, signer, sizeof signer, err);
    /* the store checks again inside its transaction; this gives the reason
       before the note is built */
    if (!rc) rc = tdn_note_check_sign(rec->needling.state, nr.signed_at != 0, signer, err);
    tdn_buf b = {0};
    if (!rc) rc = generated_part(s, act, kb, r, rec, &b, err);
    if (!rc) {
        tdn_note_soap t = soap_of(&nr);
        tdn_note_clinician(&t, &b);
        tdn_tz zone;
        tdn_tz_around(&zone, act->now, act->now);
        tdn_note_signature(signer, act->now, &zone, &b);
        if (b.oom) rc = tdn_err_set(err, TDN_ESYS, "out of memory");
    }
    if (!rc) rc = tdn_store_note_sign(s, act, session_id, signer, tdn_buf_str(&b), err);
    tdn_buf_free(&b);
    tdn_note_record_free(&nr);
    free(rec);
    return rc;
}

int tdn_needling_note_addendum(tdn_store *s, const tdn_act *act, int64_t session_id,
                               const char *text, int64_t *id, tdn_err *err)
{
    char author[TDN_SIGNER_MAX + 1];
    int rc = tdn_signer_name(s, act->actor, author, sizeof author, err);
    if (!rc) rc = tdn_store_note_addendum(s, act, session_id, author, text, id, err);
    return rc;
}

/* The screening profile's conditions of the chart's screening id into names. */
static int profile_conditions(const tdn_chart *c, int64_t screening_id, json_t **profile,
                              const char **names, int max)
{
    const tdn_screening *sc = find_screening(c, screening_id);
    *profile = sc && sc->profile ? json_loads(sc->profile, 0, NULL) : NULL;
    int n = 0;
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(*profile, "conditions"), i,
                       v) if (json_string_value(v) && n < max) names[n++] = json_string_value(v);
    return n;
}

int tdn_needling_handout(tdn_store *s, const tdn_act *act, const tdn_kb *kb,
                         const tdn_needling_rules *r, const tdn_needling_record *rec,
                         tdn_handout *h, tdn_err *err)
{
    tdn_chart *c = calloc(1, sizeof *c);
    tdn_letterhead *lh = calloc(1, sizeof *lh);
    int rc = c && lh ? TDN_OK : tdn_err_set(err, TDN_ESYS, "out of memory");
    if (!rc) rc = tdn_letterhead_get(s, lh, err);
    if (!rc) rc = tdn_store_chart_read(s, act, rec->session.patient_id, c, err);
    json_t *profile = NULL;
    if (!rc) {
        const char *conditions[NOTE_MAX];
        int n = profile_conditions(c, rec->session.screening_id, &profile, conditions, NOTE_MAX);
        tdn_handout_for who = {c->patient.name, lh->name, lh->address, lh->phone, conditions, n};
        tdn_tz zone;
        tdn_needling_tz(&rec->needling, act->now, &zone);
        rc = tdn_aftercare_handout_for(&r->aftercare, kb, &rec->needling, &zone, &who, h, err);
        tdn_chart_free(c);
    }
    json_decref(profile);
    free(c);
    free(lh);
    return rc;
}
