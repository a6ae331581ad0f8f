/* fuzz_profile.c — libFuzzer target for the screening profile parser
 * (app/screen_json.c) and, for every profile it accepts, the screening engine
 * and the result serialiser. Invariants checked on every input: the parser
 * either accepts with in-range facts or refuses with a message naming a field;
 * the decision is go, caution or no_go; every planned region is either
 * blocked or allowed. Rules and KB are read once from TDN_FUZZ_DATA (the
 * data/ directory, set at build time). Build and run: see cmake/fuzz.cmake. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/screen_json.h"
#include "core/buf.h"

#ifndef TDN_FUZZ_DATA
#define TDN_FUZZ_DATA "data"
#endif

static tdn_kb *kb;
static tdn_screen_rules *rules;

static char *slurp(const char *name, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", TDN_FUZZ_DATA, name);
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fprintf(stderr, "fuzz_profile: cannot read %s\n", path);
        exit(2);
    }
    tdn_buf b = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        tdn_buf_putn(&b, chunk, n);
    fclose(fp);
    *len = b.len;
    return b.data;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    static const char *const names[] = {"muscles.tsv", "conditions.tsv", "screening_rules.tsv"};
    static tdn_text_file files[3]; /* texts live for the whole run */
    for (int i = 0; i < 3; i++) {
        files[i].name = names[i];
        files[i].text = slurp(names[i], &files[i].len);
    }
    tdn_err err = {0};
    if (tdn_kb_load(&kb, files, 3, &err) || tdn_screen_rules_load(&rules, files, 3, &err)) {
        fprintf(stderr, "fuzz_profile: %s\n", err.msg);
        exit(2);
    }
    return 0;
}

static void check_profile(const tdn_screen_profile *p)
{
    if (p->age < 0 || p->age > 130 || p->pregnancy < 0 ||
        p->pregnancy >= tdn_screen_vocab_count(TDN_VOCAB_PREGNANCY) ||
        p->n_planned > TDN_SCREEN_MAX_SITES || p->n_local > TDN_SCREEN_MAX_SITES ||
        (p->conditions >> tdn_screen_vocab_count(TDN_VOCAB_CONDITION)) != 0)
        abort();
}

static void check_result(const tdn_screen_profile *p, const tdn_screen_result *r)
{
    if (r->decision != TDN_SCREEN_GO && r->decision != TDN_SCREEN_CAUTION &&
        r->decision != TDN_SCREEN_NO_GO)
        abort();
    if (p->n_planned && r->n_blocked + r->n_allowed != p->n_planned) abort();
    for (int i = 1; i < r->n_reasons; i++)
        if (r->reasons[i].level > r->reasons[i - 1].level) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tdn_screen_profile p;
    tdn_screen_result r;
    tdn_err err = {0};
    int rc = tdn_screen_run(rules, kb, (const char *)data, size, &p, &r, &err);
    if (rc == TDN_EINPUT) {
        if (!strchr(err.msg, ':')) abort(); /* every message names a field */
        return 0;
    }
    if (rc) abort();
    check_profile(&p);
    check_result(&p, &r);
    json_t *j = tdn_screen_result_json(&r);
    char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
    free(s);
    json_decref(j);
    tdn_screen_result_free(&r);
    return 0;
}
