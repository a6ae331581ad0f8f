/* intake.c — intake submissions and their review between JSON and the
 * store (intake.h). Checks come from core (core/intake.h, body.h); the
 * screening from app/screening.h; storing from the store. */
#include "app/intake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/screen_json.h"
#include "app/screening.h"
#include "core/body.h"

/* answers and places objects into *a, keys checked against the form. */
static int parse_answers(const tdn_intake_form *f, json_t *answers, json_t *places,
                         tdn_intake_answers *a, tdn_err *err)
{
    const char *key;
    json_t *v;
    if (answers && !json_is_object(answers))
        return tdn_err_set(err, TDN_EINPUT, "answers: must be an object");
    if (places && !json_is_object(places))
        return tdn_err_set(err, TDN_EINPUT, "places: must be an object");
    json_object_foreach(answers, key, v)
    {
        int i = tdn_intake_find(f, key);
        if (i < 0) return tdn_err_set(err, TDN_EINPUT, "answers.%.32s: no such question", key);
        tdn_intake_item before = a->items[i]; /* a "yes" confirmed keeps its place */
        int rc = tdn_intake_answer_parse(&f->q[i], json_string_value(v), &a->items[i], err);
        if (rc) return rc;
        if (a->items[i].answer == TDN_IA_YES && before.has_where) {
            a->items[i].has_where = true;
            a->items[i].where = before.where;
        }
    }
    json_object_foreach(places, key, v)
    {
        int i = tdn_intake_find(f, key);
        if (i < 0 || f->q[i].kind == TDN_IQ_YES_NO || f->q[i].kind == TDN_IQ_PREGNANCY)
            return tdn_err_set(err, TDN_EINPUT, "places.%.32s: this question has no place", key);
        tdn_pain p;
        if (!json_is_string(v) || tdn_pain_parse(json_string_value(v), &p, err))
            return tdn_err_set(err, TDN_EINPUT, "places.%.32s: choose a body region and side", key);
        if (a->items[i].answer == TDN_IA_YES) {
            a->items[i].has_where = true;
            a->items[i].where = (tdn_screen_site){(short)p.region, p.side};
        }
    }
    return TDN_OK;
}

/* answers (and places) of *a as JSON objects, normalised. */
static void answers_json(const tdn_intake_form *f, const tdn_intake_answers *a, json_t **answers,
                         json_t **places)
{
    *answers = json_object();
    *places = json_object();
    for (int i = 0; i < f->n; i++) {
        const tdn_intake_item *it = &a->items[i];
        json_object_set_new(*answers, f->q[i].id,
                            json_string(tdn_intake_answer_word(&f->q[i], it)));
        char site[48];
        if (it->has_where)
            json_object_set_new(*places, f->q[i].id,
                                json_string(tdn_screen_site_str(it->where, site, sizeof site)));
    }
}

static int check_pains(json_t *pains, tdn_err *err)
{
    if (!pains) return TDN_OK;
    if (!json_is_array(pains) || json_array_size(pains) > TDN_INTAKE_MAX_PAINS)
        return tdn_err_set(err, TDN_EINPUT, "pains: a list of at most %d places",
                           TDN_INTAKE_MAX_PAINS);
    size_t i;
    json_t *v;
    json_array_foreach(pains, i, v)
    {
        tdn_pain p;
        tdn_err e = {0};
        if (!json_is_string(v) || tdn_pain_parse(json_string_value(v), &p, &e))
            return tdn_err_set(err, TDN_EINPUT, "pains[%zu]: %s", i,
                               e.msg[0] ? e.msg : "must be region:side=0-10");
        if (p.intensity < 0)
            return tdn_err_set(err, TDN_EINPUT, "pains[%zu]: say how much it hurts (0-10)", i);
    }
    return TDN_OK;
}

static int check_goals(json_t *goals, tdn_err *err)
{
    if (!goals) return TDN_OK;
    if (!json_is_array(goals) || json_array_size(goals) > TDN_INTAKE_MAX_GOALS)
        return tdn_err_set(err, TDN_EINPUT, "goals: a list of at most %d activities",
                           TDN_INTAKE_MAX_GOALS);
    size_t i;
    json_t *g;
    json_array_foreach(goals, i, g)
    {
        const char *act = json_string_value(json_object_get(g, "activity"));
        json_t *score = json_object_get(g, "score");
        if (!act || !*act || strlen(act) > TDN_INTAKE_ACTIVITY_MAX)
            return tdn_err_set(err, TDN_EINPUT, "goals[%zu].activity: 1 to %d characters", i,
                               TDN_INTAKE_ACTIVITY_MAX);
        if (!json_is_integer(score) || json_integer_value(score) < 0 ||
            json_integer_value(score) > 10)
            return tdn_err_set(err, TDN_EINPUT, "goals[%zu].score: a whole number 0-10", i);
    }
    return TDN_OK;
}

static char *dump(json_t *v)
{
    return json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
}

int tdn_intake_submit(tdn_store *s, const tdn_act *act, const tdn_intake_form *f,
                      int64_t patient_id, json_t *sub, int64_t *id, tdn_err *err)
{
    tdn_intake_answers *a = calloc(1, sizeof *a);
    if (!a) return tdn_err_set(err, TDN_ESYS, "intake: out of memory");
    json_t *pains = json_object_get(sub, "pains"), *goals = json_object_get(sub, "goals");
    int rc =
        parse_answers(f, json_object_get(sub, "answers"), json_object_get(sub, "places"), a, err);
    if (!rc) rc = tdn_intake_check(f, a, false, err);
    if (!rc) rc = check_pains(pains, err);
    if (!rc) rc = check_goals(goals, err);
    json_t *aj = NULL, *pj = NULL;
    if (!rc) answers_json(f, a, &aj, &pj);
    json_t *empty = json_array();
    char *t[4] = {aj ? dump(aj) : NULL, pj ? dump(pj) : NULL, dump(pains ? pains : empty),
                  dump(goals ? goals : empty)};
    if (!rc && (!t[0] || !t[1] || !t[2] || !t[3]))
        rc = tdn_err_set(err, TDN_ESYS, "intake: out of memory");
    if (!rc) rc = tdn_store_intake_add(s, act, patient_id, t[0], t[1], t[2], t[3], id, err);
    for (int i = 0; i < 4; i++)
        free(t[i]);
    json_decref(aj);
    json_decref(pj);
    json_decref(empty);
    free(a);
    return rc;
}

/* The planned regions of a confirmation, or the regions of the pain map. */
static int planned_regions(json_t *given, const char *pains_text, tdn_screen_profile *p,
                           tdn_err *err)
{
    json_t *pains = given ? NULL : json_loads(pains_text, 0, NULL);
    json_t *list = given ? given : pains;
    size_t i;
    json_t *v;
    int rc = TDN_OK;
    json_array_foreach(list, i, v)
    {
        tdn_pain pain;
        tdn_err e = {0};
        if (!json_is_string(v) || tdn_pain_parse(json_string_value(v), &pain, &e)) {
            rc = tdn_err_set(err, TDN_EINPUT, "planned_regions[%zu]: %s", i,
                             e.msg[0] ? e.msg : "must be region:side");
            break;
        }
        tdn_screen_site site = {(short)pain.region, pain.side};
        bool dup = false;
        for (int k = 0; k < p->n_planned; k++)
            dup |= p->planned[k].region == site.region && p->planned[k].side == site.side;
        if (!dup && p->n_planned < TDN_SCREEN_MAX_SITES) p->planned[p->n_planned++] = site;
    }
    json_decref(pains);
    return rc;
}

/* The profile JSON of confirmed answers a and the planned regions; age and
 * consent are left to the record (app/screening.h completes them). */
static char *profile_text(const tdn_intake_form *f, const tdn_intake_answers *a, json_t *planned,
                          const char *pains, tdn_err *err)
{
    tdn_screen_profile p;
    memset(&p, 0, sizeof p);
    tdn_intake_to_profile(f, a, &p);
    if (planned_regions(planned, pains, &p, err)) return NULL;
    json_t *j = tdn_screen_profile_json(&p);
    json_object_del(j, "age");
    json_object_del(j, "consent");
    char *text = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(j);
    if (!text) tdn_err_set(err, TDN_ESYS, "intake: out of memory");
    return text;
}

static int confirm_record(tdn_store *s, const tdn_act *act, const tdn_intake_form *f,
                          const tdn_screen_rules *rules, const tdn_kb *kb,
                          const tdn_intake_record *r, json_t *conf, tdn_intake_answers *a,
                          json_t **result, tdn_err *err)
{
    json_t *pa = json_loads(r->answers, 0, NULL), *pp = json_loads(r->places, 0, NULL);
    int rc = parse_answers(f, pa, pp, a, err); /* the patient's, then the clinician's */
    json_decref(pa);
    json_decref(pp);
    if (!rc)
        rc = parse_answers(f, json_object_get(conf, "answers"), json_object_get(conf, "places"), a,
                           err);
    if (!rc) rc = tdn_intake_check(f, a, true, err);
    char *profile =
        rc ? NULL : profile_text(f, a, json_object_get(conf, "planned_regions"), r->pains, err);
    if (!rc && !profile) rc = err->status ? err->status : TDN_ESYS;
    tdn_screening_judged j = {0};
    if (!rc)
        rc = tdn_screening_judge(s, act, rules, kb, r->patient_id, profile, strlen(profile), &j,
                                 err);
    free(profile);
    json_t *aj = NULL, *pj = NULL;
    char *ct = NULL, *cp = NULL;
    if (!rc) answers_json(f, a, &aj, &pj);
    if (!rc && (!(ct = dump(aj)) || !(cp = dump(pj))))
        rc = tdn_err_set(err, TDN_ESYS, "intake: out of memory");
    int64_t sid = 0;
    if (!rc)
        rc = tdn_store_intake_review(s, act, r->id, ct, cp, j.profile, j.decision, j.reasons, &sid,
                                     err);
    if (!rc && result) {
        json_object_set_new(j.result, "id", json_integer(sid));
        *result = json_incref(j.result);
    }
    free(ct);
    free(cp);
    json_decref(aj);
    json_decref(pj);
    tdn_screening_judged_free(&j);
    return rc;
}

int tdn_intake_confirm(tdn_store *s, const tdn_act *act, const tdn_intake_form *f,
                       const tdn_screen_rules *rules, const tdn_kb *kb, int64_t patient_id,
                       json_t *conf, json_t **result, tdn_err *err)
{
    tdn_intake_record r;
    bool found = false;
    int rc = tdn_store_intake_latest(s, act, patient_id, &r, &found, err);
    if (rc) return rc;
    if (!found || strcmp(r.status, "pending")) {
        tdn_intake_record_free(&r);
        return tdn_err_set(err, TDN_EINPUT,
                           "intake: refused: patient %lld has no intake waiting "
                           "for review",
                           (long long)patient_id);
    }
    tdn_intake_answers *a = calloc(1, sizeof *a);
    rc = a ? confirm_record(s, act, f, rules, kb, &r, conf, a, result, err)
           : tdn_err_set(err, TDN_ESYS, "intake: out of memory");
    free(a);
    tdn_intake_record_free(&r);
    return rc;
}

static json_t *str_or_null(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_incref(v) : json_null();
}

json_t *tdn_intake_json(const tdn_intake_form *f, const tdn_intake_record *r)
{
    static const char *const kinds[] = {"yes_no", "where", "where_optional", "pregnancy"};
    json_t *pa = json_loads(r->answers, 0, NULL), *pp = json_loads(r->places, 0, NULL);
    json_t *ca = r->confirmed[0] ? json_loads(r->confirmed, 0, NULL) : NULL;
    json_t *cp = r->confirmed_places[0] ? json_loads(r->confirmed_places, 0, NULL) : NULL;
    json_t *items = json_array();
    for (int i = 0; i < f->n; i++)
        json_array_append_new(
            items, json_pack("{s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o}", "id", f->q[i].id, "question",
                             f->q[i].question, "help", f->q[i].help, "kind", kinds[f->q[i].kind],
                             "patient", str_or_null(pa, f->q[i].id), "patient_place",
                             str_or_null(pp, f->q[i].id), "confirmed", str_or_null(ca, f->q[i].id),
                             "confirmed_place", str_or_null(cp, f->q[i].id)));
    json_decref(pa);
    json_decref(pp);
    json_decref(ca);
    json_decref(cp);
    json_t *pains = json_loads(r->pains, 0, NULL), *goals = json_loads(r->goals, 0, NULL);
    return json_pack("{s:I,s:I,s:s,s:I,s:s,s:I,s:s,s:o,s:o,s:o,s:o}", "id", (json_int_t)r->id,
                     "patient", (json_int_t)r->patient_id, "status", r->status, "submitted_at",
                     (json_int_t)r->submitted_at, "submitted_by", r->submitted_by, "reviewed_at",
                     (json_int_t)r->reviewed_at, "reviewed_by", r->reviewed_by, "screening",
                     r->screening_id ? json_integer(r->screening_id) : json_null(), "items", items,
                     "pains", pains ? pains : json_array(), "goals", goals ? goals : json_array());
}

json_t *tdn_intake_form_json(const tdn_intake_form *f)
{
    static const char *const kinds[] = {"yes_no", "where", "where_optional", "pregnancy"};
    json_t *a = json_array();
    for (int i = 0; i < f->n; i++) {
        json_t *fills = json_array();
        for (int k = 0; k < f->q[i].n_fills; k++) {
            const tdn_intake_fill *x = &f->q[i].fills[k];
            char t[64];
            snprintf(t, sizeof t, "%s%s%s",
                     x->vocab == TDN_VOCAB_CONDITION ? "condition:"
                     : x->vocab == TDN_VOCAB_LOCAL   ? "local:"
                                                     : "pregnancy",
                     x->vocab == TDN_VOCAB_PREGNANCY ? ""
                                                     : tdn_screen_vocab_name(x->vocab, x->index),
                     "");
            json_array_append_new(fills, json_string(t));
        }
        json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:s,s:o,s:s}", "id", f->q[i].id,
                                           "question", f->q[i].question, "help", f->q[i].help,
                                           "kind", kinds[f->q[i].kind], "fills", fills, "source",
                                           f->q[i].source));
    }
    return a;
}
