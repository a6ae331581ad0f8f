/* store.h — tdn's record store: the one interface to everything the clinical
 * record holds (DESIGN §3). No database types leak through it, so SQLite
 * (sqlite.c, the default) and PostgreSQL can implement the same calls.
 *
 * Contract for every function below unless it says otherwise:
 * - Returns TDN_OK, TDN_EINPUT (bad input: unknown id, value out of range; the
 *   message names the field) or TDN_ESYS (storage failure), with err filled.
 * - One call is one user action and one transaction: on any error nothing is
 *   written. Every create, change and chart read appends an audit row (actor,
 *   act->now, action, table, record id, patient id) in that same transaction.
 * - Times are unix seconds given by the caller (act->now); the store reads no
 *   clock. Text is UTF-8; fixed-size fields are checked, never truncated.
 * - Values that need the knowledge base (muscle ids, regions, conditions,
 *   measure ranges) are validated by the caller (core/record.h) first; the
 *   store checks ids, ownership and the schema's own constraints.
 * - A tdn_store is used by one thread at a time; open one per thread.
 * - Out-parameter arrays are allocated; the caller frees them with free()
 *   (or the matching _free function where one is named). */
#ifndef TDN_STORE_H
#define TDN_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/report.h"

typedef struct tdn_store tdn_store;

/* Who acts and when: the audit's actor and the time of the action. */
typedef struct tdn_act {
    const char *actor; /* user name, e.g. "drsmith" (CLI: $TDN_USER or login name) */
    int64_t now;       /* unix seconds */
} tdn_act;

/* ---- opening ---------------------------------------------------------- */

/* Opens (creating if needed) the store at url — a file path for SQLite, or
 * a postgresql:// (postgres://) URL of an existing PostgreSQL database —
 * and applies every pending schema migration. *out is NULL on error. */
int tdn_store_open(tdn_store **out, const char *url, tdn_err *err);
/* The same, but migrates only up to schema version max_version (for tests of
 * migrations and for tools); 0 means all. */
int tdn_store_open_version(tdn_store **out, const char *url, int max_version, tdn_err *err);
/* True when url names a PostgreSQL database (postgresql:// or postgres://),
 * not an SQLite file. */
bool tdn_store_is_postgres(const char *url);
/* url as it may be shown (printed, logged) into out (cap bytes, truncated):
 * a PostgreSQL URL's password, in the user part or a password= parameter,
 * becomes "***"; anything else is copied as it is. */
void tdn_store_url_shown(const char *url, char *out, size_t cap);
/* Closes s (NULL is fine). */
void tdn_store_close(tdn_store *s);
/* Schema version of the open store, and the newest this binary knows. */
int tdn_store_schema_version(tdn_store *s);
int tdn_store_schema_latest(void);

/* Group commit (for a server's many handles on one database): the
 * transactions of stores joined to one group run, one at a time, on the
 * group's own connection, each inside its own savepoint, and the
 * transactions that ran while others were waiting are committed together in
 * one fsync. Each is still all-or-nothing (a failing one rolls back to its
 * savepoint, never its neighbours'), and a store call still returns only
 * after its own transaction is durable, or with an error when the shared
 * commit failed. Reads outside transactions stay on each store's own
 * connection; a read's lone audit row (a chart read in tdn serve) is queued
 * and written with others' in one savepoint, without a turn of its own, and
 * the read still returns only once that row is durable. Other processes on the same file see
 * ordinary transactions. Close the group after every store joined to it. On PostgreSQL, where each
 * transaction commits itself, tdn_store_group_open opens nothing and gives
 * NULL (joining NULL and closing NULL do nothing). */
typedef struct tdn_store_group tdn_store_group;
int tdn_store_group_open(tdn_store_group **out, const char *url, tdn_err *err);
void tdn_store_group_close(tdn_store_group *g);
/* Joins s (opened on the group's url, not in a transaction) to g. */
void tdn_store_join(tdn_store *s, tdn_store_group *g);

/* ---- users (web logins; the CLI acts as a local user) -------------------- */

#define TDN_USERNAME_MAX 64
#define TDN_NAME_MAX 200
#define TDN_CREDENTIALS_MAX 64
/* "Full name, credentials" as a note's signature gives it. */
#define TDN_SIGNER_MAX (TDN_NAME_MAX + TDN_CREDENTIALS_MAX + 2)

typedef struct tdn_user {
    int64_t id;
    char username[TDN_USERNAME_MAX + 1];
    char display[TDN_NAME_MAX + 1];
    char role[16];        /* admin, clinician, front_desk, patient */
    int64_t patient_id;   /* 0 unless role is patient */
    int failed_logins;    /* wrong passwords since the last right one (shown to admins) */
    int64_t locked_until; /* no longer set (schema 007: sign-ins are throttled by address) */
    int64_t created;
    char credentials[TDN_CREDENTIALS_MAX + 1]; /* "PT, DPT" or "" */
} tdn_user;

/* Adds a user; the password must pass tdn_password_check_new (app/password.h:
 * 12 or more characters, not a common password) and is stored as an
 * argon2id hash. role is admin|clinician|front_desk|patient; patient_id is
 * required for (and only for) role patient. *id_out (may be NULL) gets the
 * new id. */
int tdn_store_user_add(tdn_store *s, const tdn_act *act, const char *username, const char *display,
                       const char *role, const char *password, int64_t patient_id, int64_t *id_out,
                       tdn_err *err);
/* Looks a user up by name or id: TDN_EINPUT when there is none. Not audited. */
int tdn_store_user_get(tdn_store *s, const char *username, tdn_user *out, tdn_err *err);
int tdn_store_user_get_id(tdn_store *s, int64_t id, tdn_user *out, tdn_err *err);
/* Every user, by id. */
int tdn_store_user_list(tdn_store *s, tdn_user **out, size_t *n, tdn_err *err);
/* Sets username's full name (display, required) and credentials ("PT, DPT";
 * "" = none), audited as a change of the user. */
int tdn_store_user_set_name(tdn_store *s, const tdn_act *act, const char *username,
                            const char *display, const char *credentials, tdn_err *err);
/* Number of users (0 on a new store). */
int tdn_store_user_count(tdn_store *s, int64_t *n, tdn_err *err);

/* ---- signing in (sqlite_login.c) --------------------------------------
 * A sign-in is three steps, so that the slow argon2id check holds no lock:
 * tdn_store_login_fetch (plain reads, no transaction), the caller's check of
 * the password (app/password.h, run even when there is no such user), then
 * tdn_store_login_record (one short write transaction). Failures are
 * counted per address and per (address, name as typed) — never per account
 * alone, so nobody can lock a user out from elsewhere — and names that are
 * not users are counted the same way, so the answers do not tell which names
 * exist. After TDN_LOGIN_FREE_PAIR failures of one name from one address, or
 * TDN_LOGIN_FREE_ADDRESS failures of any names from one address, that
 * address waits TDN_LOGIN_WAIT_FIRST seconds, then twice as long after each
 * further failure, up to TDN_LOGIN_WAIT_MAX, before its next try of that
 * name (of any name); failures are forgotten TDN_LOGIN_WINDOW
 * seconds after the last one. The audit gets at most one login_failed row per
 * (address, name) each TDN_LOGIN_AUDIT_EVERY seconds; the attempts between
 * are counted and reported in the next row for that pair (or when the pair
 * is forgotten). */
#define TDN_LOGIN_FREE_PAIR 5
#define TDN_LOGIN_FREE_ADDRESS 20
#define TDN_LOGIN_WAIT_FIRST 30
#define TDN_LOGIN_WAIT_MAX (15 * 60)
#define TDN_LOGIN_WINDOW (15 * 60)
#define TDN_LOGIN_AUDIT_EVERY 60
#define TDN_ADDRESS_MAX 63

typedef struct tdn_login {
    bool found;     /* a user has this name */
    tdn_user user;  /* the user, when found */
    char hash[128]; /* the user's argon2id hash, "" when not found */
    int64_t wait;   /* seconds before this address may try this name; 0 = now */
} tdn_login;

typedef enum tdn_login_outcome {
    TDN_LOGIN_RIGHT,     /* the password was right (and the address not waiting) */
    TDN_LOGIN_WRONG,     /* the password was checked and wrong, or no such user */
    TDN_LOGIN_THROTTLED, /* refused unchecked: the address must wait (l->wait) */
    TDN_LOGIN_BUSY,      /* refused unchecked: too many checks running (the caller's limit) */
} tdn_login_outcome;

/* Reads what a sign-in of username from address at now needs into *out. Not
 * audited, no transaction. TDN_EINPUT only for an over-long address. */
int tdn_store_login_fetch(tdn_store *s, const char *address, const char *username, int64_t now,
                          tdn_login *out, tdn_err *err);
/* Records the outcome of the sign-in fetched into *l, in one transaction:
 * RIGHT forgets the pair's failures, resets the user's failure count, audits
 * "login" and removes expired web sessions (audited as one row when there
 * were any); WRONG counts a failure for the pair and the address (and the
 * user's failed_logins, shown to admins); BUSY counts one for the address
 * only, so that an address flooding a busy server soon waits too; WRONG,
 * THROTTLED and BUSY are audited as login_failed, grouped as described
 * above. Also forgets pairs idle
 * longer than the window. */
int tdn_store_login_record(tdn_store *s, const tdn_act *act, const char *address,
                           const tdn_login *l, tdn_login_outcome outcome, tdn_err *err);

/* ---- web sign-in sessions (auth_session) ----------------------------------
 * The web server keeps no session in memory: each lives here, keyed by the
 * hash of its cookie token (the token itself is never stored), so several
 * servers can share one database. */

typedef struct tdn_auth_session {
    char token_hash[65]; /* hex SHA-256 of the cookie token */
    int64_t user_id;
    char csrf[65]; /* the session's CSRF token (hex) */
    int64_t created, last_seen, expires;
} tdn_auth_session;

/* Stores a new session for a->user_id (audited as a login session start). */
int tdn_store_auth_create(tdn_store *s, const tdn_act *act, const tdn_auth_session *a,
                          tdn_err *err);
/* Reads the session with this token hash: TDN_EINPUT "session: not found"
 * when there is none. Not audited. */
int tdn_store_auth_get(tdn_store *s, const char *token_hash, tdn_auth_session *out, tdn_err *err);
/* Reads the session with this token hash and its user in one query (the web
 * server does this on every request): TDN_EINPUT "session: not found" when
 * there is none. Not audited. */
int tdn_store_auth_user(tdn_store *s, const char *token_hash, tdn_auth_session *out, tdn_user *user,
                        tdn_err *err);
/* Marks the session as seen at now. Not audited. */
int tdn_store_auth_touch(tdn_store *s, const char *token_hash, int64_t now, tdn_err *err);
/* Ends a session (logout or expiry; audited as logout). Ending a session that
 * does not exist is TDN_OK. */
int tdn_store_auth_end(tdn_store *s, const tdn_act *act, const char *token_hash, tdn_err *err);
/* Ends every session of user_id ("sign out everywhere", or an admin ending
 * a user's sessions), audited as one logout row saying how many; *n (may be
 * NULL) gets how many were ended. TDN_EINPUT when there is no such user. */
int tdn_store_auth_end_user(tdn_store *s, const tdn_act *act, int64_t user_id, int64_t *n,
                            tdn_err *err);

/* ---- patients --------------------------------------------------------- */

typedef struct tdn_patient {
    int64_t id;
    char name[TDN_NAME_MAX + 1];
    char birth[11]; /* YYYY-MM-DD */
    char sex[2];    /* "F", "M", "X" or "" */
    int64_t created;
} tdn_patient;

/* Adds a patient (p->id and p->created are ignored). birth must already be a
 * checked date (core/record.h); sex is F, M, X or "". */
int tdn_store_patient_add(tdn_store *s, const tdn_act *act, const tdn_patient *p, int64_t *id_out,
                          tdn_err *err);
/* Reads one patient (audited as a chart read). */
int tdn_store_patient_get(tdn_store *s, const tdn_act *act, int64_t id, tdn_patient *out,
                          tdn_err *err);
/* Patients whose name contains search (case-insensitive; NULL or "" = all),
 * by name. Audited as one read of the list. */
int tdn_store_patient_list(tdn_store *s, const tdn_act *act, const char *search, tdn_patient **out,
                           size_t *n, tdn_err *err);

/* ---- the clinical record -------------------------------------------------
 * Create functions ignore the id and time fields of the record passed in
 * (the store sets id, and the time from act->now) and check that the ids it
 * refers to exist and belong together (an episode of the same patient). */

#define TDN_TEXT_MAX 2000 /* free text: goals, plan, action, notes */

typedef struct tdn_consent {
    int64_t id, patient_id;
    char given_by[16]; /* patient, guardian */
    int64_t given_at;
    char recorded_by[TDN_USERNAME_MAX + 1];
    /* schema 016: signed in the portal, and withdrawal */
    char signed_name[TDN_NAME_MAX + 1]; /* as typed by the signer; "" when staff recorded it */
    char account[TDN_USERNAME_MAX + 1]; /* the login it was signed from; "" = staff */
    int64_t text_version;               /* the consent text read (0 = tdn's default) */
    int64_t withdrawn_at;               /* 0 = in force */
} tdn_consent;

int tdn_store_consent_add(tdn_store *s, const tdn_act *act, const tdn_consent *c, int64_t *id_out,
                          tdn_err *err);

typedef struct tdn_screening {
    int64_t id, patient_id;
    char *profile;     /* JSON text (DESIGN §6); owned, freed with the chart */
    char decision[16]; /* go, caution, no_go, unscreened */
    char *reasons;     /* JSON array text; owned */
    int64_t created;
    char recorded_by[TDN_USERNAME_MAX + 1];
} tdn_screening;

/* Stores a screening: profile and reasons are JSON text (reasons NULL = "[]"),
 * decision go|caution|no_go|unscreened. */
int tdn_store_screening_add(tdn_store *s, const tdn_act *act, int64_t patient_id,
                            const char *profile, const char *decision, const char *reasons,
                            int64_t *id_out, tdn_err *err);

typedef struct tdn_episode {
    int64_t id, patient_id;
    char condition[48]; /* knowledge-base condition id */
    char icd10[16];
    char goals[TDN_TEXT_MAX + 1];
    char plan[TDN_TEXT_MAX + 1]; /* plan of care: treatments, comma-separated */
    int64_t opened, closed;      /* closed 0 = open */
    char side[2];                /* side of the diagnosis: R, L, B; "" = not recorded */
    char site[24];               /* body-chart region code of the diagnosis; "" = none */
} tdn_episode;

int tdn_store_episode_open(tdn_store *s, const tdn_act *act, const tdn_episode *e, int64_t *id_out,
                           tdn_err *err);

typedef struct tdn_session {
    int64_t id, patient_id;
    int64_t episode_id; /* 0 = none */
    char clinician[TDN_USERNAME_MAX + 1];
    char state[16];               /* open, screened, needling, needles_out, closed, aborted */
    int64_t opened_at, closed_at; /* closed_at 0 = not closed */
    int64_t screening_id;         /* 0 = none */
    char cpt[8];                  /* "" until closed */
} tdn_session;

/* Opens a session (state open) for s->patient_id, optionally in
 * s->episode_id (which must be that patient's), clinician = act->actor
 * unless s->clinician is set. */
int tdn_store_session_open(tdn_store *s, const tdn_act *act, const tdn_session *in, int64_t *id_out,
                           tdn_err *err);
/* Reads one session (audited as a chart read). */
int tdn_store_session_get(tdn_store *s, const tdn_act *act, int64_t id, tdn_session *out,
                          tdn_err *err);

/* The clinic's day list: sessions opened in [from, to) with their patient's
 * name, oldest first (audited as one read of the list). *out is malloc'd. */
typedef struct tdn_day_entry {
    tdn_session session;
    char patient_name[TDN_NAME_MAX + 1];
} tdn_day_entry;
int tdn_store_session_list(tdn_store *s, const tdn_act *act, int64_t from, int64_t to,
                           tdn_day_entry **out, size_t *n, tdn_err *err);
/* The sessions neither closed nor aborted that were opened before `before`
 * (yesterday's unclosed session), oldest first, with the patient's name.
 * One audited read; *out is the caller's to free (NULL when none). */
int tdn_store_session_unfinished(tdn_store *s, const tdn_act *act, int64_t before,
                                 tdn_day_entry **out, size_t *n, tdn_err *err);

typedef struct tdn_finding {
    int64_t id, session_id;
    char muscle[48];
    char side[2];    /* L, R, B */
    char tp_type[8]; /* active, latent */
    bool taut_band;  /* taut band palpated */
    bool spot;       /* hyperirritable spot */
    bool ltr;        /* local twitch response on palpation */
    bool referred;   /* referred pain reproduced */
    int64_t recorded_at;
} tdn_finding;

int tdn_store_finding_add(tdn_store *s, const tdn_act *act, const tdn_finding *f, int64_t *id_out,
                          tdn_err *err);

typedef struct tdn_measure {
    int64_t id, session_id;
    char phase[10]; /* pre, post, followup */
    char kind[8];   /* nprs, ppt, rom, psfs */
    char site[65];  /* region, muscle, joint motion or PSFS activity */
    char side[2];   /* L, R, B */
    double value;
    char unit[8];   /* nprs, kg/cm2, deg, psfs */
    char motion[8]; /* active, passive (rom) or "" */
    int64_t recorded_at;
} tdn_measure;

/* Stores a measure already checked with tdn_measure_check (core/record.h). */
int tdn_store_measure_add(tdn_store *s, const tdn_act *act, const tdn_measure *m, int64_t *id_out,
                          tdn_err *err);

typedef struct tdn_adverse_event {
    int64_t id, session_id;
    int64_t needle_id; /* 0 = not tied to a needle; set by the store from needle_number */
    char kind[24];     /* bruising ... pneumothorax, other (core/record.h) */
    char severity[12]; /* mild, moderate, significant, serious */
    int64_t onset;     /* 0 = act->now */
    char action[TDN_TEXT_MAX + 1];
    bool resolved;
    char note[TDN_TEXT_MAX + 1]; /* incident note */
    int64_t recorded_at;
    int needle_number; /* on add: the needle's number (#N) in the session, 0 = none;
                          needle_id is what the store resolved it to */
} tdn_adverse_event;

/* Stores an adverse event of ae->session_id; refused (TDN_EINPUT) when the
 * needle is not that session's or the session already holds
 * TDN_SESSION_MAX_AES. */
int tdn_store_ae_add(tdn_store *s, const tdn_act *act, const tdn_adverse_event *ae, int64_t *id_out,
                     tdn_err *err);

typedef struct tdn_pain_entry {
    int64_t id, session_id, episode_id; /* one of the two is set */
    int64_t patient_id; /* 0 = any; else the session or episode must be this patient's */
    char region[32];
    char side[2];
    int intensity; /* 0-10, -1 = not given */
    int64_t recorded_at;
} tdn_pain_entry;

/* Adds a whole pain map of n regions in one transaction: all or nothing
 * (region codes checked by the caller; a region and side given twice is
 * refused); ids_out (may be NULL) gets n ids. */
int tdn_store_pain_map_add(tdn_store *s, const tdn_act *act, const tdn_pain_entry *map, size_t n,
                           int64_t *ids_out, tdn_err *err);
/* Adds one region of a pain map. */
int tdn_store_pain_add(tdn_store *s, const tdn_act *act, const tdn_pain_entry *p, int64_t *id_out,
                       tdn_err *err);

typedef struct tdn_diary_entry {
    int64_t id, patient_id;
    int64_t session_id; /* 0 = none */
    char day[11];       /* YYYY-MM-DD */
    int pain, soreness; /* 0-10 */
    char note[TDN_TEXT_MAX + 1];
    int64_t created;
} tdn_diary_entry;

int tdn_store_diary_add(tdn_store *s, const tdn_act *act, const tdn_diary_entry *d, int64_t *id_out,
                        tdn_err *err);

/* A patient's whole chart, each list oldest first. Findings, measures and
 * adverse events are those of all the patient's sessions (match them by
 * session_id). Free with tdn_chart_free. */
typedef struct tdn_chart {
    tdn_patient patient;
    tdn_consent *consents;
    size_t n_consents;
    tdn_screening *screenings;
    size_t n_screenings;
    tdn_episode *episodes;
    size_t n_episodes;
    tdn_session *sessions;
    size_t n_sessions;
    tdn_pain_entry *pains;
    size_t n_pains;
    tdn_finding *findings;
    size_t n_findings;
    tdn_measure *measures;
    size_t n_measures;
    tdn_adverse_event *aes;
    size_t n_aes;
    tdn_diary_entry *diary;
    size_t n_diary;
} tdn_chart;

/* Reads patient_id's chart into *out (audited as one chart read). */
int tdn_store_chart_read(tdn_store *s, const tdn_act *act, int64_t patient_id, tdn_chart *out,
                         tdn_err *err);
void tdn_chart_free(tdn_chart *c);

/* ---- audit ------------------------------------------------------------ */

typedef struct tdn_audit_entry {
    int64_t id;
    int64_t at;
    char actor[TDN_USERNAME_MAX + 1];
    char action[24]; /* create, change, read, export, login, login_failed, ... */
    char table[24];
    int64_t record_id;  /* 0 when none */
    int64_t patient_id; /* 0 when none */
    char detail[256];
} tdn_audit_entry;

/* Which page of the audit trail to read: newest first, ids below before. */
typedef struct tdn_audit_query {
    int64_t patient_id; /* 0 = every patient's and none */
    int64_t before;     /* 0 = from the newest; else only ids < before */
    int limit;          /* 1..TDN_AUDIT_PAGE_MAX rows; 0 = TDN_AUDIT_PAGE */
    const char *actor;  /* NULL or "" = anyone */
    const char *action; /* NULL or "" = any action */
} tdn_audit_query;
#define TDN_AUDIT_PAGE 100
#define TDN_AUDIT_PAGE_MAX 500

/* One page of the audit trail, newest first, read with an index (cost by
 * page, not by the size of the table). *next_before gets the id to pass as
 * before for the next (older) page, 0 when this is the last. Reading it is
 * itself audited, in the same short transaction. TDN_EINPUT for an unknown
 * patient or a limit out of range. */
int tdn_store_audit_page(tdn_store *s, const tdn_act *act, const tdn_audit_query *q,
                         tdn_audit_entry **out, size_t *n, int64_t *next_before, tdn_err *err);

/* ---- export ------------------------------------------------------------ */

/* Where an export goes: table() starts a table (its name and column names),
 * row() gives one row (values as text, NULL for none). Either returns TDN_OK
 * or an error status with err filled, which stops the export. */
typedef struct tdn_export_sink {
    void *ctx;
    int (*table)(void *ctx, const char *name, int ncols, const char *const *cols, tdn_err *err);
    int (*row)(void *ctx, int ncols, const char *const *values, tdn_err *err);
} tdn_export_sink;

/* Streams every record table (all of DESIGN §3 but login sessions and the
 * sign-in throttle; users without password hashes, API tokens without
 * their hashes) to sink, in one consistent read, and audits the
 * export. When the sink fails the audit row is not written. */
int tdn_store_export(tdn_store *s, const tdn_act *act, const tdn_export_sink *sink, tdn_err *err);
/* ---- clinic settings (key/value: screening_valid_days, timezone) ------- */

enum { TDN_SETTING_KEY_MAX = 64, TDN_SETTING_VALUE_MAX = 256 };

typedef struct tdn_setting {
    char key[TDN_SETTING_KEY_MAX + 1];
    char value[TDN_SETTING_VALUE_MAX + 1];
} tdn_setting;

/* The value of setting key into out (size cap); *found (may be NULL) tells
 * whether it is set (out is "" when not). Not audited (settings are not
 * patient data). */
int tdn_store_setting_get(tdn_store *s, const char *key, char *out, size_t cap, bool *found,
                          tdn_err *err);
/* Sets key to value (the caller has checked both: app/settings.h), audited
 * as a change of table setting with the key and value as detail. */
int tdn_store_setting_set(tdn_store *s, const tdn_act *act, const char *key, const char *value,
                          tdn_err *err);
/* Sets n settings in one transaction (all or none), each audited like
 * tdn_store_setting_set (the caller has checked them). */
int tdn_store_setting_set_many(tdn_store *s, const tdn_act *act, const tdn_setting *kv, size_t n,
                               tdn_err *err);
/* Every setting, ordered by key; free(*out). */
int tdn_store_setting_list(tdn_store *s, tdn_setting **out, size_t *n, tdn_err *err);

/* ---- the needling session (issue 5) ------------------------------------
 * A session's needling state is core/protocol's tdn_needling; these calls
 * load it and save what an event changed. Needles, overrides and adverse
 * events are appended or updated, never deleted. */
#include "core/protocol.h"

/* What opening a needling session needs to know about the patient. */
typedef struct tdn_needling_context {
    bool has_screening;
    int64_t screening_id;
    char decision[16]; /* go, caution, no_go, unscreened */
    int64_t screened_at;
    char *profile; /* the screening's profile JSON (owned) */
    char *reasons; /* its reasons JSON array ({rule, level, detail, region}) (owned) */
    bool has_consent;
    int64_t consented_at;
    bool consent_by_patient, consent_by_guardian; /* who has consented, ever */
    char birth[11];                               /* the patient's, YYYY-MM-DD */
    int64_t
        consent_withdrawn_at; /* no consent in force and the latest was withdrawn then; 0 = no */
} tdn_needling_context;

/* The latest screening and consent of patient_id (not audited: the session open that uses it is).
 * Free the texts with tdn_needling_context_free (also after an error: it is then empty). */
int tdn_store_needling_context(tdn_store *s, int64_t patient_id, tdn_needling_context *out,
                               tdn_err *err);
void tdn_needling_context_free(tdn_needling_context *c);

/* A session row with its needling state, as loaded. */
typedef struct tdn_needling_record {
    tdn_session session;
    int64_t rev; /* revision when loaded: a save checks nobody saved since */
    tdn_needling needling;
} tdn_needling_record;

/* Opens a session like tdn_store_session_open and stores the needling state
 * n computed by core (tdn_session_open: state, why not screened, blocked and
 * planned regions) and screening_id (0 = none), in one transaction. */
int tdn_store_needling_open(tdn_store *s, const tdn_act *act, const tdn_session *in,
                            int64_t screening_id, const tdn_needling *n, int64_t *id_out,
                            tdn_err *err);
/* Loads session_id with its needles, overrides and adverse events (audited as
 * a read). TDN_EINPUT when there is no such session. */
int tdn_store_needling_load(tdn_store *s, const tdn_act *act, int64_t session_id,
                            tdn_needling_record *out, tdn_err *err);
/* Who reads a session through tdn_store_needling_load_as: a patient login
 * only their own sessions (patient_id > 0), the front desk only the sessions
 * of today's list, opened in [opened_from, opened_to) (opened_to > 0). A zero
 * field sets no limit. */
typedef struct tdn_session_reader {
    int64_t patient_id;
    int64_t opened_from, opened_to;
} tdn_session_reader;
/* tdn_store_needling_load for a limited reader. A session outside the
 * reader's limits is audited as "denied" with the reason (not as a read),
 * out is left zeroed, and the answer is TDN_EINPUT "session: no session with
 * id N", the same as for a session that does not exist. */
int tdn_store_needling_load_as(tdn_store *s, const tdn_act *act, int64_t session_id,
                               const tdn_session_reader *reader, tdn_needling_record *out,
                               tdn_err *err);

/* What else a save writes: the audit detail, and on close the CPT code, the
 * note and the handout text (NULL = leave as is). */
typedef struct tdn_needling_change {
    const char *detail; /* "needle in #3 upper_trapezius R" */
    const char *cpt, *note, *handout;
} tdn_needling_change;

/* Saves after (the result of core events applied to before->needling) in one
 * transaction: session state and times, new and changed needles, new
 * overrides and adverse events, one audit row. TDN_EINPUT when the session
 * was saved by someone else since before was loaded (nothing written). */
int tdn_store_needling_save(tdn_store *s, const tdn_act *act, const tdn_needling_record *before,
                            const tdn_needling *after, const tdn_needling_change *ch, tdn_err *err);
/* The stored note and handout text of a closed session ("" before closing);
 * malloc'd, free() them. Not audited (the caller loaded the session). */
int tdn_store_needling_texts(tdn_store *s, int64_t session_id, char **note, char **handout,
                             tdn_err *err);

/* ---- the signed session note (schema 006) --------------------------------
 * The clinician's text beside the generated note, the sign-off and addenda.
 * The lock rules are core/note.h's (tdn_note_check_*), checked inside the
 * transaction: a signed note is never changed (TDN_EINPUT "...refused..."). */

#define TDN_NOTE_TEXT_MAX 8000

typedef struct tdn_note_addendum {
    int64_t id, session_id;
    char *text; /* owned */
    int64_t created;
    char author[TDN_USERNAME_MAX + 1];
    char author_name[TDN_SIGNER_MAX + 1];
} tdn_note_addendum;

typedef struct tdn_note_record {
    int64_t session_id;
    char *subjective, *objective, *assessment, *plan; /* owned, "" when not written */
    int64_t updated_at;                               /* 0 = never edited */
    char updated_by[TDN_USERNAME_MAX + 1];
    int64_t signed_at; /* 0 = not signed */
    char signed_by[TDN_USERNAME_MAX + 1];
    char signer[TDN_SIGNER_MAX + 1];
    char *signed_text; /* owned; the note as signed, "" when not signed */
    tdn_note_addendum *addenda;
    size_t n_addenda;
} tdn_note_record;

/* The clinician's text (NULL = leave as it is). */
typedef struct tdn_note_text {
    const char *subjective, *objective, *assessment, *plan;
} tdn_note_text;

/* Reads the note record of session_id (all empty when nothing was written
 * yet; audited as a read). Free with tdn_note_record_free. */
int tdn_store_note_get(tdn_store *s, const tdn_act *act, int64_t session_id, tdn_note_record *out,
                       tdn_err *err);
void tdn_note_record_free(tdn_note_record *r);
/* Saves the clinician's text (each at most TDN_NOTE_TEXT_MAX bytes); refused
 * once the note is signed (rule note.edit). Audited. */
int tdn_store_note_edit(tdn_store *s, const tdn_act *act, int64_t session_id,
                        const tdn_note_text *t, tdn_err *err);
/* Signs the note: signer ("Dr Jane Lee, PT, DPT") and text (the whole note as
 * signed) are kept; refused when already signed or the session is not closed
 * or aborted (rule note.sign). Audited. */
int tdn_store_note_sign(tdn_store *s, const tdn_act *act, int64_t session_id, const char *signer,
                        const char *text, tdn_err *err);
/* Adds an addendum to a signed note (rule note.addendum), by act->actor with
 * author_name as the signature. Audited. */
int tdn_store_note_addendum(tdn_store *s, const tdn_act *act, int64_t session_id,
                            const char *author_name, const char *text, int64_t *id_out,
                            tdn_err *err);

/* Reports, exports and tokens, and the patient portal and front desk, are
 * declared in their own headers under the same contract. */
#include "store/store_exchange.h"
#include "store/store_portal.h"

#endif
