/* intake.h — the patient's intake questionnaire (data/intake.tsv): one
 * plain-language question per screening item, each naming the screening
 * profile field it fills (core/screen.h vocabularies), and the checks of a
 * set of answers: every question answered ("not sure" allowed from the
 * patient), a place for a "yes" that needs one, and — for the clinician's
 * confirmation — no "not sure" left. Confirmed answers become the
 * conditions, local conditions and pregnancy of a screening profile.
 *
 * intake.tsv columns: id, question, help ("-" = none), kind, fills, source.
 *   kind  yes_no          yes / no / not sure
 *         where           the same, and a "yes" needs a region and side
 *         where_optional  the same, the region may be left out
 *         pregnancy       no / first_trimester / second_trimester /
 *                         third_trimester / not sure
 *   fills "|"-separated targets: condition:<TDN_VOCAB_CONDITION name>,
 *         local:<TDN_VOCAB_LOCAL name> (set from a "yes" with a region),
 *         pregnancy. Adding a vocabulary word later is one more row.
 * Pure: no I/O. */
#ifndef TDN_INTAKE_H
#define TDN_INTAKE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "core/screen.h"
#include "core/tsv.h"

#define TDN_INTAKE_FILE "intake.tsv"
#define TDN_INTAKE_MAX_Q 48
#define TDN_INTAKE_MAX_FILLS 4

enum tdn_intake_kind { TDN_IQ_YES_NO, TDN_IQ_WHERE, TDN_IQ_WHERE_OPTIONAL, TDN_IQ_PREGNANCY };

typedef struct tdn_intake_fill {
    int vocab; /* TDN_VOCAB_CONDITION, TDN_VOCAB_LOCAL or TDN_VOCAB_PREGNANCY */
    int index; /* in the vocabulary (0 for pregnancy) */
} tdn_intake_fill;

typedef struct tdn_intake_question {
    char id[32];
    char question[320];
    char help[320]; /* "" when none */
    int kind;
    tdn_intake_fill fills[TDN_INTAKE_MAX_FILLS];
    int n_fills;
    char source[768];
} tdn_intake_question;

typedef struct tdn_intake_form {
    tdn_intake_question q[TDN_INTAKE_MAX_Q];
    int n;
} tdn_intake_form;

/* Loads and checks intake.tsv from files[0..n) into *out (the caller's
 * memory): every kind and fill target known, ids unique. TDN_EINPUT
 * "intake.tsv:line: field: problem" otherwise. */
int tdn_intake_form_load(tdn_intake_form *out, const tdn_text_file *files, size_t n, tdn_err *err);
/* Index of question id, or -1. */
int tdn_intake_find(const tdn_intake_form *f, const char *id);

/* One answer. */
enum tdn_intake_answer { TDN_IA_NONE = 0, TDN_IA_NO, TDN_IA_YES, TDN_IA_UNSURE };
typedef struct tdn_intake_item {
    int answer;     /* enum tdn_intake_answer */
    int pregnancy;  /* pregnancy questions: TDN_VOCAB_PREGNANCY index of a "yes" */
    bool has_where; /* where questions: the place of a "yes" */
    tdn_screen_site where;
} tdn_intake_item;
/* Answers by question index. */
typedef struct tdn_intake_answers {
    tdn_intake_item items[TDN_INTAKE_MAX_Q];
} tdn_intake_answers;

/* "no", "yes", "unsure" (or a trimester for pregnancy questions, which
 * means yes) into *item; TDN_EINPUT naming answers.<id> otherwise. */
int tdn_intake_answer_parse(const tdn_intake_question *q, const char *word, tdn_intake_item *item,
                            tdn_err *err);
/* The answer word of item for q ("yes", "no", "unsure", a trimester). */
const char *tdn_intake_answer_word(const tdn_intake_question *q, const tdn_intake_item *item);
/* Every question answered, a place for each "yes" that needs one; with
 * confirmed, no "not sure" either. TDN_EINPUT "answers.<id>: ..." naming the
 * first that is not. */
int tdn_intake_check(const tdn_intake_form *f, const tdn_intake_answers *a, bool confirmed,
                     tdn_err *err);
/* Puts confirmed answers a (checked with confirmed) into p's conditions,
 * local conditions and pregnancy; the rest of p is left as it is. */
void tdn_intake_to_profile(const tdn_intake_form *f, const tdn_intake_answers *a,
                           tdn_screen_profile *p);

#endif
