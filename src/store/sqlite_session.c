/* sqlite_session.c — sessions and what is recorded in them in the SQLite
 * store (store.h): opening a session, reading it, and adding palpation
 * findings, measures and adverse events. Values needing the knowledge base
 * are checked by the caller (core/record.h); here: ids, ownership, enums. */
#include <stdlib.h>
#include <string.h>

#include "core/protocol.h"
#include "core/record.h"
#include "store/sqlite_int.h"

#define SESSION_COLS                                                                               \
    "id, patient_id, coalesce(episode_id, 0), clinician, state, opened_at, "                       \
    "coalesce(closed_at, 0), coalesce(screening_id, 0), coalesce(cpt, '')"

static bool one_of(const char *v, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(v, *set) == 0) return true;
    return false;
}

static const char *const sides[] = {"L", "R", "B", NULL};

bool tdn_sq_session_row(tdn_db_stmt *st, void *el)
{
    tdn_session *x = el;
    x->id = tdn_db_int64(st, 0);
    x->patient_id = tdn_db_int64(st, 1);
    x->episode_id = tdn_db_int64(st, 2);
    tdn_sq_text(st, 3, x->clinician, sizeof x->clinician);
    tdn_sq_text(st, 4, x->state, sizeof x->state);
    x->opened_at = tdn_db_int64(st, 5);
    x->closed_at = tdn_db_int64(st, 6);
    x->screening_id = tdn_db_int64(st, 7);
    tdn_sq_text(st, 8, x->cpt, sizeof x->cpt);
    return true;
}

int tdn_sq_session_insert(tdn_store *s, const tdn_act *act, const tdn_session *in, int64_t *id,
                          tdn_err *err)
{
    int rc = tdn_sq_patient_of(s, "patient", in->patient_id, NULL, err);
    int64_t owner = in->patient_id;
    if (!rc && in->episode_id) rc = tdn_sq_patient_of(s, "episode", in->episode_id, &owner, err);
    if (!rc && owner != in->patient_id)
        rc = tdn_err_set(err, TDN_EINPUT, "--episode: episode %lld is not patient %lld's",
                         (long long)in->episode_id, (long long)in->patient_id);
    const char *clinician = *in->clinician ? in->clinician : act->actor;
    if (!rc)
        rc = tdn_sq_insert(s, err, id,
                           "INSERT INTO session (patient_id, episode_id, clinician, state, "
                           "opened_at) VALUES (?1, ?2, ?3, 'open', ?4)",
                           "insi", in->patient_id, in->episode_id, clinician, act->now);
    if (!rc) rc = tdn_sq_audit(s, act, "create", "session", *id, in->patient_id, "", err);
    return rc;
}

int tdn_store_session_open(tdn_store *s, const tdn_act *act, const tdn_session *in, int64_t *id_out,
                           tdn_err *err)
{
    int64_t id = 0;
    int rc = tdn_sq_begin(s, err);
    if (!rc) rc = tdn_sq_end(s, tdn_sq_session_insert(s, act, in, &id, err), err);
    if (!rc && id_out) *id_out = id;
    return rc;
}

static int read_session(tdn_store *s, const tdn_act *act, int64_t id, tdn_session *out,
                        tdn_err *err)
{
    tdn_session *rows = NULL;
    size_t n = 0;
    int rc = tdn_sq_list(
        s, tdn_sq_prepare(s, err, "SELECT " SESSION_COLS " FROM session WHERE id = ?1", "i", id),
        tdn_sq_session_row, NULL, (void **)&rows, &n, sizeof *rows, err);
    if (!rc && n == 0)
        rc = tdn_err_set(err, TDN_EINPUT, "session: no session with id %lld", (long long)id);
    if (!rc) *out = rows[0];
    free(rows);
    if (!rc) rc = tdn_sq_audit(s, act, "read", "session", id, out->patient_id, "", err);
    return rc;
}

int tdn_store_session_get(tdn_store *s, const tdn_act *act, int64_t id, tdn_session *out,
                          tdn_err *err)
{
    int rc = tdn_sq_begin(s, err);
    if (!rc) rc = tdn_sq_end(s, read_session(s, act, id, out, err), err);
    return rc;
}

/* The session's patient, refusing sessions that are closed or aborted
 * (what they recorded is final) unless late is true (follow-up measures). */
static int open_session_patient(tdn_store *s, int64_t session_id, bool late, int64_t *patient,
                                tdn_err *err)
{
    int rc = tdn_sq_patient_of(s, "session", session_id, patient, err);
    if (rc || late) return rc;
    bool final = false;
    rc = tdn_sq_int(s, err, &final, NULL,
                    "SELECT 1 FROM session WHERE id = ?1 AND state IN ('closed', 'aborted')", "i",
                    session_id);
    if (!rc && final)
        rc = tdn_err_set(err, TDN_EINPUT, "--session: session %lld is closed or aborted",
                         (long long)session_id);
    return rc;
}

static int insert_finding(tdn_store *s, const tdn_act *act, const tdn_finding *f, int64_t *id,
                          tdn_err *err)
{
    int64_t patient = 0;
    int rc = open_session_patient(s, f->session_id, false, &patient, err);
    if (!rc)
        rc = tdn_sq_insert(s, err, id,
                           "INSERT INTO finding (session_id, muscle, side, tp_type, taut_band, "
                           "spot, ltr, referred, recorded_at) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                           "isssiiiii", f->session_id, f->muscle, f->side, f->tp_type,
                           (int64_t)f->taut_band, (int64_t)f->spot, (int64_t)f->ltr,
                           (int64_t)f->referred, act->now);
    if (!rc) rc = tdn_sq_audit(s, act, "create", "finding", *id, patient, f->muscle, err);
    return rc;
}

int tdn_store_finding_add(tdn_store *s, const tdn_act *act, const tdn_finding *f, int64_t *id_out,
                          tdn_err *err)
{
    static const char *const types[] = {"active", "latent", "none", NULL};
    int rc = tdn_sq_check_len("--muscle", f->muscle, sizeof f->muscle - 1, true, err);
    if (rc) return rc;
    if (!one_of(f->side, sides))
        return tdn_err_set(err, TDN_EINPUT, "--side: '%s' must be L or R", f->side);
    if (!one_of(f->tp_type, types))
        return tdn_err_set(err, TDN_EINPUT, "--type: '%s' must be active, latent or none",
                           f->tp_type);
    int64_t id = 0;
    if (!(rc = tdn_sq_begin(s, err))) rc = tdn_sq_end(s, insert_finding(s, act, f, &id, err), err);
    if (!rc && id_out) *id_out = id;
    return rc;
}

static int insert_measure(tdn_store *s, const tdn_act *act, const tdn_measure *m, int64_t *id,
                          tdn_err *err)
{
    int64_t patient = 0;
    int rc =
        open_session_patient(s, m->session_id, strcmp(m->phase, "followup") == 0, &patient, err);
    if (!rc)
        rc = tdn_sq_insert(s, err, id,
                           "INSERT INTO measure (session_id, phase, kind, site, side, value, unit, "
                           "motion, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                           "issssdssi", m->session_id, m->phase, m->kind, m->site, m->side,
                           m->value, m->unit, *m->motion ? m->motion : NULL, act->now);
    if (!rc) rc = tdn_sq_audit(s, act, "create", "measure", *id, patient, m->kind, err);
    return rc;
}

int tdn_store_measure_add(tdn_store *s, const tdn_act *act, const tdn_measure *m, int64_t *id_out,
                          tdn_err *err)
{
    static const char *const phases[] = {"pre", "post", "followup", NULL};
    static const char *const kinds[] = {"nprs", "ppt", "rom", "psfs", NULL};
    if (!one_of(m->phase, phases))
        return tdn_err_set(err, TDN_EINPUT, "--phase: '%s' must be pre, post or followup",
                           m->phase);
    if (!one_of(m->kind, kinds))
        return tdn_err_set(err, TDN_EINPUT, "--kind: '%s' must be nprs, ppt, rom or psfs", m->kind);
    if (!one_of(m->side, sides))
        return tdn_err_set(err, TDN_EINPUT, "--side: '%s' must be L, R or B", m->side);
    if ((strcmp(m->kind, "rom") == 0) != (*m->motion != '\0'))
        return tdn_err_set(err, TDN_EINPUT, "--motion: active or passive, for rom only");
    int rc = tdn_sq_check_len("--site", m->site, sizeof m->site - 1, true, err);
    int64_t id = 0;
    if (!rc && !(rc = tdn_sq_begin(s, err)))
        rc = tdn_sq_end(s, insert_measure(s, act, m, &id, err), err);
    if (!rc && id_out) *id_out = id;
    return rc;
}

/* Resolves ae->needle_number (the needle's number in its session, as every
 * needle command and URL names it) to the needle's id. */
static int check_ae_needle(tdn_store *s, const tdn_adverse_event *ae, int64_t *needle_id,
                           tdn_err *err)
{
    bool found = false;
    int rc = tdn_sq_int(s, err, &found, needle_id,
                        "SELECT id FROM needle WHERE number = ?1 AND session_id = ?2", "ii",
                        (int64_t)ae->needle_number, ae->session_id);
    if (!rc && !found)
        rc = tdn_err_set(err, TDN_EINPUT, "--needle: no needle #%d in session %lld",
                         ae->needle_number, (long long)ae->session_id);
    return rc;
}

static int insert_ae(tdn_store *s, const tdn_act *act, const tdn_adverse_event *ae, int64_t *id,
                     tdn_err *err)
{
    int64_t patient = 0, needle_id = 0, n_aes = 0;
    bool found = false;
    int rc = tdn_sq_patient_of(s, "session", ae->session_id, &patient, err);
    if (!rc && ae->needle_number) rc = check_ae_needle(s, ae, &needle_id, err);
    /* the session keeps at most TDN_SESSION_MAX_AES: one more would make it unreadable */
    if (!rc)
        rc = tdn_sq_int(s, err, &found, &n_aes,
                        "SELECT count(*) FROM adverse_event WHERE session_id = ?1", "i",
                        ae->session_id);
    if (!rc && n_aes >= TDN_SESSION_MAX_AES)
        rc = tdn_err_set(err, TDN_EINPUT,
                         "session: refused, session %lld already has %d adverse events (the "
                         "most one session holds); record more in a new session",
                         (long long)ae->session_id, TDN_SESSION_MAX_AES);
    if (!rc)
        rc = tdn_sq_insert(s, err, id,
                           "INSERT INTO adverse_event (session_id, needle_id, kind, severity, "
                           "onset, action, resolved, note, recorded_at) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                           "inssisisi", ae->session_id, needle_id, ae->kind, ae->severity,
                           ae->onset ? ae->onset : act->now, ae->action, (int64_t)ae->resolved,
                           ae->note, act->now);
    if (!rc) rc = tdn_sq_audit(s, act, "create", "adverse_event", *id, patient, ae->kind, err);
    return rc;
}

int tdn_store_ae_add(tdn_store *s, const tdn_act *act, const tdn_adverse_event *ae, int64_t *id_out,
                     tdn_err *err)
{
    int rc = tdn_ae_kind_check("--kind", ae->kind, err);
    if (!rc) rc = tdn_ae_severity_check("--severity", ae->severity, err);
    if (!rc) rc = tdn_sq_check_len("--action", ae->action, TDN_TEXT_MAX, false, err);
    if (!rc) rc = tdn_sq_check_len("--note", ae->note, TDN_TEXT_MAX, false, err);
    if (rc) return rc;
    int64_t id = 0;
    if (!(rc = tdn_sq_begin(s, err))) rc = tdn_sq_end(s, insert_ae(s, act, ae, &id, err), err);
    if (!rc && id_out) *id_out = id;
    return rc;
}
