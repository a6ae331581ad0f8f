/* cmd_screen.c — `tdn screen [--json] FILE|-`: reads a screening profile
 * (DESIGN §6), evaluates it against data/screening_rules.tsv and the KB and
 * prints the decision. `tdn screen --rules [--json]` lists the rules with
 * their sources. Exit 0 for any decision (a no_go is a valid answer),
 * 1 for a bad profile or usage, 2 for system errors. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "app/screen_json.h"
#include "cli/cli.h"
#include "core/buf.h"

#define PROFILE_MAX (1 << 20)

/* Reads all of path ("-" = stdin) into b. Returns an exit code. */
static int read_profile(const char *path, tdn_buf *b)
{
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    if (!fp) return tdn_cli_usage_error("screen: cannot read %s: %s", path, strerror(errno));
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0 && b->len <= PROFILE_MAX)
        tdn_buf_putn(b, chunk, n);
    int bad = ferror(fp);
    if (!is_stdin) fclose(fp);
    if (bad) {
        fprintf(stderr, "tdn: screen: error reading %s\n", path);
        return 2;
    }
    if (b->oom) {
        fputs("tdn: out of memory\n", stderr);
        return 2;
    }
    if (b->len > PROFILE_MAX)
        return tdn_cli_usage_error("profile: larger than %d bytes", PROFILE_MAX);
    return 0;
}

static void print_reason(const tdn_screen_reason *r)
{
    char site[64] = "";
    if (r->has_site) tdn_screen_site_str(r->site, site, sizeof site);
    if (r->rule->scope == TDN_SCOPE_ESTIM) snprintf(site, sizeof site, "e-stim");
    printf("  %-8s %s%s%s%s: %s\n", tdn_screen_level_name(r->level), r->rule->id, *site ? " [" : "",
           site, *site ? "]" : "", r->detail);
}

static void print_sites(const char *label, const tdn_screen_site *s, int n)
{
    char buf[64];
    printf("%s", label);
    for (int i = 0; i < n; i++)
        printf("%s%s", i ? ", " : " ", tdn_screen_site_str(s[i], buf, sizeof buf));
    printf("%s\n", n ? "" : " -");
}

/* The muscles a no_go muscle rule blocks (every such rule lists the same
 * muscles: those that cannot be compressed): needling them is refused. */
static void print_blocked_muscles(const tdn_screen_result *r)
{
    for (int i = 0; i < r->n_reasons; i++) {
        const char *m = r->reasons[i].muscles;
        if (r->reasons[i].level != TDN_SCREEN_NO_GO || !m) continue;
        printf("blocked muscles:");
        for (size_t n; *m; m += n + (m[n] == ',')) {
            n = strcspn(m, ",");
            printf(" %.*s%s", (int)n, m, m[n] ? "," : "");
        }
        printf("\n");
        return;
    }
}

static void print_human(const tdn_screen_result *r, const tdn_screen_profile *p)
{
    static const char *const verdict[] = {"GO", "GO", "CAUTION", "NO-GO"};
    printf("%s\n", verdict[r->decision]);
    bool advice = false;
    for (int i = 0; i < r->n_reasons; i++) {
        if (r->reasons[i].level < TDN_SCREEN_CAUTION && !advice) {
            printf("advice:\n");
            advice = true;
        }
        print_reason(&r->reasons[i]);
    }
    if (r->n_reasons == 0) printf("  no contraindication or precaution found\n");
    if (p->n_planned || r->n_blocked) {
        print_sites("blocked regions:", r->blocked, r->n_blocked);
        print_sites("allowed regions:", r->allowed, r->n_allowed);
    }
    print_blocked_muscles(r);
}

/* Loads the rules from the KB files (embedded or --kb). NULL after printing. */
static tdn_screen_rules *load_rules(tdn_cli *cli, int *status)
{
    const tdn_kbfiles *files = tdn_cli_kbfiles(cli);
    if (!files) {
        *status = cli->kb_status;
        return NULL;
    }
    tdn_screen_rules *rules = NULL;
    tdn_err err = {0};
    if (tdn_screen_rules_load(&rules, files->files, files->n, &err)) *status = tdn_cli_fail(&err);
    return rules;
}

static int list_rules(tdn_cli *cli, bool json)
{
    int rc = 0;
    tdn_screen_rules *rules = load_rules(cli, &rc);
    if (!rules) return rc;
    if (json) {
        rc = tdn_cli_print_json(tdn_screen_rules_json(rules));
    } else {
        for (int i = 0; i < rules->n; i++) {
            const tdn_screen_rule *r = &rules->rules[i];
            printf("%s%-24s %-8s when %s; applies to %s\n    %s\n    source: %s\n", i ? "\n" : "",
                   r->id, tdn_screen_level_name(r->level), r->trigger, r->scope_text, r->advice,
                   r->source);
        }
    }
    tdn_screen_rules_free(rules);
    return rc;
}

/* The words a profile may use, with what a person reads for each. */
static int list_words(bool json)
{
    static const struct {
        int vocab;
        const char *key;
    } vocabs[] = {{TDN_VOCAB_CONDITION, "conditions"},
                  {TDN_VOCAB_LOCAL, "local"},
                  {TDN_VOCAB_PREGNANCY, "pregnancy"}};
    json_t *all = json_object();
    for (size_t v = 0; v < sizeof vocabs / sizeof vocabs[0]; v++) {
        json_t *list = json_array();
        if (!json) printf("%s%s:\n", v ? "\n" : "", vocabs[v].key);
        for (int i = 0; i < tdn_screen_vocab_count(vocabs[v].vocab); i++) {
            const char *name = tdn_screen_vocab_name(vocabs[v].vocab, i);
            const char *label = tdn_screen_vocab_label(vocabs[v].vocab, i);
            json_array_append_new(list, json_pack("{s:s, s:s}", "word", name, "label", label));
            if (!json) printf("  %-26s %s\n", name, label);
        }
        json_object_set_new(all, vocabs[v].key, list);
    }
    if (json) return tdn_cli_print_json(all);
    json_decref(all);
    return 0;
}

static int screen_file(tdn_cli *cli, const char *path, bool json)
{
    tdn_buf text = {0};
    int rc = read_profile(path, &text);
    if (rc) {
        tdn_buf_free(&text);
        return rc;
    }
    tdn_err err = {0};
    tdn_screen_profile p;
    if (tdn_screen_profile_parse(tdn_buf_str(&text), text.len, &p, &err)) {
        tdn_buf_free(&text);
        return tdn_cli_fail(&err);
    }
    tdn_buf_free(&text);
    const tdn_kb *kb = tdn_cli_kb(cli);
    if (!kb) return cli->kb_status;
    tdn_screen_rules *rules = load_rules(cli, &rc);
    if (!rules) return rc;
    tdn_screen_result res;
    if (tdn_screen_eval(rules, kb, &p, &res, &err)) {
        tdn_screen_rules_free(rules);
        return tdn_cli_fail(&err);
    }
    if (json)
        rc = tdn_cli_print_json(tdn_screen_result_json(&res));
    else
        print_human(&res, &p);
    tdn_screen_result_free(&res);
    tdn_screen_rules_free(rules);
    return rc;
}

int tdn_cmd_screen(tdn_cli *cli, int argc, char **argv)
{
    bool json = false, rules = false, words = false;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (tdn_cli_is_json_flag(a))
            json = true;
        else if (strcmp(a, "--rules") == 0)
            rules = true;
        else if (strcmp(a, "--words") == 0)
            words = true;
        else if (a[0] == '-' && a[1] != '\0')
            return tdn_cli_usage_error("screen: unknown option '%s'", a);
        else if (path)
            return tdn_cli_usage_error("screen: give one profile file (or - for stdin)");
        else
            path = a;
    }
    if (rules && path) return tdn_cli_usage_error("screen: --rules takes no profile");
    if (rules) return list_rules(cli, json);
    if (words)
        return path ? tdn_cli_usage_error("screen: --words takes no profile") : list_words(json);
    if (!path)
        return tdn_cli_usage_error("screen: give a profile file, or - to read it from stdin");
    return screen_file(cli, path, json);
}
