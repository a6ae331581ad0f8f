/* protocol.c — the needling session state machine and its timers (see
 * protocol.h). Each event validates everything first and only then mutates,
 * so a refused event leaves the session unchanged. */
#include "core/protocol.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"

static bool ended(const tdn_needling *s)
{
    return s->state == TDN_SESSION_CLOSED || s->state == TDN_SESSION_ABORTED;
}

static int refuse_ended(const tdn_needling *s, const char *event, tdn_err *err)
{
    return tdn_err_set(err, TDN_EINPUT, "%s: refused, the session is already %s", event,
                       tdn_session_state_name(s->state));
}

static void copy_text(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
}

static int check_text(const char *field, const char *text, bool required, tdn_err *err)
{
    if (!text || !*text) {
        if (required) return tdn_err_set(err, TDN_EINPUT, "%s: required, write a few words", field);
        return TDN_OK;
    }
    if (strlen(text) >= TDN_REASON_MAX)
        return tdn_err_set(err, TDN_EINPUT, "%s: longer than %d characters", field,
                           TDN_REASON_MAX - 1);
    return TDN_OK;
}

/* "the latest screening is 9 days old (valid for 1 day, ...)" into out[cap]. */
static void say_too_old(char *out, size_t cap, int64_t age_days, int valid_days)
{
    snprintf(out, cap,
             "the latest screening is %lld day%s old (valid for %d day%s, "
             "protocol.screening_valid_days)",
             (long long)age_days, tdn_plural(age_days), valid_days, tdn_plural(valid_days));
}

int tdn_session_open(tdn_needling *s, const tdn_protocol_rules *r, const tdn_open_input *in,
                     int64_t now, tdn_err *err)
{
    if (in->n_blocked < 0 || in->n_blocked > TDN_SESSION_MAX_BLOCKED)
        return tdn_err_set(err, TDN_EINPUT, "screening: more than %d blocked regions",
                           TDN_SESSION_MAX_BLOCKED);
    if (in->n_planned < 0 || in->n_planned > TDN_SESSION_MAX_PLANNED)
        return tdn_err_set(err, TDN_EINPUT, "screening: more than %d planned regions",
                           TDN_SESSION_MAX_PLANNED);
    if (in->n_blocked_muscles < 0 || in->n_blocked_muscles > TDN_SESSION_MAX_BLOCKED_MUSCLES)
        return tdn_err_set(err, TDN_EINPUT, "screening: more than %d blocked muscles",
                           TDN_SESSION_MAX_BLOCKED_MUSCLES);
    if (in->has_screening && in->screened_at > now)
        return tdn_err_set(err, TDN_EINPUT, "screening: dated after the session opens");
    memset(s, 0, sizeof *s);
    s->opened_at = now;
    s->n_blocked = in->n_blocked;
    for (int i = 0; i < in->n_blocked; i++)
        s->blocked[i] = in->blocked[i];
    s->n_planned = in->n_planned;
    for (int i = 0; i < in->n_planned; i++)
        s->planned[i] = in->planned[i];
    s->n_blocked_muscles = in->n_blocked_muscles;
    for (int i = 0; i < in->n_blocked_muscles; i++)
        copy_text(s->blocked_muscles[i], TDN_ID_MAX, in->blocked_muscles[i]);
    int64_t valid_s = (int64_t)r->screening_valid_days * 86400;
    if (!in->has_consent)
        copy_text(s->unscreened, sizeof s->unscreened, "no consent on record");
    else if (!in->has_screening)
        copy_text(s->unscreened, sizeof s->unscreened, "no screening on record");
    else if (in->decision == TDN_DECISION_NO_GO)
        copy_text(s->unscreened, sizeof s->unscreened, "the latest screening is no_go");
    else if (in->decision != TDN_DECISION_GO && in->decision != TDN_DECISION_CAUTION)
        copy_text(s->unscreened, sizeof s->unscreened,
                  "the latest screening has no decision (run the screening)");
    else if (now - in->screened_at > valid_s)
        say_too_old(s->unscreened, sizeof s->unscreened, (now - in->screened_at) / 86400,
                    r->screening_valid_days);
    s->state = s->unscreened[0] ? TDN_SESSION_OPEN : TDN_SESSION_SCREENED;
    return TDN_OK;
}

static bool has_override(const tdn_needling *s, const char *rule, const char *muscle, char side)
{
    for (int i = 0; i < s->n_overrides; i++) {
        const tdn_override *o = &s->overrides[i];
        if (strcmp(o->rule, rule) != 0) continue;
        if (muscle && (strcmp(o->muscle, muscle) != 0 || o->side != side)) continue;
        return true;
    }
    return false;
}

/* True when region on side is among list[0..n) (a listed side B covers both). */
static bool region_listed(const tdn_pain *list, int n, int region, char side)
{
    for (int i = 0; i < n; i++)
        if (list[i].region == region && (list[i].side == side || list[i].side == 'B')) return true;
    return false;
}

static bool region_blocked(const tdn_needling *s, int region, char side)
{
    return region_listed(s->blocked, s->n_blocked, region, side);
}

/* True when the screening listed planned regions and none of m's trigger
 * point sites on side is among them. */
static bool muscle_unplanned(const tdn_needling *s, const tdn_muscle *m, char side)
{
    if (s->n_planned == 0) return false;
    for (int i = 0; i < m->n_tp; i++)
        if (region_listed(s->planned, s->n_planned, m->tp_sites[i], side)) return false;
    return true;
}

/* The first trigger point site of m on side that the screening blocked, or
 * -1. One blocked site is enough: a needle event does not say which of the
 * muscle's sites it went into, so needling the muscle elsewhere (the
 * posterior knee of a gastrocnemius whose calf is infected) takes a written
 * override that says where. */
static int muscle_blocked_site(const tdn_needling *s, const tdn_muscle *m, char side)
{
    for (int i = 0; i < m->n_tp; i++)
        if (region_blocked(s, m->tp_sites[i], side)) return m->tp_sites[i];
    return -1;
}

/* True when the screening blocked muscle id (protocol.blocked_muscle). */
static bool muscle_blocked(const tdn_needling *s, const char *id)
{
    for (int i = 0; i < s->n_blocked_muscles; i++)
        if (strcmp(s->blocked_muscles[i], id) == 0) return true;
    return false;
}

/* The first needle in a lung-hazard muscle on the side opposite to side, or NULL. */
static const tdn_needle *lung_needle_opposite(const tdn_needling *s, const tdn_kb *kb, char side)
{
    for (int i = 0; i < s->n_needles; i++) {
        const tdn_needle *n = &s->needles[i];
        int mi = tdn_kb_muscle_find(kb, n->muscle);
        if (n->side != side && mi >= 0 && tdn_muscle_has_hazard(&kb->muscles[mi], "lung")) return n;
    }
    return NULL;
}

static int validate_insert(const tdn_needling *s, const tdn_kb *kb, const tdn_insert *in,
                           int64_t now, tdn_err *err)
{
    if (ended(s)) return refuse_ended(s, "insert", err);
    if (now < s->opened_at)
        return tdn_err_set(err, TDN_EINPUT, "time: insert is before the session opened");
    if (!in->muscle || !*in->muscle) return tdn_err_set(err, TDN_EINPUT, "muscle: required");
    if (tdn_kb_muscle_find(kb, in->muscle) < 0)
        return tdn_err_set(err, TDN_EINPUT, "muscle: unknown muscle '%s' (did you mean '%s'?)",
                           in->muscle, tdn_kb_muscle_closest(kb, in->muscle));
    if (in->side != 'L' && in->side != 'R')
        return tdn_err_set(err, TDN_EINPUT, "side: must be L or R");
    if (in->technique != TDN_TECH_DEEP && in->technique != TDN_TECH_SUPERFICIAL)
        return tdn_err_set(err, TDN_EINPUT, "technique: must be deep or superficial");
    if (in->palpation && strcmp(in->palpation, "pincer") != 0 && strcmp(in->palpation, "flat") != 0)
        return tdn_err_set(err, TDN_EINPUT, "palpation: must be pincer or flat");
    if (in->gauge_mm != 0 && !(in->gauge_mm >= 0.10 && in->gauge_mm <= 0.50))
        return tdn_err_set(err, TDN_EINPUT,
                           "gauge: needle diameter in mm from 0.10 to 0.50 (e.g. 0.25)");
    if (in->length_mm != 0 && (in->length_mm < 7 || in->length_mm > 150))
        return tdn_err_set(err, TDN_EINPUT, "length: needle length in mm from 7 to 150");
    if (check_text("override", in->override, false, err)) return err->status;
    if (s->n_needles >= TDN_SESSION_MAX_NEEDLES)
        return tdn_err_set(err, TDN_EINPUT, "insert: at most %d needles per session",
                           TDN_SESSION_MAX_NEEDLES);
    return TDN_OK;
}

typedef struct needed_override {
    const char *rule;
    const char *muscle;
    char side;
    char why[TDN_REASON_MAX];
} needed_override;

/* Lists the overrides this insertion needs into need[0..4); returns how many. */
static int overrides_needed(const tdn_needling *s, const tdn_kb *kb, const tdn_protocol_rules *r,
                            const tdn_insert *in, needed_override need[4])
{
    int n = 0;
    const tdn_muscle *m = &kb->muscles[tdn_kb_muscle_find(kb, in->muscle)];
    if (s->state == TDN_SESSION_OPEN && !has_override(s, "protocol.screening", NULL, 0)) {
        need[n] = (needed_override){.rule = "protocol.screening"};
        snprintf(need[n++].why, TDN_REASON_MAX,
                 "needling needs consent and a valid screening: %.190s", s->unscreened);
    }
    int site = muscle_blocked_site(s, m, in->side);
    if (site >= 0 && !has_override(s, "protocol.blocked_region", in->muscle, in->side)) {
        need[n] = (needed_override){"protocol.blocked_region", in->muscle, in->side, ""};
        snprintf(need[n++].why, TDN_REASON_MAX,
                 "the screening blocked %s:%c, a trigger point site of %s; to needle it "
                 "elsewhere, say where in the override",
                 tdn_region_at(site)->code, in->side, in->muscle);
    }
    if (muscle_blocked(s, in->muscle) &&
        !has_override(s, "protocol.blocked_muscle", in->muscle, in->side)) {
        need[n] = (needed_override){"protocol.blocked_muscle", in->muscle, in->side, ""};
        snprintf(
            need[n++].why, TDN_REASON_MAX,
            "the screening blocked %s: it cannot be compressed after withdrawal (anticoagulants "
            "or a clotting disorder)",
            in->muscle);
    }
    const tdn_needle *other = NULL;
    if (r->bilateral_lung && tdn_muscle_has_hazard(m, "lung") &&
        (other = lung_needle_opposite(s, kb, in->side)) &&
        !has_override(s, "safety.bilateral_lung", NULL, 0)) {
        need[n] = (needed_override){.rule = "safety.bilateral_lung"};
        snprintf(need[n++].why, TDN_REASON_MAX,
                 "%s %c is over the lung field and needle #%d (%s %c) already needled the other "
                 "side of the thorax: a bilateral pneumothorax is life-threatening",
                 in->muscle, in->side, other->number, other->muscle, other->side);
    }
    return n;
}

static void hazard_warnings(const tdn_muscle *m, const tdn_insert *in, tdn_insert_result *res)
{
    char length[32] = "not recorded";
    if (in->length_mm) snprintf(length, sizeof length, "%d mm", in->length_mm);
    for (int i = 0; i < m->n_hazards && res->n_warnings < TDN_MAX_WARNINGS; i++) {
        char *w = res->warnings[res->n_warnings++];
        if (strcmp(m->hazards[i], "lung") == 0)
            snprintf(w, sizeof res->warnings[0],
                     "hazard lung (%s %c): pneumothorax risk, needle length %s; keep the needle "
                     "above the pleura",
                     m->id, in->side, length);
        else
            snprintf(w, sizeof res->warnings[0], "hazard %s (%s %c): mind depth and direction",
                     m->hazards[i], m->id, in->side);
    }
}

int tdn_session_insert(tdn_needling *s, const tdn_kb *kb, const tdn_protocol_rules *r,
                       const tdn_insert *in, int64_t now, tdn_insert_result *res, tdn_err *err)
{
    if (validate_insert(s, kb, in, now, err)) return err->status;
    needed_override need[4];
    int n_need = overrides_needed(s, kb, r, in, need);
    bool have_reason = in->override && *in->override;
    if (n_need > 0 && !have_reason)
        return tdn_err_set(err, TDN_EINPUT,
                           "insert: refused (%s): %s; give --override REASON to "
                           "proceed on your responsibility",
                           need[0].rule, need[0].why);
    if (s->n_overrides + n_need > TDN_SESSION_MAX_OVERRIDES)
        return tdn_err_set(err, TDN_EINPUT, "override: at most %d overrides per session",
                           TDN_SESSION_MAX_OVERRIDES);
    const tdn_muscle *m = &kb->muscles[tdn_kb_muscle_find(kb, in->muscle)];
    memset(res, 0, sizeof *res);
    tdn_needle *nd = &s->needles[s->n_needles];
    *nd = (tdn_needle){.number = s->n_needles + 1,
                       .side = in->side,
                       .technique = in->technique,
                       .guide_tube = in->guide_tube,
                       .gauge_mm = in->gauge_mm,
                       .length_mm = in->length_mm,
                       .rounds = 1,
                       .inserted_at = now,
                       .round_at = now,
                       .state = TDN_NEEDLE_IN};
    copy_text(nd->muscle, sizeof nd->muscle, in->muscle);
    copy_text(nd->palpation, sizeof nd->palpation, in->palpation);
    s->n_needles++;
    for (int i = 0; i < n_need; i++) {
        tdn_override *o = &s->overrides[s->n_overrides++];
        *o = (tdn_override){.side = need[i].side, .needle = nd->number, .at = now};
        copy_text(o->rule, sizeof o->rule, need[i].rule);
        copy_text(o->muscle, sizeof o->muscle, need[i].muscle);
        copy_text(o->reason, sizeof o->reason, in->override);
        if (res->n_warnings < TDN_MAX_WARNINGS)
            snprintf(res->warnings[res->n_warnings++], sizeof res->warnings[0],
                     "override of %s recorded: %.140s", need[i].rule, in->override);
    }
    hazard_warnings(m, in, res);
    if (muscle_unplanned(s, m, in->side) && res->n_warnings < TDN_MAX_WARNINGS)
        snprintf(res->warnings[res->n_warnings++], sizeof res->warnings[0],
                 "protocol.unplanned_region: no trigger point site of %.40s %c is among the "
                 "regions the screening assessed; check regional contraindications there",
                 m->id, in->side);
    res->needle = nd->number;
    s->state = TDN_SESSION_NEEDLING;
    return TDN_OK;
}

/* Finds needle number for event, checks the session and the needle's state. */
static int needle_for(tdn_needling *s, int number, const char *event, int want_state, int64_t now,
                      tdn_needle **out, tdn_err *err)
{
    if (ended(s)) return refuse_ended(s, event, err);
    if (number < 1 || number > s->n_needles)
        return tdn_err_set(err, TDN_EINPUT, "needle: no needle #%d in this session (%d inserted)",
                           number, s->n_needles);
    tdn_needle *n = &s->needles[number - 1];
    if (n->state != want_state)
        return tdn_err_set(err, TDN_EINPUT, "%s: refused, needle #%d (%s %c) is %s, not %s", event,
                           number, n->muscle, n->side, tdn_needle_state_name(n->state),
                           tdn_needle_state_name(want_state));
    int64_t last = n->state == TDN_NEEDLE_IN ? n->round_at : n->withdrawn_at;
    if (now < last)
        return tdn_err_set(err, TDN_EINPUT, "time: %s at %lld is before needle #%d's last event",
                           event, (long long)now, number);
    *out = n;
    return TDN_OK;
}

static int deep_only(const tdn_needle *n, const char *event, tdn_err *err)
{
    if (n->technique == TDN_TECH_DEEP) return TDN_OK;
    return tdn_err_set(
        err, TDN_EINPUT,
        "%s: refused, needle #%d is superficial: superficial needling stays near "
        "the point and does not seek an LTR or redirect (protocol.superficial_no_ltr)"
        "; use a deep needle",
        event, n->number);
}

int tdn_session_ltr(tdn_needling *s, int needle, int64_t now, tdn_err *err)
{
    tdn_needle *n;
    if (needle_for(s, needle, "ltr", TDN_NEEDLE_IN, now, &n, err)) return err->status;
    if (deep_only(n, "ltr", err)) return err->status;
    n->ltr_count++;
    return TDN_OK;
}

int tdn_session_redirect(tdn_needling *s, int needle, int64_t now, tdn_err *err)
{
    tdn_needle *n;
    if (needle_for(s, needle, "redirect", TDN_NEEDLE_IN, now, &n, err)) return err->status;
    if (deep_only(n, "redirect", err)) return err->status;
    n->redirections++;
    return TDN_OK;
}

static void settle_state(tdn_needling *s)
{
    tdn_ledger l = tdn_ledger_count(s->needles, s->n_needles);
    s->state = l.in > 0 ? TDN_SESSION_NEEDLING : TDN_SESSION_NEEDLES_OUT;
}

int tdn_session_withdraw(tdn_needling *s, int needle, int64_t now, tdn_err *err)
{
    tdn_needle *n;
    if (needle_for(s, needle, "withdraw", TDN_NEEDLE_IN, now, &n, err)) return err->status;
    n->dwell_s += now - n->round_at;
    n->withdrawn_at = now;
    n->state = TDN_NEEDLE_OUT;
    settle_state(s);
    return TDN_OK;
}

int tdn_session_reinsert(tdn_needling *s, int needle, int64_t now, tdn_err *err)
{
    tdn_needle *n;
    if (needle_for(s, needle, "reinsert", TDN_NEEDLE_OUT, now, &n, err)) return err->status;
    if (n->technique != TDN_TECH_SUPERFICIAL)
        return tdn_err_set(err, TDN_EINPUT,
                           "reinsert: refused, needle #%d is deep; reinsertion is the superficial "
                           "protocol's next round (insert a new needle instead)",
                           needle);
    n->rounds++;
    n->round_at = now;
    n->state = TDN_NEEDLE_IN;
    s->state = TDN_SESSION_NEEDLING;
    return TDN_OK;
}

int tdn_session_estim(tdn_needling *s, int needle, const tdn_estim_input *in, int64_t now,
                      tdn_err *err)
{
    tdn_needle *n;
    if (needle_for(s, needle, "estim", TDN_NEEDLE_IN, now, &n, err)) return err->status;
    if (in->forbidden && *in->forbidden)
        return tdn_err_set(err, TDN_EINPUT,
                           "estim: refused: the screening forbids electrical stimulation for "
                           "this patient (%s); the needles themselves may stay",
                           in->forbidden);
    if (!(in->freq_hz >= 0.5 && in->freq_hz <= 250))
        return tdn_err_set(err, TDN_EINPUT, "freq: frequency in Hz from 0.5 to 250");
    if (in->pulse_us < 20 || in->pulse_us > 1000)
        return tdn_err_set(err, TDN_EINPUT, "pulse: pulse width in µs from 20 to 1000");
    if (in->duration_s < 1 || in->duration_s > 3600)
        return tdn_err_set(err, TDN_EINPUT, "duration: seconds from 1 to 3600");
    if (check_text("intensity", in->intensity, true, err)) return err->status;
    if (strlen(in->intensity) >= sizeof n->estim.intensity)
        return tdn_err_set(err, TDN_EINPUT, "intensity: longer than %zu characters",
                           sizeof n->estim.intensity - 1);
    n->estim = (tdn_estim){.used = true,
                           .freq_hz = in->freq_hz,
                           .pulse_us = in->pulse_us,
                           .duration_s = in->duration_s,
                           .started_at = now};
    copy_text(n->estim.intensity, sizeof n->estim.intensity, in->intensity);
    return TDN_OK;
}

static const char *const ae_kinds[] = {
    "bruising",   "bleeding",     "pain_during",     "pain_after",   "soreness",
    "drowsiness", "syncope",      "nausea",          "headache",     "aggravation",
    "infection",  "nerve_injury", "needle_breakage", "pneumothorax", "other"};
static const char *const ae_severities[] = {"mild", "moderate", "significant", "serious"};

static bool in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(s, list[i]) == 0) return true;
    return false;
}

bool tdn_ae_kind_valid(const char *kind)
{
    return in_list(kind, ae_kinds, sizeof ae_kinds / sizeof *ae_kinds);
}

bool tdn_ae_severity_valid(const char *severity)
{
    return in_list(severity, ae_severities, 4);
}

static int validate_ae(const tdn_needling *s, const char *kind, const char *severity,
                       const char *note, int needle, tdn_err *err)
{
    if (!tdn_ae_kind_valid(kind))
        return tdn_err_set(err, TDN_EINPUT,
                           "kind: unknown adverse event '%s' (bruising, bleeding, pain_during, "
                           "pain_after, soreness, drowsiness, syncope, nausea, headache, "
                           "aggravation, infection, nerve_injury, needle_breakage, pneumothorax, "
                           "other)",
                           kind ? kind : "");
    if (!tdn_ae_severity_valid(severity))
        return tdn_err_set(err, TDN_EINPUT,
                           "severity: must be mild, moderate, significant or serious");
    if (check_text("note", note, false, err)) return err->status;
    if (needle < 0 || needle > s->n_needles)
        return tdn_err_set(err, TDN_EINPUT, "needle: no needle #%d in this session", needle);
    if (s->n_aes >= TDN_SESSION_MAX_AES)
        return tdn_err_set(err, TDN_EINPUT, "ae: at most %d adverse events per session",
                           TDN_SESSION_MAX_AES);
    return TDN_OK;
}

static void add_ae(tdn_needling *s, const char *kind, const char *severity, const char *note,
                   int needle, int64_t now)
{
    tdn_ae_record *a = &s->aes[s->n_aes++];
    *a = (tdn_ae_record){.needle = needle, .at = now};
    copy_text(a->kind, sizeof a->kind, kind);
    copy_text(a->severity, sizeof a->severity, severity);
    copy_text(a->note, sizeof a->note, note);
}

int tdn_session_ae(tdn_needling *s, const char *kind, const char *severity, const char *note,
                   int needle, int64_t now, tdn_err *err)
{
    if (validate_ae(s, kind, severity, note, needle, err)) return err->status;
    add_ae(s, kind, severity, note, needle, now);
    return TDN_OK;
}

int tdn_session_broken(tdn_needling *s, int needle, const char *severity, const char *incident,
                       int64_t now, tdn_err *err)
{
    tdn_needle *n;
    if (needle_for(s, needle, "broken", TDN_NEEDLE_IN, now, &n, err)) return err->status;
    if (check_text("incident", incident, true, err)) return err->status;
    if (validate_ae(s, "needle_breakage", severity, incident, needle, err)) return err->status;
    n->dwell_s += now - n->round_at;
    n->withdrawn_at = now;
    n->state = TDN_NEEDLE_BROKEN;
    add_ae(s, "needle_breakage", severity, incident, needle, now);
    settle_state(s);
    return TDN_OK;
}

int tdn_session_close(tdn_needling *s, int64_t now, const tdn_tz *zone, tdn_err *err)
{
    if (ended(s)) return refuse_ended(s, "close", err);
    if (now < s->opened_at)
        return tdn_err_set(err, TDN_EINPUT, "time: close is before the session opened");
    if (tdn_ledger_check_all_out(s->needles, s->n_needles, "close", now, zone, err))
        return err->status;
    s->state = TDN_SESSION_CLOSED;
    s->ended_at = now;
    return TDN_OK;
}

int tdn_session_abort(tdn_needling *s, const char *reason, int64_t now, const tdn_tz *zone,
                      tdn_err *err)
{
    if (ended(s)) return refuse_ended(s, "abort", err);
    if (check_text("reason", reason, true, err)) return err->status;
    if (tdn_ledger_check_all_out(s->needles, s->n_needles, "abort", now, zone, err))
        return err->status;
    copy_text(s->abort_reason, sizeof s->abort_reason, reason);
    s->state = TDN_SESSION_ABORTED;
    s->ended_at = now;
    return TDN_OK;
}

const tdn_needle *tdn_session_needle(const tdn_needling *s, int number)
{
    return number >= 1 && number <= s->n_needles ? &s->needles[number - 1] : NULL;
}

/* "#1 upper_trapezius R deep: " then what the timer says, running or due. */
static void due_message(tdn_due *d, const tdn_needle *n, const tdn_protocol_rules *r)
{
    int64_t left = d->remaining_s < 0 ? -d->remaining_s : d->remaining_s;
    char t[24], what[120];
    snprintf(t, sizeof t, "%lld:%02lld", (long long)(left / 60), (long long)(left % 60));
    switch (d->kind) {
    case TDN_DUE_DEEP_DWELL:
        if (d->due)
            snprintf(what, sizeof what, "%d min in situ reached, withdraw now (over by %s)",
                     r->deep_dwell_max_s / 60, t);
        else
            snprintf(what, sizeof what, "in situ, withdraw in %s (%d min limit)", t,
                     r->deep_dwell_max_s / 60);
        break;
    case TDN_DUE_ESTIM_END:
        snprintf(what, sizeof what,
                 d->due ? "e-stim time over, stop the current (over by %s)" : "e-stim ends in %s",
                 t);
        break;
    default:
        if (d->due)
            snprintf(what, sizeof what, "round %d done, withdraw and reassess; %s (over by %s)",
                     n->rounds,
                     n->rounds == 1 ? "still sensitive: reinsert for round 2"
                                    : "repeat until it changes",
                     t);
        else
            snprintf(what, sizeof what, "round %d, withdraw and reassess in %s", n->rounds, t);
    }
    snprintf(d->message, sizeof d->message, "#%d %s %c %s: %s", n->number, n->muscle, n->side,
             tdn_technique_name(n->technique), what);
}

static void add_due(tdn_due *out, int max, int *count, int kind, const char *rule,
                    const tdn_needle *n, int64_t due_at, int64_t now, const tdn_protocol_rules *r)
{
    if (*count < max) {
        tdn_due *d = &out[*count];
        *d = (tdn_due){.kind = kind,
                       .rule = rule,
                       .needle = n->number,
                       .due_at = due_at,
                       .remaining_s = due_at - now,
                       .due = due_at <= now};
        due_message(d, n, r);
    }
    (*count)++;
}

static int due_cmp(const tdn_due *a, const tdn_due *b)
{
    if (a->due_at != b->due_at) return a->due_at < b->due_at ? -1 : 1;
    return a->needle - b->needle;
}

int tdn_protocol_due(const tdn_needling *s, const tdn_protocol_rules *r, int64_t now, tdn_due *out,
                     int max)
{
    int count = 0;
    for (int i = 0; i < s->n_needles; i++) {
        const tdn_needle *n = &s->needles[i];
        if (n->state != TDN_NEEDLE_IN) continue;
        if (n->technique == TDN_TECH_DEEP)
            add_due(out, max, &count, TDN_DUE_DEEP_DWELL, "protocol.deep_dwell_max", n,
                    n->round_at + r->deep_dwell_max_s, now, r);
        else if (n->rounds == 1)
            add_due(out, max, &count, TDN_DUE_SUPERFICIAL_FIRST, "protocol.superficial_first", n,
                    n->round_at + r->superficial_first_s, now, r);
        else
            add_due(out, max, &count, TDN_DUE_SUPERFICIAL_SECOND, "protocol.superficial_second", n,
                    n->round_at + r->superficial_second_s, now, r);
        if (n->estim.used && n->estim.started_at >= n->round_at)
            add_due(out, max, &count, TDN_DUE_ESTIM_END, "estim.duration", n,
                    n->estim.started_at + n->estim.duration_s, now, r);
    }
    int written = count < max ? count : max;
    for (int i = 1; i < written; i++) /* insertion sort: a handful of timers */
        for (int j = i; j > 0 && due_cmp(&out[j], &out[j - 1]) < 0; j--) {
            tdn_due t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    return count;
}
