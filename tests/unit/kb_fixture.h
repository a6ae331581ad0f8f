/* kb_fixture.h — a tiny hand-made knowledge base for unit tests of the
 * scoring rules, so that they do not depend on the clinical data files. */
#ifndef TDN_KB_FIXTURE_H
#define TDN_KB_FIXTURE_H

#include <string.h>

#include "core/kb.h"

#define FIXTURE_MUSCLE_HEADER                                                                      \
    "id\tname\tarea\ttp_sites\tessential\tspillover\tpalpation\tpalpable\tcompressible\thazards\t" \
    "conditions\tsource\n"
#define FIXTURE_CONDITION_HEADER "id\tname\ticd10\tmuscles\tsource\n"

static const char fixture_muscles[] = FIXTURE_MUSCLE_HEADER
    "upper_trapezius\tUpper trapezius\thead_neck\tshoulder_top\tposterior_neck,mastoid,temple\t"
    "occiput,jaw\tpincer\ty\ty\tlung\theadache\ttest\n"
    "splenius_capitis\tSplenius capitis\thead_neck\tposterior_neck\tvertex\t-\tflat\ty\ty\t-\t-\t"
    "test\n"
    "broad_muscle\tBroad muscle\thead_neck\tposterior_neck\tvertex,forehead,orbit,cheek,jaw,"
    "throat,occiput,temple\t-\tflat\ty\ty\t-\t-\ttest\n"
    "spill_only\tSpill only\thead_neck\tjaw\tthroat\ttemple,posterior_neck\tflat\ty\ty\t-\t-\t"
    "test\n"
    "crossing\tCrossing\thead_neck\tjaw\tforehead:C\t-\tflat\ty\ty\t-\t-\ttest\n";

static const char fixture_conditions[] = FIXTURE_CONDITION_HEADER
    "headache\tHeadache\tG44.209\tsplenius_capitis,upper_trapezius\ttest\n";

static inline int fixture_kb(tdn_kb **kb, tdn_err *err)
{
    tdn_text_file files[] = {{"muscles.tsv", fixture_muscles, strlen(fixture_muscles)},
                             {"conditions.tsv", fixture_conditions, strlen(fixture_conditions)}};
    return tdn_kb_load(kb, files, 2, err);
}

/* A KB of the given muscles table (header included) and no conditions. */
static inline int fixture_kb_muscles(tdn_kb **kb, const char *muscles, tdn_err *err)
{
    tdn_text_file files[] = {
        {"muscles.tsv", muscles, strlen(muscles)},
        {"conditions.tsv", FIXTURE_CONDITION_HEADER, strlen(FIXTURE_CONDITION_HEADER)}};
    return tdn_kb_load(kb, files, 2, err);
}

#endif
