/* pages.h — helpers shared by the server-rendered pages (page*.c): the
 * store for a page (or an error page), error pages, and the screening form.
 * Internal to src/web/. */
#ifndef TDN_WEB_PAGES_H
#define TDN_WEB_PAGES_H

#include "store/store.h"
#include "web/routes.h"

/* The store and act for a page request; on failure answers with an error
 * page and returns NULL. */
tdn_store *tdn_page_store(tdn_req *req, tdn_resp *resp, tdn_act *act);
/* An error page for err: 404 for unknown records, 400 or 500 otherwise. */
void tdn_page_error(tdn_req *req, tdn_resp *resp, const tdn_err *err);
/* The screening form of the chart page (profile fields, planned regions). */
void tdn_screen_form(tdn_buf *b, const tdn_chart *c, int64_t now);

/* page_note.c: the clinic's letterhead (an admin is told when the phone is
 * not set); the note page's body (letterhead, note text, S/O/A/P form, sign,
 * addendum); the admin's letterhead and name-and-credentials forms. */
void tdn_page_letterhead(tdn_req *req, tdn_store *st, tdn_buf *b);
void tdn_page_phone_hint(tdn_req *req, tdn_store *st, tdn_buf *b); /* the admin's hint alone */
void tdn_page_note_body(tdn_req *req, tdn_store *st, const tdn_act *act, int64_t sid, bool ended,
                        const char *note, tdn_buf *b);
void tdn_admin_note_forms(tdn_store *st, const tdn_user *users, size_t n, tdn_buf *b);

#endif
