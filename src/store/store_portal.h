/* store_portal.h — the patient portal and the front desk: invitations
 * (sqlite_invite.c), the appointment book (sqlite_appointment.c), the
 * patient's intake (sqlite_intake.c) and e-consent (sqlite_econsent.c).
 * Part of store.h and under its contract (errors, one audited transaction
 * per user action, caller-owned arrays); include store.h or this file. */
#ifndef TDN_STORE_PORTAL_H
#define TDN_STORE_PORTAL_H

#include "store/store.h"

/* ---- patient portal invitations (schema 013, sqlite_invite.c) -------------
 * The desk invites a patient to the portal: the store creates the patient's
 * login (role patient, no password yet: none matches it) and keeps only the
 * SHA-256 of the one-time code (app/invite.h makes the code). The patient
 * uses the code once, before it expires, to choose a password. */

typedef struct tdn_invitation {
    int64_t id, patient_id, user_id;
    char username[TDN_USERNAME_MAX + 1]; /* the login the code opens */
    int64_t created, expires;
} tdn_invitation;

typedef enum tdn_invite_state {
    TDN_INVITE_VALID,   /* may be used now */
    TDN_INVITE_UNKNOWN, /* no invitation has this code */
    TDN_INVITE_USED,    /* used already, or replaced by a newer invitation */
    TDN_INVITE_EXPIRED, /* not used before it expired */
} tdn_invite_state;

/* Invites patient_id: code_hash is the hex SHA-256 of the code (64 hex
 * digits), valid until expires (> act->now). Creates the patient's login
 * ("patient<ID>", the patient's name as display) when there is none, and
 * revokes the patient's earlier unused invitations. *out gets the
 * invitation with its login's name. Audited (create invitation, and create
 * user for a new login). TDN_EINPUT for an unknown patient. */
int tdn_store_invite_create(tdn_store *s, const tdn_act *act, int64_t patient_id,
                            const char *code_hash, int64_t expires, tdn_invitation *out,
                            tdn_err *err);
/* What using code_hash at now would meet. Not audited, no transaction. */
int tdn_store_invite_state(tdn_store *s, const char *code_hash, int64_t now,
                           tdn_invite_state *state, tdn_err *err);
/* Uses the invitation with code_hash at act->now. When it is valid: sets its
 * login's password hash to password_hash (argon2id, made by the caller from
 * a password that passed the new-password rule), marks the invitation used,
 * fills *user and audits the change as the patient's login. Otherwise *state
 * says why, nothing changes and one "invite_failed" audit row is written.
 * Either way TDN_OK unless storage fails (or, for a valid code, password_hash
 * is not an argon2 hash: TDN_EINPUT, nothing changed; a failed use may pass
 * NULL). */
int tdn_store_invite_redeem(tdn_store *s, const tdn_act *act, const char *code_hash,
                            const char *password_hash, tdn_invite_state *state, tdn_user *user,
                            tdn_err *err);

/* ---- the appointment book (schema 014, sqlite_appointment.c) --------------
 * Appointments of patients with clinicians (core/appointment.h: lengths,
 * states, overlap). Booking or moving into time another booked or
 * checked-in appointment of the same clinician holds is refused with
 * TDN_EINPUT "starts: refused: overlaps appointment N (...)" naming it.
 * Every change is audited; lists are audited as one read. */

typedef struct tdn_appointment {
    int64_t id, patient_id;
    char clinician[TDN_USERNAME_MAX + 1]; /* user name of a clinician or admin */
    int64_t starts, ends;
    char status[16];       /* booked, checked_in, cancelled, no_show */
    int64_t checked_in_at; /* 0 = not checked in */
    int64_t session_id;    /* 0 = no session opened from it */
    int64_t created;
    char created_by[TDN_USERNAME_MAX + 1];
    /* filled by get and list: */
    char patient_name[TDN_NAME_MAX + 1];
    char clinician_name[TDN_NAME_MAX + 1];
    bool has_consent; /* the patient has consent on file (not withdrawn) */
    char intake[12];  /* the patient's latest intake: none, pending, reviewed */
} tdn_appointment;

/* Books a->patient_id with a->clinician from a->starts to a->ends (checked
 * with tdn_appt_times_check); the other fields are ignored. TDN_EINPUT for
 * an unknown patient, a clinician who is not a clinician or admin, or an
 * overlap. */
int tdn_store_appt_add(tdn_store *s, const tdn_act *act, const tdn_appointment *a, int64_t *id_out,
                       tdn_err *err);
/* Moves a booked appointment to [starts, ends) (ends 0 = keep its length)
 * with clinician (NULL or "" = the same one); the same checks as booking. */
int tdn_store_appt_move(tdn_store *s, const tdn_act *act, int64_t id, int64_t starts, int64_t ends,
                        const char *clinician, tdn_err *err);
/* Sets the state (checked_in, cancelled, no_show) of a booked appointment
 * (core's transition rule); checked_in records act->now. */
int tdn_store_appt_set_status(tdn_store *s, const tdn_act *act, int64_t id, const char *status,
                              tdn_err *err);
/* Links a checked-in or booked appointment to the session opened from it (the session
 * must be the same patient's); a booked one becomes checked in. */
int tdn_store_appt_link_session(tdn_store *s, const tdn_act *act, int64_t id, int64_t session_id,
                                tdn_err *err);
/* Reads one appointment with its names (audited as a read). */
int tdn_store_appt_get(tdn_store *s, const tdn_act *act, int64_t id, tdn_appointment *out,
                       tdn_err *err);
/* Appointments starting in [from, to), of clinician (NULL or "" = every
 * clinician's), by start time; cancelled ones only when with_cancelled.
 * *out is the caller's to free (NULL when none). One audited read. */
int tdn_store_appt_list(tdn_store *s, const tdn_act *act, int64_t from, int64_t to,
                        const char *clinician, bool with_cancelled, tdn_appointment **out,
                        size_t *n, tdn_err *err);

/* ---- the patient's intake and its review (schema 015, sqlite_intake.c) ----
 * What the patient answered (data/intake.tsv questions), where it hurts and
 * their goals, stored as given and dated, never changed; the clinician's
 * confirmed answers are kept beside them with the screening recorded from
 * them. The texts are JSON checked by the caller (app/intake.h). */

typedef struct tdn_intake_record {
    int64_t id, patient_id;
    int64_t submitted_at;
    char submitted_by[TDN_USERNAME_MAX + 1];
    char *answers, *places, *pains, *goals; /* owned JSON text */
    char status[12];                        /* pending, reviewed, replaced */
    int64_t reviewed_at;
    char reviewed_by[TDN_USERNAME_MAX + 1];
    char *confirmed, *confirmed_places; /* owned; "" until reviewed */
    int64_t screening_id;               /* 0 until reviewed */
} tdn_intake_record;
void tdn_intake_record_free(tdn_intake_record *r);

/* Stores a new intake of patient_id (a pending one before it becomes
 * replaced). Audited as created by act->actor. */
int tdn_store_intake_add(tdn_store *s, const tdn_act *act, int64_t patient_id, const char *answers,
                         const char *places, const char *pains, const char *goals, int64_t *id_out,
                         tdn_err *err);
/* The patient's latest intake (audited as a read): *found false (and *out
 * empty) when there is none; TDN_EINPUT for an unknown patient. Free with
 * tdn_intake_record_free. */
int tdn_store_intake_latest(tdn_store *s, const tdn_act *act, int64_t patient_id,
                            tdn_intake_record *out, bool *found, tdn_err *err);
/* Reviews pending intake_id in one transaction: stores the screening
 * (profile, decision, reasons as tdn_store_screening_add) and the confirmed
 * answers beside the patient's, and marks it reviewed. TDN_EINPUT "intake:
 * refused: ..." when it is not pending. *screening_id gets the new
 * screening. */
int tdn_store_intake_review(tdn_store *s, const tdn_act *act, int64_t intake_id,
                            const char *confirmed, const char *confirmed_places,
                            const char *profile, const char *decision, const char *reasons,
                            int64_t *screening_id, tdn_err *err);

/* ---- e-consent (schema 016, sqlite_econsent.c) -----------------------------
 * The clinic's consent text in versions (1, 2, ...; 0 is tdn's default text
 * from data/consent.tsv), a consent signed in the portal by typed full name,
 * and withdrawing every consent in force. Withdrawn consents no longer count
 * for screening and sessions (tdn_store_needling_context). */

/* Stores text as the clinic's next consent text version (*version gets it).
 * Audited as a change of the setting consent_text. */
int tdn_store_consent_text_set(tdn_store *s, const tdn_act *act, const char *text, int64_t *version,
                               tdn_err *err);
/* The clinic's latest consent text (malloc'd, free() it) and version;
 * *text NULL and *version 0 when the clinic has set none. Not audited. */
int tdn_store_consent_text_get(tdn_store *s, char **text, int64_t *version, tdn_err *err);
/* Stores a consent signed by c->signed_name (required) as c->given_by from
 * login c->account, having read c->text_version. Audited. */
int tdn_store_consent_sign(tdn_store *s, const tdn_act *act, const tdn_consent *c, int64_t *id_out,
                           tdn_err *err);
/* Withdraws every consent of patient_id in force (*n gets how many, may be
 * NULL); TDN_EINPUT "consent: refused: ..." when none is. Audited. */
int tdn_store_consent_withdraw(tdn_store *s, const tdn_act *act, int64_t patient_id, int64_t *n,
                               tdn_err *err);

#endif
