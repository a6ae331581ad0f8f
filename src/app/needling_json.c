/* needling_json.c — the needling session as JSON (see needling.h), shared by
 * the CLI's --json output and the web's session runner. */
#include "app/needling.h"

static json_t *opt_int(int64_t v)
{
    return v ? json_integer(v) : json_null();
}

json_t *tdn_needle_json(const tdn_needle *n)
{
    char side[2] = {n->side, 0};
    json_t *estim = json_null();
    if (n->estim.used)
        estim = json_pack("{s:f, s:i, s:i, s:s, s:I}", "freq_hz", n->estim.freq_hz, "pulse_us",
                          n->estim.pulse_us, "duration_s", n->estim.duration_s, "intensity",
                          n->estim.intensity, "started_at", (json_int_t)n->estim.started_at);
    return json_pack(
        "{s:i, s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:i, s:i, s:i, s:I, s:I, s:o, s:I, s:s, s:o}",
        "number", n->number, "muscle", n->muscle, "side", side, "technique",
        tdn_technique_name(n->technique), "guide_tube", n->guide_tube, "palpation",
        n->palpation[0] ? json_string(n->palpation) : json_null(), "gauge_mm",
        n->gauge_mm > 0 ? json_real(n->gauge_mm) : json_null(), "length_mm", opt_int(n->length_mm),
        "ltr_count", n->ltr_count, "redirections", n->redirections, "rounds", n->rounds,
        "inserted_at", (json_int_t)n->inserted_at, "round_at", (json_int_t)n->round_at,
        "withdrawn_at", n->state == TDN_NEEDLE_IN ? json_null() : json_integer(n->withdrawn_at),
        "dwell_s", (json_int_t)n->dwell_s, "state", tdn_needle_state_name(n->state), "estim",
        estim);
}

json_t *tdn_ledger_json(const tdn_needling *n)
{
    tdn_ledger l = tdn_ledger_count(n->needles, n->n_needles);
    return json_pack("{s:i, s:i, s:i, s:i}", "inserted", l.inserted, "withdrawn", l.withdrawn,
                     "broken", l.broken, "in", l.in);
}

json_t *tdn_needling_json(int64_t session_id, const tdn_needling *n)
{
    json_t *needles = json_array(), *overrides = json_array(), *aes = json_array();
    for (int i = 0; i < n->n_needles; i++)
        json_array_append_new(needles, tdn_needle_json(&n->needles[i]));
    for (int i = 0; i < n->n_overrides; i++) {
        const tdn_override *o = &n->overrides[i];
        json_array_append_new(overrides,
                              json_pack("{s:s, s:s, s:i, s:I}", "rule", o->rule, "reason",
                                        o->reason, "needle", o->needle, "at", (json_int_t)o->at));
    }
    for (int i = 0; i < n->n_aes; i++) {
        const tdn_ae_record *a = &n->aes[i];
        json_array_append_new(aes, json_pack("{s:s, s:s, s:s, s:o, s:I, s:s, s:b}", "kind", a->kind,
                                             "severity", a->severity, "note", a->note, "needle",
                                             opt_int(a->needle), "at", (json_int_t)a->at, "action",
                                             a->action, "resolved", a->resolved));
    }
    return json_pack("{s:I, s:s, s:s?, s:I, s:o, s:o, s:o, s:o, s:o}", "session",
                     (json_int_t)session_id, "state", tdn_session_state_name(n->state),
                     "unscreened", n->unscreened[0] ? n->unscreened : NULL, "opened_at",
                     (json_int_t)n->opened_at, "ended_at", opt_int(n->ended_at), "ledger",
                     tdn_ledger_json(n), "needles", needles, "overrides", overrides,
                     "adverse_events", aes);
}

const char *tdn_due_kind_name(int kind)
{
    static const char *const names[] = {"", "deep_dwell", "superficial_first", "superficial_second",
                                        "estim_end"};
    return kind >= TDN_DUE_DEEP_DWELL && kind <= TDN_DUE_ESTIM_END ? names[kind] : "?";
}

json_t *tdn_due_json(const tdn_due *due, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:i, s:s, s:s, s:I, s:I, s:b, s:s}", "needle",
                                           due[i].needle, "kind", tdn_due_kind_name(due[i].kind),
                                           "rule", due[i].rule, "due_at", (json_int_t)due[i].due_at,
                                           "remaining_s", (json_int_t)due[i].remaining_s, "due",
                                           due[i].due, "message", due[i].message));
    return a;
}

json_t *tdn_handout_json(int64_t session_id, const tdn_handout *h)
{
    json_t *sections = json_array();
    for (int i = 0; i < h->n_sections; i++) {
        json_t *lines = json_array();
        for (int j = 0; j < h->sections[i].n_lines; j++)
            json_array_append_new(lines, json_string(h->sections[i].lines[j]));
        json_array_append_new(sections,
                              json_pack("{s:s, s:s, s:o}", "id", h->sections[i].id, "heading",
                                        h->sections[i].heading, "lines", lines));
    }
    return json_pack("{s:I, s:s, s:s, s:{s:s, s:s, s:s}, s:{s:b, s:b, s:b, s:b}, s:o}", "session",
                     (json_int_t)session_id, "title", h->title, "patient", h->patient, "clinic",
                     "name", h->clinic, "address", h->clinic_address, "phone", h->clinic_phone,
                     "kind", "deep", h->deep, "superficial", h->superficial, "estim", h->estim,
                     "lung", h->lung, "sections", sections);
}
