/* verdict.c — a stored screening as the pages show it (see verdict.h). */
#include "app/verdict.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/settings.h"
#include "core/screen.h"

/* Adds p to sites[0..max) unless it is there already. */
static void add_pain(tdn_pain p, tdn_pain *sites, int max, int *n)
{
    if (*n >= max) return;
    for (int i = 0; i < *n; i++)
        if (sites[i].region == p.region && sites[i].side == p.side) return;
    sites[(*n)++] = p;
}

/* Adds the region:side text (skipped when it does not parse); with
 * whole_limb also every region of its limb on its side, as the screening's
 * +limb scope does (lymphoedema). */
static void add_site(const char *text, bool whole_limb, tdn_pain *sites, int max, int *n)
{
    tdn_pain p;
    tdn_err ignored = {0};
    if (!text || tdn_pain_parse(text, &p, &ignored) != TDN_OK) return;
    add_pain(p, sites, max, n);
    tdn_screen_site at = {(short)p.region, p.side};
    for (int r = 0; whole_limb && r < tdn_region_count(); r++)
        if (tdn_screen_site_same_limb(at, (tdn_screen_site){(short)r, p.side}))
            add_pain((tdn_pain){.region = r, .side = p.side, .intensity = -1}, sites, max, n);
}

void tdn_screening_regions(const char *profile_text, const char *reasons_text, tdn_pain *blocked,
                           int *n_blocked, tdn_pain *planned, int *n_planned)
{
    json_t *reasons = reasons_text ? json_loads(reasons_text, 0, NULL) : NULL;
    json_t *profile = profile_text ? json_loads(profile_text, 0, NULL) : NULL, *v;
    size_t i;
    json_array_foreach(reasons, i, v)
    {
        const char *level = json_string_value(json_object_get(v, "level"));
        if (level && strcmp(level, "no_go") == 0)
            add_site(json_string_value(json_object_get(v, "region")), false, blocked,
                     TDN_SESSION_MAX_BLOCKED, n_blocked);
    }
    json_array_foreach(json_object_get(profile, "local"), i, v)
    {
        const char *cond = json_string_value(json_object_get(v, "condition"));
        const char *where = json_string_value(json_object_get(v, "region"));
        bool limb = cond && !strcmp(cond, "lymphedema");
        if (limb || (cond && (!strcmp(cond, "infection") || !strcmp(cond, "skin_lesion"))))
            add_site(where, limb, blocked, TDN_SESSION_MAX_BLOCKED, n_blocked);
    }
    json_array_foreach(json_object_get(profile, "planned_regions"), i, v)
        add_site(json_string_value(v), false, planned, TDN_SESSION_MAX_PLANNED, n_planned);
    json_decref(reasons);
    json_decref(profile);
}

void tdn_screening_muscles(const char *reasons_text, char (*out)[TDN_ID_MAX], int max, int *n)
{
    json_t *reasons = reasons_text ? json_loads(reasons_text, 0, NULL) : NULL, *v, *m;
    size_t i, k;
    json_array_foreach(reasons, i, v)
    {
        const char *level = json_string_value(json_object_get(v, "level"));
        if (!level || strcmp(level, "no_go") != 0) continue;
        json_array_foreach(json_object_get(v, "muscles"), k, m)
        {
            const char *id = json_string_value(m);
            bool seen = !id || strlen(id) >= TDN_ID_MAX;
            for (int j = 0; j < *n && !seen; j++)
                seen = strcmp(out[j], id) == 0;
            if (!seen && *n < max) snprintf(out[(*n)++], TDN_ID_MAX, "%s", id);
        }
    }
    json_decref(reasons);
}

void tdn_screening_estim(const char *reasons_text, tdn_estim_screening *out)
{
    memset(out, 0, sizeof *out);
    json_t *reasons = reasons_text ? json_loads(reasons_text, 0, NULL) : NULL, *v;
    size_t i;
    json_array_foreach(reasons, i, v)
    {
        if (!json_is_true(json_object_get(v, "estim"))) continue;
        const char *level = json_string_value(json_object_get(v, "level"));
        const char *id = json_string_value(json_object_get(v, "rule"));
        const char *detail = json_string_value(json_object_get(v, "detail"));
        if (!level || !id) continue;
        if (strcmp(level, "no_go") == 0 && !out->forbidden[0])
            snprintf(out->forbidden, sizeof out->forbidden, "%s", id);
        else if (strcmp(level, "caution") == 0 && out->n_cautions < 4)
            snprintf(out->cautions[out->n_cautions++], sizeof out->cautions[0], "%s: %s", id,
                     detail ? detail : "");
    }
    json_decref(reasons);
}

/* Fills the decision, the reasons in words, the blocked regions and muscles. */
static void fill(tdn_verdict *out, const char *decision, const char *profile, const char *reasons)
{
    snprintf(out->decision, sizeof out->decision, "%s", decision ? decision : "");
    json_t *list = reasons ? json_loads(reasons, 0, NULL) : NULL, *v;
    size_t i;
    json_array_foreach(list, i, v)
    {
        if (out->n_reasons >= TDN_VERDICT_MAX_REASONS) break;
        tdn_verdict_reason *r = &out->reasons[out->n_reasons++];
        const char *level = json_string_value(json_object_get(v, "level"));
        const char *detail = json_string_value(json_object_get(v, "detail"));
        snprintf(r->level, sizeof r->level, "%s", level ? level : "");
        snprintf(r->detail, sizeof r->detail, "%s", detail ? detail : "");
        r->estim = json_is_true(json_object_get(v, "estim"));
    }
    json_decref(list);
    tdn_pain planned[TDN_SESSION_MAX_PLANNED];
    int n_planned = 0;
    tdn_screening_regions(profile, reasons, out->blocked, &out->n_blocked, planned, &n_planned);
    tdn_screening_muscles(reasons, out->blocked_muscles, TDN_SESSION_MAX_BLOCKED_MUSCLES,
                          &out->n_blocked_muscles);
}

void tdn_verdict_of(const tdn_screening *s, tdn_verdict *out)
{
    memset(out, 0, sizeof *out);
    out->screening_id = s->id;
    out->screened_at = s->created;
    fill(out, s->decision, s->profile, s->reasons);
}

int tdn_verdict_latest(tdn_store *s, const tdn_protocol_rules *r, int64_t patient_id, int64_t now,
                       tdn_verdict *out, tdn_err *err)
{
    memset(out, 0, sizeof *out);
    tdn_needling_context ctx;
    int rc = tdn_store_needling_context(s, patient_id, &ctx, err);
    if (rc) return rc;
    if (ctx.has_screening) {
        out->screening_id = ctx.screening_id;
        out->screened_at = ctx.screened_at;
        fill(out, ctx.decision, ctx.profile, ctx.reasons);
    }
    tdn_protocol_rules rules;
    rc = tdn_setting_protocol_rules(s, r, &rules, err);
    if (rc) {
        tdn_needling_context_free(&ctx);
        return rc;
    }
    tdn_open_input oi = {.has_screening = ctx.has_screening,
                         .decision = tdn_decision_parse(ctx.decision),
                         .screened_at = ctx.screened_at,
                         .has_consent = ctx.has_consent,
                         .consented_at = ctx.consented_at};
    tdn_needling_context_free(&ctx);
    tdn_needling *n = calloc(1, sizeof *n);
    if (!n) return tdn_err_set(err, TDN_ESYS, "out of memory");
    if (oi.has_screening && oi.screened_at > now) oi.screened_at = now;
    rc = tdn_session_open(n, &rules, &oi, now, err);
    if (!rc) snprintf(out->invalid, sizeof out->invalid, "%s", n->unscreened);
    free(n);
    return rc;
}
