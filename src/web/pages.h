/* pages.h — helpers shared by the server-rendered pages (page*.c): the
 * store for a page (or an error page), error pages, and the screening form.
 * Internal to src/web/. */
#ifndef TDN_WEB_PAGES_H
#define TDN_WEB_PAGES_H

#include "app/verdict.h"
#include "core/kb.h"
#include "core/locate.h"
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
 * the screening verdict box (decision, reasons and blocked regions in words). */
void tdn_page_patient_head(tdn_buf *b, const tdn_patient *p, int64_t now);
void tdn_page_verdict(const tdn_kb *kb, tdn_buf *b, const tdn_verdict *v);
/* A screening decision or reason level as a badge reads it ("no-go" for
 * no_go); a reason about e-stim (estim) says so: "no e-stim", "e-stim
 * caution". */
const char *tdn_level_words(const char *level, bool estim);
/* The runner's measure form: sites picked from lists in words. */
void tdn_measure_form(tdn_req *req, tdn_buf *b, const tdn_chart *c, const tdn_session *s,
                      const tdn_candidate *cand, int n_cand);

/* The chart's outcome plots over the sessions' dates, with the MCID line. */
void tdn_outcomes_section(tdn_req *req, tdn_buf *b, const tdn_chart *c);

/* Words for codes (page_words.c). */
/* "Top of the shoulder, right" for shoulder_top and 'R' (escaped). */
void tdn_words_region(tdn_buf *b, const char *code, char side);
/* <optgroup>s of <option value=CODE>Display name</option>, selected marked. */
void tdn_words_region_options(tdn_buf *b, const char *selected);
/* A snake_case code as words, first letter capital (escaped). */
void tdn_words_code(tdn_buf *b, const char *code);
/* The KB's display name of a muscle / condition; the id when unknown. */
const char *tdn_words_muscle(const tdn_kb *kb, const char *id);
const char *tdn_words_condition(const tdn_kb *kb, const char *id);
/* text with its codes in words (region:SIDE, regions, muscles, nerve:x,
 * vessel:x, organ:x, other snake_case words), escaped. */
void tdn_words_text(const tdn_kb *kb, tdn_buf *b, const char *text);
/* msg without a leading "field: " ("wrong user name or password" for
 * "login: wrong user name or password"); msg itself when it has none. */
const char *tdn_words_message(const char *msg);
/* For an admin while the setting `timezone` is the default "UTC": a form to set it. */
void tdn_timezone_prompt(tdn_req *req, tdn_buf *b, tdn_store *st);

/* page_note.c: the clinic's letterhead (an admin is told when the phone is
 * not set); the note page's body (letterhead, note text, S/O/A/P form, sign,
 * addendum); the admin's letterhead and name-and-credentials forms. */
void tdn_page_letterhead(tdn_req *req, tdn_store *st, tdn_buf *b);
void tdn_page_phone_hint(tdn_req *req, tdn_store *st, tdn_buf *b); /* the admin's hint alone */
void tdn_page_note_body(tdn_req *req, tdn_store *st, const tdn_act *act, int64_t sid, bool ended,
                        const char *note, tdn_buf *b);
void tdn_admin_note_forms(tdn_store *st, const tdn_user *users, size_t n, tdn_buf *b);

#endif
