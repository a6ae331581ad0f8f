/* sqlite_needle.c — the needling session in the SQLite store (store.h, issue
 * 5): opening a session with its screening state, loading a session's needles,
 * overrides and adverse events into core's tdn_needling, and saving what an
 * event changed in one transaction guarded by the session's revision. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "store/sqlite_int.h"

/* ---- context ------------------------------------------------------------ */

static int latest_screening(tdn_store *s, int64_t patient_id, tdn_needling_context *out,
                            tdn_err *err)
{
    tdn_db_stmt *st =
        tdn_sq_prepare(s, err,
                       "SELECT id, decision, created, profile, reasons FROM screening "
                       "WHERE patient_id = ?1 ORDER BY created DESC, id DESC LIMIT 1",
                       "i", patient_id);
    if (!st) return TDN_ESYS;
    int r = tdn_db_step(st), rc = TDN_OK;
    if (r == TDN_DB_ROW) {
        out->has_screening = true;
        out->screening_id = tdn_db_int64(st, 0);
        tdn_sq_text(st, 1, out->decision, sizeof out->decision);
        out->screened_at = tdn_db_int64(st, 2);
        out->profile = tdn_sq_strdup(st, 3);
        out->reasons = tdn_sq_strdup(st, 4);
        if (!out->profile || !out->reasons)
            rc = tdn_err_set(err, TDN_ESYS, "storage: out of memory");
    } else if (r != TDN_DB_DONE) {
        rc = tdn_sq_fail(s, "read screening", err);
    }
    tdn_sq_finish(s, st);
    return rc;
}

static int patient_birth(tdn_store *s, int64_t patient_id, char out[11], tdn_err *err)
{
    tdn_db_stmt *st =
        tdn_sq_prepare(s, err, "SELECT birth FROM patient WHERE id = ?1", "i", patient_id);
    if (!st) return TDN_ESYS;
    int r = tdn_db_step(st), rc = TDN_OK;
    if (r == TDN_DB_ROW)
        tdn_sq_text(st, 0, out, 11);
    else if (r != TDN_DB_DONE)
        rc = tdn_sq_fail(s, "read patient", err);
    tdn_sq_finish(s, st);
    return rc;
}

int tdn_store_needling_context(tdn_store *s, int64_t patient_id, tdn_needling_context *out,
                               tdn_err *err)
{
    *out = (tdn_needling_context){0};
    int rc = tdn_sq_patient_of(s, "patient", patient_id, NULL, err);
    if (!rc) rc = latest_screening(s, patient_id, out, err);
    int64_t v = 0;
    if (!rc)
        rc = tdn_sq_int(
            s, err, &out->has_consent, &out->consented_at,
            "SELECT max(given_at) FROM consent WHERE patient_id = ?1 AND withdrawn_at = 0 "
            "HAVING count(*) > 0",
            "i", patient_id);
    bool withdrawn = false;
    if (!rc && !out->has_consent) /* schema 016: withdrawn consents no longer count */
        rc = tdn_sq_int(s, err, &withdrawn, &out->consent_withdrawn_at,
                        "SELECT max(withdrawn_at) FROM consent WHERE patient_id = ?1 HAVING "
                        "max(withdrawn_at) > 0",
                        "i", patient_id);
    bool found = false;
    if (!rc)
        rc = tdn_sq_int(s, err, &found, &v,
                        "SELECT count(*) FROM consent WHERE patient_id = ?1 AND given_by = "
                        "'patient' AND withdrawn_at = 0",
                        "i", patient_id);
    out->consent_by_patient = !rc && v > 0;
    if (!rc)
        rc = tdn_sq_int(s, err, &found, &v,
                        "SELECT count(*) FROM consent WHERE patient_id = ?1 AND given_by = "
                        "'guardian' AND withdrawn_at = 0",
                        "i", patient_id);
    out->consent_by_guardian = !rc && v > 0;
    if (!rc) rc = patient_birth(s, patient_id, out->birth, err);
    if (rc) tdn_needling_context_free(out);
    return rc;
}

void tdn_needling_context_free(tdn_needling_context *c)
{
    free(c->profile);
    free(c->reasons);
    c->profile = c->reasons = NULL;
}

/* ---- open --------------------------------------------------------------- */

/* "calf:R,lumbar:B" */
static void sites_text(const tdn_pain *sites, int n, tdn_buf *b)
{
    for (int i = 0; i < n; i++)
        tdn_buf_printf(b, "%s%s:%c", i ? "," : "", tdn_region_at(sites[i].region)->code,
                       sites[i].side);
    if (!b->data) tdn_buf_put(b, "");
}

/* "iliopsoas,tibialis_posterior" */
static void muscles_text(const tdn_needling *n, tdn_buf *b)
{
    for (int i = 0; i < n->n_blocked_muscles; i++)
        tdn_buf_printf(b, "%s%s", i ? "," : "", n->blocked_muscles[i]);
    if (!b->data) tdn_buf_put(b, "");
}

int tdn_store_needling_open(tdn_store *s, const tdn_act *act, const tdn_session *in,
                            int64_t screening_id, const tdn_needling *n, int64_t *id_out,
                            tdn_err *err)
{
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    int64_t id = 0;
    rc = tdn_sq_session_insert(s, act, in, &id, err);
    tdn_buf blocked = {0}, planned = {0}, muscles = {0};
    sites_text(n->blocked, n->n_blocked, &blocked);
    sites_text(n->planned, n->n_planned, &planned);
    muscles_text(n, &muscles);
    if (!rc && (blocked.oom || planned.oom || muscles.oom))
        rc = tdn_err_set(err, TDN_ESYS, "storage: out of memory");
    if (!rc)
        rc =
            tdn_sq_run(s, err,
                       "UPDATE session SET state = ?2, screening_id = ?3, unscreened = ?4, "
                       "blocked = ?5, planned = ?6, blocked_muscles = ?7 WHERE id = ?1",
                       "isnssss", id, tdn_session_state_name(n->state), screening_id, n->unscreened,
                       tdn_buf_str(&blocked), tdn_buf_str(&planned), tdn_buf_str(&muscles));
    if (!rc)
        rc = tdn_sq_audit(s, act, "change", "session", id, in->patient_id,
                          n->unscreened[0] ? "opened unscreened" : "opened screened", err);
    tdn_buf_free(&blocked);
    tdn_buf_free(&planned);
    tdn_buf_free(&muscles);
    rc = tdn_sq_end(s, rc, err);
    if (!rc && id_out) *id_out = id;
    return rc;
}

/* ---- load --------------------------------------------------------------- */

/* Parses "calf:R,lumbar:B" into sites[0..max), *n the count. */
static int parse_sites(const char *what, const char *text, tdn_pain *sites, int max, int *n,
                       tdn_err *err)
{
    char copy[1024];
    snprintf(copy, sizeof copy, "%s", text);
    char *save = NULL;
    for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        char *colon = strchr(item, ':');
        int region = colon ? tdn_region_findn(item, (size_t)(colon - item)) : -1;
        if (region < 0 || *n >= max)
            return tdn_err_set(err, TDN_ESYS, "storage: session %s regions unreadable: %s", what,
                               text);
        sites[(*n)++] = (tdn_pain){region, colon[1], -1};
    }
    return TDN_OK;
}

/* Parses "iliopsoas,tibialis_posterior" into n->blocked_muscles. */
static int parse_muscles(const char *text, tdn_needling *n, tdn_err *err)
{
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, ",");
        if (len == 0 || len >= TDN_ID_MAX ||
            n->n_blocked_muscles >= TDN_SESSION_MAX_BLOCKED_MUSCLES)
            return tdn_err_set(err, TDN_ESYS, "storage: session blocked muscles unreadable: %s",
                               text);
        snprintf(n->blocked_muscles[n->n_blocked_muscles++], TDN_ID_MAX, "%.*s", (int)len, p);
        p += len + (p[len] == ',');
    }
    return TDN_OK;
}

static int load_session_row(tdn_store *s, int64_t id, tdn_needling_record *out, tdn_err *err)
{
    tdn_db_stmt *st = tdn_sq_prepare(
        s, err,
        "SELECT id, patient_id, coalesce(episode_id, 0), clinician, state, opened_at, "
        "coalesce(closed_at, 0), coalesce(screening_id, 0), coalesce(cpt, ''), unscreened, "
        "blocked, abort_reason, rev, planned, blocked_muscles FROM session WHERE id = ?1",
        "i", id);
    if (!st) return TDN_ESYS;
    int r = tdn_db_step(st), rc = TDN_OK;
    tdn_needling *n = &out->needling;
    if (r == TDN_DB_ROW) {
        tdn_sq_session_row(st, &out->session);
        n->state = tdn_session_state_parse(out->session.state);
        n->opened_at = out->session.opened_at;
        n->ended_at = out->session.closed_at;
        tdn_sq_text(st, 9, n->unscreened, sizeof n->unscreened);
        char blocked[1024], planned[1024], muscles[TDN_SESSION_MAX_BLOCKED_MUSCLES * TDN_ID_MAX];
        tdn_sq_text(st, 10, blocked, sizeof blocked);
        tdn_sq_text(st, 11, n->abort_reason, sizeof n->abort_reason);
        out->rev = tdn_db_int64(st, 12);
        tdn_sq_text(st, 13, planned, sizeof planned);
        tdn_sq_text(st, 14, muscles, sizeof muscles);
        rc = parse_sites("blocked", blocked, n->blocked, TDN_SESSION_MAX_BLOCKED, &n->n_blocked,
                         err);
        if (!rc)
            rc = parse_sites("planned", planned, n->planned, TDN_SESSION_MAX_PLANNED, &n->n_planned,
                             err);
        if (!rc) rc = parse_muscles(muscles, n, err);
    } else if (r == TDN_DB_DONE) {
        rc = tdn_err_set(err, TDN_EINPUT, "session: no session with id %lld", (long long)id);
    } else {
        rc = tdn_sq_fail(s, "read session", err);
    }
    tdn_sq_finish(s, st);
    return rc;
}

static void needle_from_row(tdn_db_stmt *st, tdn_needle *nd)
{
    char side[4], technique[16], state[8];
    nd->number = tdn_db_int(st, 0);
    tdn_sq_text(st, 1, nd->muscle, sizeof nd->muscle);
    tdn_sq_text(st, 2, side, sizeof side);
    nd->side = side[0];
    tdn_sq_text(st, 3, technique, sizeof technique);
    nd->technique = tdn_technique_parse(technique);
    nd->guide_tube = tdn_db_int(st, 4) != 0;
    tdn_sq_text(st, 5, nd->palpation, sizeof nd->palpation);
    nd->gauge_mm = tdn_db_double(st, 6);
    nd->length_mm = tdn_db_int(st, 7);
    nd->ltr_count = tdn_db_int(st, 8);
    nd->redirections = tdn_db_int(st, 9);
    nd->rounds = tdn_db_int(st, 10);
    nd->inserted_at = tdn_db_int64(st, 11);
    nd->round_at = tdn_db_int64(st, 12);
    nd->withdrawn_at = tdn_db_int64(st, 13);
    nd->dwell_s = tdn_db_int64(st, 14);
    tdn_sq_text(st, 15, state, sizeof state);
    nd->state = strcmp(state, "in") == 0    ? TDN_NEEDLE_IN
                : strcmp(state, "out") == 0 ? TDN_NEEDLE_OUT
                                            : TDN_NEEDLE_BROKEN;
    nd->estim.used = !tdn_db_is_null(st, 16);
    if (nd->estim.used) {
        nd->estim.freq_hz = tdn_db_double(st, 16);
        nd->estim.pulse_us = tdn_db_int(st, 17);
        nd->estim.duration_s = tdn_db_int(st, 18);
        tdn_sq_text(st, 19, nd->estim.intensity, sizeof nd->estim.intensity);
        nd->estim.started_at = tdn_db_int64(st, 20);
    }
}

static int load_needles(tdn_store *s, int64_t id, tdn_needling *n, tdn_err *err)
{
    tdn_db_stmt *st = tdn_sq_prepare(
        s, err,
        "SELECT number, muscle, side, technique, guide_tube, coalesce(palpation, ''), "
        "coalesce(gauge, 0), coalesce(length_mm, 0), ltr_count, redirections, rounds, "
        "inserted_at, coalesce(round_at, inserted_at), coalesce(withdrawn_at, 0), dwell_s, state, "
        "freq_hz, coalesce(pulse_us, 0), coalesce(duration_s, 0), coalesce(intensity, ''), "
        "coalesce(estim_at, 0) FROM needle WHERE session_id = ?1 ORDER BY number",
        "i", id);
    if (!st) return TDN_ESYS;
    int r, rc = TDN_OK;
    while (!rc && (r = tdn_db_step(st)) == TDN_DB_ROW) {
        if (n->n_needles >= TDN_SESSION_MAX_NEEDLES || tdn_db_int(st, 0) != n->n_needles + 1)
            rc = tdn_err_set(err, TDN_ESYS, "storage: session %lld: needle numbers out of order",
                             (long long)id);
        else
            needle_from_row(st, &n->needles[n->n_needles++]);
    }
    if (!rc && r != TDN_DB_DONE) rc = tdn_sq_fail(s, "read needles", err);
    tdn_sq_finish(s, st);
    return rc;
}

static int load_overrides(tdn_store *s, int64_t id, tdn_needling *n, tdn_err *err)
{
    tdn_db_stmt *st = tdn_sq_prepare(s, err,
                                     "SELECT rule, reason, muscle, side, needle_number, at FROM "
                                     "session_override WHERE session_id = ?1 ORDER BY id",
                                     "i", id);
    if (!st) return TDN_ESYS;
    int r, rc = TDN_OK;
    while (!rc && (r = tdn_db_step(st)) == TDN_DB_ROW) {
        if (n->n_overrides >= TDN_SESSION_MAX_OVERRIDES) {
            rc = tdn_err_set(err, TDN_ESYS, "storage: too many overrides");
            break;
        }
        tdn_override *o = &n->overrides[n->n_overrides++];
        char side[4];
        tdn_sq_text(st, 0, o->rule, sizeof o->rule);
        tdn_sq_text(st, 1, o->reason, sizeof o->reason);
        tdn_sq_text(st, 2, o->muscle, sizeof o->muscle);
        tdn_sq_text(st, 3, side, sizeof side);
        o->side = side[0];
        o->needle = tdn_db_int(st, 4);
        o->at = tdn_db_int64(st, 5);
    }
    if (!rc && r != TDN_DB_DONE) rc = tdn_sq_fail(s, "read overrides", err);
    tdn_sq_finish(s, st);
    return rc;
}

static int load_aes(tdn_store *s, int64_t id, tdn_needling *n, tdn_err *err)
{
    tdn_db_stmt *st = tdn_sq_prepare(
        s, err,
        "SELECT a.kind, a.severity, a.note, coalesce(n.number, 0), a.onset, coalesce(a.action, "
        "''), "
        "a.resolved FROM adverse_event a "
        "LEFT JOIN needle n ON n.id = a.needle_id WHERE a.session_id = ?1 ORDER BY a.id",
        "i", id);
    if (!st) return TDN_ESYS;
    int r, rc = TDN_OK;
    while (!rc && (r = tdn_db_step(st)) == TDN_DB_ROW) {
        if (n->n_aes >= TDN_SESSION_MAX_AES) {
            rc = tdn_err_set(err, TDN_ESYS, "storage: more than %d adverse events in session",
                             TDN_SESSION_MAX_AES);
            break;
        }
        tdn_ae_record *a = &n->aes[n->n_aes++];
        tdn_sq_text(st, 0, a->kind, sizeof a->kind);
        tdn_sq_text(st, 1, a->severity, sizeof a->severity);
        tdn_sq_text(st, 2, a->note, sizeof a->note);
        a->needle = tdn_db_int(st, 3);
        a->at = tdn_db_int64(st, 4);
        tdn_sq_text(st, 5, a->action, sizeof a->action);
        a->resolved = tdn_db_int(st, 6) != 0;
    }
    if (!rc && r != TDN_DB_DONE) rc = tdn_sq_fail(s, "read adverse events", err);
    tdn_sq_finish(s, st);
    return rc;
}

/* Why reader may not read session ss, or NULL when it may. */
static const char *refusal(const tdn_session_reader *reader, const tdn_session *ss)
{
    if (!reader) return NULL;
    if (reader->patient_id > 0 && ss->patient_id != reader->patient_id)
        return "not the patient's own session";
    if (reader->opened_to > 0 &&
        (ss->opened_at < reader->opened_from || ss->opened_at >= reader->opened_to))
        return "not a session of today's list";
    return NULL;
}

/* Loads session id for reader (NULL: anyone); *denied set to the reason
 * when the reader may not read it (audited as a denial, nothing loaded). */
static int load_all(tdn_store *s, const tdn_act *act, int64_t id, const tdn_session_reader *reader,
                    tdn_needling_record *out, const char **denied, tdn_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = load_session_row(s, id, out, err);
    if (!rc && (*denied = refusal(reader, &out->session)))
        return tdn_sq_audit(s, act, "denied", "session", id, out->session.patient_id, *denied, err);
    if (!rc) rc = load_needles(s, id, &out->needling, err);
    if (!rc) rc = load_overrides(s, id, &out->needling, err);
    if (!rc) rc = load_aes(s, id, &out->needling, err);
    if (!rc) rc = tdn_sq_audit(s, act, "read", "session", id, out->session.patient_id, "", err);
    return rc;
}

int tdn_store_needling_load(tdn_store *s, const tdn_act *act, int64_t session_id,
                            tdn_needling_record *out, tdn_err *err)
{
    return tdn_store_needling_load_as(s, act, session_id, NULL, out, err);
}

typedef struct needling_load {
    const tdn_act *act;
    int64_t session_id;
    const tdn_session_reader *reader;
    tdn_needling_record *out;
    const char *denied;
} needling_load;

static int load_job(tdn_store *on, void *ctx, tdn_err *err)
{
    needling_load *l = ctx;
    return load_all(on, l->act, l->session_id, l->reader, l->out, &l->denied, err);
}

/* A queued transaction (tdn_sq_transact: it writes the read's or the
 * denial's audit row), so in tdn serve the session page is read on the
 * group's connection, its page cache warm, and waits for the commit only. */
int tdn_store_needling_load_as(tdn_store *s, const tdn_act *act, int64_t session_id,
                               const tdn_session_reader *reader, tdn_needling_record *out,
                               tdn_err *err)
{
    needling_load l = {act, session_id, reader, out, NULL};
    int rc = tdn_sq_transact(s, load_job, &l, err);
    if (rc || !l.denied) return rc;
    memset(out, 0, sizeof *out);
    return tdn_err_set(err, TDN_EINPUT, "session: no session with id %lld", (long long)session_id);
}

/* ---- save --------------------------------------------------------------- */

static int save_needle(tdn_store *s, int64_t session_id, const tdn_needle *nd, tdn_err *err)
{
    const tdn_estim *e = &nd->estim;
    return tdn_sq_run(
        s, err,
        "INSERT INTO needle (session_id, number, muscle, side, technique, guide_tube, palpation, "
        "gauge, length_mm, ltr_count, redirections, inserted_at, withdrawn_at, state, freq_hz, "
        "pulse_us, duration_s, intensity, rounds, round_at, dwell_s, estim_at) VALUES (?1, ?2, ?3, "
        "?4, ?5, ?6, nullif(?7, ''), nullif(?8, 0.0), nullif(?9, 0), ?10, ?11, ?12, ?13, ?14, "
        "nullif(?15, 0.0), nullif(?16, 0), nullif(?17, 0), nullif(?18, ''), ?19, ?20, ?21, ?22) "
        "ON CONFLICT (session_id, number) DO UPDATE SET ltr_count = excluded.ltr_count, "
        "redirections = excluded.redirections, withdrawn_at = excluded.withdrawn_at, "
        "state = excluded.state, freq_hz = excluded.freq_hz, pulse_us = excluded.pulse_us, "
        "duration_s = excluded.duration_s, intensity = excluded.intensity, rounds = "
        "excluded.rounds, round_at = excluded.round_at, dwell_s = excluded.dwell_s, estim_at = "
        "excluded.estim_at",
        "iisssisdiiiinsdiisiiin", session_id, (int64_t)nd->number, nd->muscle,
        nd->side == 'L' ? "L" : "R", tdn_technique_name(nd->technique), (int64_t)nd->guide_tube,
        nd->palpation, nd->gauge_mm, (int64_t)nd->length_mm, (int64_t)nd->ltr_count,
        (int64_t)nd->redirections, nd->inserted_at,
        nd->state == TDN_NEEDLE_IN ? (int64_t)0 : nd->withdrawn_at,
        tdn_needle_state_name(nd->state), e->used ? e->freq_hz : 0.0,
        (int64_t)(e->used ? e->pulse_us : 0), (int64_t)(e->used ? e->duration_s : 0),
        e->used ? e->intensity : "", (int64_t)nd->rounds, nd->round_at, nd->dwell_s,
        e->used ? e->started_at : (int64_t)0);
}

static int save_override(tdn_store *s, int64_t session_id, const tdn_override *o, tdn_err *err)
{
    char side[2] = {o->side, 0};
    return tdn_sq_run(s, err,
                      "INSERT INTO session_override (session_id, rule, reason, muscle, side, "
                      "needle_number, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                      "issssii", session_id, o->rule, o->reason, o->muscle, side,
                      (int64_t)o->needle, o->at);
}

static int save_ae(tdn_store *s, const tdn_act *act, int64_t session_id, const tdn_ae_record *a,
                   tdn_err *err)
{
    return tdn_sq_run(s, err,
                      "INSERT INTO adverse_event (session_id, needle_id, kind, severity, onset, "
                      "note, recorded_at) VALUES (?1, (SELECT id FROM needle WHERE session_id = "
                      "?1 AND number = ?2), ?3, ?4, ?5, ?6, ?7)",
                      "iissisi", session_id, (int64_t)a->needle, a->kind, a->severity, a->at,
                      a->note, act->now);
}

/* Bumps the revision when it is still before's; TDN_EINPUT when not. */
static int save_session(tdn_store *s, const tdn_needling_record *before, const tdn_needling *after,
                        const tdn_needling_change *ch, tdn_err *err)
{
    int rc = tdn_sq_run(s, err,
                        "UPDATE session SET state = ?3, closed_at = ?4, abort_reason = ?5, "
                        "cpt = coalesce(?6, cpt), note = coalesce(?7, note), "
                        "handout = coalesce(?8, handout), rev = rev + 1 "
                        "WHERE id = ?1 AND rev = ?2",
                        "iisnssss", before->session.id, before->rev,
                        tdn_session_state_name(after->state), after->ended_at, after->abort_reason,
                        ch->cpt, ch->note, ch->handout);
    if (!rc && tdn_db_changes(s) != 1)
        rc = tdn_err_set(err, TDN_EINPUT,
                         "session: session %lld was changed by someone else meanwhile; nothing "
                         "was saved, run the command again",
                         (long long)before->session.id);
    return rc;
}

static int save_all(tdn_store *s, const tdn_act *act, const tdn_needling_record *before,
                    const tdn_needling *after, const tdn_needling_change *ch, tdn_err *err)
{
    const tdn_needling *b = &before->needling;
    int64_t id = before->session.id;
    if (after->n_needles < b->n_needles || after->n_overrides < b->n_overrides ||
        after->n_aes < b->n_aes)
        return tdn_err_set(err, TDN_ESYS, "storage: a save may not remove needles or events");
    int rc = save_session(s, before, after, ch, err);
    for (int i = 0; !rc && i < after->n_needles; i++)
        if (i >= b->n_needles || memcmp(&b->needles[i], &after->needles[i], sizeof b->needles[i]))
            rc = save_needle(s, id, &after->needles[i], err);
    for (int i = b->n_overrides; !rc && i < after->n_overrides; i++)
        rc = save_override(s, id, &after->overrides[i], err);
    for (int i = b->n_aes; !rc && i < after->n_aes; i++)
        rc = save_ae(s, act, id, &after->aes[i], err);
    if (!rc)
        rc = tdn_sq_audit(s, act, "change", "session", id, before->session.patient_id,
                          ch->detail ? ch->detail : "", err);
    return rc;
}

typedef struct needling_change {
    const tdn_act *act;
    const tdn_needling_record *before;
    const tdn_needling *after;
    const tdn_needling_change *ch;
} needling_change;

static int write_change(tdn_store *on, void *ctx, tdn_err *err)
{
    const needling_change *c = ctx;
    return save_all(on, c->act, c->before, c->after, c->ch, err);
}

/* Every needle event of a session goes through here: a queued transaction
 * (tdn_sq_transact), so in tdn serve it waits for the commit only. */
int tdn_store_needling_save(tdn_store *s, const tdn_act *act, const tdn_needling_record *before,
                            const tdn_needling *after, const tdn_needling_change *ch, tdn_err *err)
{
    needling_change c = {act, before, after, ch};
    return tdn_sq_transact(s, write_change, &c, err);
}

int tdn_store_needling_texts(tdn_store *s, int64_t session_id, char **note, char **handout,
                             tdn_err *err)
{
    *note = *handout = NULL;
    tdn_db_stmt *st = tdn_sq_prepare(
        s, err, "SELECT coalesce(note, ''), coalesce(handout, '') FROM session WHERE id = ?1", "i",
        session_id);
    if (!st) return TDN_ESYS;
    int r = tdn_db_step(st), rc = TDN_OK;
    if (r == TDN_DB_ROW) {
        *note = tdn_sq_strdup(st, 0);
        *handout = tdn_sq_strdup(st, 1);
        if (!*note || !*handout) rc = tdn_err_set(err, TDN_ESYS, "storage: out of memory");
    } else {
        rc = r == TDN_DB_DONE ? tdn_err_set(err, TDN_EINPUT, "session: no session with id %lld",
                                            (long long)session_id)
                              : tdn_sq_fail(s, "read session", err);
    }
    tdn_sq_finish(s, st);
    if (rc) {
        free(*note);
        free(*handout);
        *note = *handout = NULL;
    }
    return rc;
}
