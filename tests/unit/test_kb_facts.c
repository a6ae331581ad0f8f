/* test_kb_facts.c — the shipped knowledge base carries the corrections of
 * the source audit (issue 13): one table row per corrected fact, naming the
 * muscle, the pattern, the zone or hazard, whether it must be there, and the
 * source the row of data/muscles.tsv cites for it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "app/kbfiles.h"
#include "core/body.h"
#include "core/kb.h"

/* What a fact row checks: an essential or spillover zone of one pattern, a
 * trigger point site, or a lung hazard at a site. */
enum fact_kind { ESS, SPILL, SITE, LUNG_AT };

typedef struct fact {
    const char *id;      /* kb.<muscle>.<what> */
    const char *muscle;  /* muscle id */
    const char *pattern; /* pattern label, "" for a one-pattern muscle */
    enum fact_kind kind;
    const char *region;
    bool present;
    const char *source; /* also cited in the row's source column */
} fact;

static const fact facts[] = {
    {"kb.multifidus.thoracic_scapula", "multifidus", "thoracic", SPILL, "scapula", true,
     "T&S ch.48 (webmanmed.com Multifidus): T4-T5 to the inferior angle of the scapula"},
    {"kb.multifidus.thoracic_no_abdomen", "multifidus", "thoracic", SPILL, "upper_abdomen", false,
     "T&S ch.48: the abdominal referral is from the lumbar levels"},
    {"kb.multifidus.lumbar_upper_abdomen", "multifidus", "lumbar", SPILL, "upper_abdomen", true,
     "T&S ch.48: L1-L5 anteriorly to the abdomen"},
    {"kb.multifidus.lumbar_lower_abdomen", "multifidus", "lumbar", SPILL, "lower_abdomen", true,
     "T&S ch.48: L1-L5 anteriorly to the abdomen"},
    {"kb.multifidus.lumbar_anterior_thigh", "multifidus", "lumbar", SPILL, "anterior_thigh", true,
     "Cornwall et al. Man Ther 2006;11:40: anterior thigh 5/15"},
    {"kb.multifidus.lumbar_posterior_thigh", "multifidus", "lumbar", SPILL, "posterior_thigh", true,
     "Cornwall et al. Man Ther 2006;11:40: posterior thigh 8/15"},
    {"kb.sternocleidomastoid.clavicular_maxilla", "sternocleidomastoid", "clavicular", SPILL,
     "cheek", true, "MedLink Mpssi9 (T&S 1983 p.203): clavicular division to the maxilla"},
    {"kb.sternocleidomastoid.clavicular_molars", "sternocleidomastoid", "clavicular", SPILL,
     "upper_teeth", true, "MedLink Mpssi9 (T&S 1983 p.203): clavicular division to the molars"},
    {"kb.occipitofrontalis.frontalis_forehead", "occipitofrontalis", "frontalis", ESS, "forehead",
     true, "Niel-Asher & Gerwin, triggerpoints3d.com: frontalis localized"},
    {"kb.occipitofrontalis.frontalis_not_occiput", "occipitofrontalis", "frontalis", ESS, "occiput",
     false, "Niel-Asher & Gerwin: two distinct maps"},
    {"kb.occipitofrontalis.frontalis_not_occiput_spill", "occipitofrontalis", "frontalis", SPILL,
     "occiput", false, "Niel-Asher & Gerwin: two distinct maps"},
    {"kb.occipitofrontalis.occipitalis_occiput", "occipitofrontalis", "occipitalis", ESS, "occiput",
     true, "Dochas 2018: side and back of the head"},
    {"kb.occipitofrontalis.occipitalis_orbit", "occipitofrontalis", "occipitalis", ESS, "orbit",
     true, "Niel-Asher & Gerwin: into the orbit; Dochas: behind the eyeball"},
    {"kb.occipitofrontalis.occipitalis_lateral_scalp", "occipitofrontalis", "occipitalis", SPILL,
     "temple", true, "Niel-Asher & Gerwin: lateral and anterior scalp"},
    {"kb.occipitofrontalis.occipitalis_not_forehead", "occipitofrontalis", "occipitalis", ESS,
     "forehead", false, "Niel-Asher & Gerwin: two distinct maps"},
    {"kb.external_oblique.site_lower_wall", "external_oblique", "", SITE, "lower_abdomen", true,
     "Niel-Asher, nielasher.com: lower lateral and pubic rim sites"},
    {"kb.external_oblique.lower_groin", "external_oblique", "lower", ESS, "groin", true,
     "Niel-Asher: pubic rim to the groin"},
    {"kb.external_oblique.lower_bladder", "external_oblique", "lower", ESS, "lower_abdomen", true,
     "Niel-Asher: pubic rim bladder pain"},
    {"kb.external_oblique.no_lung_at_lower_wall", "external_oblique", "", LUNG_AT, "lower_abdomen",
     false, "the lung field lies under the upper fibres over the lower ribs only"},
    {"kb.external_oblique.lung_over_ribs", "external_oblique", "", LUNG_AT, "flank", true,
     "T&S abdominal muscles: upper fibres over the lower ribs"},
    {"kb.external_oblique.costal_chest", "external_oblique", "costal", SPILL, "chest", true,
     "Niel-Asher: costal margin, abdominal pain to the chest"},
    {"kb.infraspinatus.no_posterior_neck", "infraspinatus", "", SPILL, "posterior_neck", false,
     "source audit (issue 13): no source found for the posterior neck"},
    {"kb.infraspinatus.scapular_foramina", "infraspinatus", "", LUNG_AT, "scapula", true,
     "AAP Education 2015: ~8% defective fossa floors, pneumothorax risk"},
    {"kb.digastric.posterior_under_chin", "digastric", "posterior", SPILL, "jaw", true,
     "NAMTPT symptom checker Digastric; Niel-Asher Digastricus"},
    {"kb.digastric.anterior_lower_incisors", "digastric", "anterior", ESS, "lower_teeth", true,
     "NAMTPT: anterior belly to the lower four incisors; Niel-Asher"},
    {"kb.digastric.anterior_no_chin", "digastric", "anterior", SPILL, "jaw", false,
     "lip/chin has one source only (Niel-Asher)"},
    {"kb.flexor_pollicis_longus.thumb", "flexor_pollicis_longus", "", ESS, "thumb", true,
     "T&S ch.38; The Wellness Digest FPL: tip of the thumb"},
};

static bool in_sets(const tdn_zone_sets *z, int r)
{
    return tdn_region_set_has(&z->ipsi, r) || tdn_region_set_has(&z->contra, r) ||
           tdn_region_set_has(&z->both, r);
}

static const tdn_pattern *pattern_of(const tdn_muscle *m, const char *label)
{
    for (int p = 0; p < m->n_patterns; p++)
        if (strcmp(m->patterns[p].label, label) == 0) return &m->patterns[p];
    return NULL;
}

static bool holds(const tdn_muscle *m, const fact *f, int r)
{
    if (f->kind == SITE) return tdn_muscle_site_in(m, r);
    if (f->kind == LUNG_AT) return tdn_muscle_hazard_at(m, "lung", r);
    const tdn_pattern *p = pattern_of(m, f->pattern);
    if (!p) fail_msg("%s: %s has no pattern '%s'", f->id, f->muscle, f->pattern);
    return in_sets(f->kind == ESS ? &p->essential_sets : &p->spillover_sets, r);
}

static void corrected_rows_hold(void **state)
{
    (void)state;
    tdn_kb *kb;
    tdn_kbfiles files;
    tdn_err err = {0};
    if (tdn_kb_open(&kb, &files, NULL, &err)) fail_msg("embedded knowledge base: %s", err.msg);
    for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++) {
        const fact *f = &facts[i];
        int mi = tdn_kb_muscle_find(kb, f->muscle);
        int r = tdn_region_find(f->region);
        if (mi < 0 || r < 0) fail_msg("%s: unknown muscle or region", f->id);
        if (holds(&kb->muscles[mi], f, r) != f->present)
            fail_msg("%s: %s %s %s (%s)", f->id, f->muscle, f->present ? "lacks" : "still has",
                     f->region, f->source);
    }
    tdn_kb_free(kb);
    tdn_kbfiles_free(&files);
}

/* The hazard row says why and how: foramina, superficial or oblique needling. */
static void infraspinatus_hazard_cites_the_foramina(void **state)
{
    (void)state;
    tdn_kb *kb;
    tdn_kbfiles files;
    tdn_err err = {0};
    if (tdn_kb_open(&kb, &files, NULL, &err)) fail_msg("%s", err.msg);
    const tdn_muscle *m = &kb->muscles[tdn_kb_muscle_find(kb, "infraspinatus")];
    assert_true(tdn_muscle_has_hazard(m, "lung"));
    assert_non_null(strstr(m->source, "AAP Education"));
    assert_non_null(strstr(m->source, "obliquely"));
    tdn_kb_free(kb);
    tdn_kbfiles_free(&files);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(corrected_rows_hold),
                                       cmocka_unit_test(infraspinatus_hazard_cites_the_foramina)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
