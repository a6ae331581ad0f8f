/* cmd_audit.c — `tdn audit [--patient ID]`: the audit trail (who, when,
 * what, which record), oldest first. Reading it is audited too. */
#include <stdio.h>
#include <stdlib.h>

#include "app/record_json.h"
#include "cli/cli.h"

int tdn_cmd_audit(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *patient = NULL;
    const tdn_opt opts[] = {{"--patient", &patient, 0}, {0}};
    if (tdn_cli_opts("audit", argc, argv, opts, &json, NULL)) return 1;
    int64_t pid = 0;
    if (patient && tdn_cli_parse_id("--patient", patient, &pid)) return 1;
    tdn_store *s = tdn_cli_store(cli, false);
    if (!s) return cli->store_status;
    tdn_audit_entry *es = NULL;
    size_t n = 0;
    tdn_err err = {0};
    if (tdn_store_audit_list(s, tdn_cli_act(cli), pid, &es, &n, &err)) return tdn_cli_fail(&err);
    json_t *a = json ? json_array() : NULL;
    for (size_t i = 0; i < n; i++) {
        const tdn_audit_entry *e = &es[i];
        if (json) {
            json_array_append_new(a, tdn_audit_json(e));
            continue;
        }
        char t[40], rec[24] = "-", pat[24] = "-";
        tdn_cli_time(e->at, t);
        if (e->record_id) snprintf(rec, sizeof rec, "%lld", (long long)e->record_id);
        if (e->patient_id) snprintf(pat, sizeof pat, "%lld", (long long)e->patient_id);
        printf("%6lld  %s  %-12s %-12s %-14s %-6s patient %-6s %s\n", (long long)e->id, t, e->actor,
               e->action, e->table, rec, pat, e->detail);
    }
    free(es);
    return json ? tdn_cli_print_json(json_pack("{s:o}", "audit", a)) : 0;
}
