/* commands.c — the table of `tdn` commands. Add a line here for a new
 * command; its implementation lives in the cli/ file of its group. */
#include "cli/cli.h"

int tdn_cmd_locate(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_muscle(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_regions(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_conditions(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_init(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_user(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_patient(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_audit(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_episode(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_consent(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_screening(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_session(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_needle(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_handout(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_painmap(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_finding(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_measure(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_ae(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_export(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_serve(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_demo(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_screen(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_setting(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_note(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_report(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_token(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_invite(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_appointment(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_intake(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_migrate(tdn_cli *cli, int argc, char **argv);

const tdn_cmd tdn_commands[] = {
    {"locate", tdn_cmd_locate,
     "locate [--json] [--limit N] [--condition C] [--palpated MUSCLE[:SIDE]=+|-]... "
     "REGION[:SIDE][=0-10]...",
     "rank the muscles whose trigger points refer pain to a pain map (+: tender, reproduces "
     "the pain; -: palpated, nothing found)"},
    {"muscle", tdn_cmd_muscle, "muscle [--json] ID",
     "everything the knowledge base knows about a muscle"},
    {"regions", tdn_cmd_regions, "regions [--json]", "the body region codes and sides"},
    {"conditions", tdn_cmd_conditions, "conditions [--json]",
     "conditions with their ICD-10-CM code and usual muscles"},
    {"init", tdn_cmd_init, "init [--json]", "create the record store (--db) or migrate it"},
    {"user", tdn_cmd_user,
     "user add --username U --role R [--display N] [--patient ID] "
     "[--password-stdin] | set U --display N [--credentials C] | list",
     "add or list the people who log in; full name and credentials sign notes"},
    {"patient", tdn_cmd_patient,
     "patient add --name N --birth YYYY-MM-DD [--sex F|M|X] | show ID | list [--search T]",
     "register, read (the whole chart) or find patients"},
    {"invite", tdn_cmd_invite, "invite --patient ID [--hours N]",
     "invite a patient to the portal: a one-time sign-in code (default 72 h) to set a password"},
    {"appointment", tdn_cmd_appointment,
     "appointment add --patient ID --clinician U --at 'YYYY-MM-DD HH:MM' [--minutes N] | "
     "move ID --at T [--minutes N] [--clinician U] | cancel|no-show|check-in ID | "
     "list [--date D | --week D] [--clinician U] [--all]",
     "the appointment book: book, move, cancel, mark no-show, check in; a day or week's list"},
    {"intake", tdn_cmd_intake,
     "intake questions | show PATIENT | submit --patient ID FILE|- | confirm --patient ID FILE|-",
     "the patient's intake: the questions, what the patient said beside what the clinician "
     "confirmed, a paper intake, and the confirmation that records the screening"},
    {"episode", tdn_cmd_episode,
     "episode open --patient ID --condition CODE [--side R|L|B] [--site REGION] [--goal TEXT] "
     "[--plan LIST]",
     "open an episode of care: condition, side and site (they give the ICD-10-CM code), goals, "
     "plan of care"},
    {"consent", tdn_cmd_consent,
     "consent record --patient ID --by patient|guardian | withdraw --patient ID | "
     "text [--set FILE|-]",
     "record or withdraw consent to dry needling (withdrawal blocks new sessions); the "
     "versioned consent text patients sign in the portal"},
    {"screening", tdn_cmd_screening, "screening record --patient ID FILE|-",
     "store a screening profile (JSON) and its decision"},
    {"session", tdn_cmd_session,
     "session open --patient ID [--episode ID] | due|close|note|show ID | abort ID --reason R",
     "open a session (screened when screening and consent are valid), see its timers, close it "
     "(CPT, note, handout), read its note"},
    {"needle", tdn_cmd_needle,
     "needle in --session ID --muscle M --side L|R --technique deep|superficial [--guide-tube] "
     "[--palpation pincer|flat] [--gauge MM --length MM] [--override REASON] | "
     "ltr|redirect|out|reinsert --session ID --needle N | "
     "broken --session ID --needle N --incident T --severity S | "
     "estim --session ID --needle N --freq HZ --pulse US --duration S --intensity T",
     "record a needling event: every needle counted in and out"},
    {"note", tdn_cmd_note,
     "note show ID | edit ID [--subjective T] [--objective T] [--assessment T] [--plan T] | "
     "sign ID | addendum ID --text T",
     "the session note as a clinical document: the clinician's S/O/A/P text, sign-off (locks "
     "it), addenda"},
    {"handout", tdn_cmd_handout, "handout [--json|--html] ID",
     "the patient's aftercare handout for a session"},
    {"painmap", tdn_cmd_painmap,
     "painmap add --session ID|--episode ID [--json] REGION[:SIDE][=0-10]...",
     "record where the patient hurts (the session note's subjective)"},
    {"finding", tdn_cmd_finding,
     "finding add --session ID --muscle M --side L|R --type active|latent|none [--taut-band] "
     "[--spot] [--ltr] [--referred]",
     "record a palpation finding (trigger point; none: palpated, nothing found)"},
    {"measure", tdn_cmd_measure,
     "measure add --session ID --phase pre|post|followup --kind nprs|ppt|rom|psfs --site "
     "SITE[:SIDE] "
     "--value V [--side L|R|B] [--motion active|passive]",
     "record an outcome measure; SITE is a region (nprs 0-10), a muscle (ppt kg/cm2), a joint "
     "motion (rom degrees) or an activity (psfs 0-10)"},
    {"ae", tdn_cmd_ae,
     "ae add --session ID --kind K --severity mild|moderate|significant|serious [--action T] "
     "[--resolved] [--needle N] [--note T]",
     "record an adverse event"},
    {"report", tdn_cmd_report,
     "report safety|outcomes|split-body [--from D] [--to D] [--condition C] [--muscle M] "
     "[--clinician U] "
     "[--protocol deep|superficial] [--json|--csv]",
     "practice-based evidence: adverse-event rates beside the published survey, responders "
     "with 95 % CIs"},
    {"export", tdn_cmd_export,
     "export csv DIR | fhir --patient ID [--out FILE] | fhir --all DIR [--since YYYY-MM-DD]",
     "write every record table as CSV into DIR, or FHIR R4: one patient as a transaction "
     "Bundle, the whole clinic as NDJSON per resource type"},
    {"token", tdn_cmd_token, "token add --user U --expires DAYS | list | revoke ID",
     "API tokens for machine clients of the FHIR API (shown once, stored hashed)"},
    {"setting", tdn_cmd_setting, "setting show [--json] | set [--json] KEY VALUE",
     "the clinic's settings: timezone (IANA name, e.g. Europe/Madrid; default UTC), "
     "screening_valid_days"},
    {"audit", tdn_cmd_audit,
     "audit [--json] [--patient ID] [--actor NAME] [--action WHAT] [--limit N] [--before ID]",
     "who created, changed or read which record, and when"},
    {"serve", tdn_cmd_serve,
     "serve [--listen ADDR:PORT] [--behind-tls-proxy] [--idle-minutes N] [--per-address N] "
     "[--head-seconds N] [--threads N]",
     "serve the web app and JSON API (port 0 picks a free port)"},
    {"migrate", tdn_cmd_migrate, "migrate --from URL --to URL [--append] [--json]",
     "copy the whole clinic, audit included, between SQLite and PostgreSQL (ids kept, rows "
     "counted per table, one transaction; the target must be empty unless --append)"},
    {"demo", tdn_cmd_demo, "demo", "create a demo clinic (made-up patients and logins) in --db"},
    {"screen", tdn_cmd_screen, "screen [--json] FILE|- | --rules | --words",
     "screen a patient profile: go, caution or no-go, with reasons (--words: the conditions, "
     "local conditions and pregnancy words a profile uses)"},
    {0, 0, 0, 0},
};
