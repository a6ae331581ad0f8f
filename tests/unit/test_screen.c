/* test_screen.c — the screening rules of data/screening_rules.tsv evaluated by
 * core/screen: table-driven, one row per rule firing alone (the row names the
 * rule id), then combinations (most severe wins), sides of local
 * contraindications, age and consent boundaries, KB hazards and the
 * bleeding advice that names non-compressible muscles. A test checks that
 * every rule in the file has a row here. Uses the real rules file and a small
 * hand-made KB, so that hazard facts do not depend on data/muscles.tsv. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/screen_json.h"
#include "core/buf.h"
#include "core/screen.h"
#include "file_fixture.h"

static const char screen_muscles[] =
    "id\tname\tarea\ttp_sites\tessential\tspillover\tpalpation\tpalpable\tcompressible\thazards\t"
    "conditions\tsource\n"
    "chest_m\tChest\ttrunk\tupper_chest\tchest\t-\tflat\ty\ty\tlung\t-\ttest\n"
    "deep_m\tDeep\ttrunk\tlumbar\tbuttock\t-\tflat\tn\tn\tnerve:femoral,vessel:femoral_artery,"
    "organ:kidney\t-\ttest\n"
    "calf_m\tCalf\tleg_foot\tcalf\theel\t-\tpincer\ty\ty\tnerve:tibial\t-\ttest\n"
    "temple_m\tTemple\thead_neck\ttemple\tforehead\t-\tflat\ty\ty\tvessel:temporal_artery\t-\t"
    "test\n"
    "flank_m\tFlank\ttrunk\tflank\tgroin\t-\tflat\ty\ty\torgan:kidney\t-\ttest\n"
    "thigh_m\tThigh\thip_thigh\tanterior_thigh\tanterior_knee\t-\tflat\ty\ty\t-\t-\ttest\n";
static const char screen_conditions[] = "id\tname\ticd10\tmuscles\tsource\n";

static tdn_kb *kb;
static tdn_screen_rules *rules;
static char *rules_text;

static char *read_rules_file(void)
{
    const char *dir = getenv("TDN_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/data/screening_rules.tsv", dir ? dir : ".");
    size_t len;
    return fixture_read_all(path, &len);
}

static int setup(void **state)
{
    (void)state;
    tdn_err err = {0};
    tdn_text_file kbf[] = {{"muscles.tsv", screen_muscles, strlen(screen_muscles)},
                           {"conditions.tsv", screen_conditions, strlen(screen_conditions)}};
    if (tdn_kb_load(&kb, kbf, 2, &err)) {
        fprintf(stderr, "fixture KB: %s\n", err.msg);
        return -1;
    }
    if (!(rules_text = read_rules_file())) return -1;
    tdn_text_file rf = {TDN_SCREEN_RULES_FILE, rules_text, strlen(rules_text)};
    if (tdn_screen_rules_load(&rules, &rf, 1, &err)) {
        fprintf(stderr, "rules: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tdn_screen_rules_free(rules);
    tdn_kb_free(kb);
    free(rules_text);
    return 0;
}

/* "level:rule[@site][muscles] ..." for every reason, in result order. */
static void summarise(const tdn_screen_result *r, tdn_buf *b)
{
    for (int i = 0; i < r->n_reasons; i++) {
        char site[64];
        tdn_buf_printf(b, "%s%s:%s", i ? " " : "", tdn_screen_level_name(r->reasons[i].level),
                       r->reasons[i].rule->id);
        if (r->reasons[i].has_site)
            tdn_buf_printf(b, "@%s", tdn_screen_site_str(r->reasons[i].site, site, sizeof site));
        if (r->reasons[i].muscles) tdn_buf_printf(b, "[%s]", r->reasons[i].muscles);
    }
}

static void sites(const tdn_screen_site *s, int n, tdn_buf *b)
{
    char buf[64];
    for (int i = 0; i < n; i++)
        tdn_buf_printf(b, "%s%s", i ? " " : "", tdn_screen_site_str(s[i], buf, sizeof buf));
}

typedef struct scase {
    const char *rule;     /* the rule this row is about ("-" for none) */
    const char *profile;  /* JSON */
    const char *decision; /* go | caution | no_go */
    const char *reasons;  /* exact summary, see summarise() */
    const char *blocked;  /* NULL = not checked */
    const char *allowed;
} scase;

#define ADULT "\"age\":34,\"consent\":{\"patient\":true}"

static const scase cases[] = {
    /* baseline: nothing to report */
    {"-", "{" ADULT "}", "go", "", "", ""},
    {"-", "{" ADULT ",\"planned_regions\":[\"anterior_thigh:R\"]}", "go", "", "",
     "anterior_thigh:R"},
    /* consent */
    {"consent.patient_missing", "{\"age\":34}", "no_go", "no_go:consent.patient_missing", "", ""},
    {"consent.patient_missing", "{\"age\":34,\"consent\":{\"patient\":null}}", "no_go",
     "no_go:consent.patient_missing", NULL, NULL},
    {"consent.patient_refused", "{\"age\":34,\"consent\":{\"patient\":false}}", "no_go",
     "no_go:consent.patient_refused", NULL, NULL},
    /* age and guardian consent */
    {"age.under_12", "{\"age\":10,\"consent\":{\"patient\":true}}", "no_go", "no_go:age.under_12",
     NULL, NULL},
    {"age.under_12", "{\"age\":11,\"consent\":{\"patient\":true,\"guardian\":false}}", "no_go",
     "no_go:age.under_12", NULL, NULL},
    {"age.under_12", "{\"age\":0}", "no_go", "no_go:consent.patient_missing no_go:age.under_12",
     NULL, NULL},
    {"age.under_12", "{\"age\":11,\"consent\":{\"guardian\":true}}", "no_go",
     "no_go:consent.patient_missing", NULL, NULL},
    {"age.under_12_consented", "{\"age\":11,\"consent\":{\"patient\":true,\"guardian\":true}}",
     "caution", "caution:age.under_12_consented", NULL, NULL},
    {"age.minor_guardian", "{\"age\":12,\"consent\":{\"patient\":true}}", "no_go",
     "no_go:age.minor_guardian", NULL, NULL},
    {"age.minor_guardian", "{\"age\":17,\"consent\":{\"patient\":true,\"guardian\":false}}",
     "no_go", "no_go:age.minor_guardian", NULL, NULL},
    {"-", "{\"age\":17,\"consent\":{\"patient\":true,\"guardian\":true}}", "go", "", NULL, NULL},
    {"-", "{\"age\":12,\"consent\":{\"patient\":true,\"guardian\":true}}", "go", "", NULL, NULL},
    {"age.under_12_consented", "{\"age\":0,\"consent\":{\"patient\":true,\"guardian\":true}}",
     "caution", "caution:age.under_12_consented", NULL, NULL},
    /* a guardian cannot consent for a patient who refuses or is not asked */
    {"consent.patient_refused", "{\"age\":17,\"consent\":{\"patient\":false,\"guardian\":true}}",
     "no_go", "no_go:consent.patient_refused", NULL, NULL},
    {"consent.patient_missing", "{\"age\":34,\"consent\":{\"guardian\":true}}", "no_go",
     "no_go:consent.patient_missing", NULL, NULL},
    {"consent.patient_missing", "{\"age\":34,\"consent\":{}}", "no_go",
     "no_go:consent.patient_missing", NULL, NULL},
    {"-", "{\"age\":18,\"consent\":{\"patient\":true}}", "go", "", NULL, NULL},
    /* patient-wide conditions, each alone */
    {"phobia.needle", "{" ADULT ",\"conditions\":[\"needle_phobia\"]}", "no_go",
     "no_go:phobia.needle", NULL, NULL},
    /* bleeding: muscles that cannot be compressed are blocked (AHPCSA BN 121 §3.1.5:
       absolute contraindication where haemostasis by palpation cannot be performed),
       the rest is a caution (§3.2.1); blocking muscles leaves the decision at caution */
    {"bleeding.disorder", "{" ADULT ",\"conditions\":[\"bleeding_disorder\"]}", "caution",
     "no_go:bleeding.disorder_noncompressible[deep_m] caution:bleeding.disorder", "", ""},
    {"bleeding.disorder_noncompressible",
     "{" ADULT ",\"conditions\":[\"bleeding_disorder\"],\"planned_regions\":[\"lumbar:R\","
     "\"calf:R\"]}",
     "caution",
     "no_go:bleeding.disorder_noncompressible[deep_m] caution:bleeding.disorder "
     "info:hazard_nerve@lumbar:R info:hazard_nerve@calf:R info:hazard_vessel@lumbar:R "
     "info:hazard_organ@lumbar:R",
     "", "lumbar:R calf:R"},
    {"bleeding.anticoagulant", "{" ADULT ",\"conditions\":[\"anticoagulant\"]}", "caution",
     "no_go:bleeding.anticoagulant_noncompressible[deep_m] caution:bleeding.anticoagulant", "", ""},
    {"bleeding.anticoagulant_noncompressible",
     "{" ADULT ",\"conditions\":[\"anticoagulant\"],\"planned_regions\":[\"calf:L\"]}", "caution",
     "no_go:bleeding.anticoagulant_noncompressible[deep_m] caution:bleeding.anticoagulant "
     "info:hazard_nerve@calf:L",
     "", "calf:L"},
    {"bleeding.antiplatelet", "{" ADULT ",\"conditions\":[\"antiplatelet\"]}", "caution",
     "caution:bleeding.antiplatelet", NULL, NULL},
    {"immune.compromised", "{" ADULT ",\"conditions\":[\"immunocompromised\"]}", "caution",
     "caution:immune.compromised", NULL, NULL},
    {"immune.autoimmune", "{" ADULT ",\"conditions\":[\"autoimmune\"]}", "caution",
     "caution:immune.autoimmune", NULL, NULL},
    {"diabetes", "{" ADULT ",\"conditions\":[\"diabetes\"]}", "caution", "caution:diabetes", NULL,
     NULL},
    {"epilepsy", "{" ADULT ",\"conditions\":[\"epilepsy\"]}", "caution", "caution:epilepsy", NULL,
     NULL},
    /* uncontrolled epilepsy: no needling (Advantage Health: "you can't have acupuncture if
       you have uncontrolled epilepsy"); controlled epilepsy stays a caution */
    {"epilepsy.uncontrolled", "{" ADULT ",\"conditions\":[\"epilepsy_uncontrolled\"]}", "no_go",
     "no_go:epilepsy.uncontrolled", NULL, NULL},
    {"allergy.metal", "{" ADULT ",\"conditions\":[\"metal_allergy\"]}", "caution",
     "caution:allergy.metal", NULL, NULL},
    /* a confirmed stainless steel (nickel, chromium) allergy: no needling (Advantage
       Health; jotform pre-screening form); an unknown metal stays a caution */
    {"allergy.stainless_steel", "{" ADULT ",\"conditions\":[\"stainless_steel_allergy\"]}", "no_go",
     "no_go:allergy.stainless_steel", NULL, NULL},
    {"cognitive.impairment", "{" ADULT ",\"conditions\":[\"cognitive_impairment\"]}", "caution",
     "caution:cognitive.impairment", NULL, NULL},
    {"communication.unable", "{" ADULT ",\"conditions\":[\"unable_to_communicate\"]}", "caution",
     "caution:communication.unable", NULL, NULL},
    {"vascular.disease", "{" ADULT ",\"conditions\":[\"vascular_disease\"]}", "caution",
     "caution:vascular.disease", NULL, NULL},
    {"cancer", "{" ADULT ",\"conditions\":[\"cancer\"]}", "caution", "caution:cancer", NULL, NULL},
    {"surgery.recent", "{" ADULT ",\"conditions\":[\"recent_surgery\"]}", "caution",
     "caution:surgery.recent", NULL, NULL},
    /* pregnancy: patient-wide caution; abdomen, lumbar, sacral, pelvic regions blocked */
    {"pregnancy", "{" ADULT ",\"pregnancy\":\"second_trimester\"}", "caution",
     "caution:pregnancy caution:pregnancy.estim", NULL, NULL},
    {"-", "{" ADULT ",\"pregnancy\":\"none\"}", "go", "", NULL, NULL},
    {"pregnancy.region",
     "{" ADULT ",\"pregnancy\":\"first_trimester\",\"planned_regions\":[\"lower_abdomen\","
     "\"anterior_thigh:L\"]}",
     "caution", "no_go:pregnancy.region@lower_abdomen:B caution:pregnancy caution:pregnancy.estim",
     "lower_abdomen:B", "anterior_thigh:L"},
    {"pregnancy.region",
     "{" ADULT ",\"pregnancy\":\"second_trimester\",\"planned_regions\":[\"groin:L\","
     "\"perineum\",\"sacroiliac:R\",\"coccyx\",\"upper_abdomen\",\"lumbar:L\"]}",
     "no_go",
     "no_go:pregnancy.region@groin:L no_go:pregnancy.region@perineum:B "
     "no_go:pregnancy.region@sacroiliac:R no_go:pregnancy.region@coccyx:B "
     "no_go:pregnancy.region@upper_abdomen:B no_go:pregnancy.region@lumbar:L caution:pregnancy "
     "caution:pregnancy.estim "
     "info:hazard_nerve@lumbar:L info:hazard_vessel@lumbar:L info:hazard_organ@lumbar:L",
     "groin:L perineum:B sacroiliac:R coccyx:B upper_abdomen:B lumbar:L", ""},
    {"pregnancy",
     "{" ADULT ",\"pregnancy\":\"third_trimester\",\"planned_regions\":[\"calf:R\","
     "\"anterior_thigh:L\"]}",
     "caution", "caution:pregnancy caution:pregnancy.estim info:hazard_nerve@calf:R", "",
     "calf:R anterior_thigh:L"},
    /* pregnancy: the front of the hip (iliacus) is blocked (Myopain Seminars), the top of
       the shoulder (GB21) is a caution (Goldfields Physio Hub), and strong electrical
       stimulation is to be avoided (Goldfields Physio Hub) */
    {"pregnancy.region",
     "{" ADULT ",\"pregnancy\":\"second_trimester\",\"planned_regions\":[\"anterior_hip:R\","
     "\"shoulder_top:L\"]}",
     "caution",
     "no_go:pregnancy.region@anterior_hip:R caution:pregnancy "
     "caution:pregnancy.shoulder_top@shoulder_top:L caution:pregnancy.estim",
     "anterior_hip:R", "shoulder_top:L"},
    {"pregnancy.shoulder_top",
     "{" ADULT ",\"pregnancy\":\"first_trimester\",\"planned_regions\":[\"shoulder_top\"]}",
     "caution",
     "caution:pregnancy caution:pregnancy.shoulder_top@shoulder_top:B caution:pregnancy.estim", "",
     "shoulder_top:B"},
    {"-", "{" ADULT ",\"planned_regions\":[\"shoulder_top:L\",\"anterior_hip:L\"]}", "go", "", "",
     "shoulder_top:L anterior_hip:L"},
    {"pregnancy.estim", "{" ADULT ",\"pregnancy\":\"third_trimester\"}", "caution",
     "caution:pregnancy caution:pregnancy.estim", "", ""},
    /* a pacemaker or ICD: never e-stim through the needles (device manuals, BMAS 2023;
       Vasilakos & Fyntanidou 2011), but the needles themselves stay possible: the e-stim
       no_go leaves the decision at caution and blocks no region */
    {"estim.pacemaker", "{" ADULT ",\"conditions\":[\"pacemaker\"]}", "caution",
     "no_go:estim.pacemaker", "", ""},
    {"estim.pacemaker",
     "{" ADULT ",\"conditions\":[\"pacemaker\"],\"planned_regions\":[\"calf:L\"]}", "caution",
     "no_go:estim.pacemaker info:hazard_nerve@calf:L", "", "calf:L"},
    {"pregnancy.region",
     "{" ADULT ",\"pregnancy\":\"third_trimester\",\"planned_regions\":[\"sacrum\"]}", "no_go",
     "no_go:pregnancy.region@sacrum:B caution:pregnancy caution:pregnancy.estim", "sacrum:B", ""},
    /* local contraindications: the planned regions they touch */
    {"local.infection",
     "{" ADULT ",\"local\":[{\"condition\":\"infection\",\"region\":\"shin:R\"}],"
     "\"planned_regions\":[\"shin:R\",\"shin:L\"]}",
     "caution", "no_go:local.infection@shin:R", "shin:R", "shin:L"},
    {"local.infection",
     "{" ADULT ",\"local\":[{\"condition\":\"infection\",\"region\":\"shin\"}],"
     "\"planned_regions\":[\"shin:L\",\"shin:R\"]}",
     "no_go", "no_go:local.infection@shin:L no_go:local.infection@shin:R", "shin:L shin:R", ""},
    {"local.infection",
     "{" ADULT ",\"local\":[{\"condition\":\"infection\",\"region\":\"shin:L\"}],"
     "\"planned_regions\":[\"shin:B\",\"anterior_thigh:L\"]}",
     "caution", "no_go:local.infection@shin:B", "shin:B", "anterior_thigh:L"},
    {"local.infection",
     "{" ADULT ",\"local\":[{\"condition\":\"infection\",\"region\":\"shin:L\"}],"
     "\"planned_regions\":[\"anterior_thigh:L\"]}",
     "go", "", "", "anterior_thigh:L"},
    {"local.infection",
     "{" ADULT ",\"local\":[{\"condition\":\"infection\",\"region\":\"shin:R\"}]}", "caution",
     "no_go:local.infection@shin:R", "shin:R", ""},
    {"local.lymphedema",
     "{" ADULT ",\"local\":[{\"condition\":\"lymphedema\",\"region\":\"anterior_arm:L\"}],"
     "\"planned_regions\":[\"anterior_arm:L\",\"anterior_arm:R\"]}",
     "caution", "no_go:local.lymphedema@anterior_arm:L", "anterior_arm:L", "anterior_arm:R"},
    /* local.lymph_node_removal: a caution (AHPCSA BN121 §3.2.4, relative contraindication)
     * for the whole limb on its side, as lymphoedema's limb logic; nothing is blocked */
    {"local.lymph_node_removal",
     "{" ADULT ",\"local\":[{\"condition\":\"lymph_node_removal\",\"region\":\"axilla:L\"}],"
     "\"planned_regions\":[\"anterior_arm:L\",\"fingers:L\",\"anterior_arm:R\",\"upper_chest:R\"]}",
     "caution",
     "caution:local.lymph_node_removal@anterior_arm:L caution:local.lymph_node_removal@fingers:L "
     "caution:hazard_pneumothorax@upper_chest:R",
     "", "anterior_arm:L fingers:L anterior_arm:R upper_chest:R"},
    {"local.lymph_node_removal",
     "{" ADULT ",\"local\":[{\"condition\":\"lymph_node_removal\",\"region\":\"groin:R\"}],"
     "\"planned_regions\":[\"anterior_thigh:R\",\"anterior_thigh:L\"]}",
     "caution", "caution:local.lymph_node_removal@anterior_thigh:R", "",
     "anterior_thigh:R anterior_thigh:L"},
    {"local.lymph_node_removal",
     "{" ADULT ",\"local\":[{\"condition\":\"lymph_node_removal\",\"region\":\"groin:R\"}]}",
     "caution", "caution:local.lymph_node_removal@groin:R", "", ""},
    /* local.lymphedema blocks the whole limb on its side (AHPCSA BN121 §3.1.4: "an area
     * or limb"), including the buttock and groin; not the other limb, not the trunk */
    {"local.lymphedema",
     "{" ADULT ",\"local\":[{\"condition\":\"lymphedema\",\"region\":\"calf:R\"}],"
     "\"planned_regions\":[\"shin:R\",\"sole:R\",\"buttock:R\",\"groin:R\",\"calf:L\","
     "\"anterior_thigh:L\"]}",
     "caution",
     "no_go:local.lymphedema@shin:R no_go:local.lymphedema@sole:R no_go:local.lymphedema@buttock:R "
     "no_go:local.lymphedema@groin:R info:hazard_nerve@calf:L",
     "shin:R sole:R buttock:R groin:R", "calf:L anterior_thigh:L"},
    {"local.lymphedema",
     "{" ADULT ",\"local\":[{\"condition\":\"lymphedema\",\"region\":\"axilla:L\"}],"
     "\"planned_regions\":[\"fingers:L\",\"lateral_shoulder:L\",\"upper_chest:L\","
     "\"dorsal_forearm:R\"]}",
     "caution",
     "no_go:local.lymphedema@fingers:L no_go:local.lymphedema@lateral_shoulder:L "
     "caution:hazard_pneumothorax@upper_chest:L",
     "fingers:L lateral_shoulder:L", "upper_chest:L dorsal_forearm:R"},
    {"local.lymphedema",
     "{" ADULT ",\"local\":[{\"condition\":\"lymphedema\",\"region\":\"calf\"}],"
     "\"planned_regions\":[\"heel:L\",\"heel:R\"]}",
     "no_go", "no_go:local.lymphedema@heel:L no_go:local.lymphedema@heel:R", "heel:L heel:R", ""},
    {"local.lymphedema",
     "{" ADULT ",\"local\":[{\"condition\":\"lymphedema\",\"region\":\"palm:R\"}],"
     "\"planned_regions\":[\"volar_forearm\"]}",
     "no_go", "no_go:local.lymphedema@volar_forearm:B", "volar_forearm:B", ""},
    {"local.lymphedema",
     "{" ADULT ",\"local\":[{\"condition\":\"lymphedema\",\"region\":\"chest:L\"}],"
     "\"planned_regions\":[\"chest:L\",\"anterior_arm:L\"]}",
     "caution", "no_go:local.lymphedema@chest:L", "chest:L", "anterior_arm:L"},
    /* an infection or a skin lesion blocks only its own region, not the limb */
    {"local.infection",
     "{" ADULT ",\"local\":[{\"condition\":\"infection\",\"region\":\"calf:R\"}],"
     "\"planned_regions\":[\"shin:R\",\"calf:L\"]}",
     "go", "info:hazard_nerve@calf:L", "", "shin:R calf:L"},
    {"local.skin_lesion",
     "{" ADULT ",\"local\":[{\"condition\":\"skin_lesion\",\"region\":\"lumbar\"}],"
     "\"planned_regions\":[\"lumbar:L\"]}",
     "no_go",
     "no_go:local.skin_lesion@lumbar:L info:hazard_nerve@lumbar:L "
     "info:hazard_vessel@lumbar:L info:hazard_organ@lumbar:L",
     "lumbar:L", ""},
    {"local.skin_lesion",
     "{" ADULT ",\"local\":[{\"condition\":\"skin_lesion\",\"region\":\"shin:R\"}]}", "caution",
     "no_go:local.skin_lesion@shin:R", "shin:R", ""},
    {"local.recent_surgery",
     "{" ADULT ",\"local\":[{\"condition\":\"recent_surgery\",\"region\":\"anterior_knee:R\"}],"
     "\"planned_regions\":[\"anterior_knee:R\"]}",
     "caution", "caution:local.recent_surgery@anterior_knee:R", "", "anterior_knee:R"},
    {"local.implant",
     "{" ADULT ",\"local\":[{\"condition\":\"implant\",\"region\":\"lateral_hip:L\"}],"
     "\"planned_regions\":[\"lateral_hip:L\",\"lateral_hip:R\"]}",
     "caution", "caution:local.implant@lateral_hip:L", "", "lateral_hip:L lateral_hip:R"},
    /* hazards from the KB */
    {"hazard_pneumothorax", "{" ADULT ",\"planned_regions\":[\"upper_chest:R\"]}", "caution",
     "caution:hazard_pneumothorax@upper_chest:R", "", "upper_chest:R"},
    /* hazard_pneumothorax_bilateral: lung field planned on both sides, or on a B side */
    {"hazard_pneumothorax_bilateral",
     "{" ADULT ",\"planned_regions\":[\"upper_chest:R\",\"upper_chest:L\"]}", "caution",
     "caution:hazard_pneumothorax@upper_chest:R caution:hazard_pneumothorax@upper_chest:L "
     "caution:hazard_pneumothorax_bilateral",
     "", "upper_chest:R upper_chest:L"},
    {"hazard_pneumothorax_bilateral", "{" ADULT ",\"planned_regions\":[\"upper_chest:B\"]}",
     "caution", "caution:hazard_pneumothorax@upper_chest:B caution:hazard_pneumothorax_bilateral",
     "", "upper_chest:B"},
    {"hazard_pneumothorax_bilateral",
     "{" ADULT ",\"planned_regions\":[\"upper_chest:R\",\"calf:L\"]}", "caution",
     "caution:hazard_pneumothorax@upper_chest:R info:hazard_nerve@calf:L", "",
     "upper_chest:R calf:L"},
    {"hazard_nerve", "{" ADULT ",\"planned_regions\":[\"calf:L\"]}", "go",
     "info:hazard_nerve@calf:L", "", "calf:L"},
    {"hazard_vessel", "{" ADULT ",\"planned_regions\":[\"temple:R\"]}", "go",
     "info:hazard_vessel@temple:R", "", "temple:R"},
    {"hazard_organ", "{" ADULT ",\"planned_regions\":[\"flank:L\"]}", "go",
     "info:hazard_organ@flank:L", "", "flank:L"},
    /* combinations: the most severe level wins, reasons most severe first */
    {"-", "{" ADULT ",\"conditions\":[\"anticoagulant\",\"needle_phobia\"]}", "no_go",
     "no_go:phobia.needle no_go:bleeding.anticoagulant_noncompressible[deep_m] "
     "caution:bleeding.anticoagulant",
     NULL, NULL},
    {"-", "{" ADULT ",\"conditions\":[\"epilepsy\",\"epilepsy_uncontrolled\",\"metal_allergy\"]}",
     "no_go", "no_go:epilepsy.uncontrolled caution:epilepsy caution:allergy.metal", NULL, NULL},
    {"-", "{\"age\":15,\"conditions\":[\"diabetes\"],\"consent\":{\"patient\":true}}", "no_go",
     "no_go:age.minor_guardian caution:diabetes", NULL, NULL},
    {"-",
     "{" ADULT ",\"conditions\":[\"epilepsy\"],\"planned_regions\":[\"calf:R\",\"upper_chest:L\"]}",
     "caution",
     "caution:epilepsy caution:hazard_pneumothorax@upper_chest:L info:hazard_nerve@calf:R", "",
     "calf:R upper_chest:L"},
    {"-", "{\"age\":34,\"consent\":{\"patient\":false},\"conditions\":[\"needle_phobia\"]}",
     "no_go", "no_go:consent.patient_refused no_go:phobia.needle", NULL, NULL},
    {"-",
     "{" ADULT ",\"pregnancy\":\"second_trimester\",\"conditions\":[\"epilepsy\"],"
     "\"planned_regions\":[\"upper_chest:R\"]}",
     "caution",
     "caution:epilepsy caution:pregnancy caution:pregnancy.estim "
     "caution:hazard_pneumothorax@upper_chest:R",
     "", "upper_chest:R"},
    {"-", "{" ADULT ",\"conditions\":[],\"local\":[],\"planned_regions\":[]}", "go", "", "", ""},
    /* a patient-wide no_go blocks every planned region */
    {"-", "{\"age\":34,\"planned_regions\":[\"calf:R\"]}", "no_go",
     "no_go:consent.patient_missing info:hazard_nerve@calf:R", "calf:R", ""},
};

static bool check_case(const scase *c)
{
    tdn_screen_result r;
    tdn_err err = {0};
    int rc = tdn_screen_run(rules, kb, c->profile, strlen(c->profile), NULL, &r, &err);
    if (rc) fail_msg("[%s] %s: %s", c->rule, c->profile, err.msg);
    tdn_buf got = {0}, blocked = {0}, allowed = {0};
    summarise(&r, &got);
    sites(r.blocked, r.n_blocked, &blocked);
    sites(r.allowed, r.n_allowed, &allowed);
    const char *decision = tdn_screen_level_name(r.decision);
    bool ok = strcmp(decision, c->decision) == 0 && strcmp(tdn_buf_str(&got), c->reasons) == 0 &&
              (!c->blocked || strcmp(tdn_buf_str(&blocked), c->blocked) == 0) &&
              (!c->allowed || strcmp(tdn_buf_str(&allowed), c->allowed) == 0);
    if (!ok)
        print_error("[%s] %s\n  got:  %s | %s | blocked %s | allowed %s\n  want: %s | %s | "
                    "blocked %s | allowed %s\n",
                    c->rule, c->profile, decision, tdn_buf_str(&got), tdn_buf_str(&blocked),
                    tdn_buf_str(&allowed), c->decision, c->reasons, c->blocked ? c->blocked : "*",
                    c->allowed ? c->allowed : "*");
    tdn_buf_free(&got);
    tdn_buf_free(&blocked);
    tdn_buf_free(&allowed);
    tdn_screen_result_free(&r);
    return ok;
}

static void every_case(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        failed += !check_case(&cases[i]);
    if (failed) fail_msg("%d of %zu cases failed", failed, sizeof cases / sizeof cases[0]);
}

/* Adding a rule to the data file without a row above fails here. */
static void every_rule_has_a_case(void **state)
{
    (void)state;
    for (int i = 0; i < rules->n; i++) {
        bool found = false;
        for (size_t k = 0; k < sizeof cases / sizeof cases[0] && !found; k++)
            found = strcmp(cases[k].rule, rules->rules[i].id) == 0;
        if (!found) fail_msg("rule %s has no test case", rules->rules[i].id);
    }
    assert_true(rules->n >= 25);
}

static char *detail_of(const char *profile, const char *rule)
{
    tdn_screen_result r;
    tdn_err err = {0};
    assert_int_equal(tdn_screen_run(rules, kb, profile, strlen(profile), NULL, &r, &err), TDN_OK);
    char *d = NULL;
    for (int i = 0; i < r.n_reasons && !d; i++)
        if (strcmp(r.reasons[i].rule->id, rule) == 0) d = strdup(r.reasons[i].detail);
    tdn_screen_result_free(&r);
    if (!d) fail_msg("%s did not fire for %s", rule, profile);
    return d;
}

static void expect_detail(const char *profile, const char *rule, const char *needle)
{
    char *d = detail_of(profile, rule);
    if (!strstr(d, needle)) {
        print_error("%s detail '%s' lacks '%s'\n", rule, d, needle);
        free(d);
        fail();
    }
    free(d);
}

/* bleeding.anticoagulant_noncompressible names the planned muscles that cannot be
 * compressed (AHPCSA BN 121 §3.1.5). */
static void anticoagulant_names_noncompressible_muscles(void **state)
{
    (void)state;
    const char *p = "{" ADULT ",\"conditions\":[\"anticoagulant\"],\"planned_regions\":"
                    "[\"lumbar\",\"calf:R\"]}";
    expect_detail(p, "bleeding.anticoagulant_noncompressible", "at the planned regions: deep_m.");
    char *d = detail_of(p, "bleeding.anticoagulant_noncompressible");
    assert_null(strstr(d, "calf_m")); /* compressible */
    free(d);
    expect_detail(p, "bleeding.anticoagulant", "can be compressed");
    expect_detail("{" ADULT ",\"conditions\":[\"antiplatelet\"],\"planned_regions\":[\"calf\"]}",
                  "bleeding.antiplatelet", "(take extra care): none.");
    expect_detail("{" ADULT ",\"conditions\":[\"bleeding_disorder\"]}",
                  "bleeding.disorder_noncompressible", ": none listed, as no regions are planned");
}

/* hazard_pneumothorax names the lung-field muscles and the needling precautions. */
static void lung_hazard_names_muscles_and_technique(void **state)
{
    (void)state;
    const char *p = "{" ADULT ",\"planned_regions\":[\"upper_chest:L\"]}";
    expect_detail(p, "hazard_pneumothorax", "muscles: chest_m");
    expect_detail(p, "hazard_pneumothorax", "tangentially");
    expect_detail(p, "hazard_pneumothorax", "pleura");
    expect_detail("{" ADULT ",\"planned_regions\":[\"lumbar:R\"]}", "hazard_nerve",
                  "deep_m (nerve:femoral)");
    expect_detail("{" ADULT ",\"planned_regions\":[\"lumbar:R\"]}", "hazard_vessel",
                  "deep_m (vessel:femoral_artery)");
}

/* age.under_12 (the acceptance example) speaks of the guardian's consent. */
static void under_12_reason_is_about_guardian_consent(void **state)
{
    (void)state;
    expect_detail("{\"age\":10,\"consent\":{\"patient\":true}}", "age.under_12", "guardian");
    expect_detail("{\"age\":10,\"consent\":{\"patient\":true}}", "age.under_12", "Patient is 10");
    expect_detail("{\"age\":9,\"consent\":{\"patient\":true,\"guardian\":true}}",
                  "age.under_12_consented", "fully understand");
    expect_detail("{" ADULT ",\"pregnancy\":\"first_trimester\"}", "pregnancy", "abdomen, lumbar");
    /* pregnancy: the psoas, iliacus and quadratus lumborum are named wherever planned */
    expect_detail("{" ADULT ",\"pregnancy\":\"third_trimester\"}", "pregnancy",
                  "psoas, iliacus or quadratus lumborum");
    expect_detail("{" ADULT ",\"local\":[{\"condition\":\"infection\",\"region\":\"shin:L\"}],"
                  "\"planned_regions\":[\"shin\"]}",
                  "local.infection", "Infection at shin:L");
}

/* The result JSON: contract keys, reasons before advice, region on region rules. */
static void result_json_has_contract_keys(void **state)
{
    (void)state;
    const char *p = "{" ADULT ",\"conditions\":[\"diabetes\"],\"local\":[{\"condition\":"
                    "\"infection\",\"region\":\"calf:R\"}],\"planned_regions\":[\"calf:R\","
                    "\"calf:L\"]}";
    tdn_screen_result r;
    tdn_err err = {0};
    assert_int_equal(tdn_screen_run(rules, kb, p, strlen(p), NULL, &r, &err), TDN_OK);
    json_t *j = tdn_screen_result_json(&r);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "decision")), "caution");
    json_t *reasons = json_object_get(j, "reasons");
    assert_int_equal(json_array_size(reasons), 2);
    json_t *first = json_array_get(reasons, 0);
    assert_string_equal(json_string_value(json_object_get(first, "rule")), "local.infection");
    assert_string_equal(json_string_value(json_object_get(first, "level")), "no_go");
    assert_string_equal(json_string_value(json_object_get(first, "region")), "calf:R");
    assert_non_null(json_object_get(first, "detail"));
    assert_null(json_object_get(json_array_get(reasons, 1), "region"));
    assert_int_equal(json_array_size(json_object_get(j, "advice")), 2); /* nerve calf L and R */
    assert_string_equal(json_string_value(json_array_get(json_object_get(j, "blocked_regions"), 0)),
                        "calf:R");
    assert_string_equal(json_string_value(json_array_get(json_object_get(j, "allowed_regions"), 0)),
                        "calf:L");
    json_decref(j);
    tdn_screen_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_case),
        cmocka_unit_test(every_rule_has_a_case),
        cmocka_unit_test(anticoagulant_names_noncompressible_muscles),
        cmocka_unit_test(lung_hazard_names_muscles_and_technique),
        cmocka_unit_test(under_12_reason_is_about_guardian_consent),
        cmocka_unit_test(result_json_has_contract_keys),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
