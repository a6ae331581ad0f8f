/* sqlite_note.c — the signed session note in the SQLite store (store.h,
 * schema 006): the clinician's Subjective, Objective, Assessment and Plan
 * text, the sign-off and addenda. The lock rules are core/note.h's, checked
 * inside the same transaction as the write; every read and write is audited
 * (table session_note, record = the session, with its patient). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/note.h"
#include "store/sqlite_int.h"

/* The session's patient and state, and whether its note is signed. */
static int note_state(tdn_store *s, int64_t session_id, int64_t *patient_id, int *state,
                      bool *is_signed, tdn_err *err)
{
    tdn_db_stmt *st = tdn_sq_prepare(s, err,
                                     "SELECT s.patient_id, s.state, n.signed_at FROM session s "
                                     "LEFT JOIN session_note n ON n.session_id = s.id "
                                     "WHERE s.id = ?1",
                                     "i", session_id);
    if (!st) return TDN_ESYS;
    int r = tdn_db_step(st), rc = TDN_OK;
    if (r == TDN_DB_ROW) {
        *patient_id = tdn_db_int64(st, 0);
        *state = tdn_session_state_parse(tdn_db_text(st, 1));
        *is_signed = !tdn_db_is_null(st, 2);
    } else if (r == TDN_DB_DONE) {
        rc =
            tdn_err_set(err, TDN_EINPUT, "session: no session with id %lld", (long long)session_id);
    } else {
        rc = tdn_sq_fail(s, "read note", err);
    }
    tdn_sq_finish(s, st);
    return rc;
}

static bool addendum_row(tdn_db_stmt *st, void *el)
{
    tdn_note_addendum *a = el;
    a->id = tdn_db_int64(st, 0);
    a->session_id = tdn_db_int64(st, 1);
    a->text = tdn_sq_strdup(st, 2);
    a->created = tdn_db_int64(st, 3);
    tdn_sq_text(st, 4, a->author, sizeof a->author);
    tdn_sq_text(st, 5, a->author_name, sizeof a->author_name);
    return a->text != NULL;
}

static void addendum_free(void *el)
{
    free(((tdn_note_addendum *)el)->text);
}

static int read_note_row(tdn_store *s, int64_t session_id, tdn_note_record *out, tdn_err *err)
{
    tdn_db_stmt *st =
        tdn_sq_prepare(s, err,
                       "SELECT subjective, objective, assessment, plan, updated_at, updated_by, "
                       "coalesce(signed_at, 0), coalesce(signed_by, ''), coalesce(signer, ''), "
                       "coalesce(signed_text, '') FROM session_note WHERE session_id = ?1",
                       "i", session_id);
    if (!st) return TDN_ESYS;
    int r = tdn_db_step(st), rc = TDN_OK;
    if (r == TDN_DB_ROW) {
        out->subjective = tdn_sq_strdup(st, 0);
        out->objective = tdn_sq_strdup(st, 1);
        out->assessment = tdn_sq_strdup(st, 2);
        out->plan = tdn_sq_strdup(st, 3);
        out->updated_at = tdn_db_int64(st, 4);
        tdn_sq_text(st, 5, out->updated_by, sizeof out->updated_by);
        out->signed_at = tdn_db_int64(st, 6);
        tdn_sq_text(st, 7, out->signed_by, sizeof out->signed_by);
        tdn_sq_text(st, 8, out->signer, sizeof out->signer);
        out->signed_text = tdn_sq_strdup(st, 9);
    } else if (r != TDN_DB_DONE) {
        rc = tdn_sq_fail(s, "read note", err);
    }
    tdn_sq_finish(s, st);
    char **texts[] = {&out->subjective, &out->objective, &out->assessment, &out->plan,
                      &out->signed_text};
    for (size_t i = 0; !rc && i < sizeof texts / sizeof texts[0]; i++)
        if (!*texts[i] && !(*texts[i] = calloc(1, 1)))
            rc = tdn_err_set(err, TDN_ESYS, "storage: out of memory");
    return rc;
}

int tdn_store_note_get(tdn_store *s, const tdn_act *act, int64_t session_id, tdn_note_record *out,
                       tdn_err *err)
{
    memset(out, 0, sizeof *out);
    out->session_id = session_id;
    int64_t patient_id = 0;
    int state = 0;
    bool is_signed = false;
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    rc = note_state(s, session_id, &patient_id, &state, &is_signed, err);
    if (!rc) rc = read_note_row(s, session_id, out, err);
    if (!rc)
        rc = tdn_sq_list(s,
                         tdn_sq_prepare(s, err,
                                        "SELECT id, session_id, text, created, author, author_name "
                                        "FROM note_addendum WHERE session_id = ?1 ORDER BY id",
                                        "i", session_id),
                         addendum_row, addendum_free, (void **)&out->addenda, &out->n_addenda,
                         sizeof *out->addenda, err);
    if (!rc) rc = tdn_sq_audit(s, act, "read", "session_note", session_id, patient_id, "", err);
    rc = tdn_sq_end(s, rc, err);
    if (rc) tdn_note_record_free(out);
    return rc;
}

void tdn_note_record_free(tdn_note_record *r)
{
    if (!r) return;
    free(r->subjective);
    free(r->objective);
    free(r->assessment);
    free(r->plan);
    free(r->signed_text);
    for (size_t i = 0; i < r->n_addenda; i++)
        free(r->addenda[i].text);
    free(r->addenda);
    int64_t sid = r->session_id;
    memset(r, 0, sizeof *r);
    r->session_id = sid;
}

static int check_text(const tdn_note_text *t, tdn_err *err)
{
    const char *names[] = {"subjective", "objective", "assessment", "plan"};
    const char *values[] = {t->subjective, t->objective, t->assessment, t->plan};
    for (int i = 0; i < 4; i++) {
        int rc = tdn_sq_check_len(names[i], values[i], TDN_NOTE_TEXT_MAX, false, err);
        if (rc) return rc;
    }
    return TDN_OK;
}

int tdn_store_note_edit(tdn_store *s, const tdn_act *act, int64_t session_id,
                        const tdn_note_text *t, tdn_err *err)
{
    int rc = check_text(t, err);
    if (rc || (rc = tdn_sq_begin(s, err))) return rc;
    int64_t patient_id = 0;
    int state = 0;
    bool is_signed = false;
    rc = note_state(s, session_id, &patient_id, &state, &is_signed, err);
    if (!rc) rc = tdn_note_check_edit(is_signed, err);
    if (!rc)
        rc = tdn_sq_run(s, err,
                        "INSERT INTO session_note (session_id, subjective, objective, assessment, "
                        "plan, updated_at, updated_by) VALUES (?1, coalesce(?2, ''), "
                        "coalesce(?3, ''), coalesce(?4, ''), coalesce(?5, ''), ?6, ?7) "
                        "ON CONFLICT (session_id) DO UPDATE SET "
                        "subjective = coalesce(?2, session_note.subjective), "
                        "objective = coalesce(?3, session_note.objective), "
                        "assessment = coalesce(?4, session_note.assessment), "
                        "plan = coalesce(?5, session_note.plan), "
                        "updated_at = ?6, updated_by = ?7",
                        "issssis", session_id, t->subjective, t->objective, t->assessment, t->plan,
                        act->now, act->actor ? act->actor : "");
    char detail[64];
    snprintf(detail, sizeof detail, "note edited:%s%s%s%s", t->subjective ? " S" : "",
             t->objective ? " O" : "", t->assessment ? " A" : "", t->plan ? " P" : "");
    if (!rc)
        rc = tdn_sq_audit(s, act, "change", "session_note", session_id, patient_id, detail, err);
    return tdn_sq_end(s, rc, err);
}

int tdn_store_note_sign(tdn_store *s, const tdn_act *act, int64_t session_id, const char *signer,
                        const char *text, tdn_err *err)
{
    int rc = tdn_sq_check_len("signer", signer, TDN_SIGNER_MAX, true, err);
    if (!rc) rc = tdn_sq_check_len("note", text, 1 << 20, true, err);
    if (rc || (rc = tdn_sq_begin(s, err))) return rc;
    int64_t patient_id = 0;
    int state = 0;
    bool is_signed = false;
    rc = note_state(s, session_id, &patient_id, &state, &is_signed, err);
    if (!rc) rc = tdn_note_check_sign(state, is_signed, signer, err);
    if (!rc)
        rc = tdn_sq_run(s, err,
                        "INSERT INTO session_note (session_id, updated_at, updated_by, signed_at, "
                        "signed_by, signer, signed_text) VALUES (?1, ?2, ?3, ?2, ?3, ?4, ?5) "
                        "ON CONFLICT (session_id) DO UPDATE SET signed_at = ?2, signed_by = ?3, "
                        "signer = ?4, signed_text = ?5",
                        "iisss", session_id, act->now, act->actor ? act->actor : "", signer, text);
    char detail[TDN_SIGNER_MAX + 16];
    snprintf(detail, sizeof detail, "signed by %s", signer);
    if (!rc) rc = tdn_sq_audit(s, act, "sign", "session_note", session_id, patient_id, detail, err);
    return tdn_sq_end(s, rc, err);
}

int tdn_store_note_addendum(tdn_store *s, const tdn_act *act, int64_t session_id,
                            const char *author_name, const char *text, int64_t *id_out,
                            tdn_err *err)
{
    int rc = tdn_sq_check_len("text", text, TDN_NOTE_TEXT_MAX, true, err);
    if (!rc) rc = tdn_sq_check_len("author", author_name, TDN_SIGNER_MAX, true, err);
    if (rc || (rc = tdn_sq_begin(s, err))) return rc;
    int64_t patient_id = 0, id = 0;
    int state = 0;
    bool is_signed = false;
    rc = note_state(s, session_id, &patient_id, &state, &is_signed, err);
    if (!rc) rc = tdn_note_check_addendum(is_signed, text, err);
    if (!rc)
        rc = tdn_sq_insert(s, err, &id,
                           "INSERT INTO note_addendum (session_id, text, created, author, "
                           "author_name) VALUES (?1, ?2, ?3, ?4, ?5)",
                           "isiss", session_id, text, act->now, act->actor ? act->actor : "",
                           author_name);
    char detail[64];
    snprintf(detail, sizeof detail, "addendum %lld", (long long)id);
    if (!rc)
        rc = tdn_sq_audit(s, act, "addendum", "session_note", session_id, patient_id, detail, err);
    rc = tdn_sq_end(s, rc, err);
    if (!rc && id_out) *id_out = id;
    return rc;
}
