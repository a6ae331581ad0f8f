/* page_words.c — what a person reads instead of a code on the pages: a
 * side in words, a region and side as "Top of the shoulder, right", a
 * region picker grouped by body area, a snake_case code as words ("Cervical
 * lateral flexion"), a muscle's or a condition's display name from the KB,
 * and an error message without its leading "field:" (the API keeps it).
 * Text goes through tdn_html, so everything is escaped. */
#include <ctype.h>
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

const char *tdn_words_message(const char *msg)
{
    const char *p = msg;
    while (*p && (islower((unsigned char)*p) || *p == '_' || *p == '-' || *p == '.'))
        p++;
    return p > msg && p[0] == ':' && p[1] == ' ' && p[2] ? p + 2 : msg;
}
