/* page_screen.c — the screening form of the chart page: the profile of
 * DESIGN §6 as labelled controls (vocabularies from core/screen.h), planned
 * regions prefilled from the latest pain map. app.js turns it into
 * {"profile": {...}} for POST /api/patients/ID/screenings. */
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
        tdn_html(b, "<option>%s</option>", tdn_screen_vocab_name(vocab, i));
    tdn_buf_put(b, "</select>");
}

static void planned_from_pain(tdn_buf *out, const tdn_chart *c)
{
    for (size_t i = 0; i < c->n_pains; i++) {
        const tdn_pain_entry *p = &c->pains[i];
        char one[48];
        snprintf(one, sizeof one, "%s:%s", p->region, p->side[0] ? p->side : "B");
        if (strstr(tdn_buf_str(out), one)) continue;
        tdn_buf_printf(out, "%s%s", out->len ? ", " : "", one);
    }
}

void tdn_screen_form(tdn_buf *b, const tdn_chart *c, int64_t now)
{
    tdn_html(b,
             "<form id=\"screen-form\" data-api=\"/api/patients/%lld/screenings\" "
             "data-then=\"reload\" data-body=\"screening\"><div class=\"row\">"
             "<p><label for=\"sc-age\">Age (years)</label><input id=\"sc-age\" type=\"number\" "
             "min=\"0\" max=\"130\" value=\"%d\" data-skip></p><p><label for=\"sc-preg\">Pregnancy"
             "</label>",
             (long long)c->patient.id, age_of(c->patient.birth, now));
    vocab_select(b, "sc-preg", "pregnancy", TDN_VOCAB_PREGNANCY, false);
    tdn_buf_put(b, "</p></div><fieldset><legend>Conditions</legend>");
    for (int i = 0; i < tdn_screen_vocab_count(TDN_VOCAB_CONDITION); i++) {
        const char *v = tdn_screen_vocab_name(TDN_VOCAB_CONDITION, i);
        tdn_html(b,
                 "<label><input type=\"checkbox\" class=\"sc-cond\" value=\"%s\" data-skip> %s"
                 "</label>",
                 v, v);
    }
    tdn_buf_put(b, "</fieldset><fieldset><legend>Local condition (optional)</legend>"
                   "<div class=\"row\"><p><label for=\"sc-local\">Kind of local condition</label>");
    vocab_select(b, "sc-local", "local", TDN_VOCAB_LOCAL, true);
    tdn_buf_put(b, "</p><p><label for=\"sc-local-region\">At region</label>"
                   "<input id=\"sc-local-region\" placeholder=\"calf:R\" data-skip></p></div>"
                   "</fieldset>");
    tdn_buf planned = {0};
    planned_from_pain(&planned, c);
    tdn_html(b,
             "<p><label for=\"sc-planned\">Planned regions (REGION:SIDE, comma separated)</label>"
             "<input id=\"sc-planned\" value=\"%s\" data-skip></p>",
             tdn_buf_str(&planned));
    tdn_buf_free(&planned);
    tdn_buf_put(b, "<fieldset><legend>Consent</legend>"
                   "<label><input type=\"checkbox\" id=\"sc-consent-p\" checked data-skip> the "
                   "patient consents</label><label><input type=\"checkbox\" id=\"sc-consent-g\" "
                   "data-skip> a guardian consents</label></fieldset>"
                   "<p><button type=\"submit\">Screen and record</button></p>"
                   "<p class=\"error\" role=\"alert\"></p></form>");
}
