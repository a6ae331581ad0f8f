/* page_words.c — what a person reads instead of a code on the pages: a
 * side in words, a region and side as "Top of the shoulder, right", a
 * region picker grouped by body area, a snake_case code as words ("Cervical
 * lateral flexion"), a muscle's or a condition's display name from the KB,
 * an error message without its leading "field:" (the API keeps it), and
 * a text with codes in it as words (screening advice: "at Back of the
 * neck, right: Upper trapezius (spinal accessory nerve)"), and
 * the admin's prompt to set the clinic's time zone while it is not set.
 * Text goes through tdn_html, so everything is escaped. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/body.h"
#include "web/pages.h"

const char *tdn_words_side(char side)
{
    return side == 'R' ? "right" : side == 'L' ? "left" : "both sides";
}

void tdn_words_region(tdn_buf *b, const char *code, char side)
{
    const tdn_region_info *r = tdn_region_at(tdn_region_find(code));
    tdn_html(b, "%s, %s", r ? r->name : code, tdn_words_side(side));
}

void tdn_words_region_options(tdn_buf *b, const char *selected)
{
    const char *group = "";
    for (int i = 0; i < tdn_region_count(); i++) {
        const tdn_region_info *r = tdn_region_at(i);
        if (strcmp(group, r->group) != 0) {
            if (*group) tdn_buf_put(b, "</optgroup>");
            tdn_html(b, "<optgroup label=\"%s\">", r->group);
            group = r->group;
        }
        tdn_html(b, "<option value=\"%s\"", r->code);
        if (selected && strcmp(selected, r->code) == 0) tdn_buf_put(b, " selected");
        tdn_html(b, ">%s</option>", r->name);
    }
    if (*group) tdn_buf_put(b, "</optgroup>");
}

void tdn_words_code(tdn_buf *b, const char *code)
{
    char text[128];
    size_t n = 0;
    for (; code[n] && n < sizeof text - 1; n++)
        text[n] = code[n] == '_' ? ' ' : code[n];
    text[n] = 0;
    if (n) text[0] = (char)toupper((unsigned char)text[0]);
    tdn_html(b, "%s", text);
}

const char *tdn_words_muscle(const tdn_kb *kb, const char *id)
{
    int i = tdn_kb_muscle_find(kb, id);
    return i >= 0 ? kb->muscles[i].name : id;
}

const char *tdn_words_condition(const tdn_kb *kb, const char *id)
{
    int i = tdn_kb_condition_find(kb, id);
    return i >= 0 ? kb->conditions[i].name : id;
}

static bool code_char(char c)
{
    return islower((unsigned char)c) || isdigit((unsigned char)c) || c == '_' || c == ':';
}

/* One token of a text in words: region:SIDE, a region, a muscle, a hazard
 * (nerve:x, vessel:x, organ:x) or any snake_case word. */
static void token_words(const tdn_kb *kb, tdn_buf *b, const char *tok)
{
    const char *colon = strchr(tok, ':');
    char head[96];
    snprintf(head, sizeof head, "%.*s", (int)(colon ? (size_t)(colon - tok) : strlen(tok)), tok);
    const char *tail = colon ? colon + 1 : "";
    if (tdn_region_find(head) >= 0 && (!colon || tdn_side_parse(tail))) {
        if (colon) return tdn_words_region(b, head, tdn_side_parse(tail));
        if (strchr(head, '_')) return tdn_html(b, "%s", tdn_region_at(tdn_region_find(head))->name);
    }
    if (!colon && tdn_kb_muscle_find(kb, head) >= 0) { /* "upper trapezius" within a sentence */
        char name[96];
        snprintf(name, sizeof name, "%s", tdn_words_muscle(kb, head));
        name[0] = (char)tolower((unsigned char)name[0]);
        return tdn_html(b, "%s", name);
    }
    char words[96];
    const char *src =
        colon && (!strcmp(head, "nerve") || !strcmp(head, "vessel") || !strcmp(head, "organ"))
            ? tail
            : tok;
    snprintf(words, sizeof words, "%s", src);
    for (char *q = words; *q; q++)
        if (*q == '_') *q = ' ';
    tdn_html(b, "%s%s", words, !strcmp(head, "nerve") && colon ? " nerve" : "");
}

/* Appends n bytes of p, escaped. */
static void put_escaped(tdn_buf *b, const char *p, size_t n)
{
    tdn_buf t = {0};
    tdn_buf_putn(&t, p, n);
    tdn_buf_put_html(b, tdn_buf_str(&t));
    tdn_buf_free(&t);
}

void tdn_words_text(const tdn_kb *kb, tdn_buf *b, const char *text)
{
    char tok[96];
    for (const char *p = text; *p;) {
        size_t n = 0;
        bool code = code_char(*p);
        while (p[n] && code_char(p[n]) == code) {
            n++; /* a side after a code: "calf:R" */
            if (code && p[n - 1] == ':' && tdn_side_parse((char[]){p[n], 0}) &&
                !isalpha((unsigned char)p[n + 1]))
                n++;
        }
        size_t len = n;
        while (code && len && p[len - 1] == ':')
            len--; /* "at calf:R: ..." */
        if (code && len && len < sizeof tok && (memchr(p, '_', len) || memchr(p, ':', len))) {
            snprintf(tok, sizeof tok, "%.*s", (int)len, p);
            token_words(kb, b, tok);
            put_escaped(b, p + len, n - len);
        } else {
            put_escaped(b, p, n);
        }
        p += n;
    }
}

void tdn_timezone_prompt(tdn_req *req, tdn_buf *b, tdn_store *st)
{
    char zone[80];
    bool found = true;
    tdn_err err = {0};
    if (req->user->role_bit != TDN_ROLE_ADMIN ||
        tdn_store_setting_get(st, "timezone", zone, sizeof zone, &found, &err) ||
        (found && strcmp(zone, "UTC") != 0))
        return; /* "UTC" is the store's default (schema 005): never chosen */
    tdn_buf_put(b, "<section class=\"card warn\" id=\"tz-prompt\"><h2>Set the clinic's time "
                   "zone</h2><p>The time zone has not been chosen, so every time is shown in UTC. "
                   "Give the clinic's zone as in the tz database, e.g. Europe/Madrid or "
                   "America/New_York (Etc/UTC for a clinic that keeps UTC).</p><form "
                   "data-api=\"/api/settings/timezone\" data-then=\"reload\" "
                   "data-saved=\"The clinic's time zone is now {timezone}. Restart tdn serve for "
                   "the pages to show its clock.\" class=\"row\"><p><label for=\"tz-zone\">Time "
                   "zone</label><input id=\"tz-zone\" name=\"timezone\" required maxlength=\"64\" "
                   "placeholder=\"Europe/Madrid\"></p><p><button type=\"submit\">Set the time zone"
                   "</button></p><p class=\"error\" role=\"alert\"></p></form></section>");
}

const char *tdn_words_message(const char *msg)
{
    const char *p = msg;
    while (*p && (islower((unsigned char)*p) || *p == '_' || *p == '-' || *p == '.'))
        p++;
    return p > msg && p[0] == ':' && p[1] == ' ' && p[2] ? p + 2 : msg;
}
