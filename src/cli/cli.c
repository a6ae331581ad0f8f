/* cli.c — global option parsing and dispatch for `tdn`, plus the helpers in
 * cli.h. */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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

int tdn_cli_fail(const tdn_err *err)
{
    fprintf(stderr, "tdn: %s\n", err->msg);
    return err->status == TDN_ESYS ? 2 : 1;
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
        printf("  %-44s %s\n", c->usage, c->help);
    printf("\nglobal options:\n"
           "  --db URL    record store (default tdn.db; postgresql://... for PostgreSQL)\n"
           "  --kb DIR    load the knowledge base from DIR/*.tsv instead of the built-in one\n"
           "exit status: 0 success, 1 bad usage or input, 2 storage or system failure\n");
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
    if (i >= argc) {
        print_help(cli.prog);
        return 1;
    }
    const char *name = argv[i];
    if (strcmp(name, "help") == 0) {
        print_help(cli.prog);
        return 0;
    }
    int rc = -1;
    for (const tdn_cmd *c = tdn_commands; c->name; c++) {
        if (strcmp(c->name, name) == 0) {
            rc = c->fn(&cli, argc - i, argv + i);
            break;
        }
    }
    if (rc == -1) rc = tdn_cli_usage_error("unknown command '%s' (see tdn --help)", name);
    if (cli.kb) {
        tdn_kb_free(cli.kb);
        tdn_kbfiles_free(&cli.kbfiles);
    }
    return rc;
}
