/* cmd_painmap.c — `tdn painmap add`: records where the patient hurts today,
 * for a session or an episode, in the same REGION[:SIDE][=0-10] form as
 * `tdn locate`. The whole map is stored in one transaction or not at all. */
#include <stdio.h>
#include <string.h>

#include "app/painmap.h"
#include "cli/cli.h"
#include "core/locate.h"

typedef struct painmap_args {
    const char *session, *episode;
    bool json;
    tdn_pain pains[TDN_LOCATE_MAX_PAIN];
    int n;
} painmap_args;

static int parse_args(int argc, char **argv, painmap_args *a)
{
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char **slot = strcmp(arg, "--session") == 0   ? &a->session
                            : strcmp(arg, "--episode") == 0 ? &a->episode
                                                            : NULL;
        if (slot) {
            if (*slot) return tdn_cli_usage_error("%s: given twice", arg);
            if (i + 1 >= argc) return tdn_cli_usage_error("%s: needs an id", arg);
            *slot = argv[++i];
        } else if (tdn_cli_is_json_flag(arg)) {
            a->json = true;
        } else if (arg[0] == '-') {
            return tdn_cli_usage_error("painmap add: unknown option '%s'", arg);
        } else {
            if (a->n == TDN_LOCATE_MAX_PAIN)
                return tdn_cli_usage_error("region: at most %d pain regions", TDN_LOCATE_MAX_PAIN);
            tdn_err err = {0};
            if (tdn_pain_parse(arg, &a->pains[a->n], &err)) return tdn_cli_fail(&err);
            a->n++;
        }
    }
    if (!a->session == !a->episode)
        return tdn_cli_usage_error("painmap add: give --session ID or --episode ID (one of them)");
    if (a->n == 0)
        return tdn_cli_usage_error("region: give at least one pain region, e.g. temple:R=6 "
                                   "posterior_neck:R=4 (see tdn regions)");
    return 0;
}

static int painmap_add(tdn_cli *cli, int argc, char **argv)
{
    painmap_args a = {0};
    if (parse_args(argc, argv, &a)) return 1;
    int64_t sid = 0, eid = 0;
    if (a.session && tdn_cli_parse_id("--session", a.session, &sid)) return 1;
    if (a.episode && tdn_cli_parse_id("--episode", a.episode, &eid)) return 1;
    tdn_pain_entry map[TDN_LOCATE_MAX_PAIN];
    int64_t ids[TDN_LOCATE_MAX_PAIN];
    tdn_pain_map_entries(a.pains, a.n, sid, eid, 0, map);
    tdn_store *s = tdn_cli_store(cli, false);
    if (!s) return cli->store_status;
    tdn_err err = {0};
    if (tdn_store_pain_map_add(s, tdn_cli_act(cli), map, (size_t)a.n, ids, &err))
        return tdn_cli_fail(&err);
    if (a.json) {
        json_t *list = json_array();
        for (int i = 0; i < a.n; i++)
            json_array_append_new(list, json_integer(ids[i]));
        return tdn_cli_print_json(json_pack("{s:o}", "ids", list));
    }
    for (int i = 0; i < a.n; i++)
        printf("%lld\n", (long long)ids[i]);
    return 0;
}

int tdn_cmd_painmap(tdn_cli *cli, int argc, char **argv)
{
    static const tdn_subcmd subs[] = {{"add", painmap_add}, {0}};
    return tdn_cli_dispatch(cli, subs, argc, argv);
}
