/* pages.h — helpers shared by the server-rendered pages (page*.c): the
 * store for a page (or an error page), error pages, and the screening form.
 * Internal to src/web/. */
#ifndef TDN_WEB_PAGES_H
#define TDN_WEB_PAGES_H

#include "app/verdict.h"
#include "store/store.h"
#include "web/routes.h"

/* The store and act for a page request; on failure answers with an error
 * page and returns NULL. */
tdn_store *tdn_page_store(tdn_req *req, tdn_resp *resp, tdn_act *act);
/* An error page for err: 404 for unknown records, 400 or 500 otherwise. */
void tdn_page_error(tdn_req *req, tdn_resp *resp, const tdn_err *err);
/* The screening form of the chart page (profile fields, planned regions). */
void tdn_screen_form(tdn_buf *b, const tdn_chart *c, int64_t now);

/* page_verdict.c: the patient's name, age and birth date as a line, and
 * the screening verdict box (decision in words, reasons, blocked regions). */
void tdn_page_patient_head(tdn_buf *b, const tdn_patient *p, int64_t now);
void tdn_page_verdict(tdn_buf *b, const tdn_verdict *v);

#endif
