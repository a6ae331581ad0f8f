/* sqlite_record.c — the patient-level parts of the record in the SQLite
 * store (store.h): consent, screening, episode (condition, goals, plan of
 * care), pain-map entries and the patient's diary. Each call is one
 * transaction with its audit row. */
#include <string.h>

#include "store/sqlite_int.h"

static bool one_of(const char *v, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(v, *set) == 0) return true;
    return false;
}

static int insert_consent(tdn_store *s, const tdn_act *act, const tdn_consent *c, int64_t *id,
                          tdn_err *err)
{
    int rc = tdn_sq_patient_of(s, "patient", c->patient_id, NULL, err);
    if (!rc)
        rc = tdn_sq_insert(s, err, id,
                           "INSERT INTO consent (patient_id, given_by, given_at, recorded_by) "
                           "VALUES (?1, ?2, ?3, ?4)",
                           "isis", c->patient_id, c->given_by, act->now, act->actor);
    if (!rc) rc = tdn_sq_audit(s, act, "create", "consent", *id, c->patient_id, c->given_by, err);
    return rc;
}

int tdn_store_consent_add(tdn_store *s, const tdn_act *act, const tdn_consent *c, int64_t *id_out,
                          tdn_err *err)
{
    static const char *const by[] = {"patient", "guardian", NULL};
    if (!one_of(c->given_by, by))
        return tdn_err_set(err, TDN_EINPUT, "--by: '%s' must be patient or guardian", c->given_by);
    int64_t id = 0;
    int rc = tdn_sq_begin(s, err);
    if (!rc) rc = tdn_sq_end(s, insert_consent(s, act, c, &id, err), err);
    if (!rc && id_out) *id_out = id;
    return rc;
}

int tdn_sq_screening_insert(tdn_store *s, const tdn_act *act, int64_t patient_id,
                            const char *profile, const char *decision, const char *reasons,
                            int64_t *id, tdn_err *err)
{
    int rc = tdn_sq_patient_of(s, "patient", patient_id, NULL, err);
    if (!rc)
        rc = tdn_sq_insert(s, err, id,
                           "INSERT INTO screening (patient_id, profile, decision, reasons, "
                           "created, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           "isssis", patient_id, profile, decision, reasons ? reasons : "[]",
                           act->now, act->actor);
    if (!rc) rc = tdn_sq_audit(s, act, "create", "screening", *id, patient_id, decision, err);
    return rc;
}

int tdn_store_screening_add(tdn_store *s, const tdn_act *act, int64_t patient_id,
                            const char *profile, const char *decision, const char *reasons,
                            int64_t *id_out, tdn_err *err)
{
    static const char *const decisions[] = {"go", "caution", "no_go", "unscreened", NULL};
    if (!decision || !one_of(decision, decisions))
        return tdn_err_set(err, TDN_EINPUT,
                           "decision: '%s' must be go, caution, no_go or unscreened",
                           decision ? decision : "");
    int rc = tdn_sq_check_len("profile", profile, 65536, true, err);
    if (!rc) rc = tdn_sq_check_len("reasons", reasons, 65536, false, err);
    if (rc) return rc;
    int64_t id = 0;
    if (!(rc = tdn_sq_begin(s, err)))
        rc = tdn_sq_end(
            s, tdn_sq_screening_insert(s, act, patient_id, profile, decision, reasons, &id, err),
            err);
    if (!rc && id_out) *id_out = id;
    return rc;
}

static int insert_episode(tdn_store *s, const tdn_act *act, const tdn_episode *e, int64_t *id,
                          tdn_err *err)
{
    int rc = tdn_sq_patient_of(s, "patient", e->patient_id, NULL, err);
    if (!rc)
        rc = tdn_sq_insert(s, err, id,
                           "INSERT INTO episode (patient_id, condition, icd10, goals, plan, "
                           "opened, side, site) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                           "issssiss", e->patient_id, e->condition, e->icd10, e->goals, e->plan,
                           act->now, e->side, e->site);
    if (!rc) rc = tdn_sq_audit(s, act, "create", "episode", *id, e->patient_id, e->condition, err);
    return rc;
}

int tdn_store_episode_open(tdn_store *s, const tdn_act *act, const tdn_episode *e, int64_t *id_out,
                           tdn_err *err)
{
    int rc = tdn_sq_check_len("--condition", e->condition, sizeof e->condition - 1, true, err);
    if (!rc) rc = tdn_sq_check_len("icd10", e->icd10, sizeof e->icd10 - 1, true, err);
    if (!rc) rc = tdn_sq_check_len("side", e->side, sizeof e->side - 1, false, err);
    if (!rc) rc = tdn_sq_check_len("site", e->site, sizeof e->site - 1, false, err);
    if (!rc && *e->side && !strchr("RLB", e->side[0]))
        rc = tdn_err_set(err, TDN_EINPUT, "side: '%s' must be R, L or B", e->side);
    if (rc) return rc;
    int64_t id = 0;
    if (!(rc = tdn_sq_begin(s, err))) rc = tdn_sq_end(s, insert_episode(s, act, e, &id, err), err);
    if (!rc && id_out) *id_out = id;
    return rc;
}

/* The patient a pain entry belongs to, through its session or episode. */
static int pain_owner(tdn_store *s, const tdn_pain_entry *p, int64_t *patient_id, tdn_err *err)
{
    if (!p->session_id == !p->episode_id)
        return tdn_err_set(err, TDN_EINPUT, "pain map: give a session or an episode (one of them)");
    const char *what = p->session_id ? "session" : "episode";
    int rc =
        tdn_sq_patient_of(s, what, p->session_id ? p->session_id : p->episode_id, patient_id, err);
    if (!rc && p->patient_id && *patient_id != p->patient_id)
        rc = tdn_err_set(err, TDN_EINPUT, "%s: %s %lld is not patient %lld's", what, what,
                         (long long)(p->session_id ? p->session_id : p->episode_id),
                         (long long)p->patient_id);
    return rc;
}

static int insert_pain(tdn_store *s, const tdn_act *act, const tdn_pain_entry *p, int64_t *id,
                       tdn_err *err)
{
    int64_t patient = 0;
    int rc = pain_owner(s, p, &patient, err);
    if (!rc)
        rc = tdn_sq_insert(s, err, id,
                           "INSERT INTO pain_map (session_id, episode_id, region, side, intensity, "
                           "recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           "nnssoi", p->session_id, p->episode_id, p->region, p->side,
                           (int64_t)p->intensity, act->now);
    if (!rc) rc = tdn_sq_audit(s, act, "create", "pain_map", *id, patient, p->region, err);
    return rc;
}

static int pain_check(const tdn_pain_entry *p, tdn_err *err)
{
    static const char *const sides[] = {"L", "R", "B", NULL};
    int rc = tdn_sq_check_len("region", p->region, sizeof p->region - 1, true, err);
    if (rc) return rc;
    if (!one_of(p->side, sides))
        return tdn_err_set(err, TDN_EINPUT, "side: '%s' must be L, R or B", p->side);
    if (p->intensity < -1 || p->intensity > 10)
        return tdn_err_set(err, TDN_EINPUT, "intensity: %d is not 0-10", p->intensity);
    return TDN_OK;
}

int tdn_store_pain_map_add(tdn_store *s, const tdn_act *act, const tdn_pain_entry *map, size_t n,
                           int64_t *ids_out, tdn_err *err)
{
    if (n == 0) return tdn_err_set(err, TDN_EINPUT, "pains: the pain map is empty");
    for (size_t i = 0; i < n; i++) {
        int rc = pain_check(&map[i], err);
        if (rc) return rc;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(map[j].region, map[i].region) && !strcmp(map[j].side, map[i].side))
                return tdn_err_set(err, TDN_EINPUT, "region: %s:%s given twice", map[i].region,
                                   map[i].side);
    }
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    for (size_t i = 0; i < n && !rc; i++) {
        int64_t id = 0;
        rc = insert_pain(s, act, &map[i], &id, err);
        if (!rc && ids_out) ids_out[i] = id;
    }
    return tdn_sq_end(s, rc, err);
}

int tdn_store_pain_add(tdn_store *s, const tdn_act *act, const tdn_pain_entry *p, int64_t *id_out,
                       tdn_err *err)
{
    return tdn_store_pain_map_add(s, act, p, 1, id_out, err);
}

static int insert_diary(tdn_store *s, const tdn_act *act, const tdn_diary_entry *d, int64_t *id,
                        tdn_err *err)
{
    int rc = tdn_sq_patient_of(s, "patient", d->patient_id, NULL, err);
    int64_t owner = d->patient_id;
    if (!rc && d->session_id) rc = tdn_sq_patient_of(s, "session", d->session_id, &owner, err);
    if (!rc && owner != d->patient_id)
        rc = tdn_err_set(err, TDN_EINPUT, "session: session %lld is not this patient's",
                         (long long)d->session_id);
    if (!rc)
        rc = tdn_sq_insert(s, err, id,
                           "INSERT INTO diary (patient_id, session_id, day, pain, soreness, note, "
                           "created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                           "insiisi", d->patient_id, d->session_id, d->day, (int64_t)d->pain,
                           (int64_t)d->soreness, d->note, act->now);
    if (!rc) rc = tdn_sq_audit(s, act, "create", "diary", *id, d->patient_id, d->day, err);
    return rc;
}

int tdn_store_diary_add(tdn_store *s, const tdn_act *act, const tdn_diary_entry *d, int64_t *id_out,
                        tdn_err *err)
{
    if (strlen(d->day) != 10) return tdn_err_set(err, TDN_EINPUT, "day: needs YYYY-MM-DD");
    if (d->pain < 0 || d->pain > 10)
        return tdn_err_set(err, TDN_EINPUT, "pain: %d is not 0-10", d->pain);
    if (d->soreness < 0 || d->soreness > 10)
        return tdn_err_set(err, TDN_EINPUT, "soreness: %d is not 0-10", d->soreness);
    int64_t id = 0;
    int rc = tdn_sq_begin(s, err);
    if (!rc) rc = tdn_sq_end(s, insert_diary(s, act, d, &id, err), err);
    if (!rc && id_out) *id_out = id;
    return rc;
}
