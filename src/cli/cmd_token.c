/* cmd_token.c — `tdn token add|list|revoke`: API tokens for machine clients
 * of the FHIR API. `add` prints the token once (only its hash is stored);
 * a token acts as its user, with that user's role, until it expires or is
 * revoked. Adding and revoking are audited. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/token.h"
#include "cli/cli.h"

int tdn_cmd_token(tdn_cli *cli, int argc, char **argv);

static int token_add(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *user = NULL, *days = NULL;
    const tdn_opt opts[] = {{"--user", &user, NULL}, {"--expires", &days, NULL}, {0}};
    if (tdn_cli_opts("token add", argc, argv, opts, &json, NULL)) return 1;
    if (!user) return tdn_cli_usage_error("--user: required");
    if (!days) return tdn_cli_usage_error("--expires: required (days)");
    char *end = NULL;
    long d = strtol(days, &end, 10);
    if (!*days || *end || d < 1 || d > 3650)
        return tdn_cli_usage_error("--expires: '%s' must be a whole number of days from 1 to 3650",
                                   days);
    tdn_store *s = tdn_cli_store(cli, false);
    if (!s) return cli->store_status;
    char token[TDN_TOKEN_LEN + 1], hash[TDN_TOKEN_HASH_LEN + 1];
    tdn_token_new(token, hash);
    const tdn_act *act = tdn_cli_act(cli);
    int64_t id = 0, expires = act->now + (int64_t)d * 86400;
    tdn_err err = {0};
    if (tdn_store_token_add(s, act, user, hash, expires, &id, &err))
        return tdn_cli_fail_opts(&err, (const char *const[]){"--user", NULL});
    char when[40];
    tdn_cli_time(expires, when);
    if (json)
        return tdn_cli_print_json(json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)id, "token",
                                            token, "user", user, "expires", (json_int_t)expires));
    printf("%s\n", token);
    fprintf(stderr, "tdn: token %lld for %s, valid until %s; it is shown only now\n", (long long)id,
            user, when);
    return 0;
}

static int token_list(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const tdn_opt opts[] = {{0}};
    if (tdn_cli_opts("token list", argc, argv, opts, &json, NULL)) return 1;
    tdn_store *s = tdn_cli_store(cli, false);
    if (!s) return cli->store_status;
    tdn_api_token *t = NULL;
    size_t n = 0;
    tdn_err err = {0};
    if (tdn_store_token_list(s, &t, &n, &err)) return tdn_cli_fail(&err);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        const char *state = t[i].revoked                            ? "revoked"
                            : t[i].expires <= tdn_cli_act(cli)->now ? "expired"
                                                                    : "valid";
        if (json) {
            json_array_append_new(
                arr, json_pack("{s:I, s:s, s:s, s:I, s:I}", "id", (json_int_t)t[i].id, "user",
                               t[i].username, "state", state, "created", (json_int_t)t[i].created,
                               "expires", (json_int_t)t[i].expires));
            continue;
        }
        char when[40];
        tdn_cli_time(t[i].expires, when);
        printf("%5lld  %-20s  %-8s  until %s\n", (long long)t[i].id, t[i].username, state, when);
    }
    free(t);
    if (json) return tdn_cli_print_json(json_pack("{s:o}", "tokens", arr));
    json_decref(arr);
    return 0;
}

static int token_revoke(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *idtext = NULL;
    const tdn_opt opts[] = {{0}};
    if (tdn_cli_opts("token revoke", argc, argv, opts, &json, &idtext)) return 1;
    int64_t id;
    if (!idtext) return tdn_cli_usage_error("token revoke: give the token's ID");
    if (tdn_cli_parse_id("ID", idtext, &id)) return 1;
    tdn_store *s = tdn_cli_store(cli, false);
    if (!s) return cli->store_status;
    tdn_err err = {0};
    if (tdn_store_token_revoke(s, tdn_cli_act(cli), id, &err)) return tdn_cli_fail(&err);
    if (json)
        return tdn_cli_print_json(json_pack("{s:I, s:b}", "id", (json_int_t)id, "revoked", 1));
    printf("tdn: token %lld revoked\n", (long long)id);
    return 0;
}

int tdn_cmd_token(tdn_cli *cli, int argc, char **argv)
{
    static const tdn_subcmd subs[] = {
        {"add", token_add}, {"list", token_list}, {"revoke", token_revoke}, {0}};
    return tdn_cli_dispatch(cli, subs, argc, argv);
}
