/* words.h — codes as the words a person reads, in plain text (the pages
 * escape it, the note and the CLI print it): a side ("right"), a site
 * ("Top of the shoulder, right", "Upper trapezius, left"), and a text with
 * codes in it (screening advice, hazards, plans: "at back of the neck,
 * right: upper trapezius (spinal accessory nerve)"). Codes stay in the API
 * and the stored record; only what people read goes through here.
 * Pure: appends to a tdn_buf, no I/O. */
#ifndef TDN_WORDS_H
#define TDN_WORDS_H

#include "core/buf.h"
#include "core/kb.h"

/* Side R, L, B as "right", "left", "both sides"; any other as "". */
const char *tdn_side_words(char side);

/* A region or KB muscle code with its side (0 = no side) as words, first
 * letter capital; an unknown code as spaced words. */
void tdn_words_site(const tdn_kb *kb, tdn_buf *b, const char *code, char side);

/* text with every code in it as words: region:SIDE and muscle:SIDE, regions
 * and muscles, nerve:x, vessel:x, organ:x, other snake_case words. A name
 * inside a sentence starts lower case. kb may be NULL (regions only). */
void tdn_words_put(const tdn_kb *kb, tdn_buf *b, const char *text);

#endif
