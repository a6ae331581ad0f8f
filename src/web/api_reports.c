/* api_reports.c — the practice-based evidence reports (app/report.h) over
 * HTTP for clinicians and admins: GET /api/reports/safety|outcomes|split-body
 * answer the CLI's --json contract, GET /reports/<report>.csv the CLI's
 * --csv as a download (text/csv, Content-Disposition: attachment). The
 * filters are the CLI's (from, to, condition, muscle, clinician, protocol);
 * a bad one is HTTP 400 naming the field, and nothing is written but the
 * store's audit row of the read (no patient named). One handler serves the
 * six routes: the path names the report and the form. */
#include <stdlib.h>
#include <string.h>

#include "app/kbfiles.h"
#include "app/report.h"
#include "web/routes.h"

int tdn_reports_start(tdn_req *req, tdn_report_args *a, tdn_report_filter *f, tdn_store **st,
                      tdn_act *act, tdn_err *err)
{
    *a = (tdn_report_args){.from = tdn_in_str(req, "from"),
                           .to = tdn_in_str(req, "to"),
                           .condition = tdn_in_str(req, "condition"),
                           .muscle = tdn_in_str(req, "muscle"),
                           .clinician = tdn_in_str(req, "clinician"),
                           .protocol = tdn_in_str(req, "protocol")};
    *act = (tdn_act){.actor = req->user ? req->user->name : "web", .now = req->now};
    *st = tdn_req_store(req, err);
    if (!*st) return err->status;
    return tdn_report_filter_make(*st, tdn_req_kb(req), a, f, err);
}

/* Runs report `which` (0 safety, 1 outcomes, 2 split-body) and answers with
 * its JSON, or its CSV when csv. */
static void report(tdn_req *req, tdn_resp *resp, int which, bool csv)
{
    tdn_report_args a;
    tdn_report_filter f;
    tdn_store *st = NULL;
    tdn_act act;
    tdn_err err = {0};
    const tdn_kbfiles *files = tdn_req_kbfiles(req);
    if (tdn_reports_start(req, &a, &f, &st, &act, &err)) {
        tdn_resp_err(resp, &err);
        return;
    }
    json_t *j = NULL;
    tdn_buf *b = &resp->body;
    if (which == 0) {
        tdn_safety_report r;
        if (tdn_report_safety(st, &act, files ? files->files : NULL, files ? files->n : 0, &f, &r,
                              &err)) {
            tdn_resp_err(resp, &err);
            return;
        }
        if (csv)
            tdn_safety_csv(b, &r);
        else
            j = tdn_safety_json(&r);
        tdn_safety_report_free(&r);
    } else if (which == 1) {
        tdn_outcome_report *r = calloc(1, sizeof *r);
        tdn_thresholds *th = calloc(1, sizeof *th);
        int rc = r && th ? tdn_report_outcomes(st, &act, files ? files->files : NULL,
                                               files ? files->n : 0, &f, r, th, &err)
                         : tdn_err_set(&err, TDN_ESYS, "report: out of memory");
        if (!rc && csv) tdn_outcomes_csv(b, r);
        if (!rc && !csv) j = tdn_outcomes_json(r);
        free(r);
        free(th);
        if (rc) {
            tdn_resp_err(resp, &err);
            return;
        }
    } else {
        tdn_split_report *r = calloc(1, sizeof *r);
        int rc = r ? tdn_report_split(st, &act, &f, r, &err)
                   : tdn_err_set(&err, TDN_ESYS, "report: out of memory");
        if (!rc && csv) tdn_split_csv(b, r);
        if (!rc && !csv) j = tdn_split_json(r);
        free(r);
        if (rc) {
            tdn_resp_err(resp, &err);
            return;
        }
    }
    if (!csv) {
        tdn_resp_json(resp, 200, j);
        return;
    }
    static const char *const names[] = {"attachment; filename=\"tdn-safety-report.csv\"",
                                        "attachment; filename=\"tdn-outcomes-report.csv\"",
                                        "attachment; filename=\"tdn-split-body-report.csv\""};
    resp->status = 200;
    resp->ctype = "text/csv; charset=utf-8";
    resp->disposition = names[which];
}

void tdn_api_report(tdn_req *req, tdn_resp *resp)
{
    const char *p = req->path;
    size_t n = strlen(p);
    int which = strstr(p, "/safety") ? 0 : strstr(p, "/outcomes") ? 1 : 2;
    report(req, resp, which, n > 4 && strcmp(p + n - 4, ".csv") == 0);
}
