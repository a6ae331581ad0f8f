/* cmd_audit.c — `tdn audit [--patient ID] [--actor NAME] [--action WHAT]
 * [--limit N] [--before ID]`: one page of the audit trail (who, when, what,
 * which record): the newest --limit entries (100) below --before, printed
 * oldest first; the JSON gives next_before for the older page. Reading it
 * is audited too. */
#include <stdio.h>
#include <stdlib.h>

#include "app/record_json.h"
#include "cli/cli.h"

int tdn_cmd_audit(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *patient = NULL, *before = NULL, *limit = NULL;
    tdn_audit_query q = {0};
    const tdn_opt opts[] = {{"--patient", &patient, 0}, {"--before", &before, 0},
                            {"--limit", &limit, 0},     {"--actor", &q.actor, 0},
                            {"--action", &q.action, 0}, {0}};
    if (tdn_cli_opts("audit", argc, argv, opts, &json, NULL)) return 1;
    int64_t lim = 0;
    if (patient && tdn_cli_parse_id("--patient", patient, &q.patient_id)) return 1;
    if (before && tdn_cli_parse_id("--before", before, &q.before)) return 1;
    if (limit && tdn_cli_parse_id("--limit", limit, &lim)) return 1;
    if (lim > TDN_AUDIT_PAGE_MAX) {
        fprintf(stderr, "tdn: --limit: from 1 to %d\n", TDN_AUDIT_PAGE_MAX);
        return 1;
    }
    q.limit = (int)lim;
    tdn_store *s = tdn_cli_store(cli, false);
    if (!s) return cli->store_status;
    tdn_audit_entry *es = NULL;
    size_t n = 0;
    int64_t next = 0;
    tdn_err err = {0};
    if (tdn_store_audit_page(s, tdn_cli_act(cli), &q, &es, &n, &next, &err))
        return tdn_cli_fail(&err);
    json_t *a = json ? json_array() : NULL;
    for (size_t i = n; i-- > 0;) {
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
    if (!json && next) printf("(older entries: tdn audit --before %lld)\n", (long long)next);
    return json ? tdn_cli_print_json(json_pack("{s:o,s:o}", "audit", a, "next_before",
                                               next ? json_integer(next) : json_null()))
                : 0;
}
