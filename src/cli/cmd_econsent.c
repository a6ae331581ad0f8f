/* cmd_econsent.c — `tdn consent withdraw --patient ID` (withdrawal blocks
 * new sessions) and `tdn consent text [--set FILE|-]`: the consent text
 * patients read and sign in the portal, versioned (version 0 is tdn's
 * default from data/consent.tsv; --set stores the clinic's next version). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/consent.h"
#include "cli/cli.h"
#include "core/buf.h"

int tdn_consent_withdraw_cmd(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *patient = NULL;
    const tdn_opt opts[] = {{"--patient", &patient, 0}, {0}};
    if (tdn_cli_opts("consent withdraw", argc, argv, opts, &json, NULL)) return 1;
    int64_t id = 0, n = 0;
    if (!patient) return tdn_cli_usage_error("--patient: required");
    if (tdn_cli_parse_id("--patient", patient, &id)) return 1;
    tdn_store *s = tdn_cli_store(cli, false);
    if (!s) return cli->store_status;
    tdn_err err = {0};
    if (tdn_store_consent_withdraw(s, tdn_cli_act(cli), id, &n, &err)) return tdn_cli_fail(&err);
    if (json) return tdn_cli_print_json(json_pack("{s:I}", "withdrawn", (json_int_t)n));
    printf("patient %lld: %lld consent(s) withdrawn; no new session until consent is given "
           "again\n",
           (long long)id, (long long)n);
    return 0;
}

static int read_all(const char *path, tdn_buf *b)
{
    FILE *fp = strcmp(path, "-") ? fopen(path, "r") : stdin;
    if (!fp) return tdn_cli_usage_error("--set: cannot read %s", path);
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
        tdn_buf_putn(b, chunk, got);
    if (fp != stdin) fclose(fp);
    return 0;
}

int tdn_consent_text_cmd(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *set = NULL;
    const tdn_opt opts[] = {{"--set", &set, 0}, {0}};
    if (tdn_cli_opts("consent text", argc, argv, opts, &json, NULL)) return 1;
    tdn_store *s = tdn_cli_store(cli, false);
    const tdn_kbfiles *f = s ? tdn_cli_kbfiles(cli) : NULL;
    if (!s) return cli->store_status;
    if (!f) return cli->kb_status;
    tdn_err err = {0};
    int64_t version = 0;
    if (set) {
        tdn_buf b = {0};
        int rc = read_all(set, &b);
        if (!rc && tdn_store_consent_text_set(s, tdn_cli_act(cli), tdn_buf_str(&b), &version, &err))
            rc = tdn_cli_fail(&err);
        tdn_buf_free(&b);
        if (rc) return rc;
    }
    char *text = NULL;
    if (tdn_consent_text_current(s, f->files, f->n, &text, &version, &err))
        return tdn_cli_fail(&err);
    int rc = 0;
    if (json)
        rc = tdn_cli_print_json(
            json_pack("{s:I,s:s}", "version", (json_int_t)version, "text", text));
    else
        printf("consent text version %lld:\n\n%s\n", (long long)version, text);
    free(text);
    return rc;
}
