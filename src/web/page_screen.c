/* page_screen.c — the screening form of the chart page: the profile of
 * DESIGN §6 as labelled controls in words (the vocabularies' labels from
 * core/screen.h, regions by their display names; no pregnancy question for a
 * male patient), planned regions as ticked boxes prefilled from the pain
 * maps with a picker to add more. app.js turns it into {"profile": {...}}
 * (the codes) for POST /api/patients/ID/screenings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/localtime.h"
#include "core/record.h"
#include "core/screen.h"
#include "web/pages.h"

static int age_of(const char *birth, int64_t now)
{
    int years = 0;
    tdn_err ignored = {0};
    tdn_tz zone;
    return tdn_age_years(birth, now, tdn_tz_at(&zone, now), &years, &ignored) == TDN_OK ? years : 0;
}

static void vocab_select(tdn_buf *b, const char *id, const char *name, int vocab, bool none)
{
    tdn_html(b, "<select id=\"%s\" name=\"%s\" data-skip>", id, name);
    if (none) tdn_buf_put(b, "<option value=\"\">none</option>");
    for (int i = 0; i < tdn_screen_vocab_count(vocab); i++)
        tdn_html(b, "<option value=\"%s\">%s</option>", tdn_screen_vocab_name(vocab, i),
                 tdn_screen_vocab_label(vocab, i));
    tdn_buf_put(b, "</select>");
}

static void side_select(tdn_buf *b, const char *id)
{
    tdn_html(b,
             "<select id=\"%s\" data-skip><option value=\"R\">right</option><option "
             "value=\"L\">left</option><option value=\"B\">both sides</option></select>",
             id);
}

/* One planned region as a checkbox, its value the API's REGION:SIDE. */
static void planned_box(tdn_buf *b, const char *region, char side)
{
    tdn_html(b,
             "<label><input type=\"checkbox\" class=\"sc-plan\" value=\"%s:%c\" checked "
             "data-skip> ",
             region, side);
    tdn_words_region(b, region, side);
    tdn_buf_put(b, "</label>");
}

/* The planned regions, prefilled from the pain maps, and a picker to add more. */
static void planned_section(tdn_buf *b, const tdn_chart *c)
{
    tdn_buf_put(b, "<fieldset id=\"sc-planned\"><legend>Planned regions</legend>"
                   "<p class=\"hint\">From the pain map; untick a region to leave it out.</p>"
                   "<div id=\"sc-plan-list\">");
    for (size_t i = 0; i < c->n_pains; i++) {
        const tdn_pain_entry *p = &c->pains[i];
        char side = p->side[0] ? p->side[0] : 'B';
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = !strcmp(c->pains[j].region, p->region) &&
                   (c->pains[j].side[0] ? c->pains[j].side[0] : 'B') == side;
        if (!seen) planned_box(b, p->region, side);
    }
    tdn_buf_put(b, "</div><div class=\"row\"><p><label for=\"sc-plan-region\">Add a region</label>"
                   "<select id=\"sc-plan-region\" data-skip>");
    tdn_words_region_options(b, NULL);
    tdn_buf_put(b, "</select></p><p><label for=\"sc-plan-side\">Side of the region</label>");
    side_select(b, "sc-plan-side");
    tdn_buf_put(b, "</p><p><button type=\"button\" class=\"secondary\" id=\"sc-plan-add\">"
                   "Add region</button></p></div></fieldset>");
}

void tdn_screen_form(tdn_buf *b, const tdn_chart *c, int64_t now)
{
    tdn_html(b,
             "<form id=\"screen-form\" data-api=\"/api/patients/%lld/screenings\" "
             "data-then=\"reload\" data-body=\"screening\"><div class=\"row\">"
             "<p><label for=\"sc-age\">Age (years)</label><input id=\"sc-age\" type=\"number\" "
             "min=\"0\" max=\"130\" value=\"%d\" data-skip></p>",
             (long long)c->patient.id, age_of(c->patient.birth, now));
    if (strcmp(c->patient.sex, "M") != 0) { /* no pregnancy question for a male patient */
        tdn_buf_put(b, "<p><label for=\"sc-preg\">Pregnancy</label>");
        vocab_select(b, "sc-preg", "pregnancy", TDN_VOCAB_PREGNANCY, false);
        tdn_buf_put(b, "</p>");
    }
    tdn_buf_put(b, "</div><fieldset><legend>Conditions</legend>");
    for (int i = 0; i < tdn_screen_vocab_count(TDN_VOCAB_CONDITION); i++)
        tdn_html(b,
                 "<label><input type=\"checkbox\" class=\"sc-cond\" value=\"%s\" data-skip> %s"
                 "</label>",
                 tdn_screen_vocab_name(TDN_VOCAB_CONDITION, i),
                 tdn_screen_vocab_label(TDN_VOCAB_CONDITION, i));
    tdn_buf_put(b, "</fieldset><fieldset><legend>Local condition (optional)</legend>"
                   "<div class=\"row\"><p><label for=\"sc-local\">Kind of local condition</label>");
    vocab_select(b, "sc-local", "local", TDN_VOCAB_LOCAL, true);
    tdn_buf_put(b, "</p><p><label for=\"sc-local-region\">Where</label>"
                   "<select id=\"sc-local-region\" data-skip>");
    tdn_words_region_options(b, NULL);
    tdn_buf_put(b, "</select></p><p><label for=\"sc-local-side\">Side</label>");
    side_select(b, "sc-local-side");
    tdn_buf_put(b, "</p></div></fieldset>");
    planned_section(b, c);
    tdn_buf_put(b, "<fieldset><legend>Consent</legend>"
                   "<label><input type=\"checkbox\" id=\"sc-consent-p\" checked data-skip> the "
                   "patient consents</label><label><input type=\"checkbox\" id=\"sc-consent-g\" "
                   "data-skip> a guardian consents</label></fieldset>"
                   "<p><button type=\"submit\">Screen and record</button></p>"
                   "<p class=\"error\" role=\"alert\"></p></form>");
}
