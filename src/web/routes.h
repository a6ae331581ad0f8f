/* routes.h — every handler of the route table (routes.c), grouped by the
 * file that implements it. Internal to src/web/. */
#ifndef TDN_WEB_ROUTES_H
#define TDN_WEB_ROUTES_H

#include "core/body.h"
#include "store/store.h"
#include "web/http.h"

/* api_kb.c */
void tdn_api_regions(tdn_req *req, tdn_resp *resp);
void tdn_api_conditions(tdn_req *req, tdn_resp *resp);
void tdn_api_muscle(tdn_req *req, tdn_resp *resp);
void tdn_api_locate(tdn_req *req, tdn_resp *resp);
/* Pain map from "a:R=7,b:L" text or a JSON array of such strings. */
int tdn_parse_pains(json_t *v, tdn_pain *pains, int *n, tdn_err *err);

/* auth.c */
void tdn_api_login(tdn_req *req, tdn_resp *resp);
void tdn_api_logout(tdn_req *req, tdn_resp *resp);
void tdn_api_logout_all(tdn_req *req, tdn_resp *resp);
void tdn_api_user_logout_all(tdn_req *req, tdn_resp *resp);
void tdn_api_me(tdn_req *req, tdn_resp *resp);
void tdn_api_login_invitation(tdn_req *req, tdn_resp *resp);

/* api_invite.c */
void tdn_api_invite(tdn_req *req, tdn_resp *resp);
void tdn_page_invite(tdn_req *req, tdn_resp *resp);
void tdn_page_welcome(tdn_req *req, tdn_resp *resp);

/* api_intake.c, page_intake.c */
struct tdn_intake_form;
/* The intake questions from the server's knowledge-base files, or NULL with
 * err set; free() it. */
struct tdn_intake_form *tdn_req_intake_form(tdn_req *req, tdn_err *err);
void tdn_api_my_intake(tdn_req *req, tdn_resp *resp);
void tdn_api_my_intake_add(tdn_req *req, tdn_resp *resp);
void tdn_api_patient_intake(tdn_req *req, tdn_resp *resp);
void tdn_api_intake_confirm(tdn_req *req, tdn_resp *resp);
void tdn_page_my_intake(tdn_req *req, tdn_resp *resp);
/* The chart's intake card: pending (to confirm) or reviewed, side by side. */
void tdn_intake_section(tdn_req *req, tdn_buf *b, struct tdn_store *st, const tdn_act *act,
                        int64_t patient_id);

/* api_consent.c */
void tdn_api_my_consent(tdn_req *req, tdn_resp *resp);
void tdn_api_my_consent_sign(tdn_req *req, tdn_resp *resp);
void tdn_api_my_consent_withdraw(tdn_req *req, tdn_resp *resp);
void tdn_api_consent_withdraw(tdn_req *req, tdn_resp *resp);
void tdn_page_my_consent(tdn_req *req, tdn_resp *resp);

/* api_appointment.c, page_book.c */
/* [from, to) of the request's ?date= or ?week= (the clinic's day or its
 * Monday-to-Monday week); today when neither is given. */
int tdn_appt_span(tdn_req *req, int64_t *from, int64_t *to, tdn_err *err);
void tdn_api_appointments(tdn_req *req, tdn_resp *resp);
void tdn_api_appointment_add(tdn_req *req, tdn_resp *resp);
void tdn_api_appointment_move(tdn_req *req, tdn_resp *resp);
void tdn_api_appointment_status(tdn_req *req, tdn_resp *resp);
void tdn_api_appointment_session(tdn_req *req, tdn_resp *resp);
void tdn_page_book(tdn_req *req, tdn_resp *resp);
/* Today's appointments table (page_list.c's Today) for [from, to). */
void tdn_today_appointments(tdn_req *req, tdn_buf *b, struct tdn_store *st, const tdn_act *act,
                            int64_t from, int64_t to);

/* api_patient.c */
void tdn_api_created(tdn_resp *resp, int64_t id); /* 201 {"id": id} */
/* The request's store and the act (signed-in user, request time) for an API
 * handler; NULL with the error already answered when no store opens. */
struct tdn_store *tdn_api_store(tdn_req *req, tdn_resp *resp, tdn_act *act);
void tdn_api_patients(tdn_req *req, tdn_resp *resp);
void tdn_api_patient_add(tdn_req *req, tdn_resp *resp);
void tdn_api_patient(tdn_req *req, tdn_resp *resp);
void tdn_api_consent(tdn_req *req, tdn_resp *resp);
void tdn_api_screening(tdn_req *req, tdn_resp *resp);
void tdn_api_screen(tdn_req *req, tdn_resp *resp); /* judge a profile, store nothing */
void tdn_api_episode(tdn_req *req, tdn_resp *resp);
void tdn_api_pain(tdn_req *req, tdn_resp *resp);
void tdn_api_diary(tdn_req *req, tdn_resp *resp);
void tdn_api_diary_add(tdn_req *req, tdn_resp *resp);
void tdn_api_audit(tdn_req *req, tdn_resp *resp);
/* The audit filters of the request (?patient, before, limit, actor, action),
 * limit defaulting to default_limit: for GET /api/audit and GET /audit. */
tdn_audit_query tdn_audit_query_of(const tdn_req *req, int default_limit);
void tdn_api_users(tdn_req *req, tdn_resp *resp);
void tdn_api_user_add(tdn_req *req, tdn_resp *resp);
void tdn_api_setting_timezone(tdn_req *req, tdn_resp *resp);

/* api_session.c */
void tdn_api_session_open(tdn_req *req, tdn_resp *resp);
void tdn_api_session(tdn_req *req, tdn_resp *resp);
void tdn_api_needle_in(tdn_req *req, tdn_resp *resp);
void tdn_api_needle_ltr(tdn_req *req, tdn_resp *resp);
void tdn_api_needle_redirect(tdn_req *req, tdn_resp *resp);
void tdn_api_needle_out(tdn_req *req, tdn_resp *resp);
void tdn_api_needle_reinsert(tdn_req *req, tdn_resp *resp);
void tdn_api_needle_broken(tdn_req *req, tdn_resp *resp);
void tdn_api_needle_estim(tdn_req *req, tdn_resp *resp);
void tdn_api_session_close(tdn_req *req, tdn_resp *resp);
void tdn_api_session_abort(tdn_req *req, tdn_resp *resp);
void tdn_api_session_note(tdn_req *req, tdn_resp *resp);
void tdn_api_note_edit(tdn_req *req, tdn_resp *resp);
void tdn_api_note_sign(tdn_req *req, tdn_resp *resp);
void tdn_api_note_addendum(tdn_req *req, tdn_resp *resp);
void tdn_api_user_set(tdn_req *req, tdn_resp *resp);
void tdn_api_letterhead(tdn_req *req, tdn_resp *resp);
void tdn_api_session_handout(tdn_req *req, tdn_resp *resp);
/* The limits of req's user on reading a session (store.h): a patient their
 * own, the front desk today's list (the clinic's local day). */
struct tdn_session_reader tdn_session_reader_of(const tdn_req *req);
struct tdn_needling_record;
struct tdn_handout *tdn_session_handout(tdn_req *req, tdn_resp *resp,
                                        const struct tdn_needling_record *rec);

/* api_fhir.c: the read-only FHIR API under /fhir/ */
void tdn_fhir_metadata(tdn_req *req, tdn_resp *resp);
void tdn_fhir_patient_read(tdn_req *req, tdn_resp *resp);
void tdn_fhir_patient_search(tdn_req *req, tdn_resp *resp);
void tdn_fhir_everything(tdn_req *req, tdn_resp *resp);

/* page_session.c */
void tdn_page_session(tdn_req *req, tdn_resp *resp);
void tdn_page_note(tdn_req *req, tdn_resp *resp);
void tdn_page_handout(tdn_req *req, tdn_resp *resp);
void tdn_page_my_handouts(tdn_req *req, tdn_resp *resp);

/* api_record.c */
void tdn_api_finding(tdn_req *req, tdn_resp *resp);
void tdn_api_measure(tdn_req *req, tdn_resp *resp);
void tdn_api_ae(tdn_req *req, tdn_resp *resp);

/* page_list.c, page_chart.c */
void tdn_page_today(tdn_req *req, tdn_resp *resp);
void tdn_page_patients(tdn_req *req, tdn_resp *resp);
void tdn_page_chart(tdn_req *req, tdn_resp *resp);

/* api_reports.c, page_reports.c: the practice-based evidence reports */
struct tdn_report_args;
struct tdn_report_filter;
/* The request's filters checked into f, its store and act; TDN_EINPUT naming
 * the field (from, to, condition, muscle, clinician, protocol). */
int tdn_reports_start(tdn_req *req, struct tdn_report_args *a, struct tdn_report_filter *f,
                      tdn_store **st, tdn_act *act, tdn_err *err);
/* GET /api/reports/<report> (JSON) and /reports/<report>.csv: the path
 * names the report (safety, outcomes, split-body) and the form. */
void tdn_api_report(tdn_req *req, tdn_resp *resp);
void tdn_page_reports(tdn_req *req, tdn_resp *resp);

/* page_admin.c */
void tdn_page_users(tdn_req *req, tdn_resp *resp);
void tdn_page_audit(tdn_req *req, tdn_resp *resp);
void tdn_page_diary(tdn_req *req, tdn_resp *resp);

/* pages.c */
/* True when next is a path on this site, safe to redirect to after sign-in:
 * "/..." but not "//host" nor anything with a backslash, whitespace, control
 * character, quote or angle bracket ("/\evil.example" is another host to a
 * browser). */
bool tdn_safe_next(const char *next);
void tdn_page_root(tdn_req *req, tdn_resp *resp);
void tdn_page_login(tdn_req *req, tdn_resp *resp);
void tdn_page_account(tdn_req *req, tdn_resp *resp);
void tdn_page_bodychart(tdn_req *req, tdn_resp *resp);

/* page shell (page.c) */
void tdn_page_begin(tdn_req *req, tdn_resp *resp, const char *title, const char *page_id);
void tdn_page_end(tdn_req *req, tdn_resp *resp);

/* bodychart.c: the front and back body chart as inline SVG, then the
 * regions as a list of buttons; m (may be NULL) the regions to mark blocked. */
typedef struct tdn_bodychart_marks {
    const tdn_pain *blocked;
    int n_blocked;
} tdn_bodychart_marks;
void tdn_bodychart_svg(tdn_buf *b, const tdn_bodychart_marks *m);
/* TDN_OK when every spot names a known region and every region has a spot. */
int tdn_bodychart_check(tdn_err *err);

#endif
