/* cmd_migrate.c — `tdn migrate --from URL --to URL [--append]`: copies a
 * clinic's whole record, audit included, from one store to another (an
 * SQLite file or a postgresql:// URL, either way) in one transaction on the
 * target, ids kept, row counts checked per table (tdn_store_migrate). The
 * target is created or migrated like `tdn init`; it must hold no records
 * unless --append. Prints the rows copied per table. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "store/store_exchange.h"

int tdn_cmd_migrate(tdn_cli *cli, int argc, char **argv);

static int print_report(const tdn_migrate_report *rep, bool json)
{
    int64_t total = 0;
    json_t *tables = json_object();
    for (int i = 0; i < rep->n; i++) {
        total += rep->t[i].rows;
        if (json)
            json_object_set_new(tables, rep->t[i].table, json_integer((json_int_t)rep->t[i].rows));
        else
            printf("%-18s %8lld\n", rep->t[i].table, (long long)rep->t[i].rows);
    }
    if (json)
        return tdn_cli_print_json(
            json_pack("{s:o, s:I}", "tables", tables, "rows", (json_int_t)total));
    json_decref(tables);
    printf("%-18s %8lld\n", "total", (long long)total);
    return 0;
}

int tdn_cmd_migrate(tdn_cli *cli, int argc, char **argv)
{
    bool json = false, append = false;
    const char *from = NULL, *to = NULL;
    const tdn_opt opts[] = {
        {"--from", &from, NULL}, {"--to", &to, NULL}, {"--append", NULL, &append}, {0}};
    if (tdn_cli_opts("migrate", argc, argv, opts, &json, NULL)) return 1;
    if (!from || !*from)
        return tdn_cli_usage_error("--from: required (a file path or postgresql://...)");
    if (!to || !*to) return tdn_cli_usage_error("--to: required (a file path or postgresql://...)");
    if (strcmp(from, to) == 0) return tdn_cli_usage_error("--to: the same store as --from");
    struct stat sb;
    if (!tdn_store_is_postgres(from) && stat(from, &sb) != 0 && errno == ENOENT)
        return tdn_cli_usage_error("--from: no database at %s", from);
    tdn_store *src = NULL, *dst = NULL;
    tdn_err err = {0};
    int rc = 0;
    tdn_migrate_report rep = {0};
    if (tdn_store_open(&src, from, &err) || tdn_store_open(&dst, to, &err))
        rc = tdn_cli_fail_opts(&err, (const char *const[]){"--from", "--to", NULL});
    else if (tdn_store_migrate(src, dst, tdn_cli_act(cli), append, &rep, &err))
        rc = tdn_cli_fail_opts(&err, (const char *const[]){"--to", NULL});
    else
        rc = print_report(&rep, json);
    tdn_store_close(dst);
    tdn_store_close(src);
    if (!rc && !json)
        fprintf(stderr, "tdn: copied the clinic into %s\n",
                tdn_store_is_postgres(to) ? "PostgreSQL" : to);
    return rc;
}
