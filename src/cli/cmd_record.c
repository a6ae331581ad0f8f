/* cmd_record.c — the patient-level record commands: `tdn episode open`,
 * `tdn consent record`, `tdn screening record`. Values are checked against
 * the knowledge base and core/record.h before the store is touched, so bad
 * input writes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/screening.h"
#include "cli/cli.h"
#include "core/buf.h"
#include "core/record.h"

#define PROFILE_MAX 65536

static int episode_open(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *patient = NULL, *condition = NULL, *goal = NULL, *plan = NULL, *side = NULL,
               *site = NULL;
    const tdn_opt opts[] = {{"--patient", &patient, 0},
                            {"--condition", &condition, 0},
                            {"--goal", &goal, 0},
                            {"--plan", &plan, 0},
                            {"--side", &side, 0},
                            {"--site", &site, 0},
                            {0}};
    if (tdn_cli_opts("episode open", argc, argv, opts, &json, NULL)) return 1;
    tdn_episode e = {0};
    if (!patient) return tdn_cli_usage_error("--patient: required");
    if (tdn_cli_parse_id("--patient", patient, &e.patient_id)) return 1;
    if (!condition) return tdn_cli_usage_error("--condition: required (see tdn conditions)");
    tdn_err err = {0};
    if (tdn_plan_check("--plan", plan, &err)) return tdn_cli_fail(&err);
    if (tdn_side_site_check("--side", side, "--site", site, e.side, e.site, sizeof e.site, &err))
        return tdn_cli_fail(&err);
    if (goal && strlen(goal) > TDN_TEXT_MAX)
        return tdn_cli_usage_error("--goal: longer than %d characters", TDN_TEXT_MAX);
    const tdn_kb *kb = tdn_cli_kb(cli);
    if (!kb) return cli->kb_status;
    int c = tdn_kb_condition_lookup(kb, condition);
    if (c < 0)
        return tdn_cli_usage_error("--condition: unknown condition '%s' (did you mean '%s'?)",
                                   condition, tdn_kb_condition_closest(kb, condition));
    snprintf(e.condition, sizeof e.condition, "%s", kb->conditions[c].id);
    snprintf(e.icd10, sizeof e.icd10, "%s", kb->conditions[c].icd10);
    snprintf(e.goals, sizeof e.goals, "%s", goal ? goal : "");
    snprintf(e.plan, sizeof e.plan, "%s", plan ? plan : "dry_needling");
    tdn_store *s = tdn_cli_store(cli, false);
    if (!s) return cli->store_status;
    int64_t id = 0;
    if (tdn_store_episode_open(s, tdn_cli_act(cli), &e, &id, &err)) return tdn_cli_fail(&err);
    return tdn_cli_print_id(json, id);
}

int tdn_cmd_episode(tdn_cli *cli, int argc, char **argv)
{
    static const tdn_subcmd subs[] = {{"open", episode_open}, {0}};
    return tdn_cli_dispatch(cli, subs, argc, argv);
}

static int consent_record(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *patient = NULL, *by = NULL;
    const tdn_opt opts[] = {{"--patient", &patient, 0}, {"--by", &by, 0}, {0}};
    if (tdn_cli_opts("consent record", argc, argv, opts, &json, NULL)) return 1;
    tdn_consent c = {0};
    if (!patient) return tdn_cli_usage_error("--patient: required");
    if (tdn_cli_parse_id("--patient", patient, &c.patient_id)) return 1;
    if (!by) return tdn_cli_usage_error("--by: required (patient or guardian)");
    static const char *const bys[] = {"patient", "guardian", NULL};
    tdn_err err = {0};
    if (tdn_word_check("--by", by, bys, &err)) return tdn_cli_fail(&err);
    snprintf(c.given_by, sizeof c.given_by, "%s", by);
    tdn_store *s = tdn_cli_store(cli, false);
    if (!s) return cli->store_status;
    int64_t id = 0;
    if (tdn_store_consent_add(s, tdn_cli_act(cli), &c, &id, &err)) return tdn_cli_fail(&err);
    return tdn_cli_print_id(json, id);
}

int tdn_consent_withdraw_cmd(tdn_cli *cli, int argc, char **argv); /* cmd_econsent.c */
int tdn_consent_text_cmd(tdn_cli *cli, int argc, char **argv);

int tdn_cmd_consent(tdn_cli *cli, int argc, char **argv)
{
    static const tdn_subcmd subs[] = {{"record", consent_record},
                                      {"withdraw", tdn_consent_withdraw_cmd},
                                      {"text", tdn_consent_text_cmd},
                                      {0}};
    return tdn_cli_dispatch(cli, subs, argc, argv);
}

/* Reads FILE or stdin ("-") whole into b; 0 or 1 after printing the error. */
static int read_input(const char *path, tdn_buf *b)
{
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!fp) return tdn_cli_usage_error("profile: cannot read %s", path);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0 && b->len <= PROFILE_MAX)
        tdn_buf_putn(b, chunk, n);
    bool bad = ferror(fp);
    if (fp != stdin) fclose(fp);
    if (bad) return tdn_cli_usage_error("profile: error reading %s", path);
    if (b->oom) return tdn_cli_usage_error("profile: out of memory");
    if (b->len > PROFILE_MAX)
        return tdn_cli_usage_error("profile: larger than %d bytes", PROFILE_MAX);
    return 0;
}

static int screening_record(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *patient = NULL, *file = NULL;
    const tdn_opt opts[] = {{"--patient", &patient, 0}, {0}};
    if (tdn_cli_opts("screening record", argc, argv, opts, &json, &file)) return 1;
    int64_t pid = 0;
    if (!patient) return tdn_cli_usage_error("--patient: required");
    if (tdn_cli_parse_id("--patient", patient, &pid)) return 1;
    if (!file) return tdn_cli_usage_error("screening record: give a profile FILE or - for stdin");
    tdn_buf b = {0};
    if (read_input(file, &b)) return tdn_buf_free(&b), 1;
    json_error_t jerr;
    json_t *profile = json_loads(tdn_buf_str(&b), 0, &jerr);
    tdn_buf_free(&b);
    if (!profile)
        return tdn_cli_usage_error("profile: not JSON (line %d: %s)", jerr.line, jerr.text);
    /* keys, types and values are the screening engine's to check */
    tdn_err err = {0};
    int rc = 0;
    char *text = json_dumps(profile, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(profile);
    if (!text) return tdn_cli_usage_error("profile: out of memory");
    tdn_store *s = tdn_cli_store(cli, false);
    const tdn_kbfiles *files = s ? tdn_cli_kbfiles(cli) : NULL;
    tdn_screen_rules *rules = NULL;
    json_t *result = NULL;
    if (!s)
        rc = cli->store_status;
    else if (!files)
        rc = cli->kb_status;
    else if (tdn_screen_rules_load(&rules, files->files, files->n, &err) ||
             tdn_screening_record(s, tdn_cli_act(cli), rules, tdn_cli_kb(cli), pid, text,
                                  strlen(text), NULL, &result, &err))
        rc = tdn_cli_fail(&err);
    tdn_screen_rules_free(rules);
    free(text);
    if (rc) return rc;
    if (json) return tdn_cli_print_json(result);
    printf("%lld\n", (long long)json_integer_value(json_object_get(result, "id")));
    json_decref(result);
    return 0;
}

int tdn_cmd_screening(tdn_cli *cli, int argc, char **argv)
{
    static const tdn_subcmd subs[] = {{"record", screening_record}, {0}};
    return tdn_cli_dispatch(cli, subs, argc, argv);
}
