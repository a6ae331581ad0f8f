/* needling.c — the needling session against the store (see needling.h). */
#include "app/needling.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/localtime.h"
#include "app/settings.h"
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
    if (ctx.consent_withdrawn_at) { /* withdrawal blocks new sessions until consent again */
        tdn_needling_context_free(&ctx);
        return tdn_err_set(err, TDN_EINPUT,
                           "consent: refused: the patient withdrew consent; a new session needs "
                           "their consent again");
    }
    tdn_pain blocked[TDN_SESSION_MAX_BLOCKED], planned[TDN_SESSION_MAX_PLANNED];
    int n_blocked = 0, n_planned = 0;
    tdn_screening_regions(ctx.profile, ctx.reasons, blocked, &n_blocked, planned, &n_planned);
    char muscles[TDN_SESSION_MAX_BLOCKED_MUSCLES][TDN_ID_MAX];
    int n_muscles = 0;
    tdn_screening_muscles(ctx.reasons, muscles, TDN_SESSION_MAX_BLOCKED_MUSCLES, &n_muscles);
    tdn_needling_context_free(&ctx);
    tdn_protocol_rules rules;
    rc = tdn_setting_protocol_rules(s, &r->protocol, &rules, err);
    if (rc) return rc;
    tdn_open_input oi = {.has_screening = ctx.has_screening,
                         .decision = tdn_decision_parse(ctx.decision),
                         .screened_at = ctx.screened_at,
                         .blocked = blocked,
                         .n_blocked = n_blocked,
                         .planned = planned,
                         .n_planned = n_planned,
                         .blocked_muscles = (const char(*)[TDN_ID_MAX])muscles,
                         .n_blocked_muscles = n_muscles,
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

void tdn_needling_tz(const tdn_needling *n, int64_t now, tdn_tz *z)
{
    int64_t to = n->ended_at > now ? n->ended_at : now;
    tdn_tz_around(z, n->opened_at ? n->opened_at : now, to);
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

int tdn_needling_estim_screening(tdn_store *s, int64_t patient_id, tdn_estim_screening *out,
                                 tdn_err *err)
{
    memset(out, 0, sizeof *out);
    tdn_needling_context ctx;
    int rc = tdn_store_needling_context(s, patient_id, &ctx, err);
    if (!rc) tdn_screening_estim(ctx.reasons, out);
    tdn_needling_context_free(&ctx);
    return rc;
}

/* Applies ev, e-stim with what the screening says: a rule that forbids it
 * refuses it (core), the cautions come back as warnings. */
static int apply_screened(const tdn_kb *kb, const tdn_needling_rules *r, tdn_needling *n,
                          const tdn_needling_event *ev, const tdn_estim_screening *es, int64_t now,
                          tdn_insert_result *res, tdn_err *err)
{
    tdn_needling_event copy = *ev;
    if (ev->kind == TDN_EV_ESTIM && es->forbidden[0]) copy.estim.forbidden = es->forbidden;
    int rc = apply_one(kb, r, n, &copy, now, res, err);
    for (int i = 0; !rc && i < es->n_cautions && res->n_warnings < TDN_MAX_WARNINGS; i++)
        snprintf(res->warnings[res->n_warnings++], sizeof res->warnings[0], "%s", es->cautions[i]);
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
    tdn_estim_screening es = {0};
    if (!rc && ev->kind == TDN_EV_ESTIM)
        rc = tdn_needling_estim_screening(s, after->session.patient_id, &es, err);
    if (!rc) rc = apply_screened(kb, r, &after->needling, ev, &es, act->now, res, err);
    char detail[256] = "";
    if (!rc) {
        event_detail(ev, &after->needling, ev->kind == TDN_EV_INSERT ? res->needle : ev->needle,
                     detail, sizeof detail);
        if (after->needling.n_overrides > before->needling.n_overrides)
            strncat(detail, " (override)", sizeof detail - strlen(detail) - 1);
        tdn_needling_change ch = {.detail = detail};
        tdn_buf note = {0};
        if (ev->kind == TDN_EV_ABORT) /* an aborted session's note is final too */
            rc = tdn_needling_note_build(s, act, kb, r, &after->session, &after->needling, &note,
                                         err);
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
    int rc = tdn_needling_note_build(s, act, kb, r, &rec->session, &rec->needling, note, err);
    if (rc || rec->needling.n_needles == 0) return rc;
    tdn_handout *h = calloc(1, sizeof *h);
    if (!h) return tdn_err_set(err, TDN_ESYS, "out of memory");
    rc = tdn_needling_handout(s, act, kb, r, rec, h, err);
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
