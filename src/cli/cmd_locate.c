/* cmd_locate.c — the knowledge-base commands: `tdn locate`, `tdn muscle`,
 * `tdn regions`, `tdn conditions`. Thin: parse arguments, call core, print. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/kbjson.h"
#include "cli/cli.h"
#include "core/body.h"
#include "core/locate.h"

#define LOCATE_MAX_OUT 64

static void print_locate_table(const tdn_kb *kb, const tdn_candidate *c, int n,
                               const tdn_pain *pains, int n_pain)
{
    printf("Pain map:");
    for (int j = 0; j < n_pain; j++) {
        printf(" %s:%c", tdn_region_at(pains[j].region)->code, pains[j].side);
        if (pains[j].intensity >= 0) printf("=%d", pains[j].intensity);
    }
    printf("\n\n %2s  %-32s %-4s %5s  %s\n", "#", "muscle", "side", "score", "why");
    for (int i = 0; i < n; i++) {
        const tdn_muscle *m = &kb->muscles[c[i].muscle];
        tdn_buf b = {0};
        tdn_locate_reasons(kb, &c[i], pains, n_pain, &b);
        char *text = b.data ? b.data : "";
        int first = 1;
        for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
            if (first)
                printf(" %2d  %-32s %-4c %5.2f  %s\n", i + 1, m->id, c[i].side, c[i].score, line);
            else
                printf(" %2s  %-32s %-4s %5s  %s\n", "", "", "", "", line);
            first = 0;
        }
        tdn_buf_free(&b);
    }
    if (n == 0) printf("No muscle in the knowledge base refers pain to these regions.\n");
}

/* Under the table: the findings' effect, or which sites to palpate first. */
static void print_palpation(const tdn_kb *kb, const tdn_candidate *c, int n, int n_found)
{
    if (n_found) {
        for (int i = 0; i < n; i++)
            if (c[i].palpated)
                printf("%s %c: palpated, %s\n", kb->muscles[c[i].muscle].id, c[i].side,
                       c[i].palpated > 0 ? "tender, reproduces the pain (first)"
                                         : "nothing found (moved down)");
        return;
    }
    tdn_buf b = {0};
    tdn_locate_palpate_first(kb, c, n, &b);
    if (b.data) printf("\nPalpate first:\n%s", b.data);
    tdn_buf_free(&b);
}

static int parse_limit(const char *s, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < 1 || v > LOCATE_MAX_OUT) return -1;
    *out = (int)v;
    return 0;
}

int tdn_cmd_locate(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    int limit = 10;
    const char *condition = NULL, *palpated[TDN_LOCATE_MAX_FINDINGS];
    tdn_pain pains[TDN_LOCATE_MAX_PAIN];
    int n_pain = 0, n_palpated = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (tdn_cli_is_json_flag(a))
            json = true;
        else if (strcmp(a, "--limit") == 0) {
            if (i + 1 >= argc || parse_limit(argv[++i], &limit))
                return tdn_cli_usage_error("--limit: needs a whole number from 1 to %d",
                                           LOCATE_MAX_OUT);
        } else if (strcmp(a, "--condition") == 0) {
            if (i + 1 >= argc) return tdn_cli_usage_error("--condition: needs a condition id");
            condition = argv[++i];
        } else if (strcmp(a, "--palpated") == 0) {
            if (i + 1 >= argc)
                return tdn_cli_usage_error("--palpated: needs MUSCLE[:SIDE]=+ or MUSCLE[:SIDE]=-");
            if (n_palpated == TDN_LOCATE_MAX_FINDINGS)
                return tdn_cli_usage_error("--palpated: at most %d findings",
                                           TDN_LOCATE_MAX_FINDINGS);
            palpated[n_palpated++] = argv[++i];
        } else if (a[0] == '-') {
            return tdn_cli_usage_error("locate: unknown option '%s'", a);
        } else {
            if (n_pain == TDN_LOCATE_MAX_PAIN)
                return tdn_cli_usage_error("region: at most %d pain regions", TDN_LOCATE_MAX_PAIN);
            tdn_err err = {0};
            if (tdn_pain_parse(a, &pains[n_pain], &err)) return tdn_cli_fail(&err);
            n_pain++;
        }
    }
    if (n_pain == 0)
        return tdn_cli_usage_error("locate: give at least one pain region, e.g. temple:R "
                                   "posterior_neck:R (see tdn regions)");
    const tdn_kb *kb = tdn_cli_kb(cli);
    if (!kb) return cli->kb_status;
    int cond = -1;
    if (condition && (cond = tdn_kb_condition_lookup(kb, condition)) < 0)
        return tdn_cli_usage_error("--condition: unknown condition '%s' (did you mean '%s'?)",
                                   condition, tdn_kb_condition_closest(kb, condition));
    tdn_palpation found[TDN_LOCATE_MAX_FINDINGS];
    tdn_err err = {0};
    for (int i = 0; i < n_palpated; i++)
        if (tdn_palpation_parse(kb, palpated[i], &found[i], &err)) return tdn_cli_fail(&err);
    tdn_candidate out[LOCATE_MAX_OUT];
    int n = 0;
    if (tdn_locate_palpated(kb, pains, n_pain, cond, found, n_palpated, out, limit, &n, &err))
        return tdn_cli_fail(&err);
    if (!json) {
        print_locate_table(kb, out, n, pains, n_pain);
        print_palpation(kb, out, n, n_palpated);
        return 0;
    }
    return tdn_cli_print_json(tdn_json_candidates(kb, out, n, pains, n_pain, n_palpated == 0));
}

static void print_json_list(const char *label, json_t *list)
{
    printf("%-22s", label);
    size_t i;
    json_t *v;
    if (json_array_size(list) == 0) printf("-");
    json_array_foreach(list, i, v) printf("%s%s", i ? ", " : "", json_string_value(v));
    printf("\n");
}

/* "essential zone:  sternal: orbit, cheek; clavicular: forehead:B" from the
 * muscle JSON's patterns (key "essential" or "spillover"). */
static void print_patterns(json_t *muscle, const char *label, const char *key)
{
    json_t *patterns = json_object_get(muscle, "patterns");
    bool split = json_array_size(patterns) > 1 &&
                 (strcmp(key, "essential") == 0 ||
                  json_is_true(json_object_get(muscle, "spillover_per_pattern")));
    if (!split) {
        print_json_list(label, json_object_get(muscle, key));
        return;
    }
    printf("%-22s", label);
    size_t i, k;
    json_t *p, *v;
    json_array_foreach(patterns, i, p)
    {
        printf("%s%s: ", i ? "; " : "", json_string_value(json_object_get(p, "label")));
        json_t *zones = json_object_get(p, key);
        if (json_array_size(zones) == 0) printf("-");
        json_array_foreach(zones, k, v) printf("%s%s", k ? ", " : "", json_string_value(v));
    }
    printf("\n");
}

/* "lung (at thoracic_spine), nerve:sciatic" from the muscle JSON. */
static void print_hazards(json_t *muscle)
{
    json_t *sites = json_object_get(muscle, "hazard_sites");
    size_t i;
    json_t *h;
    printf("%-22s", "hazards:");
    if (json_array_size(json_object_get(muscle, "hazards")) == 0) printf("-");
    json_array_foreach(json_object_get(muscle, "hazards"), i, h)
    {
        printf("%s%s", i ? ", " : "", json_string_value(h));
        json_t *at = json_object_get(sites, json_string_value(h));
        size_t k;
        json_t *site;
        json_array_foreach(at, k, site) printf("%s%s", k ? "+" : " (at ", json_string_value(site));
        if (json_array_size(at)) printf(")");
    }
    printf("\n");
}

int tdn_cmd_muscle(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *id = NULL;
    for (int i = 1; i < argc; i++) {
        if (tdn_cli_is_json_flag(argv[i]))
            json = true;
        else if (argv[i][0] == '-')
            return tdn_cli_usage_error("muscle: unknown option '%s'", argv[i]);
        else if (id)
            return tdn_cli_usage_error("muscle: give one muscle id");
        else
            id = argv[i];
    }
    if (!id) return tdn_cli_usage_error("muscle: give a muscle id, e.g. upper_trapezius");
    const tdn_kb *kb = tdn_cli_kb(cli);
    if (!kb) return cli->kb_status;
    int mi = tdn_kb_muscle_find(kb, id);
    if (mi < 0)
        return tdn_cli_usage_error("muscle: unknown muscle '%s' (did you mean '%s'?)", id,
                                   tdn_kb_muscle_closest(kb, id));
    const tdn_muscle *m = &kb->muscles[mi];
    json_t *j = tdn_json_muscle(kb, m);
    if (json) return tdn_cli_print_json(j);
    printf("%s (%s)\n", m->name, m->id);
    print_json_list("trigger point sites:", json_object_get(j, "tp_sites"));
    print_patterns(j, "essential zone:", "essential");
    print_patterns(j, "spillover zone:", "spillover");
    printf("%-22s%s, %s by hand\n", "palpation:", m->palpation,
           m->palpable ? "palpable" : "NOT palpable");
    printf("%-22s%s\n", "after withdrawal:",
           m->compressible ? "compressible (pressure stops bleeding)" : "not compressible (deep)");
    print_hazards(j);
    print_json_list("conditions:", json_object_get(j, "conditions"));
    printf("%-22s%s\n", "source:", m->source);
    printf("(zones are ipsilateral unless marked :C contralateral or :B both sides)\n");
    json_decref(j);
    return 0;
}

int tdn_cmd_regions(tdn_cli *cli, int argc, char **argv)
{
    (void)cli;
    bool json = argc > 1 && tdn_cli_is_json_flag(argv[1]);
    if (argc > (json ? 2 : 1)) return tdn_cli_usage_error("regions: takes only --json");
    if (json) return tdn_cli_print_json(tdn_json_regions());
    const char *group = "";
    for (int i = 0; i < tdn_region_count(); i++) {
        const tdn_region_info *r = tdn_region_at(i);
        if (strcmp(group, r->group) != 0) printf("%s%s:\n", i ? "\n" : "", group = r->group);
        printf("  %-20s %s\n", r->code, r->name);
    }
    printf("\nA region is CODE[:SIDE][=INTENSITY]: side L, R or B (both / midline, the default),\n"
           "intensity 0-10, e.g. temple:R=7\n");
    return 0;
}

int tdn_cmd_conditions(tdn_cli *cli, int argc, char **argv)
{
    bool json = argc > 1 && tdn_cli_is_json_flag(argv[1]);
    if (argc > (json ? 2 : 1)) return tdn_cli_usage_error("conditions: takes only --json");
    const tdn_kb *kb = tdn_cli_kb(cli);
    if (!kb) return cli->kb_status;
    json_t *all = tdn_json_conditions(kb);
    if (json) return tdn_cli_print_json(all);
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(all, "conditions"), i, c)
    {
        printf("%-26s %-9s %s\n", json_string_value(json_object_get(c, "id")),
               json_string_value(json_object_get(c, "icd10")),
               json_string_value(json_object_get(c, "name")));
        if (json_array_size(json_object_get(c, "aliases")))
            print_json_list("    also:", json_object_get(c, "aliases"));
        print_json_list("    muscles:", json_object_get(c, "muscles"));
    }
    json_decref(all);
    printf("\n--condition and episode open take the id, the ICD-10-CM code, the name or an "
           "alias.\n");
    return 0;
}
