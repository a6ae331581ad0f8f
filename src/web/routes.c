/* routes.c — the one route table: method, path, the roles that may use it,
 * flags, handler and the typed fields it accepts. The dispatcher
 * (dispatch.c) enforces all of it before a handler runs. */
#include <stdio.h>

#include "web/routes.h"
#include "web/web.h"

#define STAFF TDN_ROLES_STAFF
#define CLINICAL TDN_ROLES_CLINICAL
#define ANY TDN_ROLES_ANY
#define PAGE TDN_RF_PAGE
#define PUBLIC TDN_RF_PUBLIC

static const tdn_field f_none[] = {{0}};
static const tdn_field f_locate[] = {
    {"pains", TDN_F_STR, true, 1, 2000, 0},
    {"condition", TDN_F_STR, false, 1, 64, 0},
    {"limit", TDN_F_INT, false, 1, 64, 0},
    {"palpated", TDN_F_STR, false, 1, 2000, 0},
    {0},
};
static const tdn_field f_login[] = {
    {"username", TDN_F_STR, true, 1, 64, 0},
    {"password", TDN_F_STR, true, 1, 1024, 0},
    {"next", TDN_F_STR, false, -1, 300, 0},
    {0},
};
static const tdn_field f_invitation[] = {
    {"code", TDN_F_STR, true, 1, 64, 0},
    {"password", TDN_F_STR, true, 1, 1024, 0},
    {0},
};
static const tdn_field f_invite[] = {{"hours", TDN_F_INT, false, 1, 720, 0}, {0}};
static const tdn_field f_book[] = {
    {"date", TDN_F_DATE, false, 0, 0, 0},
    {"week", TDN_F_DATE, false, 0, 0, 0},
    {"clinician", TDN_F_STR, false, 1, 64, 0},
    {"all", TDN_F_BOOL, false, 0, 0, 0},
    {0},
};
static const tdn_field f_appt_add[] = {
    {"patient", TDN_F_ID, true, 0, 0, 0},
    {"clinician", TDN_F_STR, true, 1, 64, 0},
    {"starts", TDN_F_STR, true, 1, 32, 0},
    {"minutes", TDN_F_INT, false, 5, 480, 0},
    {0},
};
static const tdn_field f_appt_move[] = {
    {"starts", TDN_F_STR, true, 1, 32, 0},
    {"minutes", TDN_F_INT, false, 5, 480, 0},
    {"clinician", TDN_F_STR, false, 1, 64, 0},
    {0},
};
static const tdn_field f_appt_status[] = {
    {"status", TDN_F_ENUM, true, 0, 0, "checked_in|cancelled|no_show"}, {0}};
static const tdn_field f_intake[] = {{"intake", TDN_F_OBJECT, true, 0, 0, 0}, {0}};
static const tdn_field f_intake_confirm[] = {{"confirmation", TDN_F_OBJECT, true, 0, 0, 0}, {0}};
static const tdn_field f_consent_sign[] = {
    {"by", TDN_F_ENUM, true, 0, 0, "patient|guardian"},
    {"name", TDN_F_STR, true, 0, 200, 0},
    {"agree", TDN_F_BOOL, false, 0, 0, 0},
    {"version", TDN_F_INT, true, 0, 1000000000, 0},
    {0},
};
static const tdn_field f_search[] = {{"search", TDN_F_STR, false, -1, 100, 0}, {0}};
static const tdn_field f_fhir_search[] = {
    {"name", TDN_F_STR, false, 1, 100, 0}, {"birthdate", TDN_F_DATE, false, 0, 0, 0}, {0}};
static const tdn_field f_patient_add[] = {
    {"name", TDN_F_STR, true, 1, 200, 0},
    {"birth", TDN_F_STR, true, 1, 10, 0},
    {"sex", TDN_F_STR, false, -1, 1, 0},
    {0},
};
static const tdn_field f_consent[] = {{"by", TDN_F_ENUM, true, 0, 0, "patient|guardian"}, {0}};
static const tdn_field f_episode[] = {
    {"condition", TDN_F_STR, true, 1, 64, 0},
    {"goal", TDN_F_TEXT, false, 0, 2000, 0},
    {"plan", TDN_F_STR, false, 1, 2000, 0},
    {"side", TDN_F_STR, false, 0, 8, 0},  /* R, L, B or "" (checked by the handler) */
    {"site", TDN_F_STR, false, 0, 64, 0}, /* a region code or "" (checked by the handler) */
    {0},
};
static const tdn_field f_pain[] = {
    {"pains", TDN_F_STRS, true, 0, 32, 0},
    {"session", TDN_F_ID, false, 0, 0, 0},
    {"episode", TDN_F_ID, false, 0, 0, 0},
    {0},
};
static const tdn_field f_diary[] = {
    {"day", TDN_F_STR, true, 1, 10, 0},      {"pain", TDN_F_INT, true, 0, 10, 0},
    {"soreness", TDN_F_INT, true, 0, 10, 0}, {"note", TDN_F_TEXT, false, 0, 2000, 0},
    {"session", TDN_F_ID, false, 0, 0, 0},   {0},
};
static const tdn_field f_audit[] = {
    {"patient", TDN_F_ID, false, 0, 0, 0},  {"before", TDN_F_ID, false, 0, 0, 0},
    {"limit", TDN_F_INT, false, 1, 500, 0}, {"actor", TDN_F_STR, false, 1, 64, 0},
    {"action", TDN_F_STR, false, 1, 24, 0}, {0}};
static const tdn_field f_user_add[] = {
    {"username", TDN_F_STR, true, 1, 64, 0},
    {"display", TDN_F_STR, false, -1, 200, 0},
    {"role", TDN_F_ENUM, true, 0, 0, "admin|clinician|front_desk|patient"},
    {"password", TDN_F_STR, true, 1, 1024, 0},
    {"patient", TDN_F_ID, false, 0, 0, 0},
    {0},
};
static const tdn_field f_session_open[] = {
    {"patient", TDN_F_ID, true, 0, 0, 0},
    {"episode", TDN_F_ID, false, 0, 0, 0},
    {0},
};
static const tdn_field f_finding[] = {
    {"muscle", TDN_F_STR, true, 1, 48, 0},
    {"side", TDN_F_STR, true, 1, 1, 0},
    {"type", TDN_F_ENUM, true, 0, 0, "active|latent|none"},
    {"taut_band", TDN_F_BOOL, false, 0, 0, 0},
    {"spot", TDN_F_BOOL, false, 0, 0, 0},
    {"ltr", TDN_F_BOOL, false, 0, 0, 0},
    {"referred", TDN_F_BOOL, false, 0, 0, 0},
    {0},
};
static const tdn_field f_measure[] = {
    {"phase", TDN_F_ENUM, true, 0, 0, "pre|post|followup"},
    {"kind", TDN_F_STR, true, 1, 8, 0},
    {"site", TDN_F_STR, true, 1, 64, 0},
    {"value", TDN_F_NUM, true, -1e6, 1e6, 0},
    {"side", TDN_F_STR, false, 1, 1, 0},
    {"motion", TDN_F_STR, false, 1, 8, 0},
    {0},
};
static const tdn_field f_ae[] = {
    {"kind", TDN_F_STR, true, 1, 24, 0},
    {"severity", TDN_F_STR, true, 1, 12, 0},
    {"action", TDN_F_TEXT, false, 0, 2000, 0},
    {"note", TDN_F_TEXT, false, 0, 2000, 0},
    {"resolved", TDN_F_BOOL, false, 0, 0, 0},
    {"needle", TDN_F_ID, false, 0, 0, 0},
    {0},
};
static const tdn_field f_bodychart[] = {{"patient", TDN_F_ID, false, 0, 0, 0}, {0}};
static const tdn_field f_screening[] = {{"profile", TDN_F_OBJECT, true, 0, 0, 0}, {0}};
static const tdn_field f_needle_in[] = {
    {"muscle", TDN_F_STR, true, 1, 48, 0},
    {"side", TDN_F_ENUM, true, 0, 0, "L|R"},
    {"technique", TDN_F_ENUM, true, 0, 0, "deep|superficial"},
    {"guide_tube", TDN_F_BOOL, false, 0, 0, 0},
    {"palpation", TDN_F_ENUM, false, 0, 0, "pincer|flat"},
    {"gauge_mm", TDN_F_NUM, false, 0.1, 0.5, 0},
    {"length_mm", TDN_F_INT, false, 7, 150, 0},
    {"override", TDN_F_STR, false, -1, 255, 0}, /* one line: it is quoted in the note */
    {0},
};
static const tdn_field f_broken[] = {
    {"severity", TDN_F_ENUM, true, 0, 0, "mild|moderate|significant|serious"},
    {"incident", TDN_F_STR, true, 1, 255, 0},
    {0},
};
static const tdn_field f_estim[] = {
    {"freq_hz", TDN_F_NUM, true, 0.5, 250, 0},
    {"pulse_us", TDN_F_INT, true, 20, 1000, 0},
    {"duration_s", TDN_F_INT, true, 1, 3600, 0},
    {"intensity", TDN_F_STR, true, 1, 63, 0},
    {0},
};
static const tdn_field f_abort[] = {{"reason", TDN_F_STR, true, 1, 255, 0}, {0}};
static const tdn_field f_timezone[] = {{"timezone", TDN_F_STR, true, 1, 64, 0}, {0}};
static const tdn_field f_next[] = {{"next", TDN_F_STR, false, 1, 300, 0}, {0}};
static const tdn_field f_note[] = {
    {"subjective", TDN_F_TEXT, false, 0, 8000, 0},
    {"objective", TDN_F_TEXT, false, 0, 8000, 0},
    {"assessment", TDN_F_TEXT, false, 0, 8000, 0},
    {"plan", TDN_F_TEXT, false, 0, 8000, 0},
    {0},
};
static const tdn_field f_addendum[] = {{"text", TDN_F_TEXT, true, 0, 8000, 0}, {0}};
static const tdn_field f_user_set[] = {
    {"display", TDN_F_STR, true, 1, 200, 0},
    {"credentials", TDN_F_STR, false, -1, 64, 0},
    {0},
};
static const tdn_field f_letterhead[] = {
    {"clinic_name", TDN_F_STR, false, -1, 256, 0},
    {"clinic_address", TDN_F_STR, false, -1, 256, 0},
    {"clinic_phone", TDN_F_STR, false, -1, 40, 0},
    {0},
};

static const tdn_field f_report[] = {{"from", TDN_F_STR, false, -1, 10, 0},
                                     {"to", TDN_F_STR, false, -1, 10, 0},
                                     {"condition", TDN_F_STR, false, -1, 64, 0},
                                     {"muscle", TDN_F_STR, false, -1, 64, 0},
                                     {"clinician", TDN_F_STR, false, -1, 64, 0},
                                     {"protocol", TDN_F_STR, false, -1, 16, 0},
                                     {0}};
const tdn_route tdn_routes[] = {
    /* pages */
    {"GET", "/", ANY, PUBLIC, tdn_page_root, f_none},
    {"GET", "/login", ANY, PUBLIC, tdn_page_login, f_next},
    {"GET", "/welcome", ANY, PUBLIC, tdn_page_welcome, f_none},
    {"GET", "/today", STAFF, PAGE, tdn_page_today, f_none},
    {"GET", "/patients", STAFF, PAGE, tdn_page_patients, f_search},
    {"GET", "/patients/:id", STAFF, PAGE, tdn_page_chart, f_none},
    {"GET", "/book", STAFF, PAGE, tdn_page_book, f_book},
    {"GET", "/sessions/:id", CLINICAL, PAGE, tdn_page_session, f_none},
    {"GET", "/sessions/:id/note", CLINICAL, PAGE, tdn_page_note, f_none},
    {"GET", "/sessions/:id/handout", ANY, PAGE, tdn_page_handout, f_none},
    {"GET", "/my/handouts", TDN_ROLE_PATIENT, PAGE, tdn_page_my_handouts, f_none},
    {"GET", "/admin/users", TDN_ROLE_ADMIN, PAGE, tdn_page_users, f_none},
    {"GET", "/audit", TDN_ROLE_ADMIN, PAGE, tdn_page_audit, f_audit},
    {"GET", "/diary", TDN_ROLE_PATIENT, PAGE, tdn_page_diary, f_none},
    {"GET", "/my/intake", TDN_ROLE_PATIENT, PAGE, tdn_page_my_intake, f_none},
    {"GET", "/my/consent", TDN_ROLE_PATIENT, PAGE, tdn_page_my_consent, f_none},
    {"GET", "/bodychart", CLINICAL, PAGE, tdn_page_bodychart, f_bodychart},
    {"GET", "/reports", CLINICAL, PAGE, tdn_page_reports, f_report},
    {"GET", "/reports/safety.csv", CLINICAL, 0, tdn_api_report, f_report},
    {"GET", "/reports/outcomes.csv", CLINICAL, 0, tdn_api_report, f_report},
    {"GET", "/reports/split-body.csv", CLINICAL, 0, tdn_api_report, f_report},
    /* sign-in */
    {"POST", "/api/login", ANY, PUBLIC | TDN_RF_NOCSRF, tdn_api_login, f_login},
    {"POST", "/api/login/invitation", ANY, PUBLIC | TDN_RF_NOCSRF, tdn_api_login_invitation,
     f_invitation},
    {"POST", "/api/logout", ANY, 0, tdn_api_logout, f_none},
    {"POST", "/logout", ANY, PAGE, tdn_api_logout, f_none},
    {"POST", "/api/logout-all", ANY, 0, tdn_api_logout_all, f_none},
    {"POST", "/logout-all", ANY, PAGE, tdn_api_logout_all, f_none},
    {"GET", "/account", ANY, PAGE, tdn_page_account, f_none},
    {"GET", "/api/me", ANY, 0, tdn_api_me, f_none},
    /* patients and the record */
    {"GET", "/api/patients", STAFF, 0, tdn_api_patients, f_search},
    {"POST", "/api/patients", STAFF, 0, tdn_api_patient_add, f_patient_add},
    {"GET", "/api/patients/:id", STAFF, 0, tdn_api_patient, f_none},
    {"POST", "/api/patients/:id/invitation", STAFF, 0, tdn_api_invite, f_invite},
    {"POST", "/patients/:id/invitation", STAFF, PAGE, tdn_page_invite, f_none},
    {"GET", "/api/appointments", STAFF, 0, tdn_api_appointments, f_book},
    {"POST", "/api/appointments", STAFF, 0, tdn_api_appointment_add, f_appt_add},
    {"POST", "/api/appointments/:id/move", STAFF, 0, tdn_api_appointment_move, f_appt_move},
    {"POST", "/api/appointments/:id/status", STAFF, 0, tdn_api_appointment_status, f_appt_status},
    {"POST", "/api/appointments/:id/session", CLINICAL, 0, tdn_api_appointment_session, f_none},
    {"POST", "/api/patients/:id/consent", CLINICAL, 0, tdn_api_consent, f_consent},
    {"POST", "/api/patients/:id/screenings", CLINICAL, 0, tdn_api_screening, f_screening},
    {"POST", "/api/patients/:id/episodes", CLINICAL, 0, tdn_api_episode, f_episode},
    {"POST", "/api/patients/:id/pain", CLINICAL, 0, tdn_api_pain, f_pain},
    {"GET", "/api/patients/:id/diary", CLINICAL, 0, tdn_api_diary, f_none},
    {"POST", "/api/patients/:id/diary", CLINICAL, 0, tdn_api_diary_add, f_diary},
    {"GET", "/api/my/diary", TDN_ROLE_PATIENT, 0, tdn_api_diary, f_none},
    {"POST", "/api/my/diary", TDN_ROLE_PATIENT, 0, tdn_api_diary_add, f_diary},
    {"GET", "/api/my/intake", TDN_ROLE_PATIENT, 0, tdn_api_my_intake, f_none},
    {"POST", "/api/my/intake", TDN_ROLE_PATIENT, 0, tdn_api_my_intake_add, f_intake},
    {"GET", "/api/patients/:id/intake", CLINICAL, 0, tdn_api_patient_intake, f_none},
    {"POST", "/api/patients/:id/intake/confirm", CLINICAL, 0, tdn_api_intake_confirm,
     f_intake_confirm},
    {"GET", "/api/my/consent", TDN_ROLE_PATIENT, 0, tdn_api_my_consent, f_none},
    {"POST", "/api/my/consent", TDN_ROLE_PATIENT, 0, tdn_api_my_consent_sign, f_consent_sign},
    {"POST", "/api/my/consent/withdraw", TDN_ROLE_PATIENT, 0, tdn_api_my_consent_withdraw, f_none},
    {"POST", "/api/patients/:id/consent/withdraw", CLINICAL, 0, tdn_api_consent_withdraw, f_none},
    {"GET", "/api/audit", TDN_ROLE_ADMIN, 0, tdn_api_audit, f_audit},
    {"GET", "/api/users", TDN_ROLE_ADMIN, 0, tdn_api_users, f_none},
    {"POST", "/api/users", TDN_ROLE_ADMIN, 0, tdn_api_user_add, f_user_add},
    {"POST", "/api/users/:id/logout-all", TDN_ROLE_ADMIN, 0, tdn_api_user_logout_all, f_none},
    {"POST", "/api/users/*name", TDN_ROLE_ADMIN, 0, tdn_api_user_set, f_user_set},
    {"POST", "/api/settings/letterhead", TDN_ROLE_ADMIN, 0, tdn_api_letterhead, f_letterhead},
    {"POST", "/api/settings/timezone", TDN_ROLE_ADMIN, 0, tdn_api_setting_timezone, f_timezone},
    {"POST", "/api/sessions", CLINICAL, 0, tdn_api_session_open, f_session_open},
    {"GET", "/api/sessions/:id", CLINICAL, 0, tdn_api_session, f_none},
    {"POST", "/api/sessions/:id/needles", CLINICAL, 0, tdn_api_needle_in, f_needle_in},
    {"POST", "/api/sessions/:id/needles/:n/ltr", CLINICAL, 0, tdn_api_needle_ltr, f_none},
    {"POST", "/api/sessions/:id/needles/:n/redirect", CLINICAL, 0, tdn_api_needle_redirect, f_none},
    {"POST", "/api/sessions/:id/needles/:n/out", CLINICAL, 0, tdn_api_needle_out, f_none},
    {"POST", "/api/sessions/:id/needles/:n/reinsert", CLINICAL, 0, tdn_api_needle_reinsert, f_none},
    {"POST", "/api/sessions/:id/needles/:n/broken", CLINICAL, 0, tdn_api_needle_broken, f_broken},
    {"POST", "/api/sessions/:id/needles/:n/estim", CLINICAL, 0, tdn_api_needle_estim, f_estim},
    {"POST", "/api/sessions/:id/close", CLINICAL, 0, tdn_api_session_close, f_none},
    {"POST", "/api/sessions/:id/abort", CLINICAL, 0, tdn_api_session_abort, f_abort},
    {"GET", "/api/sessions/:id/note", CLINICAL, 0, tdn_api_session_note, f_none},
    {"POST", "/api/sessions/:id/note", CLINICAL, 0, tdn_api_note_edit, f_note},
    {"POST", "/api/sessions/:id/note/sign", CLINICAL, 0, tdn_api_note_sign, f_none},
    {"POST", "/api/sessions/:id/note/addenda", CLINICAL, 0, tdn_api_note_addendum, f_addendum},
    {"GET", "/api/sessions/:id/handout", ANY, 0, tdn_api_session_handout, f_none},
    {"POST", "/api/sessions/:id/findings", CLINICAL, 0, tdn_api_finding, f_finding},
    {"POST", "/api/sessions/:id/measures", CLINICAL, 0, tdn_api_measure, f_measure},
    {"POST", "/api/sessions/:id/aes", CLINICAL, 0, tdn_api_ae, f_ae},
    {"GET", "/api/reports/safety", CLINICAL, 0, tdn_api_report, f_report},
    {"GET", "/api/reports/outcomes", CLINICAL, 0, tdn_api_report, f_report},
    {"GET", "/api/reports/split-body", CLINICAL, 0, tdn_api_report, f_report},
    /* knowledge base */
    {"GET", "/api/regions", STAFF, 0, tdn_api_regions, f_none},
    {"GET", "/api/conditions", STAFF, 0, tdn_api_conditions, f_none},
    {"GET", "/api/muscles/*id", STAFF, 0, tdn_api_muscle, f_none},
    {"GET", "/api/locate", CLINICAL, 0, tdn_api_locate, f_locate},
    {"POST", "/api/screen", CLINICAL, 0, tdn_api_screen, f_screening},
    /* the read-only FHIR R4 API (api_fhir.c; API tokens accepted here) */
    {"GET", "/fhir/metadata", ANY, PUBLIC, tdn_fhir_metadata, f_none},
    {"GET", "/fhir/Patient", CLINICAL, 0, tdn_fhir_patient_search, f_fhir_search},
    {"GET", "/fhir/Patient/:id", CLINICAL, 0, tdn_fhir_patient_read, f_none},
    {"GET", "/fhir/Patient/:id/$everything", CLINICAL, 0, tdn_fhir_everything, f_none},
    {0},
};

void tdn_web_list_routes(FILE *fp)
{
    static const char *names[] = {"admin", "clinician", "front_desk", "patient"};
    for (const tdn_route *r = tdn_routes; r->method; r++) {
        fprintf(fp, "%s %s ", r->method, r->pattern);
        const char *sep = "";
        for (int i = 0; i < 4; i++)
            if (r->roles & (1u << i)) fprintf(fp, "%s%s", sep, names[i]), sep = ",";
        fprintf(fp, " %s%s%s\n", (r->flags & TDN_RF_PUBLIC) ? "public" : "auth",
                (r->flags & TDN_RF_PAGE) ? ",page" : "",
                (r->flags & TDN_RF_NOCSRF) ? ",nocsrf" : "");
    }
}
