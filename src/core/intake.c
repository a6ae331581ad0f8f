/* intake.c — the intake questionnaire's data and answer checks (intake.h). */
#include <stdio.h>
#include <string.h>

#include "core/body.h"
#include "core/intake.h"

static const char *const kinds[] = {"yes_no", "where", "where_optional", "pregnancy"};

static int parse_fill(const tdn_tsv *t, char *item, tdn_intake_fill *fill, tdn_err *err)
{
    char *colon = strchr(item, ':');
    if (strcmp(item, "pregnancy") == 0) {
        *fill = (tdn_intake_fill){TDN_VOCAB_PREGNANCY, 0};
        return TDN_OK;
    }
    if (!colon)
        return tdn_tsv_fail(t, err, 4, "'%s' is not condition:X, local:X or pregnancy", item);
    *colon = '\0';
    int vocab = !strcmp(item, "condition") ? TDN_VOCAB_CONDITION
                : !strcmp(item, "local")   ? TDN_VOCAB_LOCAL
                                           : -1;
    if (vocab < 0)
        return tdn_tsv_fail(t, err, 4, "'%s' is not condition, local or pregnancy", item);
    int index = tdn_screen_vocab_find(vocab, colon + 1);
    if (index < 0) {
        const char *near = tdn_screen_vocab_closest(vocab, colon + 1);
        return tdn_tsv_fail(t, err, 4, "unknown %s '%s'%s%s%s", item, colon + 1,
                            near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
    }
    *fill = (tdn_intake_fill){vocab, index};
    return TDN_OK;
}

static int parse_row(tdn_tsv *t, char **col, const tdn_intake_form *f, tdn_intake_question *q,
                     tdn_err *err)
{
    if (strlen(col[0]) >= sizeof q->id || strlen(col[1]) >= sizeof q->question ||
        strlen(col[2]) >= sizeof q->help || strlen(col[5]) >= sizeof q->source)
        return tdn_tsv_fail(t, err, 0, "a field is too long");
    if (tdn_intake_find(f, col[0]) >= 0) return tdn_tsv_fail(t, err, 0, "'%s' twice", col[0]);
    snprintf(q->id, sizeof q->id, "%s", col[0]);
    snprintf(q->question, sizeof q->question, "%s", col[1]);
    snprintf(q->help, sizeof q->help, "%s", strcmp(col[2], "-") ? col[2] : "");
    snprintf(q->source, sizeof q->source, "%s", col[5]);
    q->kind = -1;
    for (int i = 0; i < 4; i++)
        if (!strcmp(col[3], kinds[i])) q->kind = i;
    if (q->kind < 0)
        return tdn_tsv_fail(t, err, 3, "'%s' is not yes_no, where, where_optional or pregnancy",
                            col[3]);
    q->n_fills = 0;
    char *save = NULL;
    for (char *item = strtok_r(col[4], "|", &save); item; item = strtok_r(NULL, "|", &save)) {
        if (q->n_fills == TDN_INTAKE_MAX_FILLS) return tdn_tsv_fail(t, err, 4, "too many targets");
        int rc = parse_fill(t, item, &q->fills[q->n_fills++], err);
        if (rc) return rc;
    }
    bool preg = q->n_fills == 1 && q->fills[0].vocab == TDN_VOCAB_PREGNANCY;
    if ((q->kind == TDN_IQ_PREGNANCY) != preg)
        return tdn_tsv_fail(t, err, 4, "pregnancy questions fill pregnancy, and only they do");
    return TDN_OK;
}

int tdn_intake_form_load(tdn_intake_form *out, const tdn_text_file *files, size_t n, tdn_err *err)
{
    static const char *const cols[] = {"id", "question", "help", "kind", "fills", "source"};
    memset(out, 0, sizeof *out);
    const tdn_text_file *file = tdn_text_file_find(files, n, TDN_INTAKE_FILE);
    if (!file) return tdn_err_set(err, TDN_EINPUT, "%s: missing", TDN_INTAKE_FILE);
    tdn_tsv t;
    int rc = tdn_tsv_open(&t, file, cols, 6, err);
    if (rc) return rc;
    char *col[6];
    int r;
    while (!rc && (r = tdn_tsv_next(&t, col, err)) == 1) {
        if (out->n == TDN_INTAKE_MAX_Q) {
            rc = tdn_tsv_fail(&t, err, 0, "more than %d questions", TDN_INTAKE_MAX_Q);
            break;
        }
        rc = parse_row(&t, col, out, &out->q[out->n], err);
        if (!rc) out->n++;
    }
    if (!rc && r < 0) rc = TDN_EINPUT;
    tdn_tsv_close(&t);
    if (rc) memset(out, 0, sizeof *out);
    return rc;
}

int tdn_intake_find(const tdn_intake_form *f, const char *id)
{
    for (int i = 0; i < f->n; i++)
        if (!strcmp(f->q[i].id, id)) return i;
    return -1;
}

int tdn_intake_answer_parse(const tdn_intake_question *q, const char *word, tdn_intake_item *item,
                            tdn_err *err)
{
    memset(item, 0, sizeof *item);
    const char *w = word ? word : "";
    if (!strcmp(w, "no")) item->answer = TDN_IA_NO;
    if (!strcmp(w, "unsure")) item->answer = TDN_IA_UNSURE;
    if (q->kind != TDN_IQ_PREGNANCY && !strcmp(w, "yes")) item->answer = TDN_IA_YES;
    int trimester =
        q->kind == TDN_IQ_PREGNANCY ? tdn_screen_vocab_find(TDN_VOCAB_PREGNANCY, w) : -1;
    if (trimester > 0) {
        item->answer = TDN_IA_YES;
        item->pregnancy = trimester;
    }
    if (item->answer != TDN_IA_NONE) return TDN_OK;
    return tdn_err_set(err, TDN_EINPUT, "answers.%s: '%.32s' is not %s", q->id, w,
                       q->kind == TDN_IQ_PREGNANCY
                           ? "no, first_trimester, second_trimester, third_trimester or unsure"
                           : "yes, no or unsure");
}

const char *tdn_intake_answer_word(const tdn_intake_question *q, const tdn_intake_item *item)
{
    switch (item->answer) {
    case TDN_IA_NO:
        return "no";
    case TDN_IA_UNSURE:
        return "unsure";
    case TDN_IA_YES:
        return q->kind == TDN_IQ_PREGNANCY
                   ? tdn_screen_vocab_name(TDN_VOCAB_PREGNANCY, item->pregnancy)
                   : "yes";
    }
    return "";
}

int tdn_intake_check(const tdn_intake_form *f, const tdn_intake_answers *a, bool confirmed,
                     tdn_err *err)
{
    for (int i = 0; i < f->n; i++) {
        const tdn_intake_item *it = &a->items[i];
        if (it->answer == TDN_IA_NONE)
            return tdn_err_set(err, TDN_EINPUT, "answers.%s: please answer: %s", f->q[i].id,
                               f->q[i].question);
        if (it->answer == TDN_IA_YES && f->q[i].kind == TDN_IQ_WHERE && !it->has_where)
            return tdn_err_set(err, TDN_EINPUT, "answers.%s: choose where, for: %s", f->q[i].id,
                               f->q[i].question);
        if (confirmed && it->answer == TDN_IA_UNSURE)
            return tdn_err_set(err, TDN_EINPUT,
                               "answers.%s: the patient was not sure; confirm yes or no",
                               f->q[i].id);
    }
    return TDN_OK;
}

void tdn_intake_to_profile(const tdn_intake_form *f, const tdn_intake_answers *a,
                           tdn_screen_profile *p)
{
    for (int i = 0; i < f->n; i++) {
        const tdn_intake_item *it = &a->items[i];
        if (it->answer != TDN_IA_YES) continue;
        for (int k = 0; k < f->q[i].n_fills; k++) {
            const tdn_intake_fill *fill = &f->q[i].fills[k];
            if (fill->vocab == TDN_VOCAB_CONDITION) p->conditions |= 1u << fill->index;
            if (fill->vocab == TDN_VOCAB_PREGNANCY) p->pregnancy = it->pregnancy;
            if (fill->vocab == TDN_VOCAB_LOCAL && it->has_where &&
                p->n_local < TDN_SCREEN_MAX_SITES)
                p->local[p->n_local++] = (tdn_screen_local){fill->index, it->where};
        }
    }
}
