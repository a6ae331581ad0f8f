/* record.c — checks of clinical record values (see record.h). Dates are
 * validated by a strptime/timegm round trip, so 2023-02-30 is refused. */
#define _XOPEN_SOURCE 700 /* strptime */
#include "core/record.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/body.h"

int tdn_date_check(const char *field, const char *text, int64_t now, const tdn_tz *zone,
                   int64_t *day, tdn_err *err)
{
    if (!text || !*text) return tdn_err_set(err, TDN_EINPUT, "%s: needs a date YYYY-MM-DD", field);
    struct tm tm = {0};
    const char *end = strlen(text) == 10 ? strptime(text, "%Y-%m-%d", &tm) : NULL;
    if (!end || *end || !isdigit((unsigned char)text[0]))
        return tdn_err_set(err, TDN_EINPUT, "%s: '%s' is not a date YYYY-MM-DD", field, text);
    time_t t = timegm(&tm);
    char back[16];
    tdn_date(NULL, (int64_t)t, back);
    if (strcmp(back, text) != 0)
        return tdn_err_set(err, TDN_EINPUT, "%s: %s is not a date", field, text);
    if (tm.tm_year < 0) return tdn_err_set(err, TDN_EINPUT, "%s: %s is before 1900", field, text);
    char today[16];
    tdn_date(zone, now, today);
    if (strcmp(text, today) > 0)
        return tdn_err_set(err, TDN_EINPUT, "%s: %s is in the future", field, text);
    if (day) *day = (int64_t)t;
    return TDN_OK;
}

int tdn_age_years(const char *birth, int64_t now, const tdn_tz *zone, int *years, tdn_err *err)
{
    int rc = tdn_date_check("birth", birth, now, zone, NULL, err);
    if (rc) return rc;
    char today[16];
    tdn_date(zone, now, today);
    int by = atoi(birth), ty = atoi(today);
    /* MM-DD compare as text: a birthday not yet reached this year takes one off */
    *years = ty - by - (strcmp(today + 5, birth + 5) < 0 ? 1 : 0);
    return TDN_OK;
}

int tdn_sex_check(const char *field, const char *sex, tdn_err *err)
{
    if (!sex || !*sex || strcmp(sex, "F") == 0 || strcmp(sex, "M") == 0 || strcmp(sex, "X") == 0)
        return TDN_OK;
    return tdn_err_set(err, TDN_EINPUT, "%s: '%s' must be F, M or X", field, sex);
}

const char *const tdn_joint_motions[] = {"cervical_flexion",
                                         "cervical_extension",
                                         "cervical_rotation",
                                         "cervical_lateral_flexion",
                                         "thoracic_rotation",
                                         "lumbar_flexion",
                                         "lumbar_extension",
                                         "lumbar_rotation",
                                         "lumbar_lateral_flexion",
                                         "shoulder_flexion",
                                         "shoulder_extension",
                                         "shoulder_abduction",
                                         "shoulder_adduction",
                                         "shoulder_internal_rotation",
                                         "shoulder_external_rotation",
                                         "elbow_flexion",
                                         "elbow_extension",
                                         "forearm_pronation",
                                         "forearm_supination",
                                         "wrist_flexion",
                                         "wrist_extension",
                                         "wrist_radial_deviation",
                                         "wrist_ulnar_deviation",
                                         "hip_flexion",
                                         "hip_extension",
                                         "hip_abduction",
                                         "hip_adduction",
                                         "hip_internal_rotation",
                                         "hip_external_rotation",
                                         "straight_leg_raise",
                                         "knee_flexion",
                                         "knee_extension",
                                         "ankle_dorsiflexion",
                                         "ankle_plantarflexion",
                                         "ankle_inversion",
                                         "ankle_eversion",
                                         "big_toe_extension",
                                         NULL};

const char *const tdn_ae_kinds[] = {
    "bruising",        "bleeding",     "pain_during", "pain_after",  "soreness",  "drowsiness",
    "syncope",         "nausea",       "headache",    "aggravation", "infection", "nerve_injury",
    "needle_breakage", "pneumothorax", "other",       NULL};

static const char *const severities[] = {"mild", "moderate", "significant", "serious", NULL};
const char *const tdn_plan_items[] = {"dry_needling", "exercise",       "stretching",
                                      "massage",      "manual_therapy", "heat",
                                      "education",    "other",          NULL};

static const char *closest_word(const char *text, const char *const *words)
{
    for (const char *const *w = words; *w; w++) /* a beginning names its word */
        if (strncmp(*w, text, strlen(text)) == 0 && strlen(text) >= 3) return *w;
    const char *best = words[0];
    int best_d = 1 << 20;
    for (; *words; words++) {
        int d = tdn_edit_distance(text, *words);
        if (d < best_d) {
            best_d = d;
            best = *words;
        }
    }
    return best_d <= 3 ? best : NULL;
}

int tdn_word_check(const char *field, const char *text, const char *const *words, tdn_err *err)
{
    for (const char *const *w = words; text && *w; w++)
        if (strcmp(text, *w) == 0) return TDN_OK;
    char list[512] = "";
    for (const char *const *w = words; *w; w++) {
        size_t n = strlen(list);
        snprintf(list + n, sizeof list - n, "%s%s", n ? ", " : "", *w);
    }
    const char *near = text && *text ? closest_word(text, words) : NULL;
    if (near)
        return tdn_err_set(err, TDN_EINPUT, "%s: unknown value '%s' (did you mean '%s'?)", field,
                           text, near);
    return tdn_err_set(err, TDN_EINPUT, "%s: '%s' must be one of %s", field, text ? text : "",
                       list);
}

int tdn_ae_kind_check(const char *field, const char *kind, tdn_err *err)
{
    return tdn_word_check(field, kind, tdn_ae_kinds, err);
}

int tdn_ae_severity_check(const char *field, const char *severity, tdn_err *err)
{
    return tdn_word_check(field, severity, severities, err);
}

int tdn_plan_check(const char *field, const char *plan, tdn_err *err)
{
    if (!plan || !*plan) return TDN_OK;
    char item[64];
    for (const char *p = plan; *p;) {
        size_t n = strcspn(p, ",");
        if (n == 0 || n >= sizeof item)
            return tdn_err_set(err, TDN_EINPUT, "%s: '%s' is not a list of treatments", field,
                               plan);
        memcpy(item, p, n);
        item[n] = '\0';
        if (tdn_word_check(field, item, tdn_plan_items, err)) return TDN_EINPUT;
        p += n;
        if (*p == ',' && !*++p)
            return tdn_err_set(err, TDN_EINPUT, "%s: '%s' ends with a comma", field, plan);
    }
    return TDN_OK;
}

/* The rules of the four measure kinds. */
typedef struct measure_rule {
    const char *kind, *unit, *range_text;
    double min, max;
    bool whole;
    bool above_min; /* the value must be more than min, not equal to it */
} measure_rule;

static const measure_rule measure_rules[] = {
    {"nprs", "nprs", "a whole number from 0 to 10", 0, 10, true, false},
    /* a threshold is the pressure at which pain starts: always some pressure */
    {"ppt", "kg/cm2", "more than 0, up to 20 kg/cm²", 0, 20, false, true},
    {"rom", "deg", "from 0 to 360 degrees", 0, 360, false, false},
    {"psfs", "psfs", "from 0 to 10", 0, 10, false, false},
};

static int measure_site_check(const tdn_kb *kb, const char *kind, const char *site, tdn_err *err)
{
    if (!site || !*site) return tdn_err_set(err, TDN_EINPUT, "--site: required for %s", kind);
    if (strcmp(kind, "nprs") == 0 && tdn_region_find(site) < 0)
        return tdn_err_set(err, TDN_EINPUT,
                           "--site: unknown region '%s' for nprs (did you mean '%s'?)", site,
                           tdn_region_closest(site));
    if (strcmp(kind, "ppt") == 0 && tdn_kb_muscle_find(kb, site) < 0)
        return tdn_err_set(err, TDN_EINPUT,
                           "--site: unknown muscle '%s' for ppt (did you mean '%s'?)", site,
                           tdn_kb_muscle_closest(kb, site));
    if (strcmp(kind, "rom") == 0) {
        tdn_err ignored = {0};
        if (tdn_word_check("--site", site, tdn_joint_motions, &ignored) == TDN_OK) return TDN_OK;
        const char *near = closest_word(site, tdn_joint_motions);
        return tdn_err_set(err, TDN_EINPUT, "--site: unknown joint motion '%s' for rom (%s%s%s)",
                           site, near ? "did you mean '" : "e.g. shoulder_internal_rotation",
                           near ? near : "", near ? "'?" : "");
    }
    if (strlen(site) > 64) return tdn_err_set(err, TDN_EINPUT, "--site: longer than 64 characters");
    return TDN_OK;
}

static int measure_value_check(const measure_rule *r, const char *text, double *value, tdn_err *err)
{
    char *end = NULL;
    double v = text && *text ? strtod(text, &end) : NAN;
    if (!end || *end || !isfinite(v) || isspace((unsigned char)text[0]) || strpbrk(text, "xX"))
        return tdn_err_set(err, TDN_EINPUT, "--value: '%s' is not a number (%s: %s)",
                           text ? text : "", r->kind, r->range_text);
    if (r->whole && v != floor(v))
        return tdn_err_set(err, TDN_EINPUT, "--value: %s is not a whole number (%s: %s)", text,
                           r->kind, r->range_text);
    if (v < r->min || v > r->max || (r->above_min && v <= r->min))
        return tdn_err_set(err, TDN_EINPUT, "--value: %s is out of range for %s (%s)", text,
                           r->kind, r->range_text);
    *value = v;
    return TDN_OK;
}

int tdn_measure_check(const tdn_kb *kb, const char *kind, const char *site, const char *value_text,
                      const char *motion, double *value, const char **unit, tdn_err *err)
{
    const measure_rule *r = NULL;
    for (size_t i = 0; i < sizeof measure_rules / sizeof measure_rules[0]; i++)
        if (kind && strcmp(kind, measure_rules[i].kind) == 0) r = &measure_rules[i];
    if (!r)
        return tdn_err_set(err, TDN_EINPUT, "--kind: '%s' must be nprs, ppt, rom or psfs",
                           kind ? kind : "");
    int rc = measure_site_check(kb, kind, site, err);
    if (rc) return rc;
    bool is_rom = strcmp(kind, "rom") == 0, has_motion = motion && *motion;
    if (is_rom && !has_motion)
        return tdn_err_set(err, TDN_EINPUT, "--motion: required for rom (active or passive)");
    if (!is_rom && has_motion)
        return tdn_err_set(err, TDN_EINPUT, "--motion: only for rom, not %s", kind);
    static const char *const motions[] = {"active", "passive", NULL};
    if (is_rom && (rc = tdn_word_check("--motion", motion, motions, err))) return rc;
    if ((rc = measure_value_check(r, value_text, value, err))) return rc;
    *unit = r->unit;
    return TDN_OK;
}

int tdn_side_site_check(const char *side_field, const char *side, const char *site_field,
                        const char *site, char *side_out, char *site_out, size_t site_cap,
                        tdn_err *err)
{
    char c = side && *side ? tdn_side_parse(side) : 0;
    if (side && *side && !c)
        return tdn_err_set(err, TDN_EINPUT, "%s: '%s' must be R, L or B", side_field, side);
    if (site && *site && tdn_region_find(site) < 0)
        return tdn_err_set(err, TDN_EINPUT, "%s: unknown region code '%s' (did you mean '%s'?)",
                           site_field, site, tdn_region_closest(site));
    if (site && strlen(site) >= site_cap)
        return tdn_err_set(err, TDN_EINPUT, "%s: too long", site_field);
    side_out[0] = c;
    side_out[1] = '\0';
    snprintf(site_out, site_cap, "%s", site ? site : "");
    return TDN_OK;
}
