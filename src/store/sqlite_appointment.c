/* sqlite_appointment.c — the appointment book in the SQLite store
 * (store.h): booking, moving, state changes and lists. The rules are
 * core/appointment.h's, checked inside the transaction that writes, so two
 * desks booking the same time cannot both succeed (BEGIN IMMEDIATE). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/appointment.h"
#include "store/sqlite_int.h"

#define APPT_COLS                                                                                  \
    "a.id, a.patient_id, a.clinician, a.starts, a.ends, a.status, a.checked_in_at, "               \
    "coalesce(a.session_id, 0), a.created, a.created_by, p.name, coalesce(u.display_name, "        \
    "a.clinician), EXISTS (SELECT 1 FROM consent c WHERE c.patient_id = a.patient_id AND "         \
    "c.withdrawn_at = 0), "                                                                        \
    "coalesce((SELECT i.status FROM intake i WHERE i.patient_id = a.patient_id AND i.status <> "   \
    "'replaced' ORDER BY i.id DESC LIMIT 1), 'none')"
#define APPT_FROM                                                                                  \
    " FROM appointment a JOIN patient p ON p.id = a.patient_id "                                   \
    "LEFT JOIN \"user\" u ON u.username = a.clinician "

static bool appt_row(tdn_db_stmt *st, void *el)
{
    tdn_appointment *a = el;
    a->id = tdn_db_int64(st, 0);
    a->patient_id = tdn_db_int64(st, 1);
    tdn_sq_text(st, 2, a->clinician, sizeof a->clinician);
    a->starts = tdn_db_int64(st, 3);
    a->ends = tdn_db_int64(st, 4);
    tdn_sq_text(st, 5, a->status, sizeof a->status);
    a->checked_in_at = tdn_db_int64(st, 6);
    a->session_id = tdn_db_int64(st, 7);
    a->created = tdn_db_int64(st, 8);
    tdn_sq_text(st, 9, a->created_by, sizeof a->created_by);
    tdn_sq_text(st, 10, a->patient_name, sizeof a->patient_name);
    tdn_sq_text(st, 11, a->clinician_name, sizeof a->clinician_name);
    a->has_consent = tdn_db_int(st, 12) != 0;
    tdn_sq_text(st, 13, a->intake, sizeof a->intake);
    return true;
}

/* Reads appointment id (no audit); TDN_EINPUT "appointment: no appointment
 * with id N" when there is none. */
static int read_appt(tdn_store *s, int64_t id, tdn_appointment *out, tdn_err *err)
{
    memset(out, 0, sizeof *out);
    tdn_db_stmt *st =
        tdn_sq_prepare(s, err, "SELECT " APPT_COLS APPT_FROM "WHERE a.id = ?1", "i", id);
    if (!st) return TDN_ESYS;
    int r = tdn_db_step(st), rc = TDN_OK;
    if (r == TDN_DB_ROW)
        appt_row(st, out);
    else if (r == TDN_DB_DONE)
        rc =
            tdn_err_set(err, TDN_EINPUT, "appointment: no appointment with id %lld", (long long)id);
    else
        rc = tdn_sq_fail(s, "reading an appointment", err);
    tdn_db_finalize(st);
    return rc;
}

static int check_clinician(tdn_store *s, const char *clinician, tdn_err *err)
{
    bool found = false;
    int rc = tdn_sq_int(s, err, &found, NULL,
                        "SELECT 1 FROM \"user\" WHERE username = ?1 AND role IN "
                        "('clinician', 'admin')",
                        "s", clinician ? clinician : "");
    if (!rc && !found)
        rc = tdn_err_set(err, TDN_EINPUT, "clinician: '%.64s' is not a clinician's user name",
                         clinician ? clinician : "");
    return rc;
}

/* Refuses [starts, ends) when another appointment (not `self`) of clinician
 * holds time that overlaps it, naming that appointment. */
static int check_free(tdn_store *s, const char *clinician, int64_t starts, int64_t ends,
                      int64_t self, tdn_err *err)
{
    tdn_db_stmt *st = tdn_sq_prepare(s, err,
                                     "SELECT " APPT_COLS APPT_FROM
                                     "WHERE a.clinician = ?1 AND a.id <> ?2 AND a.starts < ?4 "
                                     "AND a.ends > ?3 AND a.status IN ('booked', 'checked_in') "
                                     "ORDER BY a.starts LIMIT 1",
                                     "siii", clinician, self, starts, ends);
    if (!st) return TDN_ESYS;
    int r = tdn_db_step(st), rc = TDN_OK;
    if (r == TDN_DB_ROW) {
        tdn_appointment other;
        appt_row(st, &other);
        if (tdn_appt_overlaps(starts, ends, other.starts, other.ends))
            rc = tdn_err_set(err, TDN_EINPUT,
                             "starts: refused: overlaps appointment %lld (%s with %s, %lld min)",
                             (long long)other.id, other.patient_name, other.clinician,
                             (long long)((other.ends - other.starts) / 60));
    } else if (r != TDN_DB_DONE) {
        rc = tdn_sq_fail(s, "checking the book", err);
    }
    tdn_db_finalize(st);
    return rc;
}

static int add_in_tx(tdn_store *s, const tdn_act *act, const tdn_appointment *a, int64_t *id,
                     tdn_err *err)
{
    int rc = tdn_sq_patient_of(s, "patient", a->patient_id, NULL, err);
    if (!rc) rc = check_clinician(s, a->clinician, err);
    if (!rc) rc = check_free(s, a->clinician, a->starts, a->ends, 0, err);
    if (!rc)
        rc = tdn_sq_insert(s, err, id,
                           "INSERT INTO appointment (patient_id, clinician, starts, ends, created, "
                           "created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           "isiiis", a->patient_id, a->clinician, a->starts, a->ends, act->now,
                           act->actor);
    char detail[TDN_USERNAME_MAX + 48];
    snprintf(detail, sizeof detail, "with %s, %lld min", a->clinician,
             (long long)((a->ends - a->starts) / 60));
    if (!rc) rc = tdn_sq_audit(s, act, "create", "appointment", *id, a->patient_id, detail, err);
    return rc;
}

int tdn_store_appt_add(tdn_store *s, const tdn_act *act, const tdn_appointment *a, int64_t *id_out,
                       tdn_err *err)
{
    int rc = tdn_appt_times_check(a->starts, a->ends, err);
    if (rc) return rc;
    int64_t id = 0;
    if ((rc = tdn_sq_begin(s, err))) return rc;
    rc = tdn_sq_end(s, add_in_tx(s, act, a, &id, err), err);
    if (!rc && id_out) *id_out = id;
    return rc;
}

static int move_in_tx(tdn_store *s, const tdn_act *act, int64_t id, int64_t starts, int64_t ends,
                      const char *clinician, tdn_err *err)
{
    tdn_appointment a;
    int rc = read_appt(s, id, &a, err);
    if (!rc && !ends) ends = starts + (a.ends - a.starts);
    if (!rc) rc = tdn_appt_times_check(starts, ends, err);
    if (!rc) rc = tdn_appt_move_check(a.status, err);
    const char *who = clinician && *clinician ? clinician : a.clinician;
    if (!rc && who != a.clinician) rc = check_clinician(s, who, err);
    if (!rc) rc = check_free(s, who, starts, ends, id, err);
    if (!rc)
        rc = tdn_sq_run(s, err,
                        "UPDATE appointment SET starts = ?2, ends = ?3, clinician = ?4, "
                        "changed = ?5, changed_by = ?6 WHERE id = ?1",
                        "iiisis", id, starts, ends, who, act->now, act->actor);
    char detail[TDN_USERNAME_MAX + 48];
    snprintf(detail, sizeof detail, "moved: with %s, %lld min", who,
             (long long)((ends - starts) / 60));
    if (!rc) rc = tdn_sq_audit(s, act, "change", "appointment", id, a.patient_id, detail, err);
    return rc;
}

int tdn_store_appt_move(tdn_store *s, const tdn_act *act, int64_t id, int64_t starts, int64_t ends,
                        const char *clinician, tdn_err *err)
{
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    return tdn_sq_end(s, move_in_tx(s, act, id, starts, ends, clinician, err), err);
}

static int status_in_tx(tdn_store *s, const tdn_act *act, int64_t id, const char *status,
                        tdn_err *err)
{
    tdn_appointment a;
    int rc = read_appt(s, id, &a, err);
    if (!rc) rc = tdn_appt_transition_check(a.status, status, err);
    if (!rc)
        rc = tdn_sq_run(s, err,
                        "UPDATE appointment SET status = ?2, checked_in_at = CASE WHEN ?2 = "
                        "'checked_in' THEN ?3 ELSE checked_in_at END, changed = ?3, "
                        "changed_by = ?4 WHERE id = ?1",
                        "isis", id, status, act->now, act->actor);
    char detail[48];
    snprintf(detail, sizeof detail, "status %s", status);
    if (!rc) rc = tdn_sq_audit(s, act, "change", "appointment", id, a.patient_id, detail, err);
    return rc;
}

int tdn_store_appt_set_status(tdn_store *s, const tdn_act *act, int64_t id, const char *status,
                              tdn_err *err)
{
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    return tdn_sq_end(s, status_in_tx(s, act, id, status, err), err);
}

static int link_in_tx(tdn_store *s, const tdn_act *act, int64_t id, int64_t session_id,
                      tdn_err *err)
{
    tdn_appointment a;
    int64_t owner = 0;
    int rc = read_appt(s, id, &a, err);
    if (!rc) rc = tdn_sq_patient_of(s, "session", session_id, &owner, err);
    if (!rc && owner != a.patient_id)
        rc = tdn_err_set(err, TDN_EINPUT, "session: refused: session %lld is another patient's",
                         (long long)session_id);
    if (!rc && !tdn_appt_holds_time(a.status))
        rc = tdn_err_set(err, TDN_EINPUT, "appointment: refused: the appointment is %s", a.status);
    if (!rc)
        rc = tdn_sq_run(s, err,
                        "UPDATE appointment SET session_id = ?2, status = 'checked_in', "
                        "checked_in_at = CASE WHEN checked_in_at = 0 THEN ?3 ELSE checked_in_at "
                        "END, changed = ?3, changed_by = ?4 WHERE id = ?1",
                        "iiis", id, session_id, act->now, act->actor);
    char detail[48];
    snprintf(detail, sizeof detail, "session %lld", (long long)session_id);
    if (!rc) rc = tdn_sq_audit(s, act, "change", "appointment", id, a.patient_id, detail, err);
    return rc;
}

int tdn_store_appt_link_session(tdn_store *s, const tdn_act *act, int64_t id, int64_t session_id,
                                tdn_err *err)
{
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    return tdn_sq_end(s, link_in_tx(s, act, id, session_id, err), err);
}

int tdn_store_appt_get(tdn_store *s, const tdn_act *act, int64_t id, tdn_appointment *out,
                       tdn_err *err)
{
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    rc = read_appt(s, id, out, err);
    if (!rc) rc = tdn_sq_audit(s, act, "read", "appointment", id, out->patient_id, "", err);
    rc = tdn_sq_end(s, rc, err);
    if (rc) memset(out, 0, sizeof *out);
    return rc;
}

int tdn_store_appt_list(tdn_store *s, const tdn_act *act, int64_t from, int64_t to,
                        const char *clinician, bool with_cancelled, tdn_appointment **out,
                        size_t *n, tdn_err *err)
{
    *out = NULL;
    *n = 0;
    const char *who = clinician ? clinician : "";
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    rc = tdn_sq_list(s,
                     tdn_sq_prepare(s, err,
                                    "SELECT " APPT_COLS APPT_FROM
                                    "WHERE a.starts >= ?1 AND a.starts < ?2 AND (?3 = '' OR "
                                    "a.clinician = ?3) AND (?4 <> 0 OR a.status <> 'cancelled') "
                                    "ORDER BY a.starts, a.clinician, a.id",
                                    "iisi", from, to, who, (int64_t)with_cancelled),
                     appt_row, NULL, (void **)out, n, sizeof **out, err);
    char detail[TDN_USERNAME_MAX + 48];
    snprintf(detail, sizeof detail, "book %lld..%lld %s", (long long)from, (long long)to, who);
    if (!rc) rc = tdn_sq_audit(s, act, "read", "appointment", 0, 0, detail, err);
    rc = tdn_sq_end(s, rc, err);
    if (rc) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}
