/* store_exchange.h — what leaves the clinic: practice-wide evidence
 * reports (sqlite_report.c), a patient's record for FHIR export
 * (sqlite_fhir.c) and the API tokens of machine clients (sqlite_token.c).
 * Part of store.h and under its contract (errors, one audited transaction
 * per user action, caller-owned arrays); include store.h or this file. */
#ifndef TDN_STORE_EXCHANGE_H
#define TDN_STORE_EXCHANGE_H

#include "store/store.h"

/* ---- practice-based evidence reports (issue 11, sqlite_report.c) ----------
 * Aggregates over the clinic's sessions, counted in SQL (no row per session
 * comes back), for core/report.h. Each call is one audited read of the
 * report (action "report", no patient id: the report names nobody). */

typedef struct tdn_report_filter {
    int64_t from, to;      /* sessions opened in [from, to), unix seconds; -1 = open end */
    const char *condition; /* episode condition id; NULL = any */
    const char *muscle;    /* a needle went into this muscle; NULL = any */
    const char *clinician; /* the session's clinician (user name); NULL = any */
    const char *protocol;  /* deep or superficial: a needle used it; NULL = any */
} tdn_report_filter;

/* Counts for the safety report over the treatments (sessions with at least
 * one needle) that match f. Free with tdn_safety_counts_free (core/report.h). */
int tdn_store_report_safety(tdn_store *s, const tdn_act *act, const tdn_report_filter *f,
                            tdn_safety_counts *out, tdn_err *err);
/* Baseline and end values for the outcome report's windows (core/report.h)
 * over the episodes that hold a treatment f picks; every measure of those
 * episodes counts. Free with tdn_outcome_counts_free. */
int tdn_store_report_outcomes(tdn_store *s, const tdn_act *act, const tdn_report_filter *f,
                              tdn_outcome_counts *out, tdn_err *err);
/* Per patient and measure, the split-body difference (core/report.h) over
 * the one-sided treatments f picks, ordered by measure; *out is malloc'd. */
int tdn_store_report_split(tdn_store *s, const tdn_act *act, const tdn_report_filter *f,
                           tdn_split_value **out, size_t *n, tdn_err *err);
/* ---- a patient's record for export (sqlite_fhir.c; FHIR, issue 12) -------
 * The chart plus what a standard export needs beyond it: the needle ledger
 * and the users named as the sessions' clinicians. */

typedef struct tdn_needle_row {
    int64_t id, session_id;
    int number; /* #N within the session */
    char muscle[48];
    char side[2];       /* L, R, B */
    char technique[16]; /* deep, superficial */
    char state[8];      /* in, out, broken */
    int ltr_count, redirections;
    int64_t inserted_at, withdrawn_at; /* withdrawn_at 0 = not out */
} tdn_needle_row;

typedef struct tdn_patient_record {
    tdn_chart chart;
    tdn_needle_row *needles; /* of every session, by id */
    size_t n_needles;
    tdn_user *clinicians; /* users whose username is a session's clinician, by id */
    size_t n_clinicians;
} tdn_patient_record;

/* Reads patient_id's record in one transaction, audited as one "export" of
 * table "fhir" with detail (e.g. "fhir patient", "fhir api"). TDN_EINPUT
 * "patient: no patient with id N" when there is none. Free with
 * tdn_patient_record_free. */
int tdn_store_record_export(tdn_store *s, const tdn_act *act, int64_t patient_id,
                            const char *detail, tdn_patient_record *out, tdn_err *err);
void tdn_patient_record_free(tdn_patient_record *r);
/* Calls fn with every patient's record in turn (by id), in one consistent
 * read with one audit row ("export", table "fhir", detail and the count of
 * patients): one record is in memory at a time. A non-zero answer of fn
 * stops it and is returned (nothing is audited then). */
typedef int (*tdn_record_fn)(void *ctx, const tdn_patient_record *r, tdn_err *err);
int tdn_store_record_each(tdn_store *s, const tdn_act *act, const char *detail, tdn_record_fn fn,
                          void *ctx, tdn_err *err);

/* ---- API tokens (sqlite_token.c, schema 012) -----------------------------
 * Machine clients of the FHIR API authenticate with a token that acts as its
 * user. Only the token's hash is stored (app/token.h makes both). */

typedef struct tdn_api_token {
    int64_t id, user_id;
    char username[TDN_USERNAME_MAX + 1];
    int64_t created, expires, revoked; /* revoked 0 = not */
    char created_by[TDN_USERNAME_MAX + 1];
} tdn_api_token;

/* Stores a token of username (hash: hex, 64 characters) valid until
 * expires, audited as a create of api_token. TDN_EINPUT for an unknown user. */
int tdn_store_token_add(tdn_store *s, const tdn_act *act, const char *username,
                        const char *token_hash, int64_t expires, int64_t *id_out, tdn_err *err);
/* Every token, by id (hashes are not read). Not audited. */
int tdn_store_token_list(tdn_store *s, tdn_api_token **out, size_t *n, tdn_err *err);
/* Revokes token id (audited); TDN_EINPUT when there is none or it is
 * already revoked. */
int tdn_store_token_revoke(tdn_store *s, const tdn_act *act, int64_t id, tdn_err *err);
/* The user of the token with this hash when it is neither expired at now
 * nor revoked; TDN_EINPUT "token: not valid" otherwise. Not audited (the
 * reads it allows are). */
int tdn_store_token_user(tdn_store *s, const char *token_hash, int64_t now, tdn_user *out,
                         tdn_err *err);

/* ---- copying a whole clinic between stores (tdn migrate, sqlite_migrate.c)
 * Every table of the record, the audit, settings and sign-in state, from
 * `from` to `to` (either backend, both at the same schema version), table by
 * table in dependency order, ids kept, in one transaction on `to` (a snapshot
 * of `from`). Each table's rows are counted on both sides before commit.
 * `to` must hold no records (settings aside) unless append; an appended row
 * whose id is taken rolls everything back. The copy itself gets one audit
 * row on `to` (action "import", table "store"). PostgreSQL identity
 * sequences continue after the copied ids. */
#define TDN_MIGRATE_TABLES 32
typedef struct tdn_migrate_report {
    int n;
    struct {
        const char *table;
        int64_t rows; /* copied, equal to the source's count */
    } t[TDN_MIGRATE_TABLES];
} tdn_migrate_report;
int tdn_store_migrate(tdn_store *from, tdn_store *to, const tdn_act *act, bool append,
                      tdn_migrate_report *rep, tdn_err *err);

#endif
