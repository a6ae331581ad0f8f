/* fuzz_rules.c — libFuzzer target for the screening rules loader
 * (core/screen_rules.c): any bytes given as screening_rules.tsv are either
 * loaded, with every rule well-formed, or refused with "file...: field:
 * problem"; never a crash or a leak. Build and run: see cmake/fuzz.cmake. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/screen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tdn_text_file f = {TDN_SCREEN_RULES_FILE, (const char *)data, size};
    tdn_screen_rules *rs = NULL;
    tdn_err err = {0};
    int rc = tdn_screen_rules_load(&rs, &f, 1, &err);
    if (rc) {
        if (rs || strncmp(err.msg, "screening", 9) != 0 || !strchr(err.msg, ':')) abort();
        return 0;
    }
    for (int i = 0; i < rs->n; i++) {
        const tdn_screen_rule *r = &rs->rules[i];
        if (r->level < TDN_SCREEN_INFO || r->level > TDN_SCREEN_NO_GO || !r->id[0] ||
            r->n_atoms > TDN_SCREEN_MAX_ATOMS || r->scope < TDN_SCOPE_PATIENT ||
            r->scope > TDN_SCOPE_HAZARD)
            abort();
    }
    tdn_screen_rules_free(rs);
    return 0;
}
