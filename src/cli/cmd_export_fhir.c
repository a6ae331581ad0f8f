/* cmd_export_fhir.c — `tdn export fhir`: one patient's record as a FHIR R4
 * transaction Bundle (--patient ID, to --out FILE or stdout), or the whole
 * clinic as FHIR Bulk Data NDJSON, one file per resource type (--all DIR,
 * optionally --since YYYY-MM-DD on the clinic's clock). Exit 1 for an unknown
 * patient or bad option, 2 when FILE or DIR cannot be written; files are
 * written under a temporary name and renamed, so nothing is half written.
 * Each export is audited. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/fhir_bulk.h"
#include "app/localtime.h"
#include "cli/cli.h"
#include "core/record.h"

int tdn_cmd_export_fhir(tdn_cli *cli, int argc, char **argv);

static int load_map(tdn_cli *cli, tdn_fhir_map *m)
{
    const tdn_kb *kb = tdn_cli_kb(cli);
    const tdn_kbfiles *f = kb ? tdn_cli_kbfiles(cli) : NULL;
    if (!f) return cli->kb_status ? cli->kb_status : 2;
    tdn_err err = {0};
    return tdn_fhir_map_load(m, kb, f->files, f->n, &err) ? tdn_cli_fail(&err) : 0;
}

static int export_patient(tdn_cli *cli, tdn_store *s, const tdn_fhir_map *m, int64_t id,
                          const char *out, bool json)
{
    tdn_patient_record r;
    tdn_err err = {0};
    if (tdn_store_record_export(s, tdn_cli_act(cli), id, "fhir transaction bundle", &r, &err))
        return tdn_cli_fail(&err);
    json_t *bundle = tdn_fhir_transaction(m, &r, tdn_cli_act(cli)->now, &err);
    tdn_patient_record_free(&r);
    if (!bundle) return tdn_cli_fail(&err);
    size_t n = json_array_size(json_object_get(bundle, "entry"));
    char *text = json_dumps(bundle, JSON_INDENT(1) | JSON_ENSURE_ASCII);
    json_decref(bundle);
    if (!text) return tdn_cli_usage_error("export: out of memory"), 2;
    int rc = 0;
    if (!out || strcmp(out, "-") == 0) {
        rc = fputs(text, stdout) == EOF || fputc('\n', stdout) == EOF ? 2 : 0;
    } else if (tdn_write_file_atomic("--out", out, text, &err)) {
        rc = tdn_cli_fail(&err);
    } else if (json) {
        rc = tdn_cli_print_json(json_pack("{s:s, s:I}", "out", out, "entries", (json_int_t)n));
    } else {
        printf("tdn: exported patient %lld as a FHIR transaction bundle of %zu entries to %s\n",
               (long long)id, n, out);
    }
    free(text);
    return rc;
}

/* The unix seconds of the clinic's midnight starting day (checked YYYY-MM-DD). */
static int64_t local_midnight(const char *day)
{
    struct tm tm = {0};
    sscanf(day, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm);
}

static int export_all(tdn_cli *cli, tdn_store *s, const tdn_fhir_map *m, const char *dir,
                      int64_t since, bool json)
{
    tdn_fhir_bulk *b = NULL;
    tdn_err err = {0};
    if (tdn_fhir_bulk_open(&b, dir, m, since, &err)) return tdn_cli_fail(&err);
    if (tdn_store_record_each(s, tdn_cli_act(cli), since ? "fhir bulk since" : "fhir bulk",
                              tdn_fhir_bulk_add, b, &err)) {
        tdn_fhir_bulk_abort(b);
        return tdn_cli_fail(&err);
    }
    json_t *counts = NULL;
    if (tdn_fhir_bulk_finish(b, &counts, &err)) return tdn_cli_fail(&err);
    if (json) return tdn_cli_print_json(json_pack("{s:s, s:o}", "dir", dir, "counts", counts));
    printf("tdn: exported the clinic as FHIR NDJSON to %s:", dir);
    const char *type;
    json_t *v;
    json_object_foreach(counts, type, v) printf(" %s %lld", type, (long long)json_integer_value(v));
    printf("\n");
    json_decref(counts);
    return 0;
}

int tdn_cmd_export_fhir(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *patient = NULL, *out = NULL, *all = NULL, *since = NULL;
    const tdn_opt opts[] = {
        {"--patient", &patient, NULL},
        {"--out", &out, NULL},
        {"--all", &all, NULL},
        {"--since", &since, NULL},
        {0},
    };
    if (tdn_cli_opts("export fhir", argc, argv, opts, &json, NULL)) return 1;
    if (!patient == !all) return tdn_cli_usage_error("export fhir: give --patient ID or --all DIR");
    if (all && out) return tdn_cli_usage_error("--out: goes with --patient, not --all");
    if (patient && since) return tdn_cli_usage_error("--since: goes with --all, not --patient");
    int64_t id = 0;
    if (patient && tdn_cli_parse_id("--patient", patient, &id)) return 1;
    tdn_store *s = tdn_cli_store(cli, false);
    if (!s) return cli->store_status;
    tdn_err err = {0};
    tdn_tz zone;
    if (since && tdn_date_check("--since", since, tdn_cli_act(cli)->now,
                                tdn_tz_at(&zone, tdn_cli_act(cli)->now), NULL, &err))
        return tdn_cli_fail(&err);
    tdn_fhir_map m;
    int rc = load_map(cli, &m);
    if (rc) return rc;
    rc = all ? export_all(cli, s, &m, all, since ? local_midnight(since) : 0, json)
             : export_patient(cli, s, &m, id, out, json);
    tdn_fhir_map_free(&m);
    return rc;
}
