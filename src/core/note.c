/* note.c — formatting the SOAP-style session note (see note.h). Text that
 * people typed reaches the note only through put_typed: its further lines are
 * indented under a "|" so that no typed text can pass for a line of the note
 * itself (a forged "Ledger: ..." line). */
#include "core/note.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/words.h"

/* Appends typed text; each line break becomes a continuation line "      | ",
 * and other control characters are shown as '?'. */
static void put_typed(tdn_buf *b, const char *text)
{
    for (const char *p = text ? text : ""; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '\r' && p[1] == '\n') continue;
        if (c == '\n' || c == '\r')
            tdn_buf_put(b, "\n      | ");
        else
            tdn_buf_putc(b, c < 0x20 || c == 0x7f ? '?' : (char)c);
    }
}

static void put_duration(tdn_buf *b, int64_t s)
{
    if (s >= 60)
        tdn_buf_printf(b, "%lld min %lld s", (long long)(s / 60), (long long)(s % 60));
    else
        tdn_buf_printf(b, "%lld s", (long long)s);
}

/* Appends "  label: text" with the text's further lines indented under it. */
static void put_text(tdn_buf *b, const char *label, const char *text)
{
    tdn_buf_printf(b, "  %s:", label);
    if (!text || !*text) {
        tdn_buf_put(b, " not written\n");
        return;
    }
    tdn_buf_put(b, " ");
    for (const char *p = text; *p; p++) {
        if (*p == '\r') continue;
        tdn_buf_putc(b, *p);
        if (*p == '\n' && p[1]) tdn_buf_put(b, "    ");
    }
    if (text[strlen(text) - 1] != '\n') tdn_buf_putc(b, '\n');
}

static const char *level_words(const char *level)
{
    if (!level) return "note";
    if (strcmp(level, "no_go") == 0) return "do not needle";
    if (strcmp(level, "caution") == 0) return "caution";
    if (strcmp(level, "go") == 0) return "go";
    return "note";
}

static const char *decision_words(const char *d)
{
    if (strcmp(d, "no_go") == 0) return "no go (do not needle)";
    if (strcmp(d, "caution") == 0) return "go with caution";
    if (strcmp(d, "go") == 0) return "go";
    return d;
}

/* The screening the session opened with: its verdict, reasons in words and
 * the regions it blocked. */
static void note_screening(const tdn_kb *kb, const tdn_needling *s, const tdn_note_input *in,
                           tdn_buf *b)
{
    if (s->unscreened[0])
        tdn_buf_printf(b, "Screening: NOT screened at opening: %s\n", s->unscreened);
    if (in->screen_decision && *in->screen_decision) {
        char date[16];
        tdn_date(in->zone, in->screened_at, date);
        tdn_buf_printf(b, "Screening of %s: %s\n", date, decision_words(in->screen_decision));
        for (int i = 0; i < in->n_screen_reasons; i++) {
            tdn_buf_printf(b, "  - %s: ", level_words(in->screen_reasons[i].level));
            tdn_words_put(kb, b, in->screen_reasons[i].detail);
            tdn_buf_put(b, "\n");
        }
    } else if (!s->unscreened[0]) {
        tdn_buf_put(b, "Screening: consent and a valid screening on record at opening\n");
    }
    if (s->n_blocked) {
        tdn_buf_put(b, "  Blocked regions (not to be needled):");
        for (int i = 0; i < s->n_blocked; i++) {
            const tdn_pain *p = &s->blocked[i];
            tdn_buf_printf(b, "%s %s (%s)", i ? "," : "", tdn_region_at(p->region)->name,
                           tdn_side_words(p->side));
        }
        tdn_buf_put(b, "\n");
    }
}

static void note_header(const tdn_kb *kb, const tdn_needling *s, const tdn_note_input *in,
                        tdn_buf *b)
{
    char date[16], from[TDN_CLOCK_LEN], to[TDN_CLOCK_LEN];
    tdn_date(in->zone, s->opened_at, date);
    tdn_clock(in->zone, s->opened_at, from);
    tdn_buf_printf(b, "SESSION NOTE %s, opened %s", date, from);
    if (s->ended_at) {
        tdn_clock(in->zone, s->ended_at, to);
        tdn_buf_printf(b, ", %s %s", tdn_session_state_name(s->state), to);
    } else {
        tdn_buf_printf(b, " (%s)", tdn_session_state_name(s->state));
    }
    tdn_buf_put(b, "\n");
    if (in->patient_name) {
        tdn_buf_printf(b, "Patient: %s", in->patient_name);
        if (in->patient_id) tdn_buf_printf(b, " (id %lld)", (long long)in->patient_id);
        if (in->patient_birth && *in->patient_birth)
            tdn_buf_printf(b, ", born %s", in->patient_birth);
        tdn_buf_put(b, "\n");
    }
    if (in->session_id || (in->clinician && *in->clinician)) {
        if (in->session_id) tdn_buf_printf(b, "Session %lld", (long long)in->session_id);
        if (in->clinician && *in->clinician)
            tdn_buf_printf(b, "%sclinician %s",
                           in->session_id ? ", " : "Clinician: ", in->clinician);
        tdn_buf_put(b, "\n");
    }
    note_screening(kb, s, in, b);
    if (s->state == TDN_SESSION_ABORTED) {
        tdn_buf_put(b, "Aborted: ");
        put_typed(b, s->abort_reason);
        tdn_buf_put(b, "\n");
    }
}

static void note_subjective(const tdn_note_input *in, tdn_buf *b)
{
    tdn_buf_put(b, "\nS - Subjective\n  Pain map:");
    for (int i = 0; i < in->n_pains; i++) {
        const tdn_pain *p = &in->pains[i];
        tdn_buf_printf(b, "%s %s, %s", i ? ";" : "", tdn_region_at(p->region)->name,
                       tdn_side_words(p->side));
        if (p->intensity >= 0) tdn_buf_printf(b, " %d/10", p->intensity);
    }
    if (in->n_pains == 0) tdn_buf_put(b, " not recorded");
    tdn_buf_put(b, "\n");
    if (in->subjective && *in->subjective) {
        tdn_buf_put(b, "  ");
        put_typed(b, in->subjective);
        tdn_buf_put(b, "\n");
    }
}

static void put_finding(const tdn_kb *kb, const tdn_note_finding *f, tdn_buf *b)
{
    tdn_buf_put(b, "    ");
    tdn_words_site(kb, b, f->muscle, f->side);
    if (f->none)
        tdn_buf_put(b, ": palpated, no trigger point found");
    else
        tdn_buf_printf(b, ": %s trigger point", f->active ? "active" : "latent");
    if (f->taut_band) tdn_buf_put(b, ", taut band");
    if (f->spot) tdn_buf_put(b, ", hyperirritable spot");
    if (f->ltr) tdn_buf_put(b, ", LTR on palpation");
    if (f->referred) tdn_buf_put(b, ", referred pain reproduced");
    tdn_buf_put(b, "\n");
}

/* The name of a measure kind as clinicians write it. */
static const char *measure_words(const char *kind)
{
    if (strcmp(kind, "nprs") == 0) return "Pain (NPRS)";
    if (strcmp(kind, "ppt") == 0) return "Pressure pain threshold";
    if (strcmp(kind, "rom") == 0) return "Range of motion";
    if (strcmp(kind, "psfs") == 0) return "Function (PSFS)";
    return kind;
}

static bool same_measure(const tdn_note_measure *a, const tdn_note_measure *b)
{
    return strcmp(a->kind, b->kind) == 0 && strcmp(a->site, b->site) == 0;
}

/* One line per kind and site: its values by phase and the pre→post change. */
static void put_measures(const tdn_kb *kb, const tdn_note_input *in, tdn_buf *b)
{
    for (int i = 0; i < in->n_measures; i++) {
        const tdn_note_measure *m = &in->measures[i];
        bool seen = false;
        for (int j = 0; j < i && !seen; j++)
            seen = same_measure(&in->measures[j], m);
        if (seen) continue;
        tdn_buf_printf(b, "    %s, ", measure_words(m->kind));
        tdn_words_put(kb, b, m->site);
        tdn_buf_put(b, ":");
        const tdn_note_measure *pre = NULL, *post = NULL;
        for (int j = i; j < in->n_measures; j++) {
            const tdn_note_measure *v = &in->measures[j];
            if (!same_measure(v, m)) continue;
            tdn_buf_printf(b, " %s %g%s", v->phase, v->value, v->unit ? v->unit : "");
            if (strcmp(v->phase, "pre") == 0) pre = v;
            if (strcmp(v->phase, "post") == 0) post = v;
        }
        if (pre && post) tdn_buf_printf(b, " (change %+g)", post->value - pre->value);
        tdn_buf_put(b, "\n");
    }
}

static void note_objective(const tdn_kb *kb, const tdn_note_input *in, tdn_buf *b)
{
    tdn_buf_put(b, "\nO - Objective\n  Findings:");
    tdn_buf_put(b, in->n_findings ? "\n" : " none recorded\n");
    for (int i = 0; i < in->n_findings; i++)
        put_finding(kb, &in->findings[i], b);
    tdn_buf_put(b, "  Measures:");
    tdn_buf_put(b, in->n_measures ? "\n" : " none recorded\n");
    put_measures(kb, in, b);
}

static void put_needle(const tdn_needle *n, const tdn_tz *zone, tdn_buf *b)
{
    char in_at[TDN_CLOCK_LEN], out_at[TDN_CLOCK_LEN];
    tdn_clock(zone, n->inserted_at, in_at);
    tdn_buf_printf(b, "      #%d %s", n->number, tdn_technique_name(n->technique));
    tdn_buf_put(b, n->guide_tube ? ", guide tube" : ", no guide tube");
    if (n->palpation[0]) tdn_buf_printf(b, ", %s palpation", n->palpation);
    if (n->gauge_mm > 0 && n->length_mm > 0)
        tdn_buf_printf(b, ", needle %.2f x %d mm", n->gauge_mm, n->length_mm);
    else if (n->gauge_mm > 0)
        tdn_buf_printf(b, ", needle %.2f mm (length not recorded)", n->gauge_mm);
    else if (n->length_mm > 0)
        tdn_buf_printf(b, ", needle %d mm long (gauge not recorded)", n->length_mm);
    tdn_buf_printf(b, "; in %s", in_at);
    if (n->state != TDN_NEEDLE_IN) {
        tdn_clock(zone, n->withdrawn_at, out_at);
        tdn_buf_printf(b, ", %s %s", n->state == TDN_NEEDLE_BROKEN ? "BROKEN" : "out", out_at);
    } else {
        tdn_buf_put(b, ", STILL IN");
    }
    tdn_buf_put(b, "; dwell ");
    put_duration(b, n->dwell_s);
    if (n->technique == TDN_TECH_DEEP)
        tdn_buf_printf(b, "; LTRs %d, redirections %d", n->ltr_count, n->redirections);
    else
        tdn_buf_printf(b, "; %d round%s", n->rounds, tdn_plural(n->rounds));
    tdn_buf_put(b, "\n");
    if (n->estim.used)
        tdn_buf_printf(b, "         e-stim %g Hz, %d us, %d s, intensity: %s\n", n->estim.freq_hz,
                       n->estim.pulse_us, n->estim.duration_s, n->estim.intensity);
}

static void put_hazards(const tdn_kb *kb, const tdn_muscle *m, const tdn_needling *s, char side,
                        tdn_buf *b)
{
    if (m->n_hazards == 0) return;
    tdn_buf_put(b, "      hazards:");
    for (int i = 0; i < m->n_hazards; i++) {
        tdn_buf_printf(b, "%s ", i ? "," : "");
        tdn_words_put(kb, b, m->hazards[i]);
    }
    if (tdn_muscle_has_hazard(m, "lung")) {
        int max_len = 0;
        for (int i = 0; i < s->n_needles; i++)
            if (s->needles[i].side == side && strcmp(s->needles[i].muscle, m->id) == 0 &&
                s->needles[i].length_mm > max_len)
                max_len = s->needles[i].length_mm;
        if (max_len)
            tdn_buf_printf(b, " (longest needle %d mm)", max_len);
        else
            tdn_buf_put(b, " (needle length not recorded)");
    }
    tdn_buf_put(b, "\n");
}

/* Needling grouped by muscle and side, in order of first needle. */
static void note_needling(const tdn_kb *kb, const tdn_needling *s, const tdn_tz *zone, tdn_buf *b)
{
    tdn_ledger l = tdn_ledger_count(s->needles, s->n_needles);
    tdn_buf_printf(b, "  Needling: %d needle%s in %d muscle%s\n", l.inserted,
                   tdn_plural(l.inserted), tdn_distinct_muscles(s->needles, s->n_needles),
                   tdn_plural(tdn_distinct_muscles(s->needles, s->n_needles)));
    for (int i = 0; i < s->n_needles; i++) {
        const tdn_needle *n = &s->needles[i];
        bool seen = false;
        for (int j = 0; j < i && !seen; j++)
            seen = s->needles[j].side == n->side && strcmp(s->needles[j].muscle, n->muscle) == 0;
        if (seen) continue;
        int mi = tdn_kb_muscle_find(kb, n->muscle);
        tdn_buf_put(b, "    ");
        tdn_words_site(kb, b, n->muscle, n->side);
        tdn_buf_put(b, mi >= 0 ? "\n" : " (not in the knowledge base)\n");
        for (int j = i; j < s->n_needles; j++)
            if (s->needles[j].side == n->side && strcmp(s->needles[j].muscle, n->muscle) == 0)
                put_needle(&s->needles[j], zone, b);
        if (mi >= 0) put_hazards(kb, &kb->muscles[mi], s, n->side, b);
    }
    tdn_buf_printf(b, "  Ledger: %d inserted = %d withdrawn + %d broken + %d still in\n",
                   l.inserted, l.withdrawn, l.broken, l.in);
}

/* What an overridden refusal was, in words (the rules of core/protocol). */
static const char *override_words(const char *rule)
{
    if (strcmp(rule, "protocol.screening") == 0) return "Needled without a valid screening";
    if (strcmp(rule, "protocol.blocked_region") == 0)
        return "Needled in a region the screening blocked";
    if (strcmp(rule, "safety.bilateral_lung") == 0)
        return "Needled over the lung field on both sides";
    return "Needled despite a refusal";
}

static void note_events(const tdn_kb *kb, const tdn_needling *s, const tdn_tz *zone, tdn_buf *b)
{
    tdn_buf_put(b, "  Adverse events:");
    tdn_buf_put(b, s->n_aes ? "\n" : " none\n");
    for (int i = 0; i < s->n_aes; i++) {
        const tdn_ae_record *a = &s->aes[i];
        char at[TDN_CLOCK_LEN];
        tdn_clock(zone, a->at, at);
        tdn_buf_put(b, "    ");
        tdn_words_site(kb, b, a->kind, 0);
        tdn_buf_printf(b, " (%s) at %s", a->severity, at);
        if (a->needle) tdn_buf_printf(b, ", needle #%d", a->needle);
        if (a->note[0]) tdn_buf_put(b, ": "), put_typed(b, a->note);
        if (a->action[0]) tdn_buf_put(b, "; action: "), put_typed(b, a->action);
        tdn_buf_put(b, a->resolved ? "; resolved\n" : "; not resolved\n");
    }
    if (s->n_overrides) tdn_buf_put(b, "  Overrides (clinician's responsibility):\n");
    for (int i = 0; i < s->n_overrides; i++) {
        const tdn_override *o = &s->overrides[i];
        tdn_buf_printf(b, "    %s at needle #%d", override_words(o->rule), o->needle);
        if (o->muscle[0]) {
            tdn_buf_put(b, " (");
            tdn_words_site(kb, b, o->muscle, o->side);
            tdn_buf_put(b, ")");
        }
        tdn_buf_put(b, ": \"");
        put_typed(b, o->reason);
        tdn_buf_put(b, "\"\n");
    }
}

static void note_billing(const tdn_kb *kb, const tdn_billing *bill, const tdn_note_input *in,
                         tdn_buf *b)
{
    if (in->goals && *in->goals) {
        tdn_buf_put(b, "  Goals: ");
        put_typed(b, in->goals);
        tdn_buf_put(b, "\n");
    }
    if (in->plan && *in->plan) {
        tdn_buf_put(b, "  Plan of care: "); /* the stored list "dry_needling,exercise", in words */
        for (const char *p = in->plan; *p;) {
            size_t n = strcspn(p, ",");
            char item[96];
            snprintf(item, sizeof item, "%.*s", (int)n, p);
            tdn_words_put(kb, b, item);
            p += n;
            if (*p) tdn_buf_put(b, ", "), p++;
        }
        tdn_buf_putc(b, '\n');
    }
    if (bill->cpt)
        tdn_buf_printf(b, "  CPT %s: %s (%d distinct muscle%s)\n", bill->cpt->code,
                       bill->cpt->descriptor, bill->distinct_muscles,
                       tdn_plural(bill->distinct_muscles));
    else
        tdn_buf_put(b, "  CPT: none (no needle inserted)\n");
    if (in->icd10 && *in->icd10 && strcmp(in->icd10, "-") != 0)
        tdn_buf_printf(b, "  ICD-10-CM %s: %s\n", in->icd10, in->condition ? in->condition : "");
    else
        tdn_buf_put(b, "  ICD-10-CM: no episode diagnosis recorded\n");
}

void tdn_note_signature(const char *signer, int64_t at, const tdn_tz *zone, tdn_buf *b)
{
    if (!signer || !*signer) {
        tdn_buf_put(b, "\nNot signed.\n");
        return;
    }
    char date[16], clock[TDN_CLOCK_LEN];
    tdn_date(zone, at, date);
    tdn_clock(zone, at, clock);
    tdn_buf_printf(b, "\nSigned electronically by %s on %s at %s\n", signer, date, clock);
}

void tdn_session_note(const tdn_kb *kb, const tdn_needling *s, const tdn_billing *billing,
                      const tdn_note_input *in, tdn_buf *b)
{
    note_header(kb, s, in, b);
    note_subjective(in, b);
    note_objective(kb, in, b);
    tdn_buf_put(b, "\nA/P - Assessment and plan\n");
    note_needling(kb, s, in->zone, b);
    note_events(kb, s, in->zone, b);
    note_billing(kb, billing, in, b);
}

void tdn_note_clinician(const tdn_note_soap *t, tdn_buf *b)
{
    tdn_buf_put(b, "\nCLINICIAN'S NOTES\n");
    put_text(b, "Subjective", t ? t->subjective : NULL);
    put_text(b, "Objective", t ? t->objective : NULL);
    put_text(b, "Assessment", t ? t->assessment : NULL);
    put_text(b, "Plan", t ? t->plan : NULL);
}

void tdn_note_addendum_text(const char *author, int64_t at, const char *text, const tdn_tz *zone,
                            tdn_buf *b)
{
    char date[16], clock[TDN_CLOCK_LEN];
    tdn_date(zone, at, date);
    tdn_clock(zone, at, clock);
    tdn_buf_printf(b, "\nAddendum of %s %s, signed by %s:\n    ", date, clock, author);
    for (const char *p = text; *p; p++) {
        if (*p == '\r') continue;
        tdn_buf_putc(b, *p);
        if (*p == '\n' && p[1]) tdn_buf_put(b, "    ");
    }
    if (*text && text[strlen(text) - 1] != '\n') tdn_buf_putc(b, '\n');
}

int tdn_note_check_edit(bool is_signed, tdn_err *err)
{
    if (is_signed)
        return tdn_err_set(err, TDN_EINPUT,
                           "note: refused: the note is signed and can no longer be edited; "
                           "add an addendum instead");
    return TDN_OK;
}

int tdn_note_check_sign(int session_state, bool is_signed, const char *signer, tdn_err *err)
{
    if (is_signed) return tdn_err_set(err, TDN_EINPUT, "note: refused: the note is already signed");
    if (session_state != TDN_SESSION_CLOSED && session_state != TDN_SESSION_ABORTED)
        return tdn_err_set(err, TDN_EINPUT,
                           "note: refused: the session is %s; close it before signing its note",
                           tdn_session_state_name(session_state));
    if (!signer || !*signer)
        return tdn_err_set(err, TDN_EINPUT, "signer: the name of who signs is required");
    return TDN_OK;
}

int tdn_note_check_addendum(bool is_signed, const char *text, tdn_err *err)
{
    if (!is_signed)
        return tdn_err_set(err, TDN_EINPUT,
                           "addendum: refused: the note is not signed yet; edit the note instead");
    bool blank = true;
    for (const char *p = text; p && *p && blank; p++)
        blank = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
    if (blank) return tdn_err_set(err, TDN_EINPUT, "text: the addendum is empty");
    return TDN_OK;
}
