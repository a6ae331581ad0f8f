/* cmd_intake.c — `tdn intake questions|show|submit|confirm`: the patient's
 * intake questionnaire (data/intake.tsv), what a patient answered beside
 * what the clinician confirmed, entering a paper intake, and the
 * clinician's confirmation that records the screening from it (the JSON
 * shapes are app/intake.h's; FILE or - for stdin). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/intake.h"
#include "cli/cli.h"

/* The questionnaire from the KB files (embedded or --kb); NULL after printing. */
static tdn_intake_form *load_form(tdn_cli *cli, int *status)
{
    const tdn_kbfiles *files = tdn_cli_kbfiles(cli);
    tdn_intake_form *f = files ? calloc(1, sizeof *f) : NULL;
    tdn_err err = {0};
    *status = files ? 2 : cli->kb_status;
    if (!f) return NULL;
    if (tdn_intake_form_load(f, files->files, files->n, &err)) {
        *status = tdn_cli_fail(&err);
        free(f);
        return NULL;
    }
    return f;
}

static json_t *read_json(const char *path, int *status)
{
    json_error_t e;
    json_t *j = strcmp(path, "-") ? json_load_file(path, JSON_REJECT_DUPLICATES, &e)
                                  : json_loadf(stdin, JSON_REJECT_DUPLICATES, &e);
    if (!j || !json_is_object(j)) {
        *status = tdn_cli_usage_error("%s: not a JSON object (%s)", path, j ? "" : e.text);
        json_decref(j);
        return NULL;
    }
    return j;
}

static int questions(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const tdn_opt opts[] = {{0}};
    if (tdn_cli_opts("intake questions", argc, argv, opts, &json, NULL)) return 1;
    int rc = 0;
    tdn_intake_form *f = load_form(cli, &rc);
    if (!f) return rc;
    if (json) rc = tdn_cli_print_json(tdn_intake_form_json(f));
    for (int i = 0; !json && i < f->n; i++)
        printf("%-14s %s\n%15s%s\n", f->q[i].id, f->q[i].question, "", f->q[i].help);
    free(f);
    return rc;
}

static void print_intake(json_t *j)
{
    printf("intake %lld: %s, answered %s\n",
           (long long)json_integer_value(json_object_get(j, "id")),
           json_string_value(json_object_get(j, "status")),
           json_string_value(json_object_get(j, "submitted_by")));
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(j, "items"), i, it)
    {
        const char *pa = json_string_value(json_object_get(it, "patient"));
        const char *pp = json_string_value(json_object_get(it, "patient_place"));
        const char *ca = json_string_value(json_object_get(it, "confirmed"));
        printf("  %-14s patient: %s%s%s%s%s\n", json_string_value(json_object_get(it, "id")),
               pa ? pa : "-", pp ? " at " : "", pp ? pp : "", ca ? "   clinician: " : "",
               ca ? ca : "");
    }
    char *pains = json_dumps(json_object_get(j, "pains"), JSON_COMPACT);
    char *goals = json_dumps(json_object_get(j, "goals"), JSON_COMPACT);
    printf("  pains: %s\n  goals: %s\n", pains ? pains : "", goals ? goals : "");
    free(pains);
    free(goals);
}

static int show(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *id_text = NULL;
    const tdn_opt opts[] = {{0}};
    if (tdn_cli_opts("intake show", argc, argv, opts, &json, &id_text)) return 1;
    int64_t patient = 0;
    if (!id_text) return tdn_cli_usage_error("intake show: give the patient's id");
    if (tdn_cli_parse_id("patient", id_text, &patient)) return 1;
    tdn_store *s = tdn_cli_store(cli, false);
    int rc = 0;
    tdn_intake_form *f = s ? load_form(cli, &rc) : NULL;
    if (!s) return cli->store_status;
    if (!f) return rc;
    tdn_intake_record r;
    bool found = false;
    tdn_err err = {0};
    if (tdn_store_intake_latest(s, tdn_cli_act(cli), patient, &r, &found, &err)) {
        free(f);
        return tdn_cli_fail(&err);
    }
    json_t *j = found ? tdn_intake_json(f, &r) : json_null();
    tdn_intake_record_free(&r);
    free(f);
    if (json) return tdn_cli_print_json(json_pack("{s:o}", "intake", j));
    if (!found) printf("No intake from patient %lld.\n", (long long)patient);
    if (found) print_intake(j);
    json_decref(j);
    return 0;
}

/* submit and confirm: PATIENT FILE|- */
static int with_file(tdn_cli *cli, int argc, char **argv, bool confirm)
{
    bool json = false;
    const char *patient_text = NULL;
    const tdn_opt opts[] = {{"--patient", &patient_text, 0}, {0}};
    const char *path = NULL;
    const char *cmd = confirm ? "intake confirm" : "intake submit";
    if (tdn_cli_opts(cmd, argc, argv, opts, &json, &path)) return 1;
    int64_t patient = 0;
    if (!patient_text) return tdn_cli_usage_error("--patient: required (the patient's id)");
    if (!path) return tdn_cli_usage_error("%s: give a JSON file, or - for stdin", cmd);
    if (tdn_cli_parse_id("--patient", patient_text, &patient)) return 1;
    int rc = 0;
    json_t *body = read_json(path, &rc);
    if (!body) return rc;
    tdn_store *s = tdn_cli_store(cli, false);
    tdn_intake_form *f = s ? load_form(cli, &rc) : NULL;
    const tdn_kb *kb = f && confirm ? tdn_cli_kb(cli) : NULL;
    tdn_screen_rules *rules = NULL;
    tdn_err err = {0};
    if (!s) rc = cli->store_status;
    if (f && confirm && !kb) rc = cli->kb_status;
    if (kb &&
        tdn_screen_rules_load(&rules, tdn_cli_kbfiles(cli)->files, tdn_cli_kbfiles(cli)->n, &err))
        rc = tdn_cli_fail(&err);
    int64_t id = 0;
    json_t *result = NULL;
    if (f && !confirm) {
        rc = tdn_intake_submit(s, tdn_cli_act(cli), f, patient, body, &id, &err)
                 ? tdn_cli_fail(&err)
                 : tdn_cli_print_id(json, id);
    } else if (rules) {
        rc = tdn_intake_confirm(s, tdn_cli_act(cli), f, rules, kb, patient, body, &result, &err);
        if (rc)
            rc = tdn_cli_fail(&err);
        else if (json)
            rc = tdn_cli_print_json(result);
        else
            printf("screening %lld: %s\n",
                   (long long)json_integer_value(json_object_get(result, "id")),
                   json_string_value(json_object_get(result, "decision")));
        if (!json) json_decref(result);
    }
    tdn_screen_rules_free(rules);
    free(f);
    json_decref(body);
    return rc;
}

static int submit(tdn_cli *cli, int argc, char **argv)
{
    return with_file(cli, argc, argv, false);
}

static int confirm(tdn_cli *cli, int argc, char **argv)
{
    return with_file(cli, argc, argv, true);
}

int tdn_cmd_intake(tdn_cli *cli, int argc, char **argv)
{
    static const tdn_subcmd subs[] = {
        {"questions", questions}, {"show", show}, {"submit", submit}, {"confirm", confirm}, {0}};
    return tdn_cli_dispatch(cli, subs, argc, argv);
}
