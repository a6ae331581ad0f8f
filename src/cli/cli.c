/* cli.c — global option parsing and dispatch for `tdn`, plus the helpers in
 * cli.h. */
#include "cli/cli.h"

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/localtime.h"

const tdn_kb *tdn_cli_kb(tdn_cli *cli)
{
    if (cli->kb) return cli->kb;
    tdn_err err = {0};
    if (tdn_kb_open(&cli->kb, &cli->kbfiles, cli->kb_dir, &err)) {
        cli->kb_status = tdn_cli_fail(&err);
        return NULL;
    }
    return cli->kb;
}

const tdn_kbfiles *tdn_cli_kbfiles(tdn_cli *cli)
{
    return tdn_cli_kb(cli) ? &cli->kbfiles : NULL;
}

tdn_store *tdn_cli_store(tdn_cli *cli, bool create)
{
    if (cli->store) return cli->store;
    struct stat sb;
    if (!create && !tdn_store_is_postgres(cli->db_url) && stat(cli->db_url, &sb) != 0 &&
        errno == ENOENT) {
        cli->store_status =
            tdn_cli_usage_error("--db: no database at %s (create it with: tdn init)", cli->db_url);
        return NULL;
    }
    tdn_err err = {0};
    if (tdn_store_open(&cli->store, cli->db_url, &err)) {
        cli->store_status = tdn_cli_fail(&err);
        return NULL;
    }
    if (tdn_tz_use_setting(cli->store, cli->tz, &err)) /* shown in UTC until it is fixed */
        fprintf(stderr,
                "tdn: %s (times are shown in UTC; fix it with: tdn setting set "
                "timezone NAME)\n",
                err.msg);
    return cli->store;
}

const tdn_act *tdn_cli_act(tdn_cli *cli)
{
    if (cli->act.actor) return &cli->act;
    const char *who = getenv("TDN_USER");
    if (!who || !*who) {
        struct passwd *pw = getpwuid(geteuid());
        who = pw && pw->pw_name ? pw->pw_name : "unknown";
    }
    snprintf(cli->actor, sizeof cli->actor, "%s", who);
    cli->act.actor = cli->actor;
    const char *fixed = getenv("TDN_NOW");
    char *end = NULL;
    long long t = fixed && *fixed ? strtoll(fixed, &end, 10) : 0;
    cli->act.now = end && !*end && t > 0 ? (int64_t)t : (int64_t)time(NULL);
    return &cli->act;
}

int tdn_cli_parse_id(const char *field, const char *text, int64_t *id)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (!*text || *end || errno || v < 1 || text[0] == '+' || text[0] == ' ')
        return tdn_cli_usage_error("%s: '%s' is not a record id (a whole number from 1)", field,
                                   text);
    *id = (int64_t)v;
    return 0;
}

bool tdn_cli_is_opt(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

const char *tdn_cli_value(int argc, char **argv, int *i, const char *field)
{
    const char *eq = strchr(argv[*i], '=');
    if (eq && strncmp(argv[*i], "--", 2) == 0) return eq + 1;
    if (*i + 1 >= argc) {
        tdn_cli_usage_error("%s: needs a value", field);
        return NULL;
    }
    return argv[++*i];
}

int tdn_cli_dispatch(tdn_cli *cli, const tdn_subcmd *subs, int argc, char **argv)
{
    for (const tdn_subcmd *c = subs; argc > 1 && c->name; c++)
        if (strcmp(c->name, argv[1]) == 0) return c->fn(cli, argc - 1, argv + 1);
    char names[256] = "";
    for (const tdn_subcmd *c = subs; c->name; c++) {
        size_t n = strlen(names);
        snprintf(names + n, sizeof names - n, "%s%s", n ? ", " : "", c->name);
    }
    if (argc < 2) return tdn_cli_usage_error("%s: give a subcommand: %s", argv[0], names);
    return tdn_cli_usage_error("%s: unknown subcommand '%s' (use %s)", argv[0], argv[1], names);
}

/* Text from the command line must be UTF-8 (JSON output, the web pages and
 * the CSV export need it) without control characters other than line breaks
 * and tabs; 1 after printing the error naming field. */
static int check_text(const char *field, const char *text)
{
    json_t *probe = json_string(text); /* NULL for invalid UTF-8 */
    bool utf8 = probe != NULL;
    json_decref(probe);
    if (!utf8) return tdn_cli_usage_error("%s: not valid UTF-8 text", field);
    for (const unsigned char *c = (const unsigned char *)text; *c; c++)
        if ((*c < 0x20 && *c != '\n' && *c != '\r' && *c != '\t') || *c == 0x7f)
            return tdn_cli_usage_error("%s: contains a control character", field);
    return 0;
}

static int set_opt(const char *cmd, const tdn_opt *o, int argc, char **argv, int *i)
{
    if (o->flag) {
        if (strchr(argv[*i], '='))
            return tdn_cli_usage_error("%s: %s takes no value", cmd, o->name);
        *o->flag = true;
        return 0;
    }
    if (*o->value) return tdn_cli_usage_error("%s: given twice", o->name);
    if (!(*o->value = tdn_cli_value(argc, argv, i, o->name))) return 1;
    return check_text(o->name, *o->value);
}

int tdn_cli_opts(const char *cmd, int argc, char **argv, const tdn_opt *opts, bool *json,
                 const char **positional)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (tdn_cli_is_json_flag(a)) {
            *json = true;
            continue;
        }
        if (a[0] != '-' || strcmp(a, "-") == 0) {
            if (!positional || *positional)
                return tdn_cli_usage_error("%s: unexpected argument '%s'", cmd, a);
            *positional = a;
            continue;
        }
        const tdn_opt *o = opts;
        while (o->name && !tdn_cli_is_opt(a, o->name))
            o++;
        if (!o->name) return tdn_cli_usage_error("%s: unknown option '%s'", cmd, a);
        if (set_opt(cmd, o, argc, argv, &i)) return 1;
    }
    return 0;
}

void tdn_cli_time(int64_t t, char out[40])
{
    tdn_local_time(t, out);
}

int tdn_cli_fail(const tdn_err *err)
{
    fprintf(stderr, "tdn: %s\n", err->msg);
    return err->status == TDN_ESYS ? 2 : 1;
}

int tdn_cli_fail_opts(const tdn_err *err, const char *const *options)
{
    size_t n = strcspn(err->msg, ": ");
    for (const char *const *o = options; err->msg[n] == ':' && *o; o++)
        if (strlen(*o) == n && strncmp(err->msg, *o, n) == 0) {
            fprintf(stderr, "tdn: --%s\n", err->msg);
            return err->status == TDN_ESYS ? 2 : 1;
        }
    return tdn_cli_fail(err);
}

int tdn_cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("tdn: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 1;
}

int tdn_cli_print_json(json_t *v)
{
    if (!v) {
        fputs("tdn: out of memory\n", stderr);
        return 2;
    }
    int rc = json_dumpf(v, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(v);
    fputc('\n', stdout);
    return rc == 0 ? 0 : 2;
}

int tdn_cli_print_id(bool json, int64_t id)
{
    if (json) return tdn_cli_print_json(json_pack("{s:I}", "id", (json_int_t)id));
    printf("%lld\n", (long long)id);
    return 0;
}

bool tdn_cli_is_json_flag(const char *arg)
{
    return strcmp(arg, "--json") == 0;
}

static void print_help(const char *prog)
{
    printf("tdn — the clinic system for trigger point dry needling\n\n"
           "usage: %s [--db URL] [--kb DIR] COMMAND [ARGS]\n\ncommands:\n",
           prog);
    for (const tdn_cmd *c = tdn_commands; c->name; c++)
        if (strlen(c->usage) > 44) /* a long usage gets a line of its own */
            printf("  %s\n  %-44s %s\n", c->usage, "", c->help);
        else
            printf("  %-44s %s\n", c->usage, c->help);
    printf("\nglobal options:\n"
           "  --db URL    record store (default tdn.db; postgresql://... for PostgreSQL)\n"
           "  --kb DIR    load the knowledge base from DIR/*.tsv instead of the built-in one\n"
           "exit status: 0 success, 1 bad usage or input, 2 storage or system failure\n");
}

/* `tdn CMD --help` (or -h, anywhere after CMD) and `tdn help CMD`: the
 * command's usage and what it does, on stdout. */
static bool wants_help(int argc, char **argv)
{
    for (int j = 1; j < argc; j++)
        if (strcmp(argv[j], "--help") == 0 || strcmp(argv[j], "-h") == 0) return true;
    return false;
}

static void print_cmd_help(const char *prog, const tdn_cmd *c)
{
    printf("%s: %s\n\nusage:\n", c->name, c->help);
    size_t name_len = strlen(c->name);
    for (const char *u = c->usage; *u;) { /* one line per " | " alternative */
        const char *bar = strstr(u, " | ");
        int len = bar ? (int)(bar - u) : (int)strlen(u);
        bool named = strncmp(u, c->name, name_len) == 0 && (u[name_len] == ' ' || !u[name_len]);
        printf("  %s %s%s%.*s\n", prog, named ? "" : c->name, named ? "" : " ", len, u);
        u += len + (bar ? 3 : 0);
    }
    printf("\n--json gives machine output; errors go to stderr. Exit status: 0 success, 1 bad "
           "usage or input, 2 storage or system failure.\nGlobal options and every command: %s "
           "--help\n",
           prog);
}

static const char *option_value(int argc, char **argv, int *i)
{
    const char *arg = argv[*i];
    const char *eq = strchr(arg, '=');
    if (eq) return eq + 1;
    if (*i + 1 >= argc) return NULL;
    return argv[++*i];
}

int tdn_cli_main(int argc, char **argv)
{
    tdn_cli cli = {.db_url = "tdn.db", .prog = "tdn"};
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            print_help(cli.prog);
            return 0;
        } else if (strncmp(a, "--db", 4) == 0 && (a[4] == '\0' || a[4] == '=')) {
            if (!(cli.db_url = option_value(argc, argv, &i)) || !*cli.db_url)
                return tdn_cli_usage_error("--db: needs a value (a file path or postgresql://...)");
        } else if (strncmp(a, "--kb", 4) == 0 && (a[4] == '\0' || a[4] == '=')) {
            if (!(cli.kb_dir = option_value(argc, argv, &i)) || !*cli.kb_dir)
                return tdn_cli_usage_error("--kb: needs a directory");
        } else {
            return tdn_cli_usage_error("unknown option '%s' (see tdn --help)", a);
        }
    }
    tdn_store_url_shown(cli.db_url, cli.db_shown, sizeof cli.db_shown);
    if (i >= argc) {
        print_help(cli.prog);
        return 1;
    }
    const char *name = argv[i];
    bool help = wants_help(argc - i, argv + i);
    if (strcmp(name, "help") == 0) {
        if (i + 1 >= argc) {
            print_help(cli.prog);
            return 0;
        }
        name = argv[++i];
        help = true;
    }
    int rc = -1;
    for (const tdn_cmd *c = tdn_commands; c->name; c++) {
        if (strcmp(c->name, name) == 0) {
            if (help) {
                print_cmd_help(cli.prog, c);
                return 0;
            }
            rc = c->fn(&cli, argc - i, argv + i);
            break;
        }
    }
    if (rc == -1) rc = tdn_cli_usage_error("unknown command '%s' (see tdn --help)", name);
    if (cli.kb) {
        tdn_kb_free(cli.kb);
        tdn_kbfiles_free(&cli.kbfiles);
    }
    tdn_store_close(cli.store);
    return rc;
}
