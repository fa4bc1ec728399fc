/*
 * shape-rows.c: table rows whose cells are separated by spaces — what a
 * copy from a page or `pdftotext -layout` makes of a bordered table — get
 * tabs between their cells, so that the forms can place their labels and
 * numbers as for a tab-separated table.
 *
 * A line is cut into cells at runs of two or more spaces, and around every
 * number (`5 0 0 12` are four cells). It is a row when it holds two numbers,
 * or ends in one after a wide gap; a header row (three or more cells, no
 * number, no sentence) or a short label alone counts only between rows.
 * Only runs with at least two rows of numbers are taken: one line of prose
 * with two numbers in it is no table. What cannot be placed on a form is the
 * forms' and checks' to refuse, at its line.
 * Caller: read_shape, for texts (never for HTML or DOCX, whose tables have
 * their cells).
 */
#define _GNU_SOURCE /* memmem */
#include "shape-imp.h"

#include <string.h>

typedef struct token {
    size_t start, end;
    bool number;
    double gap; /* spaces before it, in 字 */
} token;

static bool number_token(const char *t, size_t s, size_t e)
{
    size_t k, digits = 0;
    for (size_t i = s; i < e; i += k) {
        uint32_t cp = core_fold_char(shape_cp(t, i, e, &k));
        if (cp >= '0' && cp <= '9')
            digits++;
        else if (cp != '.' && cp != ',')
            return false;
    }
    return digits > 0;
}

/* The tokens of [ts, te): maximal runs of non-spaces. */
static size_t tokens_of(const char *t, size_t ts, size_t te, token *out, size_t max)
{
    size_t n = 0, k;
    double gap = 0;
    for (size_t i = ts; i < te && n < max;) {
        uint32_t cp = shape_cp(t, i, te, &k);
        if (shape_is_space(cp)) {
            gap += cp == 0x3000 ? 1 : 0.5;
            i += k;
            continue;
        }
        size_t s = i;
        while (i < te && !shape_is_space(shape_cp(t, i, te, &k)))
            i += k;
        out[n++] = (token){s, i, number_token(t, s, i), gap};
        gap = 0;
    }
    return n;
}

typedef enum row_kind { ROW_NONE, ROW_NUMBERS, ROW_HEADER, ROW_LABEL } row_kind;

/* Cut line l into cells (appended to s->cells) and say what it looks like. */
static row_kind row_cut(shaper *s, shape_line *l, size_t *first, size_t *ncells)
{
    enum { MAXTOK = 64 };
    token tk[MAXTOK];
    size_t n = tokens_of(s->text, l->ts, l->te, tk, MAXTOK), numbers = 0, wide = 0;
    *first = s->cells.n;
    *ncells = 0;
    if (n == MAXTOK)
        return ROW_NONE;
    for (size_t i = 0; i < n; i++) {
        bool cut = i == 0 || tk[i].gap >= 1 || tk[i].number || tk[i - 1].number;
        wide += i > 0 && tk[i].gap >= 1;
        numbers += tk[i].number;
        if (cut)
            core_vec_push(s->a, &s->cells, ((shape_span){tk[i].start, tk[i].end}));
        else
            s->cells.v[s->cells.n - 1].end = tk[i].end;
    }
    *ncells = s->cells.n - *first;
    bool sentence = memmem(s->text + l->ts, l->te - l->ts, "。", 3) != NULL;
    if (!sentence && (numbers >= 2 || (numbers == 1 && tk[n - 1].number && wide)))
        return ROW_NUMBERS;
    if (!sentence && numbers == 0 && *ncells >= 3 && wide + 1 >= *ncells)
        return ROW_HEADER;
    if (!sentence && n >= 1 && l->width <= 24 && !numbers)
        return ROW_LABEL;
    return ROW_NONE;
}

void shape_rows_recover(shaper *s)
{
    size_t i = 0;
    while (i < s->n) {
        /* a run of candidate lines, blank lines allowed inside */
        size_t j = i, numeric = 0, last_row = SIZE_MAX;
        size_t mark = s->cells.n;
        for (; j < s->n; j++) {
            shape_line *l = &s->l[j];
            if (l->kind == SK_BLANK || l->kind == SK_DROP)
                continue;
            if (l->kind != SK_TEXT)
                break;
            row_kind k = row_cut(s, l, &l->cell, &l->ncells);
            if (k == ROW_NONE)
                break;
            if (k == ROW_NUMBERS)
                numeric++, last_row = j;
            l->kind = k == ROW_NUMBERS ? SK_ROW : l->kind;
        }
        if (numeric < 2) {
            /* no table: undo, and go on after the first line */
            for (size_t k = i; k < j; k++)
                if (s->l[k].kind == SK_ROW && s->l[k].ncells)
                    s->l[k].kind = SK_TEXT, s->l[k].ncells = 0;
            s->cells.n = mark;
            i = j > i ? j : i + 1;
            continue;
        }
        /* a heading or a sentence ahead of the table is not its label; header
         * and label lines become rows only up to the last number row */
        size_t first = i;
        while (first < last_row && (s->l[first].kind == SK_BLANK ||
                                    (s->l[first].kind == SK_TEXT && s->l[first].heading)))
            s->l[first++].ncells = 0;
        for (size_t k = first; k <= last_row; k++) {
            shape_line *l = &s->l[k];
            if (l->kind == SK_TEXT && l->ncells) {
                l->kind = SK_ROW;
            }
            if (l->kind == SK_ROW)
                shape_count(s, T_ROWS, l->ts);
        }
        for (size_t k = last_row + 1; k < j; k++)
            if (s->l[k].kind == SK_TEXT)
                s->l[k].ncells = 0;
        i = last_row + 1;
    }
}
