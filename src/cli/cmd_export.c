/* cmd_export.c — `tdn export csv DIR`: one CSV file per record table in DIR
 * (created 0700 if missing; files 0600, they hold patient data), each with a
 * header row, fields quoted as RFC 4180 says (CRLF line ends, quotes doubled,
 * a field with a comma, quote or line break in quotes; a text that starts
 * like a spreadsheet formula gets a leading ' so that it stays text). Audited. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

typedef struct csv_out {
    const char *dir;
    FILE *fp;
    char path[4096];
    int tables;
} csv_out;

/* A text that a spreadsheet would run as a formula (=, +, -, @, tab or CR
 * first, and not simply a number such as -1). */
static bool looks_like_formula(const char *v)
{
    if (!*v || !strchr("=+-@\t\r", *v)) return false;
    char *end = NULL;
    (void)strtod(v, &end);
    return !(end && end != v && !*end);
}

static void csv_field(FILE *fp, const char *v)
{
    if (!v) return;
    bool quoted = strpbrk(v, ",\"\r\n") != NULL;
    if (quoted) fputc('"', fp);
    if (looks_like_formula(v)) fputc('\'', fp); /* shown as text, never run */
    if (!quoted) {
        fputs(v, fp);
        return;
    }
    for (; *v; v++) {
        if (*v == '"') fputc('"', fp);
        fputc(*v, fp);
    }
    fputc('"', fp);
}

static void csv_line(FILE *fp, int n, const char *const *values)
{
    for (int i = 0; i < n; i++) {
        if (i) fputc(',', fp);
        csv_field(fp, values[i]);
    }
    fputs("\r\n", fp);
}

/* Closes the current file; TDN_ESYS when anything failed writing it. */
static int csv_close(csv_out *o, tdn_err *err)
{
    if (!o->fp) return TDN_OK;
    bool bad = ferror(o->fp);
    bad = fclose(o->fp) != 0 || bad;
    o->fp = NULL;
    return bad ? tdn_err_set(err, TDN_ESYS, "export: error writing %s", o->path) : TDN_OK;
}

static int csv_table(void *ctx, const char *name, int ncols, const char *const *cols, tdn_err *err)
{
    csv_out *o = ctx;
    int rc = csv_close(o, err);
    if (rc) return rc;
    snprintf(o->path, sizeof o->path, "%s/%s.csv", o->dir, name);
    int fd = open(o->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || !(o->fp = fdopen(fd, "w"))) {
        if (fd >= 0) close(fd);
        return tdn_err_set(err, TDN_ESYS, "export: cannot write %s: %s", o->path, strerror(errno));
    }
    o->tables++;
    csv_line(o->fp, ncols, cols);
    return TDN_OK;
}

static int csv_row(void *ctx, int ncols, const char *const *values, tdn_err *err)
{
    csv_out *o = ctx;
    csv_line(o->fp, ncols, values);
    return ferror(o->fp) ? tdn_err_set(err, TDN_ESYS, "export: error writing %s", o->path) : TDN_OK;
}

static int export_csv(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *dir = NULL;
    const tdn_opt opts[] = {{0}};
    if (tdn_cli_opts("export csv", argc, argv, opts, &json, &dir)) return 1;
    if (!dir || strcmp(dir, "-") == 0) return tdn_cli_usage_error("export csv: give a directory");
    struct stat sb;
    if (stat(dir, &sb) != 0 && mkdir(dir, 0700) != 0)
        return tdn_cli_usage_error("DIR: cannot create %s: %s", dir, strerror(errno));
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return tdn_cli_usage_error("DIR: %s is not a directory", dir);
    tdn_store *s = tdn_cli_store(cli, false);
    if (!s) return cli->store_status;
    csv_out o = {.dir = dir};
    tdn_export_sink sink = {&o, csv_table, csv_row};
    tdn_err err = {0};
    int rc = tdn_store_export(s, tdn_cli_act(cli), &sink, &err);
    tdn_err close_err = {0};
    if (csv_close(&o, &close_err) && !rc) return tdn_cli_fail(&close_err);
    if (rc) return tdn_cli_fail(&err);
    if (json) return tdn_cli_print_json(json_pack("{s:s, s:i}", "dir", dir, "tables", o.tables));
    printf("tdn: exported %d tables to %s\n", o.tables, dir);
    return 0;
}

int tdn_cmd_export_fhir(tdn_cli *cli, int argc, char **argv); /* cmd_export_fhir.c */

int tdn_cmd_export(tdn_cli *cli, int argc, char **argv)
{
    static const tdn_subcmd subs[] = {{"csv", export_csv}, {"fhir", tdn_cmd_export_fhir}, {0}};
    return tdn_cli_dispatch(cli, subs, argc, argv);
}
