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
#include "core/words.h"
#include "web/pages.h"

void tdn_words_region(tdn_buf *b, const char *code, char side)
{
    const tdn_region_info *r = tdn_region_at(tdn_region_find(code));
    tdn_html(b, "%s, %s", r ? r->name : code, tdn_side_words(side));
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

void tdn_words_text(const tdn_kb *kb, tdn_buf *b, const char *text)
{
    tdn_buf plain = {0};
    tdn_words_put(kb, &plain, text);
    tdn_buf_put_html(b, tdn_buf_str(&plain));
    tdn_buf_free(&plain);
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
