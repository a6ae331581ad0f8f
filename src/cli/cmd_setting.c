/* cmd_setting.c — `tdn setting show|set`: the clinic's settings
 * (app/settings.h), e.g. its time zone: `tdn setting set timezone
 * Europe/Madrid`. A change is audited. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/settings.h"
#include "cli/cli.h"

static const char *help_of(const char *key)
{
    for (const tdn_setting_def *d = tdn_setting_defs; d->key; d++)
        if (strcmp(d->key, key) == 0) return d->help;
    return "";
}

static int setting_show(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const tdn_opt opts[] = {{0}};
    if (tdn_cli_opts("setting show", argc, argv, opts, &json, NULL)) return 1;
    tdn_store *s = tdn_cli_store(cli, false);
    if (!s) return cli->store_status;
    tdn_setting *xs = NULL;
    size_t n = 0;
    tdn_err err = {0};
    if (tdn_store_setting_list(s, &xs, &n, &err)) return tdn_cli_fail(&err);
    int rc = 0;
    if (json) {
        json_t *o = json_object();
        for (size_t i = 0; i < n; i++)
            json_object_set_new(o, xs[i].key, json_string(xs[i].value));
        rc = tdn_cli_print_json(o);
    } else {
        for (size_t i = 0; i < n; i++)
            printf("%-22s %-20s %s\n", xs[i].key, xs[i].value, help_of(xs[i].key));
    }
    free(xs);
    return rc;
}

static int setting_set(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *args[3] = {0};
    int n = 0;
    for (int i = 1; i < argc; i++) {
        if (tdn_cli_is_json_flag(argv[i]))
            json = true;
        else if (argv[i][0] == '-' && argv[i][1])
            return tdn_cli_usage_error("setting set: unknown option '%s'", argv[i]);
        else if (n < 3)
            args[n++] = argv[i];
        else
            return tdn_cli_usage_error("setting set: unexpected argument '%s'", argv[i]);
    }
    if (n != 2)
        return tdn_cli_usage_error("setting set: give KEY VALUE (e.g. timezone Europe/Madrid)");
    tdn_err err = {0};
    tdn_store *s = tdn_cli_store(cli, false);
    if (!s) return cli->store_status;
    if (tdn_setting_set(s, tdn_cli_act(cli), args[0], args[1], &err)) return tdn_cli_fail(&err);
    if (json) return tdn_cli_print_json(json_pack("{s:s, s:s}", "key", args[0], "value", args[1]));
    printf("%s = %s\n", args[0], args[1]);
    if (strcmp(args[0], "timezone") == 0)
        fprintf(stderr, "tdn: a running tdn serve shows the new time zone once restarted\n");
    return 0;
}

int tdn_cmd_setting(tdn_cli *cli, int argc, char **argv)
{
    static const tdn_subcmd subs[] = {{"show", setting_show}, {"set", setting_set}, {0}};
    return tdn_cli_dispatch(cli, subs, argc, argv);
}
