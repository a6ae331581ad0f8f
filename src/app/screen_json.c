/* screen_json.c — screening profile JSON -> tdn_screen_profile, and results
 * back to JSON (see screen_json.h). Every error names the field path. */
#include "app/screen_json.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/body.h"

#define SHOW 40 /* at most this many characters of a bad value are echoed */

static int fail(tdn_err *err, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(tdn_err *err, const char *path, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return tdn_err_set(err, TDN_EINPUT, "%s: %s", path, msg);
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
        return "a whole number";
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    default:
        return "null";
    }
}

static const char *closest_key(const char *key, const char *const *keys, int n)
{
    const char *best = keys[0];
    int best_d = 1 << 30;
    for (int i = 0; i < n; i++) {
        int d = tdn_edit_distance(key, keys[i]);
        if (*key && strstr(keys[i], key)) d /= 4; /* a part of the key: near */
        if (d < best_d) best_d = d, best = keys[i];
    }
    return best;
}

/* Fails on the first key of obj not in keys[0..n); prefix is "" or "path.". */
static int check_keys(const json_t *obj, const char *prefix, const char *const *keys, int n,
                      tdn_err *err)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        bool ok = false;
        for (int i = 0; i < n && !ok; i++)
            ok = strcmp(key, keys[i]) == 0;
        if (!ok) {
            char path[128];
            snprintf(path, sizeof path, "%s%.*s", prefix, SHOW, key);
            return fail(err, path, "unknown key (did you mean '%s'?)", closest_key(key, keys, n));
        }
    }
    return TDN_OK;
}

static int parse_age(const json_t *v, tdn_screen_profile *p, tdn_err *err)
{
    if (!v) return fail(err, "age", "required (whole years, 0 to 130)");
    if (json_is_real(v))
        return fail(err, "age", "must be a whole number of years, not %g", json_real_value(v));
    if (!json_is_integer(v))
        return fail(err, "age", "must be a whole number, not %s", type_name(v));
    json_int_t a = json_integer_value(v);
    if (a < 0 || a > 130)
        return fail(err, "age", "%lld is not a possible age (0 to 130)", (long long)a);
    p->age = (int)a;
    return TDN_OK;
}

/* Looks up a string value in a vocabulary, naming path on error. */
static int vocab_value(const json_t *v, int vocab, const char *path, const char *what, int *out,
                       tdn_err *err)
{
    if (!json_is_string(v)) return fail(err, path, "must be a string, not %s", type_name(v));
    const char *s = json_string_value(v);
    int i = tdn_screen_vocab_find(vocab, s);
    if (i < 0)
        return fail(err, path, "unknown %s '%.*s' (did you mean '%s'?)", what, SHOW, s,
                    tdn_screen_vocab_closest(vocab, s));
    *out = i;
    return TDN_OK;
}

static int parse_site(const json_t *v, const char *path, tdn_screen_site *out, tdn_err *err)
{
    if (!json_is_string(v))
        return fail(err, path, "must be a string like 'calf:R', not %s", type_name(v));
    const char *s = json_string_value(v);
    size_t n = strcspn(s, ":");
    int region = tdn_region_findn(s, n);
    if (region < 0) {
        char code[SHOW + 1];
        snprintf(code, sizeof code, "%.*s", (int)(n < SHOW ? n : SHOW), s);
        return fail(err, path, "unknown region '%s' (did you mean '%s'?)", code,
                    tdn_region_closest(code));
    }
    char side = 'B';
    if (s[n] == ':' && !(side = tdn_side_parse(s + n + 1)))
        return fail(err, path, "unknown side '%.*s' in '%.*s' (use L, R or B)", SHOW, s + n + 1,
                    SHOW, s);
    *out = (tdn_screen_site){.region = (short)region, .side = side};
    return TDN_OK;
}

static int parse_conditions(const json_t *v, tdn_screen_profile *p, tdn_err *err)
{
    if (!json_is_array(v))
        return fail(err, "conditions", "must be an array of strings, not %s", type_name(v));
    size_t i;
    json_t *c;
    json_array_foreach(v, i, c)
    {
        char path[48];
        snprintf(path, sizeof path, "conditions[%zu]", i);
        int k;
        if (vocab_value(c, TDN_VOCAB_CONDITION, path, "condition", &k, err)) return TDN_EINPUT;
        p->conditions |= 1u << k;
    }
    return TDN_OK;
}

static int parse_local_item(const json_t *v, size_t i, tdn_screen_local *l, tdn_err *err)
{
    static const char *const keys[] = {"condition", "region"};
    char path[64];
    snprintf(path, sizeof path, "local[%zu]", i);
    if (!json_is_object(v))
        return fail(err, path,
                    "must be an object like {\"condition\": \"infection\", "
                    "\"region\": \"calf:R\"}, not %s",
                    type_name(v));
    char prefix[72];
    snprintf(prefix, sizeof prefix, "%s.", path);
    if (check_keys(v, prefix, keys, 2, err)) return TDN_EINPUT;
    const json_t *cond = json_object_get(v, "condition"), *reg = json_object_get(v, "region");
    snprintf(path, sizeof path, "local[%zu].condition", i);
    if (!cond) return fail(err, path, "required");
    if (vocab_value(cond, TDN_VOCAB_LOCAL, path, "local condition", &l->kind, err))
        return TDN_EINPUT;
    snprintf(path, sizeof path, "local[%zu].region", i);
    if (!reg) return fail(err, path, "required");
    return parse_site(reg, path, &l->site, err);
}

static int parse_local(const json_t *v, tdn_screen_profile *p, tdn_err *err)
{
    if (!json_is_array(v)) return fail(err, "local", "must be an array, not %s", type_name(v));
    if (json_array_size(v) > TDN_SCREEN_MAX_SITES)
        return fail(err, "local", "at most %d local conditions", TDN_SCREEN_MAX_SITES);
    size_t i;
    json_t *item;
    json_array_foreach(v, i, item)
    {
        if (parse_local_item(item, i, &p->local[p->n_local], err)) return TDN_EINPUT;
        p->n_local++;
    }
    return TDN_OK;
}

static int parse_planned(const json_t *v, tdn_screen_profile *p, tdn_err *err)
{
    if (!json_is_array(v))
        return fail(err, "planned_regions", "must be an array of strings, not %s", type_name(v));
    if (json_array_size(v) > TDN_SCREEN_MAX_SITES)
        return fail(err, "planned_regions", "at most %d regions", TDN_SCREEN_MAX_SITES);
    size_t i;
    json_t *item;
    json_array_foreach(v, i, item)
    {
        char path[48];
        snprintf(path, sizeof path, "planned_regions[%zu]", i);
        tdn_screen_site s;
        if (parse_site(item, path, &s, err)) return TDN_EINPUT;
        bool dup = false;
        for (int k = 0; k < p->n_planned; k++)
            dup |= p->planned[k].region == s.region && p->planned[k].side == s.side;
        if (!dup) p->planned[p->n_planned++] = s;
    }
    return TDN_OK;
}

static int consent_value(const json_t *v, const char *path, int *out, tdn_err *err)
{
    if (!v || json_is_null(v))
        *out = TDN_SCREEN_CONSENT_NOT_STATED;
    else if (json_is_boolean(v))
        *out = json_is_true(v) ? TDN_SCREEN_CONSENT_GIVEN : TDN_SCREEN_CONSENT_NOT_GIVEN;
    else
        return fail(err, path, "must be true, false or null, not %s", type_name(v));
    return TDN_OK;
}

static int parse_consent(const json_t *v, tdn_screen_profile *p, tdn_err *err)
{
    static const char *const keys[] = {"patient", "guardian"};
    if (!json_is_object(v))
        return fail(err, "consent", "must be an object like {\"patient\": true}, not %s",
                    type_name(v));
    if (check_keys(v, "consent.", keys, 2, err)) return TDN_EINPUT;
    if (consent_value(json_object_get(v, "patient"), "consent.patient", &p->consent_patient, err))
        return TDN_EINPUT;
    return consent_value(json_object_get(v, "guardian"), "consent.guardian", &p->consent_guardian,
                         err);
}

static int parse_root(const json_t *root, tdn_screen_profile *p, tdn_err *err)
{
    static const char *const keys[] = {"age",   "pregnancy",       "conditions",
                                       "local", "planned_regions", "consent"};
    if (!json_is_object(root))
        return fail(err, "profile", "must be a JSON object, not %s", type_name(root));
    if (check_keys(root, "", keys, 6, err)) return TDN_EINPUT;
    const json_t *v;
    if (parse_age(json_object_get(root, "age"), p, err)) return TDN_EINPUT;
    if ((v = json_object_get(root, "pregnancy")) &&
        vocab_value(v, TDN_VOCAB_PREGNANCY, "pregnancy", "pregnancy status", &p->pregnancy, err))
        return TDN_EINPUT;
    if ((v = json_object_get(root, "conditions")) && parse_conditions(v, p, err)) return TDN_EINPUT;
    if ((v = json_object_get(root, "local")) && parse_local(v, p, err)) return TDN_EINPUT;
    if ((v = json_object_get(root, "planned_regions")) && parse_planned(v, p, err))
        return TDN_EINPUT;
    if ((v = json_object_get(root, "consent")) && parse_consent(v, p, err)) return TDN_EINPUT;
    return TDN_OK;
}

int tdn_screen_profile_parse(const char *text, size_t len, tdn_screen_profile *out, tdn_err *err)
{
    *out = (tdn_screen_profile){0};
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    /* jansson: duplicate object key near '"age"' -> "age: given more than once" */
    static const char dup[] = "duplicate object key near '\"";
    if (!root && strncmp(je.text, dup, sizeof dup - 1) == 0) {
        const char *key = je.text + sizeof dup - 1;
        int n = (int)strcspn(key, "\"");
        return tdn_err_set(err, TDN_EINPUT,
                           "%.*s: given more than once (duplicate key at line %d, column %d)", n,
                           key, je.line, je.column);
    }
    if (!root)
        return fail(err, "profile", "invalid JSON at line %d, column %d: %s", je.line, je.column,
                    je.text);
    int rc = parse_root(root, out, err);
    json_decref(root);
    return rc;
}

static json_t *site_json(tdn_screen_site s)
{
    char buf[64];
    return json_string(tdn_screen_site_str(s, buf, sizeof buf));
}

static json_t *sites_json(const tdn_screen_site *s, int n)
{
    json_t *a = json_array();
    for (int i = 0; a && i < n; i++)
        json_array_append_new(a, site_json(s[i]));
    return a;
}

static json_t *consent_json(int c)
{
    return c == TDN_SCREEN_CONSENT_NOT_STATED ? json_null()
                                              : json_boolean(c == TDN_SCREEN_CONSENT_GIVEN);
}

json_t *tdn_screen_profile_json(const tdn_screen_profile *p)
{
    json_t *conds = json_array(), *local = json_array();
    for (int i = 0; i < tdn_screen_vocab_count(TDN_VOCAB_CONDITION); i++)
        if ((p->conditions >> i) & 1u)
            json_array_append_new(conds,
                                  json_string(tdn_screen_vocab_name(TDN_VOCAB_CONDITION, i)));
    for (int i = 0; i < p->n_local; i++)
        json_array_append_new(local,
                              json_pack("{s:s, s:o}", "condition",
                                        tdn_screen_vocab_name(TDN_VOCAB_LOCAL, p->local[i].kind),
                                        "region", site_json(p->local[i].site)));
    return json_pack("{s:i, s:s, s:o, s:o, s:o, s:{s:o, s:o}}", "age", p->age, "pregnancy",
                     tdn_screen_vocab_name(TDN_VOCAB_PREGNANCY, p->pregnancy), "conditions", conds,
                     "local", local, "planned_regions", sites_json(p->planned, p->n_planned),
                     "consent", "patient", consent_json(p->consent_patient), "guardian",
                     consent_json(p->consent_guardian));
}

/* Appends the ids of "a,b,c" to array a, each once. */
static void add_ids(json_t *a, const char *list)
{
    char id[TDN_ID_MAX];
    for (const char *p = list; p && *p;) {
        size_t n = strcspn(p, ",");
        snprintf(id, sizeof id, "%.*s", (int)n, p);
        bool seen = false;
        size_t i;
        json_t *v;
        json_array_foreach(a, i, v) seen |= strcmp(json_string_value(v), id) == 0;
        if (!seen) json_array_append_new(a, json_string(id));
        p += n + (p[n] == ',');
    }
}

static json_t *reason_json(const tdn_screen_reason *r)
{
    json_t *o = json_pack("{s:s, s:s, s:s}", "rule", r->rule->id, "level",
                          tdn_screen_level_name(r->level), "detail", r->detail);
    if (o && r->has_site) json_object_set_new(o, "region", site_json(r->site));
    if (o && r->rule->scope == TDN_SCOPE_ESTIM) json_object_set_new(o, "estim", json_true());
    if (o && r->muscles) {
        json_t *m = json_array();
        add_ids(m, r->muscles);
        json_object_set_new(o, "muscles", m);
    }
    return o;
}

json_t *tdn_screen_result_json(const tdn_screen_result *r)
{
    json_t *reasons = json_array(), *advice = json_array(), *muscles = json_array();
    for (int i = 0; i < r->n_reasons; i++) {
        json_array_append_new(r->reasons[i].level >= TDN_SCREEN_CAUTION ? reasons : advice,
                              reason_json(&r->reasons[i]));
        if (r->reasons[i].level == TDN_SCREEN_NO_GO) add_ids(muscles, r->reasons[i].muscles);
    }
    return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "decision",
                     tdn_screen_level_name(r->decision), "reasons", reasons, "advice", advice,
                     "blocked_regions", sites_json(r->blocked, r->n_blocked), "allowed_regions",
                     sites_json(r->allowed, r->n_allowed), "blocked_muscles", muscles);
}

json_t *tdn_screen_rules_json(const tdn_screen_rules *rules)
{
    json_t *a = json_array();
    for (int i = 0; a && i < rules->n; i++) {
        const tdn_screen_rule *r = &rules->rules[i];
        json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "id", r->id, "level",
                                           tdn_screen_level_name(r->level), "trigger", r->trigger,
                                           "scope", r->scope_text, "advice", r->advice, "source",
                                           r->source));
    }
    return json_pack("{s:o}", "rules", a);
}

int tdn_screen_run(const tdn_screen_rules *rules, const tdn_kb *kb, const char *profile_json,
                   size_t len, tdn_screen_profile *profile, tdn_screen_result *out, tdn_err *err)
{
    *out = (tdn_screen_result){0};
    tdn_screen_profile p;
    int rc = tdn_screen_profile_parse(profile_json, len, &p, err);
    if (rc) return rc;
    if (profile) *profile = p;
    return tdn_screen_eval(rules, kb, &p, out, err);
}
