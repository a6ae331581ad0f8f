/* cmd_serve.c — `tdn serve`: parse the options, load the knowledge base and
 * hand over to the web server (web/web.h), which runs until SIGINT/SIGTERM. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "web/web.h"

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi) return -1;
    *out = (int)v;
    return 0;
}

int tdn_cmd_serve(tdn_cli *cli, int argc, char **argv)
{
    tdn_web_config cfg = {.listen = "127.0.0.1:8080", .db_url = cli->db_url};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_val = i + 1 < argc;
        if (strcmp(a, "--listen") == 0 && has_val)
            cfg.listen = argv[++i];
        else if (strcmp(a, "--list-routes") == 0) {
            tdn_web_list_routes(stdout);
            return 0;
        } else if (strcmp(a, "--behind-tls-proxy") == 0 || strcmp(a, "--tls") == 0)
            cfg.behind_tls_proxy = true; /* --tls: the option's former name */
        else if (strcmp(a, "--threads") == 0 && has_val) {
            if (parse_int(argv[++i], 1, 64, &cfg.threads))
                return tdn_cli_usage_error("--threads: needs a whole number from 1 to 64");
        } else if (strcmp(a, "--per-address") == 0 && has_val) {
            if (parse_int(argv[++i], 1, 2000, &cfg.per_address))
                return tdn_cli_usage_error("--per-address: needs a whole number from 1 to 2000");
        } else if (strcmp(a, "--head-seconds") == 0 && has_val) {
            if (parse_int(argv[++i], 1, 300, &cfg.head_seconds))
                return tdn_cli_usage_error("--head-seconds: needs a whole number from 1 to 300");
        } else if (strcmp(a, "--idle-minutes") == 0 && has_val) {
            if (parse_int(argv[++i], 1, 1440, &cfg.idle_minutes))
                return tdn_cli_usage_error("--idle-minutes: needs a whole number from 1 to 1440");
        } else {
            return tdn_cli_usage_error("serve: unknown or incomplete option '%s'", a);
        }
    }
    const tdn_kb *kb = tdn_cli_kb(cli);
    if (!kb) return cli->kb_status;
    cfg.kb = kb;
    cfg.kbfiles = tdn_cli_kbfiles(cli);
    /* open (or create) the store here first: it sets the clinic's time zone
     * for the whole process before the server's threads start */
    if (!tdn_cli_store(cli, true)) return cli->store_status;
    /* the server's pool opens its own: on PostgreSQL, --threads connections in all */
    tdn_store_close(cli->store);
    cli->store = NULL;
    if (getenv("TDN_NOW") && *getenv("TDN_NOW")) cfg.fixed_now = tdn_cli_act(cli)->now;
    tdn_err err = {0};
    if (tdn_web_serve(&cfg, &err)) return tdn_cli_fail(&err);
    return 0;
}
