/* words.c — codes as words (see words.h). */
#include "core/words.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/body.h"

const char *tdn_side_words(char side)
{
    return side == 'R' ? "right" : side == 'L' ? "left" : side == 'B' ? "both sides" : "";
}

/* The display name of a region or KB muscle code, or NULL. */
static const char *site_name(const tdn_kb *kb, const char *code)
{
    int r = tdn_region_find(code);
    if (r >= 0) return tdn_region_at(r)->name;
    int m = kb ? tdn_kb_muscle_find(kb, code) : -1;
    return m >= 0 ? kb->muscles[m].name : NULL;
}

/* Appends text with '_' as spaces; lower starts it lower case. */
static void put_spaced(tdn_buf *b, const char *text, size_t n, bool lower)
{
    for (size_t i = 0; i < n && text[i]; i++) {
        char c = text[i] == '_' ? ' ' : text[i];
        if (i == 0 && lower) c = (char)tolower((unsigned char)c);
        tdn_buf_putc(b, c);
    }
}

static void put_site(const tdn_kb *kb, tdn_buf *b, const char *code, char side, bool lower)
{
    const char *name = site_name(kb, code);
    put_spaced(b, name ? name : code, strlen(name ? name : code), lower);
    if (side) tdn_buf_printf(b, ", %s", tdn_side_words(side));
}

void tdn_words_site(const tdn_kb *kb, tdn_buf *b, const char *code, char side)
{
    size_t at = b->len;
    put_site(kb, b, code, side, false);
    if (!b->oom && b->len > at) b->data[at] = (char)toupper((unsigned char)b->data[at]);
}

/* One code of a text: region/muscle[:SIDE], nerve:x, vessel:x, organ:x or
 * any snake_case word. */
static void put_token(const tdn_kb *kb, tdn_buf *b, const char *tok, bool lower)
{
    const char *colon = strchr(tok, ':');
    char head[96];
    snprintf(head, sizeof head, "%.*s", (int)(colon ? (size_t)(colon - tok) : strlen(tok)), tok);
    const char *tail = colon ? colon + 1 : "";
    char side = colon ? tdn_side_parse(tail) : 0;
    if (site_name(kb, head) && (!colon || side)) {
        put_site(kb, b, head, side, lower);
        return;
    }
    bool nerve = colon && strcmp(head, "nerve") == 0;
    if (nerve || (colon && (strcmp(head, "vessel") == 0 || strcmp(head, "organ") == 0))) {
        put_spaced(b, tail, strlen(tail), false);
        if (nerve) tdn_buf_put(b, " nerve");
        return;
    }
    if (side) { /* a joint motion with its side: "cervical_lateral_flexion:R" */
        put_spaced(b, head, strlen(head), false);
        tdn_buf_printf(b, ", %s", tdn_side_words(side));
        return;
    }
    put_spaced(b, tok, strlen(tok), false);
}

static bool code_char(char c)
{
    return islower((unsigned char)c) || isdigit((unsigned char)c) || c == '_' || c == ':';
}

/* True when a name written at the end of b is inside a sentence: the text
 * before it ends in a letter, digit or punctuation and a space. */
static bool mid_sentence(const tdn_buf *b)
{
    size_t n = b->len;
    const char *s = tdn_buf_str(b);
    if (n < 2 || s[n - 1] != ' ') return false;
    char c = s[n - 2];
    return c != '.' && c != '\n' && c != ' ';
}

void tdn_words_put(const tdn_kb *kb, tdn_buf *b, const char *text)
{
    char tok[96];
    for (const char *p = text ? text : ""; *p;) {
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
        /* a one-word region or muscle ("temple", "deltoid") reads as it is */
        if (code && len && len < sizeof tok && (memchr(p, '_', len) || memchr(p, ':', len))) {
            snprintf(tok, sizeof tok, "%.*s", (int)len, p);
            put_token(kb, b, tok, mid_sentence(b));
            tdn_buf_putn(b, p + len, n - len);
        } else {
            tdn_buf_putn(b, p, n);
        }
        p += n;
    }
}
