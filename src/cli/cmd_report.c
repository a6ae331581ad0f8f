/* cmd_report.c — `tdn report safety|outcomes|split-body [--from D] [--to D]
 * [--condition C] [--muscle M] [--clinician U] [--protocol deep|superficial]
 * [--json|--csv]`: the practice-based evidence reports (app/report.h) as a
 * plain-text table, the JSON of the contract, or CSV. Each run is one
 * audited read of the report; bad filters exit 1 naming the option. */
#include <stdio.h>
#include <stdlib.h>

#include "app/report.h"
#include "cli/cli.h"

static const char *const report_options[] = {"from",      "to",       "condition", "muscle",
                                             "clinician", "protocol", NULL};

typedef struct report_run {
    tdn_report_args args;
    bool json, csv;
    tdn_report_filter filter;
    tdn_store *store;
} report_run;

/* Parses the shared options and the filters; 1 (or the store's code) after
 * printing an error, 0 when all is well. */
static int report_start(tdn_cli *cli, const char *cmd, int argc, char **argv, report_run *r)
{
    tdn_report_args *a = &r->args;
    const tdn_opt opts[] = {{"--from", &a->from, 0},
                            {"--to", &a->to, 0},
                            {"--condition", &a->condition, 0},
                            {"--muscle", &a->muscle, 0},
                            {"--clinician", &a->clinician, 0},
                            {"--protocol", &a->protocol, 0},
                            {"--csv", 0, &r->csv},
                            {0}};
    if (tdn_cli_opts(cmd, argc, argv, opts, &r->json, NULL)) return 1;
    if (r->json && r->csv) return tdn_cli_usage_error("--csv: give --json or --csv, not both");
    const tdn_kb *kb = tdn_cli_kb(cli);
    if (!kb) return cli->kb_status;
    r->store = tdn_cli_store(cli, false);
    if (!r->store) return cli->store_status;
    tdn_err err = {0};
    if (tdn_report_filter_make(r->store, kb, a, &r->filter, &err))
        return tdn_cli_fail_opts(&err, report_options);
    return 0;
}

static int print_buf(tdn_buf *b)
{
    int rc = b->oom ? 2 : 0;
    if (!rc) fputs(tdn_buf_str(b), stdout);
    tdn_buf_free(b);
    return rc;
}

static int report_safety(tdn_cli *cli, int argc, char **argv)
{
    report_run r = {0};
    int rc = report_start(cli, "report safety", argc, argv, &r);
    if (rc) return rc;
    const tdn_kbfiles *files = tdn_cli_kbfiles(cli);
    if (!files) return cli->kb_status;
    tdn_safety_report rep;
    tdn_err err = {0};
    if (tdn_report_safety(r.store, tdn_cli_act(cli), files->files, files->n, &r.filter, &rep, &err))
        return tdn_cli_fail(&err);
    tdn_buf b = {0};
    if (r.json)
        rc = tdn_cli_print_json(tdn_safety_json(&rep));
    else if (r.csv)
        tdn_safety_csv(&b, &rep);
    else
        tdn_safety_text(&b, &rep);
    tdn_safety_report_free(&rep);
    return r.json ? rc : print_buf(&b);
}

static int report_outcomes(tdn_cli *cli, int argc, char **argv)
{
    report_run r = {0};
    int rc = report_start(cli, "report outcomes", argc, argv, &r);
    if (rc) return rc;
    const tdn_kbfiles *files = tdn_cli_kbfiles(cli);
    if (!files) return cli->kb_status;
    static tdn_outcome_report rep;
    static tdn_thresholds th;
    tdn_err err = {0};
    if (tdn_report_outcomes(r.store, tdn_cli_act(cli), files->files, files->n, &r.filter, &rep, &th,
                            &err))
        return tdn_cli_fail(&err);
    tdn_buf b = {0};
    if (r.json) return tdn_cli_print_json(tdn_outcomes_json(&rep));
    if (r.csv)
        tdn_outcomes_csv(&b, &rep);
    else
        tdn_outcomes_text(&b, &rep);
    return print_buf(&b);
}

static int report_split(tdn_cli *cli, int argc, char **argv)
{
    report_run r = {0};
    int rc = report_start(cli, "report split-body", argc, argv, &r);
    if (rc) return rc;
    static tdn_split_report rep;
    tdn_err err = {0};
    if (tdn_report_split(r.store, tdn_cli_act(cli), &r.filter, &rep, &err))
        return tdn_cli_fail(&err);
    if (r.json) return tdn_cli_print_json(tdn_split_json(&rep));
    tdn_buf b = {0};
    if (r.csv)
        tdn_split_csv(&b, &rep);
    else
        tdn_split_text(&b, &rep);
    return print_buf(&b);
}

int tdn_cmd_report(tdn_cli *cli, int argc, char **argv)
{
    static const tdn_subcmd subs[] = {{"safety", report_safety},
                                      {"outcomes", report_outcomes},
                                      {"split-body", report_split},
                                      {0}};
    return tdn_cli_dispatch(cli, subs, argc, argv);
}
