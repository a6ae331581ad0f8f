/* record_json.c — JSON shapes of the clinical record (see record_json.h). */
#include "app/record_json.h"

/* An id as JSON: null when 0 (not set). */
static json_t *id_or_null(int64_t id)
{
    return id ? json_integer((json_int_t)id) : json_null();
}

json_t *tdn_patient_json(const tdn_patient *p)
{
    return json_pack("{s:I, s:s, s:s, s:o, s:I}", "id", (json_int_t)p->id, "name", p->name, "birth",
                     p->birth, "sex", *p->sex ? json_string(p->sex) : json_null(), "created",
                     (json_int_t)p->created);
}

json_t *tdn_user_json(const tdn_user *u)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:i, s:I, s:I}", "id", (json_int_t)u->id,
                     "username", u->username, "display_name", u->display, "credentials",
                     u->credentials, "role", u->role, "patient_id", id_or_null(u->patient_id),
                     "failed_logins", u->failed_logins, "locked_until", (json_int_t)u->locked_until,
                     "created", (json_int_t)u->created);
}

json_t *tdn_consent_json(const tdn_consent *c)
{
    return json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:s, s:I, s:I}", "id", (json_int_t)c->id,
                     "patient_id", (json_int_t)c->patient_id, "by", c->given_by, "given_at",
                     (json_int_t)c->given_at, "recorded_by", c->recorded_by, "signed_name",
                     c->signed_name, "account", c->account, "text_version",
                     (json_int_t)c->text_version, "withdrawn_at", (json_int_t)c->withdrawn_at);
}

/* Parsed JSON text, or the text itself as a string when it does not parse. */
static json_t *json_text(const char *text)
{
    json_t *v = json_loads(text ? text : "null", JSON_DECODE_ANY, NULL);
    return v ? v : json_string(text);
}

json_t *tdn_screening_json(const tdn_screening *x)
{
    return json_pack("{s:I, s:I, s:s, s:o, s:o, s:I, s:s}", "id", (json_int_t)x->id, "patient_id",
                     (json_int_t)x->patient_id, "decision", x->decision, "reasons",
                     json_text(x->reasons), "profile", json_text(x->profile), "created",
                     (json_int_t)x->created, "recorded_by", x->recorded_by);
}

json_t *tdn_episode_json(const tdn_episode *e)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:I, s:o, s:s, s:s}", "id", (json_int_t)e->id,
                     "patient_id", (json_int_t)e->patient_id, "condition", e->condition, "icd10",
                     e->icd10, "goals", e->goals, "plan", e->plan, "opened", (json_int_t)e->opened,
                     "closed", id_or_null(e->closed), "side", e->side, "site", e->site);
}

json_t *tdn_session_json(const tdn_session *x)
{
    return json_pack("{s:I, s:I, s:o, s:s, s:s, s:I, s:o, s:o, s:o}", "id", (json_int_t)x->id,
                     "patient_id", (json_int_t)x->patient_id, "episode_id",
                     id_or_null(x->episode_id), "clinician", x->clinician, "state", x->state,
                     "opened_at", (json_int_t)x->opened_at, "closed_at", id_or_null(x->closed_at),
                     "screening_id", id_or_null(x->screening_id), "cpt",
                     *x->cpt ? json_string(x->cpt) : json_null());
}

json_t *tdn_pain_json(const tdn_pain_entry *p)
{
    return json_pack("{s:I, s:o, s:o, s:s, s:s, s:o, s:I}", "id", (json_int_t)p->id, "session_id",
                     id_or_null(p->session_id), "episode_id", id_or_null(p->episode_id), "region",
                     p->region, "side", p->side, "intensity",
                     p->intensity >= 0 ? json_integer(p->intensity) : json_null(), "recorded_at",
                     (json_int_t)p->recorded_at);
}

json_t *tdn_finding_json(const tdn_finding *f)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:b, s:b, s:b, s:b, s:I}", "id", (json_int_t)f->id,
                     "session_id", (json_int_t)f->session_id, "muscle", f->muscle, "side", f->side,
                     "type", f->tp_type, "taut_band", f->taut_band, "spot", f->spot, "ltr", f->ltr,
                     "referred", f->referred, "recorded_at", (json_int_t)f->recorded_at);
}

json_t *tdn_measure_json(const tdn_measure *m)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:f, s:s, s:o, s:I}", "id", (json_int_t)m->id,
                     "session_id", (json_int_t)m->session_id, "phase", m->phase, "kind", m->kind,
                     "site", m->site, "side", m->side, "value", m->value, "unit", m->unit, "motion",
                     *m->motion ? json_string(m->motion) : json_null(), "recorded_at",
                     (json_int_t)m->recorded_at);
}

json_t *tdn_ae_json(const tdn_adverse_event *a)
{
    return json_pack("{s:I, s:I, s:o, s:s, s:s, s:I, s:s, s:b, s:s, s:I}", "id", (json_int_t)a->id,
                     "session_id", (json_int_t)a->session_id, "needle_id", id_or_null(a->needle_id),
                     "kind", a->kind, "severity", a->severity, "onset", (json_int_t)a->onset,
                     "action", a->action, "resolved", a->resolved, "note", a->note, "recorded_at",
                     (json_int_t)a->recorded_at);
}

json_t *tdn_diary_json(const tdn_diary_entry *d)
{
    return json_pack("{s:I, s:I, s:o, s:s, s:i, s:i, s:s, s:I}", "id", (json_int_t)d->id,
                     "patient_id", (json_int_t)d->patient_id, "session_id",
                     id_or_null(d->session_id), "day", d->day, "pain", d->pain, "soreness",
                     d->soreness, "note", d->note, "created", (json_int_t)d->created);
}

json_t *tdn_audit_json(const tdn_audit_entry *a)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:o, s:s}", "id", (json_int_t)a->id, "at",
                     (json_int_t)a->at, "actor", a->actor, "action", a->action, "table", a->table,
                     "record_id", id_or_null(a->record_id), "patient_id", id_or_null(a->patient_id),
                     "detail", a->detail);
}

static void put_list(json_t *o, const char *key, json_t *a)
{
    json_object_set_new(o, key, a ? a : json_array());
}

json_t *tdn_chart_json(const tdn_chart *c)
{
    json_t *o = json_object(), *a;
    json_object_set_new(o, "patient", tdn_patient_json(&c->patient));
#define PUT(key, field, count, fn)                                                                 \
    a = json_array();                                                                              \
    for (size_t i = 0; i < c->count; i++)                                                          \
        json_array_append_new(a, fn(&c->field[i]));                                                \
    put_list(o, key, a)
    PUT("consents", consents, n_consents, tdn_consent_json);
    PUT("screenings", screenings, n_screenings, tdn_screening_json);
    PUT("episodes", episodes, n_episodes, tdn_episode_json);
    PUT("sessions", sessions, n_sessions, tdn_session_json);
    PUT("pain_map", pains, n_pains, tdn_pain_json);
    PUT("findings", findings, n_findings, tdn_finding_json);
    PUT("measures", measures, n_measures, tdn_measure_json);
    PUT("adverse_events", aes, n_aes, tdn_ae_json);
    PUT("diary", diary, n_diary, tdn_diary_json);
#undef PUT
    return o;
}
