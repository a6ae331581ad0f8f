/* aftercare.c — the aftercare handout (see aftercare.h). */
#include "core/aftercare.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/body.h"

enum { A_ID, A_WHEN, A_SECTION, A_TEXT, A_SRC, A_NCOLS };
static const char *const aftercare_cols[] = {"id", "when", "section", "text", "source"};

static const char *const when_names[] = {"", "always", "deep", "superficial", "estim", "lung"};
static const char *const section_ids[TDN_SEC_COUNT] = {"did",    "do",   "avoid",
                                                       "expect", "call", "urgent"};
static const char *const section_headings[TDN_SEC_COUNT] = {
    "What we did today", "What helps today and tomorrow", "What to avoid today",
    "What to expect",    "When to call the clinic",       "Get urgent care"};

static int find_name(const char *s, const char *const *names, int from, int to)
{
    for (int i = from; i < to; i++)
        if (strcmp(s, names[i]) == 0) return i;
    return -1;
}

/* "condition:a|condition:b" -> "a|b" in out; false when it is not that form. */
static bool parse_conditions(const char *when, char *out, size_t cap)
{
    size_t len = 0;
    const char *p = when;
    out[0] = '\0';
    while (*p) {
        if (strncmp(p, "condition:", 10) != 0) return false;
        p += 10;
        size_t n = strcspn(p, "|");
        if (n == 0 || len + n + 2 > cap) return false;
        for (size_t i = 0; i < n; i++)
            if (!islower((unsigned char)p[i]) && p[i] != '_') return false;
        len += (size_t)snprintf(out + len, cap - len, "%s%.*s", len ? "|" : "", (int)n, p);
        p += n;
        if (*p == '|' && !*++p) return false;
    }
    return len > 0;
}

static int parse_row(const tdn_tsv *t, char **f, tdn_aftercare_rules *a, tdn_err *err)
{
    if (a->n >= TDN_AFTERCARE_MAX_LINES)
        return tdn_tsv_fail(t, err, A_ID, "more than %d lines", TDN_AFTERCARE_MAX_LINES);
    tdn_aftercare_line *l = &a->lines[a->n];
    if (strncmp(f[A_ID], "aftercare.", 10) != 0 || strlen(f[A_ID]) >= sizeof l->id)
        return tdn_tsv_fail(t, err, A_ID, "ids start with 'aftercare.' (at most %zu characters)",
                            sizeof l->id - 1);
    for (int i = 0; i < a->n; i++)
        if (strcmp(a->lines[i].id, f[A_ID]) == 0)
            return tdn_tsv_fail(t, err, A_ID, "'%s' given twice", f[A_ID]);
    int when = find_name(f[A_WHEN], when_names, 1, 6);
    if (when < 0 && parse_conditions(f[A_WHEN], l->conditions, sizeof l->conditions))
        when = TDN_AC_CONDITION;
    if (when < 0)
        return tdn_tsv_fail(t, err, A_WHEN,
                            "must be always, deep, superficial, estim, lung or "
                            "condition:NAME[|condition:NAME...]");
    int section = find_name(f[A_SECTION], section_ids, 0, TDN_SEC_COUNT);
    if (section < 0)
        return tdn_tsv_fail(t, err, A_SECTION, "must be did, do, avoid, expect, call or urgent");
    if (strlen(f[A_TEXT]) >= sizeof l->text)
        return tdn_tsv_fail(t, err, A_TEXT, "longer than %zu characters", sizeof l->text - 1);
    snprintf(l->id, sizeof l->id, "%s", f[A_ID]);
    snprintf(l->text, sizeof l->text, "%s", f[A_TEXT]);
    l->when = when;
    l->section = section;
    a->n++;
    return TDN_OK;
}

int tdn_aftercare_load(tdn_aftercare_rules *a, const tdn_text_file *files, size_t n, tdn_err *err)
{
    const tdn_text_file *f = tdn_text_file_find(files, n, "aftercare.tsv");
    if (!f) return tdn_err_set(err, TDN_EINPUT, "aftercare.tsv: missing from the knowledge base");
    tdn_tsv t;
    int rc = tdn_tsv_open(&t, f, aftercare_cols, A_NCOLS, err);
    if (rc) return rc;
    static const tdn_aftercare_rules empty;
    *a = empty;
    char *fields[A_NCOLS];
    while (!rc && (rc = tdn_tsv_next(&t, fields, err)) == 1)
        rc = parse_row(&t, fields, a, err);
    if (rc < 0) rc = TDN_EINPUT;
    tdn_tsv_close(&t);
    bool warning = false;
    for (int i = 0; !rc && i < a->n; i++)
        warning |= a->lines[i].when == TDN_AC_LUNG && a->lines[i].section == TDN_SEC_URGENT;
    if (!rc && !warning)
        rc = tdn_err_set(err, TDN_EINPUT,
                         "aftercare.tsv: the pneumothorax warning (when 'lung', section "
                         "'urgent') is missing");
    if (rc) a->n = 0;
    return rc;
}

static void add_line(tdn_handout *h, int section, const char *text)
{
    tdn_handout_section *sec = &h->sections[section];
    if (sec->n_lines < TDN_HANDOUT_MAX_LINES)
        snprintf(sec->lines[sec->n_lines++], TDN_AFTERCARE_TEXT, "%s", text);
}

/* Lower-cases the first letter: "Back of the neck" -> "back of the neck". */
static void put_lower_first(char *out, size_t cap, size_t *len, const char *text)
{
    if (*len >= cap) return;
    int n = snprintf(out + *len, cap - *len, "%c%s", tolower((unsigned char)text[0]), text + 1);
    if (n > 0) *len += (size_t)n;
}

/* "Right upper trapezius (top of the shoulder, back of the neck)" */
static void treated_line(const tdn_muscle *m, char side, char *out, size_t cap)
{
    size_t len = (size_t)snprintf(out, cap, "%s ", side == 'L' ? "Left" : "Right");
    put_lower_first(out, cap, &len, m->name);
    for (int i = 0; i < m->n_tp && len < cap; i++) {
        len += (size_t)snprintf(out + len, cap - len, "%s", i ? ", " : " (");
        put_lower_first(out, cap, &len, tdn_region_at(m->tp_sites[i])->name);
    }
    if (m->n_tp && len < cap) snprintf(out + len, cap - len, ")");
}

/* Adds one "treated" line per distinct muscle and side, in needling order. */
static void treated_lines(tdn_handout *h, const tdn_kb *kb, const tdn_needling *s)
{
    for (int i = 0; i < s->n_needles; i++) {
        const tdn_needle *n = &s->needles[i];
        bool seen = false;
        for (int j = 0; j < i && !seen; j++)
            seen = s->needles[j].side == n->side && strcmp(s->needles[j].muscle, n->muscle) == 0;
        int mi = tdn_kb_muscle_find(kb, n->muscle);
        if (seen || mi < 0) continue;
        char line[TDN_AFTERCARE_TEXT];
        treated_line(&kb->muscles[mi], n->side, line, sizeof line);
        add_line(h, TDN_SEC_DID, line);
    }
}

static void session_kind(tdn_handout *h, const tdn_kb *kb, const tdn_needling *s)
{
    for (int i = 0; i < s->n_needles; i++) {
        const tdn_needle *n = &s->needles[i];
        h->deep |= n->technique == TDN_TECH_DEEP;
        h->superficial |= n->technique == TDN_TECH_SUPERFICIAL;
        h->estim |= n->estim.used;
        int mi = tdn_kb_muscle_find(kb, n->muscle);
        h->lung |= mi >= 0 && tdn_muscle_has_hazard(&kb->muscles[mi], "lung");
    }
}

/* True when one of who's conditions is in list ("a|b"). */
static bool has_condition(const tdn_handout_for *who, const char *list)
{
    for (int i = 0; who && i < who->n_conditions; i++) {
        size_t n = strlen(who->conditions[i]);
        for (const char *p = list; n && *p; p += strcspn(p, "|"), p += *p == '|') {
            if (strncmp(p, who->conditions[i], n) == 0 && (p[n] == '|' || p[n] == '\0'))
                return true;
        }
    }
    return false;
}

static bool applies(const tdn_handout *h, const tdn_aftercare_line *l, const tdn_handout_for *who)
{
    int when = l->when;
    if (when == TDN_AC_CONDITION) return has_condition(who, l->conditions);
    return when == TDN_AC_ALWAYS || (when == TDN_AC_DEEP && h->deep) ||
           (when == TDN_AC_SUPERFICIAL && h->superficial) || (when == TDN_AC_ESTIM && h->estim) ||
           (when == TDN_AC_LUNG && h->lung);
}

int tdn_aftercare_handout(const tdn_aftercare_rules *a, const tdn_kb *kb, const tdn_needling *s,
                          const tdn_tz *zone, tdn_handout *out, tdn_err *err)
{
    return tdn_aftercare_handout_for(a, kb, s, zone, NULL, out, err);
}

static void copy_who(char *dst, const char *src)
{
    snprintf(dst, TDN_HANDOUT_WHO, "%s", src ? src : "");
}

int tdn_aftercare_handout_for(const tdn_aftercare_rules *a, const tdn_kb *kb, const tdn_needling *s,
                              const tdn_tz *zone, const tdn_handout_for *who, tdn_handout *out,
                              tdn_err *err)
{
    if (s->n_needles == 0)
        return tdn_err_set(err, TDN_EINPUT,
                           "handout: no needle was inserted in this session, so there is no "
                           "aftercare to give");
    memset(out, 0, sizeof *out);
    tdn_handout *h = out;
    char date[16];
    tdn_date(zone, s->opened_at, date);
    snprintf(h->title, sizeof h->title, "After your dry needling session on %s", date);
    if (who) {
        copy_who(h->patient, who->patient);
        copy_who(h->clinic, who->clinic);
        copy_who(h->clinic_address, who->clinic_address);
        copy_who(h->clinic_phone, who->clinic_phone);
    }
    session_kind(h, kb, s);
    treated_lines(h, kb, s);
    for (int i = 0; i < a->n; i++)
        if (applies(h, &a->lines[i], who)) add_line(h, a->lines[i].section, a->lines[i].text);
    for (int sec = 0; sec < TDN_SEC_COUNT; sec++) {
        h->sections[sec].id = section_ids[sec];
        h->sections[sec].heading = section_headings[sec];
    }
    /* compact: keep sections with lines, in order */
    int k = 0;
    for (int sec = 0; sec < TDN_SEC_COUNT; sec++)
        if (h->sections[sec].n_lines) {
            if (k != sec) h->sections[k] = h->sections[sec];
            k++;
        }
    h->n_sections = k;
    return TDN_OK;
}

/* "When to call the clinic" with the number when the clinic has set one. */
static void put_heading(const tdn_handout *h, const tdn_handout_section *sec, bool html, tdn_buf *b)
{
    if (html)
        tdn_buf_put_html(b, sec->heading);
    else
        tdn_buf_put(b, sec->heading);
    if (strcmp(sec->id, "call") != 0 || !h->clinic_phone[0]) return;
    tdn_buf_put(b, ": ");
    if (html)
        tdn_buf_put_html(b, h->clinic_phone);
    else
        tdn_buf_put(b, h->clinic_phone);
}

void tdn_handout_text(const tdn_handout *h, tdn_buf *b)
{
    if (h->clinic[0]) tdn_buf_printf(b, "%s\n", h->clinic);
    if (h->clinic_address[0]) tdn_buf_printf(b, "%s\n", h->clinic_address);
    if (h->clinic_phone[0]) tdn_buf_printf(b, "Phone: %s\n", h->clinic_phone);
    if (h->clinic[0] || h->clinic_address[0] || h->clinic_phone[0]) tdn_buf_put(b, "\n");
    tdn_buf_printf(b, "%s\n", h->title);
    if (h->patient[0]) tdn_buf_printf(b, "For %s\n", h->patient);
    for (int i = 0; i < h->n_sections; i++) {
        const tdn_handout_section *sec = &h->sections[i];
        tdn_buf_put(b, "\n");
        put_heading(h, sec, false, b);
        tdn_buf_put(b, "\n");
        for (int j = 0; j < sec->n_lines; j++)
            tdn_buf_printf(b, "  - %s\n", sec->lines[j]);
    }
}

void tdn_handout_html(const tdn_handout *h, tdn_buf *b)
{
    tdn_buf_put(b, "<article class=\"handout\">\n");
    if (h->clinic[0] || h->clinic_address[0] || h->clinic_phone[0]) {
        tdn_buf_put(b, "<header class=\"letterhead\"><p class=\"clinic-name\">");
        tdn_buf_put_html(b, h->clinic);
        tdn_buf_put(b, "</p><p>");
        tdn_buf_put_html(b, h->clinic_address);
        if (h->clinic_phone[0]) {
            tdn_buf_put(b, h->clinic_address[0] ? " · Phone: " : "Phone: ");
            tdn_buf_put_html(b, h->clinic_phone);
        }
        tdn_buf_put(b, "</p></header>\n");
    }
    tdn_buf_put(b, "<h1>");
    tdn_buf_put_html(b, h->title);
    tdn_buf_put(b, "</h1>\n");
    if (h->patient[0]) {
        tdn_buf_put(b, "<p class=\"handout-for\">For ");
        tdn_buf_put_html(b, h->patient);
        tdn_buf_put(b, "</p>\n");
    }
    for (int i = 0; i < h->n_sections; i++) {
        const tdn_handout_section *sec = &h->sections[i];
        tdn_buf_printf(b, "<section class=\"handout-%s\">\n<h2>", sec->id);
        put_heading(h, sec, true, b);
        tdn_buf_put(b, "</h2>\n<ul>\n");
        for (int j = 0; j < sec->n_lines; j++) {
            tdn_buf_put(b, "<li>");
            tdn_buf_put_html(b, sec->lines[j]);
            tdn_buf_put(b, "</li>\n");
        }
        tdn_buf_put(b, "</ul>\n</section>\n");
    }
    tdn_buf_put(b, "</article>\n");
}
